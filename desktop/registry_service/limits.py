"""Rate limits on the guessable steps (verify, sign-in), per client and in total.

Token buckets in memory, checked before the registry is asked: a burst is answered at once
with 429 and Retry-After instead of queueing on the database. They sit on top of the
registry's per-document and per-account lockouts, which hold across processes; these hold per
service process.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from desktop.registry_service.settings import Limits

# Buckets of this many clients at most; the least recently seen is forgotten first (a full
# bucket is what a forgotten client gets back, so forgetting never locks anyone out).
MAX_CLIENTS = 100_000


@dataclass
class _Bucket:
    tokens: float
    stamp: float


class TokenBucket:
    def __init__(self, burst: int, rate: float, clock: Callable[[], float]) -> None:
        self.burst = burst
        self.rate = rate
        self._clock = clock

    def new(self) -> _Bucket:
        return _Bucket(float(self.burst), self._clock())

    def take(self, bucket: _Bucket) -> float:
        """0 when a token was taken, else the seconds until one is there."""
        now = self._clock()
        bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.stamp) * self.rate)
        bucket.stamp = now
        if bucket.tokens >= 1:
            bucket.tokens -= 1
            return 0.0
        return (1 - bucket.tokens) / self.rate


class RateLimiter:
    """`check(client)`: None when the request may go on, else seconds to wait (Retry-After)."""

    def __init__(self, limits: Limits, clock: Callable[[], float] = time.monotonic) -> None:
        self._per_client = TokenBucket(limits.per_client_burst, limits.per_client_rate, clock)
        self._total_rule = TokenBucket(limits.total_burst, limits.total_rate, clock)
        self._total = self._total_rule.new()
        self._clients: OrderedDict[str, _Bucket] = OrderedDict()
        self._lock = threading.Lock()

    def check(self, client: str) -> int | None:
        with self._lock:
            bucket = self._clients.pop(client, None) or self._per_client.new()
            self._clients[client] = bucket
            if len(self._clients) > MAX_CLIENTS:
                self._clients.popitem(last=False)
            wait = self._per_client.take(bucket)
            if wait:
                return max(1, math.ceil(wait))
            wait = self._total_rule.take(self._total)
            if wait:
                bucket.tokens += 1  # the client's token was not used
                return max(1, math.ceil(wait))
            return None
