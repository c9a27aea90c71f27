"""`ugyfelkapu-registry`: run the registration service, or print its OpenAPI document.

    ugyfelkapu-registry serve --config server.toml
    ugyfelkapu-registry openapi            # the document the service serves at /openapi.json

A bad config stops it with one clear line (Hungarian, then English) and exit code 2.
"""

from __future__ import annotations

import argparse
import json
import logging
import signal
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop.registration.errors import RegistrationError

EXIT_USAGE = 2


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="ugyfelkapu-registry",
        description="Az Ügyfélkapu-nyilvántartás HTTPS-szolgáltatása / "
        "The Ügyfélkapu registry as an HTTPS service",
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    serve = sub.add_parser("serve", help="run the service (HTTPS, optional client certificates)")
    serve.add_argument("--config", metavar="FILE", type=Path, required=True)
    sub.add_parser("openapi", help="print the service's OpenAPI document (JSON)")
    return p


def openapi_document() -> dict[str, Any]:
    """The OpenAPI document, built without a registry (the routes do not need one to be listed)."""
    from desktop.registry_service.app import create_app

    app = create_app(None, None, deliver_every=None)  # type: ignore[arg-type]
    return app.openapi()


def openapi_text() -> str:
    return json.dumps(openapi_document(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def serve(settings_path: Path, open_registry: Callable[..., Any] | None = None) -> int:
    """Open the registry the config names and serve it until SIGINT/SIGTERM."""
    import uvicorn

    from desktop.registry import open_service
    from desktop.registry_service.app import create_app
    from desktop.registry_service.idempotency import STATE_FILE, IdempotencyStore
    from desktop.registry_service.settings import load_settings
    from desktop.registry_service.tls import PeerH11Protocol, Revocations, server_context

    settings = load_settings(settings_path)
    registry = (open_registry or open_service)(settings.registry)
    idempotency = IdempotencyStore(settings.registry.data_dir / STATE_FILE)
    try:
        app = create_app(
            registry,
            idempotency,
            limits=settings.limits,
            revoked=Revocations(settings.tls.revoked),
        )
        context = server_context(settings.tls)
        config = uvicorn.Config(
            app,
            host=settings.host,
            port=settings.port,
            http=PeerH11Protocol,
            ssl_context_factory=lambda _config, _default: context,
            lifespan="on",
            timeout_keep_alive=15,
            proxy_headers=False,
            server_header=False,
        )
        # uvicorn shuts down gracefully on SIGTERM/SIGINT and then raises the signal again
        # under the handler it found: with the default one the process would die there and
        # the registry would never be closed (SQLite's WAL left behind, PostgreSQL
        # connections dropped rather than ended). With this one it ends here, through
        # `finally`, with status 0, which is what systemd expects of a clean stop.
        previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            uvicorn.Server(config).run()
        except _Stopped as stopped:
            logging.getLogger(__name__).info("stopped by %s", stopped.signal_name)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
    finally:
        idempotency.close()
        registry.close()
    return 0


class _Stopped(Exception):
    """A stop signal, after uvicorn's own graceful shutdown (see `serve`)."""

    def __init__(self, signum: int) -> None:
        self.signal_name = signal.Signals(signum).name
        super().__init__(self.signal_name)


def _stop(signum: int, _frame: object) -> None:
    raise _Stopped(signum)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    if args.command == "openapi":
        sys.stdout.write(openapi_text())
        return 0
    try:
        return serve(args.config)
    except RegistrationError as exc:  # a bad config or an unusable registry: say it and stop
        print(exc.message.hu, file=sys.stderr)
        print(exc.message.en, file=sys.stderr)
        return EXIT_USAGE
    except (OSError, ValueError) as exc:  # a TLS file that does not load
        print(f"A szolgáltatás nem indul / The service cannot start: {exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    raise SystemExit(main())
