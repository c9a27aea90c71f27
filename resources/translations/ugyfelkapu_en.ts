<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>ActivationPage</name>
    <message>
        <source>Activation</source>
        <translation>Activation</translation>
    </message>
    <message>
        <source>We sent an e-mail with an activation code (like ABCD-EFGH-JKLM) to the address you gave. It is valid for 5 days. Type or paste it here with your username, exactly as you chose it (upper and lower case count), then choose your password and type it twice. If the e-mail does not arrive, look in the spam folder or ask for a new code.</source>
        <translation>We sent an e-mail with an activation code (like ABCD-EFGH-JKLM) to the address you gave. It is valid for 5 days. Type or paste it here with your username, exactly as you chose it (upper and lower case count), then choose your password and type it twice. If the e-mail does not arrive, look in the spam folder or ask for a new code.</translation>
    </message>
    <message>
        <source>Activate</source>
        <translation>Activate</translation>
    </message>
    <message>
        <source>Password strength: nothing typed yet</source>
        <translation>Password strength: nothing typed yet</translation>
    </message>
    <message>
        <source>Password strength</source>
        <translation>Password strength</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>The two passwords differ.</translation>
    </message>
    <message>
        <source>very weak</source>
        <translation>very weak</translation>
    </message>
    <message>
        <source>weak</source>
        <translation>weak</translation>
    </message>
    <message>
        <source>fair</source>
        <translation>fair</translation>
    </message>
    <message>
        <source>strong</source>
        <translation>strong</translation>
    </message>
    <message>
        <source>very strong</source>
        <translation>very strong</translation>
    </message>
    <message>
        <source>Strength: %1</source>
        <translation>Strength: %1</translation>
    </message>
    <message>
        <source>Registration succeeded. We sent the activation code to %1. It is valid for 5 days.</source>
        <translation>Registration succeeded. We sent the activation code to %1. It is valid for 5 days.</translation>
    </message>
    <message>
        <source>Registration succeeded. The e-mail with the activation code to %1 could not be sent yet; we keep trying. You can also come back later with &quot;I have an activation code&quot;.</source>
        <translation>Registration succeeded. The e-mail with the activation code to %1 could not be sent yet; we keep trying. You can also come back later with &quot;I have an activation code&quot;.</translation>
    </message>
    <message>
        <source>The demo mailbox is empty.</source>
        <translation>The demo mailbox is empty.</translation>
    </message>
    <message>
        <source>To:</source>
        <translation>To:</translation>
    </message>
    <message>
        <source>Subject:</source>
        <translation>Subject:</translation>
    </message>
    <message>
        <source>Type your username first.</source>
        <translation>Type your username first.</translation>
    </message>
    <message>
        <source>A new activation code is on its way; the earlier one no longer works.</source>
        <translation>A new activation code is on its way; the earlier one no longer works.</translation>
    </message>
    <message>
        <source>Username:</source>
        <translation>Username:</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>Username</translation>
    </message>
    <message>
        <source>Exactly as you chose it: upper and lower case count.</source>
        <translation>Exactly as you chose it: upper and lower case count.</translation>
    </message>
    <message>
        <source>Activation code:</source>
        <translation>Activation code:</translation>
    </message>
    <message>
        <source>Activation code</source>
        <translation>Activation code</translation>
    </message>
    <message>
        <source>Twelve letters and digits from the e-mail; the dashes may be left out.</source>
        <translation>Twelve letters and digits from the e-mail; the dashes may be left out.</translation>
    </message>
    <message>
        <source>New password:</source>
        <translation>New password:</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>New password</translation>
    </message>
    <message>
        <source>At least %1 characters, hard to guess; not your name, username or e-mail.</source>
        <translation>At least %1 characters, hard to guess; not your name, username or e-mail.</translation>
    </message>
    <message>
        <source>New password again:</source>
        <translation>New password again:</translation>
    </message>
    <message>
        <source>New password again</source>
        <translation>New password again</translation>
    </message>
    <message>
        <source>Type the same password once more.</source>
        <translation>Type the same password once more.</translation>
    </message>
    <message>
        <source>What the password still needs</source>
        <translation>What the password still needs</translation>
    </message>
    <message>
        <source>Demo mailbox</source>
        <translation>Demo mailbox</translation>
    </message>
    <message>
        <source>Shows the e-mail the demo system sent, so you can copy the code.</source>
        <translation>Shows the e-mail the demo system sent, so you can copy the code.</translation>
    </message>
    <message>
        <source>Send a new code</source>
        <translation>Send a new code</translation>
    </message>
    <message>
        <source>Sends a new activation code to your e-mail address.</source>
        <translation>Sends a new activation code to your e-mail address.</translation>
    </message>
    <message>
        <source>The received e-mail, read-only.</source>
        <translation>The received e-mail, read-only.</translation>
    </message>
</context>
<context>
    <name>AttendantPanel</name>
    <message>
        <source>unknown</source>
        <translation>unknown</translation>
    </message>
    <message>
        <source>Card reader: %1</source>
        <translation>Card reader: %1</translation>
    </message>
    <message>
        <source>Mail queue: %1</source>
        <translation>Mail queue: %1</translation>
    </message>
    <message>
        <source>Attendant panel</source>
        <translation>Attendant panel</translation>
    </message>
    <message>
        <source>Back to the kiosk</source>
        <translation>Back to the kiosk</translation>
    </message>
    <message>
        <source>End the current session</source>
        <translation>End the current session</translation>
    </message>
    <message>
        <source>Leave kiosk mode</source>
        <translation>Leave kiosk mode</translation>
    </message>
    <message>
        <source>Diagnostics</source>
        <translation>Diagnostics</translation>
    </message>
    <message>
        <source>not used (e-mails are written to files)</source>
        <translation>not used (e-mails are written to files)</translation>
    </message>
