"""公募案件アクセス数 (seed 000 §5.5): per 公募, for a chosen period, the detail views, この案件に応募する
clicks, applications started and submitted; the daily totals as a chart; the CSV; and the monthly
mail of the previous month's report on the first working day of each month (Japan)."""

from __future__ import annotations

import calendar
import hashlib
import re
from dataclasses import dataclass
from datetime import date, timedelta
from xml.etree import ElementTree

import jpholiday
import pygal
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.config import Settings
from app.exports import csv_bytes
from app.mail import Attachment, keyed_message_id, mail_queued, queue_template_mail
from features.recruitment.models import Koubo, KouboDailyCount

MAX_DAYS = 366


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive
    month: str = ""  # "2026-11" when the period is one calendar month

    @property
    def label(self) -> str:
        if self.month:
            return f"{self.start.year}年{self.start.month}月"
        return f"{_ja(self.start)}〜{_ja(self.end)}"

    @property
    def query(self) -> dict[str, str]:
        """The query string that chooses this period again (the sort links, the CSV)."""
        if self.month:
            return {"month": self.month}
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}

    def days(self) -> list[date]:
        return [self.start + timedelta(days=n) for n in range((self.end - self.start).days + 1)]


def _ja(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def month_period(year: int, month: int) -> Period:
    last = calendar.monthrange(year, month)[1]
    return Period(date(year, month, 1), date(year, month, last), f"{year:04d}-{month:02d}")


def previous_month(today: date) -> Period:
    last_of_previous = today.replace(day=1) - timedelta(days=1)
    return month_period(last_of_previous.year, last_of_previous.month)


def recent_months(today: date, chosen: Period, count: int = 24) -> list[tuple[str, str]]:
    """The month choices: this month and the ones before it (and the chosen one if older)."""
    months = []
    year, month = today.year, today.month
    for _ in range(count):
        months.append((f"{year:04d}-{month:02d}", f"{year}年{month}月"))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    if chosen.month and chosen.month not in dict(months):
        months.append((chosen.month, chosen.label))
    return months


_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_period(month: str, start: str, end: str, today: date) -> tuple[Period, str]:
    """The period asked for, or this month (Japan) with a message saying what was wrong."""
    default = month_period(today.year, today.month)
    if start or end:
        try:
            first, last = date.fromisoformat(start), date.fromisoformat(end)
        except ValueError:
            return default, "期間の開始日と終了日を、どちらも日付で指定してください。"
        if first > last:
            return default, "期間の終了日は開始日より後の日付にしてください。"
        if (last - first).days >= MAX_DAYS:
            return default, f"期間は{MAX_DAYS}日以内で指定してください。"
        return Period(first, last), ""
    if month:
        matched = _MONTH.match(month.strip())
        if not matched or not 1 <= int(matched[2]) <= 12 or int(matched[1]) < 2000:
            return default, "月は「2026-11」の形で指定してください。"
        return month_period(int(matched[1]), int(matched[2])), ""
    return default, ""


@dataclass(frozen=True)
class Row:
    koubo_id: int | None
    number: str
    title: str
    views: int
    clicks: int
    started: int
    submitted: int

    @property
    def rate(self) -> float | None:
        """応募率: applications submitted per detail view, in percent."""
        return None if not self.views else round(self.submitted * 100 / self.views, 1)

    @property
    def rate_text(self) -> str:
        return "—" if self.rate is None else f"{self.rate:.1f}%"


COLUMNS = (
    ("number", "公募番号"),
    ("title", "案件名"),
    ("views", "詳細表示数"),
    ("clicks", "応募ボタンクリック数"),
    ("started", "応募開始数"),
    ("submitted", "応募完了数"),
    ("rate", "応募率"),
)
SORT_KEYS = tuple(key for key, _ in COLUMNS)


async def rows_for(db: AsyncSession, period: Period) -> list[Row]:
    """Every 公募 with a count in the period (one query, grouped)."""
    c = KouboDailyCount
    statement = (
        select(
            Koubo.id,
            Koubo.number,
            Koubo.title,
            func.sum(c.views),
            func.sum(c.apply_clicks),
            func.sum(c.started),
            func.sum(c.submitted),
        )
        .join(Koubo, Koubo.id == c.koubo_id)
        .where(c.day >= period.start, c.day <= period.end)
        .group_by(Koubo.id, Koubo.number, Koubo.title)
        .order_by(Koubo.number, Koubo.id)
    )
    return [
        Row(koubo_id, number or "", title, int(v or 0), int(k or 0), int(s or 0), int(d or 0))
        for koubo_id, number, title, v, k, s, d in (await db.execute(statement)).all()
    ]


def sort_rows(rows: list[Row], key: str, descending: bool) -> list[Row]:
    if key not in SORT_KEYS:
        key = "views"

    def value(row: Row):
        if key == "rate":
            return -1.0 if row.rate is None else row.rate
        return getattr(row, key)

    return sorted(rows, key=lambda row: (value(row), row.number), reverse=descending)


def totals(rows: list[Row]) -> Row:
    return Row(
        None,
        "合計",
        "",
        sum(r.views for r in rows),
        sum(r.clicks for r in rows),
        sum(r.started for r in rows),
        sum(r.submitted for r in rows),
    )


@dataclass(frozen=True)
class Day:
    day: date
    views: int = 0
    clicks: int = 0
    started: int = 0
    submitted: int = 0


async def daily_totals(db: AsyncSession, period: Period) -> list[Day]:
    """Every day of the period (a day without counts shows zeros)."""
    c = KouboDailyCount
    statement = (
        select(c.day, func.sum(c.views), func.sum(c.apply_clicks), func.sum(c.started), func.sum(c.submitted))
        .where(c.day >= period.start, c.day <= period.end)
        .group_by(c.day)
    )
    found = {
        day: Day(day, int(v or 0), int(k or 0), int(s or 0), int(d or 0))
        for day, v, k, s, d in (await db.execute(statement)).all()
    }
    return [found.get(day, Day(day)) for day in period.days()]


# -- the chart ------------------------------------------------------------------------------

SERIES = (
    ("views", "詳細表示数"),
    ("clicks", "応募ボタンクリック数"),
    ("started", "応募開始数"),
    ("submitted", "応募完了数"),
)
# Dark enough for 3:1 against white (WCAG 1.4.11), told apart also by their dash patterns.
COLORS = ("#1f5fa8", "#b3401b", "#2d7a3a", "#6b3fa0")
DASHES = ("", "6,3", "2,3", "8,3,2,3")
_SVG = "{http://www.w3.org/2000/svg}"


def chart_svg(days: list[Day], period: Period) -> str:
    """A line chart of the daily totals as inline SVG, drawn on the server by pygal.

    pygal styles its SVG with a <style> element and adds a <script> for tooltips; the site's
    Content-Security-Policy allows neither inline, so both are removed and the colours are written
    as presentation attributes. The chart is role=img with a title and a description; the numbers
    themselves are in the table next to it."""
    chart = pygal.Line(
        js=[],
        css=[],
        disable_xml_declaration=True,
        width=880,
        height=320,
        show_legend=True,
        legend_at_bottom=True,
        show_dots=len(days) <= 62,
        dots_size=2,
        show_minor_x_labels=False,
        x_labels_major_every=max(1, len(days) // 10),
        truncate_legend=-1,
        truncate_label=-1,
        include_x_axis=True,
        min_scale=1,
        max_scale=6,
        no_data_text="データなし",
    )
    chart.x_labels = [f"{d.month}/{d.day}" for d in (day.day for day in days)]
    for key, label in SERIES:
        chart.add(label, [getattr(day, key) for day in days])
    return _clean(chart.render(is_unicode=True), period)


def _classes(element) -> set[str]:
    return set((element.get("class") or "").split())


def _clean(svg: str, period: Period) -> str:
    ElementTree.register_namespace("", "http://www.w3.org/2000/svg")
    ElementTree.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    root = ElementTree.fromstring(svg)
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag in (f"{_SVG}style", f"{_SVG}script", f"{_SVG}desc", f"{_SVG}title") or "tooltip" in _classes(
                child
            ):
                parent.remove(child)
    for element in root.iter():
        classes = _classes(element)
        tag = element.tag.removeprefix(_SVG)
        if tag == "rect" and "background" in classes:
            element.set("fill", "#ffffff")
        elif tag == "path" and ("guide" in classes or "axis" in classes or "line" in classes):
            element.set("fill", "none")
            element.set("stroke", "#8a8a8a" if "major" in classes else "#d0d0d0")
        elif tag == "text":
            element.set("fill", "#333333")
            element.set("font-size", "12")
    for group in root.iter(f"{_SVG}g"):
        index = next((int(c[6:]) for c in _classes(group) if c.startswith("color-") and c[6:].isdigit()), None)
        if index is None or "serie-" not in " ".join(_classes(group)) and "legend" not in _classes(group):
            continue
        color = COLORS[index % len(COLORS)]
        for element in group.iter():
            tag, classes = element.tag.removeprefix(_SVG), _classes(element)
            if tag == "path" and "line" in classes:
                element.set("fill", "none")
                element.set("stroke", color)
                element.set("stroke-width", "2")
                if DASHES[index % len(DASHES)]:
                    element.set("stroke-dasharray", DASHES[index % len(DASHES)])
            elif tag == "circle":
                element.set("fill", color)
    for rect in root.iter(f"{_SVG}rect"):  # the legend's colour boxes
        index = next((int(c[6:]) for c in _classes(rect) if c.startswith("color-") and c[6:].isdigit()), None)
        if index is not None:
            rect.set("fill", COLORS[index % len(COLORS)])
    root.set("role", "img")
    root.set("aria-labelledby", "access-chart-title")
    root.set("aria-describedby", "access-chart-desc access-daily")
    root.set("font-family", "sans-serif")
    root.set("class", "access-chart")
    root.attrib.pop("id", None)
    title = ElementTree.Element(f"{_SVG}title", {"id": "access-chart-title"})
    title.text = f"{period.label}の日別アクセス数（詳細表示数・応募ボタンクリック数・応募開始数・応募完了数）"
    root.insert(0, title)
    text = ElementTree.tostring(root, encoding="unicode")
    return re.sub(r"<!--.*?-->", "", text, flags=re.S)


# -- the CSV --------------------------------------------------------------------------------


def csv_for(rows: list[Row], period: Period) -> bytes:
    """Excel-ready (BOM, CRLF) and formula-safe through app.exports.csv_bytes."""
    total = totals(rows)
    body = [[r.number, r.title, r.views, r.clicks, r.started, r.submitted, r.rate_text] for r in rows]
    body.append(
        [
            total.number,
            f"期間：{period.label}",
            total.views,
            total.clicks,
            total.started,
            total.submitted,
            total.rate_text,
        ]
    )
    return csv_bytes([label for _, label in COLUMNS], body)


def csv_filename(period: Period) -> str:
    suffix = period.month or f"{period.start:%Y%m%d}-{period.end:%Y%m%d}"
    return f"公募案件アクセス数_{suffix}.csv"


# -- the monthly mail -----------------------------------------------------------------------


def is_working_day(day: date) -> bool:
    """Not a weekend, a Japanese public holiday (jpholiday) or the New Year holidays (1/1–1/3)."""
    if day.weekday() >= 5 or jpholiday.is_holiday(day):
        return False
    return not (day.month == 1 and day.day <= 3)


def first_working_day(year: int, month: int) -> date:
    day = date(year, month, 1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def report_message_id(settings: Settings, period: Period, recipient: str) -> str:
    """One Message-ID per month and recipient: the outbox refuses a second one (idempotency key)."""
    digest = hashlib.sha256(recipient.strip().lower().encode()).hexdigest()[:16]
    return keyed_message_id(settings, f"recruitment-access-report.{period.month}.{digest}")


async def send_monthly_report(db: AsyncSession, settings: Settings) -> int:
    """The scheduled job (daily): from the first working day of the month (Japan), mail the previous
    month's report with its CSV to settings.recruitment.report_recipients, once per recipient and
    month however often it runs; a day the worker missed is made up on the next run.
    Returns the number of mails queued."""
    today = clock.today_jst()
    if today < first_working_day(today.year, today.month):
        return 0
    period = previous_month(today)
    rows = sort_rows(await rows_for(db, period), "views", descending=True)
    attachment = Attachment(csv_filename(period), "text/csv", csv_for(rows, period))
    queued = 0
    for recipient in dict.fromkeys(r.strip() for r in settings.recruitment.report_recipients if r.strip()):
        message_id = report_message_id(settings, period, recipient)
        if await mail_queued(db, message_id):
            continue
        await queue_template_mail(
            db,
            settings,
            to=recipient,
            template="recruitment/report_monthly.txt.jinja",
            message_id=message_id,
            attachments=(attachment,),
            period=period,
            rows=rows[:10],
            total=totals(rows),
            count=len(rows),
            base_url=settings.app.base_url,
            query=period.query,
        )
        queued += 1
    return queued
