"""Who sees what, for the whole demo deployment: every route (core, every plugin blueprint,
every Flask-Admin view and every /api/v1 route) walked by every kind of user, with GET and
POST (empty form / empty JSON) and URL arguments filled from records of one in-scope family.

A 2xx for a user the endpoint's kind does not allow is a leak, and so is a client name of
the in-scope family in any 2xx body of a user who may not see that family (lists must be
filtered). An endpoint nobody classified, or a URL argument nobody knows how to fill, fails
the test: classify new routes here.
"""

from __future__ import annotations

import datetime as dt
import re

import pyotp
import pytest
from gezinsroute import demo
from gezinsroute.api import create_token
from gezinsroute.context import SYSTEM, acting_as
from gezinsroute.models import EmergencyAccess, Family, Partner, Team, Worker, WorkerRole
from gezinsroute.passwords import hash_password
from gezinsroute.services import contacts, families, plans, referrals, trajectories

from tests.web_helpers import CORE_WEB_ROUTES

pytestmark = pytest.mark.gezinsroute_deployment("deployments/demo.toml")

# -- who ----------------------------------------------------------------------------------------
USERS = ("anonymous", "in_scope", "out_of_scope", "teamleider_other", "app_admin", "policy_officer",
         "privacy_officer", "volunteer")
LOGINS = {"in_scope": "gezinsmanager", "out_of_scope": "buitenstaander", "teamleider_other": "leider-elders",
          "app_admin": "beheerder", "policy_officer": "beleid", "privacy_officer": "privacy",
          "volunteer": "vrijwilliger"}

# -- what ---------------------------------------------------------------------------------------
#   public      : anyone
#   signed_in   : any signed-in user; never client data
#   staff       : professionals (worker, teamleider, volunteer coordinator); pseudonymised only
#   case        : one family's data: only a worker in scope
#   case_list   : lists limited by need-to-know (out of scope: an empty list)
#   volunteer_own: the volunteer's own match only
#   team        : teamleider only       audit    : privacy officer only
#   emergency   : break-the-glass roles  aggregate: policy officer and teamleider
#   admin       : app_admin (admin.manage)   admin_view: admin.view (app_admin, privacy officer)
ALLOWED = {
    "public": set(USERS),
    "signed_in": set(USERS) - {"anonymous"},
    "staff": {"in_scope", "out_of_scope", "teamleider_other"},
    "case": {"in_scope"},
    "case_list": {"in_scope", "out_of_scope", "teamleider_other"},
    "volunteer_own": {"volunteer"},
    "team": {"teamleider_other"},
    "audit": {"privacy_officer"},
    "emergency": {"teamleider_other"},
    "aggregate": {"policy_officer", "teamleider_other"},
    "admin": {"app_admin"},
    "admin_view": {"app_admin", "privacy_officer"},
}

