"""Admin views for the plugin's reference data: locations, their partners and groups.

Case data (care lines, placements, handovers) is not offered here: it is read through the
need-to-know screens of the care line only.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from gezinsroute.plugin_api import clock
from gezinsroute_admin import SecureModelView

from .methodology import GROUP_KINDS
from .models import Group, Location, LocationPartner

CATEGORY = _l("(Voor)school Plus")


class LocationAdmin(SecureModelView):
    column_list = ("key", "name", "area", "active")
    column_searchable_list = ("key", "name")
    column_labels = {"key": _l("Key"), "name": _l("Name"), "area": _l("Area"), "address": _l("Address"),
                     "active": _l("Active")}


class LocationPartnerAdmin(SecureModelView):
    column_list = ("location", "partner")
    column_labels = {"location": _l("Location"), "partner": _l("Partner")}


class GroupAdmin(SecureModelView):
    column_list = ("location", "kind", "name", "regular_children", "lead_worker", "active")
    column_filters = ("kind", "active")
    column_labels = {"location": _l("Location"), "kind": _l("Kind"), "name": _l("Name"),
                     "regular_children": _l("Regular children"), "lead_worker": _l("Lead worker"),
                     "active": _l("Active")}
    form_choices = {"kind": [(k, str(v)) for k, v in GROUP_KINDS.items()]}

    def on_model_change(self, form, model, is_created):
        if model.regular_children is not None and model.regular_children < 0:
            from wtforms.validators import ValidationError

            raise ValidationError(str(_l("the number of regular children cannot be negative")))

    def after_model_change(self, form, model, is_created):
        """Fewer regular children can tip the mix: check it like a new placement does."""
        from .careline import check_mix, placed_on

        placement = placed_on(model, clock.today()).first()
        if placement is not None:
            check_mix(model, placement.trajectory, clock.today())


def admin_views() -> list:
    return [
        LocationAdmin(Location, name=_l("Locations"), category=CATEGORY, endpoint="voorschool_plus_location"),
        LocationPartnerAdmin(LocationPartner, name=_l("Location partners"), category=CATEGORY,
                             endpoint="voorschool_plus_location_partner"),
        GroupAdmin(Group, name=_l("Groups"), category=CATEGORY, endpoint="voorschool_plus_group"),
    ]
