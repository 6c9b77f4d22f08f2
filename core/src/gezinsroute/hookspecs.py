"""The hook specifications: the single source of truth for what plugins can do.

Every hook is documented here (summary, arguments, return value) and, with its
exact signature, in ``docs/hooks.md``; every hook has a ``test_hook_<name>``
test in ``tests/test_hooks.py``. Meta-tests enforce both.

Rules: hook implementations take any subset of the arguments, by name, and never
give an argument a default value (pluggy would silently not pass it). Hooks return
data; the core validates it once at startup. Plugin order in the deployment file
is priority: the first listed plugin's implementation is called first.
"""

import pluggy

hookspec = pluggy.HookspecMarker("gezinsroute")
hookimpl = pluggy.HookimplMarker("gezinsroute")


@hookspec
def register_config_schema():
    """Return the marshmallow ``Schema`` class that validates ``[plugins.<slug>]``.

    Called once when the deployment file is loaded, before anything touches the
    database. Unknown keys and wrong values abort startup with the file, key and
    reason. Return ``None`` if the plugin takes no settings.
    """


@hookspec
def register_methodologies(deployment):
    """Return a list of :class:`gezinsroute.registry.Methodology` objects.

    A methodology is a way of working: its phases, which transitions are allowed
    and whether a family may have more than one open trajectory of it.

    :param deployment: the validated :class:`gezinsroute.deployment.Deployment`;
        read your settings with ``deployment.plugin_config("<slug>")``.
    """


@hookspec
def register_definitions(deployment):
    """Return a list of definitions the plugin contributes.

    Each item is one of :class:`PlanKind`, :class:`Instrument`, :class:`MeetingKind`,
    :class:`ContactKind`, :class:`InvolvementRole`, :class:`Role`,
    :class:`EscalationLadder` or :class:`CadenceRule` (all in
    :mod:`gezinsroute.registry`). Keys must start with ``<slug>.``. Definitions
    may name the methodologies they apply to; an add-on plugin names another
    plugin's methodology here, which is how it extends it without importing it.

    :param deployment: the validated deployment.
    """


@hookspec
def register_models():
    """Return the list of the plugin's peewee model classes.

    Models subclass :class:`gezinsroute.db.BaseModel`, their tables start with
    ``<slug>_`` and they never alter core tables (foreign keys to core tables are fine).
    """


@hookspec
def register_migrations():
    """Return the directory (``str`` or ``Path``) holding the plugin's migration scripts.

    Scripts are ``NNNN_name.py`` files with ``up(migrator, db)`` in the format of
    ``playhouse.migrations``; history is kept in ``<slug>_schema_migration``.
    ``gezinsroute db upgrade`` runs them; the app never migrates on start.
    """


@hookspec
def register_translations():
    """Return the directory holding ``<locale>/LC_MESSAGES/<slug>.mo`` catalogues.

    The catalogues are merged into the application's translations; the domain is
    the plugin slug. Return ``None`` if the plugin has no translations.
    """


@hookspec
def validate_transition(trajectory, from_phase, to_phase, worker):
    """Return problems that refuse (or warn about) a phase transition.

    Called inside the transition's transaction, before anything is written. Return
    a list of strings or :class:`gezinsroute.errors.Problem` objects (severity
    ``"warning"`` informs without refusing), or an empty list. Every plugin is
    asked; ignore trajectories of methodologies you do not handle. A refused
    transition changes nothing.

    :param trajectory: the :class:`Trajectory` (still in ``from_phase``).
    :param from_phase: the current phase key.
    :param to_phase: the requested phase key.
    :param worker: the :class:`Worker` asking, or ``None`` for the system.
    """


@hookspec
def validate_plan(plan, worker):
    """Return problems that refuse (or warn about) agreeing a plan version.

    Called when a draft plan is about to be agreed (after which it is immutable).
    Same return convention as :func:`validate_transition`.

    :param plan: the draft :class:`Plan`, with its goals and signatures saved.
    :param worker: the :class:`Worker` agreeing it, or ``None``.
    """


@hookspec
def on_event(event):
    """React to something that happened, after it was committed.

    Called once per event after the transaction that produced it committed, so a
    failure here never undoes the change. Return value is ignored.

    :param event: a :class:`gezinsroute.events.Event` with ``name`` (e.g.
        ``"trajectory.transitioned"``), ``family_id``, ``trajectory_id`` and ``data``.
    """


@hookspec
def register_admin_views(app):
    """Return Flask-Admin views (instances) for the plugin's data.

    Views subclass ``gezinsroute_admin.SecureModelView`` or ``SecureView`` and have
    an endpoint starting with ``<slug>_``.

    :param app: the Flask application.
    """


@hookspec
def register_blueprints(app):
    """Return Flask blueprints; each is named ``<slug>`` and mounted at ``/<slug>``.

    :param app: the Flask application.
    """


@hookspec
def register_cli_commands():
    """Return click commands; they are mounted under ``gezinsroute <slug> ...``."""


@hookspec
def register_reports(deployment):
    """Return a list of :class:`gezinsroute.registry.Report` objects.

    Reports run with ``gezinsroute report <key>`` and on the reports screen.

    :param deployment: the validated deployment.
    """


@hookspec
def populate_demo_data(demo):
    """Add this plugin's synthetic data for the demo families.

    Called by ``gezinsroute demo-data`` after the core has created municipalities,
    teams, workers, partners and families. Use ``demo.fake`` (Faker ``nl_NL``,
    seeded), ``demo.random`` (seeded) and ``demo.families``; never real people.

    :param demo: a :class:`gezinsroute.demo.DemoContext`.
    """


@hookspec
def populate_bulk_data(chunk):
    """Add this plugin's rows for one chunk of a national-size synthetic load.

    Called by ``gezinsroute demo-data --size S|M|L`` once per chunk of about 5,000 families,
    inside the chunk's transaction, after the core wrote its rows (families, members,
    trajectories of every methodology, contacts, ...). Write set-based ``INSERT … SELECT``
    statements with ``chunk.execute(table, sql)`` that derive your rows from the chunk's
    trajectories of your methodology (``t.id BETWEEN %(lo)s AND %(hi)s``); use
    ``chunk.random(...)`` for seeded randomness and ``chunk.add_days(...)`` for dates, so the
    same text runs on SQLite and PostgreSQL. ``chunk.index == 0`` is the moment to create
    reference rows once. Rows written here get no audit entry of their own.

    :param chunk: a :class:`gezinsroute.bulk.BulkChunk`.
    """


@hookspec
def trajectory_actions(trajectory, worker):
    """Return :class:`gezinsroute.registry.Action` items offered on a trajectory's screen.

    Called when the dossier shows a trajectory; offer actions only for
    trajectories your plugin handles (or extends).

    :param trajectory: the :class:`Trajectory` shown.
    :param worker: the :class:`Worker` looking at it (already allowed to see it).
    """


@hookspec
def family_panels(family, worker):
    """Return :class:`gezinsroute.registry.Panel` sections for the family dossier.

    Use this to show the plugin's own records (for example a volunteer match or
    a group placement) next to the core timeline. Escape what you render.

    :param family: the :class:`Family` shown (the read is already audited).
    :param worker: the :class:`Worker` looking at it.
    """
