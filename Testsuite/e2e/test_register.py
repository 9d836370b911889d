"""POST /api/auth/register and /api/auth/register/supplier (API.md, Endpoints)."""

import pytest

from authtest import (
    Account, assert_json, assert_no_store, assert_problem, assert_user, register,
    create_verified, six_digit_code, strong_password, unique_email, verification_token,
    verify_by_link,
)


def test_register_user_answers_201_with_user_and_email_sent(server, client):
    resp, email, _ = register(client, full_name="Ada Lovelace")
    body = assert_json(resp, 201)
    assert body["verification"] == "email_sent"
    assert_user(body["user"], email=email, role="user", full_name="Ada Lovelace",
                email_verified=False, company_name=None, last_login_at=None)
    assert_no_store(resp)


def test_register_sends_multipart_mail_with_link_and_code(server, client):
    resp, email, _ = register(client)
    assert_json(resp, 201)
    msg = server.wait_verification_mail(email)
    assert msg.get_content_type() == "multipart/alternative"
    assert msg.get_body(preferencelist=("plain",)) is not None
    assert msg.get_body(preferencelist=("html",)) is not None
    assert verification_token(msg)
    assert len(six_digit_code(msg)) == 6


def test_register_supplier_answers_201_with_role_supplier_and_company(client):
    resp, email, _ = register(client, path="/api/auth/register/supplier",
                              company_name="Acme Tools Pvt Ltd")
    body = assert_json(resp, 201)
    assert_user(body["user"], email=email, role="supplier", company_name="Acme Tools Pvt Ltd")


def test_register_supplier_without_company_name_is_validation_error(client):
    resp, _, _ = register(client, path="/api/auth/register/supplier")
    body = assert_problem(resp, 400, "validation_error")
    assert "company_name" in body.get("errors", {}), body


def test_register_with_role_supplier_does_not_require_company_name(client):
    # API.md: company_name is required only on /api/auth/register/supplier;
    # on /api/auth/register (role supplier) it is optional (issue 16.4).
    resp, email, _ = register(client, role="supplier")
    body = assert_json(resp, 201)
    assert_user(body["user"], email=email, role="supplier", company_name=None)


def test_register_with_role_supplier_keeps_a_given_company_name(client):
    resp, _, _ = register(client, role="supplier", company_name="Acme")
    assert_user(assert_json(resp, 201)["user"], role="supplier", company_name="Acme")


def test_register_supplier_with_company_name_too_long_is_refused(client):
    resp, _, _ = register(client, path="/api/auth/register/supplier", company_name="x" * 201)
    assert_problem(resp, 400, "validation_error")


def test_register_with_role_user_explicitly_is_accepted(client):
    resp, _, _ = register(client, role="user")
    assert_user(assert_json(resp, 201)["user"], role="user")


@pytest.mark.parametrize("role", ["admin", "superuser", ""])
def test_register_with_role_other_than_user_or_supplier_is_validation_error(client, role):
    resp, email, password = register(client, role=role)
    assert_problem(resp, 400, "validation_error")
    # And no account was created: the same email can still register.
    resp2, _, _ = register(client, email=email, password=password)
    assert_json(resp2, 201)


def test_register_password_confirm_mismatch_is_password_mismatch(client):
    resp = client.post("/api/auth/register", json={
        "email": unique_email(), "password": strong_password(),
        "password_confirm": strong_password(), "full_name": "Mismatch"})
    assert_problem(resp, 400, "password_mismatch")


def test_register_short_password_is_refused(client):
    resp, _, _ = register(client, password="Ab3$xyz")  # 7 code points < minLength 8
    assert_problem(resp, 400, codes=("weak_password", "validation_error"))


def test_register_password_length_counts_code_points_not_bytes(client):
    # 7 code points, 21 UTF-8 bytes: too short.
    resp, _, _ = register(client, password="\u00e4\u00f6\u00fc\u00df\u00e9\u20ac\u2603")
    assert_problem(resp, 400, codes=("weak_password", "validation_error"))
    # 8 code points of any kind (NIST: no composition rules) are fine.
    resp, _, _ = register(client, password="\u00e4\u00f6\u00fc\u00df\u00e9\u20ac\u2603\u00f1")
    assert_json(resp, 201)


def test_register_password_over_max_length_is_refused(client):
    resp, _, _ = register(client, password="q7Zx" * 32 + "k")  # 129 characters
    assert_problem(resp, 400, codes=("weak_password", "validation_error"))


def test_register_password_at_max_length_is_accepted(client):
    resp, _, _ = register(client, password="q7Zx" * 32)  # 128 characters
    assert_json(resp, 201)


@pytest.mark.parametrize("password", ["password1", "12345678", "qwertyuiop"])
def test_register_common_password_is_weak_password(client, password):
    resp, _, _ = register(client, password=password)
    assert_problem(resp, 400, "weak_password")


def test_register_same_email_twice_is_conflict(server, client):
    acc = create_verified(server)
    resp2, _, _ = register(client, email=acc.email)
    assert_problem(resp2, 409, "conflict")


