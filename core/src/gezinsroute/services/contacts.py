"""Contact moments and meetings."""

from __future__ import annotations

import datetime as dt

from flask_babel import gettext as _

from .. import clock
from ..errors import Problem, ValidationFailed
from ..events import Event, emit, unit_of_work
from ..models import Contact, ContactMember, Family, Meeting, MeetingParticipant, Member, Trajectory, Worker
from ..runtime import registry
from . import signals


def record_contact(family: Family, kind: str, *, trajectory: Trajectory | None = None,
                   occurred_at: dt.datetime | None = None, worker: Worker | None = None,
                   members: list[Member] = (), summary: str | None = None,
                   duration_minutes: int | None = None) -> Contact:
    reg = registry()
    definition = reg.contact_kinds.get(kind)
    if definition is None:
        raise ValidationFailed(Problem(_("unknown contact kind '%(kind)s'", kind=kind), "kind"))
    if trajectory and definition.methodologies and trajectory.methodology not in definition.methodologies:
        raise ValidationFailed(Problem(_("contact kind '%(kind)s' is not used in this methodology", kind=kind), "kind"))
    if trajectory and trajectory.family_id != family.id:
        raise ValidationFailed(Problem(_("the trajectory belongs to another family"), "trajectory"))
    if any(m.family_id != family.id for m in members):
        raise ValidationFailed(Problem(_("members must belong to the family"), "members"))
    with unit_of_work():
        contact = Contact.create(family=family, trajectory=trajectory, kind=kind,
                                 occurred_at=(occurred_at or clock.now()).replace(tzinfo=None),
                                 worker=worker, summary=summary, duration_minutes=duration_minutes)
        for member in members:
            ContactMember.create(contact=contact, member=member)
        emit(Event("contact.recorded", family_id=family.id,
                   trajectory_id=trajectory.id if trajectory else None,
                   data={"contact_id": contact.id, "kind": kind}))
        if trajectory:
            signals.refresh(trajectory)
    return contact


def record_meeting(kind: str, *, trajectory: Trajectory | None = None, family: Family | None = None,
                   held_on: dt.date | None = None, participants: list[dict] = (),
                   decisions: list[str] = (), summary: str | None = None,
                   worker: Worker | None = None) -> Meeting:
    definition = registry().meeting_kinds.get(kind)
    if definition is None:
        raise ValidationFailed(Problem(_("unknown meeting kind '%(kind)s'", kind=kind), "kind"))
    if trajectory and definition.methodologies and trajectory.methodology not in definition.methodologies:
        raise ValidationFailed(Problem(_("meeting kind '%(kind)s' is not used in this methodology", kind=kind), "kind"))
    held_on = held_on or clock.today()
    if held_on > clock.today():
        raise ValidationFailed(Problem(_("a meeting is recorded after it was held"), "held_on"))
    if trajectory is not None:
        family = trajectory.family
    with unit_of_work():
        meeting = Meeting.create(kind=kind, trajectory=trajectory, family=family, held_on=held_on,
                                 summary=summary, decisions=list(decisions), created_by=worker)
        for index, p in enumerate(participants):
            if not p.get("name") or not p.get("role"):
                raise ValidationFailed(Problem(_("each participant needs a name and a role"),
                                               f"participants[{index}]"))
            MeetingParticipant.create(meeting=meeting, **p)
        emit(Event("meeting.recorded", family_id=family.id if family else None,
                   trajectory_id=trajectory.id if trajectory else None,
                   data={"meeting_id": meeting.id, "kind": kind}))
        if trajectory:
            signals.refresh(trajectory)
    return meeting


def last_meeting_on(trajectory: Trajectory, kind: str) -> dt.date | None:
    row = (Meeting.select(Meeting.held_on).where((Meeting.trajectory == trajectory.id) & (Meeting.kind == kind))
           .order_by(Meeting.held_on.desc()).first())
    return row.held_on if row else None


def last_contact_on(trajectory: Trajectory, kinds: tuple[str, ...] = ()) -> dt.date | None:
    query = Contact.select(Contact.occurred_at).where(Contact.trajectory == trajectory.id)
    if kinds:
        query = query.where(Contact.kind.in_(kinds))
    row = query.order_by(Contact.occurred_at.desc()).first()
    return row.occurred_at.date() if row else None
