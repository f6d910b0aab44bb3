# Teksty programu `sanctuary` dla osoby zgłaszającej, po polsku.
# Wzorem jest en.ftl: te same komunikaty, te same zmienne.
# Zmienne: $command to wiersz polecenia do skopiowania, bez zmian (w osobnym
# wierszu, z wcięciem); $path to nazwa pliku; $form to "words" albo "digits"
# (jak zapisano potwierdzenie). Listy i łamanie wierszy robi program: każdy
# komunikat pisz w jednym wierszu, chyba że ma własny podział wiersza.
# Zwracamy się na „ty”, jak strona internetowa (web/src/i18n/pl.json), i bez
# form zależnych od płci osoby zgłaszającej.

## Pisanie i wysyłanie

no-message = Nic nie zostało wysłane: brak wiadomości. Podaj ją przez --message TEKST albo --message-file PLIK, albo uruchom to polecenie w terminalu, a program o nią zapyta.
report-empty = Twoja wiadomość jest pusta. Napisz, co się stało, albo dołącz plik. Nic nie zostało wysłane.
report-confirm = Wysłać teraz to zgłoszenie?
cancelled-nothing-sent = Anulowano. Nic nie zostało wysłane.
answer-yes-or-no = Odpowiedz tak albo nie ({ $hint }), potem naciśnij Enter.
report-not-sent = Twoje zgłoszenie nie zostało wysłane.
report-sent = Twoje zgłoszenie zostało wysłane.
report-kept-headline = Twoje zgłoszenie NIE zostało jeszcze wysłane. Jest przechowywane, zaszyfrowane, dopóki go nie wyślesz (zobacz niżej). Potwierdzenie jest już ważne:
report-kept-where = Twoje zgłoszenie jest przechowywane w { $path }. Jest zaszyfrowane: może je przeczytać tylko jednostka. Gdy znowu będziesz mieć połączenie, wyślij je poleceniem:
    { $command }
how-to-check = Aby przeczytać odpowiedzi (sprawdź ponownie za kilka dni):
    { $command }
how-to-check-replies = Aby przeczytać odpowiedzi:
    { $command }
stdin-receipt-and-message = Standardowe wejście nie może zawierać jednocześnie potwierdzenia i wiadomości. Podaj potwierdzenie przez --receipt-file PLIK albo wiadomość przez --message lub --message-file.
follow-up-empty = Twoja wiadomość jest pusta. Nic nie zostało wysłane.
follow-up-write = Napisz, co chcesz dodać do zgłoszenia, w dowolnym języku.
    Gdy skończysz, naciśnij Enter w pustym wierszu.
follow-up-confirm = Wysłać to teraz?
follow-up-not-sent = Twoje uzupełnienie nie zostało wysłane.
follow-up-kept = Twoje uzupełnienie NIE zostało jeszcze wysłane. Jest przechowywane, zaszyfrowane, w { $path }.
send-later = Gdy znowu będziesz mieć połączenie, wyślij je poleceniem:
    { $command }
follow-up-sent = Twoje uzupełnienie zostało wysłane. Jest dołączone do Twojego zgłoszenia.

## Ctrl-C

stopped-check = Przerwano. Nic nie zostało zmienione; uruchom to samo polecenie, aby przeczytać odpowiedzi.
cancelled-nothing-deleted = Anulowano. Nic nie zostało usunięte.

## Usuwanie skrzynki

forget-needs-yes = Nic nie zostało usunięte. Aby usunąć bez pytania, dodaj --yes.
forget-explain = To usuwa z serwera, na zawsze, odpowiedzi jednostki do Ciebie. Nie będzie można ich już przeczytać, a jednostka nie będzie już mogła Ci odpowiadać. Samo zgłoszenie zostaje w jednostce.
forget-confirm = Usunąć teraz?
forget-refused = Serwer odmówił: to potwierdzenie nie pasuje do skrzynki. Nic nie zostało usunięte.
nothing-deleted = Nic nie zostało usunięte.
forget-done = Gotowe. Odpowiedzi do Ciebie są usunięte z serwera i nie mogą przyjść nowe.
forget-after = Twoje zgłoszenie zostaje w jednostce. Uzupełnienie wysłane z tym potwierdzeniem nadal dotrze do jednostki, ale nie będzie ona mogła na nie odpowiedzieć. Jeśli potwierdzenie nie jest Ci już do niczego potrzebne, możesz je zniszczyć.

## Ekran z potwierdzeniem

receipt-title = TWOJE POTWIERDZENIE: { $form ->
        [digits] 8 grup cyfr
       *[words] 12 słów
    }
