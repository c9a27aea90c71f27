<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="hu" sourcelanguage="en">
<context>
    <name>ActivationPage</name>
    <message>
        <source>Activation</source>
        <translation>Aktiválás</translation>
    </message>
    <message>
        <source>We sent an e-mail with an activation code (like ABCD-EFGH-JKLM) to the address you gave. It is valid for 5 days. Type or paste it here with your username, exactly as you chose it (upper and lower case count), then choose your password and type it twice. If the e-mail does not arrive, look in the spam folder or ask for a new code.</source>
        <translation>A megadott címre e-mailben elküldtük az aktiváló kódot (például ABCD-EFGH-JKLM). A kód 5 napig érvényes. Írja vagy másolja be ide a felhasználónevével együtt, pontosan úgy, ahogyan választotta (a kis- és nagybetű számít), majd adja meg a jelszavát kétszer. Ha az e-mail nem érkezik meg, nézze meg a levélszemét mappát, vagy kérjen új kódot.</translation>
    </message>
    <message>
        <source>Activate</source>
        <translation>Aktiválás</translation>
    </message>
    <message>
        <source>Password strength: nothing typed yet</source>
        <translation>Jelszóerősség: még nincs beírva jelszó</translation>
    </message>
    <message>
        <source>Password strength</source>
        <translation>A jelszó erőssége</translation>
    </message>
    <message>
        <source>The two passwords differ.</source>
        <translation>A két jelszó nem egyezik.</translation>
    </message>
    <message>
        <source>very weak</source>
        <translation>nagyon gyenge</translation>
    </message>
    <message>
        <source>weak</source>
        <translation>gyenge</translation>
    </message>
    <message>
        <source>fair</source>
        <translation>közepes</translation>
    </message>
    <message>
        <source>strong</source>
        <translation>erős</translation>
    </message>
    <message>
        <source>very strong</source>
        <translation>nagyon erős</translation>
    </message>
    <message>
        <source>Strength: %1</source>
        <translation>Erősség: %1</translation>
    </message>
    <message>
        <source>Registration succeeded. We sent the activation code to %1. It is valid for 5 days.</source>
        <translation>Sikeres regisztráció. Az aktiváló kódot elküldtük ide: %1. A kód 5 napig érvényes.</translation>
    </message>
    <message>
        <source>Registration succeeded. The e-mail with the activation code to %1 could not be sent yet; we keep trying. You can also come back later with &quot;I have an activation code&quot;.</source>
        <translation>Sikeres regisztráció. Az aktiváló kódot tartalmazó e-mailt (%1) még nem tudtuk elküldeni; tovább próbálkozunk. Később az „Aktiváló kódom van” gombbal is folytathatja.</translation>
    </message>
    <message>
        <source>The demo mailbox is empty.</source>
        <translation>A bemutató postafiók üres.</translation>
    </message>
    <message>
        <source>To:</source>
        <translation>Címzett:</translation>
    </message>
    <message>
        <source>Subject:</source>
        <translation>Tárgy:</translation>
    </message>
    <message>
        <source>Type your username first.</source>
        <translation>Először írja be a felhasználónevét.</translation>
    </message>
    <message>
        <source>A new activation code is on its way; the earlier one no longer works.</source>
        <translation>Elküldtük az új aktiváló kódot; a korábbi már nem érvényes.</translation>
    </message>
    <message>
        <source>Username:</source>
        <translation>Felhasználónév:</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>Felhasználónév</translation>
    </message>
    <message>
        <source>Exactly as you chose it: upper and lower case count.</source>
        <translation>Pontosan úgy, ahogyan választotta: a kis- és nagybetű számít.</translation>
    </message>
    <message>
        <source>Activation code:</source>
        <translation>Aktiváló kód:</translation>
    </message>
    <message>
        <source>Activation code</source>
        <translation>Aktiváló kód</translation>
    </message>
    <message>
        <source>Twelve letters and digits from the e-mail; the dashes may be left out.</source>
        <translation>Az e-mailben kapott tizenkét betű és szám; a kötőjelek elhagyhatók.</translation>
    </message>
    <message>
        <source>New password:</source>
        <translation>Új jelszó:</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>Új jelszó</translation>
    </message>
    <message>
        <source>At least %1 characters, hard to guess; not your name, username or e-mail.</source>
        <translation>Legalább %1 karakter, nehezen kitalálható; ne a neve, a felhasználóneve vagy az e-mail-címe legyen.</translation>
    </message>
    <message>
        <source>New password again:</source>
        <translation>Új jelszó még egyszer:</translation>
    </message>
    <message>
        <source>New password again</source>
        <translation>Új jelszó még egyszer</translation>
    </message>
    <message>
        <source>Type the same password once more.</source>
        <translation>Írja be még egyszer ugyanazt a jelszót.</translation>
    </message>
    <message>
        <source>What the password still needs</source>
        <translation>Mi hiányzik még a jelszóból</translation>
    </message>
    <message>
        <source>Demo mailbox</source>
        <translation>Bemutató postafiók</translation>
    </message>
    <message>
        <source>Shows the e-mail the demo system sent, so you can copy the code.</source>
        <translation>Megmutatja a bemutató rendszer által küldött e-mailt, hogy kimásolhassa a kódot.</translation>
    </message>
    <message>
        <source>Send a new code</source>
        <translation>Új kód kérése</translation>
    </message>
    <message>
        <source>Sends a new activation code to your e-mail address.</source>
        <translation>Új aktiváló kódot küld az e-mail-címére.</translation>
    </message>
    <message>
        <source>The received e-mail, read-only.</source>
        <translation>A beérkezett e-mail, csak olvasható.</translation>
    </message>
</context>
<context>
    <name>AttendantPanel</name>
    <message>
        <source>unknown</source>
        <translation>ismeretlen</translation>
    </message>
    <message>
        <source>Card reader: %1</source>
        <translation>Kártyaolvasó: %1</translation>
    </message>
    <message>
        <source>Mail queue: %1</source>
        <translation>Levélsor: %1</translation>
    </message>
    <message>
        <source>Attendant panel</source>
        <translation>Ügyintézői panel</translation>
    </message>
    <message>
        <source>Back to the kiosk</source>
        <translation>Vissza a kioszkhoz</translation>
    </message>
    <message>
        <source>End the current session</source>
        <translation>A mostani munkamenet befejezése</translation>
    </message>
    <message>
        <source>Leave kiosk mode</source>
        <translation>Kilépés a kioszk módból</translation>
    </message>
    <message>
        <source>Diagnostics</source>
        <translation>Diagnosztika</translation>
    </message>
    <message>
        <source>not used (e-mails are written to files)</source>
        <translation>nincs használatban (az e-maileket fájlba írjuk)</translation>
    </message>
