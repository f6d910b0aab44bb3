# Textele programului `sanctuary` pentru persoana care face sesizarea, în română.
# Referința este en.ftl: aceleași mesaje, aceleași variabile.
# Variabile: $command este o linie de comandă de copiat, așa cum este (pe
# linia ei, cu indentare); $path un nume de fișier; $form este "words" sau
# "digits" (cum e scrisă chitanța). Listele și împărțirea pe rânduri le face
# programul: scrieți fiecare mesaj pe un singur rând, afară de cazul în care
# are propriul sfârșit de rând.
# Ne adresăm cu „dumneavoastră”, ca pagina web (web/src/i18n/ro.json).

## Scrierea și trimiterea

no-message = Nu s-a trimis nimic: nu există niciun mesaj. Dați-l cu --message TEXT sau --message-file FIȘIER, sau rulați această comandă într-un terminal ca să vi se ceară.
report-empty = Mesajul dumneavoastră este gol. Scrieți ce s-a întâmplat sau atașați un fișier. Nu s-a trimis nimic.
report-confirm = Trimiteți această sesizare acum?
cancelled-nothing-sent = Anulat. Nu s-a trimis nimic.
answer-yes-or-no = Răspundeți cu da sau nu ({ $hint }), apoi apăsați Enter.
report-not-sent = Sesizarea dumneavoastră nu a fost trimisă.
report-sent = Sesizarea dumneavoastră a fost trimisă.
report-kept-headline = Sesizarea dumneavoastră NU este încă trimisă. Este păstrată, criptată, până când o trimiteți (vedeți mai jos). Chitanța ei este deja valabilă:
report-kept-where = Sesizarea dumneavoastră este păstrată în { $path }. Este criptată: doar unitatea o poate citi. Când aveți din nou conexiune, trimiteți-o cu:
    { $command }
how-to-check = Ca să citiți răspunsurile (verificați din nou peste câteva zile):
    { $command }
how-to-check-replies = Ca să citiți răspunsurile:
    { $command }
stdin-receipt-and-message = Intrarea standard nu poate conține în același timp chitanța și mesajul. Dați chitanța cu --receipt-file FIȘIER, sau mesajul cu --message ori --message-file.
follow-up-empty = Mesajul dumneavoastră este gol. Nu s-a trimis nimic.
follow-up-write = Scrieți ce vreți să adăugați la sesizare, în orice limbă.
    Când ați terminat, apăsați Enter pe un rând gol.
follow-up-confirm = Trimiteți acum?
follow-up-not-sent = Completarea dumneavoastră nu a fost trimisă.
follow-up-kept = Completarea dumneavoastră NU este încă trimisă. Este păstrată, criptată, în { $path }.
send-later = Când aveți din nou conexiune, trimiteți-o cu:
    { $command }
follow-up-sent = Completarea dumneavoastră a fost trimisă. Este adăugată la sesizare.

## Ctrl-C

stopped-check = Oprit. Nu s-a schimbat nimic; rulați aceeași comandă ca să citiți răspunsurile.
cancelled-nothing-deleted = Anulat. Nu s-a șters nimic.

## Ștergerea cutiei de răspunsuri

forget-needs-yes = Nu s-a șters nimic. Ca să ștergeți fără confirmare, adăugați --yes.
forget-explain = Aceasta șterge de pe server, definitiv, răspunsurile unității către dumneavoastră. Nu le veți mai putea citi, iar unitatea nu vă va mai putea răspunde. Sesizarea însăși rămâne la unitate.
forget-confirm = Ștergeți acum?
forget-refused = Serverul a refuzat: această chitanță nu se potrivește cu cutia de răspunsuri. Nu s-a șters nimic.
nothing-deleted = Nu s-a șters nimic.
forget-done = Gata. Răspunsurile către dumneavoastră sunt șterse de pe server și nu mai pot sosi răspunsuri noi.
forget-after = Sesizarea dumneavoastră rămâne la unitate. O completare trimisă cu această chitanță ar ajunge în continuare la unitate, dar unitatea nu i-ar putea răspunde. Dacă nu mai aveți nevoie de chitanță pentru altceva, o puteți distruge.

## Ecranul chitanței

receipt-title = CHITANȚA DUMNEAVOASTRĂ: { $form ->
        [digits] 8 grupuri de cifre
       *[words] 12 cuvinte
    }
