"""Runners that load one engine, decide a batch of requests and time it.

Each runner returns a Measurement: the decisions of an untimed warm-up run,
the setup time, and the wall time of each timed run of the whole batch. The
OPA runner talks to libopabridge.so from the opa-golib-python-bindings wheel
through ctypes. The Cedar runner uses cedarpy. The policyc runners start the
`policyc` and `policyc-bench` programs.
"""

from __future__ import annotations

import ctypes
import gc
import json
import re
import subprocess
import time
from collections.abc import Callable
from typing import Any
from dataclasses import dataclass, field
from pathlib import Path

from reference import ReferenceEngine
from workload import Key, Request


@dataclass
class Measurement:
    """Decisions and timings of one engine on one batch."""

    engine: str
    decisions: list[str]
    setup_seconds: float | None
    batch_seconds: list[float]
    includes: str
    # Named parts of the batch time, in seconds, when the runner can split it.
    parts: dict[str, float] = field(default_factory=dict)
    # A per-decision time the engine measured itself, in seconds.
    reported_per_decision: float | None = None


def time_batches(run_batch: Callable[[], Any], repetitions: int, expected: list[str],
                 decode: Callable[[Any], list[str]] = lambda decisions: decisions) -> list[float]:
    """Time `run_batch` `repetitions` times with the garbage collector paused.

    `decode` turns what `run_batch` returns into decisions after the timer
    stops. Raises RuntimeError when a timed run decides differently from the
    warm-up.
    """
    timings = []
    for _ in range(repetitions):
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            output = run_batch()
            timings.append(time.perf_counter() - start)
        finally:
            gc.enable()
        if decode(output) != expected:
            raise RuntimeError("a timed run decided differently from the warm-up run")
    return timings


