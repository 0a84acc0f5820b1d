"""The public form's rate limit: whose address is counted, and counters that never lose a count."""

import threading
import time

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test import RequestFactory
from django_ratelimit.core import is_ratelimited

from tests.fresh_django import run_django
from voice.models import RateLimitCounter
from voice.ratelimit import client_address

pytestmark = pytest.mark.django_db


def _request(remote="203.0.113.9", forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/feedback/x/who/", **meta)


def test_without_proxies_the_connecting_address_counts(settings):
    """X-Forwarded-For is ignored unless proxies are configured: anyone can send it."""
    settings.FEEDBACK_PROXY_COUNT = 0
    assert client_address("g", _request(forwarded="198.51.100.1")) == "203.0.113.9"


def test_behind_a_proxy_the_address_it_saw_counts(settings):
    """With one proxy, the last entry (added by our proxy) counts, not what the client wrote."""
    settings.FEEDBACK_PROXY_COUNT = 1
    request = _request(remote="10.0.0.2", forwarded="1.2.3.4, 198.51.100.1")
    assert client_address("g", request) == "198.51.100.1"
    settings.FEEDBACK_PROXY_COUNT = 2
    assert client_address("g", request) == "1.2.3.4"
    # Fewer entries than proxies (a request that bypassed one): the connecting address.
    settings.FEEDBACK_PROXY_COUNT = 3
    assert client_address("g", request) == "10.0.0.2"


def test_unreadable_and_ipv6_addresses(settings):
    """Garbage counts as one shared 'unknown' address; IPv6 by its /64 network."""
    settings.FEEDBACK_PROXY_COUNT = 1
    assert client_address("g", _request(forwarded="not-an-address")) == "unknown"
    one = client_address("g", _request(forwarded="2001:db8:1:2::5"))
    two = client_address("g", _request(forwarded="2001:db8:1:2:ffff::9"))
    assert one == two == "2001:db8:1:2::"


def test_counter_cache_add_get_incr_and_expiry():
    """add only when absent or lapsed; incr is exact; a lapsed counter reads as absent."""
    cache = caches["ratelimit"]
    assert cache.add("k", 1, 60) is True
    assert cache.add("k", 1, 60) is False
    assert cache.incr("k") == 2 and cache.incr("k", 5) == 7
    assert cache.get("k") == 7
    RateLimitCounter.objects.filter(key__endswith="k").update(expires_at=time.time() - 1)
    assert cache.get("k", "gone") == "gone"
    with pytest.raises(ValueError):
        cache.incr("k")
    assert cache.add("k", 1, 60) is True and cache.get("k") == 1
    cache.set("k", 40, 60)
    assert cache.get("k") == 40
    assert cache.touch("k", 120) is True
    assert cache.delete("k") is True and cache.get("k") is None
    cache.set("forever", 1, None)
    assert cache.get("forever") == 1
    cache.clear()
    assert not RateLimitCounter.objects.exists()


def test_django_ratelimit_counts_exactly_with_it(settings, one_rate_window):
    """Five allowed a minute: the sixth request is limited, another address is not."""
    request = _request()
    limited = [
        is_ratelimited(request, group="t", key=client_address, rate="5/m", increment=True)
        for _ in range(7)
    ]
    assert limited == [False] * 5 + [True, True]
    other = _request(remote="203.0.113.10")
    assert not is_ratelimited(other, group="t", key=client_address, rate="5/m", increment=True)


def test_ratelimit_uses_the_atomic_counters():
    """django-ratelimit is pointed at the counter table, not the database cache."""
    assert settings.RATELIMIT_USE_CACHE == "ratelimit"
    assert settings.CACHES["ratelimit"]["BACKEND"] == "voice.ratelimit.CounterCache"


@pytest.mark.django_db(transaction=True)
def test_parallel_increments_are_never_lost():
    """Eight threads on their own connections add 25 each: the count is exactly 200.

    The database cache (read, then write) loses counts this way; the counter table must not.
    """
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("In-memory SQLite cannot hold parallel writers; this runs on PostgreSQL.")
    cache = caches["ratelimit"]
    cache.add("parallel", 0, 60)
    barrier = threading.Barrier(8, timeout=30)
    errors = []

    def work():
        try:
            barrier.wait()
            for _ in range(25):
                cache.incr("parallel")
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert cache.get("parallel") == 200


def _start(**env):
    """Start Django (DEBUG on) in a fresh process with only these DJANGO_ variables; print the
    feedback rate."""
    return run_django(
        "from django.conf import settings; print(settings.FEEDBACK_RATE)",
        clear="DJANGO_",
        **env,
        DJANGO_DEBUG="true",
    )


def test_the_rate_comes_from_the_environment():
    """DJANGO_FEEDBACK_RATE sets the limit; something unreadable stops the app at once."""
    assert _start().stdout.strip() == "30/m"
    assert _start(DJANGO_FEEDBACK_RATE="100/h").stdout.strip() == "100/h"
    refused = _start(DJANGO_FEEDBACK_RATE="lots")
    assert refused.returncode != 0
    assert "DJANGO_FEEDBACK_RATE must look like 30/m" in refused.stderr
