"""GET /health and GET /ready (API.md, Endpoints)."""

from authtest import assert_json


def test_health_answers_200_status_ok(client):
    body = assert_json(client.get("/health"), 200)
    assert body == {"status": "ok"}


def test_health_accepts_trailing_slash(client):
    body = assert_json(client.get("/health/"), 200)
    assert body["status"] == "ok"


def test_ready_answers_200_with_database_and_cache_ok(client):
    body = assert_json(client.get("/ready"), 200)
    assert body["status"] == "ok"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["cache"] == "ok"
