# Textos del programa `sanctuary` para la persona que denuncia, en español.
# La referencia es en.ftl: mismos mensajes, mismas variables.
# Variables: $command es una línea de comando para copiar, tal cual (en su
# propia línea, con sangría); $path un nombre de archivo; $form es "words" o
# "digits" (cómo se escribe el recibo). El programa hace las listas y corta
# las líneas: escriba cada mensaje en una línea, salvo si tiene un salto de
# línea propio.
# Tratamiento: "usted", como en la página web (web/src/i18n/es.json).

## Escribir y enviar

no-message = No se envió nada: no hay mensaje. Indíquelo con --message TEXTO o --message-file ARCHIVO, o ejecute este comando en un terminal para que se le pida.
report-empty = Su mensaje está vacío. Escriba lo que pasó, o adjunte un archivo. No se envió nada.
report-confirm = ¿Enviar esta denuncia ahora?
cancelled-nothing-sent = Cancelado. No se envió nada.
answer-yes-or-no = Responda sí o no ({ $hint }) y pulse Enter.
report-not-sent = Su denuncia no se envió.
report-sent = Su denuncia se envió.
report-kept-headline = Su denuncia TODAVÍA NO se ha enviado. Se guarda, cifrada, hasta que usted la envíe (vea abajo). Su recibo ya es válido:
report-kept-where = Su denuncia está guardada en { $path }. Está cifrada: solo la unidad puede leerla. Cuando vuelva a tener conexión, envíela con:
    { $command }
how-to-check = Para leer las respuestas (vuelva a mirar dentro de unos días):
    { $command }
how-to-check-replies = Para leer las respuestas:
    { $command }
stdin-receipt-and-message = La entrada estándar no puede llevar a la vez su recibo y su mensaje. Indique el recibo con --receipt-file ARCHIVO, o el mensaje con --message o --message-file.
follow-up-empty = Su mensaje está vacío. No se envió nada.
follow-up-write = Escriba lo que quiere añadir a su denuncia, en cualquier idioma.
    Cuando termine, pulse Enter en una línea vacía.
follow-up-confirm = ¿Enviar esto ahora?
follow-up-not-sent = Su mensaje adicional no se envió.
follow-up-kept = Su mensaje adicional TODAVÍA NO se ha enviado. Está guardado, cifrado, en { $path }.
send-later = Cuando vuelva a tener conexión, envíelo con:
    { $command }
follow-up-sent = Su mensaje adicional se envió. Queda añadido a su denuncia.

## Ctrl-C

stopped-check = Detenido. No se cambió nada; ejecute el mismo comando para leer sus respuestas.
cancelled-nothing-deleted = Cancelado. No se borró nada.

## Borrar el buzón

forget-needs-yes = No se borró nada. Para borrar sin que se le pregunte, añada --yes.
forget-explain = Esto borra del servidor, para siempre, las respuestas que la unidad le ha enviado. No podrá volver a leerlas, y la unidad ya no podrá responderle. Su denuncia sigue en manos de la unidad.
forget-confirm = ¿Borrar ahora?
forget-refused = El servidor lo rechazó: este recibo no corresponde a este buzón. No se borró nada.
nothing-deleted = No se borró nada.
forget-done = Hecho. Las respuestas para usted están borradas del servidor, y no pueden llegar respuestas nuevas.
forget-after = Su denuncia sigue en manos de la unidad. Un mensaje adicional enviado con este recibo todavía llegaría a la unidad, pero ella no podría contestarlo. Si ya no necesita su recibo para nada más, puede destruirlo.

## La pantalla del recibo

receipt-title = SU RECIBO: { $form ->
        [digits] 8 grupos de números
       *[words] 12 palabras
    }
receipt-warning-write = { $form ->
        [digits] Escriba estos números ahora, en un papel. Guarde el papel en un lugar seguro y secreto.
       *[words] Escriba estas palabras ahora, en un papel. Guarde el papel en un lugar seguro y secreto.
    }
