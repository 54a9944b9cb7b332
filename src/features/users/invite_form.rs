//! Add a user (Administrators): name, e-mail and role, checked with the shared rule. The
//! server creates an invited user and mails a 7-day sign-in link.

use crate::api::{self, ApiError};
use crate::dom;
use crate::i18n::{api_error_id, msg, role_description_id, role_id, use_i18n};
use crate::state::{use_announcer, use_portal};
use crate::ui::error_summary::ErrorSummary;
use crate::ui::form::{FormErrors, FormField, TextField};
use leptos::prelude::*;
use portal_rules::api::NewUser;
use portal_rules::model::{Role, User};
use portal_rules::user::validate_new_user;
use portal_rules::{ErrorCode, FieldError};

const FIELDS: [FormField; 3] = [
    ("name", "invite-name", msg::USERS_INVITE_NAME),
    ("email", "invite-email", msg::USERS_INVITE_EMAIL),
    ("role", "invite-role", msg::USERS_INVITE_ROLE),
];
const SUMMARY_ID: &str = "invite-summary";
const FAILURE_ID: &str = "invite-failure";

#[component]
pub fn InviteUserForm() -> impl IntoView {
    let i18n = use_i18n();
    let portal = use_portal();
    let announcer = use_announcer();
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let role = RwSignal::new(Role::Editor);
    let failure = RwSignal::new(None::<ApiError>);
    let invited = RwSignal::new(None::<User>);
    // The key belongs to the draft it was made for: resending the same draft (after a lost
    // answer) reuses it, so the server replays instead of inviting twice; an edited draft
    // is a new request with a new key.
    let sent = StoredValue::new(None::<(NewUser, String)>);

    let draft = move || NewUser {
        name: name.get(),
        email: email.get(),
        role: role.get(),
        // The colleague most likely reads the inviter's language.
        locale: Some(i18n.locale().code().to_owned()),
    };
    let errors = FormErrors::new(
        &FIELDS,
        Memo::new(move |_| validate_new_user(&draft()).err().unwrap_or_default()),
    );

    let send = Action::new_local(move |(key, user): &(String, NewUser)| {
        let (key, user) = (key.clone(), user.clone());
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
                    errors.reset();
                    sent.set_value(None);
                    portal.users.refetch();
                }
                Err(ApiError::Problem(problem)) if problem.code == ErrorCode::ValidationFailed => {
                    errors.show_server(problem.errors);
                    dom::focus_after_render(SUMMARY_ID);
                }
                Err(ApiError::Problem(problem)) if problem.code == ErrorCode::AlreadyAUser => {
                    errors.show_server(vec![
                        FieldError::new("email", ErrorCode::AlreadyAUser).with_value(user.email),
                    ]);
                    dom::focus_after_render(SUMMARY_ID);
                }
                Err(error) => {
                    failure.set(Some(error));
                    dom::focus_after_render(FAILURE_ID);
                }
            }
        }
    });

    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if send.pending().get_untracked() {
            return;
        }
        failure.set(None);
        invited.set(None);
        if !errors.begin_submit() {
            dom::focus_after_render(SUMMARY_ID);
            return;
        }
        let user = untrack(draft);
        let key = sent
            .with_value(|sent| {
                sent.as_ref()
                    .filter(|(previous, _)| *previous == user)
                    .map(|(_, key)| key.clone())
            })
            .unwrap_or_else(dom::random_id);
        sent.set_value(Some((user.clone(), key.clone())));
        send.dispatch((key, user));
    };

    view! {
        <form class="invite-form" novalidate on:submit=on_submit aria-labelledby="invite-heading">
            <h3 id="invite-heading">{i18n.tr(msg::USERS_INVITE_HEADING)}</h3>
            <p class="hint">{i18n.tr(msg::USERS_INVITE_INTRO)}</p>
            {move || invited.get().map(|user| view! {
                <p class="notice notice-success" id="invite-sent">
                    {move || i18n.t_with(msg::USERS_INVITED, &[("name", user.name.clone().into()), ("email", user.email.clone().into())])}
                </p>
            })}
            {move || failure.get().map(|error| {
                // The limit is per hour: "wait a moment" would mislead.
                let id = if error.code() == ErrorCode::RateLimited {
                    msg::USERS_INVITE_RATE_LIMITED.to_owned()
                } else {
                    api_error_id(&error)
                };
                view! { <p class="notice notice-error" id=FAILURE_ID tabindex="-1" role="alert">{i18n.tr(id)}</p> }
            })}
            <ErrorSummary id=SUMMARY_ID items=errors.summary_items() />
            <div class="form-row">
                <TextField errors field="name" value=name autocomplete="off" maxlength=200 />
                <TextField errors field="email" value=email input_type="email" autocomplete="off" />
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
                        {Role::ALL.into_iter().map(|option| view! {
                            <option value=option.as_str() prop:selected=move || role.get() == option>{i18n.tr(role_id(option))}</option>
                        }).collect_view()}
                    </select>
                    <p class="hint" id="invite-role-hint">{move || i18n.t(role_description_id(role.get()))}</p>
                </div>
            </div>
            // aria-disabled, not disabled: a disabled button would drop keyboard focus.
            <button type="submit" class="button button-primary" id="invite-submit" aria-disabled=move || send.pending().get().to_string()>
                {move || i18n.t(if send.pending().get() { msg::USERS_INVITE_SENDING } else { msg::USERS_INVITE_SUBMIT })}
            </button>
        </form>
    }
}