receipt-warning-write = { $form ->
        [digits] Scrieți aceste cifre acum, pe hârtie. Păstrați hârtia în siguranță și în secret.
       *[words] Scrieți aceste cuvinte acum, pe hârtie. Păstrați hârtia în siguranță și în secret.
    }
receipt-warning-only-way = Sunt singura cale de întoarcere la sesizare: ca să citiți răspunsurile unității sau ca să adăugați ceva. Nimeni nu le poate recupera pentru dumneavoastră, nici măcar poliția sau cei care administrează acest serviciu.
receipt-warning-anyone = { $form ->
        [digits] Oricine are aceste cifre poate citi răspunsurile către dumneavoastră.
       *[words] Oricine are aceste cuvinte poate citi răspunsurile către dumneavoastră.
    }
receipt-on-stdout = Rândul scris la ieșirea standard este chitanța dumneavoastră.
receipt-saved = Chitanța dumneavoastră a fost salvată și în { $path }. Oricine găsește acel fișier poate citi răspunsurile către dumneavoastră: păstrați-l în siguranță sau ștergeți-l după ce ați scris { $form ->
        [digits] cifrele
       *[words] cuvintele
    } pe hârtie.

## Păstrarea unui mesaj care nu a putut fi trimis, și `report send`
## ($kind este "report" sau "follow-up")

keep-offer = { $kind ->
        [follow-up] Completarea dumneavoastră este criptată și gata, dar nu a putut fi livrată.
       *[report] Sesizarea dumneavoastră este criptată și gata, dar nu a putut fi livrată.
    }
    O puteți păstra, criptată, într-un fișier pe acest calculator și o puteți trimite mai târziu cu `sanctuary report send FIȘIER` (textul dumneavoastră nu se poate citi în acel fișier).
keep-confirm = O păstrați într-un fișier?
keep-file-name = Scrieți un nume de fișier (de exemplu report.sanctuary) și apăsați Enter:
send-not-ours = { $path } nu este o sesizare păstrată de `sanctuary report submit` sau `report follow-up`. Nu s-a trimis nimic.
send-cannot-read = Nu se poate citi { $path }.
send-other-unit = { $path } a fost scris pentru altă unitate ({ $unit }), nu pentru { $given }. Nu s-a trimis nimic.
send-roster-changed = { $kind ->
        [follow-up] Unitatea și-a schimbat lista de angajați de când a fost criptată această completare, așa că nu mai poate fi livrată așa cum este. Nu s-a trimis nimic. Scrieți-o din nou (sanctuary report follow-up).
       *[report] Unitatea și-a schimbat lista de angajați de când a fost criptată această sesizare, așa că nu mai poate fi livrată așa cum este. Nu s-a trimis nimic. Scrieți-o din nou (sanctuary report submit).
    }
send-roster-changed-now = { $kind ->
        [follow-up] Unitatea tocmai și-a schimbat lista de angajați, așa că această completare nu mai poate fi livrată așa cum este. Nu s-a trimis nimic. Scrieți-o din nou.
       *[report] Unitatea tocmai și-a schimbat lista de angajați, așa că această sesizare nu mai poate fi livrată așa cum este. Nu s-a trimis nimic. Scrieți-o din nou.
    }
send-failed = { $kind ->
        [follow-up] Completarea dumneavoastră nu a fost trimisă. { $path } este păstrat: încercați mai târziu.
       *[report] Sesizarea dumneavoastră nu a fost trimisă. { $path } este păstrat: încercați mai târziu.
    }
send-done = { $kind ->
        [follow-up] Completarea dumneavoastră a fost trimisă.
       *[report] Sesizarea dumneavoastră a fost trimisă.
    }
send-deleted = { $path } nu mai este necesar și a fost șters.
send-delete-it = { $path } nu mai este necesar: îl puteți șterge.
send-how-to-check = Ca să citiți răspunsurile (verificați din nou peste câteva zile), folosiți chitanța primită când ați scris-o:
    { $command }

## Formularul unității

