## Application
app-title = Partner Portal
loading = Loading…
action-retry = Try again
action-sign-out = Sign out
language-label = Language
language-name-de = Deutsch
language-name-it = Italiano
language-name-en = English
environment-label = Environment
environment-sandbox = Sandbox
environment-production = Production
account-partner-id = Partner ID { $id }
account-switcher-label = Account
account-switch-button = Switch
account-option = { $account } (Partner ID { $id }) – { $role }
accounts-heading = Choose an account
accounts-intro = Your address { $email } has access to the Partner Portal of several accounts. Choose the account you want to work in; you can switch at any time in the header.
accounts-role = Your role: { $role }
accounts-contact-missing = Contact information missing
account-switched = You are now working in { $account } with the role { $role }.
account-switch-failed = The account could not be switched. Please try again.

## Navigation
nav-label = Main
nav-overview = Overview
nav-configuration = Configuration
nav-contact-information = Contact information
nav-users = Users
nav-help = Help
nav-contact-support = Contact support

## Blocking modal
modal-title = Mandatory information
modal-contact-support-link = Contact support
modal-intro = Before you can integrate “{ $integration }”, you must fill in the contact information. To receive support and notifications about your account from Google, enter your contact information before you use other features of the Partner Portal. Because contact information applies to the whole account, only one person needs to enter it.
modal-tabs-label = Mandatory information
modal-tab-contact-information = Contact information
modal-tab-users = Users
modal-tab-contact-support = Contact support
modal-contact-information-intro = After the integration we must be able to reach your technical and operations teams. Once all contact information is submitted, the Partner Portal is unlocked and you can start working on the “{ $integration }” integration.
modal-users-intro = If someone else in your organization is better placed to provide the contact information, give them access to the Partner Portal.

## Contact information
contact-status-heading = Missing contact information ({ $environment })
contact-status-complete = All required contact information has been provided.
contact-information-heading = Contact information
contact-information-intro = You can update the contact information for your account at any time.

# The change history on Configuration → Contact information.
history-heading = Change history
history-intro = Every change to the contact information, the users and their roles, newest first.
history-empty = No changes have been recorded yet.
history-show-more = Show more
history-contact-info-updated = Contact information changed
history-contact-info-confirmed = Confirmed as still correct
history-user-invited = User invited: { $name }
history-invitation-accepted = Invitation accepted: { $name }
history-role-changed = Role changed: { $name }
history-user-removed = User removed: { $name }
history-by = by { $name } ({ $email })
history-by-operator = by the portal operator
history-address-verified = E-mail address confirmed
history-by-link = through the link in the confirmation e-mail
history-added = Added: { $items }
history-removed = Removed: { $items }
history-was-now = Was: { $old }. Now: { $new }.
history-role = Role
history-none = none
history-hours-row = { $weekdays } { $start }–{ $end } ({ $zone })
history-hours-row-overnight = { $weekdays } { $start }–{ $end } the next day ({ $zone })

# Verified contact addresses: status next to each address, the summary with resend
# (src/features/contact_info/verification.rs) and the page a confirmation link opens
# (src/pages/verify.rs).
verification-verified = Confirmed on { $date }
verification-pending = Not yet confirmed
verification-failed = Not delivered or link expired
verification-unsent = No confirmation link sent yet
verification-heading = Confirmation of the e-mail addresses
verification-intro = Each address receives an e-mail with a confirmation link, so you know that mail to it arrives. Saving never waits for it.
verification-summary = { $unconfirmed ->
    [one] { $unconfirmed } of { $total } addresses is not yet confirmed.
   *[other] { $unconfirmed } of { $total } addresses are not yet confirmed.
}
verification-summary-all = { $total ->
    [one] The address is confirmed.
   *[other] All { $total } addresses are confirmed.
}
verification-send = Send link
verification-resend = Send link again
verification-resent = A new confirmation link was sent to { $address }.
verify-confirmed-heading = Address confirmed
verify-confirmed = Thank you. { $address } is confirmed as a contact address in the Partner Portal.
verify-invalid-heading = This link is no longer valid
verify-invalid = The link was already used, has expired or is incomplete. An Administrator or Editor of your account can send a new one from Configuration → Contact information.

