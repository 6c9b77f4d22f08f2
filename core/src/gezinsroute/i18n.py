"""Translations: Dutch first, English available.

The core's catalogue (domain ``messages``) and each plugin's (domain = slug) are
merged by Flask-Babel. Later catalogues override earlier ones, so the order is
core first, then plugins from lowest to highest priority: the first plugin listed
in the deployment wins, the same rule as for hooks.
"""

from __future__ import annotations

from pathlib import Path

from flask import request, session
from flask_babel import Babel

CORE_TRANSLATIONS = Path(__file__).parent / "translations"
LOCALES = ("nl", "en")


def configure(app, rt) -> Babel:
    sources = [(str(CORE_TRANSLATIONS), "messages")]
    plugin_dirs = dict(rt.call("register_translations"))
    for plugin in reversed(rt.deployment.plugins):
        if plugin in plugin_dirs:
            sources.append((str(plugin_dirs[plugin]), plugin))
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = ";".join(d for d, _ in sources)
    app.config["BABEL_DOMAIN"] = ";".join(domain for _, domain in sources)
    app.config["BABEL_DEFAULT_LOCALE"] = rt.deployment.default_locale
    app.config["BABEL_DEFAULT_TIMEZONE"] = "Europe/Amsterdam"
    return Babel(app, locale_selector=lambda: select_locale(rt.deployment.default_locale))


def select_locale(default: str) -> str:
    """An explicit choice (``?lang=en``, remembered in the session) beats the deployment default."""
    choice = request.args.get("lang") if request else None
    if choice in LOCALES:
        session["lang"] = choice
        return choice
    stored = session.get("lang") if request else None
    return stored if stored in LOCALES else default
