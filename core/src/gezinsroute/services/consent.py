"""The one answer to "may this be shared with that recipient now?" for every plugin.

Who must consent follows the Dutch age rules (Jeugdwet 7.3.11 and domain brief §4.4):
under 12 the parents with authority; 12 to 15 the young person *and* the parents
with authority; 16 and over the young person alone. Adults consent for themselves.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from flask_babel import gettext as _
from peewee import prefetch

from .. import clock
from ..errors import Problem, ValidationFailed
from ..models import Consent, ConsentGiver, Member, Partner, Worker

LEGAL_EXCEPTIONS = ("ots_7_3_11_lid_4", "meldcode", "vital_interest", "court_order")


@dataclass
class ShareDecision:
    allowed: bool
    required: list[Member] = field(default_factory=list)
    missing: list[Member] = field(default_factory=list)
    reason: str = ""

    def __bool__(self):
        return self.allowed


def required_consenters(subject: Member, on: dt.date | None = None) -> list[Member]:
    """The members whose consent is needed to share data about ``subject`` on date ``on``."""
    on = on or clock.today()
    age = subject.age_on(on)
    if subject.role != "child" or (age is not None and age >= 16):
        return [subject]
    parents = list(Member.select().where(
        (Member.family == subject.family_id) & Member.has_authority & (Member.id != subject.id)))
    if age is not None and age >= 12:
        return [subject, *parents]
    return parents


def record_consent(subject: Member, givers: list[Member], *, purpose: str,
                   partner: Partner | None = None, recipient_kind: str | None = None,
                   valid_from: dt.date | None = None, valid_to: dt.date | None = None,
                   data_categories: str = "*", evidence: str | None = None,
                   recorded_by: Worker | None = None) -> Consent:
    problems = []
    if not givers:
        problems.append(Problem(_("name who gave the consent"), "given_by"))
    if any(g.family_id != subject.family_id for g in givers):
        problems.append(Problem(_("consent can only be given by members of the same family"), "given_by"))
    if partner is None and not recipient_kind:
        problems.append(Problem(_("name the recipient: a partner or a kind of recipient"), "recipient"))
    if valid_to and valid_from and valid_to < valid_from:
        problems.append(Problem(_("valid_to lies before valid_from"), "valid_to"))
    if problems:
        raise ValidationFailed(problems)
    consent = Consent.create(family=subject.family_id, subject=subject, recipient_partner=partner,
                             recipient_kind=recipient_kind, purpose=purpose,
                             data_categories=data_categories, valid_from=valid_from or clock.today(),
                             valid_to=valid_to, evidence=evidence, recorded_by=recorded_by)
    for giver in givers:
        ConsentGiver.create(consent=consent, member=giver)
    return consent


def withdraw(consent: Consent, on: dt.date | None = None) -> Consent:
    consent.withdrawn_on = on or clock.today()
    consent.save()
    return consent


def may_share(subject: Member, *, purpose: str, partner: Partner | None = None,
              recipient_kind: str | None = None, on: dt.date | None = None) -> ShareDecision:
    """Whether data about ``subject`` may go to ``partner`` (or a kind of recipient) for ``purpose``."""
    on = on or clock.today()
    required = required_consenters(subject, on)
    if not required:
        return ShareDecision(False, [], [], _("nobody with parental authority is recorded for this child"))
    kinds = {k for k in (recipient_kind, partner.kind if partner else None) if k}
    candidates = Consent.select().where(
        (Consent.subject == subject.id) & (Consent.valid_from <= on)
        & (Consent.valid_to.is_null() | (Consent.valid_to >= on)) & Consent.withdrawn_on.is_null()
        & Consent.purpose.in_([purpose, "*"]))
    given: set[int] = set()
    for consent in prefetch(candidates, ConsentGiver):
        matches_partner = partner is not None and consent.recipient_partner_id == partner.id
        matches_kind = consent.recipient_partner_id is None and consent.recipient_kind in kinds
        if matches_partner or matches_kind:
            given.update(g.member_id for g in consent.giver_rows)
    missing = [m for m in required if m.id not in given]
    if missing:
        names = ", ".join(f"{m.given_name} {m.family_name}" for m in missing)
        return ShareDecision(False, required, missing, _("consent missing from: %(names)s", names=names))
    return ShareDecision(True, required, [], _("consent recorded"))


def check_share(subjects: list[Member], *, purpose: str, partner: Partner | None = None,
                recipient_kind: str | None = None, legal_exception: str | None = None,
                on: dt.date | None = None) -> None:
    """Raise :class:`ValidationFailed` unless every subject may be shared (or a legal exception applies)."""
    if legal_exception:
        if legal_exception not in LEGAL_EXCEPTIONS:
            raise ValidationFailed(Problem(
                _("unknown legal exception; use one of %(exceptions)s", exceptions=", ".join(LEGAL_EXCEPTIONS)),
                "legal_exception"))
        return
    problems = []
    for subject in subjects:
        decision = may_share(subject, purpose=purpose, partner=partner, recipient_kind=recipient_kind, on=on)
        if not decision:
            problems.append(Problem(f"{subject.given_name}: {decision.reason}", "consent"))
    if problems:
        raise ValidationFailed(problems)
