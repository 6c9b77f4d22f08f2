"""inwonerskracht: drop single-column indexes that lead a composite index on the same table.

The composite index serves the same lookups by its leading column; the extra index only
costs writes. ``down`` recreates them as 0001 made them.
"""

from gezinsroute.migrate import run_statements

SQL = {
    "sqlite": [
        'DROP INDEX IF EXISTS "inwonerskracht_case_discussion_meeting_id"',
    ],
    "postgres": [
        'DROP INDEX IF EXISTS "inwonerskracht_case_discussion_meeting_id"',
    ],
}

DOWN = {
    "sqlite": [
        'CREATE INDEX "inwonerskracht_case_discussion_meeting_id" ON "inwonerskracht_case_discussion" ("meeting_id")',
    ],
    "postgres": [
        'CREATE INDEX "inwonerskracht_case_discussion_meeting_id" ON "inwonerskracht_case_discussion" ("meeting_id")',
    ],
}


def up(migrator, db):
    run_statements(db, SQL)


def down(migrator, db):
    run_statements(db, DOWN)
