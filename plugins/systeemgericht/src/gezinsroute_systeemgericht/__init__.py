"""Gezinsroute plugin: intensief systeemgericht casemanagement (gezinsmanager, ARIJ, FFP, escalation).

Hook implementations stay thin; the work is in the modules they call.
"""


from gezinsroute import hookimpl
from gezinsroute.plugin_api import package_hooks

PLUGIN_NAME = "systeemgericht"
# Models, migrations and translations are found by convention (models.MODELS, migrations/, translations/).
register_models, register_migrations, register_translations = package_hooks(__name__)


@hookimpl
def register_config_schema():
    from .config import SysteemgerichtConfig

    return SysteemgerichtConfig


@hookimpl
def register_methodologies():
    from .methodology import methodology

    return [methodology()]


@hookimpl
def register_definitions(deployment):
    from .config import DEFAULTS
    from .methodology import definitions

    return definitions(deployment.plugin_config(PLUGIN_NAME) or DEFAULTS)





@hookimpl
def validate_transition(trajectory, from_phase, to_phase):
    from .rules import transition_problems

    return transition_problems(trajectory, from_phase, to_phase)


@hookimpl
def validate_plan(plan):
    from .rules import plan_problems

    return plan_problems(plan)


@hookimpl
def on_event(event):
    from .methodology import DRP, RT
    from .services import resolve_reassessments

    if event.name == "assessment.recorded" and event.data.get("instrument") in (RT, DRP):
        resolve_reassessments(event.trajectory_id)


@hookimpl
def register_reports():
    from .reports import reports

    return reports()


@hookimpl
def register_blueprints():
    from .views import blueprint

    return [blueprint]


@hookimpl
def register_admin_views():
    from .admin import admin_views

    return admin_views()


@hookimpl
def populate_demo_data(demo):
    from .demo import populate

    populate(demo)


@hookimpl
def populate_bulk_data(chunk):
    from .bulk import populate

    populate(chunk)


@hookimpl
def trajectory_actions(trajectory):
    from .views import actions

    return actions(trajectory)


@hookimpl
def family_panels(family):
    from .views import panels

    return panels(family)
