"""Settings: litestar.toml, overridden by PARTNER_<SECTION>_<KEY> environment variables."""

from __future__ import annotations

import dataclasses
import json
import os
import secrets
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, get_type_hints
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG_FILE = ROOT / "litestar.toml"


class ConfigError(RuntimeError):
    """The settings are unusable (bad value, or development defaults with debug off)."""


@dataclass
class AppSection:
    name: str = "PARTNER"
    debug: bool = False
    base_url: str = "http://127.0.0.1:8000"
    secret_key: str = ""
    allowed_hosts: list[str] = field(default_factory=lambda: ["127.0.0.1", "localhost"])
    var_dir: str = "var"


@dataclass
class DatabaseSection:
    url: str = "sqlite+aiosqlite:///var/partner.sqlite3"
    echo: bool = False
    busy_timeout_ms: int = 15000
    pool_size: int = 10
    sqlite_cache_mb: int = 16  # SQLite: each connection's page cache may grow to this …
    sqlite_memory_mb: int = 32  # … while all of the process's SQLite memory stays near this


@dataclass
class QueueSection:
    url: str = "embedded"
    name: str = "partner"
    run_worker_in_app: bool = True
    concurrency: int = 8
    sweep_seconds: int = 30
    outbox_sweep_cron: str = "* * * * *"


@dataclass
class MailSection:
    transport: str = "log"
    from_address: str = "PARTNER事務局 <no-reply@partner.example.jp>"
    secretariat_address: str = "office@partner.example.jp"
    offer_daily_limit: int = 200  # オファーメール per organization per day (Japan time)
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 25
    smtp_username: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = False
    smtp_timeout: int = 20
    job_timeout: int = 60
    retries: int = 8
    retry_delay: int = 5
    retry_backoff_max: int = 900
    pending_grace_seconds: int = 120
    attachment_keep_days: int = 30  # files mailed with the outbox (a CSV, an .ics), deleted after this
    # VERP: the envelope sender is bounce+<row>.<mac>@this domain (the bounce MX); "" = from_address's domain.
    bounce_domain: str = ""


@dataclass
class SecuritySection:
    secure_cookies: bool = False
    session_idle_minutes: int = 30
    session_absolute_hours: int = 12
    trusted_proxies: list[str] = field(default_factory=list)
    unsafe_requests_per_minute: int = 120


@dataclass
class RegistrationSection:
    valid_years: int = 2  # 登録有効期限: from registration or the last 延長登録
    reminder_days: list[int] = field(default_factory=lambda: [30, 7])
    unfinished_purge_days: int = 30  # クリーニング: unfinished registrations
    expired_retention_days: int = 365  # an expired, never extended registration is then erased
    deceased_retention_days: int = 365  # 物故: the record stays revocable this long, then the data is erased
    organization_valid_years: int = 3  # 団体の登録有効期限: from approval or the last 延長登録
    organization_reminder_days: list[int] = field(default_factory=lambda: [60, 14])


@dataclass
class ApplicationsSection:
    withdrawn_document_retention_days: int = 30  # 取り下げ: the documents are then deleted


@dataclass
class RecruitmentSection:
    # 公募案件アクセス数: who gets the monthly report (JICA's receiving department changes).
    report_recipients: list[str] = field(default_factory=list)
    archive_after_days: int = 30  # a 公募 moves to 過去の公募案件 this long after its deadline at the latest


@dataclass
class SeminarsSection:
    reminder_days: str = "7,1"  # セミナーリマインド: days before the seminar (a new seminar's default)
    verify_hours: int = 48  # a registration without an account must be confirmed by its mailed link within this


@dataclass
class ConsultationSection:
    cancel_until_hours: int = 24  # the person may cancel or reschedule up to this long before the start
    followup_survey_month_day: str = "03-01"  # キャリア相談フォローアンケート goes out on this day (Japan time)
    sheet_max_length: int = 2000  # 相談したいこと


@dataclass
class MailConsultationSection:
    target_business_days: int = 5  # メール相談: a case older than this (business days) is 期限超過 in the queue
    body_max_chars: int = 4000  # 相談内容 (the person's question)


@dataclass
class BouncesSection:
    receiver_host: str = "127.0.0.1"  # the bounce MX's SMTP receiver (aiosmtpd) listens here
    receiver_port: int = 2525
    run_receiver_in_worker: bool = False  # the worker process runs the receiver beside its jobs
    soft_score_per_day: int = 1  # a soft bounce adds this much, at most once per day and address
    soft_threshold: int = 5  # past this score an address is suppressed (a hard bounce suppresses at once)


