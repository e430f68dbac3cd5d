"""The one exception root of watchlist and its subclasses, each carrying an HTTP status."""

from __future__ import annotations


class WatchlistError(Exception):
    """Base of every error the library raises on purpose; its message is safe to show a user."""

    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ParseError(WatchlistError):
    """A list file could not be read; names the file and where in it."""

    status = 422

    def __init__(self, path: str, where: str | None, problem: str) -> None:
        self.path = path
        self.where = where
        self.problem = problem
        place = f"{path}: {where}" if where else path
        super().__init__(f"{place}: {problem}")


class FormatNotDetected(ParseError):
    """No importer recognises the file's content."""


class NotFound(WatchlistError):
    """The thing asked for does not exist, or the actor may not know that it does."""

    status = 404


class Conflict(WatchlistError):
    """The request clashes with the store's state (a newer release, a concurrent writer)."""

    status = 409


class InvalidInput(WatchlistError):
    """A value given by the caller is malformed."""

    status = 400


class AccessDenied(WatchlistError):
    """The actor's clearance does not allow the operation."""

    status = 403
