"""Sign-in and sign-out."""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request, Response

from watchlist.auth.keys import Unauthenticated
from watchlist.auth.roles import Role
from watchlist.auth.sessions import LockedOut, sign_in, sign_out
from watchlist.ui.web import (
    COOKIE,
    PREFIX,
    SIGNIN_COOKIE,
    check_csrf,
    check_signin_csrf,
    clear_cookie,
    current_session,
    redirect,
    render,
    safe_back,
    services,
    set_cookie,
    ui_settings,
)

Text = Annotated[str, Form(max_length=5000)]


def signin_form(request: Request, back: str, error: str = "", status: int = 200) -> Response:
    token = secrets.token_urlsafe(24)
    response = render(
        request,
        "signin.html",
        {"signin_csrf": token, "next": back, "error": error, "title": "Sign in"},
        status,
    )
    set_cookie(request, response, SIGNIN_COOKIE, token)
    return response


def home(request: Request) -> Response:
    session = current_session(request)
    if session.user.role.allows(Role.ANALYST):
        return redirect(f"{PREFIX}/alerts")
    return redirect(f"{PREFIX}/screen")


def signin_page(request: Request, next: str = "") -> Response:
    return signin_form(request, safe_back(next))


def signin(
    request: Request,
    username: Text = "",
    password: Text = "",
    csrf: Text = "",
    next: Text = "",
) -> Response:
    check_signin_csrf(request, csrf)
    back = safe_back(next)
    try:
        token = sign_in(services(request).store, username, password, ui_settings(request).policy())
    except LockedOut as exc:
        return signin_form(request, back, exc.message, 429)
    except Unauthenticated as exc:
        return signin_form(request, back, exc.message, 401)
    response = redirect(back)
    set_cookie(request, response, COOKIE, token)
    clear_cookie(request, response, SIGNIN_COOKIE)
    return response


def signout(request: Request, csrf: Text = "") -> Response:
    current_session(request)
    check_csrf(request, csrf)
    sign_out(services(request).store, request.cookies.get(COOKIE, ""))
    response = redirect(f"{PREFIX}/signin")
    clear_cookie(request, response, COOKIE)
    return response


def register(router: APIRouter) -> None:
    router.add_api_route("", home, methods=["GET"])
    router.add_api_route("/", home, methods=["GET"])
    router.add_api_route("/signin", signin_page, methods=["GET"])
    router.add_api_route("/signin", signin, methods=["POST"])
    router.add_api_route("/signout", signout, methods=["POST"])
