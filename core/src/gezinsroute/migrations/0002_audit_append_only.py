"""Make the audit log append-only at the database level (NEN 7513: protect the log)."""

from gezinsroute.migrate import run_statements

SQL = {
    "sqlite": [
        "CREATE TRIGGER audit_entry_no_update BEFORE UPDATE ON audit_entry "
        "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END",
        "CREATE TRIGGER audit_entry_no_delete BEFORE DELETE ON audit_entry "
        "BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END",
    ],
    "postgres": [
        "CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger AS $$ "
        "BEGIN RAISE EXCEPTION 'audit entries are append-only'; END; $$ LANGUAGE plpgsql",
        "CREATE TRIGGER audit_entry_no_update BEFORE UPDATE OR DELETE ON audit_entry "
        "FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()",
        "CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry "
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only()",
    ],
}


def up(migrator, db):
    run_statements(db, SQL)


DOWN = {
    "sqlite": ["DROP TRIGGER IF EXISTS audit_entry_no_update",
               "DROP TRIGGER IF EXISTS audit_entry_no_delete"],
    "postgres": ["DROP TRIGGER IF EXISTS audit_entry_no_update ON audit_entry",
                 "DROP TRIGGER IF EXISTS audit_entry_no_truncate ON audit_entry",
                 "DROP FUNCTION IF EXISTS audit_entry_append_only()"],
}


def down(migrator, db):
    run_statements(db, DOWN)
