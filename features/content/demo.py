"""Demo コンテンツ: a dozen articles for each audience (個人向け, 団体向け, 共通), PARTNERコラム
第1号〜 in a numbered series, one article 公開予定 three days ahead, one 公開中 article with a
revision waiting for review, and a draft. Lead images are drawn with Pillow at load time.
Written by admin@example.org and approved by admin2@example.org (four eyes). Idempotent."""

from __future__ import annotations

import io
import random
from datetime import timedelta

import noto_cjk_sans_jp_regular
from PIL import Image, ImageDraw, ImageFont
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from app import clock
from app.config import Settings
from features.accounts import api as accounts
from features.content import service
from features.content.models import ContentItem

COLOURS = ((0x1F, 0x5F, 0x8B), (0x2E, 0x7D, 0x32), (0xB2, 0x5B, 0x00), (0x6A, 0x1B, 0x9A), (0x00, 0x69, 0x5C))

# (kind, audience, title, category, tags, author, affiliation, summary, paragraphs)
ARTICLES = [
    (
        "column",
        "individual",
        "協力隊の2年間を「職務経歴」として語るには",
        "キャリア",
        ["青年海外協力隊", "転職", "職務経歴書"],
        "佐藤 美咲",
        "キャリアコンサルタント",
        "帰国後の就職活動で、活動経験をどう言葉にするか。面接官に伝わる書き方のコツを紹介します。",
        [
            "協力隊での2年間は、現地の人と一緒に課題を見つけ、限られた資源で解決策を試した時間です。けれども履歴書に「青年海外協力隊（ボランティア）」と一行書くだけでは、その中身は伝わりません。",
            "おすすめは、活動を「課題・行動・結果」の三つに分けて書き出すことです。例えば「村の保健センターで乳幼児健診の受診率が低い」という課題に対し、「母親向けの説明会を月2回開いた」行動と、「受診率が35%から60%に上がった」結果を並べます。",
            "数字で示せない成果もあります。そのときは、誰と、どのくらいの期間、どんな工夫をしたかを具体的に書きましょう。",
        ],
    ),
    (
        "column",
        "individual",
        "国際協力の仕事に「修士号」は必要か",
        "キャリア",
        ["大学院", "国際機関", "専門性"],
        "高橋 健太",
        "PARTNER事務局",
        "国際機関やコンサルタントの求人で求められる学位について、現場の声をまとめました。",
        [
            "国際機関の専門職の多くは修士号以上を応募条件にしています。一方でNGOや開発コンサルタントでは、実務経験を重視する求人も少なくありません。",
            "大学院に進むかどうかは、目指す職種から逆算して考えるのが近道です。PARTNERの求人情報で応募資格を見比べると、必要な専門分野と経験年数の傾向が見えてきます。",
        ],
    ),
    (
        "column",
        "common",
        "現地語で交渉するということ",
        "現場の声",
        ["語学", "青年海外協力隊", "コミュニケーション"],
        "山本 直子",
        "元青年海外協力隊（ケニア・理数科教師）",
        "スワヒリ語で学校の先生たちと時間割を話し合った経験から、言葉と信頼の関係を考えます。",
        [
            "赴任して半年、私は職員会議でスワヒリ語を使うことにしました。文法は間違いだらけでしたが、先生たちの表情が変わったのを覚えています。",
            "言葉が上手かどうかより、相手の言葉で話そうとする姿勢が信頼につながる。この経験は、帰国後に多国籍のチームで働く今も支えになっています。",
        ],
    ),
    (
        "column",
        "organization",
        "採用面接で協力隊経験者に聞きたい三つの質問",
        "採用",
        ["採用", "面接", "青年海外協力隊"],
        "中村 誠",
        "NPO法人 アジア教育支援ネットワーク 事務局長",
        "団体の採用担当者向けに、経験者の強みを引き出す質問を紹介します。",
        [
            "協力隊経験者は、異文化の中で自ら役割をつくってきた人たちです。面接では、その過程を具体的に話してもらうことが大切です。",
            "一つ目は「最初の3か月で何に困り、どう乗り越えたか」。二つ目は「現地の同僚と意見が対立したときの対応」。三つ目は「帰国後も続けている学び」です。",
        ],
    ),
    (
        "column",
        "individual",
        "帰国後すぐ働くか、少し休むか",
        "帰国後の進路",
        ["帰国後", "進路", "青年海外協力隊"],
        "佐藤 美咲",
        "キャリアコンサルタント",
        "帰国直後の過ごし方に正解はありません。先輩たちの選択と、その理由を紹介します。",
        [
            "帰国してすぐに就職活動を始める人もいれば、数か月かけて経験を振り返る人もいます。",
            "大切なのは、焦りから選ばないことです。PARTNERの個別相談では、進路の選択肢を一緒に整理できます。",
        ],
    ),
    (
        "column",
        "organization",
        "海外事業の担当者を育てる――小さな団体の工夫",
        "人材育成",
        ["人材育成", "NGO", "研修"],
        "鈴木 由紀",
        "特定非営利活動法人 みどりの架け橋",
        "職員10人の団体が、海外事業の担当者をどう育ててきたかを紹介します。",
        [
            "私たちの団体では、新しい職員に最初の1年で必ず一度は現地に行ってもらいます。",
            "出張報告は「うまくいかなかったこと」から書く決まりです。失敗を共有できる雰囲気が、担当者の成長を早めています。",
        ],
    ),
    (
        "feature",
        "individual",
        "特集：国際協力のキャリアパス2027",
        "キャリア",
        ["キャリアパス", "国際機関", "NGO", "開発コンサルタント"],
        "PARTNER事務局",
        "",
        "NGO、開発コンサルタント、国際機関、民間企業。国際協力に関わる働き方を一覧で紹介します。",
        [
            "国際協力の仕事は、政府機関や国際機関だけではありません。NGO・NPO、開発コンサルタント、大学・研究機関、そして途上国でビジネスを展開する民間企業も、重要な担い手です。",
            "この特集では、それぞれの組織で求められる経験と、PARTNERで探せる求人の例を紹介します。",
        ],
    ),
    (
        "feature",
        "organization",
        "特集：国際協力人材の採用と定着",
        "採用",
        ["採用", "人材育成", "定着"],
        "PARTNER事務局",
        "",
        "登録団体へのアンケートから、採用と定着の工夫をまとめました。",
        [
            "登録団体の多くが「経験者の採用が難しい」と答えています。一方で、未経験者を受け入れて育てる団体も増えています。",
            "求人情報に業務内容と育成の方針を具体的に書くことが、応募者との行き違いを減らす第一歩です。",
        ],
    ),
    (
        "feature",
        "common",
        "特集：SDGsと国際協力の仕事",
        "SDGs",
        ["SDGs", "民間企業", "キャリアパス"],
        "PARTNER事務局",
        "",
        "SDGsの広がりで、国際協力に関わる仕事の幅が広がっています。",
        [
            "企業のサステナビリティ部門や自治体の国際交流など、国際協力の経験が活かせる場は増えています。",
            "この特集では、分野別に求人の傾向と必要なスキルを紹介します。",
        ],
    ),
    (
        "career",
        "individual",
        "帰国隊員の進路：開発コンサルタントへ",
        "帰国後の進路",
        ["帰国後", "開発コンサルタント", "青年海外協力隊"],
        "PARTNER事務局",
        "",
        "協力隊の経験を活かして開発コンサルタントとして働く先輩の進路を紹介します。",
        [
            "開発コンサルタントは、ODA事業の調査・計画・実施を担う専門家です。協力隊での現場経験は、事業の現地調整で大きな強みになります。",
            "多くの会社が、若手の専門性を育てる制度を持っています。語学力と専門分野の学び直しが、最初の一歩です。",
        ],
    ),
    (
        "career",
        "individual",
        "帰国隊員の進路：自治体の国際交流員",
        "帰国後の進路",
        ["帰国後", "自治体", "多文化共生"],
        "PARTNER事務局",
        "",
        "地域の多文化共生を支える自治体の仕事を紹介します。",
        [
            "外国人住民が増える地域では、協力隊経験者が多文化共生の担い手として期待されています。",
            "自治体の国際交流協会などの求人は、PARTNERの求人情報でも探せます。",
        ],
    ),
    (
        "career",
        "individual",
        "帰国隊員の進路：教員として国際理解教育に",
        "帰国後の進路",
        ["帰国後", "教育", "国際理解教育"],
        "PARTNER事務局",
        "",
        "教員として教室で途上国の話を伝える先輩たちの進路です。",
        [
            "現職教員特別参加制度で派遣された先生も、帰国後に教員採用試験を受けた人もいます。",
            "教室で語られる現地の暮らしは、子どもたちが世界に目を向けるきっかけになります。",
        ],
    ),
    (
        "career",
        "common",
        "帰国隊員進路状況（2026年度まとめ）",
        "帰国後の進路",
        ["帰国後", "進路", "統計"],
        "PARTNER事務局",
        "",
        "帰国隊員の進路の内訳を、分野別にまとめました。",
        [
            "2026年度に帰国した隊員の進路は、民間企業、教育機関、NGO・NPO、進学、自治体など多岐にわたります。",
            "| 進路 | 割合 |\n| --- | --- |\n| 民間企業 | 38% |\n| 教育機関 | 17% |\n"
            "| NGO・NPO | 9% |\n| 進学 | 11% |\n| その他 | 25% |",
        ],
    ),
    (
        "guide",
        "individual",
        "PARTNERの使い方：求人を探して応募するまで",
        "活用法",
        ["使い方", "求人検索", "応募"],
        "PARTNER事務局",
        "",
        "個人登録から求人検索、Web応募までの流れを説明します。",
        [
            "# 1. 個人登録\nメールアドレスを登録し、届いたメールのリンクから登録を完了します。",
            "# 2. 求人を探す\n分野・国・雇用形態で絞り込めます。条件を保存すると、新着をメールで受け取れます。",
            "# 3. 応募する\nWeb応募に対応した求人は、登録した履歴書でそのまま応募できます。",
        ],
    ),
    (
        "guide",
        "organization",
        "PARTNERの使い方：求人情報を掲載するまで",
        "活用法",
        ["使い方", "求人掲載", "団体登録"],
        "PARTNER事務局",
        "",
        "団体登録から求人情報の掲載、応募者の管理までの流れを説明します。",
        [
            "# 1. 団体登録\n登録申請の後、事務局が審査します。",
            "# 2. 求人情報を登録する\n"
            "下書きを保存し、プレビューで確認してから登録します。事務局の承認後に掲載されます。",
            "# 3. 応募者とやりとりする\nWeb応募の応募者とは、サイト内のメッセージでやりとりできます。",
        ],
    ),
    (
        "guide",
        "organization",
        "人材を検索してスカウトする",
        "活用法",
        ["使い方", "人材検索", "スカウト"],
        "PARTNER事務局",
        "",
        "公開された人材情報の検索と、メールでの連絡方法を紹介します。",
        [
            "登録団体は、公開設定の人材情報を分野・語学・経験年数で検索できます。",
            "気になる人材はお気に入りに登録し、サイト内メッセージで連絡できます。",
        ],
    ),
    (
        "guide",
        "common",
        "メール配信設定の変え方",
        "活用法",
        ["使い方", "メール配信", "PARTNERニュース"],
        "PARTNER事務局",
        "",
        "PARTNERニュースや新着情報メールの受け取りを変更する方法です。",
        [
            "マイページの「メール配信設定」で、PARTNERニュースと新着情報メールの受け取りを選べます。",
            "応募やパスワードに関する大切なお知らせは、設定にかかわらずお送りします。",
        ],
    ),
    (
        "page",
        "individual",
        "はじめての方へ（個人の方）",
        "案内",
        ["はじめての方へ", "個人登録"],
        "PARTNER事務局",
        "",
        "PARTNERでできることを、個人の方向けにまとめました。",
        [
            "PARTNERは、国際協力に関わる仕事・研修・イベントの情報を集めた総合情報サイトです。",
            "個人登録をすると、求人への応募、セミナーへの申込、キャリア相談の予約ができます。",
        ],
    ),
    (
        "page",
        "organization",
        "はじめての方へ（団体の方）",
        "案内",
        ["はじめての方へ", "団体登録"],
        "PARTNER事務局",
        "",
        "PARTNERでできることを、団体の方向けにまとめました。",
        [
            "登録団体は、求人情報・研修・イベント情報・お知らせを無料で掲載できます。",
            "登録人材の検索や、PARTNERニュースでの情報発信もご利用いただけます。",
        ],
    ),
    (
        "page",
        "common",
        "PARTNERについて",
        "案内",
        ["PARTNERについて"],
        "PARTNER事務局",
        "",
        "国際協力キャリア総合情報サイトPARTNERの運営と目的についてのご案内です。",
        [
            "PARTNERは、国際協力に関わる人材と団体をつなぐ情報サイトです。",
            "求人情報、研修・イベント情報、キャリア相談など、国際協力のキャリアを支える情報を提供しています。",
        ],
    ),
]
EXTRA_COLUMNS = {  # more PARTNERコラム, to reach a dozen per audience
    "individual": [
        ("JICA海外協力隊の応募書類で伝えたいこと", ["青年海外協力隊", "応募"]),
        ("語学力の伸ばし方――TOEICの点数より大切なこと", ["語学", "英語"]),
        ("国際機関のJPO制度を知る", ["国際機関", "JPO"]),
        ("途上国でのフィールド調査に参加するには", ["調査", "大学院"]),
        ("30代から国際協力の仕事へ", ["転職", "キャリアパス"]),
        ("保健医療分野で働くという選択", ["保健医療", "専門性"]),
    ],
    "organization": [
        ("求人情報の書き方――応募が集まる募集要項", ["求人掲載", "採用"]),
        ("インターンの受け入れで団体が得るもの", ["インターン", "人材育成"]),
        ("短期専門家の募集で気をつけたいこと", ["採用", "専門性"]),
        ("オンライン説明会で応募者と出会う", ["イベント", "採用"]),
        ("プレスリリースで活動を伝える", ["広報", "プレスリリース"]),
        ("帰国隊員を職員に迎えた団体の声", ["青年海外協力隊", "採用"]),
        ("海外駐在員の安全管理研修", ["研修", "安全管理"]),
    ],
    "common": [
        ("国際協力の日に寄せて", ["国際協力", "イベント"]),
        ("グローバルフェスタで出会った人たち", ["イベント", "グローバルフェスタ"]),
        ("気候変動と国際協力の仕事", ["気候変動", "SDGs"]),
        ("防災分野の国際協力", ["防災", "専門性"]),
        ("農業・農村開発の現場から", ["農業", "青年海外協力隊"]),
        ("スポーツを通じた国際協力", ["スポーツ", "青年海外協力隊"]),
        ("教育の質を高める協力", ["教育", "NGO"]),
    ],
}


