"""Synthetic klantroute data: questions from every entry point, light and maatwerk routes, a steungezin, a JIM."""

from __future__ import annotations

import datetime as dt

from gezinsroute.plugin_api import Member, Partner, clock

from . import jim, route, steungezin
from .config import settings
from .methodology import lighter_steps

QUESTIONS = [
    "Onze zoon slaapt slecht en is op school erg moe.",
    "Wij maken ons zorgen over het gedrag van onze dochter thuis.",
    "Ik sta er alleen voor en kan wat hulp bij de opvoeding gebruiken.",
    "Onze peuter praat nog weinig; de leidster adviseerde hulp te vragen.",
    "Onze dochter gaat niet meer graag naar school.",
    "Wij hebben vragen over de ontwikkeling van ons kind met een beperking.",
]
PARTNER_KIND = {"school": "school", "cjg": "cjg", "smw": "smw", "mee": "mee", "jip": "jip",
                "voorschool": "voorschool", "swv": "swv"}


def populate(demo) -> None:
    """About half of the demo families get a route; dates lie in the past so the metrics have content."""
    config = settings(demo.deployment)
    light = lighter_steps(config["maatwerk_step"], demo.deployment)
    support_families = _support_families(demo)
    for index, family in enumerate(demo.families_for(0.5)):
        received = demo.today - dt.timedelta(days=demo.random.randint(20, 300))
        entry_point = config["entry_points"][index % len(config["entry_points"])]
        partners = list(Partner.select().where(Partner.kind == PARTNER_KIND.get(entry_point, entry_point)))
        owner = demo.worker("worker")
        with clock.frozen(received):
            trajectory = route.open_route(
                family, entry_point=entry_point, question_text=demo.random.choice(QUESTIONS), owner=owner,
                received_on=received, entry_partner=partners[0] if partners else None,
                owner_organisation=owner.organisation or "Team Jeugd en Gezin")
        _work_route(demo, trajectory, received, light, config["maatwerk_step"], index)
        if index % 5 == 1 and support_families:
            _steungezin(demo, trajectory, received, support_families[index % len(support_families)])
        if index % 4 == 2:
            _jim(demo, trajectory, received)


def _support_families(demo) -> list:
    names = ["Steungezin " + demo.fake.last_name() for _ in range(3)]
    return [steungezin.register_support_family(
        name=name, household=demo.random.choice(["twee ouders, twee kinderen", "ouder met drie kinderen"]),
        competences="gastvrij, ervaring met jonge kinderen", availability="woensdagmiddag",
        vog_on=demo.today - dt.timedelta(days=demo.random.randint(30, 400))) for name in names]


def _work_route(demo, trajectory, received, light, maatwerk, index) -> None:
    """First answer, explorations, and for some routes a close in the voorveld or a step to maatwerk."""
    answered = received + dt.timedelta(days=demo.random.randint(1, 15))
    if answered <= demo.today and index % 6 != 5:
        route.record_first_answer(trajectory, on=answered, note="Eerste gesprek met ouders gevoerd")
    route.add_network_person(trajectory.family, name=demo.fake.first_name(), relation="oma",
                             can_do="haalt de kinderen twee keer per week uit school", trajectory=trajectory,
                             on=received)
    if index % 3 == 0:
        route.move_step(trajectory, light[1] if len(light) > 1 else light[0], reason="netwerk inzetten",
                        on=received + dt.timedelta(days=20))
        closed_on = min(demo.today, received + dt.timedelta(days=demo.random.randint(30, 90)))
        route.move_step(trajectory, "afgerond", reason="vraag beantwoord in het voorveld", end_reason_cbs="01",
                        on=closed_on)
    elif index % 3 == 1:
        for step in light:
            route.record_exploration(trajectory, step=step, explored=True, outcome="geprobeerd",
                                     reason_not_enough="de zorg is te complex voor deze stap", on=received)
        route.move_step(trajectory, maatwerk, reason="arrangement via het SWV", on=received + dt.timedelta(days=25))
        partners = list(Partner.select().where(Partner.kind.in_(("smw", "swv"))).order_by(Partner.id))
        if partners:
            route.involve_partner(trajectory, demo.random.choice(partners), on=received + dt.timedelta(days=26))


def _steungezin(demo, trajectory, received, support_family) -> None:
    start = received + dt.timedelta(days=5)
    if not trajectory.is_open:
        return
    request = steungezin.intake(trajectory, support_needed="een vaste middag per week voor de jongste",
                                what_matters="rust en regelmaat", expectations="een warm tweede thuis",
                                can_offer="helpen in de moestuin van de buurt", availability="woensdag", on=start)
    match = steungezin.propose(request, support_family, on=start)
    steungezin.record_visit(match, visited="asking", on=start + dt.timedelta(days=3))
    steungezin.record_visit(match, visited="support", on=start + dt.timedelta(days=5))
    steungezin.record_introduction(match, asking_family_go=True, support_family_go=True,
                                   on=start + dt.timedelta(days=10))
    agreement_on = start + dt.timedelta(days=60)
    if agreement_on <= demo.today:
        steungezin.record_agreement(match, frequency="elke woensdagmiddag", activities="spelen, samen eten",
                                    house_rules_accepted=True, on=agreement_on)


def _jim(demo, trajectory, received) -> None:
    family = trajectory.family
    youth = family.members.where(Member.role == "child").order_by(Member.birth_date).first()
    parent = family.members.where(Member.role == "parent").first()
    if youth is None or parent is None or not trajectory.is_open:
        return
    asked = received + dt.timedelta(days=7)
    record, _ = jim.register(trajectory, youth=youth, name=demo.fake.name(), relation="buurvrouw",
                             chosen_by=youth, birth_date=demo.today - dt.timedelta(days=365 * 45),
                             parental_agreement_by=parent, parental_agreement_on=asked, jim_consent_on=asked,
                             asked_on=asked)
    if asked + dt.timedelta(days=60) <= demo.today:
        jim.evaluate(record, on=asked + dt.timedelta(days=60), notes="loopt goed")
