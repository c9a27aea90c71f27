"""`[kiosk]` settings: defaults, each key validated with a message that names it, the example."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.config import KioskConfig, load_config
from desktop.kiosk.pin import verify_pin
from desktop.registry.errors import ConfigError

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "packaging" / "kiosk" / "kiosk.toml"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_every_kiosk_setting_has_a_sensible_default(tmp_path: Path) -> None:
    kiosk = load_config(write(tmp_path, "[kiosk]\n")).kiosk
    assert kiosk == KioskConfig()
    assert (kiosk.idle_seconds, kiosk.warning_seconds, kiosk.done_seconds) == (90, 20, 10)
    assert kiosk.end_on_card_removal
    assert not kiosk.on_screen_keyboard
    assert not kiosk.enabled


def test_every_kiosk_setting_is_read(tmp_path: Path) -> None:
    kiosk = load_config(
        write(
            tmp_path,
            "[kiosk]\nenabled = true\nidle_seconds = 120\nwarning_seconds = 30\n"
            "end_on_card_removal = false\non_screen_keyboard = true\ndone_seconds = 5\n",
        )
    ).kiosk
    assert kiosk == KioskConfig(True, 120, 30, False, True, None, 5)


@pytest.mark.parametrize(
    ("line", "key"),
    [
        ("idle_seconds = 5", "kiosk.idle_seconds"),
        ("warning_seconds = 'húsz'", "kiosk.warning_seconds"),
        ("done_seconds = 0", "kiosk.done_seconds"),
        ("done_seconds = 301", "kiosk.done_seconds"),
        ("end_on_card_removal = 'yes'", "kiosk.end_on_card_removal"),
        ("on_screen_keyboard = 1", "kiosk.on_screen_keyboard"),
        ("attendant_pin_hash = '123456'", "kiosk.attendant_pin_hash"),
        ("idle_secs = 90", "kiosk.idle_secs"),
    ],
)
def test_a_bad_kiosk_setting_is_refused_naming_the_key(tmp_path: Path, line: str, key: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, f"[kiosk]\n{line}\n"))
    assert key in info.value.message.hu
    assert key in info.value.message.en


def test_the_example_kiosk_config_of_the_setup_guide_loads() -> None:
    config = load_config(EXAMPLE)
    assert config.kiosk.enabled
    assert config.kiosk.on_screen_keyboard
    assert config.card.allow_manual_entry is False
    assert str(config.data_dir) == "/var/lib/ugyfelkapu"


def test_ugyfelkapu_admin_kiosk_pin_prints_a_hash_the_config_accepts(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "desktop.registry", "kiosk-pin"],
        input="902731\n",
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    phc = done.stdout.strip()
    assert "902731" not in phc
    kiosk = load_config(write(tmp_path, f'[kiosk]\nattendant_pin_hash = "{phc}"\n')).kiosk
    assert kiosk.attendant_pin_hash is not None
    assert verify_pin("902731", kiosk.attendant_pin_hash)