# The banner that asks editors to review the contact information periodically (src/features/contact_info/review.rs).
review-banner-label = Review of the contact information
review-due = Please check that your contact information is still correct. Last confirmed on { $date }.
review-due-never = Please check that your contact information is still correct.
review-still-correct = Still correct
review-open-form = Review
review-confirmed = Thank you. Your contact information is confirmed as still correct.

# Live updates: another user's change arrives while the page is open (src/shell/live_notice.rs, the contact form).
live-updated-by = Updated by { $name } just now.
live-updated = Updated just now.
live-draft-pointer = What you typed in the contact information is kept as a draft.
live-draft-open = Continue in Configuration → Contact information
live-draft-kept = { $name } saved changes to the contact information. Your edits are kept; when you save, you can compare them with the saved version.
live-draft-kept-unnamed = The contact information was changed meanwhile. Your edits are kept; when you save, you can compare them with the saved version.

field-alert-contacts = Alert contacts
field-alert-contacts-help = Partner Portal users who can resolve non-emergency technical problems that occur in production. Automated alert e-mails are sent to these users whenever problems are detected in Production.
field-alert-contacts-required = (required)
field-alert-contacts-required-sandbox = (required in Production)
field-technical-emergency = Technical emergency contacts
field-technical-emergency-help = Contacts notified in an emergency, for example when the integration is disabled. A paging alias (on-call distribution list) is recommended.
field-technical-emergency-required = (required)
field-technical-non-emergency = Technical non-emergency contacts
field-technical-non-emergency-help = Contacts for ongoing partner support that needs technical input, for example API migrations or matching problems.
field-technical-non-emergency-required = (required)
field-merchant-issues = Operational contact for merchant issues
field-merchant-issues-help = Contacts informed about merchant issues, for example when a merchant asks to remove a partner it has no business relationship with.
field-merchant-issues-required = (required for some integrations)
field-merchant-issues-note = This field is only available for some integrations.
field-operational-google = Operational contact (for Google)
field-operational-google-help = Contacts for escalating user requests that need the partner to act, for example when a booking is not honoured. These contacts are for Google only and are not made available to users.
field-operational-google-required = (required)
field-operational-public = Operational contact (shared with users)
field-operational-public-help = Contact whose details are shared with users, for example for refunds, cancellations or order changes. This is your default brand's support e-mail alias.
field-operational-public-required = (required)
field-support-hours = Operational support
field-support-hours-help = Business hours and time zones in which you offer user support. Select all that apply.
field-support-hours-required = (required)

## Domain values
role-administrator = Administrator
role-editor = Editor
role-read-only = Read only
user-status-invited = Invited
user-status-active = Active
integration-things-to-do = Things to do
integration-healthcare-appointments = Healthcare appointments
integration-appointments = Appointments
integration-reservations = Reservations
integration-ordering = Ordering
integration-local-services = Local services
weekday-0 = Monday
weekday-1 = Tuesday
weekday-2 = Wednesday
weekday-3 = Thursday
weekday-4 = Friday
weekday-5 = Saturday
weekday-6 = Sunday

