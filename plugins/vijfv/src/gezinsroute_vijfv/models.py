"""The plugin's own tables: volunteer pairings, progress records and the closing evaluation.

Everything else (referrals, assessments, contacts, signals) lives in core tables.
"""

from gezinsroute.plugin_api import AuditedModel, JSONField, Member, Referral, Trajectory, Worker
from peewee import CharField, DateField, ForeignKeyField, TextField


class Pairing(AuditedModel):
    """A volunteer paired with a child inside a programme referral (e.g. VoorleesExpress)."""

    referral = ForeignKeyField(Referral, backref="vijfv_pairings", on_delete="CASCADE")
    trajectory = ForeignKeyField(Trajectory, backref="vijfv_pairings", on_delete="CASCADE")
    child = ForeignKeyField(Member, backref="vijfv_pairings", on_delete="CASCADE")
    volunteer_name = CharField()
    started_on = DateField()
    ended_on = DateField(null=True)

    class Meta:
        table_name = "vijfv_pairing"

    def audit_family_id(self):
        return self.trajectory.family_id


class Progress(AuditedModel):
    """A progress note for one child, or for the whole family when ``member`` is empty."""

    trajectory = ForeignKeyField(Trajectory, index=False, backref="vijfv_progress", on_delete="CASCADE")
    member = ForeignKeyField(Member, null=True, backref="vijfv_progress", on_delete="CASCADE")
    programme = CharField(null=True)
    trend = CharField()  # improving / stable / declining
    summary = TextField()
    recorded_on = DateField()
    worker = ForeignKeyField(Worker, null=True, backref="+", on_delete="SET NULL")

    class Meta:
        table_name = "vijfv_progress"
        # index=False on a field that leads one of these: the composite serves lookups by it
        indexes = ((("trajectory", "recorded_on"), False),)

    def audit_family_id(self):
        return self.trajectory.family_id


class Evaluation(AuditedModel):
    """The closing evaluation ("voltooien doen we met een evaluatie"): results, impact, end reason."""

    trajectory = ForeignKeyField(Trajectory, backref="vijfv_evaluations", unique=True, on_delete="CASCADE")
    evaluated_on = DateField()
    results = JSONField(default=dict)  # "programme:<key>" / "referral:<id>" / "goal:<n>" -> result code
    impact = TextField()
    satisfaction = CharField(null=True)  # satisfied / neutral / dissatisfied
    end_reason_cbs = CharField(max_length=2)
    onward_referral = ForeignKeyField(Referral, null=True, backref="+", on_delete="SET NULL")
    worker = ForeignKeyField(Worker, null=True, backref="+", on_delete="SET NULL")

    class Meta:
        table_name = "vijfv_evaluation"

    def audit_family_id(self):
        return self.trajectory.family_id


MODELS = [Pairing, Progress, Evaluation]