form-intro = Unitatea pune mai întâi câteva întrebări.
form-required = (obligatoriu)
form-type-number = Scrieți un număr și apăsați Enter:
form-type-number-or-skip = Scrieți un număr și apăsați Enter (sau doar Enter ca să săriți peste):
form-enter-to-skip = (apăsați Enter ca să săriți peste)
form-no-answer = Oprit: nu s-a dat niciun răspuns. Nu s-a trimis nimic.
form-needs-answer = Această întrebare are nevoie de un răspuns.
form-number-range = Scrieți un număr de la 1 la { $max }.
form-answer-too-long = Răspundeți în cel mult { $max } caractere; puteți spune mai mult în descriere.
form-describe = Acum descrieți ce s-a întâmplat, cu propriile cuvinte și în orice limbă.
    Scrieți cât vreți. Când ați terminat, apăsați Enter pe un rând gol.
form-nothing-written = Oprit: nu s-a scris nimic. Nu s-a trimis nimic.
form-write-something = Scrieți mai întâi ceva (sau apăsați Ctrl+C ca să vă opriți).
form-no-such-category = Această unitate nu are categoria „{ $given }”. Alegeți una dintre: { $choices }. Nu s-a trimis nimic.
form-category-length = O categorie are între 1 și 100 de caractere. Nu s-a trimis nimic.

## Scrierea chitanței ($number este poziția unui cuvânt sau a unui grup)

receipt-file-unreadable = Nu se poate citi chitanța din { $path }. Verificați numele fișierului.
receipt-stdin-unreadable = Nu se poate citi chitanța de la intrarea standard.
receipt-type = Scrieți cele 12 cuvinte ale chitanței sau cele 8 grupuri de cifre ale ei, separate prin spații.
receipt-shown-while-typing = (Se văd în timp ce scrieți: asigurați-vă că nimeni nu vă poate vedea ecranul. Apăsați Enter la sfârșit.)
receipt-hidden-while-typing = (Nu se văd în timp ce scrieți. Apăsați Enter la sfârșit.)
receipt-prompt = Chitanța:
receipt-cannot-ask = Aici nu se poate cere chitanța. Folosiți --receipt-file FIȘIER.
receipt-word-unknown = Cuvântul { $number }, „{ $word }”, nu este un cuvânt de chitanță.
receipt-word-again = Scrieți din nou cuvântul { $number }:
receipt-word-only = Scrieți doar cuvântul { $number }, apoi apăsați Enter.
receipt-word-still-wrong = Cuvântul { $number } al chitanței tot nu este un cuvânt de chitanță. Comparați-l cu chitanța scrisă pe hârtie, apoi încercați din nou.
receipt-check-word = Comparați-l cu chitanța scrisă pe hârtie.
receipt-did-you-mean = Ați vrut să scrieți „{ $word }”?
receipt-did-you-mean-one-of = Ați vrut să scrieți unul dintre acestea: { $words }?
receipt-none = Nu s-a dat nicio chitanță. Scrieți cele 12 cuvinte ale chitanței sau cele 8 grupuri de cifre ale ei, separate prin spații.
receipt-word-count = { $n ->
        [one] O chitanță are 12 cuvinte, dar s-a dat { $n } cuvânt. Verificați că aveți toate cuvintele, separate prin spații.
        [few] O chitanță are 12 cuvinte, dar s-au dat { $n } cuvinte. Verificați că aveți toate cuvintele, separate prin spații.
       *[other] O chitanță are 12 cuvinte, dar s-au dat { $n } de cuvinte. Verificați că aveți toate cuvintele, separate prin spații.
    }
receipt-word-of-receipt-unknown = Cuvântul { $number } al chitanței, „{ $word }”, nu este un cuvânt de chitanță.
receipt-then-try-again = Apoi încercați din nou.
receipt-checksum = Aceste 12 cuvinte sunt toate cuvinte reale de chitanță, dar nu se potrivesc între ele: unul dintre ele este greșit sau două sunt în ordinea greșită. Comparați fiecare cuvânt cu chitanța scrisă pe hârtie și încercați din nou.
receipt-mixed = Aici sunt amestecate cuvinte și cifre. Scrieți fie cele 12 cuvinte ale chitanței, fie cele 8 grupuri de cifre ale ei, nu pe amândouă.
receipt-digit-count = { $n ->
        [one] O chitanță scrisă cu cifre are 48 de cifre (8 grupuri de câte 6), dar s-a găsit { $n } cifră. Verificați că aveți toate grupurile și toate cifrele din fiecare grup.
        [few] O chitanță scrisă cu cifre are 48 de cifre (8 grupuri de câte 6), dar s-au găsit { $n } cifre. Verificați că aveți toate grupurile și toate cifrele din fiecare grup.
       *[other] O chitanță scrisă cu cifre are 48 de cifre (8 grupuri de câte 6), dar s-au găsit { $n } de cifre. Verificați că aveți toate grupurile și toate cifrele din fiecare grup.
    }
