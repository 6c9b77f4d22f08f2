"""Core web routes: sign-in, the worker's screens, audit views, error handling.

Modules: :mod:`.auth` (sessions, second factor, headers, per-request identity),
:mod:`.screens` (caseload, dossier, trajectory, signals), :mod:`.audit_views`
(privacy officer), :mod:`.emergency` (break-the-glass), :mod:`.sessions`.
"""

from __future__ import annotations

from flask import Blueprint, current_app, g, jsonify, render_template, request
from flask_wtf.csrf import CSRFError, CSRFProtect

from .. import access
from ..errors import GezinsrouteError

bp = Blueprint("core", __name__)
csrf = CSRFProtect()


@bp.route("/")
def index():
    rt = current_app.extensions["gezinsroute"]
    return render_template("gezinsroute/index.html", deployment=rt.deployment,
                           methodologies=list(rt.registry.methodologies.values()))


@bp.route("/healthz")
def healthz():
    return jsonify(status="ok")


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def register(app, rt) -> None:
    from . import audit_views, auth, emergency, screens

    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)  # the session's own lifetime bounds the token
    csrf.init_app(app)
    auth.configure(app)
    app.register_blueprint(bp)
    app.register_blueprint(screens.bp)
    app.register_blueprint(audit_views.bp)
    app.register_blueprint(emergency.bp)

    from flask_babel import get_locale

    @app.context_processor
    def _globals():
        return {"get_locale": get_locale, "gz_worker": access.current_worker(), "gz_can": access.has_permission,
                "gz_deployment": rt.deployment, "gz_may_break_glass": emergency.allowed,
                "gz_session": g.get("login_session")}

    @app.errorhandler(GezinsrouteError)
    def _domain_error(exc: GezinsrouteError):
        body = {"errors": [p.as_dict() for p in exc.problems]}
        if _wants_json():
            return jsonify(body), exc.status
        return render_template("gezinsroute/error.html", problems=exc.problems), exc.status

    @app.errorhandler(CSRFError)
    def _csrf_error(exc):
        if _wants_json():
            return jsonify(errors=[{"field": None, "message": "CSRF token missing or invalid",
                                    "severity": "error"}]), 400
        return render_template("gezinsroute/http_error.html", code=400, csrf=True), 400

    for code in (403, 404, 405):
        app.register_error_handler(code, _http_error)


def _http_error(exc):
    code = getattr(exc, "code", 500) or 500
    if _wants_json():
        return jsonify(errors=[{"field": None, "message": exc.name, "severity": "error"}]), code
    return render_template("gezinsroute/http_error.html", code=code, csrf=False), code