</context>
<context>
    <name>CardMessages</name>
    <message>
        <source>The card reader service of the computer is not running. Restart the computer, or ask for help with the pcscd service.</source>
        <translation>A számítógép kártyaolvasó-szolgáltatása nem fut. Indítsa újra a számítógépet, vagy kérjen segítséget a pcscd szolgáltatással kapcsolatban.</translation>
    </message>
    <message>
        <source>No card reader is connected. Connect the card reader to the computer.</source>
        <translation>Nincs csatlakoztatott kártyaolvasó. Csatlakoztassa a kártyaolvasót a számítógéphez.</translation>
    </message>
    <message>
        <source>Place the card on the reader.</source>
        <translation>Helyezze a kártyát az olvasóra.</translation>
    </message>
    <message>
        <source>The card was removed while it was being read. Place it back on the reader and keep it there until reading ends.</source>
        <translation>A kártyát olvasás közben elvették az olvasóról. Tegye vissza, és hagyja rajta, amíg az olvasás be nem fejeződik.</translation>
    </message>
    <message>
        <source>Another program is using the card (another eID client or a browser add-on, for example). Close it, then try again.</source>
        <translation>Egy másik program használja a kártyát (például egy másik eID-kliens vagy egy böngészőbővítmény). Zárja be, majd próbálja újra.</translation>
    </message>
    <message>
        <source>The card no longer accepts the CAN because it was mistyped too many times. Take the card to a government office (Kormányablak).</source>
        <translation>A kártya már nem fogadja el a CAN-t, mert túl sokszor adták meg hibásan. Vigye el a kártyát egy kormányablakba.</translation>
    </message>
    <message>
        <source>This document does not open with a CAN: it is an older card or a passport. Registration here needs the new electronic identity card (eSzemélyi).</source>
        <translation>Ez az okmány nem CAN-kóddal nyitható: régebbi kártya vagy útlevél. A regisztrációhoz az új típusú elektronikus személyazonosító igazolvány (eSzemélyi) kell.</translation>
    </message>
    <message>
        <source>The CAN does not match this card. Check the six digits in the lower right corner of the card front. Tries left: %1.</source>
        <translation>A CAN nem ehhez a kártyához tartozik. Ellenőrizze a kártya előlapjának jobb alsó sarkában lévő hat számjegyet. Hátralévő próbálkozások: %1.</translation>
    </message>
    <message>
        <source>The CAN does not match this card. Check the six digits in the lower right corner of the card front.</source>
        <translation>A CAN nem ehhez a kártyához tartozik. Ellenőrizze a kártya előlapjának jobb alsó sarkában lévő hat számjegyet.</translation>
    </message>
    <message>
        <source>Type the six digits of the CAN first.</source>
        <translation>Először írja be a CAN hat számjegyét.</translation>
    </message>
    <message>
        <source>This card is not an electronic identity card. Place your eID card (eSzemélyi) on the reader.</source>
        <translation>Ez a kártya nem elektronikus személyazonosító igazolvány. Helyezze az olvasóra az eSzemélyi igazolványát.</translation>
    </message>
    <message>
        <source>The connection to the card was interrupted. Lift the card off the reader, place it back and try again.</source>
        <translation>Megszakadt a kapcsolat a kártyával. Vegye le a kártyát az olvasóról, tegye vissza, és próbálja újra.</translation>
    </message>
    <message>
        <source>The data on the card could not be read correctly. Try again; if it happens again, type the document ID by hand or visit a government office.</source>
        <translation>A kártyán lévő adatokat nem sikerült helyesen beolvasni. Próbálja újra; ha ismét előfordul, írja be kézzel az okmányazonosítót, vagy keressen fel egy kormányablakot.</translation>
    </message>
    <message>
        <source>The card&apos;s chip uses a security method that this program does not support. Ask for help, or visit a government office.</source>
        <translation>A kártya chipje olyan biztonsági eljárást használ, amelyet ez a program nem támogat. Kérjen segítséget, vagy keressen fel egy kormányablakot.</translation>
    </message>
    <message>
        <source>Reading was cancelled. Press Read card to try again.</source>
        <translation>Az olvasás megszakadt. Újrapróbálkozáshoz nyomja meg a Kártya olvasása gombot.</translation>
    </message>
    <message>
        <source>The virtual (demo) card could not be loaded. Ask for help: the program&apos;s installation may be incomplete.</source>
        <translation>A virtuális (bemutató) kártyát nem sikerült betölteni. Kérjen segítséget: a program telepítése hiányos lehet.</translation>
    </message>
    <message>
        <source>The certificates for checking cards could not be loaded. Ask for help: the program&apos;s installation may be incomplete.</source>
        <translation>A kártyák ellenőrzéséhez szükséges tanúsítványokat nem sikerült betölteni. Kérjen segítséget: a program telepítése hiányos lehet.</translation>
    </message>
    <message>
        <source>The card could not be read. Lift it off the reader, place it back and try again.</source>
        <translation>A kártyát nem sikerült beolvasni. Vegye le az olvasóról, tegye vissza, és próbálja újra.</translation>
    </message>
    <message>
        <source>This identity card has expired, so it cannot be used for registration. A new card can be requested at a government office (Kormányablak).</source>
        <translation>Ez a személyazonosító igazolvány lejárt, ezért nem használható regisztrációhoz. Új igazolványt kormányablakban igényelhet.</translation>
    </message>
    <message>
        <source>The card&apos;s data could not be verified: its electronic signature is not valid. For your safety this card cannot be used. Please visit a government office.</source>
        <translation>A kártya adatainak hitelességét nem sikerült ellenőrizni: az elektronikus aláírás érvénytelen. Az Ön biztonsága érdekében ez a kártya nem használható. Kérjük, keressen fel egy kormányablakot.</translation>
    </message>
    <message>
        <source>The card&apos;s electronic signature could not be checked here, and this computer is set to accept only verified cards. Please ask for help or visit a government office.</source>
        <translation>A kártya elektronikus aláírását itt nem lehetett ellenőrizni, ez a számítógép pedig csak ellenőrzött kártyát fogad el. Kérjen segítséget, vagy keressen fel egy kormányablakot.</translation>
    </message>
    <message>
        <source>The card&apos;s chip could not prove that it is the original chip of this card: it may be a copy. For your safety this card cannot be used. Please visit a government office.</source>
        <translation>A kártya chipje nem tudta igazolni, hogy ez a kártya eredeti chipje: lehet, hogy másolat. Az Ön biztonsága érdekében ez a kártya nem használható. Kérjük, keressen fel egy kormányablakot.</translation>
    </message>
    <message>
        <source>This card&apos;s chip cannot prove here that it is the original chip, and this computer accepts only cards that can. Please ask for help or visit a government office.</source>
        <translation>A kártya chipje itt nem tudja igazolni, hogy ez az eredeti chip, ez a számítógép pedig csak ilyen igazolásra képes kártyát fogad el. Kérjen segítséget, vagy keressen fel egy kormányablakot.</translation>
    </message>
    <message>
        <source>Looking for a card reader…</source>
        <translation>Kártyaolvasó keresése…</translation>
    </message>
    <message>
        <source>Virtual card in use (demo): no card reader is needed.</source>
        <translation>Virtuális kártya használatban (bemutató): nincs szükség kártyaolvasóra.</translation>
    </message>
    <message>
        <source>The card reader service (PC/SC) is not running.</source>
        <translation>A kártyaolvasó-szolgáltatás (PC/SC) nem fut.</translation>
    </message>
    <message>
        <source>No card reader found. Connect a card reader.</source>
        <translation>Nem található kártyaolvasó. Csatlakoztasson egy kártyaolvasót.</translation>
    </message>
    <message>
        <source>Card reader found: %1. Place the card on the reader.</source>
        <translation>Kártyaolvasó: %1. Helyezze a kártyát az olvasóra.</translation>
    </message>
    <message>
        <source>Card on the reader: %1.</source>
        <translation>Kártya az olvasón: %1.</translation>
    </message>
