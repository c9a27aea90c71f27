"""The registry service over HTTPS with mTLS against the local registry, in one run.

    PYTHONPATH=. python tests/benchmarks/bench_registry_service.py [--citizens N]

A SQLite registry with N generated citizens (100,000 by default) is served by
`ugyfelkapu-registry serve` (uvicorn, TLS 1.3, a kiosk client certificate, production Argon2id,
file mail transport so no SMTP server paces it), on 127.0.0.1. Load comes from client
processes (up to 4, each with threads, each thread its own keep-alive HTTPS connection) at 1,
8 and 32 concurrent clients. Reported: verifications/s and p50/p99 latency, registrations/s,
activations/s (Argon2id-bound) with one and two service processes on the same registry, and
the same operations called in process on the local registry (threads) for the ratio.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from registry_data import document_number, registration_code, rows

from desktop.config import Config, RegistryServiceConfig
from desktop.registry import open_service
from desktop.registry.mail import read_file_outbox
from desktop.registry_client.client import RemoteRegistry
from tests.registry_service.harness import free_port, make_pki

PASSWORD = "nyári almafa kék villamos"
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def username(i: int) -> str:
    """A valid username (letters only) for the i-th registration."""
    s = ""
    for _ in range(5):
        i, r = divmod(i, 26)
        s += LETTERS[r]
    return "Mérés" + s


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1e3


# --- load in a client process --------------------------------------------------------------


def _client_load(
    kind: str,
    urls: list[str],
    tls: tuple[str, str, str],
    items: list[tuple[Any, ...]],
    threads: int,
) -> tuple[list[float], float, float]:
    ca, cert, key = tls
    latencies: list[float] = []
    lock = threading.Lock()
    chunks = [items[t::threads] for t in range(threads)]

    def run(t: int) -> None:
        settings = RegistryServiceConfig(
            url=urls[t % len(urls)], ca_file=Path(ca), client_cert=Path(cert),
            client_key=Path(key), timeout=120,
        )  # fmt: skip
        client = RemoteRegistry(settings)
        mine: list[float] = []
        client.health()  # the TLS handshake before the clock starts
        for item in chunks[t]:
            t0 = time.perf_counter()
            _step(client, kind, item)
            mine.append(time.perf_counter() - t0)
        client.close()
        with lock:
            latencies.extend(mine)

    start = time.perf_counter()
    workers = [threading.Thread(target=run, args=(t,)) for t in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return latencies, start, time.perf_counter()


def _step(registry: Any, kind: str, item: tuple[Any, ...]) -> None:
    if kind == "verify":
        registry.verify(*item)
    elif kind == "register":
        from desktop.registration.models import Verification

        token, name, email = item
        registry.register(_Token(token), name, email)
        del Verification
    else:
        registry.activate(*item)


class _Token:
    def __init__(self, token: str) -> None:
        self.token = token


def remote_run(
    kind: str, urls: list[str], tls: tuple[str, str, str], items: list[tuple[Any, ...]],
    clients: int,
) -> tuple[float, list[float]]:  # fmt: skip
    processes = min(clients, 4)
    per = [items[p::processes] for p in range(processes)]
    threads = [
        clients // processes + (1 if p < clients % processes else 0) for p in range(processes)
    ]
    with ProcessPoolExecutor(processes) as pool:
        futures = [
            pool.submit(_client_load, kind, urls, tls, per[p], threads[p]) for p in range(processes)
        ]
        results = [f.result() for f in futures]
    latencies = [x for r in results for x in r[0]]
    wall = max(r[2] for r in results) - min(r[1] for r in results)
    return len(latencies) / wall, latencies


def local_run(
    registry: Any, kind: str, items: list[tuple[Any, ...]], clients: int
) -> tuple[float, list[float]]:
    latencies: list[float] = []
    lock = threading.Lock()
    chunks = [items[t::clients] for t in range(clients)]

    def run(t: int) -> None:
        mine = []
        for item in chunks[t]:
            t0 = time.perf_counter()
            _step(registry, kind, item)
            mine.append(time.perf_counter() - t0)
        with lock:
            latencies.extend(mine)

    start = time.perf_counter()
    workers = [threading.Thread(target=run, args=(t,)) for t in range(clients)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return len(latencies) / (time.perf_counter() - start), latencies


# --- the service processes -------------------------------------------------------------------


def start_services(
    directory: Path, data_dir: Path, pki: Any, count: int, url: str | None = None
) -> list[tuple[subprocess.Popen[bytes], int]]:
    started = []
    program = Path(sys.executable).with_name("ugyfelkapu-registry")
    for n in range(count):
        port = free_port()
        path = directory / f"server-{n}.toml"
        path.write_text(
            f'data_dir = "{data_dir}"\nlisten = "127.0.0.1:{port}"\n'
            f'[tls]\ncert = "{pki.server.cert}"\nkey = "{pki.server.key}"\n'
            f'client_ca = "{pki.ca.pem}"\nrequire_client_certificate = true\n'
            "[limits]\nper_client_burst = 100000\nper_client_rate = 100000\n"
            "total_burst = 1000000\ntotal_rate = 1000000\n"
            + (f'[registry]\nurl = "{url}"\n' if url else ""),
            encoding="utf-8",
        )
        log = (directory / f"server-{n}.log").open("wb")
        proc = subprocess.Popen(
            [str(program), "serve", "--config", str(path)], stdout=log, stderr=log
        )
        started.append((proc, port))
    for proc, port in started:
        kiosk = pki.kiosk("bench")
        probe = RemoteRegistry(
            RegistryServiceConfig(
                url=f"https://127.0.0.1:{port}",
                ca_file=pki.ca.pem,
                client_cert=kiosk.cert,
                client_key=kiosk.key,
            )
        )
        deadline = time.monotonic() + 60
        while not probe.health():
            if proc.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"service did not start: {directory}")
            time.sleep(0.2)
        probe.close()
    return started


def stop_services(started: list[tuple[subprocess.Popen[bytes], int]]) -> None:
    for proc, _ in started:
        os.kill(proc.pid, signal.SIGTERM)
    for proc, _ in started:
        proc.wait(60)


# --- the run -----------------------------------------------------------------------------------


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--citizens", type=int, default=100_000)
    p.add_argument("--levels", default="1,8,32")
    p.add_argument("--verifies", type=int, default=1500)
    p.add_argument("--registers", type=int, default=120)
    p.add_argument("--activations", type=int, default=16)
    p.add_argument("--keep", action="store_true", help="keep the registry and the logs")
    p.add_argument(
        "--postgresql",
        action="store_true",
        help="the registry in a private PostgreSQL cluster (durable settings) instead of SQLite",
    )
    args = p.parse_args()
    levels = [int(x) for x in args.levels.split(",")]
    rng = random.Random(11)
    directory = Path(tempfile.mkdtemp(prefix="bench-service-"))
    pki = make_pki(directory / "pki")
    kiosk = pki.kiosk("bench")
    tls = (str(pki.ca.pem), str(kiosk.cert), str(kiosk.key))
    data_dir = directory / "data"
    server = None
    url = None
    if args.postgresql:
        from desktop.config import RegistryConfig
        from tests.postgresql import Server

        server = Server(durable=True)
        url = server.create_database()
    config = (
        Config(data_dir=data_dir, registry=RegistryConfig(url=url))
        if url
        else Config(data_dir=data_dir)
    )
    registry = open_service(config)
    t0 = time.perf_counter()
    registry.import_citizen_rows(rows(args.citizens))
    print(f"# {'PostgreSQL' if url else 'SQLite'}: "
          f"{args.citizens} citizens imported in {time.perf_counter() - t0:.1f} s; "
          f"load average {os.getloadavg()[0]:.2f}; {os.cpu_count()} CPUs", flush=True)  # fmt: skip

    # Citizens are used once per registration; verify only touches the first half.
    half = args.citizens // 2

    def verify_items(n: int) -> list[tuple[Any, ...]]:
        picks = [rng.randrange(half) for _ in range(n)]
        return [(document_number(i, True, args.citizens), registration_code(i)) for i in picks]

    next_citizen = [half]

    def register_items(n: int, reg: Any) -> list[tuple[Any, ...]]:
        out = []
        for _ in range(n):
            i = next_citizen[0]
            next_citizen[0] += 1
            v = reg.verify(document_number(i, True, args.citizens), registration_code(i))
            out.append((v.token, username(i), f"m{i}@example.hu"))
        return out

    def activation_items(registered: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        codes = {}
        import re

        for mail in read_file_outbox(config):
            found = re.search(
                r"^([A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4})$", mail.text.replace("\r\n", "\n"), re.M
            )
            if found:
                codes[mail.to] = found.group(1)
        return [(name, codes[email], PASSWORD) for _t, name, email in registered]

    results: list[str] = []

    def report(where: str, op: str, clients: int, rate: float, lat: list[float]) -> None:
        line = (f"| {where} | {op} | {clients} | {rate:,.0f}/s | {pct(lat, 0.5):.1f} | "
                f"{pct(lat, 0.99):.1f} |")  # fmt: skip
        results.append(line)
        print(line, flush=True)

    print("| registry | operation | clients | throughput | p50 ms | p99 ms |")
    print("|---|---|---|---|---|---|")
    # Local first (in process), then the service, on the same file.
    for c in levels:
        rate, lat = local_run(registry, "verify", verify_items(args.verifies), c)
        report("local", "verify", c, rate, lat)
    local_registered: dict[int, list[tuple[Any, ...]]] = {}
    for c in levels:
        items = register_items(args.registers, registry)
        rate, lat = local_run(registry, "register", items, c)
        local_registered[c] = items
        report("local", "register", c, rate, lat)
    for c in (1, 2, 4):
        items = activation_items(local_registered[levels[-1]])[: args.activations]
        local_registered[levels[-1]] = local_registered[levels[-1]][args.activations :]
        rate, lat = local_run(registry, "activate", items, c)
        report("local", "activate", c, rate, lat)

    pending = {c: register_items(args.registers, registry) for c in levels}
    registry.close()

    for processes in (1, 2):
        started = start_services(directory, data_dir, pki, processes, url)
        urls = [f"https://127.0.0.1:{port}" for _, port in started]
        try:
            where = f"service ×{processes}"
            if processes == 1:
                for c in levels:
                    rate, lat = remote_run("verify", urls, tls, verify_items(args.verifies), c)
                    report(where, "verify", c, rate, lat)
                for c in levels:
                    rate, lat = remote_run("register", urls, tls, pending[c], c)
                    report(where, "register", c, rate, lat)
            else:
                rate, lat = remote_run("verify", urls, tls, verify_items(args.verifies), 32)
                report(where, "verify", 32, rate, lat)
            acts = activation_items(pending[levels[-1]])
            chunk = acts[(processes - 1) * args.activations * 3 :]
            for k, c in enumerate((1, 2, 4)):
                items = chunk[k * args.activations : (k + 1) * args.activations]
                if len(items) < args.activations:
                    break
                rate, lat = remote_run("activate", urls, tls, items, c)
                report(where, "activate", c, rate, lat)
        finally:
            stop_services(started)
    print(f"# load average after: {os.getloadavg()[0]:.2f}")
    if server is not None and url is not None:
        server.drop_database(url)
        server.close()
    if args.keep:
        print(f"# files in {directory}")
    else:
        import shutil

        shutil.rmtree(directory)


if __name__ == "__main__":
    main()
