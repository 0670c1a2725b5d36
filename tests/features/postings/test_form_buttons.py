"""The posting form's buttons: each posts to its own endpoint (formaction), for a new posting and
for a stored one; each carries the CSRF token and re-renders a malformed form with 422."""

from __future__ import annotations

import json
import re

import pytest

from tests.features.postings.helpers import BUTTONS, as_organization, button_url, job_form, post_job, postings

MALFORMED = {"title": "書きかけの求人", "closes_on": "2026-13-45"}


def formactions(html: str) -> dict[str, str]:
    """Button label → the path its formaction posts to."""
    return {
        re.sub(r"<[^>]+>.*", "", label): path
        for path, label in re.findall(r'<button type="submit" formaction="([^"]+)"[^>]*>(.*?)</button>', html)
    }


async def test_each_button_of_the_form_and_of_the_confirmation_has_its_own_endpoint(client, database, frozen_clock):
    await as_organization(client, database)
    new = (await client.get("/postings/jobs/new")).text
    assert 'action="/postings/jobs/confirm"' in new  # Enter in a field: the default button, 確認
    assert formactions(new) == {
        "確認": "/postings/jobs/confirm",
        "一時保存": "/postings/jobs/save",
        "掲載後に表示される内容を確認する": "/postings/jobs/preview",
    }
    assert 'name="_csrf_token"' in new and 'name="action"' not in new
    confirm = await post_job(client, job_form(frozen_clock()), "confirm")
    assert formactions(confirm.text) == {
        "登録": "/postings/jobs/submit",
        "入力画面へ戻る": "/postings/jobs/back",
        "OK": "/postings/jobs/submit",  # the dialog's
    }
    assert 'action="/postings/jobs/submit"' in confirm.text and 'name="_csrf_token"' in confirm.text

    await post_job(client, job_form(frozen_clock()), "save")
    [posting] = await postings(database)
    edit = (await client.get(f"/postings/jobs/{posting.id}/edit")).text
    on_form = {button_url("jobs", b, posting.id) for b in ("confirm", "save", "preview")}
    assert set(formactions(edit).values()) == on_form
    confirm = await post_job(client, job_form(frozen_clock()), "confirm", posting.id)
    assert set(formactions(confirm.text).values()) == {button_url("jobs", b, posting.id) for b in ("submit", "back")}


@pytest.mark.parametrize("button", sorted(BUTTONS))
@pytest.mark.parametrize(("stored", "htmx"), [(False, False), (True, True)], ids=["new-page", "stored-fragment"])
async def test_every_button_rerenders_a_malformed_form_with_422(client, database, frozen_clock, button, stored, htmx):
    await as_organization(client, database)
    posting_id = None
    if stored:
        await post_job(client, {"title": "保存済み"}, "save")
        [posting] = await postings(database)
        posting_id = posting.id
    headers = {"HX-Request": "true", "HX-Target": "posting-form"} if htmx else {}
    refused = await post_job(client, MALFORMED, button, posting_id, headers=headers)
    assert refused.status_code == 422
    assert "日付が正しくありません" in refused.text and 'value="書きかけの求人"' in refused.text
    assert 'id="error-summary"' in refused.text and 'id="posting-form"' in refused.text
    assert ("<html" in refused.text) is not htmx  # htmx gets the form block alone
    assert formactions(refused.text)["一時保存"] == button_url("jobs", "save", posting_id)
    stored_rows = await postings(database)
    assert [json.loads(p.draft)["title"] for p in stored_rows] == (["保存済み"] if stored else [])


@pytest.mark.parametrize("button", sorted(BUTTONS))
async def test_no_button_works_without_the_csrf_token(client, database, frozen_clock, button):
    await as_organization(client, database)
    refused = await client.post(button_url("jobs", button), data=job_form(frozen_clock()), follow_redirects=False)
    assert refused.status_code == 403
    assert await postings(database) == []


async def test_without_javascript_the_token_travels_in_the_form(client, database, frozen_clock):
    await as_organization(client, database)
    token = client.cookies.get("partner_csrf")
    saved = await client.post(
        button_url("jobs", "save"), data={**job_form(frozen_clock()), "_csrf_token": token}, follow_redirects=False
    )
    assert saved.status_code == 303 and re.fullmatch(r"/postings/jobs/\d+/edit", saved.headers["location"])
