"""Fixed Japanese reference lists shared by forms across the site.

Everything here is plain data (tuples of strings or of ``(code, label)`` pairs) plus a few
small lookup/validation helpers. Codes are what we store; labels are what we show.
Lists are tuples so nobody mutates them at runtime.
"""

from __future__ import annotations

# The country list is long enough for a file of its own; it is used through this module.
from app.countries import COUNTRIES, REGIONS, country_name, is_country  # noqa: F401

# ---------------------------------------------------------------------------
# Prefectures
# ---------------------------------------------------------------------------

#: The 47 prefectures in JIS X 0401 order (code 01 = 北海道 … 47 = 沖縄県).
#: The JIS code of a prefecture is its index in this tuple plus one.
PREFECTURES: tuple[str, ...] = (
    "北海道",
    "青森県",
    "岩手県",
    "宮城県",
    "秋田県",
    "山形県",
    "福島県",
    "茨城県",
    "栃木県",
    "群馬県",
    "埼玉県",
    "千葉県",
    "東京都",
    "神奈川県",
    "新潟県",
    "富山県",
    "石川県",
    "福井県",
    "山梨県",
    "長野県",
    "岐阜県",
    "静岡県",
    "愛知県",
    "三重県",
    "滋賀県",
    "京都府",
    "大阪府",
    "兵庫県",
    "奈良県",
    "和歌山県",
    "鳥取県",
    "島根県",
    "岡山県",
    "広島県",
    "山口県",
    "徳島県",
    "香川県",
    "愛媛県",
    "高知県",
    "福岡県",
    "佐賀県",
    "長崎県",
    "熊本県",
    "大分県",
    "宮崎県",
    "鹿児島県",
    "沖縄県",
)

#: Extra choice for the "居住地" field, for people living abroad. Not part of PREFECTURES.
OVERSEAS = "海外"


# ---------------------------------------------------------------------------
# Sectors (分野・課題)
# ---------------------------------------------------------------------------

#: Development sectors/themes, modelled on JICA's 課題別 classification.
#: Codes are short ASCII snake_case and are what we store; do not rename a code once used.
SECTORS: tuple[tuple[str, str], ...] = (
    ("education", "教育"),
    ("health", "保健医療"),
    ("social_security", "社会保障"),
    ("governance", "ガバナンス"),
    ("peacebuilding", "平和構築"),
    ("public_finance", "公共財政・金融"),
    ("private_sector", "民間セクター開発"),
    ("transport", "運輸交通"),
    ("urban_regional", "都市・地域開発"),
    ("energy", "資源・エネルギー"),
    ("agriculture", "農業開発・農村開発"),
    ("fisheries", "水産"),
    ("nature_conservation", "自然環境保全"),
    ("environment", "環境管理"),
    ("water", "水資源"),
    ("disaster_risk", "防災・復興"),
    ("gender", "ジェンダーと開発"),
    ("poverty", "貧困削減"),
    ("ict", "情報通信技術"),
    ("japanese_language", "日本語教育"),
    ("sports", "スポーツ"),
    ("civic_engagement", "市民参加・NGO連携"),
)

#: Fields of activity for organizations: deliberately the same list as SECTORS (an alias, not a
#: copy), so people and organizations can be matched on the same codes.
ACTIVITY_FIELDS = SECTORS

_SECTOR_LABELS: dict[str, str] = dict(SECTORS)


def sector_label(code: str) -> str | None:
    """Japanese label for a SECTORS code, or None if unknown."""
    return _SECTOR_LABELS.get(code)


# ---------------------------------------------------------------------------
# Languages
# ---------------------------------------------------------------------------

#: Languages often asked for in international cooperation, as ``(ISO 639-1 code, label)``.
#: Japanese itself is not listed: applicants are assumed to work in Japanese.
LANGUAGES: tuple[tuple[str, str], ...] = (
    ("en", "英語"),
    ("fr", "フランス語"),
    ("es", "スペイン語"),
    ("pt", "ポルトガル語"),
    ("ar", "アラビア語"),
    ("ru", "ロシア語"),
    ("zh", "中国語"),
    ("ko", "韓国語"),
    ("de", "ドイツ語"),
    ("id", "インドネシア語"),
    ("ms", "マレー語"),
    ("th", "タイ語"),
    ("vi", "ベトナム語"),
    ("km", "クメール語"),
    ("lo", "ラオ語"),
    ("my", "ミャンマー語"),
    ("tl", "タガログ語"),
    ("mn", "モンゴル語"),
    ("uz", "ウズベク語"),
    ("ne", "ネパール語"),
    ("hi", "ヒンディー語"),
    ("bn", "ベンガル語"),
    ("ur", "ウルドゥー語"),
    ("si", "シンハラ語"),
    ("ta", "タミル語"),
    ("fa", "ペルシャ語"),
    ("ps", "パシュトー語"),
    ("tr", "トルコ語"),
    ("uk", "ウクライナ語"),
    ("sw", "スワヒリ語"),
    ("am", "アムハラ語"),
    ("ha", "ハウサ語"),
)

#: Self-declared proficiency, strongest first.
LANGUAGE_LEVELS: tuple[tuple[str, str], ...] = (
    ("S", "ネイティブ同等"),
    ("A", "ビジネス上級"),
    ("B", "日常会話"),
    ("C", "初級"),
)


# ---------------------------------------------------------------------------
# Corporate number (法人番号)
# ---------------------------------------------------------------------------

_DIGITS = frozenset("0123456789")


def corporate_number_is_valid(number: str) -> bool:
    """Check a 13-digit 法人番号, including its leading check digit.

    Hyphens and ASCII spaces are removed first; anything else that is not an ASCII digit
    (full-width digits included — normalize those before calling) makes the number invalid.

    With P(n) the n-th of the 12 base digits counted from the right and Q(n) = 1 for odd n,
    2 for even n, the check digit is 9 - (sum(P(n) * Q(n)) mod 9), so it is always 1-9.
    Being mod 9, the scheme cannot notice a base digit swapped between 0 and 9.
    """
    if not isinstance(number, str):
        return False
    digits = number.replace("-", "").replace(" ", "")
    if len(digits) != 13 or not set(digits) <= _DIGITS:
        return False
    return int(digits[0]) == corporate_number_check_digit(digits[1:])


def corporate_number_check_digit(base: str) -> int:
    """The check digit for the 12 base digits of a 法人番号 (see corporate_number_is_valid)."""
    total = sum(int(d) * (1 if n % 2 else 2) for n, d in enumerate(reversed(base), start=1))
    return 9 - total % 9
