"""Settings of the inwonerskracht add-on (``[plugins.inwonerskracht]``); every key has a default."""

from marshmallow import Schema, fields, validate

KEY = validate.Regexp(r"^[a-z0-9][a-z0-9_.-]*$", error="use lowercase letters, digits, '-', '_' or '.'")

DEFAULT_HELP_KINDS = ["practical", "social_contact", "leisure", "parenting_support", "school_work", "household"]
DEFAULT_NUISANCE_SOURCES = ["police", "neighbours", "municipality", "school", "housing_corporation", "other"]


class InwonerskrachtSchema(Schema):
    extends = fields.List(fields.String(validate=KEY), load_default=lambda: ["systeemgericht"],
                          validate=validate.Length(min=1))
    volunteer_centre = fields.String(load_default="vrijwilligershuis", validate=KEY)
    vog_valid_months = fields.Integer(load_default=36, validate=validate.Range(min=1, max=120))
    help_question_kinds = fields.List(fields.String(validate=KEY), load_default=lambda: list(DEFAULT_HELP_KINDS),
                                      validate=validate.Length(min=1))
    nuisance_sources = fields.List(fields.String(validate=KEY),
                                   load_default=lambda: list(DEFAULT_NUISANCE_SOURCES),
                                   validate=validate.Length(min=1))
    casuistiek_every_days = fields.Integer(load_default=42, validate=validate.Range(min=21, max=42))
    guidance_every_days = fields.Integer(load_default=42, validate=validate.Range(min=7, max=365))
    nuisance_window_months = fields.Integer(load_default=12, validate=validate.Range(min=1, max=60))


def settings() -> dict:
    """The validated settings of the booted deployment (for services and views)."""
    from gezinsroute.plugin_api import current_runtime

    return current_runtime().deployment.plugin_config("inwonerskracht")
