"""The ``gezinsroute`` command. The deployment comes from ``-d FILE`` or ``GEZINSROUTE_DEPLOYMENT``.

Plugins are loaded only when a command needs the deployment; a plugin's own
commands are mounted under ``gezinsroute <slug> ...``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import __version__
from .deployment import ENV_VAR
from .errors import ConfigError, PluginHookError, StartupError


class State:
    def __init__(self, deployment_path):
        self.deployment_path = deployment_path
        self._rt = None

    def runtime(self, connect: bool = True):
        from .runtime import boot

        if self._rt is None:
            self._rt = boot(self.deployment_path)
        if connect and self._rt.database is None:
            self._rt.connect()
        return self._rt


class GezinsrouteGroup(click.Group):
    """Adds the enabled plugins' command groups once the deployment is known."""

    def _plugin_group(self, ctx, name):
        path = ctx.params.get("deployment") if ctx.params else None
        import os

        if not (path or os.environ.get(ENV_VAR)):
            return None
        try:
            rt = State(path).runtime(connect=False)
        except (ConfigError, StartupError):
            return None
        for plugin, commands in rt.call("register_cli_commands"):
            if plugin == name:
                group = click.Group(name=plugin, help=f"Commands of the {plugin} plugin.")
                for command in commands:
                    group.add_command(command)
                return group
        return None

    def get_command(self, ctx, cmd_name):
        return super().get_command(ctx, cmd_name) or self._plugin_group(ctx, cmd_name)


def fail(message: str, code: int = 1):
    click.echo(click.style("error: ", fg="red") + message, err=True)
    sys.exit(code)


def run_guarded(func):
    """Turn configuration and plugin errors into a clear message and a non-zero exit."""
    import functools

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except ConfigError as exc:
            fail("invalid deployment\n" + str(exc), 2)
        except (StartupError, PluginHookError) as exc:
            fail(str(exc), 3)

    return wrapper


@click.group(cls=GezinsrouteGroup)
@click.option("-d", "--deployment", type=click.Path(dir_okay=False), envvar=ENV_VAR,
              help=f"Deployment file (or set {ENV_VAR}).")
@click.version_option(__version__, prog_name="gezinsroute")
@click.pass_context
def main(ctx, deployment):
    """Gezinsroute: families, trajectories and partners, with methodologies as plugins."""
    ctx.obj = State(deployment)


@main.command()
@click.pass_obj
@run_guarded
def check(state):
    """Validate the deployment file and its plugins (writes nothing)."""
    rt = state.runtime(connect=False)
    reg = rt.registry
    click.echo(f"{rt.deployment.path}: ok")
    click.echo(f"  plugins: {', '.join(rt.deployment.plugins) or '-'}")
    click.echo(f"  methodologies: {', '.join(reg.methodologies) or '-'}")
    click.echo(f"  municipalities: {len(rt.deployment.municipalities)}, areas: "
               f"{sum(len(m['areas']) for m in rt.deployment.municipalities)}, partners: {len(rt.deployment.partners)}")
    click.echo(f"  cadence rules: {len(reg.cadence_rules)}, reports: {len(reg.reports)}")


