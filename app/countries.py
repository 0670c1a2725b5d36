"""Countries and regions (ISO 3166-1), in Japanese: a long list of its own, re-exported by app.reference."""

from __future__ import annotations

# ---------------------------------------------------------------------------
# Countries and regions
# ---------------------------------------------------------------------------

#: Every ISO 3166-1 entry (249 codes, including territories such as 香港 or グアム) as
#: ``(alpha-2 code, Japanese name)``. Names follow the short forms used by the Ministry of
#: Foreign Affairs (外務省) and JICA, e.g. 英国, 米国, 韓国.
#: Ordered alphabetically by ISO code (not by gojūon), so additions and checks against the
#: ISO list are easy; sort by label at display time if a form needs reading order.
COUNTRIES: tuple[tuple[str, str], ...] = (
    ("AD", "アンドラ"),
    ("AE", "アラブ首長国連邦"),
    ("AF", "アフガニスタン"),
    ("AG", "アンティグア・バーブーダ"),
    ("AI", "アンギラ"),
    ("AL", "アルバニア"),
    ("AM", "アルメニア"),
    ("AO", "アンゴラ"),
    ("AQ", "南極"),
    ("AR", "アルゼンチン"),
    ("AS", "米領サモア"),
    ("AT", "オーストリア"),
    ("AU", "オーストラリア"),
    ("AW", "アルバ"),
    ("AX", "オーランド諸島"),
    ("AZ", "アゼルバイジャン"),
    ("BA", "ボスニア・ヘルツェゴビナ"),
    ("BB", "バルバドス"),
    ("BD", "バングラデシュ"),
    ("BE", "ベルギー"),
    ("BF", "ブルキナファソ"),
    ("BG", "ブルガリア"),
    ("BH", "バーレーン"),
    ("BI", "ブルンジ"),
    ("BJ", "ベナン"),
    ("BL", "サン・バルテルミー"),
    ("BM", "バミューダ諸島"),
    ("BN", "ブルネイ"),
    ("BO", "ボリビア"),
    ("BQ", "ボネール、シント・ユースタティウス及びサバ"),
    ("BR", "ブラジル"),
    ("BS", "バハマ"),
    ("BT", "ブータン"),
    ("BV", "ブーベ島"),
    ("BW", "ボツワナ"),
    ("BY", "ベラルーシ"),
    ("BZ", "ベリーズ"),
    ("CA", "カナダ"),
    ("CC", "ココス（キーリング）諸島"),
    ("CD", "コンゴ民主共和国"),
    ("CF", "中央アフリカ"),
    ("CG", "コンゴ共和国"),
    ("CH", "スイス"),
    ("CI", "コートジボワール"),
    ("CK", "クック諸島"),
    ("CL", "チリ"),
    ("CM", "カメルーン"),
    ("CN", "中国"),
    ("CO", "コロンビア"),
    ("CR", "コスタリカ"),
    ("CU", "キューバ"),
    ("CV", "カーボベルデ"),
    ("CW", "キュラソー"),
    ("CX", "クリスマス島"),
    ("CY", "キプロス"),
    ("CZ", "チェコ"),
    ("DE", "ドイツ"),
    ("DJ", "ジブチ"),
    ("DK", "デンマーク"),
    ("DM", "ドミニカ国"),
    ("DO", "ドミニカ共和国"),
    ("DZ", "アルジェリア"),
    ("EC", "エクアドル"),
    ("EE", "エストニア"),
    ("EG", "エジプト"),
    ("EH", "西サハラ"),
    ("ER", "エリトリア"),
    ("ES", "スペイン"),
    ("ET", "エチオピア"),
    ("FI", "フィンランド"),
    ("FJ", "フィジー"),
    ("FK", "フォークランド諸島"),
    ("FM", "ミクロネシア"),
    ("FO", "フェロー諸島"),
    ("FR", "フランス"),
    ("GA", "ガボン"),
    ("GB", "英国"),
    ("GD", "グレナダ"),
    ("GE", "ジョージア"),
    ("GF", "仏領ギアナ"),
    ("GG", "ガーンジー"),
    ("GH", "ガーナ"),
    ("GI", "ジブラルタル"),
    ("GL", "グリーンランド"),
    ("GM", "ガンビア"),
    ("GN", "ギニア"),
    ("GP", "グアドループ"),
    ("GQ", "赤道ギニア"),
    ("GR", "ギリシャ"),
    ("GS", "サウスジョージア・サウスサンドウィッチ諸島"),
    ("GT", "グアテマラ"),
    ("GU", "グアム"),
    ("GW", "ギニアビサウ"),
    ("GY", "ガイアナ"),
    ("HK", "香港"),
    ("HM", "ハード島・マクドナルド諸島"),
    ("HN", "ホンジュラス"),
    ("HR", "クロアチア"),
    ("HT", "ハイチ"),
    ("HU", "ハンガリー"),
    ("ID", "インドネシア"),
    ("IE", "アイルランド"),
    ("IL", "イスラエル"),
    ("IM", "マン島"),
    ("IN", "インド"),
    ("IO", "英領インド洋地域"),
    ("IQ", "イラク"),
    ("IR", "イラン"),
    ("IS", "アイスランド"),
    ("IT", "イタリア"),
    ("JE", "ジャージー"),
    ("JM", "ジャマイカ"),
    ("JO", "ヨルダン"),
    ("JP", "日本"),
    ("KE", "ケニア"),
    ("KG", "キルギス"),
    ("KH", "カンボジア"),
    ("KI", "キリバス"),
    ("KM", "コモロ"),
    ("KN", "セントクリストファー・ネービス"),
    ("KP", "北朝鮮"),
    ("KR", "韓国"),
    ("KW", "クウェート"),
    ("KY", "ケイマン諸島"),
    ("KZ", "カザフスタン"),
    ("LA", "ラオス"),
    ("LB", "レバノン"),
    ("LC", "セントルシア"),
    ("LI", "リヒテンシュタイン"),
    ("LK", "スリランカ"),
    ("LR", "リベリア"),
    ("LS", "レソト"),
    ("LT", "リトアニア"),
    ("LU", "ルクセンブルク"),
    ("LV", "ラトビア"),
    ("LY", "リビア"),
    ("MA", "モロッコ"),
    ("MC", "モナコ"),
    ("MD", "モルドバ"),
    ("ME", "モンテネグロ"),
    ("MF", "サン・マルタン（仏領）"),
    ("MG", "マダガスカル"),
    ("MH", "マーシャル"),
    ("MK", "北マケドニア"),
    ("ML", "マリ"),
    ("MM", "ミャンマー"),
    ("MN", "モンゴル"),
    ("MO", "マカオ"),
    ("MP", "北マリアナ諸島"),
    ("MQ", "マルティニーク"),
    ("MR", "モーリタニア"),
    ("MS", "モントセラト"),
    ("MT", "マルタ"),
    ("MU", "モーリシャス"),
    ("MV", "モルディブ"),
    ("MW", "マラウイ"),
    ("MX", "メキシコ"),
    ("MY", "マレーシア"),
    ("MZ", "モザンビーク"),
    ("NA", "ナミビア"),
    ("NC", "ニューカレドニア"),
    ("NE", "ニジェール"),
    ("NF", "ノーフォーク島"),
    ("NG", "ナイジェリア"),
    ("NI", "ニカラグア"),
    ("NL", "オランダ"),
    ("NO", "ノルウェー"),
    ("NP", "ネパール"),
    ("NR", "ナウル"),
    ("NU", "ニウエ"),
    ("NZ", "ニュージーランド"),
    ("OM", "オマーン"),
    ("PA", "パナマ"),
    ("PE", "ペルー"),
    ("PF", "仏領ポリネシア"),
    ("PG", "パプアニューギニア"),
    ("PH", "フィリピン"),
    ("PK", "パキスタン"),
    ("PL", "ポーランド"),
    ("PM", "サンピエール島・ミクロン島"),
    ("PN", "ピトケアン"),
    ("PR", "プエルトリコ"),
    ("PS", "パレスチナ"),
    ("PT", "ポルトガル"),
    ("PW", "パラオ"),
    ("PY", "パラグアイ"),
    ("QA", "カタール"),
    ("RE", "レユニオン"),
    ("RO", "ルーマニア"),
    ("RS", "セルビア"),
    ("RU", "ロシア"),
    ("RW", "ルワンダ"),
    ("SA", "サウジアラビア"),
    ("SB", "ソロモン諸島"),
    ("SC", "セーシェル"),
    ("SD", "スーダン"),
    ("SE", "スウェーデン"),
    ("SG", "シンガポール"),
    ("SH", "セントヘレナ・アセンション及びトリスタンダクーニャ"),
    ("SI", "スロベニア"),
    ("SJ", "スバールバル諸島及びヤンマイエン島"),
    ("SK", "スロバキア"),
    ("SL", "シエラレオネ"),
    ("SM", "サンマリノ"),
    ("SN", "セネガル"),
    ("SO", "ソマリア"),
    ("SR", "スリナム"),
    ("SS", "南スーダン"),
    ("ST", "サントメ・プリンシペ"),
    ("SV", "エルサルバドル"),
    ("SX", "シント・マールテン（蘭領）"),
    ("SY", "シリア"),
    ("SZ", "エスワティニ"),
    ("TC", "タークス・カイコス諸島"),
    ("TD", "チャド"),
    ("TF", "仏領極南諸島"),
    ("TG", "トーゴ"),
    ("TH", "タイ"),
    ("TJ", "タジキスタン"),
    ("TK", "トケラウ"),
    ("TL", "東ティモール"),
    ("TM", "トルクメニスタン"),
    ("TN", "チュニジア"),
    ("TO", "トンガ"),
    ("TR", "トルコ"),
    ("TT", "トリニダード・トバゴ"),
    ("TV", "ツバル"),
    ("TW", "台湾"),
    ("TZ", "タンザニア"),
    ("UA", "ウクライナ"),
    ("UG", "ウガンダ"),
    ("UM", "合衆国領有小離島"),
    ("US", "米国"),
    ("UY", "ウルグアイ"),
    ("UZ", "ウズベキスタン"),
    ("VA", "バチカン"),
    ("VC", "セントビンセント及びグレナディーン諸島"),
    ("VE", "ベネズエラ"),
    ("VG", "英領バージン諸島"),
    ("VI", "米領バージン諸島"),
    ("VN", "ベトナム"),
    ("VU", "バヌアツ"),
    ("WF", "ウォリス・フツナ"),
    ("WS", "サモア"),
    ("YE", "イエメン"),
    ("YT", "マヨット"),
    ("ZA", "南アフリカ"),
    ("ZM", "ザンビア"),
    ("ZW", "ジンバブエ"),
)

