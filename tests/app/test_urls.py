"""Paths by route name: app.urls (for mail, in any process) agrees with Litestar's own reversal."""

from __future__ import annotations

import pytest

from app import slices, urls


def test_every_named_route_reverses_the_same_way_as_litestar(app):
    slice_names = {s.name for s in slices.installed()}
    names = {
        h.name for route in app.routes for h in route.route_handlers if h.name and h.name.split(":")[0] in slice_names
    }  # the frame's own (health, static) are not mailed
    assert len(names) > 100
    for route in app.routes:
        for handler in route.route_handlers:
            if handler.name in names:
                params = {p.name: 7 if p.type is int else "x7" for p in route.path_parameters.values()}
                assert urls.path_for(handler.name, **params) == app.route_reverse(handler.name, **params), handler.name


def test_parameters_are_quoted_and_a_query_appended():
    assert urls.path_for("talent:detail", code="P 1/2") == "/talent/P%201%2F2"
    assert (
        urls.path_for("postings:search", query={"flexible": ["a", "b"], "page": 2})
        == "/jobs?flexible=a&flexible=b&page=2"
    )


def test_unknown_names_and_parameters_fail_loudly():
    with pytest.raises(KeyError):
        urls.path_for("nowhere:at_all")
    with pytest.raises(TypeError):
        urls.path_for("home:index", extra="1")


def test_mail_links_use_the_configured_base_url(settings):
    settings.app.base_url = "https://partner.example.jp/"
    assert urls.absolute_url(settings, "home:news_list") == "https://partner.example.jp/news"


def test_mail_templates_link_by_name_under_the_mails_base_url():
    from app.mail import _mail_env

    template = _mail_env.from_string(
        '{{ absolute_url("accounts:login") }} {{ absolute_url("home:news_detail", news_id=3) }}'
        ' {{ absolute_url("postings:search", query={"page": 2}) }}'
    )
    assert template.render(base_url="https://partner.example.jp/") == (
        "https://partner.example.jp/login https://partner.example.jp/news/3 https://partner.example.jp/jobs?page=2"
    )
    with pytest.raises(KeyError):  # a mail that links must be given its base_url
        _mail_env.from_string('{{ absolute_url("accounts:login") }}').render()


def test_a_handler_on_several_paths_gets_the_one_its_parameters_fill():
    assert urls.path_for("postings:save_draft", slug="jobs") == "/postings/jobs/save"
    assert urls.path_for("postings:save_draft", slug="jobs", posting_id=3) == "/postings/jobs/3/save"
