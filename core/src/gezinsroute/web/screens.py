"""The worker's screens: caseload, family dossier, trajectory, signals.

Every screen that shows one family goes through :func:`access.family_or_404` or
:func:`access.trajectory_or_404` (need-to-know, audited). Lists that show client
names are limited to :func:`access.visible_family_ids` and audited once per list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from peewee import JOIN

from .. import access, clock
from ..access import family_or_404, permission_required, trajectory_or_404
from ..codes import CBS_END_REASONS, JZ588_END_REASONS
from ..errors import ConflictError, TransitionRefused, ValidationFailed
from ..models import (
    Assessment,
    Contact,
    Family,
    Involvement,
    Meeting,
    Member,
    Partner,
    PhaseChange,
    Plan,
    Referral,
    Signal,
    Trajectory,
    Worker,
)
from ..services import audit, involvements, signals
from ..services.trajectories import transition
from .transactions import before_reads

bp = Blueprint("core_cases", __name__)


def _rt():
    return current_app.extensions["gezinsroute"]


def methodology_label(key: str) -> str:
    m = _rt().registry.methodologies.get(key)
    return str(m.label) if m else key


def phase_label(methodology: str, phase: str | None) -> str:
    if phase is None:
        return "—"
    m = _rt().registry.methodologies.get(methodology)
    p = m.phase(phase) if m else None
    return str(p.label) if p else phase


def definition_label(table: dict, key: str) -> str:
    d = table.get(key)
    return str(d.label) if d else key


@bp.app_template_global()
def gz_phase(trajectory) -> str:
    return phase_label(trajectory.methodology, trajectory.phase)


@bp.app_template_global()
def gz_signal_title(signal) -> str:
    """A cadence signal's title in the reader's language (the stored title is a fallback)."""
    rule = _rt().registry.cadence_rules.get(signal.rule)
    return str(rule.label) if rule else signal.title


@bp.app_template_global()
def gz_phase_label(methodology: str, phase: str | None) -> str:
    return phase_label(methodology, phase)


@bp.app_template_global()
def gz_methodology(key) -> str:
    return methodology_label(key)


@bp.route("/start")
@access.login_required
def home():
    """Where a signed-in worker lands: the screen that fits the role."""
    if access.has_permission("case.read"):
        return redirect(url_for("core_cases.caseload"))
    if access.has_permission("audit.read"):
        return redirect(url_for("core_audit.overview"))
    if access.has_permission("admin.view"):
        return redirect("/beheer/")
    return render_template("gezinsroute/home.html")


def _next_signals(trajectory_ids: list[int]) -> dict[int, Signal]:
    found: dict[int, Signal] = {}
    if not trajectory_ids:
        return found
    for s in (Signal.select().where(Signal.trajectory.in_(trajectory_ids) & (Signal.status == "open"))
              .order_by(Signal.due_on)):
        found.setdefault(s.trajectory_id, s)
    return found


@bp.route("/caseload")
@permission_required("case.read")
def caseload():
    worker = g.worker
    rows = list(Trajectory.select(Trajectory, Family).join(Family)
                .where(Trajectory.ended_on.is_null()
                       & Trajectory.family.in_(access.visible_family_ids(worker)))
                .order_by(Family.name, Trajectory.started_on))
    nxt = _next_signals([t.id for t in rows])
    today = clock.today()
    items = [{"t": t, "family": t.family, "mine": t.responsible_id == worker.id,
              "signal": nxt.get(t.id), "state": signals.state(nxt[t.id], today) if t.id in nxt else None}
             for t in rows]
    audit.record_read("caseload", worker.id, None, f"{len(items)} trajectories listed")
    return render_template("gezinsroute/caseload.html", items=items)


@dataclass
class TimelineItem:
    when: dt.datetime
    kind: str
    title: str
    detail: str | None = None
    trajectory: Any = None
    css: str = ""


def _as_dt(value) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    return dt.datetime.combine(value, dt.time(0, 0))


def build_timeline(family: Family, trajectories: list[Trajectory]) -> list[TimelineItem]:
    reg = _rt().registry
    by_id = {t.id: t for t in trajectories}
    ids = list(by_id) or [0]
    items: list[TimelineItem] = []
    for pc in PhaseChange.select().where(PhaseChange.trajectory.in_(ids)):
        t = by_id[pc.trajectory_id]
        if pc.from_phase is None:
            title = _("%(methodology)s started in phase %(phase)s",
                      methodology=methodology_label(t.methodology), phase=phase_label(t.methodology, pc.to_phase))
        else:
            title = _("Phase %(a)s → %(b)s", a=phase_label(t.methodology, pc.from_phase),
                      b=phase_label(t.methodology, pc.to_phase))
        items.append(TimelineItem(_as_dt(pc.changed_at), _("Phase"), title, pc.note, t, "phase"))
    for c in Contact.select().where(Contact.family == family.id):
        items.append(TimelineItem(_as_dt(c.occurred_at), _("Contact"),
                                  definition_label(reg.contact_kinds, c.kind), c.summary,
                                  by_id.get(c.trajectory_id), "contact"))
    for r in (Referral.select(Referral, Partner).join(Partner, JOIN.LEFT_OUTER, on=(Referral.partner == Partner.id))
              .where(Referral.trajectory.in_(ids))):
        items.append(TimelineItem(_as_dt(r.proposed_on), _("Referral"),
                                  _("Referral to %(partner)s (%(status)s)", partner=r.partner.name,
                                    status=_(r.status)), r.note, by_id[r.trajectory_id], "referral"))
    for p in Plan.select().where(Plan.trajectory.in_(ids)):
        title = _("%(kind)s, version %(version)s (%(status)s)",
                  kind=definition_label(reg.plan_kinds, p.kind), version=p.version, status=_(p.status))
        items.append(TimelineItem(_as_dt(p.agreed_on or p.created_at), _("Plan"), title, p.title,
                                  by_id[p.trajectory_id], "plan"))
    for a in Assessment.select().where(Assessment.trajectory.in_(ids)):
        title = definition_label(reg.instruments, a.instrument)
        items.append(TimelineItem(_as_dt(a.assessed_on), _("Assessment"), title,
                                  _("Outcome: %(outcome)s", outcome=a.outcome) if a.outcome else None,
                                  by_id[a.trajectory_id], "assessment"))
    for m in Meeting.select().where((Meeting.family == family.id) | Meeting.trajectory.in_(ids)):
        items.append(TimelineItem(_as_dt(m.held_on), _("Meeting"), definition_label(reg.meeting_kinds, m.kind),
                                  m.summary, by_id.get(m.trajectory_id), "meeting"))
    today = clock.today()
    for s in Signal.select().where(Signal.family == family.id):
        state = signals.state(s, today)
        items.append(TimelineItem(_as_dt(s.due_on), _("Signal"), gz_signal_title(s), _(state),
                                  by_id.get(s.trajectory_id), f"signal {state}"))
    items.sort(key=lambda i: i.when, reverse=True)
    return items


@bp.route("/families/<int:family_id>")
@permission_required("case.read")
def family(family_id: int):
    fam = family_or_404(family_id, "dossier")
    worker = g.worker
    rt = _rt()
    trajectories = list(Trajectory.select().where(Trajectory.family == fam.id)
                        .order_by(Trajectory.started_on.desc()))
    involved = list(involvements.active(
        Involvement.select(Involvement, Worker, Partner)
        .join(Worker, JOIN.LEFT_OUTER, on=(Involvement.worker == Worker.id))
        .switch(Involvement).join(Partner, JOIN.LEFT_OUTER, on=(Involvement.partner == Partner.id))
        .where(Involvement.family == fam.id)).order_by(Involvement.started_on))
    actions = {}
    for t in trajectories:
        actions[t.id] = [a for _p, result in rt.call("trajectory_actions", trajectory=t, worker=worker)
                         for a in (result or [])]
    panels = sorted((p for _p, result in rt.call("family_panels", family=fam, worker=worker)
                     for p in (result or [])), key=lambda p: p.order)
    checked = access.checked_grant(fam.id)
    if checked is not None:
        grant = access.emergency_grant(worker, fam.id) if checked == "emergency" else None
    else:
        grant = access.emergency_grant(worker, fam.id) if not _related(worker, fam.id) else None
    return render_template(
        "gezinsroute/family.html", family=fam, members=list(fam.members.order_by(Member.id)),
        trajectories=trajectories, involved=involved, roles=rt.registry.involvement_roles,
        professionals=involvements.professionals_now(fam.id), timeline=build_timeline(fam, trajectories),
        actions=actions, panels=panels, emergency=grant, today=clock.today())


def _related(worker: Worker, family_id: int) -> bool:
    return access.is_related(worker, family_id)


def _transition_form_context(t: Trajectory):
    m = _rt().registry.methodologies.get(t.methodology)
    next_phases = [p for p in (m.next_phases(t.phase) if m and t.is_open else []) if p]
    return {"next_phases": next_phases, "closes": {p.key for p in next_phases if p.closed},
            "cbs_reasons": CBS_END_REASONS, "jz588_reasons": JZ588_END_REASONS}


def _render_trajectory(t: Trajectory, problems=(), status=200, form=None):
    rt = _rt()
    history = list(PhaseChange.select().where(PhaseChange.trajectory == t.id).order_by(PhaseChange.changed_at))
    actions = [a for _p, result in rt.call("trajectory_actions", trajectory=t, worker=g.worker)
               for a in (result or [])]
    open_signals = list(Signal.select().where((Signal.trajectory == t.id) & (Signal.status == "open"))
                        .order_by(Signal.due_on))
    return render_template("gezinsroute/trajectory.html", t=t, family=t.family, history=history,
                           actions=actions, signals=open_signals, state=signals.state,
                           problems=problems, form=form or {}, **_transition_form_context(t)), status


@bp.route("/trajectories/<int:trajectory_id>")
@permission_required("case.read")
def trajectory(trajectory_id: int):
    return _render_trajectory(trajectory_or_404(trajectory_id, "trajectory page"))


@bp.route("/trajectories/<int:trajectory_id>/transition", methods=["POST"])
@permission_required("case.write")
def transition_view(trajectory_id: int):
    t = trajectory_or_404(trajectory_id, "phase transition")
    to_phase = request.form.get("to_phase") or ""
    try:
        version = int(request.form.get("lock_version") or t.lock_version)
    except ValueError:
        abort(400)
    try:
        _t, warnings = transition(t, to_phase, worker=g.worker, note=(request.form.get("note") or None),
                                  end_reason_cbs=request.form.get("end_reason_cbs") or None,
                                  end_reason_jz588=request.form.get("end_reason_jz588") or None,
                                  expected_version=version)
    except (TransitionRefused, ValidationFailed, ConflictError) as exc:
        return _render_trajectory(Trajectory.get_by_id(t.id), exc.problems, exc.status, request.form)
    flash(_("Phase changed to %(phase)s.", phase=phase_label(t.methodology, to_phase)), "success")
    for w in warnings:
        flash(str(w.message), "warning")
    return redirect(url_for("core_cases.trajectory", trajectory_id=t.id))


def _signals_with_names():
    """Signals with their family and assigned worker in the same query (no query per row)."""
    return (Signal.select(Signal, Family, Worker)
            .join(Family, JOIN.LEFT_OUTER, on=Signal.family)
            .switch(Signal).join(Worker, JOIN.LEFT_OUTER, on=Signal.assigned_worker))


def _signal_rows(query):
    today = clock.today()
    rows = [{"s": s, "state": signals.state(s, today)} for s in query]
    groups = {"overdue": [], "due": [], "upcoming": []}
    for r in rows:
        groups.setdefault(r["state"], []).append(r)
    return rows, groups


@bp.route("/signals")
@permission_required("case.read")
@before_reads(signals.escalate_due)  # the list shows levels as of today
def my_signals():
    worker = g.worker
    query = (_signals_with_names().where((Signal.status == "open") & (Signal.assigned_worker == worker.id)
                                   & (Signal.family.is_null()
                                      | Signal.family.in_(access.visible_family_ids(worker))))
             .order_by(Signal.due_on))
    rows, groups = _signal_rows(query)
    audit.record_read("signals", worker.id, None, f"own signals: {len(rows)}")
    return render_template("gezinsroute/signals.html", groups=groups, count=len(rows), team=False)


@bp.route("/signals/team")
@permission_required("signals.team")
@before_reads(signals.escalate_due)  # the list shows levels as of today
def team_signals():
    worker = g.worker
    if not worker.team_id:
        rows, groups = [], {"overdue": [], "due": [], "upcoming": []}
    else:
        query = (_signals_with_names().where((Signal.status == "open") & (Signal.team == worker.team_id)
                                       & (Signal.family.is_null()
                                          | Signal.family.in_(access.visible_family_ids(worker))))
                 .order_by(Signal.escalation_level.desc(), Signal.due_on))
        rows, groups = _signal_rows(query)
    audit.record_read("signals", worker.team_id, None, f"team signals: {len(rows)}")
    return render_template("gezinsroute/signals.html", groups=groups, count=len(rows), team=True)
