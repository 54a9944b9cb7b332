## Applicazione
app-title = Portale partner
loading = Caricamento…
action-retry = Riprova
action-sign-out = Esci
language-label = Lingua
language-name-de = Deutsch
language-name-it = Italiano
language-name-en = English
environment-label = Ambiente
environment-sandbox = Sandbox
environment-production = Produzione
account-partner-id = ID partner { $id }
account-switcher-label = Account
account-switch-button = Cambia
account-option = { $account } (ID partner { $id }) – { $role }
accounts-heading = Scegli l'account
accounts-intro = Il tuo indirizzo { $email } ha accesso al Portale partner di più account. Scegli l'account in cui vuoi lavorare; puoi cambiarlo in qualsiasi momento nell'intestazione.
accounts-role = Il tuo ruolo: { $role }
accounts-contact-missing = Informazioni di contatto mancanti
account-switched = Ora lavori nell'account { $account } con il ruolo { $role }.
account-switch-failed = Non è stato possibile cambiare account. Riprova.

## Navigazione
nav-label = Navigazione principale
nav-overview = Panoramica
nav-configuration = Configurazione
nav-contact-information = Informazioni di contatto
nav-users = Utenti
nav-help = Guida
nav-contact-support = Contatta l'assistenza

## Finestra modale
modal-title = Informazioni obbligatorie
modal-contact-support-link = Contatta l'assistenza
modal-intro = Prima di lanciare l'integrazione “{ $integration }”, è obbligatorio compilare le informazioni di contatto. Per aiutare Google a fornirti assistenza e notifiche relative al tuo account, è necessario che i dati di contatto siano compilati prima che tu possa accedere alle altre funzionalità all'interno del Portale partner. Poiché i dati di contatto sono a livello di account, possono essere inseriti da un solo utente.
modal-tabs-label = Informazioni obbligatorie
modal-tab-contact-information = Informazioni di contatto
modal-tab-users = Utenti
modal-tab-contact-support = Contatta l'assistenza
modal-contact-information-intro = È importante che, dopo l'integrazione, la comunicazione sia indirizzata correttamente al team tecnico e operativo. Una volta che tutti i dati di contatto sono stati inviati, il resto del Portale partner verrà sbloccato e potrai iniziare a lavorare all'integrazione “{ $integration }”.
modal-users-intro = Se un'altra persona della tua organizzazione è più adatta a inserire le informazioni di contatto, puoi concederle l'accesso al Portale partner.

## Informazioni di contatto
contact-status-heading = Informazioni di contatto mancanti ({ $environment })
contact-status-complete = Tutte le informazioni di contatto obbligatorie sono state fornite.
contact-information-heading = Informazioni di contatto
contact-information-intro = Puoi aggiornare le informazioni di contatto del tuo account in qualsiasi momento.

# The change history on Configuration → Contact information.
history-heading = Cronologia delle modifiche
history-intro = Ogni modifica alle informazioni di contatto, agli utenti e ai loro ruoli, dalla più recente.
history-empty = Non è stata ancora registrata alcuna modifica.
history-show-more = Mostra altro
history-contact-info-updated = Informazioni di contatto modificate
history-contact-info-confirmed = Confermate come ancora corrette
history-user-invited = Utente invitato: { $name }
history-invitation-accepted = Invito accettato: { $name }
history-role-changed = Ruolo modificato: { $name }
history-user-removed = Utente rimosso: { $name }
history-by = da { $name } ({ $email })
history-by-operator = dal gestore del portale
history-address-verified = Indirizzo email confermato
history-by-link = tramite il link nell'email di conferma
history-added = Aggiunti: { $items }
history-removed = Rimossi: { $items }
history-was-now = Prima: { $old }. Ora: { $new }.
history-role = Ruolo
history-none = nessuno
history-hours-row = { $weekdays } { $start }–{ $end } ({ $zone })
history-hours-row-overnight = { $weekdays } { $start }–{ $end } del giorno dopo ({ $zone })

