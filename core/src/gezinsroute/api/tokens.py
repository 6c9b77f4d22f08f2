"""API tokens: an administrator creates one for a worker and can revoke it.

Only a SHA-256 hash of the token is stored; the plaintext is shown once, when it
is created. A request authenticates with ``Authorization: Bearer <token>``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from peewee import JOIN, CharField, DateTimeField, ForeignKeyField

from ..db import BaseModel
from ..errors import NotFound, Problem, ValidationFailed
from ..events import write_after_reads
from ..models import Worker, WorkerRole
from ..models.base import utcnow
from ..services import audit

TOKEN_PREFIX = "gzr_"


class ApiToken(BaseModel):
    worker = ForeignKeyField(Worker, backref="api_tokens", on_delete="CASCADE")
    name = CharField()
    token_hash = CharField(max_length=64, unique=True)
    created_at = DateTimeField(default=utcnow)
    last_used_at = DateTimeField(null=True)
    revoked_at = DateTimeField(null=True)
    expires_at = DateTimeField(null=True)

    class Meta:
        table_name = "api_token"

    @property
    def is_active(self) -> bool:
        now = utcnow()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


def hash_token(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode("utf-8")).hexdigest()


def create_token(worker: Worker, name: str, days: int | None = 90) -> str:
    """Create a token for ``worker``; returns the plaintext (shown once, never stored)."""
    problems = []
    if not (name or "").strip():
        problems.append(Problem("a token needs a name", "name"))
    if days is not None and days < 1:
        problems.append(Problem("a token must be valid for at least one day", "days"))
    if not worker.active:
        problems.append(Problem("the worker is not active", "worker"))
    if problems:
        raise ValidationFailed(problems)
    plaintext = TOKEN_PREFIX + secrets.token_urlsafe(32)
    expires = utcnow() + dt.timedelta(days=days) if days else None
    with ApiToken._meta.database.atomic():
        token = ApiToken.create(worker=worker, name=name.strip(), token_hash=hash_token(plaintext),
                                expires_at=expires)
        audit.append("C", "api_token", token.id, detail=f"worker {worker.id}", event_type="auth")
    return plaintext


def revoke(token_id: int) -> ApiToken:
    """Revoke a token; requests with it get 401 from then on."""
    token = ApiToken.get_or_none(ApiToken.id == token_id)
    if token is None:
        raise NotFound(Problem(f"no API token {token_id}", "token_id"))
    if token.revoked_at is None:
        with ApiToken._meta.database.atomic():
            token.revoked_at = utcnow()
            token.save(only=[ApiToken.revoked_at])
            audit.append("U", "api_token", token.id, detail="revoked", event_type="auth")
    return token


def authenticate(plaintext: str) -> ApiToken | None:
    """The active token for ``plaintext`` (its worker active too), or ``None``."""
    if not plaintext or len(plaintext) > 200 or "\x00" in plaintext:
        return None
    # token, worker and the worker's roles in one query (one row per role)
    rows = list(ApiToken.select(ApiToken, Worker, WorkerRole.role).join(Worker)
                .join(WorkerRole, JOIN.LEFT_OUTER, on=(WorkerRole.worker == Worker.id), attr="gz_role")
                .where(ApiToken.token_hash == hash_token(plaintext)))
    if not rows:
        return None
    token = rows[0]
    if not token.is_active or not token.worker.active:
        return None
    roles = (getattr(row.worker, "gz_role", None) for row in rows)
    token.worker_roles = {r.role for r in roles if r is not None and r.role is not None}
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        write_after_reads(ApiToken.update(last_used_at=now).where(ApiToken.id == token.id).execute)
        token.last_used_at = now
    return token


API_MODELS = [ApiToken]
