"""Inwonerskracht: volunteers, a schaduwwerker and the casuïstiekbijeenkomst alongside another methodology.

An add-on: it registers no methodology and extends the trajectories of the
methodologies named in ``[plugins.inwonerskracht] extends`` through core hooks
only. Hook implementations stay thin; the work lives in the modules.
"""


from gezinsroute import hookimpl
from gezinsroute.plugin_api import package_hooks

PLUGIN_NAME = "inwonerskracht"
# Models, migrations and translations are found by convention (models.MODELS, migrations/, translations/).
register_models, register_migrations, register_translations = package_hooks(__name__)


@hookimpl
def register_config_schema():
    from .config import InwonerskrachtSchema

    return InwonerskrachtSchema


@hookimpl
def register_definitions(deployment):
    from .methodology import definitions

    return definitions(deployment.plugin_config(PLUGIN_NAME))





@hookimpl
def validate_transition(trajectory, to_phase):
    from .config import settings
    from .rules import transition_warnings

    return transition_warnings(trajectory, to_phase, settings())


@hookimpl
def register_admin_views(app):
    from .admin import admin_views

    return admin_views()


@hookimpl
def register_blueprints(app):
    from .views import bp

    return [bp]


@hookimpl
def register_reports(deployment):
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
def trajectory_actions(trajectory, worker):
    from .views import actions_for

    return actions_for(trajectory)


@hookimpl
def family_panels(family, worker):
    from .views import panels_for

    return panels_for(family)
