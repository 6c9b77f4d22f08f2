"""A family (gezin) and every one of its members, not only the child who was referred."""

from __future__ import annotations

import datetime as dt

from peewee import BooleanField, CharField, DateField, DateTimeField, ForeignKeyField

from .. import clock
from .base import VersionedModel, utcnow
from .geo import Area, Municipality

MEMBER_ROLES = ("parent", "carer", "child", "other")


class Family(VersionedModel):
    reference = CharField(unique=True)  # stable, non-identifying case reference
    name = CharField()                  # how workers address the family, e.g. "Gezin Jansen"
    postcode = CharField(null=True, max_length=7)
    house_number = CharField(null=True, max_length=12)
    municipality = ForeignKeyField(Municipality, null=True, backref="families", on_delete="SET NULL")
    area = ForeignKeyField(Area, null=True, backref="families", on_delete="SET NULL")
    languages = CharField(default="nl")  # languages spoken at home, ISO 639-1, comma-separated
    created_at = DateTimeField(default=utcnow, index=True)

    def audit_family_id(self):
        return self.id

    def __str__(self):
        return f"{self.name} ({self.reference})"

    @property
    def language_list(self) -> list[str]:
        return [x for x in (self.languages or "").split(",") if x]


class Member(VersionedModel):
    family = ForeignKeyField(Family, backref="members", on_delete="CASCADE")
    role = CharField(choices=[(r, r) for r in MEMBER_ROLES])
    given_name = CharField()
    family_name = CharField()
    birth_date = DateField(null=True)
    bsn = CharField(null=True, max_length=9, index=True)
    gender = CharField(null=True, max_length=1)  # COD046: 0 unknown, 1 male, 2 female
    has_authority = BooleanField(default=False)  # parental authority (gezag)
    languages = CharField(null=True)

    def audit_family_id(self):
        return self.family_id

    def __str__(self):
        return f"{self.given_name} {self.family_name}"

    def age_on(self, on: dt.date | None = None) -> int | None:
        if not self.birth_date:
            return None
        on = on or clock.today()
        years = on.year - self.birth_date.year
        if (on.month, on.day) < (self.birth_date.month, self.birth_date.day):
            years -= 1
        return years
