# Textes du programme `sanctuary` pour la personne qui signale, en français.
# La référence est en.ftl : mêmes messages, mêmes variables.
# Variables : $command est une ligne de commande à copier, telle quelle (sur
# sa propre ligne, en retrait) ; $path un nom de fichier ; $form vaut "words"
# ou "digits" (comment le reçu est écrit). Le programme fait les listes et
# coupe les lignes : écrivez chaque message sur une ligne, sauf s'il a son
# propre retour à la ligne.
# On vouvoie, comme la page web (web/src/i18n/fr.json).

## Écrire et envoyer

no-message = Rien n’a été envoyé : il n’y a pas de message. Donnez-le avec --message TEXTE ou --message-file FICHIER, ou lancez cette commande dans un terminal pour qu’on vous le demande.
report-empty = Votre message est vide. Écrivez ce qui s’est passé, ou joignez un fichier. Rien n’a été envoyé.
report-confirm = Envoyer ce signalement maintenant ?
cancelled-nothing-sent = Annulé. Rien n’a été envoyé.
answer-yes-or-no = Répondez oui ou non ({ $hint }), puis appuyez sur Entrée.
report-not-sent = Votre signalement n’a pas été envoyé.
report-sent = Votre signalement a été envoyé.
report-kept-headline = Votre signalement n’est PAS ENCORE envoyé. Il est conservé, chiffré, jusqu’à ce que vous l’envoyiez (voir plus bas). Son reçu est déjà valable :
report-kept-where = Votre signalement est conservé dans { $path }. Il est chiffré : seule l’unité peut le lire. Quand vous serez de nouveau en ligne, envoyez-le avec :
    { $command }
how-to-check = Pour lire les réponses (revenez voir dans quelques jours) :
    { $command }
how-to-check-replies = Pour lire les réponses :
    { $command }
stdin-receipt-and-message = L’entrée standard ne peut pas contenir à la fois votre reçu et votre message. Donnez le reçu avec --receipt-file FICHIER, ou le message avec --message ou --message-file.
follow-up-empty = Votre message est vide. Rien n’a été envoyé.
follow-up-write = Écrivez ce que vous voulez ajouter à votre signalement, dans la langue de votre choix.
    Quand vous avez fini, appuyez sur Entrée sur une ligne vide.
follow-up-confirm = Envoyer ceci maintenant ?
follow-up-not-sent = Votre complément n’a pas été envoyé.
follow-up-kept = Votre complément n’est PAS ENCORE envoyé. Il est conservé, chiffré, dans { $path }.
send-later = Quand vous serez de nouveau en ligne, envoyez-le avec :
    { $command }
follow-up-sent = Votre complément a été envoyé. Il est ajouté à votre signalement.

## Ctrl-C

stopped-check = Arrêté. Rien n’a été modifié ; lancez la même commande pour lire vos réponses.
cancelled-nothing-deleted = Annulé. Rien n’a été effacé.

## Effacer la boîte de réponses

forget-needs-yes = Rien n’a été effacé. Pour effacer sans qu’on vous le demande, ajoutez --yes.
forget-explain = Ceci efface du serveur, définitivement, les réponses que l’unité vous a écrites. Vous ne pourrez plus les lire, et l’unité ne pourra plus vous répondre. Votre signalement lui-même reste auprès de l’unité.
forget-confirm = Effacer maintenant ?
forget-refused = Le serveur a refusé : ce reçu ne correspond pas à la boîte de réponses. Rien n’a été effacé.
nothing-deleted = Rien n’a été effacé.
forget-done = C’est fait. Les réponses qui vous étaient destinées sont effacées du serveur, et aucune nouvelle réponse ne peut arriver.
forget-after = Votre signalement reste auprès de l’unité. Un complément envoyé avec ce reçu arriverait encore à l’unité, mais elle ne pourrait pas y répondre. Si votre reçu ne vous sert plus à rien d’autre, vous pouvez le détruire.

## L’écran du reçu

receipt-title = VOTRE REÇU : { $form ->
        [digits] 8 groupes de chiffres
       *[words] 12 mots
    }
