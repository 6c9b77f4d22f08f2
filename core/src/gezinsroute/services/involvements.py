"""Who is involved with a family; the count of professionals around it."""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _
from peewee import fn

from .. import clock
from ..errors import Problem, ValidationFailed
from ..models import Family, Involvement, Partner, Trajectory, Worker
from ..runtime import registry


def add_involvement(family: Family, role: str, *, worker: Worker | None = None,
                    partner: Partner | None = None, person_name: str | None = None,
                    trajectory: Trajectory | None = None, started_on: dt.date | None = None,
                    note: str | None = None) -> Involvement:
    definition = registry().involvement_roles.get(role)
    if definition is None:
        raise ValidationFailed(Problem(_("unknown involvement role '%(role)s'", role=role), "role"))
    if sum(x is not None for x in (worker, partner, person_name)) != 1:
        raise ValidationFailed(Problem(_("name exactly one of worker, partner or person"), "who"))
    kind = "worker" if worker else "partner" if partner else "informal"
    return Involvement.create(
        family=family, trajectory=trajectory, kind=kind, role=role, worker=worker, partner=partner,
        person_name=person_name, is_professional=definition.professional and kind != "informal",
        started_on=started_on or clock.today(), note=note)


def end_involvement(involvement: Involvement, on: dt.date | None = None) -> None:
    if involvement.ended_on is None:
        involvement.ended_on = on or clock.today()
        involvement.save()


def active(query, on: dt.date | None = None):
    on = on or clock.today()
    return query.where((Involvement.started_on <= on) &
                       (Involvement.ended_on.is_null() | (Involvement.ended_on > on)))


def professionals_now(family_id: int, on: dt.date | None = None) -> int:
    """How many professionals (workers and partner organisations) are around the family now."""
    # COUNT(DISTINCT ...) ignores NULLs: both counts in one query
    query = Involvement.select(fn.COUNT(fn.DISTINCT(Involvement.worker)), fn.COUNT(fn.DISTINCT(Involvement.partner)))
    row = active(query.where((Involvement.family == family_id) & Involvement.is_professional), on).tuples().first()
    return sum(n or 0 for n in row) if row else 0


def is_involved(worker_id: int, family_id: int, on: dt.date | None = None) -> bool:
    query = Involvement.select(Involvement.id).where(
        (Involvement.worker == worker_id) & (Involvement.family == family_id))
    return active(query, on).exists()
