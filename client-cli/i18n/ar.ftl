# نصوص برنامج `sanctuary` الموجّهة إلى المُبلِّغ، بالعربية الفصحى.
# The reporter-facing text of the `sanctuary` command, in Arabic. The English
# file (en.ftl) is the reference: same messages, same variables.
# Variables: $command is a command line to copy, shown as it is (on its own
# line, indented); $path a file name; $form is "words" or "digits" (how the
# receipt is written). Lists and wrapping are done by the program: write
# each message as one line unless it has a line break of its own.
# Numbers from the program are written with the digits 0-9, as in the
# receipt itself; this file does the same.
# Plural selects use the Arabic categories: zero, one, two, few, many, other.

## Writing and sending (كتابة البلاغ وإرساله)

no-message = لم يُرسَل أي شيء: لا توجد رسالة. اكتبها مع --message TEXT أو --message-file FILE، أو شغّل هذا الأمر في نافذة الطرفية ليطلبها منك.
report-empty = رسالتك فارغة. اكتب ما حدث، أو أضف ملفًا. لم يُرسَل أي شيء.
report-confirm = هل ترسل هذا البلاغ الآن؟
cancelled-nothing-sent = أُلغي. لم يُرسَل أي شيء.
answer-yes-or-no = من فضلك أجب بنعم أو لا ({ $hint })، ثم اضغط Enter.
report-not-sent = لم يُرسَل بلاغك.
report-sent = أُرسِل بلاغك.
report-kept-headline = بلاغك لم يُرسَل بعد. إنه محفوظ، مشفّرًا، حتى ترسله (انظر أدناه). إيصاله صالح من الآن:
report-kept-where = بلاغك محفوظ في { $path }. إنه مشفّر: لا يستطيع قراءته إلا الوحدة. عندما تتصل بالإنترنت من جديد، أرسله بهذا الأمر:
    { $command }
how-to-check = لقراءة الردود (تحقق مرة أخرى بعد بضعة أيام):
    { $command }
how-to-check-replies = لقراءة الردود:
    { $command }
stdin-receipt-and-message = لا يمكن أن يحمل الإدخال القياسي إيصالك ورسالتك معًا. أعطِ الإيصال مع --receipt-file FILE، أو الرسالة مع --message أو --message-file.
follow-up-empty = رسالتك فارغة. لم يُرسَل أي شيء.
follow-up-write = اكتب ما تريد إضافته إلى بلاغك، بأي لغة.
    عندما تنتهي، اضغط Enter على سطر فارغ.
follow-up-confirm = هل ترسل هذا الآن؟
follow-up-not-sent = لم تُرسَل رسالتك الإضافية.
follow-up-kept = رسالتك الإضافية لم تُرسَل بعد. إنها محفوظة، مشفّرة، في { $path }.
send-later = عندما تتصل بالإنترنت من جديد، أرسلها بهذا الأمر:
    { $command }
follow-up-sent = أُرسِلت رسالتك الإضافية، وأُضيفت إلى بلاغك.

## Ctrl-C

stopped-check = توقّف البرنامج. لم يتغير أي شيء؛ شغّل الأمر نفسه لقراءة ردودك.
cancelled-nothing-deleted = أُلغي. لم يُحذف أي شيء.

## Forgetting the mailbox (حذف صندوق الردود)

forget-needs-yes = لم يُحذف أي شيء. للحذف دون سؤال، أضف --yes.
forget-explain = هذا يحذف ردود الوحدة إليك من الخادم نهائيًا. لن تستطيع قراءتها مرة أخرى، ولن تستطيع الوحدة الرد عليك بعد ذلك. بلاغك نفسه يبقى لدى الوحدة.
forget-confirm = هل تحذف الآن؟
forget-refused = رفض الخادم: هذا الإيصال لا يطابق صندوق الردود. لم يُحذف أي شيء.
nothing-deleted = لم يُحذف أي شيء.
forget-done = تم. حُذفت الردود إليك من الخادم، ولن تصل ردود جديدة.
forget-after = بلاغك يبقى لدى الوحدة. الرسالة الإضافية التي تُرسَل بهذا الإيصال ستصل إلى الوحدة، لكنها لن تستطيع الرد عليها. إن لم تعد بحاجة إلى إيصالك، يمكنك إتلافه.

## The receipt screen (شاشة الإيصال)

receipt-title = إيصالك: { $form ->
        [digits] 8 مجموعات من الأرقام
       *[words] 12 كلمة
    }
receipt-warning-write = { $form ->
        [digits] اكتب هذه الأرقام الآن على ورقة. احفظ الورقة في مكان آمن ومخفي.
       *[words] اكتب هذه الكلمات الآن على ورقة. احفظ الورقة في مكان آمن ومخفي.
    }
receipt-warning-only-way = إنها الطريقة الوحيدة للعودة إلى بلاغك: لقراءة ردود الوحدة، أو لإضافة شيء. لا أحد يستطيع استعادتها لك، لا الشرطة ولا من يدير هذه الخدمة.
receipt-warning-anyone = { $form ->
        [digits] كل من يملك هذه الأرقام يستطيع قراءة الردود إليك.
       *[words] كل من يملك هذه الكلمات يستطيع قراءة الردود إليك.
    }