</context>
<context>
    <name>CardPage</name>
    <message>
        <source>Start identification</source>
        <translation>Azonosítás indítása</translation>
    </message>
    <message>
        <source>Place your identity card on the card reader and type the six-digit CAN: it is printed in the lower right corner of the card front (B in the picture). The app then reads the document ID (A) from the card&apos;s chip by itself. The registration code is on the plastic card from the green envelope you received with your identity card (C in the picture): eleven letters and digits. Upper and lower case matter. Then press Check.</source>
        <translation>Helyezze a személyazonosító igazolványát a kártyaolvasóra, és írja be a hatjegyű CAN-t: a kártya előlapjának jobb alsó sarkában található (a képen B). Az alkalmazás ezután magától beolvassa az okmányazonosítót (A) a kártya chipjéből. A regisztrációs kódot az igazolvánnyal együtt kapott zöld borítékban lévő plasztikkártyán találja (a képen C): tizenegy betű és szám. A kis- és nagybetű számít. Ezután nyomja meg az Ellenőrzés gombot.</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Ellenőrzés</translation>
    </message>
    <message>
        <source>Progress of reading the card: %1</source>
        <translation>A kártya olvasásának állapota: %1</translation>
    </message>
    <message>
        <source>The card was read: document ID %1.</source>
        <translation>A kártyát beolvastuk, az okmányazonosító: %1.</translation>
    </message>
    <message>
        <source>Connecting to the card…</source>
        <translation>Kapcsolódás a kártyához…</translation>
    </message>
    <message>
        <source>Secure channel…</source>
        <translation>Biztonságos csatorna…</translation>
    </message>
    <message>
        <source>Reading data…</source>
        <translation>Adatok olvasása…</translation>
    </message>
    <message>
        <source>Verifying…</source>
        <translation>Ellenőrzés…</translation>
    </message>
    <message>
        <source>1. Your identity card</source>
        <translation>1. Személyazonosító igazolvány</translation>
    </message>
    <message>
        <source>A: document ID, read from the chip. B: CAN, six digits at the lower right.</source>
        <translation>A: okmányazonosító, a chipből olvassuk. B: CAN, hat számjegy a jobb alsó sarokban.</translation>
    </message>
    <message>
        <source>Picture of the identity card front</source>
        <translation>A személyazonosító igazolvány előlapjának képe</translation>
    </message>
    <message>
        <source>The document ID is at the top right of the card front (A); the six-digit CAN is at the lower right corner (B).</source>
        <translation>Az okmányazonosító a kártya előlapjának jobb felső részén van (A); a hatjegyű CAN a jobb alsó sarokban (B).</translation>
    </message>
    <message>
        <source>CAN (6 digits):</source>
        <translation>CAN (6 számjegy):</translation>
    </message>
    <message>
        <source>CAN</source>
        <translation>CAN</translation>
    </message>
    <message>
        <source>The six digits at the lower right corner of the identity card front.</source>
        <translation>A személyazonosító igazolvány előlapjának jobb alsó sarkában lévő hat számjegy.</translation>
    </message>
    <message>
        <source>Read card</source>
        <translation>Kártya olvasása</translation>
    </message>
    <message>
        <source>Reads the document ID from the card on the reader with the CAN.</source>
        <translation>A CAN segítségével beolvassa az okmányazonosítót az olvasón lévő kártyáról.</translation>
    </message>
    <message>
        <source>Stop reading</source>
        <translation>Olvasás leállítása</translation>
    </message>
    <message>
        <source>Stops reading the card.</source>
        <translation>Leállítja a kártya olvasását.</translation>
    </message>
    <message>
        <source>Document ID:</source>
        <translation>Okmányazonosító:</translation>
    </message>
    <message>
        <source>Document ID</source>
        <translation>Okmányazonosító</translation>
    </message>
    <message>
        <source>Six digits and two letters, as printed on the card, e.g. 123456AB.</source>
        <translation>Hat számjegy és két betű, ahogyan a kártyán szerepel, például 123456AB.</translation>
    </message>
    <message>
        <source>Read from the card&apos;s chip; it cannot be changed.</source>
        <translation>A kártya chipjéből olvastuk; nem módosítható.</translation>
    </message>
    <message>
        <source>read from the card</source>
        <translation>a kártyáról olvasva</translation>
    </message>
    <message>
        <source>The document ID was read from the card</source>
        <translation>Az okmányazonosítót a kártyáról olvastuk</translation>
    </message>
    <message>
        <source>I cannot read the card: I type the document ID</source>
        <translation>Nem tudom beolvasni a kártyát: beírom az okmányazonosítót</translation>
    </message>
    <message>
        <source>Only if reading the card is impossible. The ID is printed on the card front.</source>
        <translation>Csak ha a kártya beolvasása nem lehetséges. Az azonosító a kártya előlapján található.</translation>
    </message>
    <message>
        <source>2. Registration code</source>
        <translation>2. Regisztrációs kód</translation>
    </message>
    <message>
        <source>C: the code on the plastic card from the green envelope.</source>
        <translation>C: a zöld borítékban kapott plasztikkártyán lévő kód.</translation>
    </message>
    <message>
        <source>Picture of the registration code card</source>
        <translation>A regisztrációs kódot tartalmazó kártya képe</translation>
    </message>
    <message>
        <source>The plastic card from the green envelope, with the eleven-character registration code marked C.</source>
        <translation>A zöld borítékban kapott plasztikkártya; a tizenegy karakteres regisztrációs kódot C jelöli.</translation>
    </message>
    <message>
        <source>Registration code (11 characters):</source>
        <translation>Regisztrációs kód (11 karakter):</translation>
    </message>
    <message>
        <source>Registration code</source>
        <translation>Regisztrációs kód</translation>
    </message>
    <message>
        <source>Eleven letters and digits from the plastic card; case matters.</source>
        <translation>A plasztikkártyán lévő tizenegy betű és szám; a kis- és nagybetű számít.</translation>
    </message>
