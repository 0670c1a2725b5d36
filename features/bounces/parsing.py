"""Reading a bounce notification: which outbox row it is about (the signed VERP address it came
to) and what failed — RFC 3464 fields from message/delivery-status parts first (Status,
Action, Diagnostic-Code, Final-Recipient), flufl.bounce's detectors for the non-standard rest."""

from __future__ import annotations

import email
import email.policy
import logging
import re
from dataclasses import dataclass
from email.message import Message
from email.utils import getaddresses

from flufl.bounce import all_failures

log = logging.getLogger("partner.bounces")

HARD = "hard"
SOFT = "soft"
_STATUS = re.compile(r"\b([245])\.(\d{1,3})\.(\d{1,3})\b")
# Headers a local delivery agent writes with the envelope recipient (a maildir has no envelope).
ENVELOPE_HEADERS = ("Delivered-To", "X-Original-To", "Envelope-To", "X-Envelope-To", "To")


@dataclass(frozen=True)
class Failure:
    address: str  # Final-Recipient (or what the detector found), lower-cased; "" when not stated
    kind: str  # "hard" | "soft"
    status: str = ""  # 5.1.1
    diagnostic: str = ""
    action: str = ""


def message_from_bytes(raw: bytes) -> Message:
    # compat32: flufl.bounce's detectors walk the classic Message API.
    return email.message_from_bytes(raw, policy=email.policy.compat32)


def _addr(value: str | None) -> str:
    """'rfc822; Anne@Example.com' → 'anne@example.com'."""
    if not value:
        return ""
    _, _, rest = str(value).partition(";") if ";" in str(value) else ("", "", str(value))
    return rest.strip().strip("<>").strip().lower()


def _one_line(value: object, limit: int = 1000) -> str:
    return " ".join(str(value or "").split())[:limit]


def _kind(status: str, action: str) -> str | None:
    if status.startswith("5"):
        return HARD
    if status.startswith("4"):
        return SOFT
    if action == "failed":
        return HARD
    if action == "delayed":
        return SOFT
    return None  # delivered, relayed, expanded: not a failure


def dsn_failures(msg: Message) -> list[Failure]:
    """Per-recipient blocks of every message/delivery-status part (RFC 3464 §2.3)."""
    out: list[Failure] = []
    for part in msg.walk():
        if part.get_content_type() != "message/delivery-status":
            continue
        blocks = part.get_payload()
        if not isinstance(blocks, list):
            continue
        for block in blocks:  # the per-message block has no Action or Status: skipped below
            if not isinstance(block, Message):
                continue
            action = _one_line(block.get("Action")).lower()
            status_match = _STATUS.search(str(block.get("Status") or ""))
            diagnostic = _one_line(block.get("Diagnostic-Code"))
            if diagnostic.lower().startswith(("smtp;", "x-postfix;", "x-unix;")):
                diagnostic = diagnostic.partition(";")[2].strip()
            status = status_match.group(0) if status_match else ""
            if not status and (m := _STATUS.search(diagnostic)):
                status = m.group(0)
            kind = _kind(status, action)
            address = _addr(block.get("Final-Recipient") or block.get("Original-Recipient"))
            if kind is None or not (address or status or action):
                continue
            out.append(Failure(address, kind, status, diagnostic, action))
    return out


def _text_of(msg: Message) -> str:
    texts = []
    for part in msg.walk():
        if part.get_content_maintype() == "text":
            payload = part.get_payload(decode=True) or b""
            text = payload.decode(part.get_content_charset() or "utf-8", "replace")
            texts.append(re.sub(r"<[^>]+>", " ", text) if part.get_content_subtype() == "html" else text)
    return "\n".join(texts)


def _diagnostic_near(text: str, address: str) -> str:
    """The line that names the address, or the first line with an SMTP reply code."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for pattern in (_STATUS, re.compile(r"\b[45]\d\d\b")):
        for line in lines:
            if pattern.search(line):
                return _one_line(line)
    return next((_one_line(line) for line in lines if address and address in line.lower()), "")


def heuristic_failures(msg: Message, raw: bytes | None = None) -> list[Failure]:
    """flufl.bounce's detectors (Exim, Postfix, qmail, Microsoft, Yahoo …) for what is not a DSN.
    They read headers as str: parsed with the default policy (compat32 hands a non-ASCII header
    over as a Header object, which some detectors trip over)."""
    scanned = email.message_from_bytes(raw, policy=email.policy.default) if raw is not None else msg
    try:
        temporary, permanent = all_failures(scanned)
    except Exception as error:  # a detector tripping over a malformed message is not our failure
        log.warning("flufl.bounce could not scan a bounce: %r", error)
        return []
    text = _text_of(msg)
    found = _STATUS.search(text)
    out = []
    for raw, kind in [*((a, HARD) for a in sorted(permanent)), *((a, SOFT) for a in sorted(temporary))]:
        address = (raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)).strip().lower()
        status = found.group(0) if found and found.group(1) == ("5" if kind == HARD else "4") else ""
        out.append(Failure(address, kind, status, _diagnostic_near(text, address)))
    return out


def failures(msg: Message, raw: bytes | None = None) -> list[Failure]:
    return dsn_failures(msg) or heuristic_failures(msg, raw)


def envelope_candidates(msg: Message) -> list[str]:
    """Where a stored message says it was delivered to (a maildir keeps no envelope)."""
    values = [v for header in ENVELOPE_HEADERS for v in msg.get_all(header, [])]
    return [address for _, address in getaddresses([str(v) for v in values]) if address]
