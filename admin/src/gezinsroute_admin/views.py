"""Secure base views: deny by default, scope every row access, audit exports."""

from __future__ import annotations

import csv
import io

from flask import abort
from flask_admin import AdminIndexView, BaseView
from flask_admin.contrib.peewee import ModelView
from flask_admin.form import SecureForm
from flask_admin.model.template import DeleteRowAction, EditRowAction
from gezinsroute.access import current_worker, has_permission, visible_family_ids
from jinja2 import pass_context
from markupsafe import Markup, escape
from peewee import SQL, ForeignKeyField, NodeList

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value) -> str:
    """Prefix cells that a spreadsheet would run as a formula (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


_PROBE = "\x00"
_IN_BATCH = 500  # keys per IN list when loading related rows


class _PageRowAction:
    """A row action (edit, delete) whose markup differs between rows only in one part (the row's
    URL or id field): the macro is rendered for the first row, and later rows reuse its markup
    around their own part. Rendering the delete form per row cost about a quarter of a list page.
    The markup is the same as Flask-Admin's; when the first row's does not split cleanly around
    its part, every row is rendered by the macro as before. One instance serves one page.
    """

    _parts = None

    def _row_part(self, context, row_id) -> str:
        raise NotImplementedError

    def render(self, context, row_id, row):
        if self._parts is None:
            html = str(super().render(context, row_id, row))
            part = self._row_part(context, row_id)
            self._parts = tuple(html.split(part)) if part and html.count(part) == 1 else ()
            return Markup(html)
        if not self._parts:
            return super().render(context, row_id, row)
        return Markup(self._parts[0] + self._row_part(context, row_id) + self._parts[1])


class PageEditRowAction(_PageRowAction, EditRowAction):
    def _row_part(self, context, row_id):
        url = context.resolve("get_url")(".edit_view", id=row_id, url=context.resolve("return_url"))
        return str(escape(url))


class PageDeleteRowAction(_PageRowAction, DeleteRowAction):
    _id_input = None

    def _row_part(self, context, row_id):
        if self._id_input is None:  # the hidden id field, rendered once around a placeholder
            probe = str(context.resolve("delete_form").id(value=_PROBE))
            self._id_input = tuple(probe.split(_PROBE)) if probe.count(_PROBE) == 1 else ()
        if not self._id_input:
            return str(context.resolve("delete_form").id(value=row_id))
        return self._id_input[0] + str(escape(row_id)) + self._id_input[1]


_PAGE_ACTIONS = {EditRowAction: PageEditRowAction, DeleteRowAction: PageDeleteRowAction}


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


def _in(column, subquery):
    """``column IN (subquery)``, as ``column.in_(subquery)`` writes it. peewee writes the SQL of an
    ``IN``'s right-hand side twice (once to see whether it is an empty list), and the need-to-know
    subquery nests more of them: building the list query took longer than running it."""
    return NodeList((column, SQL("IN"), subquery), parens=True)


def family_scope(model, _depth: int = 0):
    """How rows of ``model`` belong to a family (an expression builder), or ``None`` for non-case data.

    A model without its own ``family`` or ``trajectory`` key that points to case data (a plugin's
    match through its intake, an evaluation through its match) is case data too: it is scoped
    through that foreign key (up to three hops).
    """
    from gezinsroute.models import Family, Trajectory

    fields = model._meta.fields
    if model is Family:
        return lambda visible: _in(Family.id, visible)
    if "family" in fields and fields["family"].rel_model is Family:
        return lambda visible: _in(fields["family"], visible)
    if "trajectory" in fields and fields["trajectory"].rel_model is Trajectory:
        return lambda visible: _in(fields["trajectory"],
                                   Trajectory.select(Trajectory.id).where(_in(Trajectory.family, visible)))
    if _depth >= 3:
        return None
    for field in fields.values():
        related = getattr(field, "rel_model", None)
        if related is None or related is model:
            continue
        inner = family_scope(related, _depth + 1)
        if inner is not None:
            return lambda visible, field=field, related=related, inner=inner: _in(
                field, related.select(related._meta.primary_key).where(inner(visible)))
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
    list_template = "gezinsroute_admin/model_list.html"

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

    def get_list(self, page, sort_column, sort_desc, search, filters, execute=True, page_size=None):
        count, data = super().get_list(page, sort_column, sort_desc, search, filters,
                                       execute=execute, page_size=page_size)
        if execute:
            self.load_related(data, self._list_columns)
        return count, data

    def load_related(self, rows, columns) -> None:
        """Load the related rows that the foreign key ``columns`` show with one query per column,
        instead of one query per row and column when they are rendered (lazy loading).

        It reads nothing the lazy loads would not: the row each key points to. A key whose row is
        missing is left to the lazy load, so that behaves as before.
        """
        fields = self.model._meta.fields
        for name, _label in columns:
            field = fields.get(name) if isinstance(name, str) else None
            if not isinstance(field, ForeignKeyField) or not field.lazy_load:
                continue
            keys = sorted({row.__data__.get(field.name) for row in rows
                           if field.name not in row.__rel__} - {None})
            rel_field, found = field.rel_field, {}
            for start in range(0, len(keys), _IN_BATCH):
                chunk = keys[start:start + _IN_BATCH]
                found.update((getattr(obj, rel_field.name), obj)
                             for obj in field.rel_model.select().where(rel_field.in_(chunk)))
            for row in rows:
                obj = found.get(row.__data__.get(field.name))
                if obj is not None and field.name not in row.__rel__:
                    row.__rel__[field.name] = obj

    @pass_context
    def list_cells(self, context, row, columns):
        """The ``<td>`` cells of ``row`` for ``columns``, as Flask-Admin's list template writes them
        for columns that are not editable (the value from :meth:`get_list_value`, escaped): one
        call per row instead of template work per cell (see ``gezinsroute_admin/model_list.html``)."""
        return Markup("".join(
            f'<td class="col-{escape(name)}">\n{escape(self.get_list_value(context, row, name))}\n</td>'
            for name, _label in columns))

    def get_list_row_actions(self):
        return [_PAGE_ACTIONS[type(action)]() if type(action) in _PAGE_ACTIONS else action
                for action in super().get_list_row_actions()]

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

        _count, data = self._export_data()  # no count with the simple pager
        data = list(data)
        columns = self.get_export_columns()
        self.load_related(data, columns)
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([neutralise_cell(label) for _, label in columns])
        for row in data:
            writer.writerow([neutralise_cell(self.get_export_value(row, name)) for name, _ in columns])
        audit.append("E", f"export:{self.endpoint}", detail=f"{len(data)} rows exported")
        filename = f"{self.endpoint}.csv"
        return Response(buffer.getvalue(), mimetype="text/csv",
                        headers={"Content-Disposition": f"attachment; filename={filename}"})
