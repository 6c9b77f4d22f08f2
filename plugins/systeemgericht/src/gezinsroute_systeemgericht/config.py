"""The ``[plugins.systeemgericht]`` settings. Every key has a default, so an empty section validates."""

from marshmallow import RAISE, Schema, fields, validate


class SysteemgerichtConfig(Schema):
    """Tunable norms of the methodology (the seed text gives 6 weeks; the rest are house rules)."""

    class Meta:
        unknown = RAISE

    vt_working_days = fields.Integer(load_default=5, validate=validate.Range(min=1, max=30))
    uitvoerdersoverleg_days = fields.Integer(load_default=42, validate=validate.Range(min=7, max=180))
    uitvoerdersoverleg_warn_days = fields.Integer(load_default=7, validate=validate.Range(min=0, max=60))
    caseload_cap = fields.Integer(load_default=15, validate=validate.Range(min=1, max=100))


DEFAULTS = SysteemgerichtConfig().load({})