receipt-warning-write = { $form ->
        [digits] Zapisz teraz te cyfry na kartce. Trzymaj kartkę w bezpiecznym miejscu i w tajemnicy.
       *[words] Zapisz teraz te słowa na kartce. Trzymaj kartkę w bezpiecznym miejscu i w tajemnicy.
    }
receipt-warning-only-way = To jedyna droga powrotu do Twojego zgłoszenia: aby przeczytać odpowiedzi jednostki albo coś dodać. Nikt nie może ich dla Ciebie odzyskać, nawet policja ani osoby prowadzące tę usługę.
receipt-warning-anyone = { $form ->
        [digits] Każdy, kto ma te cyfry, może przeczytać odpowiedzi do Ciebie.
       *[words] Każdy, kto ma te słowa, może przeczytać odpowiedzi do Ciebie.
    }
receipt-on-stdout = Wiersz wypisany na standardowe wyjście to Twoje potwierdzenie.
receipt-saved = Twoje potwierdzenie zapisano też w { $path }. Każdy, kto znajdzie ten plik, może przeczytać odpowiedzi do Ciebie: trzymaj go w bezpiecznym miejscu albo usuń, gdy tylko zapiszesz { $form ->
        [digits] cyfry
       *[words] słowa
    } na kartce.

## Przechowanie wiadomości, której nie udało się wysłać, i `report send`
## ($kind to "report" albo "follow-up")

keep-offer = { $kind ->
        [follow-up] Twoje uzupełnienie jest zaszyfrowane i gotowe, ale nie udało się go dostarczyć.
       *[report] Twoje zgłoszenie jest zaszyfrowane i gotowe, ale nie udało się go dostarczyć.
    }
    Możesz je przechować, zaszyfrowane, w pliku na tym komputerze i wysłać później poleceniem `sanctuary report send PLIK` (Twojego tekstu nie da się w tym pliku odczytać).
keep-confirm = Przechować je w pliku?
keep-file-name = Wpisz nazwę pliku (na przykład report.sanctuary) i naciśnij Enter:
send-not-ours = { $path } nie jest zgłoszeniem przechowanym przez `sanctuary report submit` ani `report follow-up`. Nic nie zostało wysłane.
send-cannot-read = Nie można odczytać { $path }.
send-other-unit = { $path } napisano dla innej jednostki ({ $unit }), nie dla { $given }. Nic nie zostało wysłane.
send-roster-changed = { $kind ->
        [follow-up] Jednostka zmieniła listę pracowników, odkąd to uzupełnienie zostało zaszyfrowane, więc nie można go już dostarczyć w tej postaci. Nic nie zostało wysłane. Napisz je jeszcze raz (sanctuary report follow-up).
       *[report] Jednostka zmieniła listę pracowników, odkąd to zgłoszenie zostało zaszyfrowane, więc nie można go już dostarczyć w tej postaci. Nic nie zostało wysłane. Napisz je jeszcze raz (sanctuary report submit).
    }
send-roster-changed-now = { $kind ->
        [follow-up] Jednostka właśnie zmieniła listę pracowników, więc tego uzupełnienia nie można już dostarczyć w tej postaci. Nic nie zostało wysłane. Napisz je jeszcze raz.
       *[report] Jednostka właśnie zmieniła listę pracowników, więc tego zgłoszenia nie można już dostarczyć w tej postaci. Nic nie zostało wysłane. Napisz je jeszcze raz.
    }
send-failed = { $kind ->
        [follow-up] Twoje uzupełnienie nie zostało wysłane. Plik { $path } zostaje: spróbuj później.
       *[report] Twoje zgłoszenie nie zostało wysłane. Plik { $path } zostaje: spróbuj później.
    }
send-done = { $kind ->
        [follow-up] Twoje uzupełnienie zostało wysłane.
       *[report] Twoje zgłoszenie zostało wysłane.
    }
send-deleted = Plik { $path } nie jest już potrzebny i został usunięty.
send-delete-it = Plik { $path } nie jest już potrzebny: możesz go usunąć.
send-how-to-check = Aby przeczytać odpowiedzi (sprawdź ponownie za kilka dni), użyj potwierdzenia otrzymanego przy jego pisaniu:
    { $command }

## Formularz jednostki

form-intro = Jednostka najpierw zadaje kilka pytań.
form-required = (wymagane)
form-type-number = Wpisz numer i naciśnij Enter:
form-type-number-or-skip = Wpisz numer i naciśnij Enter (albo sam Enter, aby pominąć):
form-enter-to-skip = (naciśnij Enter, aby pominąć)
form-no-answer = Przerwano: nie podano odpowiedzi. Nic nie zostało wysłane.
form-needs-answer = To pytanie wymaga odpowiedzi.
form-number-range = Wpisz numer od 1 do { $max }.
form-answer-too-long = Odpowiedz w najwyżej { $max } znakach; więcej możesz napisać w opisie.
form-describe = Teraz opisz, co się stało, własnymi słowami i w dowolnym języku.
    Pisz, ile chcesz. Gdy skończysz, naciśnij Enter w pustym wierszu.
