"""Plans with goals. Kinds are registered by plugins; an agreed version is immutable."""

from flask_babel import gettext as _
from peewee import CharField, DateField, DateTimeField, ForeignKeyField, IntegerField, TextField

from ..errors import ValidationFailed
from .base import AuditedModel, JSONField, VersionedModel, utcnow
from .family import Member
from .trajectory import Trajectory
from .worker import Worker

PLAN_STATUSES = ("draft", "agreed", "superseded")


class Plan(VersionedModel):
    trajectory = ForeignKeyField(Trajectory, index=False, backref="plans", on_delete="CASCADE")
    kind = CharField()       # a plan kind a plugin registered, "<slug>.<kind>"
    series = CharField(index=False)  # all versions of one plan share a series key
    version = IntegerField(default=1)
    status = CharField(default="draft")
    title = CharField(null=True)
    language = CharField(null=True, max_length=8)  # the language the plan was made in
    content = JSONField(null=True)  # structured parts the plan kind defines
    agreed_on = DateField(null=True)
    agreed_by = ForeignKeyField(Worker, null=True, on_delete="SET NULL", backref="+")
    created_by = ForeignKeyField(Worker, null=True, on_delete="SET NULL", backref="+")
    created_at = DateTimeField(default=utcnow)

    class Meta:
        # index=False on a field that leads one of these: the composite serves lookups by it
        indexes = ((("series", "version"), True), (("trajectory", "kind"), False))

    def audit_family_id(self):
        return self.trajectory.family_id

    def save(self, force_insert=False, only=None):
        # An agreed version is immutable; only its supersession may be recorded.
        if self.id and not force_insert:
            stored = Plan.get_or_none(Plan.id == self.id)
            if stored and stored.status == "agreed" and not (
                    self.status == "superseded" and self._only_status_changed(stored)):
                raise ValidationFailed(_("an agreed plan cannot be changed; make a new version"))
            if stored and stored.status == "superseded":
                raise ValidationFailed(_("a superseded plan cannot be changed"))
        return super().save(force_insert=force_insert, only=only)

    def _only_status_changed(self, stored) -> bool:
        return all(getattr(self, f.name) == getattr(stored, f.name)
                   for f in self._meta.sorted_fields if f.name not in ("status", "lock_version"))


class Goal(AuditedModel):
    plan = ForeignKeyField(Plan, backref="goals", on_delete="CASCADE")
    position = IntegerField(default=0)
    description = TextField()
    member = ForeignKeyField(Member, null=True, on_delete="SET NULL", backref="goals")
    linked_to = CharField(null=True)  # e.g. a risk-factor code (from an assessment) this goal addresses
    owner = CharField(null=True)
    due_on = DateField(null=True)
    status = CharField(default="open")  # open / achieved / partly / not_achieved
    result = TextField(null=True)

    def audit_family_id(self):
        return self.plan.trajectory.family_id

    def save(self, force_insert=False, only=None):
        if self.plan.status != "draft" and not getattr(self, "_allow_result", False):
            raise ValidationFailed(_("goals of an agreed plan cannot be changed; make a new version"))
        return super().save(force_insert=force_insert, only=only)


class PlanSignature(AuditedModel):
    plan = ForeignKeyField(Plan, backref="signatures", on_delete="CASCADE")
    party_name = CharField()
    party_role = CharField()  # parent, child, gezinsmanager, network, ...
    member = ForeignKeyField(Member, null=True, on_delete="SET NULL", backref="+")
    worker = ForeignKeyField(Worker, null=True, on_delete="SET NULL", backref="+")
    signed_on = DateField()

    def audit_family_id(self):
        return self.plan.trajectory.family_id
