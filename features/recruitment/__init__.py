"""公募・公示: JICA's own recruitment notices (公募案件, 過去の公募案件, プレ公募情報), procurement
notices (公示案件) and 公募案件アクセス数 with its monthly report (seed 000 §5)."""

from app.navigation import NavItem
from app.slices import ScheduledJob, Slice
from features.recruitment import prekoubo, publication
from features.recruitment.routes import router

# プレ公募情報 (the JICA items show to organizations; the pages refuse any that is not JICA).
_PRE_MYPAGE = (
    NavItem("プレ公募登録", "recruitment:pre_new", roles=frozenset({"organization"}), order=60),
    NavItem("プレ公募一覧", "recruitment:pre_own_list", roles=frozenset({"organization"}), order=61),
    NavItem("プレ公募の審査", "recruitment:pre_review_queue", roles=frozenset({"secretariat"}), order=30),
    NavItem("プレ公募代理登録", "recruitment:pre_proxy_new", roles=frozenset({"secretariat"}), order=31),
)
# Every minute: note 公募 that have just become public and mail the followers of their プレ公募.
_PUBLICATION_JOBS = (ScheduledJob("publish_due_koubo", publication.mark_published, cron="* * * * *", timeout=120),)

SLICE = Slice(
    "recruitment",
    router,
    mypage=_PRE_MYPAGE,
    jobs=_PUBLICATION_JOBS,
    person_erasers=(prekoubo.erase_follows,),
    settings_section="recruitment",  # report_recipients, archive_after_days
)

__all__ = ["SLICE"]
