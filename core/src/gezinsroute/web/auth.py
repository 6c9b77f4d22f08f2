"""Signing in: password, TOTP second factor, throttling, per-request identity and headers.

Per request the access layer sets ``g.worker``, ``g.roles``, ``g.permissions``
and ``g.permission_checker`` and the audit actor (worker, role, access point,
``authorisation_checked``). A session whose second factor is still missing
reaches only the second-factor pages; it never reaches client data.
"""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

import pyotp
from flask import Blueprint, current_app, flash, g, jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import LoginManager, UserMixin, current_user

from .. import context, permissions
from ..events import write_after_reads
from ..models import LoginAttempt, Worker
from ..models.base import utcnow
from ..passwords import hash_password, verify_password
from ..services import audit
from . import sessions

bp = Blueprint("core_auth", __name__)

MAX_FAILURES = 5
LOCK_WINDOW = dt.timedelta(minutes=15)
_dummy_hash: list[str] = []


class SignedIn(UserMixin):
    """What Flask-Login knows: the worker and the server-side session."""

    def __init__(self, login_session):
        self.login_session = login_session
        self.worker = login_session.worker

    def get_id(self):
        return str(self.login_session.id)


def _runtime():
    return current_app.extensions["gezinsroute"]


def requires_second_factor(worker: Worker) -> bool:
    rt = _runtime()
    return bool(rt.deployment.two_factor) and permissions.needs_second_factor(worker.roles, rt.registry)


def _access_point() -> str | None:
    return request.remote_addr


def _auth_actor(worker: Worker | None, username: str) -> context.Actor:
    return context.Actor(worker_id=worker.id if worker else None, username=(username or "?")[:64],
                         role=None, purpose="authentication", access_point=_access_point())


def audit_auth(action_detail: str, *, worker: Worker | None, username: str,
               outcome: str = "success") -> None:
    audit.append("E", "login", object_id=worker.id if worker else None, detail=action_detail,
                  event_type="auth", outcome=outcome, actor=_auth_actor(worker, username))


# -- per request ------------------------------------------------------------------------------

def _load_from_request(req):
    if req.path.startswith("/static/"):
        return None
    login_session = sessions.lookup(req.cookies.get(sessions.cookie_name()))
    if login_session is None:
        return None
    if not login_session.second_factor_done:
        g.pending_session = login_session
        return None
    return SignedIn(login_session)


def _primary_role(roles: set[str]) -> str | None:
    return ",".join(sorted(roles)) or None


def _begin_request():
    g.worker = None
    g.roles = set()
    g.permissions = frozenset()
    g.login_session = None
    g.pending_session = None
    rt = _runtime()

    def checker(worker, permission):
        return worker is g.worker and permission in g.permissions

    g.permission_checker = checker
    user = current_user._get_current_object() if not request.path.startswith("/static/") else None
    if user is not None and getattr(user, "is_authenticated", False) and isinstance(user, SignedIn):
        worker = user.worker
        g.worker = worker
        g.login_session = user.login_session
        roles = getattr(user.login_session, "worker_roles", None)
        g.roles = set(roles) if roles is not None else worker.roles
        g.permissions = permissions.permissions_for(g.roles, rt.registry)
        actor = context.Actor(worker_id=worker.id, username=worker.username,
                              role=_primary_role(g.roles), purpose="care",
                              access_point=_access_point(), authorisation_checked=True)
    else:
        actor = context.Actor(worker_id=None, username="anonymous", role=None, purpose="care",
                              access_point=_access_point())
    g.actor_token = context.set_actor(actor)


def _end_request(exc=None):
    token = g.pop("actor_token", None)
    if token is not None:
        try:
            context._actor.reset(token)
        except ValueError:  # set in another context (streaming); nothing to undo here
            pass


CSP = ("default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
       "form-action 'self'; img-src 'self' data:")


def _security_headers(response):
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    if sessions.cookie_secure():
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    if not request.path.startswith("/static/"):
        response.headers["Cache-Control"] = "no-store"
        response.headers["Pragma"] = "no-cache"
    return response