receipt-on-stdout = السطر المكتوب في المخرج القياسي هو إيصالك.
receipt-saved = حُفظ إيصالك أيضًا في { $path }. كل من يجد هذا الملف يستطيع قراءة الردود إليك: احفظه في مكان آمن، أو احذفه بعد أن تكتب { $form ->
        [digits] الأرقام
       *[words] الكلمات
    } على ورقة.

## Keeping a message that could not be sent, and `report send`
## ($kind is "report" or "follow-up")

keep-offer = { $kind ->
        [follow-up] رسالتك الإضافية مشفّرة وجاهزة، لكن تعذّر إيصالها.
       *[report] بلاغك مشفّر وجاهز، لكن تعذّر إيصاله.
    }
    يمكنك حفظه، مشفّرًا، في ملف على هذا الحاسوب، وإرساله لاحقًا بالأمر `sanctuary report send FILE` (نصّك ليس في هذا الملف بشكل مقروء).
keep-confirm = هل تحفظه في ملف؟
keep-file-name = اكتب اسمًا للملف (مثلًا report.sanctuary) واضغط Enter:
send-not-ours = { $path } ليس بلاغًا محفوظًا بالأمر `sanctuary report submit` أو `report follow-up`. لم يُرسَل أي شيء.
send-cannot-read = تعذّرت قراءة { $path }.
send-other-unit = { $path } كُتب لوحدة أخرى ({ $unit })، لا للوحدة { $given }. لم يُرسَل أي شيء.
send-roster-changed = { $kind ->
        [follow-up] غيّرت الوحدة قائمة موظفيها بعد تشفير هذه الرسالة الإضافية، لذلك لم يعد ممكنًا إيصالها كما هي. لم يُرسَل أي شيء. من فضلك اكتبها من جديد (sanctuary report follow-up).
       *[report] غيّرت الوحدة قائمة موظفيها بعد تشفير هذا البلاغ، لذلك لم يعد ممكنًا إيصاله كما هو. لم يُرسَل أي شيء. من فضلك اكتبه من جديد (sanctuary report submit).
    }
send-roster-changed-now = { $kind ->
        [follow-up] غيّرت الوحدة قائمة موظفيها للتو، لذلك لم يعد ممكنًا إيصال هذه الرسالة الإضافية كما هي. لم يُرسَل أي شيء. من فضلك اكتبها من جديد.
       *[report] غيّرت الوحدة قائمة موظفيها للتو، لذلك لم يعد ممكنًا إيصال هذا البلاغ كما هو. لم يُرسَل أي شيء. من فضلك اكتبه من جديد.
    }
send-failed = { $kind ->
        [follow-up] لم تُرسَل رسالتك الإضافية. الملف { $path } ما زال محفوظًا: حاول مرة أخرى لاحقًا.
       *[report] لم يُرسَل بلاغك. الملف { $path } ما زال محفوظًا: حاول مرة أخرى لاحقًا.
    }
send-done = { $kind ->
        [follow-up] أُرسِلت رسالتك الإضافية.
       *[report] أُرسِل بلاغك.
    }
send-deleted = لم تعد بحاجة إلى { $path }، وقد حُذف.
send-delete-it = لم تعد بحاجة إلى { $path }: يمكنك حذفه.
send-how-to-check = لقراءة الردود (تحقق مرة أخرى بعد بضعة أيام)، استخدم الإيصال الذي حصلت عليه عندما كتبته:
    { $command }

## The unit's form (أسئلة الوحدة)

form-intro = تطرح الوحدة بعض الأسئلة أولًا.
form-required = (مطلوب)
form-type-number = اكتب رقمًا واضغط Enter:
form-type-number-or-skip = اكتب رقمًا واضغط Enter (أو اضغط Enter فقط للتخطي):
form-enter-to-skip = (اضغط Enter للتخطي)
form-no-answer = توقّف البرنامج: لم تُعطَ أي إجابة. لم يُرسَل أي شيء.
form-needs-answer = هذا السؤال يحتاج إلى إجابة.
form-number-range = من فضلك اكتب رقمًا من 1 إلى { $max }.
form-answer-too-long = من فضلك اجعل إجابتك قصيرة: الحد الأقصى لعدد أحرفها { $max }. يمكنك قول المزيد في الوصف.
form-describe = الآن صِف ما حدث، بكلماتك أنت وبأي لغة.
    اكتب قدر ما تريد. عندما تنتهي، اضغط Enter على سطر فارغ.
form-nothing-written = توقّف البرنامج: لم يُكتب أي شيء. لم يُرسَل أي شيء.
form-write-something = من فضلك اكتب شيئًا أولًا (أو اضغط Ctrl+C للتوقف).
form-no-such-category = ليس لدى هذه الوحدة فئة باسم «{ $given }». اختر واحدة من: { $choices }. لم يُرسَل أي شيء.
form-category-length = اسم الفئة من 1 إلى 100 حرف. لم يُرسَل أي شيء.

