## Anwendung
app-title = Partner-Portal
loading = Wird geladen…
action-retry = Erneut versuchen
action-sign-out = Abmelden
language-label = Sprache
language-name-de = Deutsch
language-name-it = Italiano
language-name-en = English
environment-label = Umgebung
environment-sandbox = Sandbox
environment-production = Produktion
account-partner-id = Partner-ID { $id }
account-switcher-label = Konto
account-switch-button = Wechseln
account-option = { $account } (Partner-ID { $id }) – { $role }
accounts-heading = Konto auswählen
accounts-intro = Ihre Adresse { $email } hat Zugriff auf das Partner-Portal mehrerer Konten. Wählen Sie das Konto, in dem Sie arbeiten möchten; Sie können es jederzeit oben im Seitenkopf wechseln.
accounts-role = Ihre Rolle: { $role }
accounts-contact-missing = Kontaktdaten fehlen
account-switched = Sie arbeiten jetzt im Konto { $account } mit der Rolle { $role }.
account-switch-failed = Das Konto konnte nicht gewechselt werden. Bitte versuchen Sie es erneut.

## Navigation
nav-label = Hauptnavigation
nav-overview = Übersicht
nav-configuration = Konfiguration
nav-contact-information = Kontaktdaten
nav-users = Nutzer
nav-help = Hilfe
nav-contact-support = Support kontaktieren

## Modales Fenster
modal-title = Obligatorische Informationen
modal-contact-support-link = Support kontaktieren
modal-intro = Bevor Sie die Funktion „{ $integration }“ einbinden können, müssen Sie die Kontaktdaten ausfüllen. Damit Sie von Google Support und Benachrichtigungen in Zusammenhang mit Ihrem Konto erhalten, müssen Sie Ihre Kontaktdaten eingegeben haben, bevor Sie auf andere Funktionen im Partner-Portal zugreifen können. Da die Kontaktdaten für das ganze Konto gelten, werden sie nur von einem Nutzer eingegeben.
modal-tabs-label = Obligatorische Informationen
modal-tab-contact-information = Kontaktdaten
modal-tab-users = Nutzer
modal-tab-contact-support = Support kontaktieren
modal-contact-information-intro = Nach der Integration müssen wir in der Lage sein, Ihr Technik- und Betriebsteam richtig zu erreichen. Sobald Sie alle Kontaktdaten eingereicht haben, wird das Partner-Portal freigeschaltet und Sie können mit der Integration von „{ $integration }“ beginnen.
modal-users-intro = Wenn eine andere Person aus Ihrer Organisation die Kontaktdaten besser angeben kann, können Sie ihr Zugriff auf das Partner-Portal gewähren.

## Kontaktdaten
contact-status-heading = Fehlende Kontaktdaten ({ $environment })
contact-status-complete = Alle erforderlichen Kontaktdaten sind angegeben.
contact-information-heading = Kontaktdaten
contact-information-intro = Sie können die Kontaktdaten für Ihr Konto jederzeit aktualisieren.

# The change history on Configuration → Contact information.
history-heading = Änderungsverlauf
history-intro = Jede Änderung an den Kontaktdaten, den Nutzern und ihren Rollen, die neueste zuerst.
history-empty = Bisher wurden keine Änderungen erfasst.
history-show-more = Mehr anzeigen
history-contact-info-updated = Kontaktdaten geändert
history-contact-info-confirmed = Als weiterhin korrekt bestätigt
history-user-invited = Nutzer eingeladen: { $name }
history-invitation-accepted = Einladung angenommen: { $name }
history-role-changed = Rolle geändert: { $name }
history-user-removed = Nutzer entfernt: { $name }
history-by = von { $name } ({ $email })
history-by-operator = vom Portalbetreiber
history-address-verified = E-Mail-Adresse bestätigt
history-by-link = über den Link in der Bestätigungs-E-Mail
history-added = Hinzugefügt: { $items }
history-removed = Entfernt: { $items }
history-was-now = Vorher: { $old }. Jetzt: { $new }.
history-role = Rolle
history-none = keine
history-hours-row = { $weekdays } { $start }–{ $end } ({ $zone })
history-hours-row-overnight = { $weekdays } { $start }–{ $end } am Folgetag ({ $zone })