</context>
<context>
    <name>CardMessages</name>
    <message>
        <source>The card reader service of the computer is not running. Restart the computer, or ask for help with the pcscd service.</source>
        <translation>The card reader service of the computer is not running. Restart the computer, or ask for help with the pcscd service.</translation>
    </message>
    <message>
        <source>No card reader is connected. Connect the card reader to the computer.</source>
        <translation>No card reader is connected. Connect the card reader to the computer.</translation>
    </message>
    <message>
        <source>Place the card on the reader.</source>
        <translation>Place the card on the reader.</translation>
    </message>
    <message>
        <source>The card was removed while it was being read. Place it back on the reader and keep it there until reading ends.</source>
        <translation>The card was removed while it was being read. Place it back on the reader and keep it there until reading ends.</translation>
    </message>
    <message>
        <source>Another program is using the card (another eID client or a browser add-on, for example). Close it, then try again.</source>
        <translation>Another program is using the card (another eID client or a browser add-on, for example). Close it, then try again.</translation>
    </message>
    <message>
        <source>The card no longer accepts the CAN because it was mistyped too many times. Take the card to a government office (Kormányablak).</source>
        <translation>The card no longer accepts the CAN because it was mistyped too many times. Take the card to a government office (Kormányablak).</translation>
    </message>
    <message>
        <source>This document does not open with a CAN: it is an older card or a passport. Registration here needs the new electronic identity card (eSzemélyi).</source>
        <translation>This document does not open with a CAN: it is an older card or a passport. Registration here needs the new electronic identity card (eSzemélyi).</translation>
    </message>
    <message>
        <source>The CAN does not match this card. Check the six digits in the lower right corner of the card front. Tries left: %1.</source>
        <translation>The CAN does not match this card. Check the six digits in the lower right corner of the card front. Tries left: %1.</translation>
    </message>
    <message>
        <source>The CAN does not match this card. Check the six digits in the lower right corner of the card front.</source>
        <translation>The CAN does not match this card. Check the six digits in the lower right corner of the card front.</translation>
    </message>
    <message>
        <source>Type the six digits of the CAN first.</source>
        <translation>Type the six digits of the CAN first.</translation>
    </message>
    <message>
        <source>This card is not an electronic identity card. Place your eID card (eSzemélyi) on the reader.</source>
        <translation>This card is not an electronic identity card. Place your eID card (eSzemélyi) on the reader.</translation>
    </message>
    <message>
        <source>The connection to the card was interrupted. Lift the card off the reader, place it back and try again.</source>
        <translation>The connection to the card was interrupted. Lift the card off the reader, place it back and try again.</translation>
    </message>
    <message>
        <source>The data on the card could not be read correctly. Try again; if it happens again, type the document ID by hand or visit a government office.</source>
        <translation>The data on the card could not be read correctly. Try again; if it happens again, type the document ID by hand or visit a government office.</translation>
    </message>
    <message>
        <source>The card&apos;s chip uses a security method that this program does not support. Ask for help, or visit a government office.</source>
        <translation>The card&apos;s chip uses a security method that this program does not support. Ask for help, or visit a government office.</translation>
    </message>
    <message>
        <source>Reading was cancelled. Press Read card to try again.</source>
        <translation>Reading was cancelled. Press Read card to try again.</translation>
    </message>
    <message>
        <source>The virtual (demo) card could not be loaded. Ask for help: the program&apos;s installation may be incomplete.</source>
        <translation>The virtual (demo) card could not be loaded. Ask for help: the program&apos;s installation may be incomplete.</translation>
    </message>
    <message>
        <source>The certificates for checking cards could not be loaded. Ask for help: the program&apos;s installation may be incomplete.</source>
        <translation>The certificates for checking cards could not be loaded. Ask for help: the program&apos;s installation may be incomplete.</translation>
    </message>
    <message>
        <source>The card could not be read. Lift it off the reader, place it back and try again.</source>
        <translation>The card could not be read. Lift it off the reader, place it back and try again.</translation>
    </message>
    <message>
        <source>This identity card has expired, so it cannot be used for registration. A new card can be requested at a government office (Kormányablak).</source>
        <translation>This identity card has expired, so it cannot be used for registration. A new card can be requested at a government office (Kormányablak).</translation>
    </message>
    <message>
        <source>The card&apos;s data could not be verified: its electronic signature is not valid. For your safety this card cannot be used. Please visit a government office.</source>
        <translation>The card&apos;s data could not be verified: its electronic signature is not valid. For your safety this card cannot be used. Please visit a government office.</translation>
    </message>
    <message>
        <source>The card&apos;s electronic signature could not be checked here, and this computer is set to accept only verified cards. Please ask for help or visit a government office.</source>
        <translation>The card&apos;s electronic signature could not be checked here, and this computer is set to accept only verified cards. Please ask for help or visit a government office.</translation>
    </message>
    <message>
        <source>The card&apos;s chip could not prove that it is the original chip of this card: it may be a copy. For your safety this card cannot be used. Please visit a government office.</source>
        <translation>The card&apos;s chip could not prove that it is the original chip of this card: it may be a copy. For your safety this card cannot be used. Please visit a government office.</translation>
    </message>
    <message>
        <source>This card&apos;s chip cannot prove here that it is the original chip, and this computer accepts only cards that can. Please ask for help or visit a government office.</source>
        <translation>This card&apos;s chip cannot prove here that it is the original chip, and this computer accepts only cards that can. Please ask for help or visit a government office.</translation>
    </message>
    <message>
        <source>Looking for a card reader…</source>
        <translation>Looking for a card reader…</translation>
    </message>
    <message>
        <source>Virtual card in use (demo): no card reader is needed.</source>
        <translation>Virtual card in use (demo): no card reader is needed.</translation>
    </message>
    <message>
        <source>The card reader service (PC/SC) is not running.</source>
        <translation>The card reader service (PC/SC) is not running.</translation>
    </message>
    <message>
        <source>No card reader found. Connect a card reader.</source>
        <translation>No card reader found. Connect a card reader.</translation>
    </message>
    <message>
        <source>Card reader found: %1. Place the card on the reader.</source>
        <translation>Card reader found: %1. Place the card on the reader.</translation>
    </message>
    <message>
        <source>Card on the reader: %1.</source>
        <translation>Card on the reader: %1.</translation>
    </message>