receipt-warning-only-way = Son la única forma de volver a su denuncia: para leer las respuestas de la unidad o para añadir algo. Nadie puede recuperarlas por usted, ni siquiera la policía ni las personas que gestionan este servicio.
receipt-warning-anyone = { $form ->
        [digits] Cualquiera que tenga estos números puede leer las respuestas para usted.
       *[words] Cualquiera que tenga estas palabras puede leer las respuestas para usted.
    }
receipt-on-stdout = La línea escrita en la salida estándar es su recibo.
receipt-saved = Su recibo también se guardó en { $path }. Cualquiera que encuentre ese archivo puede leer las respuestas para usted: guárdelo en un lugar seguro, o bórrelo cuando haya escrito { $form ->
        [digits] los números
       *[words] las palabras
    } en papel.

## Guardar un mensaje que no se pudo enviar, y `report send`
## ($kind es "report" o "follow-up")

keep-offer = { $kind ->
        [follow-up] Su mensaje adicional está cifrado y listo, pero no se pudo entregar.
       *[report] Su denuncia está cifrada y lista, pero no se pudo entregar.
    }
    Puede guardarlo, cifrado, en un archivo de este ordenador y enviarlo más tarde con `sanctuary report send ARCHIVO` (su texto no aparece legible en ese archivo).
keep-confirm = ¿Guardarlo en un archivo?
keep-file-name = Escriba un nombre para el archivo (por ejemplo report.sanctuary) y pulse Enter:
send-not-ours = { $path } no es una denuncia guardada por `sanctuary report submit` o `report follow-up`. No se envió nada.
send-cannot-read = No se puede leer { $path }.
send-other-unit = { $path } se escribió para otra unidad ({ $unit }), no para { $given }. No se envió nada.
send-roster-changed = { $kind ->
        [follow-up] La unidad ha cambiado su lista de personal desde que se cifró este mensaje adicional, así que ya no se puede entregar tal como está. No se envió nada. Escríbalo de nuevo (sanctuary report follow-up).
       *[report] La unidad ha cambiado su lista de personal desde que se cifró esta denuncia, así que ya no se puede entregar tal como está. No se envió nada. Escríbala de nuevo (sanctuary report submit).
    }
send-roster-changed-now = { $kind ->
        [follow-up] La unidad acaba de cambiar su lista de personal, así que este mensaje adicional ya no se puede entregar tal como está. No se envió nada. Escríbalo de nuevo.
       *[report] La unidad acaba de cambiar su lista de personal, así que esta denuncia ya no se puede entregar tal como está. No se envió nada. Escríbala de nuevo.
    }
send-failed = { $kind ->
        [follow-up] Su mensaje adicional no se envió. { $path } se conserva: inténtelo más tarde.
       *[report] Su denuncia no se envió. { $path } se conserva: inténtelo más tarde.
    }
send-done = { $kind ->
        [follow-up] Su mensaje adicional se envió.
       *[report] Su denuncia se envió.
    }
send-deleted = { $path } ya no hace falta y se borró.
send-delete-it = { $path } ya no hace falta: puede borrarlo.
send-how-to-check = Para leer las respuestas (vuelva a mirar dentro de unos días), use el recibo que recibió al escribirlo:
    { $command }

## El formulario de la unidad

form-intro = Primero, la unidad hace algunas preguntas.
form-required = (obligatorio)
form-type-number = Escriba un número y pulse Enter:
form-type-number-or-skip = Escriba un número y pulse Enter (o solo Enter para saltar la pregunta):
form-enter-to-skip = (pulse Enter para saltar la pregunta)
form-no-answer = Detenido: no se dio ninguna respuesta. No se envió nada.
form-needs-answer = Esta pregunta necesita una respuesta.
form-number-range = Escriba un número del 1 al { $max }.
form-answer-too-long = Responda con { $max } caracteres como máximo; puede contar más en la descripción.
form-describe = Ahora describa lo que pasó, con sus propias palabras y en cualquier idioma.
    Escriba todo lo que quiera. Cuando termine, pulse Enter en una línea vacía.
