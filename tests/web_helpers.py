"""Shared helpers for the web and access tests."""

import datetime as dt

from gezinsroute.models import Team, Worker, WorkerRole
from gezinsroute.passwords import hash_password
from gezinsroute.services import families, trajectories

PASSWORD = "correct horse battery"
_HASH = []


def make_worker(username, *roles, team="team-noord", totp_secret=None, active=True):
    if not _HASH:
        _HASH.append(hash_password(PASSWORD))
    worker = Worker.create(username=username, full_name=username.title(), password_hash=_HASH[0],
                           team=Team.get(Team.key == team) if team else None, totp_secret=totp_secret,
                           active=active)
    for role in roles:
        WorkerRole.create(worker=worker, role=role)
    return worker


def make_case(responsible, name="Gezin Veldhuis"):
    family = families.create_family(name, postcode="1234ab", area="WK999901", members=[
        {"role": "parent", "given_name": "Anna", "family_name": "Veldhuis", "has_authority": True,
         "birth_date": dt.date(1985, 1, 1)},
        {"role": "child", "given_name": "Bo", "family_name": "Veldhuis", "birth_date": dt.date(2015, 5, 5)},
    ])
    trajectory = trajectories.open_trajectory(family, "toy", responsible=responsible)
    return family, trajectory


def login(client, username, password=PASSWORD):
    return client.post("/login", data={"username": username, "password": password})


# The core's web endpoints and who may get a 2xx from them; both route walks start from this.
CORE_WEB_ROUTES = {
    "static": "public", "core.index": "public", "core.healthz": "public",
    "core_auth.login": "public", "core_auth.code": "public", "core_auth.enrol": "public",
    "core_auth.logout": "public",
    "core_cases.home": "signed_in",
    "core_cases.caseload": "case_list", "core_cases.my_signals": "case_list",
    "core_cases.team_signals": "team",
    "core_cases.family": "case", "core_cases.trajectory": "case", "core_cases.transition_view": "case",
    "core_audit.overview": "audit", "core_audit.family_log": "audit", "core_audit.worker_log": "audit",
    "core_audit.review": "audit",
    "core_emergency.emergency": "emergency",
}