</context>
<context>
    <name>CardPage</name>
    <message>
        <source>Start identification</source>
        <translation>Start identification</translation>
    </message>
    <message>
        <source>Place your identity card on the card reader and type the six-digit CAN: it is printed in the lower right corner of the card front (B in the picture). The app then reads the document ID (A) from the card&apos;s chip by itself. The registration code is on the plastic card from the green envelope you received with your identity card (C in the picture): eleven letters and digits. Upper and lower case matter. Then press Check.</source>
        <translation>Place your identity card on the card reader and type the six-digit CAN: it is printed in the lower right corner of the card front (B in the picture). The app then reads the document ID (A) from the card&apos;s chip by itself. The registration code is on the plastic card from the green envelope you received with your identity card (C in the picture): eleven letters and digits. Upper and lower case matter. Then press Check.</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Check</translation>
    </message>
    <message>
        <source>Progress of reading the card: %1</source>
        <translation>Progress of reading the card: %1</translation>
    </message>
    <message>
        <source>The card was read: document ID %1.</source>
        <translation>The card was read: document ID %1.</translation>
    </message>
    <message>
        <source>Connecting to the card…</source>
        <translation>Connecting to the card…</translation>
    </message>
    <message>
        <source>Secure channel…</source>
        <translation>Secure channel…</translation>
    </message>
    <message>
        <source>Reading data…</source>
        <translation>Reading data…</translation>
    </message>
    <message>
        <source>Verifying…</source>
        <translation>Verifying…</translation>
    </message>
    <message>
        <source>1. Your identity card</source>
        <translation>1. Your identity card</translation>
    </message>
    <message>
        <source>A: document ID, read from the chip. B: CAN, six digits at the lower right.</source>
        <translation>A: document ID, read from the chip. B: CAN, six digits at the lower right.</translation>
    </message>
    <message>
        <source>Picture of the identity card front</source>
        <translation>Picture of the identity card front</translation>
    </message>
    <message>
        <source>The document ID is at the top right of the card front (A); the six-digit CAN is at the lower right corner (B).</source>
        <translation>The document ID is at the top right of the card front (A); the six-digit CAN is at the lower right corner (B).</translation>
    </message>
    <message>
        <source>CAN (6 digits):</source>
        <translation>CAN (6 digits):</translation>
    </message>
    <message>
        <source>CAN</source>
        <translation>CAN</translation>
    </message>
    <message>
        <source>The six digits at the lower right corner of the identity card front.</source>
        <translation>The six digits at the lower right corner of the identity card front.</translation>
    </message>
    <message>
        <source>Read card</source>
        <translation>Read card</translation>
    </message>
    <message>
        <source>Reads the document ID from the card on the reader with the CAN.</source>
        <translation>Reads the document ID from the card on the reader with the CAN.</translation>
    </message>
    <message>
        <source>Stop reading</source>
        <translation>Stop reading</translation>
    </message>
    <message>
        <source>Stops reading the card.</source>
        <translation>Stops reading the card.</translation>
    </message>
    <message>
        <source>Document ID:</source>
        <translation>Document ID:</translation>
    </message>
    <message>
        <source>Document ID</source>
        <translation>Document ID</translation>
    </message>
    <message>
        <source>Six digits and two letters, as printed on the card, e.g. 123456AB.</source>
        <translation>Six digits and two letters, as printed on the card, e.g. 123456AB.</translation>
    </message>
    <message>
        <source>Read from the card&apos;s chip; it cannot be changed.</source>
        <translation>Read from the card&apos;s chip; it cannot be changed.</translation>
    </message>
    <message>
        <source>read from the card</source>
        <translation>read from the card</translation>
    </message>
    <message>
        <source>The document ID was read from the card</source>
        <translation>The document ID was read from the card</translation>
    </message>
    <message>
        <source>I cannot read the card: I type the document ID</source>
        <translation>I cannot read the card: I type the document ID</translation>
    </message>
    <message>
        <source>Only if reading the card is impossible. The ID is printed on the card front.</source>
        <translation>Only if reading the card is impossible. The ID is printed on the card front.</translation>
    </message>
    <message>
        <source>2. Registration code</source>
        <translation>2. Registration code</translation>
    </message>
    <message>
        <source>C: the code on the plastic card from the green envelope.</source>
        <translation>C: the code on the plastic card from the green envelope.</translation>
    </message>
    <message>
        <source>Picture of the registration code card</source>
        <translation>Picture of the registration code card</translation>
    </message>
    <message>
        <source>The plastic card from the green envelope, with the eleven-character registration code marked C.</source>
        <translation>The plastic card from the green envelope, with the eleven-character registration code marked C.</translation>
    </message>
    <message>
        <source>Registration code (11 characters):</source>
        <translation>Registration code (11 characters):</translation>
    </message>
    <message>
        <source>Registration code</source>
        <translation>Registration code</translation>
    </message>
    <message>
        <source>Eleven letters and digits from the plastic card; case matters.</source>
        <translation>Eleven letters and digits from the plastic card; case matters.</translation>
    </message>
