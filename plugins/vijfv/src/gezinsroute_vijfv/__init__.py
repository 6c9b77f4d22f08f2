"""Gezinsroute plugin ``vijfv``: the 5V way of working (vinden, bevragen, verbinden, volgen, voltooien).

Hook implementations stay thin; the work lives in one module per concept.
"""


from gezinsroute import hookimpl
from gezinsroute.plugin_api import package_hooks

PLUGIN_NAME = "vijfv"
# Models, migrations and translations are found by convention (models.MODELS, migrations/, translations/).
register_models, register_migrations, register_translations = package_hooks(__name__)


@hookimpl
def register_config_schema():
    from .config import VijfvConfigSchema

    return VijfvConfigSchema


@hookimpl
def register_methodologies():
    from .methodology import methodology

    return [methodology()]


@hookimpl
def register_definitions(deployment):
    from .methodology import definitions

    return definitions(deployment.plugin_config(PLUGIN_NAME) or _defaults())


def _defaults() -> dict:
    from .config import VijfvConfigSchema

    return VijfvConfigSchema().load({})





@hookimpl
def validate_transition(trajectory, from_phase, to_phase):
    from .rules import transition_problems

    return transition_problems(trajectory, from_phase, to_phase)


@hookimpl
def on_event(event):
    """An urgent GIZ conclusion raises a high-priority signal, whatever path recorded the GIZ."""
    from .methodology import GIZ_KEY, URGENT

    if event.name == "assessment.recorded" and event.data.get("instrument") == GIZ_KEY \
            and event.data.get("outcome") == URGENT:
        from gezinsroute.plugin_api import Trajectory

        from .services import raise_urgent_signal

        raise_urgent_signal(Trajectory.get_by_id(event.trajectory_id), event.data["assessment_id"])


@hookimpl
def register_admin_views():
    from .admin import views

    return views()


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
    if trajectory.methodology != PLUGIN_NAME:
        return []
    from flask_babel import lazy_gettext as _l
    from gezinsroute.plugin_api import Action

    return [Action(_l("5V worksheet"), f"/{PLUGIN_NAME}/trajectory/{trajectory.id}", primary=True)]


@hookimpl
def family_panels(family):
    from .panels import family_panel

    panel = family_panel(family)
    return [panel] if panel else []
