"""Start and drive the test OpenID Provider (provider.mjs): discovery, sign-in, consent."""

import json
import re
import shutil
import socket
import subprocess
import threading
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("provider.mjs")
CLIENT_ID = "integrated-care-tests"
CLIENT_SECRET = "a-client-secret-for-tests-only"
CALLBACK = "http://testserver/sign-in/microsoft/callback/"
NHS_TENANT = "00000000-0000-0000-0000-00000000a1a1"
OTHER_TENANT = "00000000-0000-0000-0000-00000000b2b2"
# Test accounts at the provider, by the login typed on its sign-in page.
ACCOUNTS = {
    "invitee": {"tid": NHS_TENANT, "oid": "oid-invitee", "email": "Jo.Bloggs@nhs.example"},
    "stranger": {"tid": NHS_TENANT, "oid": "oid-stranger", "email": "stranger@nhs.example"},
    "outsider": {"tid": OTHER_TENANT, "oid": "oid-outsider", "email": "outsider@other.example"},
    "member": {"tid": NHS_TENANT, "oid": "oid-member", "email": "sam.member@nhs.example"},
    "impostor": {"tid": NHS_TENANT, "oid": "oid-impostor", "email": "sam.member@nhs.example"},
}
for login, claims in ACCOUNTS.items():
    claims.update(name=f"{login.title()} Person", email_verified=True)
# In another organisation's tenant, with an address nobody verified; and one whose email
# domain's owner Entra ID verified (its optional claim xms_edov).
ACCOUNTS["unvouched"] = {
    "tid": OTHER_TENANT,
    "oid": "oid-unvouched",
    "email": "alex.other@other.example",
    "name": "Alex Other",
    "email_verified": False,
}
ACCOUNTS["vouched"] = ACCOUNTS["unvouched"] | {"oid": "oid-vouched", "xms_edov": True}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_provider():
    """Run provider.mjs on a free port; returns (process, issuer). Fails clearly without Node."""
    node = shutil.which("node")
    if node is None:
        pytest.fail("The OIDC tests need Node.js 20 or newer: install it (apt-get install nodejs).")
    if not (ROOT / "node_modules" / "oidc-provider").is_dir():
        pytest.fail("The OIDC tests need the oidc-provider npm package: run make install (npm ci).")
    port = _free_port()
    env = {
        "PATH": "/usr/bin:/bin",
        "PORT": str(port),
        "OIDC_TEST_CLIENT": json.dumps(
            {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET, "redirect_uris": [CALLBACK]}
        ),
        "OIDC_TEST_ACCOUNTS": json.dumps(ACCOUNTS),
    }
    process = subprocess.Popen(
        [node, str(SCRIPT)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    first_line: list[str] = []
    reader = threading.Thread(target=lambda: first_line.append(process.stdout.readline()))
    reader.start()
    reader.join(timeout=30)
    if not first_line or not first_line[0].startswith("ready "):
        process.kill()
        pytest.fail(f"The test OpenID Provider did not start: {process.stderr.read()[-2000:]}")
    return process, first_line[0].split()[1]


def sign_in(client, login: str, start_url: str):
    """Follow the code flow from ``start_url`` through the provider and back to the app.

    The Django test client plays the browser at the app, a requests session plays it at
    the provider; the provider's sign-in and consent pages are answered by HTTP posts.
    Returns (the app's response to the callback, the authorization request's parameters).
    """
    started = client.get(start_url)
    assert started.status_code == 302, started
    authorize_url = started["Location"]
    browser = requests.Session()
    response = browser.get(authorize_url, allow_redirects=False, timeout=10)
    url = authorize_url
    for _ in range(10):
        assert response.status_code in (302, 303), response.text[:500]
        url = urljoin(url, response.headers["Location"])
        if url.startswith("http://testserver/"):
            break
        if "/interaction/" in url:
            page = browser.get(url, timeout=10)
            prompt = re.search(r'name="prompt" value="(\w+)"', page.text)[1]
            data = {"prompt": prompt, "login": login, "password": "not-checked"}
            response = browser.post(url, data=data, allow_redirects=False, timeout=10)
        else:
            response = browser.get(url, allow_redirects=False, timeout=10)
    else:
        raise AssertionError("The provider never sent the browser back to the app")
    callback = urlsplit(url)
    return client.get(f"{callback.path}?{callback.query}"), parse_qs(urlsplit(authorize_url).query)
