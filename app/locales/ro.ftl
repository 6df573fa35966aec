# Textele aplicației de pe tabletă, în limba română. Întrebările chestionarelor nu sunt aici.

## Sync bar
sync-waiting = { $count ->
    [one] { $count } răspuns așteaptă
    [few] { $count } răspunsuri așteaptă
   *[other] { $count } de răspunsuri așteaptă
}
sync-oldest = (cel mai vechi { $time })
sync-sending = Se trimite…
sync-offline = Fără conexiune: păstrat în siguranță pe această tabletă
sync-all-sent = Totul a fost trimis
sync-locked-waiting = Blocată: se trimit răspunsurile sigilate
sync-later = Se va trimite când există conexiune
sync-last-sent = Trimis ultima dată { $time }
sync-progress = Progresul trimiterii
sync-attention = { $count } necesită atenție
lock = Blochează

## PIN and lock screens
pin-unlock = Deblochează
pin-wrong = Acest PIN sau această parolă nu este corectă.
pin-wait = Prea multe PIN-uri greșite: încercați din nou peste { $seconds } secunde.
locked-title = Blocată
locked-kept = Răspunsurile sunt păstrate criptat pe această tabletă.
locked-prompt = Introduceți PIN-ul sau parola pentru a debloca
kiosk-thanks = Vă mulțumim
kiosk-hand-back = Vă rugăm să dați tableta înapoi persoanei care v-a dat-o.
kiosk-prompt = Specialist: introduceți PIN-ul pentru a debloca

## Start screen
home-title = Chestionare pentru pacienți
home-unfinished = Neterminate
home-role = Rolul specialistului:
home-choose-role = Alegeți-vă rolul profesional în Setări înainte de a începe un chestionar.
home-questionnaires = Chestionare
home-settings = Setări

## Questionnaire
q-language = Limba
q-nhs-number = Numărul NHS (opțional)
q-time-point = Etapa
q-time-automatic = Automat
q-time-baseline = Început
q-time-review = Evaluare
q-time-final = Final
q-start = Începeți
q-start-with-patient = Începeți cu pacientul
q-hand-over = Dați tableta pacientului
q-untranslated = Acest chestionar nu are o traducere validată în { $language }. Butoanele și explicațiile sunt în { $language }; întrebările rămân în { $original }. Ajutați pacientul cu întrebările, dacă este nevoie.
q-progress = Întrebarea { $number } din { $total }
q-back = Înapoi
q-next = Înainte
q-skip = Săriți
q-finish = Terminați
q-continue = Continuați
q-read-aloud = Citește cu voce tare
q-stop-reading = Oprește citirea
q-no-voice = Această tabletă nu are o voce pentru { $language }, deci nu poate citi asta cu voce tare.
q-auto-read = Citește fiecare întrebare cu voce tare
q-easy-read = Text mai mare
q-other-tab = Acest chestionar este deschis în altă filă sau fereastră a aplicației. Continuați acolo; această copie nu se salvează.
q-not-available = Acest chestionar nu este disponibil pe această tabletă.
q-hand-back = Vă mulțumim. Vă rugăm să dați tableta înapoi persoanei care v-a dat-o.
q-i-am-practitioner = Eu sunt specialistul
q-alert-prompt = Specialist: introduceți PIN-ul pentru a vedea alerta
q-alert-title = Alertă de risc
q-alert-sent = Răspunsul este salvat, iar alerta este trimisă la server împreună cu el.
q-alert-seen = Am văzut această alertă
q-saved = Vă mulțumim. Răspunsurile dumneavoastră au fost salvate.
q-saved-detail = Sunt păstrate în siguranță pe această tabletă și trimise automat când există conexiune.
q-scores = Scoruri (pentru specialist)
q-done = Gata

## Settings
settings-language = Limba aplicației

## Language names
lang-en = engleză
lang-ur = urdu
lang-ar = arabă
lang-pl = poloneză
lang-pa = punjabi
lang-bn = bengaleză
lang-ro = română

## Demographics (caseload)
demo-title = Despre pacient (opțional)
demo-explain = Întrebați doar ce pacientul dorește să spună. Lăsați câmpul gol sau alegeți „Prefer să nu spun” dacă nu vrea să răspundă. Codul poștal rămâne criptat pe această tabletă; este trimis o singură dată, ca serverul să afle decila de deprivare a zonei, iar serverul nu îl păstrează.
demo-birth-year = Anul nașterii
demo-sex = Sexul
demo-gender = Identitatea de gen
demo-ethnic = Grupul etnic
demo-postcode = Codul poștal de acasă
demo-not-asked = Nu s-a întrebat
demo-declined = Prefer să nu spun
demo-save = Salvați
demo-saved = Salvat. Se trimite cu următorul chestionar al acestui pacient.
demo-bad-year = Scrieți anul nașterii din patru cifre, de exemplu 1968, sau lăsați gol.
demo-bad-postcode = Acesta nu este un cod poștal din Regatul Unit. Verificați-l, de exemplu LS1 4AP, sau lăsați gol.

## Time point suggestion (practitioner)
q-suggest-baseline = Pacientul nu are răspunsuri anterioare la acest chestionar: acesta va fi punctul de pornire.
q-suggest-new-baseline = Etapa anterioară a început pe { $date } și s-a încheiat: acesta va fi un nou punct de pornire.
q-suggest-follow-up = Punct de pornire pe { $date }: aceasta va fi o evaluare ulterioară.
q-suggest-too-soon = Punct de pornire pe { $date }, acum doar { $days } zile: o evaluare ulterioară necesită cel puțin 14 zile, așa că etapa rămâne automată.

## Patient page (practitioner)
patient-earlier = Răspunsuri anterioare
patient-start = Începeți un chestionar
change-title = Schimbarea de la punctul de pornire
change-since = De la punctul de pornire din { $date }: { $change }
change-improved = Îmbunătățire sigură
change-deteriorated = Înrăutățire sigură
change-no-change = Nicio schimbare sigură
change-no-threshold = Această măsură nu are un prag de schimbare sigură
change-baseline-only = Deocamdată doar punctul de pornire
goals-title = Obiective (GAS)
goal-baseline = La început: { $level } ({ $text }).
goal-attainment = La evaluare: { $level } ({ $text }).
goal-not-rated = Încă neevaluat.

## GAS goals (set with the patient)
gas-goal = Obiectivul { $number }
gas-description = Obiectivul, în cuvintele pacientului
gas-level-minus-2 = -2: mult mai puțin decât se aștepta
gas-level-minus-1 = -1: mai puțin decât se aștepta
gas-level-0 = 0: rezultatul așteptat (obiectivul convenit)
gas-level-plus-1 = +1: mai bine decât se aștepta
gas-level-plus-2 = +2: mult mai bine decât se aștepta
gas-now = Unde este pacientul acum:
gas-now-some = -1: o oarecare capacitate spre obiectiv
gas-now-none = -2: încă nicio capacitate
gas-importance = Importanța pentru pacient (opțional)
gas-difficulty = Dificultatea (opțional)
gas-remove = Eliminați acest obiectiv
gas-add = Adăugați încă un obiectiv