form-nothing-written = Przerwano: nic nie napisano. Nic nie zostało wysłane.
form-write-something = Najpierw coś napisz (albo naciśnij Ctrl+C, aby przerwać).
form-no-such-category = Ta jednostka nie ma kategorii „{ $given }”. Wybierz jedną z: { $choices }. Nic nie zostało wysłane.
form-category-length = Kategoria ma od 1 do 100 znaków. Nic nie zostało wysłane.

## Wpisywanie potwierdzenia ($number to numer słowa lub grupy)

receipt-file-unreadable = Nie można odczytać potwierdzenia z { $path }. Sprawdź nazwę pliku.
receipt-stdin-unreadable = Nie można odczytać potwierdzenia ze standardowego wejścia.
receipt-type = Wpisz 12 słów swojego potwierdzenia albo jego 8 grup cyfr, oddzielone spacjami.
receipt-shown-while-typing = (Widać je podczas pisania: upewnij się, że nikt nie widzi Twojego ekranu. Na końcu naciśnij Enter.)
receipt-hidden-while-typing = (Nie widać ich podczas pisania. Na końcu naciśnij Enter.)
receipt-prompt = Potwierdzenie:
receipt-cannot-ask = Tutaj nie można zapytać o potwierdzenie. Użyj --receipt-file PLIK.
receipt-word-unknown = Słowo { $number }, „{ $word }”, nie jest słowem potwierdzenia.
receipt-word-again = Wpisz ponownie słowo { $number }:
receipt-word-only = Wpisz tylko słowo { $number }, potem naciśnij Enter.
receipt-word-still-wrong = Słowo { $number } Twojego potwierdzenia nadal nie jest słowem potwierdzenia. Porównaj je z zapisanym potwierdzeniem i spróbuj ponownie.
receipt-check-word = Porównaj je z zapisanym potwierdzeniem.
receipt-did-you-mean = Czy chodziło o „{ $word }”?
receipt-did-you-mean-one-of = Czy chodziło o jedno z tych słów: { $words }?
receipt-none = Nie podano potwierdzenia. Wpisz 12 słów swojego potwierdzenia albo jego 8 grup cyfr, oddzielone spacjami.
receipt-word-count = { $n ->
        [one] Potwierdzenie ma 12 słów, a podano { $n } słowo. Sprawdź, czy masz wszystkie słowa, oddzielone spacjami.
        [few] Potwierdzenie ma 12 słów, a podano { $n } słowa. Sprawdź, czy masz wszystkie słowa, oddzielone spacjami.
        [many] Potwierdzenie ma 12 słów, a podano { $n } słów. Sprawdź, czy masz wszystkie słowa, oddzielone spacjami.
       *[other] Potwierdzenie ma 12 słów, a podano { $n } słowa. Sprawdź, czy masz wszystkie słowa, oddzielone spacjami.
    }
receipt-word-of-receipt-unknown = Słowo { $number } Twojego potwierdzenia, „{ $word }”, nie jest słowem potwierdzenia.
receipt-then-try-again = Potem spróbuj ponownie.
receipt-checksum = Wszystkie te 12 słów to prawdziwe słowa potwierdzenia, ale do siebie nie pasują: jedno z nich jest błędne albo dwa są w złej kolejności. Porównaj każde słowo z zapisanym potwierdzeniem i spróbuj ponownie.
receipt-mixed = Tu są pomieszane słowa i cyfry. Wpisz albo 12 słów potwierdzenia, albo jego 8 grup cyfr, nie jedno i drugie.
receipt-digit-count = { $n ->
        [one] Potwierdzenie zapisane cyframi ma 48 cyfr (8 grup po 6), a znaleziono { $n } cyfrę. Sprawdź, czy masz wszystkie grupy i wszystkie cyfry każdej grupy.
        [few] Potwierdzenie zapisane cyframi ma 48 cyfr (8 grup po 6), a znaleziono { $n } cyfry. Sprawdź, czy masz wszystkie grupy i wszystkie cyfry każdej grupy.
        [many] Potwierdzenie zapisane cyframi ma 48 cyfr (8 grup po 6), a znaleziono { $n } cyfr. Sprawdź, czy masz wszystkie grupy i wszystkie cyfry każdej grupy.
       *[other] Potwierdzenie zapisane cyframi ma 48 cyfr (8 grup po 6), a znaleziono { $n } cyfry. Sprawdź, czy masz wszystkie grupy i wszystkie cyfry każdej grupy.
    }
