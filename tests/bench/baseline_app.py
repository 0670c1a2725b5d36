"""Baseline: a bare Litestar handler rendering one Jinja template (BENCH_TEMPLATE_DIR)."""

from __future__ import annotations

import os

from litestar import Litestar, get
from litestar.contrib.jinja import JinjaTemplateEngine
from litestar.response import Template
from litestar.template.config import TemplateConfig


@get("/")
async def page() -> Template:
    return Template(template_name="page.html", context={"title": "baseline"})


def create_baseline_app() -> Litestar:
    return Litestar(
        route_handlers=[page],
        template_config=TemplateConfig(directory=os.environ["BENCH_TEMPLATE_DIR"], engine=JinjaTemplateEngine),
    )
