"""メール作成 → 確認 → メール内容確認 → 送信, テンプレート, and the メールボックス of both sides."""

from __future__ import annotations

from litestar import Request, Router, get, post
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import FromPath, FromQuery
from litestar.response import Response, Template

from app import audit
from app.deps import AppSettings, DbSession
from app.forms import clean_text
from app.pagination import page_number
from app.security import require_role
from app.sessions import current_session, flash, mark_passive
from app.templating import render, see_other
from features.accounts import api as accounts
from features.accounts.api import OrganizationView as Organization
from features.accounts.api import Role, approved_organization
from features.messages import blocks, service
from features.messages.forms import Draft
from features.messages.models import MailMode

ORGANIZATION = [require_role(Role.ORGANIZATION)]
INDIVIDUAL = [require_role(Role.INDIVIDUAL)]
MAIL_USERS = [require_role(Role.ORGANIZATION, Role.INDIVIDUAL)]


async def _party(request: Request, db) -> service.Party:
    if current_session(request).get("role") == Role.ORGANIZATION:
        return service.Party(organization_id=(await approved_organization(request, db)).id)
    return service.Party(user_id=current_session(request)["uid"])


# -- メール作成 --------------------------------------------------------------------------------


async def _recipients(db, organization, draft: Draft) -> tuple[list[service.Recipient], int]:
    if draft.mode == MailMode.OFFER:
        return await service.offer_recipients(db, organization, draft.to)
    return await service.applicant_recipients(
        db, organization, [int(v) for v in draft.to if v.isdigit()], hiring=draft.mode == MailMode.HIRE
    )


def _compose(
    request: Request,
    draft: Draft,
    recipients,
    skipped: int,
    *,
    templates=None,
    status_code: int = 200,
    notice: str = "",
) -> Template:
    return render(
        request,
        "messages/compose.html.jinja",
        {
            "draft": draft,
            "recipients": recipients,
            "skipped": skipped,
            "templates": templates,
            "notice": notice,
            "heading": service.MODE_LABELS[draft.mode],
            "categories": service.CONTACT_CATEGORIES,
        },
        status_code=status_code,
    )


async def _draft(request: Request, db) -> tuple[Organization, Draft, list[service.Recipient], int]:
    """What every button of メール作成 starts from: the organization, the form as a Draft and who
    of its `to` may be written to. An organization that may not send this kind of mail stops here."""
    organization = await approved_organization(request, db)
    draft = Draft.from_form(await request.form())
    try:
        recipients, skipped = await _recipients(db, organization, draft)
    except service.MailRefused as refused:
        raise PermissionDeniedException(refused.message) from None
    return organization, draft, recipients, skipped


def _open_form(request: Request, draft: Draft, recipients, skipped: int) -> Template:
    """The form with everyone chosen checked (422 when nobody can be written to)."""
    draft.to = [draft.key(r) for r in recipients]
    if not recipients:
        draft.errors["to"] = (
            "送信できる宛先がありません。" if skipped else "メールを送る相手を選択してから、もう一度お試しください。"
        )
        return _compose(request, draft, recipients, skipped, status_code=422)
    return _compose(request, draft, recipients, skipped)


@post("/mail/compose", name="messages:compose", guards=ORGANIZATION)
async def compose(request: Request, db: DbSession) -> Template:
    """メール作成, opened by メール送信 (人材閲覧, 人材お気に入り一覧, 応募一覧), この登録者にメールを送る (人材詳細)
    and 連絡メール / 採用通知メール (応募一覧, 応募編集): they differ only in the `mode` and `to` they post."""
    _, draft, recipients, skipped = await _draft(request, db)
    return _open_form(request, draft, recipients, skipped)


@post("/mail/compose/revise", name="messages:revise", guards=ORGANIZATION)
async def revise_mail(request: Request, db: DbSession) -> Template:
    """修正する on メール内容確認: back to the form with what was confirmed."""
    _, draft, recipients, skipped = await _draft(request, db)
    return _open_form(request, draft, recipients, skipped)