receipt-digit-group = W grupie cyfr nr { $number } jest błąd: porównaj ją z kartką. Jedna cyfra może być błędna, dwie cyfry mogą być zamienione miejscami albo grupy mogą być w złej kolejności. Potem spróbuj ponownie.
receipt-invalid = To nie jest prawidłowe potwierdzenie: { $detail }.

## Sprawdzanie, czy serwer należy do jednostki

roster-invalid = Serwer { $server } nie przysłał prawidłowej listy pracowników. Sprawdź adres serwera.
roster-none = Serwer { $server } nie ma jeszcze skonfigurowanej jednostki, więc nie może należeć do jednostki { $unit }. Nic nie zostało wysłane. Sprawdź adres serwera.
roster-wrong-unit = obsługuje inną jednostkę
roster-bad-signature = jego lista pracowników nie jest podpisana przez tę jednostkę
roster-expired = lista pracowników jednostki straciła ważność { $day } (jednostka musi ją odnowić)
roster-not-yet-valid = lista pracowników jednostki jest ważna dopiero od { $day } (czy data na tym komputerze jest poprawna?)
roster-unproven = Serwer nie mógł udowodnić, że należy do jednostki { $unit }: { $reason }. Nic nie zostało wysłane.
roster-check-address = Sprawdź, czy adres serwera ({ $server }) i kod jednostki są dokładnie takie, jakie jednostka opublikowała. Jeśli tak, serwer może być fałszywy albo źle skonfigurowany: nie używaj go.

## Czytanie odpowiedzi ($n i $total liczą odpowiedzi; $from to nazwa pracownika)

check-forgotten = Ta skrzynka została usunięta (poleceniem `sanctuary report forget`): serwer nie przechowuje dla Ciebie odpowiedzi, a jednostka nie może już Ci odpowiadać.
check-forgotten-after = Twoje zgłoszenie zostaje w jednostce. Nadal możesz wysłać uzupełnienie; jednostka może je przeczytać, ale nie może na nie odpowiedzieć.
check-wrong-thread = jest skierowana do innego zgłoszenia
check-unknown-signer = nie podpisał jej nikt z aktualnej listy pracowników jednostki
check-forged = jej podpis jest podrobiony albo uszkodzony
check-newer-roster = jednostka napisała ją według nowszej listy pracowników niż ta, którą pokazał Ci serwer, więc serwer pokazuje starą listę (na której może nadal być ktoś, kogo jednostka usunęła). Nie wysyłaj niczego przez ten serwer, dopóki jednostka go nie sprawdzi
check-unreadable = nie dało się jej odczytać Twoim potwierdzeniem (jest uszkodzona albo nie jest odpowiedzią)
check-unknown-problem = nieznany problem
check-no-replies = Nie ma jeszcze odpowiedzi. Jednostki często odpowiadają dopiero po kilku dniach.
check-again-later = Sprawdź ponownie za dzień lub dwa, z tym samym potwierdzeniem.
check-not-verified-file = odpowiedź nie jest zweryfikowana
check-reply-verified = Odpowiedź { $n } z { $total }, { $day }, od: { $from } (zweryfikowana: podpisana przez pracownika jednostki)
check-message-unverified = Wiadomość { $n } z { $total }, { $day }: NIEZWERYFIKOWANA: { $reason }.
check-reply-unverified = Odpowiedź { $n } z { $total }, { $day }, rzekomo od: { $from }: NIEZWERYFIKOWANA: { $reason }.
check-do-not-trust = Nie ufaj tej wiadomości i nie rób tego, o co prosi: może nie pochodzić od jednostki.
check-files = Pliki:
check-saved-to = zapisano w { $path }
check-not-saved = nie zapisano ({ $reason })
check-how-to-download = Aby je pobrać, uruchom to jeszcze raz z --save-attachments FOLDER.
# Dodane z protokołem 2 (kolejność wiadomości): do sprawdzenia przez rodzimego użytkownika języka.
check-written = napisana { $day }
check-reply-missing = Tutaj może brakować odpowiedzi. Serwer mógł ją zatrzymać; sprawdź ponownie później.

## Odczyt wiadomości, łączenie, wysyłanie