# Verified contact addresses: status next to each address, the summary with resend
# (src/features/contact_info/verification.rs) and the page a confirmation link opens
# (src/pages/verify.rs).
verification-verified = Confermato il { $date }
verification-pending = Non ancora confermato
verification-failed = Non recapitato o link scaduto
verification-unsent = Nessun link di conferma ancora inviato
verification-heading = Conferma degli indirizzi email
verification-intro = Ogni indirizzo riceve un'email con un link di conferma: così sai che le email a quell'indirizzo arrivano. Il salvataggio non la attende mai.
verification-summary = { $unconfirmed ->
    [one] { $unconfirmed } indirizzo su { $total } non è ancora confermato.
   *[other] { $unconfirmed } indirizzi su { $total } non sono ancora confermati.
}
verification-summary-all = { $total ->
    [one] L'indirizzo è confermato.
   *[other] Tutti i { $total } indirizzi sono confermati.
}
verification-send = Invia il link
verification-resend = Invia di nuovo il link
verification-resent = Un nuovo link di conferma è stato inviato a { $address }.
verify-confirmed-heading = Indirizzo confermato
verify-confirmed = Grazie. { $address } è confermato come indirizzo di contatto nel Portale partner.
verify-invalid-heading = Questo link non è più valido
verify-invalid = Il link è già stato utilizzato, è scaduto o è incompleto. Un Amministratore o un Editor del tuo account può inviarne uno nuovo da Configurazione → Informazioni di contatto.

# The banner that asks editors to review the contact information periodically (src/features/contact_info/review.rs).
review-banner-label = Verifica delle informazioni di contatto
review-due = Verifica che le tue informazioni di contatto siano ancora corrette. Ultima conferma: { $date }.
review-due-never = Verifica che le tue informazioni di contatto siano ancora corrette.
review-still-correct = Sono ancora corrette
review-open-form = Verifica
review-confirmed = Grazie. Le tue informazioni di contatto sono confermate come ancora corrette.

# Live updates: another user's change arrives while the page is open (src/shell/live_notice.rs, the contact form).
live-updated-by = Aggiornato da { $name } proprio ora.
live-updated = Aggiornato proprio ora.
live-draft-pointer = Quanto hai inserito nelle informazioni di contatto resta come bozza.
live-draft-open = Continua in Configurazione → Informazioni di contatto
live-draft-kept = { $name } ha salvato delle modifiche alle informazioni di contatto. Le tue modifiche restano; quando salvi, potrai confrontarle con la versione salvata.
live-draft-kept-unnamed = Nel frattempo le informazioni di contatto sono state modificate. Le tue modifiche restano; quando salvi, potrai confrontarle con la versione salvata.

