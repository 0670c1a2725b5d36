"""Uploaded files: type decided by content (not by name or the browser's word), stored under
generated names outside static/, served as attachments with the original Japanese name."""

from __future__ import annotations

import hashlib
import io
import json
import secrets
import shutil
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from PIL import Image
from pypdf import PdfReader

from app.config import Settings

MAX_FILE_BYTES = 10 * 1024 * 1024
# What each allowed kind is, by its first bytes and then by its structure (see sniff()).
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
# The stored name ends with one of these (the first is added when the name has none of them).
EXTENSIONS = {
    "pdf": (".pdf",),
    "jpeg": (".jpg", ".jpeg"),
    "png": (".png",),
    "docx": (".docx",),
    "xlsx": (".xlsx",),
    "doc": (".doc",),
    "xls": (".xls",),
    "pptx": (".pptx",),
}
LABELS = {"pdf": "PDF", "jpeg": "JPEG画像", "png": "PNG画像"}
# Office Open XML: the main part every Word or Excel file has, and the content type it must be
# declared with in [Content_Types].xml (the macro-enabled types are not accepted).
OFFICE_MAIN_PARTS = {
    "docx": ("word/document.xml", b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"),
    "xlsx": ("xl/workbook.xml", b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
    "pptx": (
        "ppt/presentation.xml",
        b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    ),
}
# What store() and check() accept unless the caller names its own kinds (PowerPoint only where
# a slice asks for it: セミナーの当日配布資料).
DEFAULT_KINDS = frozenset({"pdf", "jpeg", "png", "docx", "xlsx", "doc", "xls"})
UNKNOWN_TYPE = "PDF・Word・Excel・JPEG・PNGのファイルを選択してください（内容を確認できませんでした）。"


# Where stored files live: Web応募 documents in var/uploads itself (where they always were), every
# other kind in a subdirectory of its own. Stored names are hex, so no file is ever named like an area.
DEFAULT_AREA = "applications"
AREAS = frozenset(
    {
        DEFAULT_AREA,
        "koubo",
        "koji",
        "seminar_materials",  # 当日配布資料 (features/seminars)
        "seminar_photos",  # セミナーレポートの写真 (features/seminars)
        "mail_consultation",  # メール相談の添付 (features/mail_consultation)
        "library",  # ライブラリの文書・広報ツールとサムネイル (features/library)
        "press",  # プレスリリースのPDFと画像 (features/press)
        "content_images",  # コンテンツのリード画像（幅ごとの再エンコード） (features/content)
        "report_documents",  # 報告書のPDFとExcel (features/reports)
    }
)


class UploadRejected(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def sniff(data: bytes, filename: str) -> str:
    """The kind of file, from its content; raises UploadRejected for anything else.

    The first bytes only say what a file claims to be; "%PDF-" followed by HTML is no PDF. So a
    PDF must parse, an image must decode its header, an Office file must be a zip with its parts.
    """
    if data.startswith(b"%PDF-"):
        return _confirmed("pdf", _pdf_parses(data))
    if data.startswith(b"\xff\xd8\xff"):
        return _confirmed("jpeg", _image_decodes(data, "JPEG"))
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return _confirmed("png", _image_decodes(data, "PNG"))
    if data.startswith(b"PK\x03\x04") and (kind := _office_kind(data)):
        return kind
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # OLE: the old Word and Excel formats
        return "xls" if filename.lower().endswith(".xls") else "doc"
    raise UploadRejected(UNKNOWN_TYPE)


def _confirmed(kind: str, valid: bool) -> str:
    if not valid:
        raise UploadRejected(
            f"{LABELS[kind]}ファイルとして内容を確認できませんでした。ファイルが壊れていないか確認してください。"
        )
    return kind


def _pdf_parses(data: bytes) -> bool:
    """pypdf finds the trailer, the cross-reference table and at least one page."""
    try:
        reader = PdfReader(io.BytesIO(data))
        return reader.is_encrypted or len(reader.pages) > 0
    except Exception:  # pypdf raises many kinds on broken input
        return False


def _image_decodes(data: bytes, image_format: str) -> bool:
    """Pillow reads the header (and for PNG checks every chunk); the pixels are not decoded."""
    try:
        with Image.open(io.BytesIO(data), formats=[image_format]) as image:
            image.verify()
        return True
    except Exception:  # Pillow raises many kinds on broken input, DecompressionBombError too
        return False


def _office_kind(data: bytes) -> str | None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        if "[Content_Types].xml" not in names or "_rels/.rels" not in names:
            return None
        if archive.getinfo("[Content_Types].xml").file_size > 1024 * 1024:
            return None
        content_types = archive.read("[Content_Types].xml")  # also checks its CRC
    except Exception:  # zipfile raises many kinds on broken input
        return None
    for kind, (main_part, content_type) in OFFICE_MAIN_PARTS.items():
        if main_part in names and content_type in content_types:
            return kind
    return None


def clean_filename(name: str) -> str:
    """Keep the person's Japanese file name, without paths or control characters."""
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").split("/")[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return name[:150] or "file"


def display_name(filename: str, kind: str) -> str:
    """The person's file name ending with the extension of what the file is: 履歴書.html holding a
    PDF becomes 履歴書.pdf, so nobody's download opens it as something else."""
    name = clean_filename(filename)
    stem, dot, suffix = name.rpartition(".")
    if dot and stem and f".{suffix.lower()}" in EXTENSIONS[kind]:
        return name
    if not (dot and suffix.isascii() and suffix.isalnum() and len(suffix) <= 5):
        stem = name  # no extension to replace (山田.太郎 keeps its dot)
    return (stem[:140].strip(". ") or "file") + EXTENSIONS[kind][0]


@dataclass(frozen=True)
class StoredFile:
    stored_name: str
    original_name: str
    content_type: str
    size: int


def _kind_allowed(data: bytes, filename: str, kinds: frozenset[str], refused: str) -> str:
    kind = sniff(data, filename)
    if kind not in kinds:
        raise UploadRejected(refused or UNKNOWN_TYPE)
    return kind


def store(
    settings: Settings,
    data: bytes,
    filename: str,
    area: str = DEFAULT_AREA,
    *,
    kinds: frozenset[str] = DEFAULT_KINDS,
    refused: str = "",
    max_bytes: int = MAX_FILE_BYTES,
) -> StoredFile:
    """`kinds`: what this form accepts; `refused`: the message for another kind of file;
    `max_bytes`: a form's own size limit (the library's is a setting)."""
    kind = check(data, filename, kinds=kinds, refused=refused, max_bytes=max_bytes)
    directory = upload_dir(settings, area)
    stored_name = secrets.token_hex(16)
    (directory / stored_name).write_bytes(data)
    return StoredFile(stored_name, display_name(filename, kind), CONTENT_TYPES[kind], len(data))


def store_derived(settings: Settings, data: bytes, area: str, name: str | None = None) -> str:
    """A file the system made from an upload it already checked — a thumbnail, an image re-encoded
    at another width — under `name` (a generated letters-and-digits name such as "ab12…w480") or a
    new random one. Returns the stored name."""
    stored_name = name or secrets.token_hex(16)
    if not stored_name.isalnum():  # never a path, never a name read() would refuse
        raise ValueError(stored_name)
    (upload_dir(settings, area) / stored_name).write_bytes(data)
    return stored_name


def text_upload(data: bytes, *, max_bytes: int) -> str:
    """An uploaded text file (a CSV list to match): UTF-8 (with or without BOM) or Shift_JIS, as Excel
    in Japan writes it; binary content or an oversize file is refused."""
    if len(data) > max_bytes:
        raise UploadRejected(f"ファイルのサイズは{max_bytes // 1024}KBまでです。")
    if not data.strip():
        raise UploadRejected("ファイルが空です。")
    if b"\x00" in data:
        raise UploadRejected("テキスト（CSV）のファイルを選択してください。")
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UploadRejected("文字コードを読み取れません。UTF-8 または Shift_JIS の CSV を選択してください。")


def check(
    data: bytes,
    filename: str,
    *,
    kinds: frozenset[str] = DEFAULT_KINDS,
    refused: str = "",
    max_bytes: int = MAX_FILE_BYTES,
) -> str:
    """store()'s checks without writing anything: a form checks every file before it stores any,
    so a refused submission leaves no file behind. Raises UploadRejected; returns the kind."""
    if len(data) > max_bytes:
        raise UploadRejected(f"ファイルのサイズは1つ{max_bytes // (1024 * 1024)}MBまでです。")
    if not data:
        raise UploadRejected("ファイルが空です。")
    return _kind_allowed(data, filename, kinds, refused)


def remove(settings: Settings, stored_names: list[str], area: str = DEFAULT_AREA) -> None:
    """Delete stored files; one already gone is fine (removal runs after commit and may repeat)."""
    directory = upload_dir(settings, area)
    for name in stored_names:
        if name and Path(name).name == name:  # a bare name, never a path out of the directory
            (directory / name).unlink(missing_ok=True)


def stored_before(settings: Settings, cutoff: datetime, area: str = DEFAULT_AREA) -> list[str]:
    """Names of the stored files of one area last written before `cutoff`: what that area's
    orphan sweep may consider."""
    return [
        path.name
        for path in upload_dir(settings, area).iterdir()
        if path.is_file() and datetime.fromtimestamp(path.stat().st_mtime, UTC) < cutoff
    ]


def upload_dir(settings: Settings, area: str = DEFAULT_AREA) -> Path:
    """One directory per area: each slice sweeps its own area against its own table, so one
    slice's orphan sweep can never take another slice's files."""
    if area not in AREAS:
        raise ValueError(area)
    directory = settings.var_path / "uploads" if area == DEFAULT_AREA else settings.var_path / "uploads" / area
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def read(settings: Settings, stored_name: str, area: str = DEFAULT_AREA) -> bytes:
    if not stored_name.isalnum():
        raise FileNotFoundError(stored_name)
    return (upload_dir(settings, area) / stored_name).read_bytes()


def attachment_headers(original_name: str) -> dict[str, str]:
    ascii_fallback = (
        "".join(ch if ch.isascii() and ch.isalnum() or ch in "._-" else "_" for ch in original_name) or "file"
    )
    return {
        "Content-Disposition": f"attachment; filename=\"{ascii_fallback}\"; filename*=UTF-8''{quote(original_name)}",
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "no-store",
    }


# -- files that go with an outbox mail (app.mail's attachments) ------------------------------


def _file_set_dir(settings: Settings, key: str) -> Path:
    return settings.var_path / "mail-attachments" / hashlib.sha256(key.encode()).hexdigest()[:32]


def store_file_set(settings: Settings, key: str, parts: list[tuple[str, str, bytes]]) -> None:
    """Files written by the system itself (a report's CSV), kept under a name derived from `key`
    (a mail's Message-ID) outside the uploads directory, so no orphan sweep of uploads takes them."""
    directory = _file_set_dir(settings, key)
    directory.mkdir(parents=True, exist_ok=True)
    for index, (_name, _type, data) in enumerate(parts):
        (directory / f"{index}.bin").write_bytes(data)
    manifest = [{"filename": name, "content_type": content_type} for name, content_type, _data in parts]
    (directory / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")


def file_set(settings: Settings, key: str) -> list[tuple[str, str, bytes]]:
    """(file name, content type, bytes) of each file stored for `key`; none when there are none."""
    directory = _file_set_dir(settings, key)
    manifest_path = directory / "manifest.json"
    if not manifest_path.is_file():
        return []
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    return [
        (item["filename"], item["content_type"], (directory / f"{index}.bin").read_bytes())
        for index, item in enumerate(manifest)
    ]


def remove_file_sets_before(settings: Settings, cutoff: datetime) -> int:
    """Delete the file sets written before `cutoff` (by then their mail is sent or given up);
    returns how many went."""
    root = settings.var_path / "mail-attachments"
    if not root.is_dir():
        return 0
    removed = 0
    for directory in root.iterdir():
        if directory.is_dir() and datetime.fromtimestamp(directory.stat().st_mtime, UTC) < cutoff:
            shutil.rmtree(directory, ignore_errors=True)
            removed += 1
    return removed
