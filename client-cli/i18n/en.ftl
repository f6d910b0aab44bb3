# The reporter-facing text of the `sanctuary` command, in English (the
# reference). Every other file in this folder has the same messages.
# Variables: $command is a command line to copy, shown as it is (on its own
# line, indented); $path a file name; $form is "words" or "digits" (how the
# receipt is written). Lists and wrapping are done by the program: write
# each message as one line unless it has a line break of its own.

## Writing and sending

no-message = Nothing was sent: there is no message. Give it with --message TEXT or --message-file FILE, or run this command in a terminal to be asked for it.
report-empty = Your message is empty. Write what happened, or attach a file. Nothing was sent.
report-confirm = Send this report now?
cancelled-nothing-sent = Cancelled. Nothing was sent.
answer-yes-or-no = Please answer yes or no ({ $hint }), then press Enter.
report-not-sent = Your report was not sent.
report-sent = Your report was sent.
report-kept-headline = Your report is NOT sent yet. It is kept, encrypted, until you send it (see below). Its receipt is already valid:
report-kept-where = Your report is kept in { $path }. It is encrypted: only the unit can read it. When you are connected again, send it with:
    { $command }
how-to-check = To read replies (check again in a few days):
    { $command }
how-to-check-replies = To read replies:
    { $command }
stdin-receipt-and-message = Standard input cannot carry both your receipt and your message. Give the receipt with --receipt-file FILE, or the message with --message or a --message-file.
follow-up-empty = Your message is empty. Nothing was sent.
follow-up-write = Write what you want to add to your report, in any language.
    When you are done, press Enter on an empty line.
follow-up-confirm = Send this now?
follow-up-not-sent = Your follow-up was not sent.
follow-up-kept = Your follow-up is NOT sent yet. It is kept, encrypted, in { $path }.
send-later = When you are connected again, send it with:
    { $command }
follow-up-sent = Your follow-up was sent. It is added to your report.

## Ctrl-C

stopped-check = Stopped. Nothing was changed; run the same command to read your replies.
cancelled-nothing-deleted = Cancelled. Nothing was deleted.

## Forgetting the mailbox

forget-needs-yes = Nothing was deleted. To delete without being asked, add --yes.
forget-explain = This deletes the unit's replies to you from the server, for good. You will not be able to read them again, and the unit will not be able to reply to you any more. Your report itself stays with the unit.
forget-confirm = Delete now?
forget-refused = The server refused: this receipt does not match the mailbox. Nothing was deleted.
nothing-deleted = Nothing was deleted.
forget-done = Done. The replies to you are deleted from the server, and no new replies can arrive.
forget-after = Your report stays with the unit. A follow-up sent with this receipt would still reach the unit, but it could not answer. If you have no other use for your receipt, you can destroy it.

## The receipt screen

receipt-title = YOUR RECEIPT: { $form ->
        [digits] 8 groups of numbers
       *[words] 12 words
    }
receipt-warning-write = { $form ->
        [digits] Write these numbers down now, on paper. Keep the paper safe and secret.
       *[words] Write these words down now, on paper. Keep the paper safe and secret.
    }
receipt-warning-only-way = They are the only way back to your report: to read the unit's replies, or to add something. Nobody can recover them for you, not even the police or the people who run this service.
receipt-warning-anyone = { $form ->
        [digits] Anyone who has these numbers can read the replies to you.
       *[words] Anyone who has these words can read the replies to you.
    }
receipt-on-stdout = The line written to standard output is your receipt.
receipt-saved = Your receipt was also saved in { $path }. Anyone who finds that file can read the replies to you: keep it somewhere safe, or delete it once you have written the { $form ->
        [digits] numbers
       *[words] words
    } down.

## Keeping a message that could not be sent, and `report send`
## ($kind is "report" or "follow-up")

keep-offer = { $kind ->
        [follow-up] Your follow-up is encrypted and ready, but it could not be delivered.
       *[report] Your report is encrypted and ready, but it could not be delivered.
    }
    You can keep it, encrypted, in a file on this computer and send it later with `sanctuary report send FILE` (your text is not in that file in readable form).
