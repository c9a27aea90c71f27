"""The words of every refusal that follows from its data, in Hungarian and English.

One place for the wording, on whichever side of a network the error is rebuilt: an error
travels as its code and data (`desktop.registration.errors`) and is worded here. No message
carries a secret; times are given in Budapest time in both languages.
"""

from __future__ import annotations

from datetime import date, datetime

from desktop.messages import Message

_HU_MONTHS = (
    "január",
    "február",
    "március",
    "április",
    "május",
    "június",
    "július",
    "augusztus",
    "szeptember",
    "október",
    "november",
    "december",
)


def _local(moment: datetime) -> datetime:
    # Imported on first use: the time-zone machinery is not needed to import the contract.
    from desktop.registration.local_time import local

    return local(moment)


def format_time_hu(moment: datetime) -> str:
    """A moment as Hungarian readers write it, in Budapest time."""
    m = _local(moment)
    return f"{m.year}. {_HU_MONTHS[m.month - 1]} {m.day}. {m:%H:%M} ({m.tzname()})"


def format_time_en(moment: datetime) -> str:
    """A moment in English, in Budapest time."""
    m = _local(moment)
    return f"{m.day} {m:%B %Y}, {m:%H:%M} ({m.tzname()})"


def times(moment: datetime) -> tuple[str, str]:
    return format_time_hu(moment), format_time_en(moment)


def document_locked(until: datetime) -> Message:
    # Given only to a wrong code: a lock slows checks down and never refuses the right code.
    hu, en = times(until)
    return Message(
        "Túl sok sikertelen próbálkozás ezzel az okmányazonosítóval: "
        f"{hu}-ig minden ellenőrzés néhány másodpercig tart. Az okmányazonosító vagy a "
        "regisztrációs kód nem megfelelő; ellenőrizze mindkettőt.",
        f"Too many failed attempts with this document ID: until {en} each check takes a few "
        "seconds. The document ID or the registration code is not right; check both.",
    )


def verification_failed(attempts_left: int) -> Message:
    return Message(
        "Az okmányazonosító vagy a regisztrációs kód nem megfelelő. Ellenőrizze mindkettőt "
        f"(a kódban a kis- és nagybetű számít). Még {attempts_left} próbálkozása van.",
        "The document ID or the registration code is not right. Check both (upper and "
        f"lower case matter in the code). You have {attempts_left} attempts left.",
    )


def document_expired(expired_on: date) -> Message:
    when = expired_on.isoformat()
    return Message(
        f"Ez a személyazonosító igazolvány {when} napon lejárt, ezért nem használható "
        "regisztrációra. Kérjen új igazolványt a kormányablakban.",
        f"This identity card expired on {when}, so it cannot be used to register. "
        "Request a new card at a government office.",
    )


def already_registered() -> Message:
    return Message(
        "Ehhez az okmányhoz már tartozik Ügyfélkapu-fiók. Jelentkezzen be, vagy ha "
        "elfelejtette a jelszavát, kérjen újat.",
        "There is already an Ügyfélkapu account for this document. Sign in, or request a new "
        "password if you forgot it.",
    )


def verification_expired() -> Message:
    return Message(
        "Az azonosítás lejárt vagy már felhasználták. Kezdje újra az azonosítást.",
        "The identification has expired or was already used. Start the identification again.",
    )


def username_taken(name: str) -> Message:
    return Message(
        f"A(z) „{name}” felhasználónév (vagy kis- és nagybetűben eltérő változata) már "
        "foglalt. Válasszon másikat.",
        f"The username “{name}” (or one differing only in upper and lower case) is taken. "
        "Choose another.",
    )


def unknown_account() -> Message:
    # The same answer for a username nobody has and for an account already active, so the
    # activation steps do not tell a stranger which usernames are in use and in what state.
    return Message(
        "Nincs ilyen felhasználónevű, aktiválásra váró fiók. A felhasználónevet pontosan, "
        "kis- és nagybetűkkel írja be; ha a fiókot már aktiválta, jelentkezzen be.",
        "There is no account awaiting activation with this username. Type the username "
        "exactly, with its upper and lower case; if you already activated the account, "
        "sign in.",
    )


def activation_expired(voided: bool) -> Message:
    if voided:
        return Message(
            "Az aktiváló kódot túl sokszor adták meg hibásan, ezért érvénytelen. Kérjen új kódot.",
            "The activation code was entered wrongly too many times and is no longer valid. "
            "Request a new code.",
        )
    return Message(
        "Az aktiváló kód lejárt (5 napig érvényes). Kérjen új kódot.",
        "The activation code has expired (it is valid for 5 days). Request a new code.",
    )


