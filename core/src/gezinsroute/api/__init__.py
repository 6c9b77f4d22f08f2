"""The REST API under ``/api/v1``: flask-smorest resources over the core services.

Every request authenticates with an API token (``Authorization: Bearer ...``),
runs in one database transaction, sees only the families the worker may see
(anything else is a 404 that leaks nothing) and audits every read of family data.
The OpenAPI 3.0.3 document is served at ``/api/v1/openapi.json``.
"""

from __future__ import annotations

from flask_smorest import Api

from .common import API_PREFIX, install_app_error_handlers
from .schemas import ErrorsSchema
from .tokens import API_MODELS, ApiToken, create_token, revoke

__all__ = ["API_MODELS", "ApiToken", "create_token", "revoke", "register", "GezinsrouteApi"]


class GezinsrouteApi(Api):
    """flask-smorest's Api, but its error handlers only answer under /api/v1 (see common.py)."""

    ERROR_SCHEMA = ErrorsSchema

    def _register_error_handlers(self):
        install_app_error_handlers(self._app)


def register(app, rt) -> GezinsrouteApi:
    from . import assessments, contacts, families, partners, plans, referrals, signals, trajectories

    app.config.setdefault("API_TITLE", "Gezinsroute API")
    app.config.setdefault("API_VERSION", "v1")
    app.config.setdefault("OPENAPI_VERSION", "3.0.3")
    app.config.setdefault("OPENAPI_URL_PREFIX", API_PREFIX)
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    app.config.setdefault("API_SPEC_OPTIONS", {
        "info": {"description": (
            "Gezinsroute REST API. Authenticate with `Authorization: Bearer <token>`. "
            "Lists use keyset pagination (`?after=<id>&limit=<n>`, response `{items, next_after}`). "
            "Families outside your involvement are answered with 404. Errors are "
            '`{"errors": [{"field", "message", "severity"}]}`.')},
        "security": [{"bearerAuth": []}],
        "components": {"securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}}},
    })
    api = GezinsrouteApi(app)
    # Bearer tokens, never cookies, authenticate API requests: no CSRF token is needed there.
    csrf = app.extensions.get("csrf")
    for module in (families, trajectories, referrals, plans, assessments, contacts, signals, partners):
        api.register_blueprint(module.blp)
        if csrf is not None:
            csrf.exempt(module.blp)
    app.extensions["gezinsroute_api"] = api
    return api