## Typing the receipt ($number is a word's or group's position)

receipt-file-unreadable = تعذّرت قراءة إيصالك من { $path }. تحقق من اسم الملف.
receipt-stdin-unreadable = تعذّرت قراءة إيصالك من الإدخال القياسي.
receipt-type = اكتب الكلمات الـ12 لإيصالك، أو مجموعات الأرقام الـ8، مع مسافة بين كل واحدة والتي تليها.
receipt-shown-while-typing = (تظهر على الشاشة أثناء الكتابة: تأكد أن لا أحد يرى شاشتك. اضغط Enter في النهاية.)
receipt-hidden-while-typing = (لا تظهر على الشاشة أثناء الكتابة. اضغط Enter في النهاية.)
receipt-prompt = الإيصال:
receipt-cannot-ask = لا يمكن طلب إيصالك هنا. استخدم --receipt-file FILE.
receipt-word-unknown = الكلمة { $number }، «{ $word }»، ليست من كلمات الإيصال.
receipt-word-again = اكتب الكلمة { $number } مرة أخرى:
receipt-word-only = اكتب الكلمة { $number } وحدها، ثم اضغط Enter.
receipt-word-still-wrong = الكلمة { $number } من إيصالك ما زالت ليست من كلمات الإيصال. قارنها بإيصالك المكتوب على الورقة، ثم حاول مرة أخرى.
receipt-check-word = قارنها بإيصالك المكتوب على الورقة.
receipt-did-you-mean = هل تقصد «{ $word }»؟
receipt-did-you-mean-one-of = هل تقصد إحدى هذه الكلمات: { $words }؟
receipt-none = لم يُعطَ أي إيصال. اكتب الكلمات الـ12 لإيصالك، أو مجموعات الأرقام الـ8، مع مسافة بين كل واحدة والتي تليها.
receipt-word-count = { $n ->
        [zero] في الإيصال 12 كلمة، لكن لم تُكتب أي كلمة. تأكد أن لديك كل الكلمات، مع مسافة بين كل كلمة والتي تليها.
        [one] في الإيصال 12 كلمة، لكن كُتبت كلمة واحدة فقط. تأكد أن لديك كل الكلمات، مع مسافة بين كل كلمة والتي تليها.
        [two] في الإيصال 12 كلمة، لكن كُتبت كلمتان فقط. تأكد أن لديك كل الكلمات، مع مسافة بين كل كلمة والتي تليها.
        [few] في الإيصال 12 كلمة، لكن كُتبت { $n } كلمات. تأكد أن لديك كل الكلمات، مع مسافة بين كل كلمة والتي تليها.
        [many] في الإيصال 12 كلمة، لكن كُتبت { $n } كلمة. تأكد أن لديك كل الكلمات، مع مسافة بين كل كلمة والتي تليها.
       *[other] في الإيصال 12 كلمة، لكن كُتبت { $n } كلمة. تأكد أن لديك كل الكلمات، مع مسافة بين كل كلمة والتي تليها.
    }
receipt-word-of-receipt-unknown = الكلمة { $number } من إيصالك، «{ $word }»، ليست من كلمات الإيصال.
receipt-then-try-again = ثم حاول مرة أخرى.
receipt-checksum = هذه الكلمات الـ12 كلها من كلمات الإيصال، لكنها لا تنتمي إلى إيصال واحد: إحداها خاطئة، أو كلمتان في غير ترتيبهما. قارن كل كلمة بإيصالك المكتوب على الورقة وحاول مرة أخرى.
receipt-mixed = هنا كلمات وأرقام معًا. اكتب إما الكلمات الـ12 لإيصالك، وإما مجموعات الأرقام الـ8، لا الاثنين معًا.
receipt-digit-count = { $n ->
        [zero] الإيصال المكتوب بالأرقام فيه 48 رقمًا (8 مجموعات من 6)، لكن لم يُوجد أي رقم. تأكد أن لديك كل المجموعات، وكل رقم في كل مجموعة.
        [one] الإيصال المكتوب بالأرقام فيه 48 رقمًا (8 مجموعات من 6)، لكن وُجد رقم واحد فقط. تأكد أن لديك كل المجموعات، وكل رقم في كل مجموعة.
        [two] الإيصال المكتوب بالأرقام فيه 48 رقمًا (8 مجموعات من 6)، لكن وُجد رقمان فقط. تأكد أن لديك كل المجموعات، وكل رقم في كل مجموعة.
        [few] الإيصال المكتوب بالأرقام فيه 48 رقمًا (8 مجموعات من 6)، لكن وُجدت { $n } أرقام. تأكد أن لديك كل المجموعات، وكل رقم في كل مجموعة.
        [many] الإيصال المكتوب بالأرقام فيه 48 رقمًا (8 مجموعات من 6)، لكن وُجد { $n } رقمًا. تأكد أن لديك كل المجموعات، وكل رقم في كل مجموعة.
       *[other] الإيصال المكتوب بالأرقام فيه 48 رقمًا (8 مجموعات من 6)، لكن وُجد { $n } رقم. تأكد أن لديك كل المجموعات، وكل رقم في كل مجموعة.
    }
