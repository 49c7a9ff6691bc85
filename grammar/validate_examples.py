#!/usr/bin/env python3
"""Validate grammar/policy.schema.json and the policy files under policies/.

Checks, in order:
  1. the schema is a valid JSON Schema draft-07 document;
  2. every policy file starts with the yaml-language-server header line whose
     relative path reaches grammar/policy.schema.json;
  3. every policy file validates against the schema;
  4. across files: ids defined once, settings in at most one file, and every
     reference (scope, model, route, tier, team, key) names something defined.

Step 4 is a quick pre-check of the example, not a replacement for
`policyc check`, which also checks values, cycles, constraints and conditions.

YAML loading: PyYAML implements YAML 1.1, where `no` is false, `22:30` is the
integer 1350, `010` is octal 8 and timestamps become datetime objects. The
policy language reads YAML 1.2 (core schema), as yaml-language-server does by
default. So this script loads with PyYAML's SafeLoader after replacing its
implicit resolvers with those of the YAML 1.2 core schema. Only null,
true/false, decimal, 0o and 0x integers and floats get a type. Everything
else stays a string, including times, timestamps and yes/no/on/off.
Two deviations bring the check closer to policyc. An integer written with a
leading zero (`010000`) stays a string, so an integer field rejects it. A
mapping with a repeated key is an error instead of keeping the last value.

Usage: python3 grammar/validate_examples.py [POLICY_DIR]   (default: policies)
       python3 grammar/validate_examples.py --self-test
The self-test runs small documents that the schema must accept or reject.
Needs: pip install jsonschema pyyaml
Exit status: 0 when everything passes, 1 otherwise.
"""

import json
import os
import re
import sys

import jsonschema
import yaml

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCHEMA_PATH = os.path.join(REPO_ROOT, "grammar", "policy.schema.json")
HEADER_PREFIX = "# yaml-language-server: $schema="


# MARK: - YAML 1.2 core schema loader


class CoreSchemaLoader(yaml.SafeLoader):
    """SafeLoader restricted to the YAML 1.2 core schema, rejecting duplicate keys."""

    def construct_mapping(self, node, deep=False):
        seen = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping", node.start_mark,
                    f"found duplicate key {key!r} (first at line {seen[key].line + 1})",
                    key_node.start_mark)
            seen[key] = key_node.start_mark
        return super().construct_mapping(node, deep=deep)


CoreSchemaLoader.yaml_implicit_resolvers = {}
CoreSchemaLoader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""])
CoreSchemaLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
CoreSchemaLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"))
CoreSchemaLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
               r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+0123456789."))


def construct_core_bool(loader, node):
    return loader.construct_scalar(node).lower() == "true"


def construct_core_int(loader, node):
    text = loader.construct_scalar(node)
    if text.startswith("0x"):
        return int(text[2:], 16)
    if text.startswith("0o"):
        return int(text[2:], 8)
    digits = text.lstrip("+-")
    if len(digits) > 1 and digits.startswith("0"):
        # policyc rejects leading zeros in integer fields because YAML 1.1
        # reads them as octal. Keeping the text makes the schema reject them too.
        return text
    return int(text)


def construct_core_float(loader, node):
    text = loader.construct_scalar(node)
    special = {".inf": float("inf"), ".nan": float("nan")}
    sign = -1.0 if text.startswith("-") else 1.0
    bare = text.lstrip("+-").lower()
    return sign * special[bare] if bare in special else float(text)


CoreSchemaLoader.add_constructor("tag:yaml.org,2002:bool", construct_core_bool)
CoreSchemaLoader.add_constructor("tag:yaml.org,2002:int", construct_core_int)
CoreSchemaLoader.add_constructor("tag:yaml.org,2002:float", construct_core_float)


# MARK: - Files


