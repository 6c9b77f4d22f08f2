"""Screens: locations and groups with their mix, the group page with one-click drop-off/pick-up
contacts, and the child's care-line page (enrol, zorgplan, consent, handover + move, close).

Refusals are shown on the page with their reasons (HTTP 422), never as a 500.
"""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from gezinsroute.plugin_api import (
    Contact,
    Member,
    Partner,
    Problem,
    TransitionRefused,
    ValidationFailed,
    access,
    clock,
    consent,
    contacts,
    plans,
    registry,
)

from . import careline
from .locations import location_partners
from .methodology import (
    AFGESLOTEN,
    BRENG_HAAL,
    DESTINATIONS,
    END_REASONS,
    GROUP_KIND_FOR_PHASE,
    GROUP_KINDS,
    HANDOVER_PARTNER_KINDS,
    SLUG,
    SOURCES,
    ZORGPLAN,
)
from .models import CareLine, Group, Handover, Location, Placement

bp = Blueprint(SLUG, __name__, template_folder="templates")

def _date(name: str, problems: list) -> dt.date | None:
    raw = (request.form.get(name) or "").strip()
    if not raw:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        problems.append(Problem(_("%(value)s is not a date (use YYYY-MM-DD)", value=raw), name))
        return None


def _int(name: str) -> int | None:
    raw = (request.form.get(name) or "").strip()
    return int(raw) if raw.isdigit() else None


def _visible(trajectory) -> bool:
    return access.can_see_family(access.current_worker(), trajectory.family_id)


@bp.route("/")
@access.login_required
def overview():
    locations = list(Location.select().where(Location.active).order_by(Location.name))
    groups = {loc.id: [(g, careline.mix(g)) for g in loc.groups.where(Group.active).order_by(Group.kind, Group.name)]
              for loc in locations}
    return render_template("voorschool_plus/overview.html", locations=locations, groups=groups,
                           kinds=GROUP_KINDS)


@bp.route("/groups/<int:group_id>")
@access.login_required
def group_page(group_id: int):
    group = Group.get_or_none(Group.id == group_id)
    if group is None:
        abort(404)
    placements = [p for p in careline.placed_on(group, clock.today()).order_by(Placement.from_date)
                  if _visible(p.trajectory)]
    return render_template("voorschool_plus/group.html", group=group, mix=careline.mix(group),
                           placements=placements, kinds=GROUP_KINDS)


@bp.route("/families/<int:family_id>/enrol", methods=["GET", "POST"])
@access.login_required
def enrol(family_id: int):
    family = access.family_or_404(family_id, "voorschool_plus enrol")
    children = list(family.members.where(Member.role == "child").order_by(Member.birth_date))
    groups = list(Group.select().join(Location).where(Group.active & (Group.kind == "peuterwerk"))
                  .order_by(Location.name, Group.name))
    problems = []
    if request.method == "POST":
        child = next((c for c in children if c.id == _int("child")), None)
        group = next((g for g in groups if g.id == _int("group")), None)
        on = _date("enrolled_on", problems) or clock.today()
        if child is None:
            problems.append(Problem(_("choose the child"), "child"))
        if not problems:
            try:
                trajectory, warnings = careline.enrol(child, group, worker=access.current_worker(),
                                                      source=request.form.get("source", ""),
                                                      uses_transport=bool(request.form.get("uses_transport")), on=on)
            except ValidationFailed as exc:
                problems = exc.problems
            else:
                for warning in warnings:
                    flash(warning.message, "warning")
                return redirect(url_for(".care_line", trajectory_id=trajectory.id))
    return render_template("voorschool_plus/enrol.html", family=family, children=children, groups=groups,
                           sources=SOURCES, problems=problems), 422 if problems else 200


def _care_line_context(trajectory):
    care_line = CareLine.get_or_none(CareLine.trajectory == trajectory.id)
    if care_line is None:
        abort(404)
    definition = registry().methodology(SLUG)
    next_phases = [p for p in definition.next_phases(trajectory.phase) if not p.closed] if trajectory.is_open else []
    location = care_line.location
    partners_by_phase, groups_by_phase = {}, {}
    for phase in next_phases:
        kinds = HANDOVER_PARTNER_KINDS[phase.key]
        partners_by_phase[phase.key] = location_partners(location, kinds) or list(
            Partner.select().where(Partner.active & Partner.kind.in_(kinds)).order_by(Partner.name))
        groups_by_phase[phase.key] = list(location.groups.where(
            Group.active & (Group.kind == GROUP_KIND_FOR_PHASE[phase.key])).order_by(Group.name))
    handover_partners = {p.id: p for ps in partners_by_phase.values() for p in ps}
    placement = careline.current_placement(trajectory)
    return dict(
        trajectory=trajectory, care_line=care_line, child=care_line.child, definition=definition,
        next_phases=next_phases, partners_by_phase=partners_by_phase, groups_by_phase=groups_by_phase,
        placement=placement, mix=careline.mix(placement.group) if placement else None,
        placements=list(Placement.select().where(Placement.trajectory == trajectory.id).order_by(Placement.from_date)),
        handovers=list(Handover.select().where(Handover.trajectory == trajectory.id).order_by(Handover.id)),
        zorgplan=plans.current_plan(trajectory, ZORGPLAN),
        consents={p: consent.may_share(care_line.child, purpose="handover", partner=p)
                  for p in handover_partners.values()},
        destinations=DESTINATIONS, sources=SOURCES, closed_phase=AFGESLOTEN, today=clock.today(),
        end_reasons=END_REASONS,
        recent_contacts=list(Contact.select().where(Contact.trajectory == trajectory.id)
                             .order_by(Contact.occurred_at.desc()).limit(5)))


