"""Definitions of intensief systeemgericht casemanagement: phases, ARIJ, plan kinds, cadences, ladders.

Three phases (veiligheid, uitvoering, borging) follow the seed text; one family has
one open trajectory, one plan and one gezinsmanager (core ``single_open_per_family``
and ``Trajectory.responsible``).
"""

from __future__ import annotations

from gezinsroute.plugin_api import (
    CadenceRule,
    EscalationLadder,
    Instrument,
    MeetingKind,
    Methodology,
    Phase,
    PlanKind,
    assessments,
    contacts,
)
from gezinsroute.plugin_api import lazy_gettext as _l

KEY = "systeemgericht"
VT = "systeemgericht.arij_vt"
RT = "systeemgericht.arij_rt"
DRP = "systeemgericht.arij_drp"
VEILIGHEIDSPLAN = "systeemgericht.veiligheidsplan"
GEZINSPLAN = "systeemgericht.gezinsplan"
BORGINGSPLAN = "systeemgericht.borgingsplan"
UITVOERDERSOVERLEG = "systeemgericht.uitvoerdersoverleg"
FFP_SESSION = "systeemgericht.ffp_session"
ESCALATION_LADDER = "systeemgericht.escalation"
OVERDUE_LADDER = "systeemgericht.overdue"
REASSESSMENT_SIGNAL = "systeemgericht.arij_herbeoordeling"
ESCALATION_SIGNAL = "systeemgericht.kwestie"

LEVELS = ("laag", "middelmatig", "hoog")
VT_ITEMS = tuple(f"vt{n:02d}" for n in range(1, 11))
VT_SCORES = ("0", "1", "2")  # 0 no concern, 1 concern, 2 acute concern (per item, a code only)
VT_OUTCOMES = ("safe", "unsafe", "acutely_unsafe")
DRP_FACTORS = ("opvoedingsvaardigheden", "probleembesef", "middelengebruik", "psychische_problemen_ouder",
               "huiselijk_geweld", "sociaal_netwerk", "financien_huisvesting", "gedrag_kind",
               "samenwerking_hulpverlening")


def score_vt(scores: dict) -> str:
    """The safety conclusion: any acute concern makes the children acutely unsafe, any concern unsafe."""
    values = {str(v) for v in scores.values()}
    if "2" in values:
        return "acutely_unsafe"
    return "unsafe" if "1" in values else "safe"


def score_rt(scores: dict) -> str | None:
    """The licensed ARIJ application computes the risk category; we record its code."""
    return scores.get("risiconiveau")


def score_drp(scores: dict) -> str | None:
    """The profile's level is its highest factor: that is the one the gezinsplan must lower first."""
    present = [LEVELS.index(str(v)) for v in scores.values() if str(v) in LEVELS]
    return LEVELS[max(present)] if present else None


def phase_started_on(trajectory, phase: str):
    """The date the trajectory last entered ``phase`` (cadences count from there, not from the start)."""
    change = (trajectory.phase_changes.where(trajectory.phase_changes.model.to_phase == phase)
              .order_by(trajectory.phase_changes.model.changed_at.desc()).first())
    return change.changed_at.date() if change else trajectory.started_on


def last_vt_on(trajectory):
    latest = assessments.latest(trajectory, VT)
    return latest.assessed_on if latest else None


def last_overleg_on(trajectory):
    """The last uitvoerdersoverleg held while in uitvoering (earlier ones do not count)."""
    held = contacts.last_meeting_on(trajectory, UITVOERDERSOVERLEG)
    if held is None or held < phase_started_on(trajectory, "uitvoering"):
        return None
    return held


def methodology() -> Methodology:
    return Methodology(
        key=KEY, label=_l("Intensief systeemgericht casemanagement"),
        description=_l("One family, one plan, one gezinsmanager: safety first (ARIJ, veiligheidsplan), "
                       "then uitvoering with all executors, then borging."),
        phases=(Phase("veiligheid", _l("Phase 1: safety and gezinsplan")),
                Phase("uitvoering", _l("Phase 2: uitvoering")),
                Phase("borging", _l("Phase 3: borging")),
                Phase("afgesloten", _l("Closed"), closed=True)),
        transitions=(("veiligheid", "uitvoering"), ("uitvoering", "borging"), ("borging", "uitvoering"),
                     ("borging", "afgesloten")),
        single_open_per_family=True, responsible_label=_l("Gezinsmanager"))


def definitions(config: dict) -> list:
    m = (KEY,)
    return [
        Instrument(VT, "2018", _l("ARIJ veiligheidstaxatie"), items=VT_ITEMS, allowed_scores=VT_SCORES,
                   outcomes=VT_OUTCOMES, score=score_vt, methodologies=m),
        Instrument(RT, "2021", _l("ARIJ risicotaxatie"), items=("risiconiveau",), allowed_scores=LEVELS,
                   outcomes=LEVELS, score=score_rt, methodologies=m),
        Instrument(DRP, "2021", _l("ARIJ dynamisch risicoprofiel"), items=DRP_FACTORS, allowed_scores=LEVELS,
                   outcomes=LEVELS, score=score_drp, methodologies=m),
        PlanKind(VEILIGHEIDSPLAN, _l("Veiligheidsplan"), methodologies=m, requires_signatures=True),
        PlanKind(GEZINSPLAN, _l("Gezinsplan"), methodologies=m),
        PlanKind(BORGINGSPLAN, _l("Borgingsplan"), methodologies=m),
        MeetingKind(UITVOERDERSOVERLEG, _l("Uitvoerdersoverleg"), methodologies=m),
        MeetingKind(FFP_SESSION, _l("FFP session"), methodologies=m),
        EscalationLadder(ESCALATION_LADDER, _l("Escalation of a kwestie"),
                         steps=(("executors", 14), ("managers", 14), ("process_director", 14), ("alderman", 0))),
        EscalationLadder(OVERDUE_LADDER, _l("Overdue: gezinsmanager, then teamleider"),
                         steps=(("worker", 0), ("teamleider", 0))),
        CadenceRule(VT, _l("ARIJ veiligheidstaxatie due"), methodologies=m, every_days=config["vt_working_days"],
                    warn_days=0, once=True, working_days=True, last_done=last_vt_on, ladder=OVERDUE_LADDER,
                    priority="high"),
        CadenceRule(UITVOERDERSOVERLEG, _l("Uitvoerdersoverleg due"), methodologies=m,
                    every_days=config["uitvoerdersoverleg_days"], warn_days=config["uitvoerdersoverleg_warn_days"],
                    phases=("uitvoering",), last_done=last_overleg_on, ladder=OVERDUE_LADDER,
                    start=lambda t: phase_started_on(t, "uitvoering")),
    ]
