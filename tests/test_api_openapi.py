"""The OpenAPI document matches the routes, and schema-driven fuzzing never gets a 5xx."""

import os
import re

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.api_helpers import World
from tests.conftest import TOY

pytestmark = [pytest.mark.gezinsroute_plugins("toy"), pytest.mark.gezinsroute_extra_plugins(TOY)]

SPEC_URL = "/api/v1/openapi.json"
EXAMPLES = int(os.environ.get("GEZINSROUTE_API_FUZZ_EXAMPLES", "25"))


def _openapi_path(rule: str) -> str:
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule)


def test_every_api_route_is_in_the_spec(gz, app, client):
    spec = client.get(SPEC_URL).get_json()
    documented = {(path, method.upper()) for path, ops in spec["paths"].items() for method in ops
                  if method in ("get", "post", "put", "patch", "delete")}
    routed = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/") or rule.rule == SPEC_URL:  # the document itself
            continue
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            routed.add((_openapi_path(rule.rule), method))
    assert routed, "no API routes registered"
    assert routed == documented
    for path, ops in spec["paths"].items():
        for method, op in ops.items():
            if method in ("get", "post", "patch"):
                assert op.get("responses"), (path, method)


def test_fuzz_no_server_errors(gz, app):
    """Random (valid and invalid) requests for every operation, with real and made-up ids:
    any 5xx fails, and every error answer has the JSON error format."""
    w = World()
    real_ids = {
        "family_id": [w.mine.id, w.theirs.id], "trajectory_id": [w.my_trajectory.id, w.their_trajectory.id],
        "member_id": [m.id for m in w.mine.members], "partner_id": [1, 2],
        "plan_id": [1], "referral_id": [1], "contact_id": [1], "meeting_id": [1], "signal_id": [1, 2],
    }
    schema = schemathesis.openapi.from_wsgi(SPEC_URL, app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 20
    failures, statuses = [], []

    def fuzz(operation):
        strategy = st.one_of(operation.as_strategy(schemathesis.GenerationMode.POSITIVE),
                             operation.as_strategy(schemathesis.GenerationMode.NEGATIVE))

        @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        @given(case=strategy, use_real=st.booleans(), pick=st.integers(min_value=0, max_value=1))
        def check(case, use_real, pick):
            if use_real:
                for name in list(case.path_parameters or {}):
                    if name in real_ids:
                        case.path_parameters[name] = real_ids[name][pick % len(real_ids[name])]
                if isinstance(case.body, dict):
                    for name in list(case.body):
                        if name in real_ids:
                            case.body[name] = real_ids[name][pick % len(real_ids[name])]
            response = case.call(headers=dict(w.alice_auth))
            statuses.append(response.status_code)
            if response.status_code >= 500:
                failures.append((operation.method, operation.path, case.path_parameters, case.query,
                                 case.body, response.status_code, response.text[:300]))
            elif response.status_code >= 400:
                body = response.json()
                assert isinstance(body.get("errors"), list) and body["errors"], (operation.path, body)
                assert "Traceback" not in response.text and "SELECT" not in response.text

        check()

    for operation in operations:
        fuzz(operation)
    assert not failures, failures[:5]
    assert {200, 201, 404, 422} <= set(statuses)  # the fuzzing reached the services, not only validation
