"""The one exception root of watchlist, its subclasses, and the one table that maps them.

Every error carries a stable `code` (for programs), the `field` or `record` it concerns (when
it concerns one), and a message for people that names no option of any shell. `ERRORS` says,
for each code, what it means, the HTTP status an API answers with and the exit status of the
command line: 2 for bad input, 1 for every other failure. Shells map an error through this
table and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

#: Every code an error may carry; `ERRORS` describes each one.
ErrorCode = Literal[
    "error",
    "invalid_input",
    "required",
    "out_of_range",
    "invalid_date",
    "unknown_schema",
    "unknown_country",
    "unknown_value",
    "parse_error",
    "format_not_detected",
    "not_found",
    "conflict",
    "concurrent_change",
    "alert_closed",
    "already_escalated",
    "confirm_or_escalate",
    "access_denied",
    "four_eyes",
    "unauthenticated",
    "payload_too_large",
    "rate_limited",
    "not_ready",
    "fetch_failed",
    "store_unavailable",
]

BAD_INPUT = 2
FAILURE = 1


@dataclass(frozen=True)
class ErrorKind:
    """What a code means and how each shell answers it."""

    code: ErrorCode
    http_status: int
    exit_status: int
    description: str


def _kinds(*kinds: ErrorKind) -> dict[ErrorCode, ErrorKind]:
    return {k.code: k for k in kinds}


ERRORS: dict[ErrorCode, ErrorKind] = _kinds(
    ErrorKind("error", 400, FAILURE, "the operation cannot be done as asked"),
    ErrorKind("invalid_input", 400, BAD_INPUT, "a value given is malformed"),
    ErrorKind("required", 400, BAD_INPUT, "a value that must be given is missing or empty"),
    ErrorKind("out_of_range", 400, BAD_INPUT, "a number is outside the range it may take"),
    ErrorKind("invalid_date", 400, BAD_INPUT, "a date that is no date (YYYY, YYYY-MM, YYYY-MM-DD)"),
    ErrorKind("unknown_schema", 400, BAD_INPUT, "an entity type watchlist does not know"),
    ErrorKind("unknown_country", 400, BAD_INPUT, "a country that is no country name or code"),
    ErrorKind("unknown_value", 400, BAD_INPUT, "a value outside the ones allowed"),
    ErrorKind("parse_error", 422, BAD_INPUT, "a file could not be read; names file and place"),
    ErrorKind("format_not_detected", 422, BAD_INPUT, "no list format reads the file"),
    ErrorKind("not_found", 404, FAILURE, "the thing asked for does not exist (or is hidden)"),
    ErrorKind("conflict", 409, FAILURE, "the request clashes with the store's state"),
    ErrorKind("concurrent_change", 409, FAILURE, "another writer changed the store; try again"),
    ErrorKind("alert_closed", 409, FAILURE, "the alert is closed and takes no more decisions"),
    ErrorKind("already_escalated", 409, FAILURE, "the alert is escalated already"),
    ErrorKind(
        "confirm_or_escalate", 409, FAILURE, "a proposed true match is confirmed or escalated"
    ),
    ErrorKind("access_denied", 403, FAILURE, "the actor's clearance or role does not allow it"),
    ErrorKind("four_eyes", 403, FAILURE, "a true match needs a second analyst to confirm it"),
    ErrorKind("unauthenticated", 401, FAILURE, "no valid API key"),
    ErrorKind("payload_too_large", 413, BAD_INPUT, "a request body over the size limit"),
    ErrorKind("rate_limited", 429, FAILURE, "too many requests; retry later"),
    ErrorKind("not_ready", 503, FAILURE, "the screening index is still loading"),
    ErrorKind("fetch_failed", 502, FAILURE, "a list file could not be downloaded whole"),
    ErrorKind("store_unavailable", 503, FAILURE, "the database cannot be reached"),
)


class WatchlistError(Exception):
    """Base of every error the library raises on purpose; its message is safe to show a user.

    `code` is stable (see `ERRORS`); `field` names the input field at fault and `record` the
    record (a file and line, an alert, a customer) when the error concerns one.
    """

    code: ErrorCode = "error"

    def __init__(
        self,
        message: str,
        *,
        code: ErrorCode | None = None,
        field: str | None = None,
        record: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.field = field
        self.record = record

    def __str__(self) -> str:
        return self.message

    @property
    def kind(self) -> ErrorKind:
        return ERRORS[self.code]

    @property
    def status(self) -> int:
        """The HTTP status an API answers this error with."""
        return self.kind.http_status

    @property
    def exit_status(self) -> int:
        """The exit status of a command that ends with this error."""
        return self.kind.exit_status

    def to_dict(self) -> dict[str, str | None]:
        return {
            "code": self.code,
            "message": self.message,
            "field": self.field,
            "record": self.record,
        }


class ParseError(WatchlistError):
    """A list file could not be read; names the file and where in it."""

    code: ErrorCode = "parse_error"

    def __init__(
        self,
        path: str,
        where: str | None,
        problem: str,
        *,
        code: ErrorCode | None = None,
        field: str | None = None,
    ) -> None:
        self.path = path
        self.where = where
        self.problem = problem
        place = f"{path}: {where}" if where else path
        super().__init__(f"{place}: {problem}", code=code, field=field, record=place)


class FormatNotDetected(ParseError):
    """No importer recognises the file's content."""

    code: ErrorCode = "format_not_detected"


class NotFound(WatchlistError):
    """The thing asked for does not exist, or the actor may not know that it does."""

    code: ErrorCode = "not_found"


class Conflict(WatchlistError):
    """The request clashes with the store's state (a newer release, a concurrent writer)."""

    code: ErrorCode = "conflict"


class InvalidInput(WatchlistError):
    """A value given by the caller is malformed; `field` names it when there is one."""

    code: ErrorCode = "invalid_input"


class AccessDenied(WatchlistError):
    """The actor's clearance does not allow the operation."""

    code: ErrorCode = "access_denied"
