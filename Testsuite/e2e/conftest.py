"""Fixtures for the AuthServer end-to-end tests.

The server binary is $AUTHSERVER_BIN or <repo>/build/bin/authserver.  Each
server runs in a fresh temporary working directory with its own SQLite file,
mail outbox and SMS outbox, on a free loopback port.
"""

import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import authtest  # noqa: E402


def _start(defines=None, name="default"):
    srv = authtest.Server(defines, name=name)
    error = None
    try:
        srv.start()
    except authtest.ServerStartError as exc:
        error = str(exc)
    if error:
        pytest.fail(error, pytrace=False)
    return srv


def _stop(srv, request):
    died = srv.proc is not None and srv.proc.poll() is not None
    srv.stop()
    if died:
        sys.stderr.write(f"\n[e2e] server {srv.name} kept in {srv.tmp}\n")
        pytest.fail(f"authserver [{srv.name}] died during the tests with exit code "
                    f"{srv.proc.returncode}\n{srv.logs(limit=200)}", pytrace=False)
    failed = request.session.testsfailed
    if failed:
        # Keep the folder for post-mortem and show the logs.
        sys.stderr.write(f"\n[e2e] server {srv.name} kept in {srv.tmp}\n")
    else:
        srv.cleanup()


@pytest.fixture(scope="session")
def server(request):
    """The shared server with the default test defines."""
    srv = _start(name="default")
    yield srv
    _stop(srv, request)


@pytest.fixture(scope="session")
def start_server(request):
    """Factory: start_server({"jwt.accessTokenLifetime": 2}) -> a started Server.

    Servers are stopped at the end of the session; the same define set is
    started only once.
    """
    started = {}

    def factory(defines, name=None):
        key = tuple(sorted((k, str(v)) for k, v in defines.items()))
        if key not in started:
            started[key] = _start(defines, name=name or ",".join(f"{k}={v}" for k, v in key))
        return started[key]

    yield factory
    for srv in started.values():
        _stop(srv, request)


@pytest.fixture
def client(server):
    return server.client


@pytest.fixture
def account(server):
    """A fresh verified user (role user), not logged in."""
    return authtest.create_verified(server)


@pytest.fixture
def logged_in(server, account):
    """(account, token response) for a fresh verified user."""
    return account, authtest.login_ok(server, account)


@pytest.fixture(scope="session")
def shared_login(server):
    """A verified, logged-in user for read-only tests; do not log it out."""
    acc = authtest.create_verified(server)
    return acc, authtest.login_ok(server, acc)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    if rep.failed:
        running = list(authtest.RUNNING)
        args = list(getattr(item, "funcargs", {}).values())
        used = [s for s in running if any(s.owns(a) for a in args)] or running
        for srv in used:
            rep.sections.append((f"authserver [{srv.name}] log tail", srv.logs(limit=60)))
