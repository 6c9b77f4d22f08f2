"""The real app (``create_app``) plus floor endpoints, served by gunicorn for the benchmark only.

``/_bench/hello`` is the HTTP floor (a bare Flask view in the same server setup);
``/_bench/sql/family/<id>`` runs raw SQL for the rows the family dossier reads (the data floor).
``/_bench/admin-default`` is a default Flask-Admin ModelView on the trajectory table, and
``/_bench/admin-ours`` the project's SecureModelView on the same table.
"""

import os

from flask import jsonify
from flask_admin.contrib.peewee import ModelView
from gezinsroute.app import create_app
from gezinsroute.models import Trajectory
from gezinsroute_admin.views import SecureModelView

DOSSIER_SQL = [
    "SELECT * FROM family WHERE id = {id}",
    "SELECT * FROM member WHERE family_id = {id} ORDER BY id",
    "SELECT * FROM trajectory WHERE family_id = {id} ORDER BY started_on DESC",
    "SELECT * FROM involvement WHERE family_id = {id} AND ended_on IS NULL",
    "SELECT * FROM phase_change WHERE trajectory_id IN (SELECT id FROM trajectory WHERE family_id = {id})",
    "SELECT * FROM contact WHERE family_id = {id}",
    "SELECT * FROM referral WHERE trajectory_id IN (SELECT id FROM trajectory WHERE family_id = {id})",
    "SELECT * FROM plan WHERE trajectory_id IN (SELECT id FROM trajectory WHERE family_id = {id})",
    "SELECT * FROM assessment WHERE trajectory_id IN (SELECT id FROM trajectory WHERE family_id = {id})",
    "SELECT * FROM signal WHERE family_id = {id}",
]


class OurTrajectoryAdmin(SecureModelView):
    column_searchable_list = ("methodology", "phase")
    column_default_sort = ("id", True)


class DefaultTrajectoryAdmin(ModelView):
    column_searchable_list = ("methodology", "phase")


def make_app():
    app = create_app(os.environ["GEZINSROUTE_DEPLOYMENT"])
    rt = app.extensions["gezinsroute"]
    admin = app.extensions["admin"][0]
    admin.add_view(OurTrajectoryAdmin(Trajectory, endpoint="bench_ours", url="/beheer/bench-ours"))
    admin.add_view(DefaultTrajectoryAdmin(Trajectory, endpoint="bench_default", url="/beheer/bench-default"))

    @app.route("/_bench/hello")
    def hello():
        return jsonify({"ok": True})

    @app.route("/_bench/sql/family/<int:family_id>")
    def sql_floor(family_id):
        cur = rt.database.cursor()
        n = 0
        for sql in DOSSIER_SQL:
            cur.execute(sql.format(id=int(family_id)))
            n += len(cur.fetchall())
        return jsonify({"rows": n})

    return app


app = make_app()
