"""Drop single-column indexes that lead a composite index on the same table.

Each of these (mostly the index peewee adds for every foreign key) is a leading-column
prefix of a composite index, which serves the same equality lookups. Keeping both costs
every insert and update, and the bulk loader's index rebuild (e.g. contact_family_id next
to contact_family_id_occurred_at). ``down`` recreates them as 0001/0003 made them.
"""

from gezinsroute.migrate import run_statements

SQL = {
    "sqlite": [
        'DROP INDEX IF EXISTS "assessment_trajectory_id"',
        'DROP INDEX IF EXISTS "consent_subject_id"',
        'DROP INDEX IF EXISTS "consent_giver_consent_id"',
        'DROP INDEX IF EXISTS "contact_family_id"',
        'DROP INDEX IF EXISTS "contact_trajectory_id"',
        'DROP INDEX IF EXISTS "contact_member_contact_id"',
        'DROP INDEX IF EXISTS "emergency_access_worker_id"',
        'DROP INDEX IF EXISTS "involvement_family_id"',
        'DROP INDEX IF EXISTS "involvement_worker_id"',
        'DROP INDEX IF EXISTS "login_attempt_username"',
        'DROP INDEX IF EXISTS "login_session_worker_id"',
        'DROP INDEX IF EXISTS "meeting_trajectory_id"',
        'DROP INDEX IF EXISTS "partner_area_partner_id"',
        'DROP INDEX IF EXISTS "plan_trajectory_id"',
        'DROP INDEX IF EXISTS "plan_series"',
        'DROP INDEX IF EXISTS "referral_member_referral_id"',
        'DROP INDEX IF EXISTS "signal_trajectory_id"',
        'DROP INDEX IF EXISTS "signal_assigned_worker_id"',
        'DROP INDEX IF EXISTS "signal_team_id"',
        'DROP INDEX IF EXISTS "trajectory_family_id"',
        'DROP INDEX IF EXISTS "trajectory_responsible_id"',
        'DROP INDEX IF EXISTS "trajectory_team_id"',
        'DROP INDEX IF EXISTS "trajectory_member_trajectory_id"',
        'DROP INDEX IF EXISTS "worker_role_worker_id"',
    ],
    "postgres": [
        'DROP INDEX IF EXISTS "assessment_trajectory_id"',
        'DROP INDEX IF EXISTS "consent_subject_id"',
        'DROP INDEX IF EXISTS "consent_giver_consent_id"',
        'DROP INDEX IF EXISTS "contact_family_id"',
        'DROP INDEX IF EXISTS "contact_trajectory_id"',
        'DROP INDEX IF EXISTS "contact_member_contact_id"',
        'DROP INDEX IF EXISTS "emergency_access_worker_id"',
        'DROP INDEX IF EXISTS "involvement_family_id"',
        'DROP INDEX IF EXISTS "involvement_worker_id"',
        'DROP INDEX IF EXISTS "login_attempt_username"',
        'DROP INDEX IF EXISTS "login_session_worker_id"',
        'DROP INDEX IF EXISTS "meeting_trajectory_id"',
        'DROP INDEX IF EXISTS "partner_area_partner_id"',
        'DROP INDEX IF EXISTS "plan_trajectory_id"',
        'DROP INDEX IF EXISTS "plan_series"',
        'DROP INDEX IF EXISTS "referral_member_referral_id"',
        'DROP INDEX IF EXISTS "signal_trajectory_id"',
        'DROP INDEX IF EXISTS "signal_assigned_worker_id"',
        'DROP INDEX IF EXISTS "signal_team_id"',
        'DROP INDEX IF EXISTS "trajectory_family_id"',
        'DROP INDEX IF EXISTS "trajectory_responsible_id"',
        'DROP INDEX IF EXISTS "trajectory_team_id"',
        'DROP INDEX IF EXISTS "trajectory_member_trajectory_id"',
        'DROP INDEX IF EXISTS "worker_role_worker_id"',
    ],
}

