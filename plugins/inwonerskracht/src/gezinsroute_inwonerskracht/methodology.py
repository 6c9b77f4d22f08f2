"""Definitions the add-on contributes to the methodologies it extends (config ``extends``).

The add-on registers no methodology of its own: every definition names the
extended methodologies, which is how it attaches to their trajectories without
importing their plugin.
"""

from __future__ import annotations

import datetime as dt

from flask_babel import lazy_gettext as _l
from gezinsroute.plugin_api import CadenceRule, ContactKind, InvolvementRole, Meeting, MeetingKind, contacts
from peewee import fn

from gezinsroute_inwonerskracht.models import HelpQuestion, Match

CASUISTIEK = "inwonerskracht.casuistiek"
REFLECTION = "inwonerskracht.reflectie"
GUIDANCE = "inwonerskracht.guidance"
VOLUNTEER_ROLE = "inwonerskracht.volunteer"
SCHADUWWERKER_ROLE = "inwonerskracht.schaduwwerker"
SAFETY_SIGNAL = "inwonerskracht.safety"


def participates(trajectory) -> bool:
    """A trajectory joins the volunteer approach once the family formulated a help question."""
    return HelpQuestion.select().where(HelpQuestion.trajectory == trajectory.id).exists()


def last_casuistiek_on(trajectory) -> dt.date | None:
    """The casuïstiekbijeenkomst is deployment-wide: its last date counts for every trajectory."""
    return Meeting.select(fn.MAX(Meeting.held_on)).where(Meeting.kind == CASUISTIEK).scalar()


def first_match_on(trajectory) -> dt.date:
    started = Match.select(fn.MIN(Match.started_on)).where(
        (Match.trajectory == trajectory.id) & Match.ended_on.is_null()).scalar()
    return started or trajectory.started_on


def has_active_match(trajectory) -> bool:
    return Match.select().where((Match.trajectory == trajectory.id) & Match.ended_on.is_null()).exists()


def definitions(config: dict) -> list:
    extends = tuple(config["extends"])
    return [
        MeetingKind(CASUISTIEK, _l("Casuïstiekbijeenkomst"), methodologies=extends),
        MeetingKind(REFLECTION, _l("Reflection with the schaduwwerker"), methodologies=extends),
        ContactKind(GUIDANCE, _l("Guidance of volunteer by gezinsmanager"), methodologies=extends),
        InvolvementRole(VOLUNTEER_ROLE, _l("Volunteer"), kind="informal", professional=False),
        InvolvementRole(SCHADUWWERKER_ROLE, _l("Schaduwwerker")),
        # Deployment-level cadence, kept on each participating trajectory: the stored due
        # date then shows on the gezinsmanager's own signal list (see README).
        CadenceRule(CASUISTIEK, _l("Casuïstiekbijeenkomst due"), methodologies=extends,
                    every_days=config["casuistiek_every_days"], warn_days=7,
                    last_done=last_casuistiek_on, applies=participates),
        # R23: the gezinsmanager guides the volunteers in the family.
        CadenceRule(GUIDANCE, _l("Volunteer guidance contact due"), methodologies=extends,
                    every_days=config["guidance_every_days"], warn_days=7,
                    last_done=lambda t: contacts.last_contact_on(t, (GUIDANCE,)),
                    start=first_match_on, applies=has_active_match),
    ]
