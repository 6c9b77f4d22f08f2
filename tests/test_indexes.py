"""Secondary indexes: none is redundant, and the migrations bring a database to the models.

A non-unique index whose columns are the leading columns of another index on the same table
adds write cost and serves no lookup the longer index cannot (e.g. the index peewee adds for a
foreign key next to a composite that starts with that key). Runs on the demo deployment, so
every shipped plugin's tables are checked too, on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import pytest
from gezinsroute.api import API_MODELS
from gezinsroute.migrate import dialect
from gezinsroute.models import CORE_MODELS
from playhouse.schema_diff import diff_models

pytestmark = pytest.mark.gezinsroute_deployment("deployments/demo.toml")

PG_INDEXES = """
SELECT t.relname, i.relname, x.indisunique, x.indisprimary, x.indpred IS NOT NULL,
       ARRAY(SELECT a.attname FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, n)
             LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum
             WHERE k.n <= x.indnkeyatts ORDER BY k.n)
FROM pg_index x
JOIN pg_class t ON t.oid = x.indrelid
JOIN pg_class i ON i.oid = x.indexrelid
JOIN pg_namespace s ON s.oid = t.relnamespace
WHERE s.nspname = current_schema()
"""


def indexes(db) -> dict[str, list[tuple[str, tuple, bool, bool, bool]]]:
    """table -> [(name, key columns, unique, primary, partial)]; an expression column is None."""
    found: dict[str, list] = {}
    if dialect(db) == "postgres":
        for table, name, unique, primary, partial, columns in db.execute_sql(PG_INDEXES).fetchall():
            found.setdefault(table, []).append((name, tuple(columns), unique, primary, partial))
        return found
    for table in db.get_tables():
        for _seq, name, unique, origin, partial in db.execute_sql(f'PRAGMA index_list("{table}")').fetchall():
            columns = tuple(row[2] for row in db.execute_sql(f'PRAGMA index_info("{name}")').fetchall())
            found.setdefault(table, []).append((name, columns, bool(unique), origin == "pk", bool(partial)))
    return found


def redundant(by_table) -> list[str]:
    """'<shorter> < <longer>' for every non-unique plain index that leads another plain index."""
    found = []
    for table, rows in sorted(by_table.items()):
        plain = [r for r in rows if not r[4] and None not in r[1]]
        for name, columns, unique, primary, _partial in plain:
            if unique or primary:
                continue  # a unique index enforces something: never redundant
            for other, other_columns, *_ in plain:
                if other != name and other_columns[:len(columns)] == columns:
                    found.append(f"{table}: {name} {columns} < {other} {other_columns}")
    return found


def test_the_check_sees_indexes_and_finds_a_prefix():
    rows = {"t": [("t_a", ("a",), False, False, False), ("t_a_b", ("a", "b"), False, False, False),
                  ("t_b", ("b",), True, False, False), ("t_b_c", ("b", "c"), False, False, False),
                  ("t_c", ("c",), False, False, True), ("t_c_d", ("c", "d"), False, False, False)]}
    assert redundant(rows) == ["t: t_a ('a',) < t_a_b ('a', 'b')"]


def test_no_secondary_index_is_a_prefix_of_another(gz):
    by_table = indexes(gz.database)
    # the introspection works: composites the bulk loader and the lookups rely on are there
    assert ("contact_family_id_occurred_at", ("family_id", "occurred_at")) in \
        [(name, columns) for name, columns, *_ in by_table["contact"]]
    assert any(t.startswith("voorschool_plus_") for t in by_table), "plugin tables are checked too"
    assert not redundant(by_table), "drop these redundant indexes (migration + index=False on the field)"


def test_migrations_bring_the_database_to_the_models(gz):
    models = CORE_MODELS + API_MODELS + [m for ms in gz.plugin_models().values() for m in ms]
    difference = diff_models(gz.database, models)
    assert not difference, f"migrations and models disagree: {difference}"
