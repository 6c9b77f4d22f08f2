"""The klantroute's own tables: the question, step explorations, the own network, steungezin matches, JIM.

Rows that belong to a family are audited (``AuditedModel``) and name their family.
"""

from __future__ import annotations

from gezinsroute.plugin_api import (
    Area,
    AuditedModel,
    Family,
    Involvement,
    Member,
    Partner,
    PhaseChange,
    Trajectory,
    Worker,
    utcnow,
)
from peewee import BooleanField, CharField, DateField, DateTimeField, ForeignKeyField, TextField


class Question(AuditedModel):
    """The family's question as it arrived, where it arrived, and who owns the route."""

    trajectory = ForeignKeyField(Trajectory, unique=True, backref="klantroute_question", on_delete="CASCADE")
    family = ForeignKeyField(Family, backref="+", on_delete="CASCADE")
    entry_point = CharField(index=True)        # school, cjg, smw, mee, jip, voorschool, swv
    entry_partner = ForeignKeyField(Partner, null=True, backref="+", on_delete="SET NULL")
    question_text = TextField()
    received_on = DateField(index=True)
    first_answer_on = DateField(null=True)
    first_answer_note = TextField(null=True)
    owner_organisation = CharField(null=True)  # the route owner's organisation (any partner)
    created_at = DateTimeField(default=utcnow)

    class Meta:
        table_name = "klantroute_question"

    def audit_family_id(self):
        return self.family_id


class StepExploration(AuditedModel):
    """A lighter step considered before maatwerk: tried or not, what came of it, why it was not enough."""

    trajectory = ForeignKeyField(Trajectory, index=False, backref="+", on_delete="CASCADE")
    step = CharField()
    explored = BooleanField()
    outcome = TextField(null=True)
    reason_not_enough = TextField(null=True)
    recorded_on = DateField()
    recorded_by = ForeignKeyField(Worker, null=True, backref="+", on_delete="SET NULL")

    class Meta:
        table_name = "klantroute_step_exploration"
        # index=False on a field that leads one of these: the composite serves lookups by it
        indexes = ((("trajectory", "step"), False),)

    def audit_family_id(self):
        return self.trajectory.family_id


class StepMove(AuditedModel):
    """A move between route steps; ``afschaling`` marks a step down to a lighter step.

    Linked one-to-one to the core ``PhaseChange``; moves made on the core's own screens get
    their record from the ``trajectory.transitioned`` event.
    """

    trajectory = ForeignKeyField(Trajectory, backref="+", on_delete="CASCADE")
    phase_change = ForeignKeyField(PhaseChange, unique=True, null=True, backref="+", on_delete="CASCADE")
    from_step = CharField()
    to_step = CharField()
    afschaling = BooleanField(default=False)
    reason = TextField(null=True)
    moved_on = DateField()
    worker = ForeignKeyField(Worker, null=True, backref="+", on_delete="SET NULL")

    class Meta:
        table_name = "klantroute_step_move"

    def audit_family_id(self):
        return self.trajectory.family_id


class NetworkPerson(AuditedModel):
    """Someone from the family's own network (informal, no account) and what they can do."""

    family = ForeignKeyField(Family, backref="+", on_delete="CASCADE")
    trajectory = ForeignKeyField(Trajectory, null=True, backref="+", on_delete="SET NULL")
    name = CharField()
    relation = CharField()
    can_do = TextField(null=True)
    recorded_on = DateField()

    class Meta:
        table_name = "klantroute_network_person"

    def audit_family_id(self):
        return self.family_id


class SupportRequest(AuditedModel):
    """Intake of the vraaggezin: the four Buurtgezinnen questions."""

    trajectory = ForeignKeyField(Trajectory, backref="+", on_delete="CASCADE")
    family = ForeignKeyField(Family, backref="+", on_delete="CASCADE")
    support_needed = TextField()
    what_matters = TextField()
    expectations = TextField()
    can_offer = TextField()
    availability = CharField(null=True)
    intake_on = DateField()

    class Meta:
        table_name = "klantroute_support_request"

    def audit_family_id(self):
        return self.family_id


