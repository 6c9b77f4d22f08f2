"""Who is involved with a family, in what role, over which period.

Workers, partner organisations and informal network people (volunteer,
self-chosen mentor, support family, shadow worker) are all involvements, so "how many
professionals are around this family right now" is one indexed query.
"""

from peewee import BooleanField, CharField, DateField, ForeignKeyField, TextField

from .base import AuditedModel
from .family import Family
from .partner import Partner
from .trajectory import Trajectory
from .worker import Worker

INVOLVEMENT_KINDS = ("worker", "partner", "informal")


class Involvement(AuditedModel):
    family = ForeignKeyField(Family, index=False, backref="involvements", on_delete="CASCADE")
    trajectory = ForeignKeyField(Trajectory, null=True, backref="involvements", on_delete="CASCADE")
    kind = CharField(choices=[(k, k) for k in INVOLVEMENT_KINDS])
    role = CharField()  # "responsible", "partner", or a role a plugin registered
    worker = ForeignKeyField(Worker, index=False, null=True, backref="involvements", on_delete="CASCADE")
    partner = ForeignKeyField(Partner, null=True, backref="involvements", on_delete="SET NULL")
    person_name = CharField(null=True)  # informal network person without an account
    is_professional = BooleanField(default=True)
    started_on = DateField()
    ended_on = DateField(null=True)
    note = TextField(null=True)

    class Meta:
        # index=False on a field that leads one of these: the composite serves lookups by it
        indexes = (
            (("family", "ended_on"), False),
            (("worker", "ended_on"), False),
        )

    def audit_family_id(self):
        return self.family_id

    @property
    def who(self) -> str:
        if self.worker_id:
            return str(self.worker)
        if self.partner_id:
            return str(self.partner)
        return self.person_name or "?"