receipt-warning-write = { $form ->
        [digits] Écrivez ces chiffres maintenant, sur papier. Gardez le papier en lieu sûr et secret.
       *[words] Écrivez ces mots maintenant, sur papier. Gardez le papier en lieu sûr et secret.
    }
receipt-warning-only-way = C’est le seul moyen de revenir à votre signalement : pour lire les réponses de l’unité, ou pour ajouter quelque chose. Personne ne peut les retrouver pour vous, pas même la police ni les personnes qui gèrent ce service.
receipt-warning-anyone = { $form ->
        [digits] Toute personne qui a ces chiffres peut lire les réponses qui vous sont destinées.
       *[words] Toute personne qui a ces mots peut lire les réponses qui vous sont destinées.
    }
receipt-on-stdout = La ligne écrite sur la sortie standard est votre reçu.
receipt-saved = Votre reçu a aussi été enregistré dans { $path }. Toute personne qui trouve ce fichier peut lire les réponses qui vous sont destinées : gardez-le en lieu sûr, ou effacez-le dès que vous aurez écrit { $form ->
        [digits] les chiffres
       *[words] les mots
    } sur papier.

## Garder un message qui n’a pas pu être envoyé, et `report send`
## ($kind vaut "report" ou "follow-up")

keep-offer = { $kind ->
        [follow-up] Votre complément est chiffré et prêt, mais il n’a pas pu être remis.
       *[report] Votre signalement est chiffré et prêt, mais il n’a pas pu être remis.
    }
    Vous pouvez le garder, chiffré, dans un fichier sur cet ordinateur et l’envoyer plus tard avec `sanctuary report send FICHIER` (votre texte n’est pas lisible dans ce fichier).
keep-confirm = Le garder dans un fichier ?
keep-file-name = Tapez un nom de fichier (par exemple report.sanctuary) et appuyez sur Entrée :
send-not-ours = { $path } n’est pas un signalement conservé par `sanctuary report submit` ou `report follow-up`. Rien n’a été envoyé.
send-cannot-read = Impossible de lire { $path }.
send-other-unit = { $path } a été écrit pour une autre unité ({ $unit }), pas pour { $given }. Rien n’a été envoyé.
send-roster-changed = { $kind ->
        [follow-up] L’unité a changé sa liste d’agents depuis que ce complément a été chiffré : il ne peut plus être remis tel quel. Rien n’a été envoyé. Écrivez-le de nouveau (sanctuary report follow-up).
       *[report] L’unité a changé sa liste d’agents depuis que ce signalement a été chiffré : il ne peut plus être remis tel quel. Rien n’a été envoyé. Écrivez-le de nouveau (sanctuary report submit).
    }
send-roster-changed-now = { $kind ->
        [follow-up] L’unité vient de changer sa liste d’agents : ce complément ne peut plus être remis tel quel. Rien n’a été envoyé. Écrivez-le de nouveau.
       *[report] L’unité vient de changer sa liste d’agents : ce signalement ne peut plus être remis tel quel. Rien n’a été envoyé. Écrivez-le de nouveau.
    }
send-failed = { $kind ->
        [follow-up] Votre complément n’a pas été envoyé. { $path } est conservé : réessayez plus tard.
       *[report] Votre signalement n’a pas été envoyé. { $path } est conservé : réessayez plus tard.
    }
send-done = { $kind ->
        [follow-up] Votre complément a été envoyé.
       *[report] Votre signalement a été envoyé.
    }
send-deleted = { $path } n’est plus utile et a été effacé.
send-delete-it = { $path } n’est plus utile : vous pouvez l’effacer.
send-how-to-check = Pour lire les réponses (revenez voir dans quelques jours), utilisez le reçu que vous avez reçu en l’écrivant :
    { $command }

## Le formulaire de l’unité

form-intro = L’unité pose d’abord quelques questions.
form-required = (obligatoire)
form-type-number = Tapez un numéro et appuyez sur Entrée :
form-type-number-or-skip = Tapez un numéro et appuyez sur Entrée (ou seulement Entrée pour passer) :
form-enter-to-skip = (appuyez sur Entrée pour passer)
form-no-answer = Arrêté : aucune réponse n’a été donnée. Rien n’a été envoyé.
form-needs-answer = Cette question demande une réponse.
form-number-range = Tapez un numéro de 1 à { $max }.
form-answer-too-long = Répondez en { $max } caractères au plus ; vous pourrez en dire plus dans la description.
form-describe = Maintenant, décrivez ce qui s’est passé, avec vos propres mots et dans la langue de votre choix.
    Écrivez autant que vous voulez. Quand vous avez fini, appuyez sur Entrée sur une ligne vide.
