"""A loopback fake of Twilio's Messages endpoint (python http.server), for
the SMS tests: it checks the path, HTTP basic auth and the form fields
exactly as Twilio's API documents them, answers 201 with a message
resource, and can be told to answer 500 to the next N requests."""

import base64
import json
import threading
import urllib.parse
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SID = "AC" + "0123456789abcdef" * 2
TOKEN = "twilio-auth-token-e2e-0123456789"
FROM = "+15005550006"


class TwilioFake:
    def __init__(self, tls=None):
        """tls: (cert.pem, key.pem) to serve HTTPS, else plain HTTP."""
        self.messages = []      # accepted {"To", "From", "Body"}
        self.refused = []       # (status, reason) of every refused request
        self.fail_next = 0      # answer 500 to this many valid requests
        self.lock = threading.Lock()
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                raw = self.rfile.read(length).decode()
                expected = f"/2010-04-01/Accounts/{SID}/Messages.json"
                auth = self.headers.get("Authorization", "")
                good_auth = "Basic " + base64.b64encode(f"{SID}:{TOKEN}".encode()).decode()
                ctype = self.headers.get("Content-Type", "").split(";")[0].strip()
                form = urllib.parse.parse_qs(raw, keep_blank_values=True)
                problem = None
                if self.path != expected:
                    problem = (404, f"path {self.path}")
                elif auth != good_auth:
                    problem = (401, "basic auth")
                elif ctype != "application/x-www-form-urlencoded":
                    problem = (400, f"content type {ctype}")
                elif set(form) != {"To", "From", "Body"} or any(len(v) != 1 for v in form.values()):
                    problem = (400, f"fields {sorted(form)}")
                elif form["From"][0] != FROM or not form["To"][0].startswith("+"):
                    problem = (400, "From/To")
                with fake.lock:
                    if problem:
                        fake.refused.append(problem)
                        return self._answer(problem[0], {"code": 20003, "message": problem[1], "status": problem[0]})
                    if fake.fail_next > 0:
                        fake.fail_next -= 1
                        fake.refused.append((500, "scripted failure"))
                        return self._answer(500, {"code": 20500, "message": "Internal Server Error", "status": 500})
                    msg = {k: v[0] for k, v in form.items()}
                    fake.messages.append(msg)
                return self._answer(201, {"sid": "SM" + uuid.uuid4().hex, "status": "queued",
                                          "to": msg["To"], "from": msg["From"], "body": msg["Body"]})

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        scheme = "http"
        if tls:
            import ssl
            ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            ctx.load_cert_chain(*tls)
            self.httpd.socket = ctx.wrap_socket(self.httpd.socket, server_side=True)
            scheme = "https"
        self.base_url = f"{scheme}://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
        self.thread.start()

    def to(self, number):
        with self.lock:
            return [m for m in self.messages if m["To"] == number]

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def defines(self, **extra):
        d = {"sms.transport": "twilio", "twilio.baseUrl": self.base_url, "twilio.accountSid": SID,
             "twilio.authToken": TOKEN, "twilio.from": FROM, "delivery.pollInterval": 50}
        d.update(extra)
        return d
