"""Sign-in state: server-side sessions, login attempts and break-the-glass grants.

These tables are not :class:`AuditedModel`: a session is touched on every request
and must not flood the audit log. Authentication and emergency events are written
to the audit log explicitly (event types ``auth`` and ``emergency``).
"""

from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from ..db import BaseModel
from .base import utcnow
from .family import Family
from .worker import Worker


class LoginSession(BaseModel):
    """One signed-in browser. The cookie holds a random 256-bit token; only its SHA-256 is stored."""

    token_hash = CharField(max_length=64, unique=True)
    worker = ForeignKeyField(Worker, index=False, backref="login_sessions", on_delete="CASCADE")
    created_at = DateTimeField(default=utcnow)
    last_seen_at = DateTimeField(default=utcnow)
    expires_at = DateTimeField()              # absolute end (deployment.session_max_hours)
    second_factor_done = BooleanField(default=False)
    pending_totp_secret = CharField(null=True)  # during enrolment only
    access_point = CharField(null=True)
    user_agent = CharField(null=True, max_length=255)
    revoked_at = DateTimeField(null=True)
    revoked_reason = CharField(null=True)     # logout / idle / expired / disabled / admin

    class Meta:
        table_name = "login_session"
        # index=False on a field that leads one of these: the composite serves lookups by it
        indexes = ((("worker", "revoked_at"), False),)


class LoginAttempt(BaseModel):
    """A sign-in attempt, for throttling (failures per account per window)."""

    username = CharField(max_length=150, index=False)
    occurred_at = DateTimeField(default=utcnow)
    success = BooleanField(default=False)
    access_point = CharField(null=True)

    class Meta:
        table_name = "login_attempt"
        # index=False on a field that leads one of these: the composite serves lookups by it
        indexes = ((("username", "occurred_at"), False),)


class EmergencyAccess(BaseModel):
    """Break-the-glass: a worker opened a family outside need-to-know, with a reason, for a while."""

    worker = ForeignKeyField(Worker, index=False, backref="emergency_grants", on_delete="CASCADE")
    family = ForeignKeyField(Family, backref="emergency_grants", on_delete="CASCADE")
    reason = TextField()
    started_at = DateTimeField(default=utcnow)
    expires_at = DateTimeField()
    hours = IntegerField(default=4)
    reviewed_by = ForeignKeyField(Worker, null=True, on_delete="SET NULL", backref="+")
    reviewed_at = DateTimeField(null=True)
    review_note = TextField(null=True)

    class Meta:
        table_name = "emergency_access"
        # index=False on a field that leads one of these: the composite serves lookups by it
        indexes = ((("worker", "family", "expires_at"), False), (("reviewed_at",), False))


AUTH_MODELS = [LoginSession, LoginAttempt, EmergencyAccess]