## Users
users-heading = Users
users-caption = Partner Portal users of this account. Column headers with buttons sort the table.
users-empty = This account has no users yet.
users-column-name = Name
users-column-email = E-mail
users-column-role = Role
users-column-status = Status
users-list-heading = Users of this account
users-column-last-sign-in = Last sign-in
users-column-actions = Actions
users-never-signed-in = Never
users-you = (you)
users-self-only-administrator = You are the only administrator who has signed in. To step down or leave, first make another user who has signed in an administrator.
users-change-role-button = Change role
users-change-role-label = Change role: { $name }
users-remove-button = Remove
users-remove-label = Remove: { $name }
users-change-own-role-label = Change role (your own)
users-leave-button = Leave
users-leave-label = Leave this account
users-managed-by-administrators = Only administrators can add users, change roles or remove users. Administrators of this account: { $names }
users-invite-heading = Add a user
users-invite-intro = The person receives an e-mail with a sign-in link that is valid for 7 days. They can then complete the contact information (as Editor or Administrator).
users-invite-name = Name
users-invite-email = E-mail address
users-invite-role = Role
users-invite-submit = Send invitation
users-invite-sending = Sending invitation…
users-invited = Invitation sent to { $name } ({ $email }).
role-administrator-description = Manages users and edits the contact information.
role-editor-description = Edits the contact information.
role-read-only-description = Can view everything but change nothing.
users-change-role-title = Change the role of { $name }
users-change-role-description = { $name } ({ $email }) currently has the role { $role }. Choose the new role.
users-change-role-legend = New role
users-change-role-confirm = Change role
users-role-changed = { $name } now has the role { $role }.
users-remove-title = Remove { $name }?
users-remove-description = { $name } ({ $email }) will no longer be able to sign in to the Partner Portal for this account.
users-remove-alert-contact-warning = { $name } is an alert contact. Removing them also removes them from the alert contacts. If no alert contact is left, the contact information for Production is incomplete and has to be completed again.
users-remove-confirm = Remove user
users-remove-alert-contact-maybe = If this person is an alert contact, they are also removed from the alert contacts; the contact information for Production may then have to be completed again.
users-removed = { $name } was removed.
users-step-down-title = Change your own role
users-step-down-description = You have the role { $role } for { $account }. With another role you lose your administration rights at once: you can no longer add users, change roles or remove users. Only another administrator can make you an administrator again.
users-step-down-confirm = Change my role
users-stepped-down = You now have the role { $role }. Only the administrators of this account can manage users now.
users-leave-title = Leave { $account }?
users-leave-description = You ({ $email }) will be removed from the users of { $account } and lose all access to its Partner Portal. You are signed out at once; only an administrator of { $account } can invite you again.
users-leave-alert-contact-warning = You are an alert contact: leaving also removes you from the alert contacts. If no alert contact is left, the contact information for Production is incomplete and has to be completed again.
users-leave-confirm = Leave account
users-left = You left { $account } and no longer have access to its Partner Portal.
dialog-cancel = Cancel

## Support
support-heading = Contact support
support-intro = If you have questions or need help, our support team is there for you at any time.
contact-support-heading = Contact support

## Pages
overview-heading = Overview
overview-welcome = Welcome, { $name }.
overview-integration = Integration: { $integration }
not-found-heading = Page not found
not-found-home = Go to the overview

## Sign-in
sign-in-heading = Sign in to the Partner Portal
sign-in-intro = Enter your e-mail address. We will send you a link to sign in.
sign-in-email-label = E-mail address
sign-in-submit = Send sign-in link
sign-in-sending = Sending sign-in link…
sign-in-sent = If this address belongs to a Partner Portal user, a sign-in link is on its way. Check your inbox.
sign-in-failed-heading = Sign-in failed
sign-in-request-new-link = Request a new sign-in link
sign-in-continue-heading = Continue signing in
sign-in-continue-intro = This link signs you in as { $name } to the account { $account }.
sign-in-continue-intro-several = This link signs you in as { $name } ({ $email }). Your address has access to { $count } accounts: you choose one of them next.
sign-in-continue-button = Continue as { $name } ({ $account })
sign-in-continue-button-several = Continue as { $name }
sign-in-continue-pending = Signing in…
sign-in-continue-not-you = Not you? Request a new sign-in link

