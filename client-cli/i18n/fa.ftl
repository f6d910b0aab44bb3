# متن‌های برنامهٔ `sanctuary` برای گزارش‌دهنده، به فارسی.
# The reporter-facing text of the `sanctuary` command, in Persian. The English
# file (en.ftl) is the reference: same messages, same variables.
# Variables: $command is a command line to copy, shown as it is (on its own
# line, indented); $path a file name; $form is "words" or "digits" (how the
# receipt is written). Lists and wrapping are done by the program: write
# each message as one line unless it has a line break of its own.
# Numbers from the program are written with the digits 0-9, as in the
# receipt itself; this file does the same.
# Plural selects use the Persian categories: one, other (the noun after a
# number stays singular in Persian, so both often read the same).

## Writing and sending (نوشتن و فرستادن)

no-message = چیزی فرستاده نشد: پیامی وجود ندارد. پیام را با --message TEXT یا --message-file FILE بدهید، یا این فرمان را در یک پنجرهٔ ترمینال اجرا کنید تا از شما پرسیده شود.
report-empty = پیام شما خالی است. بنویسید چه اتفاقی افتاد، یا یک فایل پیوست کنید. چیزی فرستاده نشد.
report-confirm = این گزارش همین حالا فرستاده شود؟
cancelled-nothing-sent = لغو شد. چیزی فرستاده نشد.
answer-yes-or-no = لطفاً بله یا نه پاسخ دهید ({ $hint })، سپس Enter را بزنید.
report-not-sent = گزارش شما فرستاده نشد.
report-sent = گزارش شما فرستاده شد.
report-kept-headline = گزارش شما هنوز فرستاده نشده است. تا وقتی آن را بفرستید، به‌صورت رمزگذاری‌شده نگه داشته می‌شود (پایین را ببینید). رسید آن از همین حالا معتبر است:
report-kept-where = گزارش شما در { $path } نگه داشته شده است. رمزگذاری شده است: فقط واحد می‌تواند آن را بخواند. وقتی دوباره به اینترنت وصل شدید، آن را با این فرمان بفرستید:
    { $command }
how-to-check = برای خواندن پاسخ‌ها (چند روز دیگر دوباره سر بزنید):
    { $command }
how-to-check-replies = برای خواندن پاسخ‌ها:
    { $command }
stdin-receipt-and-message = ورودی استاندارد نمی‌تواند هم رسید و هم پیام شما را با هم بیاورد. رسید را با --receipt-file FILE بدهید، یا پیام را با --message یا --message-file.
follow-up-empty = پیام شما خالی است. چیزی فرستاده نشد.
follow-up-write = آنچه می‌خواهید به گزارش خود بیفزایید، به هر زبانی بنویسید.
    وقتی تمام شد، در یک خط خالی Enter را بزنید.
follow-up-confirm = این همین حالا فرستاده شود؟
follow-up-not-sent = پیام تکمیلی شما فرستاده نشد.
follow-up-kept = پیام تکمیلی شما هنوز فرستاده نشده است. به‌صورت رمزگذاری‌شده در { $path } نگه داشته شده است.
send-later = وقتی دوباره به اینترنت وصل شدید، آن را با این فرمان بفرستید:
    { $command }
follow-up-sent = پیام تکمیلی شما فرستاده شد و به گزارش شما افزوده شد.

## Ctrl-C

stopped-check = متوقف شد. چیزی تغییر نکرد؛ برای خواندن پاسخ‌ها همان فرمان را دوباره اجرا کنید.
cancelled-nothing-deleted = لغو شد. چیزی پاک نشد.

## Forgetting the mailbox (پاک کردن صندوق پاسخ)

forget-needs-yes = چیزی پاک نشد. برای پاک کردن بدون پرسش، --yes را اضافه کنید.
forget-explain = این کار پاسخ‌های واحد به شما را برای همیشه از سرور پاک می‌کند. دیگر نمی‌توانید آن‌ها را بخوانید، و واحد هم دیگر نمی‌تواند به شما پاسخ دهد. خود گزارش شما نزد واحد می‌ماند.
forget-confirm = همین حالا پاک شود؟
forget-refused = سرور نپذیرفت: این رسید با صندوق پاسخ مطابقت ندارد. چیزی پاک نشد.
nothing-deleted = چیزی پاک نشد.
forget-done = انجام شد. پاسخ‌ها به شما از سرور پاک شدند و پاسخ تازه‌ای نمی‌تواند برسد.
forget-after = گزارش شما نزد واحد می‌ماند. پیام تکمیلی‌ای که با این رسید فرستاده شود هنوز به واحد می‌رسد، اما واحد نمی‌تواند به آن پاسخ دهد. اگر دیگر به رسید خود نیازی ندارید، می‌توانید آن را از بین ببرید.

## The receipt screen (صفحهٔ رسید)

receipt-title = رسید شما: { $form ->
        [digits] 8 دسته عدد
       *[words] 12 واژه
    }
