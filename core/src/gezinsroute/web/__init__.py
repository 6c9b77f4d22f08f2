"""Core web routes: the landing page, health check and error handling."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, render_template, request

from ..errors import GezinsrouteError

bp = Blueprint("core", __name__)


@bp.route("/")
def index():
    rt = current_app.extensions["gezinsroute"]
    return render_template("gezinsroute/index.html", deployment=rt.deployment,
                           methodologies=list(rt.registry.methodologies.values()))


@bp.route("/healthz")
def healthz():
    return jsonify(status="ok")


def register(app, rt) -> None:
    app.register_blueprint(bp)

    @app.errorhandler(GezinsrouteError)
    def _domain_error(exc: GezinsrouteError):
        body = {"errors": [p.as_dict() for p in exc.problems]}
        if request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json":
            return jsonify(body), exc.status
        return render_template("gezinsroute/error.html", problems=exc.problems), exc.status
