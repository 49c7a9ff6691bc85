"""The shared workload of the peer benchmark: keys and requests.

One deterministic generator builds the keys (scopes, IPv4 allowlists, expiry,
status) and a request mix aimed at every way a request can be allowed or
denied. generate.py turns this workload into each engine's own format, and
reference.py decides it in plain Python. Only the standard library is used, so
the generator runs without the benchmark's virtual environment.
"""

from __future__ import annotations

import ipaddress
import random
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

SCOPES = (
    "chat:completions",
    "chat:stream",
    "completions:create",
    "embeddings:create",
    "images:generate",
    "images:edit",
    "audio:transcribe",
    "audio:speech",
    "moderations:create",
    "files:read",
    "files:write",
    "files:delete",
    "batches:create",
    "batches:read",
    "fine_tuning:create",
    "fine_tuning:read",
    "models:read",
    "usage:read",
    "admin:keys",
    "admin:billing",
)

NIGHT_SCOPE = "files:write"
NIGHT_END_HOUR = 6
MODEL_ID = "bench-model"

# Every request falls on this UTC day, so key expiry is decided against it.
REQUEST_DAY = datetime(2026, 12, 4, tzinfo=timezone.utc)
SECONDS_PER_DAY = 86_400

# Share of requests per category; the rest of the mix is "allowed".
CATEGORY_SHARES = (
    ("denied_scope", 0.10),
    ("denied_network", 0.10),
    ("denied_expired", 0.08),
    ("denied_rule", 0.07),
    ("denied_revoked", 0.06),
    ("unknown_key", 0.07),
    ("boundary", 0.08),
)


@dataclass(frozen=True)
class Key:
    """One API key, with the fields that every engine decides on."""

    id: str
    scopes: tuple[str, ...]
    networks: tuple[str, ...]
    created_at: datetime
    expires_at: datetime
    revoked: bool


@dataclass(frozen=True)
class Request:
    """One request, with the category the generator aimed it at."""

    key_id: str
    peer: str
    time: str
    scope: str
    category: str


@dataclass(frozen=True)
class Workload:
    """Keys and requests built from one (key count, seed) pair."""

    keys: tuple[Key, ...]
    requests: tuple[Request, ...]


def build_workload(key_count: int, request_count: int, seed: int) -> Workload:
    """Build the keys and the request mix, the same for the same arguments."""
    rng = random.Random(seed)
    keys = tuple(_make_key(rng, index) for index in range(1, key_count + 1))
    pools = _KeyPools(keys)
    requests = tuple(_make_request(rng, pools, key_count) for _ in range(request_count))
    return Workload(keys=keys, requests=requests)


