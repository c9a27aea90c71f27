"""The frozen bundle reaches its first screen no slower than 1.2x the wheel in a venv."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.packaging.artifacts import Venv, bundle
from tests.packaging.startup import compare_startup

pytestmark = [pytest.mark.packaging, pytest.mark.timeout(600)]

MAX_RATIO = 1.2


def test_the_frozen_bundle_starts_within_1_2x_of_the_venv(fresh_venv: Venv, tmp_path: Path) -> None:
    result = compare_startup(
        [str(bundle() / "ugyfelkapu"), "--smoke-test"],
        [str(fresh_venv.path / "bin" / "ugyfelkapu"), "--smoke-test"],
        home=str(tmp_path / "home"),
    )
    assert result.ratio <= MAX_RATIO, (
        f"frozen {result.frozen_median:.3f} s vs venv {result.venv_median:.3f} s "
        f"(median ratio of rounds {result.ratio:.2f}): {result}"
    )