receipt-digit-group = في المجموعة { $number } من الأرقام خطأ: قارنها بورقتك. قد يكون رقم خاطئًا، أو رقمان متبادلين، أو المجموعات في غير ترتيبها. ثم حاول مرة أخرى.
receipt-invalid = هذا ليس إيصالًا صحيحًا: { $detail }.

## Checking that the server belongs to the unit (التحقق من أن الخادم تابع للوحدة)

roster-invalid = لم يرسل الخادم في { $server } قائمة موظفين صحيحة. تحقق من عنوان الخادم.
roster-none = الخادم في { $server } ليس فيه أي وحدة بعد، لذلك لا يمكن أن يكون تابعًا للوحدة { $unit }. لم يُرسَل أي شيء. تحقق من عنوان الخادم.
roster-wrong-unit = إنه يخدم وحدة أخرى
roster-bad-signature = قائمة موظفيه غير موقّعة من تلك الوحدة
roster-expired = انتهت صلاحية قائمة موظفي الوحدة في { $day } (على الوحدة أن تجددها)
roster-not-yet-valid = قائمة موظفي الوحدة لا تصلح إلا ابتداءً من { $day } (هل التاريخ على هذا الحاسوب صحيح؟)
roster-unproven = لم يستطع الخادم أن يثبت أنه تابع للوحدة { $unit }: { $reason }. لم يُرسَل أي شيء.
roster-check-address = تأكد أن عنوان الخادم ({ $server }) ورمز الوحدة هما تمامًا ما نشرته الوحدة. إن كانا كذلك، فقد يكون الخادم مزيفًا أو معدًّا بشكل خاطئ: لا تستخدمه.

## Reading replies ($n and $total count replies; $from is a caseworker's label)

check-forgotten = حُذف صندوق الردود هذا (بالأمر `sanctuary report forget`): لا يحتفظ الخادم بأي رد لك، ولم تعد الوحدة تستطيع الرد عليك.
check-forgotten-after = بلاغك يبقى لدى الوحدة. ما زال يمكنك إرسال رسالة إضافية؛ تستطيع الوحدة قراءتها لكنها لا تستطيع الرد عليها.
check-wrong-thread = إنه موجّه إلى بلاغ آخر
check-unknown-signer = ليس موقّعًا من أي شخص في قائمة موظفي الوحدة الحالية
check-forged = توقيعه مزوّر أو تالف
check-newer-roster = كتبته الوحدة وفق قائمة موظفين أحدث من القائمة التي عرضها عليك الخادم، أي أن الخادم يعرض قائمة قديمة (قد يكون فيها اسم شخص أزالته الوحدة). لا ترسل أي شيء عبر هذا الخادم حتى تتحقق الوحدة منه
check-unreadable = تعذّرت قراءته بإيصالك (تالف، أو ليس ردًا)
check-unknown-problem = مشكلة غير معروفة
check-no-replies = لا توجد ردود بعد. كثيرًا ما تحتاج الوحدات إلى بضعة أيام للرد.
check-again-later = تحقق مرة أخرى بعد يوم أو يومين، بالإيصال نفسه.
check-not-verified-file = الرد غير متحقَّق منه
check-reply-verified = الرد { $n } من { $total }، { $day }، من { $from } (متحقَّق منه: موقّع من أحد موظفي الوحدة)
check-message-unverified = الرسالة { $n } من { $total }، { $day }: غير متحقَّق منها: { $reason }.
check-reply-unverified = الرد { $n } من { $total }، { $day }، يدّعي أنه من { $from }: غير متحقَّق منه: { $reason }.
check-do-not-trust = لا تثق بهذه الرسالة ولا تفعل ما تطلبه: قد لا تكون من الوحدة.
check-files = الملفات:
check-saved-to = حُفظ في { $path }
check-not-saved = لم يُحفظ ({ $reason })
check-how-to-download = لتنزيلها، شغّل هذا الأمر مرة أخرى مع --save-attachments FOLDER.
# Added with protocol 2 (thread order): to be checked by a native speaker.
check-written = كُتب في { $day }
check-reply-missing = قد يكون هناك ردّ مفقود هنا. ربما حجبه الخادم؛ تحقق مرة أخرى لاحقًا.

## Reading the message, connecting, sending (قراءة الرسالة والاتصال والإرسال)

