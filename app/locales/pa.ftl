# ਟੈਬਲੇਟ ਦੀ ਆਪਣੀ ਲਿਖਤ, ਪੰਜਾਬੀ ਵਿੱਚ। ਪ੍ਰਸ਼ਨਾਵਲੀ ਦੇ ਸਵਾਲ ਇੱਥੇ ਨਹੀਂ ਹਨ।

## Sync bar
sync-waiting = { $count ->
    [one] { $count } ਜਵਾਬ ਭੇਜਣਾ ਬਾਕੀ ਹੈ
   *[other] { $count } ਜਵਾਬ ਭੇਜਣੇ ਬਾਕੀ ਹਨ
}
sync-oldest = (ਸਭ ਤੋਂ ਪੁਰਾਣਾ { $time })
sync-sending = ਭੇਜਿਆ ਜਾ ਰਿਹਾ ਹੈ…
sync-offline = ਇੰਟਰਨੈੱਟ ਨਹੀਂ: ਇਸ ਟੈਬਲੇਟ 'ਤੇ ਸੁਰੱਖਿਅਤ ਹੈ
sync-all-sent = ਸਭ ਭੇਜ ਦਿੱਤਾ ਗਿਆ
sync-locked-waiting = ਬੰਦ ਹੈ: ਸੀਲ ਕੀਤੇ ਜਵਾਬ ਭੇਜੇ ਜਾ ਰਹੇ ਹਨ
sync-later = ਕਨੈਕਸ਼ਨ ਮਿਲਦੇ ਹੀ ਭੇਜ ਦਿੱਤਾ ਜਾਵੇਗਾ
sync-last-sent = ਆਖਰੀ ਵਾਰ ਭੇਜਿਆ { $time }
sync-progress = ਭੇਜਣ ਦੀ ਪ੍ਰਗਤੀ
sync-attention = { $count } ਵੱਲ ਧਿਆਨ ਦੀ ਲੋੜ ਹੈ
lock = ਬੰਦ ਕਰੋ

## PIN and lock screens
pin-unlock = ਖੋਲ੍ਹੋ
pin-wrong = ਇਹ PIN ਜਾਂ ਪਾਸਫ਼ਰੇਜ਼ ਠੀਕ ਨਹੀਂ ਹੈ।
pin-wait = ਬਹੁਤ ਵਾਰ ਗਲਤ PIN: { $seconds } ਸਕਿੰਟਾਂ ਬਾਅਦ ਫਿਰ ਕੋਸ਼ਿਸ਼ ਕਰੋ।
locked-title = ਬੰਦ ਹੈ
locked-kept = ਜਵਾਬ ਇਸ ਟੈਬਲੇਟ 'ਤੇ ਗੁਪਤ (ਇਨਕ੍ਰਿਪਟ) ਕਰਕੇ ਰੱਖੇ ਗਏ ਹਨ।
locked-prompt = ਖੋਲ੍ਹਣ ਲਈ ਆਪਣਾ PIN ਜਾਂ ਪਾਸਫ਼ਰੇਜ਼ ਲਿਖੋ
kiosk-thanks = ਧੰਨਵਾਦ
kiosk-hand-back = ਕਿਰਪਾ ਕਰਕੇ ਟੈਬਲੇਟ ਉਸੇ ਵਿਅਕਤੀ ਨੂੰ ਵਾਪਸ ਦਿਓ ਜਿਸ ਨੇ ਤੁਹਾਨੂੰ ਦਿੱਤਾ ਸੀ।
kiosk-prompt = ਪ੍ਰੈਕਟੀਸ਼ਨਰ: ਖੋਲ੍ਹਣ ਲਈ ਆਪਣਾ PIN ਲਿਖੋ

## Start screen
home-title = ਮਰੀਜ਼ਾਂ ਲਈ ਪ੍ਰਸ਼ਨਾਵਲੀਆਂ
home-unfinished = ਅਧੂਰੀਆਂ
home-role = ਪ੍ਰੈਕਟੀਸ਼ਨਰ ਦੀ ਭੂਮਿਕਾ:
home-choose-role = ਪ੍ਰਸ਼ਨਾਵਲੀ ਸ਼ੁਰੂ ਕਰਨ ਤੋਂ ਪਹਿਲਾਂ ਸੈਟਿੰਗਾਂ ਵਿੱਚ ਆਪਣੀ ਪੇਸ਼ੇਵਰ ਭੂਮਿਕਾ ਚੁਣੋ।
home-questionnaires = ਪ੍ਰਸ਼ਨਾਵਲੀਆਂ
home-settings = ਸੈਟਿੰਗਾਂ

