"""Settings under ``[plugins.vijfv]``; every key has a default so an empty section validates."""

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

KEY = r"^[a-z0-9][a-z0-9_.-]*$"

DEFAULT_PROGRAMMES = [
    {"key": "voorleesexpress", "name": "VoorleesExpress", "pairs_volunteer": True, "partner": ""},
    {"key": "schools-cool", "name": "School's cool", "pairs_volunteer": True, "partner": ""},
    {"key": "weekendklas", "name": "WeekendKlas", "pairs_volunteer": False, "partner": ""},
    {"key": "speelgroepen", "name": "Speelgroepen", "pairs_volunteer": False, "partner": ""},
    {"key": "coach-at-jes", "name": "COACH@JES", "pairs_volunteer": True, "partner": ""},
]


class ProgrammeSchema(Schema):
    """One programme the organisation runs itself (a referral with ``programme`` set)."""

    class Meta:
        unknown = RAISE

    key = fields.String(required=True, validate=validate.Regexp(KEY, error="use lowercase letters, digits, '-', '_'"))
    name = fields.String(required=True, validate=validate.Length(min=1))
    pairs_volunteer = fields.Boolean(load_default=False)
    # Partner key that receives the referral; empty: the section's programme_partner.
    partner = fields.String(load_default="")


class VijfvConfigSchema(Schema):
    class Meta:
        unknown = RAISE

    no_contact_days = fields.Integer(load_default=14, validate=validate.Range(min=1, max=365))
    progress_every_days = fields.Integer(load_default=42, validate=validate.Range(min=1, max=365))
    programme_partner = fields.String(load_default="")
    programmes = fields.List(fields.Nested(ProgrammeSchema), load_default=lambda: [dict(p) for p in DEFAULT_PROGRAMMES])

    @validates_schema
    def _unique_programmes(self, data, **kwargs):
        keys = [p["key"] for p in data.get("programmes", [])]
        if len(keys) != len(set(keys)):
            raise ValidationError("a programme key is listed twice", "programmes")


def settings() -> dict:
    """The validated section of the running deployment (defaults when the runtime has none)."""
    from gezinsroute.plugin_api import current_runtime

    rt = current_runtime(required=False)
    config = rt.deployment.plugin_config("vijfv") if rt else {}
    return config or VijfvConfigSchema().load({})


def programmes() -> dict[str, dict]:
    return {p["key"]: p for p in settings()["programmes"]}
