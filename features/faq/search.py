"""The FAQ's Japanese substring search, as 求人情報を探す does it (features/postings): the stored
text and the words typed are NFKC-normalized and lower-cased, and every word typed must occur
somewhere in the question or the answer (Japanese has no spaces between words, so a substring).

For the contact form's suggestions the text is a sentence, not a list of words: `terms_of`
picks the runs of katakana, kanji and Latin letters/digits out of it (the particles and
endings in hiragana separate them) and an entry is ranked by how many of those it contains."""

from __future__ import annotations

import re
import unicodedata

from app.richtext import plain_text

MAX_WORDS = 5  # as the postings search
MAX_TERMS = 30
_RUNS = re.compile(r"[\u30a0-\u30ffー]{2,}|[\u4e00-\u9fff々]{2,}|[a-z0-9][a-z0-9.@_-]+")


def normalize(text: str) -> str:
    """Full-width letters and digits, half-width katakana → one form; lower case."""
    return unicodedata.normalize("NFKC", text or "").lower()


def search_text_of(question: str, answer: str) -> str:
    """What the search looks in: the question and the answer's words without Markdown markup."""
    return normalize(f"{question}\n{plain_text(answer)}")


def words_of(keyword: str) -> list[str]:
    """The words of a search box: split on spaces (also full-width ones, NFKC turns them into
    plain spaces); the first five count."""
    return normalize(keyword).split()[:MAX_WORDS]


def terms_of(text: str) -> list[str]:
    """The content words of a free text, in their order, each once. A long kanji compound also
    gives its two-character parts (求人情報掲載 → 求人, 人情, 情報, 報掲, 掲載), so a question that
    says 求人情報を掲載 still finds an entry about 求人の掲載."""
    terms: list[str] = []
    for word in normalize(text).split():
        for run in _RUNS.findall(word):
            terms.append(run)
            if len(run) > 2 and all("\u4e00" <= ch <= "\u9fff" or ch == "々" for ch in run):
                terms.extend(run[i : i + 2] for i in range(len(run) - 1))
    return list(dict.fromkeys(terms))[:MAX_TERMS]
