"""Secure base views: deny by default, scope every row access, audit exports."""

from __future__ import annotations

import csv
import io

from flask import abort
from flask_admin import AdminIndexView, BaseView
from flask_admin.contrib.peewee import ModelView
from flask_admin.form import SecureForm
from gezinsroute.access import has_permission

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


class SecureModelView(_AccessMixin, ModelView):
    """A model view that denies by default and never lets a row outside ``scope_query`` through."""

    form_base_class = SecureForm
    can_export = True
    export_max_rows = 10000
    page_size = 25
    simple_list_pager = True  # no count(*) over large tables on every page
    can_set_page_size = False
    details_modal = False

    def scope_query(self, query):
        """Restrict rows to what the current user may see (override per view)."""
        return query

    def get_query(self):
        return self.scope_query(super().get_query())

    def get_count_query(self):
        return self.scope_query(super().get_count_query())

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

    def _export_csv(self, return_url, export_type):
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