#: Countries grouped by JICA's regional departments, as ``(region label, codes)``.
#: Every code in COUNTRIES belongs to exactly one group (the tests enforce this).
#: Notes on the judgement calls:
#: - 東・中央アジア includes the Caucasus (AM, AZ, GE), as JICA's 東・中央アジア部 does, and
#:   also Korea/North Korea/Hong Kong/Macao/Taiwan for completeness.
#: - North Africa (DZ, EG, LY, MA, TN, and EH) and Türkiye/Russia/Ukraine sit in 中東・欧州;
#:   Sudan, Mauritania and the rest of the continent in アフリカ.
#: - Overseas territories go with where they are, not who administers them (GU → 大洋州,
#:   PR → 中南米, RE → アフリカ); GL and BM go to 北米.
#: - Uninhabited Antarctic/sub-Antarctic entries: AQ, HM → 東南アジア・大洋州; BV, TF → アフリカ;
#:   GS (with FK) → 中南米.
REGIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "東南アジア・大洋州",
        tuple(
            # Southeast Asia
            "BN ID KH LA MM MY PH SG TH TL VN "
            # Oceania, incl. territories and the Australian Indian Ocean islands
            "AS AU CC CK CX FJ FM GU HM KI MH MP NC NF NR NU NZ PF PG PN PW SB TK TO TV UM VU WF WS "
            # Antarctica
            "AQ".split()
        ),
    ),
    (
        "東・中央アジア",
        tuple(
            # East Asia
            "CN HK KP KR MN MO TW "
            # Central Asia and the Caucasus
            "AM AZ GE KG KZ TJ TM UZ".split()
        ),
    ),
    (
        "南アジア",
        tuple("AF BD BT IN IO LK MV NP PK".split()),
    ),
    (
        "中南米",
        tuple(
            # Mexico, Central and South America
            "AR BO BR BZ CL CO CR EC FK GF GS GT GY HN MX NI PA PE PY SR SV UY VE "
            # Caribbean, incl. territories
            "AG AI AW BB BL BQ BS CU CW DM DO GD GP HT JM KN KY LC MF MQ MS PR SX TC TT VC VG VI".split()
        ),
    ),
    (
        "アフリカ",
        tuple(
            "AO BF BI BJ BV BW CD CF CG CI CM CV DJ ER ET GA GH GM GN GQ GW KE KM LR LS MG ML MR MU MW "
            "MZ NA NE NG RE RW SC SD SH SL SN SO SS ST SZ TD TF TG TZ UG YT ZA ZM ZW".split()
        ),
    ),
    (
        "中東・欧州",
        tuple(
            # Middle East
            "AE BH IL IQ IR JO KW LB OM PS QA SA SY TR YE "
            # North Africa
            "DZ EG EH LY MA TN "
            # Europe, incl. Russia and the Crown dependencies / Nordic territories
            "AD AL AT AX BA BE BG BY CH CY CZ DE DK EE ES FI FO FR GB GG GI GR HR HU IE IM IS IT JE LI "
            "LT LU LV MC MD ME MK MT NL NO PL PT RO RS RU SE SI SJ SK SM UA VA".split()
        ),
    ),
    (
        "北米",
        tuple("BM CA GL PM US".split()),
    ),
    (
        "日本",
        ("JP",),
    ),
)

_COUNTRY_NAMES: dict[str, str] = dict(COUNTRIES)


def country_name(code: str) -> str | None:
    """Japanese name for an ISO 3166-1 alpha-2 code (exact, uppercase), or None if unknown."""
    return _COUNTRY_NAMES.get(code)


def is_country(code: str) -> bool:
    """True when ``code`` is one of the COUNTRIES codes (exact, uppercase)."""
    return code in _COUNTRY_NAMES
