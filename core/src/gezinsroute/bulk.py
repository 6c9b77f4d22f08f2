"""A national-size synthetic population, loaded in bulk (``gezinsroute demo-data --size``).

The small demo (:mod:`gezinsroute.demo`) goes through the audited services, one row
at a time. That costs about 93 µs per row (``Model.create``), so a million
trajectories with their members, contacts and signals would take most of an hour.
This module writes the same shapes of rows directly, in chunks, inside
transactions: ``executemany`` on SQLite, ``COPY`` (psycopg2 ``copy_expert``) on
PostgreSQL.

What it writes, consistently (every foreign key points at a row it wrote or that
the deployment's reference data holds):

* teams (the deployment's, plus generated ``bulk-…`` teams of about 12 workers),
  workers with the ``worker`` role and one ``teamleider`` per team;
* families in the deployment's municipalities and areas, their members (test BSNs
  from the 9999 range that pass the 11-proef);
* trajectories across the deployment's enabled methodologies, in valid phases
  from the registry (about 5% closed with a CBS and a JZ588 end reason; a
  methodology with ``single_open_per_family`` keeps at most one open trajectory per
  family), their members, their first phase change and the responsible worker's
  involvement;
* referrals, plans with goals, assessments, and one open signal per open trajectory
  with a stored due date;
* contacts (10 per trajectory, during it, by its responsible worker), derived from the
  loaded trajectories by one ``INSERT … SELECT`` per chunk (:class:`Contacts`), so the
  ten million contacts of the M size never pass through Python;
* the audit log: one ``C`` entry per family, member and trajectory, each chained
  to the one before with :func:`gezinsroute.services.audit.entry_hash`, continuing
  the existing chain, so ``gezinsroute audit verify`` passes. Rows below a
  trajectory (contacts, plans, goals, ...) get no entry of their own: at 10M+ rows
  that would double the load time; the entry of their trajectory records them.

Plugins add their own rows per chunk through the ``populate_bulk_data`` hook
(:class:`BulkChunk`: set-based SQL derived from the chunk's trajectories).

Names come from pools drawn once from a seeded Faker ``nl_NL`` and are combined
with a seeded :class:`random.Random`, so a seed gives the same population.

Load-time settings, SQLite only and only on the loading connection
(:data:`SQLITE_LOAD_PRAGMAS`): foreign key checks off, ``synchronous=OFF`` and the
rollback journal in memory while loading (a crash mid-load can corrupt the file, which
only holds synthetic data), restored afterwards. Secondary indexes of
the loaded tables are dropped before a large load and recreated afterwards from
their exact stored definitions (also when the load fails).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import random
import time
from dataclasses import dataclass
from typing import Any

from . import clock
from .codes import CBS_END_REASONS, JZ588_TO_CBS
from .db import is_postgres
from .demo import TEST_BSN_PREFIX
from .services.audit import GENESIS, _canonical, entry_hash

#: families per size; about 2.5 trajectories per family.
SIZES = {"XS": 200, "S": 10_000, "M": 400_000, "L": 1_000_000}
TRAJECTORIES_PER_FAMILY = (1, 2, 2, 3, 3, 4)  # mean 2.5
CONTACTS_PER_TRAJECTORY = 10
WORKERS_PER_TEAM = 12
CASELOAD = 40  # open trajectories per worker
CLOSED_SHARE = 0.05
CHUNK = 5_000  # families per transaction
BULK_USER = "system"

#: Settings of the loading connection (SQLite), restored afterwards. The rollback journal in memory
#: instead of the WAL writes each page once instead of twice; ``threads`` lets CREATE INDEX sort on
#: both cores; the large cache keeps the B-trees being appended to in memory.
SQLITE_LOAD_PRAGMAS = {"foreign_keys": "OFF", "synchronous": "OFF", "journal_mode": "MEMORY",
                       "cache_size": -1_000_000, "temp_store": "MEMORY", "threads": 2}

#: Settings of the loading session (PostgreSQL), reset afterwards: commits without waiting for the
#: WAL flush (a crash loses the last chunks, nothing else), and memory and workers for CREATE INDEX.
PG_LOAD_SETTINGS = {"synchronous_commit": "off", "maintenance_work_mem": "1GB",
                    "max_parallel_maintenance_workers": "2"}

LOADED_TABLES = ("team", "worker", "worker_role", "family", "member", "trajectory", "trajectory_member",
                 "phase_change", "involvement", "referral", "plan", "goal", "assessment", "contact",
                 "signal", "audit_entry")


@dataclass
class Result:
    families: int
    counts: dict
    seconds: float


def test_bsn_pool(n: int) -> list[str]:
    """The first ``n`` BSNs of the 9999 test range that pass the 11-proef (it holds about 9,090)."""
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    out = []
    start = int(TEST_BSN_PREFIX) * 100_000
    for num in range(start, start + 100_000):
        s = str(num)
        if sum(int(d) * w for d, w in zip(s, weights)) % 11 == 0:
            out.append(s)
            if len(out) >= n:
                break
    return out


class _Pools:
    def __init__(self, seed: int):
        from faker import Faker

        fake = Faker("nl_NL")
        fake.seed_instance(seed)
        self.surnames = sorted({fake.last_name() for _ in range(3000)})
        self.female = sorted({fake.first_name_female() for _ in range(800)})
        self.male = sorted({fake.first_name_male() for _ in range(800)})
        self.first = self.female + self.male
        self.sentences = [fake.sentence(nb_words=8) for _ in range(400)]
        self.bsns = test_bsn_pool(10_000)


# -- writing rows ----------------------------------------------------------------------------------
def _copy_value(v) -> str:
    if v is None:
        return "\\N"
    if v is True:
        return "1"
    if v is False:
        return "0"
    s = str(v)
    if "\\" in s or "\t" in s or "\n" in s or "\r" in s:
        s = s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return s


def copy_text(rows: list[tuple]) -> str:
    """Rows in PostgreSQL's COPY text format."""
    return "".join("\t".join(map(_copy_value, row)) + "\n" for row in rows)