# Verified contact addresses: status next to each address, the summary with resend
# (src/features/contact_info/verification.rs) and the page a confirmation link opens
# (src/pages/verify.rs).
verification-verified = Bestätigt am { $date }
verification-pending = Noch nicht bestätigt
verification-failed = Nicht zugestellt oder Link abgelaufen
verification-unsent = Noch kein Bestätigungslink gesendet
verification-heading = Bestätigung der E-Mail-Adressen
verification-intro = Jede Adresse erhält eine E-Mail mit einem Bestätigungslink. So wissen Sie, dass E-Mails an diese Adresse ankommen. Das Speichern wartet nie darauf.
verification-summary = { $unconfirmed ->
    [one] { $unconfirmed } von { $total } Adressen ist noch nicht bestätigt.
   *[other] { $unconfirmed } von { $total } Adressen sind noch nicht bestätigt.
}
verification-summary-all = { $total ->
    [one] Die Adresse ist bestätigt.
   *[other] Alle { $total } Adressen sind bestätigt.
}
verification-send = Link senden
verification-resend = Link erneut senden
verification-resent = Ein neuer Bestätigungslink wurde an { $address } gesendet.
verify-confirmed-heading = Adresse bestätigt
verify-confirmed = Vielen Dank. { $address } ist im Partner-Portal als Kontaktadresse bestätigt.
verify-invalid-heading = Dieser Link ist nicht mehr gültig
verify-invalid = Der Link wurde bereits verwendet, ist abgelaufen oder unvollständig. Ein Administrator oder Bearbeiter Ihres Kontos kann unter Konfiguration → Kontaktdaten einen neuen senden.

# The banner that asks editors to review the contact information periodically (src/features/contact_info/review.rs).
review-banner-label = Überprüfung der Kontaktdaten
review-due = Bitte prüfen Sie, ob Ihre Kontaktdaten noch korrekt sind. Zuletzt bestätigt am { $date }.
review-due-never = Bitte prüfen Sie, ob Ihre Kontaktdaten noch korrekt sind.
review-still-correct = Noch korrekt
review-open-form = Überprüfen
review-confirmed = Vielen Dank. Ihre Kontaktdaten sind als weiterhin korrekt bestätigt.

# Live updates: another user's change arrives while the page is open (src/shell/live_notice.rs, the contact form).
live-updated-by = Gerade eben von { $name } aktualisiert.
live-updated = Gerade eben aktualisiert.
live-draft-pointer = Ihre Eingaben in den Kontaktdaten bleiben als Entwurf erhalten.
live-draft-open = Weiter unter Konfiguration → Kontaktdaten
live-draft-kept = { $name } hat Änderungen an den Kontaktdaten gespeichert. Ihre Eingaben bleiben erhalten; beim Speichern können Sie sie mit der gespeicherten Fassung vergleichen.
live-draft-kept-unnamed = Die Kontaktdaten wurden inzwischen geändert. Ihre Eingaben bleiben erhalten; beim Speichern können Sie sie mit der gespeicherten Fassung vergleichen.

field-alert-contacts = Kontakte für Benachrichtigungen
field-alert-contacts-help = Partner-Portal-Nutzer, die nicht dringende technische Probleme beheben können, die in der Produktion auftreten. Wenn in der Produktion Probleme festgestellt werden, werden automatisch E-Mail-Benachrichtigungen an diese Nutzer gesendet.
field-alert-contacts-required = (erforderlich)
field-alert-contacts-required-sandbox = (in der Produktionsumgebung erforderlich)
field-technical-emergency = Kontakte für technische Notfälle
field-technical-emergency-help = Ansprechpartner, die im Notfall benachrichtigt werden, z. B. wenn die Integration deaktiviert ist. Es wird empfohlen, einen Seitenalias (Bereitschafts-Verteiler) anzugeben.
field-technical-emergency-required = (erforderlich)
field-technical-non-emergency = Kontakte für nicht dringende technische Probleme
field-technical-non-emergency-help = Ansprechpartner für den fortlaufenden Partnersupport mit technischem Wissen, z. B. zur API-Migration oder Problemen bei der Zuordnung.
field-technical-non-emergency-required = (erforderlich)
field-merchant-issues = Operativer Ansprechpartner für Händlerprobleme
field-merchant-issues-help = Kontakte, die über Händlerprobleme informiert werden, z. B. wenn ein Händler die Entfernung eines Partners anfordert, mit dem er keine Geschäftsbeziehung unterhält.
field-merchant-issues-required = (für einige Integrationen erforderlich)
field-merchant-issues-note = Dieses Feld ist nur in einigen Integrationen verfügbar.
field-operational-google = Operativer Kontakt für Google
field-operational-google-help = Ansprechpartner für die Eskalation von Nutzeranfragen, die ein Eingreifen des Partners erfordern, z. B. wenn Buchungen nicht akzeptiert werden. Diese Kontakte sind nur für Google bestimmt und werden Nutzern nicht zur Verfügung gestellt.
field-operational-google-required = (erforderlich)
field-operational-public = Operativer Kontakt für Nutzer
field-operational-public-help = Ansprechpartner, dessen Kontaktdaten mit Nutzern geteilt werden, z. B. für Erstattungen, Stornierungen oder Änderungen von Bestellungen. Das ist der E-Mail-Alias des Supports Ihrer Standardmarke.
field-operational-public-required = (erforderlich)
field-support-hours = Operativer Support
field-support-hours-help = Geschäftszeiten und Zeitzonen für Ihren Nutzersupport. Bitte machen Sie dabei alle erforderlichen Angaben.
field-support-hours-required = (erforderlich)