receipt-warning-write = { $form ->
        [digits] همین حالا این عددها را روی کاغذ بنویسید. کاغذ را در جای امن و پنهان نگه دارید.
       *[words] همین حالا این واژه‌ها را روی کاغذ بنویسید. کاغذ را در جای امن و پنهان نگه دارید.
    }
receipt-warning-only-way = این تنها راه بازگشت به گزارش شماست: برای خواندن پاسخ‌های واحد، یا افزودن مطلب. هیچ‌کس نمی‌تواند آن را برایتان بازیابی کند، نه پلیس و نه گردانندگان این سرویس.
receipt-warning-anyone = { $form ->
        [digits] هر کس این عددها را داشته باشد می‌تواند پاسخ‌ها به شما را بخواند.
       *[words] هر کس این واژه‌ها را داشته باشد می‌تواند پاسخ‌ها به شما را بخواند.
    }
receipt-on-stdout = خطی که در خروجی استاندارد نوشته شده، رسید شماست.
receipt-saved = رسید شما در { $path } هم ذخیره شد. هر کس این فایل را پیدا کند می‌تواند پاسخ‌ها به شما را بخواند: آن را در جای امنی نگه دارید، یا پس از این‌که { $form ->
        [digits] عددها
       *[words] واژه‌ها
    } را روی کاغذ نوشتید، پاکش کنید.

## Keeping a message that could not be sent, and `report send`
## ($kind is "report" or "follow-up")

keep-offer = { $kind ->
        [follow-up] پیام تکمیلی شما رمزگذاری شده و آماده است، اما نتوانست برسد.
       *[report] گزارش شما رمزگذاری شده و آماده است، اما نتوانست برسد.
    }
    می‌توانید آن را به‌صورت رمزگذاری‌شده در یک فایل روی این رایانه نگه دارید و بعداً با `sanctuary report send FILE` بفرستید (متن شما به شکل خواندنی در آن فایل نیست).
keep-confirm = در یک فایل نگه داشته شود؟
keep-file-name = یک نام برای فایل بنویسید (برای نمونه report.sanctuary) و Enter را بزنید:
send-not-ours = { $path } گزارشی نیست که `sanctuary report submit` یا `report follow-up` نگه داشته باشد. چیزی فرستاده نشد.
send-cannot-read = { $path } خوانده نشد.
send-other-unit = { $path } برای واحد دیگری ({ $unit }) نوشته شده است، نه { $given }. چیزی فرستاده نشد.
send-roster-changed = { $kind ->
        [follow-up] واحد پس از رمزگذاری این پیام تکمیلی، فهرست کارمندانش را تغییر داده است، پس دیگر نمی‌توان آن را همین‌طور رساند. چیزی فرستاده نشد. لطفاً آن را دوباره بنویسید (sanctuary report follow-up).
       *[report] واحد پس از رمزگذاری این گزارش، فهرست کارمندانش را تغییر داده است، پس دیگر نمی‌توان آن را همین‌طور رساند. چیزی فرستاده نشد. لطفاً آن را دوباره بنویسید (sanctuary report submit).
    }
send-roster-changed-now = { $kind ->
        [follow-up] واحد همین الان فهرست کارمندانش را تغییر داد، پس این پیام تکمیلی را دیگر نمی‌توان همین‌طور رساند. چیزی فرستاده نشد. لطفاً آن را دوباره بنویسید.
       *[report] واحد همین الان فهرست کارمندانش را تغییر داد، پس این گزارش را دیگر نمی‌توان همین‌طور رساند. چیزی فرستاده نشد. لطفاً آن را دوباره بنویسید.
    }
send-failed = { $kind ->
        [follow-up] پیام تکمیلی شما فرستاده نشد. { $path } نگه داشته شده است: بعداً دوباره امتحان کنید.
       *[report] گزارش شما فرستاده نشد. { $path } نگه داشته شده است: بعداً دوباره امتحان کنید.
    }
send-done = { $kind ->
        [follow-up] پیام تکمیلی شما فرستاده شد.
       *[report] گزارش شما فرستاده شد.
    }
send-deleted = دیگر به { $path } نیازی نیست و پاک شد.
send-delete-it = دیگر به { $path } نیازی نیست: می‌توانید آن را پاک کنید.
send-how-to-check = برای خواندن پاسخ‌ها (چند روز دیگر دوباره سر بزنید)، از رسیدی استفاده کنید که هنگام نوشتن آن گرفتید:
    { $command }

## The unit's form (پرسش‌های واحد)

