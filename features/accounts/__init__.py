"""Accounts: registration of individuals and organizations, two-step login, password reset,
the secretariat's approval of organizations and the public 登録団体一覧."""

from app.navigation import NavItem
from app.slices import QueuedTask, ScheduledJob, Slice
from features.accounts import deceased, demo_history, lifecycle, org_registration, reset
from features.accounts.demo import seed_demo
from features.accounts.models import Role
from features.accounts.routes import router

_LOGGED_IN = frozenset({Role.INDIVIDUAL, Role.ORGANIZATION, Role.SECRETARIAT, Role.COUNSELOR})

NAV = (
    NavItem("登録団体一覧", "accounts:public_organizations", order=80),
    NavItem("ログイン", "accounts:login", roles=frozenset({"anonymous"}), order=200),
    NavItem(
        "新規個人登録", "accounts:register", roles=frozenset({"anonymous"}), order=210, params=(("kind", "individual"),)
    ),
    NavItem(
        "新規団体登録",
        "accounts:register",
        roles=frozenset({"anonymous"}),
        order=220,
        params=(("kind", "organization"),),
    ),
    NavItem("マイページ", "accounts:mypage", roles=_LOGGED_IN, order=200),
)
_OFFICE = frozenset({Role.SECRETARIAT})
MYPAGE = (
    NavItem("団体登録の審査", "accounts:admin_organizations", roles=_OFFICE, order=10),
    NavItem("アカウント管理", "accounts:admin_accounts", roles=_OFFICE, order=20),
    NavItem("JOCV帰国者の確認", "accounts:admin_jocv", roles=_OFFICE, order=30),
    NavItem("事務局アカウント・相談員権限", "accounts:admin_staff", roles=_OFFICE, order=40),
    NavItem("無効登録の依頼", "accounts:admin_deactivations", roles=_OFFICE, order=50),
    NavItem("個人情報抽出（CSV）", "accounts:export_form", roles=_OFFICE, order=70),
    NavItem("物故者管理", "accounts:admin_deceased", roles=_OFFICE, order=75),
    NavItem("登録期限の近い団体", "accounts:admin_org_expiring", roles=_OFFICE, order=55),
    NavItem("延長登録", "accounts:org_extend", roles=frozenset({Role.ORGANIZATION}), order=85),
    NavItem("団体情報の変更申請", "accounts:admin_changes", roles=_OFFICE, order=15),
    NavItem("登録情報の確認（更新が古い団体）", "accounts:admin_stale", roles=_OFFICE, order=60),
    NavItem("登録内容の確認/更新", "accounts:profile", roles=frozenset({Role.ORGANIZATION}), order=10),
    NavItem("登録内容の確認/更新", "accounts:profile", roles=frozenset({Role.INDIVIDUAL}), order=10),
    NavItem("延長登録", "accounts:extend", roles=frozenset({Role.INDIVIDUAL}), order=80),
    NavItem("退会", "accounts:withdraw", roles=frozenset({Role.INDIVIDUAL}), order=90),
    NavItem("無効登録（削除）の依頼", "accounts:request_deactivation", roles=frozenset({Role.ORGANIZATION}), order=90),
)

# Daily, in UTC (09:00, 03:30 and 04:00 in Japan).
JOBS = (
    ScheduledJob("send_expiry_reminders", lifecycle.send_expiry_reminders, cron="0 0 * * *"),
    ScheduledJob("send_organization_expiry_reminders", org_registration.send_expiry_reminders, cron="5 0 * * *"),
    ScheduledJob("purge_unfinished_registrations", lifecycle.purge_unfinished, cron="30 18 * * *"),
    ScheduledJob("erase_long_expired_registrations", lifecycle.erase_long_expired, cron="0 19 * * *"),
    ScheduledJob("erase_deceased_after_retention", deceased.erase_after_retention, cron="10 19 * * *"),
    # Every minute: a パスワード再発行 request whose job was lost (queue down at the time) is done here.
    ScheduledJob("process_stale_reset_requests", reset.process_stale_reset_requests, cron="* * * * *", timeout=120),
)

SLICE = Slice(
    "accounts",
    router,
    nav=NAV,
    mypage=MYPAGE,
    seed_demo=seed_demo,
    jobs=JOBS,
    tasks=(QueuedTask(reset.RESET_TASK, reset.process_reset_request),),
    settings_section="registration",
    provides={"demo_history": demo_history.seed_history},  # app.demo: the 18 months of history
)

__all__ = ["SLICE"]
