"""FAQ: questions and answers by category and audience, searchable, with 役に立ちましたか votes (000 §8.3.2)."""

from app.navigation import NavItem
from app.slices import ScheduledJob, Slice
from features.faq import votes
from features.faq.demo import seed_demo
from features.faq.routes import router

NAV = (NavItem("よくある質問", "faq:index", order=94),)
MYPAGE = (NavItem("よくある質問（FAQ）", "faq:admin_list", roles=frozenset({"secretariat"}), order=66),)
# The vote ledger only refuses a second vote the same day: rows older than a week go (03:20 JST).
JOBS = (ScheduledJob("prune_faq_votes", votes.prune_votes, cron="20 18 * * *"),)

SLICE = Slice("faq", router, nav=NAV, mypage=MYPAGE, seed_demo=seed_demo, jobs=JOBS)

__all__ = ["SLICE"]