form-nothing-written = Arrêté : rien n’a été écrit. Rien n’a été envoyé.
form-write-something = Écrivez d’abord quelque chose (ou appuyez sur Ctrl+C pour arrêter).
form-no-such-category = Cette unité n’a pas de catégorie "{ $given }". Choisissez-en une parmi : { $choices }. Rien n’a été envoyé.
form-category-length = Une catégorie fait de 1 à 100 caractères. Rien n’a été envoyé.

## Taper le reçu ($number est la position d’un mot ou d’un groupe)

receipt-file-unreadable = Impossible de lire votre reçu dans { $path }. Vérifiez le nom du fichier.
receipt-stdin-unreadable = Impossible de lire votre reçu sur l’entrée standard.
receipt-type = Tapez les 12 mots de votre reçu, ou ses 8 groupes de chiffres, séparés par des espaces.
receipt-shown-while-typing = (Ils s’affichent pendant que vous tapez : vérifiez que personne ne voit votre écran. Appuyez sur Entrée à la fin.)
receipt-hidden-while-typing = (Ils ne s’affichent pas pendant que vous tapez. Appuyez sur Entrée à la fin.)
receipt-prompt = Reçu :
receipt-cannot-ask = Impossible de demander votre reçu ici. Utilisez --receipt-file FICHIER.
receipt-word-unknown = Le mot { $number }, "{ $word }", n’est pas un mot de reçu.
receipt-word-again = Tapez de nouveau le mot { $number } :
receipt-word-only = Tapez seulement le mot { $number }, puis appuyez sur Entrée.
receipt-word-still-wrong = Le mot { $number } de votre reçu n’est toujours pas un mot de reçu. Comparez-le avec votre reçu écrit, puis réessayez.
receipt-check-word = Comparez-le avec votre reçu écrit.
receipt-did-you-mean = Vouliez-vous dire "{ $word }" ?
receipt-did-you-mean-one-of = Vouliez-vous dire l’un de ces mots : { $words } ?
receipt-none = Aucun reçu n’a été donné. Tapez les 12 mots de votre reçu, ou ses 8 groupes de chiffres, séparés par des espaces.
receipt-word-count = { $n ->
        [one] Un reçu a 12 mots, mais { $n } mot a été donné. Vérifiez que vous avez tous les mots, séparés par des espaces.
       *[other] Un reçu a 12 mots, mais { $n } mots ont été donnés. Vérifiez que vous avez tous les mots, séparés par des espaces.
    }
receipt-word-of-receipt-unknown = Le mot { $number } de votre reçu, "{ $word }", n’est pas un mot de reçu.
receipt-then-try-again = Puis réessayez.
receipt-checksum = Ces 12 mots sont tous de vrais mots de reçu, mais ils ne vont pas ensemble : l’un d’eux est faux, ou deux sont dans le mauvais ordre. Comparez chaque mot avec votre reçu écrit et réessayez.
receipt-mixed = Ceci mélange des mots et des chiffres. Tapez soit les 12 mots de votre reçu, soit ses 8 groupes de chiffres, pas les deux.
receipt-digit-count = { $n ->
        [one] Un reçu écrit en chiffres a 48 chiffres (8 groupes de 6), mais { $n } chiffre a été trouvé. Vérifiez que vous avez tous les groupes, et tous les chiffres de chaque groupe.
       *[other] Un reçu écrit en chiffres a 48 chiffres (8 groupes de 6), mais { $n } chiffres ont été trouvés. Vérifiez que vous avez tous les groupes, et tous les chiffres de chaque groupe.
    }
receipt-digit-group = Le groupe { $number } des chiffres contient une erreur : comparez-le avec votre papier. Un chiffre est peut-être faux, deux chiffres peuvent être inversés, ou les groupes peuvent être dans le désordre. Puis réessayez.
receipt-invalid = Ce n’est pas un reçu valable : { $detail }.