message-file-unreadable = Nie można odczytać wiadomości z { $path } (musi to być plik tekstowy). Nic nie zostało wysłane.
message-stdin-unreadable = Nie można odczytać wiadomości ze standardowego wejścia. Nic nie zostało wysłane.
standard-input = standardowe wejście
message-input-too-long = Twoja wiadomość jest za długa (ponad 2 MiB). Skróć ją albo dołącz jako plik. Nic nie zostało wysłane.
message-not-utf8 = Wiadomość nie jest tekstem UTF-8 ({ $what }, bajt { $at }); nic nie zostało wysłane. Zapisz ją jako UTF-8 (większość edytorów ma to w „Zapisz jako” albo „Kodowanie”) i spróbuj ponownie.
plain-http-warning = Uwaga: adres tego serwera zaczyna się od http://, więc Twoje połączenie nie jest chronione. Twoje zgłoszenie pozostaje zaszyfrowane, ale każdy w sieci może zobaczyć, że łączysz się z tym serwerem. Lepiej użyj adresu https:// albo .onion.
nothing-sent = Nic nie zostało wysłane.
connected = Połączono z „{ $name }”: serwer udowodnił, że należy do tej jednostki.
message-too-long = Twoja wiadomość jest za długa, by ją wysłać (najwyżej około 1 MiB tekstu). Skróć ją albo przenieś resztę do pliku i go dołącz.
message-not-encrypted = Nie udało się zaszyfrować wiadomości: { $detail }.
retry-in = { $seconds ->
        [one] Ponowna próba za { $seconds } sekundę…
        [few] Ponowna próba za { $seconds } sekundy…
        [many] Ponowna próba za { $seconds } sekund…
       *[other] Ponowna próba za { $seconds } sekundy…
    }
retry-ask = Jeszcze nic nie zostało dostarczone. Spróbować ponownie teraz?
stopped-delivered = Przerwano. To, co napisano, zostało dostarczone.
stopped-sending = Przerwano w trakcie wysyłania: nic nie zostało dostarczone. Uruchom to samo polecenie jeszcze raz, aby to wysłać.
roster-changed-resealing = Jednostka właśnie zmieniła listę pracowników. Szyfrowanie od nowa dla nowej listy…
file-too-large-now = Plik { $path } jest za duży dla tej jednostki: najwyżej { $max } na plik.
sending-file = Wysyłanie { $path } jako { $name } ({ $size })…
stopped-upload-kept = Wysyłanie zostało przerwane. Nic jeszcze nie zostało dostarczone, ale to, co już wysłano z pliku, jest przechowywane co najmniej przez jeden dzień: uruchom to samo polecenie jeszcze raz, z tym samym plikiem, aby kontynuować od miejsca przerwania.
resuming-file = Wznawianie wysyłania { $name }: dotarło już { $done } z { $size }.

## Co odpowiedział serwer (program dopisuje potem kod serwera)

answered-http = odpowiedział HTTP { $status }
answered-http-with = odpowiedział HTTP { $status } z { $kind }
server-not-answering-properly = Serwer { $server } nie odpowiada teraz prawidłowo ({ $detail }): on albo pośredniczący serwer proxy może nie działać. Spróbuj później; jeśli to się powtarza, sprawdź adres.
not-https = Nie udało się nawiązać bezpiecznego połączenia (https) z { $server }: to, co tam odpowiedziało, nie obsługuje https albo jego certyfikat nie jest ważny dla tego adresu. Sprawdź adres: serwer bez https wymaga adresu zaczynającego się od http://, a serwer https potrzebuje ważnego certyfikatu dla swojej nazwy. Nic nie zostało wysłane. (Szczegóły: { $detail }.)
not-sanctuary = Ten adres nie odpowiada jak serwer Sanctuary: sprawdź adres ({ $server }). Nic nie zostało wysłane. ({ $detail }.)
unreachable = Nie udało się połączyć z serwerem { $server } ({ $reason }). Sprawdź adres i połączenie z internetem, potem spróbuj ponownie.
unreachable-proxy = Używasz serwera proxy: sprawdź, czy Tor (albo Tor Browser) działa i czy adres w --proxy jest poprawny.
api-storage-full = Serwer jest pełny i teraz nie może niczego przechować. Spróbuj ponownie za kilka dni albo skontaktuj się z jednostką w inny sposób.
api-overloaded = Serwer jest zajęty. Poczekaj kilka minut i spróbuj ponownie.
api-no-unit = Ten serwer nie ma jeszcze skonfigurowanej jednostki. Sprawdź adres serwera.
api-too-large = Plik jest większy, niż pozwala jednostka.
api-roster-changed = Jednostka zmieniła listę pracowników w trakcie wysyłania. Spróbuj ponownie.
api-unauthorized = Serwer nie przyjął Twojego klucza: prawdopodobnie nie ma Cię na aktualnej liście pracowników jednostki. Poproś administratora jednostki, żeby dodał Twoją kartę i ponownie opublikował listę.
api-stale-request = Serwer odrzucił żądanie, bo zegar tego komputera różni się o ponad 5 minut, albo bo serwer przed chwilą się uruchomił ponownie, a ten zegar trochę się spóźnia. Sprawdź datę i godzinę, potem spróbuj ponownie.
api-replayed = Serwer otrzymał to samo żądanie dwa razy. Spróbuj ponownie.
api-bad-pow = Serwer nie przyjął dowodu ochrony przed zalewem wysłanego przez ten program (krótkiego obliczenia wykonywanego przed wysłaniem, aby zalewanie usługi automatycznymi zgłoszeniami kosztowało ich nadawców). Nic nie zostało dostarczone. Spróbuj ponownie; jeśli to się powtarza, ten program i serwer mogą do siebie nie pasować: zaktualizuj ten program.
api-pow-expired = Dowód ochrony przed zalewem stracił ważność, zanim dotarł do serwera (każdy jest ważny 10 minut). Nic nie zostało dostarczone. Spróbuj ponownie.
api-pow-reused = Serwer już widział ten dowód ochrony przed zalewem. Nic nie zostało dostarczone. Spróbuj ponownie.
api-not-found = Serwer tego nie ma (mogło wygasnąć albo zostać usunięte).
api-mailbox-forgotten = Osoba zgłaszająca usunęła swoją skrzynkę: nie może już otrzymywać odpowiedzi w tym wątku.
api-malformed = Serwer odrzucił dane jako błędne ({ $detail }). To prawdopodobnie błąd tego programu: zgłoś go, proszę.
api-refused = Serwer odrzucił żądanie: { $detail }
api-attachment-quota = Serwer przyjął już dziś tyle plików, ile może. Nic nie zostało dostarczone. Wyślij teraz wiadomość bez plików albo spróbuj jutro ponownie razem z nimi.
answer-broken = Połączenie z serwerem zerwało się podczas odczytu jego odpowiedzi. Spróbuj ponownie.
answer-too-large = Serwer przysłał większą odpowiedź, niż się spodziewano; nie została odczytana.
answer-not-understood = Serwer przysłał odpowiedź, której ten program nie rozumie ({ $detail }). Sprawdź adres serwera.

