"""Every public page (anonymous) and the main logged-in pages against a bare Litestar + Jinja handler
rendering a page of the same size: that page's own HTML, written as the baseline's template.

Both servers run under uvicorn with the same settings; wrk (tests/bench/wrk.py) loads each page
and then its baseline, one after the other, in the same run — alternating, three short rounds of
each (BENCH_PAGES_ROUNDS, BENCH_PAGES_ROUND_DURATION), the median round's ratio counting, since the
machine is shared. Logged-in pages are asked for with the session and CSRF cookies a browser holds.
Targets: public ≥ 0.5, logged-in ≥ 0.25 of the baseline's throughput, with no errors (a non-2xx
answer counts as one).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

from app.config import ROOT
from tests.bench import wrk
from tests.bench.history import record

PUBLIC_TARGET = 0.5
LOGGED_IN_TARGET = 0.25
ROUNDS = int(os.environ.get("BENCH_PAGES_ROUNDS", "3"))  # ours, then the baseline, this many times per page
ROUND_DURATION = os.environ.get("BENCH_PAGES_ROUND_DURATION", "3s")

# (name, label, path or a callable finding it on the running site)
PUBLIC = [
    ("top", "トップページ", "/"),
    ("jobs", "求人情報を探す", "/jobs"),
    ("jobs_keyword", "求人情報を探す(保健)", "/jobs?keyword=%E4%BF%9D%E5%81%A5"),
    ("jobs_filters", "求人情報を探す(条件)", "/jobs?sector=health&employment_type=full_time&sort=deadline"),
    ("job_detail", "求人情報(詳細)", "posting"),
    ("events", "研修・イベント・セミナー", "/events"),
    ("seminars", "セミナー", "/seminars"),
    ("organizations", "登録団体一覧", "/organizations"),
    ("koubo", "公募情報", "/koubo"),
    ("koji", "公示", "/koji"),
    ("press", "プレスルーム", "/press"),
    ("content", "コンテンツ", "/content"),
    ("faq", "FAQ", "/faq"),
]
LOGGED_IN = [
    ("mypage_org", "マイページ(団体)", "/mypage", "org@example.org"),
    ("mypage_individual", "マイページ(個人)", "/mypage", "talent@example.org"),
    ("org_postings", "求人情報一覧", "/postings/jobs", "org@example.org"),
    ("talent", "人材閲覧", "/talent", "org@example.org"),
    ("mailbox", "メールボックス", "/mailbox", "org@example.org"),
]


def _fetch(url: str, headers: dict[str, str]) -> bytes:
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        if response.status != 200:
            raise RuntimeError(f"{url}: {response.status}")
        return response.read()


def _with_csrf_cookie(url: str, headers: dict[str, str]) -> dict[str, str]:
    """A logged-in browser's cookies: the session and the CSRF cookie it got on its first page."""
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        for header in response.headers.get_all("set-cookie") or []:
            name, _, rest = header.partition("=")
            if name == "partner_csrf":
                return {**headers, "Cookie": f"{headers['Cookie']}; partner_csrf={rest.split(';', 1)[0]}"}
    return headers


async def _create_sessions(env: dict[str, str], emails: set[str]) -> dict[str, str]:
    """A logged-in session per account, made the way the login's last step makes it (app/sessions)."""
    os.environ.update(env)
    from sqlalchemy import select

    from app.clock import now
    from app.config import get_settings
    from app.db import create_database, import_all_models
    from app.sessions import WebSession
    from features.accounts.models import UserAccount

    import_all_models()
    get_settings.cache_clear()  # one run per engine in this process
    database = create_database(get_settings())
    tokens = {}
    async with database.session() as db:
        for email in sorted(emails):
            user = (await db.execute(select(UserAccount).where(UserAccount.email == email))).scalar_one()
            token = secrets.token_urlsafe(32)
            data = {"uid": user.id, "role": user.role, "display_name": user.display_name, "counselor": False}
            db.add(
                WebSession(
                    id_hash=hashlib.sha256(token.encode()).hexdigest(),
                    user_id=user.id,
                    data=json.dumps(data, sort_keys=True, ensure_ascii=False),
                    created_at=now(),
                    last_seen_at=now(),
                )
            )
            tokens[email] = token
    await database.dispose()
    return tokens


def _baseline_template(html: bytes) -> bytes:
    return html.replace(b"{", b"{{ '{' }}")