message-file-unreadable = تعذّرت قراءة رسالتك من { $path } (يجب أن يكون ملفًا نصيًا). لم يُرسَل أي شيء.
message-stdin-unreadable = تعذّرت قراءة رسالتك من الإدخال القياسي. لم يُرسَل أي شيء.
standard-input = الإدخال القياسي
message-input-too-long = رسالتك طويلة جدًا (أكثر من 2 MiB). اختصرها، أو أضفها كملف. لم يُرسَل أي شيء.
message-not-utf8 = الرسالة ليست نصًا بترميز UTF-8 ({ $what }، البايت { $at })؛ لم يُرسَل أي شيء. احفظها بترميز UTF-8 (تتيح ذلك معظم برامج التحرير في «حفظ باسم» أو «الترميز») وحاول مرة أخرى.
plain-http-warning = تنبيه: عنوان هذا الخادم يبدأ بـ http://، لذلك اتصالك غير محمي. يبقى بلاغك مشفّرًا، لكن أي شخص على الشبكة يستطيع أن يرى أنك اتصلت بهذا الخادم. استخدم عنوانًا يبدأ بـ https:// أو ينتهي بـ .onion إن استطعت.
nothing-sent = لم يُرسَل أي شيء.
connected = تم الاتصال بـ«{ $name }»: أثبت الخادم أنه تابع لهذه الوحدة.
message-too-long = رسالتك أطول من أن تُرسَل (الحد نحو 1 MiB من النص). اختصرها، أو ضع الباقي في ملف وأضف الملف.
message-not-encrypted = تعذّر تشفير رسالتك: { $detail }.
retry-in = { $seconds ->
        [one] محاولة جديدة بعد ثانية واحدة…
        [two] محاولة جديدة بعد ثانيتين…
        [few] محاولة جديدة بعد { $seconds } ثوانٍ…
       *[other] محاولة جديدة بعد { $seconds } ثانية…
    }
retry-ask = لم يصل أي شيء بعد. هل تحاول مرة أخرى الآن؟
stopped-delivered = توقّف البرنامج. ما كتبته وصل.
stopped-sending = توقّف البرنامج أثناء الإرسال: لم يصل أي شيء. شغّل الأمر نفسه مرة أخرى لإرساله.
roster-changed-resealing = غيّرت الوحدة قائمة موظفيها للتو. نعيد التشفير للقائمة الجديدة…
file-too-large-now = { $path } كبير جدًا على هذه الوحدة: الحد الأقصى { $max } لكل ملف.
sending-file = نرسل { $path } باسم { $name } ({ $size })…
stopped-upload-kept = توقّف الرفع. لم يصل شيء بعد، لكن ما أُرسل من الملف محفوظ لمدة يوم على الأقل: شغّل الأمر نفسه مرة أخرى، بالملف نفسه، لتكمل من حيث توقّف.
resuming-file = نكمل إرسال { $name }: وصل { $done } من { $size } من قبل.

## What the server answered (the program adds the server's code after these)

answered-http = أجاب بـ HTTP { $status }
answered-http-with = أجاب بـ HTTP { $status } مع { $kind }
server-not-answering-properly = الخادم في { $server } لا يجيب كما ينبغي الآن ({ $detail }): قد يكون متوقفًا، هو أو وسيط (proxy) أمامه. حاول مرة أخرى لاحقًا؛ وإن استمر ذلك، فتحقق من العنوان.
not-https = تعذّر إنشاء اتصال آمن (https) بـ { $server }: ما أجاب هناك لا يتكلم https، أو شهادته غير صالحة لهذا العنوان. تحقق من العنوان: الخادم الذي ليس فيه https يحتاج إلى عنوان يبدأ بـ http://، وخادم https يحتاج إلى شهادة صالحة لاسمه. لم يُرسَل أي شيء. (التفاصيل: { $detail }.)
not-sanctuary = هذا العنوان لا يجيب كما يجيب خادم Sanctuary: تحقق من العنوان ({ $server }). لم يُرسَل أي شيء. ({ $detail }.)
unreachable = تعذّر الوصول إلى الخادم في { $server } ({ $reason }). تحقق من العنوان ومن اتصالك بالإنترنت، ثم حاول مرة أخرى.
unreachable-proxy = أنت تستخدم وسيطًا (proxy): تأكد أن Tor (أو متصفح Tor) يعمل، وأن عنوان --proxy صحيح.
api-storage-full = الخادم ممتلئ ولا يستطيع حفظ أي شيء الآن. حاول مرة أخرى بعد بضعة أيام، أو تواصل مع الوحدة بطريقة أخرى.
api-overloaded = الخادم مشغول. انتظر بضع دقائق وحاول مرة أخرى.
api-no-unit = هذا الخادم ليس فيه أي وحدة بعد. تحقق من عنوان الخادم.
api-too-large = أحد الملفات أكبر مما تسمح به الوحدة.
api-roster-changed = غيّرت الوحدة قائمة موظفيها أثناء الإرسال. حاول مرة أخرى.
api-unauthorized = لم يقبل الخادم مفتاحك: على الأرجح أنت لست في قائمة موظفي الوحدة الحالية. اطلب من مسؤول الوحدة أن يضيف بطاقتك وينشر القائمة من جديد.
api-stale-request = رفض الخادم الطلب لأن ساعة هذا الحاسوب خاطئة بأكثر من 5 دقائق، أو لأن الخادم أُعيد تشغيله قبل لحظات وهذه الساعة متأخرة قليلًا. تحقق من التاريخ والوقت، ثم حاول مرة أخرى.
api-replayed = استلم الخادم الطلب نفسه مرتين. حاول مرة أخرى.
api-bad-pow = لم يقبل الخادم إثبات الحماية من الإغراق الذي أجراه هذا البرنامج (عملية حسابية قصيرة قبل الإرسال، حتى يدفع من يرسل سيلًا من البلاغات الآلية ثمن ذلك). لم يصل أي شيء. حاول مرة أخرى؛ وإن استمر ذلك، فقد لا يتوافق هذا البرنامج مع الخادم: حدّث هذا البرنامج.
api-pow-expired = انتهت صلاحية إثبات الحماية من الإغراق قبل أن يستلمه الخادم (كل إثبات صالح لمدة 10 دقائق). لم يصل أي شيء. حاول مرة أخرى.
api-pow-reused = سبق أن استلم الخادم إثبات الحماية من الإغراق هذا. لم يصل أي شيء. حاول مرة أخرى.
api-not-found = ليس لدى الخادم ما طُلب (ربما انتهت مدته أو حُذف).
api-mailbox-forgotten = حذف المُبلِّغ صندوق ردوده: لم يعد يستطيع استلام ردود في هذه المحادثة.
api-malformed = رفض الخادم البيانات لأنها غير سليمة ({ $detail }). هذا على الأرجح خطأ في هذا البرنامج: من فضلك أبلِغ عنه.
api-refused = رفض الخادم الطلب: { $detail }