## Werte
role-administrator = Administrator
role-editor = Bearbeiter
role-read-only = Nur Lesezugriff
user-status-invited = Eingeladen
user-status-active = Aktiv
integration-things-to-do = Mögliche Aktivitäten
integration-healthcare-appointments = Termine im Gesundheitswesen
integration-appointments = Termine
integration-reservations = Reservierungen
integration-ordering = Bestellungen
integration-local-services = Lokale Dienstleistungen
weekday-0 = Montag
weekday-1 = Dienstag
weekday-2 = Mittwoch
weekday-3 = Donnerstag
weekday-4 = Freitag
weekday-5 = Samstag
weekday-6 = Sonntag

## Nutzer
users-heading = Nutzer
users-caption = Partner-Portal-Nutzer dieses Kontos. Spaltenüberschriften mit Schaltflächen sortieren die Tabelle.
users-empty = Dieses Konto hat noch keine Nutzer.
users-column-name = Name
users-column-email = E-Mail
users-column-role = Rolle
users-column-status = Status
users-list-heading = Nutzer dieses Kontos
users-column-last-sign-in = Letzte Anmeldung
users-column-actions = Aktionen
users-never-signed-in = Noch nie
users-you = (Sie)
users-self-only-administrator = Sie sind der einzige Administrator, der sich bereits angemeldet hat. Um Ihre Rolle abzugeben oder das Konto zu verlassen, machen Sie zuerst einen anderen Nutzer, der sich bereits angemeldet hat, zum Administrator.
users-change-role-button = Rolle ändern
users-change-role-label = Rolle ändern: { $name }
users-remove-button = Entfernen
users-remove-label = Entfernen: { $name }
users-change-own-role-label = Rolle ändern (Ihre eigene)
users-leave-button = Verlassen
users-leave-label = Dieses Konto verlassen
users-managed-by-administrators = Nur Administratoren können Nutzer hinzufügen, Rollen ändern oder Nutzer entfernen. Administratoren dieses Kontos: { $names }
users-invite-heading = Nutzer hinzufügen
users-invite-intro = Die Person erhält eine E-Mail mit einem Anmeldelink, der 7 Tage gültig ist. Danach kann sie die Kontaktdaten vervollständigen (als Bearbeiter oder Administrator).
users-invite-name = Name
users-invite-email = E-Mail-Adresse
users-invite-role = Rolle
users-invite-submit = Einladung senden
users-invite-sending = Einladung wird gesendet…
users-invited = Einladung an { $name } ({ $email }) gesendet.
role-administrator-description = Verwaltet Nutzer und bearbeitet die Kontaktdaten.
role-editor-description = Bearbeitet die Kontaktdaten.
role-read-only-description = Kann alles ansehen, aber nichts ändern.
users-change-role-title = Rolle von { $name } ändern
users-change-role-description = { $name } ({ $email }) hat derzeit die Rolle { $role }. Wählen Sie die neue Rolle.
users-change-role-legend = Neue Rolle
users-change-role-confirm = Rolle ändern
users-role-changed = { $name } hat jetzt die Rolle { $role }.
users-remove-title = { $name } entfernen?
users-remove-description = { $name } ({ $email }) kann sich danach nicht mehr für dieses Konto im Partner-Portal anmelden.
users-remove-alert-contact-warning = { $name } ist ein Kontakt für Benachrichtigungen und wird beim Entfernen auch aus den Kontakten für Benachrichtigungen entfernt. Bleibt keiner übrig, sind die Kontaktdaten für die Produktionsumgebung unvollständig und müssen erneut ergänzt werden.
users-remove-confirm = Nutzer entfernen
users-remove-alert-contact-maybe = Ist diese Person ein Kontakt für Benachrichtigungen, wird sie auch aus den Kontakten für Benachrichtigungen entfernt; die Kontaktdaten für die Produktionsumgebung müssen dann eventuell erneut ergänzt werden.
users-removed = { $name } wurde entfernt.
users-step-down-title = Eigene Rolle ändern
users-step-down-description = Sie haben die Rolle { $role } für { $account }. Mit einer anderen Rolle verlieren Sie sofort Ihre Administratorrechte: Sie können dann keine Nutzer mehr hinzufügen, keine Rollen ändern und keine Nutzer entfernen. Nur ein anderer Administrator kann Sie wieder zum Administrator machen.
users-step-down-confirm = Meine Rolle ändern
users-stepped-down = Sie haben jetzt die Rolle { $role }. Nur noch die Administratoren dieses Kontos können Nutzer verwalten.
users-leave-title = { $account } verlassen?
users-leave-description = Sie ({ $email }) werden aus den Nutzern von { $account } entfernt und verlieren jeden Zugriff auf das Partner-Portal dieses Kontos. Sie werden sofort abgemeldet; nur ein Administrator von { $account } kann Sie wieder einladen.
users-leave-alert-contact-warning = Sie sind ein Kontakt für Benachrichtigungen und werden beim Verlassen auch aus den Kontakten für Benachrichtigungen entfernt. Bleibt keiner übrig, sind die Kontaktdaten für die Produktionsumgebung unvollständig und müssen erneut ergänzt werden.
users-leave-confirm = Konto verlassen
users-left = Sie haben { $account } verlassen und keinen Zugriff mehr auf das Partner-Portal dieses Kontos.
dialog-cancel = Abbrechen

