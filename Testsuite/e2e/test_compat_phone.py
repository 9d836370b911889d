"""Compatibility profile `phone` (Docs/COMPAT.md): SMS-code sign-up and
login in the FastAPI envelope, in the Acceptance flow as the old mobile
client sends it (codes from the SMS outbox), with FastAPI's error shapes."""

import time

import pytest

from authtest import unique_email, verification_token
from compat import claims
from messaging import fresh_phone, sms_code, sms_to, wait_sms
from test_config_validation import assert_refused, run_server

CODE_SENT = "OTP sent successfully to your phone number"


@pytest.fixture(scope="module")
def phone_server(start_server):
    return start_server({"compat.profiles": "phone", "phone.defaultRegion": "IN",
                         "compat.phone.accessTokenLifetime": "1200"})


def code_after(server, number, action):
    before = len(sms_to(server, number))
    r = action()
    assert r.status_code == 200, r.text
    return r, sms_code(wait_sms(server, number, before))


def signed_up(server):
    c = server.client
    number = fresh_phone()
    r, code = code_after(server, number, lambda: c.post("/auth/signup", json={"phone_number": number}))
    r = c.post("/auth/verify-otp", json={"phone_number": number, "otp_code": code})
    assert r.status_code == 200, r.text
    return number, r.json()


def test_phone_acceptance_flow(phone_server):
    c = phone_server.client
    number = fresh_phone()
    national = number[3:]  # the old client may send the 10 national digits
    r, code = code_after(phone_server, number, lambda: c.post("/auth/signup", json={"phone_number": national}))
    assert r.json() == {"success": True, "message": CODE_SENT, "data": {"phone_number": number}, "token": None}, r.text

    r = c.post("/auth/verify-otp", json={"phone_number": number, "otp_code": code})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["success"] is True and body["message"] == "OTP verified successfully. Please complete your profile.", body
    data = body["data"]
    assert isinstance(data["user_id"], int) and data["phone_number"] == number and data["needs_profile_completion"] is True, data
    token = body["token"]
    access = claims(token)
    assert access["exp"] - access["iat"] == 1200 and access["user_id"] == data["user_id"], access
    assert claims(data["refresh_token"])["token_type"] == "refresh"

    email = unique_email("phone")
    seen = set(phone_server.mails_to(email))
    auth = {"Authorization": "Bearer " + token}
    r = c.post("/auth/complete-profile", json={"phone_number": number, "name": "Asha Rao", "email": email}, headers=auth)
    assert r.status_code == 200, r.text
    assert r.json() == {"success": True, "message": "Profile completed successfully", "data": {
        "user_id": data["user_id"], "profile_id": data["user_id"], "name": "Asha Rao", "email": email, "phone_number": number}}, r.text
    assert verification_token(phone_server.wait_verification_mail(email, exclude=seen))
    r = c.post("/auth/complete-profile", json={"phone_number": number, "name": "Asha Rao", "email": email,
                                               "bio": "Hello", "location": "Pune", "birth_date": "1990-05-17"}, headers=auth)
    assert r.status_code == 200 and r.json()["success"] is True, r.text
    r = c.post("/auth/complete-profile", json={"phone_number": number, "name": "Asha Rao", "email": email, "bio": "Hello",
                                               "location": "Pune", "birth_date": "1990-05-17",
                                               "avatar": "https://example.com/asha.png"}, headers=auth)
    assert r.status_code == 200, r.text

    r = c.get("/auth/profile", headers=auth)
    assert r.status_code == 200, r.text
    me = r.json()
    assert set(me) == {"id", "name", "email", "phone_number", "bio", "location", "birth_date", "avatar",
                       "is_verified", "is_active", "created_at", "updated_at"}, me
    assert me["id"] == data["user_id"] and me["is_verified"] is True and me["is_active"] is True, me
    assert me["bio"] == "Hello" and me["birth_date"] == "1990-05-17" and me["avatar"] == "https://example.com/asha.png", me
    assert me["created_at"].endswith("+00:00") and "T" in me["created_at"], me

    r, code = code_after(phone_server, number, lambda: c.post("/auth/login", json={"phone_number": number}))
    assert r.json() == {"success": True, "message": CODE_SENT, "data": {"phone_number": number}}, r.text
    r = c.post("/auth/verify-login", json={"phone_number": number, "otp_code": code})
    assert r.status_code == 200, r.text
    login = r.json()
    assert login["message"] == "Login successful" and login["token"], login
    assert login["data"]["name"] == "Asha Rao" and login["data"]["is_verified"] is True and login["data"]["email"] == email, login

    r = c.post("/auth/logout")
    assert r.status_code == 200 and r.json() == {"success": True, "message": "Logged out successfully"}, r.text
    new_auth = {"Authorization": "Bearer " + login["token"]}
    r = c.post("/auth/logout", headers=new_auth)
    assert r.status_code == 200 and r.json()["success"] is True, r.text
    r = c.get("/auth/profile", headers=new_auth)
    assert r.status_code == 401 and r.json() == {"detail": "Could not validate credentials"}, r.text
    assert r.headers.get("WWW-Authenticate") == "Bearer"
    # The sign-up session is another one: still valid.
    assert c.get("/auth/profile", headers=auth).status_code == 200
    assert phone_server.wait_log("profile=phone"), phone_server.logs(4000)


