"""Settings: litestar.toml, PARTNER_* overrides, generated secret key, production refusal."""

from __future__ import annotations

import pytest

from app.config import DEFAULT_CONFIG_FILE, ConfigError, ensure_secret_key, load_settings
from tests.services import make_run_recipe

TOML = """
[app]
debug = true
secret_key = ""
allowed_hosts = ["example.jp"]
[database]
url = "sqlite+aiosqlite:////tmp/x.sqlite3"
[security]
session_idle_minutes = 30
"""


@pytest.fixture
def config_file(tmp_path):
    path = tmp_path / "litestar.toml"
    path.write_text(TOML, encoding="utf-8")
    return path


def test_file_values_are_read(config_file):
    settings = load_settings(config_file, environ={})
    assert settings.app.allowed_hosts == ["example.jp"]
    assert settings.security.session_idle_minutes == 30


def test_environment_overrides_every_key_with_its_type(config_file):
    settings = load_settings(
        config_file,
        environ={
            "PARTNER_APP_DEBUG": "false",
            "PARTNER_SECURITY_SESSION_IDLE_MINUTES": "15",
            "PARTNER_APP_ALLOWED_HOSTS": "a.example.jp, b.example.jp",
            "PARTNER_DATABASE_URL": "postgresql+asyncpg://u@db/partner",
            "PARTNER_SECURITY_TRUSTED_PROXIES": '["10.0.0.1"]',
        },
    )
    assert settings.app.debug is False
    assert settings.security.session_idle_minutes == 15
    assert settings.app.allowed_hosts == ["a.example.jp", "b.example.jp"]
    assert settings.database.url == "postgresql+asyncpg://u@db/partner"
    assert settings.security.trusted_proxies == ["10.0.0.1"]


def test_unknown_keys_and_bad_values_are_refused(tmp_path, config_file):
    bad = tmp_path / "bad.toml"
    bad.write_text("[app]\ndebgu = true\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        load_settings(bad, environ={})
    with pytest.raises(ConfigError):
        load_settings(config_file, environ={"PARTNER_APP_DEBUG": "maybe"})


def test_relative_sqlite_path_is_taken_from_the_project_root(tmp_path):
    path = tmp_path / "rel.toml"
    path.write_text('[database]\nurl = "sqlite+aiosqlite:///var/p.sqlite3"\n', encoding="utf-8")
    settings = load_settings(path, environ={})
    assert settings.database.url.startswith("sqlite+aiosqlite:////")
    assert settings.database.url.endswith("/var/p.sqlite3")


def test_secret_key_is_generated_once_into_var(config_file, tmp_path):
    first = load_settings(config_file, environ={"PARTNER_APP_VAR_DIR": str(tmp_path / "var")})
    ensure_secret_key(first)
    second = load_settings(config_file, environ={"PARTNER_APP_VAR_DIR": str(tmp_path / "var")})
    ensure_secret_key(second)
    assert len(first.app.secret_key) >= 48
    assert first.app.secret_key == second.app.secret_key
    assert (tmp_path / "var" / "secret_key").stat().st_mode & 0o077 == 0


def test_debug_off_refuses_development_defaults(config_file):
    settings = load_settings(config_file, environ={"PARTNER_APP_DEBUG": "false"})
    with pytest.raises(ConfigError) as refused:
        settings.validate()
    message = str(refused.value)
    assert "secret_key" in message and "secure_cookies" in message and "https" in message


def test_debug_off_starts_with_production_settings(config_file):
    settings = load_settings(
        config_file,
        environ={
            "PARTNER_APP_DEBUG": "false",
            "PARTNER_APP_SECRET_KEY": "k" * 40,
            "PARTNER_APP_BASE_URL": "https://partner.example.jp",
            "PARTNER_SECURITY_SECURE_COOKIES": "true",
            "PARTNER_MAIL_TRANSPORT": "smtp",
        },
    )
    settings.validate()


def test_the_checked_in_settings_are_production_safe(tmp_path):
    """Deployed as it is, litestar.toml opens no development page: debug is off, so the app
    refuses to start until a real secret key, https, Secure cookies and SMTP are configured."""
    settings = load_settings(DEFAULT_CONFIG_FILE, environ={"PARTNER_APP_VAR_DIR": str(tmp_path / "var")})
    assert settings.app.debug is False
    ensure_secret_key(settings)
    assert settings.app.secret_key == "" and not (tmp_path / "var" / "secret_key").exists()
    with pytest.raises(ConfigError) as refused:
        settings.validate()
    assert "secret_key" in str(refused.value) and "smtp" in str(refused.value)


def test_make_run_turns_development_mode_on_and_links_follow_host_and_port(tmp_path):
    environ, command = make_run_recipe(PORT="8765")
    assert command[-5:] == ["run", "--host", "127.0.0.1", "--port", "8765"]
    settings = load_settings(DEFAULT_CONFIG_FILE, environ={**environ, "PARTNER_APP_VAR_DIR": str(tmp_path / "var")})
    assert settings.app.debug is True
    assert settings.app.base_url == "http://127.0.0.1:8765"  # reset and sign-up links
    ensure_secret_key(settings)
    settings.validate()  # development defaults are fine in development mode
    environ, _ = make_run_recipe(HOST="localhost", PORT="9000")
    assert load_settings(DEFAULT_CONFIG_FILE, environ=environ).app.base_url == "http://localhost:9000"
    environ, _ = make_run_recipe(PARTNER_APP_BASE_URL="https://dev.example.jp")
    assert load_settings(DEFAULT_CONFIG_FILE, environ=environ).app.base_url == "https://dev.example.jp"
