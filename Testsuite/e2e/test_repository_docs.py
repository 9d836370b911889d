"""The repository carries its own references (issue 16.6): README links
resolve inside the clone, no file points at ../shared (a user's clone does
not have it) except the benchmark scripts that drive the Django peer, and
Docs/API.md covers every served route."""

import os
import re
import subprocess

from authtest import REPO, server_binary

# bench/ drives the Django peer, which lives beside the clone; the OpenAPI
# test compares with the contract there when it is present.
MAY_NAME_SHARED = {"bench/run.sh", "bench/README.md", "Testsuite/e2e/test_openapi_document.py",
                   "Testsuite/e2e/test_repository_docs.py"}


def tracked_files():
    out = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True, timeout=30, check=True)
    return [f for f in out.stdout.splitlines() if f]


def test_readme_links_resolve_inside_the_repository():
    text = open(os.path.join(REPO, "README.md"), encoding="utf-8").read()
    links = re.findall(r"\]\(([^)#\s]+)\)", text)
    local = [link for link in links if not re.match(r"[a-z]+://", link)]
    assert "Docs/API.md" in local and "Docs/CONFIGURATION.md" in local, local
    for link in local:
        path = os.path.normpath(os.path.join(REPO, link))
        assert path.startswith(REPO + os.sep), link
        assert os.path.exists(path), link


def test_no_file_points_outside_the_repository():
    offenders = []
    for name in tracked_files():
        if name in MAY_NAME_SHARED:
            continue
        path = os.path.join(REPO, name)
        if not os.path.isfile(path):
            continue
        try:
            text = open(path, encoding="utf-8").read()
        except (UnicodeDecodeError, OSError):
            continue
        if "../shared" in text or "shared/contract" in text or "/work/shared" in text:
            offenders.append(name)
    assert offenders == []


def test_api_reference_names_every_served_route():
    text = open(os.path.join(REPO, "Docs", "API.md"), encoding="utf-8").read()
    out = subprocess.run([server_binary(), "--list-routes"], capture_output=True, text=True, timeout=30, check=True)
    missing = []
    for line in out.stdout.splitlines():
        method, path = line.split(" ", 1)
        if path.endswith("/{file}"):
            continue  # the Swagger UI's own files, under GET /api/docs
        if not re.search(re.escape(path) + r"(?![\w/-])", text):
            missing.append(line)
    assert missing == []
