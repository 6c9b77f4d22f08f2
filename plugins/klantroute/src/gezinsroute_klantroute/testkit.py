"""Shared builders for the klantroute tests (imported by tests only; needs pytest)."""

import datetime as dt
from pathlib import Path

import pytest
from gezinsroute.plugin_api import Partner, Team, Worker, families

DEPLOYMENT = Path(__file__).resolve().parents[4] / "deployments" / "goeree-overflakkee.toml"
ON_DEPLOYMENT = [pytest.mark.gezinsroute_plugins("klantroute"), pytest.mark.gezinsroute_deployment(str(DEPLOYMENT))]


def worker(username="eigenaar", organisation="CJG Goeree-Overflakkee"):
    team = Team.get(Team.key == "jeugd-en-gezin-oost")
    return Worker.create(username=username, full_name=username.capitalize(), team=team, organisation=organisation)


def family(name="Gezin Test", youth_birth=dt.date(2012, 3, 3)):
    return families.create_family(name, area="go-middelharnis", members=[
        {"role": "parent", "given_name": "Anna", "family_name": "Test", "has_authority": True,
         "birth_date": dt.date(1984, 1, 1)},
        {"role": "parent", "given_name": "Bert", "family_name": "Test", "has_authority": True,
         "birth_date": dt.date(1982, 1, 1)},
        {"role": "child", "given_name": "Cas", "family_name": "Test", "birth_date": youth_birth},
    ])


def partner(key):
    return Partner.get(Partner.key == key)


def member(fam, given_name):
    return next(m for m in fam.members if m.given_name == given_name)


def log_in(app, who):
    """Act as ``who`` in view tests: every permission, but need-to-know (involvement) still applies."""
    import flask

    def _as_worker():
        flask.g.worker = who
        flask.g.roles = {"worker"}
        flask.g.permission_checker = lambda worker, permission: worker is who

    app.before_request(_as_worker)
