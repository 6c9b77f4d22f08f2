"""Opening trajectories, moving them between phases, closing them.

A transition is checked against the methodology's allowed transitions and every
plugin's ``validate_transition``; a refused transition raises
:class:`TransitionRefused` and changes nothing.
"""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _

from .. import clock
from ..codes import CBS_END_REASONS, JZ588_END_REASONS, cbs_for_jz588
from ..errors import ConflictError, Problem, TransitionRefused, ValidationFailed
from ..events import Event, emit, unit_of_work
from ..models import Family, Involvement, Member, Partner, PhaseChange, Trajectory, TrajectoryMember, Worker
from ..models.base import utcnow
from ..runtime import current, registry
from . import signals
from .involvements import add_involvement, end_involvement
from .statements import Statement, param

_OF_FAMILY = Statement(lambda: Trajectory.select().where(Trajectory.family == param("family"))
                       .order_by(Trajectory.started_on.desc()))


def of_family(family: Family) -> list[Trajectory]:
    """The family's trajectories, newest first, read once per ``family`` object: the dossier reads
    them and the panels on the same page (``family_panels``) reuse the list instead of querying
    again. :func:`open_trajectory` forgets the list it made stale; after other changes to a
    family's trajectories, use a fresh ``Family`` object."""
    loaded = family.__dict__.get("_gz_trajectories")
    if loaded is None:
        loaded = family.__dict__["_gz_trajectories"] = _OF_FAMILY.rows(family=family.id)
    return list(loaded)


def open_trajectory(family: Family, methodology: str, *, responsible: Worker | None = None,
                    source: str | None = None, referrer_code: str | None = None,
                    referrer_partner: Partner | None = None, referrer_note: str | None = None,
                    started_on: dt.date | None = None, exclude: dict[int, str] | None = None,
                    members: list[Member] | None = None) -> Trajectory:
    """Open a trajectory for the whole family.

    Every member is included unless ``exclude`` maps the member's id to a reason.
    ``members`` narrows the default (all members) for methodologies that concern
    one child. A family that comes back gets its earlier trajectory linked.
    """
    reg = registry()
    if methodology not in reg.methodologies:
        raise ValidationFailed(Problem(_("methodology '%(methodology)s' is not enabled here", methodology=methodology),
                                        "methodology"))
    definition = reg.methodology(methodology)
    exclude = exclude or {}
    problems = []
    for member_id, reason in exclude.items():
        if not (reason or "").strip():
            problems.append(Problem(_("a member left out of the trajectory needs a reason"),
                                    f"exclude.{member_id}"))
    if definition.single_open_per_family and Trajectory.select().where(
            (Trajectory.family == family.id) & (Trajectory.methodology == methodology)
            & Trajectory.ended_on.is_null()).exists():
        problems.append(Problem(_("this family already has an open %(methodology)s trajectory "
                                  "(one family, one plan, one responsible worker)", methodology=str(definition.label)),
                                "methodology"))
    if problems:
        raise ValidationFailed(problems)
    family_members = list(family.members)
    concerned = members if members is not None else family_members
    previous = (Trajectory.select().where((Trajectory.family == family.id)
                                          & (Trajectory.methodology == methodology)
                                          & Trajectory.ended_on.is_null(False))
                .order_by(Trajectory.ended_on.desc()).first())
    with unit_of_work():
        trajectory = Trajectory.create(
            family=family, methodology=methodology, phase=definition.start_phase,
            responsible=responsible, team=responsible.team_id if responsible else None,
            source=source, referrer_code=referrer_code, referrer_partner=referrer_partner,
            referrer_note=referrer_note, started_on=started_on or clock.today(), previous=previous)
        family.__dict__.pop("_gz_trajectories", None)  # of_family's list lacks it now
        for member in family_members:
            if member in concerned or member.id in exclude:
                TrajectoryMember.create(trajectory=trajectory, member=member,
                                        included=member.id not in exclude,
                                        exclusion_reason=exclude.get(member.id))
        PhaseChange.create(trajectory=trajectory, from_phase=None, to_phase=definition.start_phase,
                           worker=responsible, changed_at=utcnow())
        if responsible:
            add_involvement(family, "responsible", worker=responsible, trajectory=trajectory,
                            started_on=trajectory.started_on)
        emit(Event("trajectory.opened", family_id=family.id, trajectory_id=trajectory.id,
                   data={"methodology": methodology}))
        signals.refresh(trajectory)
    return trajectory