def median(values: list[float]) -> float:
    """Return the median of a non-empty list."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


# MARK: - Reference


def run_reference(keys: tuple[Key, ...], requests: list[dict], repetitions: int) -> Measurement:
    """Decide with the plain-Python oracle; it parses each address and time."""
    start = time.perf_counter()
    engine = ReferenceEngine(keys)
    setup = time.perf_counter() - start
    batch = [Request(r["key_id"], r["peer"], r["time"], r["scope"], "") for r in requests]
    decisions = engine.decide_all(batch)
    timings = time_batches(lambda: engine.decide_all(batch), repetitions, decisions)
    return Measurement(
        engine="python reference",
        decisions=decisions,
        setup_seconds=setup,
        batch_seconds=timings,
        includes="plain CPython loop over request objects; parses each time and address with the standard library",
    )


# MARK: - OPA


class OpaBridge:
    """One OPA engine inside libopabridge.so, called through ctypes.

    Each fallible call returns a malloc'd JSON envelope, {"result": ...} or
    {"error": {"code", "message"}}, that the caller frees with OpaFreeString.
    """

    def __init__(self, library: Path):
        self._lib = ctypes.CDLL(str(library))
        self._declare()
        self._handle = self._lib.OpaNew()

    def _declare(self) -> None:
        lib = self._lib
        lib.OpaNew.restype = ctypes.c_uint64
        lib.OpaNew.argtypes = []
        lib.OpaDestroy.restype = None
        lib.OpaDestroy.argtypes = [ctypes.c_uint64]
        lib.OpaFreeString.restype = None
        lib.OpaFreeString.argtypes = [ctypes.c_void_p]
        for name in ("OpaAddPolicy", "OpaAddData"):
            getattr(lib, name).restype = ctypes.c_void_p
            getattr(lib, name).argtypes = [ctypes.c_uint64, ctypes.c_char_p, ctypes.c_char_p]
        # Query, input JSON, then two ints: collect coverage, collect a trace.
        lib.OpaEvalQuery.restype = ctypes.c_void_p
        lib.OpaEvalQuery.argtypes = [ctypes.c_uint64, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_int]

    def add_policy(self, name: str, source: str) -> None:
        """Add a Rego module under `name`."""
        self._envelope(self._lib.OpaAddPolicy(self._handle, name.encode(), source.encode()))

    def add_data(self, document: bytes) -> None:
        """Merge a JSON document into the root of `data`."""
        self._envelope(self._lib.OpaAddData(self._handle, b"", document))

    def eval_query_raw(self, query: bytes, input_document: bytes) -> bytes:
        """Evaluate a query and return the envelope's JSON text unparsed.

        The engine prepares each distinct query once and caches it, so only
        the first call with a query string pays for compiling it.
        """
        pointer = self._lib.OpaEvalQuery(self._handle, query, input_document, 0, 0)
        return self._take(pointer)

    def close(self) -> None:
        """Release the engine."""
        self._lib.OpaDestroy(self._handle)

    def _take(self, pointer: int | None) -> bytes:
        if not pointer:
            raise RuntimeError("libopabridge returned NULL")
        try:
            return ctypes.string_at(pointer)
        finally:
            self._lib.OpaFreeString(pointer)

    def _envelope(self, pointer: int | None) -> dict:
        envelope = json.loads(self._take(pointer))
        if envelope.get("error"):
            raise RuntimeError(f"OPA error: {envelope['error']}")
        return envelope


OPA_QUERY = b"decisions = data.gateway.decisions"
OPA_PRELOADED_QUERY = b"decisions = data.gateway.preloaded_decisions"


def run_opa(library: Path, folder: Path, requests: list[dict], repetitions: int) -> list[Measurement]:
    """Decide the whole batch in one Rego query per run, timing each step.

    The second measurement evaluates the same rule over requests stored in
    `data` beforehand, which leaves out the input's JSON round trip.
    """
    start = time.perf_counter()
    bridge = OpaBridge(library)
    bridge.add_policy("gateway.rego", (folder / "gateway.rego").read_text())
    bridge.add_data((folder / "data.json").read_bytes())
    decisions = _opa_decode(bridge.eval_query_raw(OPA_QUERY, _opa_encode(requests)))
    setup = time.perf_counter() - start

    parts: dict[str, list[float]] = {
        "encode input (Python json), median": [],
        "OpaEvalQuery, median": [],
        "decode result (Python json), median": [],
    }

    def run_batch() -> list[str]:
        moments = [time.perf_counter()]
        document = _opa_encode(requests)
        moments.append(time.perf_counter())
        envelope = bridge.eval_query_raw(OPA_QUERY, document)
        moments.append(time.perf_counter())
        result = _opa_decode(envelope)
        moments.append(time.perf_counter())
        for name, begin, end in zip(parts, moments, moments[1:], strict=False):
            parts[name].append(end - begin)
        return result

    timings = time_batches(run_batch, repetitions, decisions)
    batch = Measurement(
        engine="OPA (Rego, one query per batch)",
        decisions=decisions,
        setup_seconds=setup,
        batch_seconds=timings,
        includes=(
            "json.dumps of the request list, the ctypes call (Go parses the input JSON, evaluates the "
            "prepared query over the list, serializes the result), json.loads of the result; "
            "setup includes loading data.json and preparing the query on a first, untimed batch"
        ),
        parts={name: median(values) for name, values in parts.items()},
    )
    preloaded = _run_opa_preloaded(bridge, requests, repetitions, decisions)
    bridge.close()
    return [batch, preloaded]


def _run_opa_preloaded(bridge: OpaBridge, requests: list[dict], repetitions: int, decisions: list[str]) -> Measurement:
    start = time.perf_counter()
    bridge.add_data(json.dumps({"batch": {"requests": requests}}).encode())
    if _opa_decode(bridge.eval_query_raw(OPA_PRELOADED_QUERY, b"")) != decisions:
        raise RuntimeError("OPA decided the preloaded requests differently from the same requests as input")
    setup = time.perf_counter() - start

    def run_batch() -> list[str]:
        return _opa_decode(bridge.eval_query_raw(OPA_PRELOADED_QUERY, b""))

    return Measurement(
        engine="OPA (requests preloaded in data)",
        decisions=decisions,
        setup_seconds=setup,
        batch_seconds=time_batches(run_batch, repetitions, decisions),
        includes=(
            "the same rule over data.batch.requests, stored before timing, so no input is parsed; still includes "
            "the ctypes call, serializing and parsing the result list; setup is storing the requests and a first, "
            "untimed batch"
        ),
    )


def _opa_encode(requests: list[dict]) -> bytes:
    return json.dumps({"requests": requests}, separators=(",", ":")).encode()


def _opa_decode(envelope_text: bytes) -> list[str]:
    envelope = json.loads(envelope_text)
    if envelope.get("error"):
        raise RuntimeError(f"OPA error: {envelope['error']}")
    results = envelope.get("result") or []
    if len(results) != 1:
        raise RuntimeError(f"OPA returned {len(results)} results for the batch query, expected 1")
    return results[0]["bindings"]["decisions"]


def opa_version(library: Path) -> str:
    """Return the OPA module version linked into the library, or "unknown"."""
    match = re.search(rb"dep\tgithub\.com/open-policy-agent/opa\t(v[0-9.]+)", library.read_bytes())
    return match.group(1).decode() if match else "unknown"


# MARK: - Cedar


def cedar_request(request: dict) -> dict:
    """Return a policyc-format request as a Cedar request with typed context."""
    return {
        "principal": {"type": "Key", "id": request["key_id"]},
        "action": {"type": "Action", "id": "call"},
        "resource": {"type": "Gateway", "id": "main"},
        "context": {
            "scope": request["scope"],
            "ip": {"__extn": {"fn": "ip", "arg": request["peer"]}},
            "time": {"__extn": {"fn": "datetime", "arg": request["time"]}},
        },
    }


def run_cedar(folder: Path, requests: list[dict], repetitions: int) -> list[Measurement]:
    """Decide with cedarpy.is_authorized_batch, and with its core call alone.

    The second measurement calls cedarpy._internal.is_authorized_batch, a
    private function of cedarpy 4.12, with each context already serialized,
    and leaves the result JSON unparsed. It shows how much of the first is
    the Python wrapper.
    """
    import cedarpy
    from cedarpy import _internal

    start = time.perf_counter()
    policies = cedarpy.PolicySet.from_str((folder / "policies.cedar").read_text())
    entities = cedarpy.Entities.from_json_str((folder / "entities.json").read_text())
    setup = time.perf_counter() - start
    batch = [cedar_request(request) for request in requests]

    def run_public() -> list[str]:
        results = cedarpy.is_authorized_batch(batch, policies, entities)
        return ["allow" if result.allowed else "deny" for result in results]

    core_batch = [dict(request, context=json.dumps(request["context"])) for request in batch]
    responses: list[list[str]] = []

    def run_core() -> list[str]:
        texts = _internal.is_authorized_batch(core_batch, policies, entities._inner, None, False)
        responses.append(texts)
        return ["allow" if '"decision":"Allow"' in text else "deny" for text in texts]

    decisions = run_public()
    if run_core() != decisions:
        raise RuntimeError("cedarpy's core call decided differently from is_authorized_batch")
    timings = {
        "Cedar (cedarpy.is_authorized_batch)": time_batches(run_public, repetitions, decisions),
        "Cedar (core call, private API)": time_batches(run_core, repetitions, decisions),
    }
    # The first response list is the untimed warm-up's.
    timings["Cedar (Authorizer::is_authorized only)"] = [_authorizer_seconds(texts) for texts in responses[1:]]
    return [
        Measurement(engine=name, decisions=decisions, setup_seconds=setup, batch_seconds=seconds, includes=CEDAR_INCLUDES[name])
        for name, seconds in timings.items()
    ]


CEDAR_INCLUDES = {
    "Cedar (cedarpy.is_authorized_batch)": (
        "the public batch call: json.dumps of each context in Python, Rust parses it, evaluates, "
        "serializes a JSON response per request, Python parses it into AuthzResult objects; "
        "setup is parsing the policies and entities.json once"
    ),
    "Cedar (core call, private API)": (
        "cedarpy._internal.is_authorized_batch with contexts serialized beforehand: Rust parses each "
        "context, evaluates and serializes each response; the responses are matched, not parsed"
    ),
    "Cedar (Authorizer::is_authorized only)": (
        "the sum of cedarpy's authz_duration_micros over the batch, which times Cedar's "
        "Authorizer::is_authorized on an already-built request; cedarpy truncates each to whole "
        "microseconds, so the sum undercounts by up to 1 us per decision"
    ),
}


def _authorizer_seconds(texts: list[str]) -> float:
    """Return the summed authz_duration_micros of one batch's responses, in seconds."""
    return sum(json.loads(text)["metrics"]["authz_duration_micros"] for text in texts) / 1e6