</context>
<context>
    <name>ChiplessPanel</name>
    <message>
        <source>Looking for the card…</source>
        <extracomment>How long a card may take to appear after the person says it is on the reader. pcscd sees a card within ~0.4 s (FIELD-NOTES); a few seconds leave room for putting it down.</extracomment>
        <translation>A kártyát keressük…</translation>
    </message>
    <message>
        <source>The card is on the reader</source>
        <translation>A kártya az olvasón van</translation>
    </message>
    <message>
        <source>Press it if your card lies on the reader but nothing happens.</source>
        <translation>Nyomja meg, ha a kártya az olvasón van, de nem történik semmi.</translation>
    </message>
    <message>
        <source>Type the document ID</source>
        <translation>Begépelem az okmányazonosítót</translation>
    </message>
    <message>
        <source>The document ID is printed at the top right of the card front.</source>
        <translation>Az okmányazonosító a kártya előlapjának jobb felső részén olvasható.</translation>
    </message>
    <message>
        <source>Call the attendant</source>
        <translation>Ügyintéző hívása</translation>
    </message>
    <message>
        <source>The attendant can allow typing the document ID, with their PIN.</source>
        <translation>Az ügyintéző a PIN-kódjával engedélyezheti az okmányazonosító begépelését.</translation>
    </message>
    <message>
        <source>No chip answers: the reader senses no card.</source>
        <translation>Nem válaszol chip: az olvasó nem érzékel kártyát.</translation>
    </message>
    <message>
        <source>No eID chip answers on this card.</source>
        <translation>Ezen a kártyán nem válaszol eID-chip.</translation>
    </message>
    <message>
        <source>Identity cards issued before 2016, and those issued without a chip to people over 65 until 2021, have no chip.</source>
        <translation>A 2016 előtt kiadott személyi igazolványokban, és a 65 év felettieknek 2021-ig chip nélkül kiadottakban nincs chip.</translation>
    </message>
    <message>
        <source>The attendant allowed typing the document ID for this visit: type it as printed on the card front.</source>
        <translation>Az ügyintéző erre az alkalomra engedélyezte az okmányazonosító begépelését: írja be úgy, ahogy a kártya előlapján áll.</translation>
    </message>
    <message>
        <source>You can type the document ID printed on the card front instead.</source>
        <translation>Helyette begépelheti a kártya előlapján álló okmányazonosítót.</translation>
    </message>
    <message>
        <source>Call the attendant: they can allow typing the document ID printed on the card for this visit.</source>
        <translation>Hívja az ügyintézőt: erre az alkalomra engedélyezheti a kártyán álló okmányazonosító begépelését.</translation>
    </message>
    <message>
        <source>Typing the document ID is not allowed here.</source>
        <translation>Itt az okmányazonosító nem gépelhető be.</translation>
    </message>
</context>
<context>
    <name>DiagnosticsScreen</name>
    <message>
        <source>Checking the card reader and the card…</source>
        <translation>A kártyaolvasó és a kártya ellenőrzése…</translation>
    </message>
    <message>
        <source>The check itself failed. Press Check again; if it keeps failing, restart the app.</source>
        <translation>Maga az ellenőrzés nem sikerült. Nyomja meg az Újra gombot; ha továbbra sem megy, indítsa újra az alkalmazást.</translation>
    </message>
    <message numerus="yes">
        <source>(%n more in the report below.)</source>
        <translation>
            <numerusform>(További %n a lenti jelentésben.)</numerusform>
        </translation>
    </message>
    <message>
        <source>No problem found: the reader and the card answer as they should.</source>
        <translation>Nem találtunk hibát: az olvasó és a kártya rendben válaszol.</translation>
    </message>
    <message>
        <source>The report could not be saved: %1</source>
        <translation>A jelentést nem sikerült menteni: %1</translation>
    </message>
    <message>
        <source>Report saved: %1</source>
        <translation>A jelentés elmentve: %1</translation>
    </message>
    <message>
        <source>The report is on the clipboard: paste it into an e-mail to support.</source>
        <translation>A jelentés a vágólapon van: illessze be a támogatásnak írt e-mailbe.</translation>
    </message>
    <message>
        <source>Diagnostics</source>
        <translation>Diagnosztika</translation>
    </message>
    <message>
        <source>Diagnostic report</source>
        <translation>Diagnosztikai jelentés</translation>
    </message>
    <message>
        <source>Check again</source>
        <translation>Újra</translation>
    </message>
    <message>
        <source>Looks at the card reader and the card once more.</source>
        <translation>Még egyszer megnézi a kártyaolvasót és a kártyát.</translation>
    </message>
    <message>
        <source>Save report</source>
        <translation>Mentés</translation>
    </message>
    <message>
        <source>Writes the report into a text file for support; it holds nothing personal.</source>
        <translation>A jelentést szövegfájlba írja a támogatás számára; személyes adatot nem tartalmaz.</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Másolás</translation>
    </message>
    <message>
        <source>Copy the report</source>
        <translation>A jelentés másolása</translation>
    </message>
    <message>
        <source>Puts the report on the clipboard, to paste into an e-mail to support.</source>
        <translation>A jelentést a vágólapra teszi, hogy a támogatásnak írt e-mailbe illeszthesse.</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Vissza</translation>
    </message>
    <message>
        <source>Closes the diagnostics.</source>
        <translation>Bezárja a diagnosztikát.</translation>
    </message>
</context>
<context>
    <name>DoneScreen</name>
    <message>
        <source>Thank you, you are done!</source>
        <translation>Köszönjük, elkészült!</translation>
    </message>
    <message>
        <source>Please take your ID card from the reader.</source>
        <translation>Kérjük, vegye el személyi igazolványát az olvasóról.</translation>
    </message>
    <message numerus="yes">
        <source>This screen returns to the start in %n second(s).</source>
        <translation>
            <numerusform>Ez a képernyő %n másodperc múlva visszatér a kezdőlapra.</numerusform>
        </translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Befejezés</translation>
    </message>
