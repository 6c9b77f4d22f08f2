"""Writing and verifying the NEN 7513 audit log (append-only, hash-chained)."""

from __future__ import annotations

import contextlib
import hashlib
import json

from ..context import Actor, current_actor
from ..db import is_postgres
from ..events import write_after_reads
from ..models.audit import AuditEntry
from ..models.base import utcnow
from .statements import Statement

GENESIS = "0" * 64
_CHAINED = ("occurred_at", "action", "event_type", "outcome", "user_id", "username", "role",
            "purpose", "on_behalf_of", "access_point", "object_type", "object_id", "family_id",
            "detail", "source", "check_authorisation", "check_relationship", "check_consent",
            "check_emergency", "chain_position")


def _canonical(values: dict) -> str:
    def norm(key, value):
        if key == "occurred_at":
            return value.strftime("%Y-%m-%dT%H:%M:%S.%f")
        if key.startswith("check_"):
            return bool(value)
        return None if value is None else str(value)

    return json.dumps({k: norm(k, values[k]) for k in _CHAINED}, sort_keys=True)


def entry_hash(prev_hash: str, values: dict) -> str:
    return hashlib.sha256((prev_hash + _canonical(values)).encode("utf-8")).hexdigest()


def _atomic(db):
    """A transaction, unless one is open already: the read of the chain's end and the insert then
    belong to it (an error rolls the caller's transaction back anyway), without a savepoint."""
    return contextlib.nullcontext() if db.in_transaction() else db.atomic()


def _values(actor: Actor, action: str, object_type: str, object_id, family_id, detail, event_type=None,
            outcome: str = "success") -> dict:
    """An entry's contents as of now; its place in the chain is given when it is written."""
    return {
        "occurred_at": utcnow(), "action": action,
        "event_type": event_type or ("emergency" if actor.emergency else "regular"), "outcome": outcome,
        "user_id": actor.worker_id, "username": actor.username, "role": actor.role,
        "purpose": actor.purpose, "on_behalf_of": actor.on_behalf_of, "access_point": actor.access_point,
        "object_type": object_type, "object_id": None if object_id is None else str(object_id),
        "family_id": family_id, "detail": detail, "source": "gezinsroute",
        "check_authorisation": actor.authorisation_checked, "check_relationship": actor.relationship_checked,
        "check_consent": actor.consent_checked, "check_emergency": actor.emergency,
    }


def _write_chained(rows: list[dict]) -> None:
    """Give ``rows`` the next chain positions and hashes and insert them: one read of the chain's
    end, one multi-row INSERT per 500 entries."""
    db = AuditEntry._meta.database
    with _atomic(db):
        if is_postgres():
            # Serialise appends so the chain never forks under concurrent transactions.
            db.execute_sql("SELECT pg_advisory_xact_lock(7513)")
        last = _CHAIN_END.cursor().fetchone()
        prev = last[0] if last else GENESIS
        position = (last[1] or 0) if last else 0
        for values in rows:
            position += 1
            values["chain_position"] = position
            values["prev_hash"] = prev
            values["hash"] = prev = entry_hash(prev, values)
        if len(rows) == 1:
            _insert_one(db, rows[0])
        else:
            for start in range(0, len(rows), 500):
                AuditEntry.insert_many(rows[start:start + 500]).execute()


# Both run on every audited request: compiled once.
_CHAIN_END = Statement(lambda: AuditEntry.select(AuditEntry.hash, AuditEntry.chain_position)
                       .order_by(AuditEntry.id.desc()).limit(1))
_INSERT_SQL: dict[type, str] = {}


def _insert_one(db, values: dict) -> None:
    """INSERT one entry with SQL built once per database kind."""
    db = getattr(db, "obj", db)
    sql = _INSERT_SQL.get(type(db))
    if sql is None:
        columns = ", ".join(f'"{name}"' for name in _COLUMNS)
        sql = _INSERT_SQL[type(db)] = (f'INSERT INTO "audit_entry" ({columns}) '
                                       f'VALUES ({", ".join([db.param] * len(_COLUMNS))})')
    fields = AuditEntry._meta.fields
    db.execute_sql(sql, [fields[name].db_value(values[name]) for name in _COLUMNS])


_COLUMNS = (*_CHAINED, "prev_hash", "hash")


def _write(rows: list[dict]) -> None:
    # Inside a read-only request the entries are written when its reads are done, in the
    # request's closing write transaction (see events.unit_of_work); a failure fails the request.
    write_after_reads(lambda: _write_chained(rows))


def append(action: str, object_type: str, object_id=None, family_id=None, detail: str | None = None,
           event_type: str | None = None, outcome: str = "success", actor: Actor | None = None) -> None:
    """Append one entry in the current transaction (or, during a read-only request, when its reads end)."""
    _write([_values(actor or current_actor(), action, object_type, object_id, family_id, detail,
                    event_type, outcome)])


def append_many(entries, actor: Actor | None = None) -> int:
    """Append several entries (``(action, object_type, object_id, family_id, detail)``) in order.

    The same entries, chained the same way, as calling :func:`append` for each, but with one
    read of the chain's end and one multi-row INSERT (a list of 50 API rows is 2 queries, not 100).
    """
    actor = actor or current_actor()
    rows = [_values(actor, *entry) for entry in entries]
    if rows:
        _write(rows)
    return len(rows)


def record_reads(object_type: str, rows, detail: str | None = None, actor: Actor | None = None) -> int:
    """Audit reads of several objects (``(object_id, family_id)`` pairs), one entry each."""
    return append_many((("R", object_type, object_id, family_id, detail) for object_id, family_id in rows),
                       actor=actor)


def record_change(instance, action: str, fields: list[str] | None = None) -> None:
    detail = f"fields: {', '.join(sorted(fields))}" if fields else None
    append(action, instance.audit_label(), instance.id, instance.audit_family_id(), detail)


def record_read(object_type: str, object_id=None, family_id=None, detail: str | None = None,
                actor: Actor | None = None) -> None:
    return append("R", object_type, object_id, family_id, detail, actor=actor)


def verify_chain(batch: int = 5000) -> tuple[bool, int, str]:
    """Walk the chain in order; return (ok, entries checked, reason)."""
    prev = GENESIS
    expected_position = 1
    count = 0
    for row in AuditEntry.select().order_by(AuditEntry.id).iterator():
        values = {k: getattr(row, k) for k in _CHAINED}
        if row.chain_position != expected_position:
            return False, count, (f"entry {row.id}: chain position {row.chain_position}, expected "
                                  f"{expected_position} (an entry was removed)")
        if row.prev_hash != prev:
            return False, count, f"entry {row.id}: previous-hash link broken (an entry was removed or edited)"
        if entry_hash(prev, values) != row.hash:
            return False, count, f"entry {row.id}: contents do not match its hash (the entry was edited)"
        prev = row.hash
        expected_position += 1
        count += 1
    return True, count, "ok"
