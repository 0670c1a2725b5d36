"""A generator of 100,000 (or 1,000,000) registrants with realistic spreads, loaded in bulk (for make bench)."""

from __future__ import annotations

import functools
import random
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import insert, text

from app.reference import PREFECTURES, SECTORS
from features.accounts.models import Individual, UserAccount
from features.talent import facet_keys, keywords
from features.talent.models import Resume, ResumeText, TalentFacet

SECTOR_WEIGHTS = {
    "education": 12,
    "health": 12,
    "agriculture": 8,
    "water": 6,
    "governance": 5,
    "peacebuilding": 5,
    "gender": 5,
    "disaster": 5,
    "environment": 4,
}
LANGS = [("en", 70), ("fr", 10), ("es", 8), ("pt", 4), ("ar", 3), ("id", 2), ("th", 2), ("vi", 1)]
COUNTRIES = [
    "KH",
    "VN",
    "LA",
    "MM",
    "PH",
    "ID",
    "TH",
    "NP",
    "BD",
    "IN",
    "KE",
    "TZ",
    "UG",
    "GH",
    "SN",
    "MZ",
    "ZM",
    "BR",
    "PE",
    "BO",
    "JO",
    "EG",
    "MN",
    "PG",
    "FJ",
    "ET",
    "RW",
    "MW",
    "LK",
    "PK",
]
PR_PARTS = [
    "保健医療分野で",
    "教育分野で",
    "農業開発の現場で",
    "水資源・衛生の事業で",
    "防災・復興支援で",
    "ジェンダー平等の推進で",
    "母子保健の改善に",
    "職業訓練の運営に",
    "小学校教員の研修に",
    "住民参加型の開発に",
]
PR_TAIL = [
    "取り組んできました。",
    "プロジェクトマネジメントを担当しました。",
    "現地スタッフと協働しました。",
    "調査と評価を行いました。",
    "行政官の能力強化を支援しました。",
    "ベースライン調査を設計しました。",
    "住民組織と一緒に活動計画を作りました。",
]
CAREER = [
    "特定非営利活動法人 アジア教育支援の会",
    "株式会社 国際開発コンサルタンツ",
    "独立行政法人 国際協力機構",
    "青年海外協力隊",
    "公益財団法人 地球環境基金",
    "国立大学法人 大学院国際協力研究科",
    "一般社団法人 防災まちづくり協会",
    "市役所 国際交流課",
]
DUTIES = [
    "案件の形成と予算管理、報告書の作成を担当。",
    "研修の企画と講師の手配、評価アンケートの集計。",
    "モニタリング指標の設定と現地での聞き取り調査。",
    "JICA技術協力プロジェクトの業務調整員として、ロジスティクスと会計を担当。",
    "コミュニティ開発とジェンダー主流化の推進。",
    "給水施設の維持管理体制づくりと衛生啓発。",
    "小学校算数の教員研修と教材開発。",
    "農民グループへの稲作技術の普及。",
]


RARE = "手話通訳の経験があります。"  # about one résumé in a thousand: the bench's rare keyword 「手話通訳」


def _free_text(rng: random.Random) -> list[str]:
    """A self-PR of two to four sentences and one to three jobs — a few hundred characters, like
    real résumés — as its lines."""
    lines = [rng.choice(PR_PARTS) + rng.choice(PR_TAIL) for _ in range(rng.randint(2, 4))]
    for _ in range(rng.randint(1, 3)):
        lines.extend((rng.choice(CAREER), rng.choice(DUTIES)))
    if rng.random() < 0.001:
        lines.append(RARE)
    return lines


@functools.cache
def _line(line: str) -> tuple[str, str]:
    """A line's normalized text and its tokens. Lines repeat, and a line break always ends a run of
    letters, so a text's tokens are its lines' tokens: tokenizing each distinct line once makes a
    million résumés minutes of work instead of most of an hour."""
    text = keywords.normalize(line)
    return text, keywords.index_text(text)


def _texts(lines: list[str]) -> tuple[str, str]:
    parts = [_line(line) for line in lines]
    # A line break ends a run: the lines' tokens meet with the index's boundary between them.
    boundary = f" {keywords.BOUNDARY} "
    return "\n".join(text for text, _ in parts), boundary.join(grams for _, grams in parts if grams)


def _weighted(rng: random.Random, pairs: list[tuple[str, int]]) -> str:
    return rng.choices([p for p, _ in pairs], weights=[w for _, w in pairs])[0]