def transition(trajectory: Trajectory, to_phase: str, *, worker: Worker | None = None,
               note: str | None = None, end_reason_jz588: str | None = None,
               end_reason_cbs: str | None = None, expected_version: int | None = None,
               on: dt.date | None = None) -> tuple[Trajectory, list[Problem]]:
    """Move to ``to_phase``. Returns the trajectory and any warnings; refusals raise."""
    with unit_of_work():
        fresh = Trajectory.get_by_id(trajectory.id)
        if expected_version is not None and fresh.lock_version != expected_version:
            raise ConflictError(_("trajectory %(id)s was changed by someone else; reload and try again",
                                  id=fresh.id))
        from_phase = fresh.phase
        problems = _check_transition(fresh, to_phase, end_reason_jz588, end_reason_cbs)
        if not any(p.severity == "error" for p in problems):
            for _plugin, result in current().call("validate_transition", trajectory=fresh,
                                                  from_phase=from_phase, to_phase=to_phase, worker=worker):
                problems.extend(Problem.coerce(p) for p in result)
        errors = [p for p in problems if p.severity == "error"]
        if errors:
            raise TransitionRefused(errors)
        definition = registry().methodology(fresh.methodology)
        fresh.phase = to_phase
        fresh.updated_at = utcnow()
        closing = to_phase in definition.closed_phases
        if closing:
            fresh.ended_on = on or clock.today()
            fresh.end_reason_jz588 = end_reason_jz588
            fresh.end_reason_cbs = end_reason_cbs or cbs_for_jz588(end_reason_jz588)
            fresh.end_note = note
        fresh.save_checked(fresh.lock_version)
        change = PhaseChange.create(trajectory=fresh, from_phase=from_phase, to_phase=to_phase,
                                    worker=worker, note=note, changed_at=utcnow())
        if closing:
            for involvement in fresh.involvements.where(Involvement.ended_on.is_null()
                                                        & Involvement.is_professional):
                end_involvement(involvement, fresh.ended_on)
        emit(Event("trajectory.transitioned", family_id=fresh.family_id, trajectory_id=fresh.id,
                   data={"from": from_phase, "to": to_phase, "closed": closing,
                         "phase_change_id": change.id, "worker_id": worker.id if worker else None}))
        if closing:
            emit(Event("trajectory.closed", family_id=fresh.family_id, trajectory_id=fresh.id,
                       data={"end_reason_cbs": fresh.end_reason_cbs}))
        signals.refresh(fresh)
    trajectory.__data__.update(fresh.__data__)
    return trajectory, [p for p in problems if p.severity == "warning"]


def _check_transition(trajectory: Trajectory, to_phase: str, jz588: str | None, cbs: str | None) -> list[Problem]:
    definition = registry().methodology(trajectory.methodology)
    if not trajectory.is_open:
        return [Problem(_("this trajectory is closed; a family that comes back gets a new trajectory"))]
    target = definition.phase(to_phase)
    if target is None:
        return [Problem(_("'%(phase)s' is not a phase of %(methodology)s", phase=to_phase,
                          methodology=str(definition.label)), "to_phase")]
    allowed = [p.key for p in definition.next_phases(trajectory.phase)]
    if to_phase not in allowed:
        current_label = definition.phase(trajectory.phase).label
        return [Problem(_("%(target)s cannot follow %(current)s; next can be: %(allowed)s",
                          target=str(target.label), current=str(current_label),
                          allowed=", ".join(str(definition.phase(k).label) for k in allowed) or _("nothing")),
                        "to_phase")]
    if target.closed:
        problems = []
        if jz588 and jz588 not in JZ588_END_REASONS:
            problems.append(Problem(_("unknown JZ588 end reason '%(code)s'", code=jz588), "end_reason_jz588"))
        if cbs and cbs not in CBS_END_REASONS:
            problems.append(Problem(_("unknown CBS end reason '%(code)s' (use 01-05)", code=cbs), "end_reason_cbs"))
        if not cbs and not cbs_for_jz588(jz588):
            problems.append(Problem(_("closing needs an end reason: a CBS code 01-05, or a JZ588 code "
                                      "that maps to one"), "end_reason_cbs"))
        return problems
    return []


def assign_responsible(trajectory: Trajectory, worker: Worker, *, on: dt.date | None = None) -> Trajectory:
    """Hand the trajectory to another responsible worker (one responsible at a time)."""
    on = on or clock.today()
    with unit_of_work():
        for involvement in trajectory.involvements.where((Involvement.role == "responsible")
                                                         & Involvement.ended_on.is_null()):
            end_involvement(involvement, on)
        trajectory.responsible = worker
        trajectory.team = worker.team_id
        trajectory.save_checked(trajectory.lock_version)
        add_involvement(trajectory.family, "responsible", worker=worker, trajectory=trajectory, started_on=on)
        signals.refresh(trajectory)
    return trajectory


def included_children(trajectory: Trajectory) -> list[Member]:
    return list(Member.select().join(TrajectoryMember).where(
        (TrajectoryMember.trajectory == trajectory.id) & TrajectoryMember.included
        & (Member.role == "child")))