def policy_files(policy_dir):
    """List policy files the way policyc does: *.yaml and *.yml, recursively,
    sorted by path, without *.test.yaml and without names starting with '.'."""
    found = []
    for root, dirs, files in os.walk(policy_dir):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.startswith(".") or name.endswith(".test.yaml"):
                continue
            if name.endswith((".yaml", ".yml")):
                found.append(os.path.join(root, name))
    return sorted(found)


def check_header(path, first_line):
    """Return an error message when the first line is not the editor header
    pointing at the schema, else None."""
    if not first_line.startswith(HEADER_PREFIX):
        return f"first line must be '{HEADER_PREFIX}<relative path to policy.schema.json>'"
    target = first_line[len(HEADER_PREFIX):].strip()
    resolved = os.path.normpath(os.path.join(os.path.dirname(path), target))
    if resolved != os.path.normpath(SCHEMA_PATH):
        return f"header path '{target}' does not lead to grammar/policy.schema.json"
    return None


def load_file(path):
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    first_line = text.split("\n", 1)[0]
    return first_line, yaml.load(text, Loader=CoreSchemaLoader)


# MARK: - Cross-file pre-check


SECTIONS = ("models", "routes", "tiers", "teams", "keys")


def scope_matches(pattern, scope):
    """Match a scope pattern: '*' is one segment, a final '**' one or more."""
    pattern_segments, scope_segments = pattern.split(":"), scope.split(":")
    if pattern_segments[-1] == "**":
        pattern_segments = pattern_segments[:-1]
        if len(scope_segments) <= len(pattern_segments):
            return False
        scope_segments = scope_segments[:len(pattern_segments)]
    elif len(pattern_segments) != len(scope_segments):
        return False
    return all(p == "*" or p == s for p, s in zip(pattern_segments, scope_segments))


def merge_documents(documents):
    """Merge the sections of all files and return (merged, errors)."""
    merged = {section: {} for section in SECTIONS}
    merged.update(scopes=[], rules=[], settings=None)
    errors = []
    for path, document in documents:
        for section in SECTIONS:
            for ident, body in (document.get(section) or {}).items():
                if ident in merged[section]:
                    errors.append(f"{path}: {section} '{ident}' is also defined in {merged[section][ident][0]}")
                merged[section][ident] = (path, body)
        merged["scopes"] += document.get("scopes") or []
        merged["rules"] += [(path, rule) for rule in document.get("rules") or []]
        if "settings" in document:
            if merged["settings"] is not None:
                errors.append(f"{path}: settings are also defined in {merged['settings'][0]}")
            merged["settings"] = (path, document["settings"])
    return merged, errors


def check_references(merged):
    """Return messages for references to things that are not defined."""
    errors = []
    defined = {section: set(merged[section]) for section in SECTIONS}
    scopes = set(merged["scopes"])

    def expect(path, where, kind, names):
        for name in names or []:
            if kind == "scopes":
                if not any(scope_matches(name, scope) for scope in scopes):
                    errors.append(f"{path}: {where}: scope '{name}' matches no declared scope")
            elif name not in defined[kind]:
                errors.append(f"{path}: {where}: {kind[:-1]} '{name}' is not defined")

    for alias, (path, route) in merged["routes"].items():
        if alias in defined["models"]:
            errors.append(f"{path}: route alias '{alias}' is also a model id")
        names = [c["model"] if isinstance(c, dict) else c for c in route.get("candidates", [])]
        expect(path, f"route {alias}", "models", names)
        fallback_route = (route.get("fallback") or {}).get("route")
        expect(path, f"route {alias} fallback", "routes", [fallback_route] if fallback_route else [])
    for kind in ("tiers", "keys"):
        for ident, (path, body) in merged[kind].items():
            where = f"{kind[:-1]} {ident}"
            expect(path, where, "tiers", [body["extends"]] if "extends" in body else [])
            expect(path, where, "teams", [body["team"]] if "team" in body else [])
            for field in ("scopes", "models", "routes"):
                expect(path, where, field, body.get(field))
    for path, rule in merged["rules"]:
        where = f"rule {rule.get('id')}"
        for field, names in (rule.get("match") or {}).items():
            expect(path, where, field, names)
        forced = (rule.get("obligations") or {}).get("route")
        expect(path, where, "routes", [forced] if forced else [])
    return errors


