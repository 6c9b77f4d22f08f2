"""Pytest fixtures for Gezinsroute and its plugins (installed as a ``pytest11`` plugin).

Mark a test (or module) with the plugins it needs and use the fixtures::

    pytestmark = pytest.mark.gezinsroute_plugins("my_plugin")

    def test_something(gz):          # a booted runtime, bound to a migrated test database
        ...

    def test_page(client):           # a Flask test client for the same runtime
        ...

Each test runs inside a transaction that is rolled back afterwards. The database
is SQLite in a temporary directory, or PostgreSQL when
``GEZINSROUTE_TEST_DATABASE_URL`` names a server (one database per plugin set).
"""

from __future__ import annotations

import hashlib
import os
import textwrap
from pathlib import Path

import pytest

from .. import migrate, reference
from ..app import create_app
from ..runtime import boot, set_current

TEST_DB_ENV = "GEZINSROUTE_TEST_DATABASE_URL"

TEST_DEPLOYMENT = """
[deployment]
name = "Teststad"
plugins = {plugins}
two_factor = false

[[municipalities]]
code = "GM9999"
name = "Teststad"
areas = [{{ code = "WK999901", name = "Noord" }}, {{ code = "WK999902", name = "Zuid" }}]

[[municipalities]]
code = "GM9998"
name = "Proefdorp"
areas = [{{ code = "WK999801", name = "Centrum" }}]

[[teams]]
key = "team-noord"
name = "Team Noord"
municipality = "GM9999"

[[teams]]
key = "team-zuid"
name = "Team Zuid"
municipality = "GM9999"

[[partners]]
key = "school-de-regenboog"
name = "Basisschool De Regenboog"
kind = "school"
areas = ["WK999901"]

[[partners]]
key = "bibliotheek-teststad"
name = "Bibliotheek Teststad"
kind = "library"
areas = ["WK999901", "WK999902"]

[[partners]]
key = "jeugdfonds"
name = "Jeugdfonds Sport & Cultuur"
kind = "fund"
"""


def pytest_configure(config):
    config.addinivalue_line("markers", "gezinsroute_plugins(*names): plugins the test deployment enables")
    config.addinivalue_line("markers", "gezinsroute_deployment(path): boot this deployment file instead")
    config.addinivalue_line("markers", "gezinsroute_extra_plugins(*pairs): (object, name) pairs to register")


class TestDatabases:
    """One migrated database per plugin set, created once per test session."""

    def __init__(self, tmp_dir: Path):
        self.tmp_dir = tmp_dir
        self.ready: dict[str, str] = {}

    def url_for(self, key: str) -> tuple[str, bool]:
        if key in self.ready:
            return self.ready[key], False
        server = os.environ.get(TEST_DB_ENV, "")
        if server.startswith("postgres"):
            url = _fresh_postgres_database(server, f"gztest_{key}")
        else:
            url = f"sqlite:///{self.tmp_dir / f'{key}.sqlite3'}"
        self.ready[key] = url
        return url, True


def _fresh_postgres_database(server_url: str, name: str) -> str:
    import psycopg2
    from playhouse.db_url import parse

    params = parse(server_url)
    conn = psycopg2.connect(dbname=params["database"], user=params.get("user"),
                            host=params.get("host"), port=params.get("port"),
                            password=params.get("password"))
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cur.execute(f'CREATE DATABASE "{name}"')
    conn.close()
    base = server_url.rsplit("/", 1)[0]
    return f"{base}/{name}"


@pytest.fixture(scope="session")
def gezinsroute_test_databases(tmp_path_factory):
    return TestDatabases(tmp_path_factory.mktemp("gezinsroute-db"))


def _deployment_file(request, tmp_path_factory) -> tuple[Path, str]:
    marker = request.node.get_closest_marker("gezinsroute_deployment")
    if marker:
        path = Path(marker.args[0])
        return path, path.stem + "-" + hashlib.sha1(path.read_bytes()).hexdigest()[:8]
    marker = request.node.get_closest_marker("gezinsroute_plugins")
    names = list(marker.args) if marker else []
    text = textwrap.dedent(TEST_DEPLOYMENT).format(plugins="[" + ", ".join(f'"{n}"' for n in names) + "]")
    key = "_".join(names) or "core"
    path = tmp_path_factory.getbasetemp() / f"deployment-{key}.toml"
    path.write_text(text)
    return path, key


@pytest.fixture
def gz(request, tmp_path_factory, gezinsroute_test_databases):
    """A booted runtime on a migrated test database; the test's writes are rolled back."""
    path, key = _deployment_file(request, tmp_path_factory)
    extra_marker = request.node.get_closest_marker("gezinsroute_extra_plugins")
    extra = list(extra_marker.args) if extra_marker else []
    if extra:
        key += "_" + "_".join(name for _obj, name in extra)
    rt = boot(path, extra_plugins=extra)
    url, fresh = gezinsroute_test_databases.url_for(key)
    rt.deployment.database_url = url
    db = rt.connect()
    if fresh:
        migrate.upgrade(rt, db)
        reference.sync(rt.deployment)
    try:
        with db.atomic() as transaction:
            yield rt
            transaction.rollback()
    finally:
        set_current(None)
        db.close()


@pytest.fixture
def app(gz):
    application = create_app(gz, testing=True, config={"WTF_CSRF_ENABLED": False})
    return application


@pytest.fixture
def client(app):
    return app.test_client()