receipt-digit-group = Grupul { $number } de cifre are o greșeală: comparați-l cu hârtia. Poate o cifră este greșită, două cifre sunt inversate sau grupurile nu sunt în ordine. Apoi încercați din nou.
receipt-invalid = Aceasta nu este o chitanță valabilă: { $detail }.

## Verificarea că serverul aparține unității

roster-invalid = Serverul { $server } nu a trimis o listă de angajați valabilă. Verificați adresa serverului.
roster-none = Serverul { $server } nu are încă nicio unitate configurată, deci nu poate aparține unității { $unit }. Nu s-a trimis nimic. Verificați adresa serverului.
roster-wrong-unit = servește altă unitate
roster-bad-signature = lista lui de angajați nu este semnată de acea unitate
roster-expired = lista de angajați a unității a expirat pe { $day } (unitatea trebuie s-o reînnoiască)
roster-not-yet-valid = lista de angajați a unității este valabilă doar de la { $day } (data acestui calculator este corectă?)
roster-unproven = Serverul nu a putut dovedi că aparține unității { $unit }: { $reason }. Nu s-a trimis nimic.
roster-check-address = Verificați că adresa serverului ({ $server }) și codul unității sunt exact cele publicate de unitate. Dacă sunt, serverul poate fi fals sau configurat greșit: nu-l folosiți.

## Citirea răspunsurilor ($n și $total numără răspunsurile; $from este numele unui angajat)

check-forgotten = Această cutie de răspunsuri a fost ștearsă (cu `sanctuary report forget`): serverul nu mai păstrează răspunsuri pentru dumneavoastră, iar unitatea nu vă mai poate răspunde.
check-forgotten-after = Sesizarea dumneavoastră rămâne la unitate. Puteți trimite în continuare o completare; unitatea o poate citi, dar nu îi poate răspunde.
check-wrong-thread = este adresat altei sesizări
check-unknown-signer = nu este semnat de nimeni de pe lista actuală de angajați a unității
check-forged = semnătura lui este falsă sau deteriorată
check-newer-roster = unitatea l-a scris după o listă de angajați mai nouă decât cea pe care v-a arătat-o serverul, deci serverul vă arată o listă veche (pe care poate fi încă cineva scos de unitate). Nu trimiteți nimic prin acest server până când unitatea nu l-a verificat
check-unreadable = nu a putut fi citit cu chitanța dumneavoastră (este deteriorat sau nu este un răspuns)
check-unknown-problem = problemă necunoscută
check-no-replies = Încă nu există răspunsuri. Unitățile au nevoie adesea de câteva zile ca să răspundă.
check-again-later = Verificați din nou peste o zi sau două, cu aceeași chitanță.
check-not-verified-file = răspunsul nu este verificat
check-reply-verified = Răspunsul { $n } din { $total }, { $day }, de la { $from } (verificat: semnat de un angajat al unității)
check-message-unverified = Mesajul { $n } din { $total }, { $day }: NEVERIFICAT: { $reason }.
check-reply-unverified = Răspunsul { $n } din { $total }, { $day }, care pretinde că vine de la { $from }: NEVERIFICAT: { $reason }.
check-do-not-trust = Nu aveți încredere în acest mesaj și nu faceți ce vă cere: s-ar putea să nu vină de la unitate.
check-files = Fișiere:
check-saved-to = salvat în { $path }
check-not-saved = nesalvat ({ $reason })
check-how-to-download = Ca să le descărcați, rulați din nou cu --save-attachments DOSAR.
# Adăugat cu protocolul 2 (ordinea mesajelor): de verificat de un vorbitor nativ.
check-written = scris pe { $day }
check-reply-missing = Aici poate lipsi un răspuns. Este posibil ca serverul să-l fi reținut; verificați din nou mai târziu.

## Citirea mesajului, conectarea, trimiterea

