#!/usr/bin/python3
"""Compares the served routes (authserver --list-routes) with Api/openapi.json.

Fails when a served route is not documented, or when a documented operation
is neither served nor in PENDING below (API.md routes other branches are
adding; remove a row when its route lands). Usage:
  check_routes.py BINARY DOCUMENT
"""
import json
import subprocess
import sys

# Documented in API.md, not served by this build yet (tracked in the issues).
PENDING = set()

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


# Every compatibility profile this build serves (Docs/COMPAT.md): the check
# runs with all of them on, so their operations (tag compat-<profile>) count.
PROFILES = "accounts,auth-service,otp-activation,phone,signup"


def served_routes(binary):
    out = subprocess.run([binary, "--define=compat.profiles=" + PROFILES, "--list-routes"],
                         capture_output=True, text=True, timeout=30, check=True)
    return {tuple(line.split(" ", 1)) for line in out.stdout.splitlines() if line.strip()}


def documented_routes(document):
    return {(method.upper(), path) for path, item in document["paths"].items() for method in item if method in METHODS}


def compare(served, documented, pending=PENDING):
    """Returns (errors, notes): errors fail the check."""
    errors, notes = [], []
    for method, path in sorted(served - documented):
        errors.append("served but not documented: %s %s" % (method, path))
    for method, path in sorted(documented - served):
        if (method, path) in pending:
            notes.append("documented, not served yet (pending): %s %s" % (method, path))
        else:
            errors.append("documented but not served (and not in PENDING): %s %s" % (method, path))
    for method, path in sorted(pending & served):
        notes.append("served now, remove from PENDING: %s %s" % (method, path))
    return errors, notes


def refuse_duplicate_members(pairs):
    """json.load hook: RFC 8259 §4 leaves repeated names undefined; Python keeps the
    last, but Swagger UI's YAML parser refuses the whole document, so fail here."""
    names = [name for name, _ in pairs]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise ValueError("repeated member(s) %s in the object with members %s" % (repeated, names[:8]))
    return dict(pairs)


def main():
    binary, path = sys.argv[1], sys.argv[2]
    with open(path, encoding="utf-8") as f:
        document = json.load(f, object_pairs_hook=refuse_duplicate_members)
    errors, notes = compare(served_routes(binary), documented_routes(document))
    for line in notes:
        print("note: " + line)
    for line in errors:
        print("error: " + line, file=sys.stderr)
    if errors:
        sys.exit(1)
    print("every served route is documented; every documented route is served or pending")


if __name__ == "__main__":
    main()