form-intro = واحد اول چند پرسش می‌پرسد.
form-required = (الزامی)
form-type-number = یک عدد بنویسید و Enter را بزنید:
form-type-number-or-skip = یک عدد بنویسید و Enter را بزنید (یا برای رد شدن فقط Enter را بزنید):
form-enter-to-skip = (برای رد شدن Enter را بزنید)
form-no-answer = متوقف شد: پاسخی داده نشد. چیزی فرستاده نشد.
form-needs-answer = این پرسش پاسخ لازم دارد.
form-number-range = لطفاً عددی از 1 تا { $max } بنویسید.
form-answer-too-long = لطفاً حداکثر با { $max } نویسه پاسخ دهید؛ بقیه را می‌توانید در شرح ماجرا بگویید.
form-describe = حالا با کلمات خودتان و به هر زبانی، شرح دهید چه اتفاقی افتاد.
    هر قدر می‌خواهید بنویسید. وقتی تمام شد، در یک خط خالی Enter را بزنید.
form-nothing-written = متوقف شد: چیزی نوشته نشد. چیزی فرستاده نشد.
form-write-something = لطفاً اول چیزی بنویسید (یا برای توقف Ctrl+C را بزنید).
form-no-such-category = این واحد دسته‌ای به نام «{ $given }» ندارد. یکی از این‌ها را انتخاب کنید: { $choices }. چیزی فرستاده نشد.
form-category-length = نام دسته باید 1 تا 100 نویسه باشد. چیزی فرستاده نشد.

## Typing the receipt ($number is a word's or group's position)

receipt-file-unreadable = رسید شما از { $path } خوانده نشد. نام فایل را بررسی کنید.
receipt-stdin-unreadable = رسید شما از ورودی استاندارد خوانده نشد.
receipt-type = 12 واژهٔ رسید خود، یا 8 دسته عدد آن را بنویسید، با فاصله میان آن‌ها.
receipt-shown-while-typing = (هنگام نوشتن روی صفحه دیده می‌شوند: مطمئن شوید کسی صفحهٔ شما را نمی‌بیند. در پایان Enter را بزنید.)
receipt-hidden-while-typing = (هنگام نوشتن روی صفحه دیده نمی‌شوند. در پایان Enter را بزنید.)
receipt-prompt = رسید:
receipt-cannot-ask = اینجا نمی‌توان رسید شما را پرسید. از --receipt-file FILE استفاده کنید.
receipt-word-unknown = واژهٔ { $number }، «{ $word }»، از واژه‌های رسید نیست.
receipt-word-again = واژهٔ { $number } را دوباره بنویسید:
receipt-word-only = فقط واژهٔ { $number } را بنویسید، سپس Enter را بزنید.
receipt-word-still-wrong = واژهٔ { $number } رسید شما هنوز از واژه‌های رسید نیست. آن را با رسیدی که روی کاغذ نوشته‌اید مقایسه کنید و دوباره امتحان کنید.
receipt-check-word = آن را با رسیدی که روی کاغذ نوشته‌اید مقایسه کنید.
receipt-did-you-mean = منظورتان «{ $word }» بود؟
receipt-did-you-mean-one-of = منظورتان یکی از این‌ها بود: { $words }؟
receipt-none = رسیدی داده نشد. 12 واژهٔ رسید خود، یا 8 دسته عدد آن را بنویسید، با فاصله میان آن‌ها.
receipt-word-count = { $n ->
        [one] رسید 12 واژه دارد، اما فقط { $n } واژه داده شد. مطمئن شوید همهٔ واژه‌ها را دارید، با فاصله میان آن‌ها.
       *[other] رسید 12 واژه دارد، اما { $n } واژه داده شد. مطمئن شوید همهٔ واژه‌ها را دارید، با فاصله میان آن‌ها.
    }
receipt-word-of-receipt-unknown = واژهٔ { $number } رسید شما، «{ $word }»، از واژه‌های رسید نیست.
receipt-then-try-again = سپس دوباره امتحان کنید.
receipt-checksum = این 12 واژه همه واژه‌های واقعی رسید هستند، اما با هم جور نیستند: یکی از آن‌ها نادرست است، یا دو واژه جابه‌جا شده‌اند. هر واژه را با رسیدی که روی کاغذ نوشته‌اید مقایسه کنید و دوباره امتحان کنید.
receipt-mixed = این هم واژه دارد و هم عدد. یا 12 واژهٔ رسید را بنویسید، یا 8 دسته عدد آن را، نه هر دو را.
receipt-digit-count = { $n ->
        [one] رسیدی که با عدد نوشته شده 48 رقم دارد (8 دستهٔ 6 رقمی)، اما فقط { $n } رقم پیدا شد. مطمئن شوید همهٔ دسته‌ها و همهٔ رقم‌های هر دسته را دارید.
       *[other] رسیدی که با عدد نوشته شده 48 رقم دارد (8 دستهٔ 6 رقمی)، اما { $n } رقم پیدا شد. مطمئن شوید همهٔ دسته‌ها و همهٔ رقم‌های هر دسته را دارید.
    }
receipt-digit-group = دستهٔ { $number } عددها اشتباه دارد: آن را با کاغذتان مقایسه کنید. ممکن است یک رقم نادرست باشد، دو رقم جابه‌جا شده باشند، یا دسته‌ها به ترتیب نباشند. سپس دوباره امتحان کنید.
receipt-invalid = این رسید معتبری نیست: { $detail }.

