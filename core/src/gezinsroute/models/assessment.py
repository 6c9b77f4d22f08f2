"""A result of an instrument a plugin registered: item scores as codes, never licensed item text."""

from peewee import CharField, DateField, ForeignKeyField, TextField

from .base import JSONField, VersionedModel
from .family import Member
from .trajectory import Trajectory
from .worker import Worker


class Assessment(VersionedModel):
    trajectory = ForeignKeyField(Trajectory, index=False, backref="assessments", on_delete="CASCADE")
    member = ForeignKeyField(Member, null=True, backref="assessments", on_delete="SET NULL")
    instrument = CharField(index=True)
    instrument_version = CharField()
    scores = JSONField(default=dict)  # item code -> score code
    outcome = CharField(null=True)    # computed by the instrument
    assessor = ForeignKeyField(Worker, null=True, on_delete="SET NULL", backref="+")
    assessed_on = DateField()
    notes = TextField(null=True)

    class Meta:
        # index=False on a field that leads one of these: the composite serves lookups by it
        indexes = ((("trajectory", "instrument", "assessed_on"), False),)

    def audit_family_id(self):
        return self.trajectory.family_id
