## Errors: one message per machine code sent by the server or the shared rules.
error-network = The Partner Portal cannot be reached. Check your connection and try again.
error-unexpected-response = The server sent an unexpected answer. Please try again.
error-unknown = Something went wrong. Please try again.
error-bad-request = The request could not be understood. Please reload the page and try again.
error-unauthenticated = Your session has ended. Please sign in again.
error-forbidden = Your role does not allow this action.
error-not-found = This item no longer exists.
error-method-not-allowed = This action is not supported.
error-unsupported-media-type = The request had an unsupported format.
error-payload-too-large = The request is too large.
error-precondition-required = The request is missing its version. Please reload the page.
error-precondition-failed = Someone else changed this information in the meantime.
error-validation-failed = Some entries need your attention.
error-conflict = This conflicts with an existing entry.
error-rate-limited = Too many attempts. Please wait a moment and try again.
error-rate-limited-retry = Too many attempts. Please try again in { $minutes ->
    [one] one minute
   *[other] { $minutes } minutes
}.
error-internal = Something went wrong on our side. Please try again later.
error-sign-in-link-invalid = This sign-in link is invalid, has expired or has already been used.
error-verification-link-invalid = This confirmation link is invalid, has expired or has already been used.
error-required = This field is required.
error-email-invalid = “{ $value }” is not a valid e-mail address.
error-email-too-long = “{ $value }” is longer than 254 characters.
error-email-local-part-too-long = The part before the @ in “{ $value }” is longer than 64 characters.
error-email-duplicate = “{ $value }” is already in the list.
error-list-too-long = Enter at most 10 addresses.
error-exactly-one = Enter exactly one address.
error-alert-contact-not-user = “{ $value }” is not a Partner Portal user of this account.
error-production-not-enabled = Production is not enabled for this account yet.
error-hours-rows-required = Add at least one time range or select 24/7.
error-hours-no-weekdays = Select at least one weekday.
error-hours-invalid-time = Enter times as hours and minutes, e.g. 09:00.
error-hours-start-not-before-end = The start must be before the end (or mark the range as overnight).
error-hours-overlap = This time range overlaps with range { $value } in the same time zone.
error-hours-unknown-time-zone = Choose a time zone from the list.
error-text-too-long = Enter at most { $value } characters.
error-text-invalid-character = This text contains a control or text-direction character ({ $value }) that is not allowed here.
error-idempotency-key-required = The request could not be sent safely. Please reload the page and try again.
error-idempotency-key-reused = This request was already sent with different content. Please reload the page.
error-last-administrator = The account needs at least one administrator. Make someone else an administrator first.
error-already-a-user = This person already has access to the Partner Portal for this account.
