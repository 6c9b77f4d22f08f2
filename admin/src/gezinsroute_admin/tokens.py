"""API tokens in the admin: create one for a worker (shown once) and revoke it."""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_babel import gettext
from gezinsroute.api.tokens import ApiToken, create_token, revoke
from gezinsroute.errors import NotFound, ValidationFailed
from gezinsroute.models import Worker

from .views import SecureView


class ApiTokensView(SecureView):
    """Tokens for other systems; each acts as a worker, with that worker's need-to-know."""

    permission = "admin.manage"

    def _page(self, created: str | None = None, status: int = 200):
        tokens = list(ApiToken.select(ApiToken, Worker).join(Worker).order_by(ApiToken.id.desc()))
        workers = list(Worker.select().where(Worker.active).order_by(Worker.username))
        return self.render("gezinsroute/admin_tokens.html", tokens=tokens, workers=workers,
                           created=created), status

    @expose("/")
    def index(self):
        return self._page()

    @expose("/create", methods=["POST"])
    def create(self):
        worker = Worker.get_or_none(Worker.id == request.form.get("worker_id", type=int))
        if worker is None:
            abort(404)
        try:
            plaintext = create_token(worker, request.form.get("name", ""), request.form.get("days", 90, type=int))
        except ValidationFailed as exc:
            flash("; ".join(str(p.message) for p in exc.problems), "error")
            return self._page(status=422)
        return self._page(created=plaintext)

    @expose("/revoke", methods=["POST"])
    def revoke(self):
        try:
            revoke(request.form.get("token_id", 0, type=int))
        except NotFound:
            abort(404)
        flash(gettext("Token revoked."), "success")
        return redirect(url_for(".index"))