## Document title: "<page or state> – <app-title>", see src/shell/title.rs
document-title = { $page } – { app-title }
title-sign-in = Sign in
title-link-sent = Sign-in link sent
title-sign-in-continue = Continue signing in
title-sign-in-failed = Sign-in failed
title-loading = Loading
title-error = Error
title-contact-info-required = Contact information required
title-overview = Overview
title-contact-information = Contact information
title-users = Users
title-contact-support = Contact support
title-choose-account = Choose an account
title-not-found = Page not found
title-verify = Confirm e-mail address

## Contact form
email-list-entries = Entries: { $field }
email-list-remove = Remove { $address }
email-list-placeholder = name@example.com
hours-always-open = 24/7 (always available)
hours-row-legend = Time range { $number }
hours-weekdays = Weekdays
hours-start = From
hours-end = To
hours-overnight = Ends the next day (overnight)
hours-time-zone = Time zone
hours-remove-row = Remove time range { $number }
hours-add-row = Add time range
contact-form-save = Save contact information
contact-form-saving = Saving…
contact-form-saved = Contact information saved.
contact-form-unlocked = Contact information saved. The Partner Portal is now unlocked.
contact-form-read-only = You have read-only access, so you cannot change the contact information. Ask an administrator: { $administrators }
contact-form-all-required = All fields shown are required. Separate several addresses in a list with commas, semicolons, spaces or new lines.
contact-form-all-required-sandbox = In Sandbox, all fields shown are required except the alert contacts. Separate several addresses in a list with commas, semicolons, spaces or new lines.
contact-form-conflict = Someone else saved the contact information while you were editing. Your entries are still here. Where you both changed a field, choose which version to keep, then save.
contact-form-conflict-load = Load the latest values (discard my changes)
contact-merge-save = Save the merged version
contact-merge-taken = Changed by the other person, their version is taken: { $value }
contact-merge-kept = Changed by you, your version is kept: { $value }
contact-merge-same = You both made the same change: { $value }
contact-merge-before = Changed by both of you. Before: { $value }
contact-merge-keep-theirs = Keep theirs: { $value }
contact-merge-keep-mine = Keep mine: { $value }
contact-merge-empty = empty
draft-offer = Restore what you typed on { $date }?
draft-restore = Restore
draft-discard = Discard
error-summary-heading = Please correct the following:
alert-contacts-sandbox-note = Note: Alert contacts can only be specified in the Production environment. Switch to Production to choose them.
alert-contacts-sandbox-no-production-note = Note: Alert contacts can only be specified in the Production environment. Production is not enabled for this account yet, so no alert contacts are needed until then.
alert-contacts-production-note = Note: Alert contacts can only be specified in the Production environment. Choose them from the Partner Portal users of this account.
field-operational-google-note = Internal: never shown to users.
field-operational-public-note = Public: shown to your users. Enter exactly one address.

## Support cases
portal-blocked-placeholder = Complete the mandatory information to use the Partner Portal.
link-new-tab = opens in a new tab
support-help-link = Help: How to get support
support-form-heading = Open a support case
support-category-label = Category
support-category-access-and-users = Access and users
support-category-contact-information = Contact information
support-category-integration-technical-issue = Integration technical issue
support-category-other = Other
support-subject-label = Subject
support-description-label = Description
support-description-counter = { $count } of { $max } characters
support-reply-to-label = Reply to (e-mail)
support-environment-label = Environment (optional)
support-environment-none = Not specified
support-submit = Send to support
support-submitting = Sending…
support-created = Your support case { $reference } has been opened. We will reply by e-mail.
support-cases-heading = Support cases of this account
support-cases-empty = No support cases yet.
support-cases-pages = Support case pages
support-column-reference = Reference
support-column-subject = Subject
support-column-category = Category
support-column-status = Status
support-column-created = Opened
support-column-created-by = Opened by
support-page-previous = Previous
support-page-next = Next
support-page-status = Page { $page } of { $pages }
support-case-title = Support case { $reference }
support-case-environment = Environment
support-case-reply-to = Reply to
support-case-close = Close
case-status-open = Open
case-status-closed = Closed
