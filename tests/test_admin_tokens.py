"""API tokens in the admin: only an application admin creates and revokes them."""

import pytest
from gezinsroute.api.tokens import ApiToken, authenticate

from tests.conftest import TOY
from tests.web_helpers import login, make_worker

pytestmark = [pytest.mark.gezinsroute_plugins("toy"), pytest.mark.gezinsroute_extra_plugins(TOY)]


def test_admin_creates_shows_once_and_revokes(gz, client):
    make_worker("beheer", "app_admin")
    koppeling = make_worker("koppeling", "worker")
    assert login(client, "beheer").status_code == 302
    page = client.post("/beheer/api-tokens/create", data={"worker_id": koppeling.id, "name": "Regiesysteem",
                                                          "days": 30})
    assert page.status_code == 200
    plaintext = page.data.decode().split("<pre>")[1].split("</pre>")[0].strip()
    assert authenticate(plaintext).worker_id == koppeling.id
    listing = client.get("/beheer/api-tokens/").data.decode()
    assert "Regiesysteem" in listing and plaintext not in listing
    assert "API-tokens" in listing and "Intrekken" in listing  # Dutch by default
    token = ApiToken.get()
    assert client.post("/beheer/api-tokens/revoke", data={"token_id": token.id}).status_code == 302
    assert authenticate(plaintext) is None
    refused = client.post("/beheer/api-tokens/create", data={"worker_id": koppeling.id, "name": " "})
    assert refused.status_code == 422 and ApiToken.select().count() == 1


def test_workers_cannot_reach_tokens(gz, client):
    make_worker("gewoon", "worker")
    login(client, "gewoon")
    assert client.get("/beheer/api-tokens/").status_code == 404
    assert client.post("/beheer/api-tokens/create", data={"worker_id": 1, "name": "x"}).status_code == 404
