## Errori: un messaggio per ogni codice inviato dal server o dalle regole condivise.
error-network = Impossibile raggiungere il Portale partner. Controlla la connessione e riprova.
error-unexpected-response = Il server ha inviato una risposta imprevista. Riprova.
error-unknown = Si è verificato un problema. Riprova.
error-bad-request = Impossibile interpretare la richiesta. Ricarica la pagina e riprova.
error-unauthenticated = La sessione è scaduta. Accedi di nuovo.
error-forbidden = Il tuo ruolo non consente questa azione.
error-not-found = Questo elemento non esiste più.
error-method-not-allowed = Questa azione non è supportata.
error-unsupported-media-type = La richiesta ha un formato non supportato.
error-payload-too-large = La richiesta è troppo grande.
error-precondition-required = Nella richiesta manca la versione. Ricarica la pagina.
error-precondition-failed = Nel frattempo qualcun altro ha modificato queste informazioni.
error-validation-failed = Alcuni dati devono essere corretti.
error-conflict = È in conflitto con una voce esistente.
error-rate-limited = Troppi tentativi. Attendi un momento e riprova.
error-rate-limited-retry = Troppi tentativi. Riprova tra { $minutes ->
    [one] un minuto
   *[other] { $minutes } minuti
}.
error-internal = Si è verificato un errore da parte nostra. Riprova più tardi.
error-sign-in-link-invalid = Questo link di accesso non è valido, è scaduto o è già stato utilizzato.
error-verification-link-invalid = Questo link di conferma non è valido, è scaduto o è già stato utilizzato.
error-required = Questo campo è obbligatorio.
error-email-invalid = “{ $value }” non è un indirizzo email valido.
error-email-too-long = “{ $value }” supera i 254 caratteri.
error-email-local-part-too-long = La parte prima della @ in “{ $value }” supera i 64 caratteri.
error-email-duplicate = “{ $value }” è già presente nell'elenco.
error-list-too-long = Inserisci al massimo 10 indirizzi.
error-exactly-one = Inserisci esattamente un indirizzo.
error-alert-contact-not-user = “{ $value }” non è un utente del Portale partner di questo account.
error-production-not-enabled = L'ambiente di produzione non è ancora attivo per questo account.
error-hours-rows-required = Aggiungi almeno una fascia oraria o seleziona 24/7.
error-hours-no-weekdays = Seleziona almeno un giorno della settimana.
error-hours-invalid-time = Inserisci gli orari in ore e minuti, ad es. 09:00.
error-hours-start-not-before-end = L'inizio deve precedere la fine (oppure contrassegna la fascia come notturna).
error-hours-overlap = Questa fascia oraria si sovrappone alla fascia { $value } nello stesso fuso orario.
error-hours-unknown-time-zone = Scegli un fuso orario dall'elenco.
error-text-too-long = Inserisci al massimo { $value } caratteri.
error-text-invalid-character = Questo testo contiene un carattere di controllo o di direzione del testo ({ $value }) non consentito qui.
error-idempotency-key-required = Non è stato possibile inviare la richiesta in modo sicuro. Ricarica la pagina e riprova.
error-idempotency-key-reused = Questa richiesta è già stata inviata con un contenuto diverso. Ricarica la pagina.
error-last-administrator = L'account deve avere almeno un amministratore. Nomina prima un altro amministratore.
error-already-a-user = Questa persona ha già accesso al Portale partner per questo account.
