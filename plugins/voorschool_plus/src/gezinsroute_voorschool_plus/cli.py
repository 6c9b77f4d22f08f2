"""``gezinsroute voorschool_plus sync-locations``: bring the locations table in line with the deployment file."""

from __future__ import annotations

import click


@click.command("sync-locations")
def sync_locations_command():
    """Create or update the (voor)school Plus locations listed in [plugins.voorschool_plus]."""
    from gezinsroute.plugin_api import ValidationFailed, current_runtime

    from .locations import sync_locations

    rt = current_runtime()
    if rt.database is None:
        rt.connect()
    try:
        count = sync_locations(rt.deployment.plugin_config("voorschool_plus"))
    except ValidationFailed as exc:
        raise click.ClickException("; ".join(f"{p.field}: {p.message}" for p in exc.problems)) from None
    click.echo(f"{count} location(s) synchronised")


def commands() -> list:
    return [sync_locations_command]