form-nothing-written = Detenido: no se escribió nada. No se envió nada.
form-write-something = Primero escriba algo (o pulse Ctrl+C para parar).
form-no-such-category = Esta unidad no tiene la categoría "{ $given }". Elija una de estas: { $choices }. No se envió nada.
form-category-length = Una categoría tiene de 1 a 100 caracteres. No se envió nada.

## Escribir el recibo ($number es la posición de una palabra o de un grupo)

receipt-file-unreadable = No se puede leer su recibo en { $path }. Compruebe el nombre del archivo.
receipt-stdin-unreadable = No se puede leer su recibo en la entrada estándar.
receipt-type = Escriba las 12 palabras de su recibo, o sus 8 grupos de números, separados por espacios.
receipt-shown-while-typing = (Se ven mientras escribe: asegúrese de que nadie pueda ver su pantalla. Pulse Enter al final.)
receipt-hidden-while-typing = (No se ven mientras escribe. Pulse Enter al final.)
receipt-prompt = Recibo:
receipt-cannot-ask = Aquí no se puede pedir su recibo. Use --receipt-file ARCHIVO.
receipt-word-unknown = La palabra { $number }, "{ $word }", no es una palabra de recibo.
receipt-word-again = Escriba otra vez la palabra { $number }:
receipt-word-only = Escriba solo la palabra { $number } y pulse Enter.
receipt-word-still-wrong = La palabra { $number } de su recibo sigue sin ser una palabra de recibo. Compárela con su recibo escrito y vuelva a intentarlo.
receipt-check-word = Compárela con su recibo escrito.
receipt-did-you-mean = ¿Quería decir "{ $word }"?
receipt-did-you-mean-one-of = ¿Quería decir una de estas: { $words }?
receipt-none = No se dio ningún recibo. Escriba las 12 palabras de su recibo, o sus 8 grupos de números, separados por espacios.
receipt-word-count = { $n ->
        [one] Un recibo tiene 12 palabras, pero se dio { $n }. Compruebe que tiene todas las palabras, separadas por espacios.
       *[other] Un recibo tiene 12 palabras, pero se dieron { $n }. Compruebe que tiene todas las palabras, separadas por espacios.
    }
receipt-word-of-receipt-unknown = La palabra { $number } de su recibo, "{ $word }", no es una palabra de recibo.
receipt-then-try-again = Después, vuelva a intentarlo.
receipt-checksum = Estas 12 palabras son todas palabras de recibo reales, pero no van juntas: una de ellas está mal, o dos están en el orden equivocado. Compare cada palabra con su recibo escrito y vuelva a intentarlo.
receipt-mixed = Esto mezcla palabras y números. Escriba las 12 palabras de su recibo o sus 8 grupos de números, no las dos cosas.
receipt-digit-count = { $n ->
        [one] Un recibo escrito con números tiene 48 cifras (8 grupos de 6), pero se encontró { $n }. Compruebe que tiene todos los grupos, y todas las cifras de cada grupo.
       *[other] Un recibo escrito con números tiene 48 cifras (8 grupos de 6), pero se encontraron { $n }. Compruebe que tiene todos los grupos, y todas las cifras de cada grupo.
    }
receipt-digit-group = El grupo { $number } de los números tiene un error: compárelo con su papel. Puede haber una cifra equivocada, dos cifras cambiadas de lugar, o grupos en el orden equivocado. Después, vuelva a intentarlo.
receipt-invalid = Esto no es un recibo válido: { $detail }.

## Comprobar que el servidor pertenece a la unidad

