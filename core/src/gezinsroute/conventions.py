"""Hook implementations every plugin package would otherwise write the same way.

A plugin laid out by convention (``models.MODELS``, a ``migrations/`` folder and a
``translations/`` folder next to its ``__init__.py``) gets its three registration
hooks in one line, like CKAN's "blanket" implementations::

    register_models, register_migrations, register_translations = package_hooks(__name__)
"""

from __future__ import annotations

import importlib
from pathlib import Path

from .hookspecs import hookimpl


def package_hooks(package: str):
    """Return ``register_models``, ``register_migrations`` and ``register_translations`` for ``package``."""

    def folder() -> Path:
        return Path(importlib.import_module(package).__file__).parent

    @hookimpl(specname="register_models")
    def register_models():
        return list(importlib.import_module(f"{package}.models").MODELS)

    @hookimpl(specname="register_migrations")
    def register_migrations():
        return folder() / "migrations"

    @hookimpl(specname="register_translations")
    def register_translations():
        return folder() / "translations"

    return register_models, register_migrations, register_translations
