"""Screens for a systeemgericht trajectory: one overview page, one POST endpoint per record type.

Every view goes through ``access.login_required`` and ``access.trajectory_or_404``
(need-to-know, audited read). Refusals are shown on the page (status 422), never a 500.
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, redirect, render_template, request, url_for
from gezinsroute.plugin_api import (
    Action,
    Assessment,
    ConflictError,
    Meeting,
    Panel,
    Partner,
    Plan,
    Problem,
    Signal,
    Statement,
    Trajectory,
    TransitionRefused,
    ValidationFailed,
    access,
    param,
    registry,
    trajectories,
)
from gezinsroute.plugin_api import gettext as _
from gezinsroute.plugin_api import lazy_gettext as _l
from markupsafe import Markup, escape
from peewee import fn

from . import methodology as M
from . import services
from .models import (
    EVENT_KINDS,
    FFP_PHASES,
    ISSUE_OUTCOMES,
    ISSUE_REASONS,
    MEASURE_TYPES,
    EscalationIssue,
    FfpSession,
    ImmediateAction,
    InterventionEvaluation,
    Measure,
    SignificantEvent,
)

blueprint = Blueprint("systeemgericht", __name__, template_folder="templates")


@blueprint.context_processor
def _locale_helper():
    """The core's base template calls ``get_locale()``, which the core does not expose to Jinja yet."""
    from flask_babel import get_locale

    return {"get_locale": get_locale}


# -- form helpers -----------------------------------------------------------------------------------
def _date(name: str) -> dt.date | None:
    value = (request.form.get(name) or "").strip()
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationFailed(Problem(_("enter a date as YYYY-MM-DD"), name)) from None


def _lines(name: str) -> list[str]:
    return [line.strip() for line in (request.form.get(name) or "").splitlines() if line.strip()]


def _pairs(name: str, left: str, right: str) -> list[dict]:
    """Lines of ``left | right`` (e.g. bodemeis | consequence); a missing right part stays empty."""
    rows = []
    for line in _lines(name):
        a, _sep, b = line.partition("|")
        rows.append({left: a.strip(), right: b.strip()})
    return rows


def _partner() -> Partner | None:
    key = request.form.get("provider") or ""
    return Partner.get_or_none(Partner.key == key) if key else None


def _plan(trajectory: Trajectory) -> Plan:
    plan = Plan.get_or_none((Plan.id == request.form.get("plan_id", type=int)) & (Plan.trajectory == trajectory.id))
    if plan is None:
        raise ValidationFailed(Problem(_("choose a plan of this trajectory"), "plan_id"))
    return plan


def _issue(trajectory: Trajectory) -> EscalationIssue:
    issue = EscalationIssue.get_or_none((EscalationIssue.id == request.form.get("issue_id", type=int))
                                        & (EscalationIssue.trajectory == trajectory.id))
    if issue is None:
        raise ValidationFailed(Problem(_("choose a kwestie of this trajectory"), "issue_id"))
    return issue


# -- one handler per form ---------------------------------------------------------------------------
def _arij(t, worker):
    instrument = request.form.get("instrument", "")
    items = {M.VT: M.VT_ITEMS, M.RT: ("risiconiveau",), M.DRP: M.DRP_FACTORS}.get(instrument, ())
    scores = {item: request.form[f"score_{item}"] for item in items if request.form.get(f"score_{item}")}
    services.record_arij(t, instrument, scores, assessor=worker, assessed_on=_date("assessed_on"))
    return _("ARIJ recorded")


def _immediate(t, worker):
    services.record_immediate_action(t, request.form.get("action", ""), worker=worker, taken_on=_date("taken_on"))
    return _("Immediate action recorded")


def _measure(t, worker):
    started = _date("started_on")
    if started is None:
        raise ValidationFailed(Problem(_("enter the start date"), "started_on"))
    services.record_measure(t, request.form.get("measure_type", ""), started_on=started,
                            court_decision_on=_date("court_decision_on"), ended_on=_date("ended_on"))
    return _("Measure recorded")


def _veiligheidsplan(t, worker):
    services.draft_veiligheidsplan(t, bodemeisen=_pairs("bodemeisen", "requirement", "consequence"),
                                   agreements=_lines("agreements"), network=_pairs("network", "name", "task"),
                                   language=request.form.get("language") or "nl", worker=worker)
    return _("Draft veiligheidsplan saved")


def _gezinsplan(t, worker):
    goals = [{"description": g["description"], "linked_to": g["linked_to"] or None}
             for g in _pairs("goals", "description", "linked_to")]
    services.draft_gezinsplan(t, language=request.form.get("language") or None, goals=goals, worker=worker)
    return _("Draft gezinsplan saved")


