"""The bulk generator (``gezinsroute demo-data --size``) at a tiny size: consistent and reproducible."""

import pytest
from gezinsroute import bulk, clock
from gezinsroute.db import is_postgres
from gezinsroute.models import (
    AuditEntry,
    Contact,
    Family,
    Involvement,
    Member,
    Signal,
    Trajectory,
    TrajectoryMember,
)
from gezinsroute.services.audit import verify_chain
from gezinsroute.testing.helpers import dangling

from tests import toy_plugin

pytestmark = [pytest.mark.gezinsroute_plugins("toy"), pytest.mark.gezinsroute_extra_plugins((toy_plugin, "toy"))]

FAMILIES = 60


def gz_today():
    return clock.today()


def _fingerprint(db, first_family):
    rows = db.execute_sql(
        "SELECT f.name, f.postcode, m.given_name, m.birth_date, m.bsn FROM family f JOIN member m "
        f"ON m.family_id = f.id WHERE f.id >= {int(first_family)} ORDER BY m.id").fetchall()
    traj = db.execute_sql(
        "SELECT methodology, phase, started_on, ended_on, end_reason_cbs FROM trajectory t "
        f"WHERE t.family_id >= {int(first_family)} ORDER BY t.id").fetchall()
    contacts = db.execute_sql(
        "SELECT c.kind, c.occurred_at, c.duration_minutes, c.summary FROM contact c "
        f"WHERE c.family_id >= {int(first_family)} ORDER BY c.id").fetchall()
    return [[tuple(map(str, r)) for r in part] for part in (rows, traj, contacts)]



def test_bulk_generator_is_consistent(gz):
    db = gz.database
    audit_before = AuditEntry.select().count()
    result = bulk.generate(gz, families=FAMILIES, seed=7, rebuild_indexes=True)
    assert result.families == FAMILIES
    assert Family.select().count() == FAMILIES
    trajectories = Trajectory.select().count()
    assert trajectories == result.counts["trajectory"]
    assert FAMILIES <= trajectories <= 4 * FAMILIES
    assert Contact.select().count() == bulk.CONTACTS_PER_TRAJECTORY * trajectories
    # contacts happen during their trajectory, by its responsible worker, in the family of the trajectory
    for c in Contact.select(Contact, Trajectory).join(Trajectory):
        t = c.trajectory
        assert t.started_on <= c.occurred_at.date() <= (t.ended_on or gz_today())
        assert (c.worker_id, c.family_id) == (t.responsible_id, t.family_id)
        assert 8 <= c.occurred_at.hour < 18
    assert len({c.summary for c in Contact.select(Contact.summary)}) > 50  # varied, not one sentence
    members = Member.select().count()
    assert members == result.counts["member"]
    assert TrajectoryMember.select().count() == result.counts["trajectory_member"]
    assert Involvement.select().where(Involvement.role == "responsible").count() == trajectories
    open_count = Trajectory.select().where(Trajectory.ended_on.is_null()).count()
    assert Signal.select().where(Signal.status == "open").count() == open_count
    # valid phases, closed ones with a CBS and a JZ588 end reason
    definition = gz.registry.methodology("toy")
    for t in Trajectory.select():
        assert definition.phase(t.phase) is not None
        if t.ended_on is not None:
            assert t.phase in definition.closed_phases and t.end_reason_cbs and t.end_reason_jz588
    # test BSNs only, passing the 11-proef
    for (bsn,) in Member.select(Member.bsn).where(Member.bsn.is_null(False)).tuples():
        assert bsn.startswith("9999")
        assert sum(int(d) * w for d, w in zip(bsn, (9, 8, 7, 6, 5, 4, 3, 2, -1))) % 11 == 0
    # every foreign key points at a row
    for child, column, parent in [("member", "family_id", "family"), ("trajectory", "family_id", "family"),
                                  ("trajectory", "responsible_id", "worker"), ("trajectory", "team_id", "team"),
                                  ("trajectory_member", "member_id", "member"),
                                  ("trajectory_member", "trajectory_id", "trajectory"),
                                  ("involvement", "worker_id", "worker"), ("contact", "trajectory_id", "trajectory"),
                                  ("contact", "family_id", "family"), ("signal", "trajectory_id", "trajectory"),
                                  ("goal", "plan_id", "plan"), ("plan", "trajectory_id", "trajectory"),
                                  ("referral", "partner_id", "partner"), ("worker", "team_id", "team"),
                                  ("worker_role", "worker_id", "worker"), ("assessment", "member_id", "member")]:
        assert dangling(db, child, column, parent) == 0, (child, column)
    if not is_postgres(db):
        assert db.execute_sql("PRAGMA foreign_key_check").fetchall() == []
    # one chained audit entry per family, member and trajectory; the chain verifies
    assert AuditEntry.select().count() - audit_before == FAMILIES + members + trajectories
    ok, checked, reason = verify_chain()
    assert ok, reason
    assert checked == AuditEntry.select().count()
    # indexes were dropped for the load and restored exactly
    names = {name for name, _sql in bulk.secondary_indexes(db, bulk.LOADED_TABLES)}
    assert "contact_family_id_occurred_at" in names and "trajectory_family_id_methodology" in names


def test_bulk_generator_is_reproducible(gz):
    db = gz.database
    first = bulk._next_id(db, "family")
    bulk.generate(gz, families=20, seed=11)
    one = _fingerprint(db, first)
    second = bulk._next_id(db, "family")
    bulk.generate(gz, families=20, seed=11)
    two = _fingerprint(db, second)
    assert one == two
    assert verify_chain()[0]


def test_bulk_load_into_its_own_sqlite_file_takes_the_fast_path(tmp_path, monkeypatch):
    """The path of a real load: its own connection (load pragmas, indexes dropped and recreated),
    rows generated in a second process and copied in through chunk files; consistent afterwards."""
    from gezinsroute import migrate, reference
    from gezinsroute.db import database
    from gezinsroute.runtime import boot, set_current

    from tests.conftest import TOY
    from tests.test_deployment import GOOD, write

    monkeypatch.delenv("DATABASE_URL", raising=False)
    previous = database.obj
    rt = boot(write(tmp_path, GOOD.replace("plugins = []", 'plugins = ["toy"]')), extra_plugins=[TOY])
    try:
        db = rt.connect()
        migrate.upgrade(rt, db)
        reference.sync(rt.deployment)
        indexes_before = bulk.secondary_indexes(db, bulk.LOADED_TABLES)
        result = bulk.generate(rt, families=120, seed=3, parallel=True, rebuild_indexes=True)
        trajectories = db.execute_sql("SELECT COUNT(*) FROM trajectory").fetchone()[0]
        assert result.counts["trajectory"] == trajectories > 0
        assert result.counts["family"] == db.execute_sql("SELECT COUNT(*) FROM family").fetchone()[0] == 120
        assert db.execute_sql("SELECT COUNT(*) FROM contact").fetchone()[0] == 10 * trajectories
        assert db.execute_sql("PRAGMA foreign_key_check").fetchall() == []
        assert db.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert bulk.secondary_indexes(db, bulk.LOADED_TABLES) == indexes_before
        assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"  # load settings restored
        assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
        ok, checked, reason = verify_chain()
        assert ok, reason
        assert checked == db.execute_sql("SELECT COUNT(*) FROM audit_entry").fetchone()[0]
    finally:
        rt.database.close()
        set_current(None)
        database.initialize(previous)
