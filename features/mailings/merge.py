"""Merge fields ({氏名} {登録コード} {団体名}): checked when a mailing or template is saved, so an
unknown or malformed field is an error then — never a blank at send time.

Which fields make sense depends on who receives it: a 個人 has a 氏名 and a 登録コード; a 団体 has a
団体名 and a 担当者 ({氏名}); a mailing to both (PARTNERニュース) may use only {氏名}."""

from __future__ import annotations

import re

from features.accounts.api import MergeValues
from features.mailings.models import AudienceKind

FIELDS = ("氏名", "登録コード", "団体名")
FIELDS_BY_AUDIENCE = {
    AudienceKind.INDIVIDUALS: ("氏名", "登録コード"),
    AudienceKind.ORGANIZATIONS: ("氏名", "団体名"),
    AudienceKind.NEWS_SUBSCRIBERS: ("氏名",),
}
AUDIENCE_WORDS = {
    AudienceKind.INDIVIDUALS: "個人あて",
    AudienceKind.ORGANIZATIONS: "団体あて",
    AudienceKind.NEWS_SUBSCRIBERS: "個人と団体の両方あて",
}
_FIELD = re.compile(r"\{([^{}\n]*)\}")
_SAMPLE = MergeValues(name="国際 花子", registration_code="P00012345", organization_name="特定非営利活動法人 サンプル")


def _listed(names) -> str:
    return " ".join("{" + n + "}" for n in names)


def errors(text: str, audience: str | None = None) -> list[str]:
    """Japanese messages for every unknown, misplaced or malformed merge field in `text`."""
    found: list[str] = []
    if "｛" in text or "｝" in text:
        found.append("差し込み項目は半角の { } で囲んでください（全角の｛｝は使えません）。")
    allowed = FIELDS_BY_AUDIENCE.get(audience, FIELDS) if audience else FIELDS
    for name in dict.fromkeys(_FIELD.findall(text)):
        if name not in FIELDS:
            shown = name if len(name) <= 20 else name[:20] + "…"
            found.append(f"「{{{shown}}}」は使えない差し込み項目です。使えるのは {_listed(allowed)} です。")
        elif name not in allowed:
            found.append(
                f"「{{{name}}}」は{AUDIENCE_WORDS[audience]}の配信では使えません。使えるのは {_listed(allowed)} です。"
            )
    rest = _FIELD.sub("", text)
    if "{" in rest or "}" in rest:
        found.append("差し込み項目の書き方が正しくありません。「{」と「}」の対応を確認してください（例：{氏名}）。")
    return found


def render(text: str, values: MergeValues) -> str:
    """The text with each field filled in (call only on text that passed errors())."""
    mapping = {"氏名": values.name, "登録コード": values.registration_code, "団体名": values.organization_name}
    return _FIELD.sub(lambda m: mapping.get(m[1], m[0]), text)


def sample(values: MergeValues | None) -> MergeValues:
    """The staff member's own values where they have them, sample ones for the rest."""
    if values is None:
        return _SAMPLE
    return MergeValues(
        name=values.name or _SAMPLE.name,
        registration_code=values.registration_code or _SAMPLE.registration_code,
        organization_name=values.organization_name or _SAMPLE.organization_name,
    )