def _borgingsplan(t, worker):
    services.draft_borgingsplan(t, origin=request.form.get("origin", ""), learned=request.form.get("learned", ""),
                                future=request.form.get("future", ""), watchers=_pairs("watchers", "who", "watches"),
                                language=request.form.get("language") or "nl", worker=worker)
    return _("Draft borgingsplan saved")


def _sign(t, worker):
    services.sign_plan(_plan(t), party_name=request.form.get("party_name", ""),
                       party_role=request.form.get("party_role", ""), worker=worker)
    return _("Signature recorded")


def _agree(t, worker):
    warnings = services.agree_plan(_plan(t), worker=worker)
    return "; ".join([_("Plan agreed")] + [str(w.message) for w in warnings])


def _ffp(t, worker):
    services.record_ffp_session(t, request.form.get("ffp_phase", ""), held_on=_date("held_on"),
                                summary=request.form.get("summary") or None, worker=worker)
    return _("FFP session recorded")


def _overleg(t, worker):
    participants = [{"name": p["name"], "role": p["role"]} for p in _pairs("participants", "name", "role")]
    services.record_uitvoerdersoverleg(t, held_on=_date("held_on"), participants=participants,
                                       decisions=_lines("decisions"), summary=request.form.get("summary") or None,
                                       worker=worker)
    return _("Uitvoerdersoverleg recorded")


def _evaluation(t, worker):
    services.evaluate_intervention(t, request.form.get("intervention", ""),
                                   effective=request.form.get("effective") == "yes", provider=_partner(),
                                   evaluated_on=_date("evaluated_on"), note=request.form.get("note") or None)
    return _("Evaluation recorded")


def _issue_raise(t, worker):
    services.raise_issue(t, request.form.get("reason", ""), request.form.get("description", ""), provider=_partner())
    return _("Kwestie escalated")


def _issue_resolve(t, worker):
    services.resolve_issue(_issue(t), request.form.get("outcome", ""), request.form.get("resolution", ""))
    return _("Kwestie resolved")


def _event(t, worker):
    services.record_significant_event(t, request.form.get("kind", ""), occurred_on=_date("occurred_on"),
                                      description=request.form.get("description") or None)
    return _("Significant event recorded; an ARIJ re-assessment is due")


def _breach(t, worker):
    services.record_breach(_plan(t), request.form.get("bodemeis_index", -1, type=int),
                           request.form.get("consequence_taken", ""), occurred_on=_date("occurred_on"))
    return _("Breach recorded and escalated")


def _transition(t, worker):
    _, warnings = trajectories.transition(
        t, request.form.get("to_phase", ""), worker=worker, note=request.form.get("note") or None,
        end_reason_cbs=request.form.get("end_reason_cbs") or None,
        expected_version=request.form.get("lock_version", type=int))
    return "; ".join([_("Phase changed")] + [str(w.message) for w in warnings])


HANDLERS = {"arij": _arij, "immediate": _immediate, "measure": _measure, "veiligheidsplan": _veiligheidsplan,
            "gezinsplan": _gezinsplan, "borgingsplan": _borgingsplan, "sign": _sign, "agree": _agree, "ffp": _ffp,
            "overleg": _overleg, "evaluation": _evaluation, "issue": _issue_raise, "resolve": _issue_resolve,
            "event": _event, "breach": _breach, "transition": _transition}


# -- routes -----------------------------------------------------------------------------------------
@blueprint.get("/trajectory/<int:trajectory_id>")
@access.login_required
def trajectory_page(trajectory_id: int):
    trajectory = access.trajectory_or_404(trajectory_id, "systeemgericht overview")
    if trajectory.methodology != M.KEY:
        return render_template("systeemgericht/trajectory.html", **_context(trajectory, [], None)), 404
    return render_template("systeemgericht/trajectory.html",
                           **_context(trajectory, [], request.args.get("done")))


@blueprint.post("/trajectory/<int:trajectory_id>/<form>")
@access.login_required
def trajectory_post(trajectory_id: int, form: str):
    trajectory = access.trajectory_or_404(trajectory_id, f"systeemgericht {form}")
    handler = HANDLERS.get(form)
    if handler is None or trajectory.methodology != M.KEY:
        return render_template("systeemgericht/trajectory.html",
                               **_context(trajectory, [Problem(_("unknown form"))], None)), 404
    try:
        message = handler(trajectory, access.current_worker())
    except (ValidationFailed, TransitionRefused, ConflictError) as refused:
        fresh = Trajectory.get_by_id(trajectory.id)
        return render_template("systeemgericht/trajectory.html", **_context(fresh, refused.problems, None)), 422
    return redirect(url_for("systeemgericht.trajectory_page", trajectory_id=trajectory.id, done=message))