keep-confirm = Keep it in a file?
keep-file-name = Type a file name for it (for example report.sanctuary) and press Enter:
send-not-ours = { $path } is not a report kept by `sanctuary report submit` or `report follow-up`. Nothing was sent.
send-cannot-read = Cannot read { $path }.
send-other-unit = { $path } was written for another unit ({ $unit }), not { $given }. Nothing was sent.
send-roster-changed = { $kind ->
        [follow-up] The unit has changed its list of caseworkers since this follow-up was encrypted, so it can no longer be delivered as it is. Nothing was sent. Please write it again (sanctuary report follow-up).
       *[report] The unit has changed its list of caseworkers since this report was encrypted, so it can no longer be delivered as it is. Nothing was sent. Please write it again (sanctuary report submit).
    }
send-roster-changed-now = { $kind ->
        [follow-up] The unit changed its list of caseworkers just now, so this follow-up can no longer be delivered as it is. Nothing was sent. Please write it again.
       *[report] The unit changed its list of caseworkers just now, so this report can no longer be delivered as it is. Nothing was sent. Please write it again.
    }
send-failed = { $kind ->
        [follow-up] Your follow-up was not sent. { $path } is kept: try again later.
       *[report] Your report was not sent. { $path } is kept: try again later.
    }
send-done = { $kind ->
        [follow-up] Your follow-up was sent.
       *[report] Your report was sent.
    }
send-deleted = { $path } is no longer needed and was deleted.
send-delete-it = { $path } is no longer needed: you can delete it.
send-how-to-check = To read replies (check again in a few days), use the receipt you were given when you wrote it:
    { $command }

## The unit's form

form-intro = The unit asks a few questions first.
form-required = (required)
form-type-number = Type a number and press Enter:
form-type-number-or-skip = Type a number and press Enter (or just Enter to skip):
form-enter-to-skip = (press Enter to skip)
form-no-answer = Stopped: no answer was given. Nothing was sent.
form-needs-answer = This question needs an answer.
form-number-range = Please type a number from 1 to { $max }.
form-answer-too-long = Please answer in at most { $max } characters; you can say more in the description.
form-describe = Now describe what happened, in your own words and in any language.
    Write as much as you want. When you are done, press Enter on an empty line.
form-nothing-written = Stopped: nothing was written. Nothing was sent.
form-write-something = Please write something first (or press Ctrl+C to stop).
form-no-such-category = This unit has no category "{ $given }". Choose one of: { $choices }. Nothing was sent.
form-category-length = A category is 1 to 100 characters. Nothing was sent.

## Typing the receipt ($number is a word's or group's position)

receipt-file-unreadable = Cannot read your receipt from { $path }. Check the file name.
receipt-stdin-unreadable = Cannot read your receipt from standard input.
receipt-type = Type the 12 words of your receipt, or its 8 groups of numbers, separated by spaces.
receipt-shown-while-typing = (They show while you type: make sure nobody can see your screen. Press Enter at the end.)
receipt-hidden-while-typing = (They do not show while you type. Press Enter at the end.)
receipt-prompt = Receipt:
receipt-cannot-ask = Cannot ask for your receipt here. Use --receipt-file FILE.
receipt-word-unknown = Word { $number }, "{ $word }", is not a receipt word.
receipt-word-again = Type word { $number } again:
receipt-word-only = Type only word { $number }, then press Enter.
receipt-word-still-wrong = Word { $number } of your receipt is still not a receipt word. Check it against your written receipt, then try again.
receipt-check-word = Check it against your written receipt.
receipt-did-you-mean = Did you mean "{ $word }"?
receipt-did-you-mean-one-of = Did you mean one of: { $words }?
receipt-none = No receipt was given. Type the 12 words of your receipt, or its 8 groups of numbers, separated by spaces.
receipt-word-count = { $n ->
        [one] A receipt has 12 words, but { $n } was given. Check that you have every word, separated by spaces.
       *[other] A receipt has 12 words, but { $n } were given. Check that you have every word, separated by spaces.
    }
