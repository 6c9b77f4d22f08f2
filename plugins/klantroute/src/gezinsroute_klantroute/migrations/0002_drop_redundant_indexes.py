"""klantroute: drop single-column indexes that lead a composite index on the same table.

The composite index serves the same lookups by its leading column; the extra index only
costs writes. ``down`` recreates them as 0001 made them.
"""

from gezinsroute.migrate import run_statements

SQL = {
    "sqlite": [
        'DROP INDEX IF EXISTS "klantroute_step_exploration_trajectory_id"',
    ],
    "postgres": [
        'DROP INDEX IF EXISTS "klantroute_step_exploration_trajectory_id"',
    ],
}

DOWN = {
    "sqlite": [
        'CREATE INDEX "klantroute_step_exploration_trajectory_id" ON "klantroute_step_exploration" ("trajectory_id")',
    ],
    "postgres": [
        'CREATE INDEX "klantroute_step_exploration_trajectory_id" ON "klantroute_step_exploration" ("trajectory_id")',
    ],
}


def up(migrator, db):
    run_statements(db, SQL)


def down(migrator, db):
    run_statements(db, DOWN)
