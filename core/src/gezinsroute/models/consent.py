"""Consent to share: who agreed, to share what with whom, for what purpose, when.

The core answers "may this be shared with that partner now?" for every plugin
(:mod:`gezinsroute.services.consent`), so no plugin keeps its own consent records.
"""

from peewee import CharField, DateField, ForeignKeyField, TextField

from .base import AuditedModel, VersionedModel
from .family import Family, Member
from .partner import Partner
from .worker import Worker


class Consent(VersionedModel):
    family = ForeignKeyField(Family, backref="consents", on_delete="CASCADE")
    subject = ForeignKeyField(Member, index=False, backref="consents_about", on_delete="CASCADE")
    # Recipient: a specific partner, or a kind of recipient ("school", "volunteer", ...).
    recipient_partner = ForeignKeyField(Partner, null=True, on_delete="CASCADE", backref="+")
    recipient_kind = CharField(null=True)
    purpose = CharField()              # e.g. "referral", "handover", "report", "*"
    data_categories = CharField(default="*")
    valid_from = DateField()
    valid_to = DateField(null=True)
    withdrawn_on = DateField(null=True)
    evidence = TextField(null=True)
    recorded_by = ForeignKeyField(Worker, null=True, on_delete="SET NULL", backref="+")

    class Meta:
        # index=False on a field that leads one of these: the composite serves lookups by it
        indexes = ((("subject", "purpose"), False),)

    def audit_family_id(self):
        return self.family_id


class ConsentGiver(AuditedModel):
    consent = ForeignKeyField(Consent, index=False, backref="giver_rows", on_delete="CASCADE")
    member = ForeignKeyField(Member, backref="consents_given", on_delete="CASCADE")

    class Meta:
        # index=False on a field that leads one of these: the composite serves lookups by it
        indexes = ((("consent", "member"), True),)

    def audit_family_id(self):
        return self.member.family_id