</context>
<context>
    <name>EmailPage</name>
    <message>
        <source>E-mail address</source>
        <translation>E-mail-cím</translation>
    </message>
    <message>
        <source>Ügyfélkapu sends the activation code to this address, and later its notices too. Give an address you can read now. Type it twice so that a typing slip is noticed.</source>
        <translation>Az Ügyfélkapu erre a címre küldi az aktiváló kódot, később pedig az értesítéseit is. Olyan címet adjon meg, amelynek leveleit most el tudja olvasni. Írja be kétszer, hogy egy elírás kiderüljön.</translation>
    </message>
    <message>
        <source>The two addresses differ. Check both.</source>
        <translation>A két cím nem egyezik. Ellenőrizze mindkettőt.</translation>
    </message>
    <message>
        <source>Where should we send the activation code?</source>
        <translation>Hová küldjük az aktiváló kódot?</translation>
    </message>
    <message>
        <source>E-mail address:</source>
        <translation>E-mail-cím:</translation>
    </message>
    <message>
        <source>E-mail address again:</source>
        <translation>E-mail-cím még egyszer:</translation>
    </message>
    <message>
        <source>The activation code will be sent here.</source>
        <translation>Ide küldjük az aktiváló kódot.</translation>
    </message>
    <message>
        <source>E-mail address again</source>
        <translation>E-mail-cím még egyszer</translation>
    </message>
    <message>
        <source>Type the same address once more, to catch typing slips.</source>
        <translation>Írja be még egyszer ugyanazt a címet, hogy az elírás kiderüljön.</translation>
    </message>
</context>
<context>
    <name>KioskWindow</name>
    <message>
        <source>unknown</source>
        <translation>ismeretlen</translation>
    </message>
    <message>
        <source>The previous session ended because nothing happened for a while. All data were erased.</source>
        <translation>Az előző munkamenet véget ért, mert egy ideig nem történt semmi. Minden adatot töröltünk.</translation>
    </message>
    <message>
        <source>The card was taken from the reader, so the session ended and all data were erased. To start again, place your card on the reader.</source>
        <translation>A kártyát elvették az olvasóról, ezért a munkamenet véget ért, és minden adatot töröltünk. Az újrakezdéshez helyezze a kártyát az olvasóra.</translation>
    </message>
    <message>
        <source>Something unexpected happened. For your safety all data were erased; please start again.</source>
        <translation>Váratlan hiba történt. Az Ön biztonsága érdekében minden adatot töröltünk; kérjük, kezdje újra.</translation>
    </message>
</context>
<context>
    <name>MailQueueWords</name>
    <message>
        <source>not checked yet</source>
        <translation>még nincs ellenőrizve</translation>
    </message>
    <message>
        <source>the registry cannot be reached</source>
        <translation>a nyilvántartás nem érhető el</translation>
    </message>
    <message>
        <source>empty: every e-mail has been sent</source>
        <translation>üres: minden e-mail elment</translation>
    </message>
    <message numerus="yes">
        <source>%n e-mail(s) waiting; the oldest has waited %1 min</source>
        <translation>
            <numerusform>%n e-mail vár; a legrégebbi %1 perce</numerusform>
        </translation>
    </message>
    <message>
        <source>; the mail server does not answer, retrying</source>
        <translation>; a levelezőkiszolgáló nem válaszol, újrapróbáljuk</translation>
    </message>
</context>
<context>
    <name>ManualEntryApproval</name>
    <message>
        <source>The attendant&apos;s approval could not be recorded, so typing stays off. Please try again in a moment.</source>
        <translation>Az ügyintéző engedélyét nem sikerült rögzíteni, ezért a begépelés nem lehetséges. Kérjük, próbálja újra egy kicsit később.</translation>
    </message>
</context>
<context>
    <name>OnScreenKeyboard</name>
    <message>
        <source>Shift (capital letter)</source>
        <translation>Shift (nagybetű)</translation>
    </message>
    <message>
        <source>Caps lock</source>
        <translation>Nagybetűs írás rögzítése</translation>
    </message>
    <message>
        <source>Delete the last character</source>
        <translation>Az utolsó karakter törlése</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>Enter</translation>
    </message>
    <message>
        <source>Space</source>
        <translation>Szóköz</translation>
    </message>
    <message>
        <source>Hide the keyboard</source>
        <translation>A billentyűzet elrejtése</translation>
    </message>
</context>
<context>
    <name>Page</name>
    <message>
        <source>Next</source>
        <translation>Tovább</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Hiba</translation>
    </message>
    <message>
        <source>Something went wrong on our side. Please try again a little later; what you typed is kept.</source>
        <translation>Hiba történt a mi oldalunkon. Kérjük, próbálja újra kicsit később; a beírt adatok megmaradnak.</translation>
    </message>
</context>
<context>
    <name>PinPad</name>
    <message>
        <source>No usable attendant PIN is configured: kiosk mode can only be ended by the system.</source>
        <translation>Nincs használható ügyintézői PIN beállítva: a kioszk mód csak a rendszerből állítható le.</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>Ellenőrzés…</translation>
    </message>
    <message>
        <source>Wrong PIN.</source>
        <translation>Hibás PIN.</translation>
    </message>
    <message numerus="yes">
        <source>Wrong PIN. You can try again in %n second(s).</source>
        <translation>
            <numerusform>Hibás PIN. %n másodperc múlva próbálhatja újra.</numerusform>
        </translation>
    </message>
    <message>
        <source>Enter the attendant PIN.</source>
        <translation>Adja meg az ügyintézői PIN-t.</translation>
    </message>
    <message>
        <source>Attendant</source>
        <translation>Ügyintéző</translation>
    </message>
    <message>
        <source>Attendant PIN</source>
        <translation>Ügyintézői PIN</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Check the PIN</source>
        <translation>A PIN ellenőrzése</translation>
    </message>
    <message>
        <source>Delete the last digit</source>
        <translation>Az utolsó számjegy törlése</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Mégse</translation>
    </message>