receipt-word-of-receipt-unknown = Word { $number } of your receipt, "{ $word }", is not a receipt word.
receipt-then-try-again = Then try again.
receipt-checksum = These 12 words are all real receipt words, but they do not belong together: one of them is wrong, or two are in the wrong order. Compare each word with your written receipt and try again.
receipt-mixed = This mixes words and numbers. Type either the 12 words of your receipt, or its 8 groups of numbers, not both.
receipt-digit-count = { $n ->
        [one] A receipt written as numbers has 48 digits (8 groups of 6), but { $n } was found. Check that you have every group, and every digit of each group.
       *[other] A receipt written as numbers has 48 digits (8 groups of 6), but { $n } were found. Check that you have every group, and every digit of each group.
    }
receipt-digit-group = Group { $number } of the numbers has a mistake: check it against your paper. A digit may be wrong, two digits may be swapped, or the groups may be out of order. Then try again.
receipt-invalid = This is not a valid receipt: { $detail }.

## Checking that the server belongs to the unit

roster-invalid = The server at { $server } did not send a valid roster. Check the server address.
roster-none = The server at { $server } has no unit set up yet, so it cannot belong to unit { $unit }. Nothing was sent. Check the server address.
roster-wrong-unit = it serves a different unit
roster-bad-signature = its list of caseworkers is not signed by that unit
roster-expired = the unit's list of caseworkers expired on { $day } (the unit must renew it)
roster-not-yet-valid = the unit's list of caseworkers is only valid from { $day } (is this computer's date right?)
roster-unproven = The server could not prove it belongs to unit { $unit }: { $reason }. Nothing was sent.
roster-check-address = Check that the server address ({ $server }) and the unit ID are exactly the ones the unit published. If they are, the server may be fake or misconfigured: do not use it.

## Reading replies ($n and $total count replies; $from is a caseworker's label)

check-forgotten = This mailbox was deleted (with `sanctuary report forget`): the server keeps no replies for you, and the unit cannot reply to you any more.
check-forgotten-after = Your report stays with the unit. You can still send a follow-up; the unit can read it but cannot answer it.
check-wrong-thread = it is addressed to another report
check-unknown-signer = it is not signed by anyone on the unit's current list of caseworkers
check-forged = its signature is forged or damaged
check-newer-roster = the unit wrote it under a newer list of caseworkers than the server showed you, so the server is showing an old list (which may still name someone the unit removed). Do not send anything through this server until the unit has checked it
check-unreadable = it could not be read with your receipt (damaged, or not a reply)
check-unknown-problem = unknown problem
check-no-replies = No replies yet. Units often take a few days to answer.
check-again-later = Check again in a day or two, with the same receipt.
check-not-verified-file = the reply is not verified
check-reply-verified = Reply { $n } of { $total }, { $day }, from { $from } (verified: signed by a caseworker of the unit)
check-message-unverified = Message { $n } of { $total }, { $day }: NOT VERIFIED: { $reason }.
check-reply-unverified = Reply { $n } of { $total }, { $day }, claims to be from { $from }: NOT VERIFIED: { $reason }.
check-do-not-trust = Do not trust this message or follow what it asks: it may not come from the unit.
check-files = Files:
check-saved-to = saved to { $path }
check-not-saved = not saved ({ $reason })
check-how-to-download = To download them, run this again with --save-attachments FOLDER.
# Added with protocol 2 (thread order).
check-written = written { $day }
check-reply-missing = A reply may be missing here. The server may have withheld it; check again later.

## Reading the message, connecting, sending

message-file-unreadable = Cannot read your message from { $path } (it must be a text file). Nothing was sent.
message-stdin-unreadable = Cannot read your message from standard input. Nothing was sent.
standard-input = standard input
message-input-too-long = Your message is too long (more than 2 MiB). Shorten it, or attach it as a file. Nothing was sent.
message-not-utf8 = The message is not UTF-8 text ({ $what }, byte { $at }); nothing was sent. Save it as UTF-8 (most editors offer this under "Save as" or "Encoding") and try again.
plain-http-warning = Warning: this server address starts with http://, so your connection is not protected. Your report stays encrypted, but anyone on the network can see that you contacted this server. Prefer an https:// or .onion address.
nothing-sent = Nothing was sent.
connected = Connected to "{ $name }": the server proved it belongs to this unit.
message-too-long = Your message is too long to send (at most about 1 MiB of text). Shorten it, or put the rest in a file and attach it.
message-not-encrypted = Could not encrypt your message: { $detail }.
retry-in = { $seconds ->
        [one] Trying again in { $seconds } second…
       *[other] Trying again in { $seconds } seconds…
    }
