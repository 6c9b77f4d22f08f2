"""The command line: API tokens, reports, audit verification, demo data, signals."""

from click.testing import CliRunner
from gezinsroute.cli import main

GOOD = """
[deployment]
name = "Teststad"
plugins = []
database_url = "sqlite:///{db}"

[[municipalities]]
code = "GM9999"
name = "Teststad"
areas = [{{ code = "WK999901", name = "Noord" }}]
"""


def deployment(tmp_path):
    path = tmp_path / "d.toml"
    path.write_text(GOOD.format(db=tmp_path / "db.sqlite3"))
    runner = CliRunner()
    assert runner.invoke(main, ["-d", str(path), "db", "upgrade"]).exit_code == 0
    return runner, ["-d", str(path)]


def test_api_token_lifecycle(tmp_path):
    runner, d = deployment(tmp_path)
    created = runner.invoke(main, [*d, "create-user", "koppeling", "--name", "Koppeling", "--role", "worker"],
                            input="een-lang-wachtwoord\neen-lang-wachtwoord\n")
    assert created.exit_code == 0, created.output
    result = runner.invoke(main, [*d, "api-token", "create", "koppeling", "--name", "Regiesysteem"])
    assert result.exit_code == 0, result.output
    token = result.stdout.strip().splitlines()[0]
    assert token.startswith("gzr_") and len(token) > 30
    listing = runner.invoke(main, [*d, "api-token", "list"]).output
    assert "Regiesysteem" in listing and "active" in listing and token not in listing
    assert runner.invoke(main, [*d, "api-token", "revoke", "1"]).exit_code == 0
    assert "revoked" in runner.invoke(main, [*d, "api-token", "list"]).output
    assert runner.invoke(main, [*d, "api-token", "revoke", "99"]).exit_code == 1
    assert "unknown user" in runner.invoke(main, [*d, "api-token", "create", "nobody", "--name", "x"]).output


def test_create_user_refuses_short_passwords_and_unknown_roles(tmp_path):
    runner, d = deployment(tmp_path)
    short = runner.invoke(main, [*d, "create-user", "a", "--name", "A", "--role", "worker"], input="kort\nkort\n")
    assert short.exit_code == 1 and "at least 12 characters" in short.output
    role = runner.invoke(main, [*d, "create-user", "b", "--name", "B", "--role", "baas"],
                         input="een-lang-wachtwoord\neen-lang-wachtwoord\n")
    assert role.exit_code == 1 and "unknown role(s): baas" in role.output


def test_audit_verify_report_and_signals(tmp_path):
    runner, d = deployment(tmp_path)
    demo = runner.invoke(main, [*d, "demo-data", "--families", "3", "--seed", "5"])
    assert demo.exit_code == 0, demo.output
    verify = runner.invoke(main, [*d, "audit", "verify"])
    assert verify.exit_code == 0 and "entries checked: ok" in verify.output
    again = runner.invoke(main, [*d, "demo-data", "--families", "3"])
    assert again.exit_code == 1 and "already holds families" in again.output
    assert runner.invoke(main, [*d, "demo-data", "--if-empty"]).exit_code == 0
    listing = runner.invoke(main, [*d, "report"])
    assert "trajectories" in listing.output
    as_json = runner.invoke(main, [*d, "report", "trajectories", "--period", "2026", "--format", "json"])
    assert as_json.exit_code == 0 and '"rows"' in as_json.output
    bad = runner.invoke(main, [*d, "report", "trajectories", "--period", "someday"])
    assert bad.exit_code == 1 and "cannot read period" in bad.output
    assert "signal(s) escalated" in runner.invoke(main, [*d, "signals", "escalate"]).output