</context>
<context>
    <name>ChiplessPanel</name>
    <message>
        <source>Looking for the card…</source>
        <extracomment>How long a card may take to appear after the person says it is on the reader. pcscd sees a card within ~0.4 s (FIELD-NOTES); a few seconds leave room for putting it down.</extracomment>
        <translation>Looking for the card…</translation>
    </message>
    <message>
        <source>The card is on the reader</source>
        <translation>The card is on the reader</translation>
    </message>
    <message>
        <source>Press it if your card lies on the reader but nothing happens.</source>
        <translation>Press it if your card lies on the reader but nothing happens.</translation>
    </message>
    <message>
        <source>Type the document ID</source>
        <translation>Type the document ID</translation>
    </message>
    <message>
        <source>The document ID is printed at the top right of the card front.</source>
        <translation>The document ID is printed at the top right of the card front.</translation>
    </message>
    <message>
        <source>Call the attendant</source>
        <translation>Call the attendant</translation>
    </message>
    <message>
        <source>The attendant can allow typing the document ID, with their PIN.</source>
        <translation>The attendant can allow typing the document ID, with their PIN.</translation>
    </message>
    <message>
        <source>No chip answers: the reader senses no card.</source>
        <translation>No chip answers: the reader senses no card.</translation>
    </message>
    <message>
        <source>No eID chip answers on this card.</source>
        <translation>No eID chip answers on this card.</translation>
    </message>
    <message>
        <source>Identity cards issued before 2016, and those issued without a chip to people over 65 until 2021, have no chip.</source>
        <translation>Identity cards issued before 2016, and those issued without a chip to people over 65 until 2021, have no chip.</translation>
    </message>
    <message>
        <source>The attendant allowed typing the document ID for this visit: type it as printed on the card front.</source>
        <translation>The attendant allowed typing the document ID for this visit: type it as printed on the card front.</translation>
    </message>
    <message>
        <source>You can type the document ID printed on the card front instead.</source>
        <translation>You can type the document ID printed on the card front instead.</translation>
    </message>
    <message>
        <source>Call the attendant: they can allow typing the document ID printed on the card for this visit.</source>
        <translation>Call the attendant: they can allow typing the document ID printed on the card for this visit.</translation>
    </message>
    <message>
        <source>Typing the document ID is not allowed here.</source>
        <translation>Typing the document ID is not allowed here.</translation>
    </message>
</context>
<context>
    <name>DiagnosticsScreen</name>
    <message>
        <source>Checking the card reader and the card…</source>
        <translation>Checking the card reader and the card…</translation>
    </message>
    <message>
        <source>The check itself failed. Press Check again; if it keeps failing, restart the app.</source>
        <translation>The check itself failed. Press Check again; if it keeps failing, restart the app.</translation>
    </message>
    <message numerus="yes">
        <source>(%n more in the report below.)</source>
        <translation>
            <numerusform>(%n more in the report below.)</numerusform>
            <numerusform>(%n more in the report below.)</numerusform>
        </translation>
    </message>
    <message>
        <source>No problem found: the reader and the card answer as they should.</source>
        <translation>No problem found: the reader and the card answer as they should.</translation>
    </message>
    <message>
        <source>The report could not be saved: %1</source>
        <translation>The report could not be saved: %1</translation>
    </message>
    <message>
        <source>Report saved: %1</source>
        <translation>Report saved: %1</translation>
    </message>
    <message>
        <source>The report is on the clipboard: paste it into an e-mail to support.</source>
        <translation>The report is on the clipboard: paste it into an e-mail to support.</translation>
    </message>
    <message>
        <source>Diagnostics</source>
        <translation>Diagnostics</translation>
    </message>
    <message>
        <source>Diagnostic report</source>
        <translation>Diagnostic report</translation>
    </message>
    <message>
        <source>Check again</source>
        <translation>Check again</translation>
    </message>
    <message>
        <source>Looks at the card reader and the card once more.</source>
        <translation>Looks at the card reader and the card once more.</translation>
    </message>
    <message>
        <source>Save report</source>
        <translation>Save report</translation>
    </message>
    <message>
        <source>Writes the report into a text file for support; it holds nothing personal.</source>
        <translation>Writes the report into a text file for support; it holds nothing personal.</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copy</translation>
    </message>
    <message>
        <source>Copy the report</source>
        <translation>Copy the report</translation>
    </message>
    <message>
        <source>Puts the report on the clipboard, to paste into an e-mail to support.</source>
        <translation>Puts the report on the clipboard, to paste into an e-mail to support.</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Closes the diagnostics.</source>
        <translation>Closes the diagnostics.</translation>
    </message>
</context>
<context>
    <name>DoneScreen</name>
    <message>
        <source>Thank you, you are done!</source>
        <translation>Thank you, you are done!</translation>
    </message>
    <message>
        <source>Please take your ID card from the reader.</source>
        <translation>Please take your ID card from the reader.</translation>
    </message>
    <message numerus="yes">
        <source>This screen returns to the start in %n second(s).</source>
        <translation>
            <numerusform>This screen returns to the start in %n second.</numerusform>
            <numerusform>This screen returns to the start in %n seconds.</numerusform>
        </translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Finish</translation>
    </message>