@post("/mail/compose/templates", name="messages:template_list", guards=ORGANIZATION)
async def list_templates_to_choose(request: Request, db: DbSession) -> Template:
    """テンプレート: the form again, with the organization's templates to choose from."""
    organization, draft, recipients, skipped = await _draft(request, db)
    return _compose(request, draft, recipients, skipped, templates=await service.templates_of(db, organization.id))


@post("/mail/compose/templates/{template_id:int}", name="messages:use_template", guards=ORGANIZATION)
async def use_template(request: Request, db: DbSession, template_id: FromPath[int]) -> Template:
    """選択 in the template list: its 件名 and 本文 replace what was typed; the rest of the form stays."""
    organization, draft, recipients, skipped = await _draft(request, db)
    template = await _own_template(request, db, template_id, organization)
    draft.subject, draft.body = template.subject, template.body
    return _compose(request, draft, recipients, skipped, notice=f"テンプレート「{template.name}」を読み込みました。")


@post("/mail/compose/save-template", name="messages:save_template", guards=ORGANIZATION)
async def save_template(request: Request, db: DbSession) -> Template:
    """テンプレート保存: the 件名 and 本文 become a template; the form stays as it was."""
    organization, draft, recipients, skipped = await _draft(request, db)
    if not draft.check(for_template=True):
        return _compose(request, draft, recipients, skipped, status_code=422)
    template = await service.save_template(
        db, organization.id, draft.template_name or draft.subject, draft.subject, draft.body
    )
    return _compose(request, draft, recipients, skipped, notice=f"テンプレート「{template.name}」を保存しました。")


@post("/mail/compose/confirm", name="messages:confirm", guards=ORGANIZATION)
async def confirm_mail(request: Request, db: DbSession, settings: AppSettings) -> Template:
    """確認: メール内容確認 for the recipients still checked, within the day's オファーメール limit."""
    organization, draft, recipients, skipped = await _draft(request, db)
    chosen = [r for r in recipients if draft.key(r) in draft.to]
    draft.to = [draft.key(r) for r in chosen]
    if not draft.check():
        return _compose(request, draft, recipients, skipped, status_code=422)
    if draft.mode == MailMode.OFFER:
        over_cap = await service.offer_cap_message(db, settings, organization.id, len(chosen))
        if over_cap:
            draft.errors["to"] = over_cap
            return _compose(request, draft, recipients, skipped, status_code=422)
    return render(
        request,
        "messages/confirm.html.jinja",
        {
            "draft": draft,
            "recipients": chosen,
            "heading": service.MODE_LABELS[draft.mode],
            "has_placeholder": service.NAME_PLACEHOLDER in draft.subject + draft.body,
        },
    )


@post("/mail/send", name="messages:send", guards=ORGANIZATION)
async def send_mail(request: Request, db: DbSession, settings: AppSettings) -> Template | Response:
    """送信: one message per recipient, all in this transaction, each notice through the outbox."""
    organization, draft, recipients, skipped = await _draft(request, db)
    chosen = [r for r in recipients if draft.key(r) in draft.to]
    if not draft.check() or not chosen:
        draft.errors.setdefault("to", "送信できる宛先がありません。")
        return _compose(request, draft, recipients, skipped, status_code=422)
    try:
        sent = await service.send(
            db, settings, organization, draft.mode, draft.category_label, draft.subject, draft.body, chosen
        )
    except service.MailRefused as refused:
        draft.errors["to"] = refused.message
        return _compose(request, draft, recipients, skipped, status_code=422)
    flash(request, f"{service.MODE_LABELS[draft.mode]}を{sent}件送信しました。")
    return see_other(request, request.app.route_reverse("messages:box") + "?box=sent")


# -- テンプレート ------------------------------------------------------------------------------


@get("/mail/templates", name="messages:templates", guards=ORGANIZATION)
async def list_templates(request: Request, db: DbSession) -> Template:
    organization = await approved_organization(request, db)
    return render(
        request, "messages/templates.html.jinja", {"templates": await service.templates_of(db, organization.id)}
    )


async def _own_template(request: Request, db, template_id: int, organization=None):
    organization = organization or await approved_organization(request, db)
    template = await service.template_of(db, organization.id, template_id)
    if template is None:
        if await service.template_exists(db, template_id):
            await audit.record_refused_access(request, db, "template", template_id)
        raise NotFoundException("テンプレートが見つかりません。")
    return template


