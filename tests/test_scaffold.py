"""The plugin scaffold: rendered, installed, enabled in a throw-away deployment, its tests run.

A deliberately broken variant proves the generated tests and the conformance kit can fail.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from gezinsroute.cli import main

ROOT = Path(__file__).parent.parent


def render(tmp_path, name="proefmethode"):
    result = CliRunner().invoke(main, ["new-plugin", name, "--title", "Proefmethode", "--into", str(tmp_path)])
    assert result.exit_code == 0, result.output
    return tmp_path / f"gezinsroute-{name.replace('_', '-')}"


def install_and_test(plugin_dir: Path, site: Path, *pytest_args: str) -> subprocess.CompletedProcess:
    """Install the plugin into its own directory (never into the project venv) and run its tests."""
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps",
                    "--target", str(site), str(plugin_dir)], check=True, capture_output=True)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), *sys.path])}
    env.pop("GEZINSROUTE_TEST_DATABASE_URL", None)
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir",
                           str(plugin_dir), "--import-mode=importlib", str(plugin_dir / "tests"), *pytest_args],
                          capture_output=True, text=True, env=env, cwd=plugin_dir)


@pytest.mark.slow
def test_rendered_plugin_installs_and_passes_its_tests(tmp_path):
    plugin = render(tmp_path)
    result = install_and_test(plugin, tmp_path / "site")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and "failed" not in result.stdout


@pytest.mark.slow
def test_broken_variant_fails_with_a_message_that_says_what_to_fix(tmp_path):
    plugin = render(tmp_path)
    models = plugin / "src" / "gezinsroute_proefmethode" / "models.py"
    models.write_text(models.read_text().replace('table_name = "proefmethode_note"', 'table_name = "note"'))
    (plugin / "src/gezinsroute_proefmethode/translations/nl/LC_MESSAGES/proefmethode.mo").unlink()
    result = install_and_test(plugin, tmp_path / "site", "-k", "conformance")
    assert result.returncode != 0
    assert "table 'note' must start with 'proefmethode_'" in result.stdout
    assert "compile" in result.stdout and "proefmethode.po" in result.stdout


def test_bad_names_are_refused(tmp_path):
    result = CliRunner().invoke(main, ["new-plugin", "Bad-Name", "--into", str(tmp_path)])
    assert result.exit_code == 1 and "lowercase slug" in result.output
    render(tmp_path)
    again = CliRunner().invoke(main, ["new-plugin", "proefmethode", "--into", str(tmp_path)])
    assert again.exit_code == 1 and "already exists" in again.output