CLASSIFICATION = {
    **CORE_WEB_ROUTES,
    # core admin
    "beheer.index": "admin_view", "beheer.static": "public", "core_plugins.index": "admin_view",
    "core_sessions.index": "admin", "core_sessions.revoke": "admin",
    "core_api_tokens.index": "admin", "core_api_tokens.create": "admin", "core_api_tokens.revoke": "admin",
    # systeemgericht
    "systeemgericht.trajectory_page": "case", "systeemgericht.trajectory_post": "case",
    # inwonerskracht
    "inwonerskracht.trajectory": "case", "inwonerskracht.trajectory_factsheet": "case",
    "inwonerskracht.add_help_question": "case", "inwonerskracht.add_match": "case",
    "inwonerskracht.match_action": "case", "inwonerskracht.add_network": "case",
    "inwonerskracht.add_nuisance": "case", "inwonerskracht.add_reflection": "case",
    "inwonerskracht.add_schaduwwerker": "case", "inwonerskracht.acknowledge": "case",
    "inwonerskracht.volunteers": "staff",
    # the casuïstiek pages are pseudonymised (volunteers take part); recording one is for staff (404)
    "inwonerskracht.casuistiek_list": "signed_in", "inwonerskracht.casuistiek": "signed_in",
    "inwonerskracht.my_matches": "volunteer_own", "inwonerskracht.my_match": "volunteer_own",
    # vijfv
    "vijfv.worksheet": "case", "vijfv.act": "case", "vijfv.referrer_report": "case",
    # voorschool_plus
    "voorschool_plus.overview": "signed_in", "voorschool_plus.group_page": "signed_in",
    "voorschool_plus.enrol": "case", "voorschool_plus.care_line": "case", "voorschool_plus.zorgplan": "case",
    "voorschool_plus.handover_consent": "case", "voorschool_plus.move": "case",
    "voorschool_plus.close": "case", "voorschool_plus.breng_haal": "case",
    # klantroute
    "klantroute.new": "case", "klantroute.show": "case", "klantroute.first_answer": "case",
    "klantroute.owner": "case", "klantroute.exploration": "case", "klantroute.step": "case",
    "klantroute.network": "case", "klantroute.partner": "case", "klantroute.steungezin_page": "case",
    "klantroute.jim_page": "case", "klantroute.overview": "case",
    # api
    "api-docs.openapi_json": "public",
    "api_partners.list_partners": "signed_in", "api_partners.get_partner": "signed_in",
    "api_families.list_families": "case_list", "api_trajectories.list_trajectories": "case_list",
    "api_signals.list_signals": "case_list",
    # creating a family or a trajectory needs case.write; what comes back is the caller's own
    "api_families.create_family": "case_list", "api_trajectories.open_trajectory": "case_list",
    "api_assessments.record": "case_list", "api_contacts.record_contact": "case_list",
    "api_contacts.record_meeting": "case_list", "api_plans.create_plan": "case_list",
    "api_referrals.propose": "case_list",
}
# Every other /api/v1 endpoint takes the id of one family's record.
API_PREFIX_KIND = "case"

# Admin views (Flask-Admin) by the data they hold: reference data is for the app admin,
# case data (need-to-know scoped) for case workers.
ADMIN_REFERENCE_VIEWS = {
    "core_partner", "core_municipality", "core_area", "core_worker", "core_team", "core_worker_role",
    "inwonerskracht_volunteer", "voorschool_plus_location", "voorschool_plus_location_partner",
    "voorschool_plus_group", "klantroute_support_family",
}
ADMIN_CASE_VIEWS = {
    "systeemgericht_issues", "systeemgericht_measures", "systeemgericht_immediate_actions",
    "systeemgericht_ffp_sessions", "systeemgericht_evaluations", "systeemgericht_events",
    "systeemgericht_breaches", "inwonerskracht_help_question", "inwonerskracht_match", "inwonerskracht_case",
    "vijfv_pairing", "vijfv_progress", "vijfv_evaluation", "klantroute_question", "klantroute_jim",
    "klantroute_step_exploration", "klantroute_step_move", "klantroute_network_person",
    "klantroute_support_request", "klantroute_support_match", "klantroute_coordinator_visit",
    "klantroute_match_evaluation", "klantroute_jim_evaluation",
}
ADMIN_LIST_ACTIONS = {"index_view", "export", "ajax_lookup", "action_view", "create_view"}
ADMIN_ROW_ACTIONS = {"details_view", "edit_view", "delete_view", "ajax_update"}


def classify(endpoint: str) -> str | None:
    if endpoint in CLASSIFICATION:
        return CLASSIFICATION[endpoint]
    view, _, action = endpoint.partition(".")
    if view in ADMIN_REFERENCE_VIEWS and action in ADMIN_LIST_ACTIONS | ADMIN_ROW_ACTIONS:
        return "admin"
    if view in ADMIN_CASE_VIEWS:
        if action in ADMIN_LIST_ACTIONS:
            return "case_list"
        if action in ADMIN_ROW_ACTIONS:
            return "case"
    if view.startswith("api_"):
        return API_PREFIX_KIND
    return None


# -- the data -----------------------------------------------------------------------------------
IN_SCOPE_NAMES = ("Zwaluwstaart", "Ottoline", "Ybeltje", "Quirijn")
OUT_OF_SCOPE_NAMES = ("Kwartelkoning", "Philomena")