def _context(trajectory: Trajectory, problems: list, done: str | None) -> dict:
    definition = registry().methodology(trajectory.methodology) if trajectory.methodology == M.KEY else None
    plans = list(Plan.select().where(Plan.trajectory == trajectory.id).order_by(Plan.kind, Plan.id))
    issues = list(EscalationIssue.select().where(EscalationIssue.trajectory == trajectory.id)
                  .order_by(EscalationIssue.raised_on.desc()))
    return {
        "trajectory": trajectory, "definition": definition, "problems": problems, "done": done,
        "acute": services.pending_acute_vt(trajectory),
        "assessments": list(Assessment.select().where((Assessment.trajectory == trajectory.id)
                                                      & Assessment.instrument.in_((M.VT, M.RT, M.DRP)))
                            .order_by(Assessment.assessed_on.desc())),
        "immediate_actions": list(ImmediateAction.select().where(ImmediateAction.trajectory == trajectory.id)),
        "measures": list(Measure.select().where(Measure.trajectory == trajectory.id).order_by(Measure.started_on)),
        "plans": plans,
        "ffp_sessions": list(FfpSession.select(FfpSession, Meeting).join(Meeting)
                             .where(FfpSession.trajectory == trajectory.id).order_by(Meeting.held_on.desc())),
        "overleggen": list(Meeting.select().where((Meeting.trajectory == trajectory.id)
                                                  & (Meeting.kind == M.UITVOERDERSOVERLEG))
                           .order_by(Meeting.held_on.desc())),
        "evaluations": list(InterventionEvaluation.select().where(InterventionEvaluation.trajectory == trajectory.id)
                            .order_by(InterventionEvaluation.evaluated_on.desc())),
        "issues": [(i, services.current_level(i)) for i in issues],
        "events": list(SignificantEvent.select().where(SignificantEvent.trajectory == trajectory.id)
                       .order_by(SignificantEvent.occurred_on.desc())),
        "open_signals": list(Signal.select().where((Signal.trajectory == trajectory.id) & (Signal.status == "open"))
                             .order_by(Signal.due_on)),
        "next_phases": definition.next_phases(trajectory.phase) if definition and trajectory.is_open else [],
        "partners": list(Partner.select().where(Partner.active).order_by(Partner.name)),
        "M": M, "measure_types": MEASURE_TYPES, "ffp_phases": FFP_PHASES, "event_kinds": EVENT_KINDS,
        "issue_reasons": ISSUE_REASONS, "issue_outcomes": ISSUE_OUTCOMES,
    }


# -- dossier integration ----------------------------------------------------------------------------
def actions(trajectory: Trajectory) -> list[Action]:
    if trajectory.methodology != M.KEY:
        return []
    return [Action(_l("Systeemgericht casemanagement"),
                   url_for("systeemgericht.trajectory_page", trajectory_id=trajectory.id), primary=True)]


# The panel's count of unresolved kwesties per systeemgericht trajectory of the family, on every
# dossier read: compiled once (a subquery for the trajectories, as a placeholder holds no list of ids).
OPEN_ISSUES = Statement(lambda: (
    EscalationIssue.select(EscalationIssue.trajectory, fn.COUNT(EscalationIssue.id))
    .where(EscalationIssue.trajectory.in_(Trajectory.select(Trajectory.id)
                                          .where((Trajectory.family == param("family"))
                                                 & (Trajectory.methodology == M.KEY)))
           & EscalationIssue.resolved_on.is_null())
    .group_by(EscalationIssue.trajectory).tuples()))


def panels(family) -> list[Panel]:
    """A short summary per open systeemgericht trajectory: phase, latest ARIJ outcomes, open kwesties."""
    open_ones = sorted((t for t in trajectories.of_family(family) if t.methodology == M.KEY and t.ended_on is None),
                       key=lambda t: t.id)
    if not open_ones:
        return []
    instruments = (M.VT, M.RT, M.DRP)
    latest = services.assessments.latest_in_family(family, instruments)
    open_issues = dict(OPEN_ISSUES.execute(family=family.id))
    labels = {key: escape(registry().instruments[key].label) for key in instruments}
    items = []
    for trajectory in open_ones:
        parts = [f"{escape(_('Phase'))}: {escape(trajectory.phase)}"]
        for key in instruments:
            assessment = latest.get((trajectory.id, key))
            parts.append(f"{labels[key]}: {escape(assessment.outcome if assessment else '-')}")
        parts.append(f"{escape(_('Open kwesties'))}: {open_issues.get(trajectory.id, 0)}")
        items.append(Markup("<li>") + Markup(" · ").join(Markup(p) for p in parts) + Markup("</li>"))
    return [Panel(_l("Systeemgericht casemanagement"), Markup("<ul>") + Markup("").join(items) + Markup("</ul>"))]
