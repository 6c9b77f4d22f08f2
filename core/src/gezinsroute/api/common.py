"""What every API resource shares: the blueprint class (token authentication, one
transaction per request), need-to-know lookups that 404 on anything out of scope,
keyset pagination and the JSON error format."""

from __future__ import annotations

import functools
import logging

from flask import current_app, g, request
from flask_smorest import Blueprint
from marshmallow import ValidationError
from peewee import JOIN
from werkzeug.exceptions import HTTPException

from .. import access, permissions
from ..access import visible_family_ids
from ..context import Actor, _actor, current_actor, set_actor
from ..errors import GezinsrouteError, NotFound, Problem, ValidationFailed
from ..events import in_unit_of_work, unit_of_work
from ..models import Family, Member, Partner, Trajectory, Worker
from ..services import audit
from .schemas import MAX_ID
from .tokens import authenticate

log = logging.getLogger("gezinsroute.api")

API_PREFIX = "/api/v1"


class ApiUnauthorized(GezinsrouteError):
    status = 401


class ApiBlueprint(Blueprint):
    """A flask-smorest blueprint whose views need a bearer token and run in one transaction."""

    def __init__(self, name, import_name, **kwargs):
        kwargs.setdefault("url_prefix", API_PREFIX)
        super().__init__(name, import_name, **kwargs)
        self.before_request(_authenticate_request)
        self.teardown_request(_reset_actor)
        install_blueprint_error_handlers(self)

    def add_url_rule(self, rule, endpoint=None, view_func=None, provide_automatic_options=None, **kwargs):
        if view_func is not None:
            view_func = _transactional(view_func)
        return super().add_url_rule(rule, endpoint, view_func, provide_automatic_options, **kwargs)


def _transactional(view):
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        if request.method in ("GET", "HEAD") and in_unit_of_work():
            # A read already runs in the request's transaction (web.transactions): no savepoint.
            return view(*args, **kwargs)
        with unit_of_work():
            return view(*args, **kwargs)

    return wrapper


# -- authentication -------------------------------------------------------------------------------
def _authenticate_request():
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    token = authenticate(value.strip()) if scheme.lower() == "bearer" else None
    if token is None:
        raise ApiUnauthorized(Problem("a valid API token is required (Authorization: Bearer <token>)"))
    worker = token.worker
    roles = token.worker_roles
    g.worker = worker
    g.roles = roles
    g.permissions = permissions.permissions_for(roles, current_app.extensions["gezinsroute"].registry)
    g.permission_checker = lambda w, permission: w is g.worker and permission in g.permissions
    g.api_token_id = token.id
    g.api_actor_token = set_actor(Actor(worker_id=worker.id, username=worker.username,
                                        role=",".join(sorted(roles)) or None,
                                        access_point=request.remote_addr, authorisation_checked=True))


def _reset_actor(_exc=None):
    token = g.pop("api_actor_token", None)
    if token is not None:
        try:
            _actor.reset(token)
        except ValueError:  # set in another context; the request context ends anyway
            pass


def current_worker() -> Worker:
    return g.worker


def has_case_access(write: bool = False) -> bool:
    """Whether the caller's roles open case files (``case.read``; ``case.write`` to change them)."""
    granted = g.get("permissions") or frozenset()
    return "case.read" in granted and (not write or "case.write" in granted)


def require_case_access() -> Worker:
    """The caller, if their roles work with case files; otherwise 404 (nothing leaks)."""
    if not has_case_access(write=request.method not in ("GET", "HEAD", "OPTIONS")):
        raise NotFound(Problem("not found"))
    return g.worker


def can_see_family(worker: Worker, family_id: int, related: bool | None = None) -> bool:
    """Need-to-know (or a break-the-glass grant, then audited as an emergency).

    ``related`` is the result of :func:`access.related_column` fetched with the object, if it was:
    then only a break-the-glass grant is still looked up when it is false."""
    if related is None:
        grant = access.family_grant(worker, family_id)
    elif related:
        grant = "relationship"
    else:
        grant = "emergency" if access.emergency_grant(worker, family_id) is not None else None
    if grant is None:
        return False
    checks = {"authorisation_checked": True}
    if grant == "emergency":
        checks["emergency"] = True
    else:
        checks["relationship_checked"] = True
    set_actor(current_actor().with_checks(**checks))
    return True


# -- need-to-know lookups -------------------------------------------------------------------------
def not_found() -> NotFound:
    return NotFound(Problem("not found"))