</context>
<context>
    <name>EmailPage</name>
    <message>
        <source>E-mail address</source>
        <translation>E-mail address</translation>
    </message>
    <message>
        <source>Ügyfélkapu sends the activation code to this address, and later its notices too. Give an address you can read now. Type it twice so that a typing slip is noticed.</source>
        <translation>Ügyfélkapu sends the activation code to this address, and later its notices too. Give an address you can read now. Type it twice so that a typing slip is noticed.</translation>
    </message>
    <message>
        <source>The two addresses differ. Check both.</source>
        <translation>The two addresses differ. Check both.</translation>
    </message>
    <message>
        <source>Where should we send the activation code?</source>
        <translation>Where should we send the activation code?</translation>
    </message>
    <message>
        <source>E-mail address:</source>
        <translation>E-mail address:</translation>
    </message>
    <message>
        <source>E-mail address again:</source>
        <translation>E-mail address again:</translation>
    </message>
    <message>
        <source>The activation code will be sent here.</source>
        <translation>The activation code will be sent here.</translation>
    </message>
    <message>
        <source>E-mail address again</source>
        <translation>E-mail address again</translation>
    </message>
    <message>
        <source>Type the same address once more, to catch typing slips.</source>
        <translation>Type the same address once more, to catch typing slips.</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <source>unknown</source>
        <translation>unknown</translation>
    </message>
    <message>
        <source>The previous session ended because nothing happened for a while. All data were erased.</source>
        <translation>The previous session ended because nothing happened for a while. All data were erased.</translation>
    </message>
    <message>
        <source>The card was taken from the reader, so the session ended and all data were erased. To start again, place your card on the reader.</source>
        <translation>The card was taken from the reader, so the session ended and all data were erased. To start again, place your card on the reader.</translation>
    </message>
    <message>
        <source>Something unexpected happened. For your safety all data were erased; please start again.</source>
        <translation>Something unexpected happened. For your safety all data were erased; please start again.</translation>
    </message>
</context>
<context>
    <name>MailQueueWords</name>
    <message>
        <source>not checked yet</source>
        <translation>not checked yet</translation>
    </message>
    <message>
        <source>the registry cannot be reached</source>
        <translation>the registry cannot be reached</translation>
    </message>
    <message>
        <source>empty: every e-mail has been sent</source>
        <translation>empty: every e-mail has been sent</translation>
    </message>
    <message numerus="yes">
        <source>%n e-mail(s) waiting; the oldest has waited %1 min</source>
        <translation>
            <numerusform>%n e-mail waiting; the oldest has waited %1 min</numerusform>
            <numerusform>%n e-mails waiting; the oldest has waited %1 min</numerusform>
        </translation>
    </message>
    <message>
        <source>; the mail server does not answer, retrying</source>
        <translation>; the mail server does not answer, retrying</translation>
    </message>
</context>
<context>
    <name>ManualEntryApproval</name>
    <message>
        <source>The attendant&apos;s approval could not be recorded, so typing stays off. Please try again in a moment.</source>
        <translation>The attendant&apos;s approval could not be recorded, so typing stays off. Please try again in a moment.</translation>
    </message>
</context>
<context>
    <name>OnScreenKeyboard</name>
    <message>
        <source>Shift (capital letter)</source>
        <translation>Shift (capital letter)</translation>
    </message>
    <message>
        <source>Caps lock</source>
        <translation>Caps lock</translation>
    </message>
    <message>
        <source>Delete the last character</source>
        <translation>Delete the last character</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>Enter</translation>
    </message>
    <message>
        <source>Space</source>
        <translation>Space</translation>
    </message>
    <message>
        <source>Hide the keyboard</source>
        <translation>Hide the keyboard</translation>
    </message>
