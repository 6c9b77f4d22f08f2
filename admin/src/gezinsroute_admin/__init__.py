"""Gezinsroute's administration screens, on Flask-Admin, mounted at ``/beheer``.

Every view subclasses :class:`SecureModelView` or :class:`SecureView`, which deny
by default and ask the access layer; plugins add their own views through the
``register_admin_views`` hook.
"""

from .setup import init_admin
from .views import SecureModelView, SecureView

__all__ = ["init_admin", "SecureModelView", "SecureView"]
