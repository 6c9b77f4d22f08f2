"""Building the one Admin instance and adding core and plugin views to it."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, g, redirect, request, url_for
from flask_admin import Admin, expose
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from gezinsroute.errors import StartupError
from gezinsroute.models import Area, Municipality, Partner, Team, Worker, WorkerRole
from gezinsroute.plugins import plugin_info
from gezinsroute.services import audit
from gezinsroute.web import sessions as login_sessions
from wtforms import SelectField

from .tokens import ApiTokensView
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

    def after_model_change(self, form, model, is_created):
        # Disabling an account ends its sessions at once (ASVS 7.4.2).
        if not is_created and not model.active:
            ended = login_sessions.revoke_worker(model.id, "disabled")
            audit.append("E", "login", object_id=model.id, event_type="auth",
                         detail=f"account disabled; {ended} session(s) ended")


def _role_choices():
    rt = current_app.extensions["gezinsroute"]
    return [(key, f"{role.label} ({key})") for key, role in rt.registry.roles.items()]


class WorkerRoleAdmin(SecureModelView):
    column_list = ("worker", "role")
    column_labels = {"worker": _l("Worker"), "role": _l("Role")}
    column_filters = ("role",)
    form_overrides = {"role": SelectField}

    def _fill(self, form):
        form.role.choices = _role_choices()
        return form

    def create_form(self, obj=None):
        return self._fill(super().create_form(obj))

    def edit_form(self, obj=None):
        return self._fill(super().edit_form(obj))


class SessionsView(SecureView):
    """Signed-in sessions; revoke one, a worker's, or everyone's (ASVS 7.4.5)."""

    permission = "admin.manage"

    @expose("/")
    def index(self):
        return self.render("gezinsroute/admin_sessions.html", sessions=list(login_sessions.live_sessions()),
                           current=g.get("login_session"))

    @expose("/revoke", methods=["POST"])
    def revoke(self):
        from gezinsroute.models import LoginSession

        target = request.form.get("session_id")
        worker_id = request.form.get("worker_id")
        if target:
            found = LoginSession.get_or_none(LoginSession.id == int(target)) if target.isdigit() else None
            if found is None:
                abort(404)
            login_sessions.revoke(found, "admin")
            detail, who = f"session {found.id} ended by an administrator", found.worker_id
        elif worker_id and worker_id.isdigit():
            count = login_sessions.revoke_worker(int(worker_id), "admin")
            detail, who = f"{count} session(s) ended by an administrator", int(worker_id)
        elif request.form.get("everyone") == "1":
            from gezinsroute.models import LoginSession as LS
            from gezinsroute.models.base import utcnow

            count = LS.update(revoked_at=utcnow(), revoked_reason="admin").where(
                LS.revoked_at.is_null() & (LS.id != getattr(g.get("login_session"), "id", 0))).execute()
            detail, who = f"all other sessions ended by an administrator ({count})", None
        else:
            abort(400)
        audit.append("E", "login", object_id=who, event_type="auth", detail=detail)
        flash(gettext("Sessions ended."), "success")
        return redirect(url_for(".index"))


class PluginsView(SecureView):
    """Which plugins this deployment runs, with their versions and hooks."""

    permission = "admin.view"

    @expose("/")
    def index(self):
        rt = current_app.extensions["gezinsroute"]
        return self.render("gezinsroute/admin_plugins.html", plugins=plugin_info(rt.pm, rt.deployment.plugins),
                           deployment=rt.deployment)


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
        WorkerRoleAdmin(WorkerRole, name=_l("Roles"), category=organisation, endpoint="core_worker_role"),
        SessionsView(name=_l("Sessions"), category=organisation, endpoint="core_sessions",
                     url="/beheer/sessions"),
        ApiTokensView(name=_l("API tokens"), category=organisation, endpoint="core_api_tokens",
                      url="/beheer/api-tokens"),
        PluginsView(name=_l("Plugins"), endpoint="core_plugins", url="/beheer/plugins"),
    ]


def init_admin(app, rt) -> Admin:
    # this package's templates (gezinsroute_admin/...), found after the app's and Flask-Admin's own
    app.register_blueprint(Blueprint("gezinsroute_admin", __name__, template_folder="templates"))
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