## Support
support-heading = Support kontaktieren
support-intro = Wenn Sie Fragen haben oder Unterstützung benötigen, können Sie sich jederzeit an unser Supportteam wenden.
contact-support-heading = Support kontaktieren

## Seiten
overview-heading = Übersicht
overview-welcome = Willkommen, { $name }.
overview-integration = Integration: { $integration }
not-found-heading = Seite nicht gefunden
not-found-home = Zur Übersicht

## Anmeldung
sign-in-heading = Im Partner-Portal anmelden
sign-in-intro = Geben Sie Ihre E-Mail-Adresse ein. Wir senden Ihnen einen Link zur Anmeldung.
sign-in-email-label = E-Mail-Adresse
sign-in-submit = Anmeldelink senden
sign-in-sending = Anmeldelink wird gesendet…
sign-in-sent = Wenn diese Adresse zu einem Partner-Portal-Nutzer gehört, ist ein Anmeldelink unterwegs. Sehen Sie in Ihrem Posteingang nach.
sign-in-failed-heading = Anmeldung fehlgeschlagen
sign-in-request-new-link = Neuen Anmeldelink anfordern
sign-in-continue-heading = Anmeldung fortsetzen
sign-in-continue-intro = Mit diesem Link melden Sie sich als { $name } im Konto { $account } an.
sign-in-continue-intro-several = Mit diesem Link melden Sie sich als { $name } ({ $email }) an. Ihre Adresse hat Zugriff auf { $count } Konten: Im nächsten Schritt wählen Sie eines davon.
sign-in-continue-button = Weiter als { $name } ({ $account })
sign-in-continue-button-several = Weiter als { $name }
sign-in-continue-pending = Anmeldung läuft…
sign-in-continue-not-you = Nicht Sie? Neuen Anmeldelink anfordern

## Dokumenttitel: „<Seite oder Zustand> – <app-title>“, siehe src/shell/title.rs
document-title = { $page } – { app-title }
title-sign-in = Anmelden
title-link-sent = Anmeldelink gesendet
title-sign-in-continue = Anmeldung fortsetzen
title-sign-in-failed = Anmeldung fehlgeschlagen
title-loading = Wird geladen
title-error = Fehler
title-contact-info-required = Kontaktdaten erforderlich
title-overview = Übersicht
title-contact-information = Kontaktdaten
title-users = Nutzer
title-contact-support = Support kontaktieren
title-choose-account = Konto auswählen
title-not-found = Seite nicht gefunden
title-verify = E-Mail-Adresse bestätigen

