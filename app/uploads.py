"""Uploaded files: type decided by content (not by name or the browser's word), stored under
generated names outside static/, served as attachments with the original Japanese name."""

from __future__ import annotations

import io
import secrets
import unicodedata
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from app.config import Settings

MAX_FILE_BYTES = 10 * 1024 * 1024
# What each allowed kind is, by its first bytes (and, for Office files, by what the zip holds).
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
}


class UploadRejected(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def sniff(data: bytes, filename: str) -> str:
    """The kind of file, from its content; raises UploadRejected for anything else."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"PK\x03\x04"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except zipfile.BadZipFile:
            names = set()
        if "[Content_Types].xml" in names and any(n.startswith("word/") for n in names):
            return "docx"
        if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names):
            return "xlsx"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):  # OLE: the old Word and Excel formats
        return "xls" if filename.lower().endswith(".xls") else "doc"
    raise UploadRejected("PDF・Word・Excel・JPEG・PNGのファイルを選択してください（内容を確認できませんでした）。")


def clean_filename(name: str) -> str:
    """Keep the person's Japanese file name, without paths or control characters."""
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").split("/")[-1]
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    return name[:150] or "file"


@dataclass(frozen=True)
class StoredFile:
    stored_name: str
    original_name: str
    content_type: str
    size: int


def store(settings: Settings, data: bytes, filename: str) -> StoredFile:
    if len(data) > MAX_FILE_BYTES:
        raise UploadRejected("ファイルのサイズは1つ10MBまでです。")
    if not data:
        raise UploadRejected("ファイルが空です。")
    kind = sniff(data, filename)
    directory = upload_dir(settings)
    stored_name = secrets.token_hex(16)
    (directory / stored_name).write_bytes(data)
    return StoredFile(stored_name, clean_filename(filename), CONTENT_TYPES[kind], len(data))


def check(data: bytes, filename: str) -> None:
    """store()'s checks without writing anything: a form checks every file before it stores any,
    so a refused submission leaves no file behind. Raises UploadRejected."""
    if len(data) > MAX_FILE_BYTES:
        raise UploadRejected("ファイルのサイズは1つ10MBまでです。")
    if not data:
        raise UploadRejected("ファイルが空です。")
    sniff(data, filename)


def remove(settings: Settings, stored_names: list[str]) -> None:
    """Delete stored files; one already gone is fine (removal runs after commit and may repeat)."""
    directory = upload_dir(settings)
    for name in stored_names:
        if name and Path(name).name == name:  # a bare name, never a path out of the directory
            (directory / name).unlink(missing_ok=True)


def stored_before(settings: Settings, cutoff: datetime) -> list[str]:
    """Names of the stored files last written before `cutoff`: what an orphan sweep may consider."""
    return [path.name for path in upload_dir(settings).iterdir()
            if path.is_file() and datetime.fromtimestamp(path.stat().st_mtime, UTC) < cutoff]


def upload_dir(settings: Settings) -> Path:
    directory = settings.var_path / "uploads"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def read(settings: Settings, stored_name: str) -> bytes:
    if not stored_name.isalnum():
        raise FileNotFoundError(stored_name)
    return (upload_dir(settings) / stored_name).read_bytes()


def attachment_headers(original_name: str) -> dict[str, str]:
    ascii_fallback = "".join(ch if ch.isascii() and ch.isalnum() or ch in "._-" else "_" for ch in original_name) or "file"
    return {
        "Content-Disposition": f"attachment; filename=\"{ascii_fallback}\"; filename*=UTF-8''{quote(original_name)}",
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "no-store",
    }
