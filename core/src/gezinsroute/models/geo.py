"""Municipalities (CBS gemeentecode) and their areas (wijk/gebied)."""

from peewee import CharField, ForeignKeyField

from .base import AuditedModel


class Municipality(AuditedModel):
    code = CharField(unique=True, max_length=6)  # CBS gemeentecode, "GM0546"
    name = CharField()

    def __str__(self):
        return f"{self.name} ({self.code})"


class Area(AuditedModel):
    municipality = ForeignKeyField(Municipality, backref="areas", on_delete="RESTRICT")
    code = CharField(unique=True)  # CBS wijkcode "WK054601" or a deployment's own area key
    name = CharField()

    def __str__(self):
        return self.name