def valid_id(value) -> bool:
    return isinstance(value, int) and 0 < value <= MAX_ID


def visible_families():
    return visible_family_ids(require_case_access())


def get_family(family_id: int, *, read: bool = True, detail: str | None = None,
               with_members: bool = False) -> Family:
    """The family, if the caller may see it, or 404; fetched with its need-to-know check in one
    query (and, with ``with_members``, its members as ``member_list``, ordered by id)."""
    worker = require_case_access()
    if not valid_id(family_id):
        raise not_found()
    related = access.related_column(worker, Family.id)
    if related is None:
        if not can_see_family(worker, family_id):
            raise not_found()
        family = Family.get_or_none(Family.id == family_id)
        if family is None:
            raise not_found()
        if with_members:
            family.member_list = list(family.members.order_by(Member.id))
    else:
        columns = [Family, related.alias("gz_related")]
        query = Family.select(*columns)
        if with_members:
            query = (Family.select(*columns, Member)
                     .join(Member, JOIN.LEFT_OUTER, on=(Member.family == Family.id), attr="gz_member")
                     .order_by(Member.id))
        rows = list(query.where(Family.id == family_id))
        if not rows:
            raise not_found()
        family = rows[0]
        if not can_see_family(worker, family_id, related=bool(family.gz_related)):
            raise not_found()
        if with_members:
            members = [getattr(r, "gz_member", None) for r in rows]
            family.member_list = [m for m in members if m is not None and m.id is not None]
            for m in family.member_list:
                m.family = family
    if read:
        audit.record_read("family", family.id, family.id, detail)
    return family


def get_in_family(model, object_id: int, family_of, *, object_type: str, read: bool = True,
                  query=None, family_column=None):
    """A row whose family the caller may see (``family_of(row)`` gives the family id), or 404.

    With ``family_column`` (the model's family id column) the need-to-know check is fetched with
    the row, in the same query."""
    worker = require_case_access()
    if not valid_id(object_id):
        raise not_found()
    related = access.related_column(worker, family_column) if family_column is not None else None
    query = query or model.select()
    if related is not None:
        query = query.select_extend(related.alias("gz_related"))
    row = query.where(model.id == object_id).first()
    if row is None:
        raise not_found()
    family_id = family_of(row)
    if family_id is None or not can_see_family(
            worker, family_id, related=None if related is None else bool(row.gz_related)):
        raise not_found()
    if read:
        audit.record_read(object_type, row.id, family_id, "api")
    return row


def get_trajectory(trajectory_id: int, *, read: bool = True) -> Trajectory:
    return get_in_family(Trajectory, trajectory_id, lambda t: t.family_id, object_type="trajectory", read=read,
                         family_column=Trajectory.family)


def family_members(family_id: int, member_ids, field: str) -> list[Member]:
    """Members of one family by id; an id outside the family is refused like an unknown one."""
    ids = list(dict.fromkeys(member_ids or ()))
    if not ids:
        return []
    found = {m.id: m for m in Member.select().where((Member.id.in_(ids)) & (Member.family == family_id))}
    problems = [Problem(f"unknown member {i}", field) for i in ids if i not in found]
    if problems:
        raise ValidationFailed(problems)
    return [found[i] for i in ids]


def family_member(family_id: int, member_id, field: str = "member_id") -> Member | None:
    if member_id is None:
        return None
    return family_members(family_id, [member_id], field)[0]


def existing_partner(partner_id, field: str = "partner_id") -> Partner | None:
    if partner_id is None:
        return None
    partner = Partner.get_or_none(Partner.id == partner_id)
    if partner is None:
        raise ValidationFailed(Problem(f"unknown partner {partner_id}", field))
    return partner


def existing_worker(worker_id, field: str = "worker_id") -> Worker | None:
    if worker_id is None:
        return None
    worker = Worker.get_or_none((Worker.id == worker_id) & Worker.active)
    if worker is None:
        raise ValidationFailed(Problem(f"unknown worker {worker_id}", field))
    return worker


# -- pagination -------------------------------------------------------------------------------------
def paginate(query, model, args: dict, *, object_type: str | None = None, family_of=None, serialize=None):
    """Keyset pagination by id: ``?after=<id>&limit=<n>`` → ``{items, next_after}``.

    Items that belong to a family are audited as reads (one entry each).
    """
    after = args.get("after")
    limit = args.get("limit") or 50
    if after:
        query = query.where(model.id > after)
    rows = list(query.order_by(model.id).limit(limit + 1))
    more = len(rows) > limit
    rows = rows[:limit]
    if object_type:
        audit.record_reads(object_type, [(row.id, family_of(row) if family_of else None) for row in rows],
                           "api list")
    items = [serialize(r) for r in rows] if serialize else rows
    return {"items": items, "next_after": rows[-1].id if more and rows else None}


