"""ライブラリ: the secretariat's document templates, manuals and 広報ツール with versions and a yearly review
(000 §8.5, §8.7)."""

from app.slices import Slice
from features.library.routes import router

SLICE = Slice("library", router)

__all__ = ["SLICE"]
