"""Write paths for the plugin's records. Views, demo data and tests all go through here.

Every write checks the acute-unsafety gate first: after a veiligheidstaxatie with
outcome ``acutely_unsafe`` nothing else may be recorded until an immediate-action
record exists. Refusals raise :class:`ValidationFailed` and write nothing.
"""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _
from gezinsroute.plugin_api import (
    Partner,
    Plan,
    Problem,
    Signal,
    Trajectory,
    ValidationFailed,
    Worker,
    assessments,
    clock,
    contacts,
    plans,
    signals,
    unit_of_work,
)

from . import methodology as M
from .models import (
    EVENT_KINDS,
    FFP_PHASES,
    ISSUE_OUTCOMES,
    ISSUE_REASONS,
    MEASURE_TYPES,
    BodemeisBreach,
    EscalationIssue,
    FfpSession,
    ImmediateAction,
    InterventionEvaluation,
    Measure,
    SignificantEvent,
)


# -- gates ------------------------------------------------------------------------------------------
def pending_acute_vt(trajectory: Trajectory):
    """The latest VT if it found the children acutely unsafe and no immediate action follows it yet."""
    latest = assessments.latest(trajectory, M.VT)
    if latest is None or latest.outcome != "acutely_unsafe":
        return None
    done = ImmediateAction.select().where(ImmediateAction.assessment == latest.id).exists()
    return None if done else latest


def acute_problem(trajectory: Trajectory) -> Problem | None:
    if pending_acute_vt(trajectory) is None:
        return None
    return Problem(_("the veiligheidstaxatie found the children acutely unsafe: record the immediate action "
                     "taken before any other step"), "immediate_action")


def _require_writable(trajectory: Trajectory) -> None:
    """Refuse records on other methodologies, closed trajectories, or while acute unsafety is unanswered."""
    if trajectory.methodology != M.KEY:
        raise ValidationFailed(Problem(_("this is not a systeemgericht trajectory"), "trajectory"))
    if not trajectory.is_open:
        raise ValidationFailed(Problem(_("the trajectory is closed"), "trajectory"))
    problem = acute_problem(trajectory)
    if problem:
        raise ValidationFailed(problem)


def _required_text(value: str | None, field: str, message: str) -> str:
    if not (value or "").strip():
        raise ValidationFailed(Problem(message, field))
    return value.strip()


def _not_future(day: dt.date, field: str) -> dt.date:
    if day > clock.today():
        raise ValidationFailed(Problem(_("this date lies in the future"), field))
    return day


# -- ARIJ -------------------------------------------------------------------------------------------
def record_arij(trajectory: Trajectory, instrument: str, scores: dict, *, assessor: Worker | None = None,
                assessed_on: dt.date | None = None, notes: str | None = None):
    """Record an ARIJ part (codes only). A VT also answers the 'due at start' signal via the cadence."""
    _require_writable(trajectory)
    if instrument not in (M.VT, M.RT, M.DRP):
        raise ValidationFailed(Problem(_("'%(instrument)s' is not an ARIJ part", instrument=instrument), "instrument"))
    if instrument == M.VT and set(scores) != set(M.VT_ITEMS):
        raise ValidationFailed(Problem(_("a veiligheidstaxatie scores all 10 items"), "scores"))
    if not scores:
        raise ValidationFailed(Problem(_("enter at least one score"), "scores"))
    return assessments.record(trajectory, instrument, scores, assessor=assessor,
                              assessed_on=_not_future(assessed_on or clock.today(), "assessed_on"), notes=notes)


def record_immediate_action(trajectory: Trajectory, action: str, *, worker: Worker | None = None,
                            taken_on: dt.date | None = None) -> ImmediateAction:
    """Answer an acutely unsafe VT: what was done at once to make the children safe."""
    vt = pending_acute_vt(trajectory)
    if vt is None:
        raise ValidationFailed(Problem(_("there is no acutely unsafe veiligheidstaxatie waiting for an "
                                         "immediate action"), "immediate_action"))
    text = _required_text(action, "action", _("describe the immediate action taken"))
    with unit_of_work():
        return ImmediateAction.create(trajectory=trajectory, assessment=vt, action=text, worker=worker,
                                      taken_on=_not_future(taken_on or clock.today(), "taken_on"))


# -- measures ---------------------------------------------------------------------------------------
def record_measure(trajectory: Trajectory, measure_type: str, *, started_on: dt.date,
                   court_decision_on: dt.date | None = None, ended_on: dt.date | None = None) -> Measure:
    """A measure the gezinsmanager carries out; court-ordered types need the decision date."""
    _require_writable(trajectory)
    if measure_type not in MEASURE_TYPES:
        raise ValidationFailed(Problem(_("unknown measure type '%(type)s'", type=measure_type), "measure_type"))
    if measure_type != "preventief" and court_decision_on is None:
        raise ValidationFailed(Problem(_("a court-ordered measure needs the date of the court decision"),
                                       "court_decision_on"))
    if ended_on and ended_on < started_on:
        raise ValidationFailed(Problem(_("the measure cannot end before it starts"), "ended_on"))
    with unit_of_work():
        return Measure.create(trajectory=trajectory, measure_type=measure_type, started_on=started_on,
                              court_decision_on=court_decision_on, ended_on=ended_on)