class SupportFamily(AuditedModel):
    """A steungezin: an informal household (no accounts); a VOG is needed before any introduction."""

    name = CharField()
    area = ForeignKeyField(Area, null=True, backref="+", on_delete="SET NULL")
    household = TextField(null=True)
    competences = TextField(null=True)
    availability = CharField(null=True)
    vog_on = DateField(null=True)
    active = BooleanField(default=True)
    registered_on = DateField()

    class Meta:
        table_name = "klantroute_support_family"

    def __str__(self):
        return self.name


MATCH_STATUSES = ("proposed", "trial", "active", "ended", "declined")


class SupportMatch(AuditedModel):
    """A vraaggezin matched with a steungezin: visits, introduction, trial, written agreement."""

    request = ForeignKeyField(SupportRequest, backref="matches", on_delete="CASCADE")
    support_family = ForeignKeyField(SupportFamily, backref="matches", on_delete="RESTRICT")
    status = CharField(default="proposed", index=True)
    proposed_on = DateField()
    introduction_on = DateField(null=True)
    asking_family_go = BooleanField(null=True)
    support_family_go = BooleanField(null=True)
    trial_start = DateField(null=True)
    trial_end = DateField(null=True)
    agreement_on = DateField(null=True)
    agreement_frequency = CharField(null=True)
    agreement_activities = TextField(null=True)
    house_rules_accepted = BooleanField(default=False)
    involvement = ForeignKeyField(Involvement, null=True, backref="+", on_delete="SET NULL")
    ended_on = DateField(null=True)
    end_reason = TextField(null=True)

    class Meta:
        table_name = "klantroute_support_match"

    def audit_family_id(self):
        return self.request.family_id


class CoordinatorVisit(AuditedModel):
    """One coordinator visit to one of the two families, before the introduction."""

    match = ForeignKeyField(SupportMatch, backref="visits", on_delete="CASCADE")
    visited = CharField()  # "asking" (vraaggezin) or "support" (steungezin)
    visited_on = DateField()
    coordinator = ForeignKeyField(Worker, null=True, backref="+", on_delete="SET NULL")
    notes = TextField(null=True)

    class Meta:
        table_name = "klantroute_coordinator_visit"

    def audit_family_id(self):
        return self.match.request.family_id


class MatchEvaluation(AuditedModel):
    """The half-year check with both families: satisfied, and do they want to continue?"""

    match = ForeignKeyField(SupportMatch, backref="evaluations", on_delete="CASCADE")
    held_on = DateField()
    asking_family_satisfied = BooleanField()
    support_family_satisfied = BooleanField()
    continue_match = BooleanField()
    notes = TextField(null=True)

    class Meta:
        table_name = "klantroute_match_evaluation"

    def audit_family_id(self):
        return self.match.request.family_id


class Jim(AuditedModel):
    """A JIM chosen by the young person; it belongs to the family and outlives the trajectory."""

    family = ForeignKeyField(Family, backref="+", on_delete="CASCADE")
    youth = ForeignKeyField(Member, backref="+", on_delete="CASCADE")
    trajectory = ForeignKeyField(Trajectory, null=True, backref="+", on_delete="SET NULL")
    name = CharField()
    relation = CharField()
    birth_date = DateField(null=True)
    chosen_by = ForeignKeyField(Member, backref="+", on_delete="CASCADE")
    asked_on = DateField()
    parental_agreement_by = ForeignKeyField(Member, null=True, backref="+", on_delete="SET NULL")
    parental_agreement_on = DateField(null=True)
    jim_consent_on = DateField(null=True)
    involvement = ForeignKeyField(Involvement, null=True, backref="+", on_delete="SET NULL")
    ended_on = DateField(null=True)

    class Meta:
        table_name = "klantroute_jim"

    def audit_family_id(self):
        return self.family_id


class JimEvaluation(AuditedModel):
    jim = ForeignKeyField(Jim, backref="evaluations", on_delete="CASCADE")
    held_on = DateField()
    notes = TextField(null=True)

    class Meta:
        table_name = "klantroute_jim_evaluation"

    def audit_family_id(self):
        return self.jim.family_id


MODELS = [Question, StepExploration, StepMove, NetworkPerson, SupportRequest, SupportFamily, SupportMatch,
          CoordinatorVisit, MatchEvaluation, Jim, JimEvaluation]
