"""Synthetic systeemgericht trajectories in different phases, made through the plugin's services."""

from __future__ import annotations

import datetime as dt

from gezinsroute.plugin_api import trajectories

from . import methodology as M
from . import services

GOAL_TEXTS = {"opvoedingsvaardigheden": "Ouders reageren rustig bij conflicten",
              "huiselijk_geweld": "Geen geweld in huis; ruzies worden zonder geweld opgelost",
              "probleembesef": "Ouders benoemen zelf wat er onveilig was",
              "sociaal_netwerk": "Twee netwerkleden helpen wekelijks mee"}


def populate(demo) -> None:
    """About a third of the demo families get a trajectory: in phase 1, in uitvoering, or with an event."""
    for index, family in enumerate(demo.families_for(0.35)):
        start = demo.today - dt.timedelta(days=demo.random.randint(20, 200))
        _one(demo, family, demo.worker("worker"), start, stage=index % 3)


def _one(demo, family, worker, start: dt.date, stage: int) -> None:
    t = trajectories.open_trajectory(family, M.KEY, responsible=worker, started_on=start, source="wijkteam")
    services.record_measure(t, demo.random.choice(["ots", "preventief"]), started_on=start,
                            court_decision_on=start - dt.timedelta(days=7))
    vt_scores = {item: demo.random.choice(["0", "0", "1"]) for item in M.VT_ITEMS}
    services.record_arij(t, M.VT, vt_scores, assessor=worker, assessed_on=start + dt.timedelta(days=2))
    drp = {f: demo.random.choice(M.LEVELS) for f in M.DRP_FACTORS[:5]}
    services.record_arij(t, M.DRP, drp, assessor=worker, assessed_on=start + dt.timedelta(days=5))
    services.record_arij(t, M.RT, {"risiconiveau": demo.random.choice(M.LEVELS)}, assessor=worker,
                         assessed_on=start + dt.timedelta(days=5))
    plan = services.draft_veiligheidsplan(
        t, bodemeisen=[{"requirement": "Kinderen slapen elke nacht thuis of bij oma",
                        "consequence": "Melding bij de Raad voor de Kinderbescherming"}],
        agreements=["Bij ruzie belt moeder de buurvrouw"], network=[{"name": "Oma", "task": "Opvang bij ruzie"}],
        worker=worker)
    services.sign_plan(plan, party_name="Ouder", party_role="parent", worker=worker)
    services.sign_plan(plan, party_name=worker.full_name, party_role="gezinsmanager", worker=worker)
    services.agree_plan(plan, worker=worker)
    for phase in ("engage_motivate", "support_monitor"):
        held_on = min(demo.today, start + dt.timedelta(days=10 if phase[0] == "e" else 30))  # never in the future
        services.record_ffp_session(t, phase, held_on=held_on, worker=worker)
    goals = [{"description": GOAL_TEXTS.get(f, "Risico verlagen"), "linked_to": f}
             for f, level in drp.items() if level == "hoog"] or [{"description": "Veilig opgroeien"}]
    language = demo.random.choice(getattr(family, "languages", None) or ["nl"])
    gezinsplan = services.draft_gezinsplan(t, language=language, goals=goals, worker=worker)
    services.agree_plan(gezinsplan, worker=worker)
    if stage == 0:
        return
    trajectories.transition(t, "uitvoering", worker=worker)
    overleg_on = min(demo.today, start + dt.timedelta(days=40))
    services.record_uitvoerdersoverleg(t, held_on=overleg_on, worker=worker,
                                       participants=[{"name": "Wijkteam", "role": "executor"}],
                                       decisions=["Gezinsbehandeling loopt door"])
    provider = next(iter(demo.partners()), None)
    effective = demo.random.random() < 0.7
    services.evaluate_intervention(t, "Gezinsbehandeling", effective=effective, provider=provider,
                                   evaluated_on=overleg_on)
    if not effective:
        services.raise_issue(t, "failing_provision", "Behandeling sluit niet aan; wachtlijst voor alternatief",
                             provider=provider, raised_on=overleg_on)
    if stage == 2:
        services.record_significant_event(t, "court_hearing", occurred_on=overleg_on)