def test_phone_fastapi_errors(phone_server):
    c = phone_server.client
    r = c.post("/auth/signup", json={})
    assert r.status_code == 422 and r.json() == {"detail": [
        {"loc": ["body", "phone_number"], "msg": "Field required", "type": "missing"}]}, r.text
    r = c.post("/auth/signup", data="{", headers={"Content-Type": "application/json"})
    assert r.status_code == 422 and r.json()["detail"][0]["type"] == "json_invalid", r.text
    r = c.post("/auth/signup", json={"phone_number": "12"})
    assert r.status_code == 422, r.text
    item = r.json()["detail"][0]
    assert item["loc"] == ["body", "phone_number"] and item["type"] == "value_error" and item["msg"].startswith("Value error, "), item
    r = c.post("/auth/verify-otp", json={"phone_number": fresh_phone(), "otp_code": "000000"})
    assert r.status_code == 400 and r.json() == {"detail": "Invalid or expired OTP"}, r.text
    r = c.get("/auth/profile")
    assert r.status_code == 401 and r.json() == {"detail": "Not authenticated"}, r.text
    r = c.get("/auth/profile", headers={"Authorization": "Bearer nope"})
    assert r.status_code == 401 and r.json() == {"detail": "Could not validate credentials"}, r.text

    number, body = signed_up(phone_server)
    auth = {"Authorization": "Bearer " + body["token"]}
    r = c.post("/auth/complete-profile", json={"phone_number": fresh_phone(), "name": "X"}, headers=auth)
    assert r.status_code == 400 and r.json() == {"detail": "Phone number does not match your account"}, r.text
    r = c.post("/auth/complete-profile", json={"phone_number": number, "name": "X", "email": unique_email()}, headers=auth)
    assert r.status_code == 200, r.text
    r = c.post("/auth/complete-profile", json={"name": "X", "email": unique_email()}, headers=auth)
    assert r.status_code == 400 and r.json() == {"detail": "Email cannot be changed"}, r.text

    # Five wrong codes kill the code: 429 on the fifth (native OTP rule).
    number = fresh_phone()
    code_after(phone_server, number, lambda: c.post("/auth/signup", json={"phone_number": number}))
    answers = [c.post("/auth/verify-otp", json={"phone_number": number, "otp_code": "000000"}) for _ in range(5)]
    assert [a.status_code for a in answers] == [400, 400, 400, 400, 429], [a.text for a in answers]
    assert answers[-1].json() == {"detail": "Too many failed attempts. Request a new OTP"}


def test_phone_json_number_for_a_string_is_string_type(phone_server):
    # Pydantic v2's str takes no number (DRF's CharField would): a number
    # where a string is expected is 422 string_type, never read as text.
    c = phone_server.client
    national = int(fresh_phone()[3:])
    before = len(sms_to(phone_server, "+91%d" % national))
    r = c.post("/auth/signup", json={"phone_number": national})
    assert r.status_code == 422 and r.json() == {"detail": [
        {"loc": ["body", "phone_number"], "msg": "Input should be a valid string", "type": "string_type"}]}, r.text
    r = c.post("/auth/login", json={"phone_number": True})
    assert r.status_code == 422 and r.json()["detail"][0]["type"] == "string_type", r.text
    r = c.post("/auth/verify-otp", json={"phone_number": fresh_phone(), "otp_code": 123456})
    assert r.status_code == 422 and r.json() == {"detail": [
        {"loc": ["body", "otp_code"], "msg": "Input should be a valid string", "type": "string_type"}]}, r.text
    assert len(sms_to(phone_server, "+91%d" % national)) == before  # nothing sent


def test_phone_login_unknown_number_same_answer(phone_server):
    c = phone_server.client
    number = fresh_phone()
    r = c.post("/auth/login", json={"phone_number": number})
    assert r.status_code == 200 and r.json() == {"success": True, "message": CODE_SENT, "data": {"phone_number": number}}, r.text
    time.sleep(0.2)
    assert sms_to(phone_server, number) == []


def test_phone_access_lifetime_beyond_the_session_stops_the_start(tmp_path):
    proc = run_server(tmp_path, "--define=compat.profiles=phone", "--define=session.absoluteLifetime=3600",
                      "--define=compat.phone.accessTokenLifetime=7200")
    assert proc.returncode == 78, proc.stderr
    assert_refused(proc, "compat.phone.accessTokenLifetime")
