"""A trajectory: one family's path through one methodology, with its phase history."""

from peewee import BooleanField, CharField, DateField, DateTimeField, ForeignKeyField, TextField

from .base import AuditedModel, VersionedModel, utcnow
from .family import Family, Member
from .partner import Partner
from .worker import Team, Worker


class Trajectory(VersionedModel):
    family = ForeignKeyField(Family, index=False, backref="trajectories", on_delete="RESTRICT")
    methodology = CharField()  # the methodology key a plugin registered
    phase = CharField()
    responsible = ForeignKeyField(Worker, index=False, null=True, backref="trajectories", on_delete="SET NULL")
    team = ForeignKeyField(Team, index=False, null=True, backref="trajectories", on_delete="SET NULL")
    # How the family was found / referred (vindplaats, entry point, verwijzer).
    source = CharField(null=True)
    referrer_code = CharField(null=True, max_length=2)  # iJw COD327 code verwijzer
    referrer_partner = ForeignKeyField(Partner, null=True, backref="referred_trajectories",
                                       on_delete="SET NULL")
    referrer_note = TextField(null=True)
    started_on = DateField()
    ended_on = DateField(null=True)
    end_reason_cbs = CharField(null=True, max_length=2)    # CBS BIJ 01-05
    end_reason_jz588 = CharField(null=True, max_length=2)  # iJw JZ588
    end_note = TextField(null=True)
    previous = ForeignKeyField("self", null=True, backref="followed_by", on_delete="SET NULL")
    created_at = DateTimeField(default=utcnow)
    updated_at = DateTimeField(default=utcnow)

    class Meta:
        # index=False on a field that leads one of these: the composite serves lookups by it
        indexes = (
            (("family", "methodology"), False),
            (("responsible", "ended_on"), False),
            (("team", "ended_on"), False),
            (("methodology", "phase"), False),
            (("started_on",), False),
        )

    def audit_family_id(self):
        return self.family_id

    @property
    def is_open(self) -> bool:
        return self.ended_on is None

    def __str__(self):
        return f"{self.methodology} #{self.id} ({self.phase})"


class TrajectoryMember(AuditedModel):
    """The members a trajectory concerns; a child left out carries the reason."""

    trajectory = ForeignKeyField(Trajectory, index=False, backref="member_rows", on_delete="CASCADE")
    member = ForeignKeyField(Member, backref="trajectory_rows", on_delete="CASCADE")
    included = BooleanField(default=True)
    exclusion_reason = TextField(null=True)

    class Meta:
        # index=False on a field that leads one of these: the composite serves lookups by it
        indexes = ((("trajectory", "member"), True),)

    def audit_family_id(self):
        return self.trajectory.family_id


class PhaseChange(AuditedModel):
    trajectory = ForeignKeyField(Trajectory, backref="phase_changes", on_delete="CASCADE")
    from_phase = CharField(null=True)
    to_phase = CharField()
    changed_at = DateTimeField(default=utcnow)
    worker = ForeignKeyField(Worker, null=True, on_delete="SET NULL")
    note = TextField(null=True)

    def audit_family_id(self):
        return self.trajectory.family_id