roster-invalid = El servidor { $server } no envió una lista de personal válida. Compruebe la dirección del servidor.
roster-none = El servidor { $server } todavía no tiene ninguna unidad configurada, así que no puede pertenecer a la unidad { $unit }. No se envió nada. Compruebe la dirección del servidor.
roster-wrong-unit = sirve a otra unidad
roster-bad-signature = su lista de personal no está firmada por esa unidad
roster-expired = la lista de personal de la unidad caducó el { $day } (la unidad debe renovarla)
roster-not-yet-valid = la lista de personal de la unidad solo es válida a partir del { $day } (¿es correcta la fecha de este ordenador?)
roster-unproven = El servidor no pudo demostrar que pertenece a la unidad { $unit }: { $reason }. No se envió nada.
roster-check-address = Compruebe que la dirección del servidor ({ $server }) y el código de la unidad son exactamente los que publicó la unidad. Si lo son, el servidor puede ser falso o estar mal configurado: no lo use.

## Leer las respuestas ($n y $total cuentan respuestas; $from es el nombre de un miembro del personal)

check-forgotten = Este buzón se borró (con `sanctuary report forget`): el servidor no guarda respuestas para usted, y la unidad ya no puede responderle.
check-forgotten-after = Su denuncia sigue en manos de la unidad. Todavía puede enviar un mensaje adicional; la unidad puede leerlo, pero no puede contestarlo.
check-wrong-thread = corresponde a otra denuncia
check-unknown-signer = no tiene la firma de nadie de la lista actual de personal de la unidad
check-forged = su firma es falsa o está dañada
check-newer-roster = la unidad escribió esto con una lista de personal más nueva que la que le mostró el servidor, así que el servidor le muestra una lista antigua (que puede incluir todavía a alguien que la unidad quitó). No envíe nada a través de este servidor hasta que la unidad lo haya revisado
check-unreadable = no se pudo leer con su recibo (hay datos dañados, o no es una respuesta)
check-unknown-problem = problema desconocido
check-no-replies = Todavía no hay respuestas. Las unidades suelen tardar unos días en responder.
check-again-later = Vuelva a mirar dentro de uno o dos días, con el mismo recibo.
check-not-verified-file = la respuesta no está verificada
check-reply-verified = Respuesta { $n } de { $total }, { $day }, de { $from } (verificada: firmada por un miembro del personal de la unidad)
check-message-unverified = Mensaje { $n } de { $total }, { $day }: NO VERIFICADO: { $reason }.
check-reply-unverified = Respuesta { $n } de { $total }, { $day }, dice venir de { $from }: NO VERIFICADA: { $reason }.
check-do-not-trust = No confíe en este mensaje ni haga lo que pide: puede que no venga de la unidad.
check-files = Archivos:
check-saved-to = guardado en { $path }
check-not-saved = no guardado ({ $reason })
check-how-to-download = Para descargarlos, vuelva a ejecutar esto con --save-attachments CARPETA.
# Añadido con el protocolo 2 (orden de los mensajes): pendiente de revisión por una persona nativa.
check-written = escrita el { $day }
check-reply-missing = Puede que aquí falte una respuesta. Es posible que el servidor la haya retenido; vuelva a mirar más tarde.

## Leer el mensaje, conectarse, enviar

