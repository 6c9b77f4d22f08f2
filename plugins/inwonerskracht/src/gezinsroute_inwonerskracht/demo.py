"""Synthetic demo data: only for families that already have a trajectory of an extended methodology.

If the base plugin opened none, nothing is created: the add-on never opens trajectories itself.
"""

from __future__ import annotations

import datetime as dt

from gezinsroute.plugin_api import Trajectory, consent

from gezinsroute_inwonerskracht import rules, services
from gezinsroute_inwonerskracht.methodology import participates

QUESTIONS = [
    ("practical", "short", "Hulp bij het opruimen van de schuur en de tuin"),
    ("social_contact", "long", "Iemand om wekelijks mee te praten en koffie te drinken"),
    ("leisure", "long", "Een maatje voor de zoon om samen te voetballen"),
    ("school_work", "short", "Hulp bij het huiswerk rond de toetsweek"),
    ("parenting_support", "long", "Meedenken over vaste dagritmes in huis"),
]


def populate(demo) -> None:
    config = demo.deployment.plugin_config("inwonerskracht")
    trajectories = [t for t in Trajectory.select().where(Trajectory.methodology.in_(config["extends"])
                                                        & Trajectory.ended_on.is_null())
                    if t.family in demo.families]
    if not trajectories or rules.centre_partner(config) is None:
        return
    volunteers = _volunteers(demo, config)
    for index, trajectory in enumerate(trajectories[: max(1, len(trajectories) // 2)]):
        _family(demo, trajectory, config, volunteers, index)
    _casuistiek(demo, config, trajectories)


def _volunteers(demo, config) -> list:
    linked = demo.workers.get("volunteer", [])
    made = []
    for i in range(6):
        vog = demo.today - dt.timedelta(days=demo.random.randint(30, 900))
        made.append(services.register_volunteer(
            config, display_name=demo.fake.name(), profile=demo.fake.sentence(nb_words=10),
            availability=demo.random.choice(["doordeweeks 's avonds", "woensdagmiddag", "weekend"]),
            training=demo.random.choice(["Basistraining VrijwilligersHuis", "Training omgaan met jeugd", None]),
            vog_date=vog, intake_date=vog + dt.timedelta(days=14) if i != 5 else None,
            worker=linked[0] if i == 0 and linked else None))
    return made


def _family(demo, trajectory, config, volunteers, index) -> None:
    manager = trajectory.responsible or demo.worker("worker")
    start = trajectory.started_on
    for months in (-8, -5, -2):
        day = rules.add_months(start, months)
        services.add_nuisance_report(trajectory, config, reported_on=day,
                                     source=demo.random.choice(config["nuisance_sources"]))
    services.measure_network(trajectory, size=demo.random.randint(1, 3), measured_on=start)
    kind, horizon, text = demo.random.choice(QUESTIONS)
    kind = kind if kind in config["help_question_kinds"] else config["help_question_kinds"][0]
    question = services.add_help_question(trajectory, config, question=text, kind=kind, horizon=horizon,
                                          involve_volunteers=True, worker=manager, formulated_on=start)
    if trajectory.responsible is None:
        return
    _consent(trajectory, manager)
    eligible = [v for v in volunteers if not rules.volunteer_problems(v, config)]
    volunteer = eligible[index % len(eligible)]  # the first family gets the volunteer with a login
    match = services.match_volunteer(question, volunteer, config, tasks=text, approved_by=manager,
                                     started_on=demo.today)
    for _ in range(demo.random.randint(1, 4)):
        day = demo.today
        services.add_note(match, worker=volunteer.worker, note=demo.fake.sentence(nb_words=12),
                          hours=demo.random.choice([1, 1.5, 2, 3]), occurred_on=day)
    services.measure_network(trajectory, size=demo.random.randint(3, 7), measured_on=demo.today)
    colleagues = [w for w in demo.workers.get("worker", []) if w.id != manager.id]
    if index == 0 and colleagues:
        services.add_schaduwwerker(trajectory, colleagues[0], config, on=start)
        services.record_reflection(trajectory, worker=manager, summary="Vertrouwensrelatie met het gezin besproken",
                                   held_on=demo.today)


def _consent(trajectory, worker) -> None:
    for subject in services.family_subjects(trajectory):
        # Who must consent follows the child's age, which may have changed since the start.
        givers = {m.id: m for day in (trajectory.started_on, None)
                  for m in consent.required_consenters(subject, day)}.values()
        if givers:
            consent.record_consent(subject, list(givers), purpose=services.CONSENT_PURPOSE,
                                   recipient_kind=services.CONSENT_RECIPIENT, valid_from=trajectory.started_on,
                                   evidence="demo", recorded_by=worker)


def _casuistiek(demo, config, trajectories) -> None:
    held = demo.today - dt.timedelta(days=demo.random.randint(7, 30))
    meeting = services.record_casuistiek(
        config, worker=demo.worker("worker"), held_on=held, summary="Overleg met het lokale veld",
        participants=[{"name": "Gezinsmanager", "role": "gezinsmanager"},
                      {"name": "VrijwilligersHuis", "role": "vrijwilligerscentrale"},
                      {"name": "Wijkteam", "role": "lokaal veld"}])
    for trajectory in trajectories[:3]:
        if participates(trajectory):
            services.discuss_case(meeting, trajectory, config, discussion="Voortgang hulpvragen besproken",
                                  volunteer_dilemmas="Hoeveel tijd vraagt het gezin van de vrijwilliger?",
                                  decisions="Vrijwilliger blijft betrokken; evaluatie over zes weken")
