"""Signals: due and overdue items, with an escalation ladder.

Due dates are stored when data changes, so "what is overdue for my team" is an
indexed query (status, team, due_on), not a sweep over all trajectories.
"""

from peewee import BooleanField, CharField, DateField, DateTimeField, ForeignKeyField, IntegerField, TextField

from .base import VersionedModel, utcnow
from .family import Family
from .trajectory import Trajectory
from .worker import Team, Worker

SIGNAL_STATUSES = ("open", "done", "cancelled")


class Signal(VersionedModel):
    family = ForeignKeyField(Family, null=True, backref="signals", on_delete="CASCADE")
    trajectory = ForeignKeyField(Trajectory, index=False, null=True, backref="signals", on_delete="CASCADE")
    rule = CharField()          # cadence rule key or ad-hoc signal kind
    title = CharField()
    detail = TextField(null=True)
    priority = CharField(default="normal")  # normal / high
    status = CharField(default="open")
    warn_on = DateField(null=True)
    due_on = DateField()
    assigned_worker = ForeignKeyField(Worker, index=False, null=True, on_delete="SET NULL", backref="signals")
    team = ForeignKeyField(Team, index=False, null=True, on_delete="SET NULL", backref="signals")
    target_role = CharField(null=True)  # who must act at the current level
    ladder = CharField(null=True)
    escalation_level = IntegerField(default=0)
    escalate_on = DateField(null=True)
    requires_ack = BooleanField(default=False)
    acknowledged_by = ForeignKeyField(Worker, null=True, on_delete="SET NULL", backref="+")
    acknowledged_at = DateTimeField(null=True)
    source = CharField(null=True)  # "<table>:<id>" of the record that raised it
    created_at = DateTimeField(default=utcnow)
    resolved_at = DateTimeField(null=True)

    class Meta:
        # index=False on a field that leads one of these: the composite serves lookups by it
        indexes = (
            (("status", "due_on"), False),
            (("team", "status", "due_on"), False),
            (("assigned_worker", "status", "due_on"), False),
            (("trajectory", "rule", "status"), False),
            (("status", "escalate_on"), False),
        )

    def audit_family_id(self):
        return self.family_id
