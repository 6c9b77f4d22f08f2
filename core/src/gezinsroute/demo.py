"""Synthetic, reproducible demo data: Faker ``nl_NL`` and test BSNs, never real people.

The core creates workers, families and members; each enabled plugin then adds its
own records through the ``populate_demo_data`` hook.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from faker import Faker

from . import clock
from .models import Area, Family, Member, Partner, Team, Worker, WorkerRole
from .passwords import hash_password
from .services import audit
from .services.families import add_member, create_family

DEMO_PASSWORD = "gezinsroute-demo"  # printed in the README: demo deployments only
# The second factor of every demo worker, documented so a demo can be shown with
# two_factor = true: ``python -c "import pyotp; print(pyotp.TOTP('<secret>').now())"``
# or add the secret to an authenticator app. Only workers created by demo-data get it.
DEMO_TOTP_SECRET = "GEZINSROUTEDEMOGEZINSROUTEDEMO23"
TEST_BSN_PREFIX = "9999"  # the test range; numbers that pass the 11-proef but belong to nobody


def test_bsns():
    """Yield BSNs from the 9999 test range that pass the 11-proef."""
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    for n in range(999900000, 1000000000):
        candidate = str(n)
        if sum(int(d) * w for d, w in zip(candidate, weights)) % 11 == 0:
            yield candidate


@dataclass
class DemoContext:
    deployment: object
    fake: Faker
    random: random.Random
    today: dt.date
    families: list[Family] = field(default_factory=list)
    workers: dict[str, list[Worker]] = field(default_factory=dict)

    def worker(self, role: str = "worker") -> Worker:
        """A demo worker with ``role``, chosen reproducibly."""
        return self.random.choice(self.workers[role])

    def partners(self, kind: str | None = None) -> list[Partner]:
        query = Partner.select().where(Partner.active)
        if kind:
            query = query.where(Partner.kind == kind)
        return list(query.order_by(Partner.id))

    def families_for(self, share: float) -> list[Family]:
        """A reproducible share of the demo families (plugins split them between them)."""
        return [f for f in self.families if self.random.random() < share]


DEMO_WORKERS = [
    ("gezinsmanager", "Demo Gezinsmanager", ["worker"]),
    ("gezinsmanager2", "Tweede Gezinsmanager", ["worker"]),
    ("teamleider", "Demo Teamleider", ["teamleider"]),
    ("gedragswetenschapper", "Demo Gedragswetenschapper", ["gedragswetenschapper"]),
    ("coordinator", "Demo Vrijwilligerscoördinator", ["volunteer_coordinator"]),
    ("vrijwilliger", "Demo Vrijwilliger", ["volunteer"]),
    ("beleid", "Demo Beleidsmedewerker", ["policy_officer"]),
    ("beheerder", "Demo Beheerder", ["app_admin"]),
    ("privacy", "Demo Privacyfunctionaris", ["privacy_officer"]),
]


def create_workers(ctx: DemoContext) -> None:
    team = Team.select().order_by(Team.id).first()
    if team is None:
        team = Team.create(key="demo-team", name="Team Demo")
    password = hash_password(DEMO_PASSWORD)
    for username, name, roles in DEMO_WORKERS:
        worker = Worker.get_or_none(Worker.username == username)
        if worker is None:
            worker = Worker.create(username=username, full_name=name, team=team, password_hash=password,
                                   email=f"{username}@example.org", totp_secret=DEMO_TOTP_SECRET)
            for role in roles:
                WorkerRole.create(worker=worker, role=role)
        for role in roles:
            ctx.workers.setdefault(role, []).append(worker)


def create_families(ctx: DemoContext, count: int) -> None:
    bsns = test_bsns()
    areas = list(Area.select().order_by(Area.id))
    for _ in range(count):
        surname = ctx.fake.last_name()
        area = ctx.random.choice(areas) if areas else None
        home_languages = ["ar", "tr", "pl", "ti", "en", "so", "pap"]
        languages = ["nl"] + ctx.random.sample(home_languages, ctx.random.randint(0, 2))
        family = create_family(
            f"Gezin {surname}", postcode=_postcode(ctx), house_number=str(ctx.random.randint(1, 180)),
            area=area, municipality=area.municipality if area else None, languages=languages)
        parents = ctx.random.choice([1, 2, 2])
        for i in range(parents):
            given = ctx.fake.first_name_female() if i == 0 else ctx.fake.first_name_male()
            add_member(family, role="parent", given_name=given,
                       family_name=surname, birth_date=_birth(ctx, 24, 50), has_authority=True,
                       bsn=next(bsns) if ctx.random.random() < 0.7 else None)
        for _child in range(ctx.random.randint(1, 4)):
            add_member(family, role="child", given_name=ctx.fake.first_name(), family_name=surname,
                       birth_date=_birth(ctx, 0, 17), bsn=next(bsns) if ctx.random.random() < 0.7 else None)
        ctx.families.append(family)


def _birth(ctx: DemoContext, min_age: int, max_age: int) -> dt.date:
    days = ctx.random.randint(min_age * 365, max_age * 365 + 364)
    return ctx.today - dt.timedelta(days=days)


def _postcode(ctx: DemoContext) -> str:
    letters = "ABCEGHJKLMNPRTVWXZ"
    pair = ctx.random.choice(letters) + ctx.random.choice(letters)
    return f"{ctx.random.randint(1000, 9999)} {pair}"


def generate(rt, *, families: int = 40, seed: int = 2026, progress=None) -> DemoContext:
    fake = Faker("nl_NL")
    fake.seed_instance(seed)
    ctx = DemoContext(deployment=rt.deployment, fake=fake, random=random.Random(seed), today=clock.today())
    create_workers(ctx)
    create_families(ctx, families)
    if progress:
        progress("core", families)
    for plugin, _ in rt.call("populate_demo_data", demo=ctx):
        if progress:
            progress(plugin, None)
    audit.append("E", "demo-data", detail=f"synthetic demo data generated (seed {seed}, {families} families)")
    return ctx


__all__ = ["DemoContext", "generate", "DEMO_PASSWORD", "DEMO_TOTP_SECRET", "Member"]
