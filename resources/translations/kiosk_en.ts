<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB">
    <context>
        <name>AttendantPanel</name>
        <message>
            <location filename="../../desktop/kiosk/attendant.py" line="375" />
            <source>unknown</source>
            <translation>unknown</translation>
        </message>
        <message>
            <location filename="../../desktop/kiosk/attendant.py" line="376" />
            <source>Card reader: %1</source>
            <translation>Card reader: %1</translation>
        </message>
        <message>
            <location filename="../../desktop/kiosk/attendant.py" line="377" />
            <source>Mail queue: %1</source>
            <translation>Mail queue: %1</translation>
        </message>
        <message>
            <location filename="../../desktop/kiosk/attendant.py" line="389" />
            <location filename="../../desktop/kiosk/attendant.py" line="395" />
            <source>Attendant panel</source>
            <translation>Attendant panel</translation>
        </message>
        <message>
            <location filename="../../desktop/kiosk/attendant.py" line="390" />
            <source>Back to the kiosk</source>
            <translation>Back to the kiosk</translation>
        </message>
        <message>
            <location filename="../../desktop/kiosk/attendant.py" line="391" />
            <source>End the current session</source>
            <translation>End the current session</translation>
        </message>
        <message>
            <location filename="../../desktop/kiosk/attendant.py" line="392" />
            <source>Leave kiosk mode</source>
            <translation>Leave kiosk mode</translation>
        </message>
    </context>
    <context>
        <name>DoneScreen</name>
        <message>
            <location filename="../../desktop/kiosk/done_screen.py" line="98" />
            <location filename="../../desktop/kiosk/done_screen.py" line="106" />
            <source>Thank you, you are done!</source>
            <translation>Thank you, you are done!</translation>
        </message>
        <message>
            <location filename="../../desktop/kiosk/done_screen.py" line="99" />
            <source>Please take your ID card from the reader.</source>
            <translation>Please take your ID card from the reader.</translation>
        </message>
        <message numerus="yes">
            <location filename="../../desktop/kiosk/done_screen.py" line="101" />
            <source>This screen returns to the start in %n second(s).</source>
            <translation>
                <numerusform>This screen returns to the start in %n second.</numerusform>
                <numerusform>This screen returns to the start in %n seconds.</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../desktop/kiosk/done_screen.py" line="103" />
            <location filename="../../desktop/kiosk/done_screen.py" line="104" />
            <source>Finish</source>
            <translation>Finish</translation>
        </message>
    </context>
    <context>
        <name>KioskWindow</name>
        <message>
            <location filename="../../desktop/kiosk/shell.py" line="268" />
            <source>unknown</source>
            <translation>unknown</translation>
        </message>
        <message>
            <location filename="../../desktop/kiosk/shell.py" line="312" />
            <source>The previous session ended because nothing happened for a while. All data were erased.</source>
            <translation>The previous session ended because nothing happened for a while. All data were erased.</translation>
        </message>
        <message>
            <location filename="../../desktop/kiosk/shell.py" line="316" />
            <source>The card was taken from the reader, so the session ended and all data were erased. To start again, place your card on the reader.</source>
            <translation>The card was taken from the reader, so the session ended and all data were erased. To start again, place your card on the reader.</translation>
        </message>
        <message>
            <location filename="../../desktop/kiosk/shell.py" line="320" />
            <source>Something unexpected happened. For your safety all data were erased; please start again.</source>
            <translation>Something unexpected happened. For your safety all data were erased; please start again.</translation>
        </message>
    </context>
    <context>
        <name>OnScreenKeyboard</name>
        <message>
            <location filename="../../desktop/kiosk/keyboard.py" line="209" />
            <source>Shift (capital letter)</source>
            <translation>Shift (capital letter)</translation>
        </message>
        <message>
            <location filename="../../desktop/kiosk/keyboard.py" line="210" />
            <source>Caps lock</source>
            <translation>Caps lock</translation>
        </message>
        <message>
            <location filename="../../desktop/kiosk/keyboard.py" line="211" />
            <source>Delete the last character</source>
            <translation>Delete the last character</translation>
        </message>
        <message>
            <location filename="../../desktop/kiosk/keyboard.py" line="212" />
            <source>Enter</source>
            <translation>Enter</translation>
        </message>
        <message>
            <location filename="../../desktop/kiosk/keyboard.py" line="213" />
            <source>Space</source>
            <translation>Space</translation>
        </message>
        <message>
            <location filename="../../desktop/kiosk/keyboard.py" line="214" />
            <source>Hide the keyboard</source>
            <translation>Hide the keyboard</translation>
        </message>
    </context>
    <context>
        <name>PinPad</name>
        <message>
            <location filename="../../desktop/kiosk/attendant.py" line="253" />
            <source>No attendant PIN is configured: kiosk mode can only be ended by the system.</source>
            <translation>No attendant PIN is configured: kiosk mode can only be ended by the system.</translation>
        </message>
        <message>
            <location filename="../../desktop/kiosk/attendant.py" line="261" />
            <source>Checking…</source>
            <translation>Checking…</translation>
        </message>
        <message>
            <location filename="../../desktop/kiosk/attendant.py" line="274" />
            <source>Wrong PIN.</source>
            <translation>Wrong PIN.</translation>
        </message>
        <message numerus="yes">
            <location filename="../../desktop/kiosk/attendant.py" line="289" />
            <source>Wrong PIN. You can try again in %n second(s).</source>
            <translation>
                <numerusform>Wrong PIN. You can try again in %n second.</numerusform>
                <numerusform>Wrong PIN. You can try again in %n seconds.</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../desktop/kiosk/attendant.py" line="293" />
            <location filename="../../desktop/kiosk/attendant.py" line="302" />
            <source>Enter the attendant PIN.</source>
            <translation>Enter the attendant PIN.</translation>
        </message>
        <message>
            <location filename="../../desktop/kiosk/attendant.py" line="301" />
            <source>Attendant</source>
            <translation>Attendant</translation>
        </message>
        <message>
            <location filename="../../desktop/kiosk/attendant.py" line="303" />
            <location filename="../../desktop/kiosk/attendant.py" line="309" />
            <source>Attendant PIN</source>
            <translation>Attendant PIN</translation>
        </message>
        <message>
            <location filename="../../desktop/kiosk/attendant.py" line="304" />
            <source>OK</source>
            <translation>OK</translation>
        </message>
        <message>
            <location filename="../../desktop/kiosk/attendant.py" line="305" />
            <source>Check the PIN</source>
            <translation>Check the PIN</translation>
        </message>
        <message>
            <location filename="../../desktop/kiosk/attendant.py" line="306" />
            <source>Delete the last digit</source>
            <translation>Delete the last digit</translation>
        </message>
        <message>
            <location filename="../../desktop/kiosk/attendant.py" line="307" />
            <location filename="../../desktop/kiosk/attendant.py" line="308" />
            <source>Cancel</source>
            <translation>Cancel</translation>
        </message>
    </context>
    <context>
        <name>StillTherePrompt</name>
        <message>
            <location filename="../../desktop/kiosk/idle.py" line="198" />
            <location filename="../../desktop/kiosk/idle.py" line="208" />
            <source>Are you still there?</source>
            <translation>Are you still there?</translation>
        </message>
        <message numerus="yes">
            <location filename="../../desktop/kiosk/idle.py" line="201" />
            <source>Nothing has happened for a while. To protect your data, everything you entered will be erased in %n second(s).</source>
            <translation>
                <numerusform>Nothing has happened for a while. To protect your data, everything you entered will be erased in %n second.</numerusform>
                <numerusform>Nothing has happened for a while. To protect your data, everything you entered will be erased in %n seconds.</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../../desktop/kiosk/idle.py" line="207" />
            <location filename="../../desktop/kiosk/idle.py" line="209" />
            <source>Yes, I am still here</source>
            <translation>Yes, I am still here</translation>
        </message>
    </context>
</TS>
