"""Write paths of the care line: enrol, move (with handover), close, and the inclusive mix.

Every write checks the rules first and raises with readable problems; the move
writes its handover and the transition in one transaction, so a refused move
leaves nothing behind.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask_babel import gettext as _
from gezinsroute.plugin_api import (
    Member,
    Problem,
    Signal,
    TransitionRefused,
    ValidationFailed,
    clock,
    signals,
    trajectories,
    unit_of_work,
)

from .config import settings
from .methodology import AFGESLOTEN, DESTINATIONS, MIX_SIGNAL, SLUG
from .models import CareLine, Group, Handover, Placement
from .rules import enrolment_problems, handover_problems, lead_worker_warning


@dataclass(frozen=True)
class Mix:
    """The inclusive mix of one group on one day."""

    care: int
    regular: int
    threshold: float

    @property
    def share(self) -> float:
        total = self.care + self.regular
        return self.care / total if total else 0.0

    @property
    def too_high(self) -> bool:
        return self.share > self.threshold


def enrol(child: Member, group: Group, *, worker, source: str, uses_transport: bool = False,
          on: dt.date | None = None):
    """Open the care line for one child (with the parents) and place the child in a peuterwerk group.

    Returns ``(trajectory, warnings)``; raises :class:`ValidationFailed` and writes nothing when refused.
    """
    on = on or clock.today()
    problems = enrolment_problems(child, group, source, on, settings()["min_enrolment_age"])
    if problems:
        raise ValidationFailed(problems)
    parents = list(Member.select().where((Member.family == child.family_id)
                                         & Member.role.in_(("parent", "carer"))))
    with unit_of_work():
        trajectory = trajectories.open_trajectory(child.family, SLUG, responsible=worker, source=source,
                                                  started_on=on, members=[child] + parents)
        CareLine.create(trajectory=trajectory, child=child, location=group.location_id, source=source,
                        enrolled_on=on, uses_transport=uses_transport)
        Placement.create(trajectory=trajectory, child=child, group=group, from_date=on)
        check_mix(group, trajectory, on)
    return trajectory, lead_worker_warning(group, trajectory)


def move(trajectory, to_phase: str, *, to_group: Group | None, to_partner, school_start_on: dt.date | None,
         handed_over_on: dt.date | None, summary: str, worker=None):
    """Move the child to the next facility with its handover; returns the warnings.

    Raises :class:`TransitionRefused` (nothing changed) without the parents' consent, when the
    handover is done after the school start date, or for any other refusal.
    """
    care_line = CareLine.get(CareLine.trajectory == trajectory.id)
    problems = handover_problems(care_line.child, to_phase, to_partner, to_group, school_start_on,
                                 handed_over_on, summary)
    if problems:
        raise TransitionRefused(problems)
    with unit_of_work():
        Handover.create(trajectory=trajectory, child=care_line.child, to_phase=to_phase, to_partner=to_partner,
                        to_group=to_group, school_start_on=school_start_on, handed_over_on=handed_over_on,
                        summary=summary.strip(), recorded_by=worker)
        _moved, warnings = trajectories.transition(trajectory, to_phase, worker=worker,
                                              note=_("handover to %(partner)s", partner=to_partner.name))
        _end_placements(trajectory, school_start_on - dt.timedelta(days=1))
        Placement.create(trajectory=trajectory, child=care_line.child, group=to_group, from_date=school_start_on)
        check_mix(to_group, trajectory, school_start_on)
    return warnings


def close(trajectory, *, destination: str, end_reason_cbs: str, uses_transport: bool | None = None,
          worker=None, on: dt.date | None = None):
    """Close the care line with where the child goes next (the outflow the reports count)."""
    on = on or clock.today()
    if destination not in DESTINATIONS:
        raise TransitionRefused(Problem(_("record where the child goes next before closing the care line"),
                                        "destination"))
    with unit_of_work():
        care_line = CareLine.get(CareLine.trajectory == trajectory.id)
        care_line.destination, care_line.exited_on = destination, on
        if uses_transport is not None:
            care_line.uses_transport = uses_transport
        care_line.save()
        _closed, warnings = trajectories.transition(trajectory, AFGESLOTEN, worker=worker,
                                                    end_reason_cbs=end_reason_cbs, on=on)
        _end_placements(trajectory, on)
    return warnings


def _end_placements(trajectory, last_day: dt.date) -> None:
    for placement in Placement.select().where((Placement.trajectory == trajectory.id) & Placement.to_date.is_null()):
        placement.to_date = max(last_day, placement.from_date)
        placement.save()


def current_placement(trajectory) -> Placement | None:
    return (Placement.select().where((Placement.trajectory == trajectory.id) & Placement.to_date.is_null())
            .order_by(Placement.from_date.desc()).first())


def placed_on(group: Group, on: dt.date):
    """Placements of children with a care plan in ``group`` on day ``on``."""
    return Placement.select().where((Placement.group == group.id) & (Placement.from_date <= on)
                                    & (Placement.to_date.is_null() | (Placement.to_date >= on)))


def mix(group: Group, on: dt.date | None = None) -> Mix:
    on = on or clock.today()
    return Mix(care=placed_on(group, on).count(), regular=group.regular_children,
               threshold=settings()["max_care_share"])


def check_mix(group: Group, trajectory, on: dt.date) -> Signal | None:
    """Raise one signal per group when its share of care children rises above ``max_care_share``.

    The signal goes to the group's lead worker (else the responsible worker) on the trajectory
    whose placement tipped the balance; while it is open no second one is raised for the group.
    """
    current = mix(group, on)
    if not current.too_high:
        return None
    source = f"voorschool_plus_group:{group.id}"
    if Signal.select().where((Signal.source == source) & (Signal.status == "open")).exists():
        return None
    return signals.raise_signal(
        rule=MIX_SIGNAL, trajectory=trajectory, source=source, assigned_worker=group.lead_worker_id,
        title=_("Inclusive mix of %(group)s is out of balance", group=group.name),
        detail=_("%(care)s of %(total)s children need extra care (%(share)s%%, limit %(limit)s%%)",
                 care=current.care, total=current.care + current.regular, share=round(current.share * 100),
                 limit=round(current.threshold * 100)))

