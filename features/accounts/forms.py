"""Account forms: login, one-time code, registration, password reset."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from app import clock
from app.forms import (
    FormResult,
    checkbox,
    choice_field,
    date_field,
    email_field,
    first,
    kana_field,
    multi_choice_field,
    nfkc,
    phone_field,
    postal_code_field,
    roman_field,
    text_field,
    url_field,
)
from app.reference import COUNTRIES, OVERSEAS, PREFECTURES, SECTORS, corporate_number_is_valid
from features.accounts.models import OrganizationType, RegistrationKind
from features.accounts.passwords import MAX_LENGTH, password_problem

LOGIN_LABELS = {"email": "メールアドレス", "password": "パスワード"}


def raw_password(data: Mapping[str, Any], name: str) -> str:
    """Passwords are taken as typed (no trimming), only refused when absurdly long."""
    value = first(data, name)
    return value if isinstance(value, str) else ""


def parse_login(data: Mapping[str, Any]) -> FormResult:
    result = FormResult()
    email_field(result, data, "email", LOGIN_LABELS["email"])
    password = raw_password(data, "password")
    if not password:
        result.error("password", "パスワードを入力してください。")
    elif len(password) > MAX_LENGTH * 4:
        result.error("password", "パスワードが長すぎます。")
    result.values["password"] = password
    return result


def parse_code(data: Mapping[str, Any]) -> FormResult:
    result = FormResult()
    code = nfkc(str(first(data, "code"))).replace(" ", "").replace("-", "")
    result.values["code"] = code
    if not code:
        result.error("code", "ワンタイムパスワードを入力してください。")
    elif not (code.isascii() and code.isdigit() and len(code) == 6):
        result.error("code", "ワンタイムパスワードは6桁の数字で入力してください。")
    return result


# -- registration -----------------------------------------------------------------------

GENDERS = ["男性", "女性", "その他", "回答しない"]
COUNTRY_CODES = {code for code, _ in COUNTRIES}
SECTOR_CODES = {code for code, _ in SECTORS}
PREFECTURE_CHOICES = [*PREFECTURES, OVERSEAS]
KINDS = [k.value for k in RegistrationKind]
ORG_TYPES = [t.value for t in OrganizationType]
# Types that have a 法人番号 (国税庁 gives one to every corporation and public body).
ORG_TYPES_WITH_CORPORATE_NUMBER = {OrganizationType.CORPORATE.value, OrganizationType.PUBLIC.value}


def new_password(result: FormResult, data: Mapping[str, Any], email: str = "", name: str = "password") -> str:
    password = raw_password(data, name)
    confirm = raw_password(data, f"{name}_confirm")
    result.values[name] = password  # used to hash; the templates never echo it back
    if not password:
        result.error(name, "パスワードを入力してください。")
    elif problem := password_problem(password, email=email):
        result.error(name, problem)
    elif password != confirm:
        result.error(f"{name}_confirm", "確認用のパスワードが一致しません。")
    return password


def parse_email_only(data: Mapping[str, Any]) -> FormResult:
    result = FormResult()
    email_field(result, data, "email", "メールアドレス")
    return result


def parse_individual(data: Mapping[str, Any], email: str, *, with_password: bool = True) -> FormResult:
    r = FormResult()
    choice_field(r, data, "kind", "登録種別", KINDS)
    text_field(r, data, "family_name", "氏名（姓）", required=True, max_length=50)
    text_field(r, data, "given_name", "氏名（名）", required=True, max_length=50)
    kana_field(r, data, "family_name_kana", "フリガナ（セイ）")
    kana_field(r, data, "given_name_kana", "フリガナ（メイ）")
    roman_field(r, data, "family_name_roman", "ローマ字（姓）")
    roman_field(r, data, "given_name_roman", "ローマ字（名）")
    birth = date_field(r, data, "birth_date", "生年月日")
    if birth and not (date(1900, 1, 1) <= birth <= clock.now().date()):
        r.error("birth_date", "生年月日が正しくありません。")
    choice_field(r, data, "gender", "性別", GENDERS, required=False)
    choice_field(r, data, "nationality", "国籍", sorted(COUNTRY_CODES))
    postal_code_field(r, data, "postal_code", "郵便番号")
    choice_field(r, data, "prefecture", "都道府県", PREFECTURE_CHOICES)
    text_field(r, data, "address", "住所", max_length=200)
    phone_field(r, data, "phone", "電話番号")
    r.values["jocv_declared"] = checkbox(data, "jocv_declared")
    r.values["family_name_roman"] = r.values["family_name_roman"].upper()
    r.values["given_name_roman"] = r.values["given_name_roman"].title()
    if with_password:
        new_password(r, data, email)
    return r


INDIVIDUAL_FIELDS = (
    "kind",
    "family_name",
    "given_name",
    "family_name_kana",
    "given_name_kana",
    "family_name_roman",
    "given_name_roman",
    "gender",
    "nationality",
    "postal_code",
    "prefecture",
    "address",
    "phone",
    "jocv_declared",
)


def individual_values(result: FormResult) -> dict:
    """Only the fields the model takes (extra form fields never reach the table)."""
    values = {name: result.values[name] for name in INDIVIDUAL_FIELDS}
    values["birth_date"] = date.fromisoformat(result.values["birth_date"])
    return values


def parse_organization(data: Mapping[str, Any], email: str, *, with_password: bool = True) -> FormResult:
    r = FormResult()
    org_type = choice_field(r, data, "org_type", "団体種別", ORG_TYPES)
    text_field(r, data, "name", "団体名", required=True, max_length=200)
    kana_field(r, data, "name_kana", "団体名（カナ）")
    number = nfkc(str(first(data, "corporate_number"))).replace("-", "").replace(" ", "")
    r.values["corporate_number"] = number
    if org_type in ORG_TYPES_WITH_CORPORATE_NUMBER and not number:
        r.error("corporate_number", "法人番号を入力してください。")
    elif number and not (len(number) == 13 and number.isdigit()):
        r.error("corporate_number", "法人番号は13桁の数字で入力してください。")
    elif number and not corporate_number_is_valid(number):
        r.error("corporate_number", "法人番号が正しくありません（チェックデジットが一致しません）。")
    if org_type == OrganizationType.NON_CORPORATE.value:
        r.values["corporate_number"] = ""
    postal_code_field(r, data, "postal_code", "郵便番号")
    choice_field(r, data, "prefecture", "都道府県", PREFECTURE_CHOICES)
    text_field(r, data, "address", "所在地", required=True, max_length=200)
    url_field(r, data, "url", "URL")
    text_field(r, data, "representative", "代表者", max_length=100)
    text_field(r, data, "contact_name", "担当者氏名", required=True, max_length=100)
    text_field(r, data, "contact_department", "担当者部署", max_length=100)
    phone_field(r, data, "contact_phone", "担当者電話番号")
    multi_choice_field(r, data, "activity_fields", "活動分野", SECTOR_CODES, required=True)
    multi_choice_field(r, data, "activity_countries", "活動国・地域", COUNTRY_CODES)
    text_field(r, data, "achievements", "活動実績", max_length=4000, multiline=True)
    r.values["list_publicly"] = checkbox(data, "list_publicly")
    if with_password:
        new_password(r, data, email)
    return r


ORGANIZATION_FIELDS = (
    "org_type",
    "name",
    "name_kana",
    "corporate_number",
    "postal_code",
    "prefecture",
    "address",
    "url",
    "representative",
    "contact_name",
    "contact_department",
    "contact_phone",
    "achievements",
    "list_publicly",
)


def organization_values(result: FormResult) -> dict:
    values = {name: result.values[name] for name in ORGANIZATION_FIELDS}
    values["activity_fields"] = ",".join(result.values["activity_fields"])
    values["activity_countries"] = ",".join(result.values["activity_countries"])
    return values