@dataclass
class MailPreferencesSection:
    # メール配信設定: what a user gets until they change it (transactional mail is never affected).
    guide_default: bool = True  # 案内メール
    news_default_individual: bool = False  # PARTNERニュース for 個人 (organizations get it by default)
    news_default_organization: bool = True
    alerts_default: bool = True  # 新着情報のお知らせ (only people who saved a search get any)


@dataclass
class MailingsSection:
    batch_size: int = 500  # recipients written to the outbox per sending step (pause takes effect between steps)


@dataclass
class PartnerNewsSection:
    send_weekday: int = 4  # Friday (Monday = 0), Japan time
    send_time: str = "10:00"  # Japan time
    assemble_weekday: int = 3  # Thursday: the draft issue is assembled
    assemble_time: str = "09:00"


@dataclass
class SavedSearchesSection:
    max_per_user: int = 20
    max_items_per_mail: int = 30
    daily_time: str = "07:00"  # Japan time: 毎日 alerts
    weekly_weekday: int = 0  # 毎週 alerts (and organizations' 人材 digests) go out on Monday


@dataclass
class LibrarySection:
    max_file_mb: int = 20  # one library file (パンフレット・ポスターの入稿データ)
    review_months: int = 12  # 最終確認日 older than this (or never confirmed): 要確認
    review_cron: str = "0 0 * * 1"  # UTC: Monday 09:00 JST, the yearly review's list mailed to the secretariat
    thumbnail_timeout_seconds: int = 20  # pdftoppm rendering a PDF's first page


@dataclass
class InquiriesSection:
    target_business_days: int = 3  # 問い合わせ対応: an open case waiting longer than this is 期限超過 on the desk


@dataclass
class ReportsSection:
    recipients: list[str] = field(default_factory=list)  # 報告書 links go here; empty: mail.secretariat_address
    cron: str = "5 * * * *"  # UTC: the hourly check for due 週次・月次・四半期報告 (each is built once)


@dataclass
class PageCacheSection:  # app/pagecache.py: rendered pages for anonymous visitors
    enabled: bool = True
    ttl_seconds: float = 5.0  # bounds what one process cannot see: other processes' writes, time passing
    max_entries: int = 500
    max_page_bytes: int = 200_000  # × max_entries bounds the memory: 100 MB at most, ~10 MB for usual pages
    logged_in: bool = True  # app/privatecache.py: マイページ etc. kept per session
    logged_in_ttl_seconds: float = 5.0  # bounds changes by time alone and writes of processes serving no request
    shared_generation_url: str = ""  # redis://… shared by server processes; "": the queue's


@dataclass
class SurveysSection:
    # 定期アンケート: a new program's schedule (the secretariat can change each program's own)
    program_open_day: int = 10  # a quarter's round opens on this day of the month after the quarter (JST)
    program_reminder_days: int = 7  # one reminder to non-respondents this many days after the invitation
    program_answer_days: int = 21  # the round closes this many days after it opens
    # 認知度アンケート (public, anonymous): bot protection without a third-party service
    awareness_min_fill_seconds: int = 3  # a form sent back sooner than this after it was shown is refused
    awareness_form_max_hours: int = 12  # a form older than this is refused (shown again, fresh)
    awareness_per_ip_per_hour: int = 20  # answers accepted per network address per hour