## Dowód ochrony przed zalewem

proving = Obliczanie dowodu, że to nie jest automatyczny zalew zgłoszeń…
tries = { $n ->
        [one] { $n } próba
        [few] { $n } próby
        [many] { $n } prób
       *[other] { $n } próby
    }
pow-wrong-challenge = Serwer przysłał zadanie ochrony przed zalewem dotyczące czegoś innego, niż proszono. Nic nie zostało wysłane. Sprawdź adres serwera albo spróbuj ponownie.

## Pisanie w edytorze tekstu (--editor)

your-editor = Twój edytor tekstu
editor-no-temp = Nie udało się utworzyć prywatnego pliku tymczasowego dla edytora tekstu. Nic nie zostało wysłane.
editor-opening = Otwieranie edytora tekstu ({ $command }). Napisz wiadomość, zapisz ją i zamknij edytor, aby kontynuować.
editor-failed = Edytor tekstu ({ $command }) nie zakończył pracy prawidłowo. Nic nie zostało wysłane. Ustaw w zmiennej EDITOR edytor, którego używasz, albo napisz wiadomość w pliku i podaj go przez --message-file PLIK.

## Załączone pliki

attach-cannot-read = Nie można odczytać { $path }. Nic nie zostało wysłane.
attach-cannot-read-more = Nie można odczytać { $path }. Nic więcej nie zostało wysłane.
attach-not-found = Nie można odczytać pliku { $path } do załączenia. Sprawdź jego nazwę. Nic nie zostało wysłane.
attach-not-a-file = { $path } nie jest plikiem (może to folder?). Załączaj pliki pojedynczo. Nic nie zostało wysłane.
attach-too-many = { $max ->
        [one] Ta jednostka przyjmuje najwyżej { $max } plik w jednej wiadomości, a podano { $given }. Nic nie zostało wysłane. Pozostałe wyślij w uzupełnieniu (sanctuary report follow-up).
        [few] Ta jednostka przyjmuje najwyżej { $max } pliki w jednej wiadomości, a podano { $given }. Nic nie zostało wysłane. Pozostałe wyślij w uzupełnieniu (sanctuary report follow-up).
        [many] Ta jednostka przyjmuje najwyżej { $max } plików w jednej wiadomości, a podano { $given }. Nic nie zostało wysłane. Pozostałe wyślij w uzupełnieniu (sanctuary report follow-up).
       *[other] Ta jednostka przyjmuje najwyżej { $max } plików w jednej wiadomości, a podano { $given }. Nic nie zostało wysłane. Pozostałe wyślij w uzupełnieniu (sanctuary report follow-up).
    }