def _unauthorized(exc=None):
    if request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json":
        return jsonify(errors=[{"field": None, "message": "authentication required",
                                "severity": "error"}]), 401
    target = request.full_path if request.method == "GET" else ""
    return redirect(url_for("core_auth.login", next=target.rstrip("?") or None))


def _safe_next(target: str | None) -> str | None:
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


def configure(app) -> LoginManager:
    secure = bool(app.config.setdefault("GEZINSROUTE_COOKIE_SECURE", True))
    app.config.update(
        SESSION_COOKIE_NAME="__Host-gz" if secure else "gz",
        SESSION_COOKIE_SECURE=secure,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_PATH="/",
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=12),
        REMEMBER_COOKIE_DURATION=dt.timedelta(seconds=0),
    )
    manager = LoginManager(app)
    manager.session_protection = None  # the server-side session is the protection
    manager.user_loader(lambda _id: None)  # never trust the client-side Flask session
    manager.request_loader(_load_from_request)
    manager.unauthorized_handler(_unauthorized)
    app.before_request(_begin_request)
    app.teardown_request(_end_request)
    app.after_request(_security_headers)
    app.register_error_handler(401, _unauthorized)
    app.register_blueprint(bp)
    return manager


# -- throttling -------------------------------------------------------------------------------

def recent_failures(username: str) -> int:
    since = utcnow() - LOCK_WINDOW
    return (LoginAttempt.select().where((LoginAttempt.username == username)
                                        & (LoginAttempt.occurred_at > since)
                                        & ~LoginAttempt.success).count())


def _record_attempt(username: str, success: bool) -> None:
    LoginAttempt.create(username=username[:150], success=success, access_point=_access_point())


def _check_dummy(password: str) -> None:
    # Same work for unknown accounts as for known ones (no account enumeration by timing).
    if not _dummy_hash:
        _dummy_hash.append(hash_password("not-a-real-password-at-all"))
    verify_password(_dummy_hash[0], password)


# -- routes -----------------------------------------------------------------------------------

def _start_session(worker: Worker, second_factor_done: bool, next_url: str | None):
    old = sessions.lookup(request.cookies.get(sessions.cookie_name()))
    if old is not None:
        sessions.revoke(old, "replaced")
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    if next_url:
        session["next"] = next_url
    token, _login_session = sessions.create(worker, second_factor_done=second_factor_done,
                                            access_point=_access_point(),
                                            user_agent=request.headers.get("User-Agent"))
    return token


def _after_full_login():
    target = _safe_next(session.pop("next", None))
    return redirect(target or url_for("core_cases.home"))


@bp.route("/login", methods=["GET", "POST"])
def login():
    if g.worker is not None:
        return redirect(url_for("core_cases.home"))
    error = None
    if request.method == "POST":
        username = (request.form.get("username") or "").strip()[:150]
        password = request.form.get("password") or ""
        worker = Worker.get_or_none(Worker.username == username) if username else None
        if username and recent_failures(username) >= MAX_FAILURES:
            _check_dummy(password)
            _record_attempt(username, False)
            audit_auth("login refused: account locked after repeated failures", worker=worker,
                       username=username, outcome="failure")
            error = _("Too many failed attempts. Try again in 15 minutes.")
        elif worker is None or not worker.active or not worker.password_hash:
            _check_dummy(password)
            _record_attempt(username or "?", False)
            audit_auth("login failed", worker=None, username=username, outcome="failure")
            error = _("Unknown username or wrong password.")
        elif not verify_password(worker.password_hash, password):
            _record_attempt(username, False)
            audit_auth("login failed: wrong password", worker=worker, username=username,
                       outcome="failure")
            error = _("Unknown username or wrong password.")
        else:
            needs_code = requires_second_factor(worker)
            token = _start_session(worker, not needs_code, _safe_next(request.args.get("next")))
            if needs_code:
                audit_auth("password accepted; second factor required", worker=worker, username=username)
                target = "core_auth.enrol" if not worker.totp_secret else "core_auth.code"
                response = redirect(url_for(target))
            else:
                _record_attempt(username, True)
                audit_auth("login", worker=worker, username=username)
                response = _after_full_login()
            sessions.set_cookie(response, token)
            return response
    status = 200 if error is None else 401
    return render_template("gezinsroute/login.html", error=error), status


