"""The メール作成 form: one Draft parsed from whatever step posted it, checked the same way on each."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.forms import clean_text
from features.messages import service
from features.messages.models import MailMode

MAX_RECIPIENTS = 1000
TEMPLATE_NAME_MAX = 100


@dataclass
class Draft:
    """Everything the compose form carries between its screens (no server-side draft)."""

    mode: MailMode
    to: list[str]
    category: str = ""
    subject: str = ""
    body: str = ""
    template_name: str = ""
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_form(cls, form) -> Draft:
        try:
            mode = MailMode(str(form.get("mode", "")))
        except ValueError:
            mode = MailMode.OFFER
        return cls(
            mode=mode,
            to=[str(v).strip() for v in form.getall("to", []) if str(v).strip()][:MAX_RECIPIENTS],
            category=clean_text(form.get("category", "")),
            subject=clean_text(form.get("subject", "")),
            body=clean_text(form.get("body", ""), multiline=True),
            template_name=clean_text(form.get("template_name", "")),
        )

    def check(self, *, for_template: bool = False) -> bool:
        if not self.subject:
            self.errors["subject"] = "件名を入力してください。"
        elif len(self.subject) > service.SUBJECT_MAX:
            self.errors["subject"] = f"件名は{service.SUBJECT_MAX}文字以内で入力してください。"
        if not self.body:
            self.errors["body"] = "本文を入力してください。"
        elif len(self.body) > service.BODY_MAX:
            self.errors["body"] = f"本文は{service.BODY_MAX}文字以内で入力してください。"
        if for_template:
            if len(self.template_name) > TEMPLATE_NAME_MAX:
                self.errors["template_name"] = f"テンプレート名は{TEMPLATE_NAME_MAX}文字以内で入力してください。"
            return not self.errors
        if self.mode == MailMode.CONTACT and self.category not in service.CONTACT_CATEGORIES:
            self.errors["category"] = "メール種別を選択してください。"
        if not self.to:
            self.errors["to"] = "送信する宛先を1人以上選択してください。"
        return not self.errors

    def key(self, recipient: service.Recipient) -> str:
        """How the form names a recipient: the 登録コード of an offer, else the application's id."""
        return recipient.registration_code if self.mode == MailMode.OFFER else str(recipient.application_id)

    @property
    def category_label(self) -> str:
        return self.category if self.mode == MailMode.CONTACT else service.MODE_CATEGORY[self.mode]