def format_time(moment: datetime) -> str:
    """Format a UTC moment as RFC 3339 with a Z suffix and whole seconds."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


# MARK: - Keys


def _make_key(rng: random.Random, index: int) -> Key:
    scopes = set(rng.sample(SCOPES, rng.randint(2, 8)))
    if rng.random() < 0.3:
        scopes.add(NIGHT_SCOPE)
    networks = tuple(_make_network(rng) for _ in range(rng.randint(1, 3)))
    created_at = datetime(2026, 1, 1, tzinfo=timezone.utc) + timedelta(seconds=rng.randrange(300 * SECONDS_PER_DAY))
    return Key(
        id=f"key-{index}",
        scopes=tuple(scope for scope in SCOPES if scope in scopes),
        networks=networks,
        created_at=created_at,
        expires_at=_make_expiry(rng, created_at),
        revoked=rng.random() < 0.05,
    )


def _make_network(rng: random.Random) -> str:
    """Return an IPv4 CIDR inside 10.0.0.0/8, mostly a /24."""
    second, third = rng.randrange(256), rng.randrange(256)
    draw = rng.random()
    if draw < 0.70:
        return f"10.{second}.{third}.0/24"
    if draw < 0.85:
        return f"10.{second}.{third}.{rng.randrange(16) * 16}/28"
    if draw < 0.95:
        return f"10.{second}.0.0/16"
    return f"10.{second}.{third}.{rng.randrange(1, 255)}/32"


def _make_expiry(rng: random.Random, created_at: datetime) -> datetime:
    """Return an expiry: mostly next year, some past, a few on the request day."""
    draw = rng.random()
    if draw < 0.12:
        latest = REQUEST_DAY - timedelta(seconds=1)
        span = max(1, int((latest - created_at).total_seconds()) - SECONDS_PER_DAY)
        return created_at + timedelta(seconds=SECONDS_PER_DAY + rng.randrange(span))
    if draw < 0.15:
        return REQUEST_DAY + timedelta(seconds=rng.randrange(1, SECONDS_PER_DAY))
    return datetime(2027, 1, 1, tzinfo=timezone.utc) + timedelta(seconds=rng.randrange(365 * SECONDS_PER_DAY))


class _KeyPools:
    """Keys grouped by what a request against them can test."""

    def __init__(self, keys: tuple[Key, ...]):
        day_end = REQUEST_DAY + timedelta(days=1)
        self.usable = [key for key in keys if not key.revoked and key.expires_at >= day_end]
        self.night_writers = [key for key in self.usable if NIGHT_SCOPE in key.scopes]
        self.expired = [key for key in keys if not key.revoked and key.expires_at <= REQUEST_DAY]
        self.expiring_today = [
            key for key in keys if not key.revoked and REQUEST_DAY < key.expires_at < day_end
        ]
        self.revoked = [key for key in keys if key.revoked]
        for name in ("usable", "night_writers", "expired", "expiring_today", "revoked"):
            if not getattr(self, name):
                raise ValueError(f"no {name.replace('_', ' ')} keys: use more keys (at least 200)")


# MARK: - Requests


def _make_request(rng: random.Random, pools: _KeyPools, key_count: int) -> Request:
    category = _draw_category(rng)
    if category == "boundary":
        return _make_boundary_request(rng, pools)
    if category == "unknown_key":
        key = rng.choice(pools.usable)
        unknown_id = rng.choice((f"key-{key_count + 1 + rng.randrange(key_count)}", f"key-{rng.randrange(10**6)}x"))
        return _request(key, category, key_id=unknown_id, time=_random_time(rng, NIGHT_END_HOUR, 24), peer=_inside(rng, key))
    if category == "denied_rule":
        key = rng.choice(pools.night_writers)
        return _request(key, category, scope=NIGHT_SCOPE, time=_random_time(rng, 0, NIGHT_END_HOUR), peer=_inside(rng, key))
    if category == "denied_scope":
        key = rng.choice(pools.usable)
        scope = rng.choice([scope for scope in SCOPES if scope not in key.scopes])
        return _request(key, category, scope=scope, time=_random_time(rng, 0, 24), peer=_inside(rng, key))

    key = rng.choice({"denied_expired": pools.expired, "denied_revoked": pools.revoked}.get(category, pools.usable))
    scope = rng.choice(key.scopes)
    first_hour = NIGHT_END_HOUR if scope == NIGHT_SCOPE else 0
    peer = _outside(rng, key) if category == "denied_network" else _inside(rng, key)
    return _request(key, category, scope=scope, time=_random_time(rng, first_hour, 24), peer=peer)


def _draw_category(rng: random.Random) -> str:
    draw = rng.random()
    for category, share in CATEGORY_SHARES:
        if draw < share:
            return category
        draw -= share
    return "allowed"


def _make_boundary_request(rng: random.Random, pools: _KeyPools) -> Request:
    """Return a request on an edge: expiry instant, 06:00, or a CIDR's ends."""
    case = rng.randrange(6)
    if case < 2:
        key = rng.choice(pools.expiring_today)
        scope = next((scope for scope in key.scopes if scope != NIGHT_SCOPE), key.scopes[0])
        moment = key.expires_at - timedelta(seconds=case)
        return _request(key, "boundary", scope=scope, time=format_time(moment), peer=_inside(rng, key))
    if case < 4:
        key = rng.choice(pools.night_writers)
        moment = REQUEST_DAY + timedelta(hours=NIGHT_END_HOUR, seconds=case - 3)
        return _request(key, "boundary", scope=NIGHT_SCOPE, time=format_time(moment), peer=_inside(rng, key))

    key = rng.choice(pools.usable)
    network = ipaddress.IPv4Network(rng.choice(key.networks))
    scope = next((scope for scope in key.scopes if scope != NIGHT_SCOPE), key.scopes[0])
    edge = network.network_address if case == 4 else network.broadcast_address
    # One past the broadcast address is usually outside every CIDR of the key.
    if case == 5 and rng.random() < 0.5 and int(edge) < int(ipaddress.IPv4Address("10.255.255.255")):
        edge = edge + 1
    return _request(key, "boundary", scope=scope, time=_random_time(rng, NIGHT_END_HOUR, 24), peer=str(edge))


def _request(key: Key, category: str, *, key_id: str | None = None, scope: str | None = None,
             time: str | None = None, peer: str | None = None) -> Request:
    return Request(
        key_id=key_id or key.id,
        peer=peer or key.networks[0].split("/")[0],
        time=time or format_time(REQUEST_DAY + timedelta(hours=12)),
        scope=scope or key.scopes[0],
        category=category,
    )


def _random_time(rng: random.Random, first_hour: int, end_hour: int) -> str:
    """Return a whole-second time on the request day in [first_hour, end_hour)."""
    second = rng.randrange(first_hour * 3600, end_hour * 3600)
    return format_time(REQUEST_DAY + timedelta(seconds=second))


def _inside(rng: random.Random, key: Key) -> str:
    network = ipaddress.IPv4Network(rng.choice(key.networks))
    return str(network.network_address + rng.randrange(network.num_addresses))


def _outside(rng: random.Random, key: Key) -> str:
    """Return an address in 10.0.0.0/8 outside every network of the key."""
    networks = [ipaddress.IPv4Network(cidr) for cidr in key.networks]
    while True:
        address = ipaddress.IPv4Address(f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(256)}")
        if not any(address in network for network in networks):
            return str(address)
