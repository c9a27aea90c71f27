"""The service's config: the app's TOML (`data_dir`, `[registry]`, `[mail]`) plus its own keys.

`listen = "HOST:PORT"`; `[tls]` `cert`, `key`, `client_ca`, `require_client_certificate`,
`revoked` (a PEM certificate revocation list, re-read when it changes); `[limits]` the rate and
size limits. Unknown keys are refused by name as in the app's config; paths are taken relative
to the config file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop.config import Config, ConfigError, _Section, config_from_mapping
from desktop.messages import Message

SERVICE_KEYS = ("listen", "tls", "limits")


@dataclass(frozen=True)
class TlsSettings:
    cert: Path
    key: Path
    client_ca: Path | None = None
    require_client_certificate: bool = False
    revoked: Path | None = None


@dataclass(frozen=True)
class Limits:
    """Per-client and total budgets for the guessable steps, and the size and time of a request."""

    # verify and sign-in: a client (certificate or address) may spend `per_client` requests in
    # a burst, refilled at `per_client_rate` per second; all clients together `total` refilled
    # at `total_rate`.
    per_client_burst: int = 20
    per_client_rate: float = 2.0
    total_burst: int = 400
    total_rate: float = 200.0
    max_body_bytes: int = 16 * 1024
    request_seconds: float = 30.0


@dataclass(frozen=True)
class ServiceSettings:
    host: str
    port: int
    tls: TlsSettings
    registry: Config
    limits: Limits = field(default_factory=Limits)


def load_settings(path: Path | str) -> ServiceSettings:
    """Read the service's config file; ConfigError names a bad or unknown key."""
    import tomllib

    path = Path(path)
    try:
        with path.open("rb") as f:
            raw = tomllib.load(f)
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(
            Message(
                f"A szolgáltatás beállítófájlja nem olvasható: {path} ({exc})",
                f"The service's config file cannot be read: {path} ({exc})",
            )
        ) from None
    return settings_from_mapping(raw, base_dir=path.parent)


def settings_from_mapping(raw: dict[str, Any], *, base_dir: Path) -> ServiceSettings:
    own = {k: raw[k] for k in SERVICE_KEYS if k in raw}
    rest = {k: v for k, v in raw.items() if k not in SERVICE_KEYS}
    registry = config_from_mapping(rest, base_dir=base_dir)
    if registry.registry_service is not None:
        raise ConfigError(
            Message(
                "Hibás beállítás: registry.url a szolgáltatásnál sqlite:///… vagy "
                "postgresql://… lehet, nem egy másik szolgáltatás.",
                "Bad setting: registry.url of the service must be sqlite:///… or "
                "postgresql://…, not another service.",
            )
        )
    top = _Section(own, "")
    listen = top.string("listen") or "127.0.0.1:8443"
    host, port = _listen(listen)
    return ServiceSettings(
        host=host,
        port=port,
        tls=_tls(top.section("tls"), base_dir),
        registry=registry,
        limits=_limits(top.section("limits")),
    )


def _listen(text: str) -> tuple[str, int]:
    host, sep, port_text = text.rpartition(":")
    if not sep or not host or not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise ConfigError(
            Message(
                "Hibás beállítás: listen GÉP:PORT alakú kell legyen.",
                "Bad setting: listen must look like HOST:PORT.",
            )
        )
    return host.strip("[]"), int(port_text)


def _file(s: _Section, name: str, base_dir: Path, *, required: bool) -> Path | None:
    text = s.string(name)
    if text is None:
        if required:
            raise s.bad(name, "kötelező (PEM-fájl)", "is required (a PEM file)")
        return None
    path = Path(text).expanduser()
    if not path.is_absolute():
        path = base_dir / path
    if not path.is_file():
        raise s.bad(name, f"nem létező fájl ({path})", f"names a file that does not exist ({path})")
    return path


def _tls(s: _Section, base_dir: Path) -> TlsSettings:
    s.known("cert", "key", "client_ca", "require_client_certificate", "revoked")
    cert = _file(s, "cert", base_dir, required=True)
    key = _file(s, "key", base_dir, required=True)
    assert cert is not None
    assert key is not None
    client_ca = _file(s, "client_ca", base_dir, required=False)
    require = bool(s.boolean("require_client_certificate"))
    if require and client_ca is None:
        raise s.bad(
            "require_client_certificate",
            "csak client_ca megadásával kérhető",
            "needs client_ca (the CA that issues kiosk certificates)",
        )
    return TlsSettings(
        cert=cert,
        key=key,
        client_ca=client_ca,
        require_client_certificate=require,
        revoked=_file(s, "revoked", base_dir, required=False),
    )


def _limits(s: _Section) -> Limits:
    s.known(
        "per_client_burst",
        "per_client_rate",
        "total_burst",
        "total_rate",
        "max_body_bytes",
        "request_seconds",
    )
    d = Limits()

    def number(name: str, default: float, low: float, high: float) -> float:
        value = s.raw_value(name)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise s.bad(name, "szám kell legyen", "must be a number")
        if not low <= value <= high:
            raise s.bad(
                name, f"{low} és {high} között kell legyen", f"must be between {low} and {high}"
            )
        return float(value)

    return Limits(
        per_client_burst=int(number("per_client_burst", d.per_client_burst, 1, 100_000)),
        per_client_rate=number("per_client_rate", d.per_client_rate, 0.01, 100_000),
        total_burst=int(number("total_burst", d.total_burst, 1, 1_000_000)),
        total_rate=number("total_rate", d.total_rate, 0.01, 1_000_000),
        max_body_bytes=int(number("max_body_bytes", d.max_body_bytes, 1024, 1 << 20)),
        request_seconds=number("request_seconds", d.request_seconds, 1, 600),
    )
