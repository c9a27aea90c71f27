"""A blind person registers with Orca: the whole flow through AT-SPI, as a screen reader sees it.

The app runs as itself (`python -m desktop`) on a private Xvfb with its own D-Bus and AT-SPI
bus; Orca 43 listens; a driver finds controls by role and name, presses them, and types with
the X keyboard. At every step the test checks what a screen reader acts on: the event that
carries the error or the outcome (the focus moving to a message, or the description of the
focused field changing), that the focus is on a named control, that nothing unnamed can take
the focus, and finally that Orca itself spoke each of those texts.
"""

from __future__ import annotations

import base64
import re
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QTranslator

from desktop.registration import words
from desktop.registration.errors import RuleViolation
from desktop.registry import rules
from desktop.registry.totp import code_at
from tests.gui.driver import EVA_CAN, EVA_CODE, PASSWORD, code_from
from tests.screen_reader.conftest import Orca, RunningApp, start_app
from tests.screen_reader.desktop_session import DesktopSession
from tests.screen_reader.screen_reader import Event, ScreenReader, spoken

pytestmark = [pytest.mark.gui, pytest.mark.screen_reader, pytest.mark.slow]

# After each message, as long as a person listens before going on: Orca speaks from a queue,
# and a focus event whose object lost the focus before Orca reached it is, rightly, skipped.
LISTEN_SECONDS = 1.5
TRANSLATIONS = Path(__file__).resolve().parents[2] / "resources" / "translations"
TEXT, PASSWORD_TEXT, BUTTON, CHECK = "text", "password text", "push button", "check box"


