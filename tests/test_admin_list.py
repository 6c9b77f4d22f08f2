"""Admin list pages of case data: need-to-know, the pager, and the work a page costs.

The list of a scoped ``SecureModelView`` must stay one indexed query driven from the worker's
involvements (not a scan of the table), with a fixed number of statements per page (no count, no
lazy load per row), and the markup must stay Flask-Admin's.
"""

import logging
import re

import pytest
from flask_admin.contrib.peewee import ModelView
from gezinsroute.models import Trajectory
from gezinsroute_admin import SecureModelView

from tests.conftest import TOY
from tests.web_helpers import login, make_case, make_worker

pytestmark = [pytest.mark.gezinsroute_plugins("toy"), pytest.mark.gezinsroute_extra_plugins(TOY)]

URL = "/beheer/test-trajectories/"
PAGE = SecureModelView.page_size


class TrajectoryAdmin(SecureModelView):
    column_default_sort = ("id", True)


@pytest.fixture
def listing(app):
    view = TrajectoryAdmin(Trajectory, endpoint="test_trajectories", url=URL.rstrip("/"))
    app.extensions["admin"][0].add_view(view)
    return view


@pytest.fixture
def cases(gz):
    """``inscope`` is involved with PAGE + 3 families, ``outscope`` with 2 others."""
    inscope, outscope = make_worker("inscope", "worker"), make_worker("outscope", "worker")
    mine = [make_case(inscope, name=f"Gezin Binnen {n}")[1].id for n in range(PAGE + 3)]
    theirs = [make_case(outscope, name=f"Gezin Buiten {n}")[1].id for n in range(2)]
    return mine, theirs


class Statements(logging.Handler):
    """The SQL statements peewee runs while active."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.sql: list[tuple[str, tuple]] = []

    def emit(self, record):
        if isinstance(record.msg, tuple) and len(record.msg) == 2:
            self.sql.append((record.msg[0], tuple(record.msg[1] or ())))

    def __enter__(self):
        logger = logging.getLogger("peewee")
        self._level = logger.level
        logger.setLevel(logging.DEBUG)
        logger.addHandler(self)
        return self

    def __exit__(self, *exc):
        logger = logging.getLogger("peewee")
        logger.removeHandler(self)
        logger.setLevel(self._level)


def row_ids(html: str) -> list[int]:
    edit = [int(i) for i in re.findall(r'/edit/\?id=(\d+)&amp;', html)]
    delete = [int(i) for i in re.findall(r'<input id="id" name="id" type="hidden" value="(\d+)">', html)]
    assert edit == delete, "every row's edit link and delete form name the same record"
    return edit


def test_pager_walks_exactly_the_workers_rows(listing, cases, client):
    mine, theirs = cases
    assert login(client, "inscope").status_code == 302
    first = client.get(URL)
    assert first.status_code == 200
    html = first.data.decode()
    assert row_ids(html) == sorted(mine, reverse=True)[:PAGE]
    next_page = re.findall(r'<li class="page-item">\s*<a class="page-link" href="([^"]*)">&gt;</a>', html)
    assert next_page == [f"{URL}?page=1&amp;page_size={PAGE}"], "the simple pager offers the next page"
    second = client.get(next_page[0].replace("&amp;", "&")).data.decode()
    assert row_ids(second) == sorted(mine, reverse=True)[PAGE:]
    assert not set(theirs) & set(row_ids(html) + row_ids(second))
    assert "Gezin Buiten" not in html + second and "Gezin Binnen" in html
    assert row_ids(client.get(URL + "?page=2").data.decode()) == []
    for trajectory_id in theirs:
        assert client.get(f"{URL}edit/?id={trajectory_id}").status_code in (302, 404)
    client.post("/logout")
    login(client, "outscope")
    assert sorted(row_ids(client.get(URL).data.decode())) == sorted(theirs)


def test_a_page_costs_a_fixed_number_of_statements(listing, cases, client):
    login(client, "inscope")
    client.get(URL)  # warm up: templates, translations
    with Statements() as full:
        assert client.get(URL).status_code == 200
    with Statements() as short:
        assert client.get(URL + "?page=1").status_code == 200
    assert not [sql for sql, _ in full.sql if "COUNT(" in sql.upper()], "no count(*) on a list page"
    # the rows' family, responsible worker and team: one query each, not one per row
    assert len(full.sql) == len(short.sql) <= 8, [sql[:80] for sql, _ in full.sql]
    with Statements() as export:
        response = client.get(URL + "export/csv/")
    assert response.status_code == 200 and response.data.decode().count("Gezin Binnen") == PAGE + 3
    family_reads = [sql for sql, _ in export.sql if re.search(r'FROM "family"', sql)]
    assert len(family_reads) == 1, "an export loads the rows' families in one query"


def test_list_query_is_driven_by_an_index(gz, listing, cases, client):
    if gz.database.__class__.__name__.lower().find("sqlite") < 0:
        pytest.skip("the plan is checked on SQLite; PostgreSQL plans tiny test tables differently")
    login(client, "inscope")
    with Statements() as run:
        client.get(URL)
    found = [(sql, params) for sql, params in run.sql
             if sql.startswith('SELECT "t1"."id"') and 'FROM "trajectory"' in sql and "LIMIT" in sql]
    assert len(found) == 1, run.sql
    sql, params = found[0]
    plan = [row[-1] for row in gz.database.execute_sql("EXPLAIN QUERY PLAN " + sql, params).fetchall()]
    # trajectory (t1) is searched by family through an index, from the worker's involvements;
    # no table or index is read in full
    assert re.match(r"SEARCH t1 USING (COVERING )?INDEX \S+ \(family_id=\?\)", plan[0]), plan
    assert any(re.match(r"SEARCH t\d+ USING (COVERING )?INDEX involvement_\w+ \(worker_id=", s) for s in plan), plan
    assert not [step for step in plan if step.startswith("SCAN")], plan

def test_rows_look_as_flask_admin_writes_them(listing, cases, client):
    login(client, "inscope")

    def page():
        html = client.get(URL).data.decode()
        html = re.sub(r'name="csrf_token" type="hidden" value="[^"]*"', "csrf", html)
        return re.sub(r"\s+", " ", re.sub(r">\s+", ">", re.sub(r"\s+<", "<", html)))

    ours = page()
    listing.list_template = "admin/model/list.html"
    listing.get_list_row_actions = lambda: ModelView.get_list_row_actions(listing)
    assert page() == ours
