"""The TOML config: every key optional; unknown keys and bad values named."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.config import MailSecurity, MailTransport, load_config
from desktop.registry.errors import ConfigError


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "ugyfelkapu.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_no_config_is_the_embedded_default_with_the_file_transport(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("UGYFELKAPU_DATA_DIR", str(tmp_path / "d"))
    config = load_config(None)
    assert config.data_dir == tmp_path / "d"
    assert config.mail.transport is MailTransport.FILE
    assert config.database_path == tmp_path / "d" / "registry.sqlite3"
    assert config.card.allow_manual_entry is None
    assert config.kiosk.idle_seconds == 90
    assert config.kiosk.warning_seconds == 20


def test_without_the_override_the_data_dir_comes_from_platformdirs(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from platformdirs import user_data_dir

    monkeypatch.delenv("UGYFELKAPU_DATA_DIR", raising=False)
    assert str(load_config(None).data_dir) == user_data_dir("ugyfelkapu", appauthor=False)


def test_an_empty_file_is_all_defaults(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("UGYFELKAPU_DATA_DIR", str(tmp_path / "d"))
    config = load_config(write(tmp_path, ""))
    assert config.mail.transport is MailTransport.FILE
    assert config.data_dir == tmp_path / "d"


def test_every_key_is_read(tmp_path: Path) -> None:
    config = load_config(
        write(
            tmp_path,
            """
data_dir = "registry-data"
[mail]
transport = "smtp"
host = "smtp.example.hu"
port = 465
security = "tls"
username = "ugyfelkapu"
password_env = "SMTP_PASSWORD"
sender = "Ügyfélkapu <noreply@example.hu>"
[card]
allow_manual_entry = false
virtual_profile = "kovacs-eva"
[kiosk]
enabled = true
idle_seconds = 60
warning_seconds = 15
end_on_card_removal = false
on_screen_keyboard = true
attendant_pin_hash = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA"
""",
        )
    )
    assert config.data_dir == tmp_path / "registry-data"  # relative to the config file
    m = config.mail
    assert (m.transport, m.host, m.port, m.security) == (
        MailTransport.SMTP,
        "smtp.example.hu",
        465,
        MailSecurity.TLS,
    )
    assert (m.username, m.password_env, m.sender) == (
        "ugyfelkapu",
        "SMTP_PASSWORD",
        "Ügyfélkapu <noreply@example.hu>",
    )
    assert config.card.allow_manual_entry is False
    assert config.card.virtual_profile == "kovacs-eva"
    k = config.kiosk
    assert (
        k.enabled,
        k.idle_seconds,
        k.warning_seconds,
        k.end_on_card_removal,
        k.on_screen_keyboard,
    ) == (True, 60, 15, False, True)


def test_the_smtp_port_defaults_to_the_one_for_the_security_mode(tmp_path: Path) -> None:
    for security, port in (("starttls", 587), ("tls", 465), ("none", 25)):
        config = load_config(write(tmp_path, f'[mail]\nsecurity = "{security}"\n'))
        assert config.mail.effective_port == port


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("colour = 'red'", "colour"),
        ("[mail]\ntransprot = 'smtp'", "mail.transprot"),
        ("[kiosk]\nidle = 5", "kiosk.idle"),
        ("[mail]\ntransport = 'pigeon'", "mail.transport"),
        ("[mail]\nsecurity = 'ssl'", "mail.security"),
        ("[mail]\nport = 70000", "mail.port"),
        ("[mail]\nport = '25'", "mail.port"),
        ("[mail]\nport = true", "mail.port"),
        ("[mail]\nhost = ''", "mail.host"),
        ("[mail]\nsender = 'nobody'", "mail.sender"),
        ("data_dir = 5", "data_dir"),
        ("mail = 'smtp'", "mail"),
        ("[card]\nallow_manual_entry = 'yes'", "card.allow_manual_entry"),
        ("[kiosk]\nidle_seconds = 1", "kiosk.idle_seconds"),
        ("[kiosk]\nattendant_pin_hash = '1234'", "kiosk.attendant_pin_hash"),
    ],
)
def test_unknown_keys_and_bad_values_are_reported_with_the_key_name(
    tmp_path: Path, text: str, key: str
) -> None:
    with pytest.raises(ConfigError) as exc:
        load_config(write(tmp_path, text))
    assert key in exc.value.message.en
    assert key in exc.value.message.hu


def test_a_file_that_is_not_toml_or_missing_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as bad:
        load_config(write(tmp_path, "[mail\n"))
    assert "not valid TOML" in bad.value.message.en
    with pytest.raises(ConfigError) as missing:
        load_config(tmp_path / "nowhere.toml")
    assert "not found" in missing.value.message.en


def test_trusted_cscas_are_paths_relative_to_the_config_file(tmp_path: Path) -> None:
    (tmp_path / "csca").mkdir()
    (tmp_path / "extra.pem").write_text("", encoding="utf-8")
    config = load_config(
        write(
            tmp_path,
            '[card]\ncsca = ["csca", "extra.pem"]\nrequire_passive_authentication = true\n',
        )
    )
    assert config.card.csca == (tmp_path / "csca", tmp_path / "extra.pem")
    assert config.card.require_passive_authentication is True


def test_a_single_csca_path_may_be_a_string_and_by_default_none_is_configured(
    tmp_path: Path,
) -> None:
    (tmp_path / "hu.pem").write_text("", encoding="utf-8")
    assert load_config(write(tmp_path, '[card]\ncsca = "hu.pem"\n')).card.csca == (
        tmp_path / "hu.pem",
    )
    defaults = load_config(write(tmp_path, ""))
    assert defaults.card.csca == ()
    assert defaults.card.require_passive_authentication is False


def test_require_chip_authentication_is_read_and_left_to_the_mode_when_absent(
    tmp_path: Path,
) -> None:
    assert load_config(write(tmp_path, "")).card.require_chip_authentication is None
    on = load_config(write(tmp_path, "[card]\nrequire_chip_authentication = true\n"))
    assert on.card.require_chip_authentication is True
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, '[card]\nrequire_chip_authentication = "yes"\n'))
    assert "require_chip_authentication" in info.value.message.en


@pytest.mark.parametrize(
    "text",
    ['[card]\ncsca = "missing-dir"', "[card]\ncsca = 5", '[card]\ncsca = [""]'],
)
def test_a_bad_csca_setting_is_named_with_its_key(tmp_path: Path, text: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, text))
    assert "card.csca" in info.value.message.en
    assert "card.csca" in info.value.message.hu


def test_the_card_read_timeout_is_30_seconds_unless_configured_within_bounds(
    tmp_path: Path,
) -> None:
    assert load_config(write(tmp_path, "")).card.read_timeout_seconds == 30
    config = load_config(write(tmp_path, "[card]\nread_timeout_seconds = 12\n"))
    assert config.card.read_timeout_seconds == 12
    for bad in ("0", "601", '"30"', "true"):
        with pytest.raises(ConfigError) as info:
            load_config(write(tmp_path, f"[card]\nread_timeout_seconds = {bad}\n"))
        assert "card.read_timeout_seconds" in info.value.message.en
        assert "card.read_timeout_seconds" in info.value.message.hu


def test_a_login_is_refused_without_encryption_unless_the_server_is_on_this_machine(
    tmp_path: Path,
) -> None:
    clear = '[mail]\ntransport = "smtp"\nsecurity = "none"\nusername = "u"\n'
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, clear + 'host = "smtp.example.hu"\n'))
    assert "mail.username" in info.value.message.en
    assert "starttls" in info.value.message.en
    assert "mail.username" in info.value.message.hu
    # A relay on this machine is reached without the network: allowed.
    for host in ("localhost", "127.0.0.1", "::1"):
        assert load_config(write(tmp_path, clear + f'host = "{host}"\n')).mail.username == "u"
    # Encrypted, any host.
    tls = '[mail]\ntransport = "smtp"\nsecurity = "tls"\nusername = "u"\nhost = "smtp.example.hu"\n'
    assert load_config(write(tmp_path, tls)).mail.username == "u"


def test_the_registry_url_chooses_sqlite_or_postgresql_with_its_tls_settings(
    tmp_path: Path,
) -> None:
    (tmp_path / "ca.pem").write_text("not checked here: libpq reads it", encoding="utf-8")
    pg = load_config(
        write(
            tmp_path,
            """