</context>
<context>
    <name>Page</name>
    <message>
        <source>Next</source>
        <translation>Next</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>Something went wrong on our side. Please try again a little later; what you typed is kept.</source>
        <translation>Something went wrong on our side. Please try again a little later; what you typed is kept.</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <source>No usable attendant PIN is configured: kiosk mode can only be ended by the system.</source>
        <translation>No usable attendant PIN is configured: kiosk mode can only be ended by the system.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Checking…</translation>
    </message>
    <message>
        <source>Wrong PIN.</source>
        <translation>Wrong PIN.</translation>
    </message>
    <message numerus="yes">
        <source>Wrong PIN. You can try again in %n second(s).</source>
        <translation>
            <numerusform>Wrong PIN. You can try again in %n second.</numerusform>
            <numerusform>Wrong PIN. You can try again in %n seconds.</numerusform>
        </translation>
    </message>
    <message>
        <source>Enter the attendant PIN.</source>
        <translation>Enter the attendant PIN.</translation>
    </message>
    <message>
        <source>Attendant</source>
        <translation>Attendant</translation>
    </message>
    <message>
        <source>Attendant PIN</source>
        <translation>Attendant PIN</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Check the PIN</source>
        <translation>Check the PIN</translation>
    </message>
    <message>
        <source>Delete the last digit</source>
        <translation>Delete the last digit</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>SecondFactorPage</name>
    <message>
        <source>Ügyfélkapu+: second factor</source>
        <translation>Ügyfélkapu+: second factor</translation>
    </message>
    <message>
        <source>Ügyfélkapu+ asks for a six-digit code from an authenticator app on your phone at each sign-in, so nobody can sign in with your password alone. Open the authenticator app (for example Google Authenticator or Microsoft Authenticator), add an account and scan the QR code, or type the key. Type the code the app shows. Write down the recovery code and keep it safe: it lets you in if you lose your phone. It is shown only now.</source>
        <translation>Ügyfélkapu+ asks for a six-digit code from an authenticator app on your phone at each sign-in, so nobody can sign in with your password alone. Open the authenticator app (for example Google Authenticator or Microsoft Authenticator), add an account and scan the QR code, or type the key. Type the code the app shows. Write down the recovery code and keep it safe: it lets you in if you lose your phone. It is shown only now.</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>Confirm</translation>
    </message>
    <message>
        <source>Scan the QR code with your authenticator app, or type the key. Then type the six-digit code the app shows.</source>
        <translation>Scan the QR code with your authenticator app, or type the key. Then type the six-digit code the app shows.</translation>
    </message>
    <message>
        <source>QR code for the authenticator app</source>
        <translation>QR code for the authenticator app</translation>
    </message>
    <message>
        <source>The same key as in the Key field, for scanning with a phone.</source>
        <translation>The same key as in the Key field, for scanning with a phone.</translation>
    </message>
    <message>
        <source>Key:</source>
        <translation>Key:</translation>
    </message>
    <message>
        <source>Key for manual entry</source>
        <translation>Key for manual entry</translation>
    </message>
    <message>
        <source>Type this into the authenticator app if you cannot scan the QR code.</source>
        <translation>Type this into the authenticator app if you cannot scan the QR code.</translation>
    </message>
    <message>
        <source>Code from the app:</source>
        <translation>Code from the app:</translation>
    </message>
    <message>
        <source>Code from the app</source>
        <translation>Code from the app</translation>
    </message>
    <message>
        <source>Six digits; a new one every 30 seconds.</source>
        <translation>Six digits; a new one every 30 seconds.</translation>
    </message>
    <message>
        <source>Your recovery code is shown only now. Write it down and keep it safe: with it you can sign in if you lose your phone.</source>
        <translation>Your recovery code is shown only now. Write it down and keep it safe: with it you can sign in if you lose your phone.</translation>
    </message>
    <message>
        <source>Recovery code:</source>
        <translation>Recovery code:</translation>
    </message>
    <message>
        <source>Recovery code</source>
        <translation>Recovery code</translation>
    </message>
    <message>
        <source>Shown once; keep it safe.</source>
        <translation>Shown once; keep it safe.</translation>
    </message>
    <message>
        <source>I have saved the recovery code.</source>
        <translation>I have saved the recovery code.</translation>
    </message>
    <message>
        <source>Required: the recovery code cannot be shown again.</source>
        <translation>Required: the recovery code cannot be shown again.</translation>
    </message>
</context>
<context>
    <name>SignInPage</name>
    <message>
        <source>Ügyfélkapu is ready</source>
        <translation>Ügyfélkapu is ready</translation>
    </message>
    <message>
        <source>Try signing in</source>
        <translation>Try signing in</translation>
    </message>
    <message>
        <source>Sign in the way you will on the Ügyfélkapu website: your username exactly as you chose it (upper and lower case count), your password, and the six-digit code from your authenticator app (or your recovery code if you lost your phone).</source>
        <translation>Sign in the way you will on the Ügyfélkapu website: your username exactly as you chose it (upper and lower case count), your password, and the six-digit code from your authenticator app (or your recovery code if you lost your phone).</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Finish</translation>
    </message>
    <message>
        <source>Fill in all three fields.</source>
        <translation>Fill in all three fields.</translation>
    </message>
    <message>
        <source>Signed in. Welcome, %1! Your Ügyfélkapu account works.</source>
        <translation>Signed in. Welcome, %1! Your Ügyfélkapu account works.</translation>
    </message>
    <message>
        <source>Your Ügyfélkapu account is ready. From now on you can sign in to government services with your username, password and the code from your app. Try it here if you like.</source>
        <translation>Your Ügyfélkapu account is ready. From now on you can sign in to government services with your username, password and the code from your app. Try it here if you like.</translation>
    </message>
    <message>
        <source>Type your username, password and the code from your authenticator app.</source>
        <translation>Type your username, password and the code from your authenticator app.</translation>
    </message>
    <message>
        <source>Username:</source>
        <translation>Username:</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>Username</translation>
    </message>
    <message>
        <source>Exactly as you chose it: upper and lower case count.</source>
        <translation>Exactly as you chose it: upper and lower case count.</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Password:</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Password</translation>
    </message>
    <message>
        <source>Your Ügyfélkapu password.</source>
        <translation>Your Ügyfélkapu password.</translation>
    </message>
    <message>
        <source>Code from the app:</source>
        <translation>Code from the app:</translation>
    </message>
    <message>
        <source>Code from the app</source>
        <translation>Code from the app</translation>
    </message>
    <message>
        <source>Six digits from the authenticator app, or your recovery code.</source>
        <translation>Six digits from the authenticator app, or your recovery code.</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Sign in</translation>
    </message>
    <message>
        <source>Checks your username, password and code.</source>
        <translation>Checks your username, password and code.</translation>
    </message>