message-file-unreadable = No se puede leer su mensaje en { $path } (debe ser un archivo de texto). No se envió nada.
message-stdin-unreadable = No se puede leer su mensaje en la entrada estándar. No se envió nada.
standard-input = entrada estándar
message-input-too-long = Su mensaje es demasiado largo (más de 2 MiB). Acórtelo, o adjúntelo como archivo. No se envió nada.
message-not-utf8 = El mensaje no es texto UTF-8 ({ $what }, byte { $at }); no se envió nada. Guárdelo como UTF-8 (la mayoría de los editores lo ofrecen en "Guardar como" o "Codificación") y vuelva a intentarlo.
plain-http-warning = Atención: la dirección de este servidor empieza por http://, así que su conexión no está protegida. Su denuncia sigue cifrada, pero cualquiera en la red puede ver que usted contactó con este servidor. Es mejor una dirección https:// o .onion.
nothing-sent = No se envió nada.
connected = Conectado a "{ $name }": el servidor demostró que pertenece a esta unidad.
message-too-long = Su mensaje es demasiado largo para enviarlo (como máximo, alrededor de 1 MiB de texto). Acórtelo, o ponga el resto en un archivo y adjúntelo.
message-not-encrypted = No se pudo cifrar su mensaje: { $detail }.
retry-in = { $seconds ->
        [one] Nuevo intento dentro de { $seconds } segundo…
       *[other] Nuevo intento dentro de { $seconds } segundos…
    }
retry-ask = Todavía no se ha entregado nada. ¿Intentarlo de nuevo ahora?
stopped-delivered = Detenido. Lo que escribió se entregó.
stopped-sending = Detenido durante el envío: no se entregó nada. Ejecute el mismo comando otra vez para enviarlo.
roster-changed-resealing = La unidad acaba de cambiar su lista de personal. Cifrando de nuevo para la nueva lista…
file-too-large-now = { $path } es demasiado grande para esta unidad: como máximo { $max } por archivo.
sending-file = Enviando { $path } como { $name } ({ $size })…
stopped-upload-kept = La subida se detuvo. Aún no se entregó nada, pero lo que ya se envió del archivo se guarda al menos un día: ejecute el mismo comando otra vez, con el mismo archivo, para continuar donde se detuvo.
resuming-file = Continuando el envío de { $name }: ya habían llegado { $done } de { $size }.

## Lo que respondió el servidor (el programa añade después el código del servidor)

answered-http = respondió HTTP { $status }
answered-http-with = respondió HTTP { $status } con { $kind }
server-not-answering-properly = El servidor { $server } no responde bien en este momento ({ $detail }): puede que él, o un proxy delante de él, no funcione. Inténtelo más tarde; si sigue así, compruebe la dirección.
not-https = No se pudo establecer una conexión segura (https) con { $server }: lo que respondió allí no habla https, o su certificado no es válido para esta dirección. Compruebe la dirección: un servidor sin https necesita una dirección que empiece por http://, y un servidor https necesita un certificado válido para su nombre. No se envió nada. (Detalle: { $detail }.)
not-sanctuary = Esta dirección no responde como un servidor Sanctuary: compruebe la dirección ({ $server }). No se envió nada. ({ $detail }.)
unreachable = No se pudo llegar al servidor { $server } ({ $reason }). Compruebe la dirección y su conexión a internet, y vuelva a intentarlo.
unreachable-proxy = Usted usa un proxy: compruebe que Tor (o Tor Browser) está funcionando y que la dirección de --proxy es correcta.
api-storage-full = El servidor está lleno y ahora no puede guardar nada. Inténtelo de nuevo dentro de unos días, o contacte con la unidad de otra manera.
api-overloaded = El servidor está ocupado. Espere unos minutos y vuelva a intentarlo.
api-no-unit = Este servidor todavía no tiene ninguna unidad configurada. Compruebe la dirección del servidor.
api-too-large = Un archivo es más grande de lo que permite la unidad.
api-roster-changed = La unidad cambió su lista de personal mientras se enviaba esto. Vuelva a intentarlo.
api-unauthorized = El servidor no aceptó su clave: probablemente usted no está en la lista de personal actual de la unidad. Pida al administrador de su unidad que añada su tarjeta y vuelva a publicar la lista.
api-stale-request = El servidor rechazó la petición porque el reloj de este ordenador tiene un error de más de 5 minutos, o porque el servidor se reinició hace un momento y este reloj va un poco atrasado. Compruebe la fecha y la hora, y vuelva a intentarlo.
api-replayed = El servidor recibió la misma petición dos veces. Vuelva a intentarlo.
api-bad-pow = El servidor no aceptó la prueba anti-saturación de este programa (un cálculo corto que se hace antes de enviar, para que inundar el servicio con denuncias automáticas cueste a quien lo haga). No se entregó nada. Vuelva a intentarlo; si sigue así, puede que este programa y el servidor no sean compatibles: actualice este programa.
api-pow-expired = La prueba anti-saturación caducó antes de que el servidor la recibiera (cada una vale 10 minutos). No se entregó nada. Vuelva a intentarlo.
api-pow-reused = El servidor ya había visto esta prueba anti-saturación. No se entregó nada. Vuelva a intentarlo.
api-not-found = El servidor no lo tiene (puede que haya caducado o se haya borrado).
api-mailbox-forgotten = La persona que denunció ha borrado su buzón: ya no puede recibir respuestas en este hilo.
api-malformed = El servidor rechazó los datos por estar mal formados ({ $detail }). Probablemente es un error de este programa: por favor, comuníquelo.
api-refused = El servidor rechazó la petición: { $detail }
api-attachment-quota = El servidor ya ha recibido hoy todos los archivos que puede aceptar. No se entregó nada. Envíe ahora su mensaje sin los archivos, o vuelva a intentarlo con ellos mañana.
answer-broken = La conexión con el servidor se cortó mientras se leía su respuesta. Vuelva a intentarlo.
answer-too-large = El servidor envió una respuesta más grande de lo esperado; no se leyó.
answer-not-understood = El servidor envió una respuesta que este programa no entiende ({ $detail }). Compruebe la dirección del servidor.

