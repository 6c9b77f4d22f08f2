"""The 5V section on the family dossier: step, vindplaats, GIZ conclusion, programmes, pairings."""

from __future__ import annotations

from collections import defaultdict

from flask_babel import gettext as _
from gezinsroute.plugin_api import (
    Member,
    Panel,
    Partner,
    Referral,
    Statement,
    Trajectory,
    assessments,
    param,
    registry,
    trajectories,
)
from markupsafe import Markup, escape

from . import config
from .methodology import CONCLUSIONS, GIZ_KEY, KEY, VINDPLAATSEN
from .models import Pairing


def _ours():
    """The family's 5V trajectories, as a subquery (a statement's placeholder holds no list of ids)."""
    return Trajectory.select(Trajectory.id).where((Trajectory.family == param("family"))
                                                  & (Trajectory.methodology == KEY))


# The panel's reads, on every dossier read: compiled once, each for all the family's 5V trajectories.
REFERRALS = Statement(lambda: (
    Referral.select(Referral.trajectory, Referral.programme, Partner.id, Partner.name)
    .join(Partner, on=(Referral.partner == Partner.id))
    .where(Referral.trajectory.in_(_ours())).order_by(Referral.proposed_on, Referral.id)))
PAIRINGS = Statement(lambda: (
    Pairing.select(Pairing.trajectory, Pairing.volunteer_name, Member.id, Member.given_name)
    .join(Member, on=(Pairing.child == Member.id))
    .where(Pairing.trajectory.in_(_ours()) & Pairing.ended_on.is_null()).order_by(Pairing.id)))


def family_panel(family) -> Panel | None:
    ours = [t for t in trajectories.of_family(family) if t.methodology == KEY]  # newest first
    if not ours:
        return None
    # each of these in one query for all the family's 5V trajectories
    giz = assessments.latest_in_family(family, [GIZ_KEY])
    names = defaultdict(list)
    programmes = config.programmes()
    for r in REFERRALS.execute(family=family.id):
        names[r.trajectory_id].append(programmes.get(r.programme, {}).get("name") or r.partner.name)
    pairings = defaultdict(list)
    for p in PAIRINGS.execute(family=family.id):
        pairings[p.trajectory_id].append(f"{p.child.given_name} – {p.volunteer_name}")
    items = [_trajectory_item(t, giz.get((t.id, GIZ_KEY)), names[t.id], pairings[t.id]) for t in ours]
    return Panel(_("5V"), Markup("<ul>") + Markup("").join(items) + Markup("</ul>"), order=40)


def _trajectory_item(t: Trajectory, giz, names: list[str], pairings: list[str]) -> Markup:
    definition = registry().methodology(KEY)
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
