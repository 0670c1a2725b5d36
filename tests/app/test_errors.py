"""Japanese error pages, never a traceback; htmx gets the message in the main area."""

from __future__ import annotations

import logging


async def test_404_is_a_japanese_page(client):
    response = await client.get("/nowhere")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "ページが見つかりません" in response.text
    assert '<html lang="ja">' in response.text


async def test_500_shows_no_traceback_and_logs_the_request_id(client, caplog):
    with caplog.at_level(logging.ERROR, logger="partner.errors"):
        response = await client.get("/_test/boom")
    assert response.status_code == 500
    assert "システムエラーが発生しました" in response.text
    assert "Traceback" not in response.text and "hunter2" not in response.text
    request_id = response.headers["x-request-id"]
    assert request_id in response.text
    assert any(request_id in record.getMessage() for record in caplog.records)


async def test_403_carries_the_japanese_reason(client):
    response = await client.get("/_test/forbidden")
    assert response.status_code == 403
    assert "この団体の情報は表示できません。" in response.text


async def test_405_is_japanese(client):
    response = await client.get("/_test/echo")
    assert response.status_code == 405
    assert "この操作はできません" in response.text


async def test_htmx_error_is_retargeted_to_main_as_a_fragment(client):
    response = await client.get("/nowhere", headers={"HX-Request": "true", "HX-Target": "news-list"})
    assert response.status_code == 404
    assert response.headers["hx-retarget"] == "#main"
    assert response.headers["hx-reswap"] == "innerHTML"
    assert "<html" not in response.text
    assert "ページが見つかりません" in response.text


async def test_oversized_body_is_refused_before_reading(client):
    from tests.conftest import csrf_headers

    await client.get("/")
    response = await client.post(
        "/_test/echo",
        content=b"x" * (13 * 1024 * 1024),
        headers={**csrf_headers(client), "content-type": "application/octet-stream"},
    )
    assert response.status_code == 413
    assert "サイズが上限を超えています" in response.text


async def test_an_id_no_row_can_have_is_a_404_not_a_500(client, caplog):
    """An {id:int} path parameter past the database's integer range (SQLite's int64, PostgreSQL's
    int32) would fail inside the driver: every such page answers 404, and nothing is logged as a 500."""
    with caplog.at_level(logging.ERROR, logger="partner.errors"):
        for path in ("/news/partner-news/99999999999999999999", "/jobs/2147483648", "/jobs/-99999999999999999999"):
            response = await client.get(path)
            assert response.status_code == 404, path
            assert "ページが見つかりません" in response.text
    assert not caplog.records