retry-ask = Nothing has been delivered yet. Try again now?
stopped-delivered = Stopped. What you wrote was delivered.
stopped-sending = Stopped while sending: nothing was delivered. Run the same command again to send it.
roster-changed-resealing = The unit changed its list of caseworkers just now. Encrypting again for the new list…
file-too-large-now = { $path } is too large for this unit: at most { $max } per file.
sending-file = Sending { $path } as { $name } ({ $size })…
stopped-upload-kept = The upload stopped. Nothing was delivered yet, but what was already sent of the file is kept for at least a day: run the same command again, with the same file, to continue where it stopped.
resuming-file = Continuing to send { $name }: { $done } of { $size } had already arrived.

## What the server answered (the program adds the server's code after these)

answered-http = it answered HTTP { $status }
answered-http-with = it answered HTTP { $status } with { $kind }
server-not-answering-properly = The server at { $server } is not answering properly right now ({ $detail }): it, or a proxy in front of it, may be down. Try again later; if this stays, check the address.
not-https = Could not make a secure (https) connection to { $server }: what answered there does not speak https, or its certificate is not valid for this address. Check the address: a server without https needs one starting with http://, and an https server needs a valid certificate for its name. Nothing was sent. (Detail: { $detail }.)
not-sanctuary = This address does not answer like a Sanctuary server: check the address ({ $server }). Nothing was sent. ({ $detail }.)
unreachable = Could not reach the server at { $server } ({ $reason }). Check the address and your internet connection, then try again.
unreachable-proxy = You use a proxy: check that Tor (or Tor Browser) is running and that the --proxy address is right.
api-storage-full = The server is full and cannot store anything right now. Try again in a few days, or contact the unit another way.
api-overloaded = The server is busy. Wait a few minutes and try again.
api-no-unit = This server has no unit set up yet. Check the server address.
api-too-large = A file is larger than the unit allows.
api-roster-changed = The unit changed its list of caseworkers while this was being sent. Try again.
api-unauthorized = The server did not accept your key: you are probably not on the unit's current roster. Ask your unit admin to add your card and publish the roster again.
api-stale-request = The server refused the request because this computer's clock is wrong by more than 5 minutes, or because the server restarted moments ago and this clock is a little behind. Check the date and time, then try again.
api-replayed = The server saw the same request twice. Try again.
api-bad-pow = The server did not accept this program's anti-flood proof (a short computation done before sending, so that floods of automated reports cost their senders). Nothing was delivered. Try again; if this stays, this program and the server may not match: update this program.
api-pow-expired = The anti-flood proof expired before the server received it (each one is valid for 10 minutes). Nothing was delivered. Try again.
api-pow-reused = The server had already seen this anti-flood proof. Nothing was delivered. Try again.
api-not-found = The server does not have it (it may have expired or been deleted).
api-mailbox-forgotten = The reporter has deleted their mailbox: they cannot receive replies on this thread any more.
api-malformed = The server refused the data as malformed ({ $detail }). This is probably a bug in this program: please report it.
api-refused = The server refused the request: { $detail }
api-attachment-quota = The server has taken in as many files as it can today. Nothing was delivered. Send your message without the files now, or try again with them tomorrow.
answer-broken = The connection to the server broke while reading its answer. Try again.
answer-too-large = The server sent a larger answer than expected; it was not read.
answer-not-understood = The server sent an answer this program does not understand ({ $detail }). Check the server address.

## The anti-flood proof

proving = Proving this is not an automated flood…
tries = { $n ->
        [one] { $n } try
       *[other] { $n } tries
    }
pow-wrong-challenge = The server sent an anti-flood challenge for something other than what was asked. Nothing was sent. Check the server address, or try again.

## Writing in a text editor (--editor)