# MARK: - Self-test


KEY = "k:\n    secret_sha256: " + "ab" * 32 + "\n    created_at: 2026-01-10T09:00:00Z\n"

# (case name, YAML document, whether the schema must accept it)
SELF_TEST_CASES = [
    ("minimal key", "keys:\n  " + KEY, True),
    ("bool written no", "keys:\n  " + KEY + "    allow_all_models: no\n", False),
    ("quoted bool", "keys:\n  " + KEY + "    allow_all_models: \"true\"\n", False),
    ("leading zero integer", "keys:\n  " + KEY + "    max_output_tokens: 010000\n", False),
    ("quoted integer", "keys:\n  " + KEY + "    max_output_tokens: \"1000\"\n", False),
    ("unknown field", "keys:\n  " + KEY + "    scope: [a]\n", False),
    ("scope word no stays string", "scopes: [no, on, y]\n", True),
    ("date without time", "keys:\n  " + KEY + "    expires_at: 2027-01-01\n", False),
    ("timestamp without offset", "keys:\n  " + KEY + "    expires_at: 2027-01-01T00:00:00\n", False),
    ("timestamp with offset", "keys:\n  " + KEY + "    expires_at: 2027-01-01T00:00:00-05:00\n", True),
    ("hash with prefix", "keys:\n  k:\n    secret_sha256: sha256:" + "0f" * 32
     + "\n    created_at: 2026-01-10T09:00:00Z\n", True),
    ("short hash", "keys:\n  k:\n    secret_sha256: abc123\n    created_at: 2026-01-10T09:00:00Z\n", False),
    ("revoked without reason", "keys:\n  " + KEY + "    status: revoked\n", False),
    ("reason without revoked", "keys:\n  " + KEY + "    revoked_reason: leaked\n", False),
    ("unquoted time crossing midnight",
     "keys:\n  " + KEY + "    access:\n      - from: 22:30\n        to: 06:00\n", True),
    ("time out of range", "keys:\n  " + KEY + "    access:\n      - {from: \"24:00\", to: \"06:00\"}\n", False),
    ("weekday name", "keys:\n  " + KEY + "    access:\n      - {days: [monday], from: \"08:00\", to: \"09:00\"}\n", False),
    ("durations", "keys:\n  " + KEY + "    max_age: 1h30m\n", True),
    ("duration ms", "settings: {name: n, max_key_age: 500ms}\n", True),
    ("duration without unit", "settings: {name: n, max_key_age: \"90\"}\n", False),
    ("duration wrong order", "settings: {name: n, max_key_age: 30m1h}\n", False),
    ("ipv4 everything", "settings: {name: n, networks: {allow: [0.0.0.0/0, \"::/0\"]}}\n", True),
    ("ipv4 leading zero", "settings: {name: n, networks: {allow: [010.0.0.1/32]}}\n", False),
    ("prefix leading zero", "settings: {name: n, networks: {allow: [10.0.0.0/08]}}\n", False),
    ("ipv4 prefix too long", "settings: {name: n, networks: {allow: [10.0.0.0/33]}}\n", False),
    ("ipv6 prefix too long", "settings: {name: n, networks: {allow: [\"::/129\"]}}\n", False),
    ("lint level off", "settings: {name: n, lints: {key-without-network-allow: off}}\n", True),
    ("settings without name", "settings: {timezone: UTC}\n", False),
    ("version 2", "version: 2\n", False),
    ("scope pattern double star last", "keys:\n  " + KEY + "    scopes: [\"admin:**\"]\n", True),
    ("scope pattern double star inside", "keys:\n  " + KEY + "    scopes: [\"admin:**:read\"]\n", False),
    ("scope name uppercase", "scopes: [Chat:completions]\n", False),
    ("quota two metrics", "teams: {t: {quotas: [{requests: 1, spend: 1, per: day, window: rolling}]}}\n", False),
    ("quota no metric", "teams: {t: {quotas: [{per: day, window: rolling}]}}\n", False),
    ("quota without window", "teams: {t: {quotas: [{requests: 1, per: day}]}}\n", False),
    ("quota spend", "teams: {t: {quotas: [{spend: 2.50, per: month, window: calendar}]}}\n", True),
    ("weighted candidates", "routes: {r: {strategy: weighted, candidates: [{model: a, weight: 2}]}}\n", True),
    ("weighted plain ids", "routes: {r: {strategy: weighted, candidates: [a, b]}}\n", False),
    ("weights on ordered", "routes: {r: {strategy: ordered, candidates: [{model: a, weight: 2}]}}\n", False),
    ("fallback on stays a key", "routes: {r: {strategy: ordered, candidates: [a], fallback: {on: [timeout]}}}\n", True),
    ("max attempts above 10", "routes: {r: {strategy: ordered, candidates: [a], fallback: {max_attempts: 11}}}\n", False),
    ("model id with slash", "models:\n  vllm/llama@v2:\n    provider: vllm\n    price: {input: 0, output: 0.2}\n"
     "    context_window: 8192\n", True),
    ("negative price", "models:\n  m:\n    provider: p\n    price: {input: -1, output: 1}\n    context_window: 1\n", False),
    ("deny with obligations", "rules:\n  - {id: r, effect: deny, reason: x, obligations: {max_output_tokens: 5}}\n", False),
    ("allow with obligations", "rules:\n  - {id: r, effect: allow, reason: x, obligations: {route: c}}\n", True),
    ("rule without reason", "rules:\n  - {id: r, effect: deny}\n", False),
]


