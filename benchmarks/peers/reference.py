"""A plain-Python implementation of the benchmark's decision, the oracle.

Allow iff the key exists, is active, the request time is before expires_at,
the client address is inside one of the key's CIDRs, the scope is granted,
and the request is not files:write before 06:00 UTC. Every engine's decisions
are compared with this one. It parses each request's address and time the way
the engines do, so it is also timed as a fourth, unoptimized engine.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone

from workload import NIGHT_END_HOUR, NIGHT_SCOPE, Key, Request

ALLOW = "allow"
DENY = "deny"


@dataclass(frozen=True)
class _PreparedKey:
    revoked: bool
    expires_at: datetime
    scopes: frozenset[str]
    networks: tuple[ipaddress.IPv4Network, ...]


class ReferenceEngine:
    """Decides requests against keys held in dictionaries."""

    def __init__(self, keys: Iterable[Key]):
        self._keys = {
            key.id: _PreparedKey(
                revoked=key.revoked,
                expires_at=key.expires_at,
                scopes=frozenset(key.scopes),
                networks=tuple(ipaddress.IPv4Network(cidr) for cidr in key.networks),
            )
            for key in keys
        }

    def decide(self, request: Request) -> str:
        """Return "allow" or "deny" for one request."""
        key = self._keys.get(request.key_id)
        if key is None or key.revoked:
            return DENY

        time = datetime.fromisoformat(request.time).astimezone(timezone.utc)
        if time >= key.expires_at or request.scope not in key.scopes:
            return DENY

        peer = ipaddress.IPv4Address(request.peer)
        if not any(peer in network for network in key.networks):
            return DENY
        if request.scope == NIGHT_SCOPE and time.hour < NIGHT_END_HOUR:
            return DENY
        return ALLOW

    def decide_all(self, requests: Iterable[Request]) -> list[str]:
        """Return the decision for each request, in order."""
        return [self.decide(request) for request in requests]