[registry]
url = "postgresql://ugyfelkapu@db.example.hu:5432/registry"
password_env = "REGISTRY_DB_PASSWORD"
sslmode = "verify-full"
sslrootcert = "ca.pem"
key_file = "keys/registry.key"
""",
        )
    )
    assert pg.registry.is_postgresql
    assert pg.registry.url == "postgresql://ugyfelkapu@db.example.hu:5432/registry"
    assert pg.registry.password_env == "REGISTRY_DB_PASSWORD"
    assert pg.registry.sslmode == "verify-full"
    assert pg.registry.sslrootcert == tmp_path / "ca.pem"
    assert pg.registry_key_path == tmp_path / "keys" / "registry.key"

    lite = load_config(write(tmp_path, '[registry]\nurl = "sqlite:///srv/ugyfelkapu/r.sqlite3"\n'))
    assert not lite.registry.is_postgresql
    assert lite.database_path == Path("/srv/ugyfelkapu/r.sqlite3")
    default = load_config(write(tmp_path, ""))
    assert default.database_path == default.data_dir / "registry.sqlite3"


@pytest.mark.parametrize(
    ("text", "key", "words"),
    [
        ('url = "postgresql://u:titok@db/registry"', "registry.url", "password"),
        ('url = "postgresql://u@db/registry?password=titok"', "registry.url", "password"),
        ('url = "mysql://db/registry"', "registry.url", "postgresql://"),
        ('url = "sqlite://relative.sqlite3"', "registry.url", "sqlite:///PATH"),
        ('url = "postgresql://db/"', "registry.url", "database"),
        ('url = "postgresql://db/r"\npassword_env = "NOT A NAME"', "registry.password_env", ""),
        ('url = "postgresql://db/r"\nsslmode = "sometimes"', "registry.sslmode", "verify-full"),
        ('url = "postgresql://db/r"\nsslrootcert = "missing.pem"', "registry.sslrootcert", ""),
        ('sslmode = "require"', "registry.sslmode", "PostgreSQL"),
        ('host = "db"', "registry.host", ""),
    ],
)
def test_a_bad_registry_setting_is_named_with_its_key_and_never_echoes_a_password(
    tmp_path: Path, text: str, key: str, words: str
) -> None:
    with pytest.raises(ConfigError) as exc:
        load_config(write(tmp_path, f"[registry]\n{text}\n"))
    assert key in exc.value.message.en
    assert key in exc.value.message.hu
    assert words in exc.value.message.en
    assert "titok" not in exc.value.message.en + exc.value.message.hu