## La prueba anti-saturación

proving = Demostrando que esto no es un envío masivo automático…
tries = { $n ->
        [one] { $n } intento
       *[other] { $n } intentos
    }
pow-wrong-challenge = El servidor envió un desafío anti-saturación para otra cosa distinta de lo que se pidió. No se envió nada. Compruebe la dirección del servidor, o vuelva a intentarlo.

## Escribir en un editor de texto (--editor)

your-editor = su editor de texto
editor-no-temp = No se pudo crear un archivo temporal privado para su editor de texto. No se envió nada.
editor-opening = Abriendo su editor de texto ({ $command }). Escriba su mensaje, guárdelo y cierre el editor para continuar.
editor-failed = El editor de texto ({ $command }) no terminó correctamente. No se envió nada. Ponga en la variable EDITOR el editor que usa, o escriba su mensaje con --message-file ARCHIVO.

## Archivos adjuntos

attach-cannot-read = No se puede leer { $path }. No se envió nada.
attach-cannot-read-more = No se puede leer { $path }. No se envió nada más.
attach-not-found = No se puede leer el archivo { $path } para adjuntarlo. Compruebe su nombre. No se envió nada.
attach-not-a-file = { $path } no es un archivo (¿es una carpeta?). Adjunte los archivos uno por uno. No se envió nada.
attach-too-many = { $max ->
        [one] Esta unidad acepta como máximo { $max } archivo por mensaje, y usted indicó { $given }. No se envió nada. Envíe los demás en un mensaje adicional (sanctuary report follow-up).
       *[other] Esta unidad acepta como máximo { $max } archivos por mensaje, y usted indicó { $given }. No se envió nada. Envíe los demás en un mensaje adicional (sanctuary report follow-up).
    }