# MARK: - policyc


def run_policyc_cli(program: Path, folder: Path, requests_file: Path, repetitions: int) -> Measurement:
    """Run `policyc eval` once per repetition and read one decision per output line.

    A run on the first request alone is timed too. Its median approximates
    the fixed cost (start and compile), and the difference to the full run
    approximates the cost of each further decision.
    """
    command = [str(program), "eval", "--policy", str(folder), "--requests", str(requests_file)]
    decisions = parse_policyc_decisions(_run(command))
    timings = time_batches(lambda: _run(command), repetitions, decisions, decode=parse_policyc_decisions)

    first_request_file = requests_file.with_name("first-request.jsonl")
    first_request_file.write_text(requests_file.read_text().split("\n", 1)[0] + "\n")
    single_command = command[:-1] + [str(first_request_file)]
    single = median(time_batches(lambda: _run(single_command), repetitions, decisions[:1], decode=parse_policyc_decisions))
    marginal = (median(timings) - single) / max(1, len(decisions) - 1)
    return Measurement(
        engine="policyc eval (CLI)",
        decisions=decisions,
        setup_seconds=None,
        batch_seconds=timings,
        includes=(
            "the whole process: start, reading and compiling the policy directory (with lints), reading "
            "requests.jsonl, deciding, writing a JSON decision report per line; Python parses the output "
            "after the timer stops"
        ),
        parts={
            "run with the first request only, median": single,
            "each further decision, from the difference of the medians": marginal,
        },
    )