## Questionnaire
q-language = ਭਾਸ਼ਾ
q-nhs-number = NHS ਨੰਬਰ (ਵਿਕਲਪਿਕ)
q-time-point = ਪੜਾਅ
q-time-automatic = ਆਪਣੇ ਆਪ
q-time-baseline = ਸ਼ੁਰੂਆਤ
q-time-review = ਸਮੀਖਿਆ
q-time-final = ਅੰਤਿਮ
q-start = ਸ਼ੁਰੂ ਕਰੋ
q-start-with-patient = ਮਰੀਜ਼ ਨਾਲ ਸ਼ੁਰੂ ਕਰੋ
q-hand-over = ਟੈਬਲੇਟ ਮਰੀਜ਼ ਨੂੰ ਦਿਓ
q-untranslated = ਇਸ ਪ੍ਰਸ਼ਨਾਵਲੀ ਦਾ { $language } ਵਿੱਚ ਕੋਈ ਪ੍ਰਮਾਣਿਤ ਅਨੁਵਾਦ ਨਹੀਂ ਹੈ। ਬਟਨ ਅਤੇ ਮਦਦ { $language } ਵਿੱਚ ਹਨ; ਸਵਾਲ { $original } ਵਿੱਚ ਹੀ ਰਹਿਣਗੇ। ਲੋੜ ਹੋਵੇ ਤਾਂ ਸਵਾਲਾਂ ਵਿੱਚ ਮਰੀਜ਼ ਦੀ ਮਦਦ ਕਰੋ।
q-progress = ਸਵਾਲ { $number } / { $total }
q-back = ਪਿੱਛੇ
q-next = ਅੱਗੇ
q-skip = ਛੱਡੋ
q-finish = ਖਤਮ ਕਰੋ
q-continue = ਜਾਰੀ ਰੱਖੋ
q-read-aloud = ਉੱਚੀ ਆਵਾਜ਼ ਵਿੱਚ ਪੜ੍ਹੋ
q-stop-reading = ਪੜ੍ਹਨਾ ਬੰਦ ਕਰੋ
q-no-voice = ਇਸ ਟੈਬਲੇਟ ਵਿੱਚ { $language } ਦੀ ਆਵਾਜ਼ ਨਹੀਂ ਹੈ, ਇਸ ਲਈ ਇਹ ਇਸ ਨੂੰ ਪੜ੍ਹ ਕੇ ਨਹੀਂ ਸੁਣਾ ਸਕਦਾ।
q-auto-read = ਹਰ ਸਵਾਲ ਉੱਚੀ ਆਵਾਜ਼ ਵਿੱਚ ਪੜ੍ਹੋ
q-easy-read = ਵੱਡੇ ਅੱਖਰ
q-other-tab = ਇਹ ਪ੍ਰਸ਼ਨਾਵਲੀ ਇਸ ਐਪ ਦੀ ਕਿਸੇ ਹੋਰ ਟੈਬ ਜਾਂ ਵਿੰਡੋ ਵਿੱਚ ਖੁੱਲ੍ਹੀ ਹੈ। ਉੱਥੇ ਜਾਰੀ ਰੱਖੋ; ਇਹ ਕਾਪੀ ਸੰਭਾਲੀ ਨਹੀਂ ਜਾਂਦੀ।
q-not-available = ਇਹ ਪ੍ਰਸ਼ਨਾਵਲੀ ਇਸ ਟੈਬਲੇਟ 'ਤੇ ਉਪਲਬਧ ਨਹੀਂ ਹੈ।
q-hand-back = ਧੰਨਵਾਦ। ਕਿਰਪਾ ਕਰਕੇ ਟੈਬਲੇਟ ਉਸੇ ਵਿਅਕਤੀ ਨੂੰ ਵਾਪਸ ਦਿਓ ਜਿਸ ਨੇ ਤੁਹਾਨੂੰ ਦਿੱਤਾ ਸੀ।
q-i-am-practitioner = ਮੈਂ ਪ੍ਰੈਕਟੀਸ਼ਨਰ ਹਾਂ
q-alert-prompt = ਪ੍ਰੈਕਟੀਸ਼ਨਰ: ਚੇਤਾਵਨੀ ਦੇਖਣ ਲਈ ਆਪਣਾ PIN ਲਿਖੋ
q-alert-title = ਖਤਰੇ ਦੀ ਚੇਤਾਵਨੀ
q-alert-sent = ਜਵਾਬ ਸੰਭਾਲ ਲਿਆ ਗਿਆ ਹੈ ਅਤੇ ਚੇਤਾਵਨੀ ਇਸ ਦੇ ਨਾਲ ਸਰਵਰ ਨੂੰ ਭੇਜੀ ਜਾਂਦੀ ਹੈ।
q-alert-seen = ਮੈਂ ਇਹ ਚੇਤਾਵਨੀ ਦੇਖ ਲਈ ਹੈ
q-saved = ਧੰਨਵਾਦ। ਤੁਹਾਡੇ ਜਵਾਬ ਸੰਭਾਲ ਲਏ ਗਏ ਹਨ।
q-saved-detail = ਇਹ ਇਸ ਟੈਬਲੇਟ 'ਤੇ ਸੁਰੱਖਿਅਤ ਹਨ ਅਤੇ ਕਨੈਕਸ਼ਨ ਮਿਲਦੇ ਹੀ ਆਪਣੇ ਆਪ ਭੇਜ ਦਿੱਤੇ ਜਾਣਗੇ।
q-scores = ਸਕੋਰ (ਪ੍ਰੈਕਟੀਸ਼ਨਰ ਲਈ)
q-done = ਹੋ ਗਿਆ

