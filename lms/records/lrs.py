"""A minimal xAPI client for the one call Tremplin makes: PUT a statement to an LRS.

``urllib.request`` is enough for one idempotent PUT and adds no dependency. PUT with ``statementId``
rather than POST: the id is fixed by Tremplin, so a retry after a lost response cannot create a
second statement at the LRS (xAPI-Communication §2.1.1: same id → no state change, or 409).
"""

import base64
import http.client
import json
from dataclasses import dataclass
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode, urlsplit
from urllib.request import Request, urlopen

from .verbs import XAPI_VERSION

ALREADY_STORED = 409
NOT_HTTP = "The LRS URL must be an http(s) URL, got %(url)r."
HTTP_FAILURE = "HTTP %(status)s from the LRS: %(body)s"
NETWORK_FAILURE = "The LRS could not be reached: %(error)s"
_BODY_EXCERPT = 300


class LRSDeliveryError(Exception):
    """The LRS did not confirm the statement (network error, timeout, or an unexpected status)."""


@dataclass(frozen=True)
class LRSConfig:
    """Where and how to reach the LRS: its endpoint (ending before ``/statements``) and credentials."""

    endpoint: str
    username: str = ""
    password: str = ""
    timeout: float = 5.0

    def statements_url(self, statement_id: str) -> str:
        if urlsplit(self.endpoint).scheme not in ("http", "https"):
            raise LRSDeliveryError(NOT_HTTP % {"url": self.endpoint})
        return f"{self.endpoint.rstrip('/')}/statements?{urlencode({'statementId': statement_id})}"


def statement_put(*, config: LRSConfig, statement: dict) -> int:
    """PUT ``statement`` to the LRS; return the status when it is stored (2xx, normally 204, or 409).

    409 Conflict means the LRS already holds a statement with this id: it was delivered earlier
    (e.g. the response to a previous attempt was lost), so it counts as stored.
    Raise ``LRSDeliveryError`` for anything else.
    """
    headers = {
        "Content-Type": "application/json",
        "X-Experience-API-Version": XAPI_VERSION,
    }
    if config.username or config.password:
        token = base64.b64encode(f"{config.username}:{config.password}".encode()).decode("ascii")
        headers["Authorization"] = f"Basic {token}"
    request = Request(  # noqa: S310 — the scheme is checked to be http(s) by statements_url()
        config.statements_url(statement["id"]),
        data=json.dumps(statement, ensure_ascii=False).encode("utf-8"),
        headers=headers,
        method="PUT",
    )
    try:
        with urlopen(request, timeout=config.timeout) as response:  # noqa: S310 — scheme checked above
            status = response.status
    except HTTPError as error:
        if error.code == ALREADY_STORED:
            return ALREADY_STORED
        body = error.read(_BODY_EXCERPT).decode("utf-8", "replace")
        raise LRSDeliveryError(HTTP_FAILURE % {"status": error.code, "body": body}) from error
    except (URLError, http.client.HTTPException, OSError) as error:
        # OSError covers timeouts and resets; HTTPException a connection closed before any response.
        raise LRSDeliveryError(NETWORK_FAILURE % {"error": error}) from error
    if not 200 <= status < 300:
        raise LRSDeliveryError(HTTP_FAILURE % {"status": status, "body": ""})
    return status
