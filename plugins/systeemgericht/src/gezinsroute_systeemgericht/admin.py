"""Admin views: case workers use the trajectory screens; these let the beheerder inspect rows."""

from gezinsroute.plugin_api import lazy_gettext as _l
from gezinsroute_admin import SecureModelView

from .models import (
    BodemeisBreach,
    EscalationIssue,
    FfpSession,
    ImmediateAction,
    InterventionEvaluation,
    Measure,
    SignificantEvent,
)

CATEGORY = _l("Systeemgericht")


class _ReadOnly(SecureModelView):
    """Case records are written through the methodology's screens (which check its rules), not here."""

    can_create = False
    can_edit = False
    can_delete = False


class EscalationIssueView(_ReadOnly):
    column_list = ("trajectory", "reason", "raised_on", "resolved_on", "outcome", "resolved_at_level")
    column_filters = ("reason", "outcome")


def admin_views() -> list:
    views = [EscalationIssueView(EscalationIssue, name=_l("Escalations"), endpoint="systeemgericht_issues",
                                 category=CATEGORY)]
    for model, name, endpoint in (
            (Measure, _l("Measures"), "systeemgericht_measures"),
            (ImmediateAction, _l("Immediate actions"), "systeemgericht_immediate_actions"),
            (FfpSession, _l("FFP sessions"), "systeemgericht_ffp_sessions"),
            (InterventionEvaluation, _l("Intervention evaluations"), "systeemgericht_evaluations"),
            (SignificantEvent, _l("Significant events"), "systeemgericht_events"),
            (BodemeisBreach, _l("Bodemeis breaches"), "systeemgericht_breaches")):
        views.append(_ReadOnly(model, name=name, endpoint=endpoint, category=CATEGORY))
    return views
