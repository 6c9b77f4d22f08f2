"""Partners on the sociale kaart: organisations and facilities families are connected to.

Partners are data per deployment (synchronised from the deployment file and
editable by administrators), never code.
"""

from peewee import BooleanField, CharField, ForeignKeyField, IntegerField, TextField

from .base import AuditedModel
from .geo import Area


class Partner(AuditedModel):
    key = CharField(unique=True)
    name = CharField()
    kind = CharField(index=True)  # e.g. "school", "library", "jac"; kinds come from the deployment
    contact_name = CharField(null=True)
    email = CharField(null=True)
    phone = CharField(null=True)
    address = TextField(null=True)
    capacity = IntegerField(null=True)
    active = BooleanField(default=True)
    description = TextField(null=True)

    def __str__(self):
        return self.name


class PartnerArea(AuditedModel):
    partner = ForeignKeyField(Partner, index=False, backref="area_rows", on_delete="CASCADE")
    area = ForeignKeyField(Area, backref="partner_rows", on_delete="CASCADE")

    class Meta:
        # index=False on a field that leads one of these: the composite serves lookups by it
        indexes = ((("partner", "area"), True),)