@dataclass
class Settings:
    app: AppSection = field(default_factory=AppSection)
    database: DatabaseSection = field(default_factory=DatabaseSection)
    queue: QueueSection = field(default_factory=QueueSection)
    mail: MailSection = field(default_factory=MailSection)
    security: SecuritySection = field(default_factory=SecuritySection)
    registration: RegistrationSection = field(default_factory=RegistrationSection)
    applications: ApplicationsSection = field(default_factory=ApplicationsSection)
    recruitment: RecruitmentSection = field(default_factory=RecruitmentSection)
    seminars: SeminarsSection = field(default_factory=SeminarsSection)
    consultation: ConsultationSection = field(default_factory=ConsultationSection)
    mail_consultation: MailConsultationSection = field(default_factory=MailConsultationSection)
    bounces: BouncesSection = field(default_factory=BouncesSection)
    mail_preferences: MailPreferencesSection = field(default_factory=MailPreferencesSection)
    mailings: MailingsSection = field(default_factory=MailingsSection)
    partner_news: PartnerNewsSection = field(default_factory=PartnerNewsSection)
    saved_searches: SavedSearchesSection = field(default_factory=SavedSearchesSection)
    library: LibrarySection = field(default_factory=LibrarySection)
    inquiries: InquiriesSection = field(default_factory=InquiriesSection)
    reports: ReportsSection = field(default_factory=ReportsSection)
    page_cache: PageCacheSection = field(default_factory=PageCacheSection)
    surveys: SurveysSection = field(default_factory=SurveysSection)

    @property
    def var_path(self) -> Path:
        path = Path(self.app.var_dir)
        return path if path.is_absolute() else ROOT / path

    @property
    def is_sqlite(self) -> bool:
        return self.database.url.startswith("sqlite")

    @property
    def base_origin(self) -> str:
        parts = urlsplit(self.app.base_url)
        return f"{parts.scheme}://{parts.netloc}"

    def validate(self) -> None:
        """Refuse to run in production on development defaults."""
        if self.mail.transport not in {"log", "smtp"}:
            raise ConfigError(f"mail.transport は log か smtp です: {self.mail.transport!r}")
        if self.app.debug:
            return
        problems = []
        if len(self.app.secret_key) < 32:
            problems.append("app.secret_key (32 文字以上) が設定されていません")
        if not self.security.secure_cookies:
            problems.append("security.secure_cookies が false です")
        if not self.app.base_url.startswith("https://"):
            problems.append("app.base_url が https ではありません")
        if "*" in self.app.allowed_hosts:
            problems.append("app.allowed_hosts にワイルドカードがあります")
        if self.mail.transport != "smtp":
            problems.append("mail.transport が smtp ではありません")
        if problems:
            raise ConfigError("debug=false では起動できません: " + "; ".join(problems))


def _coerce(raw: str, default: Any, annotation: Any) -> Any:
    kind = annotation if isinstance(annotation, type) else type(default)
    if kind is bool or isinstance(default, bool):
        lowered = raw.strip().lower()
        if lowered in {"1", "true", "yes", "on"}:
            return True
        if lowered in {"0", "false", "no", "off", ""}:
            return False
        raise ConfigError(f"真偽値ではありません: {raw!r}")
    if isinstance(default, int):
        return int(raw)
    if isinstance(default, list):
        raw = raw.strip()
        if raw.startswith("["):
            return list(json.loads(raw))
        return [item.strip() for item in raw.split(",") if item.strip()]
    return raw


def _apply(section: Any, values: dict[str, Any], section_name: str) -> None:
    known = {f.name for f in dataclasses.fields(section)}
    for key, value in values.items():
        if key not in known:
            raise ConfigError(f"未知の設定です: [{section_name}] {key}")
        setattr(section, key, value)


def load_settings(config_file: Path | None = None, environ: dict[str, str] | None = None) -> Settings:
    environ = dict(os.environ if environ is None else environ)
    path = Path(config_file or environ.get("PARTNER_CONFIG") or DEFAULT_CONFIG_FILE)
    settings = Settings()
    if path.exists():
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for section_name, values in data.items():
            section = getattr(settings, section_name, None)
            if section is None or not dataclasses.is_dataclass(section):
                raise ConfigError(f"未知の設定セクションです: [{section_name}]")
            _apply(section, values, section_name)
    for section_field in dataclasses.fields(settings):
        section = getattr(settings, section_field.name)
        hints = get_type_hints(type(section))
        for f in dataclasses.fields(section):
            env_name = f"PARTNER_{section_field.name}_{f.name}".upper()
            if env_name in environ:
                value = _coerce(environ[env_name], getattr(section, f.name), hints.get(f.name))
                setattr(section, f.name, value)
    _resolve_sqlite_path(settings)
    return settings


def _resolve_sqlite_path(settings: Settings) -> None:
    """A relative SQLite path is taken from the project root, not the current directory."""
    prefix = "sqlite+aiosqlite:///"
    url = settings.database.url
    if url.startswith(prefix) and not url.startswith(prefix + "/") and ":memory:" not in url:
        settings.database.url = prefix + str(ROOT / url[len(prefix) :])


def ensure_secret_key(settings: Settings) -> None:
    """In debug mode a missing secret key is generated once into var/secret_key."""
    if settings.app.secret_key or not settings.app.debug:
        return
    settings.var_path.mkdir(parents=True, exist_ok=True)
    key_file = settings.var_path / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(48), encoding="utf-8")
        key_file.chmod(0o600)
    settings.app.secret_key = key_file.read_text(encoding="utf-8").strip()


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    settings = load_settings()
    ensure_secret_key(settings)
    settings.validate()
    return settings