def _worker(username, role, team_key, password_hash):
    worker = Worker.create(username=username, full_name=f"Demo {username}", password_hash=password_hash,
                           team=Team.get(Team.key == team_key), totp_secret=demo.DEMO_TOTP_SECRET)
    WorkerRole.create(worker=worker, role=role)
    return worker


def _consent_all(trajectory, purpose, worker, **recipient):
    from gezinsroute.plugin_api import consent

    for member in trajectory.family.members:
        givers = consent.required_consenters(member)
        if givers:
            consent.record_consent(member, givers, purpose=purpose, **recipient,
                                   valid_from=trajectory.started_on, evidence="test", recorded_by=worker)


def build_world(gz):
    """Demo data plus one family of 'gezinsmanager' with a record of every kind the routes take ids of."""
    from gezinsroute_inwonerskracht import services as ik
    from gezinsroute_inwonerskracht.models import Volunteer
    from gezinsroute_klantroute import jim, route, steungezin
    from gezinsroute_klantroute.models import SupportFamily
    from gezinsroute_voorschool_plus import careline
    from gezinsroute_voorschool_plus.methodology import BRENG_HAAL, ZORGPLAN
    from gezinsroute_voorschool_plus.models import Group

    ids = {}
    with acting_as(SYSTEM):
        demo.generate(gz, families=6, seed=3)
        today = dt.date.today()
        gm = Worker.get(Worker.username == "gezinsmanager")
        gm2 = Worker.get(Worker.username == "gezinsmanager2")
        volunteer_login = Worker.get(Worker.username == "vrijwilliger")
        password = hash_password(demo.DEMO_PASSWORD)
        _worker("buitenstaander", "worker", "team-noord-zuid", password)
        _worker("leider-elders", "teamleider", "team-noord-zuid", password)
        family = families.create_family("Gezin Zwaluwstaart", postcode="1234 AB", area="vb-noord", members=[
            {"role": "parent", "given_name": "Ottoline", "family_name": "Zwaluwstaart", "has_authority": True,
             "birth_date": dt.date(1988, 3, 3)},
            {"role": "child", "given_name": "Ybeltje", "family_name": "Zwaluwstaart",
             "birth_date": today - dt.timedelta(days=3 * 365)},
            {"role": "child", "given_name": "Quirijn", "family_name": "Zwaluwstaart",
             "birth_date": today - dt.timedelta(days=14 * 365)},
        ])
        other = families.create_family("Gezin Kwartelkoning", postcode="1234 AC", area="vb-zuid", members=[
            {"role": "parent", "given_name": "Philomena", "family_name": "Kwartelkoning", "has_authority": True,
             "birth_date": dt.date(1980, 1, 1)}])
        trajectories.open_trajectory(other, "vijfv", responsible=gm2)
        parent, toddler, youth = sorted(family.members, key=lambda m: m.birth_date)
        ids["family_id"] = family.id

        # systeemgericht + inwonerskracht (which extends it)
        sys_t = trajectories.open_trajectory(family, "systeemgericht", responsible=gm)
        ids["trajectory_id"] = sys_t.id
        config = gz.deployment.plugin_config("inwonerskracht")
        _consent_all(sys_t, ik.CONSENT_PURPOSE, gm, recipient_kind=ik.CONSENT_RECIPIENT)
        question = ik.add_help_question(sys_t, config, question="Hulp bij huiswerk", kind="practical",
                                        horizon="short", involve_volunteers=True, worker=gm)
        volunteer = Volunteer.get(Volunteer.worker == volunteer_login.id)
        match = ik.match_volunteer(question, volunteer, config, tasks="huiswerk", approved_by=gm)
        ids["match_id"] = match.id
        ids["signal_id"] = ik.raise_safety_concern(match, worker=volunteer_login, text="zorgen over thuis").id
        meeting = ik.record_casuistiek(config, worker=gm, summary="Overleg")
        ik.discuss_case(meeting, sys_t, config, discussion="besproken")
        ids["meeting_id"] = meeting.id
        ids["api_meeting_id"] = contacts.record_meeting("systeemgericht.ffp_session", trajectory=sys_t,
                                                        worker=gm, summary="FFP").id

        # vijfv
        vijfv_t = trajectories.open_trajectory(family, "vijfv", responsible=gm)
        partner = Partner.get(Partner.key == "homestart")
        _consent_all(vijfv_t, "referral", gm, partner=partner)
        ids["referral_id"] = referrals.propose(vijfv_t, partner, [youth], worker=gm).id

        # voorschool_plus
        group = Group.select().where(Group.kind == "peuterwerk").first()
        vsp_t, _warnings = careline.enrol(toddler, group, worker=gm, source="consultatiebureau",
                                          uses_transport=False, on=today)
        ids["group_id"] = group.id
        ids["location_id"] = group.location_id
        ids["plan_id"] = plans.create_plan(vsp_t, ZORGPLAN, worker=gm,
                                           goals=[{"description": "praten", "member": toddler}]).id
        ids["contact_id"] = contacts.record_contact(family, BRENG_HAAL, trajectory=vsp_t, worker=gm,
                                                    members=[toddler], summary="goed").id

        # klantroute
        kr_t = route.open_route(family, entry_point="school", question_text="Zorgen over school", owner=gm,
                                received_on=today)
        request = steungezin.intake(kr_t, support_needed="een middag", what_matters="rust",
                                    expectations="warm", can_offer="tuin", availability="woensdag")
        support_family = SupportFamily.select().first()
        steungezin.propose(request, support_family)
        jim.register(kr_t, youth=youth, name="Buurvrouw Jim", relation="buurvrouw", chosen_by=youth,
                     birth_date=dt.date(1970, 1, 1), parental_agreement_by=parent,
                     parental_agreement_on=today, jim_consent_on=today)
        ids["trajectories"] = {"systeemgericht": sys_t.id, "inwonerskracht": sys_t.id, "vijfv": vijfv_t.id,
                               "voorschool_plus": vsp_t.id, "klantroute": kr_t.id}
        grant = EmergencyAccess.create(worker=gm2, family=family, reason="x" * 20,
                                       expires_at=dt.datetime(2000, 1, 1))
        ids["grant_id"] = grant.id
        ids["worker_id"] = gm.id
        ids["partner_id"] = partner.id
    return ids