@post("/mail/templates/{template_id:int}/rename", name="messages:rename_template", guards=ORGANIZATION)
async def rename_template(request: Request, db: DbSession, template_id: FromPath[int]) -> Template | Response:
    template = await _own_template(request, db, template_id)
    name = clean_text((await request.form()).get("name", ""))
    if not name or len(name) > 100:
        organization = await approved_organization(request, db)
        return render(
            request,
            "messages/templates.html.jinja",
            {
                "templates": await service.templates_of(db, organization.id),
                "errors": {template.id: "テンプレート名を100文字以内で入力してください。"},
            },
            status_code=422,
        )
    template.name = name
    flash(request, f"テンプレート名を「{name}」に変更しました。")
    return see_other(request, request.app.route_reverse("messages:templates"))


@post("/mail/templates/{template_id:int}/delete", name="messages:delete_template", guards=ORGANIZATION)
async def delete_template(request: Request, db: DbSession, template_id: FromPath[int]) -> Response:
    template = await _own_template(request, db, template_id)
    await db.delete(template)
    flash(request, f"テンプレート「{template.name}」を削除しました。")
    return see_other(request, request.app.route_reverse("messages:templates"))


# -- メールボックス ----------------------------------------------------------------------------


@get("/mailbox", name="messages:box", guards=MAIL_USERS)
async def show_box(
    request: Request, db: DbSession, box: FromQuery[str] = "inbox", page: FromQuery[str | None] = None
) -> Template:
    party = await _party(request, db)
    sent = box == "sent"
    messages, unread = await service.box_and_unread(db, party, sent=sent, page=page_number(page))
    threads = await service.threads_by_ids(db, {m.thread_id for m in messages.items})
    counterparts = await _counterparts(db, party, list(threads.values()))
    return render(
        request,
        "messages/box.html.jinja",
        {
            "messages": messages,
            "threads": threads,
            "counterparts": counterparts,
            "sent": sent,
            "party": party,
            "unread": unread,
        },
    )


async def _counterparts(db, party: service.Party, threads) -> dict[int, str]:
    """Who is on the other side of each thread, as this party may name them."""
    if party.is_organization:
        people = await accounts.individual_summaries(db, {t.user_id for t in threads})
        return {t.id: people.get(t.user_id, {}).get("registration_code", "退会した登録者") for t in threads}
    organizations = await accounts.organizations_by_ids(
        db, {t.organization_id for t in threads if t.organization_id is not None}
    )
    return {
        t.id: service.SECRETARIAT_NAME
        if t.organization_id is None
        else organizations[t.organization_id].name
        if t.organization_id in organizations
        else ""
        for t in threads
    }


@get("/mailbox/unread", name="messages:unread")
async def show_unread(request: Request, db: DbSession) -> Template | Response:
    """The header's unread count; htmx asks again every minute. A poll does not keep the session
    alive, and once the session has ended it gets 204 (htmx swaps nothing) rather than an error
    page over what the person was reading."""
    mark_passive(request)
    if current_session(request).get("role") not in (Role.ORGANIZATION, Role.INDIVIDUAL):
        return Response(content=b"", status_code=204)
    return render(
        request, "messages/_unread.html.jinja", {"unread": await service.unread_count(db, await _party(request, db))}
    )


async def _thread(request: Request, db, thread_id: int):
    party = await _party(request, db)
    thread = await service.thread_of(db, party, thread_id)
    if thread is None:
        if await service.thread_exists(db, thread_id):
            await audit.record_refused_access(request, db, "thread", thread_id)
        raise NotFoundException("メールが見つかりません。")
    return party, thread


async def _show_thread(
    request: Request, db, party, thread, *, reply: str = "", error: str = "", status_code: int = 200
) -> Template:
    counterpart = (await _counterparts(db, party, [thread]))[thread.id]
    return render(
        request,
        "messages/thread.html.jinja",
        {
            "thread": thread,
            "party": party,
            "messages": await service.messages_of(db, thread.id),
            "counterpart": counterpart,
            "blocked": thread.organization_id is not None
            and await blocks.is_blocked(db, thread.user_id, thread.organization_id),
            "from_secretariat": thread.organization_id is None,
            "mode_label": service.MODE_LABELS.get(thread.mode, ""),
            "reply": reply,
            "error": error,
        },
        status_code=status_code,
    )