def parse_policyc_decisions(output: str) -> list[str]:
    """Return the "decision" field of each JSON line of `policyc eval` output."""
    decisions = []
    for number, line in enumerate(output.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            raise RuntimeError(f"policyc output line {number} is not JSON: {line[:200]}") from None
        if isinstance(record, dict) and record.get("error"):
            raise RuntimeError(f"policyc rejected request {number}: {record['error']}")
        decision = record.get("decision") if isinstance(record, dict) else None
        if decision not in ("allow", "deny"):
            raise RuntimeError(f"policyc output line {number} has no \"decision\": \"allow\"|\"deny\": {line[:200]}")
        decisions.append(decision)
    return decisions


def run_policyc_bench(program: Path, folder: Path, requests_file: Path, decisions: list[str]) -> Measurement:
    """Run `policyc-bench peers` and read the JSON object on its last output line.

    Its fields: decisions (allow or deny per request, in order), per_decision_ns
    (the median over its repetitions) and repetitions.
    """
    command = [str(program), "peers", "--policy", str(folder), "--requests", str(requests_file)]
    output = _run(command)
    lines = [line for line in output.splitlines() if line.strip()]
    try:
        report = json.loads(lines[-1])
        per_decision = float(report["per_decision_ns"]) / 1e9
        own_decisions = list(report["decisions"])
    except (IndexError, ValueError, KeyError, TypeError) as error:
        raise RuntimeError(f"policyc-bench printed no JSON report with per_decision_ns and decisions: {output[-500:]}") from error

    if own_decisions != decisions:
        differing = sum(1 for ours, theirs in zip(own_decisions, decisions) if ours != theirs)
        raise RuntimeError(f"policyc-bench and policyc eval disagree on {differing} of {len(decisions)} requests")
    return Measurement(
        engine="policyc-bench peers (in process)",
        decisions=own_decisions,
        setup_seconds=None,
        batch_seconds=[per_decision * len(own_decisions)],
        includes=(
            "policyc-bench's own median over its repetitions: decisions on already-parsed requests inside one "
            "Swift process, timed with the monotonic clock; compiling and parsing are outside the timing"
        ),
        reported_per_decision=per_decision,
    )


def _run(command: list[str]) -> str:
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited with {completed.returncode}: {completed.stderr[-2000:]}")
    return completed.stdout
