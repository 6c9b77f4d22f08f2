"""Shared helpers of the inwonerskracht tests (a unique module name: tests import in importlib mode)."""

import datetime as dt
from pathlib import Path

import inwonerskracht_fakebase
from gezinsroute.models import WorkerRole
from gezinsroute.plugin_api import Team, Worker, consent

HERE = Path(__file__).parent
FAKEBASE = (inwonerskracht_fakebase, "fakebase")
DEPLOYMENT = str(HERE / "inwonerskracht-test.toml")


def make_worker(username, *roles):
    worker = Worker.create(username=username, full_name=username.title(),
                           team=Team.get(Team.key == "team-borsele"))
    for role in roles or ("worker",):
        WorkerRole.create(worker=worker, role=role)
    return worker


def give_consent(trajectory):
    for member in trajectory.family.members:
        consent.record_consent(member, consent.required_consenters(member), purpose="volunteer_match",
                               recipient_kind="volunteer", valid_from=dt.date(2025, 1, 1))