def test_register_unproven_email_again_is_a_new_claim(server, client):
    """Issue 17 finding 1: only a proven email is taken; an account that has
    not proven its email reserves nothing, so a second registration is 201
    and whoever proves the address takes it."""
    resp, email, _ = register(client)
    first = assert_json(resp, 201)["user"]
    resp2, _, _ = register(client, email=email)
    second = assert_json(resp2, 201)["user"]
    assert second["id"] != first["id"] and second["email"] == email


def test_register_email_is_case_insensitive_and_stored_lower_case(server, client):
    local = "Ada-" + unique_email().split("@")[0]
    resp, _, password = register(client, email=f"{local}@Example.com")
    user = assert_json(resp, 201)["user"]
    assert user["email"] == f"{local}@example.com".lower()
    verify_by_link(server, Account(user["email"], password, user))
    resp2, _, _ = register(client, email=f"{local}@example.com".lower())
    assert_problem(resp2, 409, "conflict")
    resp3, _, _ = register(client, email=f"{local}@EXAMPLE.COM".upper())
    assert_problem(resp3, 409, "conflict")


@pytest.mark.parametrize("missing", ["email", "password", "password_confirm", "full_name"])
def test_register_missing_required_field_is_validation_error(client, missing):
    password = strong_password()
    body = {"email": unique_email(), "password": password,
            "password_confirm": password, "full_name": "Missing Field"}
    del body[missing]
    assert_problem(client.post("/api/auth/register", json=body), 400,
                   codes=("validation_error",) if missing != "password_confirm"
                   else ("validation_error", "password_mismatch"))


@pytest.mark.parametrize("bad_email", ["not-an-email", "a@", "@example.com", ""])
def test_register_malformed_email_is_validation_error(client, bad_email):
    resp, _, _ = register(client, email=bad_email)
    body = assert_problem(resp, 400, "validation_error")
    assert "email" in body.get("errors", {}), body


@pytest.mark.parametrize("field,value", [("email", 5), ("password", 12345678),
                                         ("full_name", ["x"]), ("role", 1)])
def test_register_wrong_field_types_are_validation_error(client, field, value):
    password = strong_password()
    body = {"email": unique_email(), "password": password,
            "password_confirm": password, "full_name": "Types"}
    body[field] = value
    if field == "password":
        body["password_confirm"] = value
    assert_problem(client.post("/api/auth/register", json=body), 400, "validation_error")


def test_register_full_name_over_150_characters_is_validation_error(client):
    resp, _, _ = register(client, full_name="n" * 151)
    assert_problem(resp, 400, "validation_error")


def _mobile():
    import random
    return "+9198" + "".join(random.choice("0123456789") for _ in range(8))


def test_register_with_e164_phone_number_stores_it_unverified(client):
    phone = _mobile()
    resp, _, _ = register(client, phone_number=phone)
    assert_user(assert_json(resp, 201)["user"], phone_number=phone, phone_verified=False)


def test_register_with_taken_phone_number_is_conflict(server, client):
    # Taken means proven (issue 17 finding 1): the number's SMS sign-up proves it.
    from messaging import sms_code, sms_to, wait_sms
    phone = _mobile()
    assert_json(register(client, phone_number=phone)[0], 201)  # a claim reserves nothing
    assert_json(register(client, phone_number=phone)[0], 201)
    before = len(sms_to(server, phone))
    assert_json(client.post("/api/auth/phone/signup", json={"phone_number": phone}), 202)
    code = sms_code(wait_sms(server, phone, before))
    assert_json(client.post("/api/auth/phone/verify-signup", json={"phone_number": phone, "otp_code": code}), 201)
    assert_problem(register(client, phone_number=phone)[0], 409, "conflict")


@pytest.mark.parametrize("phone", ["12345", "not a phone", "+12", "9876543210"])
def test_register_with_invalid_phone_number_is_invalid_phone_number(client, phone):
    # phone.defaultRegion is empty by default: a number without "+" is refused.
    resp, _, _ = register(client, phone_number=phone)
    assert_problem(resp, 400, "invalid_phone_number")


def test_register_phone_number_in_other_form_is_normalised_or_refused(client):
    digits = _mobile()
    spaced = f"{digits[:3]} {digits[3:8]} {digits[8:]}"
    resp, _, _ = register(client, phone_number=spaced)
    if resp.status_code == 201:
        assert resp.json()["user"]["phone_number"] == digits
    else:
        assert_problem(resp, 400, "invalid_phone_number")


def test_every_outbox_mail_has_message_id_and_date(server, client):
    # RFC 5322 §3.6.4 and §3.6.1 (issue 16.3): <random@host of app.publicUrl>
    # (here 127.0.0.1, written as a domain literal), unique per mail.
    import re
    ids = set()
    for _ in range(2):
        resp, email, _ = register(client)
        assert_json(resp, 201)
        msg = server.wait_verification_mail(email)
        assert re.fullmatch(r"<[A-Za-z0-9_-]{16,}@\[127\.0\.0\.1\]>", msg["Message-ID"] or ""), msg["Message-ID"]
        assert msg["Date"]
        ids.add(msg["Message-ID"])
    assert len(ids) == 2
