# ٹیبلیٹ کی اپنی عبارت، اردو میں۔ سوالنامے کے سوال یہاں نہیں ہیں۔

## Sync bar
sync-waiting = { $count ->
    [one] { $count } جواب بھیجنا باقی ہے
   *[other] { $count } جواب بھیجنا باقی ہیں
}
sync-oldest = (سب سے پرانا { $time })
sync-sending = بھیجا جا رہا ہے…
sync-offline = انٹرنیٹ نہیں: اس ٹیبلیٹ پر محفوظ ہے
sync-all-sent = سب بھیج دیا گیا
sync-locked-waiting = بند ہے: مہر بند جواب بھیجے جا رہے ہیں
sync-later = کنکشن ملتے ہی بھیج دیا جائے گا
sync-last-sent = آخری بار بھیجا { $time }
sync-progress = بھیجنے کی پیش رفت
sync-attention = { $count } پر توجہ درکار ہے
lock = بند کریں

## PIN and lock screens
pin-unlock = کھولیں
pin-wrong = یہ PIN یا پاس فریز درست نہیں ہے۔
pin-wait = بہت زیادہ غلط PIN: { $seconds } سیکنڈ بعد دوبارہ کوشش کریں۔
locked-title = بند ہے
locked-kept = جوابات اس ٹیبلیٹ پر خفیہ طور پر محفوظ ہیں۔
locked-prompt = کھولنے کے لیے اپنا PIN یا پاس فریز لکھیں
kiosk-thanks = شکریہ
kiosk-hand-back = براہ کرم ٹیبلیٹ اسی شخص کو واپس دیں جس نے آپ کو دیا تھا۔
kiosk-prompt = پریکٹیشنر: کھولنے کے لیے اپنا PIN لکھیں

## Start screen
home-title = مریض کے سوالنامے
home-unfinished = نامکمل
home-role = پریکٹیشنر کا کردار:
home-choose-role = سوالنامہ شروع کرنے سے پہلے سیٹنگز میں اپنا پیشہ ورانہ کردار چنیں۔
home-questionnaires = سوالنامے
home-settings = سیٹنگز

## Questionnaire
q-language = زبان
q-nhs-number = NHS نمبر (اختیاری)
q-time-point = مرحلہ
q-time-automatic = خودکار
q-time-baseline = آغاز
q-time-review = جائزہ
q-time-final = آخری
q-start = شروع کریں
q-start-with-patient = مریض کے ساتھ شروع کریں
q-hand-over = ٹیبلیٹ مریض کو دیں
q-untranslated = اس سوالنامے کا { $language } میں کوئی تصدیق شدہ ترجمہ نہیں ہے۔ بٹن اور ہدایات { $language } میں ہیں؛ سوال { $original } میں رہیں گے۔ ضرورت ہو تو سوالوں میں مریض کی مدد کریں۔
q-progress = سوال { $number } از { $total }
q-back = پیچھے
q-next = آگے
q-skip = چھوڑ دیں
q-finish = ختم کریں
q-continue = جاری رکھیں
q-read-aloud = بلند آواز سے پڑھیں
q-stop-reading = پڑھنا بند کریں
q-no-voice = اس ٹیبلیٹ میں { $language } کی آواز نہیں ہے، اس لیے یہ اسے پڑھ کر نہیں سنا سکتا۔
q-auto-read = ہر سوال بلند آواز سے پڑھیں
q-easy-read = بڑا متن
q-other-tab = یہ سوالنامہ اس ایپ کے کسی اور ٹیب یا ونڈو میں کھلا ہے۔ وہیں جاری رکھیں؛ یہ نسخہ محفوظ نہیں ہوتا۔
q-not-available = یہ سوالنامہ اس ٹیبلیٹ پر دستیاب نہیں ہے۔
q-hand-back = شکریہ۔ براہ کرم ٹیبلیٹ اسی شخص کو واپس دیں جس نے آپ کو دیا تھا۔
q-i-am-practitioner = میں پریکٹیشنر ہوں
q-alert-prompt = پریکٹیشنر: انتباہ دیکھنے کے لیے اپنا PIN لکھیں
q-alert-title = خطرے کا انتباہ
q-alert-sent = جواب محفوظ ہو گیا ہے اور انتباہ اس کے ساتھ سرور کو بھیجا جاتا ہے۔
q-alert-seen = میں نے یہ انتباہ دیکھ لیا ہے
q-saved = شکریہ۔ آپ کے جوابات محفوظ ہو گئے ہیں۔
q-saved-detail = یہ اس ٹیبلیٹ پر محفوظ ہیں اور کنکشن ملتے ہی خود بخود بھیج دیے جائیں گے۔
q-scores = اسکور (پریکٹیشنر کے لیے)
q-done = مکمل

