"""Synthetic 5V trajectories for the demo families, written through the services."""

from __future__ import annotations

import datetime as dt

from gezinsroute.plugin_api import (
    Partner,
    ValidationFailed,
    clock,
    consent,
    contacts,
    referrals,
    trajectories,
)

from . import config, services
from .methodology import CONCLUSIONS, FACTOR_ITEMS, GIZ_VARIANTS, VINDPLAATSEN

IMPACTS = [
    "Moeder leest nu dagelijks voor; de oudste gaat zelfstandig naar de bibliotheek.",
    "Het gezin kent de weg naar sport en de speel-o-theek; de kinderen hebben nieuwe vriendjes.",
    "Vader volgt taalles en heeft zelf contact met school opgenomen.",
]
PROGRESS = [
    "Leest met plezier mee, woordenschat groeit.",
    "Komt trouw naar de WeekendKlas.",
    "Ouders vragen zelf om boeken bij de bibliotheek.",
    "Huiswerk gaat beter sinds de coach meekijkt.",
]


def populate(demo) -> int:
    """Half of the demo families get a 5V trajectory at a realistic point in the five steps."""
    partners = demo.partners()
    if not partners:
        return 0
    made = 0
    for family in demo.families_for(0.5):
        try:
            _one_family(demo, family, partners)
            made += 1
        except ValidationFailed:
            continue  # a family the others already placed in a single-open methodology
    return made


def _one_family(demo, family, partners: list[Partner]) -> None:
    worker = demo.worker("worker")
    rnd = demo.random
    start = demo.today - dt.timedelta(days=rnd.randint(20, 300))
    members = list(family.members)
    children = [m for m in members if m.role == "child"] or members
    with clock.frozen(start):
        t = trajectories.open_trajectory(family, "vijfv", responsible=worker, started_on=start)
    depth = rnd.choice([0, 1, 2, 3, 3, 4, 4])
    if depth == 0:
        return
    with clock.frozen(start + dt.timedelta(days=3)):
        services.record_vindplaats(t, rnd.choice(list(VINDPLAATSEN)), referrer_partner=rnd.choice(partners))
        contacts.record_contact(family, "vijfv.kennismaking", trajectory=t, worker=worker,
                                summary="Kennismaking thuis met het hele gezin.")
        trajectories.transition(t, "bevragen", worker=worker)
        _consents(family, members, partners, worker)
    if depth == 1:
        return
    with clock.frozen(start + dt.timedelta(days=10)):
        conclusion = rnd.choices(list(CONCLUSIONS), weights=[4, 5, 1])[0]
        factors = {item: rnd.choice(["strength", "strength", "neutral", "concern"]) for item in FACTOR_ITEMS}
        services.record_giz(t, variant=rnd.choice(list(GIZ_VARIANTS)), factors=factors, conclusion=conclusion,
                            assessor=worker)
        trajectories.transition(t, "verbinden", worker=worker)
        keys = rnd.sample(list(config.programmes()), 2)
        neighbourhood = [p for p in partners if p.key != config.settings()["programme_partner"]] or partners
        made = services.connect(t, children, programmes=keys, partners=[rnd.choice(neighbourhood)],
                                programme_partner=None if config.settings()["programme_partner"] else partners[0],
                                volunteer_name=demo.fake.name(), worker=worker)
    if depth == 2:
        return
    with clock.frozen(start + dt.timedelta(days=20)):
        for referral in made:
            referrals.advance(referral, "accepted")
            referrals.advance(referral, "started")
        trajectories.transition(t, "volgen", worker=worker)
        services.record_progress(t, trend="improving", summary=rnd.choice(PROGRESS), member=children[0],
                                 worker=worker)
    if depth == 3 or start + dt.timedelta(days=120) > demo.today:
        return
    with clock.frozen(start + dt.timedelta(days=110)):
        results = {f"referral:{r.id}": rnd.choice(["achieved", "achieved", "partly"]) for r in made}
        services.record_evaluation(t, results=results, impact=rnd.choice(IMPACTS), end_reason_cbs="01",
                                   satisfaction="satisfied", worker=worker)
        trajectories.transition(t, "voltooien", worker=worker, end_reason_cbs="01")


def _consents(family, members, partners, worker) -> None:
    """The family agrees to referrals to every partner and to results for the referrer (demo only)."""
    parents = [m for m in members if m.has_authority]
    for subject in members:
        givers = [subject] if subject.role != "child" or (subject.age_on() or 0) >= 16 else parents
        if subject.role == "child" and 12 <= (subject.age_on() or 0) < 16:
            givers = [subject, *parents]
        if not givers:
            continue
        for kind in {p.kind for p in partners}:
            consent.record_consent(subject, givers, purpose="*", recipient_kind=kind, recorded_by=worker,
                                   evidence="demo")