message-file-unreadable = Nu se poate citi mesajul din { $path } (trebuie să fie un fișier text). Nu s-a trimis nimic.
message-stdin-unreadable = Nu se poate citi mesajul de la intrarea standard. Nu s-a trimis nimic.
standard-input = intrarea standard
message-input-too-long = Mesajul dumneavoastră este prea lung (peste 2 MiB). Scurtați-l sau atașați-l ca fișier. Nu s-a trimis nimic.
message-not-utf8 = Mesajul nu este text UTF-8 ({ $what }, octetul { $at }); nu s-a trimis nimic. Salvați-l ca UTF-8 (majoritatea editoarelor oferă asta la „Salvare ca” sau „Codificare”) și încercați din nou.
plain-http-warning = Atenție: adresa acestui server începe cu http://, deci conexiunea dumneavoastră nu este protejată. Sesizarea rămâne criptată, dar oricine din rețea poate vedea că ați contactat acest server. Preferați o adresă https:// sau .onion.
nothing-sent = Nu s-a trimis nimic.
connected = Conectat la „{ $name }”: serverul a dovedit că aparține acestei unități.
message-too-long = Mesajul dumneavoastră este prea lung ca să fie trimis (cel mult aproximativ 1 MiB de text). Scurtați-l sau puneți restul într-un fișier și atașați-l.
message-not-encrypted = Mesajul nu a putut fi criptat: { $detail }.
retry-in = { $seconds ->
        [one] Încercăm din nou peste { $seconds } secundă…
        [few] Încercăm din nou peste { $seconds } secunde…
       *[other] Încercăm din nou peste { $seconds } de secunde…
    }
retry-ask = Încă nu s-a livrat nimic. Încercați din nou acum?
stopped-delivered = Oprit. Ce ați scris a fost livrat.
stopped-sending = Oprit în timpul trimiterii: nu s-a livrat nimic. Rulați din nou aceeași comandă ca s-o trimiteți.
roster-changed-resealing = Unitatea tocmai și-a schimbat lista de angajați. Criptăm din nou pentru lista nouă…
file-too-large-now = { $path } este prea mare pentru această unitate: cel mult { $max } pe fișier.
sending-file = Trimitem { $path } ca { $name } ({ $size })…
stopped-upload-kept = Trimiterea s-a oprit. Încă nu s-a livrat nimic, dar ce s-a trimis deja din fișier se păstrează cel puțin o zi: rulați din nou aceeași comandă, cu același fișier, ca să continuați de unde s-a oprit.
resuming-file = Continuăm trimiterea { $name }: ajunseseră deja { $done } din { $size }.

## Ce a răspuns serverul (programul adaugă apoi codul serverului)

answered-http = a răspuns HTTP { $status }
answered-http-with = a răspuns HTTP { $status } cu { $kind }
server-not-answering-properly = Serverul { $server } nu răspunde corect acum ({ $detail }): el, sau un proxy din fața lui, poate fi oprit. Încercați mai târziu; dacă problema rămâne, verificați adresa.
not-https = Nu s-a putut face o conexiune sigură (https) cu { $server }: ce a răspuns acolo nu folosește https, sau certificatul lui nu este valabil pentru această adresă. Verificați adresa: un server fără https are nevoie de o adresă care începe cu http://, iar un server https are nevoie de un certificat valabil pentru numele lui. Nu s-a trimis nimic. (Detalii: { $detail }.)
not-sanctuary = Această adresă nu răspunde ca un server Sanctuary: verificați adresa ({ $server }). Nu s-a trimis nimic. ({ $detail }.)
unreachable = Nu s-a putut ajunge la serverul { $server } ({ $reason }). Verificați adresa și conexiunea la internet, apoi încercați din nou.
unreachable-proxy = Folosiți un proxy: verificați că Tor (sau Tor Browser) este pornit și că adresa din --proxy este corectă.
api-storage-full = Serverul este plin și nu poate păstra nimic acum. Încercați din nou peste câteva zile sau contactați unitatea altfel.
api-overloaded = Serverul este ocupat. Așteptați câteva minute și încercați din nou.
api-no-unit = Acest server nu are încă nicio unitate configurată. Verificați adresa serverului.
api-too-large = Un fișier este mai mare decât permite unitatea.
api-roster-changed = Unitatea și-a schimbat lista de angajați în timpul trimiterii. Încercați din nou.
api-unauthorized = Serverul nu v-a acceptat cheia: probabil nu sunteți pe lista actuală de angajați a unității. Cereți administratorului unității să vă adauge cardul și să publice din nou lista.
api-stale-request = Serverul a refuzat cererea fiindcă ceasul acestui calculator greșește cu mai mult de 5 minute, sau fiindcă serverul tocmai a repornit și acest ceas este puțin în urmă. Verificați data și ora, apoi încercați din nou.
api-replayed = Serverul a primit aceeași cerere de două ori. Încercați din nou.
api-bad-pow = Serverul nu a acceptat dovada anti-inundare a acestui program (un calcul scurt făcut înainte de trimitere, ca valurile de sesizări automate să-i coste pe cei care le trimit). Nu s-a livrat nimic. Încercați din nou; dacă problema rămâne, este posibil ca acest program și serverul să nu se potrivească: actualizați acest program.
api-pow-expired = Dovada anti-inundare a expirat înainte s-o primească serverul (fiecare este valabilă 10 minute). Nu s-a livrat nimic. Încercați din nou.
api-pow-reused = Serverul văzuse deja această dovadă anti-inundare. Nu s-a livrat nimic. Încercați din nou.
api-not-found = Serverul nu îl are (poate a expirat sau a fost șters).
api-mailbox-forgotten = Persoana care a făcut sesizarea și-a șters cutia de răspunsuri: nu mai poate primi răspunsuri în această conversație.
api-malformed = Serverul a refuzat datele ca fiind greșit formate ({ $detail }). Probabil este o eroare a acestui program: vă rugăm s-o raportați.
api-refused = Serverul a refuzat cererea: { $detail }
api-attachment-quota = Serverul a primit deja astăzi câte fișiere poate primi. Nu s-a livrat nimic. Trimiteți acum mesajul fără fișiere sau încercați din nou mâine cu ele.
answer-broken = Legătura cu serverul s-a întrerupt în timp ce îi citeam răspunsul. Încercați din nou.
answer-too-large = Serverul a trimis un răspuns mai mare decât era de așteptat; nu a fost citit.
answer-not-understood = Serverul a trimis un răspuns pe care acest program nu îl înțelege ({ $detail }). Verificați adresa serverului.