## Kontaktformular
email-list-entries = Einträge: { $field }
email-list-remove = { $address } entfernen
email-list-placeholder = name@beispiel.de
hours-always-open = 24/7 (immer erreichbar)
hours-row-legend = Zeitraum { $number }
hours-weekdays = Wochentage
hours-start = Von
hours-end = Bis
hours-overnight = Endet am nächsten Tag (über Nacht)
hours-time-zone = Zeitzone
hours-remove-row = Zeitraum { $number } entfernen
hours-add-row = Zeitraum hinzufügen
contact-form-save = Kontaktdaten speichern
contact-form-saving = Wird gespeichert…
contact-form-saved = Die Kontaktdaten wurden gespeichert.
contact-form-unlocked = Die Kontaktdaten wurden gespeichert. Das Partner-Portal ist jetzt freigeschaltet.
contact-form-read-only = Sie haben nur Lesezugriff und können die Kontaktdaten nicht ändern. Wenden Sie sich an einen Administrator: { $administrators }
contact-form-all-required = Alle angezeigten Felder sind erforderlich. Trennen Sie mehrere Adressen in einer Liste durch Kommas, Semikolons, Leerzeichen oder Zeilenumbrüche.
contact-form-all-required-sandbox = In der Sandbox sind alle angezeigten Felder außer den Kontakten für Benachrichtigungen erforderlich. Trennen Sie mehrere Adressen in einer Liste durch Kommas, Semikolons, Leerzeichen oder Zeilenumbrüche.
contact-form-conflict = Jemand anderes hat die Kontaktdaten gespeichert, während Sie sie bearbeitet haben. Ihre Eingaben sind erhalten geblieben. Wo Sie beide dasselbe Feld geändert haben, wählen Sie, welche Fassung bleiben soll, und speichern Sie dann.
contact-form-conflict-load = Aktuelle Werte laden (meine Änderungen verwerfen)
contact-merge-save = Zusammengeführte Fassung speichern
contact-merge-taken = Von der anderen Person geändert, ihre Fassung wird übernommen: { $value }
contact-merge-kept = Von Ihnen geändert, Ihre Fassung bleibt: { $value }
contact-merge-same = Sie haben beide dieselbe Änderung vorgenommen: { $value }
contact-merge-before = Von Ihnen beiden geändert. Vorher: { $value }
contact-merge-keep-theirs = Fassung der anderen Person übernehmen: { $value }
contact-merge-keep-mine = Meine Fassung behalten: { $value }
contact-merge-empty = leer
draft-offer = Möchten Sie wiederherstellen, was Sie am { $date } eingegeben haben?
draft-restore = Wiederherstellen
draft-discard = Verwerfen
error-summary-heading = Bitte korrigieren Sie Folgendes:
alert-contacts-sandbox-note = Hinweis: Kontakte für Benachrichtigungen können nur in der Produktionsumgebung angegeben werden. Wechseln Sie zu „Produktion“, um sie auszuwählen.
alert-contacts-sandbox-no-production-note = Hinweis: Kontakte für Benachrichtigungen können nur in der Produktionsumgebung angegeben werden. Für dieses Konto ist die Produktionsumgebung noch nicht aktiviert; bis dahin sind keine Kontakte für Benachrichtigungen erforderlich.
alert-contacts-production-note = Hinweis: Kontakte für Benachrichtigungen können nur in der Produktionsumgebung angegeben werden. Wählen Sie sie aus den Partner-Portal-Nutzern dieses Kontos aus.
field-operational-google-note = Intern: wird Nutzern nie angezeigt.
field-operational-public-note = Öffentlich: wird Ihren Nutzern angezeigt. Geben Sie genau eine Adresse an.

## Supportfälle
portal-blocked-placeholder = Geben Sie die obligatorischen Informationen ein, um das Partner-Portal zu verwenden.
link-new-tab = wird in einem neuen Tab geöffnet
support-help-link = Hilfe: So erhalten Sie Support
support-form-heading = Supportfall eröffnen
support-category-label = Kategorie
support-category-access-and-users = Zugriff und Nutzer
support-category-contact-information = Kontaktdaten
support-category-integration-technical-issue = Technisches Problem mit der Integration
support-category-other = Sonstiges
support-subject-label = Betreff
support-description-label = Beschreibung
support-description-counter = { $count } von { $max } Zeichen
support-reply-to-label = Antwort an (E-Mail)
support-environment-label = Umgebung (optional)
support-environment-none = Keine Angabe
support-submit = An den Support senden
support-submitting = Wird gesendet…
support-created = Ihr Supportfall { $reference } wurde eröffnet. Wir antworten per E-Mail.
support-cases-heading = Supportfälle dieses Kontos
support-cases-empty = Noch keine Supportfälle.
support-cases-pages = Seiten der Supportfälle
support-column-reference = Referenz
support-column-subject = Betreff
support-column-category = Kategorie
support-column-status = Status
support-column-created = Eröffnet
support-column-created-by = Eröffnet von
support-page-previous = Zurück
support-page-next = Weiter
support-page-status = Seite { $page } von { $pages }
support-case-title = Supportfall { $reference }
support-case-environment = Umgebung
support-case-reply-to = Antwort an
support-case-close = Schließen
case-status-open = Offen
case-status-closed = Geschlossen