field-alert-contacts = Contatti avvisi
field-alert-contacts-help = Utenti del Portale partner in grado di risolvere problemi tecnici non di emergenza che si verificano in produzione. A questi utenti verranno inviate email di avviso automatico ogni volta che vengono rilevati problemi in Produzione.
field-alert-contacts-required = (obbligatori)
field-alert-contacts-required-sandbox = (obbligatori nell'ambiente di produzione)
field-technical-emergency = Contatti tecnici di emergenza
field-technical-emergency-help = Contatti che verranno avvisati in caso di emergenza (ad es. l'integrazione è disabilitata). È consigliabile fornire un alias di pagina (lista di distribuzione della reperibilità).
field-technical-emergency-required = (obbligatori)
field-technical-non-emergency = Contatti tecnici non di emergenza
field-technical-non-emergency-help = Contatti per l'assistenza continua dei partner che richiedono input tecnici (ad es. iniziative di migrazione delle API, problemi di corrispondenza).
field-technical-non-emergency-required = (obbligatori)
field-merchant-issues = Contatto operativo per problemi relativi al commerciante
field-merchant-issues-help = Contatti che verranno informati dei problemi del commerciante, ad esempio quando un commerciante richiede la rimozione di un partner con cui non ha un rapporto commerciale.
field-merchant-issues-required = (obbligatorio per alcune integrazioni)
field-merchant-issues-note = Questo campo è disponibile solo in alcune integrazioni.
field-operational-google = Contatto operativo (per Google)
field-operational-google-help = Contatto per riassegnazioni utenti che richiedono l'intervento del partner (ad es. prenotazione non rispettata). Questi contatti sono solo per uso Google e non verranno forniti agli utenti.
field-operational-google-required = (obbligatorio)
field-operational-public = Contatto operativo (per la condivisione con gli utenti)
field-operational-public-help = Contatto condiviso con gli utenti per riassegnazioni (ad esempio rimborsi, annullamenti o modifiche agli ordini). Questo è l'alias email predefinito per l'assistenza del brand.
field-operational-public-required = (obbligatorio)
field-support-hours = Assistenza operativa
field-support-hours-help = Orari di servizio e fusi orari in cui offri assistenza agli utenti. Seleziona tutte le opzioni pertinenti.
field-support-hours-required = (obbligatoria)

## Valori
role-administrator = Amministratore
role-editor = Editor
role-read-only = Sola lettura
user-status-invited = Invitato
user-status-active = Attivo
integration-things-to-do = Cose da fare
integration-healthcare-appointments = Appuntamenti sanitari
integration-appointments = Appuntamenti
integration-reservations = Prenotazioni
integration-ordering = Ordini
integration-local-services = Servizi locali
weekday-0 = lunedì
weekday-1 = martedì
weekday-2 = mercoledì
weekday-3 = giovedì
weekday-4 = venerdì
weekday-5 = sabato
weekday-6 = domenica

## Utenti
users-heading = Utenti
users-caption = Utenti del Portale partner di questo account. Le intestazioni di colonna con pulsanti ordinano la tabella.
users-empty = Questo account non ha ancora utenti.
users-column-name = Nome
users-column-email = Email
users-column-role = Ruolo
users-column-status = Stato
users-list-heading = Utenti di questo account
users-column-last-sign-in = Ultimo accesso
users-column-actions = Azioni
users-never-signed-in = Mai
users-you = (tu)
users-self-only-administrator = Sei l'unico amministratore che ha già effettuato l'accesso. Per rinunciare al ruolo o uscire dall'account, nomina prima amministratore un altro utente che ha già effettuato l'accesso.
users-change-role-button = Cambia ruolo
users-change-role-label = Cambia ruolo: { $name }
users-remove-button = Rimuovi
users-remove-label = Rimuovi: { $name }
users-change-own-role-label = Cambia ruolo (il tuo)
users-leave-button = Esci
users-leave-label = Esci da questo account
users-managed-by-administrators = Solo gli amministratori possono aggiungere utenti, cambiare ruoli o rimuovere utenti. Amministratori di questo account: { $names }
users-invite-heading = Aggiungi un utente
users-invite-intro = La persona riceve un'email con un link di accesso valido per 7 giorni. Potrà poi completare le informazioni di contatto (come Editor o Amministratore).
users-invite-name = Nome
users-invite-email = Indirizzo email
users-invite-role = Ruolo
users-invite-submit = Invia invito
users-invite-sending = Invio dell'invito…
users-invited = Invito inviato a { $name } ({ $email }).
role-administrator-description = Gestisce gli utenti e modifica le informazioni di contatto.
role-editor-description = Modifica le informazioni di contatto.
role-read-only-description = Può vedere tutto ma non modificare nulla.
users-change-role-title = Cambia il ruolo di { $name }
users-change-role-description = { $name } ({ $email }) ha attualmente il ruolo { $role }. Scegli il nuovo ruolo.
users-change-role-legend = Nuovo ruolo
users-change-role-confirm = Cambia ruolo
users-role-changed = { $name } ora ha il ruolo { $role }.
users-remove-title = Rimuovere { $name }?
users-remove-description = { $name } ({ $email }) non potrà più accedere al Portale partner per questo account.
users-remove-alert-contact-warning = { $name } è un contatto avvisi: rimuovendo l'utente, viene rimosso anche dai contatti avvisi. Se non resta alcun contatto avvisi, le informazioni di contatto per la produzione sono incomplete e vanno completate di nuovo.
users-remove-confirm = Rimuovi utente
users-remove-alert-contact-maybe = Se questa persona è un contatto avvisi, viene rimossa anche dai contatti avvisi; le informazioni di contatto per la produzione potrebbero quindi dover essere completate di nuovo.
users-removed = L'utente { $name } è stato rimosso.
users-step-down-title = Cambia il tuo ruolo
users-step-down-description = Hai il ruolo { $role } per { $account }. Con un altro ruolo perdi subito i diritti di amministratore: non potrai più aggiungere utenti, cambiare ruoli o rimuovere utenti. Solo un altro amministratore potrà renderti di nuovo amministratore.
users-step-down-confirm = Cambia il mio ruolo
users-stepped-down = Ora hai il ruolo { $role }. Solo gli amministratori di questo account possono ora gestire gli utenti.
users-leave-title = Uscire da { $account }?
users-leave-description = Il tuo utente ({ $email }) verrà rimosso da { $account } e perderai ogni accesso al Portale partner di questo account. Verrai disconnesso subito; solo un amministratore di { $account } potrà invitarti di nuovo.
users-leave-alert-contact-warning = Sei un contatto avvisi: uscendo, vieni rimosso anche dai contatti avvisi. Se non resta alcun contatto avvisi, le informazioni di contatto per la produzione sono incomplete e vanno completate di nuovo.
users-leave-confirm = Esci dall'account
users-left = Sei uscito da { $account } e non hai più accesso al Portale partner di questo account.
dialog-cancel = Annulla

## Assistenza
support-heading = Contatta l'assistenza
support-intro = In caso di domande o se hai bisogno di aiuto, puoi contattare il nostro team di assistenza in qualsiasi momento.
contact-support-heading = Contatta l'assistenza

## Pagine
overview-heading = Panoramica
overview-welcome = Benvenuto, { $name }.
overview-integration = Integrazione: { $integration }
not-found-heading = Pagina non trovata
not-found-home = Vai alla panoramica

## Accesso
sign-in-heading = Accedi al Portale partner
sign-in-intro = Inserisci il tuo indirizzo email. Ti invieremo un link per accedere.
sign-in-email-label = Indirizzo email
sign-in-submit = Invia link di accesso
sign-in-sending = Invio del link di accesso…
sign-in-sent = Se questo indirizzo appartiene a un utente del Portale partner, riceverai un link di accesso. Controlla la tua casella di posta.
sign-in-failed-heading = Accesso non riuscito
sign-in-request-new-link = Richiedi un nuovo link di accesso
sign-in-continue-heading = Continua l'accesso
sign-in-continue-intro = Con questo link accedi come { $name } all'account { $account }.
sign-in-continue-intro-several = Con questo link accedi come { $name } ({ $email }). Il tuo indirizzo ha accesso a { $count } account: al passo successivo ne scegli uno.
sign-in-continue-button = Continua come { $name } ({ $account })
sign-in-continue-button-several = Continua come { $name }
sign-in-continue-pending = Accesso in corso…
sign-in-continue-not-you = Non sei tu? Richiedi un nuovo link di accesso

## Titolo del documento: "<pagina o stato> – <app-title>", vedi src/shell/title.rs
document-title = { $page } – { app-title }
title-sign-in = Accedi
title-link-sent = Link di accesso inviato
title-sign-in-continue = Continua l'accesso
title-sign-in-failed = Accesso non riuscito
title-loading = Caricamento
title-error = Errore
title-contact-info-required = Informazioni di contatto obbligatorie
title-overview = Panoramica
title-contact-information = Informazioni di contatto
title-users = Utenti
title-contact-support = Contatta l'assistenza
title-choose-account = Scegli l'account
title-not-found = Pagina non trovata
title-verify = Conferma dell'indirizzo email

## Modulo di contatto
email-list-entries = Voci: { $field }
email-list-remove = Rimuovi { $address }
email-list-placeholder = nome@esempio.it
hours-always-open = 24/7 (sempre disponibile)
hours-row-legend = Fascia oraria { $number }
hours-weekdays = Giorni della settimana
hours-start = Dalle
hours-end = Alle
hours-overnight = Termina il giorno dopo (notturna)
hours-time-zone = Fuso orario
hours-remove-row = Rimuovi fascia oraria { $number }
hours-add-row = Aggiungi fascia oraria
contact-form-save = Salva informazioni di contatto
contact-form-saving = Salvataggio…
contact-form-saved = Informazioni di contatto salvate.
contact-form-unlocked = Informazioni di contatto salvate. Il Portale partner è ora sbloccato.
contact-form-read-only = Hai accesso in sola lettura e non puoi modificare le informazioni di contatto. Rivolgiti a un amministratore: { $administrators }
contact-form-all-required = Tutti i campi visualizzati sono obbligatori. Separa più indirizzi di un elenco con virgole, punti e virgola, spazi o a capo.
contact-form-all-required-sandbox = Nella Sandbox tutti i campi visualizzati sono obbligatori, tranne i contatti avvisi. Separa più indirizzi di un elenco con virgole, punti e virgola, spazi o a capo.
contact-form-conflict = Qualcun altro ha salvato le informazioni di contatto mentre le stavi modificando. I tuoi dati sono ancora qui. Dove avete modificato entrambi lo stesso campo, scegli quale versione mantenere, poi salva.
contact-form-conflict-load = Carica i valori più recenti (annulla le mie modifiche)
contact-merge-save = Salva la versione unificata
contact-merge-taken = Modificato dall'altra persona, viene ripresa la sua versione: { $value }
contact-merge-kept = Modificato da te, la tua versione resta: { $value }
contact-merge-same = Avete fatto entrambi la stessa modifica: { $value }
contact-merge-before = Modificato da entrambi. Prima: { $value }
contact-merge-keep-theirs = Mantieni la versione dell'altra persona: { $value }
contact-merge-keep-mine = Mantieni la mia versione: { $value }
contact-merge-empty = vuoto
draft-offer = Vuoi ripristinare ciò che hai inserito il { $date }?
draft-restore = Ripristina
draft-discard = Scarta
error-summary-heading = Correggi quanto segue:
alert-contacts-sandbox-note = Nota: i contatti dell'avviso possono essere specificati solo nell'ambiente di produzione. Passa a Produzione per sceglierli.
alert-contacts-sandbox-no-production-note = Nota: i contatti dell'avviso possono essere specificati solo nell'ambiente di produzione. L'ambiente di produzione non è ancora attivo per questo account: fino ad allora i contatti avvisi non sono obbligatori.
alert-contacts-production-note = Nota: i contatti dell'avviso possono essere specificati solo nell'ambiente di produzione. Scegli tra gli utenti del Portale partner di questo account.
field-operational-google-note = Interno: non viene mai mostrato agli utenti.
field-operational-public-note = Pubblico: viene mostrato ai tuoi utenti. Inserisci esattamente un indirizzo.

## Richieste di assistenza
portal-blocked-placeholder = Inserisci le informazioni obbligatorie per utilizzare il Portale partner.
link-new-tab = si apre in una nuova scheda
support-help-link = Guida: Come ottenere assistenza
support-form-heading = Apri una richiesta di assistenza
support-category-label = Categoria
support-category-access-and-users = Accesso e utenti
support-category-contact-information = Informazioni di contatto
support-category-integration-technical-issue = Problema tecnico dell'integrazione
support-category-other = Altro
support-subject-label = Oggetto
support-description-label = Descrizione
support-description-counter = { $count } di { $max } caratteri
support-reply-to-label = Rispondi a (email)
support-environment-label = Ambiente (facoltativo)
support-environment-none = Non specificato
support-submit = Invia all'assistenza
support-submitting = Invio in corso…
support-created = La tua richiesta di assistenza { $reference } è stata aperta. Ti risponderemo via email.
support-cases-heading = Richieste di assistenza di questo account
support-cases-empty = Ancora nessuna richiesta di assistenza.
support-cases-pages = Pagine delle richieste di assistenza
support-column-reference = Riferimento
support-column-subject = Oggetto
support-column-category = Categoria
support-column-status = Stato
support-column-created = Aperta il
support-column-created-by = Aperta da
support-page-previous = Precedente
support-page-next = Successiva
support-page-status = Pagina { $page } di { $pages }
support-case-title = Richiesta di assistenza { $reference }
support-case-environment = Ambiente
support-case-reply-to = Rispondi a
support-case-close = Chiudi
case-status-open = Aperta
case-status-closed = Chiusa
