"""報告業務 (000 §8.2): the secretariat's weekly, monthly, quarterly and fiscal-year figures with
charts, built only from the counters the other slices publish, and the report documents."""

from app.slices import Slice
from features.reports.routes import router

SLICE = Slice("reports", router)

__all__ = ["SLICE"]