# -- plans ------------------------------------------------------------------------------------------
def draft_veiligheidsplan(trajectory: Trajectory, *, bodemeisen: list[dict], agreements: list[str],
                          network: list[dict], language: str = "nl", worker: Worker | None = None) -> Plan:
    """A draft veiligheidsplan; bodemeisen are ``{"requirement", "consequence"}``, network ``{"name", "task"}``."""
    _require_writable(trajectory)
    content = {"bodemeisen": bodemeisen, "agreements": agreements, "network": network}
    return plans.create_plan(trajectory, M.VEILIGHEIDSPLAN, language=language, content=content, worker=worker)


def draft_gezinsplan(trajectory: Trajectory, *, language: str | None, goals: list[dict],
                     worker: Worker | None = None) -> Plan:
    """A draft gezinsplan in the family's language; goals carry ``linked_to`` = a DRP factor code."""
    _require_writable(trajectory)
    return plans.create_plan(trajectory, M.GEZINSPLAN, language=language, goals=goals, worker=worker)


def draft_borgingsplan(trajectory: Trajectory, *, origin: str, learned: str, future: str,
                       watchers: list[dict], language: str = "nl", worker: Worker | None = None) -> Plan:
    """A draft borgingsplan: where the family came from, what it learned, what next, who watches what."""
    _require_writable(trajectory)
    content = {"origin": origin, "learned": learned, "future": future, "watchers": watchers}
    return plans.create_plan(trajectory, M.BORGINGSPLAN, language=language, content=content, worker=worker)


def agree_plan(plan: Plan, *, worker: Worker | None = None) -> list[Problem]:
    _require_writable(plan.trajectory)
    return plans.agree(plan, worker=worker)


def sign_plan(plan: Plan, *, party_name: str, party_role: str, worker: Worker | None = None):
    _require_writable(plan.trajectory)
    _required_text(party_name, "party_name", _("a signature needs the name of the party"))
    _required_text(party_role, "party_role", _("a signature needs the role of the party"))
    return plans.sign(plan, party_name=party_name, party_role=party_role, worker=worker)


# -- meetings ---------------------------------------------------------------------------------------
def record_ffp_session(trajectory: Trajectory, ffp_phase: str, *, held_on: dt.date | None = None,
                       summary: str | None = None, worker: Worker | None = None) -> FfpSession:
    """An FFP conversation with the family, tagged with its FFP phase."""
    _require_writable(trajectory)
    if ffp_phase not in FFP_PHASES:
        raise ValidationFailed(Problem(_("FFP phase must be one of %(phases)s", phases=", ".join(FFP_PHASES)),
                                       "ffp_phase"))
    with unit_of_work():
        meeting = contacts.record_meeting(M.FFP_SESSION, trajectory=trajectory, held_on=held_on,
                                          summary=summary, worker=worker)
        return FfpSession.create(trajectory=trajectory, meeting=meeting, ffp_phase=ffp_phase)


def record_uitvoerdersoverleg(trajectory: Trajectory, *, held_on: dt.date | None = None,
                              participants: list[dict] = (), decisions: list[str] = (),
                              summary: str | None = None, worker: Worker | None = None):
    """The six-weekly meeting of family and all executors; recording it resets the cadence signal."""
    _require_writable(trajectory)
    if trajectory.phase != "uitvoering":
        raise ValidationFailed(Problem(_("the uitvoerdersoverleg belongs to phase 2 (uitvoering)"), "phase"))
    return contacts.record_meeting(M.UITVOERDERSOVERLEG, trajectory=trajectory, held_on=held_on,
                                   participants=list(participants), decisions=list(decisions),
                                   summary=summary, worker=worker)


def evaluate_intervention(trajectory: Trajectory, intervention: str, *, effective: bool,
                          provider: Partner | None = None, evaluated_on: dt.date | None = None,
                          note: str | None = None) -> InterventionEvaluation:
    """Record whether an intervention works; one that does not is a candidate kwestie."""
    _require_writable(trajectory)
    name = _required_text(intervention, "intervention", _("name the intervention"))
    with unit_of_work():
        return InterventionEvaluation.create(
            trajectory=trajectory, intervention=name, provider=provider, effective=bool(effective),
            evaluated_on=_not_future(evaluated_on or clock.today(), "evaluated_on"), note=note)


# -- escalation -------------------------------------------------------------------------------------
def raise_issue(trajectory: Trajectory, reason: str, description: str, *,
                provider: Partner | None = None, raised_on: dt.date | None = None) -> EscalationIssue:
    """Escalate a kwestie; the core signal on the escalation ladder climbs while nobody answers."""
    _require_writable(trajectory)
    return _raise_issue(trajectory, reason, description, provider, raised_on)