</context>
<context>
    <name>SecondFactorPage</name>
    <message>
        <source>Ügyfélkapu+: second factor</source>
        <translation>Ügyfélkapu+: második azonosítási tényező</translation>
    </message>
    <message>
        <source>Ügyfélkapu+ asks for a six-digit code from an authenticator app on your phone at each sign-in, so nobody can sign in with your password alone. Open the authenticator app (for example Google Authenticator or Microsoft Authenticator), add an account and scan the QR code, or type the key. Type the code the app shows. Write down the recovery code and keep it safe: it lets you in if you lose your phone. It is shown only now.</source>
        <translation>Az Ügyfélkapu+ minden belépéskor kér egy hatjegyű kódot a telefonján lévő hitelesítő alkalmazásból, így a jelszavával egyedül senki sem léphet be. Nyissa meg a hitelesítő alkalmazást (például Google Authenticator vagy Microsoft Authenticator), adjon hozzá egy fiókot, és olvassa be a QR-kódot, vagy írja be a kulcsot. Írja be az alkalmazás által mutatott kódot. Írja fel a törlőkódot, és őrizze biztonságos helyen: ezzel akkor is be tud lépni, ha elveszíti a telefonját. Csak most jelenik meg.</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>Megerősítés</translation>
    </message>
    <message>
        <source>Scan the QR code with your authenticator app, or type the key. Then type the six-digit code the app shows.</source>
        <translation>Olvassa be a QR-kódot a hitelesítő alkalmazással, vagy írja be a kulcsot. Ezután írja be az alkalmazás által mutatott hatjegyű kódot.</translation>
    </message>
    <message>
        <source>QR code for the authenticator app</source>
        <translation>QR-kód a hitelesítő alkalmazáshoz</translation>
    </message>
    <message>
        <source>The same key as in the Key field, for scanning with a phone.</source>
        <translation>Ugyanaz a kulcs, mint a Kulcs mezőben, telefonnal beolvasható formában.</translation>
    </message>
    <message>
        <source>Key:</source>
        <translation>Kulcs:</translation>
    </message>
    <message>
        <source>Key for manual entry</source>
        <translation>Kulcs kézi beíráshoz</translation>
    </message>
    <message>
        <source>Type this into the authenticator app if you cannot scan the QR code.</source>
        <translation>Ezt írja be a hitelesítő alkalmazásba, ha nem tudja beolvasni a QR-kódot.</translation>
    </message>
    <message>
        <source>Code from the app:</source>
        <translation>Kód az alkalmazásból:</translation>
    </message>
    <message>
        <source>Code from the app</source>
        <translation>Kód az alkalmazásból</translation>
    </message>
    <message>
        <source>Six digits; a new one every 30 seconds.</source>
        <translation>Hat számjegy; 30 másodpercenként új.</translation>
    </message>
    <message>
        <source>Your recovery code is shown only now. Write it down and keep it safe: with it you can sign in if you lose your phone.</source>
        <translation>A törlőkódot csak most mutatjuk meg. Írja fel, és őrizze biztonságos helyen: ezzel akkor is be tud lépni, ha elveszíti a telefonját.</translation>
    </message>
    <message>
        <source>Recovery code:</source>
        <translation>Törlőkód:</translation>
    </message>
    <message>
        <source>Recovery code</source>
        <translation>Törlőkód</translation>
    </message>
    <message>
        <source>Shown once; keep it safe.</source>
        <translation>Csak egyszer látható; őrizze meg biztonságosan.</translation>
    </message>
    <message>
        <source>I have saved the recovery code.</source>
        <translation>A törlőkódot elmentettem.</translation>
    </message>
    <message>
        <source>Required: the recovery code cannot be shown again.</source>
        <translation>Kötelező: a törlőkódot később nem tudjuk újra megmutatni.</translation>
    </message>
</context>
<context>
    <name>SignInPage</name>
    <message>
        <source>Ügyfélkapu is ready</source>
        <translation>Az Ügyfélkapu készen áll</translation>
    </message>
    <message>
        <source>Try signing in</source>
        <translation>Bejelentkezés kipróbálása</translation>
    </message>
    <message>
        <source>Sign in the way you will on the Ügyfélkapu website: your username exactly as you chose it (upper and lower case count), your password, and the six-digit code from your authenticator app (or your recovery code if you lost your phone).</source>
        <translation>Lépjen be úgy, ahogyan az Ügyfélkapu honlapján fog: a felhasználónevével pontosan úgy, ahogyan választotta (a kis- és nagybetű számít), a jelszavával és a hitelesítő alkalmazás hatjegyű kódjával (vagy a törlőkóddal, ha elveszítette a telefonját).</translation>
    </message>
    <message>
        <source>Finish</source>
        <translation>Befejezés</translation>
    </message>
    <message>
        <source>Fill in all three fields.</source>
        <translation>Töltse ki mindhárom mezőt.</translation>
    </message>
    <message>
        <source>Signed in. Welcome, %1! Your Ügyfélkapu account works.</source>
        <translation>Sikeres bejelentkezés. Üdvözöljük, %1! Az Ügyfélkapu-fiókja működik.</translation>
    </message>
    <message>
        <source>Your Ügyfélkapu account is ready. From now on you can sign in to government services with your username, password and the code from your app. Try it here if you like.</source>
        <translation>Az Ügyfélkapu-fiókja elkészült. Mostantól a felhasználónevével, a jelszavával és az alkalmazás kódjával léphet be az elektronikus ügyintézési szolgáltatásokba. Ha szeretné, itt kipróbálhatja.</translation>
    </message>
    <message>
        <source>Type your username, password and the code from your authenticator app.</source>
        <translation>Írja be a felhasználónevét, a jelszavát és a hitelesítő alkalmazás kódját.</translation>
    </message>
    <message>
        <source>Username:</source>
        <translation>Felhasználónév:</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>Felhasználónév</translation>
    </message>
    <message>
        <source>Exactly as you chose it: upper and lower case count.</source>
        <translation>Pontosan úgy, ahogyan választotta: a kis- és nagybetű számít.</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Jelszó:</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Jelszó</translation>
    </message>
    <message>
        <source>Your Ügyfélkapu password.</source>
        <translation>Az Ügyfélkapu-jelszava.</translation>
    </message>
    <message>
        <source>Code from the app:</source>
        <translation>Kód az alkalmazásból:</translation>
    </message>
    <message>
        <source>Code from the app</source>
        <translation>Kód az alkalmazásból</translation>
    </message>
    <message>
        <source>Six digits from the authenticator app, or your recovery code.</source>
        <translation>Hat számjegy a hitelesítő alkalmazásból, vagy a törlőkód.</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Belépés</translation>
    </message>
    <message>
        <source>Checks your username, password and code.</source>
        <translation>Ellenőrzi a felhasználónevet, a jelszót és a kódot.</translation>
    </message>