## Vérifier que le serveur appartient à l’unité

roster-invalid = Le serveur { $server } n’a pas envoyé de liste d’agents valable. Vérifiez l’adresse du serveur.
roster-none = Le serveur { $server } n’a encore aucune unité configurée, il ne peut donc pas appartenir à l’unité { $unit }. Rien n’a été envoyé. Vérifiez l’adresse du serveur.
roster-wrong-unit = il sert une autre unité
roster-bad-signature = sa liste d’agents n’est pas signée par cette unité
roster-expired = la liste d’agents de l’unité a expiré le { $day } (l’unité doit la renouveler)
roster-not-yet-valid = la liste d’agents de l’unité n’est valable qu’à partir du { $day } (la date de cet ordinateur est-elle juste ?)
roster-unproven = Le serveur n’a pas pu prouver qu’il appartient à l’unité { $unit } : { $reason }. Rien n’a été envoyé.
roster-check-address = Vérifiez que l’adresse du serveur ({ $server }) et le code de l’unité sont exactement ceux que l’unité a publiés. S’ils le sont, le serveur est peut-être faux ou mal configuré : ne l’utilisez pas.

## Lire les réponses ($n et $total comptent les réponses ; $from est le nom d’un agent)

check-forgotten = Cette boîte de réponses a été effacée (avec `sanctuary report forget`) : le serveur ne garde aucune réponse pour vous, et l’unité ne peut plus vous répondre.
check-forgotten-after = Votre signalement reste auprès de l’unité. Vous pouvez encore envoyer un complément ; l’unité peut le lire mais ne peut pas y répondre.
check-wrong-thread = c’est pour un autre signalement
check-unknown-signer = personne de la liste actuelle des agents de l’unité ne l’a signé
check-forged = sa signature est falsifiée ou abîmée
check-newer-roster = l’unité a écrit ceci avec une liste d’agents plus récente que celle que le serveur vous a montrée : le serveur vous montre donc une ancienne liste (qui peut encore nommer une personne que l’unité a retirée). N’envoyez rien par ce serveur tant que l’unité ne l’a pas vérifié
check-unreadable = impossible de le lire avec votre reçu (contenu abîmé, ou ce n’est pas une réponse)
check-unknown-problem = problème inconnu
check-no-replies = Pas encore de réponse. Les unités mettent souvent quelques jours à répondre.
check-again-later = Revenez voir dans un jour ou deux, avec le même reçu.
check-not-verified-file = la réponse n’est pas vérifiée
check-reply-verified = Réponse { $n } sur { $total }, { $day }, de { $from } (vérifiée : signée par un agent de l’unité)
check-message-unverified = Message { $n } sur { $total }, { $day } : NON VÉRIFIÉ : { $reason }.
check-reply-unverified = Réponse { $n } sur { $total }, { $day }, qui dit venir de { $from } : NON VÉRIFIÉE : { $reason }.
check-do-not-trust = Ne faites pas confiance à ce message et ne faites pas ce qu’il demande : il ne vient peut-être pas de l’unité.
check-files = Fichiers :
check-saved-to = enregistré dans { $path }
check-not-saved = non enregistré ({ $reason })
check-how-to-download = Pour les télécharger, relancez ceci avec --save-attachments DOSSIER.
# Ajouté avec le protocole 2 (ordre des messages) : à relire par une personne de langue maternelle française.
check-written = écrite le { $day }
check-reply-missing = Une réponse manque peut-être ici. Le serveur l’a peut-être retenue ; revenez voir plus tard.

## Lire le message, se connecter, envoyer