def resend_too_soon(retry_at: datetime) -> Message:
    hu, en = times(retry_at)
    return Message(
        f"Az aktiváló kódot az imént küldtük el. Új kódot {hu} után kérhet; addig nézze meg "
        "a levélszemét mappát is.",
        f"The activation code was sent a moment ago. You can ask for a new one after {en}; "
        "meanwhile, check the spam folder too.",
    )


def invalid_activation_code(attempts_left: int) -> Message:
    if attempts_left <= 0:
        return Message(
            "Az aktiváló kód nem megfelelő. A sok hibás próbálkozás miatt minden további "
            "ellenőrzés néhány másodpercig tart; másolja ki a kódot pontosan az e-mailből.",
            "The activation code is not right. After many wrong tries each further check "
            "takes a few seconds; copy the code exactly from the e-mail.",
        )
    return Message(
        "Az aktiváló kód nem megfelelő. Másolja ki pontosan az e-mailből. "
        f"Még {attempts_left} próbálkozása van.",
        "The activation code is not right. Copy it exactly from the e-mail. "
        f"You have {attempts_left} attempts left.",
    )


def not_enrolling() -> Message:
    return Message(
        "Ennél a fióknál nincs folyamatban a hitelesítő alkalmazás beállítása. Előbb "
        "aktiválja a fiókot.",
        "This account is not setting up an authenticator app. Activate the account first.",
    )


def invalid_totp() -> Message:
    return Message(
        "A hitelesítő alkalmazás kódja nem megfelelő. Írja be az éppen látható hat "
        "számjegyet; ellenőrizze, hogy a telefon órája pontos.",
        "The authenticator code is not right. Type the six digits shown now; check that the "
        "phone's clock is correct.",
    )


def sign_in_failed() -> Message:
    return Message(
        "A felhasználónév, a jelszó vagy a kód nem megfelelő. A felhasználónévben a kis- és "
        "nagybetű számít.",
        "The username, password or code is not right. Upper and lower case matter in the username.",
    )


def totp_code_already_used() -> Message:
    return Message(
        "Ezt a kódot már felhasználta (például a hitelesítő alkalmazás megerősítésekor); "
        "egy kód csak egyszer érvényes. Várja meg, amíg az alkalmazás új kódot mutat "
        "(legfeljebb 30 másodperc), és azt írja be.",
        "This code has already been used (for example to confirm the authenticator app); "
        "a code counts only once. Wait until the app shows a new code (at most 30 seconds) "
        "and type that one.",
    )


def not_active() -> Message:
    return Message(
        "A fiók még nincs aktiválva. Fejezze be az aktiválást és a hitelesítő alkalmazás "
        "beállítását.",
        "The account is not activated yet. Finish the activation and the authenticator app setup.",
    )


def account_locked(until: datetime) -> Message:
    # Given only to wrong credentials: a lock slows checks down and never refuses the right ones.
    hu, en = times(until)
    return Message(
        f"Túl sok sikertelen bejelentkezés ezzel a felhasználónévvel: {hu}-ig minden "
        "ellenőrzés néhány másodpercig tart. A felhasználónév, a jelszó vagy a kód nem "
        "megfelelő.",
        f"Too many failed sign-ins with this username: until {en} each check takes a few "
        "seconds. The username, password or code is not right.",
    )


def too_many_attempts(everyone: bool, retry_at: datetime) -> Message:
    hu, en = times(retry_at)
    if everyone:
        return Message(
            "A szolgáltatáshoz most túl sok sikertelen próbálkozás érkezik, ezért átmenetileg "
            f"nem ellenőriz. Próbálja újra {hu} után.",
            "The service is receiving too many failed attempts and has paused checking. "
            f"Try again after {en}.",
        )
    return Message(
        f"Erről a gépről túl sok sikertelen próbálkozás érkezett. Próbálja újra {hu} után, "
        "vagy kérjen segítséget az ügyintézőtől.",
        f"Too many failed attempts have come from this device. Try again after {en}, or ask "
        "the attendant for help.",
    )


def registry_unreachable() -> Message:
    return Message(
        "A nyilvántartás nem érhető el. Semmi sem veszett el: próbálja újra.",
        "The registry cannot be reached. Nothing was lost: try again.",
    )


def registry_busy(retry_after: int) -> Message:
    return Message(
        f"A nyilvántartás most túl sok kérést kap. Próbálja újra {retry_after} másodperc "
        "múlva; semmi sem veszett el.",
        f"The registry is getting too many requests. Try again in {retry_after} seconds; "
        "nothing was lost.",
    )


def client_refused() -> Message:
    return Message(
        "A nyilvántartás nem fogadja el ennek a gépnek a tanúsítványát. Kérjen segítséget az "
        "ügyintézőtől.",
        "The registry does not accept this computer's certificate. Please ask a member of "
        "staff for help.",
    )