def _chunk(rng: random.Random, sectors, now: datetime, first: int, last: int, step: int = 1) -> dict:
    """Rows for people first..last-1, per table, as column dicts; person n has the id n × step."""
    users, individuals, resumes, texts, facets = [], [], [], [], []
    for uid in range(first * step, last * step, step):
        users.append(
            {
                "id": uid,
                "email": f"bench{uid}@example.net",
                "password_hash": "x",
                "role": "individual",
                "status": "active" if rng.random() > 0.02 else "suspended",
                "is_counselor": False,
                "display_name": f"登録者{uid}",
                "created_at": now,
                "password_changed_at": now,
            }
        )
        registered = now - timedelta(days=rng.randint(0, 1400), seconds=rng.randint(0, 86399))
        individuals.append(
            {
                "id": uid,
                "user_id": uid,
                "registration_code": f"B{uid:07d}",
                "kind": "国際協力人材登録",
                "family_name": "登録",
                "given_name": str(uid),
                "family_name_kana": "トウロク",
                "given_name_kana": "シャ",
                "family_name_roman": "TOROKU",
                "given_name_roman": "Sha",
                "birth_date": date(rng.randint(1960, 2003), rng.randint(1, 12), rng.randint(1, 28)),
                "gender": "",
                "nationality": "JP",
                "postal_code": "",
                "prefecture": rng.choice(PREFECTURES),
                "address": "",
                "phone": "090-0000-0000",
                "registered_at": registered,
                "expires_at": registered + timedelta(days=730),
                "jocv_declared": False,
                "jocv_verified_at": now if rng.random() < 0.15 else None,
                "expiry_reminder_days": None,
            }
        )
        text, grams = _texts(_free_text(rng))
        resumes.append(
            {
                "id": uid,
                "user_id": uid,
                "visibility": "public" if rng.random() < 0.7 else "private",
                "self_pr": text,
                "specialty_main": _weighted(rng, sectors),
                "specialty_sub": "",
                "education_level": rng.choice(["学士", "修士", "博士"]),
                "wish_location": rng.choice(["国内", "海外", "どちらでも"]),
                "wish_term": "どちらでも",
                "wish_employment": "契約職員,業務委託",
                "wish_flexible": "",
                "available_from": "",
                "updated_at": registered,
            }
        )
        mine = []
        for code in {_weighted(rng, sectors) for _ in range(rng.randint(1, 3))}:
            mine.append({"resume_id": uid, "kind": "sector", "code": code, "value": rng.randint(1, 20)})
        mine.append({"resume_id": uid, "kind": "lang", "code": _weighted(rng, LANGS), "value": rng.randint(1, 4)})
        for country in rng.sample(COUNTRIES, rng.randint(0, 3)):
            mine.append({"resume_id": uid, "kind": "country", "code": country, "value": 1})
        facets.extend(mine)
        keys = facet_keys.keys_of({(f["kind"], f["code"]): f["value"] for f in mine})
        texts.append({"resume_id": uid, "search_text": text, "search_grams": grams, "facet_keys": keys})
    return {
        UserAccount: users,
        Individual: individuals,
        Resume: resumes,
        ResumeText: texts,
        TalentFacet: facets,
    }


# People generated in Python; beyond them, copies made by the database itself (see _replicate).
BASE = 100_000


