"""Small frame pieces: role-aware navigation, on-site redirects, pagination, form cleaning."""

from __future__ import annotations

import pytest
from litestar.exceptions import ClientException
from litestar.plugins.htmx import HTMXDetails

from app import navigation
from app.forms import FormResult, clean_text, email_field, normalize_email, text_field
from app.pagination import Page, page_number, page_query


def test_navigation_shows_entries_by_role(monkeypatch):
    monkeypatch.setattr(navigation, "_items", [])
    monkeypatch.setattr(navigation, "_mypage", [])
    navigation.replace(
        [
            navigation.NavItem("団体だけ", "test:org_only", roles=frozenset({"organization"}), order=500),
            navigation.NavItem("みんな", "test:everyone", order=1),
        ],
        [],
    )
    assert [i.label for i in navigation.items_for(None)] == ["みんな"]
    assert [i.label for i in navigation.items_for("organization")] == ["みんな", "団体だけ"]


class _FakeRequest:
    def __init__(self, htmx: bool) -> None:
        self.headers = {"hx-request": "true"} if htmx else {}
        self.htmx = HTMXDetails(self)


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/",
        "//evil.example",
        "/\\evil.example",
        "javascript:alert(1)",
        "/\t/evil.example",
        "/\r/evil.example",
        "/\x00x",
        "/\x7f/x",
        "/\u2028/evil.example",
        "/\u2029/x",
        "/\x85/x",
        "/%09/evil.example",
        "/%0A/evil.example",
        "/%5C/evil.example",
        "/%2F/evil.example",
        "/%e2%80%a8/evil.example",
    ],
)
def test_redirects_after_post_stay_on_site(url):
    from app.templating import see_other

    with pytest.raises(ClientException):
        see_other(_FakeRequest(htmx=False), url)


def test_see_other_uses_hx_location_for_htmx():
    from app.templating import see_other

    assert see_other(_FakeRequest(htmx=True), "/contact/done").headers["HX-Location"] == "/contact/done"
    assert see_other(_FakeRequest(htmx=False), "/contact/done").status_code == 303


def test_page_arithmetic():
    page = Page(items=[], page=3, per_page=10, total=25)
    assert (page.pages, page.first_index, page.last_index, page.has_next, page.has_previous) == (3, 21, 25, False, True)
    assert page_number("２") == 2 and page_number("0") == 1 and page_number(None) == 1


def test_page_query_keeps_every_filter_and_repeats_multi_valued_ones():
    query = page_query(
        {
            "keyword": "母子 保健",
            "sector": "",
            "flexible_work": ("remote", "short_hours"),
            "jocv": "",
            "min_years": 3,
            "none": None,
            "sort": "new",
        },
        2,
    )
    assert (
        query == "keyword=%E6%AF%8D%E5%AD%90+%E4%BF%9D%E5%81%A5&flexible_work=remote&flexible_work=short_hours"
        "&min_years=3&sort=new&page=2"
    )
    assert page_query({}, 3) == "page=3"


def test_pager_links_carry_every_filter_for_htmx_too():
    from app.config import Settings
    from app.templating import create_environment

    macro = create_environment(Settings()).from_string(
        '{% from "macros/ui.html.jinja" import pager %}'
        '{{ pager(page, "/jobs", target="search-results", params=params) }}'
    )
    html = macro.render(
        page=Page(items=[], page=2, per_page=1, total=3),
        params={"sector": "water", "flexible_work": ["remote", "short_hours"]},
    )
    for n in (1, 3):
        url = f"/jobs?sector=water&amp;flexible_work=remote&amp;flexible_work=short_hours&amp;page={n}"
        assert f'href="{url}"' in html and f'hx-get="{url}" hx-target="#search-results" hx-push-url="true"' in html


def test_clean_text_and_email_normalization():
    assert clean_text("\u3000 山田\t太郎 \x00") == "山田 太郎"
    assert clean_text("一行目\r\n二行目", multiline=True) == "一行目\n二行目"
    result = FormResult()
    assert (
        email_field(result, {"email": "ｔａｒｏ＠ＥＸＡＭＰＬＥ．ＪＰ"}, "email", "メールアドレス") == "taro@example.jp"
    )
    assert result.ok
    # The whole address is lower-cased: the form and every look-up share one canonical form.
    assert (
        email_field(result, {"email": " Taro.Yamada@Example.JP "}, "email", "メールアドレス")
        == "taro.yamada@example.jp"
    )
    assert normalize_email("\u3000ＴａＲｏ@Example.JP ") == "taro@example.jp" == normalize_email("taro@example.jp")
    text_field(result, {"name": ""}, "name", "お名前", required=True)
    assert result.errors == {"name": "お名前を入力してください。"}
