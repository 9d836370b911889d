"""The server finds its own files (Config/, Templates/, Migrations/, the
API document and Swagger UI, the common-password list) wherever it is
started from (issue 16.10): from the executable's folder with symbolic
links resolved, and from an installed prefix's share/authserver."""

import os
import shutil
import subprocess

import pytest

from authtest import JWT_SECRET, Server, assert_json, register, server_binary

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BUILD_SHARE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(server_binary()))), "share")


def clean_env():
    return {k: v for k, v in os.environ.items() if not k.upper().startswith("AUTHSERVER_")}


def migrate_only(binary, cwd, *args):
    return subprocess.run([binary, "--migrate-only", f"--define=jwt.secret={JWT_SECRET}", *args],
                          cwd=cwd, env=clean_env(), capture_output=True, text=True, timeout=30)


def test_linked_binary_started_from_another_folder_finds_its_files(tmp_path):
    # `ln -s .../build/bin/authserver /usr/local/bin/authserver`, then run
    # from elsewhere with the shipped file layered: this exited 78 with
    # "paths.migrations: must be set".
    link = tmp_path / "bin" / "authserver"
    link.parent.mkdir()
    link.symlink_to(os.path.abspath(server_binary()))
    proc = migrate_only(str(link), tmp_path, f"--config={REPO}/Config/AuthServer.properties")
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "var").is_dir()  # relative paths still resolve against the working folder


def test_linked_binary_serves_templates_and_the_api_document(tmp_path):
    link = tmp_path / "authserver"
    link.symlink_to(os.path.abspath(server_binary()))
    srv = Server(name="linked-binary")
    srv.binary = str(link)
    try:
        srv.start()
        resp = srv.client.get("/api/openapi.json")
        assert resp.status_code == 200, resp.text
        resp, email, _ = register(srv.client)
        assert_json(resp, 201)
        assert srv.wait_verification_mail(email) is not None
    finally:
        srv.stop()
        srv.cleanup()


def test_installed_prefix_layout_is_found_from_any_folder(tmp_path):
    # cmake --install --prefix P puts the binary in P/bin and the files in
    # P/share/authserver (cmake/Packaging.cmake); P need not be /usr.
    if not os.path.isfile(os.path.join(BUILD_SHARE, "common-passwords.txt")):
        pytest.skip("no build/share beside the binary")
    prefix = tmp_path / "opt"
    (prefix / "bin").mkdir(parents=True)
    share = prefix / "share" / "authserver"
    share.mkdir(parents=True)
    shutil.copy2(server_binary(), prefix / "bin" / "authserver")
    for folder in ("Config", "Templates", "Migrations", "Api"):
        (share / folder).symlink_to(os.path.join(REPO, folder))
    for item in ("docs", "common-passwords.txt"):
        (share / item).symlink_to(os.path.join(BUILD_SHARE, item))
    work = tmp_path / "elsewhere"
    work.mkdir()
    proc = migrate_only(str(prefix / "bin" / "authserver"), work)
    assert proc.returncode == 0, proc.stderr
