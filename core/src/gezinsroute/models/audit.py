"""NEN 7513 audit entries: append-only and hash-chained.

Append-only is enforced by database triggers (see the core migration), and each
entry's hash covers the previous entry's hash, so an edited or deleted row is
detected by ``gezinsroute audit verify``.
"""

from peewee import BigAutoField, BooleanField, CharField, DateTimeField, IntegerField, TextField

from ..db import BaseModel


class AuditEntry(BaseModel):
    id = BigAutoField()
    occurred_at = DateTimeField(index=True)      # EventDateTime, UTC
    action = CharField(max_length=1)             # EventActionCode: C R U D E
    event_type = CharField(default="regular")    # regular / emergency / log-access / auth
    outcome = CharField(default="success")       # EventOutcomeIndicator
    user_id = IntegerField(null=True, index=True)
    username = CharField()
    role = CharField(null=True)                  # RoleIDCode
    purpose = CharField(null=True)               # PurposeOfUse
    on_behalf_of = CharField(null=True)
    access_point = CharField(null=True)          # NetworkAccessPointID
    object_type = CharField()                    # ParticipantObjectTypeCode
    object_id = CharField(null=True)             # ParticipantObjectID
    family_id = IntegerField(null=True, index=True)
    detail = TextField(null=True)
    source = CharField(default="gezinsroute")    # AuditSourceID
    # The four NEN 7513 control flags.
    check_authorisation = BooleanField(default=False)
    check_relationship = BooleanField(default=False)
    check_consent = BooleanField(default=False)
    check_emergency = BooleanField(default=False)
    prev_hash = CharField(max_length=64)
    hash = CharField(max_length=64)
    chain_position = IntegerField(null=True)

    class Meta:
        table_name = "audit_entry"
