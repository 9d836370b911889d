"""GET /api/openapi.json and the Swagger UI at GET /api/docs, served by the
server itself from memory (API.md, Endpoints and Conventions; issue 6)."""

import http.client
import json
import os
import re
import shutil

import pytest

import authtest
from authtest import REPO, assert_problem

API_CSP = "default-src 'none'; frame-ancestors 'none'"
DOCS_DIR = os.path.join(REPO, "build", "share", "docs")


def csp_directives(header):
    return {part.strip().split(" ", 1)[0]: part.strip() for part in header.split(";") if part.strip()}


def without_compat_profiles(document):
    """The repository document as a server with no compatibility profile on
    serves it: their operations (x-compat-profile) and tags left out."""
    for path in list(document["paths"]):
        item = document["paths"][path]
        for method in [m for m, op in item.items() if isinstance(op, dict) and "x-compat-profile" in op]:
            del item[method]
        if not item:
            del document["paths"][path]
    document["tags"] = [t for t in document["tags"] if not t["name"].startswith("compat-")]
    return document


@pytest.mark.parametrize("path", ["/api/openapi.json", "/api/openapi.json/"])
def test_openapi_document_is_the_repository_document(client, path):
    resp = client.get(path)
    assert resp.status_code == 200
    assert resp.headers["Content-Type"].startswith("application/json")
    assert resp.headers["Cache-Control"] == "no-cache"
    assert resp.headers["Content-Security-Policy"] == API_CSP
    assert resp.headers["X-Frame-Options"] == "DENY"
    with open(os.path.join(REPO, "Api", "openapi.json"), encoding="utf-8") as f:
        assert resp.json() == without_compat_profiles(json.load(f))
    document = resp.json()
    assert document["openapi"].startswith("3.")
    assert document["servers"] == [{"url": "/"}]  # relative: Swagger UI calls the origin that served it
    for path_ in ("/api/auth/login", "/api/auth/register", "/api/auth/token/refresh", "/api/openapi.json", "/api/docs"):
        assert path_ in document["paths"]


@pytest.mark.parametrize("path", ["/api/docs", "/api/docs/"])
def test_swagger_ui_page_loads_local_files_only_and_relaxes_csp_just_enough(client, path):
    resp = client.get(path)
    assert resp.status_code == 200
    assert resp.headers["Content-Type"].startswith("text/html")
    html = resp.text
    assert 'id="swagger-ui"' in html
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert scripts, html
    for attributes, body in scripts:
        assert body.strip() == "", "inline script: " + body      # script-src 'self' suffices
        src = re.search(r'src="([^"]+)"', attributes).group(1)
        assert src.startswith("/api/docs/"), src                 # no CDN
    assert "<style" not in html and "style=" not in html
    for url in re.findall(r'(?:href|src)="([^"]+)"', html):
        assert url.startswith("/api/docs/"), url
    csp = csp_directives(resp.headers["Content-Security-Policy"])
    assert csp["default-src"] == "default-src 'none'"
    assert csp["script-src"] == "script-src 'self'"
    assert csp["style-src"] == "style-src 'self'"
    assert csp["connect-src"] == "connect-src 'self'"
    assert csp["img-src"] == "img-src 'self' data:"
    assert csp["frame-ancestors"] == "frame-ancestors 'none'"
    assert resp.headers["X-Frame-Options"] == "DENY"
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["Cache-Control"] == "no-cache"


@pytest.mark.parametrize("name,ctype", [
    ("swagger-ui-bundle.js", "text/javascript"),
    ("swagger-initializer.js", "text/javascript"),
    ("swagger-ui.css", "text/css"),
    ("index.css", "text/css"),
    ("favicon-32x32.png", "image/png"),
])
def test_swagger_ui_files_are_served_with_their_type(client, name, ctype):
    resp = client.get("/api/docs/" + name)
    assert resp.status_code == 200
    assert resp.headers["Content-Type"].split(";")[0] == ctype
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert resp.headers["Content-Security-Policy"] == API_CSP   # only the page relaxes it
    with open(os.path.join(DOCS_DIR, name), "rb") as f:
        assert resp.content == f.read()


def test_initializer_points_swagger_ui_at_the_served_document(client):
    js = client.get("/api/docs/swagger-initializer.js").text
    assert '"/api/openapi.json"' in js
    assert "validatorUrl: null" in js       # no call to the public validator
    assert client.get("/api/docs/swagger-ui-bundle.js").headers["Cache-Control"] == "public, max-age=3600"


@pytest.mark.parametrize("path", [
    "/api/docs/swagger-ui.css.map",          # a dist file not on the list
    "/api/docs/openapi.json",                # the document has its own URL
    "/api/docs/index.js",
    "/api/docs/%2e%2e%2fopenapi.json",       # ../openapi.json, encoded
    "/api/docs/..%2F..%2FConfig%2FAuthServer.properties",
    "/api/docs/%2Fetc%2Fpasswd",
    "/api/docs/swagger-ui.css/x",
])
def test_other_names_are_404_problems(client, path):
    assert_problem(client.get(path), 404, "not_found")


def test_dot_segments_are_not_resolved_to_files(server):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        for raw in ("/api/docs/../openapi.json", "/api/docs/../../Config/AuthServer.properties", "/api/docs/./swagger-ui.css"):
            conn.request("GET", raw)
            resp = conn.getresponse()
            body = resp.read()
            assert resp.status == 404, (raw, resp.status)
            assert b"jwt" not in body.lower()
    finally:
        conn.close()


def test_docs_routes_are_get_only(client):
    for path in ("/api/docs", "/api/openapi.json", "/api/docs/swagger-ui.css"):
        resp = client.post(path, json={})
        assert_problem(resp, 405, "method_not_allowed")
        assert resp.headers["Allow"] == "GET, HEAD"


def test_docs_are_read_once_at_start_up(tmp_path):
    """A copy of the docs folder (paths.docs) is changed after the server
    started: the answers stay those of start-up (served from memory)."""
    docs = tmp_path / "docs"
    shutil.copytree(DOCS_DIR, docs)
    srv = authtest.Server({"paths.docs": str(docs)}, name="docs-copy")
    try:
        srv.start()
        before = srv.client.get("/api/openapi.json").json()
        (docs / "openapi.json").write_text('{"openapi": "3.0.3", "paths": {}, "info": {"title": "changed"}}')
        (docs / "swagger-initializer.js").unlink()
        assert srv.client.get("/api/openapi.json").json() == before
        assert srv.client.get("/api/docs/swagger-initializer.js").status_code == 200
    finally:
        srv.stop()
        srv.cleanup()


@pytest.mark.parametrize("breakage", ["missing-bundle", "broken-document"])
def test_missing_or_broken_docs_stop_the_start_naming_paths_docs(tmp_path, breakage):
    docs = tmp_path / "docs"
    shutil.copytree(DOCS_DIR, docs)
    if breakage == "missing-bundle":
        (docs / "swagger-ui-bundle.js").unlink()
    else:
        (docs / "openapi.json").write_text('{"openapi": ')
    srv = authtest.Server({"paths.docs": str(docs)}, name="bad-docs")
    try:
        with pytest.raises(authtest.ServerStartError):
            srv.start(timeout=20)
        assert srv.proc.returncode == 78, srv.logs()
        assert "paths.docs" in srv.logs()
        if breakage == "missing-bundle":
            assert "swagger-ui-bundle.js" in srv.logs()
    finally:
        srv.stop()
        srv.cleanup()
