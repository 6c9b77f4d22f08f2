"""Contact moments and meetings."""

from __future__ import annotations

from ..errors import Problem, ValidationFailed
from ..models import Contact, Meeting, MeetingParticipant
from ..services import contacts
from . import schemas as s
from .common import (
    ApiBlueprint,
    existing_partner,
    existing_worker,
    family_member,
    family_members,
    get_family,
    get_in_family,
    get_trajectory,
    paginate,
    require_case_access,
)

blp = ApiBlueprint("api_contacts", __name__, description="Contact moments and meetings")


def _meeting_dump(meeting: Meeting) -> Meeting:
    meeting.participant_list = [{"name": p.name, "role": p.role, "member_id": p.member_id,
                             "partner_id": p.partner_id, "worker_id": p.worker_id}
                            for p in meeting.participants.order_by(MeetingParticipant.id)]
    return meeting


@blp.route("/families/<int:family_id>/contacts", methods=["GET"])
@blp.arguments(s.PageArgs, location="query")
@blp.response(200, s.page_of(s.ContactSchema))
def list_contacts(args, family_id):
    family = get_family(family_id, read=False)
    return paginate(Contact.select().where(Contact.family == family.id), Contact, args,
                    object_type="contact", family_of=lambda c: c.family_id)


@blp.route("/contacts", methods=["POST"])
@blp.arguments(s.ContactCreateSchema)
@blp.response(201, s.ContactSchema)
def record_contact(data):
    family = get_family(data["family_id"], read=False)
    trajectory = get_trajectory(data["trajectory_id"], read=False) if data.get("trajectory_id") else None
    return contacts.record_contact(
        family, data["kind"], trajectory=trajectory, occurred_at=data.get("occurred_at"),
        worker=require_case_access(), members=family_members(family.id, data.get("member_ids"), "member_ids"),
        summary=data.get("summary"), duration_minutes=data.get("duration_minutes"))


@blp.route("/contacts/<int:contact_id>", methods=["GET"])
@blp.response(200, s.ContactSchema)
def get_contact(contact_id):
    return get_in_family(Contact, contact_id, lambda c: c.family_id, object_type="contact")


@blp.route("/families/<int:family_id>/meetings", methods=["GET"])
@blp.arguments(s.PageArgs, location="query")
@blp.response(200, s.page_of(s.MeetingSchema))
def list_meetings(args, family_id):
    family = get_family(family_id, read=False)
    return paginate(Meeting.select().where(Meeting.family == family.id), Meeting, args,
                    object_type="meeting", family_of=lambda m: m.family_id, serialize=_meeting_dump)


@blp.route("/meetings", methods=["POST"])
@blp.arguments(s.MeetingCreateSchema)
@blp.response(201, s.MeetingSchema)
def record_meeting(data):
    trajectory = get_trajectory(data["trajectory_id"], read=False) if data.get("trajectory_id") else None
    if trajectory is None and not data.get("family_id"):
        raise ValidationFailed(Problem("name the trajectory or the family the meeting was about", "family_id"))
    family = get_family(trajectory.family_id if trajectory else data["family_id"], read=False)
    if trajectory and data.get("family_id") and data["family_id"] != trajectory.family_id:
        raise ValidationFailed(Problem("the trajectory belongs to another family", "family_id"))
    participants = []
    for index, p in enumerate(data.get("participants") or ()):
        where = f"participants.{index}"
        participants.append({
            "name": p["name"], "role": p["role"],
            "member": family_member(family.id, p.get("member_id"), f"{where}.member_id"),
            "partner": existing_partner(p.get("partner_id"), f"{where}.partner_id"),
            "worker": existing_worker(p.get("worker_id"), f"{where}.worker_id"),
        })
    meeting = contacts.record_meeting(
        data["kind"], trajectory=trajectory, family=family, held_on=data.get("held_on"),
        participants=participants, decisions=data.get("decisions") or (), summary=data.get("summary"),
        worker=require_case_access())
    return _meeting_dump(meeting)


@blp.route("/meetings/<int:meeting_id>", methods=["GET"])
@blp.response(200, s.MeetingSchema)
def get_meeting(meeting_id):
    return _meeting_dump(get_in_family(Meeting, meeting_id, lambda m: m.family_id, object_type="meeting"))
