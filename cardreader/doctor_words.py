"""A diagnosis in words (Hungarian and English) and as JSON.

Like the registry's words, these live beside the model rather than in Qt's translations: the
command line prints them without Qt, and the saved report carries both languages so that
support can read it whichever language the person used. Every `ProblemKind` has its words,
each saying what to do; mypy checks the match is complete.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal, assert_never

from cardreader.atr import Interface
from cardreader.doctor import CardKind, Diagnosis, Problem, ProblemKind, ReaderReport
from cardreader.known_readers import Verdict

Language = Literal["hu", "en"]


def _pick(lang: Language, hu: str, en: str) -> str:
    return hu if lang == "hu" else en


def problem_words(problem: Problem) -> tuple[str, str]:
    """What is wrong and what to do, in Hungarian and English."""
    reader = problem.reader
    match problem.kind:
        case ProblemKind.SERVICE_DOWN:
            return (
                "A PC/SC szolgáltatás (a kártyaolvasók kezelője) nem fut. Indítsa el: Linuxon "
                "„sudo systemctl start pcscd” (Debian/Ubuntu: a pcscd csomag), Windowson az "
                "„Intelligens kártya” szolgáltatás; utána ellenőrizze újra.",
                "The PC/SC service (which runs the card readers) is not running. Start it: on "
                'Linux "sudo systemctl start pcscd" (Debian/Ubuntu: the pcscd package), on '
                'Windows the "Smart Card" service; then check again.',
            )
        case ProblemKind.NO_READER:
            return (
                "Nincs kártyaolvasó csatlakoztatva. Dugja be az olvasót (USB-elosztó helyett "
                "közvetlenül a számítógépbe), várjon néhány másodpercet, és ellenőrizze újra.",
                "No card reader is connected. Plug the reader in (directly into the computer "
                "rather than a USB hub), wait a few seconds, then check again.",
            )
        case ProblemKind.READER_NOT_FOUND:
            return (
                f"A(z) „{reader}” nevű olvasó nincs csatlakoztatva. Az olvasók neve: "
                "eid-card readers; vagy hagyja el a --reader kapcsolót.",
                f'The reader "{reader}" is not connected. List the readers\' names with '
                "eid-card readers, or leave out --reader.",
            )
        case ProblemKind.NO_CARD:
            return (
                "Nincs kártya az olvasón. Tegye a személyi igazolványt laposan az olvasóra "
                "(érintésmentes olvasón a közepére), és hagyja ott.",
                "There is no card on the reader. Put the identity card flat on the reader (on "
                "a contactless reader, in the middle) and leave it there.",
            )
        case ProblemKind.CARD_MUTE:
            return (
                f"A kártya nem válaszol ({reader}). Tegye laposan az olvasóra, fémtárgyaktól "
                "és más kártyáktól távol; érintkezős olvasóba chippel előre, felfelé dugja. "
                "Ha így sem válaszol, lehet, hogy a kártyán nincs chip.",
                f"The card does not answer ({reader}). Put it flat on the reader, away from "
                "metal and other cards; into a contact reader chip first, facing up. If it "
                "still does not answer, the card may have no chip.",
            )
        case ProblemKind.NO_CHIP:
            return (
                f"Az olvasón lévő kártyán nem válaszol chip ({reader}). A 2016 előtt kiadott "
                "személyi igazolványokban, és a 65 év felettieknek 2021-ig chip nélkül "
                "kiadottakban nincs chip: ilyenkor a dokumentum azonosítója begépelhető.",
                f"No chip answers on the card on the reader ({reader}). Identity cards issued "
                "before 2016, and those issued without a chip to people over 65 until 2021, "
                "have no chip: the document ID can be typed instead.",
            )
        case ProblemKind.NOT_AN_EID:
            return (
                f"Az olvasón lévő kártya chipje válaszol, de az nem elektronikus személyi "
                f"igazolvány vagy útlevél (például bankkártya) ({reader}). Tegye az olvasóra "
                "a személyi igazolványát, a többi kártyát vegye el.",
                f"The chip of the card on the reader answers, but it is not an electronic "
                f"identity card or passport (a bank card, for example) ({reader}). Put your "
                "identity card on the reader and take other cards away.",
            )
        case ProblemKind.CARD_IN_USE:
            return (
                f"Egy másik program használja a kártyát ({reader}). Zárja be a kártyát "
                "használó többi programot (például egy másik eID-klienst), és ellenőrizze újra.",
                f"Another program is using the card ({reader}). Close other programs that use "
                "cards (another eID client, for example), then check again.",
            )
        case ProblemKind.CARD_UNREADABLE:
            return (
                f"Megszakadt a kapcsolat a kártyával ({reader}). Tartsa mozdulatlanul az "
                "olvasón, és ellenőrizze újra.",
                f"The connection to the card broke off ({reader}). Keep it still on the "
                "reader and check again.",
            )
        case ProblemKind.PACE_UNSUPPORTED:
            return (
                f"A kártya csak olyan PACE-változatot kínál, amelyet ez a program nem ismer "
                f"({reader}). Küldje el ezt a jelentést a támogatásnak.",
                f"The card offers only PACE variants this program does not speak ({reader}). "
                "Send this report to support.",
            )
        case ProblemKind.READER_NOT_RECOMMENDED:
            return (
                f"Ez az olvasó ({reader}) nem alkalmas eID-chip olvasására; lásd az olvasónál "
                "írtakat.",
                f"This reader ({reader}) is not suited to reading an eID chip; see the note "
                "at the reader.",
            )
        case ProblemKind.READER_STUCK:
            return (
                f"Az olvasó nem válaszol ({reader}). Vegye le a kártyát, húzza ki az olvasót, "
                "dugja vissza, és ellenőrizze újra; ha így sem megy, indítsa újra a PC/SC "
                "szolgáltatást (Linuxon: sudo systemctl restart pcscd).",
                f"The reader does not answer ({reader}). Take the card off, unplug the reader, "
                "plug it back in and check again; if that does not help, restart the PC/SC "
                "service (on Linux: sudo systemctl restart pcscd).",
            )
        case _:
            assert_never(problem.kind)


def card_kind_words(kind: CardKind) -> tuple[str, str]:
    match kind:
        case CardKind.NONE:
            return ("nincs kártya", "no card")
        case CardKind.MUTE:
            return ("a kártya nem válaszol", "the card does not answer")
        case CardKind.EMRTD_PACE:
            return (
                "elektronikus igazolvány (eMRTD), PACE-szel (CAN-nal nyílik)",
                "electronic ID document (eMRTD) with PACE (opens with the CAN)",
            )
        case CardKind.EMRTD_BAC:
            return (
                "elektronikus igazolvány (eMRTD), csak BAC (a gépi olvasású sorral nyílik)",
                "electronic ID document (eMRTD), BAC only (opens with the MRZ)",
            )
        case CardKind.NO_CHIP_ANSWER:
            return ("nem válaszol chip", "no chip answers")
        case CardKind.NOT_EMRTD:
            return ("nem eID: más kártya chipje válaszol", "not an eID: another kind of chip")
        case CardKind.IN_USE:
            return ("másik program használja", "in use by another program")
        case CardKind.UNREADABLE:
            return ("megszakadt a kapcsolat", "the connection broke off")
        case _:
            assert_never(kind)


def _yes_no(lang: Language, value: bool | None) -> str:
    if value is None:
        return _pick(lang, "nem ismert", "not known")
    return _pick(lang, "igen", "yes") if value else _pick(lang, "nem", "no")


def _verdict(lang: Language, verdict: Verdict) -> str:
    match verdict:
        case Verdict.GOOD:
            return _pick(lang, "jól bevált", "known good")
        case Verdict.WORKS:
            return _pick(lang, "működik", "works")
        case Verdict.AVOID:
            return _pick(lang, "nem ajánlott", "not recommended")
        case _:
            assert_never(verdict)


def _interface(lang: Language, interface: Interface) -> str:
    match interface:
        case Interface.CONTACT:
            return _pick(lang, "érintkezős", "contact")
        case Interface.CONTACTLESS:
            return _pick(lang, "érintésmentes", "contactless")
        case Interface.UNKNOWN:
            return _pick(lang, "nem ismert", "not known")
        case _:
            assert_never(interface)


def _reader_lines(lang: Language, index: int, r: ReaderReport) -> list[str]:
    lines = [f"  {index}. {r.name}"]
    vendor = r.vendor or "—"
    version = f"0x{r.ifd_version:08X}" if r.ifd_version is not None else "—"
    lines.append(
        "     "
        + _pick(
            lang,
            f"Gyártó: {vendor}; firmware-verzió: {version}",
            f"Vendor: {vendor}; firmware version: {version}",
        )
    )
    caps = r.capabilities
    if caps.answered:
        feats = _pick(
            lang,
            f"PIN-billentyűzet: {_yes_no(lang, caps.pin_verify or caps.pin_modify)}; "
            f"PACE az olvasóban: {_yes_no(lang, caps.pace)}",
            f"PIN pad: {_yes_no(lang, caps.pin_verify or caps.pin_modify)}; "
            f"PACE in the reader: {_yes_no(lang, caps.pace)}",
        )
        if caps.usb_id is not None:
            feats += f"; USB {caps.usb_id[0]:04X}:{caps.usb_id[1]:04X}"
        if caps.firmware:
            feats += f"; firmware {caps.firmware}"
    else:
        feats = _pick(
            lang,
            "Képességek: az olvasó nem válaszolt a PC/SC (10. rész) kérdésre",
            "Features: the reader did not answer the PC/SC part 10 feature request",
        )
    lines.append("     " + feats)
    lines.append(
        "     "
        + _pick(lang, "Hosszú (extended) APDU: ", "Extended-length APDUs: ")
        + _yes_no(lang, r.extended_length)
    )
    if r.unreachable:
        lines.append(
            "     "
            + _pick(
                lang, "Az olvasó közvetlenül nem érhető el: ", "Reader not reachable directly: "
            )
            + r.unreachable
        )
    if r.known is not None:
        k = r.known
        lines.append(
            "     "
            + _pick(lang, "Ismert olvasó: ", "Known reader: ")
            + f"{k.name} ({_verdict(lang, k.verdict)}). "
            + _pick(lang, k.note_hu, k.note_en)
        )
        lines.append(
            "     " + _pick(lang, "Meghajtó: ", "Driver: ") + _pick(lang, k.driver_hu, k.driver_en)
        )
    else:
        lines.append(
            "     "
            + _pick(
                lang,
                "Ismeretlen olvasó: a program olvasólistáján nem szerepel.",
                "Unknown reader: not on this program's reader list.",
            )
        )
    card = r.card
    lines.append(
        "     " + _pick(lang, "Kártya: ", "Card: ") + _pick(lang, *card_kind_words(card.kind))
    )
    if card.atr is not None:
        atr = card.atr
        protocols = ", ".join(f"T={p}" for p in atr.protocols) or "—"
        lines.append(
            f"       ATR {atr.atr.hex(' ').upper()} ("
            + _interface(lang, atr.interface)
            + f"; {protocols})"
        )
        hist = atr.historical.hex(" ").upper() or "—"
        text = f" „{atr.historical_text}”" if atr.historical_text else ""
        lines.append(
            "       " + _pick(lang, "Történeti bájtok: ", "Historical bytes: ") + hist + text
        )
        if atr.storage_card:
            lines.append(
                "       "
                + _pick(
                    lang,
                    "Tárolókártya (pl. MIFARE): nem eID.",
                    "A storage card (e.g. MIFARE): not an eID.",
                )
            )
    for offer in card.pace:
        usable = (
            _pick(lang, "ismert", "supported")
            if offer.supported
            else _pick(lang, "nem ismert", "not supported")
        )
        lines.append(f"       PACE: {offer.protocol}, {offer.parameters} ({usable})")
    if card.detail:
        lines.append("       " + _pick(lang, "Részletek: ", "Details: ") + card.detail)
    return lines


def render_text(diagnosis: Diagnosis, lang: Language, *, made: datetime | None = None) -> str:
    """The whole diagnosis as text in one language."""
    made = made or datetime.now(UTC)
    env = diagnosis.environment
    lines = [
        _pick(
            lang, "Ügyfélkapu-regisztráció – diagnosztika", "Ügyfélkapu registration – diagnostics"
        ),
        _pick(lang, "Készült: ", "Made: ") + made.strftime("%Y-%m-%d %H:%M UTC"),
        _pick(lang, "Alkalmazás: ", "App: ") + env.app,
        f"Python: {env.python}",
        f"Qt: {env.qt}",
        _pick(lang, "Operációs rendszer: ", "Operating system: ") + env.os,
        "",
    ]
    version = f" ({diagnosis.service_version})" if diagnosis.service_version else ""
    state = (
        _pick(lang, "fut", "running")
        if diagnosis.service_running
        else _pick(lang, "nem fut", "not running")
    )
    lines.append(_pick(lang, "PC/SC szolgáltatás: ", "PC/SC service: ") + state + version)
    if diagnosis.service_running:
        lines.append(_pick(lang, "Olvasók: ", "Readers: ") + str(len(diagnosis.readers)))
        for i, reader in enumerate(diagnosis.readers, 1):
            lines.extend(_reader_lines(lang, i, reader))
    elif diagnosis.service_detail:
        lines.append("  " + _pick(lang, "Részletek: ", "Details: ") + diagnosis.service_detail)
    lines.append("")
    if diagnosis.problems:
        lines.append(_pick(lang, "Teendők:", "What to do:"))
        for problem in diagnosis.problems:
            lines.append("⚠ " + _pick(lang, *problem_words(problem)))
    else:
        lines.append("✔ " + _pick(lang, "Nem találtunk hibát.", "No problem found."))
    return "\n".join(lines) + "\n"


def render_report(diagnosis: Diagnosis, *, made: datetime | None = None) -> str:
    """The saved and copied report: Hungarian, then English."""
    made = made or datetime.now(UTC)
    return (
        render_text(diagnosis, "hu", made=made)
        + "\n"
        + "-" * 60
        + "\n\n"
        + render_text(diagnosis, "en", made=made)
    )


def to_json(diagnosis: Diagnosis) -> dict[str, object]:
    """The `eid-card doctor --json` object."""
    env = diagnosis.environment
    return {
        "service": {
            "running": diagnosis.service_running,
            "version": diagnosis.service_version,
            "detail": diagnosis.service_detail or None,
        },
        "readers": [_reader_json(r) for r in diagnosis.readers],
        "environment": {"app": env.app, "python": env.python, "qt": env.qt, "os": env.os},
        "problems": [
            {
                "kind": p.kind.value,
                "reader": p.reader or None,
                "hu": problem_words(p)[0],
                "en": problem_words(p)[1],
            }
            for p in diagnosis.problems
        ],
        "ok": diagnosis.ok,
    }


def _reader_json(r: ReaderReport) -> dict[str, object]:
    caps = r.capabilities
    atr = r.card.atr
    return {
        "name": r.name,
        "vendor": r.vendor,
        "ifd_version": r.ifd_version,
        "features": {
            "answered": caps.answered,
            "pin_verify": caps.pin_verify,
            "pin_modify": caps.pin_modify,
            "pace": caps.pace,
            "max_apdu_data": caps.max_apdu_data,
            "usb_id": f"{caps.usb_id[0]:04X}:{caps.usb_id[1]:04X}" if caps.usb_id else None,
            "firmware": caps.firmware or None,
        },
        "extended_length": r.extended_length,
        "known": None
        if r.known is None
        else {
            "name": r.known.name,
            "verdict": r.known.verdict.value,
            "interface": r.known.interface.value,
            "note_en": r.known.note_en,
            "driver_en": r.known.driver_en,
            "sources": list(r.known.sources),
        },
        "unreachable": r.unreachable,
        "card": {
            "kind": r.card.kind.value,
            "atr": atr.atr.hex().upper() if atr else None,
            "interface": atr.interface.value if atr else None,
            "protocols": list(atr.protocols) if atr else [],
            "historical_bytes": atr.historical.hex().upper() if atr else None,
            "storage_card": atr.storage_card if atr else None,
            "pace": [
                {"protocol": o.protocol, "parameters": o.parameters, "supported": o.supported}
                for o in r.card.pace
            ],
            "detail": r.card.detail or None,
        },
    }
