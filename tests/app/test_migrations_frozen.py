"""Migrations are frozen: they import no application code, so a later change to a model or a
helper can never change what an old migration does."""

from __future__ import annotations

import ast

import pytest

from app.config import ROOT
from features.talent import keywords

VERSIONS = sorted((ROOT / "app/migrations/versions").glob("*.py"))
# Alembic's env.py needs the settings (the URL) and the models (the autogenerate target), nothing else.
ENV_ALLOWED = {"app.config", "app.db"}


def _imported_modules(path) -> set[str]:
    modules: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            modules.add(node.module)
    return modules


@pytest.mark.parametrize("path", VERSIONS, ids=lambda p: p.name)
def test_a_migration_imports_no_application_code(path):
    ours = {m for m in _imported_modules(path) if m.split(".")[0] in {"app", "features", "tasks"}}
    assert ours == set(), f"{path.name} imports {sorted(ours)}: copy what it needs into the migration"


def test_alembic_env_imports_only_the_settings_and_the_models():
    ours = {m for m in _imported_modules(ROOT / "app/migrations/env.py") if m.split(".")[0] in {"app", "features"}}
    assert ours <= ENV_ALLOWED


@pytest.mark.parametrize(
    "text", ["母子保健の改善", "ＪＩＣＡ・ｶﾝﾎﾞｼﾞｱ 2019年", "保健。医療", "手話。話通訳", "JICA研修", "a", ""]
)
def test_the_frozen_tokenizer_still_agrees_with_the_live_one(text):
    """Today they agree; when the live one changes, this test says a rebuilding migration is due."""
    import importlib.util

    # The latest migration that rewrote the index holds the tokenizer it wrote with.
    latest = [path for path in VERSIONS if "def _index_text" in path.read_text(encoding="utf-8")][-1]
    spec = importlib.util.spec_from_file_location("rebuilt", latest)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module._index_text(text) == keywords.index_text(text)
    assert module._normalize(text) == keywords.normalize(text)