def _render(trajectory, problems=(), status=200):
    context = _care_line_context(trajectory)
    return render_template("voorschool_plus/care_line.html", problems=list(problems), **context), status


@bp.route("/trajectories/<int:trajectory_id>")
@access.login_required
def care_line(trajectory_id: int):
    trajectory = access.trajectory_or_404(trajectory_id, "voorschool_plus care line")
    return _render(trajectory)


@bp.route("/trajectories/<int:trajectory_id>/zorgplan", methods=["POST"])
@access.login_required
def zorgplan(trajectory_id: int):
    """Record a zorgplan (or its evaluation: a new agreed version that resets the cadence)."""
    trajectory = access.trajectory_or_404(trajectory_id, "voorschool_plus zorgplan")
    child = CareLine.get(CareLine.trajectory == trajectory.id).child
    goals = [line.strip() for line in (request.form.get("goals") or "").splitlines() if line.strip()]
    worker = access.current_worker()
    try:
        plan = plans.create_plan(trajectory, ZORGPLAN, worker=worker,
                                 content={"evaluation": (request.form.get("evaluation") or "").strip()},
                                 goals=[{"description": g, "member": child} for g in goals])
        plans.agree(plan, worker=worker)
    except ValidationFailed as exc:
        return _render(trajectory, exc.problems, 422)
    flash(_("Zorgplan recorded"), "success")
    return redirect(url_for(".care_line", trajectory_id=trajectory.id))


@bp.route("/trajectories/<int:trajectory_id>/consent", methods=["POST"])
@access.login_required
def handover_consent(trajectory_id: int):
    """Record that the parents agreed to the handover to one school or BSO."""
    trajectory = access.trajectory_or_404(trajectory_id, "voorschool_plus consent")
    child = CareLine.get(CareLine.trajectory == trajectory.id).child
    problems = []
    partner = Partner.get_or_none(Partner.id == _int("partner"))
    valid_from = _date("valid_from", problems) or clock.today()
    if partner is None:
        problems.append(Problem(_("choose the school or BSO"), "partner"))
    if problems:
        return _render(trajectory, problems, 422)
    try:
        consent.record_consent(child, consent.required_consenters(child, valid_from), purpose="handover",
                               partner=partner, valid_from=valid_from, recorded_by=access.current_worker(),
                               evidence=(request.form.get("evidence") or "").strip() or None)
    except ValidationFailed as exc:
        return _render(trajectory, exc.problems, 422)
    flash(_("Consent recorded"), "success")
    return redirect(url_for(".care_line", trajectory_id=trajectory.id))


@bp.route("/trajectories/<int:trajectory_id>/move", methods=["POST"])
@access.login_required
def move(trajectory_id: int):
    trajectory = access.trajectory_or_404(trajectory_id, "voorschool_plus move")
    problems = []
    start = _date("school_start_on", problems)
    handed_over = _date("handed_over_on", problems)
    if problems:
        return _render(trajectory, problems, 422)
    try:
        warnings = careline.move(trajectory, request.form.get("to_phase", ""),
                                 to_group=Group.get_or_none(Group.id == _int("to_group")),
                                 to_partner=Partner.get_or_none(Partner.id == _int("to_partner")),
                                 school_start_on=start, handed_over_on=handed_over,
                                 summary=request.form.get("summary", ""), worker=access.current_worker())
    except (TransitionRefused, ValidationFailed) as exc:
        return _render(trajectory, exc.problems, 422)
    for warning in warnings:
        flash(warning.message, "warning")
    return redirect(url_for(".care_line", trajectory_id=trajectory.id))


@bp.route("/trajectories/<int:trajectory_id>/close", methods=["POST"])
@access.login_required
def close(trajectory_id: int):
    trajectory = access.trajectory_or_404(trajectory_id, "voorschool_plus close")
    try:
        careline.close(trajectory, destination=request.form.get("destination", ""),
                       end_reason_cbs=request.form.get("end_reason_cbs", ""),
                       uses_transport=bool(request.form.get("uses_transport")), worker=access.current_worker())
    except (TransitionRefused, ValidationFailed) as exc:
        return _render(trajectory, exc.problems, 422)
    return redirect(url_for(".care_line", trajectory_id=trajectory.id))


@bp.route("/trajectories/<int:trajectory_id>/breng-haal", methods=["POST"])
@access.login_required
def breng_haal(trajectory_id: int):
    """The one-click drop-off/pick-up conversation: a time stamp and an optional line."""
    trajectory = access.trajectory_or_404(trajectory_id, "voorschool_plus breng/haal")
    child = CareLine.get(CareLine.trajectory == trajectory.id).child
    try:
        contacts.record_contact(trajectory.family, BRENG_HAAL, trajectory=trajectory,
                                worker=access.current_worker(), members=[child],
                                summary=(request.form.get("summary") or "").strip() or None)
    except ValidationFailed as exc:
        return _render(trajectory, exc.problems, 422)
    flash(_("Drop-off/pick-up conversation recorded"), "success")
    back = request.form.get("next")
    if back and back.startswith("/") and not back.startswith("//"):
        return redirect(back)
    return redirect(url_for(".care_line", trajectory_id=trajectory.id))
