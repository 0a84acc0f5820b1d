"""The public feedback form's rate limit: django-ratelimit counting in our own database table.

django-ratelimit needs a cache that every app server shares and that increments
atomically. The app's cache is Django's database cache, which is shared but increments
by reading and then writing, so two servers can both read 29 and both write 30: the
limit would let more through than it says (django-ratelimit's own check, E003, refuses
that backend). Rather than add Redis or memcached just for this, ``CounterCache`` keeps
whole-number counters in a table of their own and changes them with single SQL
statements (an insert that does nothing if the key exists, an ``UPDATE ... SET count =
count + 1 ... RETURNING count``), which are atomic on PostgreSQL and SQLite alike.
"""

import ipaddress
import random
import time

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.db import connections

from .models import RateLimitCounter

# Delete lapsed counters on about one new counter in this many.
CULL_EVERY = 100
# "Never expires" for a counter: far enough ahead, and still a plain number.
FOREVER = 10**12


def client_address(group, request) -> str:
    """The address to count requests against (django-ratelimit's ``key`` callable).

    Behind ``DJANGO_PROXY_COUNT`` reverse proxies, the address the outermost of ours saw:
    the entry that many places from the end of X-Forwarded-For, which a client cannot
    forge. IPv6 addresses count by their /64 network, as one household's devices share it.
    """
    address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.FEEDBACK_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            address = forwarded[-proxies]
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return "unknown"
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False).network_address)
    return str(ip)


def feedback_rate(group, request) -> str:
    """The limit from settings (``DJANGO_FEEDBACK_RATE``), read per request."""
    return settings.FEEDBACK_RATE


class CounterCache(BaseCache):
    """A cache of whole numbers with atomic ``add`` and ``incr``, for django-ratelimit only."""

    def __init__(self, location, params):
        super().__init__(params)
        self.using = location or "default"

    def _table(self, connection) -> str:
        return connection.ops.quote_name(RateLimitCounter._meta.db_table)

    def _expiry(self, timeout) -> float:
        expiry = self.get_backend_timeout(timeout)
        return float(FOREVER if expiry is None else expiry)

    def _run(self, sql: str, params: list):
        connection = connections[self.using]
        with connection.cursor() as cursor:
            cursor.execute(sql.format(table=self._table(connection)), params)
            return cursor.rowcount, (cursor.fetchone() if "RETURNING" in sql else None)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        now = time.time()
        # Inserts, or takes over a lapsed counter; leaves a live one alone (rowcount 0).
        added, _ = self._run(
            "INSERT INTO {table} (key, count, expires_at) VALUES (%s, %s, %s) "
            "ON CONFLICT (key) DO UPDATE SET count = excluded.count, "
            "expires_at = excluded.expires_at WHERE {table}.expires_at <= %s",
            [key, int(value), self._expiry(timeout), now],
        )
        if added and random.randrange(CULL_EVERY) == 0:  # noqa: S311 - housekeeping only
            self._run("DELETE FROM {table} WHERE expires_at <= %s", [now])
        return bool(added)

    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version=version)
        connection = connections[self.using]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT count FROM {self._table(connection)} "  # noqa: S608 - our table name
                "WHERE key = %s AND expires_at > %s",
                [key, time.time()],
            )
            row = cursor.fetchone()
        return default if row is None else row[0]

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None) -> None:
        key = self.make_and_validate_key(key, version=version)
        self._run(
            "INSERT INTO {table} (key, count, expires_at) VALUES (%s, %s, %s) "
            "ON CONFLICT (key) DO UPDATE SET count = excluded.count, "
            "expires_at = excluded.expires_at",
            [key, int(value), self._expiry(timeout)],
        )

    def incr(self, key, delta=1, version=None) -> int:
        key = self.make_and_validate_key(key, version=version)
        _, row = self._run(
            "UPDATE {table} SET count = count + %s WHERE key = %s AND expires_at > %s "
            "RETURNING count",
            [int(delta), key, time.time()],
        )
        if row is None:
            raise ValueError(f"Key '{key}' not found")
        return row[0]

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        touched, _ = self._run(
            "UPDATE {table} SET expires_at = %s WHERE key = %s AND expires_at > %s",
            [self._expiry(timeout), key, time.time()],
        )
        return bool(touched)

    def delete(self, key, version=None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        deleted, _ = self._run("DELETE FROM {table} WHERE key = %s", [key])
        return bool(deleted)

    def clear(self) -> None:
        self._run("DELETE FROM {table}", [])