class Texts:
    """The app's own words in one language, from its compiled translations."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._translator = QTranslator()
        assert self._translator.load(str(TRANSLATIONS / f"ugyfelkapu_{lang}.qm"))

    def __call__(self, context: str, source: str) -> str:
        return self._translator.translate(context, source) or source


class Listener:
    """Asserts, step by step, what the person hears; collects it for the Orca comparison."""

    def __init__(self, reader: ScreenReader) -> None:
        self.reader = reader
        self.expected: list[str] = []  # every text that must have been spoken

    def hears(self, action: Callable[[], None], text: str, *, kind: str = "any") -> Event:
        """Do `action`; the event a screen reader speaks must then carry `text`."""
        since = self.reader.mark()
        action()
        event = self.reader.wait_for(
            lambda e: (kind == "any" or e["type"] == kind) and text in spoken(e),
            since,
            what=repr(text),
        )
        self.expected.append(text)
        time.sleep(LISTEN_SECONDS)
        return event

    def focus_is_named(self) -> None:
        focus = self.reader.last_focus()
        assert focus["name"].strip(), f"the focus is on an unnamed {focus['role']}"

    def nothing_unnamed_takes_focus(self) -> None:
        assert self.reader.unnamed_focusable() == []

    def is_on_page(self, title: str) -> None:
        """The title is a heading, and the page a panel named by it (said as focus enters)."""
        self.reader.find("heading", title)
        self.reader.find("panel", title)


def totp_now(secret: bytes, *, ahead: int = 0) -> str:
    return code_at(secret, datetime.now(UTC) + timedelta(seconds=30 * ahead))


def b32decode(key: str) -> bytes:
    bare = key.replace(" ", "")
    return base64.b32decode(bare + "=" * (-len(bare) % 8))


def retype(reader: ScreenReader, field: str, text: str, role: str = TEXT) -> None:
    """Focus `field`, empty it with Backspace (whatever a refusal left there), type `text`.

    The field must then hold what was typed (a password field shows one bullet per
    character); X may drop a key when the keyboard map changes under it, so a field that
    does not is typed again, at most twice more.
    """
    for _attempt in range(3):
        reader.focus(role, field)
        reader.key("End")
        reader.key("BackSpace", times=max(len(reader.find(role, field).get("text", "")), 1))
        reader.type(text)
        shown = reader.find(role, field).get("text", "")
        if shown == text or (role == PASSWORD_TEXT and len(shown) == len(text)):
            return
    raise AssertionError(f"{field!r} holds {shown!r} after typing {text!r} three times")


def first_sentence(text: str) -> str:
    return re.split(r"(?<=\.) ", text, maxsplit=1)[0]


@pytest.mark.timeout(420)
@pytest.mark.parametrize("lang", ["hu", "en"])
def test_a_screen_reader_hears_every_error_and_outcome_of_the_whole_flow(
    desktop: DesktopSession,
    orca: Orca,
    reader: ScreenReader,
    stop_later: list[RunningApp],
    tmp_path: Path,
    lang: str,
) -> None:
    t = Texts(lang)
    problem = t("Page", "Problem")
    stop_later.append(start_app(desktop, tmp_path / "data", lang))
    reader.attach("ugyfelkapu")
    you = Listener(reader)
    next_ = t("Page", "Next")

    # Start: the focus is on the first choice; nothing unnamed is a Tab stop.
    register = t("StartPage", "Registration with the electronic identity card")
    reader.find(BUTTON, register, timeout=30)
    reader.wait_for(lambda e: e["type"] == "focus" and e["name"] == register, 0, what=register)
    you.nothing_unnamed_takes_focus()

    # F1: the help is read out; Esc closes it and the focus returns.
    you.hears(lambda: reader.key("F1"), t("WizardFrame", "Help: %1").split("%1")[0])
    you.hears(lambda: reader.key("Escape"), register, kind="focus")

    # Card page: the title is the page's name, the focus on the CAN field.
    you.hears(lambda: reader.press(BUTTON, register), t("CardPage", "CAN"), kind="focus")
    you.is_on_page(t("CardPage", "Start identification"))
    you.focus_is_named()
    you.nothing_unnamed_takes_focus()

    # The card is read: the registration code field takes the focus and says so.
    read = t("CardPage", "The card was read: document ID %1.").replace("%1", "201847KA")
    you.hears(lambda: reader.type(EVA_CAN), read, kind="focus")

    # A wrong registration code is refused, and the refusal is heard.
    wrong_code = first_sentence(words.verification_failed(4).in_language(lang))
    reader.type("AAAA2222BBB")
    you.hears(lambda: reader.press(BUTTON, t("CardPage", "Check")), f"{problem}: {wrong_code}")
    you.focus_is_named()

    # The right code: "Sikeres ellenőrzés" / "The check succeeded".
    retype(reader, t("CardPage", "Registration code"), EVA_CODE)
    checked = t("VerifyPage", "The check succeeded: the registry recognised you.")
    you.hears(lambda: reader.press(BUTTON, t("CardPage", "Check")), checked, kind="focus")
    you.is_on_page(t("VerifyPage", "Check"))
    you.nothing_unnamed_takes_focus()

    # Cancel asks first: the question is the name of the bar that takes the focus.
    question = t(
        "WizardFrame",
        "Stop the registration? Everything you typed will be deleted from this computer.",
    )
    you.hears(lambda: reader.key("Escape"), t("WizardFrame", "No, continue"), kind="focus")
    reader.find("panel", question)
    you.expected.append(question)
    time.sleep(LISTEN_SECONDS)
    reader.press(BUTTON, t("WizardFrame", "No, continue"))

    # Username: the rules are heard as they change while typing.
    username_field = t("UsernamePage", "Username")
    you.hears(lambda: reader.press(BUTTON, next_), username_field, kind="focus")
    you.is_on_page(t("UsernamePage", "Choose a username"))
    not_yet = t("UsernamePage", "Not met yet: %1").split("%1")[0]
    you.hears(lambda: reader.type("Er"), not_yet, kind="description")
    you.hears(lambda: reader.type("deiTünde"), t("UsernamePage", "Every rule is met."))

    # E-mail: which problem it is — an invalid address, then two addresses that differ.
    email_field = t("EmailPage", "E-mail address")
    you.hears(lambda: reader.press(BUTTON, next_), email_field, kind="focus")
    try:
        rules.check_email("kis.anna@")
        raise AssertionError("kis.anna@ passed the e-mail check")
    except RuleViolation as refused:
        invalid = refused.message.in_language(lang)
    you.hears(lambda: reader.type("kis.anna@"), invalid, kind="description")
    reader.type("example.hu")
    reader.key("Tab")
    differ = t("EmailPage", "The two addresses differ. Check both.")
    you.hears(lambda: reader.type("kis.anna@example.hx"), differ, kind="description")
    reader.key("BackSpace")
    reader.type("u")

    # Summary: the privacy notice is text a screen reader reads, not a bare label.
    you.hears(lambda: reader.press(BUTTON, next_), "", kind="focus")
    privacy = reader.find(TEXT, t("SummaryPage", "Privacy notice"))
    assert len(privacy.get("text", "")) > 200
    reader.press(CHECK, t("SummaryPage", "I have read the privacy notice and accept it."))
    registered = t(
        "ActivationPage",
        "Registration succeeded. We sent the activation code to %1. It is valid for 5 days.",
    ).replace("%1", "kis.anna@example.hu")
    you.hears(lambda: reader.press(BUTTON, t("SummaryPage", "Register")), registered, kind="focus")
    you.nothing_unnamed_takes_focus()

    # The demo mailbox is read as text: the activation code is in it.
    mailbox = t("ActivationPage", "Demo mailbox")
    reader.press(BUTTON, mailbox)
    mail = reader.find(TEXT, mailbox)
    code = code_from(mail.get("text", ""))
    retype(reader, t("ActivationPage", "Activation code"), code)
    retype(reader, t("ActivationPage", "New password"), PASSWORD, PASSWORD_TEXT)
    retype(reader, t("ActivationPage", "New password again"), PASSWORD, PASSWORD_TEXT)
    code_field = t("SecondFactorPage", "Code from the app")
    reader.press(BUTTON, t("ActivationPage", "Activate"))
    key = reader.find(TEXT, t("SecondFactorPage", "Key for manual entry"), timeout=20)
    secret = b32decode(key["text"])
    you.focus_is_named()

    # A wrong authenticator code is refused, heard; the right one goes on.
    reader.focus(TEXT, code_field)
    wrong = "000000" if totp_now(secret) != "000000" else "111111"
    reader.type(wrong)
    reader.press(CHECK, t("SecondFactorPage", "I have saved the recovery code."))
    invalid_totp = first_sentence(words.invalid_totp().in_language(lang))
    confirm = t("SecondFactorPage", "Confirm")
    you.hears(lambda: reader.press(BUTTON, confirm), f"{problem}: {invalid_totp}")
    retype(reader, code_field, totp_now(secret))
    you.hears(lambda: reader.press(BUTTON, confirm), t("SignInPage", "Username"), kind="focus")
    you.is_on_page(t("SignInPage", "Ügyfélkapu is ready"))
    you.nothing_unnamed_takes_focus()

    # Signing in: a wrong password is refused and heard; the right one is welcomed. (The code
    # of the next 30 s: the one just used to confirm is, rightly, not taken twice.)
    retype(reader, t("SignInPage", "Password"), "not the password", PASSWORD_TEXT)
    retype(reader, t("SignInPage", "Code from the app"), totp_now(secret, ahead=1))
    failed = first_sentence(words.sign_in_failed().in_language(lang))
    sign_in = t("SignInPage", "Sign in")
    you.hears(lambda: reader.press(BUTTON, sign_in), f"{problem}: {failed}", kind="focus")
    retype(reader, t("SignInPage", "Password"), PASSWORD, PASSWORD_TEXT)
    retype(reader, t("SignInPage", "Code from the app"), totp_now(secret, ahead=1))
    welcome = t("SignInPage", "Signed in. Welcome, %1! Your Ügyfélkapu account works.")
    you.hears(lambda: reader.press(BUTTON, sign_in), welcome.split("%1")[0], kind="focus")
    you.focus_is_named()

    # Orca itself spoke every one of those texts.
    said = "\n".join(orca.speech())
    (tmp_path / f"orca-speech-{lang}.txt").write_text(said, encoding="utf-8")  # to look at
    unspoken = [text for text in you.expected if text and text not in said]
    assert unspoken == [], f"Orca did not say: {unspoken}"
