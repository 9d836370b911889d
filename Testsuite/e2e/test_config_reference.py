"""One table for configuration keys (issue 16.6 and 16.7): `authserver
--list-config` prints the reference generated from the key table,
Docs/CONFIGURATION.md is exactly that output, it names every shipped key and
never a configured secret, and the validator, the readers and the
environment variables all take their keys, defaults and ranges from the
same table."""

import os
import re
import subprocess

from authtest import REPO, server_binary
from test_config_validation import assert_refused, run_server

SECRET_VALUES = {
    "jwt.secret": "listconfig-jwt-secret-0123456789-abcdefghijkl",
    "mail.smtp.password": "listconfig-smtp-password-9f8e7d",
    "redis.password": "listconfig-redis-password-1a2b3c",
    "delivery.key": "listconfig-delivery-key-0123456789-abcdefgh",
    "mfa.encryptionKey": "listconfig-mfa-key-0123456789-abcdefghijklm",
}


def list_config(*args, env_extra=None):
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith("AUTHSERVER_")}
    env.update(env_extra or {})
    proc = subprocess.run([server_binary(), *args, "--list-config"], capture_output=True, text=True,
                          timeout=30, env=env)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def shipped_keys():
    keys = []
    with open(os.path.join(REPO, "Config", "AuthServer.properties"), encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^#?([a-z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+)+)\s*=", line)
            if m and (not m.group(1).startswith("logging.") or m.group(1) == "logging.daemonChannel"):
                keys.append(m.group(1))
    return keys


def test_list_config_output_is_the_checked_in_reference():
    with open(os.path.join(REPO, "Docs", "CONFIGURATION.md"), encoding="utf-8") as f:
        checked_in = f.read()
    assert list_config() == checked_in, \
        "Docs/CONFIGURATION.md differs: regenerate it with build/bin/authserver --list-config > Docs/CONFIGURATION.md"


def test_reference_names_every_shipped_key_and_the_contract_keys():
    text = list_config()
    keys = shipped_keys()
    assert len(keys) > 130
    for key in keys + ["webauthn.rpId", "webauthn.rpName", "webauthn.origins", "compat.profiles",
                       "compat.legacySigningKey", "compat.phone.accessTokenLifetime", "http.threads"]:
        assert f"| `{key}` |" in text, key


def test_list_config_never_prints_a_configured_secret():
    defines = [f"--define={k}={v}" for k, v in SECRET_VALUES.items()]
    text = list_config(*defines, env_extra={"AUTHSERVER_TWILIO_AUTHTOKEN": "listconfig-twilio-token-5d4c3b"})
    for value in list(SECRET_VALUES.values()) + ["listconfig-twilio-token-5d4c3b"]:
        assert value not in text
    assert text == list_config()
    for key in ["jwt.secret", "mail.smtp.password", "redis.password", "twilio.authToken", "compat.legacySigningKey"]:
        row = next(line for line in text.splitlines() if line.startswith(f"| `{key}` |"))
        assert "secret" in row.split("|")[2], row


def test_old_key_name_has_the_new_names_range(tmp_path):
    # http.maxQueued (old name of http.maxQueuedRequests) was checked by
    # the validator against 1..65536 while the reader allowed 1..1000000:
    # two ranges for one key. The table gives an alias its target's range.
    proc = run_server(tmp_path, "--migrate-only", "--define=http.maxQueued=100000")
    assert proc.returncode == 0, proc.stderr
    assert_refused(run_server(tmp_path, "--migrate-only", "--define=http.maxQueued=1000001"), "http.maxQueued")


def test_environment_variable_of_a_table_key_is_matched_and_checked(tmp_path):
    # The environment matched only the old constant list, so a key added
    # since (here compat.phone.accessTokenLifetime) was ignored with a
    # warning; every key of the table is matched now, and validated.
    env_name = "AUTHSERVER_COMPAT_PHONE_ACCESSTOKENLIFETIME"
    assert_refused(run_server(tmp_path, "--migrate-only", env_extra={env_name: "0"}), "compat.phone.accessTokenLifetime")
    ok = run_server(tmp_path, "--migrate-only", env_extra={env_name: "600", "AUTHSERVER_RATELIMIT_LOGIN_PERIP": "7"})
    assert ok.returncode == 0, ok.stderr
    assert "matches no configuration key" not in ok.stderr


def test_unknown_key_under_a_new_section_is_refused(tmp_path):
    # The sections the validator owns come from the table: a misspelt
    # passkey key is refused like any other.
    assert_refused(run_server(tmp_path, "--migrate-only", "--define=webauthn.rpid=example.com"), "webauthn.rpid")
