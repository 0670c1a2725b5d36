"""Form parsing for the seminar pages: plain values and a Japanese message per field."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from app import clock
from app.forms import (
    FormResult,
    choice_field,
    email_field,
    first,
    jst_datetime_field,
    multi_choice_field,
    nfkc,
    text_field,
    url_field,
)
from features.seminars import messaging, registration
from features.seminars.models import KIND_LABELS, ORG_ANSWER_LABELS, BulkAudience, SpeakerKind

TRACKS = ["", "A", "B", "C", "D", "E", "F", "G", "H"]


def _int_field(
    result: FormResult, data: Mapping[str, Any], name: str, label: str, *, required: bool, minimum: int, maximum: int
) -> int | None:
    raw = nfkc(str(first(data, name) or "")).strip().replace(",", "")
    result.values[name] = raw
    if not raw:
        if required:
            result.error(name, f"{label}を入力してください。")
        return None
    if not raw.isdigit() or not minimum <= int(raw) <= maximum:
        result.error(name, f"{label}は{minimum}〜{maximum}の半角数字で入力してください。")
        return None
    return int(raw)


def datetime_values(result: FormResult, name: str, value) -> None:
    """Show a stored UTC datetime again as the date and time inputs (Japan time)."""
    if value is not None:
        jst = clock.to_jst(value)
        result.values[f"{name}_date"] = jst.date().isoformat()
        result.values[f"{name}_time"] = jst.strftime("%H:%M")


def seminar_values(seminar) -> dict:
    """The edit form's values from a stored seminar."""
    result = FormResult()
    for key in ("kind", "title", "theme", "description", "venue_name", "venue_address", "venue_map_url"):
        result.values[key] = getattr(seminar, key)
    result.values.update(
        online_url=seminar.online_url or "",
        capacity=str(seminar.capacity or ""),
        audience=seminar.audience,
        fee=seminar.fee,
        reminder_days=seminar.reminder_days,
    )
    for key in ("starts_at", "ends_at", "apply_from", "apply_until"):
        datetime_values(result, key, getattr(seminar, key))
    return result.values


def parse_seminar(data: Mapping[str, Any]) -> FormResult:
    """All fields may stay empty while 企画中 except the kind and the title; the guards of 告知中
    say what a public seminar needs."""
    result = FormResult()
    clean: dict[str, Any] = {}
    clean["kind"] = choice_field(result, data, "kind", "種別", list(KIND_LABELS))
    clean["title"] = text_field(result, data, "title", "セミナー名", required=True, max_length=200)
    clean["theme"] = text_field(result, data, "theme", "テーマ", max_length=200)
    clean["description"] = text_field(result, data, "description", "内容", max_length=4000, multiline=True)
    clean["starts_at"] = jst_datetime_field(result, data, "starts_at", "開始日時", required=False)
    clean["ends_at"] = jst_datetime_field(result, data, "ends_at", "終了日時", required=False)
    if clean["starts_at"] and clean["ends_at"] and clean["ends_at"] <= clean["starts_at"]:
        result.error("ends_at_date", "終了日時は開始日時より後にしてください。")
    clean["venue_name"] = text_field(result, data, "venue_name", "会場名", max_length=200)
    clean["venue_address"] = text_field(result, data, "venue_address", "会場の住所", max_length=300)
    clean["venue_map_url"] = url_field(result, data, "venue_map_url", "地図のURL")
    clean["online_url"] = url_field(result, data, "online_url", "オンライン参加URL") or None
    clean["capacity"] = _int_field(result, data, "capacity", "定員", required=False, minimum=1, maximum=5000) or 0
    clean["audience"] = text_field(result, data, "audience", "対象", max_length=300)
    clean["fee"] = text_field(result, data, "fee", "参加費", max_length=100) or "無料"
    clean["apply_from"] = jst_datetime_field(result, data, "apply_from", "申込開始日時", required=False)
    clean["apply_until"] = jst_datetime_field(result, data, "apply_until", "申込締切日時", required=False)
    if clean["apply_from"] and clean["apply_until"] and clean["apply_until"] <= clean["apply_from"]:
        result.error("apply_until_date", "申込締切は申込開始より後にしてください。")
    raw_days = nfkc(text_field(result, data, "reminder_days", "リマインド", max_length=40))
    days = messaging.parse_days(raw_days)
    if raw_days and not days:
        result.error("reminder_days", "リマインドは開催の何日前かを半角数字とカンマで入力してください（例：7,1）。")
    clean["reminder_days"] = ",".join(str(d) for d in days)
    result.values["clean"] = clean
    return result


