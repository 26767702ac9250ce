"""A real HTTP server standing in for an LRS: PUT /statements?statementId=…, deduplicating by id.

It can answer 500 to the first requests, or store a statement and then drop the connection without
answering (a lost response), and it records every request it received.
"""

import base64
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

USERNAME = "tremplin-lrs"
PASSWORD = "lrs-secret-42"


@dataclass
class Received:
    method: str
    path: str
    statement_id: str
    headers: dict  # lower-cased names: HTTP header names are case-insensitive
    body: dict | None


@dataclass
class FakeLRS:
    fail_first: int = 0
    drop_first: int = 0
    conflict_on_duplicate: bool = False
    delay: float = 0.0
    requests: list[Received] = field(default_factory=list)
    stored: dict[str, dict] = field(default_factory=dict)

    def __post_init__(self):
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}/xapi"

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self._server.shutdown()
        self._server.server_close()

    def puts_of(self, statement_id: str) -> list[Received]:
        return [r for r in self.requests if r.method == "PUT" and r.statement_id == statement_id]

    def _answer(self, received: Received) -> int | None:
        """Return the status to send, or ``None`` to close the connection without an answer."""
        expected = base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode()
        if received.headers.get("authorization") != f"Basic {expected}":
            return 401
        if not received.headers.get("x-experience-api-version", "").startswith("1.0"):
            return 400
        if received.body is None or received.body.get("id") != received.statement_id:
            return 400
        with self._lock:
            if self.fail_first > 0:
                self.fail_first -= 1
                return 500
            known = self.stored.get(received.statement_id)
            if known is not None:
                # Like an LRS: the same id again changes nothing (204), or 409 if it differs / in strict mode.
                return 409 if self.conflict_on_duplicate or known != received.body else 204
            self.stored[received.statement_id] = received.body
            if self.drop_first > 0:
                self.drop_first -= 1
                return None
        return 204

    def _handler_class(self):
        lrs = self

        class Handler(BaseHTTPRequestHandler):
            def do_PUT(self):  # the name http.server dispatches to
                parts = urlsplit(self.path)
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                try:
                    body = json.loads(raw)
                except ValueError:
                    body = None
                received = Received(
                    method="PUT",
                    path=parts.path,
                    statement_id=parse_qs(parts.query).get("statementId", [""])[0],
                    headers={name.lower(): value for name, value in self.headers.items()},
                    body=body,
                )
                with lrs._lock:
                    lrs.requests.append(received)
                if lrs.delay:
                    time.sleep(lrs.delay)
                status = lrs._answer(received)
                if status is None:
                    self.close_connection = True
                    return
                self.send_response(status)
                self.send_header("X-Experience-API-Version", "1.0.3")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format, *args):  # silence the per-request log
                pass

        return Handler
