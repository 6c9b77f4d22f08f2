"""The worker's screens: caseload, family dossier, trajectory, signals.

Every screen that shows one family goes through :func:`access.family_or_404` or
:func:`access.trajectory_or_404` (need-to-know, audited). Lists that show client
names are limited to :func:`access.visible_family_ids` and audited once per list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from operator import attrgetter, itemgetter
from typing import Any

from flask import Blueprint, abort, current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import get_translations
from flask_babel import gettext as _
from peewee import JOIN, SQL, Cast

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
from ..services import trajectories as trajectory_service
from ..services.statements import Statement, param
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


@dataclass(slots=True)
class TimelineItem:
    when: dt.datetime
    kind: str
    title: str
    detail: str | None = None
    trajectory: Any = None
    css: str = ""
    methodology: str | None = None  # the trajectory's methodology label, when there is a trajectory


def _as_dt(value) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    return dt.datetime.combine(value, dt.time(0, 0))


# The timeline's sources, in the order their rows are listed for equal dates.
PHASE, CONTACT, REFERRAL, PLAN, ASSESSMENT, MEETING, SIGNAL = range(7)
_NO_TIME, _NO_DATE = Cast(SQL("NULL"), "TIMESTAMP"), Cast(SQL("NULL"), "DATE")
_NO_TEXT, _NO_NUMBER = Cast(SQL("NULL"), "TEXT"), Cast(SQL("NULL"), "INTEGER")


def _timeline_source(source: int, model, *, at=_NO_TIME, on=_NO_DATE, code=_NO_TEXT, code2=_NO_TEXT,
                     text=_NO_TEXT, number=_NO_NUMBER, warn_on=_NO_DATE):
    """One source of the timeline in the row shape all sources share (one UNION ALL needs one shape):
    (source, id, at, on, trajectory_id, code, code2, text, number, warn_on)."""
    return model.select(SQL(str(source)), model.id, at, on, model.trajectory, code, code2, text, number, warn_on)


def _timeline_query():
    family = param("family")
    own = Trajectory.select(Trajectory.id).where(Trajectory.family == family)
    return (
        _timeline_source(PHASE, PhaseChange, at=PhaseChange.changed_at, code=PhaseChange.from_phase,
                         code2=PhaseChange.to_phase, text=PhaseChange.note)
        .where(PhaseChange.trajectory.in_(own))
        + _timeline_source(CONTACT, Contact, at=Contact.occurred_at, code=Contact.kind, text=Contact.summary)
        .where(Contact.family == family)
        + _timeline_source(REFERRAL, Referral, on=Referral.proposed_on, code=Referral.status, code2=Partner.name,
                           text=Referral.note)
        .join(Partner, JOIN.LEFT_OUTER, on=(Referral.partner == Partner.id)).where(Referral.trajectory.in_(own))
        + _timeline_source(PLAN, Plan, at=Plan.created_at, on=Plan.agreed_on, code=Plan.kind, code2=Plan.status,
                           text=Plan.title, number=Plan.version)
        .where(Plan.trajectory.in_(own))
        + _timeline_source(ASSESSMENT, Assessment, on=Assessment.assessed_on, code=Assessment.instrument,
                           code2=Assessment.outcome)
        .where(Assessment.trajectory.in_(own))
        # the family's meetings, then its trajectories' meetings not already among them: two branches,
        # because "family = ? OR trajectory IN (…)" makes PostgreSQL scan the whole meeting table
        + _timeline_source(MEETING, Meeting, on=Meeting.held_on, code=Meeting.kind, text=Meeting.summary)
        .where(Meeting.family == family)
        + _timeline_source(MEETING, Meeting, on=Meeting.held_on, code=Meeting.kind, text=Meeting.summary)
        .where(Meeting.trajectory.in_(own) & (Meeting.family.is_null() | (Meeting.family != family)))
        + _timeline_source(SIGNAL, Signal, on=Signal.due_on, code=Signal.rule, code2=Signal.status, text=Signal.title,
                           warn_on=Signal.warn_on)
        .where(Signal.family == family)
    ).tuples()


# one statement for every table the timeline shows, compiled once
TIMELINE = Statement(_timeline_query)


def _to_datetime(value):
    """A timestamp as the driver gives it (SQLite: ISO text, as peewee stores it)."""
    return dt.datetime.fromisoformat(value) if isinstance(value, str) else value


def _to_date(value):
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


@dataclass(slots=True)
class _SignalDates:
    """What :func:`signals.state` reads of a signal."""
    status: str
    due_on: dt.date
    warn_on: dt.date | None


def _memo(function):
    """``function`` with its results kept for this call of :func:`build_timeline` (labels repeat per row)."""
    found: dict = {}

    def get(*args):
        try:
            return found[args]
        except KeyError:
            value = found[args] = function(*args)
            return value

    return get


def build_timeline(family: Family, trajectories: list[Trajectory]) -> list[TimelineItem]:
    """Everything that happened in the family's trajectories and with the family, newest first.

    One query (:data:`TIMELINE`); labels and translations are looked up once per distinct value.
    A row of a trajectory missing from ``trajectories`` (opened after they were read) is left out.
    """
    # gettext's catalogue fetched once instead of once per string (the same lookup as flask_babel.gettext)
    _ = get_translations().ugettext
    reg = _rt().registry
    by_id = {t.id: t for t in trajectories}
    methodology = _memo(methodology_label)
    phase = _memo(phase_label)
    translate = _memo(_)
    contact_kind = _memo(lambda key: definition_label(reg.contact_kinds, key))
    plan_kind = _memo(lambda key: definition_label(reg.plan_kinds, key))
    instrument = _memo(lambda key: definition_label(reg.instruments, key))
    meeting_kind = _memo(lambda key: definition_label(reg.meeting_kinds, key))
    signal_title = _memo(lambda rule, title: str(reg.cadence_rules[rule].label) if rule in reg.cadence_rules
                         else title)
    kinds = {PHASE: _("Phase"), CONTACT: _("Contact"), REFERRAL: _("Referral"), PLAN: _("Plan"),
             ASSESSMENT: _("Assessment"), MEETING: _("Meeting"), SIGNAL: _("Signal")}
    # the translated formats, filled in per row as gettext(format, **values) would
    started_fmt = _("%(methodology)s started in phase %(phase)s")
    phase_fmt = _("Phase %(a)s → %(b)s")
    referral_fmt = _("Referral to %(partner)s (%(status)s)")
    plan_fmt = _("%(kind)s, version %(version)s (%(status)s)")
    outcome_fmt = _("Outcome: %(outcome)s")
    today = clock.today()
    items: list[TimelineItem] = []
    for source, _id, at, on, trajectory_id, code, code2, text, number, warn_on in sorted(
            TIMELINE.cursor(family=family.id), key=itemgetter(0, 1)):
        t = by_id.get(trajectory_id)
        if t is None and source in (PHASE, REFERRAL, PLAN, ASSESSMENT):
            continue
        if source == PHASE:
            if code is None:
                title = started_fmt % {"methodology": methodology(t.methodology),
                                       "phase": phase(t.methodology, code2)}
            else:
                title = phase_fmt % {"a": phase(t.methodology, code), "b": phase(t.methodology, code2)}
            item = TimelineItem(_as_dt(_to_datetime(at)), kinds[PHASE], title, text, t, "phase")
        elif source == CONTACT:
            item = TimelineItem(_as_dt(_to_datetime(at)), kinds[CONTACT], contact_kind(code), text, t, "contact")
        elif source == REFERRAL:
            title = referral_fmt % {"partner": code2, "status": translate(code)}
            item = TimelineItem(_as_dt(_to_date(on)), kinds[REFERRAL], title, text, t, "referral")
        elif source == PLAN:
            title = plan_fmt % {"kind": plan_kind(code), "version": number, "status": translate(code2)}
            item = TimelineItem(_as_dt(_to_date(on) or _to_datetime(at)), kinds[PLAN], title, text, t, "plan")
        elif source == ASSESSMENT:
            detail = outcome_fmt % {"outcome": code2} if code2 else None
            item = TimelineItem(_as_dt(_to_date(on)), kinds[ASSESSMENT], instrument(code), detail, t, "assessment")
        elif source == MEETING:
            item = TimelineItem(_as_dt(_to_date(on)), kinds[MEETING], meeting_kind(code), text, t, "meeting")
        else:
            state = signals.state(_SignalDates(code2, _to_date(on), _to_date(warn_on)), today)
            item = TimelineItem(_as_dt(_to_date(on)), kinds[SIGNAL], signal_title(code, text), translate(state), t,
                                f"signal {state}")
        if t is not None:
            item.methodology = methodology(t.methodology)
        items.append(item)
    items.sort(key=attrgetter("when"), reverse=True)
    return items


# The dossier's own reads, compiled once (see services.statements).
MEMBERS = Statement(lambda: Member.select().where(Member.family == param("family")).order_by(Member.id))
INVOLVED = Statement(lambda: involvements.active(
    Involvement.select(Involvement.id, Involvement.role, Involvement.worker, Involvement.partner,
                       Involvement.person_name, Involvement.is_professional, Involvement.started_on,
                       Worker.id, Worker.full_name, Partner.id, Partner.name)
    .join(Worker, JOIN.LEFT_OUTER, on=(Involvement.worker == Worker.id))
    .switch(Involvement).join(Partner, JOIN.LEFT_OUTER, on=(Involvement.partner == Partner.id))
    .where(Involvement.family == param("family")), on=param("today")).order_by(Involvement.started_on))


def _professionals(involved: list[Involvement]) -> int:
    """:func:`involvements.professionals_now` counted from the active involvements already read."""
    professional = [i for i in involved if i.is_professional]
    return (len({i.worker_id for i in professional if i.worker_id is not None})
            + len({i.partner_id for i in professional if i.partner_id is not None}))


@bp.route("/families/<int:family_id>")
@permission_required("case.read")
def family(family_id: int):
    fam = family_or_404(family_id, "dossier")
    worker = g.worker
    rt = _rt()
    today = clock.today()
    trajectories = trajectory_service.of_family(fam)  # the panels' hooks reuse this list
    involved = INVOLVED.rows(family=fam.id, today=today)
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
        "gezinsroute/family.html", family=fam, members=MEMBERS.rows(family=fam.id),
        trajectories=trajectories, involved=involved, roles=rt.registry.involvement_roles,
        professionals=_professionals(involved), timeline=build_timeline(fam, trajectories),
        actions=actions, panels=panels, emergency=grant, today=today)


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
