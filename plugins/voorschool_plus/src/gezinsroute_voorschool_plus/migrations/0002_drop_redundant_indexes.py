"""voorschool_plus: drop single-column indexes that lead a composite index on the same table.

The composite index serves the same lookups by its leading column; the extra index only
costs writes. ``down`` recreates them as 0001 made them.
"""

from gezinsroute.migrate import run_statements

SQL = {
    "sqlite": [
        'DROP INDEX IF EXISTS "voorschool_plus_group_location_id"',
        'DROP INDEX IF EXISTS "voorschool_plus_handover_trajectory_id"',
        'DROP INDEX IF EXISTS "voorschool_plus_location_partner_location_id"',
        'DROP INDEX IF EXISTS "voorschool_plus_placement_trajectory_id"',
        'DROP INDEX IF EXISTS "voorschool_plus_placement_group_id"',
    ],
    "postgres": [
        'DROP INDEX IF EXISTS "voorschool_plus_group_location_id"',
        'DROP INDEX IF EXISTS "voorschool_plus_handover_trajectory_id"',
        'DROP INDEX IF EXISTS "voorschool_plus_location_partner_location_id"',
        'DROP INDEX IF EXISTS "voorschool_plus_placement_trajectory_id"',
        'DROP INDEX IF EXISTS "voorschool_plus_placement_group_id"',
    ],
}

DOWN = {
    "sqlite": [
        'CREATE INDEX "voorschool_plus_group_location_id" ON "voorschool_plus_group" ("location_id")',
        'CREATE INDEX "voorschool_plus_handover_trajectory_id" ON "voorschool_plus_handover" ("trajectory_id")',
        'CREATE INDEX "voorschool_plus_location_partner_location_id" ON "voorschool_plus_location_partner" ("location_id")',
        'CREATE INDEX "voorschool_plus_placement_trajectory_id" ON "voorschool_plus_placement" ("trajectory_id")',
        'CREATE INDEX "voorschool_plus_placement_group_id" ON "voorschool_plus_placement" ("group_id")',
    ],
    "postgres": [
        'CREATE INDEX "voorschool_plus_group_location_id" ON "voorschool_plus_group" ("location_id")',
        'CREATE INDEX "voorschool_plus_handover_trajectory_id" ON "voorschool_plus_handover" ("trajectory_id")',
        'CREATE INDEX "voorschool_plus_location_partner_location_id" ON "voorschool_plus_location_partner" ("location_id")',
        'CREATE INDEX "voorschool_plus_placement_trajectory_id" ON "voorschool_plus_placement" ("trajectory_id")',
        'CREATE INDEX "voorschool_plus_placement_group_id" ON "voorschool_plus_placement" ("group_id")',
    ],
}


def up(migrator, db):
    run_statements(db, SQL)


def down(migrator, db):
    run_statements(db, DOWN)