@get("/mailbox/{thread_id:int}", name="messages:thread", guards=MAIL_USERS, opt={"writes": True})
async def show_thread(request: Request, db: DbSession, thread_id: FromPath[int]) -> Template:
    party, thread = await _thread(request, db, thread_id)
    await service.mark_thread_read(db, party, thread.id)
    return await _show_thread(request, db, party, thread)


@post("/mailbox/{thread_id:int}/reply", name="messages:reply", guards=MAIL_USERS)
async def reply_in_thread(
    request: Request, db: DbSession, settings: AppSettings, thread_id: FromPath[int]
) -> Template | Response:
    party, thread = await _thread(request, db, thread_id)
    if thread.organization_id is None:  # PARTNER事務局's notices are not answered here
        raise PermissionDeniedException("事務局からのメールには返信できません。")
    body = clean_text((await request.form()).get("body", ""), multiline=True)
    error = (
        "返信の本文を入力してください。"
        if not body
        else f"本文は{service.BODY_MAX}文字以内で入力してください。"
        if len(body) > service.BODY_MAX
        else ""
    )
    if not error:
        try:
            await service.reply(db, settings, thread, party, body)
        except service.MailRefused as refused:
            error = refused.message
    if error:
        return await _show_thread(request, db, party, thread, reply=body, error=error, status_code=422)
    flash(request, "返信を送信しました。")
    return see_other(request, request.app.route_reverse("messages:thread", thread_id=thread.id))


@post("/mailbox/messages/{message_id:int}/unread", name="messages:mark_unread", guards=MAIL_USERS)
async def mark_unread(request: Request, db: DbSession, message_id: FromPath[int]) -> Response:
    thread = await service.mark_message_unread(db, await _party(request, db), message_id)
    if thread is None:
        if await service.message_exists(db, message_id):
            await audit.record_refused_access(request, db, "message", message_id)
        raise NotFoundException("メールが見つかりません。")
    flash(request, "未読に戻しました。")
    return see_other(request, request.app.route_reverse("messages:box"))


@post("/mailbox/{thread_id:int}/block", name="messages:block", guards=INDIVIDUAL)
async def block_organization(request: Request, db: DbSession, thread_id: FromPath[int]) -> Response:
    """この団体からのメールを受け取らない, or 受け取る again."""
    _, thread = await _thread(request, db, thread_id)
    if thread.organization_id is None:
        raise PermissionDeniedException("事務局からのメールは受信を停止できません。")
    blocked = (await request.form()).get("blocked") == "1"
    await blocks.set_block(db, thread.user_id, thread.organization_id, blocked)
    flash(
        request,
        "この団体からのメールを受け取らない設定にしました。" if blocked else "この団体からのメールを再び受け取ります。",
    )
    return see_other(request, request.app.route_reverse("messages:thread", thread_id=thread.id))


@get("/mailbox/blocks", name="messages:blocks", guards=INDIVIDUAL)
async def list_blocks(request: Request, db: DbSession) -> Template:
    blocked = await blocks.blocked_organizations(db, current_session(request)["uid"])
    return render(request, "messages/blocks.html.jinja", {"blocks": blocked})


@post("/mailbox/blocks/{organization_id:int}/delete", name="messages:unblock", guards=INDIVIDUAL)
async def unblock(request: Request, db: DbSession, organization_id: FromPath[int]) -> Response:
    await blocks.set_block(db, current_session(request)["uid"], organization_id, False)
    flash(request, "受信停止を解除しました。")
    return see_other(request, request.app.route_reverse("messages:blocks"))


router = Router(
    path="/",
    route_handlers=[
        compose,
        revise_mail,
        list_templates_to_choose,
        use_template,
        save_template,
        confirm_mail,
        send_mail,
        list_templates,
        rename_template,
        delete_template,
        show_box,
        show_unread,
        show_thread,
        reply_in_thread,
        mark_unread,
        block_organization,
        list_blocks,
        unblock,
    ],
)
