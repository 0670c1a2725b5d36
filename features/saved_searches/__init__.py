"""メールサービス: saved searches with 毎日/毎週 alerts of new matches (000 §6.5)."""

from app.navigation import NavItem
from app.slices import ScheduledJob, Slice
from features.saved_searches import alerts, service
from features.saved_searches.demo import seed_demo
from features.saved_searches.routes import router

_MEMBERS = frozenset({"individual", "organization"})

MYPAGE = (NavItem("保存した検索条件", "saved_searches:list", roles=_MEMBERS, order=85),)

SLICE = Slice(
    "saved_searches",
    router,
    mypage=MYPAGE,
    seed_demo=seed_demo,
    person_erasers=(service.erase_searches,),
    organization_retirers=(service.erase_searches,),
    # Every 5 minutes: each run sends what the Japan-time settings daily_time / weekly_weekday have
    # made due since the search's last alert (alerts.boundaries), so the settings need no cron line.
    jobs=(ScheduledJob("send_saved_search_alerts", alerts.send_alerts, cron="*/5 * * * *", timeout=600),),
    settings_section="saved_searches",  # max_per_user, max_items_per_mail, daily_time, weekly_weekday
    provides={
        "save_search_link": service.save_search_link,  # the 条件を保存 button of the search pages
        "campaign_labels": alerts.campaign_labels,  # bounces' rates per campaign
    },
)

__all__ = ["SLICE"]