def _picture(text: str, rng: random.Random) -> bytes:
    """A simple 1440×810 lead image: a coloured field, two circles and the title."""
    colour = rng.choice(COLOURS)
    image = Image.new("RGB", (1440, 810), colour)
    draw = ImageDraw.Draw(image)
    for _ in range(2):
        x, y, r = rng.randint(0, 1440), rng.randint(0, 810), rng.randint(120, 320)
        draw.ellipse((x - r, y - r, x + r, y + r), fill=tuple(min(255, c + 40) for c in colour))
    font = ImageFont.truetype(str(noto_cjk_sans_jp_regular.FONT_PATH), 64)
    lines = [text[i : i + 18] for i in range(0, min(len(text), 36), 18)]
    for index, line in enumerate(lines):
        draw.text((96, 300 + index * 96), line, font=font, fill=(255, 255, 255))
    draw.text(
        (96, 680), "PARTNER", font=ImageFont.truetype(str(noto_cjk_sans_jp_regular.FONT_PATH), 40), fill=(255, 255, 255)
    )
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _articles() -> list[tuple]:
    rows = list(ARTICLES)
    for audience, extra in EXTRA_COLUMNS.items():
        for title, tags in extra:
            rows.append(
                ("column", audience, title, "キャリア" if audience != "organization" else "採用", tags,
                 "PARTNER事務局", "", f"{title}について、現場の声を交えて紹介します。",
                 [f"{title}。このコラムでは、PARTNERに寄せられた相談や登録団体への取材をもとに考えます。",
                  "国際協力の仕事に近道はありませんが、経験を言葉にし、学び続ける人には必ず道が開けます。",
                  "ご意見・ご感想はお問い合わせフォームからお寄せください。"])
            )  # fmt: skip
    return rows


