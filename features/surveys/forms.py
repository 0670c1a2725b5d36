"""Builder and answer forms: raw form data into clean values and errors per field."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from app import clock
from app.forms import FormResult, checkbox, clean_text, first, jst_datetime_field, nfkc, text_field
from features.surveys import service
from features.surveys.models import QuestionKind, SurveyQuestion


def _int_field(result: FormResult, data: Mapping[str, Any], name: str, label: str, low: int, high: int, default: int):
    raw = nfkc(clean_text(first(data, name)))
    result.values[name] = raw
    if raw == "":
        result.values[name] = str(default)
        return default
    try:
        value = int(raw)
    except ValueError:
        result.error(name, f"{label}は数字で入力してください。")
        return default
    if not low <= value <= high:
        result.error(name, f"{label}は{low}〜{high}の範囲で入力してください。")
    return value


def settings_form(data: Mapping[str, Any], *, frozen: bool = False) -> FormResult:
    """The survey's own fields. `frozen` (実施中): only 回答期間の終了 and the reminders."""
    result = FormResult()
    if not frozen:
        text_field(result, data, "title", "タイトル", required=True, max_length=200)
        text_field(result, data, "description", "説明", max_length=5000, multiline=True)
        result.values["anonymous"] = checkbox(data, "anonymous")
        result.values["opens_at"] = jst_datetime_field(result, data, "opens_at", "回答期間の開始", required=False)
    result.values["closes_at"] = jst_datetime_field(result, data, "closes_at", "回答期間の終了", required=False)
    result.values["max_reminders"] = _int_field(
        result, data, "max_reminders", "リマインドの回数", 0, service.MAX_REMINDERS, 2
    )
    result.values["reminder_gap_days"] = _int_field(
        result, data, "reminder_gap_days", "リマインドの間隔", 1, service.MAX_GAP_DAYS, 3
    )
    opens, closes = result.values.get("opens_at"), result.values.get("closes_at")
    if opens and closes and closes <= opens:
        result.error("closes_at_date", "回答期間の終了は開始より後の日時にしてください。")
    return result


def settings_values(survey) -> dict[str, Any]:
    """The form's values for an existing survey (dates in Japan time)."""
    values: dict[str, Any] = {
        "title": survey.title,
        "description": survey.description,
        "anonymous": survey.anonymous,
        "max_reminders": str(survey.max_reminders),
        "reminder_gap_days": str(survey.reminder_gap_days),
    }
    for name in ("opens_at", "closes_at"):
        at: datetime | None = getattr(survey, name)
        if at is not None:
            local = clock.to_jst(at)
            values[f"{name}_date"], values[f"{name}_time"] = local.date().isoformat(), local.strftime("%H:%M")
    return values


def question_form(data: Mapping[str, Any]) -> tuple[FormResult, service.QuestionSpec | None]:
    result = FormResult()
    kind = clean_text(first(data, "kind"))
    result.values["kind"] = kind
    if kind not in set(QuestionKind):
        result.error("kind", "質問の種類を選択してください。")
    text = text_field(result, data, "text", "質問文", required=True, max_length=500, multiline=True)
    section = text_field(result, data, "section", "セクション", max_length=200)
    raw_choices = clean_text(first(data, "choices"), multiline=True)
    result.values["choices"] = raw_choices
    choices = tuple(c for c in (clean_text(line) for line in raw_choices.split("\n")) if c)
    required = checkbox(data, "required")
    result.values["required"] = required
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        if len(choices) < 2:
            result.error("choices", "選択式の質問には選択肢を2つ以上、1行に1つずつ入力してください。")
        elif len(choices) > service.MAX_CHOICES:
            result.error("choices", f"選択肢は{service.MAX_CHOICES}個までです。")
        elif len(set(choices)) != len(choices):
            result.error("choices", "同じ選択肢が2回入力されています。")
        elif any(len(c) > 200 for c in choices):
            result.error("choices", "選択肢は200文字以内で入力してください。")
    if not result.ok:
        return result, None
    return result, service.QuestionSpec(kind=kind, text=text, choices=choices, required=required, section=section)


def question_values(question: SurveyQuestion) -> dict[str, Any]:
    return {
        "kind": question.kind,
        "text": question.text,
        "section": question.section,
        "choices": "\n".join(json.loads(question.choices or "[]")),
        "required": question.required,
    }


def answer_form(questions: list[SurveyQuestion], data: Mapping[str, Any]) -> tuple[FormResult, dict[int, str]]:
    """The answers keyed by question id as stored (label, JSON list, "1"–"5", text); an error per
    question named q<id>. Values are kept for the re-render."""
    result = FormResult()
    answers: dict[int, str] = {}
    for number, question in enumerate(questions, start=1):
        name = f"q{question.id}"
        label = f"問{number}"
        choices = json.loads(question.choices or "[]")
        if question.kind == QuestionKind.MULTIPLE:
            raw = data.get(name) or []
            picked = [clean_text(v) for v in (raw if isinstance(raw, list) else [raw]) if isinstance(v, str)]
            picked = [c for c in choices if c in picked]  # in the question's order, only known ones
            result.values[name] = picked
            if question.required and not picked:
                result.error(name, f"{label}：1つ以上選択してください。")
            answers[question.id] = json.dumps(picked, ensure_ascii=False) if picked else ""
            continue
        value = clean_text(first(data, name), multiline=question.kind == QuestionKind.TEXT)
        result.values[name] = value
        if question.kind == QuestionKind.TEXT:
            if question.required and not value:
                result.error(name, f"{label}：入力してください。")
            elif len(value) > service.TEXT_ANSWER_MAX:
                result.error(
                    name, f"{label}：{service.TEXT_ANSWER_MAX}文字以内で入力してください（現在{len(value)}文字）。"
                )
        else:
            allowed = [str(v) for v in range(1, 6)] if question.kind == QuestionKind.SCALE5 else choices
            if question.required and not value:
                result.error(name, f"{label}：選択してください。")
            elif value and value not in allowed:
                result.error(name, f"{label}：選択肢から選んでください。")
                value = ""
        answers[question.id] = value
    return result, {qid: v for qid, v in answers.items() if v}


def schedule_form(data: Mapping[str, Any], program) -> FormResult:
    """定期アンケート's schedule: 実施 on/off, the day of the month after the quarter, the reminder's
    day and the answer period (program: the current values, for blank fields)."""
    from features.surveys import programs

    result = FormResult()
    result.values["enabled"] = checkbox(data, "enabled")
    result.values["open_day"] = _int_field(
        result, data, "open_day", "開始日", 1, programs.MAX_OPEN_DAY, program.open_day
    )
    result.values["answer_days"] = _int_field(
        result, data, "answer_days", "回答期間", 1, programs.MAX_DAYS, program.answer_days
    )
    result.values["reminder_days"] = _int_field(
        result, data, "reminder_days", "リマインド", 1, programs.MAX_DAYS, program.reminder_days
    )
    if result.ok and result.values["reminder_days"] >= result.values["answer_days"]:
        result.error("reminder_days", "リマインドは回答期間の日数より前の日にしてください。")
    return result