@main.command()
@click.option("--all", "show_all", is_flag=True, help="List every installed plugin, enabled or not.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
@run_guarded
def plugins(state, show_all, as_json):
    """List the deployment's plugins with versions and the hooks they implement."""
    from .plugins import installed_plugins, plugin_info

    if show_all:
        rows = [{"name": n, "distribution": d, "version": v} for n, d, v in installed_plugins()]
    else:
        rt = state.runtime(connect=False)
        rows = plugin_info(rt.pm, rt.deployment.plugins)
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    for row in rows:
        hooks = f"  hooks: {', '.join(row['hooks'])}" if "hooks" in row else ""
        click.echo(f"{row['name']:<18} {row['distribution'] or '?':<30} {row['version'] or '?':<10}{hooks}")


@main.group()
def db():
    """Database migrations (per source: core, then each plugin)."""


@db.command("status")
@click.pass_obj
@run_guarded
def db_status(state):
    """Show applied and pending migrations of every source."""
    from . import migrate

    rt = state.runtime()
    for source, name, applied in migrate.status(rt, rt.database):
        mark = applied.strftime("%Y-%m-%d %H:%M") if applied else "PENDING"
        click.echo(f"{source:<18} {name:<40} {mark}")


@db.command("upgrade")
@click.option("--plugin", help="Only this plugin (and the core).")
@click.pass_obj
@run_guarded
def db_upgrade(state, plugin):
    """Apply pending migrations, then synchronise the deployment's reference data."""
    from . import migrate, reference

    rt = state.runtime()
    done = migrate.upgrade(rt, rt.database, plugin=plugin)
    for source, name in done:
        click.echo(f"applied {source}:{name}")
    click.echo(f"{len(done)} migration(s) applied")
    counts = reference.sync(rt.deployment)
    click.echo("reference data: " + ", ".join(f"{v} {k}" for k, v in counts.items()))


@db.command("new")
@click.option("--source", "source_name", required=True, help="'core' or a plugin slug.")
@click.option("-m", "--message", default="migration")
@click.option("--initial", is_flag=True, help="Write a frozen CREATE TABLE snapshot of the source's models.")
@click.pass_obj
@run_guarded
def db_new(state, source_name, message, initial):
    """Write a new numbered migration script for a source."""
    from . import migrate
    from .models import CORE_MODELS

    rt = state.runtime()
    source = next((s for s in migrate.sources(rt) if s.name == source_name), None)
    if source is None:
        fail(f"unknown source '{source_name}'")
    body = None
    if initial:
        models = CORE_MODELS if source_name == "core" else rt.plugin_models().get(source_name, [])
        body = migrate.render_initial_migration(models, message)
    path = migrate.runner(rt.database, source).create(message, body=body)
    click.echo(f"wrote {path}")


@main.command("demo-data")
@click.option("--families", default=40, show_default=True, type=click.IntRange(1, 100000))
@click.option("--seed", default=2026, show_default=True)
@click.option("--if-empty", is_flag=True, help="Do nothing (and succeed) when families exist already.")
@click.option("--size", type=click.Choice(["XS", "S", "M", "L"], case_sensitive=False),
              help="Bulk-load a national-size synthetic population instead of the small demo: "
                   "XS 200, S 10k, M 400k, L 1M families (about 2.5 trajectories each).")
@click.pass_obj
@run_guarded
def demo_data(state, families, seed, if_empty, size):
    """Fill the deployment with synthetic Dutch families (Faker nl_NL, test BSNs)."""
    from . import demo, migrate
    from .context import SYSTEM, acting_as
    from .models import Family

    rt = state.runtime()
    if migrate.pending(rt, rt.database):
        fail("migrations are pending: run `gezinsroute db upgrade` first")
    if Family.select().exists():
        if if_empty:
            click.echo("demo data present; nothing to do")
            return
        fail("this database already holds families; demo data goes into an empty deployment")
    if size:
        from . import bulk

        result = bulk.generate(rt, size=size, seed=seed, echo=click.echo)
        click.echo(f"loaded {result.families:,} families, {result.counts['trajectory']:,} trajectories, "
                   f"{sum(result.counts.values()):,} rows in {result.seconds:.1f} s")
        return
    with acting_as(SYSTEM), click.progressbar(length=len(rt.deployment.plugins) + 1,
                                              label="demo data") as bar:
        demo.generate(rt, families=families, seed=seed, progress=lambda *_: bar.update(1))
    click.echo(f"created {families} families; demo login password: {demo.DEMO_PASSWORD}")


@main.command("create-user")
@click.argument("username")
@click.option("--name", "full_name", required=True)
@click.option("--role", "roles", multiple=True, required=True, help="Repeat for several roles.")
@click.option("--team", help="Team key.")
@click.option("--email")
@click.password_option()
@click.pass_obj
@run_guarded
def create_user(state, username, full_name, roles, team, email, password):
    """Create a worker account."""
    from .models import Team, Worker, WorkerRole
    from .passwords import hash_password

    rt = state.runtime()
    unknown = [r for r in roles if r not in rt.registry.roles]
    if unknown:
        fail(f"unknown role(s): {', '.join(unknown)} (known: {', '.join(sorted(rt.registry.roles))})")
    if Worker.get_or_none(Worker.username == username):
        fail(f"user '{username}' already exists")
    team_row = Team.get_or_none(Team.key == team) if team else None
    if team and team_row is None:
        fail(f"unknown team '{team}'")
    try:
        password_hash = hash_password(password)
    except ValueError as exc:
        fail(str(exc))
    with rt.database.atomic():
        worker = Worker.create(username=username, full_name=full_name, email=email, team=team_row,
                               password_hash=password_hash)
        for role in roles:
            WorkerRole.create(worker=worker, role=role)
    click.echo(f"created {username} ({', '.join(roles)})")


@main.command()
@click.argument("key", required=False)
@click.option("--period", help="2026, 2026-H1, 2026-Q3, 2026-05 or 2026-01-01..2026-06-30")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table")
@click.pass_obj
@run_guarded
def report(state, key, period, fmt):
    """Run a report (without KEY: list the reports)."""
    from .reports import Period

    rt = state.runtime()
    reports = rt.registry.reports
    if not key:
        for k, r in sorted(reports.items()):
            click.echo(f"{k:<36} {r.label}")
        return
    if key not in reports:
        fail(f"unknown report '{key}' (known: {', '.join(sorted(reports))})")
    try:
        parsed = Period.parse(period)
    except ValueError:
        fail(f"cannot read period '{period}'")
    table = reports[key].run(parsed, rt.deployment)
    _print_table(table, fmt)


def _print_table(table, fmt):
    if fmt == "json":
        click.echo(json.dumps({"title": table.title, "rows": table.as_dicts(), "notes": table.notes},
                              indent=2, default=str))
        return
    if fmt == "csv":
        import csv

        writer = csv.writer(sys.stdout)
        writer.writerow(table.columns)
        writer.writerows(table.rows)
        return
    click.echo(table.title)
    widths = [max(len(str(c)), *(len(str(r[i])) for r in table.rows)) if table.rows else len(str(c))
              for i, c in enumerate(table.columns)]
    click.echo("  ".join(str(c).ljust(w) for c, w in zip(table.columns, widths)))
    for row in table.rows:
        click.echo("  ".join(str(v).ljust(w) for v, w in zip(row, widths)))
    for note in table.notes:
        click.echo(f"  {note}")


@main.group("api-token")
def api_token():
    """API tokens for other systems (shown once; stored only as a hash)."""


@api_token.command("create")
@click.argument("username")
@click.option("--name", required=True, help="What the token is for, e.g. the client system.")
@click.option("--days", default=90, show_default=True, type=click.IntRange(1, 730))
@click.pass_obj
@run_guarded
def api_token_create(state, username, name, days):
    """Create a token that acts as worker USERNAME; prints it once."""
    from .api.tokens import create_token
    from .errors import ValidationFailed
    from .models import Worker

    state.runtime()
    worker = Worker.get_or_none(Worker.username == username)
    if worker is None:
        fail(f"unknown user '{username}'")
    try:
        plaintext = create_token(worker, name, days)
    except ValidationFailed as exc:
        fail("; ".join(str(p.message) for p in exc.problems))
    click.echo(plaintext)
    click.echo(f"(valid {days} days; store it now, it cannot be shown again)", err=True)


@api_token.command("list")
@click.pass_obj
@run_guarded
def api_token_list(state):
    """List tokens: id, worker, name, created, last used, status."""
    from .api.tokens import ApiToken

    state.runtime()
    for token in ApiToken.select().order_by(ApiToken.id):
        status = "revoked" if token.revoked_at else ("active" if token.is_active else "expired")
        last = token.last_used_at.strftime("%Y-%m-%d %H:%M") if token.last_used_at else "-"
        click.echo(f"{token.id:<5} {token.worker.username:<20} {token.name:<30} "
                   f"{token.created_at:%Y-%m-%d}  {last:<16} {status}")


@api_token.command("revoke")
@click.argument("token_id", type=int)
@click.pass_obj
@run_guarded
def api_token_revoke(state, token_id):
    """Revoke a token at once."""
    from .api.tokens import revoke
    from .errors import NotFound

    state.runtime()
    try:
        revoke(token_id)
    except NotFound:
        fail(f"no API token {token_id}")
    click.echo(f"token {token_id} revoked")


@main.group()
def signals():
    """Due and overdue signals."""


@signals.command("escalate")
@click.pass_obj
@run_guarded
def signals_escalate(state):
    """Move unanswered signals up their escalation ladder (run daily)."""
    from .services.signals import escalate_due

    state.runtime()
    click.echo(f"{escalate_due()} signal(s) escalated")


@signals.command("refresh")
@click.pass_obj
@run_guarded
def signals_refresh(state):
    """Recompute the cadence signals of every open trajectory."""
    from .models import Trajectory
    from .services.signals import refresh

    state.runtime()
    query = Trajectory.select().where(Trajectory.ended_on.is_null())
    with click.progressbar(query.iterator(), length=query.count(), label="trajectories") as rows:
        for trajectory in rows:
            refresh(trajectory)


@main.group()
def audit():
    """The NEN 7513 audit log."""


@audit.command("verify")
@click.pass_obj
@run_guarded
def audit_verify(state):
    """Verify the audit log's hash chain; exits 1 if an entry was edited or removed."""
    from .services.audit import verify_chain

    state.runtime()
    ok, count, reason = verify_chain()
    click.echo(f"{count} entries checked: {reason}")
    if not ok:
        sys.exit(1)


@main.command("new-plugin")
@click.argument("name")
@click.option("--title", help="Human name of the methodology.")
@click.option("--into", "target", type=click.Path(file_okay=False), default=".", show_default=True,
              help="Directory to write the plugin into.")
def new_plugin(name, title, target):
    """Write a new, installable methodology plugin NAME (with passing tests)."""
    from .scaffold import render

    try:
        root = render(name, Path(target), title)
    except (ValueError, FileExistsError) as exc:
        fail(str(exc))
    click.echo(f"wrote {root}")
    click.echo(f"next: pip install -e {root} && add \"{name}\" to a deployment's plugins, "
               f"then run pytest {root}/tests")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True)
@click.option("--workers", default=2, show_default=True)
@click.pass_obj
@run_guarded
def serve(state, host, port, workers):
    """Serve the deployment with gunicorn (a production WSGI server)."""
    from gunicorn.app.base import BaseApplication

    from .app import create_app

    rt = state.runtime()
    app = create_app(rt)

    class Server(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("worker_class", "gthread")
            self.cfg.set("threads", 4)
            self.cfg.set("accesslog", "-")

        def load(self):
            return app

    click.echo(f"serving {rt.deployment.name} on http://{host}:{port}/")
    Server().run()


if __name__ == "__main__":  # pragma: no cover
    main()