def _values(row: tuple, publish_at: str = "") -> dict:
    kind, audience, title, category, tags, author, affiliation, summary, paragraphs = row
    return {
        "title": title, "kind": kind, "audience": audience, "category": category, "tags": tags,
        "series_number": None, "author": author, "affiliation": affiliation, "summary": summary,
        "body": "\n\n".join(paragraphs), "slug": "", "publish_at": publish_at,
        "image_alt": f"「{title}」の見出し画像。色の背景に白い文字でタイトルとPARTNERのロゴが書かれています。",
        "remove_image": False,
    }  # fmt: skip


async def seed_demo(db: AsyncSession, rng: random.Random, settings: Settings) -> None:
    if await db.scalar(select(func.count()).select_from(ContentItem)):
        return
    writer = await accounts.user_by_email(db, "admin@example.org")
    reviewer = await accounts.user_by_email(db, "admin2@example.org")
    if writer is None or reviewer is None:
        return
    now = clock.now()
    rows = _articles()
    # Oldest first, so the columns' numbers (第N号) follow their publication.
    for index, row in enumerate(rows):
        values = _values(row)
        upload = (_picture(values["title"], rng), "lead.png") if index % 3 != 2 else None
        if upload is None:
            values["image_alt"] = ""
        item = await service.save(db, settings, None, values, writer.id, upload=upload)
        await service.submit(db, item, writer.id)
        await service.approve(db, item, reviewer.id)
        item.published_at = item.publish_at = now - timedelta(days=3 * (len(rows) - index), hours=rng.randint(0, 8))
    await db.flush()
    # 公開中, with a revision waiting for review (the public keeps the first version).
    target = await db.scalar(
        select(ContentItem).where(ContentItem.title == "PARTNERの使い方：求人を探して応募するまで")
    )
    revised = _values(next(r for r in rows if r[2] == target.title))
    revised["body"] += "\n\n# 4. 応募後のやりとり\n応募した団体からの連絡は、マイページの「メッセージ」に届きます。"
    revised["summary"] = "個人登録から求人検索、Web応募、応募後のやりとりまでの流れを説明します。"
    await service.save(db, settings, target, revised, writer.id)
    await service.submit(db, target, writer.id)
    # 公開予定: approved, goes 公開中 in three days.
    ahead = (now + timedelta(days=3)).replace(minute=0, second=0, microsecond=0)
    scheduled = _values(
        ("column", "common", "年末年始に考える、来年のキャリア", "キャリア", ["キャリアパス", "進路"],
         "佐藤 美咲", "キャリアコンサルタント", "一年の終わりに、経験を棚卸しする方法を紹介します。",
         ["年末年始は、この一年の経験を振り返るよい機会です。",
          "できたこと・学んだこと・来年試したいことを三つずつ書き出してみましょう。"]),
        publish_at=ahead.isoformat(),
    )  # fmt: skip
    item = await service.save(db, settings, None, scheduled, writer.id)
    await service.submit(db, item, writer.id)
    await service.approve(db, item, reviewer.id)
    # 下書き
    draft = _values(
        ("feature", "individual", "特集：語学を仕事にする（下書き）", "キャリア", ["語学"], "PARTNER事務局", "",
         "", ["構成案：通訳・翻訳、語学教師、国際機関の語学要件。"]),
    )  # fmt: skip
    await service.save(db, settings, None, draft, writer.id)