attach-too-large = Plik { $path } jest za duży dla tej jednostki: najwyżej { $max } na plik, a ten ma { $size }. Nic nie zostało wysłane. Wyślij mniejszą lub krótszą wersję albo podziel go.
attach-unreadable-kept = { $path }: nie udało się sprawdzić, czy plik zawiera ukryte informacje ({ $reason }). Zostanie wysłany bez zmian, tak jak chcesz (--keep-metadata).
attach-unreadable-refused = Nie udało się sprawdzić, czy { $path } zawiera ukryte informacje ({ $reason }). Nic nie zostało wysłane. Wyślij inną kopię pliku albo, jeśli zgadzasz się, że mogą zostać wysłane ukryte dane, takie jak miejsce czy nazwa urządzenia, użyj --keep-metadata.
attach-plain-text = { $path }: zwykły plik tekstowy nie zawiera ukrytych informacji, ale sprawdź, czy sam tekst nie zdradza, kim jesteś. Zostanie wysłany bez zmian.
attach-other-kind = { $path }: tego rodzaju pliku ({ $media }) nie da się sprawdzić. Może zawierać ukryte informacje, na przykład gdzie lub kiedy powstał albo jakim urządzeniem. Zostanie wysłany bez zmian.
attach-unchecked-kept = { $path }: nie udało się sprawdzić, czy plik zawiera ukryte informacje{ $why }. Zostanie wysłany bez zmian, bo użyto --keep-metadata.
attach-unchecked-refused = Nie udało się sprawdzić, czy { $path } zawiera ukryte informacje{ $why }. Może zawierać dane takie jak miejsce, nazwisko albo użyte urządzenie. Nic nie zostało wysłane. Wyślij inną kopię pliku (na przykład zrzut ekranu) albo użyj --keep-metadata, aby wysłać go bez zmian.
attach-nothing-found = { $path }: nie znaleziono ukrytych informacji.
attach-found = { $path }: ten plik zawiera ukryte informacje, które mogą Cię zidentyfikować:
attach-found-kept = Plik zostanie wysłany bez zmian, bo użyto --keep-metadata.
attach-will-remove = Te informacje zostaną usunięte przed wysłaniem. Samo zdjęcie lub dokument się nie zmienia.
attach-evidence-hint = (Jeśli te informacje są dowodem, wyślij plik z --keep-metadata.)
attach-cannot-remove = Nie można usunąć ukrytych informacji z { $path }{ $why }. Nic nie zostało wysłane. Wyślij inną kopię pliku (na przykład zrzut ekranu) albo, jeśli te informacje są dowodem, który jednostka powinna dostać, użyj --keep-metadata.
attach-clean-failed = Nie udało się usunąć ukrytych informacji z { $path } ({ $reason }). Nic nie zostało wysłane. Wyślij inną kopię pliku albo użyj --keep-metadata, aby wysłać go bez zmian.
attach-changed = Plik { $path } zmienił się w trakcie wysyłania. Zamknij programy, które do niego zapisują, i spróbuj ponownie.
attach-not-encrypted = Nie udało się zaszyfrować { $path }: { $reason }.
progress-sending = Wysyłanie { $name }
progress-downloading = Pobieranie { $name }
progress-time-left = zostało { $eta }

## Co znalazło sprawdzenie ukrytych informacji

found-quoted = { $label }: „{ $value }”
found-dated = { $label }: { $date }
found-gps = Pozycja GPS, w której zrobiono zdjęcie ({ $place })
found-gps-unreadable = Pozycja GPS, w której zrobiono zdjęcie (dokładnej wartości nie da się odczytać)
found-other-camera-details = Inne dane aparatu ({ $n })
found-other-xmp-details = Inne ukryte dane w bloku XMP ({ $n })
found-not-listed = { $n ->
        [one] Jeszcze { $n } ukryty szczegół (niewymieniony)
        [few] Jeszcze { $n } ukryte szczegóły (niewymienione)
        [many] Jeszcze { $n } ukrytych szczegółów (niewymienionych)
       *[other] Jeszcze { $n } ukrytych szczegółów (niewymienionych)
    }