## Checking that the server belongs to the unit (بررسی این‌که سرور متعلق به واحد است)

roster-invalid = سرورِ { $server } فهرست کارمندان معتبری نفرستاد. نشانی سرور را بررسی کنید.
roster-none = روی سرورِ { $server } هنوز هیچ واحدی راه‌اندازی نشده است، پس نمی‌تواند متعلق به واحد { $unit } باشد. چیزی فرستاده نشد. نشانی سرور را بررسی کنید.
roster-wrong-unit = به واحد دیگری خدمت می‌دهد
roster-bad-signature = فهرست کارمندانش را آن واحد امضا نکرده است
roster-expired = اعتبار فهرست کارمندان واحد در { $day } تمام شده است (واحد باید آن را تمدید کند)
roster-not-yet-valid = فهرست کارمندان واحد فقط از { $day } معتبر است (آیا تاریخ این رایانه درست است؟)
roster-unproven = سرور نتوانست ثابت کند که متعلق به واحد { $unit } است: { $reason }. چیزی فرستاده نشد.
roster-check-address = مطمئن شوید که نشانی سرور ({ $server }) و کد واحد دقیقاً همان‌هایی هستند که واحد منتشر کرده است. اگر همان‌ها هستند، ممکن است سرور جعلی باشد یا درست تنظیم نشده باشد: از آن استفاده نکنید.

## Reading replies ($n and $total count replies; $from is a caseworker's label)

check-forgotten = این صندوق پاسخ پاک شده است (با `sanctuary report forget`): سرور هیچ پاسخی برای شما نگه نمی‌دارد و واحد دیگر نمی‌تواند به شما پاسخ دهد.
check-forgotten-after = گزارش شما نزد واحد می‌ماند. هنوز می‌توانید پیام تکمیلی بفرستید؛ واحد می‌تواند آن را بخواند اما نمی‌تواند به آن پاسخ دهد.
check-wrong-thread = برای گزارش دیگری است
check-unknown-signer = هیچ‌کس از فهرست کنونی کارمندان واحد آن را امضا نکرده است
check-forged = امضای آن جعلی یا آسیب‌دیده است
check-newer-roster = واحد آن را با فهرست کارمندانی تازه‌تر از فهرستی که سرور به شما نشان داد نوشته است، پس سرور فهرستی قدیمی نشان می‌دهد (که ممکن است هنوز نام کسی را داشته باشد که واحد حذفش کرده). تا وقتی واحد این را بررسی نکرده، چیزی از راه این سرور نفرستید
check-unreadable = با رسید شما خوانده نشد (آسیب‌دیده است، یا پاسخ نیست)
check-unknown-problem = مشکل ناشناخته
check-no-replies = هنوز پاسخی نیامده است. واحدها اغلب چند روز بعد پاسخ می‌دهند.
check-again-later = یکی دو روز دیگر با همین رسید دوباره سر بزنید.
check-not-verified-file = پاسخ تأیید نشده است
check-reply-verified = پاسخ { $n } از { $total }، { $day }، از { $from } (تأییدشده: امضاشده توسط یکی از کارمندان واحد)
check-message-unverified = پیام { $n } از { $total }، { $day }: تأیید نشده: { $reason }.
check-reply-unverified = پاسخ { $n } از { $total }، { $day }، که ادعا می‌کند از { $from } است: تأیید نشده: { $reason }.
check-do-not-trust = به این پیام اعتماد نکنید و کاری را که می‌خواهد انجام ندهید: ممکن است از واحد نباشد.
check-files = فایل‌ها:
check-saved-to = در { $path } ذخیره شد
check-not-saved = ذخیره نشد ({ $reason })
check-how-to-download = برای دانلود آن‌ها، این فرمان را دوباره با --save-attachments FOLDER اجرا کنید.
# Added with protocol 2 (thread order): to be checked by a native speaker.
check-written = نوشته‌شده در { $day }
check-reply-missing = شاید پاسخی اینجا جا افتاده باشد. ممکن است سرور آن را نگه داشته باشد؛ بعداً دوباره سر بزنید.

## Reading the message, connecting, sending (خواندن پیام، اتصال، فرستادن)

