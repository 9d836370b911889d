"""Start-up configuration checks (CONFIG.md: "A bad or missing configuration
value makes the server print which key is wrong and exit non-zero before it
listens")."""

import os
import subprocess

import pytest

from authtest import JWT_SECRET, free_port, server_binary


def run_server(tmp_path, *args, env_extra=None):
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("AUTHSERVER_")}
    env.update(env_extra or {})
    base = [server_binary(), f"--define=jwt.secret={JWT_SECRET}", f"--define=http.port={free_port()}",
            f"--define=database.url={tmp_path}/a.db", f"--define=app.dataDirectory={tmp_path}/var",
            f"--define=mail.outbox.directory={tmp_path}/mail", f"--define=sms.outbox.file={tmp_path}/sms.jsonl"]
    # Bounded: a server that wrongly starts is stopped by the timeout.
    try:
        return subprocess.run(base + list(args), cwd=tmp_path, env=env, capture_output=True, text=True, timeout=20)
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"the server started instead of refusing the configuration: {exc}")


def assert_refused(proc, key):
    assert proc.returncode != 0, proc.stderr
    assert key in proc.stderr, proc.stderr
    assert "listening" not in proc.stdout


@pytest.mark.parametrize("define, key", [
    ("jwt.acessTokenLifetime=60", "jwt.acessTokenLifetime"),          # misspelt key
    ("rateLimit.login.perIpp=3", "rateLimit.login.perIpp"),          # misspelt key, deeper
    ("http.threads=lots", "http.threads"),                           # malformed integer
    ("redis.port=6379x", "redis.port"),                              # malformed, unused with cache.backend=memory
    ("auth.requireEmailVerification=maybe", "auth.requireEmailVerification"),  # malformed boolean
    ("https.enabled=sometimes", "https.enabled"),                     # malformed boolean
    ("http.port=70000", "http.port"),                                # port out of range
    ("mail.smtp.port=0", "mail.smtp.port"),                          # port out of range, unused with outbox
    ("database.connector=oracle", "database.connector"),             # not a choice
])
def test_bad_value_names_the_key_and_exits_non_zero(tmp_path, define, key):
    assert_refused(run_server(tmp_path, f"--define={define}"), key)


def test_unknown_key_in_a_config_file_is_refused(tmp_path):
    (tmp_path / "site.properties").write_text("http.hots = 0.0.0.0\n")
    assert_refused(run_server(tmp_path, "--config=site.properties"), "http.hots")


def test_malformed_value_from_the_environment_names_the_key(tmp_path):
    assert_refused(run_server(tmp_path, env_extra={"AUTHSERVER_OTP_LENGTH": "four"}), "otp.length")


def test_production_profile_refuses_a_missing_jwt_secret(tmp_path):
    proc = run_server(tmp_path, "--define=app.profile=production", "--define=jwt.secret=")
    assert_refused(proc, "jwt.secret")


def test_production_profile_refuses_the_embedded_generated_secret(tmp_path):
    # The embedded profile generated and stored this secret for development;
    # copying it into a production configuration must fail.
    (tmp_path / "var").mkdir()
    embedded = "d" * 43
    (tmp_path / "var" / "jwt.secret").write_text(embedded + "\n")
    proc = run_server(tmp_path, "--define=app.profile=production", f"--define=jwt.secret={embedded}")
    assert_refused(proc, "jwt.secret")
    assert "embedded" in proc.stderr


def test_shipped_configuration_and_pocos_logging_keys_pass(tmp_path):
    # --migrate-only loads and validates every layer, applies the
    # migrations and exits 0: the shipped defaults hold no unknown or
    # malformed key, and logging.* (POCO's LoggingConfigurator) is not
    # checked against AuthServer's key list.
    proc = run_server(tmp_path, "--migrate-only", "--define=logging.loggers.root.level=debug")
    assert proc.returncode == 0, proc.stderr


XML_LAYER = "<config><jwt><accessTokenLifetime>300</accessTokenLifetime></jwt></config>\n"


def test_layered_xml_file_with_a_nested_key_is_accepted(tmp_path):
    # Issue 16.1: the validator took the XML element <jwt> (which POCO's
    # XMLConfiguration reports as a key holding its inner text) for an
    # unknown key; only leaves are keys.
    (tmp_path / "site.xml").write_text(XML_LAYER)
    proc = run_server(tmp_path, "--migrate-only", "--config=site.xml")
    assert proc.returncode == 0, proc.stderr


def test_layered_xml_file_with_a_misspelt_leaf_is_refused(tmp_path):
    (tmp_path / "site.xml").write_text("<config><jwt><acessTokenLifetime>300</acessTokenLifetime></jwt></config>\n")
    assert_refused(run_server(tmp_path, "--migrate-only", "--config=site.xml"), "jwt.acessTokenLifetime")