your-editor = your text editor
editor-no-temp = Could not make a private temporary file for your text editor. Nothing was sent.
editor-opening = Opening your text editor ({ $command }). Write your message, save it, and close the editor to continue.
editor-failed = The text editor ({ $command }) did not finish properly. Nothing was sent. Set the EDITOR variable to the editor you use, or write your message with --message-file FILE.

## Attached files ($path is a file as the reporter gave it; $name the name it
## is sent under; $media a media type such as video/mp4; $reason why a file
## could not be checked or cleaned, in English for now; $why the same reason
## in brackets after a space, " (…)", or nothing: write it straight after the
## word it follows, with no space; $eta a time such as 5m, for a progress bar)

attach-cannot-read = Cannot read { $path }. Nothing was sent.
attach-cannot-read-more = Cannot read { $path }. Nothing more was sent.
attach-not-found = Cannot read the file { $path } to attach. Check its name. Nothing was sent.
attach-not-a-file = { $path } is not a file (a folder?). Attach files one by one. Nothing was sent.
attach-too-many = { $max ->
        [one] This unit accepts at most { $max } file per message, and you gave { $given }. Nothing was sent. Send the others in a follow-up (sanctuary report follow-up).
       *[other] This unit accepts at most { $max } files per message, and you gave { $given }. Nothing was sent. Send the others in a follow-up (sanctuary report follow-up).
    }
attach-too-large = { $path } is too large for this unit: at most { $max } per file, and it is { $size }. Nothing was sent. Send a smaller or shorter version, or split it.
attach-unreadable-kept = { $path }: could not be checked for hidden information ({ $reason }). It will be sent unchanged, as you asked (--keep-metadata).
attach-unreadable-refused = { $path } could not be checked for hidden information ({ $reason }). Nothing was sent. Send another copy of the file, or, if you accept that hidden details such as a location or a device name may be sent, use --keep-metadata.
attach-plain-text = { $path }: a plain text file has no hidden information, but check that the text itself does not name you. It will be sent as it is.
attach-other-kind = { $path }: this kind of file ({ $media }) cannot be checked. It may contain hidden information, such as where or when it was made, or the device used. It will be sent as it is.
attach-unchecked-kept = { $path }: could not be checked for hidden information{ $why }. It will be sent as it is, because you used --keep-metadata.
attach-unchecked-refused = { $path } could not be checked for hidden information{ $why }. It may contain details such as a location, a name or the device used. Nothing was sent. Send another copy of the file (for example a screenshot of it), or use --keep-metadata to send it as it is.
attach-nothing-found = { $path }: no hidden information found.
attach-found = { $path }: this file contains hidden information that could identify you:
attach-found-kept = It will be sent unchanged, because you used --keep-metadata.
attach-will-remove = It will be removed before sending. The picture or document itself is not changed.
attach-evidence-hint = (If this information is evidence, send the file with --keep-metadata.)
attach-cannot-remove = The hidden information cannot be removed from { $path }{ $why }. Nothing was sent. Send another copy of the file (for example a screenshot of it), or, if this information is evidence you want the unit to have, use --keep-metadata.
attach-clean-failed = Could not remove the hidden information from { $path } ({ $reason }). Nothing was sent. Send another copy of the file, or use --keep-metadata to send it unchanged.
attach-changed = { $path } changed while it was being sent. Close any program that is writing to it, then try again.
attach-not-encrypted = Could not encrypt { $path }: { $reason }.
progress-sending = Sending { $name }
progress-downloading = Downloading { $name }
progress-time-left = { $eta } left

## What the check for hidden information found, one line each after "  - ".
## $label is one of the found-label-… messages below; $value is text quoted
## from the file and $date a date from it (2024-05-01 14:03), both shown as
## they are; $place is a position such as 51.5012° N, 0.1419° W; $size a size
## such as 12 KiB; $name and $keyword are names from the file; $finding is
## another of these findings; $n counts details.

