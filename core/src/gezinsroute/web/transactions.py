"""One transaction per request, so a failure anywhere leaves nothing half-written.

Every request runs inside one :func:`gezinsroute.events.unit_of_work`: the request's
writes (and their audit entries) commit together when the response is ready, and
events reach plugins only after that commit. A server error (an exception, including
one inside a plugin's hook) rolls the whole request back. Refusals (4xx) keep what
was written before them, such as the audit entry of a read or a failed login.
"""

from __future__ import annotations

import logging

from flask import current_app, g, jsonify, make_response, render_template, request
from flask_babel import gettext as _

from ..errors import PluginHookError
from ..events import unit_of_work

log = logging.getLogger(__name__)


NO_TRANSACTION = ("static", "core.healthz")
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def before_reads(*writers):
    """Run ``writers`` before a safe request's read-only transaction opens, each managing its own
    transactions: for catching up what the page must show as of now (signal escalations)."""
    def decorate(view):
        view.gezinsroute_before_reads = writers
        return view
    return decorate


def _begin():
    if request.endpoint in NO_TRANSACTION:
        return
    view = current_app.view_functions.get(request.endpoint)
    for write in getattr(view, "gezinsroute_before_reads", ()):
        write()
    # A safe request only reads; what its reads cause (audit entries, session bookkeeping) is
    # written in one short transaction at its end (events.unit_of_work(read_only=True)).
    context = unit_of_work(read_only=request.method in SAFE_METHODS)
    context.__enter__()
    g._gz_unit = context


def _finish(response):
    context = g.pop("_gz_unit", None)
    if context is None:
        return response
    if response.status_code >= 500:
        context.__exit__(RuntimeError, RuntimeError("request failed"), None)
        return response
    try:
        context.__exit__(None, None, None)
    except PluginHookError as exc:
        # The change is committed; a plugin's after-commit reaction failed. Report, don't undo.
        log.error("after-commit reaction failed on %s: %s", request.path, exc)
    except Exception:  # noqa: BLE001 - the commit (or a read's audit entry) failed: show nothing
        log.exception("could not commit %s %s", request.method, request.path)
        return _not_saved()
    return response


def _not_saved():
    """The request's transaction could not be committed (for a read: its audit entry could not be
    written), so its response, which may hold case data, is replaced by this."""
    message = _("This could not be saved, so nothing was changed or shown. Try again in a moment.")
    if request.path.startswith("/api/"):
        return make_response(jsonify({"errors": [{"field": None, "severity": "error", "message": message}]}), 503)
    return make_response(render_template("gezinsroute/error.html", problems=[{"message": message}]), 503)


def _abandon(exc):
    context = g.pop("_gz_unit", None)
    if context is not None:
        error = exc or RuntimeError("request abandoned")
        context.__exit__(type(error), error, None)


def plugin_failed(exc: PluginHookError):
    """Roll the request back and answer with an error naming the plugin and the hook."""
    log.exception("plugin %s failed in hook %s", exc.plugin, exc.hook)
    context = g.pop("_gz_unit", None)
    if context is not None:
        context.__exit__(type(exc), exc, None)
    body = {"errors": [{"field": None, "severity": "error",
                        "message": f"plugin '{exc.plugin}' failed in hook '{exc.hook}'; nothing was saved"}]}
    if request.path.startswith("/api/"):
        return body, 500
    return render_template("gezinsroute/plugin_error.html", plugin=exc.plugin, hook=exc.hook), 500


def register(app) -> None:
    # First before_request, so sign-in bookkeeping and the view share one transaction.
    app.before_request_funcs.setdefault(None, []).insert(0, _begin)
    app.after_request(_finish)
    app.teardown_request(_abandon)
    app.register_error_handler(PluginHookError, plugin_failed)

