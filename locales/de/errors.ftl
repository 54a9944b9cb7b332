## Fehler: eine Meldung je Code, den der Server oder die gemeinsamen Regeln senden.
error-network = Das Partner-Portal ist nicht erreichbar. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.
error-unexpected-response = Der Server hat unerwartet geantwortet. Bitte versuchen Sie es erneut.
error-unknown = Etwas ist schiefgelaufen. Bitte versuchen Sie es erneut.
error-bad-request = Die Anfrage war ungültig. Bitte laden Sie die Seite neu und versuchen Sie es erneut.
error-unauthenticated = Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.
error-forbidden = Ihre Rolle erlaubt diese Aktion nicht.
error-not-found = Dieser Eintrag existiert nicht mehr.
error-method-not-allowed = Diese Aktion wird nicht unterstützt.
error-unsupported-media-type = Die Anfrage hatte ein nicht unterstütztes Format.
error-payload-too-large = Die Anfrage ist zu groß.
error-precondition-required = Der Anfrage fehlt die Version. Bitte laden Sie die Seite neu.
error-precondition-failed = Jemand anderes hat diese Angaben inzwischen geändert.
error-validation-failed = Einige Angaben müssen korrigiert werden.
error-conflict = Das steht im Widerspruch zu einem vorhandenen Eintrag.
error-rate-limited = Zu viele Versuche. Bitte warten Sie einen Moment und versuchen Sie es erneut.
error-rate-limited-retry = Zu viele Versuche. Bitte versuchen Sie es in { $minutes ->
    [one] einer Minute
   *[other] { $minutes } Minuten
} erneut.
error-internal = Bei uns ist ein Fehler aufgetreten. Bitte versuchen Sie es später erneut.
error-sign-in-link-invalid = Dieser Anmeldelink ist ungültig, abgelaufen oder wurde bereits verwendet.
error-verification-link-invalid = Dieser Bestätigungslink ist ungültig, abgelaufen oder wurde bereits verwendet.
error-required = Dieses Feld ist erforderlich.
error-email-invalid = „{ $value }“ ist keine gültige E-Mail-Adresse.
error-email-too-long = „{ $value }“ ist länger als 254 Zeichen.
error-email-local-part-too-long = Der Teil vor dem @ in „{ $value }“ ist länger als 64 Zeichen.
error-email-duplicate = „{ $value }“ ist bereits in der Liste.
error-list-too-long = Geben Sie höchstens 10 Adressen an.
error-exactly-one = Geben Sie genau eine Adresse an.
error-alert-contact-not-user = „{ $value }“ ist kein Partner-Portal-Nutzer dieses Kontos.
error-production-not-enabled = Für Ihr Konto ist die Produktionsumgebung noch nicht aktiviert.
error-hours-rows-required = Fügen Sie mindestens einen Zeitraum hinzu oder wählen Sie 24/7.
error-hours-no-weekdays = Wählen Sie mindestens einen Wochentag aus.
error-hours-invalid-time = Geben Sie Uhrzeiten in Stunden und Minuten an, z. B. 09:00.
error-hours-start-not-before-end = Der Beginn muss vor dem Ende liegen (oder markieren Sie den Zeitraum als über Nacht).
error-hours-overlap = Dieser Zeitraum überschneidet sich mit Zeitraum { $value } in derselben Zeitzone.
error-hours-unknown-time-zone = Wählen Sie eine Zeitzone aus der Liste aus.
error-text-too-long = Geben Sie höchstens { $value } Zeichen ein.
error-text-invalid-character = Dieser Text enthält ein Steuer- oder Textrichtungszeichen ({ $value }), das hier nicht erlaubt ist.
error-idempotency-key-required = Die Anfrage konnte nicht sicher gesendet werden. Bitte laden Sie die Seite neu und versuchen Sie es erneut.
error-idempotency-key-reused = Diese Anfrage wurde bereits mit anderem Inhalt gesendet. Bitte laden Sie die Seite neu.
error-last-administrator = Das Konto braucht mindestens einen Administrator. Machen Sie zuerst eine andere Person zum Administrator.
error-already-a-user = Diese Person hat bereits Zugriff auf das Partner-Portal für dieses Konto.
