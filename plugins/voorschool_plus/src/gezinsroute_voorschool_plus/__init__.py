"""(Voor)school Plus: Jens' care line for one child, from peuterwerk through primary school to BSO plus.

The hooks stay thin; each concept lives in its own module.
"""


from gezinsroute import hookimpl
from gezinsroute.plugin_api import package_hooks

PLUGIN_NAME = "voorschool_plus"
# Models, migrations and translations are found by convention (models.MODELS, migrations/, translations/).
register_models, register_migrations, register_translations = package_hooks(__name__)


@hookimpl
def register_config_schema():
    from .config import VoorschoolPlusConfig

    return VoorschoolPlusConfig


@hookimpl
def register_methodologies():
    from .methodology import methodology

    return [methodology()]


@hookimpl
def register_definitions(deployment):
    from .config import VoorschoolPlusConfig
    from .methodology import definitions

    return definitions(deployment.plugin_config(PLUGIN_NAME) or VoorschoolPlusConfig().load({}))





@hookimpl
def validate_transition(trajectory, to_phase):
    from .rules import validate_transition as check

    return check(trajectory, to_phase)


@hookimpl
def validate_plan(plan):
    from .rules import validate_plan as check

    return check(plan)


@hookimpl
def register_admin_views():
    from .admin import admin_views

    return admin_views()


@hookimpl
def register_blueprints():
    from .views import bp

    return [bp]


@hookimpl
def register_cli_commands():
    from .cli import commands

    return commands()


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
    from .panels import actions

    return actions(trajectory)


@hookimpl
def family_panels(family):
    from .panels import family_panel

    return family_panel(family)
