"""What every page shares: the templates, the security headers, the signed-in user, CSRF, and
errors shown as pages instead of JSON."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.routing import APIRoute
from jinja2 import Environment, FileSystemLoader, select_autoescape

from watchlist.api.services import Services
from watchlist.auth.roles import Role
from watchlist.auth.sessions import Session, csrf_matches, find_session
from watchlist.errors import AccessDenied, WatchlistError
from watchlist.ui.settings import UiSettings

HERE = Path(__file__).parent
PREFIX = "/ui"
COOKIE = "wl_session"
#: Before sign-in, the sign-in form's CSRF token is a random value in this cookie as well.
SIGNIN_COOKIE = "wl_signin"

#: Scripts and styles only from this server's own files: no inline script, nothing third-party.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}

templates = Environment(
    loader=FileSystemLoader(HERE / "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


class SignInNeeded(WatchlistError):
    """No live session: the page sends the browser to sign in and come back."""

    status = 303

    def __init__(self, back: str) -> None:
        super().__init__("sign in first")
        self.back = back


class CsrfRefused(WatchlistError):
    status = 403

    def __init__(self) -> None:
        super().__init__(
            "this form was not sent by a page of this site, or it has expired: reload the "
            "page and send it again"
        )


def services(request: Request) -> Services:
    found: Services = request.app.state.services
    return found


def ui_settings(request: Request) -> UiSettings:
    found: UiSettings = request.app.state.ui_settings
    return found


def secure(request: Request) -> bool:
    return request.url.scheme == "https"


def set_cookie(request: Request, response: Response, name: str, value: str) -> None:
    response.set_cookie(
        name,
        value,
        path=PREFIX,
        httponly=True,
        samesite="strict",
        secure=secure(request),
    )


def clear_cookie(request: Request, response: Response, name: str) -> None:
    response.delete_cookie(
        name, path=PREFIX, httponly=True, samesite="strict", secure=secure(request)
    )


def current_session(request: Request) -> Session:
    """The signed-in user of this request, or SignInNeeded."""
    found = getattr(request.state, "session", None)
    if isinstance(found, Session):
        return found
    token = request.cookies.get(COOKIE, "")
    session = find_session(services(request).store, token, ui_settings(request).policy())
    if session is None:
        back = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise SignInNeeded(back if request.method == "GET" else request.url.path)
    request.state.session = session
    request.state.token = token
    return session


def need(session: Session, role: Role) -> None:
    if not session.user.role.allows(role):
        raise AccessDenied(
            f"this page needs the {role.value} role; {session.user.name} is a "
            f"{session.user.role.value}"
        )


def same_origin(request: Request) -> bool:
    """A browser names the page a form came from; one from another site is refused."""
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return origin is None
    return urlsplit(origin).netloc == request.url.netloc


def check_csrf(request: Request, presented: str) -> None:
    """Refuse a form of a signed-in user without its session's token (or from elsewhere)."""
    token = getattr(request.state, "token", "") or request.cookies.get(COOKIE, "")
    if not same_origin(request) or not token or not csrf_matches(token, presented):
        raise CsrfRefused()


def check_signin_csrf(request: Request, presented: str) -> None:
    expected = request.cookies.get(SIGNIN_COOKIE, "")
    if (
        not same_origin(request)
        or not expected
        or not presented
        or not secrets.compare_digest(expected, presented)
    ):
        raise CsrfRefused()


def safe_back(value: str | None) -> str:
    """Where to go after sign-in: a page of the UI only, never another site."""
    if value and value.startswith(PREFIX + "/") and not value.startswith("//"):
        if "\\" not in value and "//" not in value:
            return value
    return f"{PREFIX}/"


def render(
    request: Request, name: str, context: dict[str, Any] | None = None, status: int = 200
) -> HTMLResponse:
    session = getattr(request.state, "session", None)
    page = templates.get_template(name).render(
        request=request,
        session=session,
        csrf=session.csrf if isinstance(session, Session) else "",
        Role=Role,
        prefix=PREFIX,
        **(context or {}),
    )
    return HTMLResponse(page, status_code=status, headers=HEADERS)


def redirect(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303, headers=HEADERS)


def error_page(request: Request, exc: WatchlistError) -> Response:
    if isinstance(exc, SignInNeeded):
        return redirect(f"{PREFIX}/signin?next={quote(exc.back, safe='/')}")
    status = exc.status if 400 <= exc.status < 600 else 400
    title = {403: "Not allowed", 404: "Not found"}.get(status, "Something is wrong")
    context = {"message": exc.message, "status": status, "title": title}
    return render(request, "error.html", context, status)


Handler = Callable[[Request], Coroutine[Any, Any, Response]]


class UiRoute(APIRoute):
    """A page: the library's errors and bad input become an error page, not JSON."""

    def get_route_handler(self) -> Handler:
        original = super().get_route_handler()

        async def handler(request: Request) -> Response:
            try:
                return await original(request)
            except WatchlistError as exc:
                return error_page(request, exc)
            except RequestValidationError as exc:
                fields = ", ".join(
                    str(e.get("loc", ("?",))[-1]) for e in exc.errors() if e.get("loc")
                )
                return error_page(request, WatchlistError(f"check these fields: {fields}"))

        return handler