def parse_session(data: Mapping[str, Any], speaker_ids: set[int]) -> FormResult:
    result = FormResult()
    clean: dict[str, Any] = {}
    clean["title"] = text_field(result, data, "title", "セッション名", required=True, max_length=200)
    track = nfkc(text_field(result, data, "track", "トラック・会場", max_length=40))
    clean["track"] = track.upper() if len(track) == 1 else track  # "a" is track A
    clean["starts_at"] = jst_datetime_field(result, data, "starts_at", "開始時刻")
    clean["ends_at"] = jst_datetime_field(result, data, "ends_at", "終了時刻")
    if clean["starts_at"] and clean["ends_at"] and clean["ends_at"] <= clean["starts_at"]:
        result.error("ends_at_time", "終了時刻は開始時刻より後にしてください。")
    clean["capacity"] = _int_field(
        result, data, "capacity", "セッションの定員", required=False, minimum=1, maximum=5000
    )
    raw_speaker = str(first(data, "speaker_id") or "")
    result.values["speaker_id"] = raw_speaker
    if raw_speaker and (not raw_speaker.isdigit() or int(raw_speaker) not in speaker_ids):
        result.error("speaker_id", "講師は一覧から選択してください。")
    clean["speaker_id"] = int(raw_speaker) if raw_speaker.isdigit() and int(raw_speaker) in speaker_ids else None
    result.values["clean"] = clean
    return result


def parse_speaker(data: Mapping[str, Any]) -> FormResult:
    result = FormResult()
    clean: dict[str, Any] = {}
    clean["name"] = text_field(result, data, "name", "講師名", required=True, max_length=100)
    clean["affiliation"] = text_field(result, data, "affiliation", "所属", max_length=200)
    clean["kind"] = choice_field(result, data, "kind", "講師の区分", [k.value for k in SpeakerKind])
    clean["email"] = email_field(result, data, "email", "メールアドレス", required=False)
    clean["topic"] = text_field(result, data, "topic", "依頼内容", max_length=200)
    clean["note"] = text_field(result, data, "note", "メモ", max_length=2000, multiline=True)
    result.values["clean"] = clean
    return result


def parse_counselor(data: Mapping[str, Any], counselor_ids: set[int]) -> FormResult:
    result = FormResult()
    clean: dict[str, Any] = {}
    raw = str(first(data, "counselor_user_id") or "")
    result.values["counselor_user_id"] = raw
    if not raw:
        result.error("counselor_user_id", "キャリア相談員を選択してください。")
    elif not raw.isdigit() or int(raw) not in counselor_ids:
        result.error("counselor_user_id", "キャリア相談員は一覧から選択してください。")
    else:
        clean["counselor_user_id"] = int(raw)
    clean["booth"] = text_field(result, data, "booth", "相談ブース名", required=True, max_length=100)
    # booth_…: the detail page also has the session form, whose fields are starts_at / ends_at.
    clean["starts_at"] = jst_datetime_field(result, data, "booth_starts_at", "開始時刻")
    clean["ends_at"] = jst_datetime_field(result, data, "booth_ends_at", "終了時刻")
    if clean["starts_at"] and clean["ends_at"] and clean["ends_at"] <= clean["starts_at"]:
        result.error("booth_ends_at_time", "終了時刻は開始時刻より後にしてください。")
    result.values["clean"] = clean
    return result


def parse_registration(data: Mapping[str, Any], session_ids: set[int], *, ask_email: bool) -> FormResult:
    """申込フォーム. Sessions come as one radio group per time slot (slot_<n>), each value a
    session id or "" (参加しない)."""
    result = FormResult()
    clean: dict[str, Any] = {}
    clean["name"] = text_field(result, data, "name", "氏名", required=True, max_length=100)
    if ask_email:
        clean["email"] = email_field(result, data, "email", "メールアドレス")
    clean["age_band"] = choice_field(result, data, "age_band", "年齢帯", registration.AGE_BANDS)
    clean["occupation"] = text_field(result, data, "occupation", "職業・所属", required=True, max_length=100)
    clean["interests"] = multi_choice_field(
        result, data, "interests", "関心分野", set(registration.INTERESTS), required=True
    )
    clean["experience"] = choice_field(result, data, "experience", "国際協力経験", registration.EXPERIENCES)
    clean["source"] = choice_field(result, data, "source", "このセミナーを知ったきっかけ", registration.SOURCES)
    chosen: list[int] = []
    for key in sorted(k for k in data if isinstance(k, str) and k.startswith("slot_")):
        raw = str(first(data, key) or "")
        result.values[key] = raw
        if not raw:
            continue
        if not raw.isdigit() or int(raw) not in session_ids:
            result.error("sessions", "参加するセッションは一覧から選択してください。")
            continue
        chosen.append(int(raw))
    clean["session_ids"] = tuple(chosen)
    if len(chosen) > 20:
        result.error("sessions", "選択できるセッションは20件までです。")
    result.values["clean"] = clean
    return result


def parse_message(data: Mapping[str, Any]) -> FormResult:
    result = FormResult()
    clean: dict[str, Any] = {}
    clean["audience"] = choice_field(result, data, "audience", "送信先", [a.value for a in BulkAudience])
    clean["subject"] = text_field(result, data, "subject", "件名", required=True, max_length=150)
    clean["body"] = text_field(result, data, "body", "本文", required=True, max_length=5000, multiline=True)
    result.values["clean"] = clean
    return result


def parse_answer(data: Mapping[str, Any]) -> FormResult:
    result = FormResult()
    clean: dict[str, Any] = {}
    clean["answer"] = choice_field(result, data, "answer", "回答", list(ORG_ANSWER_LABELS))
    clean["memo"] = text_field(result, data, "memo", "メモ", max_length=500)
    result.values["clean"] = clean
    return result
