"""Settings of ``[plugins.klantroute]``; every key has a default so an empty section validates."""

from marshmallow import RAISE, Schema, ValidationError, fields, validate, validates_schema

DEFAULT_STEPS = ["eigen_kracht", "eigen_netwerk", "steungezin_of_jim", "voorliggend_veld", "maatwerk"]
DEFAULT_ENTRY_POINTS = ["school", "cjg", "smw", "mee", "jip", "voorschool", "swv"]
CLOSED_STEP = "afgerond"
STEP_KEY = validate.Regexp(r"^[a-z][a-z0-9_]*$", error="step keys are lowercase words with '_'")


class KlantrouteConfigSchema(Schema):
    """Why configurable: each municipality orders its route steps and entry points itself."""

    class Meta:
        unknown = RAISE

    steps = fields.List(fields.String(validate=STEP_KEY), load_default=lambda: list(DEFAULT_STEPS),
                        validate=validate.Length(min=2))
    maatwerk_step = fields.String(load_default="maatwerk", validate=STEP_KEY)
    maatwerk_gate = fields.Boolean(load_default=True)
    entry_points = fields.List(fields.String(validate=STEP_KEY), load_default=lambda: list(DEFAULT_ENTRY_POINTS),
                               validate=validate.Length(min=1))
    trial_weeks = fields.Integer(load_default=8, validate=validate.Range(min=1, max=52))

    @validates_schema
    def _consistent(self, data, **kwargs):
        steps = data.get("steps", DEFAULT_STEPS)
        if len(set(steps)) != len(steps):
            raise ValidationError("a step is listed twice", "steps")
        if CLOSED_STEP in steps:
            raise ValidationError(f"'{CLOSED_STEP}' is added automatically as the closing step", "steps")
        if data.get("maatwerk_step", "maatwerk") not in steps:
            raise ValidationError("maatwerk_step must be one of steps", "maatwerk_step")
        if steps.index(data.get("maatwerk_step", "maatwerk")) == 0:
            raise ValidationError("maatwerk_step cannot be the first step: lighter steps come first",
                                  "maatwerk_step")


def settings(deployment=None) -> dict:
    """The validated settings (defaults filled in) of the running or given deployment."""
    if deployment is None:
        from gezinsroute.plugin_api import current_runtime

        deployment = current_runtime().deployment
    return deployment.plugin_config("klantroute")
