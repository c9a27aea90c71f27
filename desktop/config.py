"""The application's TOML config: where data lives, how mail goes out, card and kiosk settings.

Every key is optional. An unknown key or a bad value raises `ConfigError` naming the key, so a
typo in a kiosk's config is reported instead of silently ignored.
"""

from __future__ import annotations

import enum
import os
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from desktop.messages import Message
from desktop.registration.errors import SystemFault

DATA_DIR_ENV = "UGYFELKAPU_DATA_DIR"
_E = TypeVar("_E", bound=enum.Enum)
DATABASE_NAME = "registry.sqlite3"


class ConfigError(SystemFault):
    """The config file has an unknown key or a bad value; the message names the key."""

    code = "config-error"


class MailTransport(enum.Enum):
    FILE = "file"
    SMTP = "smtp"


class MailSecurity(enum.Enum):
    STARTTLS = "starttls"
    TLS = "tls"
    NONE = "none"


@dataclass(frozen=True)
class MailConfig:
    transport: MailTransport = MailTransport.FILE
    host: str = "localhost"
    port: int | None = None
    security: MailSecurity = MailSecurity.STARTTLS
    username: str | None = None
    # The name of an environment variable holding the SMTP password: the password itself is
    # never written into the config file.
    password_env: str | None = None
    sender: str = "Ügyfélkapu <ugyfelkapu@ugyfelkapu.example>"
    # PEM file of the certificate authorities trusted for the mail server's certificate,
    # instead of the system's (an office's internal mail server with its own CA).
    ca_file: Path | None = None

    @property
    def effective_port(self) -> int:
        """The configured port, or the usual one for the security mode."""
        if self.port is not None:
            return self.port
        return {MailSecurity.TLS: 465, MailSecurity.STARTTLS: 587, MailSecurity.NONE: 25}[
            self.security
        ]


@dataclass(frozen=True)
class CardConfig:
    # None means "the default for the mode": allowed at home, refused on a kiosk.
    allow_manual_entry: bool | None = None
    virtual_profile: str | None = None
    # Trusted CSCA certificates (files or directories) for passive authentication; empty means
    # the ones shipped in resources/pki/csca (the TEST ONLY CSCA of the virtual cards).
    csca: tuple[Path, ...] = ()
    # Refuse a card whose EF.SOD could not be checked (no CSCA configured for its issuer);
    # an invalid one is always refused.
    require_passive_authentication: bool = False
    # Refuse a chip that offers no chip authentication (CA, AA, PACE-CAM) covered by passive
    # authentication; a failed one is always refused. None: the default for the mode, off
    # at home and on at a kiosk.
    require_chip_authentication: bool | None = None
    # A whole card read ends (typed, "the card did not answer in time") after this long; a
    # genuine read takes a few seconds at most, a hostile or broken card could take for ever.
    read_timeout_seconds: int = 30


@dataclass(frozen=True)
class KioskConfig:
    enabled: bool = False
    idle_seconds: int = 90
    warning_seconds: int = 20
    end_on_card_removal: bool = True
    on_screen_keyboard: bool = False
    attendant_pin_hash: str | None = None
    # How long the kiosk's "done" screen stays before it returns to Start by itself.
    done_seconds: int = 10


SSL_MODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")
POSTGRESQL_KEY_NAME = "registry-postgresql.key"


@dataclass(frozen=True)
class RegistryConfig:
    """`[registry]`: where the registry lives. No url: the SQLite file in the data directory."""

    # "postgresql://user@host:port/database" (never with a password in it); a `sqlite:///PATH`
    # url is kept as Config.database instead.
    url: str | None = None
    # The name of an environment variable holding the database password.
    password_env: str | None = None
    sslmode: str | None = None
    sslrootcert: Path | None = None
    # The registry's secret key (keyed hashes, encrypted fields); every process sharing one
    # PostgreSQL registry needs the same file. Default: <data_dir>/registry-postgresql.key.
    key_file: Path | None = None

    @property
    def is_postgresql(self) -> bool:
        return self.url is not None and self.url.startswith(("postgresql://", "postgres://"))


@dataclass(frozen=True)
class RegistryServiceConfig:
    """`[registry] url = "https://…"`: the registration service, and how to reach it."""

    url: str
    # PEM: the CA that issued the service's certificate (None: the system's CAs).
    ca_file: Path | None = None
    # PEM: this kiosk's certificate and its private key (none: the public, home role).
    client_cert: Path | None = None
    client_key: Path | None = None
    # Seconds to wait for the service to connect and answer one step.
    timeout: float = 30.0