## Writing in a text editor (--editor) (الكتابة في محرر نصوص)

your-editor = محرر النصوص الخاص بك
editor-no-temp = تعذّر إنشاء ملف مؤقت خاص لمحرر النصوص. لم يُرسَل أي شيء.
editor-opening = نفتح محرر النصوص ({ $command }). اكتب رسالتك، واحفظها، ثم أغلق المحرر للمتابعة.
editor-failed = لم ينتهِ محرر النصوص ({ $command }) كما ينبغي. لم يُرسَل أي شيء. اضبط المتغير EDITOR على المحرر الذي تستخدمه، أو اكتب رسالتك مع --message-file FILE.

## رسائل أُضيفت لاحقًا (تحتاج إلى مراجعة من متحدث أصلي)

api-attachment-quota = استلم الخادم اليوم أقصى ما يستطيع من الملفات. لم يصل أي شيء. أرسل رسالتك الآن بدون الملفات، أو حاول مرة أخرى مع الملفات غدًا.
answer-broken = انقطع الاتصال بالخادم أثناء قراءة رده. حاول مرة أخرى.
answer-too-large = أرسل الخادم ردًا أكبر من المتوقع، فلم تتم قراءته.
answer-not-understood = أرسل الخادم ردًا لا يفهمه هذا البرنامج ({ $detail }). تحقق من عنوان الخادم.
proving = جارٍ إثبات أن هذا ليس إغراقًا آليًا…
tries = { $n ->
        [zero] لا محاولات
        [one] محاولة واحدة
        [two] محاولتان
        [few] { $n } محاولات
       *[other] { $n } محاولة
    }
pow-wrong-challenge = أرسل الخادم تحدي حماية من الإغراق لشيء غير المطلوب. لم يُرسَل أي شيء. تحقق من عنوان الخادم، أو حاول مرة أخرى.

## Attached files (الملفات المرفقة) (تحتاج إلى مراجعة من متحدث أصلي)

attach-cannot-read = تعذّرت قراءة { $path }. لم يُرسَل أي شيء.
attach-cannot-read-more = تعذّرت قراءة { $path }. لم يُرسَل أي شيء آخر.
attach-not-found = تعذّرت قراءة الملف { $path } لإرفاقه. تحقق من اسمه. لم يُرسَل أي شيء.
attach-not-a-file = { $path } ليس ملفًا (هل هو مجلد؟). أرفق الملفات واحدًا تلو الآخر. لم يُرسَل أي شيء.
attach-too-many = { $max ->
        [zero] لا تقبل هذه الوحدة أي ملف في الرسائل، وقد أعطيت { $given }. لم يُرسَل أي شيء.
        [one] تقبل هذه الوحدة ملفًا واحدًا على الأكثر في كل رسالة، وقد أعطيت { $given }. لم يُرسَل أي شيء. أرسل الملفات الأخرى في رسالة إضافية (sanctuary report follow-up).
        [two] تقبل هذه الوحدة ملفين على الأكثر في كل رسالة، وقد أعطيت { $given }. لم يُرسَل أي شيء. أرسل الملفات الأخرى في رسالة إضافية (sanctuary report follow-up).
        [few] تقبل هذه الوحدة { $max } ملفات على الأكثر في كل رسالة، وقد أعطيت { $given }. لم يُرسَل أي شيء. أرسل الملفات الأخرى في رسالة إضافية (sanctuary report follow-up).
        [many] تقبل هذه الوحدة { $max } ملفًا على الأكثر في كل رسالة، وقد أعطيت { $given }. لم يُرسَل أي شيء. أرسل الملفات الأخرى في رسالة إضافية (sanctuary report follow-up).
       *[other] تقبل هذه الوحدة { $max } ملف على الأكثر في كل رسالة، وقد أعطيت { $given }. لم يُرسَل أي شيء. أرسل الملفات الأخرى في رسالة إضافية (sanctuary report follow-up).
    }
