"""Things done in one place: every CSV, every stored upload and every redirect goes through its
one helper, so the next new page cannot forget the rule that helper enforces."""

from __future__ import annotations

import ast
from pathlib import Path

from app.config import ROOT

SOURCES = sorted(
    p for folder in ("app", "features", "tasks") for p in (ROOT / folder).rglob("*.py") if "migrations" not in p.parts
)


def _tree(path: Path) -> ast.AST:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _imports(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _string_constants(tree: ast.AST) -> set[str]:
    return {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)}


def _called_names(tree: ast.AST) -> set[str]:
    called: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            called.add(func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", ""))
    return called


def _opens_for_writing(tree: ast.AST) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "open":
            modes = [a for a in node.args[1:2]] + [k.value for k in node.keywords if k.arg == "mode"]
            if any(isinstance(m, ast.Constant) and set(str(m.value)) & set("wax+") for m in modes):
                return True
    return False


def test_the_helpers_exist_where_the_rules_say():
    names = {_relative(p) for p in SOURCES}
    assert {"app/exports.py", "app/uploads.py", "app/templating.py"} <= names


def test_every_csv_is_written_by_app_exports():
    offenders = [
        _relative(p)
        for p in SOURCES
        if _relative(p) != "app/exports.py"
        and ({"csv", "openpyxl"} & _imports(_tree(p)) or "\ufeff" in _string_constants(_tree(p)))
    ]
    assert offenders == [], "write CSV with app.exports.csv_bytes (formula cells neutralized)"
    # and every CSV response is built from it
    for path in SOURCES:
        tree = _tree(path)
        if any("text/csv" in s for s in _string_constants(tree)):
            source = path.read_text(encoding="utf-8")
            assert "_csv(" in source or "csv_bytes" in source, _relative(path)


def test_only_app_uploads_writes_files():
    offenders = []
    for path in SOURCES:
        if _relative(path) == "app/uploads.py":
            continue
        tree = _tree(path)
        if _opens_for_writing(tree) or {"write_bytes", "write_text", "copyfileobj"} & _called_names(tree):
            offenders.append(_relative(path))
    # app/config.py writes var/secret_key once in development; nothing else writes to disk.
    assert offenders == ["app/config.py"], offenders


def test_every_received_upload_goes_to_app_uploads():
    for path in SOURCES:
        tree = _tree(path)
        if "litestar.datastructures.UploadFile" in _imports(tree):
            assert "app.uploads" in _imports(tree) or "app.uploads.store" in " ".join(_imports(tree)), _relative(path)


def test_redirects_are_built_only_by_app_templating():
    redirect_headers = {"Location", "location", "HX-Location", "HX-Redirect"}
    offenders = []
    for path in SOURCES:
        if _relative(path) == "app/templating.py":
            continue
        tree = _tree(path)
        if "litestar.response.Redirect" in _imports(tree) or redirect_headers & _string_constants(tree):
            offenders.append(_relative(path))
    assert offenders == [], "redirect with app.templating.see_other / to_login / to_mailer (on-site checks)"
