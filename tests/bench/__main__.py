"""`make bench`: run every tests/bench/bench_*.py and print its figures and ratios."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path


def main() -> int:
    modules = sorted(p.stem for p in Path(__file__).parent.glob("bench_*.py"))
    selected = [m for m in modules if not sys.argv[1:] or any(arg in m for arg in sys.argv[1:])]
    for name in selected:
        print(f"== {name}")
        importlib.import_module(f"tests.bench.{name}").main()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
