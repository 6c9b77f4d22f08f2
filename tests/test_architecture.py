"""Architecture rules that keep the core small and the plugins separate."""

import re
from pathlib import Path

ROOT = Path(__file__).parent.parent
CORE_SOURCES = [p for d in ("core/src", "admin/src") for p in (ROOT / d).rglob("*")
                if p.suffix in (".py", ".html", ".po") and "migrations" not in p.parts]
METHODOLOGY_WORDS = re.compile(
    r"\b(vijfv|5v|systeemgericht|inwonerskracht|voorschool|klantroute|giz|arij|ffp|jes|jens|"
    r"buurtgezin\w*|steungezin\w*|jim|borsele|heerlen|leiden|goeree)\b", re.IGNORECASE)


def test_no_methodology_name_in_core_code():
    offenders = []
    for path in CORE_SOURCES:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if METHODOLOGY_WORDS.search(line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offenders, "methodology names in core code:\n" + "\n".join(offenders)


def test_plugins_import_only_the_plugin_api():
    allowed = re.compile(r"^\s*(from|import) gezinsroute(\.plugin_api|\.hookspecs|\b(?!\.))")
    offenders = []
    for path in (ROOT / "plugins").glob("*/src/**/*.py"):
        if "migrations" in path.parts:
            continue
        for number, line in enumerate(path.read_text().splitlines(), 1):
            if re.match(r"^\s*(from|import) gezinsroute[._]", line) and not allowed.match(line) \
                    and "gezinsroute_admin" not in line and not re.match(r"^\s*from gezinsroute_\w+", line):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offenders, "plugins reach into core internals:\n" + "\n".join(offenders)


def test_plugins_never_import_each_other():
    offenders = []
    for plugin_dir in (ROOT / "plugins").glob("*/src/gezinsroute_*"):
        own = plugin_dir.name
        for path in plugin_dir.rglob("*.py"):
            for number, line in enumerate(path.read_text().splitlines(), 1):
                match = re.match(r"^\s*(?:from|import) (gezinsroute_\w+)", line)
                if match and match.group(1) not in (own, "gezinsroute_admin"):
                    offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)


def test_every_shipped_plugin_runs_the_conformance_kit():
    missing = [d.name for d in (ROOT / "plugins").iterdir() if (d / "pyproject.toml").exists()
               and not any("PluginConformance" in p.read_text() for p in (d / "tests").glob("test_*.py"))]
    assert not missing, f"plugins without the conformance kit: {missing}"
