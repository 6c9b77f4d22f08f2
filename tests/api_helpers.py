"""Shared set-up for the REST API tests: workers with tokens, families in and out of scope."""

from __future__ import annotations

import datetime as dt

from gezinsroute.api import create_token
from gezinsroute.models import Team, Worker, WorkerRole
from gezinsroute.services import assessments, families, trajectories


def make_worker(username: str, *roles: str, team: str | None = "team-noord") -> Worker:
    worker = Worker.create(username=username, full_name=username.title(),
                           team=Team.get(Team.key == team) if team else None)
    for role in roles:
        WorkerRole.create(worker=worker, role=role)
    return worker


def bearer(worker: Worker, name: str = "test") -> dict:
    return {"Authorization": f"Bearer {create_token(worker, name, 30)}"}


def make_family(name: str = "Gezin Test"):
    return families.create_family(name, postcode="1234ab", area="WK999901", members=[
        {"role": "parent", "given_name": "Anna", "family_name": "Test", "has_authority": True,
         "birth_date": dt.date(1985, 1, 1)},
        {"role": "child", "given_name": "Bo", "family_name": "Test", "birth_date": dt.date(2015, 5, 5),
         "bsn": "999990019"},
    ])


class World:
    """Alice (worker, team Noord) is involved with ``mine``; Zed (team Zuid) with ``theirs``."""

    def __init__(self):
        self.alice = make_worker("alice", "worker")
        self.zed = make_worker("zed", "worker", team="team-zuid")
        self.mine = make_family("Gezin Mijn")
        self.theirs = make_family("Gezin Ander")
        self.my_trajectory = trajectories.open_trajectory(self.mine, "toy", responsible=self.alice)
        self.their_trajectory = trajectories.open_trajectory(self.theirs, "toy", responsible=self.zed)
        assessments.record(self.their_trajectory, "toy.check", {"a": "1"}, assessor=self.zed)
        self.alice_auth = bearer(self.alice)
        self.zed_auth = bearer(self.zed)
