<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="hu_HU">
    <context>
        <name>AttendantPanel</name>
        <message>
            <location filename="../../desktop/kiosk/attendant.py" line="375" />
            <source>unknown</source>
            <translation>ismeretlen</translation>
        </message>
        <message>
            <location filename="../../desktop/kiosk/attendant.py" line="376" />
            <source>Card reader: %1</source>
            <translation>Kártyaolvasó: %1</translation>
        </message>
        <message>
            <location filename="../../desktop/kiosk/attendant.py" line="377" />
            <source>Mail queue: %1</source>
            <translation>Levélsor: %1</translation>
        </message>
        <message>
            <location filename="../../desktop/kiosk/attendant.py" line="389" />
            <location filename="../../desktop/kiosk/attendant.py" line="395" />
            <source>Attendant panel</source>
            <translation>Ügyintézői panel</translation>
        </message>
        <message>
            <location filename="../../desktop/kiosk/attendant.py" line="390" />
            <source>Back to the kiosk</source>
            <translation>Vissza a kioszkhoz</translation>
        </message>
        <message>
            <location filename="../../desktop/kiosk/attendant.py" line="391" />
            <source>End the current session</source>
            <translation>A mostani munkamenet befejezése</translation>
        </message>
        <message>
            <location filename="../../desktop/kiosk/attendant.py" line="392" />
            <source>Leave kiosk mode</source>
            <translation>Kilépés a kioszk módból</translation>
        </message>
    </context>
    <context>
        <name>DoneScreen</name>
        <message>
            <location filename="../../desktop/kiosk/done_screen.py" line="98" />
            <location filename="../../desktop/kiosk/done_screen.py" line="106" />
            <source>Thank you, you are done!</source>
            <translation>Köszönjük, elkészült!</translation>
        </message>
        <message>
            <location filename="../../desktop/kiosk/done_screen.py" line="99" />
            <source>Please take your ID card from the reader.</source>
            <translation>Kérjük, vegye el személyi igazolványát az olvasóról.</translation>
        </message>
        <message numerus="yes">
            <location filename="../../desktop/kiosk/done_screen.py" line="101" />
            <source>This screen returns to the start in %n second(s).</source>
            <translation>
                <numerusform>Ez a képernyő %n másodperc múlva visszatér a kezdőlapra.</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../desktop/kiosk/done_screen.py" line="103" />
            <location filename="../../desktop/kiosk/done_screen.py" line="104" />
            <source>Finish</source>
            <translation>Befejezés</translation>
        </message>
    </context>
    <context>
        <name>KioskWindow</name>
        <message>
            <location filename="../../desktop/kiosk/shell.py" line="268" />
            <source>unknown</source>
            <translation>ismeretlen</translation>
        </message>
        <message>
            <location filename="../../desktop/kiosk/shell.py" line="312" />
            <source>The previous session ended because nothing happened for a while. All data were erased.</source>
            <translation>Az előző munkamenet véget ért, mert egy ideig nem történt semmi. Minden adatot töröltünk.</translation>
        </message>
        <message>
            <location filename="../../desktop/kiosk/shell.py" line="316" />
            <source>The card was taken from the reader, so the session ended and all data were erased. To start again, place your card on the reader.</source>
            <translation>A kártyát elvették az olvasóról, ezért a munkamenet véget ért, és minden adatot töröltünk. Az újrakezdéshez helyezze a kártyát az olvasóra.</translation>
        </message>
        <message>
            <location filename="../../desktop/kiosk/shell.py" line="320" />
            <source>Something unexpected happened. For your safety all data were erased; please start again.</source>
            <translation>Váratlan hiba történt. Az Ön biztonsága érdekében minden adatot töröltünk; kérjük, kezdje újra.</translation>
        </message>
    </context>
    <context>
        <name>OnScreenKeyboard</name>
        <message>
            <location filename="../../desktop/kiosk/keyboard.py" line="209" />
            <source>Shift (capital letter)</source>
            <translation>Shift (nagybetű)</translation>
        </message>
        <message>
            <location filename="../../desktop/kiosk/keyboard.py" line="210" />
            <source>Caps lock</source>
            <translation>Nagybetűs írás rögzítése</translation>
        </message>
        <message>
            <location filename="../../desktop/kiosk/keyboard.py" line="211" />
            <source>Delete the last character</source>
            <translation>Az utolsó karakter törlése</translation>
        </message>
        <message>
            <location filename="../../desktop/kiosk/keyboard.py" line="212" />
            <source>Enter</source>
            <translation>Enter</translation>
        </message>
        <message>
            <location filename="../../desktop/kiosk/keyboard.py" line="213" />
            <source>Space</source>
            <translation>Szóköz</translation>
        </message>
        <message>
            <location filename="../../desktop/kiosk/keyboard.py" line="214" />
            <source>Hide the keyboard</source>
            <translation>A billentyűzet elrejtése</translation>
        </message>
    </context>
    <context>
        <name>PinPad</name>
        <message>
            <location filename="../../desktop/kiosk/attendant.py" line="253" />
            <source>No attendant PIN is configured: kiosk mode can only be ended by the system.</source>
            <translation>Nincs beállítva ügyintézői PIN: a kioszk mód csak a rendszerből állítható le.</translation>
        </message>
        <message>
            <location filename="../../desktop/kiosk/attendant.py" line="261" />
            <source>Checking…</source>
            <translation>Ellenőrzés…</translation>
        </message>
        <message>
            <location filename="../../desktop/kiosk/attendant.py" line="274" />
            <source>Wrong PIN.</source>
            <translation>Hibás PIN.</translation>
        </message>
        <message numerus="yes">
            <location filename="../../desktop/kiosk/attendant.py" line="289" />
            <source>Wrong PIN. You can try again in %n second(s).</source>
            <translation>
                <numerusform>Hibás PIN. %n másodperc múlva próbálhatja újra.</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../desktop/kiosk/attendant.py" line="293" />
            <location filename="../../desktop/kiosk/attendant.py" line="302" />
            <source>Enter the attendant PIN.</source>
            <translation>Adja meg az ügyintézői PIN-t.</translation>
        </message>
        <message>
            <location filename="../../desktop/kiosk/attendant.py" line="301" />
            <source>Attendant</source>
            <translation>Ügyintéző</translation>
        </message>
        <message>
            <location filename="../../desktop/kiosk/attendant.py" line="303" />
            <location filename="../../desktop/kiosk/attendant.py" line="309" />
            <source>Attendant PIN</source>
            <translation>Ügyintézői PIN</translation>
        </message>
        <message>
            <location filename="../../desktop/kiosk/attendant.py" line="304" />
            <source>OK</source>
            <translation>OK</translation>
        </message>
        <message>
            <location filename="../../desktop/kiosk/attendant.py" line="305" />
            <source>Check the PIN</source>
            <translation>A PIN ellenőrzése</translation>
        </message>
        <message>
            <location filename="../../desktop/kiosk/attendant.py" line="306" />
            <source>Delete the last digit</source>
            <translation>Az utolsó számjegy törlése</translation>
        </message>
        <message>
            <location filename="../../desktop/kiosk/attendant.py" line="307" />
            <location filename="../../desktop/kiosk/attendant.py" line="308" />
            <source>Cancel</source>
            <translation>Mégse</translation>
        </message>
    </context>
    <context>
        <name>StillTherePrompt</name>
        <message>
            <location filename="../../desktop/kiosk/idle.py" line="198" />
            <location filename="../../desktop/kiosk/idle.py" line="208" />
            <source>Are you still there?</source>
            <translation>Itt van még?</translation>
        </message>
        <message numerus="yes">
            <location filename="../../desktop/kiosk/idle.py" line="201" />
            <source>Nothing has happened for a while. To protect your data, everything you entered will be erased in %n second(s).</source>
            <translation>
                <numerusform>Egy ideje nem történt semmi. Adatai védelmében %n másodperc múlva mindent törlünk, amit megadott.</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../desktop/kiosk/idle.py" line="207" />
            <location filename="../../desktop/kiosk/idle.py" line="209" />
            <source>Yes, I am still here</source>
            <translation>Igen, itt vagyok</translation>
        </message>
    </context>
</TS>
