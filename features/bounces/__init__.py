"""不達メールアドレス: VERP bounces received by SMTP or maildir, parsed, scored; suppressed addresses (000 §8.4)."""

from app.navigation import NavItem
from app.slices import Slice
from features.bounces import maildir, receiver, service
from features.bounces.demo import seed_demo
from features.bounces.routes import router

MYPAGE = (NavItem("不達メールアドレス", "bounces:list", roles=frozenset({"secretariat"}), order=60),)
CLI = maildir.group  # `litestar bounces read-maildir PATH` (app.routes.slice_cli_groups)

SLICE = Slice(
    "bounces",
    router,
    mypage=MYPAGE,
    seed_demo=seed_demo,
    settings_section="bounces",  # receiver_host/port, run_receiver_in_worker, soft_score_per_day, soft_threshold
    provides={
        "mypage_notices": service.mypage_notice,  # the person's banner (features/accounts)
        "worker_services": receiver.start_in_worker,  # the bounce MX beside the worker's jobs (tasks/worker.py)
    },
)

__all__ = ["CLI", "SLICE"]
