//! Add a user (Administrators): name, e-mail and role, checked with the shared rule. The
//! server creates an invited user and mails a 7-day sign-in link. What is typed is kept
//! as a draft in browser storage until the invitation is sent or the draft discarded.

use crate::api;
use crate::dom;
use crate::i18n::{msg, role_description_id, role_id, use_i18n};
use crate::state::{use_announcer, use_portal};
use crate::storage::{Draft, DraftForm, DraftStore};
use crate::ui::action::local_action;
use crate::ui::draft_offer::DraftOffer;
use crate::ui::error_summary::ErrorSummary;
use crate::ui::form::{FormErrors, FormField, FormSpec, SubmitButton, TextField};
use crate::ui::status::FailureNotice;
use leptos::prelude::*;
use portal_rules::api::NewUser;
use portal_rules::model::{Role, User};
use portal_rules::user::{MAX_USER_NAME_CHARS, field, validate_new_user};
use portal_rules::{ErrorCode, FieldError};

/// The shared rule's limit, so the field stops where the rule does (browsers count UTF-16
/// units, so text outside the Basic Multilingual Plane stops a little earlier).
#[allow(clippy::cast_possible_truncation)] // the assertion checks it fits, at compile time
const NAME_MAXLENGTH: u32 = {
    assert!(MAX_USER_NAME_CHARS <= u32::MAX as usize);
    MAX_USER_NAME_CHARS as u32
};

const FORM: FormSpec = FormSpec {
    summary_id: "invite-summary",
    failure_id: "invite-failure",
    fields: &[
        FormField {
            rule: field::NAME,
            input_id: "invite-name",
            label: msg::USERS_INVITE_NAME,
        },
        FormField {
            rule: field::EMAIL,
            input_id: "invite-email",
            label: msg::USERS_INVITE_EMAIL,
        },
        FormField {
            rule: field::ROLE,
            input_id: "invite-role",
            label: msg::USERS_INVITE_ROLE,
        },
    ],
};

/// Nothing typed yet: no draft to keep.
fn is_blank(user: &NewUser) -> bool {
    user.name.trim().is_empty() && user.email.trim().is_empty()
}