## Settings
settings-language = ਐਪ ਦੀ ਭਾਸ਼ਾ

## Language names
lang-en = ਅੰਗਰੇਜ਼ੀ
lang-ur = ਉਰਦੂ
lang-ar = ਅਰਬੀ
lang-pl = ਪੋਲਿਸ਼
lang-pa = ਪੰਜਾਬੀ
lang-bn = ਬੰਗਾਲੀ
lang-ro = ਰੋਮਾਨੀਅਨ

## Demographics (caseload)
demo-title = ਮਰੀਜ਼ ਬਾਰੇ (ਵਿਕਲਪਿਕ)
demo-explain = ਸਿਰਫ਼ ਉਹੀ ਪੁੱਛੋ ਜੋ ਮਰੀਜ਼ ਖੁਸ਼ੀ ਨਾਲ ਦੱਸਣਾ ਚਾਹੇ। ਜੇ ਉਹ ਜਵਾਬ ਨਹੀਂ ਦੇਣਾ ਚਾਹੁੰਦੇ ਤਾਂ ਖਾਨਾ ਖਾਲੀ ਛੱਡੋ ਜਾਂ "ਦੱਸਣਾ ਨਹੀਂ ਚਾਹੁੰਦੇ" ਚੁਣੋ। ਪੋਸਟਕੋਡ ਇਸ ਟੈਬਲੇਟ 'ਤੇ ਗੁਪਤ ਰਹਿੰਦਾ ਹੈ; ਇਹ ਇੱਕ ਵਾਰ ਭੇਜਿਆ ਜਾਂਦਾ ਹੈ ਤਾਂ ਜੋ ਸਰਵਰ ਇਲਾਕੇ ਦਾ ਵਾਂਝੇਪਣ ਦਾ ਦਰਜਾ ਪਤਾ ਕਰ ਸਕੇ, ਅਤੇ ਸਰਵਰ ਇਸ ਨੂੰ ਨਹੀਂ ਰੱਖਦਾ।
demo-birth-year = ਜਨਮ ਦਾ ਸਾਲ
demo-sex = ਲਿੰਗ
demo-gender = ਲਿੰਗ ਪਛਾਣ
demo-ethnic = ਨਸਲੀ ਸਮੂਹ
demo-postcode = ਘਰ ਦਾ ਪੋਸਟਕੋਡ
demo-not-asked = ਨਹੀਂ ਪੁੱਛਿਆ
demo-declined = ਦੱਸਣਾ ਨਹੀਂ ਚਾਹੁੰਦੇ
demo-save = ਸੰਭਾਲੋ
demo-saved = ਸੰਭਾਲ ਲਿਆ। ਇਹ ਇਸ ਮਰੀਜ਼ ਦੀ ਅਗਲੀ ਪ੍ਰਸ਼ਨਾਵਲੀ ਨਾਲ ਜਾਵੇਗਾ।
demo-bad-year = ਜਨਮ ਦਾ ਸਾਲ ਚਾਰ ਅੰਕਾਂ ਵਿੱਚ ਲਿਖੋ, ਜਿਵੇਂ 1968, ਜਾਂ ਖਾਲੀ ਛੱਡੋ।
demo-bad-postcode = ਇਹ ਯੂਕੇ ਦਾ ਪੋਸਟਕੋਡ ਨਹੀਂ ਹੈ। ਇਸ ਦੀ ਜਾਂਚ ਕਰੋ, ਜਿਵੇਂ LS1 4AP, ਜਾਂ ਖਾਲੀ ਛੱਡੋ।