## Dovada anti-inundare

proving = Dovedim că nu este un val de mesaje automate…
tries = { $n ->
        [one] { $n } încercare
        [few] { $n } încercări
       *[other] { $n } de încercări
    }
pow-wrong-challenge = Serverul a trimis o provocare anti-inundare pentru altceva decât s-a cerut. Nu s-a trimis nimic. Verificați adresa serverului sau încercați din nou.

## Scrierea într-un editor de text (--editor)

your-editor = editorul dumneavoastră de text
editor-no-temp = Nu s-a putut crea un fișier temporar privat pentru editorul de text. Nu s-a trimis nimic.
editor-opening = Deschidem editorul dumneavoastră de text ({ $command }). Scrieți mesajul, salvați-l și închideți editorul ca să continuați.
editor-failed = Editorul de text ({ $command }) nu s-a încheiat corect. Nu s-a trimis nimic. Puneți în variabila EDITOR editorul pe care îl folosiți, sau scrieți mesajul cu --message-file FIȘIER.

## Fișiere atașate

attach-cannot-read = Nu se poate citi { $path }. Nu s-a trimis nimic.
attach-cannot-read-more = Nu se poate citi { $path }. Nu s-a mai trimis nimic.
attach-not-found = Nu se poate citi fișierul { $path } pentru atașare. Verificați-i numele. Nu s-a trimis nimic.
attach-not-a-file = { $path } nu este un fișier (este un dosar?). Atașați fișierele unul câte unul. Nu s-a trimis nimic.
attach-too-many = { $max ->
        [one] Această unitate acceptă cel mult { $max } fișier pe mesaj, iar dumneavoastră ați dat { $given }. Nu s-a trimis nimic. Trimiteți-le pe celelalte într-o completare (sanctuary report follow-up).
        [few] Această unitate acceptă cel mult { $max } fișiere pe mesaj, iar dumneavoastră ați dat { $given }. Nu s-a trimis nimic. Trimiteți-le pe celelalte într-o completare (sanctuary report follow-up).
       *[other] Această unitate acceptă cel mult { $max } de fișiere pe mesaj, iar dumneavoastră ați dat { $given }. Nu s-a trimis nimic. Trimiteți-le pe celelalte într-o completare (sanctuary report follow-up).
    }
