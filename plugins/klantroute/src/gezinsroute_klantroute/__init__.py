"""Klantroute onderwijs-jeugd (Goeree-Overflakkee, programmalijn 5): thin hook implementations."""


from gezinsroute import hookimpl
from gezinsroute.plugin_api import package_hooks

PLUGIN_NAME = "klantroute"
# Models, migrations and translations are found by convention (models.MODELS, migrations/, translations/).
register_models, register_migrations, register_translations = package_hooks(__name__)


@hookimpl
def register_config_schema():
    from .config import KlantrouteConfigSchema

    return KlantrouteConfigSchema


@hookimpl
def register_methodologies(deployment):
    from .methodology import build_methodology

    return [build_methodology(deployment)]


@hookimpl
def register_definitions():
    from .methodology import definitions

    return definitions()





@hookimpl
def validate_transition(trajectory, to_phase):
    from .rules import maatwerk_gate_problems

    return maatwerk_gate_problems(trajectory, to_phase)


@hookimpl
def on_event(event):
    from .route import on_transitioned

    on_transitioned(event)


@hookimpl
def register_admin_views():
    from .admin import admin_views

    return admin_views()


@hookimpl
def register_blueprints():
    from .views import bp

    return [bp]


@hookimpl
def register_reports():
    from .reports import reports

    return reports()


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
    from .views import actions_for

    return actions_for(trajectory)


@hookimpl
def family_panels(family):
    from .views import panels_for

    return panels_for(family)