attach-too-large = { $path } كبير جدًا على هذه الوحدة: الحد الأقصى { $max } لكل ملف، وحجمه { $size }. لم يُرسَل أي شيء. أرسل نسخة أصغر أو أقصر، أو قسّمه.
attach-unreadable-kept = { $path }: تعذّر التحقق مما إذا كان فيه معلومات مخفية ({ $reason }). سيُرسَل دون تغيير، كما طلبت (--keep-metadata).
attach-unreadable-refused = تعذّر التحقق مما إذا كان في { $path } معلومات مخفية ({ $reason }). لم يُرسَل أي شيء. أرسل نسخة أخرى من الملف، أو استخدم --keep-metadata إذا كنت تقبل أن تُرسَل تفاصيل مخفية مثل مكان أو اسم جهاز.
attach-plain-text = { $path }: الملف النصي البسيط لا يحتوي على معلومات مخفية، لكن تأكد أن النص نفسه لا يكشف هويتك. سيُرسَل كما هو.
attach-other-kind = { $path }: لا يمكن فحص هذا النوع من الملفات ({ $media }). قد يحتوي على معلومات مخفية، مثل مكان صنعه أو وقته، أو الجهاز المستخدم. سيُرسَل كما هو.
attach-unchecked-kept = { $path }: تعذّر التحقق مما إذا كان فيه معلومات مخفية{ $why }. سيُرسَل كما هو، لأنك استخدمت --keep-metadata.
attach-unchecked-refused = تعذّر التحقق مما إذا كان في { $path } معلومات مخفية{ $why }. قد يحتوي على تفاصيل مثل مكان أو اسم أو الجهاز المستخدم. لم يُرسَل أي شيء. أرسل نسخة أخرى من الملف (مثل لقطة شاشة له)، أو استخدم --keep-metadata لإرساله كما هو.
attach-nothing-found = { $path }: لم يُعثَر على معلومات مخفية.
attach-found = { $path }: في هذا الملف معلومات مخفية قد تكشف هويتك:
attach-found-kept = سيُرسَل الملف دون تغيير، لأنك استخدمت --keep-metadata.
attach-will-remove = ستُزال هذه المعلومات قبل الإرسال. الصورة أو المستند نفسه لا يتغيّر.
attach-evidence-hint = (إذا كانت هذه المعلومات دليلًا، فأرسل الملف مع --keep-metadata.)
attach-cannot-remove = لا يمكن إزالة المعلومات المخفية من { $path }{ $why }. لم يُرسَل أي شيء. أرسل نسخة أخرى من الملف (مثل لقطة شاشة له)، أو استخدم --keep-metadata إذا كانت هذه المعلومات دليلًا تريد أن تحصل عليه الوحدة.
attach-clean-failed = تعذّرت إزالة المعلومات المخفية من { $path } ({ $reason }). لم يُرسَل أي شيء. أرسل نسخة أخرى من الملف، أو استخدم --keep-metadata لإرساله دون تغيير.
attach-changed = تغيّر { $path } أثناء إرساله. أغلق أي برنامج يكتب فيه، ثم حاول مرة أخرى.
attach-not-encrypted = تعذّر تشفير { $path }: { $reason }.
progress-sending = نرسل { $name }
progress-downloading = ننزّل { $name }
progress-time-left = المتبقي { $eta }

## What the check for hidden information found (ما وجده فحص المعلومات المخفية) (تحتاج إلى مراجعة من متحدث أصلي)

