"""404 and 405 on compatibility paths (Docs/COMPAT.md): the old
framework's shapes (DRF, FastAPI) under the old APIs' own prefixes and on
their routes; native paths keep problem+json. All five profiles on at once
(they share no route)."""

import pytest

from authtest import assert_problem


@pytest.fixture(scope="module")
def everything(start_server):
    return start_server({"compat.profiles": "accounts,auth-service,otp-activation,phone,signup"})


def test_compat_404_in_the_old_frameworks_shape(everything):
    c = everything.client
    for path in ("/api/accounts/nothing/", "/api/accounts/register/admin/", "/api/token/verify/"):
        r = c.post(path, json={})
        assert r.status_code == 404 and r.json() == {"detail": "Not found."}, (path, r.text)
        assert r.headers["Content-Type"].startswith("application/json"), r.headers
    r = c.get("/auth/nothing")
    assert r.status_code == 404 and r.json() == {"detail": "Not Found"}, r.text
    # Native paths stay native.
    assert_problem(c.get("/api/auth/nothing"), 404, "not_found")
    assert_problem(c.get("/nothing"), 404, "not_found")


def test_compat_405_in_the_old_frameworks_shape(everything):
    c = everything.client
    for path in ("/api/accounts/login/", "/api/register/", "/api/auth/signup", "/api/auth/refresh/"):
        r = c.get(path)
        assert r.status_code == 405 and r.json() == {"detail": "Method \"GET\" not allowed."}, (path, r.text)
        assert r.headers["Allow"] == "POST", r.headers
    r = c.delete("/api/auth/profile/update/")
    assert r.status_code == 405 and r.json() == {"detail": "Method \"DELETE\" not allowed."}, r.text
    assert set(r.headers["Allow"].replace(" ", "").split(",")) == {"PUT", "PATCH"}, r.headers
    r = c.get("/auth/login")
    assert r.status_code == 405 and r.json() == {"detail": "Method Not Allowed"} and r.headers["Allow"] == "POST", r.text
    r = c.post("/auth/profile")
    assert r.status_code == 405 and r.json() == {"detail": "Method Not Allowed"}, r.text
    # A native path keeps the native 405.
    assert_problem(c.get("/api/auth/login"), 405, "method_not_allowed")
