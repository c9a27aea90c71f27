"""The wheel carries code, resources and compiled translations; installed in a fresh venv
(as pipx would), its four programs work without the source tree."""

from __future__ import annotations

import tarfile
import zipfile
from pathlib import Path

import pytest

from tests.packaging import program_checks
from tests.packaging.artifacts import REPO, Venv, project_version, run, sdist, wheel

pytestmark = [pytest.mark.packaging, pytest.mark.timeout(900)]


def shipped_resources() -> set[str]:
    """Resource files of the tree that must be in the artefacts, relative to resources/."""
    root = REPO / "resources"
    files = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
    # Compiled translations are built files: every .ts must arrive as a .qm.
    files |= {f.removesuffix(".ts") + ".qm" for f in files if f.endswith(".ts")}
    return files


def test_the_wheel_carries_every_resource_and_the_compiled_translations() -> None:
    names = set(zipfile.ZipFile(wheel()).namelist())
    carried = {n.removeprefix("ugyfelkapu_resources/") for n in names}
    missing = shipped_resources() - carried
    assert not missing, f"missing from the wheel: {sorted(missing)}"


def test_the_wheel_declares_the_four_programs_and_the_pyproject_version() -> None:
    archive = zipfile.ZipFile(wheel())
    info = f"ugyfelkapu_eid-{project_version()}.dist-info"
    entry_points = archive.read(f"{info}/entry_points.txt").decode()
    for line in (
        "ugyfelkapu = desktop.app:main",
        "eid-card = cardreader.cli:main",
        "ugyfelkapu-admin = desktop.registry.admin:main",
        "ugyfelkapu-registry = desktop.registry_service.cli:main",
    ):
        assert line in entry_points
    assert f"Version: {project_version()}\n" in archive.read(f"{info}/METADATA").decode()


def test_the_sdist_carries_the_resources_the_wheel_is_built_from() -> None:
    prefix = f"ugyfelkapu_eid-{project_version()}/resources/"
    with tarfile.open(sdist()) as archive:
        carried = {m.name.removeprefix(prefix) for m in archive.getmembers() if m.isfile()}
    missing = shipped_resources() - carried
    assert not missing, f"missing from the sdist: {sorted(missing)}"


def test_installed_wheel_reports_the_pyproject_version(fresh_venv: Venv) -> None:
    program_checks.check_version(fresh_venv.run_program)


def test_installed_wheel_reads_the_demo_virtual_card(fresh_venv: Venv) -> None:
    program_checks.check_reads_demo_card(fresh_venv.run_program)


def test_installed_wheel_shows_the_first_screen_offscreen(fresh_venv: Venv) -> None:
    program_checks.check_first_screen(fresh_venv.run_program)


def test_installed_wheel_admin_tool_answers(fresh_venv: Venv) -> None:
    program_checks.check_admin_answers(fresh_venv.run_program)


def test_installed_wheel_registry_service_serves_https(
    fresh_venv: Venv, tmp_path_factory: pytest.TempPathFactory
) -> None:
    workdir = tmp_path_factory.mktemp("registry-service")
    program_checks.check_registry_serves(
        fresh_venv.start_program, workdir, str(workdir / "server.toml")
    )


def test_installed_wheel_finds_its_resources_in_site_packages(fresh_venv: Venv) -> None:
    code = (
        "import cardreader.resources as c, desktop.resources as d; "
        "print(c.resources_dir()); print(d.resources_dir())"
    )
    ran = run([str(fresh_venv.path / "bin" / "python"), "-c", code]).ok()
    card_side, desktop_side = (Path(line) for line in ran.stdout.split())
    assert card_side == desktop_side
    assert card_side.name == "ugyfelkapu_resources"
    assert "site-packages" in card_side.parts
    assert (card_side / "demo" / "citizens.csv").is_file()
