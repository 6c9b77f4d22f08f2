"""A referral from a trajectory to a partner, for one or more members, with its lifecycle."""

from peewee import CharField, DateField, ForeignKeyField, TextField

from .base import AuditedModel, VersionedModel
from .family import Member
from .partner import Partner
from .trajectory import Trajectory
from .worker import Worker

# proposed -> accepted -> started -> ended, or declined / withdrawn.
REFERRAL_FLOW = {
    "proposed": ("accepted", "declined", "withdrawn"),
    "accepted": ("started", "declined", "withdrawn"),
    "started": ("ended", "withdrawn"),
    "ended": (),
    "declined": (),
    "withdrawn": (),
}
REFERRAL_DATE_FIELD = {
    "proposed": "proposed_on", "accepted": "accepted_on", "started": "started_on",
    "ended": "ended_on", "declined": "closed_on", "withdrawn": "closed_on",
}


class Referral(VersionedModel):
    trajectory = ForeignKeyField(Trajectory, backref="referrals", on_delete="CASCADE")
    partner = ForeignKeyField(Partner, backref="referrals", on_delete="RESTRICT")
    status = CharField(default="proposed", index=True)
    purpose = CharField(default="referral")
    programme = CharField(null=True)  # a programme key a plugin defines
    proposed_on = DateField()
    accepted_on = DateField(null=True)
    started_on = DateField(null=True)
    ended_on = DateField(null=True)
    closed_on = DateField(null=True)
    outcome = TextField(null=True)
    note = TextField(null=True)
    created_by = ForeignKeyField(Worker, null=True, on_delete="SET NULL")

    def audit_family_id(self):
        return self.trajectory.family_id


class ReferralMember(AuditedModel):
    referral = ForeignKeyField(Referral, index=False, backref="member_rows", on_delete="CASCADE")
    member = ForeignKeyField(Member, backref="referral_rows", on_delete="CASCADE")

    class Meta:
        # index=False on a field that leads one of these: the composite serves lookups by it
        indexes = ((("referral", "member"), True),)

    def audit_family_id(self):
        return self.member.family_id