def run_self_test(validator):
    """Run SELF_TEST_CASES and return the number of cases with the wrong outcome."""
    wrong = 0
    for name, text, expected in SELF_TEST_CASES:
        document = yaml.load(text, Loader=CoreSchemaLoader)
        accepted = validator.is_valid(document)
        if accepted != expected:
            wrong += 1
            print(f"FAIL {name}: expected {'accept' if expected else 'reject'}")
    print(f"{len(SELF_TEST_CASES) - wrong} passed, {wrong} failed")
    return wrong


# MARK: - Main


def main(argv):
    policy_dir = argv[1] if len(argv) > 1 else os.path.join(REPO_ROOT, "policies")
    with open(SCHEMA_PATH, encoding="utf-8") as handle:
        schema = json.load(handle)
    jsonschema.Draft7Validator.check_schema(schema)
    validator = jsonschema.Draft7Validator(schema)
    print(f"schema ok: {os.path.relpath(SCHEMA_PATH, REPO_ROOT)}")
    if policy_dir == "--self-test":
        return 1 if run_self_test(validator) else 0

    failures, documents = [], []
    for path in policy_files(policy_dir):
        display_path = os.path.relpath(path, REPO_ROOT)
        try:
            first_line, document = load_file(path)
        except yaml.YAMLError as error:
            failures.append(f"{display_path}: YAML error: {error}")
            continue
        header_error = check_header(path, first_line)
        if header_error:
            failures.append(f"{display_path}: {header_error}")
        file_errors = sorted(validator.iter_errors(document), key=lambda e: list(e.absolute_path))
        for error in file_errors:
            location = "/".join(str(part) for part in error.absolute_path) or "(top level)"
            failures.append(f"{display_path}: {location}: {error.message}")
        if not file_errors and isinstance(document, dict):
            documents.append((display_path, document))
        print(f"{'ok  ' if not file_errors and not header_error else 'FAIL'} {display_path}")

    merged, merge_errors = merge_documents(documents)
    failures += merge_errors + check_references(merged)
    for failure in failures:
        print(failure, file=sys.stderr)
    print(f"{len(documents)} files valid, {len(failures)} problems")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
