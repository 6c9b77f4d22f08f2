"""Gezinsroute: a platform for working with families, with methodologies as plugins.

Plugin authors import from here (``from gezinsroute import hookimpl``) or from
:mod:`gezinsroute.plugin_api`, the documented surface for plugins.
"""

from .hookspecs import hookimpl, hookspec

__version__ = "0.1.0"
PLUGIN_API_VERSION = 1

__all__ = ["hookimpl", "hookspec", "__version__", "PLUGIN_API_VERSION"]
