"""Admin views (Flask-Admin at /beheer) for the add-on's tables."""

from flask_babel import lazy_gettext as _l
from gezinsroute_admin import SecureModelView

from gezinsroute_inwonerskracht.models import CaseDiscussion, HelpQuestion, Match, Volunteer

CATEGORY = _l("Inwonerskracht")


class VolunteerView(SecureModelView):
    """Volunteer records hold no family data; the coordinator keeps VOG and intake dates here too."""

    column_list = ("display_name", "partner", "vog_date", "intake_date", "active")
    column_searchable_list = ("display_name",)
    column_filters = ("active",)


class HelpQuestionView(SecureModelView):
    can_create = False
    column_list = ("trajectory", "kind", "horizon", "involve_volunteers", "status", "formulated_on")
    column_filters = ("kind", "horizon", "status")


class MatchView(SecureModelView):
    """Matches are made on the trajectory page (consent and approval checks); admins only end or correct them."""

    can_create = False
    column_list = ("volunteer", "trajectory", "started_on", "ended_on")
    form_excluded_columns = ("involvement", "help_question", "trajectory", "family", "approved_by")


class CaseDiscussionView(SecureModelView):
    can_create = False
    column_list = ("meeting", "pseudonym")
    form_excluded_columns = ("trajectory", "meeting")


def admin_views() -> list:
    return [
        VolunteerView(Volunteer, name=_l("Volunteers"), endpoint="inwonerskracht_volunteer", category=CATEGORY),
        HelpQuestionView(HelpQuestion, name=_l("Help questions"), endpoint="inwonerskracht_help_question",
                         category=CATEGORY),
        MatchView(Match, name=_l("Volunteer matches"), endpoint="inwonerskracht_match", category=CATEGORY),
        CaseDiscussionView(CaseDiscussion, name=_l("Cases discussed"), endpoint="inwonerskracht_case",
                           category=CATEGORY),
    ]
