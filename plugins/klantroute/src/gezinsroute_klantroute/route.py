"""Write paths of the route itself: a question arrives, one owner, steps explored, moves up and down."""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _
from gezinsroute.plugin_api import (
    Family,
    Partner,
    PhaseChange,
    Problem,
    Trajectory,
    ValidationFailed,
    Worker,
    clock,
    involvements,
    signals,
    trajectories,
    unit_of_work,
)

from .config import settings
from .methodology import METHODOLOGY, PARTNER_ROLE, is_lighter, route_steps
from .models import NetworkPerson, Question, StepExploration, StepMove


def open_route(family: Family, *, entry_point: str, question_text: str, owner: Worker,
               received_on: dt.date | None = None, entry_partner: Partner | None = None,
               owner_organisation: str | None = None) -> Trajectory:
    """Record a question where it arrived and give the family one route owner as its single contact."""
    problems = []
    if entry_point not in settings()["entry_points"]:
        problems.append(Problem(_("unknown entry point '%(entry_point)s' (known: %(known)s)",
                                  entry_point=entry_point, known=", ".join(settings()["entry_points"])),
                                "entry_point"))
    if not (question_text or "").strip():
        problems.append(Problem(_("write down the family's question"), "question_text"))
    if owner is None:
        problems.append(Problem(_("a route needs one route owner"), "owner"))
    received_on = received_on or clock.today()
    if received_on > clock.today():
        problems.append(Problem(_("the question cannot arrive in the future"), "received_on"))
    if problems:
        raise ValidationFailed(problems)
    organisation = (owner_organisation or owner.organisation or "").strip() or None
    with unit_of_work():
        trajectory = trajectories.open_trajectory(
            family, METHODOLOGY, responsible=owner, source=entry_point, referrer_partner=entry_partner,
            started_on=received_on)
        Question.create(trajectory=trajectory, family=family, entry_point=entry_point,
                        entry_partner=entry_partner, question_text=question_text.strip(),
                        received_on=received_on, owner_organisation=organisation)
    return trajectory


def question_of(trajectory: Trajectory) -> Question | None:
    return Question.get_or_none(Question.trajectory == trajectory.id)


def change_owner(trajectory: Trajectory, owner: Worker, *, organisation: str | None = None,
                 on: dt.date | None = None) -> Trajectory:
    """Hand the route to another owner; there is always exactly one."""
    _require_open(trajectory)
    with unit_of_work():
        trajectories.assign_responsible(trajectory, owner, on=on)
        question = question_of(trajectory)
        if question is not None:
            question.owner_organisation = (organisation or owner.organisation or "").strip() or None
            question.save()
    return trajectory


def record_first_answer(trajectory: Trajectory, *, on: dt.date | None = None, note: str | None = None) -> Question:
    """The day the family first got an answer to its question (the programme's speed measure)."""
    question = question_of(trajectory)
    if question is None:
        raise ValidationFailed(_("this route has no recorded question"))
    on = on or clock.today()
    if on < question.received_on:
        raise ValidationFailed(Problem(_("the first answer cannot come before the question arrived"),
                                       "first_answer_on"))
    if question.first_answer_on is not None:
        raise ValidationFailed(Problem(_("the first answer was already recorded on %(date)s",
                                         date=question.first_answer_on),
                                       "first_answer_on"))
    question.first_answer_on = on
    question.first_answer_note = (note or "").strip() or None
    question.save()
    return question


def record_exploration(trajectory: Trajectory, *, step: str, explored: bool, outcome: str | None = None,
                       reason_not_enough: str | None = None, worker: Worker | None = None,
                       on: dt.date | None = None) -> StepExploration:
    """Record that a lighter step was tried (or consciously skipped) and why it was not enough."""
    _require_open(trajectory)
    steps = route_steps()
    if step not in steps or step == settings()["maatwerk_step"]:
        raise ValidationFailed(Problem(_("'%(step)s' is not a lighter route step", step=step), "step"))
    return StepExploration.create(trajectory=trajectory, step=step, explored=bool(explored),
                                  outcome=(outcome or "").strip() or None,
                                  reason_not_enough=(reason_not_enough or "").strip() or None,
                                  recorded_on=on or clock.today(), recorded_by=worker)


