"""Fixed reference lists: shape and key entries, so a bad edit to the data fails loudly."""

from __future__ import annotations

import random
import re
from collections import Counter

import pytest

from app.reference import (
    ACTIVITY_FIELDS,
    COUNTRIES,
    LANGUAGE_LEVELS,
    LANGUAGES,
    OVERSEAS,
    PREFECTURES,
    REGIONS,
    SECTORS,
    corporate_number_is_valid,
    country_name,
    is_country,
    sector_label,
)


def _codes(pairs):
    return [code for code, _ in pairs]


# --- prefectures -------------------------------------------------------------


def test_prefectures_are_the_47_in_jis_order():
    assert len(PREFECTURES) == 47
    assert len(set(PREFECTURES)) == 47
    assert PREFECTURES[0] == "北海道"
    assert PREFECTURES[12] == "東京都"  # JIS 13
    assert PREFECTURES[25] == "京都府"  # JIS 26
    assert PREFECTURES[26] == "大阪府"  # JIS 27
    assert PREFECTURES[-1] == "沖縄県"
    assert all(p == "北海道" or p[-1] in "都府県" for p in PREFECTURES)


def test_overseas_is_separate_from_prefectures():
    assert OVERSEAS == "海外"
    assert OVERSEAS not in PREFECTURES


# --- countries and regions ---------------------------------------------------


def test_country_codes_are_unique_iso_alpha2():
    codes = _codes(COUNTRIES)
    assert len(codes) >= 240
    assert len(set(codes)) == len(codes)
    assert all(re.fullmatch(r"[A-Z]{2}", code) for code in codes)
    assert codes == sorted(codes)  # documented order: alphabetical by code


def test_country_names_are_unique_and_present():
    names = [name for _, name in COUNTRIES]
    assert all(name and name == name.strip() for name in names)
    assert len(set(names)) == len(names)


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("KH", "カンボジア"),
        ("TZ", "タンザニア"),
        ("BR", "ブラジル"),
        ("CI", "コートジボワール"),
        ("GB", "英国"),
        ("US", "米国"),
        ("KR", "韓国"),
        ("TW", "台湾"),
        ("PS", "パレスチナ"),
        ("JP", "日本"),
    ],
)
def test_named_countries(code, name):
    assert (code, name) in COUNTRIES
    assert country_name(code) == name
    assert is_country(code)


@pytest.mark.parametrize("code", ["XX", "kh", "", "KHM", "UK"])
def test_unknown_country_codes(code):
    assert country_name(code) is None
    assert not is_country(code)


def test_every_country_is_in_exactly_one_region():
    counts = Counter(code for _, codes in REGIONS for code in codes)
    assert [code for code, n in counts.items() if n > 1] == []
    assert set(counts) == set(_codes(COUNTRIES))


def test_regions_follow_jica_grouping():
    labels = [label for label, _ in REGIONS]
    assert labels == [
        "東南アジア・大洋州",
        "東・中央アジア",
        "南アジア",
        "中南米",
        "アフリカ",
        "中東・欧州",
        "北米",
        "日本",
    ]
    region_of = {code: label for label, codes in REGIONS for code in codes}
    assert region_of["KH"] == "東南アジア・大洋州"
    assert region_of["FJ"] == "東南アジア・大洋州"
    assert region_of["MN"] == "東・中央アジア"
    assert region_of["UZ"] == "東・中央アジア"
    assert region_of["NP"] == "南アジア"
    assert region_of["BR"] == "中南米"
    assert region_of["TZ"] == "アフリカ"
    assert region_of["EG"] == "中東・欧州"
    assert region_of["US"] == "北米"
    assert region_of["JP"] == "日本"


# --- sectors and languages ---------------------------------------------------


def test_sectors():
    codes = _codes(SECTORS)
    labels = [label for _, label in SECTORS]
    assert len(set(codes)) == len(codes)
    assert len(set(labels)) == len(labels)
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", code) for code in codes)
    assert "教育" in labels
    assert "保健医療" in labels
    assert sector_label("education") == "教育"
    assert sector_label("health") == "保健医療"
    assert sector_label("no_such_sector") is None


def test_activity_fields_reuse_sectors():
    assert ACTIVITY_FIELDS is SECTORS


def test_languages():
    codes = _codes(LANGUAGES)
    assert len(codes) >= 25
    assert len(set(codes)) == len(codes)
    assert all(re.fullmatch(r"[a-z]{2}", code) for code in codes)
    for pair in [("en", "英語"), ("fr", "フランス語"), ("km", "クメール語"), ("sw", "スワヒリ語")]:
        assert pair in LANGUAGES


def test_language_levels():
    assert _codes(LANGUAGE_LEVELS) == ["S", "A", "B", "C"]
    assert dict(LANGUAGE_LEVELS)["S"] == "ネイティブ同等"
    assert dict(LANGUAGE_LEVELS)["C"] == "初級"


# --- corporate number ----------------------------------------------------------


def _check_digit(base12: str) -> int:
    """Independent spelling of the 法人番号 formula: weights 2,1,2,1,… from the left of the 12 digits."""
    assert len(base12) == 12
    total = 0
    for i, ch in enumerate(base12):
        position_from_right = 12 - i
        weight = 2 if position_from_right % 2 == 0 else 1
        total += int(ch) * weight
    return 9 - (total % 9)


def _make(base12: str) -> str:
    return f"{_check_digit(base12)}{base12}"


def test_known_public_corporate_number():
    assert corporate_number_is_valid("7000012050002")  # 国税庁
    assert _make("000012050002") == "7000012050002"


def test_generated_corporate_numbers_are_valid():
    rng = random.Random(20240401)
    for _ in range(200):
        number = _make("".join(rng.choice("0123456789") for _ in range(12)))
        assert corporate_number_is_valid(number), number


def test_single_digit_changes_are_caught():
    rng = random.Random(7)
    numbers = ["7000012050002"] + [_make("".join(rng.choice("0123456789") for _ in range(12))) for _ in range(20)]
    for number in numbers:
        for pos in range(13):
            for digit in "0123456789":
                if digit == number[pos]:
                    continue
                changed = number[:pos] + digit + number[pos + 1 :]
                if pos > 0 and {digit, number[pos]} == {"0", "9"}:
                    # mod 9 cannot see 0 <-> 9 in a base digit; the formula says so, so do we.
                    assert corporate_number_is_valid(changed), changed
                else:
                    assert not corporate_number_is_valid(changed), changed


def test_corporate_number_separators_are_stripped():
    assert corporate_number_is_valid("7-0000-1205-0002")
    assert corporate_number_is_valid("7 0000 1205 0002")
    assert corporate_number_is_valid(" 7000012050002 ")


@pytest.mark.parametrize(
    "value",
    [
        "",
        "700001205000",  # 12 digits
        "70000120500020",  # 14 digits
        "０000012050002",  # full-width digit: callers normalize first
        "7000012050002a",
        "A000012050002",
        "7000012050002\n",
        "7_000012050002",
        "0000000000000",  # check digit can never be 0
    ],
)
def test_corporate_number_rejects_malformed_input(value):
    assert not corporate_number_is_valid(value)
