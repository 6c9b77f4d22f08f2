"""Professionals' accounts, their teams and roles."""

from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, TextField

from .base import AuditedModel, utcnow
from .geo import Municipality


class Team(AuditedModel):
    key = CharField(unique=True)
    name = CharField()
    municipality = ForeignKeyField(Municipality, null=True, backref="teams", on_delete="SET NULL")

    def __str__(self):
        return self.name


class Worker(AuditedModel):
    username = CharField(unique=True)
    full_name = CharField()
    email = CharField(null=True)
    team = ForeignKeyField(Team, null=True, backref="workers", on_delete="SET NULL")
    organisation = CharField(null=True)
    active = BooleanField(default=True)
    password_hash = TextField(null=True)
    totp_secret = CharField(null=True)
    created_at = DateTimeField(default=utcnow)

    def __str__(self):
        return self.full_name

    @property
    def roles(self) -> set[str]:
        return {r.role for r in self.role_rows}


class WorkerRole(AuditedModel):
    worker = ForeignKeyField(Worker, index=False, backref="role_rows", on_delete="CASCADE")
    role = CharField()

    class Meta:
        # index=False on a field that leads one of these: the composite serves lookups by it
        indexes = ((("worker", "role"), True),)