def move_step(trajectory: Trajectory, to_step: str, *, worker: Worker | None = None, reason: str | None = None,
              end_reason_cbs: str | None = None, on: dt.date | None = None) -> list[Problem]:
    """Move along the route; a step down is recorded as afschaling. Refusals raise and change nothing."""
    from_step = trajectory.phase
    with unit_of_work():
        _, warnings = trajectories.transition(trajectory, to_step, worker=worker, note=reason,
                                              end_reason_cbs=end_reason_cbs, on=on)
        StepMove.create(trajectory=trajectory, phase_change=_latest_phase_change(trajectory), from_step=from_step,
                        to_step=to_step, afschaling=is_lighter(to_step, from_step),
                        reason=(reason or "").strip() or None, moved_on=on or clock.today(), worker=worker)
    return warnings


def record_move_from_event(trajectory_id: int) -> StepMove | None:
    """A move made elsewhere (the core's phase screen) still gets its step-move record, afschaling marked."""
    change = _latest_phase_change(trajectory_id)
    if change is None or change.from_phase is None or StepMove.select().where(
            StepMove.phase_change == change.id).exists():
        return None
    return StepMove.create(trajectory=trajectory_id, phase_change=change, from_step=change.from_phase,
                           to_step=change.to_phase, afschaling=is_lighter(change.to_phase, change.from_phase),
                           reason=change.note, moved_on=change.changed_at.date(), worker=change.worker_id)


def on_transitioned(event) -> None:
    """Record step moves of klantroute trajectories moved outside :func:`move_step`."""
    if event.name != "trajectory.transitioned" or event.trajectory_id is None:
        return
    trajectory = Trajectory.get_or_none(Trajectory.id == event.trajectory_id)
    if trajectory is not None and trajectory.methodology == METHODOLOGY:
        record_move_from_event(trajectory.id)


def _latest_phase_change(trajectory) -> PhaseChange | None:
    trajectory_id = getattr(trajectory, "id", trajectory)
    return (PhaseChange.select().where(PhaseChange.trajectory == trajectory_id)
            .order_by(PhaseChange.id.desc()).first())


def add_network_person(family: Family, *, name: str, relation: str, can_do: str | None = None,
                       trajectory: Trajectory | None = None, on: dt.date | None = None) -> NetworkPerson:
    """Add someone from the own network to the inventory (informal: no account is made)."""
    problems = []
    if not (name or "").strip():
        problems.append(Problem(_("who is it? a name (or how the family calls them) is needed"), "name"))
    if not (relation or "").strip():
        problems.append(Problem(_("how does this person relate to the family?"), "relation"))
    if problems:
        raise ValidationFailed(problems)
    return NetworkPerson.create(family=family, trajectory=trajectory, name=name.strip(), relation=relation.strip(),
                                can_do=(can_do or "").strip() or None, recorded_on=on or clock.today())


def involve_partner(trajectory: Trajectory, partner: Partner, *, on: dt.date | None = None, note: str | None = None):
    """A partner organisation starts working with the family on this route (counts as a professional)."""
    _require_open(trajectory)
    involvement = involvements.add_involvement(trajectory.family, PARTNER_ROLE, partner=partner,
                                               trajectory=trajectory, started_on=on, note=note)
    signals.refresh(trajectory)
    return involvement


def explorations(trajectory: Trajectory) -> list[StepExploration]:
    return list(StepExploration.select().where(StepExploration.trajectory == trajectory.id)
                .order_by(StepExploration.recorded_on, StepExploration.id))


def _require_open(trajectory: Trajectory) -> None:
    if not trajectory.is_open:
        raise ValidationFailed(_("this route is closed"))
