"""The attendant PIN: hashing for the config, verification, and the brake on wrong PINs."""

from __future__ import annotations

import pytest

from desktop.kiosk.pin import (
    PinFormatError,
    PinThrottle,
    check_pin_format,
    hash_pin,
    is_pin_hash,
    verify_pin,
)


@pytest.fixture(scope="module")
def pin_hash() -> str:
    return hash_pin("480213")


def test_the_hash_is_an_argon2id_phc_string_without_the_pin(pin_hash: str) -> None:
    assert pin_hash.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert "480213" not in pin_hash
    assert is_pin_hash(pin_hash)


def test_the_right_pin_verifies_and_a_wrong_one_does_not(pin_hash: str) -> None:
    assert verify_pin("480213", pin_hash)
    assert not verify_pin("480214", pin_hash)
    assert not verify_pin("", pin_hash)


def test_two_hashes_of_one_pin_differ_by_their_salt() -> None:
    assert hash_pin("135790") != hash_pin("135790")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "$argon2id$",
        "$argon2i$v=19$m=65536,t=3,p=4$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2g",
        "$argon2id$v=19$m=99999999,t=3,p=4$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaGhhc2g",
        "480213",
    ],
)
def test_malformed_or_unreasonable_hashes_are_not_accepted(text: str) -> None:
    assert not is_pin_hash(text)
    assert not verify_pin("480213", text)


@pytest.mark.parametrize("pin", ["12345", "1234567890123", "12a456", "١٢٣٤٥٦", "123 456"])
def test_a_pin_must_be_six_to_twelve_ascii_digits(pin: str) -> None:
    with pytest.raises(PinFormatError) as info:
        check_pin_format(pin)
    assert info.value.message.hu
    assert info.value.message.en
    assert pin not in str(info.value) or pin == ""


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_wrong_pins_are_slowed_down_more_and_more() -> None:
    clock = FakeClock()
    throttle = PinThrottle(free_attempts=2, base_seconds=5, max_seconds=40, clock=clock)
    assert [throttle.record_failure() for _ in range(2)] == [0.0, 0.0]
    assert throttle.seconds_left() == 0.0
    delays = [throttle.record_failure() for _ in range(5)]
    assert delays == [5, 10, 20, 40, 40]
    assert throttle.seconds_left() == 40
    clock.now += 39
    assert throttle.seconds_left() == pytest.approx(1)
    clock.now += 1
    assert throttle.seconds_left() == 0.0


def test_the_right_pin_lifts_the_brake() -> None:
    clock = FakeClock()
    throttle = PinThrottle(free_attempts=0, base_seconds=5, clock=clock)
    throttle.record_failure()
    throttle.record_success()
    assert throttle.seconds_left() == 0.0
    assert throttle.record_failure() == 5