#[component]
pub fn InviteUserForm() -> impl IntoView {
    let i18n = use_i18n();
    let portal = use_portal();
    let announcer = use_announcer();
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Editor);
    let invited = RwSignal::new(None::<User>);
    // The key belongs to the draft it was made for: resending the same draft (after a lost
    // answer) reuses it, so the server replays instead of inviting twice; an edited draft
    // is a new request with a new key.
    let last_sent = StoredValue::new(None::<(NewUser, String)>);

    let store = StoredValue::new(
        portal
            .session
            .with_value(|session| DraftStore::new(DraftForm::Invite, session)),
    );
    let offer = RwSignal::new(store.with_value(|store| store.offer(|user| !is_blank(user))));

    let draft = move || NewUser {
        name: name.get(),
        email: email.get(),
        role: role.get(),
        // The colleague most likely reads the inviter's language.
        locale: Some(i18n.locale().code().to_owned()),
    };
    let errors = FormErrors::new(
        &FORM,
        Memo::new(move |_| validate_new_user(&draft()).err().unwrap_or_default()),
    );

    // Reads what it sends when dispatched: every form's and dialog's action is a
    // `local_action`, whose machinery the wasm holds once.
    let send = local_action(move || {
        // A retry of the same invitation reuses its key, so the server sends it once.
        let user = untrack(draft);
        let key = last_sent
            .with_value(|sent| {
                sent.as_ref()
                    .filter(|(previous, _)| *previous == user)
                    .map(|(_, key)| key.clone())
            })
            .unwrap_or_else(dom::random_id);
        last_sent.set_value(Some((user.clone(), key.clone())));
        async move {
            match api::invite_user(&key, &user).await {
                Ok(created) => {
                    announcer.announce(i18n.t_with(
                        msg::USERS_INVITED,
                        &[
                            ("name", created.name.clone().into()),
                            ("email", created.email.clone().into()),
                        ],
                    ));
                    invited.set(Some(created));
                    name.set(String::new());
                    email.set(String::new());
                    role.set(Role::Editor);
                    store.with_value(DraftStore::clear);
                    errors.reset();
                    last_sent.set_value(None);
                    portal.users.refetch();
                }
                Err(error) if error.code() == ErrorCode::AlreadyAUser => {
                    errors.show_server(vec![
                        FieldError::new(field::EMAIL, ErrorCode::AlreadyAUser)
                            .with_value(user.email),
                    ]);
                }
                Err(error) => errors.show_failure(error),
            }
        }
    });
    // Kept on every input and choice (they bubble to the form after the field took them).
    let remember = move || {
        let typed = untrack(draft);
        store.with_value(|store| store.keep(&typed, is_blank(&typed)));
    };
    let restore = Callback::new(move |()| {
        if let Some(Draft { value, .. }) = offer.get_untracked() {
            name.set(value.name);
            email.set(value.email);
            role.set(value.role);
            offer.set(None);
        }
    });
    let discard = Callback::new(move |()| {
        offer.set(None);
        remember();
    });
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if !errors.start_submit(send.pending().get_untracked()) {
            return;
        }
        send.dispatch(());
    };

    // The confirmation of the last invitation shows until the next submit starts.
    let invited_notice = move || {
        invited.get().filter(|_| !errors.submitted()).map(|user| {
            let text = move || {
                i18n.t_with(
                    msg::USERS_INVITED,
                    &[
                        ("name", user.name.clone().into()),
                        ("email", user.email.clone().into()),
                    ],
                )
            };
            view! { <p class="notice notice-success" id="invite-sent">{text}</p> }
        })
    };
    let role_options = Role::ALL
        .into_iter()
        .map(|option| {
            view! {
                <option value=option.as_str() prop:selected=move || role.get() == option>
                    {i18n.tr(role_id(option))}
                </option>
            }
        })
        .collect_view();

    view! {
        <form
            class="invite-form"
            novalidate
            on:submit=on_submit
            on:input=move |_| remember()
            on:change=move |_| remember()
            aria-labelledby="invite-heading"
        >
            <h2 id="invite-heading" class="section-heading">
                {i18n.tr(msg::USERS_INVITE_HEADING)}
            </h2>
            <p class="hint">{i18n.tr(msg::USERS_INVITE_INTRO)}</p>
            <DraftOffer
                id="invite-draft"
                saved_at=Signal::derive(move || {
                    offer.with(|offer| offer.as_ref().map(|draft| draft.saved_at.clone()))
                })
                on_restore=restore
                on_discard=discard
                next_focus="invite-name"
            />
            {move || invited_notice()}
            <FailureNotice id=FORM.failure_id failure=errors.failure() />
            <ErrorSummary id=FORM.summary_id items=errors.summary_items() />
            <div class="form-row">
                <TextField errors field=field::NAME value=name autocomplete="off" maxlength=NAME_MAXLENGTH />
                <TextField
                    errors
                    field=field::EMAIL
                    value=email
                    input_type="email"
                    autocomplete="off"
                />
                <div class="form-field">
                    <label for="invite-role">{i18n.tr(msg::USERS_INVITE_ROLE)}</label>
                    <select
                        id="invite-role"
                        aria-describedby="invite-role-hint"
                        on:change:target=move |event| {
                            if let Some(value) = Role::parse(&event.target().value()) {
                                role.set(value);
                            }
                        }
                    >
                        {role_options}
                    </select>
                    <p class="hint" id="invite-role-hint">
                        {move || i18n.t(role_description_id(role.get()))}
                    </p>
                </div>
            </div>
            <SubmitButton
                pending=send.pending()
                label=msg::USERS_INVITE_SUBMIT
                pending_label=msg::USERS_INVITE_SENDING
                id="invite-submit"
            />
        </form>
    }
}
