"""公示案件's forms: the entry form (一時保存 keeps incomplete input, 確認 and 掲載依頼 want it all),
its files, 差戻し / 掲載中止 reasons and 結果. Raw form data in, (display values, errors) and clean
values out; nothing here is stored."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from app import clock, uploads
from app.forms import (
    FormResult,
    choice_field,
    clean_text,
    date_field,
    first,
    jst_datetime_field,
    nfkc,
    text_field,
    url_field,
)
from app.reference import COUNTRIES
from features.recruitment.koji import NewFile

WORK_TYPES = ("専門家業務", "調査業務", "研修業務", "評価業務", "施工監理業務", "その他")
CONTRACT_TYPES = ("業務実施契約", "業務実施契約（単独型）")
SELECTION_METHODS = ("企画競争", "総合評価落札方式")
GRADES = ("1号", "2号", "3号", "4号", "5号", "6号")
ROLE_ROWS = 5  # 担当業務と格付: fixed rows, no script needed
FILE_SLOTS = 3  # files added per save; a notice may gather more over several saves
FILE_LABEL_DEFAULTS = ("説明書", "", "")
# 説明書 are PDF; the 様式 JICA hands out with them are Word or Excel. Images are no notice files.
FILE_KINDS = frozenset({"pdf", "docx", "xlsx", "doc", "xls"})
FILE_TYPE_REFUSED = "公示のファイルはPDF・Word・Excelのいずれかを選択してください。"
UPLOAD_LIMIT = FILE_SLOTS * uploads.MAX_FILE_BYTES + 1024 * 1024  # the whole form (413 above it)
_NUMBER = re.compile(r"^[A-Z0-9][A-Z0-9\-]{2,29}$")
MAX_MM = Decimal("999.99")

CHOICES = {
    "countries": COUNTRIES,
    "work_types": WORK_TYPES,
    "contract_types": CONTRACT_TYPES,
    "selection_methods": SELECTION_METHODS,
    "grades": GRADES,
}
LABELS = {
    "notice_on": "公示日",
    "procurement_number": "調達管理番号",
    "country": "国名",
    "title": "案件名",
    "work_type": "業務の種類",
    "contract_type": "契約形態",
    "selection_method": "選定方法",
    "roles": "担当業務と格付",
    "period_start": "全体期間（開始）",
    "period_end": "全体期間（終了）",
    "mm_field": "業務量（現地）",
    "mm_domestic": "業務量（国内）",
    "question_deadline_at": "質問締切",
    "submission_deadline_at": "提出期限",
    "jica_url": "JICAの調達情報ページ",
    "contractor": "契約相手先",
    "contracted_on": "契約日",
}


@dataclass
class KojiForm:
    result: FormResult = field(default_factory=FormResult)
    clean: dict[str, Any] = field(default_factory=dict)
    files: list[NewFile] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.result.ok

    @property
    def values(self) -> dict:
        return self.result.values

    @property
    def errors(self) -> dict:
        return self.result.errors


def parse(data: Mapping[str, Any], *, complete: bool) -> KojiForm:
    """The entry form. complete: every required field (確認, 掲載依頼); otherwise (一時保存) only
    malformed values are refused."""
    form = KojiForm()
    r, c = form.result, form.clean
    c["notice_on"] = date_field(r, data, "notice_on", LABELS["notice_on"], required=complete)
    c["procurement_number"] = _number(r, data, complete)
    c["country"] = choice_field(
        r, data, "country", LABELS["country"], [code for code, _ in COUNTRIES], required=complete
    )
    c["title"] = text_field(r, data, "title", LABELS["title"], required=complete, max_length=200)
    c["work_type"] = choice_field(r, data, "work_type", LABELS["work_type"], list(WORK_TYPES), required=complete)
    c["contract_type"] = choice_field(
        r, data, "contract_type", LABELS["contract_type"], list(CONTRACT_TYPES), required=complete
    )
    c["selection_method"] = choice_field(
        r, data, "selection_method", LABELS["selection_method"], list(SELECTION_METHODS), required=complete
    )
    c["roles"] = _roles(r, data, complete)
    c["period_start"] = date_field(r, data, "period_start", LABELS["period_start"], required=complete)
    c["period_end"] = date_field(r, data, "period_end", LABELS["period_end"], required=complete)
    if c["period_start"] and c["period_end"] and c["period_end"] < c["period_start"]:
        r.error("period_end", "全体期間の終了日は開始日より後の日付にしてください。")
    c["mm_field"] = _man_months(r, data, "mm_field", complete)
    c["mm_domestic"] = _man_months(r, data, "mm_domestic", complete)
    c["question_deadline_at"] = jst_datetime_field(
        r, data, "question_deadline_at", LABELS["question_deadline_at"], required=complete
    )
    c["submission_deadline_at"] = jst_datetime_field(
        r, data, "submission_deadline_at", LABELS["submission_deadline_at"], required=complete
    )
    question, submission = c["question_deadline_at"], c["submission_deadline_at"]
    if question and submission and question > submission:
        r.error("question_deadline_at_date", "質問締切は提出期限より前の日時にしてください。")
    c["jica_url"] = url_field(r, data, "jica_url", LABELS["jica_url"], required=False)
    return form


def _number(r: FormResult, data: Mapping[str, Any], complete: bool) -> str:
    value = nfkc(clean_text(first(data, "procurement_number"))).upper().replace(" ", "")
    r.values["procurement_number"] = value
    label = LABELS["procurement_number"]
    if complete and not value:
        r.error("procurement_number", f"{label}を入力してください。")
    elif value and not _NUMBER.match(value):
        r.error("procurement_number", f"{label}は半角英数字とハイフン3〜30文字で入力してください（例：2026-00123）。")
    return value


def _roles(r: FormResult, data: Mapping[str, Any], complete: bool) -> list[dict]:
    rows, shown = [], []
    for i in range(ROLE_ROWS):
        role = clean_text(first(data, f"role-{i}"))
        grade = clean_text(first(data, f"grade-{i}"))
        shown.append({"role": role, "grade": grade})
        if len(role) > 100:
            r.error(f"role-{i}", f"担当業務（{i + 1}行目）は100文字以内で入力してください。")
        elif grade and grade not in GRADES:
            r.error(f"grade-{i}", f"格付（{i + 1}行目）は一覧から選択してください。")
        elif grade and not role:
            r.error(f"role-{i}", f"担当業務（{i + 1}行目）を入力してください（格付だけでは登録できません）。")
        elif role:
            rows.append({"role": role, "grade": grade})
    r.values["roles"] = shown
    if complete and not rows and "role-0" not in r.errors:
        r.error("role-0", "担当業務と格付を1行以上入力してください（例：業務主任者／保健医療 2号）。")
    return rows


def _man_months(r: FormResult, data: Mapping[str, Any], name: str, complete: bool) -> float | None:
    raw = nfkc(clean_text(first(data, name))).replace(",", "")
    r.values[name] = raw
    label = LABELS[name]
    if not raw:
        if complete:
            r.error(name, f"{label}を入力してください（なければ 0）。")
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite() or value < 0 or value > MAX_MM or value.as_tuple().exponent < -2:
        r.error(name, f"{label}は0以上999.99以下の数で、小数点以下2桁まで入力してください（例：12.5）。")
        return None
    return float(value)


def check_files(form: KojiForm, entries: list[tuple[int, str, bytes | None, str]]) -> None:
    """entries: (slot, label, data, filename) for each slot with a file chosen. Every file is
    checked before any is stored, so a refused one leaves nothing behind."""
    for slot, raw_label, data, filename in entries:
        label = clean_text(raw_label)[:100]
        form.values[f"file_label-{slot}"] = label
        name = f"file-{slot}"
        if not label:
            form.result.error(f"file_label-{slot}", f"ファイル{slot + 1}の名称（例：説明書）を入力してください。")
            continue
        try:
            uploads.check(data or b"", filename)
            kind = uploads.sniff(data or b"", filename)
        except uploads.UploadRejected as rejected:
            message = FILE_TYPE_REFUSED if rejected.message == uploads.UNKNOWN_TYPE else rejected.message
            form.result.error(name, f"「{label}」：{message}")
            continue
        if kind not in FILE_KINDS:
            form.result.error(name, f"「{label}」：{FILE_TYPE_REFUSED}")
            continue
        form.files.append(NewFile(label, data, filename))


def values_for_form(values: dict) -> dict:
    """A stored notice's values (koji.values_of) as the form shows them."""
    shown: dict[str, Any] = {}
    for name, value in values.items():
        if name in ("question_deadline_at", "submission_deadline_at"):
            jst = clock.to_jst(value) if value else None
            shown[f"{name}_date"] = jst.date().isoformat() if jst else ""
            shown[f"{name}_time"] = jst.strftime("%H:%M") if jst else ""
        elif isinstance(value, date):
            shown[name] = value.isoformat()
        elif name in ("mm_field", "mm_domestic"):
            shown[name] = "" if value is None else f"{Decimal(str(value)).normalize():f}"
        elif name == "roles":
            rows = list(value)[:ROLE_ROWS]
            shown[name] = rows + [{"role": "", "grade": ""}] * (ROLE_ROWS - len(rows))
        else:
            shown[name] = value if value is not None else ""
    return shown


def reason(data: Mapping[str, Any], label: str) -> FormResult:
    result = FormResult()
    text_field(result, data, "reason", label, required=True, max_length=2000, multiline=True)
    return result


def parse_result(data: Mapping[str, Any]) -> tuple[FormResult, str, date | None]:
    result = FormResult()
    contractor = text_field(result, data, "contractor", LABELS["contractor"], required=True, max_length=200)
    contracted_on = date_field(result, data, "contracted_on", LABELS["contracted_on"], required=True)
    return result, contractor, contracted_on


def blank_values() -> dict:
    return values_for_form({"roles": []})