async def generate(database, count: int = 100_000, seed: int = 7, chunk: int = 20_000, step: int = 1) -> None:
    """`count` registrants in one pass of big transactions: the first BASE drawn in Python and
    loaded by COPY on PostgreSQL, executemany on SQLite; the rest copied from them server-side
    (INSERT … SELECT), so a million holds exactly the spreads of a hundred thousand, ten times, and
    its first hundred thousand are the same people (the same seed gives the same people). `step`
    spreads the ids (person n gets n × step; no copies then): a few people over many of the
    keyword index's parts (features/talent/facet_keys.py PART), for the tests."""
    assert step == 1 or count <= BASE
    rng = random.Random(seed)
    sectors = [(code, SECTOR_WEIGHTS.get(code, 2)) for code, _ in SECTORS]
    now = datetime.now(UTC)
    indexes = await _drop_secondary_indexes(database)
    drawn = min(count, BASE)
    for start in range(0, drawn, chunk):
        tables = _chunk(rng, sectors, now, start + 1, min(start + chunk, drawn) + 1, step)
        async with database.session() as db:
            if db.bind.dialect.name == "postgresql":
                raw = (await (await db.connection()).get_raw_connection()).driver_connection
                for table, rows in tables.items():
                    columns = list(rows[0])
                    records = [tuple(row[c] for c in columns) for row in rows]
                    await raw.copy_records_to_table(table.__tablename__, records=records, columns=columns)
            else:
                for table, rows in tables.items():
                    await db.execute(insert(table.__table__), rows)
    for offset in range(drawn, count, drawn):
        await _replicate(database, offset, min(drawn, count - offset))
    async with database.session() as db:
        if db.bind.dialect.name == "postgresql":
            await db.execute(text("SET LOCAL maintenance_work_mem = '1GB'"))  # the GIN build above all
        for definition in indexes:
            await db.execute(text(definition))
    await _advance_sequences(database, (UserAccount, Individual, Resume, TalentFacet))
    async with database.write_engine.connect() as connection:  # statistics and (PostgreSQL) the visibility map
        connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
        await connection.execute(text("VACUUM ANALYZE" if connection.dialect.name == "postgresql" else "ANALYZE"))


async def _replicate(database, offset: int, size: int) -> None:
    """People offset+1 … offset+size as copies of people 1 … size, made inside the database: every
    id moved by `offset`, and what must be unique (e-mail, 登録コード) rewritten from the new id.
    Seconds per hundred thousand instead of minutes of Python and COPY."""
    async with database.session() as db:
        postgres = db.bind.dialect.name == "postgresql"
        new_id = f"(id + {offset})"
        code = f"'B' || to_char({new_id}, 'FM0000000')" if postgres else f"printf('B%07d', {new_id})"
        rewrites = {
            UserAccount: {
                "id": new_id,
                "email": f"'bench' || CAST({new_id} AS TEXT) || '@example.net'",
                "display_name": f"'登録者' || CAST({new_id} AS TEXT)",
            },
            Individual: {
                "id": new_id,
                "user_id": f"(user_id + {offset})",
                "registration_code": code,
                "given_name": f"CAST({new_id} AS TEXT)",
            },
            Resume: {"id": new_id, "user_id": f"(user_id + {offset})"},
            ResumeText: {"resume_id": f"(resume_id + {offset})"},
            TalentFacet: {"id": None, "resume_id": f"(resume_id + {offset})"},
        }
        for table, rewrite in rewrites.items():
            # Generated and trigger-kept columns (search_vector, listed_until) are the database's own.
            columns = [c.name for c in table.__table__.columns if c.name not in ("listed_until",)]
            columns = [c for c in columns if rewrite.get(c, "") is not None]
            key = "resume_id" if table in (ResumeText, TalentFacet) else "id"
            await db.execute(
                text(
                    f"INSERT INTO {table.__tablename__} ({', '.join(columns)})"
                    f" SELECT {', '.join(rewrite.get(c, c) for c in columns)}"
                    f" FROM {table.__tablename__} WHERE {key} <= {size}"
                )
            )


TABLES = ("user_account", "individual", "resume", "resume_text", "talent_facet")


async def _drop_secondary_indexes(database) -> list[str]:
    """Loading into tables without their non-unique indexes and building those once afterwards is
    several times faster than keeping them up to date row by row (the GIN index above all). Returns
    the statements that create them again, read from the database itself."""
    async with database.session() as db:
        names = ", ".join(f"'{name}'" for name in TABLES)
        if db.bind.dialect.name == "postgresql":
            rows = await db.execute(
                text(
                    f"SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ({names})"
                    " AND indexdef NOT LIKE 'CREATE UNIQUE%'"
                )
            )
        else:
            rows = await db.execute(
                text(
                    f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ({names})"
                    " AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'"
                )
            )
        indexes = rows.all()
        for name, _ in indexes:
            await db.execute(text(f'DROP INDEX "{name}"'))
    return [definition for _, definition in indexes]


async def _advance_sequences(database, tables) -> None:
    """PostgreSQL: rows inserted with explicit ids leave the id sequences behind; move each past
    the largest id so rows created afterwards (an organization, a staff member) get fresh ids."""
    from sqlalchemy import text

    async with database.session() as db:
        if db.bind.dialect.name != "postgresql":
            return
        for table in tables:
            name = table.__tablename__
            largest = f"(SELECT COALESCE(MAX(id), 1) FROM {name})"
            await db.execute(text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), {largest})"))
