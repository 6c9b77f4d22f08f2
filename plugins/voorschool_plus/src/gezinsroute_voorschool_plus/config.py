"""The ``[plugins.voorschool_plus]`` settings; every key has a default so an empty section validates."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates

from .methodology import BASELINE_DESTINATIONS

KEY = r"^[a-z0-9][a-z0-9_.-]*$"


class LocationSchema(Schema):
    """One (voor)school Plus location: a BMV in one area, with the partners housed in it."""

    key = fields.String(required=True, validate=validate.Regexp(KEY, error="use lowercase letters, digits, '-', '_'"))
    name = fields.String(required=True, validate=validate.Length(min=1))
    area = fields.String(required=True, validate=validate.Length(min=1))
    address = fields.String(load_default=None)
    partners = fields.List(fields.String(), load_default=list)


class BaselineValue(fields.Field):
    """A yearly baseline: one number for the whole deployment, or a table area code -> number."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool):
            raise ValidationError("a baseline is a number of children per year, or a table area code -> number")
        if isinstance(value, (int, float)):
            if value < 0:
                raise ValidationError("a baseline cannot be negative")
            return {"*": float(value)}
        if isinstance(value, dict):
            out = {}
            for area, number in value.items():
                if isinstance(number, bool) or not isinstance(number, (int, float)) or number < 0:
                    raise ValidationError(f"baseline for area '{area}' must be a number >= 0")
                out[str(area)] = float(number)
            return out
        raise ValidationError("a baseline is a number of children per year, or a table area code -> number")


class VoorschoolPlusConfig(Schema):
    max_care_share = fields.Float(load_default=0.33, validate=validate.Range(min=0.0, max=1.0))
    zorgplan_evaluation_days = fields.Integer(load_default=91, validate=validate.Range(min=7, max=730))
    min_enrolment_age = fields.Integer(load_default=2, validate=validate.Range(min=0, max=12))
    baseline = fields.Dict(keys=fields.String(validate=validate.OneOf(BASELINE_DESTINATIONS)),
                           values=BaselineValue(), load_default=dict)
    locations = fields.List(fields.Nested(LocationSchema), load_default=list)

    @validates("locations")
    def _unique_locations(self, value, **kwargs):
        keys = [loc["key"] for loc in value]
        areas = [loc["area"] for loc in value]
        if len(set(keys)) != len(keys):
            raise ValidationError("a location key is listed twice")
        if len(set(areas)) != len(areas):
            raise ValidationError("one (voor)school Plus location per area: an area is listed twice")


def settings() -> dict:
    """The validated settings of the booted deployment (defaults when the section is absent)."""
    from gezinsroute.plugin_api import current_runtime

    config = current_runtime().deployment.plugin_config("voorschool_plus")
    return config or VoorschoolPlusConfig().load({})
