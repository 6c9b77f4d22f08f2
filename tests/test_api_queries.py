"""SQL statements per API request stay within budget: token with worker and roles, the object with
its need-to-know check, the audit chain's end and the audit insert (PostgreSQL adds the advisory
lock that serialises audit appends). Savepoints are counted apart: only the request's own two
transactions (its reads, then the short write of their audit entry; each a savepoint inside the
test's transaction) may remain."""

import pytest
from gezinsroute.models import Family

from tests.api_helpers import World
from tests.conftest import TOY

pytestmark = [pytest.mark.gezinsroute_plugins("toy"), pytest.mark.gezinsroute_extra_plugins(TOY)]

MAX_QUERIES = 5


class QueryLog:
    """Every statement sent through peewee's ``execute_sql`` while the block runs."""

    def __init__(self, db):
        self.db = getattr(db, "obj", db)
        self.sql: list[str] = []

    def __enter__(self):
        original = self.db.execute_sql

        def counting(sql, params=None, *a, **kw):
            self.sql.append(sql)
            return original(sql, params, *a, **kw)

        self.db.execute_sql = counting
        return self

    def __exit__(self, *exc):
        del self.db.execute_sql

    @property
    def queries(self) -> list[str]:
        return [s for s in self.sql if not s.lstrip().upper().startswith(("SAVEPOINT", "RELEASE"))]

    @property
    def savepoints(self) -> int:
        return sum(1 for s in self.sql if s.lstrip().upper().startswith("SAVEPOINT"))


@pytest.fixture
def world(gz):
    return World()


@pytest.mark.parametrize("path", ["/trajectories/{trajectory}", "/trajectories?limit=50", "/families/{family}"])
def test_api_read_query_budget(world, client, path):
    w = world
    url = "/api/v1" + path.format(trajectory=w.my_trajectory.id, family=w.mine.id)
    assert client.get(url, headers=w.alice_auth).status_code == 200  # token's last_used_at is set now
    with QueryLog(Family._meta.database) as log:
        response = client.get(url, headers=w.alice_auth)
    assert response.status_code == 200
    assert len(log.queries) <= MAX_QUERIES, log.queries
    assert log.savepoints <= 2, log.sql


def test_out_of_scope_still_404_with_one_query_check(world, client):
    w = world
    for url in (f"/api/v1/trajectories/{w.their_trajectory.id}", f"/api/v1/families/{w.theirs.id}"):
        assert client.get(url, headers=w.alice_auth).status_code == 404


def test_family_detail_members_in_order(world, client):
    w = world
    body = client.get(f"/api/v1/families/{w.mine.id}", headers=w.alice_auth).get_json()
    assert [m["given_name"] for m in body["members"]] == ["Anna", "Bo"]