</context>
<context>
    <name>StartPage</name>
    <message>
        <source>Ügyfélkapu registration</source>
        <translation>Ügyfélkapu-regisztráció</translation>
    </message>
    <message>
        <source>Ügyfélkapu is the government&apos;s sign-in for online administration. With your electronic identity card you can register from home in a few minutes. You will need: your eID card (eSzemélyi), the plastic card from the green envelope you got with it (it carries the registration code), a card reader and an e-mail address. Nothing happens until you press a button; you can stop at any time.</source>
        <translation>Az Ügyfélkapu az állami elektronikus ügyintézés belépési pontja. Elektronikus személyazonosító igazolvánnyal néhány perc alatt regisztrálhat otthonról. Ehhez szüksége lesz: az eSzemélyi igazolványára, az igazolvánnyal együtt kapott zöld borítékban lévő plasztikkártyára (ezen van a regisztrációs kód), egy kártyaolvasóra és egy e-mail-címre. Amíg nem nyom meg egy gombot, nem történik semmi; bármikor abbahagyhatja.</translation>
    </message>
    <message>
        <source>What would you like to do?</source>
        <translation>Mit szeretne tenni?</translation>
    </message>
    <message>
        <source>Registration with the electronic identity card</source>
        <translation>Regisztráció elektronikus személyazonosító igazolvánnyal</translation>
    </message>
    <message>
        <source>First time here: your card, the registration code, a username and e-mail.</source>
        <translation>Első alkalommal: kártya, regisztrációs kód, felhasználónév és e-mail-cím.</translation>
    </message>
    <message>
        <source>I have an activation code</source>
        <translation>Aktiváló kódom van</translation>
    </message>
    <message>
        <source>Finish a registration started earlier with the code from the e-mail.</source>
        <translation>Korábban megkezdett regisztráció befejezése az e-mailben kapott kóddal.</translation>
    </message>
    <message>
        <source>Try signing in</source>
        <translation>Bejelentkezés kipróbálása</translation>
    </message>
    <message>
        <source>Check that your username, password and authenticator code work.</source>
        <translation>Kipróbálhatja, működik-e a felhasználóneve, a jelszava és a hitelesítő kódja.</translation>
    </message>
    <message>
        <source>Diagnostics</source>
        <translation>Diagnosztika</translation>
    </message>
    <message>
        <source>Checks the card reader and the card and says in words what is wrong.</source>
        <translation>Ellenőrzi a kártyaolvasót és a kártyát, és szavakkal elmondja, mi a hiba.</translation>
    </message>
    <message>
        <source>your new-type electronic identity card (eSzemélyi),</source>
        <translation>az új típusú elektronikus személyazonosító igazolványa (eSzemélyi),</translation>
    </message>
    <message>
        <source>the plastic card from the green envelope you received with it: it carries the registration code,</source>
        <translation>a vele kapott zöld borítékban lévő plasztikkártya: ezen van a regisztrációs kód,</translation>
    </message>
    <message>
        <source>a card reader connected to this computer,</source>
        <translation>a számítógéphez csatlakoztatott kártyaolvasó,</translation>
    </message>
    <message>
        <source>an e-mail address you can read now.</source>
        <translation>egy e-mail-cím, amelynek leveleit most el tudja olvasni.</translation>
    </message>
    <message>
        <source>For registering you will need:</source>
        <translation>A regisztrációhoz szüksége lesz:</translation>
    </message>
</context>
<context>
    <name>StillTherePrompt</name>
    <message>
        <source>Are you still there?</source>
        <translation>Itt van még?</translation>
    </message>
    <message numerus="yes">
        <source>Nothing has happened for a while. To protect your data, everything you entered will be erased in %n second(s).</source>
        <translation>
            <numerusform>Egy ideje nem történt semmi. Adatai védelmében %n másodperc múlva mindent törlünk, amit megadott.</numerusform>
        </translation>
    </message>
    <message>
        <source>Yes, I am still here</source>
        <translation>Igen, itt vagyok</translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message>
        <source>Summary</source>
        <translation>Összegzés</translation>
    </message>
    <message>
        <source>Check the username and e-mail address; if something is wrong, go Back. Read the privacy notice and tick the box. When you press Register, we send an activation code to your e-mail address; with it you will set your password.</source>
        <translation>Ellenőrizze a felhasználónevet és az e-mail-címet; ha valami nem stimmel, lépjen Vissza. Olvassa el az adatkezelési tájékoztatót, és jelölje be a négyzetet. A Regisztráció gomb megnyomása után aktiváló kódot küldünk az e-mail-címére; ezzel állíthatja be a jelszavát.</translation>
    </message>
    <message>
        <source>Register</source>
        <translation>Regisztráció</translation>
    </message>
    <message>
        <source>Please check the data below before registering.</source>
        <translation>Regisztráció előtt kérjük, ellenőrizze az alábbi adatokat.</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Név:</translation>
    </message>
    <message>
        <source>Document ID:</source>
        <translation>Okmányazonosító:</translation>
    </message>
    <message>
        <source>Username:</source>
        <translation>Felhasználónév:</translation>
    </message>
    <message>
        <source>E-mail address:</source>
        <translation>E-mail-cím:</translation>
    </message>
    <message>
        <source>Privacy notice. To create your Ügyfélkapu account we store your username, your e-mail address and the link to your record in the personal-data and address registry. Your password is stored only in a form from which it cannot be read back. We use your e-mail address only for messages about your account. The data on your identity card are read only to identify you and are not kept by this application. You can ask at any government office (Kormányablak) what is stored about you and have your account closed.</source>
        <translation>Adatkezelési tájékoztató. Az Ügyfélkapu-fiók létrehozásához tároljuk a felhasználónevét, az e-mail-címét és a személyi adat- és lakcímnyilvántartásban szereplő adataira mutató kapcsolatot. A jelszavát csak olyan formában tároljuk, amelyből nem állítható vissza. Az e-mail-címét kizárólag a fiókjával kapcsolatos üzenetekre használjuk. Az igazolványa adatait csak az azonosításához olvassuk be, ez az alkalmazás nem őrzi meg őket. Bármelyik kormányablakban megkérdezheti, milyen adatot tárolunk Önről, és kérheti a fiókja megszüntetését.</translation>
    </message>
    <message>
        <source>Privacy notice</source>
        <translation>Adatkezelési tájékoztató</translation>
    </message>
    <message>
        <source>How your data are used. Read-only text.</source>
        <translation>Hogyan kezeljük az adatait. Csak olvasható szöveg.</translation>
    </message>
    <message>
        <source>I have read the privacy notice and accept it.</source>
        <translation>Az adatkezelési tájékoztatót elolvastam és elfogadom.</translation>
    </message>
    <message>
        <source>Required before registering.</source>
        <translation>A regisztrációhoz kötelező.</translation>
    </message>
