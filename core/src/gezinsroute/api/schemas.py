"""Marshmallow schemas of the REST API: request bodies and query strings (validated,
unknown fields refused) and responses (documented in the OpenAPI spec)."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate

MAX_ID = 2**31 - 1
MAX_LIMIT = 100


def _no_nul(value: str) -> None:
    if "\x00" in value:
        raise ValidationError("must not contain NUL characters")


def Str(max_length: int = 255, **kwargs) -> fields.String:  # noqa: N802 - a field factory
    """A string field with a length limit (the column's) and no NUL characters."""
    checks = [validate.Length(min=1 if kwargs.get("required") else 0, max=max_length), _no_nul]
    extra = kwargs.pop("validate", None)
    if extra is not None:
        checks.append(extra)
    return fields.String(validate=checks, **kwargs)


def Text(**kwargs) -> fields.String:  # noqa: N802
    return Str(20000, **kwargs)


def Id(**kwargs) -> fields.Integer:  # noqa: N802
    return fields.Integer(strict=True, validate=validate.Range(min=1, max=MAX_ID), **kwargs)


def Version(**kwargs) -> fields.Integer:  # noqa: N802
    return fields.Integer(strict=True, validate=validate.Range(min=1, max=MAX_ID), **kwargs)


# -- errors and pages -----------------------------------------------------------------------------
class ProblemSchema(Schema):
    field = fields.String(allow_none=True)
    message = fields.String()
    severity = fields.String()


class ErrorsSchema(Schema):
    errors = fields.List(fields.Nested(ProblemSchema))


class PageArgs(Schema):
    after = fields.Integer(validate=validate.Range(min=0, max=MAX_ID),
                           metadata={"description": "Return items with an id above this one"})
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=MAX_LIMIT))


def page_of(item_schema: type[Schema]) -> type[Schema]:
    name = item_schema.__name__.removesuffix("Schema") + "PageSchema"
    return type(name, (Schema,), {
        "items": fields.List(fields.Nested(item_schema)),
        "next_after": fields.Integer(allow_none=True, metadata={
            "description": "Pass as ?after= for the next page; null on the last page"}),
    })


# -- families --------------------------------------------------------------------------------------
MEMBER_ROLE = validate.OneOf(("parent", "carer", "child", "other"))


class MemberSchema(Schema):
    id = fields.Integer()
    family_id = fields.Integer()
    lock_version = fields.Integer()
    role = fields.String()
    given_name = fields.String()
    family_name = fields.String()
    birth_date = fields.Date(allow_none=True)
    bsn = fields.String(allow_none=True)
    gender = fields.String(allow_none=True)
    has_authority = fields.Boolean()
    languages = fields.String(allow_none=True)


class MemberCreateSchema(Schema):
    role = Str(required=True, validate=MEMBER_ROLE)
    given_name = Str(required=True)
    family_name = Str(required=True)
    birth_date = fields.Date(allow_none=True)
    bsn = Str(20, allow_none=True)
    gender = fields.String(allow_none=True, validate=validate.OneOf(("0", "1", "2")))
    has_authority = fields.Boolean(load_default=False)
    languages = Str(allow_none=True)


class FamilySchema(Schema):
    id = fields.Integer()
    lock_version = fields.Integer()
    reference = fields.String()
    name = fields.String()
    postcode = fields.String(allow_none=True)
    house_number = fields.String(allow_none=True)
    municipality_id = fields.Integer(allow_none=True)
    area_id = fields.Integer(allow_none=True)
    languages = fields.String()
    created_at = fields.DateTime()


class FamilyDetailSchema(FamilySchema):
    members = fields.List(fields.Nested(MemberSchema), attribute="member_list")


class FamilyCreateSchema(Schema):
    name = Str(required=True)
    postcode = Str(20, allow_none=True)
    house_number = Str(12, allow_none=True)
    area = Str(allow_none=True, metadata={"description": "Area code, e.g. a CBS wijkcode"})
    municipality = Str(allow_none=True, metadata={"description": "CBS gemeentecode, e.g. GM0546"})
    languages = fields.List(Str(8), validate=validate.Length(max=20))
    members = fields.List(fields.Nested(MemberCreateSchema), validate=validate.Length(max=50))


# -- trajectories ----------------------------------------------------------------------------------
class TrajectorySchema(Schema):
    id = fields.Integer()
    lock_version = fields.Integer()
    family_id = fields.Integer()
    methodology = fields.String()
    phase = fields.String()
    responsible_id = fields.Integer(allow_none=True)
    team_id = fields.Integer(allow_none=True)
    source = fields.String(allow_none=True)
    referrer_code = fields.String(allow_none=True)
    referrer_partner_id = fields.Integer(allow_none=True)
    started_on = fields.Date()
    ended_on = fields.Date(allow_none=True)
    end_reason_cbs = fields.String(allow_none=True)
    end_reason_jz588 = fields.String(allow_none=True)
    previous_id = fields.Integer(allow_none=True)