message-file-unreadable = Impossible de lire votre message dans { $path } (ce doit être un fichier texte). Rien n’a été envoyé.
message-stdin-unreadable = Impossible de lire votre message sur l’entrée standard. Rien n’a été envoyé.
standard-input = entrée standard
message-input-too-long = Votre message est trop long (plus de 2 Mio). Raccourcissez-le, ou joignez-le comme fichier. Rien n’a été envoyé.
message-not-utf8 = Le message n’est pas du texte UTF-8 ({ $what }, octet { $at }) ; rien n’a été envoyé. Enregistrez-le en UTF-8 (la plupart des éditeurs le proposent sous « Enregistrer sous » ou « Encodage ») et réessayez.
plain-http-warning = Attention : l’adresse de ce serveur commence par http://, votre connexion n’est donc pas protégée. Votre signalement reste chiffré, mais toute personne sur le réseau peut voir que vous avez contacté ce serveur. Préférez une adresse https:// ou .onion.
nothing-sent = Rien n’a été envoyé.
connected = Connecté à "{ $name }" : le serveur a prouvé qu’il appartient à cette unité.
message-too-long = Votre message est trop long pour être envoyé (environ 1 Mio de texte au plus). Raccourcissez-le, ou mettez le reste dans un fichier et joignez-le.
message-not-encrypted = Impossible de chiffrer votre message : { $detail }.
retry-in = { $seconds ->
        [one] Nouvel essai dans { $seconds } seconde…
       *[other] Nouvel essai dans { $seconds } secondes…
    }
retry-ask = Rien n’a encore été remis. Réessayer maintenant ?
stopped-delivered = Arrêté. Ce que vous avez écrit a été remis.
stopped-sending = Arrêté pendant l’envoi : rien n’a été remis. Relancez la même commande pour l’envoyer.
roster-changed-resealing = L’unité vient de changer sa liste d’agents. Nouveau chiffrement pour la nouvelle liste…
file-too-large-now = { $path } est trop grand pour cette unité : { $max } au plus par fichier.
sending-file = Envoi de { $path } sous le nom { $name } ({ $size })…
stopped-upload-kept = L’envoi s’est arrêté. Rien n’a encore été remis, mais ce qui a déjà été envoyé du fichier est gardé au moins un jour : relancez la même commande, avec le même fichier, pour reprendre là où il s’est arrêté.
resuming-file = Reprise de l’envoi de { $name } : { $done } sur { $size } étaient déjà arrivés.

## Ce que le serveur a répondu (le programme ajoute ensuite le code du serveur)

answered-http = il a répondu HTTP { $status }
answered-http-with = il a répondu HTTP { $status } avec { $kind }
server-not-answering-properly = Le serveur { $server } ne répond pas correctement en ce moment ({ $detail }) : lui, ou un proxy placé devant lui, est peut-être en panne. Réessayez plus tard ; si cela continue, vérifiez l’adresse.
not-https = Impossible d’établir une connexion sécurisée (https) avec { $server } : ce qui a répondu à cette adresse ne parle pas https, ou son certificat n’est pas valable pour cette adresse. Vérifiez l’adresse : un serveur sans https demande une adresse qui commence par http://, et un serveur https a besoin d’un certificat valable pour son nom. Rien n’a été envoyé. (Détail : { $detail }.)
not-sanctuary = Cette adresse ne répond pas comme un serveur Sanctuary : vérifiez l’adresse ({ $server }). Rien n’a été envoyé. ({ $detail }.)
unreachable = Impossible de joindre le serveur { $server } ({ $reason }). Vérifiez l’adresse et votre connexion internet, puis réessayez.
unreachable-proxy = Vous utilisez un proxy : vérifiez que Tor (ou Tor Browser) fonctionne et que l’adresse de --proxy est juste.
api-storage-full = Le serveur est plein et ne peut rien enregistrer pour le moment. Réessayez dans quelques jours, ou contactez l’unité autrement.
api-overloaded = Le serveur est occupé. Attendez quelques minutes et réessayez.
api-no-unit = Ce serveur n’a encore aucune unité configurée. Vérifiez l’adresse du serveur.
api-too-large = Un fichier est plus grand que ce que l’unité accepte.
api-roster-changed = L’unité a changé sa liste d’agents pendant cet envoi. Réessayez.
api-unauthorized = Le serveur n’a pas accepté votre clé : vous n’êtes probablement pas sur la liste actuelle des agents de l’unité. Demandez à l’administrateur de votre unité d’ajouter votre carte et de publier de nouveau la liste.
api-stale-request = Le serveur a refusé la demande parce que l’horloge de cet ordinateur a plus de 5 minutes d’écart, ou parce que le serveur vient de redémarrer et que cette horloge est un peu en retard. Vérifiez la date et l’heure, puis réessayez.
api-replayed = Le serveur a reçu la même demande deux fois. Réessayez.
api-bad-pow = Le serveur n’a pas accepté la preuve anti-inondation de ce programme (un court calcul fait avant l’envoi, pour que l’envoi massif de signalements automatiques coûte à ses auteurs). Rien n’a été remis. Réessayez ; si cela continue, ce programme et le serveur ne correspondent peut-être pas : mettez ce programme à jour.
api-pow-expired = La preuve anti-inondation a expiré avant que le serveur la reçoive (chacune est valable 10 minutes). Rien n’a été remis. Réessayez.
api-pow-reused = Le serveur avait déjà vu cette preuve anti-inondation. Rien n’a été remis. Réessayez.
api-not-found = Le serveur ne l’a pas (il a peut-être expiré ou été effacé).
api-mailbox-forgotten = La personne qui a signalé a effacé sa boîte de réponses : elle ne peut plus recevoir de réponses dans cet échange.
api-malformed = Le serveur a refusé les données comme mal formées ({ $detail }). C’est probablement une erreur de ce programme : merci de la signaler.
api-refused = Le serveur a refusé la demande : { $detail }
api-attachment-quota = Le serveur a déjà reçu aujourd’hui autant de fichiers qu’il peut en accepter. Rien n’a été remis. Envoyez maintenant votre message sans les fichiers, ou réessayez demain avec eux.
answer-broken = La connexion au serveur a été coupée pendant la lecture de sa réponse. Réessayez.
answer-too-large = Le serveur a envoyé une réponse plus grande que prévu ; elle n’a pas été lue.
answer-not-understood = Le serveur a envoyé une réponse que ce programme ne comprend pas ({ $detail }). Vérifiez l’adresse du serveur.