DOWN = {
    "sqlite": [
        'CREATE INDEX "assessment_trajectory_id" ON "assessment" ("trajectory_id")',
        'CREATE INDEX "consent_subject_id" ON "consent" ("subject_id")',
        'CREATE INDEX "consent_giver_consent_id" ON "consent_giver" ("consent_id")',
        'CREATE INDEX "contact_family_id" ON "contact" ("family_id")',
        'CREATE INDEX "contact_trajectory_id" ON "contact" ("trajectory_id")',
        'CREATE INDEX "contact_member_contact_id" ON "contact_member" ("contact_id")',
        'CREATE INDEX "emergency_access_worker_id" ON "emergency_access" ("worker_id")',
        'CREATE INDEX "involvement_family_id" ON "involvement" ("family_id")',
        'CREATE INDEX "involvement_worker_id" ON "involvement" ("worker_id")',
        'CREATE INDEX "login_attempt_username" ON "login_attempt" ("username")',
        'CREATE INDEX "login_session_worker_id" ON "login_session" ("worker_id")',
        'CREATE INDEX "meeting_trajectory_id" ON "meeting" ("trajectory_id")',
        'CREATE INDEX "partner_area_partner_id" ON "partner_area" ("partner_id")',
        'CREATE INDEX "plan_trajectory_id" ON "plan" ("trajectory_id")',
        'CREATE INDEX "plan_series" ON "plan" ("series")',
        'CREATE INDEX "referral_member_referral_id" ON "referral_member" ("referral_id")',
        'CREATE INDEX "signal_trajectory_id" ON "signal" ("trajectory_id")',
        'CREATE INDEX "signal_assigned_worker_id" ON "signal" ("assigned_worker_id")',
        'CREATE INDEX "signal_team_id" ON "signal" ("team_id")',
        'CREATE INDEX "trajectory_family_id" ON "trajectory" ("family_id")',
        'CREATE INDEX "trajectory_responsible_id" ON "trajectory" ("responsible_id")',
        'CREATE INDEX "trajectory_team_id" ON "trajectory" ("team_id")',
        'CREATE INDEX "trajectory_member_trajectory_id" ON "trajectory_member" ("trajectory_id")',
        'CREATE INDEX "worker_role_worker_id" ON "worker_role" ("worker_id")',
    ],
    "postgres": [
        'CREATE INDEX "assessment_trajectory_id" ON "assessment" ("trajectory_id")',
        'CREATE INDEX "consent_subject_id" ON "consent" ("subject_id")',
        'CREATE INDEX "consent_giver_consent_id" ON "consent_giver" ("consent_id")',
        'CREATE INDEX "contact_family_id" ON "contact" ("family_id")',
        'CREATE INDEX "contact_trajectory_id" ON "contact" ("trajectory_id")',
        'CREATE INDEX "contact_member_contact_id" ON "contact_member" ("contact_id")',
        'CREATE INDEX "emergency_access_worker_id" ON "emergency_access" ("worker_id")',
        'CREATE INDEX "involvement_family_id" ON "involvement" ("family_id")',
        'CREATE INDEX "involvement_worker_id" ON "involvement" ("worker_id")',
        'CREATE INDEX "login_attempt_username" ON "login_attempt" ("username")',
        'CREATE INDEX "login_session_worker_id" ON "login_session" ("worker_id")',
        'CREATE INDEX "meeting_trajectory_id" ON "meeting" ("trajectory_id")',
        'CREATE INDEX "partner_area_partner_id" ON "partner_area" ("partner_id")',
        'CREATE INDEX "plan_trajectory_id" ON "plan" ("trajectory_id")',
        'CREATE INDEX "plan_series" ON "plan" ("series")',
        'CREATE INDEX "referral_member_referral_id" ON "referral_member" ("referral_id")',
        'CREATE INDEX "signal_trajectory_id" ON "signal" ("trajectory_id")',
        'CREATE INDEX "signal_assigned_worker_id" ON "signal" ("assigned_worker_id")',
        'CREATE INDEX "signal_team_id" ON "signal" ("team_id")',
        'CREATE INDEX "trajectory_family_id" ON "trajectory" ("family_id")',
        'CREATE INDEX "trajectory_responsible_id" ON "trajectory" ("responsible_id")',
        'CREATE INDEX "trajectory_team_id" ON "trajectory" ("team_id")',
        'CREATE INDEX "trajectory_member_trajectory_id" ON "trajectory_member" ("trajectory_id")',
        'CREATE INDEX "worker_role_worker_id" ON "worker_role" ("worker_id")',
    ],
}


def up(migrator, db):
    run_statements(db, SQL)


def down(migrator, db):
    run_statements(db, DOWN)