found-quoted = { $label }: «{ $value }»
found-dated = { $label }: { $date }
found-gps = موقع GPS حيث التُقطت الصورة ({ $place })
found-gps-unreadable = موقع GPS حيث التُقطت الصورة (تتعذّر قراءة القيمة الدقيقة)
found-other-camera-details = تفاصيل أخرى عن الكاميرا ({ $n })
found-other-xmp-details = تفاصيل مخفية أخرى في كتلة XMP ({ $n })
found-not-listed = { $n } من التفاصيل المخفية الأخرى (لم تُذكر هنا)
found-trailing = بيانات إضافية مخفية بعد نهاية الصورة ({ $size })
found-trailing-jpeg = بيانات إضافية مخفية بعد نهاية الصورة ({ $size })، مثل صورة ثانية أو فيديو قصير قد يحمل مكانه وتاريخه وتفاصيل الكاميرا الخاصة به
found-unknown-png = بيانات إضافية غرضها غير معروف (كتلة PNG «{ $name }»)
found-unknown-webp = بيانات إضافية غرضها غير معروف (كتلة WebP «{ $name }»)
found-unknown-jpeg = بيانات إضافية أضافتها الكاميرا أو أحد التطبيقات (كتلة JPEG APP{ $name })
found-text-note = ملاحظة نصية «{ $keyword }»
found-text-note-value = ملاحظة نصية «{ $keyword }»: «{ $value }»
found-unreadable-note = ملاحظة نصية مضغوطة «{ $keyword }» تعذّرت قراءتها
found-document-property = خاصية المستند «{ $name }»
found-document-property-value = خاصية المستند «{ $name }»: «{ $value }»
found-in-picture = صورة داخل المستند: { $finding }
found-maker-notes = ملاحظات خاصة من الشركة المصنّعة للكاميرا (قد تتضمن الرقم التسلسلي للكاميرا)
found-unique-picture-number = رقم فريد للصورة (قد يربط بين نسخ هذه الصورة)
found-more-gps = تفاصيل GPS إضافية (مثل الارتفاع أو الاتجاه أو الوقت)
found-gps-details = تفاصيل GPS (مثل الارتفاع أو الاتجاه أو الوقت)
found-camera-settings = إعدادات الكاميرا (التعريض والتركيز والفلاش وما شابه)
found-thumbnail = نسخة معاينة صغيرة من الصورة (قد تُظهر أجزاء قُصّت منها)
found-unreadable-exif = كتلة معلومات الكاميرا (EXIF) تعذّرت قراءتها بالتفصيل؛ قد تحتوي على المكان والتاريخ والكاميرا
found-unreadable-xmp = كتلة تفاصيل مخفية (XMP) تعذّرت قراءتها بالتفصيل؛ قد تحتوي على أسماء وأماكن وتواريخ
found-editing-history = سجل التعديل (أي البرامج غيّرت الملف، ومتى)
found-document-numbers = أرقام فريدة للمستند (قد تربط هذا الملف بالأصل الموجود على جهازك)
found-source-files = إشارات إلى ملفات أخرى صُنع منها هذا الملف
found-editor-data = بيانات خاصة حفظها البرنامج الذي عدّل المستند
found-damaged-picture = تفاصيل مخفية تعذّرت قراءتها أو إزالتها (الصورة تالفة)
found-exif-as-text = معلومات الكاميرا (EXIF) محفوظة كنص
found-xmp-as-text = كتلة تفاصيل مخفية (XMP) محفوظة كنص
found-photoshop-iptc = تفاصيل Photoshop وIPTC (قد تحتوي على أسماء وتعليقات وأماكن)
found-extended-xmp = تفاصيل مخفية إضافية (XMP موسّع)، قد تحتوي على أسماء وأماكن وتواريخ
found-picture-index = فهرس لصور إضافية محفوظة في الملف (مثل صور المعاينة أو خرائط العمق)
found-content-credentials = سجل Content Credentials (قد يذكر من صنع الصورة، وبأي جهاز أو تطبيق، وأين)
found-label-camera-make = الشركة المصنّعة للكاميرا
found-label-camera-model = طراز الكاميرا
found-label-camera-serial-number = الرقم التسلسلي للكاميرا
found-label-lens-make = الشركة المصنّعة للعدسة
found-label-lens-model = طراز العدسة
found-label-lens-serial-number = الرقم التسلسلي للعدسة
found-label-computer-name = اسم الحاسوب
found-label-device-used = الجهاز المستخدم
found-label-photographer-name = اسم المصوّر (الفنان)
found-label-author-name = اسم المؤلف
found-label-camera-owner-name = اسم مالك الكاميرا
found-label-copyright-holder = صاحب حقوق النشر
found-label-rights-owner = مالك الحقوق
found-label-contributor = مساهم
found-label-publisher = الناشر
found-label-author-job-title = المسمى الوظيفي للمؤلف
found-label-caption-writer = كاتب التعليق
found-label-credit = الإسناد
found-label-author-contact = بيانات الاتصال بالمؤلف
found-label-note-author = اسم الشخص الذي أضاف ملاحظة أو علامة
found-label-date = التاريخ
found-label-date-taken = تاريخ الالتقاط
found-label-date-digitised = تاريخ الرقمنة
found-label-date-created = تاريخ الإنشاء
found-label-date-last-changed = تاريخ آخر تغيير
found-label-details-last-changed = تاريخ آخر تغيير للتفاصيل
found-label-note-added = تاريخ إضافة ملاحظة أو علامة
found-label-note-changed = تاريخ تغيير ملاحظة أو علامة
found-label-time-zone = المنطقة الزمنية
found-label-software-used = البرمجيات المستخدمة
found-label-program-used = البرنامج المستخدم
found-label-document-creator = البرنامج الذي أنشأ المستند
found-label-pdf-producer = البرنامج الذي أنتج ملف PDF
found-label-city = المدينة
found-label-region = المنطقة
found-label-country = البلد
found-label-country-code = رمز البلد
found-label-place = المكان
found-label-title = العنوان
found-label-subject = الموضوع
found-label-description = الوصف
found-label-comment = تعليق
found-label-keywords = كلمات مفتاحية
found-label-headline = العنوان الرئيسي
found-label-instructions = تعليمات
found-label-source = المصدر
found-label-document-name = اسم المستند