</context>
<context>
    <name>UsernamePage</name>
    <message>
        <source>Choose a username</source>
        <translation>Felhasználónév választása</translation>
    </message>
    <message>
        <source>You will sign in to Ügyfélkapu with this name. Use only letters of the Hungarian alphabet, at least four, and at least three different ones. Upper and lower case are different: whoever chooses KisAnna must always sign in as KisAnna; kisanna, Kisanna or kisAnna are refused. Write it down somewhere safe.</source>
        <translation>Ezzel a névvel fog belépni az Ügyfélkapuba. Csak a magyar ábécé betűit használja, legalább négyet, és legalább három különbözőt. A kis- és nagybetű különbözik: aki a KisAnna nevet választja, annak mindig KisAnna néven kell belépnie; a kisanna, Kisanna vagy kisAnna nem fogadható el. Írja fel biztonságos helyre.</translation>
    </message>
    <message>
        <source>Not met yet: %1</source>
        <translation>Még nem teljesül: %1</translation>
    </message>
    <message>
        <source>Every rule is met.</source>
        <translation>Minden szabály teljesül.</translation>
    </message>
    <message>
        <source>Choose the name you will sign in with.</source>
        <translation>Válassza ki a nevet, amellyel belép majd.</translation>
    </message>
    <message>
        <source>Username:</source>
        <translation>Felhasználónév:</translation>
    </message>
    <message>
        <source>Username</source>
        <translation>Felhasználónév</translation>
    </message>
    <message>
        <source>Letters of the Hungarian alphabet only, at least four; case matters.</source>
        <translation>Csak a magyar ábécé betűi, legalább négy; a kis- és nagybetű számít.</translation>
    </message>
    <message>
        <source>Username rules</source>
        <translation>A felhasználónév szabályai</translation>
    </message>
    <message>
        <source>Upper and lower case count: if you choose KisAnna, you must always sign in as KisAnna; kisanna, Kisanna or kisAnna will not work.</source>
        <translation>A kis- és nagybetű számít: ha a KisAnna nevet választja, mindig KisAnna néven kell belépnie; a kisanna, Kisanna vagy kisAnna nem fog működni.</translation>
    </message>
</context>
<context>
    <name>VerifyPage</name>
    <message>
        <source>Check</source>
        <translation>Ellenőrzés</translation>
    </message>
    <message>
        <source>The registry of personal data and addresses recognised you. These are the data it holds about you; Ügyfélkapu will use them. You cannot change them here. If something is wrong, a government office (Kormányablak) can correct it; you can still go on with the registration now.</source>
        <translation>A személyi adat- és lakcímnyilvántartás azonosította Önt. Ezeket az adatokat tartja nyilván Önről, és ezeket fogja használni az Ügyfélkapu. Itt nem módosíthatók. Ha valami nem stimmel, kormányablakban javíttathatja; a regisztrációt most is folytathatja.</translation>
    </message>
    <message>
        <source>The check succeeded: the registry recognised you.</source>
        <translation>Sikeres ellenőrzés: a nyilvántartás azonosította Önt.</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>Név:</translation>
    </message>
    <message>
        <source>Name at birth:</source>
        <translation>Születési név:</translation>
    </message>
    <message>
        <source>Mother&apos;s name:</source>
        <translation>Anyja neve:</translation>
    </message>
    <message>
        <source>Place and date of birth:</source>
        <translation>Születési hely és idő:</translation>
    </message>
    <message>
        <source>Address:</source>
        <translation>Lakcím:</translation>
    </message>
    <message>
        <source>Document ID:</source>
        <translation>Okmányazonosító:</translation>
    </message>
    <message>
        <source>From the personal-data and address registry; read-only.</source>
        <translation>A személyi adat- és lakcímnyilvántartásból; csak olvasható.</translation>
    </message>
    <message>
        <source>These data come from the personal-data and address registry and cannot be changed here. If something is wrong, a government office (Kormányablak) can correct it.</source>
        <translation>Ezek az adatok a személyi adat- és lakcímnyilvántartásból származnak, itt nem módosíthatók. Ha valami nem stimmel, kormányablakban javíttathatja.</translation>
    </message>
</context>
<context>
    <name>WizardFrame</name>
    <message>
        <source>Card reader status</source>
        <translation>A kártyaolvasó állapota</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Nyelv</translation>
    </message>
    <message>
        <source>Choose the language of the application: Hungarian or English.</source>
        <translation>Válassza ki az alkalmazás nyelvét: magyar vagy angol.</translation>
    </message>
    <message>
        <source>Help</source>
        <translation>Súgó</translation>
    </message>
    <message>
        <source>Shows or hides help for this screen (F1).</source>
        <translation>Megjeleníti vagy elrejti a képernyő súgóját (F1).</translation>
    </message>
    <message>
        <source>Help (F1)</source>
        <translation>Súgó (F1)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Mégse</translation>
    </message>
    <message>
        <source>Stops the registration and deletes what you typed (asks first; Esc).</source>
        <translation>Leállítja a regisztrációt, és törli a beírt adatokat (előbb rákérdez; Esc).</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Vissza</translation>
    </message>
    <message>
        <source>Returns to the previous screen; what you typed is kept.</source>
        <translation>Visszalép az előző képernyőre; a beírt adatok megmaradnak.</translation>
    </message>
    <message>
        <source>Goes on to the next step (Enter).</source>
        <translation>Továbblép a következő lépésre (Enter).</translation>
    </message>
    <message>
        <source>One moment…</source>
        <translation>Egy pillanat…</translation>
    </message>
    <message>
        <source>Stop the registration? Everything you typed will be deleted from this computer.</source>
        <translation>Megszakítja a regisztrációt? Minden beírt adatot törlünk erről a számítógépről.</translation>
    </message>
    <message>
        <source>Registration steps</source>
        <translation>A regisztráció lépései</translation>
    </message>
    <message>
        <source>Yes, stop</source>
        <translation>Igen, megszakítom</translation>
    </message>
    <message>
        <source>Deletes what you typed and returns to Start.</source>
        <translation>Törli a beírt adatokat, és visszatér a kezdőképernyőre.</translation>
    </message>
    <message>
        <source>No, continue</source>
        <translation>Nem, folytatom</translation>
    </message>
    <message>
        <source>Returns to the screen where you were.</source>
        <translation>Visszatér oda, ahol tartott.</translation>
    </message>
    <message>
        <source>A virtual card is in use (demo), as requested.</source>
        <translation>Kérésére virtuális kártya van használatban (bemutató).</translation>
    </message>
    <message>
        <source>Help: %1</source>
        <translation>Súgó: %1</translation>
    </message>
    <message>
        <source>The card reader service is not running, so a virtual card is in use (demo).</source>
        <translation>A kártyaolvasó-szolgáltatás nem fut, ezért virtuális kártya van használatban (bemutató).</translation>
    </message>
    <message>
        <source>No card reader was found, so a virtual card is in use (demo).</source>
        <translation>Nem található kártyaolvasó, ezért virtuális kártya van használatban (bemutató).</translation>
    </message>
</context>
<context>
    <name>WizardWindow</name>
    <message>
        <source>Ügyfélkapu registration with the electronic identity card</source>
        <translation>Ügyfélkapu-regisztráció elektronikus személyazonosító igazolvánnyal</translation>
    </message>
</context>
</TS>
