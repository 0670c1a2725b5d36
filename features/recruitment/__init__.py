"""公募・公示: JICA's own recruitment notices (公募案件, 過去の公募案件, プレ公募情報), procurement
notices (公示案件) and 公募案件アクセス数 with its monthly report (seed 000 §5)."""

from app.slices import Slice
from features.recruitment.demo import seed_demo
from features.recruitment.routes import router

SLICE = Slice(
    "recruitment",
    router,
    seed_demo=seed_demo,
    settings_section="recruitment",  # report_recipients, archive_after_days
)

__all__ = ["SLICE"]