message-file-unreadable = پیام شما از { $path } خوانده نشد (باید یک فایل متنی باشد). چیزی فرستاده نشد.
message-stdin-unreadable = پیام شما از ورودی استاندارد خوانده نشد. چیزی فرستاده نشد.
standard-input = ورودی استاندارد
message-input-too-long = پیام شما بیش از حد طولانی است (بیش از 2 MiB). آن را کوتاه کنید، یا به‌صورت فایل پیوست کنید. چیزی فرستاده نشد.
message-not-utf8 = پیام، متن UTF-8 نیست ({ $what }، بایت { $at })؛ چیزی فرستاده نشد. آن را با کدگذاری UTF-8 ذخیره کنید (بیشتر ویرایشگرها این را در «Save as» یا «Encoding» دارند) و دوباره امتحان کنید.
plain-http-warning = هشدار: نشانی این سرور با http:// شروع می‌شود، پس اتصال شما محافظت‌شده نیست. گزارش شما همچنان رمزگذاری‌شده می‌ماند، اما هر کس روی شبکه باشد می‌تواند ببیند که با این سرور تماس گرفته‌اید. بهتر است از نشانی https:// یا .onion استفاده کنید.
nothing-sent = چیزی فرستاده نشد.
connected = به «{ $name }» وصل شدید: سرور ثابت کرد که متعلق به این واحد است.
message-too-long = پیام شما برای فرستادن بیش از حد طولانی است (حداکثر حدود 1 MiB متن). آن را کوتاه کنید، یا بقیه را در یک فایل بگذارید و پیوست کنید.
message-not-encrypted = پیام شما رمزگذاری نشد: { $detail }.
retry-in = { $seconds ->
        [one] تلاش دوباره تا { $seconds } ثانیهٔ دیگر…
       *[other] تلاش دوباره تا { $seconds } ثانیهٔ دیگر…
    }
retry-ask = هنوز چیزی نرسیده است. همین حالا دوباره امتحان شود؟
stopped-delivered = متوقف شد. آنچه نوشتید رسید.
stopped-sending = هنگام فرستادن متوقف شد: چیزی نرسید. برای فرستادن، همان فرمان را دوباره اجرا کنید.
roster-changed-resealing = واحد همین الان فهرست کارمندانش را تغییر داد. رمزگذاری دوباره برای فهرست تازه…
file-too-large-now = { $path } برای این واحد بیش از حد بزرگ است: حداکثر { $max } برای هر فایل.
sending-file = فرستادن { $path } با نام { $name } ({ $size })…
stopped-upload-kept = بارگذاری متوقف شد. هنوز چیزی نرسیده است، اما آنچه از پرونده فرستاده شده دست‌کم تا یک روز نگه داشته می‌شود: همان فرمان را با همان پرونده دوباره اجرا کنید تا از همان جا ادامه یابد.
resuming-file = ادامهٔ فرستادن { $name }: { $done } از { $size } پیش‌تر رسیده بود.

## What the server answered (the program adds the server's code after these)

answered-http = با HTTP { $status } پاسخ داد
answered-http-with = با HTTP { $status } و { $kind } پاسخ داد
server-not-answering-properly = سرورِ { $server } الان درست پاسخ نمی‌دهد ({ $detail }): ممکن است خودش، یا پراکسی جلوی آن، از کار افتاده باشد. بعداً دوباره امتحان کنید؛ اگر ادامه داشت، نشانی را بررسی کنید.
not-https = اتصال امن (https) به { $server } برقرار نشد: آنچه آنجا پاسخ داد https نمی‌فهمد، یا گواهی آن برای این نشانی معتبر نیست. نشانی را بررسی کنید: سرور بدون https نشانی‌ای لازم دارد که با http:// شروع شود، و سرور https برای نام خود گواهی معتبر لازم دارد. چیزی فرستاده نشد. (جزئیات: { $detail }.)
not-sanctuary = این نشانی مانند یک سرور Sanctuary پاسخ نمی‌دهد: نشانی را بررسی کنید ({ $server }). چیزی فرستاده نشد. ({ $detail }.)
unreachable = به سرورِ { $server } دسترسی پیدا نشد ({ $reason }). نشانی و اتصال اینترنت خود را بررسی کنید، سپس دوباره امتحان کنید.
unreachable-proxy = شما از پراکسی استفاده می‌کنید: مطمئن شوید Tor (یا مرورگر Tor) در حال اجراست و نشانی --proxy درست است.
api-storage-full = سرور پر است و الان نمی‌تواند چیزی ذخیره کند. چند روز دیگر دوباره امتحان کنید، یا از راه دیگری با واحد تماس بگیرید.
api-overloaded = سرور شلوغ است. چند دقیقه صبر کنید و دوباره امتحان کنید.
api-no-unit = روی این سرور هنوز هیچ واحدی راه‌اندازی نشده است. نشانی سرور را بررسی کنید.
api-too-large = یک فایل بزرگ‌تر از حدی است که واحد می‌پذیرد.
api-roster-changed = واحد هنگام فرستادن، فهرست کارمندانش را تغییر داد. دوباره امتحان کنید.
api-unauthorized = سرور کلید شما را نپذیرفت: احتمالاً در فهرست کنونی کارمندان واحد نیستید. از مدیر واحد بخواهید کارت شما را اضافه کند و فهرست را دوباره منتشر کند.
api-stale-request = سرور درخواست را نپذیرفت، چون ساعت این رایانه بیش از 5 دقیقه اشتباه است، یا چون سرور چند لحظه پیش دوباره راه‌اندازی شده و این ساعت کمی عقب است. تاریخ و ساعت را بررسی کنید، سپس دوباره امتحان کنید.
api-replayed = سرور یک درخواست را دو بار دید. دوباره امتحان کنید.
api-bad-pow = سرور اثبات ضدسیل این برنامه را نپذیرفت (یک محاسبهٔ کوتاه پیش از فرستادن، تا فرستادن انبوه گزارش‌های خودکار برای فرستندگانش هزینه داشته باشد). چیزی نرسید. دوباره امتحان کنید؛ اگر ادامه داشت، ممکن است این برنامه با سرور هماهنگ نباشد: این برنامه را به‌روز کنید.
api-pow-expired = اثبات ضدسیل پیش از رسیدن به سرور منقضی شد (هر اثبات 10 دقیقه معتبر است). چیزی نرسید. دوباره امتحان کنید.
api-pow-reused = سرور این اثبات ضدسیل را قبلاً دیده بود. چیزی نرسید. دوباره امتحان کنید.
api-not-found = سرور آن را ندارد (ممکن است منقضی یا پاک شده باشد).
api-mailbox-forgotten = گزارش‌دهنده صندوق پاسخ خود را پاک کرده است: دیگر نمی‌تواند در این گفتگو پاسخ دریافت کند.
api-malformed = سرور داده‌ها را نادرست دانست و نپذیرفت ({ $detail }). احتمالاً این یک اشکال در این برنامه است: لطفاً آن را گزارش کنید.
api-refused = سرور درخواست را نپذیرفت: { $detail }