attach-too-large = { $path } es demasiado grande para esta unidad: como máximo { $max } por archivo, y este tiene { $size }. No se envió nada. Envíe una versión más pequeña o más corta, o divídalo.
attach-unreadable-kept = { $path }: no se pudo comprobar si tiene información oculta ({ $reason }). Se enviará sin cambios, como usted pidió (--keep-metadata).
attach-unreadable-refused = No se pudo comprobar si { $path } tiene información oculta ({ $reason }). No se envió nada. Envíe otra copia del archivo o, si acepta que se puedan enviar datos ocultos como un lugar o el nombre de un aparato, use --keep-metadata.
attach-plain-text = { $path }: un archivo de texto simple no tiene información oculta, pero compruebe que el propio texto no le identifica. Se enviará tal cual.
attach-other-kind = { $path }: este tipo de archivo ({ $media }) no se puede comprobar. Puede contener información oculta, como dónde o cuándo se hizo, o el aparato que se usó. Se enviará tal cual.
attach-unchecked-kept = { $path }: no se pudo comprobar si tiene información oculta{ $why }. Se enviará tal cual, porque usted usó --keep-metadata.
attach-unchecked-refused = No se pudo comprobar si { $path } tiene información oculta{ $why }. Puede contener datos como un lugar, un nombre o el aparato que se usó. No se envió nada. Envíe otra copia del archivo (por ejemplo, una captura de pantalla), o use --keep-metadata para enviarlo tal cual.
attach-nothing-found = { $path }: no se encontró información oculta.
attach-found = { $path }: este archivo contiene información oculta que podría identificarle:
attach-found-kept = El archivo se enviará sin cambios, porque usted usó --keep-metadata.
attach-will-remove = Esta información se eliminará antes de enviarlo. La imagen o el documento en sí no cambia.
attach-evidence-hint = (Si esta información es una prueba, envíe el archivo con --keep-metadata.)
attach-cannot-remove = No se puede eliminar la información oculta de { $path }{ $why }. No se envió nada. Envíe otra copia del archivo (por ejemplo, una captura de pantalla) o, si esta información es una prueba que quiere que tenga la unidad, use --keep-metadata.
attach-clean-failed = No se pudo eliminar la información oculta de { $path } ({ $reason }). No se envió nada. Envíe otra copia del archivo, o use --keep-metadata para enviarlo sin cambios.
attach-changed = { $path } cambió mientras se enviaba. Cierre cualquier programa que esté escribiendo en él y vuelva a intentarlo.
attach-not-encrypted = No se pudo cifrar { $path }: { $reason }.
progress-sending = Enviando { $name }
progress-downloading = Descargando { $name }
progress-time-left = quedan { $eta }

## Lo que encontró la comprobación de información oculta

found-quoted = { $label }: "{ $value }"
found-dated = { $label }: { $date }
found-gps = Posición GPS donde se tomó la foto ({ $place })
found-gps-unreadable = Posición GPS donde se tomó la foto (no se puede leer el valor exacto)
found-other-camera-details = Otros datos de la cámara ({ $n })
found-other-xmp-details = Otros datos ocultos en el bloque XMP ({ $n })
found-not-listed = { $n ->
        [one] { $n } dato oculto más (no se muestra)
       *[other] { $n } datos ocultos más (no se muestran)
    }