class TrajectoryListArgs(PageArgs):
    family_id = fields.Integer(validate=validate.Range(min=1, max=MAX_ID))
    open = fields.Boolean()


class TrajectoryOpenSchema(Schema):
    family_id = Id(required=True)
    methodology = Str(required=True)
    responsible_id = Id(allow_none=True, metadata={"description": "Defaults to the caller"})
    source = Str(allow_none=True)
    referrer_code = Str(2, allow_none=True)
    referrer_partner_id = Id(allow_none=True)
    referrer_note = Text(allow_none=True)
    started_on = fields.Date(allow_none=True)
    member_ids = fields.List(Id(), validate=validate.Length(max=50), allow_none=True)
    exclude = fields.Dict(keys=fields.String(validate=validate.Regexp(r"^[1-9][0-9]{0,8}$")),
                          values=Text(), validate=validate.Length(max=50),
                          metadata={"description": "member id -> reason for leaving the member out"})


class TransitionSchema(Schema):
    to_phase = Str(required=True)
    note = Text(allow_none=True)
    end_reason_cbs = Str(2, allow_none=True)
    end_reason_jz588 = Str(2, allow_none=True)
    lock_version = Version(required=True, metadata={"description": "The version you read"})


class TransitionResultSchema(Schema):
    trajectory = fields.Nested(TrajectorySchema)
    warnings = fields.List(fields.Nested(ProblemSchema))


# -- referrals -------------------------------------------------------------------------------------
class ReferralSchema(Schema):
    id = fields.Integer()
    lock_version = fields.Integer()
    trajectory_id = fields.Integer()
    partner_id = fields.Integer()
    status = fields.String()
    purpose = fields.String()
    programme = fields.String(allow_none=True)
    proposed_on = fields.Date()
    accepted_on = fields.Date(allow_none=True)
    started_on = fields.Date(allow_none=True)
    ended_on = fields.Date(allow_none=True)
    closed_on = fields.Date(allow_none=True)
    outcome = fields.String(allow_none=True)
    note = fields.String(allow_none=True)
    member_ids = fields.List(fields.Integer())


class ReferralProposeSchema(Schema):
    trajectory_id = Id(required=True)
    partner_id = Id(required=True)
    member_ids = fields.List(Id(), required=True, validate=validate.Length(min=1, max=50))
    purpose = Str(load_default="referral")
    programme = Str(allow_none=True)
    note = Text(allow_none=True)
    legal_exception = Str(allow_none=True)


class ReferralAdvanceSchema(Schema):
    status = Str(required=True, validate=validate.OneOf(
        ("accepted", "started", "ended", "declined", "withdrawn")))
    outcome = Text(allow_none=True)
    lock_version = Version(allow_none=True)


# -- plans -----------------------------------------------------------------------------------------
class GoalSchema(Schema):
    id = fields.Integer()
    position = fields.Integer()
    description = fields.String()
    member_id = fields.Integer(allow_none=True)
    linked_to = fields.String(allow_none=True)
    owner = fields.String(allow_none=True)
    due_on = fields.Date(allow_none=True)
    status = fields.String()
    result = fields.String(allow_none=True)


class GoalCreateSchema(Schema):
    description = Text(required=True)
    member_id = Id(allow_none=True)
    linked_to = Str(allow_none=True)
    owner = Str(allow_none=True)
    due_on = fields.Date(allow_none=True)


class SignatureSchema(Schema):
    id = fields.Integer()
    party_name = fields.String()
    party_role = fields.String()
    member_id = fields.Integer(allow_none=True)
    worker_id = fields.Integer(allow_none=True)
    signed_on = fields.Date()


class SignatureCreateSchema(Schema):
    party_name = Str(required=True)
    party_role = Str(required=True)
    member_id = Id(allow_none=True)
    signed_on = fields.Date(allow_none=True)


class PlanSchema(Schema):
    id = fields.Integer()
    lock_version = fields.Integer()
    trajectory_id = fields.Integer()
    kind = fields.String()
    series = fields.String()
    version = fields.Integer()
    status = fields.String()
    title = fields.String(allow_none=True)
    language = fields.String(allow_none=True)
    agreed_on = fields.Date(allow_none=True)


class PlanDetailSchema(PlanSchema):
    content = fields.Dict(allow_none=True)
    goals = fields.List(fields.Nested(GoalSchema), attribute="goal_list")
    signatures = fields.List(fields.Nested(SignatureSchema), attribute="signature_list")


class PlanCreateSchema(Schema):
    trajectory_id = Id(required=True)
    kind = Str(required=True)
    title = Str(allow_none=True)
    language = Str(8, allow_none=True)
    content = fields.Dict(keys=Str(), allow_none=True)
    goals = fields.List(fields.Nested(GoalCreateSchema), validate=validate.Length(max=100))