## La preuve anti-inondation

proving = Calcul de la preuve que ceci n’est pas un envoi massif automatique…
tries = { $n ->
        [one] { $n } essai
       *[other] { $n } essais
    }
pow-wrong-challenge = Le serveur a envoyé un défi anti-inondation pour autre chose que ce qui était demandé. Rien n’a été envoyé. Vérifiez l’adresse du serveur, ou réessayez.

## Écrire dans un éditeur de texte (--editor)

your-editor = votre éditeur de texte
editor-no-temp = Impossible de créer un fichier temporaire privé pour votre éditeur de texte. Rien n’a été envoyé.
editor-opening = Ouverture de votre éditeur de texte ({ $command }). Écrivez votre message, enregistrez-le, puis fermez l’éditeur pour continuer.
editor-failed = L’éditeur de texte ({ $command }) ne s’est pas terminé correctement. Rien n’a été envoyé. Mettez dans la variable EDITOR l’éditeur que vous utilisez, ou écrivez votre message avec --message-file FICHIER.

## Fichiers joints

attach-cannot-read = Impossible de lire { $path }. Rien n’a été envoyé.
attach-cannot-read-more = Impossible de lire { $path }. Rien de plus n’a été envoyé.
attach-not-found = Impossible de lire le fichier { $path } à joindre. Vérifiez son nom. Rien n’a été envoyé.
attach-not-a-file = { $path } n’est pas un fichier (un dossier ?). Joignez les fichiers un par un. Rien n’a été envoyé.
attach-too-many = { $max ->
        [one] Cette unité accepte au plus { $max } fichier par message, et vous en avez donné { $given }. Rien n’a été envoyé. Envoyez les autres dans un complément (sanctuary report follow-up).
       *[other] Cette unité accepte au plus { $max } fichiers par message, et vous en avez donné { $given }. Rien n’a été envoyé. Envoyez les autres dans un complément (sanctuary report follow-up).
    }
