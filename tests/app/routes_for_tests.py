"""Routes registered only by tests, to exercise the frame (sessions, CSRF, errors)."""

from __future__ import annotations

from litestar import Request, get, post
from litestar.exceptions import PermissionDeniedException
from litestar.response import Redirect

from app.deps import DbSession
from app.sessions import current_session, end_session, end_user_sessions, flash, start_session


@post("/_test/login")
async def login_for_test(request: Request) -> dict:
    form = await request.form()
    start_session(request, {"uid": int(form.get("uid", 1)), "role": form.get("role", "individual")})
    return {"ok": True}


@post("/_test/logout")
async def logout_for_test(request: Request) -> dict:
    end_session(request)
    return {"ok": True}


@post("/_test/end-all")
async def end_all_for_test(request: Request, db: DbSession) -> dict:
    ended = await end_user_sessions(db, current_session(request)["uid"])
    return {"ended": ended}


@get("/_test/whoami")
async def whoami_for_test(request: Request) -> dict:
    return {"session": {k: v for k, v in current_session(request).items() if not k.startswith("_")}}


@post("/_test/flash")
async def flash_for_test(request: Request) -> Redirect:
    flash(request, "登録が完了しました。")
    return Redirect("/", status_code=303)


@post("/_test/remember")
async def remember_for_test(request: Request) -> dict:
    session = current_session(request)
    session["note"] = "anonymous"  # an anonymous session (as a pending login makes one)
    request.scope["session"] = session
    return {"ok": True}


@post("/_test/echo")
async def echo_for_test(request: Request) -> dict:
    return {"ok": True, "size": len(await request.body())}


@get("/_test/boom")
async def boom_for_test() -> dict:
    raise RuntimeError("secret internal detail: password=hunter2")


@get("/_test/forbidden")
async def forbidden_for_test() -> dict:
    raise PermissionDeniedException("この団体の情報は表示できません。")


TEST_ROUTES = [
    login_for_test,
    logout_for_test,
    end_all_for_test,
    whoami_for_test,
    flash_for_test,
    remember_for_test,
    echo_for_test,
    boom_for_test,
    forbidden_for_test,
]
