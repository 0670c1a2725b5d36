"""Parsing the プレスリリース form into (clean values, errors) and the files it carries.

Every file is checked here, before anything is stored, so a refused submission leaves no file
behind. A file input cannot be refilled by the server: after a 422 the person selects the
files again (the form says so)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from litestar.datastructures import UploadFile

from app import uploads
from app.forms import FormResult, checkbox, clean_text, date_field, email_field, first, nfkc, phone_field, text_field
from features.press import images

MAX_IMAGES = 3
BODY_MAX = 20_000
PDF_KINDS = frozenset({"pdf"})
PDF_REFUSED = "PDFファイルを選択してください（内容がPDFであることを確認しています）。"
LABELS = {
    "title": "タイトル",
    "announced_on": "発表日",
    "body": "本文",
    "contact_department": "問い合わせ先の担当部署",
    "contact_name": "問い合わせ先の担当者氏名",
    "contact_phone": "問い合わせ先の電話番号",
    "contact_email": "問い合わせ先のメールアドレス",
}
REQUIRED_FOR_SUBMIT = tuple(LABELS)


@dataclass(frozen=True)
class NewImage:
    slot: int
    image: images.ProcessedImage  # already re-encoded: upright, scaled, without EXIF
    alt: str


@dataclass
class FileChanges:
    pdf: tuple[bytes, str] | None = None  # (data, the person's file name)
    remove_pdf: bool = False
    new_images: list[NewImage] = field(default_factory=list)
    alts: dict[int, str] = field(default_factory=dict)  # existing image id → its alt text
    removed: set[int] = field(default_factory=set)  # existing image ids to delete


def _contact(result: FormResult, data: Mapping[str, Any], name: str, max_length: int) -> str:
    value = nfkc(clean_text(first(data, name)))
    result.values[name] = value
    if len(value) > max_length:
        result.error(name, f"{LABELS[name]}は{max_length}文字以内で入力してください（現在{len(value)}文字）。")
    return value


def parse_fields(data: Mapping[str, Any]) -> FormResult:
    """The text fields. Only the title is needed to keep a draft; what 申請 needs is checked on
    the stored release (service.missing_for_submit)."""
    result = FormResult()
    text_field(result, data, "title", LABELS["title"], required=True, max_length=200)
    date_field(result, data, "announced_on", LABELS["announced_on"], required=False)
    text_field(result, data, "body", LABELS["body"], max_length=BODY_MAX, multiline=True)
    _contact(result, data, "contact_department", 100)
    _contact(result, data, "contact_name", 100)
    phone_field(result, data, "contact_phone", LABELS["contact_phone"], required=False)
    if len(result.values["contact_phone"]) > 30:
        result.error("contact_phone", "問い合わせ先の電話番号は30文字以内で入力してください。")
    email_field(result, data, "contact_email", LABELS["contact_email"], required=False)
    return result


async def _read(upload: Any) -> tuple[bytes, str] | None:
    if isinstance(upload, list):
        upload = upload[0] if upload else None
    if not isinstance(upload, UploadFile) or not upload.filename:
        return None
    return await upload.read(uploads.MAX_FILE_BYTES + 1), upload.filename


async def parse_files(result: FormResult, data: Mapping[str, Any], existing_ids: Iterable[int]) -> FileChanges:
    """The PDF and the images: each checked by content (an image is decoded and re-encoded here, so
    nothing later can refuse it); an image without 代替テキスト is refused."""
    changes = FileChanges()
    existing = list(existing_ids)
    for image_id in existing:
        alt = clean_text(first(data, f"alt_existing_{image_id}"))
        result.values[f"alt_existing_{image_id}"] = alt
        if checkbox(data, f"remove_image_{image_id}"):
            changes.removed.add(image_id)
            result.values[f"remove_image_{image_id}"] = True
            continue
        if not alt:
            result.error(f"alt_existing_{image_id}", "画像の代替テキスト（内容の説明）を入力してください。")
        elif len(alt) > 200:
            result.error(f"alt_existing_{image_id}", "代替テキストは200文字以内で入力してください。")
        changes.alts[image_id] = alt
    changes.remove_pdf = checkbox(data, "remove_pdf")
    result.values["remove_pdf"] = changes.remove_pdf
    pdf = await _read(data.get("pdf"))
    if pdf is not None:
        try:
            uploads.check(*pdf, kinds=PDF_KINDS, refused=PDF_REFUSED)
            changes.pdf = pdf
        except uploads.UploadRejected as rejected:
            result.error("pdf", rejected.message)
    kept = len(existing) - len(changes.removed)
    for slot in range(1, MAX_IMAGES + 1):
        alt = clean_text(first(data, f"alt_{slot}"))
        result.values[f"alt_{slot}"] = alt
        upload = await _read(data.get(f"image_{slot}"))
        if upload is None:
            continue
        try:
            processed = images.process(*upload)
        except images.ImageRefused as refused:
            result.error(f"image_{slot}", refused.message)
            continue
        if not alt:
            result.error(f"alt_{slot}", "画像の代替テキスト（内容の説明）を入力してください。")
            continue
        if len(alt) > 200:
            result.error(f"alt_{slot}", "代替テキストは200文字以内で入力してください。")
            continue
        changes.new_images.append(NewImage(slot, processed, alt))
    if kept + len(changes.new_images) > MAX_IMAGES:
        result.error(f"image_{changes.new_images[-1].slot}", f"画像は{MAX_IMAGES}枚までです。")
    return changes


def parse_reason(data: Mapping[str, Any]) -> FormResult:
    result = FormResult()
    text_field(result, data, "reason", "差戻しの理由", required=True, max_length=2000, multiline=True)
    return result
