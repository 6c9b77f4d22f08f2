"""The klantroute methodology and its definitions, built from the deployment's configured steps."""

from __future__ import annotations

from gezinsroute.plugin_api import CadenceRule, InvolvementRole, Methodology, Phase
from gezinsroute.plugin_api import lazy_gettext as _l

from .config import CLOSED_STEP, DEFAULT_STEPS, settings

METHODOLOGY = "klantroute"
JIM_ROLE = "klantroute.jim"
STEUNGEZIN_ROLE = "klantroute.steungezin"
PARTNER_ROLE = "klantroute.partner"

STEP_LABELS = {
    "eigen_kracht": _l("Own strength"),
    "eigen_netwerk": _l("Own network"),
    "steungezin_of_jim": _l("Steungezin or JIM"),
    "voorliggend_veld": _l("Voorliggend veld (SMW, CJG, MEE, JIP)"),
    "maatwerk": _l("Maatwerk (team Jeugd en Gezin or SWV arrangement)"),
    CLOSED_STEP: _l("Closed"),
}

ENTRY_POINT_LABELS = {
    "school": _l("School"),
    "cjg": _l("CJG"),
    "smw": _l("School social work (SMW)"),
    "mee": _l("MEE"),
    "jip": _l("JIP (youth information point)"),
    "voorschool": _l("Voorschoolse instelling"),
    "swv": _l("Samenwerkingsverband (SWV)"),
}


def step_label(key: str):
    """A readable label; configured steps without a built-in label show their key."""
    return STEP_LABELS.get(key, key.replace("_", " ").capitalize())


def entry_point_label(key: str):
    return ENTRY_POINT_LABELS.get(key, key.upper())


def route_steps(deployment=None) -> list[str]:
    """The configured open steps, lightest first."""
    return list(settings(deployment).get("steps", DEFAULT_STEPS))


def lighter_steps(to_step: str, deployment=None) -> list[str]:
    steps = route_steps(deployment)
    return steps[:steps.index(to_step)] if to_step in steps else []


def is_lighter(step: str, than: str, deployment=None) -> bool:
    """True when ``step`` comes before ``than`` in the route: moving there is afschalen."""
    steps = route_steps(deployment)
    return step in steps and than in steps and steps.index(step) < steps.index(than)


def build_methodology(deployment) -> Methodology:
    """Every open step may follow every other (up or down), and every step may close the route."""
    steps = route_steps(deployment)
    phases = tuple(Phase(key, step_label(key)) for key in steps) + (Phase(CLOSED_STEP, step_label(CLOSED_STEP),
                                                                          closed=True),)
    transitions = tuple((a, b) for a in steps for b in steps if a != b) + tuple((a, CLOSED_STEP) for a in steps)
    return Methodology(
        key=METHODOLOGY, label=_l("Klantroute onderwijs-jeugd"),
        description=_l("One route owner per family; lighter steps (own strength, network, steungezin, JIM, "
                       "voorliggend veld) before maatwerk."),
        phases=phases, transitions=transitions, single_open_per_family=True,
        responsible_label=_l("Route owner"))


def definitions() -> list:
    from . import jim, steungezin

    return [
        InvolvementRole(JIM_ROLE, _l("JIM (the young person's own mentor)"), kind="informal", professional=False),
        InvolvementRole(STEUNGEZIN_ROLE, _l("Steungezin"), kind="informal", professional=False),
        InvolvementRole(PARTNER_ROLE, _l("Partner in the route"), kind="partner"),
        CadenceRule("klantroute.steungezin_evaluation", _l("Half-year evaluation with both families"),
                    methodologies=(METHODOLOGY,), every_days=183, warn_days=14,
                    last_done=steungezin.last_evaluation_on, start=steungezin.active_since,
                    applies=steungezin.has_active_match),
        CadenceRule("klantroute.jim_evaluation", _l("JIM evaluation"),
                    methodologies=(METHODOLOGY,), every_days=61, warn_days=7,
                    last_done=jim.last_evaluation_on, start=jim.active_since, applies=jim.has_active_jim),
    ]