</context>
<context>
    <name>StartPage</name>
    <message>
        <source>Ügyfélkapu registration</source>
        <translation>Ügyfélkapu registration</translation>
    </message>
    <message>
        <source>Ügyfélkapu is the government&apos;s sign-in for online administration. With your electronic identity card you can register from home in a few minutes. You will need: your eID card (eSzemélyi), the plastic card from the green envelope you got with it (it carries the registration code), a card reader and an e-mail address. Nothing happens until you press a button; you can stop at any time.</source>
        <translation>Ügyfélkapu is the government&apos;s sign-in for online administration. With your electronic identity card you can register from home in a few minutes. You will need: your eID card (eSzemélyi), the plastic card from the green envelope you got with it (it carries the registration code), a card reader and an e-mail address. Nothing happens until you press a button; you can stop at any time.</translation>
    </message>
    <message>
        <source>What would you like to do?</source>
        <translation>What would you like to do?</translation>
    </message>
    <message>
        <source>Registration with the electronic identity card</source>
        <translation>Registration with the electronic identity card</translation>
    </message>
    <message>
        <source>First time here: your card, the registration code, a username and e-mail.</source>
        <translation>First time here: your card, the registration code, a username and e-mail.</translation>
    </message>
    <message>
        <source>I have an activation code</source>
        <translation>I have an activation code</translation>
    </message>
    <message>
        <source>Finish a registration started earlier with the code from the e-mail.</source>
        <translation>Finish a registration started earlier with the code from the e-mail.</translation>
    </message>
    <message>
        <source>Try signing in</source>
        <translation>Try signing in</translation>
    </message>
    <message>
        <source>Check that your username, password and authenticator code work.</source>
        <translation>Check that your username, password and authenticator code work.</translation>
    </message>
    <message>
        <source>Diagnostics</source>
        <translation>Diagnostics</translation>
    </message>
    <message>
        <source>Checks the card reader and the card and says in words what is wrong.</source>
        <translation>Checks the card reader and the card and says in words what is wrong.</translation>
    </message>
    <message>
        <source>your new-type electronic identity card (eSzemélyi),</source>
        <translation>your new-type electronic identity card (eSzemélyi),</translation>
    </message>
    <message>
        <source>the plastic card from the green envelope you received with it: it carries the registration code,</source>
        <translation>the plastic card from the green envelope you received with it: it carries the registration code,</translation>
    </message>
    <message>
        <source>a card reader connected to this computer,</source>
        <translation>a card reader connected to this computer,</translation>
    </message>
    <message>
        <source>an e-mail address you can read now.</source>
        <translation>an e-mail address you can read now.</translation>
    </message>
    <message>
        <source>For registering you will need:</source>
        <translation>For registering you will need:</translation>
    </message>
</context>
<context>
    <name>StillTherePrompt</name>
    <message>
        <source>Are you still there?</source>
        <translation>Are you still there?</translation>
    </message>
    <message numerus="yes">
        <source>Nothing has happened for a while. To protect your data, everything you entered will be erased in %n second(s).</source>
        <translation>
            <numerusform>Nothing has happened for a while. To protect your data, everything you entered will be erased in %n second.</numerusform>
            <numerusform>Nothing has happened for a while. To protect your data, everything you entered will be erased in %n seconds.</numerusform>
        </translation>
    </message>
    <message>
        <source>Yes, I am still here</source>
        <translation>Yes, I am still here</translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message>
        <source>Summary</source>
        <translation>Summary</translation>
    </message>
    <message>
        <source>Check the username and e-mail address; if something is wrong, go Back. Read the privacy notice and tick the box. When you press Register, we send an activation code to your e-mail address; with it you will set your password.</source>
        <translation>Check the username and e-mail address; if something is wrong, go Back. Read the privacy notice and tick the box. When you press Register, we send an activation code to your e-mail address; with it you will set your password.</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>Register</translation>
    </message>
    <message>
        <source>Please check the data below before registering.</source>
        <translation>Please check the data below before registering.</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Document ID:</source>
        <translation>Document ID:</translation>
    </message>
    <message>
        <source>Username:</source>
        <translation>Username:</translation>
    </message>
    <message>
        <source>E-mail address:</source>
        <translation>E-mail address:</translation>
    </message>
    <message>
        <source>Privacy notice. To create your Ügyfélkapu account we store your username, your e-mail address and the link to your record in the personal-data and address registry. Your password is stored only in a form from which it cannot be read back. We use your e-mail address only for messages about your account. The data on your identity card are read only to identify you and are not kept by this application. You can ask at any government office (Kormányablak) what is stored about you and have your account closed.</source>
        <translation>Privacy notice. To create your Ügyfélkapu account we store your username, your e-mail address and the link to your record in the personal-data and address registry. Your password is stored only in a form from which it cannot be read back. We use your e-mail address only for messages about your account. The data on your identity card are read only to identify you and are not kept by this application. You can ask at any government office (Kormányablak) what is stored about you and have your account closed.</translation>
    </message>
    <message>
        <source>Privacy notice</source>
        <translation>Privacy notice</translation>
    </message>
    <message>
        <source>How your data are used. Read-only text.</source>
        <translation>How your data are used. Read-only text.</translation>
    </message>
    <message>
        <source>I have read the privacy notice and accept it.</source>
        <translation>I have read the privacy notice and accept it.</translation>
    </message>
    <message>
        <source>Required before registering.</source>
        <translation>Required before registering.</translation>
    </message>
