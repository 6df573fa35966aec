# Teksty aplikacji na tablecie po polsku. Pytań z kwestionariuszy tu nie ma.

## Sync bar
sync-waiting = { $count ->
    [one] { $count } odpowiedź czeka
    [few] { $count } odpowiedzi czekają
   *[other] { $count } odpowiedzi czeka
}
sync-oldest = (najstarsza { $time })
sync-sending = Wysyłanie…
sync-offline = Brak połączenia: bezpiecznie zapisane na tym tablecie
sync-all-sent = Wszystko wysłane
sync-locked-waiting = Zablokowany: wysyła zapieczętowane odpowiedzi
sync-later = Zostanie wysłane po połączeniu
sync-last-sent = Ostatnio wysłano { $time }
sync-progress = Postęp wysyłania
sync-attention = { $count } wymaga uwagi
lock = Zablokuj

## PIN and lock screens
pin-unlock = Odblokuj
pin-wrong = Ten PIN lub hasło jest nieprawidłowe.
pin-wait = Zbyt wiele błędnych PIN-ów: spróbuj ponownie za { $seconds } s.
locked-title = Zablokowany
locked-kept = Odpowiedzi są przechowywane na tym tablecie w postaci zaszyfrowanej.
locked-prompt = Wpisz PIN lub hasło, aby odblokować
kiosk-thanks = Dziękujemy
kiosk-hand-back = Prosimy oddać tablet osobie, która go Panu/Pani dała.
kiosk-prompt = Pracownik: wpisz PIN, aby odblokować

## Start screen
home-title = Kwestionariusze dla pacjentów
home-unfinished = Niedokończone
home-role = Rola pracownika:
home-choose-role = Przed rozpoczęciem kwestionariusza wybierz swoją rolę zawodową w Ustawieniach.
home-questionnaires = Kwestionariusze
home-settings = Ustawienia

## Questionnaire
q-language = Język
q-nhs-number = Numer NHS (nieobowiązkowo)
q-time-point = Etap
q-time-automatic = Automatycznie
q-time-baseline = Początek
q-time-review = Przegląd
q-time-final = Koniec
q-start = Zacznij
q-start-with-patient = Zacznij z pacjentem
q-hand-over = Daj tablet pacjentowi
q-untranslated = Ten kwestionariusz nie ma zatwierdzonego tłumaczenia na język: { $language }. Przyciski i wskazówki są w tym języku; pytania pozostają w języku: { $original }. W razie potrzeby pomóż pacjentowi z pytaniami.
q-progress = Pytanie { $number } z { $total }
q-back = Wstecz
q-next = Dalej
q-skip = Pomiń
q-finish = Zakończ
q-continue = Kontynuuj
q-read-aloud = Przeczytaj na głos
q-stop-reading = Przestań czytać
q-no-voice = Ten tablet nie ma głosu w języku: { $language }, więc nie może tego przeczytać na głos.
q-auto-read = Czytaj każde pytanie na głos
q-easy-read = Większy tekst
q-other-tab = Ten kwestionariusz jest otwarty w innej karcie lub oknie tej aplikacji. Kontynuuj tam; ta kopia nie jest zapisywana.
q-not-available = Ten kwestionariusz nie jest dostępny na tym tablecie.
q-hand-back = Dziękujemy. Prosimy oddać tablet osobie, która go Panu/Pani dała.
q-i-am-practitioner = Jestem pracownikiem
q-alert-prompt = Pracownik: wpisz PIN, aby zobaczyć alert
q-alert-title = Alert o ryzyku
q-alert-sent = Odpowiedź jest zapisana, a alert zostanie wysłany z nią na serwer.
q-alert-seen = Widziałem/widziałam ten alert
q-saved = Dziękujemy. Pana/Pani odpowiedzi zostały zapisane.
q-saved-detail = Są bezpiecznie przechowywane na tym tablecie i zostaną wysłane automatycznie po połączeniu.
q-scores = Wyniki (dla pracownika)
q-done = Gotowe

## Settings
settings-language = Język aplikacji

## Language names
lang-en = angielski
lang-ur = urdu
lang-ar = arabski
lang-pl = polski
lang-pa = pendżabski
lang-bn = bengalski
lang-ro = rumuński

## Demographics (caseload)
demo-title = O pacjencie (nieobowiązkowo)
demo-explain = Pytaj tylko o to, co pacjent chce powiedzieć. Jeśli woli nie odpowiadać, zostaw pole puste albo wybierz „Wolę nie mówić”. Kod pocztowy zostaje na tym tablecie w postaci zaszyfrowanej; jest wysyłany raz, aby serwer ustalił decyl deprywacji okolicy, a serwer go nie przechowuje.
demo-birth-year = Rok urodzenia
demo-sex = Płeć
demo-gender = Tożsamość płciowa
demo-ethnic = Grupa etniczna
demo-postcode = Kod pocztowy domu
demo-not-asked = Nie pytano
demo-declined = Wolę nie mówić
demo-save = Zapisz
demo-saved = Zapisano. Zostanie wysłane z następnym kwestionariuszem tego pacjenta.
demo-bad-year = Wpisz rok urodzenia czterema cyframi, np. 1968, albo zostaw puste.
demo-bad-postcode = To nie jest brytyjski kod pocztowy. Sprawdź go, np. LS1 4AP, albo zostaw puste.

## Time point suggestion (practitioner)
q-suggest-baseline = Ten pacjent nie wypełniał wcześniej tego kwestionariusza: to będzie pomiar początkowy.
q-suggest-new-baseline = Poprzednia praca zaczęła się { $date } i zakończyła: to będzie nowy pomiar początkowy.
q-suggest-follow-up = Pomiar początkowy { $date }: to będzie pomiar kontrolny.
q-suggest-too-soon = Pomiar początkowy { $date }, tylko { $days } dni temu: pomiar kontrolny wymaga co najmniej 14 dni, więc etap pozostaje automatyczny.

## Patient page (practitioner)
patient-earlier = Wcześniejsze odpowiedzi
patient-start = Rozpocznij kwestionariusz
change-title = Zmiana od pomiaru początkowego
change-since = Od pomiaru początkowego { $date }: { $change }
change-improved = Wiarygodna poprawa
change-deteriorated = Wiarygodne pogorszenie
change-no-change = Brak wiarygodnej zmiany
change-no-threshold = Ta miara nie ma progu wiarygodnej zmiany
change-baseline-only = Na razie tylko pomiar początkowy
goals-title = Cele (GAS)
goal-baseline = Na początku: { $level } ({ $text }).
goal-attainment = Przy przeglądzie: { $level } ({ $text }).
goal-not-rated = Jeszcze nie oceniono.

## GAS goals (set with the patient)
gas-goal = Cel { $number }
gas-description = Cel, słowami pacjenta
gas-level-minus-2 = -2: dużo mniej niż oczekiwano
gas-level-minus-1 = -1: mniej niż oczekiwano
gas-level-0 = 0: oczekiwany wynik (cel jak uzgodniono)
gas-level-plus-1 = +1: lepiej niż oczekiwano
gas-level-plus-2 = +2: dużo lepiej niż oczekiwano
gas-now = Gdzie pacjent jest teraz:
gas-now-some = -1: pewne możliwości w kierunku celu
gas-now-none = -2: jeszcze brak możliwości
gas-importance = Znaczenie dla pacjenta (nieobowiązkowo)
gas-difficulty = Trudność (nieobowiązkowo)
gas-remove = Usuń ten cel
gas-add = Dodaj kolejny cel
