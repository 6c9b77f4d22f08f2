"""The plugin's own tables: what the core does not model for systeemgericht casemanagement.

Plans, assessments (ARIJ), meetings and signals live in core tables; these tables
hold the facts specific to this way of working (measures, immediate actions, FFP
phase tags, intervention evaluations, escalation issues, significant events and
bodemeis breaches). Every row belongs to a trajectory and is audited.
"""

from gezinsroute.plugin_api import Assessment, AuditedModel, Meeting, Partner, Plan, Signal, Trajectory, Worker, utcnow
from peewee import BooleanField, CharField, DateField, DateTimeField, ForeignKeyField, IntegerField, TextField

MEASURE_TYPES = ("ots", "voorlopige_ots", "voogdij", "jeugdreclassering_toezicht",
                 "jeugdreclassering_taakstraf", "jeugdreclassering_gedragsmaatregel", "preventief")
FFP_PHASES = ("engage_motivate", "support_monitor", "generalize")
EVENT_KINDS = ("incident", "placement", "court_hearing", "plan_change")
ISSUE_REASONS = ("missing_provision", "failing_provision", "bodemeis_breached")
ISSUE_OUTCOMES = ("resolved", "alternative_found", "not_resolved")


class _TrajectoryRecord(AuditedModel):
    """Base for rows that belong to one trajectory (and so to one family, for the audit)."""

    trajectory = ForeignKeyField(Trajectory, on_delete="CASCADE", backref="+")
    created_at = DateTimeField(default=utcnow)

    def audit_family_id(self):
        return self.trajectory.family_id


class Measure(_TrajectoryRecord):
    """A child-protection or youth-probation measure the gezinsmanager carries out."""

    measure_type = CharField()
    court_decision_on = DateField(null=True)  # null for preventive (voluntary) work
    started_on = DateField()
    ended_on = DateField(null=True)

    class Meta:
        table_name = "systeemgericht_measure"


class ImmediateAction(_TrajectoryRecord):
    """What was done at once after a veiligheidstaxatie found the children acutely unsafe."""

    assessment = ForeignKeyField(Assessment, on_delete="CASCADE", backref="+")
    action = TextField()
    taken_on = DateField()
    worker = ForeignKeyField(Worker, null=True, on_delete="SET NULL", backref="+")

    class Meta:
        table_name = "systeemgericht_immediate_action"


class FfpSession(_TrajectoryRecord):
    """The FFP phase tag of a core meeting of kind ``systeemgericht.ffp_session``."""

    meeting = ForeignKeyField(Meeting, on_delete="CASCADE", backref="+", unique=True)
    ffp_phase = CharField()

    class Meta:
        table_name = "systeemgericht_ffp_session"


class InterventionEvaluation(_TrajectoryRecord):
    """Whether an intervention by a provider works (discussed in the uitvoerdersoverleg)."""

    intervention = CharField()
    provider = ForeignKeyField(Partner, null=True, on_delete="SET NULL", backref="+")
    effective = BooleanField()
    evaluated_on = DateField()
    note = TextField(null=True)

    class Meta:
        table_name = "systeemgericht_intervention_evaluation"


class EscalationIssue(_TrajectoryRecord):
    """A 'kwestie': missing or failing provision (or a breached bodemeis) pushed up the ladder.

    The level climbs on the linked core signal (``signals.escalate_due``); the
    issue keeps the reason and the outcome.
    """

    reason = CharField()
    description = TextField()
    provider = ForeignKeyField(Partner, null=True, on_delete="SET NULL", backref="+")
    signal = ForeignKeyField(Signal, null=True, on_delete="SET NULL", backref="+")
    raised_on = DateField()
    resolved_on = DateField(null=True)
    outcome = CharField(null=True)
    resolution = TextField(null=True)
    resolved_at_level = IntegerField(null=True)

    class Meta:
        table_name = "systeemgericht_escalation_issue"


class SignificantEvent(_TrajectoryRecord):
    """An incident, placement, court hearing or plan change: the ARIJ must be re-taxated."""

    kind = CharField()
    occurred_on = DateField()
    description = TextField(null=True)
    signal = ForeignKeyField(Signal, null=True, on_delete="SET NULL", backref="+")

    class Meta:
        table_name = "systeemgericht_significant_event"


class BodemeisBreach(_TrajectoryRecord):
    """A bodemeis of an agreed veiligheidsplan was not met: the consequence taken, and the escalation."""

    plan = ForeignKeyField(Plan, on_delete="CASCADE", backref="+")
    bodemeis_index = IntegerField()
    occurred_on = DateField()
    consequence_taken = TextField()
    issue = ForeignKeyField(EscalationIssue, null=True, on_delete="SET NULL", backref="+")

    class Meta:
        table_name = "systeemgericht_bodemeis_breach"


MODELS = [Measure, ImmediateAction, FfpSession, InterventionEvaluation, EscalationIssue, SignificantEvent,
          BodemeisBreach]