found-trailing = Datos adicionales ocultos después del final de la imagen ({ $size })
found-trailing-jpeg = Datos adicionales ocultos después del final de la imagen ({ $size }), como una segunda imagen o un vídeo corto que puede llevar su propio lugar, su fecha y datos de la cámara
found-unknown-png = Datos adicionales de uso desconocido (bloque PNG "{ $name }")
found-unknown-webp = Datos adicionales de uso desconocido (bloque WebP "{ $name }")
found-unknown-jpeg = Datos adicionales añadidos por la cámara o una aplicación (bloque JPEG APP{ $name })
found-text-note = Nota de texto "{ $keyword }"
found-text-note-value = Nota de texto "{ $keyword }": "{ $value }"
found-unreadable-note = Nota de texto comprimida "{ $keyword }" que no se pudo leer
found-document-property = Propiedad del documento "{ $name }"
found-document-property-value = Propiedad del documento "{ $name }": "{ $value }"
found-in-picture = Imagen dentro del documento: { $finding }
found-maker-notes = Notas privadas del fabricante de la cámara (pueden incluir el número de serie de la cámara)
found-unique-picture-number = Número único de la imagen (puede relacionar copias de esta imagen)
found-more-gps = Más datos GPS (como altitud, dirección u hora)
found-gps-details = Datos GPS (como altitud, dirección u hora)
found-camera-settings = Ajustes de la cámara (exposición, enfoque, flash y similares)
found-thumbnail = Pequeña copia de vista previa de la imagen (puede mostrar partes que se recortaron)
found-unreadable-exif = Bloque de información de la cámara (EXIF) que no se pudo leer en detalle; puede contener el lugar, la fecha y la cámara
found-unreadable-xmp = Bloque de datos ocultos (XMP) que no se pudo leer en detalle; puede contener nombres, lugares y fechas
found-editing-history = Historial de edición (qué programas cambiaron el archivo, y cuándo)
found-document-numbers = Números únicos del documento (pueden relacionar este archivo con el original en su dispositivo)
found-source-files = Referencias a otros archivos a partir de los cuales se hizo este
found-editor-data = Datos privados guardados por el programa que editó el documento
found-damaged-picture = datos ocultos que no se pudieron leer ni eliminar (la imagen está dañada)
found-exif-as-text = Información de la cámara (EXIF) guardada como texto
found-xmp-as-text = Bloque de datos ocultos (XMP) guardado como texto
found-photoshop-iptc = Datos de Photoshop e IPTC (pueden contener nombres, pies de foto y lugares)
found-extended-xmp = Más datos ocultos (XMP extendido), que pueden contener nombres, lugares y fechas
found-picture-index = Índice de imágenes adicionales guardadas en el archivo (como vistas previas o mapas de profundidad)
found-content-credentials = Registro de Content Credentials (puede decir quién hizo la imagen, con qué dispositivo o aplicación, y dónde)
found-label-camera-make = Marca de la cámara
found-label-camera-model = Modelo de la cámara
found-label-camera-serial-number = Número de serie de la cámara
found-label-lens-make = Marca del objetivo
found-label-lens-model = Modelo del objetivo
found-label-lens-serial-number = Número de serie del objetivo
found-label-computer-name = Nombre del equipo
found-label-device-used = Dispositivo usado
found-label-photographer-name = Nombre del fotógrafo (autor)
found-label-author-name = Nombre del autor
found-label-camera-owner-name = Nombre del propietario de la cámara
found-label-copyright-holder = Titular de los derechos de autor
found-label-rights-owner = Propietario de los derechos
found-label-contributor = Colaborador
found-label-publisher = Editor
found-label-author-job-title = Cargo del autor
found-label-caption-writer = Autor del pie de foto
found-label-credit = Crédito
found-label-author-contact = Datos de contacto del autor
found-label-note-author = Nombre de quien añadió una nota o marca
found-label-date = Fecha
found-label-date-taken = Fecha en que se tomó la foto
found-label-date-digitised = Fecha de digitalización
found-label-date-created = Fecha de creación
found-label-date-last-changed = Fecha del último cambio
found-label-details-last-changed = Fecha del último cambio de los datos
found-label-note-added = Fecha en que se añadió una nota o marca
found-label-note-changed = Fecha en que se cambió una nota o marca
found-label-time-zone = Zona horaria
found-label-software-used = Software usado
found-label-program-used = Programa usado
found-label-document-creator = Programa que creó el documento
found-label-pdf-producer = Programa que generó el PDF
found-label-city = Ciudad
found-label-region = Región
found-label-country = País
found-label-country-code = Código de país
found-label-place = Lugar
found-label-title = Título
found-label-subject = Asunto
found-label-description = Descripción
found-label-comment = Comentario
found-label-keywords = Palabras clave
found-label-headline = Titular
found-label-instructions = Instrucciones
found-label-source = Fuente
found-label-document-name = Nombre del documento
