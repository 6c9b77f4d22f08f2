"""The 5V section on the family dossier: step, vindplaats, GIZ conclusion, programmes, pairings."""

from __future__ import annotations

from flask_babel import gettext as _
from gezinsroute.plugin_api import Panel, Referral, Trajectory, assessments, registry
from markupsafe import Markup, escape

from . import config
from .methodology import CONCLUSIONS, GIZ_KEY, KEY, VINDPLAATSEN
from .models import Pairing


def family_panel(family) -> Panel | None:
    trajectories = list(Trajectory.select().where((Trajectory.family == family.id) & (Trajectory.methodology == KEY))
                        .order_by(Trajectory.started_on.desc()))
    if not trajectories:
        return None
    items = [_trajectory_item(t) for t in trajectories]
    return Panel(_("5V"), Markup("<ul>") + Markup("").join(items) + Markup("</ul>"), order=40)


def _trajectory_item(t: Trajectory) -> Markup:
    definition = registry().methodology(KEY)
    giz = assessments.latest(t, GIZ_KEY)
    programmes = config.programmes()
    names = [programmes.get(r.programme, {}).get("name") or r.partner.name
             for r in t.referrals.order_by(Referral.proposed_on)]
    pairings = [f"{p.child.given_name} – {p.volunteer_name}"
                for p in Pairing.select().where((Pairing.trajectory == t.id) & Pairing.ended_on.is_null())]
    vindplaats, connected, paired = _("Vindplaats"), _("Connected to"), _("Volunteer pairings")
    parts = [
        f"{definition.phase(t.phase).label} ({t.started_on.isoformat()})",
        f"{vindplaats}: {VINDPLAATSEN.get(t.source, '-')}",
        f"GIZ: {CONCLUSIONS.get(giz.outcome, '-') if giz else '-'}",
        f"{connected}: {', '.join(names) or '-'}",
        f"{paired}: {', '.join(pairings) or '-'}",
    ]
    link = Markup('<a href="/{0}/trajectory/{1}">{2}</a>').format(KEY, t.id, _("5V worksheet"))
    return Markup("<li>") + escape(" · ".join(str(p) for p in parts)) + Markup(" ") + link + Markup("</li>")