attach-too-large = { $path } est trop grand pour cette unité : { $max } au plus par fichier, et il fait { $size }. Rien n’a été envoyé. Envoyez une version plus petite ou plus courte, ou découpez-le.
attach-unreadable-kept = { $path } : impossible de vérifier s’il contient des informations cachées ({ $reason }). Il sera envoyé sans changement, comme vous l’avez demandé (--keep-metadata).
attach-unreadable-refused = Impossible de vérifier si { $path } contient des informations cachées ({ $reason }). Rien n’a été envoyé. Envoyez une autre copie du fichier ou, si vous acceptez que des détails cachés comme un lieu ou le nom d’un appareil soient envoyés, utilisez --keep-metadata.
attach-plain-text = { $path } : un simple fichier texte ne contient pas d’informations cachées, mais vérifiez que le texte lui-même ne permet pas de vous identifier. Il sera envoyé tel quel.
attach-other-kind = { $path } : ce type de fichier ({ $media }) ne peut pas être vérifié. Il peut contenir des informations cachées, comme le lieu ou la date de sa création, ou l’appareil utilisé. Il sera envoyé tel quel.
attach-unchecked-kept = { $path } : impossible de vérifier s’il contient des informations cachées{ $why }. Il sera envoyé tel quel, car vous avez utilisé --keep-metadata.
attach-unchecked-refused = Impossible de vérifier si { $path } contient des informations cachées{ $why }. Il peut contenir des détails comme un lieu, un nom ou l’appareil utilisé. Rien n’a été envoyé. Envoyez une autre copie du fichier (par exemple une capture d’écran), ou utilisez --keep-metadata pour l’envoyer tel quel.
attach-nothing-found = { $path } : aucune information cachée trouvée.
attach-found = { $path } : ce fichier contient des informations cachées qui pourraient vous identifier :
attach-found-kept = Le fichier sera envoyé sans changement, car vous avez utilisé --keep-metadata.
attach-will-remove = Ces informations seront supprimées avant l’envoi. L’image ou le document lui-même n’est pas modifié.
attach-evidence-hint = (Si ces informations sont une preuve, envoyez le fichier avec --keep-metadata.)
attach-cannot-remove = Les informations cachées ne peuvent pas être supprimées de { $path }{ $why }. Rien n’a été envoyé. Envoyez une autre copie du fichier (par exemple une capture d’écran) ou, si ces informations sont une preuve que vous voulez transmettre à l’unité, utilisez --keep-metadata.
attach-clean-failed = Impossible de supprimer les informations cachées de { $path } ({ $reason }). Rien n’a été envoyé. Envoyez une autre copie du fichier, ou utilisez --keep-metadata pour l’envoyer sans changement.
attach-changed = { $path } a changé pendant son envoi. Fermez tout programme qui écrit dedans, puis réessayez.
attach-not-encrypted = Impossible de chiffrer { $path } : { $reason }.
progress-sending = Envoi de { $name }
progress-downloading = Téléchargement de { $name }
progress-time-left = encore { $eta }

## Ce que la vérification des informations cachées a trouvé

found-quoted = { $label } : "{ $value }"
found-dated = { $label } : { $date }
found-gps = Position GPS où la photo a été prise ({ $place })
found-gps-unreadable = Position GPS où la photo a été prise (valeur exacte illisible)
found-other-camera-details = Autres détails de l’appareil photo ({ $n })
found-other-xmp-details = Autres détails cachés dans le bloc XMP ({ $n })
found-not-listed = { $n ->
        [one] { $n } autre détail caché (non listé)
       *[other] { $n } autres détails cachés (non listés)
    }
