"""The API as documented: the committed OpenAPI document is the one the service serves, the
service keeps to it under property-based fuzzing (Schemathesis), and no secret reaches a log
line, the access log included."""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from desktop.registry.totp import code_at
from desktop.registry_client.client import RemoteRegistry, client_context
from desktop.registry_service.cli import openapi_text
from tests.registry_service.harness import REPO, Pki, Service, Smtp, write_config

COMMITTED = REPO / "docs" / "registry-openapi.json"
ST = Path(sys.executable).with_name("st")
CHECKS = ",".join(
    (
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
        "unsupported_method",
    )
)
# Per operation; with the coverage phase's cases this makes well over 2,000 requests.
EXAMPLES = 300


def test_the_committed_openapi_document_is_the_one_the_service_serves(service: Service) -> None:
    with httpx.Client(verify=client_context(service.client_settings(None))) as client:
        served = client.get(f"{service.url}/openapi.json").json()
    assert json.loads(COMMITTED.read_text(encoding="utf-8")) == served, (
        "regenerate it: ugyfelkapu-registry openapi > docs/registry-openapi.json"
    )
    assert COMMITTED.read_text(encoding="utf-8") == openapi_text()
    paths = set(served["paths"])
    assert paths == {
        "/health",
        "/v1/verify",
        "/v1/username-check",
        "/v1/register",
        "/v1/resend-activation",
        "/v1/activate",
        "/v1/confirm-second-factor",
        "/v1/sign-in",
        "/v1/manual-entry-allowed",
    }
    problem = served["paths"]["/v1/verify"]["post"]["responses"]["403"]["content"]
    assert list(problem) == ["application/problem+json"]


@pytest.mark.slow
@pytest.mark.timeout(400)
@pytest.mark.skipif(not ST.exists(), reason="schemathesis is not installed (pip: schemathesis)")
def test_schemathesis_finds_no_server_error_and_no_answer_outside_the_schema(
    service: Service, tmp_path: Path
) -> None:
    kiosk = service.pki.kiosk("kiosk-fuzz")
    reports = tmp_path / "reports"
    done = subprocess.run(
        [
            str(ST), "run", f"{service.url}/openapi.json",
            "--tls-verify", str(service.pki.ca.pem),
            "--request-cert", str(kiosk.cert), "--request-cert-key", str(kiosk.key),
            "--checks", CHECKS, "-n", str(EXAMPLES), "--seed", "20261206",
            "--report", "json", "--report-dir", str(reports), "--no-color",
        ],
        capture_output=True, text=True, timeout=380, cwd=tmp_path,  # its cache stays there
    )  # fmt: skip
    (report_path,) = reports.glob("*.json")
    report = json.loads(report_path.read_text())
    assert done.returncode == 0, done.stdout[-5000:]
    # Every operation of the committed document was exercised.
    document = json.loads(COMMITTED.read_text(encoding="utf-8"))
    operations = sum(len(methods) for methods in document["paths"].values())
    assert report["operations"]["tested"] == operations
    assert report["test_cases"]["generated"] >= 2000
    assert report["test_cases"]["with_failures"] == 0
    assert report["errors"] == []
    assert " 500 " not in service.log()


def test_no_secret_reaches_any_log_line_of_the_service(
    tmp_path: Path, pki: Pki, smtp: Smtp
) -> None:
    service = write_config(tmp_path, pki, smtp.port)
    service.start()
    client = RemoteRegistry(service.client_settings("kiosk-a"))
    password = "nyári almafa kék villamos"
    secrets: list[str] = ["Q4mT7xR2kW9", "Q4mT7xR2kW8", password, "wrong password 12345"]
    try:
        with pytest.raises(Exception):  # noqa: B017  a wrong code: refused, and logged as such
            client.verify("201847KA", "Q4mT7xR2kW8")
        verification = client.verify("201847KA", "Q4mT7xR2kW9")
        secrets.append(verification.token)
        client.register(verification, "ErdeiTünde", "kis.anna@example.hu")
        deadline = time.monotonic() + 10
        while not smtp.inbox.messages and time.monotonic() < deadline:
            time.sleep(0.05)
        part = smtp.inbox.messages[0].get_body(preferencelist=("plain",))
        assert part is not None
        from tests.registry_service.test_error_parity import _code_from

        code = _code_from(str(part.get_content()))
        secrets.append(code)
        enrolment = client.activate("ErdeiTünde", code, password)
        secrets += [enrolment.secret_base32, enrolment.recovery_code]
        secret = base64.b32decode(enrolment.secret_base32)
        totp = code_at(secret, datetime.now(UTC))
        client.confirm_second_factor("ErdeiTünde", totp)
        with pytest.raises(Exception):  # noqa: B017
            client.sign_in("ErdeiTünde", "wrong password 12345", "000000")
        # A request the API refuses as malformed must not echo its values either.
        httpx.post(
            f"{service.url}/v1/sign-in",
            json={"username": "x", "password": password, "totp_code": 5},
            verify=client_context(service.client_settings(None)),
        )
    finally:
        client.close()
        service.stop()
    log = service.log()
    assert '"POST /v1/register HTTP/1.1" 200' in log  # the access log is there
    for value in secrets:
        assert value not in log
        assert value.replace("-", "") not in log
    assert (
        shutil.which("grep") is None
        or subprocess.run(
            ["grep", "-F", "-e", password, "-e", enrolment.recovery_code, str(service.log_path)],
            capture_output=True,
        ).returncode
        == 1
    )
