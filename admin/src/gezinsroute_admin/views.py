"""Secure base views: deny by default, scope every row access, audit exports."""

from __future__ import annotations

import csv
import io

from flask import abort
from flask_admin import AdminIndexView, BaseView
from flask_admin.contrib.peewee import ModelView
from flask_admin.form import SecureForm
from gezinsroute.access import current_worker, has_permission, visible_family_ids
from peewee import SQL

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value) -> str:
    """Prefix cells that a spreadsheet would run as a formula (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


class _AccessMixin:
    permission = "admin.manage"

    def is_accessible(self):
        return has_permission(self.permission)

    def inaccessible_callback(self, name, **kwargs):
        abort(404)


class SecureIndexView(_AccessMixin, AdminIndexView):
    permission = "admin.view"


class SecureView(_AccessMixin, BaseView):
    """A custom admin page; set ``permission``."""


def family_scope(model, _depth: int = 0):
    """How rows of ``model`` belong to a family (an expression builder), or ``None`` for non-case data.

    A model without its own ``family`` or ``trajectory`` key that points to case data (a plugin's
    match through its intake, an evaluation through its match) is case data too: it is scoped
    through that foreign key (up to three hops).
    """
    from gezinsroute.models import Family, Trajectory

    fields = model._meta.fields
    if model is Family:
        return lambda visible: Family.id.in_(visible)
    if "family" in fields and fields["family"].rel_model is Family:
        return lambda visible: fields["family"].in_(visible)
    if "trajectory" in fields and fields["trajectory"].rel_model is Trajectory:
        return lambda visible: fields["trajectory"].in_(
            Trajectory.select(Trajectory.id).where(Trajectory.family.in_(visible)))
    if _depth >= 3:
        return None
    for field in fields.values():
        related = getattr(field, "rel_model", None)
        if related is None or related is model:
            continue
        inner = family_scope(related, _depth + 1)
        if inner is not None:
            return lambda visible, field=field, related=related, inner=inner: field.in_(
                related.select(related._meta.primary_key).where(inner(visible)))
    return None


class SecureModelView(_AccessMixin, ModelView):
    """A model view that denies by default and never lets a row outside ``scope_query`` through.

    Case data (a model with a ``family`` or ``trajectory`` foreign key, or the family
    itself) is limited to the families the current worker may see (need-to-know), and
    such a view needs ``case.read`` unless it says otherwise. Set ``family_scope`` to a
    function ``visible_subquery -> expression`` for other shapes.
    """

    form_base_class = SecureForm
    can_export = True
    export_max_rows = 10000
    page_size = 25
    simple_list_pager = True  # no count(*) over large tables on every page
    can_set_page_size = False
    details_modal = False

    family_scope = None

    def __init__(self, model, *args, **kwargs):
        if self.family_scope is None:
            builder = family_scope(model)
            if builder is not None:
                self.family_scope = staticmethod(builder)
                if type(self).permission == "admin.manage":
                    self.permission = "case.read"
        super().__init__(model, *args, **kwargs)

    @property
    def is_case_data(self) -> bool:
        return self.family_scope is not None

    def scope_query(self, query):
        """Restrict rows to what the current user may see (need-to-know for case data)."""
        if self.family_scope is None:
            return query
        worker = current_worker()
        if worker is None:
            return query.where(SQL("1 = 0"))
        return query.where(self.family_scope(visible_family_ids(worker)))

    def get_query(self):
        return self.scope_query(super().get_query())

    def get_count_query(self):
        return self.scope_query(super().get_count_query())

    def scope_form(self, form):
        """Limit the choices of foreign keys to case data (a family, member, trajectory...) to
        what the current worker may see: a select box must not list other families."""
        worker = current_worker()
        for field in form:
            related, query = getattr(field, "model", None), getattr(field, "query", None)
            builder = family_scope(related) if related is not None and query is not None else None
            if builder is not None:
                field.query = query.where(builder(visible_family_ids(worker)) if worker else SQL("1 = 0"))
        return form

    def create_form(self, obj=None):
        return self.scope_form(super().create_form(obj))

    def edit_form(self, obj=None):
        return self.scope_form(super().edit_form(obj))

    def get_one(self, id):
        try:
            pk = self.model._meta.primary_key.python_value(id)
        except (TypeError, ValueError):
            return None
        return self.scope_query(self.model.select()).where(
            self.model._meta.primary_key == pk).first()

    def delete_model(self, model):
        # No recursive cascade through case data from an admin screen.
        try:
            self.on_model_delete(model)
            model.delete_instance(recursive=False)
        except Exception:  # noqa: BLE001 - never leak database details in a flash message
            from flask import flash
            from flask_babel import gettext

            flash(gettext("This record cannot be deleted while other records refer to it."), "error")
            return False
        self.after_model_delete(model)
        return True

    def handle_view_exception(self, exc):
        from flask import flash
        from flask_babel import gettext
        from gezinsroute.errors import GezinsrouteError

        if isinstance(exc, GezinsrouteError):
            flash("; ".join(str(p.message) for p in exc.problems), "error")
            return True
        flash(gettext("The change could not be saved."), "error")
        return True

    def get_export_csv(self):
        return super().get_export_csv()

    def _export_csv(self, return_url, export_type="csv"):
        from flask import Response
        from gezinsroute.services import audit

        count, data = self._export_data()
        columns = self.get_export_columns()
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([neutralise_cell(label) for _, label in columns])
        for row in data:
            writer.writerow([neutralise_cell(self.get_export_value(row, name)) for name, _ in columns])
        audit.append("E", f"export:{self.endpoint}", detail=f"{count} rows exported")
        filename = f"{self.endpoint}.csv"
        return Response(buffer.getvalue(), mimetype="text/csv",
                        headers={"Content-Disposition": f"attachment; filename={filename}"})