def _raise_issue(trajectory, reason, description, provider, raised_on) -> EscalationIssue:
    if reason not in ISSUE_REASONS:
        raise ValidationFailed(Problem(_("reason must be one of %(reasons)s", reasons=", ".join(ISSUE_REASONS)),
                                       "reason"))
    text = _required_text(description, "description", _("describe the kwestie"))
    raised_on = raised_on or clock.today()
    with unit_of_work():
        issue = EscalationIssue.create(trajectory=trajectory, reason=reason, description=text,
                                       provider=provider, raised_on=raised_on)
        signal = signals.raise_signal(rule=M.ESCALATION_SIGNAL, title=f"Kwestie: {reason}", trajectory=trajectory,
                                      due_on=raised_on, ladder=M.ESCALATION_LADDER, priority="high",
                                      source=f"systeemgericht_escalation_issue:{issue.id}")
        issue.signal = signal
        issue.save()
    return issue


def resolve_issue(issue: EscalationIssue, outcome: str, resolution: str) -> EscalationIssue:
    """Close a kwestie with its outcome; the level it reached is kept for the report."""
    if issue.resolved_on is not None:
        raise ValidationFailed(Problem(_("this kwestie is already resolved"), "issue"))
    if outcome not in ISSUE_OUTCOMES:
        raise ValidationFailed(Problem(_("outcome must be one of %(outcomes)s", outcomes=", ".join(ISSUE_OUTCOMES)),
                                       "outcome"))
    text = _required_text(resolution, "resolution", _("describe how the kwestie ended"))
    with unit_of_work():
        signal = Signal.get_by_id(issue.signal_id) if issue.signal_id else None
        issue.outcome, issue.resolution, issue.resolved_on = outcome, text, clock.today()
        issue.resolved_at_level = signal.escalation_level if signal else 0
        issue.save()
        if signal is not None and signal.status == "open":
            signals.resolve(signal)
    return issue


def current_level(issue: EscalationIssue) -> tuple[int, str | None]:
    """The ladder level (0-based) and role a kwestie has reached."""
    if issue.resolved_at_level is not None:
        return issue.resolved_at_level, None
    signal = Signal.get_or_none(Signal.id == issue.signal_id) if issue.signal_id else None
    return (signal.escalation_level, signal.target_role) if signal else (0, None)


# -- significant events and breaches ----------------------------------------------------------------
def record_significant_event(trajectory: Trajectory, kind: str, *, occurred_on: dt.date | None = None,
                             description: str | None = None) -> SignificantEvent:
    """A significant event asks for a new ARIJ (RT or DRP); the signal closes when one is recorded."""
    _require_writable(trajectory)
    if kind not in EVENT_KINDS:
        raise ValidationFailed(Problem(_("kind must be one of %(kinds)s", kinds=", ".join(EVENT_KINDS)), "kind"))
    occurred_on = _not_future(occurred_on or clock.today(), "occurred_on")
    with unit_of_work():
        event = SignificantEvent.create(trajectory=trajectory, kind=kind, occurred_on=occurred_on,
                                        description=description)
        event.signal = signals.raise_signal(
            rule=M.REASSESSMENT_SIGNAL, title=f"ARIJ herbeoordeling na {kind}", trajectory=trajectory,
            due_on=clock.add_working_days(occurred_on, 5), priority="high", ladder=M.OVERDUE_LADDER,
            source=f"systeemgericht_significant_event:{event.id}")
        event.save()
    return event


def resolve_reassessments(trajectory_id: int) -> int:
    """Close open re-assessment signals of a trajectory (a new RT or DRP was recorded)."""
    closed = 0
    for signal in Signal.select().where((Signal.trajectory == trajectory_id) & (Signal.status == "open")
                                        & (Signal.rule == M.REASSESSMENT_SIGNAL)):
        signals.resolve(signal)
        closed += 1
    return closed


def record_breach(plan: Plan, bodemeis_index: int, consequence_taken: str, *,
                  occurred_on: dt.date | None = None) -> BodemeisBreach:
    """A bodemeis was not met: record the consequence taken and escalate it as a kwestie."""
    trajectory = plan.trajectory
    _require_writable(trajectory)
    if plan.kind != M.VEILIGHEIDSPLAN or plan.status != "agreed":
        raise ValidationFailed(Problem(_("a breach is recorded against the agreed veiligheidsplan"), "plan"))
    bodemeisen = (plan.content or {}).get("bodemeisen") or []
    if not 0 <= bodemeis_index < len(bodemeisen):
        raise ValidationFailed(Problem(_("choose a bodemeis of the plan"), "bodemeis_index"))
    text = _required_text(consequence_taken, "consequence_taken", _("record the consequence that was taken"))
    occurred_on = _not_future(occurred_on or clock.today(), "occurred_on")
    requirement = bodemeisen[bodemeis_index].get("requirement", "")
    with unit_of_work():
        issue = _raise_issue(trajectory, "bodemeis_breached", f"{requirement} — {text}", None, occurred_on)
        return BodemeisBreach.create(trajectory=trajectory, plan=plan, bodemeis_index=bodemeis_index,
                                     occurred_on=occurred_on, consequence_taken=text, issue=issue)