# -- errors -----------------------------------------------------------------------------------------
def errors_body(problems) -> dict:
    return {"errors": [Problem.coerce(p).as_dict() for p in problems]}


def _flatten(messages, prefix: str = "") -> list[Problem]:
    problems = []
    if isinstance(messages, dict):
        for key, value in messages.items():
            key = str(key)
            if key == "_schema":
                name = prefix or None
            else:
                name = f"{prefix}.{key}" if prefix else key
            problems.extend(_flatten(value, name or ""))
    elif isinstance(messages, (list, tuple)):
        for value in messages:
            problems.extend(_flatten(value, prefix))
    else:
        problems.append(Problem(str(messages), prefix or None))
    return problems


def _json(body: dict, status: int, headers=None):
    response = current_app.response_class(
        current_app.json.dumps(body), status=status, mimetype="application/json")
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def handle_domain_error(exc: GezinsrouteError):
    headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
    return _json(errors_body(exc.problems), exc.status, headers)


def handle_http_error(exc: HTTPException):
    status = exc.code or 500
    data = getattr(exc, "data", None) or {}
    messages = data.get("messages")
    if status == 400:
        problems = [Problem("the request body is not valid JSON" if messages else "bad request")]
    elif messages:
        problems = _flatten(list(messages.values()) if isinstance(messages, dict) else messages)
    elif status == 404:
        problems = [Problem("not found")]
    elif status == 405:
        problems = [Problem("method not allowed")]
    elif status == 413:
        problems = [Problem("the request body is too large")]
    elif status >= 500:
        problems = [Problem("internal error; it was logged")]
    else:
        problems = [Problem(exc.name)]
    headers = {}
    valid = getattr(exc, "valid_methods", None)
    if status == 405 and valid:
        headers["Allow"] = ", ".join(valid)
    return _json(errors_body(problems), status, headers)


def handle_validation_error(exc: ValidationError):
    return _json(errors_body(_flatten(exc.messages)), 422)


def handle_unexpected(exc: Exception):
    if isinstance(exc, HTTPException):
        return handle_http_error(exc)
    if isinstance(exc, GezinsrouteError):
        return handle_domain_error(exc)
    log.exception("unexpected error in %s %s", request.method, request.path)
    return _json(errors_body([Problem("internal error; it was logged")]), 500)


def install_blueprint_error_handlers(bp) -> None:
    from ..errors import PluginHookError
    from ..web.transactions import plugin_failed

    bp.register_error_handler(PluginHookError, plugin_failed)
    bp.register_error_handler(GezinsrouteError, handle_domain_error)
    bp.register_error_handler(ValidationError, handle_validation_error)
    bp.register_error_handler(HTTPException, handle_http_error)
    bp.register_error_handler(Exception, handle_unexpected)


def is_api_request() -> bool:
    return request.path == API_PREFIX or request.path.startswith(API_PREFIX + "/")


def install_app_error_handlers(app) -> None:
    """Errors under /api/v1 that no API blueprint sees (unknown URLs, 405s): JSON too.

    Handlers the web layer registered keep answering every other path.
    """
    spec = app.error_handler_spec.setdefault(None, {})
    for code in list(spec):
        for cls, handler in list(spec[code].items()):
            spec[code][cls] = _api_first(handler)
    previous_http = spec.get(None, {}).get(HTTPException)
    previous_any = spec.get(None, {}).get(Exception)

    @app.errorhandler(HTTPException)
    def _api_http(exc):
        if is_api_request():
            return handle_http_error(exc)
        return previous_http(exc) if previous_http else exc

    @app.errorhandler(Exception)
    def _api_any(exc):
        if is_api_request():
            return handle_unexpected(exc)
        if previous_any:
            return previous_any(exc)
        raise exc


def _api_first(handler):
    if getattr(handler, "_gezinsroute_api_wrapped", False):
        return handler

    @functools.wraps(handler)
    def wrapper(exc):
        if is_api_request():
            return handle_unexpected(exc)
        return handler(exc)

    wrapper._gezinsroute_api_wrapped = True
    return wrapper