class Writer:
    """Bulk rows into one table: executemany (SQLite) or COPY (PostgreSQL)."""

    def __init__(self, db):
        self.db = db
        self.pg = is_postgres(db)

    def write(self, table: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
        if not rows:
            return
        if self.pg:
            self.copy(table, columns, copy_text(rows))
        else:
            cols = ", ".join(f'"{c}"' for c in columns)
            marks = ", ".join("?" * len(columns))
            self.db.cursor().executemany(f'INSERT INTO "{table}" ({cols}) VALUES ({marks})', rows)

    def copy(self, table: str, columns: tuple[str, ...], text: str) -> None:
        if text:
            cols = ", ".join(f'"{c}"' for c in columns)
            self.db.cursor().copy_expert(f'COPY "{table}" ({cols}) FROM STDIN', io.StringIO(text))


def _next_id(db, table: str) -> int:
    return (db.execute_sql(f'SELECT MAX(id) FROM "{table}"').fetchone()[0] or 0) + 1


def _reset_sequences(db, tables) -> None:
    if not is_postgres(db):
        return
    for table in tables:
        db.execute_sql(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                       f"COALESCE((SELECT MAX(id) FROM \"{table}\"), 0) + 1, false)")


# -- indexes ---------------------------------------------------------------------------------------
def secondary_indexes(db, tables) -> list[tuple[str, str]]:
    """(name, exact CREATE statement) of every secondary index on ``tables``."""
    found = []
    for table in tables:
        if is_postgres(db):
            rows = db.execute_sql(
                "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = %s "
                "AND i.schemaname = current_schema() AND NOT EXISTS "
                "(SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname) ORDER BY i.indexname",
                (table,)).fetchall()
        else:
            rows = db.execute_sql("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
                                  "AND sql IS NOT NULL ORDER BY name", (table,)).fetchall()
        found.extend(rows)
    return found


def drop_indexes(db, indexes) -> None:
    with db.atomic():
        for name, _sql in indexes:
            db.execute_sql(f'DROP INDEX IF EXISTS "{name}"')


def restore_indexes(db, indexes, echo=None) -> None:
    for name, sql in indexes:
        exists = (db.execute_sql("SELECT 1 FROM pg_indexes WHERE indexname = %s", (name,)).fetchone()
                  if is_postgres(db) else
                  db.execute_sql("SELECT 1 FROM sqlite_master WHERE type='index' AND name = ?", (name,)).fetchone())
        if not exists:
            if echo:
                echo(f"  index {name}")
            db.execute_sql(sql)


# -- the audit chain -------------------------------------------------------------------------------
class AuditChain:
    """Computes chained ``C`` entries in Python, continuing the stored chain."""

    COLUMNS = ("id", "occurred_at", "action", "event_type", "outcome", "user_id", "username", "role", "purpose",
               "on_behalf_of", "access_point", "object_type", "object_id", "family_id", "detail", "source",
               "check_authorisation", "check_relationship", "check_consent", "check_emergency",
               "prev_hash", "hash", "chain_position")

    def __init__(self, db):
        last = db.execute_sql('SELECT id, hash, chain_position FROM audit_entry ORDER BY id DESC LIMIT 1').fetchone()
        self.next_id = (last[0] + 1) if last else 1
        self.prev = last[1] if last else GENESIS
        self.position = (last[2] or 0) if last else 0
        self.rows: list[tuple] = []
        self.checked = False
        import hashlib

        self._sha = hashlib.sha256

    def add(self, when: dt.datetime, object_type: str, object_id: int, family_id: int) -> None:
        self.position += 1
        stamp = when.strftime("%Y-%m-%dT%H:%M:%S.%f")
        # The canonical JSON of services.audit._canonical, built directly (checked once below).
        text = (f'{{"access_point": null, "action": "C", "chain_position": "{self.position}", '
                '"check_authorisation": true, "check_consent": false, "check_emergency": false, '
                '"check_relationship": false, "detail": "bulk", "event_type": "regular", '
                f'"family_id": "{family_id}", "object_id": "{object_id}", "object_type": "{object_type}", '
                f'"occurred_at": "{stamp}", "on_behalf_of": null, "outcome": "success", "purpose": "system", '
                '"role": "system", "source": "gezinsroute", "user_id": null, "username": "system"}')
        values = None
        if not self.checked:
            values = self._values(when, object_type, object_id, family_id)
            if _canonical(values) != text:  # pragma: no cover - a change in services.audit
                raise RuntimeError("bulk audit canonical form differs from services.audit")
            self.checked = True
        digest = self._sha((self.prev + text).encode("utf-8")).hexdigest()
        if values is not None and entry_hash(self.prev, values) != digest:  # pragma: no cover
            raise RuntimeError("bulk audit hash differs from services.audit")
        self.rows.append((self.next_id, when, "C", "regular", "success", None, "system", "system", "system",
                          None, None, object_type, str(object_id), family_id, "bulk", "gezinsroute",
                          True, False, False, False, self.prev, digest, self.position))
        self.prev = digest
        self.next_id += 1

    def _values(self, when, object_type, object_id, family_id) -> dict:
        return {"occurred_at": when, "action": "C", "event_type": "regular", "outcome": "success",
                "user_id": None, "username": "system", "role": "system", "purpose": "system",
                "on_behalf_of": None, "access_point": None, "object_type": object_type,
                "object_id": str(object_id), "family_id": family_id, "detail": "bulk", "source": "gezinsroute",
                "check_authorisation": True, "check_relationship": False, "check_consent": False,
                "check_emergency": False, "chain_position": self.position}

    def flush(self, writer: Writer) -> int:
        n = len(self.rows)
        writer.write("audit_entry", self.COLUMNS, self.rows)
        self.rows = []
        return n


def sqlite_paramstyle(sql: str) -> str:
    """A statement written for psycopg2 (``%(name)s`` parameters, ``%%`` for ``%``) in SQLite's
    named style (``:name``), so one text serves both backends."""
    import re

    return re.sub(r"%\((\w+)\)s", r":\1", sql).replace("%%", "%")


# -- contacts: set-based, in the database --------------------------------------------------------
class Contacts:
    """Writes :data:`CONTACTS_PER_TRAJECTORY` contacts for a range of loaded trajectories with one
    ``INSERT … SELECT``: the database derives them from the trajectory rows (family, responsible
    worker, a date between start and end), so ten million rows never pass through Python.

    Randomness comes from a temporary table of seeded random numbers, looked up by the
    trajectory's position in this load (``(position × 10 + n) mod`` a prime), so a seed gives the
    same contacts on both backends and into a database that already holds rows.
    """

    RANDOM_TABLE_SIZE = 100_003  # prime: consecutive trajectories take unrelated values
    DURATIONS = (15, 30, 45, 60, 90)

    def __init__(self, db, spec_contact_kinds: dict, sentences: list[str], seed: int, today: dt.date,
                 first_trajectory: int):
        self.db = db
        self.first_trajectory = first_trajectory
        self.pg = is_postgres(db)
        self.today = today
        rng = random.Random(seed ^ 0xC0117AC7)
        kinds = [(m, i, k, len(ks)) for m, ks in spec_contact_kinds.items()
                 for i, k in enumerate(ks or ["contact"])]
        tables = {  # name: (columns, key, rows)
            "bulk_seq": (("n INTEGER",), "n", [(n,) for n in range(CONTACTS_PER_TRAJECTORY)]),
            "bulk_rand": (("i INTEGER", "v BIGINT"), "i",
                          [(i, rng.getrandbits(31)) for i in range(self.RANDOM_TABLE_SIZE)]),
            "bulk_kind": (("methodology VARCHAR(64)", "i INTEGER", "key VARCHAR(64)", "n INTEGER"),
                          "methodology, i", kinds),
            "bulk_sentence": (("i INTEGER", "text TEXT"), "i", list(enumerate(sentences))),
        }
        writer = Writer(db)
        for name, (columns, key, rows) in tables.items():
            db.execute_sql(f"DROP TABLE IF EXISTS {name}")
            db.execute_sql(f"CREATE TEMPORARY TABLE {name} ({', '.join(columns)}, PRIMARY KEY ({key}))")
            writer.write(name, tuple(c.split()[0] for c in columns), rows)
        self.sentences = len(sentences)

    def sql(self) -> str:
        """The statement in psycopg2's paramstyle (``%%`` is a literal ``%``); SQLite's is derived."""
        if self.pg:
            span = "GREATEST(1, COALESCE(t.ended_on, %(today)s::date) - t.started_on)"
            when = ("(x.started_on + (r.v %% x.span)::int) + make_interval(hours => (8 + (r.v / 7) %% 10)::int, "
                    "mins => ((r.v / 71) %% 12)::int * 5)")
        else:
            span = "MAX(1, CAST(julianday(COALESCE(t.ended_on, %(today)s)) - julianday(t.started_on) AS INTEGER))"
            when = ("date(x.started_on, '+' || (r.v %% x.span) || ' days') || "
                    "printf(' %%02d:%%02d:00', 8 + (r.v / 7) %% 10, ((r.v / 71) %% 12) * 5)")
        durations = " ".join(f"WHEN {i} THEN {d}" for i, d in enumerate(self.DURATIONS))
        n = CONTACTS_PER_TRAJECTORY
        sql = f"""
            INSERT INTO contact (family_id, trajectory_id, kind, occurred_at, worker_id, duration_minutes, summary)
            SELECT x.family_id, x.id, k.key, {when}, x.responsible_id,
                   CASE (r.v / 997) %% {len(self.DURATIONS)} {durations} END, st.text
            FROM (SELECT t.id, t.family_id, t.methodology, t.responsible_id, t.started_on, s.n,
                         {span} AS span
                  FROM trajectory t CROSS JOIN bulk_seq s
                  WHERE t.id BETWEEN %(lo)s AND %(hi)s) x
            JOIN bulk_rand r ON r.i = ((x.id - {int(self.first_trajectory)}) * {n} + x.n) %% {self.RANDOM_TABLE_SIZE}
            JOIN bulk_kind k ON k.methodology = x.methodology AND k.i = (r.v / 13) %% k.n
            JOIN bulk_sentence st ON st.i = (r.v / 89) %% {self.sentences}
            ORDER BY x.id, x.n"""
        return sql if self.pg else sqlite_paramstyle(sql)

    def write(self, first_trajectory: int, last_trajectory: int) -> int:
        params = {"today": self.today.isoformat(), "lo": first_trajectory, "hi": last_trajectory}
        cursor = self.db.cursor()
        cursor.execute(self.sql(), params)
        return cursor.rowcount

    def drop(self) -> None:
        for name in ("bulk_seq", "bulk_rand", "bulk_kind", "bulk_sentence"):
            self.db.execute_sql(f"DROP TABLE IF EXISTS {name}")


# -- plugins: their rows for each chunk ------------------------------------------------------------
@dataclass
class BulkChunk:
    """One chunk of a bulk load as a plugin's ``populate_bulk_data`` sees it.

    The chunk's core rows are written: its families (ids ``families``), their members
    (``members``), trajectories of every methodology (``trajectories``) and their phase
    changes (``phase_changes``), with workers, contacts and the rest. A plugin adds its rows
    with set-based ``INSERT … SELECT`` statements (:meth:`execute`) derived from those rows, so
    a million trajectories never pass through Python. The secondary indexes of the core tables
    are dropped during a large load: select the chunk's rows by id range (the parameters of
    :meth:`execute`), not by a foreign key. ``index`` 0 is the first chunk: the moment to create
    reference rows the later ones point at (volunteers, groups, ...). The other methods write
    SQL fragments that mean the same on SQLite and PostgreSQL.
    """

    db: Any
    index: int
    families: tuple[int, int]
    members: tuple[int, int]
    trajectories: tuple[int, int]
    phase_changes: tuple[int, int]
    seed: int
    today: dt.date
    load_start: int  # first trajectory id of the whole load: random() keys are positions in the load
    counts: dict

    @property
    def first_trajectory(self) -> int:
        return self.trajectories[0]

    @property
    def last_trajectory(self) -> int:
        return self.trajectories[1]

    @property
    def postgres(self) -> bool:
        return is_postgres(self.db)

    def execute(self, table: str, sql: str, params: dict | None = None) -> int:
        """Run one statement that writes rows of ``table``; returns (and counts) the rows written.

        Write it for psycopg2 (``%(name)s`` parameters, ``%%`` for a literal ``%``): it runs
        unchanged on PostgreSQL and converted on SQLite. Always available: ``%(lo)s`` and
        ``%(hi)s`` (this chunk's trajectory ids), ``%(family_lo)s``/``%(family_hi)s``,
        ``%(member_lo)s``/``%(member_hi)s``, ``%(phase_change_lo)s``/``%(phase_change_hi)s``,
        ``%(today)s`` (ISO date) and ``%(seed)s``.
        """
        values = {"lo": self.trajectories[0], "hi": self.trajectories[1],
                  "family_lo": self.families[0], "family_hi": self.families[1],
                  "member_lo": self.members[0], "member_hi": self.members[1],
                  "phase_change_lo": self.phase_changes[0], "phase_change_hi": self.phase_changes[1],
                  "today": self.today.isoformat(), "seed": self.seed, **(params or {})}
        cursor = self.db.cursor()
        cursor.execute(sql if self.postgres else sqlite_paramstyle(sql), values)
        written = max(cursor.rowcount, 0)
        self.counts[table] = self.counts.get(table, 0) + written
        return written

    # -- SQL fragments, the same on both backends --------------------------------------------------
    def random(self, trajectory_id: str, salt: int = 0) -> str:
        """A seeded random integer in [0, 2**31) for a row derived from the trajectory
        ``trajectory_id`` (an SQL expression such as ``t.id``); a different ``salt`` per use gives
        unrelated values. The same seed gives the same values on both backends."""
        position = f"(({trajectory_id}) - {int(self.load_start)}) * 31 + {int(salt)}"
        return f"(SELECT v FROM bulk_rand WHERE i = ({position}) %% {Contacts.RANDOM_TABLE_SIZE})"

    @staticmethod
    def literal(value) -> str:
        """``value`` as an SQL literal (``None`` is NULL; numbers stay numbers)."""
        if value is None:
            return "NULL"
        if isinstance(value, bool):
            return "TRUE" if value else "FALSE"
        if isinstance(value, (int, float)):
            return repr(value)
        return "'" + str(value).replace("'", "''").replace("%", "%%") + "'"

    def in_list(self, values) -> str:
        """``values`` as the inside of ``IN (…)``."""
        return ", ".join(self.literal(v) for v in values)

    def choice(self, number_sql: str, values) -> str:
        """One of ``values``, picked by a non-negative SQL number (repeat a value to weigh it)."""
        values = list(values)
        if len(values) == 1:
            return self.literal(values[0])
        whens = " ".join(f"WHEN {i} THEN {self.literal(v)}" for i, v in enumerate(values))
        return f"CASE ({number_sql}) %% {len(values)} {whens} END"

    @staticmethod
    def numbers(n: int) -> str:
        """A derived table of the numbers 0 … n-1 (column ``n``), to write n rows per row."""
        return "(" + " UNION ALL ".join(f"SELECT {i} AS n" for i in range(n)) + ")"

    def add_days(self, date_sql: str, days_sql: str) -> str:
        """The date ``days_sql`` days after ``date_sql`` (negative: before)."""
        if self.postgres:
            return f"(CAST({date_sql} AS DATE) + CAST({days_sql} AS INTEGER))"
        return f"date({date_sql}, CAST({days_sql} AS INTEGER) || ' days')"

    def days_between(self, start_sql: str, end_sql: str) -> str:
        """Whole days from ``start_sql`` to ``end_sql`` (dates)."""
        if self.postgres:
            return f"(CAST({end_sql} AS DATE) - CAST({start_sql} AS DATE))"
        return f"CAST(julianday({end_sql}) - julianday({start_sql}) AS INTEGER)"

    def trajectory_days(self, alias: str = "t") -> str:
        """Whole days the trajectory ``alias`` has run: from its start to its end, or to today."""
        return self.days_between(f"{alias}.started_on", f"COALESCE({alias}.ended_on, %(today)s)")

    def date_of(self, timestamp_sql: str) -> str:
        """The date of a timestamp."""
        return f"CAST({timestamp_sql} AS DATE)" if self.postgres else f"date({timestamp_sql})"

    def at_hour(self, date_sql: str, hour: int) -> str:
        """A timestamp at ``hour`` o'clock on ``date_sql``."""
        if self.postgres:
            return f"(CAST({date_sql} AS TIMESTAMP) + INTERVAL '{int(hour)} hours')"
        return f"({date_sql} || ' {int(hour):02d}:00:00')"


# -- the generator ---------------------------------------------------------------------------------
@dataclass
class _Spec:
    seed: int
    families: int
    today: dt.date
    now: dt.datetime
    methodologies: list
    contact_kinds: dict
    plan_kinds: dict
    instruments: dict
    rules: dict
    open_phases: dict
    closed_phases: dict
    cbs_codes: list
    jz_for_cbs: dict
    areas: list
    partners: list
    teams: list
    workers_by_team: dict
    worker_team: dict
    ids: dict
    chain: AuditChain
    pools: _Pools
    rng: random.Random


def _package(index: int, batch: int, rows: dict, chunks: RowChunks) -> tuple:
    """``(families, the chunk's payload, rows per table, {table: (first id, last id)})``."""
    counts = {table: len(table_rows) for table, table_rows in rows.items()}
    spans = {table: (rows[table][0][0], rows[table][-1][0])
             for table in ("family", "member", "trajectory", "phase_change") if rows[table]}
    return batch, chunks.write(index, rows), counts, spans


def _chunks(spec: _Spec, parallel: bool, chunks: RowChunks):
    """Yield one :func:`_package` per chunk; generated in a second process when ``parallel``
    (generating and loading then use one core each)."""
    if not parallel:
        for index, (batch, rows) in enumerate(_produce(spec)):
            yield _package(index, batch, rows, chunks)
        return
    import multiprocessing

    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue(maxsize=3)
    proc = ctx.Process(target=_feed, args=(spec, queue, chunks), daemon=True)
    proc.start()
    try:
        while True:
            item = queue.get()
            if item is None:
                break
            if isinstance(item, str):
                raise RuntimeError(f"bulk generator failed: {item}")
            yield item
    finally:
        if proc.is_alive():
            proc.terminate()
        proc.join()


def _feed(spec, queue, chunks):  # pragma: no cover - runs in the child process
    try:
        for index, (batch, rows) in enumerate(_produce(spec)):
            queue.put(_package(index, batch, rows, chunks))
        queue.put(None)
    except Exception as exc:  # noqa: BLE001 - reported to the parent
        queue.put(repr(exc))


class RowChunks:
    """How a generated chunk travels from the generating process to the loader. This plain form
    passes the rows as Python lists, written with :class:`Writer`; it works inside a transaction
    that is already open (tests)."""

    def __init__(self, db):
        self.db = db
        self.writer = Writer(db)

    def write(self, index: int, rows: dict):
        """In the generating process: the chunk's payload."""
        return rows

    def load(self, payload, in_transaction) -> None:
        """In the loading process: write one payload; ``in_transaction`` runs in the same transaction."""
        with self.db.atomic():
            for table, columns in LOADED_COLUMNS:
                self.writer.write(table, columns, payload[table])
            in_transaction()

    def close(self) -> None:
        pass


class CopyChunks(RowChunks):
    """PostgreSQL: the generating process formats the rows as COPY text, so the loader only streams it."""

    def write(self, index: int, rows: dict) -> dict:
        return {table: copy_text(rows[table]) for table, _columns in LOADED_COLUMNS}

    def load(self, payload, in_transaction) -> None:
        with self.db.atomic():
            for table, columns in LOADED_COLUMNS:
                self.writer.copy(table, columns, payload[table])
            in_transaction()


class ChunkFiles(RowChunks):
    """SQLite: each chunk goes through a small database file of its own.

    The generating process writes the chunk's rows into a file with the loaded tables' exact
    definitions (no indexes, no journal), and the loading process copies every table with one
    ``INSERT … SELECT *`` from the attached file, which SQLite does without decoding the rows (its
    transfer optimisation). Binding Python values to SQL, the costly part of ``executemany``, then
    runs in the generating process, so the two cores share the load. Files go to ``/dev/shm``
    where it exists (memory), and are removed once copied.
    """

    def __init__(self, db):
        import tempfile

        super().__init__(db)
        tables = [table for table, _columns in LOADED_COLUMNS]
        self.schema = [db.execute_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
                                      (table,)).fetchone()[0] for table in tables]
        self.tables = tables
        shm = "/dev/shm"
        self.directory = tempfile.mkdtemp(prefix="gezinsroute-bulk-",
                                          dir=shm if os.path.isdir(shm) and os.access(shm, os.W_OK) else None)

    def write(self, index: int, rows: dict) -> str:
        import sqlite3

        path = os.path.join(self.directory, f"chunk-{index:05d}.sqlite3")
        conn = sqlite3.connect(path, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode = OFF")
            conn.execute("PRAGMA synchronous = OFF")
            conn.execute("BEGIN")
            for sql in self.schema:
                conn.execute(sql)
            for table, columns in LOADED_COLUMNS:
                cols = ", ".join(f'"{c}"' for c in columns)
                conn.executemany(f'INSERT INTO "{table}" ({cols}) VALUES ({", ".join("?" * len(columns))})',
                                 rows[table])
            conn.execute("COMMIT")
        finally:
            conn.close()
        return path

    def load(self, path: str, in_transaction) -> None:
        """Copy one chunk file into the database; ``in_transaction`` runs after the copy, in its
        transaction (ATTACH cannot happen inside one)."""
        db = self.db
        db.execute_sql("ATTACH DATABASE ? AS bulk_chunk", (path,))
        try:
            with db.atomic():
                for table in self.tables:
                    db.execute_sql(f'INSERT INTO main."{table}" SELECT * FROM bulk_chunk."{table}"')
                in_transaction()
        finally:
            db.execute_sql("DETACH DATABASE bulk_chunk")
            os.unlink(path)

    def close(self) -> None:
        import shutil

        shutil.rmtree(self.directory, ignore_errors=True)


def _produce(spec: _Spec):
    r = spec.rng
    rand = r.random
    pools = spec.pools
    today, now = spec.today, spec.now
    ids = spec.ids
    chain = spec.chain
    seed = spec.seed
    partners = spec.partners
    areas = spec.areas
    teams = spec.teams
    methodologies = spec.methodologies
    surnames, female, male, first = pools.surnames, pools.female, pools.male, pools.first
    sentences, bsns = pools.sentences, pools.bsns
    letters = "ABCEGHJKLMNPRTVWXZ"
    langs_other = ("ar", "tr", "pl", "ti", "en", "so", "pap")
    day = dt.timedelta(days=1)
    days = [today - i * day for i in range(0, 365 * 60)]  # index by age in days
    clock_times = [f" {h:02d}:{m:02d}:00" for h in range(8, 18) for m in range(0, 60, 5)]
    n_clock = len(clock_times)
    bsn_i = 0
    done = 0

    def pick(seq):
        return seq[int(rand() * len(seq))]

    while done < spec.families:
        batch = min(CHUNK, spec.families - done)
        rows = {t: [] for t in COLUMNS}
        fam_rows, mem_rows, traj_rows = rows["family"], rows["member"], rows["trajectory"]
        tm_rows, pc_rows, inv_rows = rows["trajectory_member"], rows["phase_change"], rows["involvement"]
        signal_rows = rows["signal"]
        for _ in range(batch):
            fid = ids["family"]
            ids["family"] += 1
            surname = pick(surnames)
            area_id, muni_id = pick(areas)
            age_days = 30 + int(rand() * 1070)
            created = f"{days[age_days].isoformat()}{clock_times[int(rand() * n_clock)]}"
            langs = "nl" if rand() < 0.7 else "nl," + pick(langs_other)
            fam_rows.append((fid, f"G{seed % 1000:03d}-{fid:07d}", f"Gezin {surname}",
                             f"{1000 + int(rand() * 9000)} {pick(letters)}{pick(letters)}",
                             str(1 + int(rand() * 180)), muni_id, area_id, langs, created, 1))
            chain.add(now, "family", fid, fid)
            members = []
            n_parents = 1 if rand() < 0.34 else 2
            for i in range(n_parents + 1 + int(rand() * 3)):
                mid = ids["member"]
                ids["member"] += 1
                child = i >= n_parents
                given = pick(first if child else (female if i == 0 else male))
                age = int(rand() * 18) if child else 24 + int(rand() * 27)
                birth = days[age * 365 + int(rand() * 365)].isoformat()
                bsn = None
                if rand() < 0.7:
                    bsn = bsns[bsn_i % len(bsns)]
                    bsn_i += 1
                mem_rows.append((mid, fid, "child" if child else "parent", given, surname, birth, bsn,
                                 pick("012") if child else ("2" if i == 0 else "1"), not child, None, 1))
                members.append(mid)
                chain.add(now, "member", mid, fid)
            seen_open = set()
            team = pick(teams)
            team_workers = spec.workers_by_team[team]
            for _t in range(pick(TRAJECTORIES_PER_FAMILY)):
                m = pick(methodologies)
                key = m.key
                tid = ids["trajectory"]
                ids["trajectory"] += 1
                start_age = max(1, age_days - int(rand() * 26))
                started_on = days[start_age]
                started_iso = started_on.isoformat()
                # a methodology with one open trajectory per family: earlier ones are closed
                closed = rand() < CLOSED_SHARE or (m.single_open_per_family and key in seen_open)
                if m.single_open_per_family and not closed:
                    seen_open.add(key)
                worker_id = pick(team_workers)
                closed_keys = spec.closed_phases[key]
                if closed and closed_keys:
                    phase = pick(closed_keys)
                    end_age = max(0, start_age - 30 - int(rand() * 370))
                    ended_on = days[end_age].isoformat()
                    span = max(1, start_age - end_age)
                    cbs = pick(spec.cbs_codes)
                    jz = spec.jz_for_cbs.get(cbs)
                else:
                    closed = False
                    open_keys = spec.open_phases[key]
                    phase = pick(open_keys) if open_keys else m.start_phase
                    ended_on = cbs = jz = None
                    span = start_age
                stamp = started_iso + clock_times[int(rand() * n_clock)]
                traj_rows.append((tid, fid, key, phase, worker_id, team, "bulk", pick(("01", "02", "03", "04")),
                                  None, None, started_iso, ended_on, cbs, jz, None, None, stamp, stamp, 1))
                chain.add(now, "trajectory", tid, fid)
                for mid in members:
                    tm_rows.append((ids["trajectory_member"], tid, mid, True, None))
                    ids["trajectory_member"] += 1
                pc_rows.append((ids["phase_change"], tid, None, m.start_phase, stamp, worker_id, None))
                ids["phase_change"] += 1
                if phase != m.start_phase:
                    pc_rows.append((ids["phase_change"], tid, m.start_phase, phase,
                                    days[max(0, start_age - 1 - int(rand() * min(20, span)))].isoformat()
                                    + clock_times[int(rand() * n_clock)], worker_id, None))
                    ids["phase_change"] += 1
                inv_rows.append((ids["involvement"], fid, tid, "worker", "responsible", worker_id,
                                 None, None, True, started_iso, ended_on, None))
                ids["involvement"] += 1
                if partners and rand() < 0.3:
                    rows["referral"].append((ids["referral"], tid, pick(partners), "started", "referral",
                                             None, started_iso, started_iso, started_iso, None, None, None, None,
                                             worker_id, 1))
                    ids["referral"] += 1
                plan_kinds = spec.plan_kinds[key]
                if plan_kinds and rand() < 0.5:
                    pid = ids["plan"]
                    ids["plan"] += 1
                    rows["plan"].append((pid, tid, pick(plan_kinds), f"bulk-{pid}", 1, "agreed",
                                         "Plan van aanpak", "nl", None, started_iso, worker_id, worker_id,
                                         stamp, 1))
                    due = days[max(0, start_age - 90)].isoformat()
                    for g in range(2):
                        rows["goal"].append((ids["goal"], pid, g, pick(sentences), None, None, None,
                                             due, "open", None))
                        ids["goal"] += 1
                insts = spec.instruments[key]
                if insts and rand() < 0.3:
                    inst = pick(insts)
                    rows["assessment"].append((ids["assessment"], tid, members[-1], inst.key, inst.version,
                                               "{}", inst.outcomes[0] if inst.outcomes else None, worker_id,
                                               days[max(0, start_age - 7)].isoformat(), None, 1))
                    ids["assessment"] += 1
                if not closed:
                    rules = spec.rules[key]
                    rule = pick(rules) if rules else None
                    due_i = -60 + int(rand() * 90)  # days ago; negative is in the future
                    due = (today - due_i * day)
                    signal_rows.append((
                        ids["signal"], fid, tid, rule.key if rule else "bulk.review",
                        str(rule.label) if rule else "Evaluatie", None, rule.priority if rule else "normal",
                        "open", (due - 7 * day).isoformat(), due.isoformat(), worker_id, team,
                        rule.overdue_role if rule else "teamleider", None, 0, None, False, None, None,
                        f"trajectory:{tid}", stamp, None, 1))
                    ids["signal"] += 1
        rows["audit_entry"] = chain.rows
        chain.rows = []
        done += batch
        yield batch, rows


def generate(rt, *, size: str | None = None, families: int | None = None, seed: int = 2026,
             echo=None, rebuild_indexes: bool | None = None, parallel: bool | None = None) -> Result:
    """Fill ``rt``'s database with ``families`` synthetic families (or a named ``size``).

    ``rebuild_indexes`` and ``parallel`` (a second process generates the rows) default to on
    from 50,000 families."""
    if families is None:
        families = SIZES[(size or "S").upper()]
    db = rt.database
    reg = rt.registry
    pg = is_postgres(db)
    started = time.perf_counter()
    echo = echo or (lambda *_: None)
    if rebuild_indexes is None:
        rebuild_indexes = families >= 50_000
    if parallel is None:
        parallel = families >= 50_000
    r = random.Random(seed)
    pools = _Pools(seed)
    today = clock.today()
    now = clock.now().replace(tzinfo=None, microsecond=0)

    methodologies = list(reg.methodologies.values())
    if not methodologies:
        raise ValueError("the deployment enables no methodology")
    contact_kinds = {m.key: [k.key for k in reg.contact_kinds.values()
                             if not k.methodologies or m.key in k.methodologies] for m in methodologies}
    plan_kinds = {m.key: [k.key for k in reg.plan_kinds.values()
                          if not k.methodologies or m.key in k.methodologies] for m in methodologies}
    instruments = {m.key: [i for i in reg.instruments.values()
                           if not i.methodologies or m.key in i.methodologies] for m in methodologies}
    rules = {m.key: [c for c in reg.cadence_rules.values() if m.key in c.methodologies] for m in methodologies}
    open_phases = {m.key: [p.key for p in m.phases if not p.closed] for m in methodologies}
    closed_phases = {m.key: [p.key for p in m.phases if p.closed] for m in methodologies}
    cbs_codes = sorted(CBS_END_REASONS)
    jz_for_cbs = {v: k for k, v in JZ588_TO_CBS.items()}

    w = Writer(db)
    areas = db.execute_sql('SELECT id, municipality_id FROM area ORDER BY id').fetchall()
    municipalities = [row[0] for row in db.execute_sql('SELECT id FROM municipality ORDER BY id').fetchall()]
    if not areas and not municipalities:
        raise ValueError("the deployment has no municipalities: run `gezinsroute db upgrade` first")
    partners = [row[0] for row in db.execute_sql('SELECT id FROM partner WHERE active ORDER BY id').fetchall()]
    if not areas:
        areas = [(None, m) for m in municipalities]

    indexes = secondary_indexes(db, LOADED_TABLES) if rebuild_indexes else []
    sqlite_pragmas = None
    chunks = CopyChunks(db) if pg else RowChunks(db)
    if pg and not db.in_transaction():
        for key, value in PG_LOAD_SETTINGS.items():
            db.execute_sql(f"SET {key} = '{value}'")
    # Pragmas cannot change, and files cannot be attached, inside a transaction (tests).
    if not pg and not db.in_transaction():
        sqlite_pragmas = {k: db.execute_sql(f"PRAGMA {k}").fetchone()[0] for k in SQLITE_LOAD_PRAGMAS}
        for key, value in SQLITE_LOAD_PRAGMAS.items():
            db.execute_sql(f"PRAGMA {key} = {value}")
        chunks = ChunkFiles(db)
    counts = {t: 0 for t in LOADED_TABLES}
    try:
        if indexes:
            echo(f"dropping {len(indexes)} secondary indexes for the load")
            drop_indexes(db, indexes)
        with db.atomic():
            teams, workers_by_team = _workers(db, w, r, pools, families, areas, counts, now)
        ids = {t: _next_id(db, t) for t in ("family", "member", "trajectory", "trajectory_member", "phase_change",
                                            "involvement", "referral", "plan", "goal", "assessment", "signal")}
        chain = AuditChain(db)
        spec = _Spec(seed=seed, families=families, today=today, now=now, methodologies=methodologies,
                     contact_kinds=contact_kinds, plan_kinds=plan_kinds, instruments=instruments, rules=rules,
                     open_phases=open_phases, closed_phases=closed_phases, cbs_codes=cbs_codes,
                     jz_for_cbs=jz_for_cbs, areas=areas, partners=partners, teams=teams,
                     workers_by_team=workers_by_team, worker_team=dict(_WORKER_TEAM), ids=ids, chain=chain,
                     pools=pools, rng=r)
        contacts = Contacts(db, contact_kinds, pools.sentences, seed, today, ids["trajectory"])
        done = 0
        last_echo = time.perf_counter()
        load_start = ids["trajectory"]
        for index, (batch, payload, chunk_counts, spans) in enumerate(_chunks(spec, parallel, chunks)):
            def derived_rows(index=index, spans=spans):
                if "trajectory" in spans:
                    counts["contact"] += contacts.write(*spans["trajectory"])
                    rt.call("populate_bulk_data", chunk=BulkChunk(
                        db, index, spans["family"], spans["member"], spans["trajectory"], spans["phase_change"],
                        seed, today, load_start, counts))

            chunks.load(payload, derived_rows)
            if pg and index == 0:
                db.execute_sql("ANALYZE")  # statistics of one chunk, so later chunks' statements plan sanely
            for table, n in chunk_counts.items():
                counts[table] += n
            done += batch
            if time.perf_counter() - last_echo > 5 or done == families:
                last_echo = time.perf_counter()
                echo(f"  {done:,}/{families:,} families, {counts['trajectory']:,} trajectories, "
                     f"{counts['contact']:,} contacts ({time.perf_counter() - started:.0f} s)")
        contacts.drop()
    finally:
        chunks.close()
        if indexes:
            echo(f"recreating {len(indexes)} indexes")
            restore_indexes(db, indexes, None)
        if sqlite_pragmas is not None:
            for key, value in sqlite_pragmas.items():
                db.execute_sql(f"PRAGMA {key} = {value}")
        if pg and not db.in_transaction():
            for key in PG_LOAD_SETTINGS:
                db.execute_sql(f"RESET {key}")
    _reset_sequences(db, LOADED_TABLES)
    echo("analyzing")
    db.execute_sql("ANALYZE")
    return Result(families, counts, time.perf_counter() - started)


COLUMNS = {
    "family": ("id", "reference", "name", "postcode", "house_number", "municipality_id", "area_id", "languages",
               "created_at", "lock_version"),
    "member": ("id", "family_id", "role", "given_name", "family_name", "birth_date", "bsn", "gender",
               "has_authority", "languages", "lock_version"),
    "trajectory": ("id", "family_id", "methodology", "phase", "responsible_id", "team_id", "source", "referrer_code",
                   "referrer_partner_id", "referrer_note", "started_on", "ended_on", "end_reason_cbs",
                   "end_reason_jz588", "end_note", "previous_id", "created_at", "updated_at", "lock_version"),
    "trajectory_member": ("id", "trajectory_id", "member_id", "included", "exclusion_reason"),
    "phase_change": ("id", "trajectory_id", "from_phase", "to_phase", "changed_at", "worker_id", "note"),
    "involvement": ("id", "family_id", "trajectory_id", "kind", "role", "worker_id", "partner_id", "person_name",
                    "is_professional", "started_on", "ended_on", "note"),
    "referral": ("id", "trajectory_id", "partner_id", "status", "purpose", "programme", "proposed_on", "accepted_on",
                 "started_on", "ended_on", "closed_on", "outcome", "note", "created_by_id", "lock_version"),
    "plan": ("id", "trajectory_id", "kind", "series", "version", "status", "title", "language", "content",
             "agreed_on", "agreed_by_id", "created_by_id", "created_at", "lock_version"),
    "goal": ("id", "plan_id", "position", "description", "member_id", "linked_to", "owner", "due_on", "status",
             "result"),
    "assessment": ("id", "trajectory_id", "member_id", "instrument", "instrument_version", "scores", "outcome",
                   "assessor_id", "assessed_on", "notes", "lock_version"),
    "signal": ("id", "family_id", "trajectory_id", "rule", "title", "detail", "priority", "status", "warn_on",
               "due_on", "assigned_worker_id", "team_id", "target_role", "ladder", "escalation_level",
               "escalate_on", "requires_ack", "acknowledged_by_id", "acknowledged_at", "source", "created_at",
               "resolved_at", "lock_version"),
}


LOADED_COLUMNS = (*COLUMNS.items(), ("audit_entry", AuditChain.COLUMNS))

_WORKER_TEAM: dict[int, int] = {}


def _workers(db, w: Writer, r: random.Random, pools: _Pools, families: int, areas, counts, now):
    """Teams of about :data:`WORKERS_PER_TEAM` workers, enough for :data:`CASELOAD` open trajectories each."""
    n_workers = max(2, int(families * 2.5 / CASELOAD))
    munis = sorted({m for _a, m in areas})
    existing = [row[0] for row in db.execute_sql('SELECT id FROM team ORDER BY id').fetchall()]
    n_teams = max(1, n_workers // WORKERS_PER_TEAM)
    team_id = _next_id(db, "team")
    tag = _next_id(db, "worker")
    team_rows = []
    teams = list(existing)
    for i in range(max(0, n_teams - len(existing))):
        team_rows.append((team_id, f"bulk-{tag}-{i + 1}", f"Team {r.choice(pools.surnames)} {i + 1}",
                          munis[i % len(munis)]))
        teams.append(team_id)
        team_id += 1
    w.write("team", ("id", "key", "name", "municipality_id"), team_rows)
    counts["team"] += len(team_rows)
    worker_id = _next_id(db, "worker")
    role_id = _next_id(db, "worker_role")
    worker_rows, role_rows = [], []
    workers_by_team: dict[int, list[int]] = {t: [] for t in teams}
    for i in range(n_workers + len(teams)):
        team = teams[i % len(teams)]
        lead = i < len(teams)
        name = f"{r.choice(pools.first)} {r.choice(pools.surnames)}"
        worker_rows.append((worker_id, f"bulk{tag}-{i + 1}", name, None, team, "Gezinsroute bulk", True, None, None,
                            now))
        role_rows.append((role_id, worker_id, "teamleider" if lead else "worker"))
        if not lead:
            workers_by_team[team].append(worker_id)
        _WORKER_TEAM[worker_id] = team
        worker_id += 1
        role_id += 1
    w.write("worker", ("id", "username", "full_name", "email", "team_id", "organisation", "active",
                       "password_hash", "totp_secret", "created_at"), worker_rows)
    w.write("worker_role", ("id", "worker_id", "role"), role_rows)
    counts["worker"] += len(worker_rows)
    counts["worker_role"] += len(role_rows)
    _reset_sequences(db, ("team", "worker", "worker_role"))
    return [t for t in teams if workers_by_team[t]], workers_by_team
