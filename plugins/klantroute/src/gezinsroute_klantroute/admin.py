"""Admin views for the klantroute tables (application administrators only)."""

from gezinsroute.plugin_api import lazy_gettext as _l
from gezinsroute_admin import SecureModelView

from .models import (
    CoordinatorVisit,
    Jim,
    JimEvaluation,
    MatchEvaluation,
    NetworkPerson,
    Question,
    StepExploration,
    StepMove,
    SupportFamily,
    SupportMatch,
    SupportRequest,
)

CATEGORY = _l("Klantroute")


class QuestionView(SecureModelView):
    column_list = ("family", "entry_point", "entry_partner", "received_on", "first_answer_on", "owner_organisation")
    column_filters = ("entry_point", "received_on")
    can_create = False  # a question opens a route: use the klantroute screen


class SupportFamilyView(SecureModelView):
    """Steungezinnen are managed here by the coordinator's administrator (no accounts)."""

    column_list = ("name", "area", "availability", "vog_on", "active", "registered_on")
    column_searchable_list = ("name",)


class SupportMatchView(SecureModelView):
    """Status changes only through the steps (visits, introduction, agreement): read-only here."""

    can_create = False
    can_edit = False
    column_list = ("request", "support_family", "status", "introduction_on", "trial_start", "agreement_on",
                   "ended_on")


class JimView(SecureModelView):
    can_create = False  # the JIM checks (chosen by youth, not a parent) run on the klantroute screen
    column_list = ("family", "name", "relation", "asked_on", "parental_agreement_on", "jim_consent_on", "ended_on")
    form_excluded_columns = ("involvement",)


def _plain(model, endpoint, name):
    view = type(f"{model.__name__}View", (SecureModelView,), {"can_create": False})
    return view(model, name=name, endpoint=endpoint, category=CATEGORY)


def admin_views() -> list:
    return [
        QuestionView(Question, name=_l("Questions"), endpoint="klantroute_question", category=CATEGORY),
        SupportFamilyView(SupportFamily, name=_l("Steungezinnen"), endpoint="klantroute_support_family",
                          category=CATEGORY),
        SupportMatchView(SupportMatch, name=_l("Steungezin matches"), endpoint="klantroute_support_match",
                         category=CATEGORY),
        JimView(Jim, name=_l("JIM"), endpoint="klantroute_jim", category=CATEGORY),
        _plain(StepExploration, "klantroute_step_exploration", _l("Step explorations")),
        _plain(StepMove, "klantroute_step_move", _l("Step moves")),
        _plain(NetworkPerson, "klantroute_network_person", _l("Own network")),
        _plain(SupportRequest, "klantroute_support_request", _l("Steungezin intakes")),
        _plain(CoordinatorVisit, "klantroute_coordinator_visit", _l("Coordinator visits")),
        _plain(MatchEvaluation, "klantroute_match_evaluation", _l("Match evaluations")),
        _plain(JimEvaluation, "klantroute_jim_evaluation", _l("JIM evaluations")),
    ]
