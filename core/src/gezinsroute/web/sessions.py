"""Server-side, revocable sign-in sessions (ASVS 7.2-7.4).

The browser holds a random 256-bit token in an HttpOnly, SameSite=Lax cookie
(``__Host-`` prefixed and Secure unless the deployment runs on plain HTTP for
development). The database keeps only the token's SHA-256, so a copy of the
table cannot be replayed. A session ends on logout, on idle timeout
(``deployment.session_idle_minutes``), at its absolute end
(``deployment.session_max_hours``), when the worker is disabled, or when an
administrator revokes it; every check happens on every request.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import secrets

from flask import current_app
from peewee import JOIN

from ..events import write_after_reads
from ..models import LoginSession, Worker, WorkerRole
from ..models.base import utcnow
from ..services.statements import Statement, param

TOUCH_EVERY = dt.timedelta(seconds=60)  # last_seen is written at most once a minute


def cookie_secure() -> bool:
    return bool(current_app.config.get("GEZINSROUTE_COOKIE_SECURE", True))


def cookie_name() -> str:
    return "__Host-gz_session" if cookie_secure() else "gz_session"


def set_cookie(response, token: str) -> None:
    response.set_cookie(cookie_name(), token, secure=cookie_secure(), httponly=True,
                        samesite="Lax", path="/")


def clear_cookie(response) -> None:
    response.delete_cookie(cookie_name(), secure=cookie_secure(), httponly=True, samesite="Lax",
                           path="/")


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _deployment():
    return current_app.extensions["gezinsroute"].deployment


def create(worker: Worker, *, second_factor_done: bool, access_point: str | None = None,
           user_agent: str | None = None) -> tuple[str, LoginSession]:
    """A new session with a fresh random id (never reuse one from before the login)."""
    token = secrets.token_urlsafe(32)  # 256 bits
    now = utcnow()
    session = LoginSession.create(
        token_hash=_hash(token), worker=worker, created_at=now, last_seen_at=now,
        expires_at=now + dt.timedelta(hours=_deployment().session_max_hours),
        second_factor_done=second_factor_done, access_point=access_point,
        user_agent=(user_agent or "")[:255] or None)
    return token, session


# session, worker and the worker's roles in one query (one row per role), compiled once: it runs
# on every request
_LOOKUP = Statement(lambda: (
    LoginSession.select(LoginSession, Worker, WorkerRole.role).join(Worker)
    .join(WorkerRole, JOIN.LEFT_OUTER, on=(WorkerRole.worker == Worker.id), attr="gz_role")
    .where((LoginSession.token_hash == param("token_hash")) & LoginSession.revoked_at.is_null())))


def lookup(token: str | None) -> LoginSession | None:
    """The live session for this cookie value, or ``None``. Ends sessions that timed out."""
    if not token or len(token) > 128:
        return None
    rows = _LOOKUP.rows(token_hash=_hash(token))
    if not rows:
        return None
    session = rows[0]
    roles = (getattr(row.worker, "gz_role", None) for row in rows)
    session.worker_roles = {r.role for r in roles if r is not None and r.role is not None}
    now = utcnow()
    idle = dt.timedelta(minutes=_deployment().session_idle_minutes)
    # Writes here are bookkeeping of a read: during a GET they happen when its reads are done.
    if not session.worker.active:
        write_after_reads(functools.partial(revoke_worker, session.worker_id, "disabled"))
        return None
    if now >= session.expires_at:
        write_after_reads(functools.partial(revoke, session, "expired"))
        return None
    if now - session.last_seen_at > idle:
        write_after_reads(functools.partial(revoke, session, "idle"))
        return None
    if now - session.last_seen_at > TOUCH_EVERY:
        write_after_reads(LoginSession.update(last_seen_at=now).where(LoginSession.id == session.id).execute)
        session.last_seen_at = now
    return session


def revoke(session: LoginSession, reason: str) -> None:
    LoginSession.update(revoked_at=utcnow(), revoked_reason=reason).where(
        (LoginSession.id == session.id) & LoginSession.revoked_at.is_null()).execute()
    session.revoked_at = utcnow()


def revoke_worker(worker_id: int, reason: str) -> int:
    """End every session of a worker at once (disabled account, admin action)."""
    return (LoginSession.update(revoked_at=utcnow(), revoked_reason=reason)
            .where((LoginSession.worker == worker_id) & LoginSession.revoked_at.is_null()).execute())


def live_sessions():
    now = utcnow()
    return (LoginSession.select(LoginSession, Worker).join(Worker)
            .where(LoginSession.revoked_at.is_null() & (LoginSession.expires_at > now))
            .order_by(LoginSession.last_seen_at.desc()))
