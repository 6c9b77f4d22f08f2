"""Contact moments (home visit, call, ...) and meetings with participants and decisions."""

from peewee import CharField, DateField, DateTimeField, ForeignKeyField, IntegerField, TextField

from .base import AuditedModel, JSONField
from .family import Family, Member
from .partner import Partner
from .trajectory import Trajectory
from .worker import Worker


class Contact(AuditedModel):
    family = ForeignKeyField(Family, index=False, backref="contacts", on_delete="CASCADE")
    trajectory = ForeignKeyField(Trajectory, index=False, null=True, backref="contacts", on_delete="CASCADE")
    kind = CharField()  # registered contact kind, e.g. "home_visit"
    occurred_at = DateTimeField()
    worker = ForeignKeyField(Worker, null=True, on_delete="SET NULL", backref="contacts")
    duration_minutes = IntegerField(null=True)
    summary = TextField(null=True)

    class Meta:
        # index=False on a field that leads one of these: the composite serves lookups by it
        indexes = ((("family", "occurred_at"), False), (("trajectory", "occurred_at"), False))

    def audit_family_id(self):
        return self.family_id


class ContactMember(AuditedModel):
    contact = ForeignKeyField(Contact, index=False, backref="member_rows", on_delete="CASCADE")
    member = ForeignKeyField(Member, backref="contact_rows", on_delete="CASCADE")

    class Meta:
        # index=False on a field that leads one of these: the composite serves lookups by it
        indexes = ((("contact", "member"), True),)

    def audit_family_id(self):
        return self.member.family_id


class Meeting(AuditedModel):
    family = ForeignKeyField(Family, null=True, backref="meetings", on_delete="CASCADE")
    trajectory = ForeignKeyField(Trajectory, index=False, null=True, backref="meetings", on_delete="CASCADE")
    kind = CharField()  # a meeting kind a plugin registered, "<slug>.<kind>"
    held_on = DateField()
    summary = TextField(null=True)
    decisions = JSONField(default=list)
    created_by = ForeignKeyField(Worker, null=True, on_delete="SET NULL", backref="+")

    class Meta:
        # index=False on a field that leads one of these: the composite serves lookups by it
        indexes = ((("trajectory", "kind", "held_on"), False),)

    def audit_family_id(self):
        return self.family_id


class MeetingParticipant(AuditedModel):
    meeting = ForeignKeyField(Meeting, backref="participants", on_delete="CASCADE")
    name = CharField()
    role = CharField()  # family, local team, provider, school, ...
    worker = ForeignKeyField(Worker, null=True, on_delete="SET NULL", backref="+")
    partner = ForeignKeyField(Partner, null=True, on_delete="SET NULL", backref="+")
    member = ForeignKeyField(Member, null=True, on_delete="SET NULL", backref="+")

    def audit_family_id(self):
        return self.meeting.family_id