found-trailing = Données supplémentaires cachées après la fin de l’image ({ $size })
found-trailing-jpeg = Données supplémentaires cachées après la fin de l’image ({ $size }), comme une deuxième image ou une courte vidéo qui peut porter son propre lieu, sa date et les détails de l’appareil photo
found-unknown-png = Données supplémentaires d’usage inconnu (bloc PNG "{ $name }")
found-unknown-webp = Données supplémentaires d’usage inconnu (bloc WebP "{ $name }")
found-unknown-jpeg = Données supplémentaires ajoutées par l’appareil photo ou une application (bloc JPEG APP{ $name })
found-text-note = Note texte "{ $keyword }"
found-text-note-value = Note texte "{ $keyword }" : "{ $value }"
found-unreadable-note = Note texte compressée "{ $keyword }" qui n’a pas pu être lue
found-document-property = Propriété du document "{ $name }"
found-document-property-value = Propriété du document "{ $name }" : "{ $value }"
found-in-picture = Image dans le document : { $finding }
found-maker-notes = Notes privées du fabricant de l’appareil photo (peuvent contenir son numéro de série)
found-unique-picture-number = Numéro unique de l’image (peut relier entre elles les copies de cette image)
found-more-gps = Autres détails GPS (comme l’altitude, la direction ou l’heure)
found-gps-details = Détails GPS (comme l’altitude, la direction ou l’heure)
found-camera-settings = Réglages de l’appareil photo (exposition, mise au point, flash, etc.)
found-thumbnail = Petite copie d’aperçu de l’image (peut montrer des parties qui ont été recadrées)
found-unreadable-exif = Bloc d’informations de l’appareil photo (EXIF) qui n’a pas pu être lu en détail ; il peut contenir le lieu, la date et l’appareil
found-unreadable-xmp = Bloc de détails cachés (XMP) qui n’a pas pu être lu en détail ; il peut contenir des noms, des lieux et des dates
found-editing-history = Historique des modifications (quels programmes ont modifié le fichier, et quand)
found-document-numbers = Numéros uniques du document (peuvent relier ce fichier à l’original sur votre appareil)
found-source-files = Références à d’autres fichiers à partir desquels celui-ci a été fait
found-editor-data = Données privées enregistrées par le programme qui a modifié le document
found-damaged-picture = détails cachés qui n’ont pu être ni lus ni supprimés (l’image est endommagée)
found-exif-as-text = Informations de l’appareil photo (EXIF) enregistrées sous forme de texte
found-xmp-as-text = Bloc de détails cachés (XMP) enregistré sous forme de texte
found-photoshop-iptc = Détails Photoshop et IPTC (peuvent contenir des noms, des légendes et des lieux)
found-extended-xmp = Autres détails cachés (XMP étendu), qui peuvent contenir des noms, des lieux et des dates
found-picture-index = Index d’images supplémentaires enregistrées dans le fichier (comme des aperçus ou des cartes de profondeur)
found-content-credentials = Enregistrement Content Credentials (peut dire qui a fait l’image, avec quel appareil ou quelle application, et où)
found-label-camera-make = Marque de l’appareil photo
found-label-camera-model = Modèle de l’appareil photo
found-label-camera-serial-number = Numéro de série de l’appareil photo
found-label-lens-make = Marque de l’objectif
found-label-lens-model = Modèle de l’objectif
found-label-lens-serial-number = Numéro de série de l’objectif
found-label-computer-name = Nom de l’ordinateur
found-label-device-used = Appareil utilisé
found-label-photographer-name = Nom du photographe (auteur)
found-label-author-name = Nom de l’auteur
found-label-camera-owner-name = Nom du propriétaire de l’appareil photo
found-label-copyright-holder = Titulaire du droit d’auteur
found-label-rights-owner = Titulaire des droits
found-label-contributor = Contributeur
found-label-publisher = Éditeur
found-label-author-job-title = Fonction de l’auteur
found-label-caption-writer = Auteur de la légende
found-label-credit = Crédit
found-label-author-contact = Coordonnées de l’auteur
found-label-note-author = Nom de la personne qui a ajouté une note ou une marque
found-label-date = Date
found-label-date-taken = Date de prise de vue
found-label-date-digitised = Date de numérisation
found-label-date-created = Date de création
found-label-date-last-changed = Date de dernière modification
found-label-details-last-changed = Date de dernière modification des détails
found-label-note-added = Date d’ajout d’une note ou d’une marque
found-label-note-changed = Date de modification d’une note ou d’une marque
found-label-time-zone = Fuseau horaire
found-label-software-used = Logiciel utilisé
found-label-program-used = Programme utilisé
found-label-document-creator = Programme qui a créé le document
found-label-pdf-producer = Programme qui a produit le PDF
found-label-city = Ville
found-label-region = Région
found-label-country = Pays
found-label-country-code = Code du pays
found-label-place = Lieu
found-label-title = Titre
found-label-subject = Sujet
found-label-description = Description
found-label-comment = Commentaire
found-label-keywords = Mots-clés
found-label-headline = Gros titre
found-label-instructions = Instructions
found-label-source = Source
found-label-document-name = Nom du document
