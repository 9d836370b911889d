#!/usr/bin/python3
"""SECURITY.md's table must match the tests that exist.

    /usr/bin/python3 Testsuite/security/check_security_md.py [REPO]

Every test named in SECURITY.md (`test_...`, in backticks) must be a test function in
Testsuite/ (pytest `def test_...` or a CppUnit case `...::test...` is not used here:
the table names the black-box pytest functions); and every requirement-named test
function (test_asvs_*, test_nist_*, test_rfc*) under Testsuite/ must appear in the
table, so that a new proof is never left out of the document nor a removed one kept.
Exits 1 and lists the mismatches, 0 when they match."""
import pathlib
import re
import sys

repo = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else pathlib.Path(__file__).resolve().parents[2])
doc = (repo / "SECURITY.md").read_text(encoding="utf-8")
named = set(re.findall(r"`(test_[A-Za-z0-9_]+)`", doc))

defined = {}
for path in sorted((repo / "Testsuite").rglob("test_*.py")):
    for name in re.findall(r"^\s*(?:async\s+)?def (test_[A-Za-z0-9_]+)\s*\(", path.read_text(encoding="utf-8"), re.M):
        defined.setdefault(name, path.relative_to(repo))
requirement_tests = {n for n in defined if re.match(r"test_(asvs|nist|rfc)", n)}

missing = sorted(named - set(defined))
unlisted = sorted(requirement_tests - named)
for n in missing:
    print(f"SECURITY.md names {n}, but no test function has that name", file=sys.stderr)
for n in unlisted:
    print(f"{defined[n]}: {n} proves a requirement but SECURITY.md does not list it", file=sys.stderr)
print(f"SECURITY.md: {len(named)} tests named, {len(requirement_tests)} requirement-named tests defined, "
      f"{len(missing)} missing, {len(unlisted)} unlisted")
sys.exit(1 if missing or unlisted else 0)