# -- how ----------------------------------------------------------------------------------------
ACTION_ARGS = {"inwonerskracht.match_action": "guidance", "vijfv.act": "progress",
               "systeemgericht.trajectory_post": "measure"}


def url_for_rule(rule, ids) -> str:
    blueprint = rule.endpoint.split(".")[0]
    values = {}
    for arg in rule.arguments:
        if arg == "trajectory_id":
            value = ids["trajectories"].get(blueprint, ids["trajectory_id"])
        elif arg == "meeting_id" and blueprint.startswith("api_"):
            value = ids["api_meeting_id"]  # a family's meeting (the casuïstiek meeting has none)
        elif arg in ids:
            value = ids[arg]
        elif arg == "filename":
            value = "gezinsroute.css"
        elif arg == "export_type":
            value = "csv"
        elif arg in ("action", "form") and rule.endpoint in ACTION_ARGS:
            value = ACTION_ARGS[rule.endpoint]
        else:
            pytest.fail(f"{rule.endpoint} ({rule.rule}): no in-scope value for URL argument '{arg}'; "
                        "teach url_for_rule in tests/test_access_routes_all_plugins.py")
        values[arg] = value
    path = rule.rule
    for arg, value in values.items():
        path = re.sub(r"<(?:[^:<>]+:)?" + arg + ">", str(value), path)
    return path


def admin_row_ids(app, worker) -> dict:
    """For each admin model view, the id of a row of the in-scope family (case data) or any row."""
    from flask import g
    from gezinsroute.access import visible_family_ids
    from gezinsroute_admin.views import SecureModelView

    found = {}
    with app.test_request_context():
        g.worker = worker
        visible = visible_family_ids(worker)
        for view in app.extensions["admin"][0]._views:
            if not isinstance(view, SecureModelView):
                continue
            query = view.model.select().order_by(view.model._meta.primary_key.desc())
            if view.family_scope is not None:
                query = query.where(view.family_scope(visible))
            row = query.first()
            found[view.endpoint] = row._pk if row is not None else None
    return found


