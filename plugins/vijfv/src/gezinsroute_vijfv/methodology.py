"""The 5V methodology and its definitions (GIZ instrument, cadence rules), as registry data."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from gezinsroute.plugin_api import (
    CadenceRule,
    ContactKind,
    Instrument,
    Methodology,
    Phase,
    contacts,
)

KEY = "vijfv"
PHASES = ("vinden", "bevragen", "verbinden", "volgen", "voltooien")

# Where a family was found (stored in Trajectory.source).
VINDPLAATSEN = {
    "jgz": _l("Youth health care (JGZ)"),
    "voorschool": _l("Preschool / playgroup"),
    "school": _l("School"),
    "organisatie": _l("Other organisation"),
    "voorlichting": _l("Information session"),
    "zelfmelding": _l("Self-registration"),
    "partner": _l("Referral by a partner"),
}

# GIZ (Gezamenlijk Inschatten van Zorgbehoeften): codes only, never licensed item text.
GIZ_KEY = "vijfv.giz"
GIZ_VARIANTS = {
    "korte": _l("Short screening (korte signalering)"),
    "uitgebreide": _l("Extended screening (uitgebreide signalering)"),
    "multidisciplinair": _l("Multidisciplinary screening"),
}
CAF_SIDES = {
    "kind": _l("Child's development"),
    "ouders": _l("Parenting capacities"),
    "gezin_omgeving": _l("Family and environment"),
}
FACTORS_PER_SIDE = 6
FACTOR_VALUES = {"strength": _l("Strength"), "concern": _l("Concern"), "neutral": _l("Neutral")}
CONCLUSIONS = {
    "positieve_bevestiging": _l("Positive confirmation (positieve bevestiging)"),
    "aanvullende_zorg": _l("Additional care (aanvullende zorg)"),
    "urgente_ondersteuning": _l("Urgent support (urgente ondersteuning)"),
}
URGENT = "urgente_ondersteuning"
FACTOR_ITEMS = tuple(f"{side}.f{n}" for side in CAF_SIDES for n in range(1, FACTORS_PER_SIDE + 1))
GIZ_ITEMS = ("variant", *FACTOR_ITEMS, "conclusion")

TRENDS = {"improving": _l("Improving"), "stable": _l("Stable"), "declining": _l("Declining")}
RESULTS = {"achieved": _l("Achieved"), "partly": _l("Partly achieved"), "not_achieved": _l("Not achieved"),
           "not_applicable": _l("Not applicable")}
SATISFACTION = {"satisfied": _l("Satisfied"), "neutral": _l("Neutral"), "dissatisfied": _l("Dissatisfied")}


def giz_outcome(scores: dict) -> str | None:
    """The GIZ outcome is the joint conclusion, agreed with the family, not a computed score."""
    value = scores.get("conclusion")
    return value if value in CONCLUSIONS else None


def methodology() -> Methodology:
    return Methodology(
        key=KEY, label=_l("5V (vinden, bevragen, verbinden, volgen, voltooien)"),
        description=_l("Find families, ask with GIZ, connect to programmes and neighbourhood partners, "
                       "follow progress and complete with an evaluation."),
        phases=(Phase("vinden", _l("Vinden (find)")), Phase("bevragen", _l("beVragen (ask)")),
                Phase("verbinden", _l("Verbinden (connect)")), Phase("volgen", _l("Volgen (follow)")),
                Phase("voltooien", _l("Voltooien (complete)"), closed=True)),
        transitions=(("vinden", "bevragen"), ("bevragen", "verbinden"), ("verbinden", "volgen"),
                     ("volgen", "voltooien"), ("vinden", "voltooien"), ("bevragen", "voltooien"),
                     ("verbinden", "voltooien")),
        single_open_per_family=True,
        responsible_label=_l("Social professional"),
    )


def last_progress_on(trajectory):
    """Date of the latest progress record; the progress cadence counts from it."""
    from .models import Progress

    row = (Progress.select(Progress.recorded_on).where(Progress.trajectory == trajectory.id)
           .order_by(Progress.recorded_on.desc()).first())
    return row.recorded_on if row else None


def entered_phase_on(trajectory, phase: str):
    """When the trajectory last entered ``phase`` (so a cadence starts there, not at the opening)."""
    dates = [c.changed_at.date() for c in trajectory.phase_changes if c.to_phase == phase]
    return max(dates) if dates else trajectory.started_on


def definitions(config: dict) -> list:
    return [
        Instrument(GIZ_KEY, "2014", _l("GIZ (Gezamenlijk Inschatten van Zorgbehoeften)"), items=GIZ_ITEMS,
                   allowed_scores=(*GIZ_VARIANTS, *FACTOR_VALUES, *CONCLUSIONS), outcomes=tuple(CONCLUSIONS),
                   score=giz_outcome, methodologies=(KEY,)),
        ContactKind("vijfv.kennismaking", _l("Introductory visit (kennismaking)"), methodologies=(KEY,)),
        ContactKind("vijfv.volunteer_update", _l("Update from a volunteer"), methodologies=(KEY,), quick=True),
        CadenceRule("vijfv.first_contact", _l("Found family not contacted yet"), methodologies=(KEY,),
                    every_days=config["no_contact_days"], warn_days=min(3, config["no_contact_days"]),
                    once=True, phases=("vinden",), last_done=lambda t: contacts.last_contact_on(t)),
        CadenceRule("vijfv.progress", _l("Progress record due"), methodologies=(KEY,),
                    every_days=config["progress_every_days"], warn_days=min(7, config["progress_every_days"]),
                    phases=("volgen",), last_done=last_progress_on,
                    start=lambda t: entered_phase_on(t, "volgen")),
    ]
