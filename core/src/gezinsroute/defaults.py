"""The core's own hook implementations: definitions every deployment has.

Registered under the name ``core`` before the deployment's plugins, with
``trylast`` so that plugins always come first.
"""

from flask_babel import lazy_gettext as _l

from .hookspecs import hookimpl
from .registry import ContactKind, EscalationLadder, InvolvementRole, Role


@hookimpl(trylast=True)
def register_definitions():
    return [
        EscalationLadder("default", _l("Default"), steps=(("worker", 0), ("teamleider", 7))),
        ContactKind("home_visit", _l("Home visit")),
        ContactKind("phone_call", _l("Phone call")),
        ContactKind("office_visit", _l("Office visit")),
        ContactKind("video_call", _l("Video call")),
        ContactKind("message", _l("Message")),
        InvolvementRole("responsible", _l("Responsible worker")),
        InvolvementRole("colleague", _l("Involved colleague")),
        InvolvementRole("partner", _l("Partner organisation"), kind="partner"),
        InvolvementRole("network", _l("Network member"), kind="informal", professional=False),
        # Default roles (domain brief §5); plugins add their own.
        Role("worker", _l("Worker (gezinsmanager)")),
        Role("teamleider", _l("Team leader")),
        Role("gedragswetenschapper", _l("Behavioural scientist")),
        Role("volunteer_coordinator", _l("Volunteer coordinator"), sees_case_files=False),
        Role("volunteer", _l("Volunteer"), sees_case_files=False),
        Role("policy_officer", _l("Policy officer"), sees_case_files=False),
        Role("app_admin", _l("Application administrator"), sees_case_files=False),
        Role("privacy_officer", _l("Privacy officer"), sees_case_files=False),
    ]


@hookimpl(trylast=True)
def register_reports():
    from .reports import core_reports

    return core_reports()
