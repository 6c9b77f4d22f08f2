"""Building the one Admin instance and adding core and plugin views to it."""

from __future__ import annotations

from flask_admin import Admin
from flask_babel import lazy_gettext as _l
from gezinsroute.errors import StartupError
from gezinsroute.models import Area, Municipality, Partner, Team, Worker

from .views import SecureIndexView, SecureModelView, SecureView


class MunicipalityAdmin(SecureModelView):
    column_list = ("code", "name")
    column_searchable_list = ("code", "name")
    column_labels = {"code": _l("CBS code"), "name": _l("Name")}


class AreaAdmin(SecureModelView):
    column_list = ("code", "name", "municipality")
    column_searchable_list = ("code", "name")
    column_labels = {"code": _l("Code"), "name": _l("Name"), "municipality": _l("Municipality")}


class PartnerAdmin(SecureModelView):
    column_list = ("name", "kind", "contact_name", "capacity", "active")
    column_searchable_list = ("name", "kind")
    column_filters = ("kind", "active")
    column_labels = {"name": _l("Name"), "kind": _l("Kind"), "contact_name": _l("Contact"),
                     "capacity": _l("Capacity"), "active": _l("Active")}


class TeamAdmin(SecureModelView):
    column_list = ("key", "name", "municipality")
    column_labels = {"key": _l("Key"), "name": _l("Name"), "municipality": _l("Municipality")}


class WorkerAdmin(SecureModelView):
    column_list = ("username", "full_name", "team", "organisation", "active")
    column_searchable_list = ("username", "full_name")
    form_excluded_columns = ("password_hash", "totp_secret", "created_at")
    column_labels = {"username": _l("Username"), "full_name": _l("Name"), "team": _l("Team"),
                     "organisation": _l("Organisation"), "active": _l("Active")}


def core_views() -> list:
    sociale_kaart = _l("Sociale kaart")
    organisation = _l("Organisation")
    return [
        PartnerAdmin(Partner, name=_l("Partners"), category=sociale_kaart, endpoint="core_partner"),
        MunicipalityAdmin(Municipality, name=_l("Municipalities"), category=sociale_kaart,
                          endpoint="core_municipality"),
        AreaAdmin(Area, name=_l("Areas"), category=sociale_kaart, endpoint="core_area"),
        WorkerAdmin(Worker, name=_l("Workers"), category=organisation, endpoint="core_worker"),
        TeamAdmin(Team, name=_l("Teams"), category=organisation, endpoint="core_team"),
    ]


def init_admin(app, rt) -> Admin:
    admin = Admin(app, name="Gezinsroute", url="/beheer", endpoint="beheer",
                  index_view=SecureIndexView(url="/beheer", endpoint="beheer"))
    for view in core_views():
        admin.add_view(view)
    seen = set()
    for plugin, views in rt.call("register_admin_views", app=app):
        for view in views:
            if not isinstance(view, (SecureModelView, SecureView)):
                raise StartupError(f"plugin '{plugin}': admin view {view!r} must subclass "
                                   "SecureModelView or SecureView")
            if not view.endpoint.startswith(plugin + "_") or view.endpoint in seen:
                raise StartupError(f"plugin '{plugin}': admin endpoint '{view.endpoint}' must start "
                                   f"with '{plugin}_' and be unique")
            seen.add(view.endpoint)
            admin.add_view(view)
    return admin
