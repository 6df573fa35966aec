# نصوص الجهاز اللوحي نفسه باللغة العربية. أسئلة الاستبيانات ليست هنا.

## Sync bar
sync-waiting = { $count ->
    [zero] لا توجد ردود في الانتظار
    [one] رد واحد في الانتظار
    [two] ردّان في الانتظار
    [few] { $count } ردود في الانتظار
   *[other] { $count } ردًا في الانتظار
}
sync-oldest = (الأقدم { $time })
sync-sending = جارٍ الإرسال…
sync-offline = لا يوجد اتصال: محفوظ بأمان على هذا الجهاز
sync-all-sent = أُرسل كل شيء
sync-locked-waiting = مقفل: تُرسل الردود المختومة
sync-later = سيُرسل عند توفر الاتصال
sync-last-sent = آخر إرسال { $time }
sync-progress = تقدم الإرسال
sync-attention = { $count } تحتاج إلى مراجعة
lock = قفل

## PIN and lock screens
pin-unlock = فتح
pin-wrong = رمز PIN أو عبارة المرور غير صحيحة.
pin-wait = محاولات خاطئة كثيرة: حاول مرة أخرى بعد { $seconds } ثانية.
locked-title = مقفل
locked-kept = الردود محفوظة مشفّرة على هذا الجهاز.
locked-prompt = أدخل رمز PIN أو عبارة المرور للفتح
kiosk-thanks = شكرًا لك
kiosk-hand-back = يُرجى إعادة الجهاز إلى الشخص الذي أعطاك إياه.
kiosk-prompt = للممارس: أدخل رمز PIN للفتح

## Start screen
home-title = استبيانات المرضى
home-unfinished = غير مكتملة
home-role = دور الممارس:
home-choose-role = اختر دورك المهني في الإعدادات قبل بدء استبيان.
home-questionnaires = الاستبيانات
home-settings = الإعدادات

## Questionnaire
q-language = اللغة
q-nhs-number = رقم NHS (اختياري)
q-time-point = المرحلة
q-time-automatic = تلقائي
q-time-baseline = البداية
q-time-review = مراجعة
q-time-final = نهائي
q-start = ابدأ
q-start-with-patient = ابدأ مع المريض
q-hand-over = أعطِ الجهاز للمريض
q-untranslated = لا توجد ترجمة معتمدة لهذا الاستبيان باللغة { $language }. الأزرار والإرشادات باللغة { $language }، أما الأسئلة فتبقى باللغة { $original }. ساعد المريض في الأسئلة عند الحاجة.
q-progress = السؤال { $number } من { $total }
q-back = رجوع
q-next = التالي
q-skip = تخطٍّ
q-finish = إنهاء
q-continue = متابعة
q-read-aloud = اقرأ بصوت عالٍ
q-stop-reading = أوقف القراءة
q-no-voice = لا يوجد على هذا الجهاز صوت للغة { $language }، لذا لا يمكنه قراءة هذا بصوت عالٍ.
q-auto-read = اقرأ كل سؤال بصوت عالٍ
q-easy-read = نص أكبر
q-other-tab = هذا الاستبيان مفتوح في علامة تبويب أو نافذة أخرى من هذا التطبيق. تابع هناك؛ هذه النسخة لا تُحفظ.
q-not-available = هذا الاستبيان غير متاح على هذا الجهاز.
q-hand-back = شكرًا لك. يُرجى إعادة الجهاز إلى الشخص الذي أعطاك إياه.
q-i-am-practitioner = أنا الممارس
q-alert-prompt = للممارس: أدخل رمز PIN لرؤية التنبيه
q-alert-title = تنبيه خطر
q-alert-sent = حُفظ الرد ويُرسل التنبيه معه إلى الخادم.
q-alert-seen = لقد اطلعت على هذا التنبيه
q-saved = شكرًا لك. حُفظت إجاباتك.
q-saved-detail = إنها محفوظة بأمان على هذا الجهاز وتُرسل تلقائيًا عند توفر الاتصال.
q-scores = الدرجات (للممارس)
q-done = تم

## Settings
settings-language = لغة التطبيق

## Language names
lang-en = الإنجليزية
lang-ur = الأردية
lang-ar = العربية
lang-pl = البولندية
lang-pa = البنجابية
lang-bn = البنغالية
lang-ro = الرومانية

## Demographics (caseload)
demo-title = عن المريض (اختياري)
demo-explain = اسأل فقط عمّا يرغب المريض في قوله. اترك الخانة فارغة أو اختر "أفضّل عدم القول" إذا لم يرغب في الإجابة. يبقى الرمز البريدي على هذا الجهاز مشفّرًا؛ ويُرسل مرة واحدة ليحدد الخادم عُشير الحرمان في المنطقة، ولا يحتفظ به الخادم.
demo-birth-year = سنة الميلاد
demo-sex = الجنس
demo-gender = الهوية الجندرية
demo-ethnic = المجموعة العرقية
demo-postcode = الرمز البريدي للمنزل
demo-not-asked = لم يُسأل
demo-declined = أفضّل عدم القول
demo-save = حفظ
demo-saved = حُفظ. سيُرسل مع الاستبيان التالي لهذا المريض.
demo-bad-year = أدخل سنة الميلاد بأربعة أرقام، مثل 1968، أو اتركها فارغة.
demo-bad-postcode = هذا ليس رمزًا بريديًا في المملكة المتحدة. تحقق منه، مثل LS1 4AP، أو اتركه فارغًا.

## Time point suggestion (practitioner)
q-suggest-baseline = لا توجد ردود سابقة لهذا المريض على هذا الاستبيان: سيكون هذا هو البداية.
q-suggest-new-baseline = بدأ العمل السابق في { $date } وانتهى: سيكون هذا بداية جديدة.
q-suggest-follow-up = البداية في { $date }: سيكون هذا متابعة.
q-suggest-too-soon = البداية في { $date }، قبل { $days } يومًا فقط: تحتاج المتابعة إلى 14 يومًا على الأقل، لذا تُركت المرحلة تلقائية.

## Patient page (practitioner)
patient-earlier = الردود السابقة
patient-start = ابدأ استبيانًا
change-title = التغيّر منذ البداية
change-since = منذ البداية في { $date }: { $change }
change-improved = تحسّن موثوق
change-deteriorated = تدهور موثوق
change-no-change = لا تغيّر موثوق
change-no-threshold = لا يوجد حدّ للتغيّر الموثوق لهذا المقياس
change-baseline-only = البداية فقط حتى الآن
goals-title = الأهداف (GAS)
goal-baseline = في البداية: { $level } ({ $text }).
goal-attainment = عند المراجعة: { $level } ({ $text }).
goal-not-rated = لم تُراجع بعد.

## GAS goals (set with the patient)
gas-goal = الهدف { $number }
gas-description = الهدف بكلمات المريض
gas-level-minus-2 = ‎-2: أقل بكثير من المتوقع
gas-level-minus-1 = ‎-1: أقل من المتوقع
gas-level-0 = 0: النتيجة المتوقعة (الهدف كما اتُّفق عليه)
gas-level-plus-1 = ‎+1: أفضل من المتوقع
gas-level-plus-2 = ‎+2: أفضل بكثير من المتوقع
gas-now = أين المريض الآن:
gas-now-some = ‎-1: بعض القدرة نحو الهدف
gas-now-none = ‎-2: لا قدرة بعد
gas-importance = الأهمية للمريض (اختياري)
gas-difficulty = الصعوبة (اختياري)
gas-remove = احذف هذا الهدف
gas-add = أضف هدفًا آخر