found-trailing = Dodatkowe dane ukryte za końcem obrazu ({ $size })
found-trailing-jpeg = Dodatkowe dane ukryte za końcem obrazu ({ $size }), na przykład drugie zdjęcie lub krótki film, które mogą mieć własne miejsce, datę i dane aparatu
found-unknown-png = Dodatkowe dane o nieznanym przeznaczeniu (blok PNG „{ $name }”)
found-unknown-webp = Dodatkowe dane o nieznanym przeznaczeniu (blok WebP „{ $name }”)
found-unknown-jpeg = Dodatkowe dane dodane przez aparat lub aplikację (blok JPEG APP{ $name })
found-text-note = Notatka tekstowa „{ $keyword }”
found-text-note-value = Notatka tekstowa „{ $keyword }”: „{ $value }”
found-unreadable-note = Skompresowana notatka tekstowa „{ $keyword }”, której nie udało się odczytać
found-document-property = Właściwość dokumentu „{ $name }”
found-document-property-value = Właściwość dokumentu „{ $name }”: „{ $value }”
found-in-picture = Obraz wewnątrz dokumentu: { $finding }
found-maker-notes = Prywatne notatki producenta aparatu (mogą zawierać numer seryjny aparatu)
found-unique-picture-number = Unikalny numer zdjęcia (może powiązać ze sobą kopie tego zdjęcia)
found-more-gps = Więcej danych GPS (np. wysokość, kierunek lub czas)
found-gps-details = Dane GPS (np. wysokość, kierunek lub czas)
found-camera-settings = Ustawienia aparatu (ekspozycja, ostrość, lampa błyskowa i podobne)
found-thumbnail = Mała kopia podglądu zdjęcia (może pokazywać części, które zostały wycięte)
found-unreadable-exif = Blok informacji o aparacie (EXIF), którego nie udało się dokładnie odczytać; może zawierać miejsce, datę i aparat
found-unreadable-xmp = Blok ukrytych danych (XMP), którego nie udało się dokładnie odczytać; może zawierać nazwiska, miejsca i daty
found-editing-history = Historia edycji (które programy zmieniały plik i kiedy)
found-document-numbers = Unikalne numery dokumentu (mogą powiązać ten plik z oryginałem na Twoim urządzeniu)
found-source-files = Odwołania do innych plików, z których powstał ten plik
found-editor-data = Prywatne dane zapisane przez program, który edytował dokument
found-damaged-picture = ukryte dane, których nie udało się odczytać ani usunąć (obraz jest uszkodzony)
found-exif-as-text = Informacje o aparacie (EXIF) zapisane jako tekst
found-xmp-as-text = Blok ukrytych danych (XMP) zapisany jako tekst
found-photoshop-iptc = Dane Photoshopa i IPTC (mogą zawierać nazwiska, podpisy i miejsca)
found-extended-xmp = Więcej ukrytych danych (rozszerzony XMP), które mogą zawierać nazwiska, miejsca i daty
found-picture-index = Spis dodatkowych obrazów zapisanych w pliku (np. podglądów lub map głębi)
found-content-credentials = Zapis Content Credentials (może mówić, kto zrobił zdjęcie, jakim urządzeniem lub aplikacją i gdzie)
found-label-camera-make = Marka aparatu
found-label-camera-model = Model aparatu
found-label-camera-serial-number = Numer seryjny aparatu
found-label-lens-make = Marka obiektywu
found-label-lens-model = Model obiektywu
found-label-lens-serial-number = Numer seryjny obiektywu
found-label-computer-name = Nazwa komputera
found-label-device-used = Użyte urządzenie
found-label-photographer-name = Imię i nazwisko fotografa (autora)
found-label-author-name = Imię i nazwisko autora
found-label-camera-owner-name = Imię i nazwisko właściciela aparatu
found-label-copyright-holder = Właściciel praw autorskich
found-label-rights-owner = Właściciel praw
found-label-contributor = Współtwórca
found-label-publisher = Wydawca
found-label-author-job-title = Stanowisko autora
found-label-caption-writer = Autor podpisu
found-label-credit = Informacja o autorstwie
found-label-author-contact = Dane kontaktowe autora
found-label-note-author = Imię i nazwisko osoby, która dodała notatkę lub oznaczenie
found-label-date = Data
found-label-date-taken = Data zrobienia zdjęcia
found-label-date-digitised = Data digitalizacji
found-label-date-created = Data utworzenia
found-label-date-last-changed = Data ostatniej zmiany
found-label-details-last-changed = Data ostatniej zmiany danych
found-label-note-added = Data dodania notatki lub oznaczenia
found-label-note-changed = Data zmiany notatki lub oznaczenia
found-label-time-zone = Strefa czasowa
found-label-software-used = Użyte oprogramowanie
found-label-program-used = Użyty program
found-label-document-creator = Program, który utworzył dokument
found-label-pdf-producer = Program, który wygenerował PDF
found-label-city = Miasto
found-label-region = Region
found-label-country = Kraj
found-label-country-code = Kod kraju
found-label-place = Miejsce
found-label-title = Tytuł
found-label-subject = Temat
found-label-description = Opis
found-label-comment = Komentarz
found-label-keywords = Słowa kluczowe
found-label-headline = Nagłówek
found-label-instructions = Instrukcje
found-label-source = Źródło
found-label-document-name = Nazwa dokumentu