found-quoted = { $label }: "{ $value }"
found-dated = { $label }: { $date }
found-gps = GPS position where the photo was taken ({ $place })
found-gps-unreadable = GPS position where the photo was taken (exact value unreadable)
found-other-camera-details = Other camera details ({ $n })
found-other-xmp-details = Other hidden details in the XMP block ({ $n })
found-not-listed = { $n } more hidden details (not listed)
found-trailing = Extra data hidden after the end of the picture ({ $size })
found-trailing-jpeg = Extra data hidden after the end of the picture ({ $size }), such as a second picture or a short video that can carry its own place, date and camera details
found-unknown-png = Extra data of unknown purpose (PNG "{ $name }" block)
found-unknown-webp = Extra data of unknown purpose (WebP "{ $name }" block)
found-unknown-jpeg = Extra data added by the camera or an app (JPEG APP{ $name } block)
found-text-note = Text note "{ $keyword }"
found-text-note-value = Text note "{ $keyword }": "{ $value }"
found-unreadable-note = Compressed text note "{ $keyword }" that could not be read
found-document-property = Document property "{ $name }"
found-document-property-value = Document property "{ $name }": "{ $value }"
found-in-picture = Picture inside the document: { $finding }
found-maker-notes = Camera maker's private notes (can include the camera's serial number)
found-unique-picture-number = Unique picture number (can link copies of this picture)
found-more-gps = More GPS details (such as altitude, direction or time)
found-gps-details = GPS details (such as altitude, direction or time)
found-camera-settings = Camera settings (exposure, focus, flash and similar)
found-thumbnail = Small preview copy of the picture (can show parts that were cropped out)
found-unreadable-exif = Camera information block (EXIF) that could not be read in detail; it can hold the place, date and camera
found-unreadable-xmp = Block of hidden details (XMP) that could not be read in detail; it can hold names, places and dates
found-editing-history = Editing history (which programs changed the file, and when)
found-document-numbers = Unique document numbers (can link this file to the original on your device)
found-source-files = References to other files this one was made from
found-editor-data = Private data saved by the program that edited the document
# After "Picture inside the document: ", hence the small first letter.
found-damaged-picture = hidden details that could not be read or removed (the picture is damaged)
found-exif-as-text = Camera information (EXIF) stored as text
found-xmp-as-text = Block of hidden details (XMP) stored as text
found-photoshop-iptc = Photoshop and IPTC details (can hold names, captions and places)
found-extended-xmp = More hidden details (extended XMP), which can hold names, places and dates
found-picture-index = Index of extra pictures stored in the file (such as previews or depth maps)
found-content-credentials = Content Credentials record (can say who made the picture, with which device or app, and where)
found-label-camera-make = Camera make
found-label-camera-model = Camera model
found-label-camera-serial-number = Camera serial number
found-label-lens-make = Lens make
found-label-lens-model = Lens model
found-label-lens-serial-number = Lens serial number
found-label-computer-name = Computer name
found-label-device-used = Device used
found-label-photographer-name = Photographer (artist) name
found-label-author-name = Author name
found-label-camera-owner-name = Camera owner's name
found-label-copyright-holder = Copyright holder
found-label-rights-owner = Rights owner
found-label-contributor = Contributor
found-label-publisher = Publisher
found-label-author-job-title = Author's job title
found-label-caption-writer = Caption writer
found-label-credit = Credit
found-label-author-contact = Author's contact details
found-label-note-author = Name of the person who added a note or mark
found-label-date = Date
found-label-date-taken = Date taken
found-label-date-digitised = Date digitised
found-label-date-created = Date created
found-label-date-last-changed = Date last changed
found-label-details-last-changed = Date the details were last changed
found-label-note-added = Date a note or mark was added
found-label-note-changed = Date a note or mark was changed
found-label-time-zone = Time zone
found-label-software-used = Software used
found-label-program-used = Program used
found-label-document-creator = Program that created the document
found-label-pdf-producer = Program that made the PDF
found-label-city = City
found-label-region = Region
found-label-country = Country
found-label-country-code = Country code
found-label-place = Place
found-label-title = Title
found-label-subject = Subject
found-label-description = Description
found-label-comment = Comment
found-label-keywords = Keywords
found-label-headline = Headline
found-label-instructions = Instructions
found-label-source = Source
found-label-document-name = Document name
