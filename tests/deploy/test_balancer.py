"""Two app replicas behind a real HAProxy on loopback: health, affinity, a replica lost.

Started by the test itself (tests/deploy/cluster.py): the production Streamlit settings
(deploy/streamlit/config.toml) and the balancer configuration of sistermap/deploy.py. Slow
(processes and Chromium), so marked ``browser`` and kept to two tests. Skipped without
HAProxy, except where SISTERMAP_REQUIRE_HAPROXY=1 (CI), where that is a failure.
"""

from __future__ import annotations

import os
import urllib.error
import urllib.request

import pytest

from sistermap import deploy
from tests.browser import offline
from tests.browser.conftest import close_page, map_frame, open_page
from tests.conftest import MINI
from tests.deploy.cluster import Cluster, haproxy_available

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def cluster():
    if not haproxy_available():
        message = "HAProxy is missing (apt-get install haproxy)"
        if os.environ.get("SISTERMAP_REQUIRE_HAPROXY") == "1":
            pytest.fail(message)
        pytest.skip(message)
    c = Cluster(MINI, replicas=2)
    yield c
    c.stop()


def test_health_goes_through_the_balancer_and_pins_the_reader(cluster):
    assert cluster.status() == {"app1": "UP", "app2": "UP"}
    with urllib.request.urlopen(cluster.url + deploy.HEALTH_PATH, timeout=10) as r:
        assert r.status == 200
        cookies = r.headers.get_all("Set-Cookie")
    assert any(c.split(";")[0] in ("SERVERID=app1", "SERVERID=app2") for c in cookies)


def test_the_map_draws_through_the_balancer_and_after_its_replica_is_lost(cluster, browser,
                                                                          request):
    if not offline.available():
        pytest.skip("Chromium (/usr/bin/chromium) is missing")
    context, pg = open_page(browser, request)
    try:
        pg.goto(cluster.url + "/", wait_until="domcontentloaded")
        map_frame(pg)
        # The production settings: readers get the viewer toolbar, no "Deploy" button.
        assert pg.locator("[data-testid='stAppDeployButton']").count() == 0
        serving = next(c["value"] for c in context.cookies() if c["name"] == "SERVERID")
        lost = int(serving.removeprefix("app")) - 1
        cluster.kill(lost)
        want = ["UP", "UP"]
        want[lost] = "DOWN"
        cluster.wait_status(want)
        # The browser still holds the cookie of the lost replica: a fresh load is
        # redispatched to the healthy one, and the map draws there.
        pg.goto(cluster.url + "/", wait_until="domcontentloaded")
        map_frame(pg)
        now = next(c["value"] for c in context.cookies() if c["name"] == "SERVERID")
        assert now != serving
    finally:
        close_page(context, pg, request)


@pytest.mark.parametrize("length", [10_000, 100_000])
def test_an_address_too_long_gets_a_page_that_says_so(cluster, length):
    """Behind the balancer, an address over 8,192 characters gets a page that says why and
    links back to the map (issue #23); the app's own server answers beyond ~1 MB with a
    one-line 400 only (tests/browser/test_hostile_links.py)."""
    url = cluster.url + "/?city=" + "x" * length
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(url, timeout=10)
    page = caught.value.read().decode("utf-8")
    assert caught.value.code == 414
    assert "This address is too long or not understood" in page and "href='/'" in page
    assert "xxxx" not in page  # nothing of the address is shown back