## Writing in a text editor (--editor) (نوشتن در ویرایشگر متن)

your-editor = ویرایشگر متن شما
editor-no-temp = ساختن یک فایل موقت خصوصی برای ویرایشگر متن ممکن نشد. چیزی فرستاده نشد.
editor-opening = ویرایشگر متن شما باز می‌شود ({ $command }). پیام خود را بنویسید، ذخیره کنید و برای ادامه ویرایشگر را ببندید.
editor-failed = ویرایشگر متن ({ $command }) درست به پایان نرسید. چیزی فرستاده نشد. متغیر EDITOR را روی ویرایشگری که استفاده می‌کنید تنظیم کنید، یا پیام خود را با --message-file FILE بنویسید.

## پیام‌هایی که بعداً اضافه شدند (نیاز به بازبینی گویشور بومی)

api-attachment-quota = سرور امروز بیشترین تعداد فایلی را که می‌توانست گرفته است. چیزی نرسید. پیامتان را اکنون بدون فایل‌ها بفرستید، یا فردا دوباره با فایل‌ها امتحان کنید.
answer-broken = هنگام خواندن پاسخ سرور، اتصال قطع شد. دوباره امتحان کنید.
answer-too-large = سرور پاسخی بزرگ‌تر از حد انتظار فرستاد؛ آن خوانده نشد.
answer-not-understood = سرور پاسخی فرستاد که این برنامه آن را نمی‌فهمد ({ $detail }). نشانی سرور را بررسی کنید.
proving = در حال اثبات اینکه این یک سیل خودکار نیست…
tries = { $n ->
        [one] { $n } تلاش
       *[other] { $n } تلاش
    }
pow-wrong-challenge = سرور برای چیزی غیر از آنچه خواسته شده بود چالش ضدسیل فرستاد. چیزی فرستاده نشد. نشانی سرور را بررسی کنید، یا دوباره امتحان کنید.

## Attached files (فایل‌های پیوست) (نیاز به بازبینی گویشور بومی)

attach-cannot-read = { $path } خوانده نشد. چیزی فرستاده نشد.
attach-cannot-read-more = { $path } خوانده نشد. چیز دیگری فرستاده نشد.
attach-not-found = فایل { $path } برای پیوست خوانده نشد. نام آن را بررسی کنید. چیزی فرستاده نشد.
attach-not-a-file = { $path } فایل نیست (شاید پوشه است؟). فایل‌ها را یکی‌یکی پیوست کنید. چیزی فرستاده نشد.
attach-too-many = { $max ->
        [one] این واحد در هر پیام حداکثر { $max } فایل می‌پذیرد، و شما { $given } فایل دادید. چیزی فرستاده نشد. بقیه را در یک پیام تکمیلی بفرستید (sanctuary report follow-up).
       *[other] این واحد در هر پیام حداکثر { $max } فایل می‌پذیرد، و شما { $given } فایل دادید. چیزی فرستاده نشد. بقیه را در یک پیام تکمیلی بفرستید (sanctuary report follow-up).
    }
