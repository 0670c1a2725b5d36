"""The talent search against a brute-force filter in Python over the bench's own generator (both
engines): the same first pages whether a filter drives the query as a set or is probed per
candidate, and the count exact up to service.CAP, then 「…人以上」."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app import clock
from features.talent import keywords, service
from features.talent import search as talent_search
from features.talent.models import Resume, ResumeText, TalentFacet
from tests.bench.talent_data import generate
from tests.features.talent.helpers import as_org

PEOPLE = 300
STEP = 1009
SHAPES = [
    service.TalentFilters(),
    service.TalentFilters(keyword="保健"),
    service.TalentFilters(keyword="教育", page=2),
    service.TalentFilters(keyword="ＪＩＣ"),  # a Latin prefix, full width: FTS5 / tsvector, not a substring
    service.TalentFilters(keyword="保健医"),  # not exact: the index and LIKE
    service.TalentFilters(keyword="教育 保健"),
    service.TalentFilters(keyword="母"),  # one character: LIKE
    service.TalentFilters(
        keyword="保健", sector="health", min_years=3, language="en", min_level="B", wish_location="海外"
    ),
    service.TalentFilters(sector="education", sort="experience", page=2),
    service.TalentFilters(country="KH", education_level="修士"),
    service.TalentFilters(keyword="jica", sector="water", min_years=5),
    # The facet keys with keywords the index decides (保健, jic…), one it does not (保健医), one too
    # short for it (母), a facet past the keys (41 years: talent_facet), ordered by experience.
    service.TalentFilters(keyword="教育 jica"),  # a probe of the text for both words, one row
    service.TalentFilters(keyword="保健 jic", language="en", min_level="C"),
    service.TalentFilters(keyword="保健医 教育", sector="education", min_years=5),
    service.TalentFilters(keyword="母", sector="health", min_years=2, language="en"),
    service.TalentFilters(keyword="保健", language="fr", sector="health", min_years=41),
    service.TalentFilters(sector="health", language="en", sort="experience"),
    service.TalentFilters(keyword="農業", language="en", wish_location="国内", sort="experience"),
]


def _contains(text: str, word: str) -> bool:
    """id_set's meaning, by hand: the plain substring, and (for an indexable word) its tokens as a
    phrase among the text's tokens, the last one a prefix when it is a Latin word."""
    if word not in text:
        return False
    wanted, tokens = keywords.tokens(word), keywords.tokens(text)
    if len(wanted) == 1 and len(wanted[0]) == 1 and not wanted[0].isascii():
        return True  # one Japanese character: no token of its own, LIKE alone
    prefix = wanted[-1].isascii()
    for start in range(len(tokens) - len(wanted) + 1):
        *head, last = tokens[start : start + len(wanted)]
        if head == wanted[:-1] and (last.startswith(wanted[-1]) if prefix else last == wanted[-1]):
            return True
    return False


async def _brute_force(database, filters: service.TalentFilters) -> list[int]:
    """Every match in result order, from all rows read into Python."""
    async with database.session(write=False) as db:
        resumes = (await db.execute(select(Resume))).scalars().all()
        texts = dict((await db.execute(select(ResumeText.resume_id, ResumeText.search_text))).all())
        facets = (
            await db.execute(select(TalentFacet.resume_id, TalentFacet.kind, TalentFacet.code, TalentFacet.value))
        ).all()
    have: dict[int, dict[tuple[str, str], int]] = {}
    for resume_id, kind, code, value in facets:
        have.setdefault(resume_id, {})[(kind, code)] = value
    wanted = []
    if filters.sector:
        wanted.append((("sector", filters.sector), filters.min_years))
    if filters.language:
        wanted.append((("lang", filters.language), service.LEVEL_VALUE.get(filters.min_level, 0)))
    if filters.country:
        wanted.append((("country", filters.country), 0))
    words = keywords.normalize(filters.keyword).split()
    now = clock.now()
    found = [
        r
        for r in resumes
        if r.listed_until is not None
        and r.listed_until > now
        and all(have.get(r.id, {}).get(key, -1) >= minimum for key, minimum in wanted)
        and all(_contains(texts[r.id], word) for word in words)
        and (not filters.wish_location or r.wish_location in (filters.wish_location, "どちらでも"))
        and (not filters.education_level or r.education_level == filters.education_level)
    ]
    if filters.sort == "experience" and filters.sector:
        found.sort(key=lambda r: (have[r.id][("sector", filters.sector)], r.id), reverse=True)
    else:
        found.sort(key=lambda r: (r.updated_at, r.id), reverse=True)
    return [r.id for r in found]


@pytest.fixture
async def people(database):
    # Ids 1,009 apart: the 300 people spread over 16 of the keyword index's parts (PostgreSQL), so a
    # set counted part by part (search._counted_in_parts) crosses parts, empty ones among them.
    await generate(database, PEOPLE, chunk=PEOPLE, step=STEP)
    return database