## Time point suggestion (practitioner)
q-suggest-baseline = ਇਸ ਮਰੀਜ਼ ਦਾ ਇਸ ਪ੍ਰਸ਼ਨਾਵਲੀ 'ਤੇ ਪਹਿਲਾਂ ਦਾ ਕੋਈ ਜਵਾਬ ਨਹੀਂ: ਇਹ ਸ਼ੁਰੂਆਤ ਹੋਵੇਗੀ।
q-suggest-new-baseline = ਪਿਛਲਾ ਕੰਮ { $date } ਨੂੰ ਸ਼ੁਰੂ ਹੋਇਆ ਸੀ ਅਤੇ ਖਤਮ ਹੋ ਗਿਆ ਹੈ: ਇਹ ਨਵੀਂ ਸ਼ੁਰੂਆਤ ਹੋਵੇਗੀ।
q-suggest-follow-up = ਸ਼ੁਰੂਆਤ { $date } ਨੂੰ: ਇਹ ਫਾਲੋ-ਅੱਪ ਹੋਵੇਗਾ।
q-suggest-too-soon = ਸ਼ੁਰੂਆਤ { $date } ਨੂੰ, ਸਿਰਫ਼ { $days } ਦਿਨ ਪਹਿਲਾਂ: ਫਾਲੋ-ਅੱਪ ਲਈ ਘੱਟੋ-ਘੱਟ 14 ਦਿਨ ਚਾਹੀਦੇ ਹਨ, ਇਸ ਲਈ ਪੜਾਅ ਆਪਣੇ ਆਪ 'ਤੇ ਰੱਖਿਆ ਗਿਆ ਹੈ।

## Patient page (practitioner)
patient-earlier = ਪਹਿਲਾਂ ਦੇ ਜਵਾਬ
patient-start = ਪ੍ਰਸ਼ਨਾਵਲੀ ਸ਼ੁਰੂ ਕਰੋ
change-title = ਸ਼ੁਰੂਆਤ ਤੋਂ ਹੁਣ ਤੱਕ ਬਦਲਾਅ
change-since = { $date } ਦੀ ਸ਼ੁਰੂਆਤ ਤੋਂ: { $change }
change-improved = ਭਰੋਸੇਯੋਗ ਸੁਧਾਰ
change-deteriorated = ਭਰੋਸੇਯੋਗ ਵਿਗਾੜ
change-no-change = ਕੋਈ ਭਰੋਸੇਯੋਗ ਬਦਲਾਅ ਨਹੀਂ
change-no-threshold = ਇਸ ਮਾਪ ਲਈ ਭਰੋਸੇਯੋਗ ਬਦਲਾਅ ਦੀ ਕੋਈ ਹੱਦ ਨਹੀਂ
change-baseline-only = ਹੁਣ ਤੱਕ ਸਿਰਫ਼ ਸ਼ੁਰੂਆਤ
goals-title = ਟੀਚੇ (GAS)
goal-baseline = ਸ਼ੁਰੂ ਵਿੱਚ: { $level } ({ $text })।
goal-attainment = ਸਮੀਖਿਆ ਵੇਲੇ: { $level } ({ $text })।
goal-not-rated = ਅਜੇ ਸਮੀਖਿਆ ਨਹੀਂ ਹੋਈ।

## GAS goals (set with the patient)
gas-goal = ਟੀਚਾ { $number }
gas-description = ਟੀਚਾ, ਮਰੀਜ਼ ਦੇ ਆਪਣੇ ਸ਼ਬਦਾਂ ਵਿੱਚ
gas-level-minus-2 = -2: ਉਮੀਦ ਨਾਲੋਂ ਬਹੁਤ ਘੱਟ
gas-level-minus-1 = -1: ਉਮੀਦ ਨਾਲੋਂ ਘੱਟ
gas-level-0 = 0: ਉਮੀਦ ਮੁਤਾਬਕ ਨਤੀਜਾ (ਜਿਵੇਂ ਟੀਚਾ ਤੈਅ ਹੋਇਆ)
gas-level-plus-1 = +1: ਉਮੀਦ ਨਾਲੋਂ ਬਿਹਤਰ
gas-level-plus-2 = +2: ਉਮੀਦ ਨਾਲੋਂ ਬਹੁਤ ਬਿਹਤਰ
gas-now = ਮਰੀਜ਼ ਹੁਣ ਕਿੱਥੇ ਹੈ:
gas-now-some = -1: ਟੀਚੇ ਵੱਲ ਕੁਝ ਯੋਗਤਾ
gas-now-none = -2: ਅਜੇ ਕੋਈ ਯੋਗਤਾ ਨਹੀਂ
gas-importance = ਮਰੀਜ਼ ਲਈ ਮਹੱਤਤਾ (ਵਿਕਲਪਿਕ)
gas-difficulty = ਮੁਸ਼ਕਲ (ਵਿਕਲਪਿਕ)
gas-remove = ਇਹ ਟੀਚਾ ਹਟਾਓ
gas-add = ਇੱਕ ਹੋਰ ਟੀਚਾ ਜੋੜੋ
