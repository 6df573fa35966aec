# ট্যাবলেটের নিজের লেখা, বাংলায়। প্রশ্নাবলীর প্রশ্ন এখানে নেই।

## Sync bar
sync-waiting = { $count ->
    [one] { $count }টি উত্তর পাঠানো বাকি
   *[other] { $count }টি উত্তর পাঠানো বাকি
}
sync-oldest = (সবচেয়ে পুরনো { $time })
sync-sending = পাঠানো হচ্ছে…
sync-offline = ইন্টারনেট নেই: এই ট্যাবলেটে নিরাপদে রাখা আছে
sync-all-sent = সব পাঠানো হয়েছে
sync-locked-waiting = লক করা: সিল করা উত্তর পাঠানো হচ্ছে
sync-later = সংযোগ পেলেই পাঠানো হবে
sync-last-sent = শেষ পাঠানো হয়েছে { $time }
sync-progress = পাঠানোর অগ্রগতি
sync-attention = { $count }টিতে মনোযোগ দরকার
lock = লক করুন

## PIN and lock screens
pin-unlock = খুলুন
pin-wrong = এই PIN বা পাসফ্রেজ ঠিক নয়।
pin-wait = অনেকবার ভুল PIN: { $seconds } সেকেন্ড পরে আবার চেষ্টা করুন।
locked-title = লক করা
locked-kept = উত্তরগুলো এই ট্যাবলেটে এনক্রিপ্ট করে রাখা আছে।
locked-prompt = খুলতে আপনার PIN বা পাসফ্রেজ লিখুন
kiosk-thanks = ধন্যবাদ
kiosk-hand-back = অনুগ্রহ করে ট্যাবলেটটি যিনি আপনাকে দিয়েছেন তাঁকে ফেরত দিন।
kiosk-prompt = প্র্যাকটিশনার: খুলতে আপনার PIN লিখুন

## Start screen
home-title = রোগীর প্রশ্নাবলী
home-unfinished = অসম্পূর্ণ
home-role = প্র্যাকটিশনারের ভূমিকা:
home-choose-role = প্রশ্নাবলী শুরু করার আগে সেটিংসে আপনার পেশাগত ভূমিকা বেছে নিন।
home-questionnaires = প্রশ্নাবলী
home-settings = সেটিংস

## Questionnaire
q-language = ভাষা
q-nhs-number = NHS নম্বর (ঐচ্ছিক)
q-time-point = পর্যায়
q-time-automatic = স্বয়ংক্রিয়
q-time-baseline = শুরু
q-time-review = পর্যালোচনা
q-time-final = শেষ
q-start = শুরু করুন
q-start-with-patient = রোগীর সাথে শুরু করুন
q-hand-over = ট্যাবলেটটি রোগীকে দিন
q-untranslated = এই প্রশ্নাবলীর { $language } ভাষায় কোনো যাচাই করা অনুবাদ নেই। বোতাম ও সাহায্য { $language } ভাষায়; প্রশ্নগুলো { $original } ভাষায় থাকবে। দরকার হলে প্রশ্নগুলোতে রোগীকে সাহায্য করুন।
q-progress = প্রশ্ন { $number } / { $total }
q-back = পিছনে
q-next = পরবর্তী
q-skip = বাদ দিন
q-finish = শেষ করুন
q-continue = চালিয়ে যান
q-read-aloud = জোরে পড়ে শোনান
q-stop-reading = পড়া থামান
q-no-voice = এই ট্যাবলেটে { $language } ভাষার কোনো কণ্ঠ নেই, তাই এটি জোরে পড়ে শোনাতে পারবে না।
q-auto-read = প্রতিটি প্রশ্ন জোরে পড়ে শোনান
q-easy-read = বড় লেখা
q-other-tab = এই প্রশ্নাবলীটি এই অ্যাপের অন্য একটি ট্যাব বা উইন্ডোতে খোলা আছে। সেখানে চালিয়ে যান; এই কপিটি সংরক্ষিত হয় না।
q-not-available = এই প্রশ্নাবলীটি এই ট্যাবলেটে পাওয়া যায় না।
q-hand-back = ধন্যবাদ। অনুগ্রহ করে ট্যাবলেটটি যিনি আপনাকে দিয়েছেন তাঁকে ফেরত দিন।
q-i-am-practitioner = আমি প্র্যাকটিশনার
q-alert-prompt = প্র্যাকটিশনার: সতর্কবার্তা দেখতে আপনার PIN লিখুন
q-alert-title = ঝুঁকির সতর্কবার্তা
q-alert-sent = উত্তরটি সংরক্ষিত হয়েছে এবং সতর্কবার্তাটি এর সাথে সার্ভারে পাঠানো হয়।
q-alert-seen = আমি এই সতর্কবার্তা দেখেছি
q-saved = ধন্যবাদ। আপনার উত্তরগুলো সংরক্ষিত হয়েছে।
q-saved-detail = এগুলো এই ট্যাবলেটে নিরাপদে রাখা আছে এবং সংযোগ পেলেই নিজে থেকে পাঠানো হবে।
q-scores = স্কোর (প্র্যাকটিশনারের জন্য)
q-done = হয়ে গেছে