attach-too-large = { $path } este prea mare pentru această unitate: cel mult { $max } pe fișier, iar acesta are { $size }. Nu s-a trimis nimic. Trimiteți o versiune mai mică sau mai scurtă, sau împărțiți-l.
attach-unreadable-kept = { $path }: nu s-a putut verifica dacă are informații ascunse ({ $reason }). Va fi trimis neschimbat, cum ați cerut (--keep-metadata).
attach-unreadable-refused = Nu s-a putut verifica dacă { $path } are informații ascunse ({ $reason }). Nu s-a trimis nimic. Trimiteți o altă copie a fișierului sau, dacă acceptați că pot fi trimise detalii ascunse precum un loc sau numele unui dispozitiv, folosiți --keep-metadata.
attach-plain-text = { $path }: un fișier text simplu nu are informații ascunse, dar verificați ca textul însuși să nu vă dezvăluie identitatea. Va fi trimis așa cum este.
attach-other-kind = { $path }: acest tip de fișier ({ $media }) nu poate fi verificat. Poate conține informații ascunse, cum ar fi unde sau când a fost făcut, ori dispozitivul folosit. Va fi trimis așa cum este.
attach-unchecked-kept = { $path }: nu s-a putut verifica dacă are informații ascunse{ $why }. Va fi trimis așa cum este, pentru că ați folosit --keep-metadata.
attach-unchecked-refused = Nu s-a putut verifica dacă { $path } are informații ascunse{ $why }. Poate conține detalii precum un loc, un nume sau dispozitivul folosit. Nu s-a trimis nimic. Trimiteți o altă copie a fișierului (de exemplu o captură de ecran) sau folosiți --keep-metadata ca să-l trimiteți așa cum este.
attach-nothing-found = { $path }: nu s-au găsit informații ascunse.
attach-found = { $path }: acest fișier conține informații ascunse care v-ar putea identifica:
attach-found-kept = Fișierul va fi trimis neschimbat, pentru că ați folosit --keep-metadata.
attach-will-remove = Aceste informații vor fi șterse înainte de trimitere. Imaginea sau documentul în sine nu se schimbă.
attach-evidence-hint = (Dacă aceste informații sunt o dovadă, trimiteți fișierul cu --keep-metadata.)
attach-cannot-remove = Informațiile ascunse nu pot fi șterse din { $path }{ $why }. Nu s-a trimis nimic. Trimiteți o altă copie a fișierului (de exemplu o captură de ecran) sau, dacă aceste informații sunt o dovadă pe care vreți s-o aibă unitatea, folosiți --keep-metadata.
attach-clean-failed = Informațiile ascunse nu au putut fi șterse din { $path } ({ $reason }). Nu s-a trimis nimic. Trimiteți o altă copie a fișierului sau folosiți --keep-metadata ca să-l trimiteți neschimbat.
attach-changed = { $path } s-a schimbat în timp ce era trimis. Închideți orice program care scrie în el, apoi încercați din nou.
attach-not-encrypted = Nu s-a putut cripta { $path }: { $reason }.
progress-sending = Trimitem { $name }
progress-downloading = Descărcăm { $name }
progress-time-left = mai sunt { $eta }

## Ce a găsit verificarea informațiilor ascunse

found-quoted = { $label }: „{ $value }”
found-dated = { $label }: { $date }
found-gps = Poziția GPS unde a fost făcută fotografia ({ $place })
found-gps-unreadable = Poziția GPS unde a fost făcută fotografia (valoarea exactă nu poate fi citită)
found-other-camera-details = Alte detalii ale camerei ({ $n })
found-other-xmp-details = Alte detalii ascunse în blocul XMP ({ $n })
found-not-listed = { $n ->
        [one] Încă { $n } detaliu ascuns (nelistat)
        [few] Încă { $n } detalii ascunse (nelistate)
       *[other] Încă { $n } de detalii ascunse (nelistate)
    }
