"""Read statements that are built and compiled once, for hot read paths such as the family dossier.

Compiling a peewee query to SQL costs more than SQLite takes to run a small indexed read (about
half of a dossier read was compilation). A :class:`Statement` builds its query once, with named
placeholders (:func:`param`) where the values go, compiles it once per kind of database, and on
each run sends the stored SQL with the values filled in; the rows come back exactly as the query
itself would return them (model instances with their joined models, tuples, dicts).

A placeholder is a bare value: it gets no field conversion, so pass values the driver takes as
they are (ints, strings, dates). A list does not fit one placeholder: use a subquery instead of
``IN (...)`` over a list, or one placeholder per item and one statement per list length.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from peewee import Value

from ..db import database


class Param:
    """A named placeholder in a :class:`Statement`'s parameters."""

    __slots__ = ("name",)

    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return f"Param({self.name!r})"


def param(name: str) -> Value:
    """A placeholder for the value passed as ``name`` when the :class:`Statement` runs."""
    return Value(Param(name), converter=False)


class Statement:
    """A select built by ``build`` (once) and compiled once per database class.

    ``Statement(lambda: Member.select().where(Member.family == param("family")))`` then
    ``statement.rows(family=7)``. The query object is kept only to turn cursor rows into the
    values its row type gives; it is never executed itself, so it can be shared between threads.
    """

    def __init__(self, build: Callable[[], Any]):
        self._build = build
        self._compiled: dict[type, tuple[Any, str, list]] = {}

    def _prepared(self):
        db = database.obj
        found = self._compiled.get(type(db))
        if found is None:
            query = self._build()
            sql, params = query.sql()
            found = self._compiled[type(db)] = (query, sql, params)
        return found

    def cursor(self, **values):
        """The database cursor for these placeholder values: rows as the driver gives them, without
        the query's conversions (on SQLite dates are ISO strings)."""
        _query, sql, params = self._prepared()
        try:
            bound = [values[p.name] if isinstance(p, Param) else p for p in params]
        except KeyError as exc:
            raise TypeError(f"statement needs a value for {exc.args[0]!r}") from None
        return database.execute_sql(sql, bound)

    def execute(self, **values):
        """The query's cursor wrapper for these placeholder values (iterate it for the rows): peewee's
        own row handling for the query (``_get_cursor_wrapper``, what ``query.execute()`` uses)."""
        return self._prepared()[0]._get_cursor_wrapper(self.cursor(**values))

    def rows(self, **values) -> list:
        return list(self.execute(**values))

    def first(self, **values):
        """The first row or ``None`` (build the query with ``.limit(1)``)."""
        return next(iter(self.execute(**values)), None)