attach-too-large = { $path } برای این واحد بیش از حد بزرگ است: حداکثر { $max } برای هر فایل، و اندازهٔ این فایل { $size } است. چیزی فرستاده نشد. نسخه‌ای کوچک‌تر یا کوتاه‌تر بفرستید، یا آن را به چند بخش تقسیم کنید.
attach-unreadable-kept = { $path }: بررسی اطلاعات پنهان آن ممکن نشد ({ $reason }). همان‌طور که خواستید (--keep-metadata)، بدون تغییر فرستاده می‌شود.
attach-unreadable-refused = بررسی اطلاعات پنهان { $path } ممکن نشد ({ $reason }). چیزی فرستاده نشد. نسخهٔ دیگری از فایل بفرستید، یا اگر می‌پذیرید که جزئیات پنهانی مانند یک مکان یا نام یک دستگاه فرستاده شود، از --keep-metadata استفاده کنید.
attach-plain-text = { $path }: یک فایل متنی ساده اطلاعات پنهان ندارد، اما بررسی کنید که خود متن هویت شما را فاش نکند. همان‌طور که هست فرستاده می‌شود.
attach-other-kind = { $path }: این نوع فایل ({ $media }) را نمی‌توان بررسی کرد. ممکن است اطلاعات پنهانی داشته باشد، مانند اینکه کجا یا کی ساخته شده، یا با چه دستگاهی. همان‌طور که هست فرستاده می‌شود.
attach-unchecked-kept = { $path }: بررسی اطلاعات پنهان آن ممکن نشد{ $why }. همان‌طور که هست فرستاده می‌شود، چون از --keep-metadata استفاده کردید.
attach-unchecked-refused = بررسی اطلاعات پنهان { $path } ممکن نشد{ $why }. ممکن است جزئیاتی مانند یک مکان، یک نام یا دستگاه استفاده‌شده در آن باشد. چیزی فرستاده نشد. نسخهٔ دیگری از فایل بفرستید (مثلاً یک اسکرین‌شات از آن)، یا با --keep-metadata آن را همان‌طور که هست بفرستید.
attach-nothing-found = { $path }: هیچ اطلاعات پنهانی پیدا نشد.
attach-found = { $path }: این فایل اطلاعات پنهانی دارد که ممکن است هویت شما را فاش کند:
attach-found-kept = فایل بدون تغییر فرستاده می‌شود، چون از --keep-metadata استفاده کردید.
attach-will-remove = این اطلاعات پیش از فرستادن پاک می‌شود. خود تصویر یا سند تغییر نمی‌کند.
attach-evidence-hint = (اگر این اطلاعات مدرک است، فایل را با --keep-metadata بفرستید.)
attach-cannot-remove = اطلاعات پنهان { $path } را نمی‌توان پاک کرد{ $why }. چیزی فرستاده نشد. نسخهٔ دیگری از فایل بفرستید (مثلاً یک اسکرین‌شات از آن)، یا اگر این اطلاعات مدرکی است که می‌خواهید به دست واحد برسد، از --keep-metadata استفاده کنید.
attach-clean-failed = اطلاعات پنهان { $path } پاک نشد ({ $reason }). چیزی فرستاده نشد. نسخهٔ دیگری از فایل بفرستید، یا با --keep-metadata آن را بدون تغییر بفرستید.
attach-changed = { $path } هنگام فرستادن تغییر کرد. هر برنامه‌ای را که در آن می‌نویسد ببندید، سپس دوباره امتحان کنید.
attach-not-encrypted = { $path } رمزگذاری نشد: { $reason }.
progress-sending = فرستادن { $name }
progress-downloading = دانلود { $name }
progress-time-left = { $eta } مانده

## What the check for hidden information found (آنچه بررسی اطلاعات پنهان پیدا کرد) (نیاز به بازبینی گویشور بومی)