def _broad(monkeypatch, broad: int) -> None:
    """Every set (the facet keys' one too) probed per candidate, or every set read whole."""
    monkeypatch.setattr(talent_search, "BROAD", broad)
    monkeypatch.setattr(talent_search, "KEYED_BROAD", broad)


@pytest.mark.parametrize("broad", [0, 10**9], ids=["every-set-probed", "every-set-read-whole"])
async def test_pages_and_counts_equal_a_brute_force_filter(people, monkeypatch, broad):
    _broad(monkeypatch, broad)
    for filters in SHAPES:
        expected = await _brute_force(people, filters)
        async with people.session(write=False) as db:
            page = await service.search(db, filters)
        start = (filters.page - 1) * service.PER_PAGE
        assert [r.id for r in page.items] == expected[start : start + service.PER_PAGE], filters
        if filters.page > 1 or len(expected) >= service.PER_PAGE:
            assert (page.total, page.more) == (len(expected), False), filters
    assert len(await _brute_force(people, service.TalentFilters(keyword="保健"))) > service.PER_PAGE  # pages are full


async def test_the_count_stops_at_the_cap_and_says_so(people, monkeypatch, client):
    common = service.TalentFilters(keyword="保健")
    expected = await _brute_force(people, common)
    assert len(expected) > 2 * service.PER_PAGE

    async def search(filters, cap):
        monkeypatch.setattr(talent_search, "CAP", cap)
        async with people.session(write=False) as db:
            return await service.search(db, filters)

    # The facet keys with the word: counted part by part on PostgreSQL when the set is probed.
    keyed = service.TalentFilters(keyword="保健", language="en")
    expected_keyed = await _brute_force(people, keyed)
    for broad in (0, 10**9):  # counted by a walk that stops at the cap / by the page's window count
        _broad(monkeypatch, broad)
        if broad == 0:  # the facet keys' set probed: its count goes part by part, on either engine
            async with people.session(write=False) as db:
                dialect = db.get_bind().dialect.name
            sizes = [0] * len(talent_search._id_sets(dialect, keyed))
            count, _ = talent_search.search_statements(dialect, keyed, sizes)
            assert "parts" in str(count), count
        for filters, matches in ((common, expected), (keyed, expected_keyed)):
            exactly = await search(filters, len(matches))
            assert (exactly.total, exactly.more) == (len(matches), False)
            over = await search(filters, len(matches) - 1)
            assert (over.total, over.more) == (len(matches) - 1, True)
        # Pages stop with the cap: asking past it shows its last page, the same rows as ever.
        last = await search(service.TalentFilters(keyword="保健", page=99), 2 * service.PER_PAGE)
        assert last.page == 2 and last.more and last.pages == 2
        assert [r.id for r in last.items] == expected[service.PER_PAGE : 2 * service.PER_PAGE]
    past = await search(service.TalentFilters(keyword="保健", page=4), 1000)  # past the end: counted anew
    assert (past.items, past.total) == ([], len(expected))

    monkeypatch.setattr(talent_search, "CAP", 2 * service.PER_PAGE)
    await as_org(client, people)
    html = (await client.get("/talent", params={"keyword": "保健"})).text
    assert "<strong>40</strong>人以上" in html and 'data-announce="40人以上の登録者が見つかりました"' in html
    assert "並び順の先頭から40人までを表示しています" in html
    fragment = await client.get(
        "/talent",
        params={"keyword": "保健", "page": "2"},
        headers={"HX-Request": "true", "HX-Target": "talent-results"},
    )
    assert "<html" not in fragment.text and "<strong>40</strong>人以上" in fragment.text
    monkeypatch.setattr(talent_search, "CAP", len(expected))
    html = (await client.get("/talent", params={"keyword": "保健"})).text
    assert f"<strong>{len(expected)}</strong>人</p>" in html and "人以上" not in html


async def test_a_walked_count_reads_the_newest_ids_first(people):
    """A count that walks the findable résumés goes by id, newest first (their text rows are then
    read in the order they are stored), not by registration expiry — and still counts what the page
    finds (test above)."""
    from sqlalchemy import text

    filters = service.TalentFilters(keyword="保健")
    async with people.session(write=False) as db:
        dialect = db.get_bind().dialect
        count, _ = talent_search.search_statements(dialect.name, filters, [10**9])  # the set probed: walked
        sql = count.compile(dialect=dialect, compile_kwargs={"literal_binds": True})
        if dialect.name == "sqlite":
            plan = " ".join(str(row) for row in (await db.execute(text(f"EXPLAIN QUERY PLAN {sql}"))).all())
            assert "SCAN resume USING COVERING INDEX ix_resume_id_listed" in plan, plan
        else:
            # On 300 rows the planner may sort them instead of walking the index backwards (as it
            # does at 100,000 and a million): either way in id order, newest first.
            plan = " ".join(str(row) for row in (await db.execute(text(f"EXPLAIN {sql}"))).all())
            assert "Backward using ix_resume_id_listed" in plan or "Sort Key: resume.id DESC" in plan, plan