@dataclass(frozen=True)
class Config:
    data_dir: Path
    mail: MailConfig = field(default_factory=MailConfig)
    card: CardConfig = field(default_factory=CardConfig)
    kiosk: KioskConfig = field(default_factory=KioskConfig)
    # `ugyfelkapu-admin --db PATH` (or `[registry] url = "sqlite:///PATH"`) names the file.
    database: Path | None = None
    registry: RegistryConfig = field(default_factory=RegistryConfig)
    # Set when the registry is the registration service over HTTPS.
    registry_service: RegistryServiceConfig | None = None

    @property
    def registry_key_path(self) -> Path:
        """The PostgreSQL registry's key file (a SQLite registry keeps its own beside it)."""
        if self.registry.key_file is not None:
            return self.registry.key_file
        return self.data_dir / POSTGRESQL_KEY_NAME

    @property
    def database_path(self) -> Path:
        return self.database if self.database is not None else self.data_dir / DATABASE_NAME

    @property
    def outbox_dir(self) -> Path:
        """Where the file mail transport writes `.eml` files."""
        return self.data_dir / "outbox"


def default_data_dir() -> Path:
    """The per-user data directory, or UGYFELKAPU_DATA_DIR when set (tests, portable use)."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir("ugyfelkapu", appauthor=False))


def load_config(path: Path | str | None = None) -> Config:
    """Read the TOML config at `path`; with None, the embedded default (file mail transport)."""
    if path is None:
        return Config(data_dir=default_data_dir())
    import tomllib  # only a config file needs the parser; the app's first screen does not

    path = Path(path)
    try:
        with path.open("rb") as f:
            raw = tomllib.load(f)
    except FileNotFoundError:
        raise _config_error(
            Message(
                f"A beállítófájl nem található: {path}", f"The config file was not found: {path}"
            )
        ) from None
    except OSError as exc:
        raise _config_error(
            Message(
                f"A beállítófájl nem olvasható: {path} ({exc.strerror})",
                f"The config file cannot be read: {path} ({exc.strerror})",
            )
        ) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise _config_error(
            Message(
                f"A beállítófájl nem érvényes TOML: {path}: {exc}",
                f"The config file is not valid TOML: {path}: {exc}",
            )
        ) from None
    except (RecursionError, MemoryError):
        # The parser recurses once per nested array or inline table; no setting nests at all.
        raise _config_error(
            Message(
                f"A beállítófájl túl mélyen egymásba ágyazott tömböket vagy táblákat tartalmaz: "
                f"{path}",
                f"The config file nests arrays or tables too deeply: {path}",
            )
        ) from None
    return config_from_mapping(raw, base_dir=path.parent)


def config_from_mapping(raw: Mapping[str, Any], *, base_dir: Path | None = None) -> Config:
    """Build a Config from parsed TOML; relative `data_dir` is taken from `base_dir`."""
    reader = _Section(raw, "")
    data_dir_text = reader.string("data_dir")
    reader.known("data_dir", "mail", "card", "kiosk", "registry")
    if data_dir_text is not None:
        data_dir = Path(data_dir_text).expanduser()
        if not data_dir.is_absolute() and base_dir is not None:
            data_dir = base_dir / data_dir
    else:
        data_dir = default_data_dir()
    registry_section = reader.section("registry")
    url = registry_section.raw_value("url")
    registry_service = None
    if isinstance(url, str) and url.startswith("https:"):
        # The registration service: the app holds no registry of its own.
        registry_service = _registry_service(registry_section, base_dir)
        registry, database = RegistryConfig(), None
    else:
        registry, database = _registry(registry_section, base_dir)
    return Config(
        data_dir=data_dir,
        mail=_mail(reader.section("mail"), base_dir),
        card=_card(reader.section("card"), base_dir),
        kiosk=_kiosk(reader.section("kiosk")),
        database=database,
        registry=registry,
        registry_service=registry_service,
    )


_ENV_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _path(s: _Section, name: str, base_dir: Path | None, *, must_exist: bool) -> Path | None:
    text = s.string(name)
    if text is None:
        return None
    if not text.strip():
        raise s.bad(name, "nem lehet üres", "must not be empty")
    path = Path(text).expanduser()
    if not path.is_absolute() and base_dir is not None:
        path = base_dir / path
    if must_exist and not path.is_file():
        raise s.bad(name, f"nem létező fájl ({path})", f"names a file that does not exist ({path})")
    return path


def _registry(s: _Section, base_dir: Path | None) -> tuple[RegistryConfig, Path | None]:
    """`[registry]`; returns it and the SQLite file a `sqlite:///` url names."""
    s.known("url", "password_env", "sslmode", "sslrootcert", "key_file")
    from urllib.parse import parse_qs, unquote, urlsplit

    url = s.string("url")
    password_env = s.string("password_env")
    if password_env is not None and not _ENV_NAME.fullmatch(password_env):
        raise s.bad(
            "password_env",
            "egy környezeti változó neve kell legyen",
            "must be the name of an environment variable",
        )
    sslmode = s.string("sslmode")
    if sslmode is not None and sslmode not in SSL_MODES:
        raise s.bad(
            "sslmode",
            "ezek egyike kell legyen: " + ", ".join(SSL_MODES),
            "must be one of: " + ", ".join(SSL_MODES),
        )
    sslrootcert = _path(s, "sslrootcert", base_dir, must_exist=True)
    key_file = _path(s, "key_file", base_dir, must_exist=False)
    database: Path | None = None
    if url is not None:
        parts = urlsplit(url)
        if parts.scheme == "sqlite":
            if parts.netloc or not parts.path or parts.path == "/":
                raise s.bad(
                    "url",
                    "sqlite:///ÚTVONAL alakú kell legyen (három perjellel)",
                    "must look like sqlite:///PATH (three slashes)",
                )
            database = Path(unquote(parts.path)).expanduser()
            url = None
        elif parts.scheme in ("postgresql", "postgres"):
            if parts.password is not None or "password" in parse_qs(parts.query):
                raise s.bad(
                    "url",
                    "nem tartalmazhat jelszót: a jelszót a registry.password_env nevű "
                    "környezeti változó adja",
                    "must not hold a password: put it in the environment variable named by "
                    "registry.password_env",
                )
            if not parts.path.strip("/"):
                raise s.bad(
                    "url",
                    "meg kell neveznie az adatbázist (postgresql://gép/adatbázis)",
                    "must name the database (postgresql://host/database)",
                )
        else:
            raise s.bad(
                "url",
                "sqlite:///…, postgresql://… vagy https://… kell legyen",
                "must be sqlite:///…, postgresql://… or https://…",
            )
    if url is None and (password_env or sslmode or sslrootcert):
        name = "password_env" if password_env else "sslmode" if sslmode else "sslrootcert"
        raise s.bad(
            name,
            'csak PostgreSQL-nyilvántartáshoz (url = "postgresql://…") adható meg',
            'only applies to a PostgreSQL registry (url = "postgresql://…")',
        )
    return (
        RegistryConfig(
            url=url,
            password_env=password_env,
            sslmode=sslmode,
            sslrootcert=sslrootcert,
            key_file=key_file,
        ),
        database,
    )


_LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


def _mail(s: _Section, base_dir: Path | None) -> MailConfig:
    s.known(
        "transport", "host", "port", "security", "username", "password_env", "sender", "ca_file"
    )
    d = MailConfig()
    ca_file = _ca_file(s, base_dir)
    port = s.integer("port", minimum=1, maximum=65535)
    sender = s.string("sender")
    if sender is not None:
        _check_sender(s.key("sender"), sender)
    host = s.string("host")
    if host is not None and not host.strip():
        raise s.bad("host", "nem lehet üres", "must not be empty")
    security = s.choice("security", MailSecurity) or d.security
    username = s.string("username")
    effective_host = host if host is not None else d.host
    if (
        username is not None
        and security is MailSecurity.NONE
        and effective_host not in _LOOPBACK_HOSTS
    ):
        # The login's password would cross the network in clear text.
        raise s.bad(
            "username",
            'titkosítás nélkül (security = "none") csak a saját gépre küldhető',
            'needs security = "starttls" or "tls" unless the server is on this machine',
        )
    return MailConfig(
        transport=s.choice("transport", MailTransport) or d.transport,
        host=effective_host,
        port=port,
        security=security,
        username=username,
        password_env=s.string("password_env"),
        sender=sender if sender is not None else d.sender,
        ca_file=ca_file,
    )


def _ca_file(s: _Section, base_dir: Path | None) -> Path | None:
    """`[mail] ca_file`, resolved like `data_dir`; it must exist and hold PEM certificates."""
    text = s.string("ca_file")
    if text is None:
        return None
    if not text.strip():
        raise s.bad("ca_file", "nem lehet üres", "must not be empty")
    path = Path(text).expanduser()
    if not path.is_absolute() and base_dir is not None:
        path = base_dir / path
    if not path.is_file():
        raise s.bad(
            "ca_file", f"nem létező fájl ({path})", f"names a file that does not exist ({path})"
        )
    import ssl  # only a config naming a CA file needs it

    try:
        # Loaded the way the mail transport will load it, so what passes here works there.
        ssl.create_default_context(cafile=str(path))
    except (ssl.SSLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or type(exc).__name__
        raise s.bad(
            "ca_file",
            f"nem olvasható PEM-tanúsítványfájl ({path}: {reason})",
            f"is not a readable PEM certificate file ({path}: {reason})",
        ) from None
    return path


def _registry_service(s: _Section, base_dir: Path | None) -> RegistryServiceConfig | None:
    """`[registry]` naming the registration service (`url = "https://…"`), or None."""
    s.known("url", "ca_file", "client_cert", "client_key", "timeout")
    url = s.string("url")
    if url is None:
        for name in ("ca_file", "client_cert", "client_key", "timeout"):
            if s.raw_value(name) is not None:
                raise s.bad(
                    name, 'csak url = "https://…" mellett adható meg', 'needs url = "https://…"'
                )
        return None
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname or parts.username or parts.password:
        raise s.bad(
            "url",
            "https://GÉP[:PORT] alakú kell legyen (jelszó nélkül)",
            "must look like https://HOST[:PORT] (with no password in it)",
        )
    cert = _existing_file(s, "client_cert", base_dir)
    key = _existing_file(s, "client_key", base_dir)
    if (cert is None) != (key is None):
        raise s.bad(
            "client_cert" if cert is None else "client_key",
            "a client_cert és a client_key csak együtt adható meg",
            "client_cert and client_key go together",
        )
    timeout = s.raw_value("timeout")
    if timeout is not None and (
        isinstance(timeout, bool) or not isinstance(timeout, int | float) or not 1 <= timeout <= 600
    ):
        raise s.bad(
            "timeout", "1 és 600 közötti szám kell legyen", "must be a number from 1 to 600"
        )
    return RegistryServiceConfig(
        url=url.rstrip("/"),
        ca_file=_ca_file(s, base_dir),
        client_cert=cert,
        client_key=key,
        timeout=30.0 if timeout is None else float(timeout),
    )


def _existing_file(s: _Section, name: str, base_dir: Path | None) -> Path | None:
    text = s.string(name)
    if text is None:
        return None
    path = Path(text).expanduser()
    if not path.is_absolute() and base_dir is not None:
        path = base_dir / path
    if not path.is_file():
        raise s.bad(name, f"nem létező fájl ({path})", f"names a file that does not exist ({path})")
    return path


def _check_sender(key: str, sender: str) -> None:
    from email.headerregistry import Address
    from email.utils import parseaddr

    _name, addr = parseaddr(sender)
    if "@" not in addr:
        raise _bad_value(key, "nem e-mail-cím", "is not an e-mail address")
    try:
        Address(addr_spec=addr)
    except (ValueError, IndexError):
        raise _bad_value(key, "nem e-mail-cím", "is not an e-mail address") from None


def _card(s: _Section, base_dir: Path | None) -> CardConfig:
    s.known(
        "allow_manual_entry",
        "virtual_profile",
        "csca",
        "require_passive_authentication",
        "require_chip_authentication",
        "read_timeout_seconds",
    )
    timeout = s.integer("read_timeout_seconds", minimum=5, maximum=600)
    return CardConfig(
        allow_manual_entry=s.boolean("allow_manual_entry"),
        virtual_profile=s.string("virtual_profile"),
        csca=_csca_paths(s, base_dir),
        require_passive_authentication=bool(s.boolean("require_passive_authentication")),
        require_chip_authentication=s.boolean("require_chip_authentication"),
        read_timeout_seconds=CardConfig.read_timeout_seconds if timeout is None else timeout,
    )


def _csca_paths(s: _Section, base_dir: Path | None) -> tuple[Path, ...]:
    """`csca`: a path or a list of paths, each an existing certificate file or directory."""
    value = s.raw_value("csca")
    if value is None:
        return ()
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(i, str) and i for i in items):
        raise s.bad(
            "csca",
            "útvonal vagy útvonalak listája kell legyen",
            "must be a path or a list of paths",
        )
    paths = []
    for item in items:
        _refuse_control_characters(s.key("csca"), item)
        path = Path(item).expanduser()
        if not path.is_absolute() and base_dir is not None:
            path = base_dir / path
        if not path.exists():
            raise s.bad(
                "csca", f"nem létező útvonalat ad meg: {path}", f"names a missing path: {path}"
            )
        paths.append(path)
    return tuple(paths)


def _kiosk(s: _Section) -> KioskConfig:
    s.known(
        "enabled",
        "idle_seconds",
        "warning_seconds",
        "end_on_card_removal",
        "on_screen_keyboard",
        "attendant_pin_hash",
        "done_seconds",
    )
    d = KioskConfig()
    pin_hash = s.string("attendant_pin_hash")
    if pin_hash is not None and not pin_hash.startswith("$argon2id$"):
        raise s.bad(
            "attendant_pin_hash",
            "nem Argon2id-kivonat (készítse az `ugyfelkapu-admin kiosk-pin` paranccsal)",
            "is not an Argon2id hash (make one with `ugyfelkapu-admin kiosk-pin`)",
        )
    idle = s.integer("idle_seconds", minimum=10, maximum=3600)
    warning = s.integer("warning_seconds", minimum=5, maximum=600)
    enabled = s.boolean("enabled")
    removal = s.boolean("end_on_card_removal")
    keyboard = s.boolean("on_screen_keyboard")
    done = s.integer("done_seconds", minimum=3, maximum=300)
    return KioskConfig(
        enabled=d.enabled if enabled is None else enabled,
        idle_seconds=d.idle_seconds if idle is None else idle,
        warning_seconds=d.warning_seconds if warning is None else warning,
        end_on_card_removal=d.end_on_card_removal if removal is None else removal,
        on_screen_keyboard=d.on_screen_keyboard if keyboard is None else keyboard,
        attendant_pin_hash=pin_hash,
        done_seconds=d.done_seconds if done is None else done,
    )


def _refuse_control_characters(key: str, value: str) -> None:
    """No setting holds a control character or a line break.

    A NUL byte breaks every path (the OS refuses it), and a CR or LF in a value that ends up in
    a mail header (`sender`) or an SMTP command would break every message or inject a header:
    refused here, with the key's name, instead of failing later at every registration.
    """
    for char in value:
        if unicodedata.category(char) == "Cc" or char in "\u2028\u2029":
            raise _bad_value(
                key,
                f"vezérlőkaraktert vagy sortörést tartalmaz (U+{ord(char):04X})",
                f"contains a control character or line break (U+{ord(char):04X})",
            )


def _config_error(message: Message) -> ConfigError:
    return ConfigError(message)


def _bad_value(key: str, hu: str, en: str) -> ConfigError:
    return _config_error(Message(f"Hibás beállítás: {key} {hu}.", f"Bad setting: {key} {en}."))


class _Section:
    """Typed reads from one TOML table; every error names the dotted key."""

    def __init__(self, raw: Mapping[str, Any], prefix: str) -> None:
        self._raw = raw
        self._prefix = prefix

    def key(self, name: str) -> str:
        return f"{self._prefix}.{name}" if self._prefix else name

    def bad(self, name: str, hu: str, en: str) -> ConfigError:
        return _bad_value(self.key(name), hu, en)

    def known(self, *names: str) -> None:
        for name in self._raw:
            if name not in names:
                k = self.key(name)
                raise _config_error(
                    Message(f"Ismeretlen beállítás: {k}.", f"Unknown setting: {k}.")
                )

    def section(self, name: str) -> _Section:
        value = self._raw.get(name, {})
        if not isinstance(value, dict):
            raise self.bad(name, "szakasz kell legyen ([...])", "must be a table ([...])")
        return _Section(value, self.key(name))

    def raw_value(self, name: str) -> Any:
        return self._raw.get(name)

    def string(self, name: str) -> str | None:
        value = self._raw.get(name)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.bad(name, "szöveg kell legyen", "must be a string")
        _refuse_control_characters(self.key(name), value)
        return value

    def boolean(self, name: str) -> bool | None:
        value = self._raw.get(name)
        if value is None:
            return None
        if not isinstance(value, bool):
            raise self.bad(name, "true vagy false kell legyen", "must be true or false")
        return value

    def integer(self, name: str, *, minimum: int, maximum: int) -> int | None:
        value = self._raw.get(name)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.bad(name, "egész szám kell legyen", "must be a whole number")
        if not minimum <= value <= maximum:
            raise self.bad(
                name,
                f"{minimum} és {maximum} között kell legyen",
                f"must be between {minimum} and {maximum}",
            )
        return value

    def choice(self, name: str, kind: type[_E]) -> _E | None:
        text = self.string(name)
        if text is None:
            return None
        try:
            return kind(text)
        except ValueError:
            options = ", ".join(f'"{m.value}"' for m in kind)
            raise self.bad(
                name, f"ezek egyike kell legyen: {options}", f"must be one of {options}"
            ) from None