## Settings
settings-language = ایپ کی زبان

## Language names
lang-en = انگریزی
lang-ur = اردو
lang-ar = عربی
lang-pl = پولش
lang-pa = پنجابی
lang-bn = بنگالی
lang-ro = رومانین

## Demographics (caseload)
demo-title = مریض کے بارے میں (اختیاری)
demo-explain = صرف وہی پوچھیں جو مریض خوشی سے بتانا چاہے۔ اگر وہ جواب نہ دینا چاہیں تو خانہ خالی چھوڑ دیں یا "بتانا نہیں چاہتے" چنیں۔ پوسٹ کوڈ اس ٹیبلیٹ پر خفیہ طور پر رہتا ہے؛ یہ ایک بار بھیجا جاتا ہے تاکہ سرور علاقے کی محرومی کا درجہ معلوم کر سکے، اور سرور اسے محفوظ نہیں رکھتا۔
demo-birth-year = پیدائش کا سال
demo-sex = جنس
demo-gender = صنفی شناخت
demo-ethnic = نسلی گروہ
demo-postcode = گھر کا پوسٹ کوڈ
demo-not-asked = نہیں پوچھا گیا
demo-declined = بتانا نہیں چاہتے
demo-save = محفوظ کریں
demo-saved = محفوظ ہو گیا۔ یہ اس مریض کے اگلے سوالنامے کے ساتھ جائے گا۔
demo-bad-year = پیدائش کا سال چار ہندسوں میں لکھیں، مثلاً 1968، یا خالی چھوڑ دیں۔
demo-bad-postcode = یہ برطانیہ کا پوسٹ کوڈ نہیں ہے۔ اسے چیک کریں، مثلاً LS1 4AP، یا خالی چھوڑ دیں۔

## Time point suggestion (practitioner)
q-suggest-baseline = اس مریض کا اس سوالنامے پر پہلے کا کوئی جواب نہیں: یہ آغاز ہوگا۔
q-suggest-new-baseline = پچھلا کام { $date } کو شروع ہوا تھا اور ختم ہو چکا ہے: یہ نیا آغاز ہوگا۔
q-suggest-follow-up = آغاز { $date } کو: یہ فالو اپ ہوگا۔
q-suggest-too-soon = آغاز { $date } کو، صرف { $days } دن پہلے: فالو اپ کے لیے کم از کم 14 دن چاہییں، اس لیے مرحلہ خودکار رکھا گیا ہے۔

## Patient page (practitioner)
patient-earlier = پہلے کے جوابات
patient-start = سوالنامہ شروع کریں
change-title = آغاز سے اب تک تبدیلی
change-since = { $date } کے آغاز سے: { $change }
change-improved = قابل اعتماد بہتری
change-deteriorated = قابل اعتماد بگاڑ
change-no-change = کوئی قابل اعتماد تبدیلی نہیں
change-no-threshold = اس پیمانے کے لیے قابل اعتماد تبدیلی کی کوئی حد نہیں
change-baseline-only = ابھی تک صرف آغاز
goals-title = اہداف (GAS)
goal-baseline = شروع میں: { $level } ({ $text })۔
goal-attainment = جائزے پر: { $level } ({ $text })۔
goal-not-rated = ابھی جائزہ نہیں ہوا۔

## GAS goals (set with the patient)
gas-goal = ہدف { $number }
gas-description = ہدف، مریض کے اپنے الفاظ میں
gas-level-minus-2 = ‎-2: توقع سے بہت کم
gas-level-minus-1 = ‎-1: توقع سے کم
gas-level-0 = 0: متوقع نتیجہ (طے شدہ ہدف)
gas-level-plus-1 = ‎+1: توقع سے بہتر
gas-level-plus-2 = ‎+2: توقع سے بہت بہتر
gas-now = مریض ابھی کہاں ہے:
gas-now-some = ‎-1: ہدف کی طرف کچھ صلاحیت
gas-now-none = ‎-2: ابھی کوئی صلاحیت نہیں
gas-importance = مریض کے لیے اہمیت (اختیاری)
gas-difficulty = مشکل (اختیاری)
gas-remove = یہ ہدف ہٹائیں
gas-add = ایک اور ہدف شامل کریں
