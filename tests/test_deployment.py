"""Deployment files: clear errors (file, key, reason) and nothing written when invalid."""

import os
from pathlib import Path

import pytest
from click.testing import CliRunner
from gezinsroute.cli import main
from gezinsroute.deployment import read
from gezinsroute.errors import ConfigError

DEPLOYMENTS = sorted((Path(__file__).parent.parent / "deployments").glob("*.toml"))

GOOD = """
[deployment]
name = "Teststad"
plugins = []
database_url = "sqlite:///{db}"

[[municipalities]]
code = "GM9999"
name = "Teststad"
areas = [{{ code = "WK999901", name = "Noord" }}]

[partner_kinds]
school = "School"

[[partners]]
key = "school-a"
name = "School A"
kind = "school"
areas = ["WK999901"]
"""


def write(tmp_path, text, name="deployment.toml"):
    path = tmp_path / name
    path.write_text(text.format(db=tmp_path / "db.sqlite3"))
    return path


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_good_file_checks(tmp_path):
    result = run("-d", str(write(tmp_path, GOOD)), "check")
    assert result.exit_code == 0, result.output
    assert "ok" in result.output


def test_missing_plugin_names_it_and_how_to_install(tmp_path):
    path = write(tmp_path, GOOD.replace("plugins = []", 'plugins = ["gibberish"]'))
    result = run("-d", str(path), "db", "upgrade")
    assert result.exit_code == 2
    assert f"{path}: deployment.plugins[0]: plugin 'gibberish' is not installed" in result.output
    assert "pip install gezinsroute-gibberish" in result.output
    assert not (tmp_path / "db.sqlite3").exists()


@pytest.mark.parametrize("change, key, reason", [
    (('code = "GM9999"', 'code = "9999"'), "municipalities[0].code", "must be a CBS gemeentecode"),
    (('kind = "school"', 'kind = "zwembad"'), "partners[0].kind", "unknown partner kind 'zwembad'"),
    (('areas = ["WK999901"]', 'areas = ["WK000000"]'), "partners[0].areas", "unknown area code(s): WK000000"),
    (('name = "Teststad"\nplugins', 'naam = "x"\nname = "Teststad"\nplugins'), "deployment.naam", "unknown key"),
    (('plugins = []', 'plugins = []\ndefault_locale = "fr"'), "deployment.default_locale", "Must be one of"),
])
def test_wrong_value_names_file_key_and_reason(tmp_path, change, key, reason):
    path = write(tmp_path, GOOD.replace(*change))
    with pytest.raises(ConfigError) as info:
        read(path)
    assert f"{path}: {key}: {reason}" in str(info.value)
    result = run("-d", str(path), "db", "upgrade")
    assert result.exit_code == 2 and key in result.output
    assert not (tmp_path / "db.sqlite3").exists()


def test_broken_toml_and_missing_file(tmp_path):
    path = write(tmp_path, "[deployment\nname=")
    with pytest.raises(ConfigError, match="not valid TOML"):
        read(path)
    with pytest.raises(ConfigError, match="file not found"):
        read(tmp_path / "nope.toml")


def test_unknown_signal_override_is_refused(tmp_path):
    path = write(tmp_path, GOOD + '\n[signals."nope.rule"]\nevery_days = 3\n')
    result = run("-d", str(path), "check")
    assert result.exit_code == 2
    assert 'signals."nope.rule": no enabled plugin has a cadence rule' in result.output


def test_database_url_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "sqlite:///elsewhere.sqlite3")
    assert read(write(tmp_path, GOOD)).database_url == "sqlite:///elsewhere.sqlite3"


def test_db_upgrade_status_and_reference_sync(tmp_path):
    path = write(tmp_path, GOOD)
    assert "PENDING" in run("-d", str(path), "db", "status").output
    result = run("-d", str(path), "db", "upgrade")
    assert result.exit_code == 0, result.output
    assert "1 partners" in result.output
    status = run("-d", str(path), "db", "status").output
    assert "PENDING" not in status and "0001_initial" in status
    again = run("-d", str(path), "db", "upgrade")
    assert "0 migration(s) applied" in again.output


def test_app_refuses_to_start_with_pending_migrations(tmp_path):
    from gezinsroute.app import create_app
    from gezinsroute.errors import StartupError

    with pytest.raises(StartupError, match="migration\\(s\\) pending"):
        create_app(write(tmp_path, GOOD))


@pytest.mark.parametrize("path", DEPLOYMENTS, ids=[p.name for p in DEPLOYMENTS])
def test_every_shipped_deployment_checks(path):
    result = run("-d", str(path), "check")
    assert result.exit_code == 0, result.output


def test_environment_variable_chooses_deployment(tmp_path, monkeypatch):
    monkeypatch.setenv("GEZINSROUTE_DEPLOYMENT", str(write(tmp_path, GOOD)))
    assert run("check").exit_code == 0
    monkeypatch.delenv("GEZINSROUTE_DEPLOYMENT")
    assert "choose a deployment file" in run("check").output
    assert os.environ.get("GEZINSROUTE_DEPLOYMENT") is None
