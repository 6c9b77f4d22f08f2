"""Admin views for the plugin's tables (for application administrators)."""

from flask_babel import lazy_gettext as _l
from gezinsroute_admin import SecureModelView

from .models import Evaluation, Pairing, Progress

CATEGORY = _l("5V")


class PairingView(SecureModelView):
    column_list = ("trajectory", "referral", "child", "volunteer_name", "started_on", "ended_on")
    column_filters = ("started_on", "ended_on")
    can_create = False


class ProgressView(SecureModelView):
    column_list = ("trajectory", "member", "programme", "trend", "recorded_on", "worker")
    column_filters = ("trend", "recorded_on")
    can_create = False


class EvaluationView(SecureModelView):
    column_list = ("trajectory", "evaluated_on", "end_reason_cbs", "satisfaction", "onward_referral")
    column_filters = ("end_reason_cbs", "evaluated_on")
    can_create = False


def views() -> list:
    return [
        PairingView(Pairing, name=_l("Volunteer pairings"), endpoint="vijfv_pairing", category=CATEGORY),
        ProgressView(Progress, name=_l("Progress records"), endpoint="vijfv_progress", category=CATEGORY),
        EvaluationView(Evaluation, name=_l("Evaluations"), endpoint="vijfv_evaluation", category=CATEGORY),
    ]