class PlanUpdateSchema(Schema):
    lock_version = Version(required=True, metadata={"description": "The version you read"})
    title = Str(allow_none=True)
    language = Str(8, allow_none=True)
    content = fields.Dict(keys=Str(), allow_none=True)


class PlanAgreeSchema(Schema):
    lock_version = Version(required=True, metadata={"description": "The version you read"})


class PlanAgreeResultSchema(Schema):
    plan = fields.Nested(PlanDetailSchema)
    warnings = fields.List(fields.Nested(ProblemSchema))


# -- assessments -----------------------------------------------------------------------------------
class AssessmentSchema(Schema):
    id = fields.Integer()
    trajectory_id = fields.Integer()
    member_id = fields.Integer(allow_none=True)
    instrument = fields.String()
    instrument_version = fields.String()
    scores = fields.Dict(keys=fields.String(), values=fields.String())
    outcome = fields.String(allow_none=True)
    assessor_id = fields.Integer(allow_none=True)
    assessed_on = fields.Date()
    notes = fields.String(allow_none=True)


class AssessmentCreateSchema(Schema):
    trajectory_id = Id(required=True)
    instrument = Str(required=True)
    scores = fields.Dict(keys=Str(100), values=Str(20), required=True, validate=validate.Length(max=500))
    member_id = Id(allow_none=True)
    assessed_on = fields.Date(allow_none=True)
    notes = Text(allow_none=True)


# -- contacts and meetings -------------------------------------------------------------------------
class ContactSchema(Schema):
    id = fields.Integer()
    family_id = fields.Integer()
    trajectory_id = fields.Integer(allow_none=True)
    kind = fields.String()
    occurred_at = fields.DateTime()
    worker_id = fields.Integer(allow_none=True)
    duration_minutes = fields.Integer(allow_none=True)
    summary = fields.String(allow_none=True)


class ContactCreateSchema(Schema):
    family_id = Id(required=True)
    trajectory_id = Id(allow_none=True)
    kind = Str(required=True)
    occurred_at = fields.DateTime(allow_none=True)
    member_ids = fields.List(Id(), validate=validate.Length(max=50))
    summary = Text(allow_none=True)
    duration_minutes = fields.Integer(strict=True, allow_none=True, validate=validate.Range(min=0, max=10000))


class ParticipantSchema(Schema):
    name = Str(required=True)
    role = Str(required=True)
    member_id = Id(allow_none=True)
    partner_id = Id(allow_none=True)
    worker_id = Id(allow_none=True)


class MeetingSchema(Schema):
    id = fields.Integer()
    family_id = fields.Integer(allow_none=True)
    trajectory_id = fields.Integer(allow_none=True)
    kind = fields.String()
    held_on = fields.Date()
    summary = fields.String(allow_none=True)
    decisions = fields.List(fields.String())
    participants = fields.List(fields.Nested(ParticipantSchema), attribute="participant_list")


class MeetingCreateSchema(Schema):
    trajectory_id = Id(allow_none=True)
    family_id = Id(allow_none=True)
    kind = Str(required=True)
    held_on = fields.Date(allow_none=True)
    summary = Text(allow_none=True)
    decisions = fields.List(Text(), validate=validate.Length(max=100))
    participants = fields.List(fields.Nested(ParticipantSchema), validate=validate.Length(max=100))


# -- signals and partners --------------------------------------------------------------------------
class SignalSchema(Schema):
    id = fields.Integer()
    lock_version = fields.Integer()
    family_id = fields.Integer(allow_none=True)
    trajectory_id = fields.Integer(allow_none=True)
    rule = fields.String()
    title = fields.String()
    priority = fields.String()
    status = fields.String()
    state = fields.String()
    warn_on = fields.Date(allow_none=True)
    due_on = fields.Date()
    assigned_worker_id = fields.Integer(allow_none=True)
    team_id = fields.Integer(allow_none=True)
    target_role = fields.String(allow_none=True)
    escalation_level = fields.Integer()
    requires_ack = fields.Boolean()
    acknowledged_at = fields.DateTime(allow_none=True)


class SignalListArgs(PageArgs):
    scope = fields.String(load_default="mine", validate=validate.OneOf(("mine", "team")))
    status = fields.String(load_default="open", validate=validate.OneOf(("open", "done", "cancelled")))


class PartnerSchema(Schema):
    id = fields.Integer()
    key = fields.String()
    name = fields.String()
    kind = fields.String()
    contact_name = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    address = fields.String(allow_none=True)
    capacity = fields.Integer(allow_none=True)
    active = fields.Boolean()
    description = fields.String(allow_none=True)
    area_ids = fields.List(fields.Integer())


class PartnerListArgs(PageArgs):
    kind = Str()
    active = fields.Boolean()
