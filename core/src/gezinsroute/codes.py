"""Dutch code lists the core needs: end reasons (CBS BIJ 01-05, iJw JZ588), referrers (COD327)."""

from flask_babel import lazy_gettext as _l

CBS_END_REASONS = {
    "01": _l("Ended according to plan"),
    "02": _l("Ended early: by mutual agreement"),
    "03": _l("Ended early: unilaterally by the client"),
    "04": _l("Ended early: unilaterally by the provider"),
    "05": _l("Ended early: external circumstances"),
}

JZ588_END_REASONS = {
    "02": _l("Death"),
    "20": _l("Delivery temporarily ended"),
    "31": _l("According to plan"),
    "32": _l("Early: unilaterally by the client"),
    "33": _l("Early: unilaterally by the provider"),
    "34": _l("Early: by mutual agreement"),
    "35": _l("Early: external circumstances"),
    "36": _l("Initiated by the municipality"),
    "37": _l("Because of a change request"),
    "38": _l("Move to another provider"),
    "39": _l("Outflow to another domain"),
}

# Default mapping JZ588 -> CBS (domain brief §3.4); other codes need a human choice.
JZ588_TO_CBS = {"31": "01", "34": "02", "32": "03", "33": "04", "35": "05"}

REFERRERS_COD327 = {
    "01": _l("Municipality"),
    "02": _l("General practitioner"),
    "03": _l("Youth doctor"),
    "04": _l("Certified institution"),
    "05": _l("Medical specialist"),
    "06": _l("Self-referral / no referrer"),
    "08": _l("Judge, public prosecutor"),
}


def cbs_for_jz588(code: str | None) -> str | None:
    return JZ588_TO_CBS.get(code or "")