</context>
<context>
    <name>UsernamePage</name>
    <message>
        <source>Choose a username</source>
        <translation>Choose a username</translation>
    </message>
    <message>
        <source>You will sign in to Ügyfélkapu with this name. Use only letters of the Hungarian alphabet, at least four, and at least three different ones. Upper and lower case are different: whoever chooses KisAnna must always sign in as KisAnna; kisanna, Kisanna or kisAnna are refused. Write it down somewhere safe.</source>
        <translation>You will sign in to Ügyfélkapu with this name. Use only letters of the Hungarian alphabet, at least four, and at least three different ones. Upper and lower case are different: whoever chooses KisAnna must always sign in as KisAnna; kisanna, Kisanna or kisAnna are refused. Write it down somewhere safe.</translation>
    </message>
    <message>
        <source>Not met yet: %1</source>
        <translation>Not met yet: %1</translation>
    </message>
    <message>
        <source>Every rule is met.</source>
        <translation>Every rule is met.</translation>
    </message>
    <message>
        <source>Choose the name you will sign in with.</source>
        <translation>Choose the name you will sign in with.</translation>
    </message>
    <message>
        <source>Username:</source>
        <translation>Username:</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>Username</translation>
    </message>
    <message>
        <source>Letters of the Hungarian alphabet only, at least four; case matters.</source>
        <translation>Letters of the Hungarian alphabet only, at least four; case matters.</translation>
    </message>
    <message>
        <source>Username rules</source>
        <translation>Username rules</translation>
    </message>
    <message>
        <source>Upper and lower case count: if you choose KisAnna, you must always sign in as KisAnna; kisanna, Kisanna or kisAnna will not work.</source>
        <translation>Upper and lower case count: if you choose KisAnna, you must always sign in as KisAnna; kisanna, Kisanna or kisAnna will not work.</translation>
    </message>
</context>
<context>
    <name>VerifyPage</name>
    <message>
        <source>Check</source>
        <translation>Check</translation>
    </message>
    <message>
        <source>The registry of personal data and addresses recognised you. These are the data it holds about you; Ügyfélkapu will use them. You cannot change them here. If something is wrong, a government office (Kormányablak) can correct it; you can still go on with the registration now.</source>
        <translation>The registry of personal data and addresses recognised you. These are the data it holds about you; Ügyfélkapu will use them. You cannot change them here. If something is wrong, a government office (Kormányablak) can correct it; you can still go on with the registration now.</translation>
    </message>
    <message>
        <source>The check succeeded: the registry recognised you.</source>
        <translation>The check succeeded: the registry recognised you.</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Name:</translation>
    </message>
    <message>
        <source>Name at birth:</source>
        <translation>Name at birth:</translation>
    </message>
    <message>
        <source>Mother&apos;s name:</source>
        <translation>Mother&apos;s name:</translation>
    </message>
    <message>
        <source>Place and date of birth:</source>
        <translation>Place and date of birth:</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Address:</translation>
    </message>
    <message>
        <source>Document ID:</source>
        <translation>Document ID:</translation>
    </message>
    <message>
        <source>From the personal-data and address registry; read-only.</source>
        <translation>From the personal-data and address registry; read-only.</translation>
    </message>
    <message>
        <source>These data come from the personal-data and address registry and cannot be changed here. If something is wrong, a government office (Kormányablak) can correct it.</source>
        <translation>These data come from the personal-data and address registry and cannot be changed here. If something is wrong, a government office (Kormányablak) can correct it.</translation>
    </message>
</context>
<context>
    <name>WizardFrame</name>
    <message>
        <source>Card reader status</source>
        <translation>Card reader status</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>Choose the language of the application: Hungarian or English.</source>
        <translation>Choose the language of the application: Hungarian or English.</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>Help</translation>
    </message>
    <message>
        <source>Shows or hides help for this screen (F1).</source>
        <translation>Shows or hides help for this screen (F1).</translation>
    </message>
    <message>
        <source>Help (F1)</source>
        <translation>Help (F1)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Stops the registration and deletes what you typed (asks first; Esc).</source>
        <translation>Stops the registration and deletes what you typed (asks first; Esc).</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Back</translation>
    </message>
    <message>
        <source>Returns to the previous screen; what you typed is kept.</source>
        <translation>Returns to the previous screen; what you typed is kept.</translation>
    </message>
    <message>
        <source>Goes on to the next step (Enter).</source>
        <translation>Goes on to the next step (Enter).</translation>
    </message>
    <message>
        <source>One moment…</source>
        <translation>One moment…</translation>
    </message>
    <message>
        <source>Stop the registration? Everything you typed will be deleted from this computer.</source>
        <translation>Stop the registration? Everything you typed will be deleted from this computer.</translation>
    </message>
    <message>
        <source>Registration steps</source>
        <translation>Registration steps</translation>
    </message>
    <message>
        <source>Yes, stop</source>
        <translation>Yes, stop</translation>
    </message>
    <message>
        <source>Deletes what you typed and returns to Start.</source>
        <translation>Deletes what you typed and returns to Start.</translation>
    </message>
    <message>
        <source>No, continue</source>
        <translation>No, continue</translation>
    </message>
    <message>
        <source>Returns to the screen where you were.</source>
        <translation>Returns to the screen where you were.</translation>
    </message>
    <message>
        <source>A virtual card is in use (demo), as requested.</source>
        <translation>A virtual card is in use (demo), as requested.</translation>
    </message>
    <message>
        <source>Help: %1</source>
        <translation>Help: %1</translation>
    </message>
    <message>
        <source>The card reader service is not running, so a virtual card is in use (demo).</source>
        <translation>The card reader service is not running, so a virtual card is in use (demo).</translation>
    </message>
    <message>
        <source>No card reader was found, so a virtual card is in use (demo).</source>
        <translation>No card reader was found, so a virtual card is in use (demo).</translation>
    </message>
</context>
<context>
    <name>WizardWindow</name>
    <message>
        <source>Ügyfélkapu registration with the electronic identity card</source>
        <translation>Ügyfélkapu registration with the electronic identity card</translation>
    </message>
</context>
</TS>