def main() -> dict:
    # BENCH_PAGES_WORK=<dir> keeps the demo databases between runs (set up once, when missing).
    # BENCH_PAGES_ENGINES=sqlite,postgresql (default both): the logged-in pages run on each engine,
    # PostgreSQL with Redis as in production (the queue and the logged-in pages' shared generation).
    work = Path(os.environ.get("BENCH_PAGES_WORK") or tempfile.mkdtemp(prefix="partner-bench-pages-"))
    work.mkdir(parents=True, exist_ok=True)
    engines = [e for e in os.environ.get("BENCH_PAGES_ENGINES", "sqlite,postgresql").split(",") if e]
    only = {n for n in os.environ.get("BENCH_PAGES", "").split(",") if n}  # e.g. BENCH_PAGES=top,faq
    rows: list[dict] = []
    base_env = {
        "PARTNER_APP_DEBUG": "true",
        "PARTNER_APP_VAR_DIR": str(work / "var"),
        "PARTNER_QUEUE_RUN_WORKER_IN_APP": "false",
        "PARTNER_SECURITY_UNSAFE_REQUESTS_PER_MINUTE": "0",
    }
    if "sqlite" in engines:
        env = {**base_env, "PARTNER_DATABASE_URL": f"sqlite+aiosqlite:///{work / 'bench.sqlite3'}"}
        rows += _measure("sqlite", env, work, work / "bench.sqlite3", only, public=True)
    if "postgresql" in engines and (not only or only & {name for name, *_ in LOGGED_IN}):
        from tests import services

        postgres, redis = services.start_postgres(), services.start_redis()
        try:
            postgres.psql("CREATE DATABASE bench_pages")
            env = {
                **base_env,
                "PARTNER_DATABASE_URL": postgres.url("bench_pages"),
                "PARTNER_QUEUE_URL": redis.url,
                "PARTNER_APP_VAR_DIR": str(work / "var-pg"),
            }
            rows += _measure("postgresql", env, work, None, only, public=False)
        finally:
            redis.stop()
            postgres.stop()
    figures = {
        "wrk": {"threads": wrk.THREADS, "connections": wrk.CONNECTIONS, "duration": ROUND_DURATION, "rounds": ROUNDS},
        "pages": rows,
        "all_ok": all(r["ok"] for r in rows),
    }
    record("pages", figures)
    missed = [f"{r['page']} ({r['engine']})" for r in rows if not r["ok"]]
    print(
        f"  {len(rows) - len(missed)}/{len(rows)} pages at target" + (f"; below: {', '.join(missed)}" if missed else "")
    )
    return figures


def _measure(engine: str, env: dict[str, str], work: Path, sqlite_file: Path | None, only: set, public: bool) -> list:
    """Load the demo (once per SQLite file; always on a fresh PostgreSQL), then each page and its baseline."""
    litestar = [sys.executable, "-m", "litestar"]
    if sqlite_file is None or not sqlite_file.exists():
        for step in (["db", "upgrade"], ["demo", "load"]):
            subprocess.run([*litestar, *step], cwd=ROOT, env={**os.environ, **env}, check=True, capture_output=True)
    tokens = asyncio.run(_create_sessions(env, {email for *_, email in LOGGED_IN}))
    templates = work / "templates"
    templates.mkdir(exist_ok=True)
    (templates / "page.html").write_text("baseline")

    ours, our_port = wrk.serve("app:create_app", env)
    try:
        baseline, base_port = wrk.serve(
            "tests.bench.baseline_app:create_baseline_app", {"BENCH_TEMPLATE_DIR": str(templates)}
        )
    except BaseException:
        ours.terminate()
        raise
    rows: list[dict] = []
    try:
        site = f"http://127.0.0.1:{our_port}"
        plan = []
        if public:
            jobs = _fetch(site + "/jobs", {}).decode()
            posting = re.search(r'href="(/jobs/\d+)"', jobs)
            plan += [
                (name, label, posting.group(1) if path == "posting" else path, {}, PUBLIC_TARGET)
                for name, label, path in PUBLIC
                if path != "posting" or posting
            ]
        plan += [
            (
                name,
                label,
                path,
                _with_csrf_cookie(site + path, {"Cookie": f"partner_session={tokens[email]}"}),
                LOGGED_IN_TARGET,
            )
            for name, label, path, email in LOGGED_IN
        ]
        for name, label, path, headers, target in plan:
            if only and name not in only:
                continue
            html = _fetch(site + path, headers)
            (templates / f"{name}.html").write_bytes(_baseline_template(html))
            wrk.run(site + path, headers=headers, duration="1s")  # warm-up
            base_url = f"http://127.0.0.1:{base_port}/p/{name}"
            wrk.run(base_url, duration="1s")
            # Ours and the baseline alternate, ROUNDS times: a burst of load from elsewhere on the
            # machine falls on one pair, and the median pair's ratio is the page's.
            pairs = []
            for _ in range(ROUNDS):
                mine = wrk.run(site + path, headers=headers, duration=ROUND_DURATION)
                base = wrk.run(base_url, duration=ROUND_DURATION)
                pairs.append((mine.rps / base.rps if base.rps else 0.0, mine, base))
            pairs.sort(key=lambda pair: pair[0])
            ratio, mine, base = pairs[len(pairs) // 2]
            errors = sum(m.errors for _, m, _ in pairs)
            row = {
                "page": name,
                "label": label,
                "path": path,
                "engine": engine,
                "bytes": len(html),
                "logged_in": bool(headers),
                "ours": mine.figures(),
                "baseline": base.figures(),
                "ratio": round(ratio, 3),
                "rounds": [round(r, 3) for r, _, _ in pairs],
                "errors": errors,
                "target": target,
                "ok": ratio >= target and errors == 0,
            }
            rows.append(row)
            _print_row(row)
    finally:
        for process in (ours, baseline):
            process.terminate()
            process.wait()
    return rows


def _print_row(row: dict) -> None:
    ours, base = row["ours"], row["baseline"]
    print(
        f"  {row['label']:<22} {row['engine'][:6]:<6} {row['path'][:42]:<42} {row['bytes']:>7,} B"
        f"  ours {ours['rps']:7.0f} req/s p50 {ours['p50']:6.1f} p95 {ours['p95']:6.1f} p99 {ours['p99']:6.1f} ms"
        f" err {row['errors']}"
        f" | bare {base['rps']:7.0f} req/s p50 {base['p50']:5.1f} ms"
        f" | ratio {row['ratio']:.2f} (target {row['target']:.2f}) {'ok' if row['ok'] else 'BELOW'}"
        f" [rounds {' '.join(f'{r:.2f}' for r in row['rounds'])}]",
        flush=True,
    )


if __name__ == "__main__":
    main()
