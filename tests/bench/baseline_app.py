"""Baseline: a bare Litestar handler rendering one Jinja template (BENCH_TEMPLATE_DIR).

`/` renders page.html; `/p/{name}` renders {name}.html, so one baseline server answers for
every page of tests/bench/bench_pages.py with a template of that page's own size."""

from __future__ import annotations

import os

from litestar import Litestar, get
from litestar.contrib.jinja import JinjaTemplateEngine
from litestar.response import Template
from litestar.template.config import TemplateConfig


@get("/")
async def page() -> Template:
    return Template(template_name="page.html", context={"title": "baseline"})


@get("/p/{name:str}")
async def named_page(name: str) -> Template:
    return Template(template_name=f"{name}.html", context={"title": "baseline"})


def create_baseline_app() -> Litestar:
    return Litestar(
        route_handlers=[page, named_page],
        template_config=TemplateConfig(directory=os.environ["BENCH_TEMPLATE_DIR"], engine=JinjaTemplateEngine),
    )
