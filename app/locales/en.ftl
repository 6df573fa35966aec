# The tablet's own text in English (the reference language: every other file has these ids).
# Instrument wording is not here: it is data, shown only in a validated language.

## Sync bar
sync-waiting = { $count ->
    [one] { $count } response waiting
   *[other] { $count } responses waiting
}
sync-oldest = (oldest { $time })
sync-sending = Sending…
sync-offline = Offline: kept safely on this tablet
sync-all-sent = All sent
sync-locked-waiting = Locked: sending sealed responses
sync-later = Will send when connected
sync-last-sent = Last sent { $time }
sync-progress = Sending progress
sync-attention = { $count } need attention
lock = Lock

## PIN and lock screens
pin-unlock = Unlock
pin-wrong = That PIN or passphrase is not right.
pin-wait = Too many wrong PINs: try again in { $seconds } seconds.
locked-title = Locked
locked-kept = Responses are kept encrypted on this tablet.
locked-prompt = Enter your PIN or passphrase to unlock
kiosk-thanks = Thank you
kiosk-hand-back = Please hand the tablet back to the person who gave it to you.
kiosk-prompt = Practitioner: enter your PIN to unlock

## Start screen
home-title = Patient questionnaires
home-unfinished = Unfinished
home-role = Practitioner role:
home-choose-role = Choose your professional role in Settings before starting a questionnaire.
home-questionnaires = Questionnaires
home-settings = Settings

## Questionnaire
q-language = Language
q-nhs-number = NHS number (optional)
q-time-point = Time point
q-time-automatic = Automatic
q-time-baseline = Baseline
q-time-review = Review
q-time-final = Final
q-start = Start
q-start-with-patient = Start with the patient
q-hand-over = Hand the tablet to the patient
q-untranslated = There is no validated translation of this questionnaire in { $language }. The buttons and help are in { $language }; the questions stay in { $original }. Please help the patient with the questions if needed.
q-progress = Question { $number } of { $total }
q-back = Back
q-next = Next
q-skip = Skip
q-finish = Finish
q-continue = Continue
q-read-aloud = Read aloud
q-stop-reading = Stop reading
q-no-voice = This tablet has no voice for { $language }, so it cannot read this aloud.
q-auto-read = Read each question aloud
q-easy-read = Larger text
q-other-tab = This questionnaire is open in another tab or window of this app. Carry on there; this copy is not saved.
q-not-available = This questionnaire is not available on this tablet.
q-hand-back = Thank you. Please hand the tablet back to the person who gave it to you.
q-i-am-practitioner = I am the practitioner
q-alert-prompt = Practitioner: enter your PIN to see the alert
q-alert-title = Risk alert
q-alert-sent = The response is saved and the alert is sent to the server with it.
q-alert-seen = I have seen this alert
q-saved = Thank you. Your answers have been saved.
q-saved-detail = They are kept safely on this tablet and sent automatically when there is a connection.
q-scores = Scores (for the practitioner)
q-done = Done

## Settings
settings-language = App language

## Language names
lang-en = English
lang-ur = Urdu
lang-ar = Arabic
lang-pl = Polish
lang-pa = Panjabi
lang-bn = Bengali
lang-ro = Romanian

## Demographics (caseload)
demo-title = About the patient (optional)
demo-explain = Ask only what the patient is happy to say. Leave a box empty, or choose "Prefer not to say", if they would rather not answer. The postcode stays on this tablet, encrypted; it is sent once so the server can work out the area's deprivation decile, and the server does not keep it.
demo-birth-year = Year of birth
demo-sex = Sex
demo-gender = Gender identity
demo-ethnic = Ethnic group
demo-postcode = Home postcode
demo-not-asked = Not asked
demo-declined = Prefer not to say
demo-save = Save
demo-saved = Saved. It goes with the next questionnaire for this patient.
demo-bad-year = Enter the year of birth as four digits, for example 1968, or leave it empty.
demo-bad-postcode = That is not a UK postcode. Check it, for example LS1 4AP, or leave it empty.

## Time point suggestion (practitioner)
q-suggest-baseline = Nothing earlier from this patient on this questionnaire: this will be the baseline.
q-suggest-new-baseline = The last piece of work began on { $date } and has ended: this will be a new baseline.
q-suggest-follow-up = Baseline on { $date }: this will be a follow-up.
q-suggest-too-soon = Baseline on { $date }, only { $days } days ago: a follow-up needs at least 14 days, so the time point is left automatic.

## Patient page (practitioner)
patient-earlier = Earlier responses
patient-start = Start a questionnaire
change-title = Change since baseline
change-since = Since the baseline on { $date }: { $change }
change-improved = Reliable improvement
change-deteriorated = Reliable deterioration
change-no-change = No reliable change
change-no-threshold = No reliable-change threshold for this measure
change-baseline-only = Baseline only so far
goals-title = Goals (GAS)
goal-baseline = At the start: { $level } ({ $text }).
goal-attainment = At review: { $level } ({ $text }).
goal-not-rated = Not reviewed yet.

## GAS goals (set with the patient)
gas-goal = Goal { $number }
gas-description = The goal, in the patient's words
gas-level-minus-2 = -2: much less than expected
gas-level-minus-1 = -1: less than expected
gas-level-0 = 0: expected outcome (the goal as agreed)
gas-level-plus-1 = +1: better than expected
gas-level-plus-2 = +2: much better than expected
gas-now = Where the patient is now:
gas-now-some = -1: some ability towards the goal
gas-now-none = -2: no ability yet
gas-importance = Importance to the patient (optional)
gas-difficulty = Difficulty (optional)
gas-remove = Remove this goal
gas-add = Add another goal
