"""The slice contracts of ARCHITECTURE.md, checked on the source: a slice imports another slice
only through that slice's api.py, and the frame names slices only in its two lists."""

from __future__ import annotations

import ast
from pathlib import Path

from app.config import ROOT

FEATURES = ROOT / "features"
SLICES = sorted(p.name for p in FEATURES.iterdir() if (p / "__init__.py").exists())
FRAME_PLACES_THAT_NAME_SLICES = {"app/routes.py", "app/db.py"}


def _imported(path: Path) -> list[str]:
    modules: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            # `from features.x import api` names the module features.x.api
            modules.extend(f"{node.module}.{alias.name}" for alias in node.names)
    return modules


def test_a_slice_imports_another_slice_only_through_its_api():
    offenders = []
    for slice_name in SLICES:
        for path in (FEATURES / slice_name).rglob("*.py"):
            for module in _imported(path):
                parts = module.split(".")
                if parts[0] != "features" or len(parts) < 2 or parts[1] in (slice_name, "__init__"):
                    continue
                if parts[2:3] != ["api"]:
                    offenders.append(f"{path.relative_to(ROOT)}: {module}")
    assert offenders == [], "\n".join(offenders)


def test_every_slice_that_others_use_has_an_api_module():
    used = {
        module.split(".")[1]
        for path in FEATURES.rglob("*.py")
        for module in _imported(path)
        if module.startswith("features.") and module.split(".")[1] != path.relative_to(FEATURES).parts[0]
    }
    assert all((FEATURES / name / "api.py").exists() for name in used), used


def test_the_frame_names_slices_only_in_its_two_lists():
    offenders = []
    for path in (ROOT / "app").rglob("*.py"):
        relative = path.relative_to(ROOT).as_posix()
        if relative in FRAME_PLACES_THAT_NAME_SLICES or "migrations" in path.parts:
            continue
        if any(m.startswith("features.") or m == "features" for m in _imported(path)):
            offenders.append(relative)
    assert offenders == []
