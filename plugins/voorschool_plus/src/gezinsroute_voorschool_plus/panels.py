"""What the plugin adds to the core dossier: a link to the care line and a panel per family."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from gezinsroute.plugin_api import Action, Member, Panel, Statement, Trajectory, param
from markupsafe import Markup, escape

from .methodology import SLUG
from .models import CareLine, Location


def actions(trajectory) -> list[Action]:
    if trajectory.methodology != SLUG:
        return []
    return [Action(_l("Care line"), url_for("voorschool_plus.care_line", trajectory_id=trajectory.id), primary=True)]


# the family's care lines with the child and the location (no query per care line), compiled once:
# the panel is on every dossier read
CARE_LINES = Statement(lambda: (
    CareLine.select(CareLine.id, CareLine.trajectory, CareLine.child, CareLine.location, Trajectory.id,
                    Trajectory.phase, Member.id, Member.given_name, Member.family_name, Location.id, Location.name)
    .join(Trajectory, on=(CareLine.trajectory == Trajectory.id))
    .switch(CareLine).join(Member, on=(CareLine.child == Member.id))
    .switch(CareLine).join(Location, on=(CareLine.location == Location.id))
    .where(Trajectory.family == param("family")).order_by(CareLine.enrolled_on.desc())))


def family_panel(family) -> list[Panel]:
    """The family's care lines with their phase and group, and a link to enrol a child."""
    items = []
    for row in CARE_LINES.execute(family=family.id):
        link = url_for("voorschool_plus.care_line", trajectory_id=row.trajectory_id)
        items.append(Markup('<li><a href="{}">{} {}</a> · {} · {}</li>').format(
            link, row.child.given_name, row.child.family_name, row.trajectory.phase, row.location.name))
    enrol = url_for("voorschool_plus.enrol", family_id=family.id)
    html = Markup("<ul>{}</ul>").format(Markup("").join(items)) if items else Markup("")
    html += Markup('<p><a href="{}">{}</a></p>').format(enrol, escape(_("Enrol a child in (voor)school Plus")))
    return [Panel(_l("(Voor)school Plus"), html, order=40)]