found-quoted = { $label }: «{ $value }»
found-dated = { $label }: { $date }
found-gps = موقعیت GPS جایی که عکس گرفته شده است ({ $place })
found-gps-unreadable = موقعیت GPS جایی که عکس گرفته شده است (مقدار دقیق خوانا نیست)
found-other-camera-details = جزئیات دیگر دوربین ({ $n })
found-other-xmp-details = جزئیات پنهان دیگر در بلوک XMP ({ $n })
found-not-listed = { $n } مورد پنهان دیگر (در فهرست نیامده است)
found-trailing = داده‌های اضافی پنهان پس از پایان تصویر ({ $size })
found-trailing-jpeg = داده‌های اضافی پنهان پس از پایان تصویر ({ $size })، مانند تصویر دوم یا ویدیوی کوتاهی که می‌تواند مکان، تاریخ و جزئیات دوربین خودش را داشته باشد
found-unknown-png = داده‌های اضافی با کاربرد نامعلوم (بلوک PNG «{ $name }»)
found-unknown-webp = داده‌های اضافی با کاربرد نامعلوم (بلوک WebP «{ $name }»)
found-unknown-jpeg = داده‌های اضافی که دوربین یا یک برنامه افزوده است (بلوک JPEG APP{ $name })
found-text-note = یادداشت متنی «{ $keyword }»
found-text-note-value = یادداشت متنی «{ $keyword }»: «{ $value }»
found-unreadable-note = یادداشت متنی فشرده «{ $keyword }» که خوانده نشد
found-document-property = ویژگی سند «{ $name }»
found-document-property-value = ویژگی سند «{ $name }»: «{ $value }»
found-in-picture = تصویر درون سند: { $finding }
found-maker-notes = یادداشت‌های خصوصی سازندهٔ دوربین (ممکن است شمارهٔ سریال دوربین را داشته باشد)
found-unique-picture-number = شمارهٔ یکتای تصویر (می‌تواند نسخه‌های این تصویر را به هم پیوند دهد)
found-more-gps = جزئیات بیشتر GPS (مانند ارتفاع، جهت یا زمان)
found-gps-details = جزئیات GPS (مانند ارتفاع، جهت یا زمان)
found-camera-settings = تنظیمات دوربین (نوردهی، فوکوس، فلاش و مانند آن)
found-thumbnail = نسخهٔ پیش‌نمایش کوچک تصویر (ممکن است بخش‌هایی را که بریده شده‌اند نشان دهد)
found-unreadable-exif = بلوک اطلاعات دوربین (EXIF) که با جزئیات خوانده نشد؛ ممکن است مکان، تاریخ و دوربین را داشته باشد
found-unreadable-xmp = بلوک جزئیات پنهان (XMP) که با جزئیات خوانده نشد؛ ممکن است نام‌ها، مکان‌ها و تاریخ‌ها را داشته باشد
found-editing-history = تاریخچهٔ ویرایش (چه برنامه‌هایی فایل را تغییر داده‌اند، و کی)
found-document-numbers = شماره‌های یکتای سند (می‌تواند این فایل را به نسخهٔ اصلی روی دستگاه شما پیوند دهد)
found-source-files = ارجاع به فایل‌های دیگری که این فایل از آن‌ها ساخته شده است
found-editor-data = داده‌های خصوصی که برنامهٔ ویرایشگر سند ذخیره کرده است
found-damaged-picture = جزئیات پنهانی که نه خوانده شد و نه پاک شد (تصویر آسیب دیده است)
found-exif-as-text = اطلاعات دوربین (EXIF) که به‌صورت متن ذخیره شده است
found-xmp-as-text = بلوک جزئیات پنهان (XMP) که به‌صورت متن ذخیره شده است
found-photoshop-iptc = جزئیات Photoshop و IPTC (ممکن است نام‌ها، زیرنویس‌ها و مکان‌ها را داشته باشد)
found-extended-xmp = جزئیات پنهان بیشتر (XMP گسترش‌یافته)، که ممکن است نام‌ها، مکان‌ها و تاریخ‌ها را داشته باشد
found-picture-index = فهرست تصاویر اضافی ذخیره‌شده در فایل (مانند پیش‌نمایش‌ها یا نقشه‌های عمق)
found-content-credentials = سابقهٔ Content Credentials (ممکن است بگوید چه کسی، با چه دستگاه یا برنامه‌ای و کجا تصویر را ساخته است)
found-label-camera-make = سازندهٔ دوربین
found-label-camera-model = مدل دوربین
found-label-camera-serial-number = شمارهٔ سریال دوربین
found-label-lens-make = سازندهٔ لنز
found-label-lens-model = مدل لنز
found-label-lens-serial-number = شمارهٔ سریال لنز
found-label-computer-name = نام رایانه
found-label-device-used = دستگاه استفاده‌شده
found-label-photographer-name = نام عکاس (هنرمند)
found-label-author-name = نام نویسنده
found-label-camera-owner-name = نام مالک دوربین
found-label-copyright-holder = دارندهٔ حق نشر
found-label-rights-owner = مالک حقوق
found-label-contributor = همکار
found-label-publisher = ناشر
found-label-author-job-title = سمت نویسنده
found-label-caption-writer = نویسندهٔ زیرنویس
found-label-credit = اعتبار
found-label-author-contact = اطلاعات تماس نویسنده
found-label-note-author = نام کسی که یادداشت یا نشانه‌ای افزوده است
found-label-date = تاریخ
found-label-date-taken = تاریخ گرفتن عکس
found-label-date-digitised = تاریخ دیجیتال‌سازی
found-label-date-created = تاریخ ساخت
found-label-date-last-changed = تاریخ آخرین تغییر
found-label-details-last-changed = تاریخ آخرین تغییر جزئیات
found-label-note-added = تاریخ افزودن یادداشت یا نشانه
found-label-note-changed = تاریخ تغییر یادداشت یا نشانه
found-label-time-zone = منطقهٔ زمانی
found-label-software-used = نرم‌افزار استفاده‌شده
found-label-program-used = برنامهٔ استفاده‌شده
found-label-document-creator = برنامه‌ای که سند را ساخته است
found-label-pdf-producer = برنامه‌ای که PDF را تولید کرده است
found-label-city = شهر
found-label-region = منطقه
found-label-country = کشور
found-label-country-code = کد کشور
found-label-place = مکان
found-label-title = عنوان
found-label-subject = موضوع
found-label-description = توضیح
found-label-comment = نظر
found-label-keywords = کلیدواژه‌ها
found-label-headline = تیتر
found-label-instructions = دستورالعمل‌ها
found-label-source = منبع
found-label-document-name = نام سند
