"""Safe requests read in a read-only transaction and write their bookkeeping afterwards.

A GET may not change data (the database layer refuses), its audit entries are written in one
short transaction when its reads are done, and if that write fails the request fails: no read
goes unaudited. On SQLite the reads do not hold the single writer's lock.
"""

import sqlite3

import pytest
from gezinsroute import events
from gezinsroute.db import ReadOnlyViolation, database, make_database
from gezinsroute.models import AuditEntry, Team
from gezinsroute.services import audit

from tests.api_helpers import World
from tests.conftest import TOY

pytestmark = [pytest.mark.gezinsroute_plugins("toy"), pytest.mark.gezinsroute_extra_plugins(TOY)]


def test_a_write_inside_a_read_only_unit_is_refused(gz):
    team = Team.select().first()
    with pytest.raises(ReadOnlyViolation, match="read-only request"):
        with events.unit_of_work(read_only=True):
            Team.update(name="changed").where(Team.id == team.id).execute()
    assert Team.get_by_id(team.id).name == team.name


def test_audit_entries_of_reads_are_written_when_the_reads_end(gz):
    before = AuditEntry.select().count()
    with events.unit_of_work(read_only=True):
        audit.record_read("family", 1, 1, "test read")
        audit.record_reads("family", [(2, 2), (3, 3)])
        assert AuditEntry.select().count() == before  # queued, not yet written
    rows = list(AuditEntry.select().order_by(AuditEntry.id.desc()).limit(3))
    assert AuditEntry.select().count() == before + 3
    assert [r.object_id for r in reversed(rows)] == ["1", "2", "3"]
    assert audit.verify_chain()[0]


def test_outside_a_read_only_unit_entries_are_written_at_once(gz):
    before = AuditEntry.select().count()
    with events.unit_of_work():
        audit.record_read("family", 1, 1)
        assert AuditEntry.select().count() == before + 1


def test_a_get_fails_when_its_audit_entry_cannot_be_written(gz, client, monkeypatch):
    world = World()
    url = f"/api/v1/families/{world.mine.id}"
    assert client.get(url, headers=world.alice_auth).status_code == 200

    def broken(rows):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(audit, "_write_chained", broken)
    response = client.get(url, headers=world.alice_auth)
    assert response.status_code == 503
    assert b"Gezin Mijn" not in response.data  # the unaudited read is not shown
    assert response.get_json()["errors"][0]["message"]


def test_reads_do_not_hold_the_sqlite_write_lock(tmp_path):
    """While a read-only unit is open, another connection can write at once (busy timeout 0)."""
    previous = database.obj
    db = make_database(f"sqlite:///{tmp_path / 'lock.sqlite3'}")
    database.initialize(db)
    try:
        db.execute_sql("CREATE TABLE t (x INTEGER)")
        other = sqlite3.connect(tmp_path / "lock.sqlite3", timeout=0, isolation_level=None)
        with events.unit_of_work(read_only=True):
            assert db.execute_sql("SELECT COUNT(*) FROM t").fetchone() == (0,)
            other.execute("BEGIN IMMEDIATE")
            other.execute("INSERT INTO t VALUES (1)")
            other.execute("COMMIT")
            # the read transaction keeps its snapshot
            assert db.execute_sql("SELECT COUNT(*) FROM t").fetchone() == (0,)
        with events.unit_of_work():  # a write unit does take the lock
            db.execute_sql("SELECT 1")
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        other.close()
    finally:
        db.close()
        database.initialize(previous)
