"""Drop single-column indexes that lead a composite index on the same table.

Each of these (mostly the index peewee adds for every foreign key) is a leading-column
prefix of a composite index, which serves the same equality lookups. Keeping both costs
every insert and update, and the bulk loader's index rebuild (e.g. contact_family_id next
to contact_family_id_occurred_at). ``down`` recreates them as 0001/0003 made them.
"""

from gezinsroute.migrate import run_statements

# (index, table, column): the same statements on SQLite and PostgreSQL
INDEXES = (
    ("assessment_trajectory_id", "assessment", "trajectory_id"),
    ("consent_subject_id", "consent", "subject_id"),
    ("consent_giver_consent_id", "consent_giver", "consent_id"),
    ("contact_family_id", "contact", "family_id"),
    ("contact_trajectory_id", "contact", "trajectory_id"),
    ("contact_member_contact_id", "contact_member", "contact_id"),
    ("emergency_access_worker_id", "emergency_access", "worker_id"),
    ("involvement_family_id", "involvement", "family_id"),
    ("involvement_worker_id", "involvement", "worker_id"),
    ("login_attempt_username", "login_attempt", "username"),
    ("login_session_worker_id", "login_session", "worker_id"),
    ("meeting_trajectory_id", "meeting", "trajectory_id"),
    ("partner_area_partner_id", "partner_area", "partner_id"),
    ("plan_trajectory_id", "plan", "trajectory_id"),
    ("plan_series", "plan", "series"),
    ("referral_member_referral_id", "referral_member", "referral_id"),
    ("signal_trajectory_id", "signal", "trajectory_id"),
    ("signal_assigned_worker_id", "signal", "assigned_worker_id"),
    ("signal_team_id", "signal", "team_id"),
    ("trajectory_family_id", "trajectory", "family_id"),
    ("trajectory_responsible_id", "trajectory", "responsible_id"),
    ("trajectory_team_id", "trajectory", "team_id"),
    ("trajectory_member_trajectory_id", "trajectory_member", "trajectory_id"),
    ("worker_role_worker_id", "worker_role", "worker_id"),
)

SQL = {dialect: [f'DROP INDEX IF EXISTS "{name}"' for name, _table, _column in INDEXES]
       for dialect in ("sqlite", "postgres")}
DOWN = {dialect: [f'CREATE INDEX "{name}" ON "{table}" ("{column}")' for name, table, column in INDEXES]
        for dialect in ("sqlite", "postgres")}


def up(migrator, db):
    run_statements(db, SQL)


def down(migrator, db):
    run_statements(db, DOWN)
