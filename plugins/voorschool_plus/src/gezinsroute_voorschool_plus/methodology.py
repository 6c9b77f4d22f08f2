"""Definitions: the care line of one child and what the plugin registers.

The care line follows the child through the facilities of one BMV (brede
maatschappelijke voorziening): peuterwerk from age 2, the primary school and, if
needed, the BSO-plus group, with the same Jens worker in the group and at home.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from gezinsroute.plugin_api import CadenceRule, ContactKind, Methodology, Phase, PlanKind, plans

SLUG = "voorschool_plus"
ZORGPLAN = "voorschool_plus.zorgplan"
BRENG_HAAL = "voorschool_plus.breng_haal"
HOME_VISIT = "voorschool_plus.huisbezoek"
EVALUATION_RULE = "voorschool_plus.zorgplan_evaluatie"
MIX_SIGNAL = "voorschool_plus.mix"

PEUTERWERK, BASISSCHOOL, BSO_PLUS, AFGESLOTEN = "peuterwerk", "basisschool", "bso_plus", "afgesloten"

# Group kind a child is placed in during each phase.
GROUP_KIND_FOR_PHASE = {PEUTERWERK: "peuterwerk", BASISSCHOOL: "school_class", BSO_PLUS: "bso_plus"}
GROUP_KINDS = {
    "peuterwerk": _l("Peuterwerk group"),
    "school_class": _l("School class"),
    "bso_plus": _l("BSO-plus group"),
}
# Partner kinds that may receive the handover for a move into a phase.
HANDOVER_PARTNER_KINDS = {BASISSCHOOL: ("school",), BSO_PLUS: ("bso", "school")}

SOURCES = {
    "consultatiebureau": _l("Consultatiebureau (walk-in with weekly weighing moment)"),
    "peuterwerk": _l("Peuterwerk"),
    "school": _l("School"),
    "mkd_outflow": _l("Outflow from MKD (medical day care)"),
    "kbc_outflow": _l("Outflow from KBC (children's treatment centre)"),
}
DESTINATIONS = {
    "regular_group": _l("Regular group"),
    "mkd": _l("MKD (medical day care)"),
    "kbc": _l("KBC (children's treatment centre)"),
    "bso": _l("After-school care"),
    "so": _l("Special education (SO)"),
}
# CBS BIJ end reasons (the core validates the code; the labels match the core's catalogue).
END_REASONS = {
    "01": _l("Ended according to plan"),
    "02": _l("Ended early: by mutual agreement"),
    "03": _l("Ended early: unilaterally by the client"),
    "04": _l("Ended early: unilaterally by the provider"),
    "05": _l("Ended early: external circumstances"),
}
# The destinations the deployment sets a yearly baseline for (what Jens wants to bring down).
BASELINE_DESTINATIONS = ("mkd", "kbc", "bso")


def methodology() -> Methodology:
    return Methodology(
        key=SLUG, label=_l("(Voor)school Plus"),
        description=_l("Care line for one child: peuterwerk, primary school and BSO plus in the child's own "
                       "neighbourhood, with the same Jens worker in the group and at home."),
        phases=(Phase(PEUTERWERK, _l("Peuterwerk")), Phase(BASISSCHOOL, _l("Primary school")),
                Phase(BSO_PLUS, _l("BSO plus")), Phase(AFGESLOTEN, _l("Closed"), closed=True)),
        transitions=((PEUTERWERK, BASISSCHOOL), (BASISSCHOOL, BSO_PLUS), (BSO_PLUS, AFGESLOTEN),
                     (PEUTERWERK, AFGESLOTEN), (BASISSCHOOL, AFGESLOTEN)),
        responsible_label=_l("Jens group and family worker"))


def last_zorgplan_evaluation(trajectory):
    """An agreed zorgplan version is an evaluation; the newest one resets the cadence."""
    plan = plans.current_plan(trajectory, ZORGPLAN)
    return plan.agreed_on if plan else None


def definitions(config: dict) -> list:
    return [
        PlanKind(ZORGPLAN, _l("Zorgplan"), methodologies=(SLUG,)),
        ContactKind(BRENG_HAAL, _l("Drop-off/pick-up conversation"), methodologies=(SLUG,), quick=True),
        ContactKind(HOME_VISIT, _l("Home visit by the group worker"), methodologies=(SLUG,)),
        CadenceRule(EVALUATION_RULE, _l("Evaluate the zorgplan"), methodologies=(SLUG,),
                    every_days=config["zorgplan_evaluation_days"], warn_days=14,
                    phases=(PEUTERWERK, BASISSCHOOL, BSO_PLUS), last_done=last_zorgplan_evaluation),
    ]