## Settings
settings-language = অ্যাপের ভাষা

## Language names
lang-en = ইংরেজি
lang-ur = উর্দু
lang-ar = আরবি
lang-pl = পোলিশ
lang-pa = পাঞ্জাবি
lang-bn = বাংলা
lang-ro = রোমানিয়ান

## Demographics (caseload)
demo-title = রোগী সম্পর্কে (ঐচ্ছিক)
demo-explain = রোগী যা বলতে স্বচ্ছন্দ, শুধু সেটুকুই জিজ্ঞেস করুন। উত্তর দিতে না চাইলে ঘরটি খালি রাখুন বা "বলতে চাই না" বেছে নিন। পোস্টকোড এই ট্যাবলেটে এনক্রিপ্ট করে রাখা থাকে; এলাকার বঞ্চনার দশমাংশ বের করতে এটি সার্ভারে একবার পাঠানো হয়, আর সার্ভার এটি রাখে না।
demo-birth-year = জন্মের বছর
demo-sex = লিঙ্গ
demo-gender = লিঙ্গ পরিচয়
demo-ethnic = জাতিগত গোষ্ঠী
demo-postcode = বাড়ির পোস্টকোড
demo-not-asked = জিজ্ঞেস করা হয়নি
demo-declined = বলতে চাই না
demo-save = সংরক্ষণ করুন
demo-saved = সংরক্ষিত হয়েছে। এটি এই রোগীর পরের প্রশ্নাবলীর সাথে যাবে।
demo-bad-year = জন্মের বছর চার অঙ্কে লিখুন, যেমন 1968, অথবা খালি রাখুন।
demo-bad-postcode = এটি যুক্তরাজ্যের পোস্টকোড নয়। যাচাই করুন, যেমন LS1 4AP, অথবা খালি রাখুন।

## Time point suggestion (practitioner)
q-suggest-baseline = এই প্রশ্নাবলীতে এই রোগীর আগের কোনো উত্তর নেই: এটি হবে শুরুর মাপ।
q-suggest-new-baseline = আগের কাজ { $date } তারিখে শুরু হয়ে শেষ হয়েছে: এটি হবে নতুন শুরুর মাপ।
q-suggest-follow-up = শুরুর মাপ { $date } তারিখে: এটি হবে ফলো-আপ।
q-suggest-too-soon = শুরুর মাপ { $date } তারিখে, মাত্র { $days } দিন আগে: ফলো-আপের জন্য অন্তত 14 দিন লাগে, তাই পর্যায়টি স্বয়ংক্রিয় রাখা হয়েছে।

## Patient page (practitioner)
patient-earlier = আগের উত্তর
patient-start = প্রশ্নাবলী শুরু করুন
change-title = শুরু থেকে পরিবর্তন
change-since = { $date } তারিখের শুরু থেকে: { $change }
change-improved = নির্ভরযোগ্য উন্নতি
change-deteriorated = নির্ভরযোগ্য অবনতি
change-no-change = নির্ভরযোগ্য পরিবর্তন নেই
change-no-threshold = এই মাপের জন্য নির্ভরযোগ্য পরিবর্তনের কোনো সীমা নেই
change-baseline-only = এখন পর্যন্ত শুধু শুরুর মাপ
goals-title = লক্ষ্য (GAS)
goal-baseline = শুরুতে: { $level } ({ $text })।
goal-attainment = পর্যালোচনায়: { $level } ({ $text })।
goal-not-rated = এখনও পর্যালোচনা হয়নি।

## GAS goals (set with the patient)
gas-goal = লক্ষ্য { $number }
gas-description = লক্ষ্য, রোগীর নিজের কথায়
gas-level-minus-2 = -2: প্রত্যাশার চেয়ে অনেক কম
gas-level-minus-1 = -1: প্রত্যাশার চেয়ে কম
gas-level-0 = 0: প্রত্যাশিত ফল (যেমন লক্ষ্য ঠিক হয়েছে)
gas-level-plus-1 = +1: প্রত্যাশার চেয়ে ভালো
gas-level-plus-2 = +2: প্রত্যাশার চেয়ে অনেক ভালো
gas-now = রোগী এখন কোথায়:
gas-now-some = -1: লক্ষ্যের দিকে কিছুটা সক্ষমতা
gas-now-none = -2: এখনও কোনো সক্ষমতা নেই
gas-importance = রোগীর কাছে গুরুত্ব (ঐচ্ছিক)
gas-difficulty = কঠিনতা (ঐচ্ছিক)
gas-remove = এই লক্ষ্যটি সরান
gas-add = আরেকটি লক্ষ্য যোগ করুন