def _pending():
    login_session = g.get("pending_session")
    if login_session is None:
        return None
    return login_session


@bp.route("/login/code", methods=["GET", "POST"])
def code():
    login_session = _pending()
    if login_session is None:
        return redirect(url_for("core_auth.login"))
    worker = login_session.worker
    if not worker.totp_secret:
        return redirect(url_for("core_auth.enrol"))
    error = None
    if request.method == "POST":
        if recent_failures(worker.username) >= MAX_FAILURES:
            sessions.revoke(login_session, "locked")
            audit_auth("second factor refused: account locked", worker=worker,
                       username=worker.username, outcome="failure")
            response = redirect(url_for("core_auth.login"))
            sessions.clear_cookie(response)
            flash(_("Too many failed attempts. Try again in 15 minutes."), "error")
            return response
        entered = (request.form.get("code") or "").replace(" ", "")
        if pyotp.TOTP(worker.totp_secret).verify(entered, valid_window=1):
            return _complete_second_factor(login_session, "second factor accepted")
        _record_attempt(worker.username, False)
        audit_auth("second factor failed", worker=worker, username=worker.username, outcome="failure")
        error = _("That code is not right. Enter the 6 digits your authenticator app shows now.")
    return render_template("gezinsroute/login_code.html", error=error), 200 if error is None else 401


def _complete_second_factor(login_session, detail: str):
    """Second factor done: replace the half-signed-in session with a new one (new id)."""
    worker = login_session.worker
    sessions.revoke(login_session, "second factor done")
    token, _new = sessions.create(worker, second_factor_done=True, access_point=_access_point(),
                                  user_agent=request.headers.get("User-Agent"))
    _record_attempt(worker.username, True)
    audit_auth(detail, worker=worker, username=worker.username)
    response = _after_full_login()
    sessions.set_cookie(response, token)
    return response


@bp.route("/login/enrol", methods=["GET", "POST"])
def enrol():
    login_session = _pending()
    if login_session is None:
        return redirect(url_for("core_auth.login"))
    worker = login_session.worker
    if worker.totp_secret:
        return redirect(url_for("core_auth.code"))
    if not login_session.pending_totp_secret:
        login_session.pending_totp_secret = pyotp.random_base32()
        write_after_reads(type(login_session).update(pending_totp_secret=login_session.pending_totp_secret).where(
            type(login_session).id == login_session.id).execute)
    secret = login_session.pending_totp_secret
    issuer = _runtime().deployment.name
    uri = pyotp.TOTP(secret).provisioning_uri(name=worker.username, issuer_name=f"Gezinsroute {issuer}")
    error = None
    if request.method == "POST":
        entered = (request.form.get("code") or "").replace(" ", "")
        if pyotp.TOTP(secret).verify(entered, valid_window=1):
            worker.totp_secret = secret
            worker.save(only=[Worker.totp_secret])
            return _complete_second_factor(login_session, "second factor enrolled")
        _record_attempt(worker.username, False)
        audit_auth("second factor enrolment failed", worker=worker, username=worker.username,
                   outcome="failure")
        error = _("That code is not right. Enter the 6 digits your authenticator app shows now.")
    grouped = " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))
    return render_template("gezinsroute/login_enrol.html", secret=grouped, uri=uri,
                           uri_quoted=quote(uri, safe=""), error=error), 200 if error is None else 401


@bp.route("/logout", methods=["POST"])
def logout():
    login_session = g.get("login_session") or g.get("pending_session")
    if login_session is not None:
        sessions.revoke(login_session, "logout")
        worker = login_session.worker
        audit_auth("logout", worker=worker, username=worker.username)
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang
    response = redirect(url_for("core_auth.login"))
    sessions.clear_cookie(response)
    flash(_("You are signed out."), "info")
    return response