def login(client, username):
    response = client.post("/login", data={"username": username, "password": demo.DEMO_PASSWORD})
    assert response.status_code == 302, (username, response.status_code)
    if "/login/code" in response.headers["Location"]:
        code = pyotp.TOTP(demo.DEMO_TOTP_SECRET).now()
        response = client.post("/login/code", data={"code": code})
        assert response.status_code == 302 and "/login" not in response.headers["Location"], username


def test_every_route_of_the_demo_deployment_by_every_user(gz, app):
    ids = build_world(gz)
    gm = Worker.get(Worker.username == "gezinsmanager")
    assert Family.get_by_id(ids["family_id"]).name == "Gezin Zwaluwstaart"
    rules = [r for r in app.url_map.iter_rules() if r.endpoint != "core_auth.logout"]
    unclassified = sorted({r.endpoint for r in rules if classify(r.endpoint) is None})
    assert not unclassified, f"routes nobody classified (add them to CLASSIFICATION): {unclassified}"
    row_ids = admin_row_ids(app, gm)
    requests = []
    for rule in rules:
        url = url_for_rule(rule, ids)
        view, _, action = rule.endpoint.partition(".")
        if action in ADMIN_ROW_ACTIONS and row_ids.get(view) is not None:
            url += f"?id={row_ids[view]}"
        for method in ("GET", "POST", "PATCH"):
            if method in rule.methods:
                requests.append((rule.endpoint, method, url, view in row_ids and row_ids[view]))
    db = gz.database
    leaks, errors = [], []
    walked, succeeded = set(), set()
    for user in USERS:
        client = app.test_client()
        headers = {}
        if user != "anonymous":
            login(client, LOGINS[user])
            worker = Worker.get(Worker.username == LOGINS[user])
            with acting_as(SYSTEM):
                headers = {"Authorization": f"Bearer {create_token(worker, 'walk', 1)}"}
        for endpoint, method, url, row_id in requests:
            kind = classify(endpoint)
            walked.add(endpoint)
            is_api = url.startswith("/api/")
            kwargs = {"headers": headers, "json": {}} if is_api else {"data": {"id": row_id} if row_id else {}}
            with db.atomic() as savepoint:
                try:
                    response = client.open(url, method=method, **kwargs)
                except Exception as exc:  # noqa: BLE001 - reported with the rest below
                    errors.append((user, method, url, repr(exc)[:200]))
                    continue
                finally:
                    savepoint.rollback()
            if not 200 <= response.status_code < 300:
                continue
            succeeded.add((user, endpoint))
            if user not in ALLOWED[kind]:
                leaks.append((user, method, url, response.status_code, kind))
                continue
            body = response.get_data(as_text=True)
            may_see = user == "in_scope" or (kind == "volunteer_own" and user == "volunteer")
            names = OUT_OF_SCOPE_NAMES if may_see else IN_SCOPE_NAMES + OUT_OF_SCOPE_NAMES
            seen = [name for name in names if name in body]
            if kind == "volunteer_own" and user == "volunteer":
                seen = [name for name in seen if name not in ("Zwaluwstaart",)]
            if seen:
                leaks.append((user, method, url, response.status_code, f"client data in body: {seen}"))
    assert len(walked) == len({r.endpoint for r in rules})
    # The walk means something only if the allowed users do get through with these ids.
    expected = [("in_scope", e) for e in (
        "core_cases.family", "systeemgericht.trajectory_page", "inwonerskracht.trajectory", "vijfv.worksheet",
        "voorschool_plus.care_line", "voorschool_plus.group_page", "klantroute.show", "klantroute.steungezin_page",
        "klantroute.jim_page", "api_families.get_family_view", "api_plans.get_plan", "api_contacts.get_meeting",
        "api_referrals.get_referral", "klantroute_support_match.index_view", "klantroute_jim.edit_view")] + [
        ("volunteer", "inwonerskracht.my_match"), ("app_admin", "voorschool_plus_group.edit_view"),
        ("privacy_officer", "core_audit.family_log"), ("teamleider_other", "core_cases.team_signals")]
    missing = [pair for pair in expected if pair not in succeeded]
    assert not missing, f"allowed users did not get a 2xx (is the walk still meaningful?): {missing}"
    assert not leaks, "\n".join(map(str, leaks))
    assert not errors, "\n".join(map(str, errors))
