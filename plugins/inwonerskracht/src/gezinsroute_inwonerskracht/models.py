"""The add-on's own tables. Core tables are only referenced, never altered."""

from gezinsroute.plugin_api import AuditedModel, Family, Involvement, Meeting, Partner, Trajectory, Worker, clock
from peewee import BooleanField, CharField, DateField, DecimalField, ForeignKeyField, IntegerField, TextField


class HelpQuestion(AuditedModel):
    """A question the family formulated with the gezinsmanager; the family's question leads, not 'the problem'."""

    trajectory = ForeignKeyField(Trajectory, backref="+", on_delete="CASCADE")
    family = ForeignKeyField(Family, backref="+", on_delete="CASCADE")
    question = TextField()
    kind = CharField()                       # one of the configured help_question_kinds
    horizon = CharField(default="short")     # short (practical) / long (regular, personal contact)
    involve_volunteers = BooleanField(default=False)
    formulated_on = DateField()
    status = CharField(default="open")       # open / answered / dropped
    created_by = ForeignKeyField(Worker, null=True, backref="+", on_delete="SET NULL")

    class Meta:
        table_name = "inwonerskracht_help_question"

    def audit_family_id(self):
        return self.family_id


class Volunteer(AuditedModel):
    """A volunteer recruited through the volunteer centre; optionally linked to a login (role volunteer)."""

    partner = ForeignKeyField(Partner, backref="+", on_delete="RESTRICT")
    worker = ForeignKeyField(Worker, null=True, unique=True, backref="+", on_delete="SET NULL")
    display_name = CharField()
    profile = TextField(null=True)
    availability = TextField(null=True)
    training = TextField(null=True)
    vog_date = DateField(null=True)          # Verklaring Omtrent Gedrag issued on
    intake_date = DateField(null=True)
    active = BooleanField(default=True)
    created_at = DateField(default=clock.today)

    class Meta:
        table_name = "inwonerskracht_volunteer"

    def __str__(self):
        return self.display_name


class Match(AuditedModel):
    """A volunteer matched to one help question, approved by the gezinsmanager with the family's consent."""

    help_question = ForeignKeyField(HelpQuestion, backref="matches", on_delete="CASCADE")
    volunteer = ForeignKeyField(Volunteer, backref="matches", on_delete="RESTRICT")
    trajectory = ForeignKeyField(Trajectory, backref="+", on_delete="CASCADE")
    family = ForeignKeyField(Family, backref="+", on_delete="CASCADE")
    tasks = TextField()                      # the agreed tasks: all the volunteer gets to see
    approved_by = ForeignKeyField(Worker, backref="+", on_delete="RESTRICT")
    started_on = DateField()
    ended_on = DateField(null=True)
    involvement = ForeignKeyField(Involvement, null=True, backref="+", on_delete="SET NULL")

    class Meta:
        table_name = "inwonerskracht_match"

    def audit_family_id(self):
        return self.family_id

    @property
    def is_active(self) -> bool:
        return self.ended_on is None


class MatchNote(AuditedModel):
    """A short contact note on a match, by the volunteer or the gezinsmanager; hours feed the report."""

    match = ForeignKeyField(Match, backref="notes", on_delete="CASCADE")
    written_by = ForeignKeyField(Worker, null=True, backref="+", on_delete="SET NULL")
    occurred_on = DateField()
    hours = DecimalField(max_digits=5, decimal_places=2, default=0)
    note = TextField()
    safety_concern = BooleanField(default=False)

    class Meta:
        table_name = "inwonerskracht_match_note"

    def audit_family_id(self):
        return self.match.family_id


class CaseDiscussion(AuditedModel):
    """A trajectory discussed at a casuïstiekbijeenkomst, under a pseudonym (never names)."""

    meeting = ForeignKeyField(Meeting, index=False, backref="+", on_delete="CASCADE")
    trajectory = ForeignKeyField(Trajectory, backref="+", on_delete="CASCADE")
    pseudonym = CharField()
    discussion = TextField(null=True)
    volunteer_dilemmas = TextField(null=True)
    decisions = TextField(null=True)

    class Meta:
        table_name = "inwonerskracht_case_discussion"
        # index=False on a field that leads one of these: the composite serves lookups by it
        indexes = ((("meeting", "trajectory"), True),)

    def audit_family_id(self):
        return self.trajectory.family_id


class NuisanceReport(AuditedModel):
    """An overlastmelding about the family (an outcome measure), with date and source."""

    family = ForeignKeyField(Family, backref="+", on_delete="CASCADE")
    reported_on = DateField()
    source = CharField()                     # one of the configured nuisance_sources
    note = TextField(null=True)
    recorded_by = ForeignKeyField(Worker, null=True, backref="+", on_delete="SET NULL")

    class Meta:
        table_name = "inwonerskracht_nuisance_report"

    def audit_family_id(self):
        return self.family_id


class NetworkMeasurement(AuditedModel):
    """How many people the family can call on, measured at the start and over time."""

    family = ForeignKeyField(Family, backref="+", on_delete="CASCADE")
    trajectory = ForeignKeyField(Trajectory, null=True, backref="+", on_delete="SET NULL")
    measured_on = DateField()
    size = IntegerField()
    note = TextField(null=True)
    recorded_by = ForeignKeyField(Worker, null=True, backref="+", on_delete="SET NULL")

    class Meta:
        table_name = "inwonerskracht_network_measurement"

    def audit_family_id(self):
        return self.family_id


MODELS = [HelpQuestion, Volunteer, Match, MatchNote, CaseDiscussion, NuisanceReport, NetworkMeasurement]