found-trailing = Date suplimentare ascunse după sfârșitul imaginii ({ $size })
found-trailing-jpeg = Date suplimentare ascunse după sfârșitul imaginii ({ $size }), cum ar fi o a doua imagine sau un videoclip scurt, care pot avea propriul loc, propria dată și propriile detalii ale camerei
found-unknown-png = Date suplimentare cu scop necunoscut (blocul PNG „{ $name }”)
found-unknown-webp = Date suplimentare cu scop necunoscut (blocul WebP „{ $name }”)
found-unknown-jpeg = Date suplimentare adăugate de cameră sau de o aplicație (blocul JPEG APP{ $name })
found-text-note = Notă text „{ $keyword }”
found-text-note-value = Notă text „{ $keyword }”: „{ $value }”
found-unreadable-note = Notă text comprimată „{ $keyword }”, care nu a putut fi citită
found-document-property = Proprietatea documentului „{ $name }”
found-document-property-value = Proprietatea documentului „{ $name }”: „{ $value }”
found-in-picture = Imagine din document: { $finding }
found-maker-notes = Note private ale producătorului camerei (pot include numărul de serie al camerei)
found-unique-picture-number = Număr unic al imaginii (poate lega între ele copiile acestei imagini)
found-more-gps = Mai multe detalii GPS (cum ar fi altitudinea, direcția sau ora)
found-gps-details = Detalii GPS (cum ar fi altitudinea, direcția sau ora)
found-camera-settings = Setările camerei (expunere, focalizare, bliț și altele asemănătoare)
found-thumbnail = Mică copie de previzualizare a imaginii (poate arăta părți care au fost decupate)
found-unreadable-exif = Bloc de informații despre cameră (EXIF) care nu a putut fi citit în detaliu; poate conține locul, data și camera
found-unreadable-xmp = Bloc de detalii ascunse (XMP) care nu a putut fi citit în detaliu; poate conține nume, locuri și date calendaristice
found-editing-history = Istoricul modificărilor (ce programe au modificat fișierul și când)
found-document-numbers = Numere unice ale documentului (pot lega acest fișier de originalul de pe dispozitivul dumneavoastră)
found-source-files = Trimiteri la alte fișiere din care a fost făcut acesta
found-editor-data = Date private salvate de programul care a editat documentul
found-damaged-picture = detalii ascunse care nu au putut fi citite sau șterse (imaginea este deteriorată)
found-exif-as-text = Informații despre cameră (EXIF) salvate ca text
found-xmp-as-text = Bloc de detalii ascunse (XMP) salvat ca text
found-photoshop-iptc = Detalii Photoshop și IPTC (pot conține nume, legende și locuri)
found-extended-xmp = Mai multe detalii ascunse (XMP extins), care pot conține nume, locuri și date calendaristice
found-picture-index = Index al imaginilor suplimentare salvate în fișier (cum ar fi previzualizări sau hărți de adâncime)
found-content-credentials = Înregistrare Content Credentials (poate spune cine a făcut imaginea, cu ce dispozitiv sau aplicație și unde)
found-label-camera-make = Marca camerei
found-label-camera-model = Modelul camerei
found-label-camera-serial-number = Numărul de serie al camerei
found-label-lens-make = Marca obiectivului
found-label-lens-model = Modelul obiectivului
found-label-lens-serial-number = Numărul de serie al obiectivului
found-label-computer-name = Numele computerului
found-label-device-used = Dispozitivul folosit
found-label-photographer-name = Numele fotografului (autorului)
found-label-author-name = Numele autorului
found-label-camera-owner-name = Numele proprietarului camerei
found-label-copyright-holder = Deținătorul drepturilor de autor
found-label-rights-owner = Proprietarul drepturilor
found-label-contributor = Colaborator
found-label-publisher = Editor
found-label-author-job-title = Funcția autorului
found-label-caption-writer = Autorul legendei
found-label-credit = Mențiunea autorului
found-label-author-contact = Datele de contact ale autorului
found-label-note-author = Numele persoanei care a adăugat o notă sau un marcaj
found-label-date = Data
found-label-date-taken = Data fotografierii
found-label-date-digitised = Data digitizării
found-label-date-created = Data creării
found-label-date-last-changed = Data ultimei modificări
found-label-details-last-changed = Data ultimei modificări a detaliilor
found-label-note-added = Data adăugării unei note sau a unui marcaj
found-label-note-changed = Data modificării unei note sau a unui marcaj
found-label-time-zone = Fusul orar
found-label-software-used = Software folosit
found-label-program-used = Programul folosit
found-label-document-creator = Programul care a creat documentul
found-label-pdf-producer = Programul care a produs PDF-ul
found-label-city = Orașul
found-label-region = Regiunea
found-label-country = Țara
found-label-country-code = Codul țării
found-label-place = Locul
found-label-title = Titlul
found-label-subject = Subiectul
found-label-description = Descrierea
found-label-comment = Comentariu
found-label-keywords = Cuvinte cheie
found-label-headline = Titlul principal
found-label-instructions = Instrucțiuni
found-label-source = Sursa
found-label-document-name = Numele documentului
