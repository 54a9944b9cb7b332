//! Confirmations for changing a role and removing a user, following the APG alert-dialog
//! pattern: `role="alertdialog"`, named and described, focus moved in and trapped, Escape
//! cancels, and focus returns to the button that opened it. On their own row, the same
//! dialogs let an administrator step down (the portal is then rebuilt for the new role) or
//! leave the account (then the session has ended, and the SPA goes to sign-in).

use super::LIST_HEADING_ID;
use crate::api::{self, ApiError};
use crate::dom;
use crate::i18n::{MsgId, msg, role_description_id, role_id, use_i18n};
use crate::state::{Portal, use_announcer, use_portal, use_session_reload};
use crate::ui::action::local_action;
use crate::ui::dialog::ModalDialog;
use crate::ui::status::FailureNotice;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::use_navigate;
use portal_rules::ErrorCode;
use portal_rules::model::{Role, User};

const TITLE_ID: &str = "user-dialog-title";
const DESCRIPTION_ID: &str = "user-dialog-description";
const FAILURE_ID: &str = "user-dialog-failure";

fn role_radio_id(role: Role) -> &'static str {
    match role {
        Role::Administrator => "user-dialog-role-administrator",
        Role::Editor => "user-dialog-role-editor",
        Role::ReadOnly => "user-dialog-role-read-only",
    }
}

/// Shows a failed request in the dialog (read out, focused). When the list no longer
/// matches the server (changed, removed, last administrator), it is reloaded too.
fn show_failure(portal: Portal, failure: RwSignal<Option<ApiError>>, error: ApiError) {
    if matches!(
        error.code(),
        ErrorCode::PreconditionFailed | ErrorCode::NotFound | ErrorCode::LastAdministrator
    ) {
        portal.users.refetch();
    }
    failure.set(Some(error));
    dom::focus_after_render(FAILURE_ID);
}

/// The confirm and cancel buttons; the confirm button stays focusable while pending.
#[component]
fn DialogButtons(
    confirm_label: MsgId,
    #[prop(optional)] danger: bool,
    pending: Signal<bool>,
    on_confirm: Callback<()>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let class = if danger {
        "button button-danger"
    } else {
        "button button-primary"
    };
    view! {
        <div class="dialog-actions">
            <button
                type="button"
                class=class
                id="user-dialog-confirm"
                aria-disabled=move || pending.get().to_string()
                on:click=move |_| on_confirm.run(())
            >
                {i18n.tr(confirm_label)}
            </button>
            <button
                type="button"
                class="button"
                id="user-dialog-cancel"
                on:click=move |_| on_cancel.run(())
            >
                {i18n.tr(msg::DIALOG_CANCEL)}
            </button>
        </div>
    }
}

/// Asks for the new role of `user`. `on_close` gets the id of the element to focus next.
#[component]
pub fn ChangeRoleDialog(user: User, on_close: Callback<String>) -> impl IntoView {
    let i18n = use_i18n();
    let portal = use_portal();
    let announcer = use_announcer();
    // Focus returns to the opening button whether the change is made or cancelled.
    let trigger = super::table::change_role_button_id(user.id);
    let cancel_focus = trigger.clone();
    let user_id = user.id;
    // After a conflict the list is reloaded; the dialog then shows, and confirms against,
    // what the server has now.
    let current = Signal::derive(move || {
        portal
            .users
            .get()
            .and_then(Result::ok)
            .and_then(|response| response.users.into_iter().find(|each| each.id == user_id))
            .unwrap_or_else(|| user.clone())
    });
    let chosen = RwSignal::new(current.get_untracked().role);
    let failure = RwSignal::new(None::<ApiError>);
    let is_me = portal.session.with_value(|session| session.user.id) == user_id;
    let account = portal
        .session
        .with_value(|session| session.account.name.clone());
    // Looked up now: by the time the answer comes, this dialog may be gone.
    let session_reload = use_session_reload();

    // Reads what it sends when dispatched: every form's and dialog's action is a
    // `local_action`, whose machinery the wasm holds once.
    let save = local_action(move || {
        let (target, role, trigger) = (
            current.get_untracked(),
            chosen.get_untracked(),
            trigger.clone(),
        );
        async move {
            match api::change_role(target.id, target.version, role).await {
                Ok(updated) if is_me => {
                    announcer.announce(i18n.t_with(
                        msg::USERS_STEPPED_DOWN,
                        &[("role", i18n.t(role_id(updated.role)).into())],
                    ));
                    // Every view was built for the old role: rebuild the portal from the
                    // session the server now has, focusing the list again.
                    match session_reload {
                        Some(reload) => reload.reload(LIST_HEADING_ID),
                        None => portal.users.refetch(),
                    }
                    on_close.run(trigger);
                }
                Ok(updated) => {
                    announcer.announce(i18n.t_with(
                        msg::USERS_ROLE_CHANGED,
                        &[
                            ("name", updated.name.clone().into()),
                            ("role", i18n.t(role_id(updated.role)).into()),
                        ],
                    ));
                    portal.users.refetch();
                    on_close.run(trigger);
                }
                Err(error) => show_failure(portal, failure, error),
            }
        }
    });
    // Once sent, the answer decides: cancelling then would hide a change that happens anyway.
    let on_cancel = Callback::new(move |()| {
        if !save.pending().get_untracked() {
            on_close.run(cancel_focus.clone());
        }
    });
    let on_confirm = Callback::new(move |()| {
        if save.pending().get_untracked() {
            return;
        }
        let target = current.get_untracked();
        if target.role == chosen.get_untracked() {
            on_cancel.run(());
            return;
        }
        failure.set(None);
        save.dispatch(());
    });

    let title = move || {
        if is_me {
            i18n.t(msg::USERS_STEP_DOWN_TITLE)
        } else {
            i18n.t_with(
                msg::USERS_CHANGE_ROLE_TITLE,
                &[("name", current.get().name.into())],
            )
        }
    };
    // Your own role: what stepping down costs, said before the choice.
    let description = move || {
        let user = current.get();
        if is_me {
            i18n.t_with(
                msg::USERS_STEP_DOWN_DESCRIPTION,
                &[
                    ("account", account.clone().into()),
                    ("role", i18n.t(role_id(user.role)).into()),
                ],
            )
        } else {
            i18n.t_with(
                msg::USERS_CHANGE_ROLE_DESCRIPTION,
                &[
                    ("name", user.name.into()),
                    ("email", user.email.into()),
                    ("role", i18n.t(role_id(user.role)).into()),
                ],
            )
        }
    };
    let choices = Role::ALL
        .into_iter()
        .map(|role| {
            let description_id = format!("{}-description", role_radio_id(role));
            view! {
                <div class="radio">
                    <input
                        type="radio"
                        name="user-dialog-role"
                        id=role_radio_id(role)
                        value=role.as_str()
                        prop:checked=move || chosen.get() == role
                        aria-describedby=description_id.clone()
                        on:change=move |_| chosen.set(role)
                    />
                    <label for=role_radio_id(role)>{i18n.tr(role_id(role))}</label>
                    <p class="hint" id=description_id>
                        {i18n.tr(role_description_id(role))}
                    </p>
                </div>
            }
        })
        .collect_view();

    view! {
        <ModalDialog
            labelled_by=TITLE_ID
            described_by=DESCRIPTION_ID
            initial_focus=role_radio_id(chosen.get_untracked())
            role="alertdialog"
            class="confirm-dialog"
            on_escape=on_cancel
        >
            <h2 id=TITLE_ID>{move || title()}</h2>
            <p id=DESCRIPTION_ID>{move || description()}</p>
            <fieldset class="form-field role-choice">
                <legend>{i18n.tr(msg::USERS_CHANGE_ROLE_LEGEND)}</legend>
                {choices}
            </fieldset>
            <FailureNotice id=FAILURE_ID failure />
            <DialogButtons
                confirm_label=if is_me {
                    msg::USERS_STEP_DOWN_CONFIRM
                } else {
                    msg::USERS_CHANGE_ROLE_CONFIRM
                }
                danger=is_me
                pending=save.pending().into()
                on_confirm
                on_cancel
            />
        </ModalDialog>
    }
}

/// Asks before removing `user`; warns first when they are an alert contact, since the
/// server then removes them from the alert contacts too (Production may need a new one).
/// Removing yourself is leaving the account: then the session has ended, and the SPA goes
/// to sign-in, whose notice names the account left (see [`super::LeftAccountNotice`]).
#[component]
pub fn RemoveUserDialog(
    user: User,
    /// `None` while contact information is unknown: then the dialog warns in general terms.
    is_alert_contact: Option<bool>,
    on_close: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let portal = use_portal();
    let announcer = use_announcer();
    let failure = RwSignal::new(None::<ApiError>);
    let name = user.name.clone();
    let email = user.email.clone();
    let is_me = portal.session.with_value(|session| session.user.id) == user.id;
    let account = portal
        .session
        .with_value(|session| session.account.name.clone());
    // Only leaving navigates (dialogs for others' rows work outside a router too).
    let navigate = is_me.then(use_navigate);
    let left_account = account.clone();

    let target = user.clone();
    let remove = local_action(move || {
        let target = target.clone();
        let (navigate, account) = (navigate.clone(), left_account.clone());
        async move {
            if let Some(navigate) = navigate {
                match api::remove_user(target.id).await {
                    Ok(()) => {
                        announcer.announce(
                            i18n.t_with(msg::USERS_LEFT, &[("account", account.clone().into())]),
                        );
                        // The session ended with the access: sign-in, whose history entry
                        // carries the account's name for the notice. Leaving the portal's
                        // routes drops everything it loaded.
                        navigate(
                            "/sign-in",
                            NavigateOptions {
                                replace: true,
                                state: account.into(),
                                ..NavigateOptions::default()
                            },
                        );
                    }
                    Err(error) => show_failure(portal, failure, error),
                }
                return;
            }
            // Not found: someone removed them meanwhile, which is what was asked for.
            let result = match api::remove_user(target.id).await {
                Err(error) if error.code() == ErrorCode::NotFound => Ok(()),
                other => other,
            };
            match result {
                Ok(()) => {
                    announcer.announce(
                        i18n.t_with(msg::USERS_REMOVED, &[("name", target.name.clone().into())]),
                    );
                    portal.users.refetch();
                    // Removing an alert contact can make Production incomplete again.
                    if is_alert_contact != Some(false) {
                        portal.contact_info.refetch();
                    }
                    on_close.run(LIST_HEADING_ID.to_owned());
                }
                Err(error) => show_failure(portal, failure, error),
            }
        }
    });
    let cancel_focus = super::table::remove_button_id(user.id);
    let on_cancel = Callback::new(move |()| {
        if !remove.pending().get_untracked() {
            on_close.run(cancel_focus.clone());
        }
    });
    let on_confirm = Callback::new(move |()| {
        if !remove.pending().get_untracked() {
            failure.set(None);
            remove.dispatch(());
        }
    });
    let title = {
        let (name, account) = (name.clone(), account.clone());
        move || {
            if is_me {
                i18n.t_with(
                    msg::USERS_LEAVE_TITLE,
                    &[("account", account.clone().into())],
                )
            } else {
                i18n.t_with(msg::USERS_REMOVE_TITLE, &[("name", name.clone().into())])
            }
        }
    };
    // Leaving: that all access ends at once, said before the choice.
    let description = {
        let name = name.clone();
        move || {
            let (id, who) = if is_me {
                (msg::USERS_LEAVE_DESCRIPTION, ("account", account.clone()))
            } else {
                (msg::USERS_REMOVE_DESCRIPTION, ("name", name.clone()))
            };
            i18n.t_with(
                id,
                &[(who.0, who.1.into()), ("email", email.clone().into())],
            )
        }
    };
    let warning = match is_alert_contact {
        Some(false) => None,
        Some(true) => Some(
            view! {
                <p class="notice notice-warning" id="user-dialog-alert-contact-warning">
                    {move || {
                        if is_me {
                            i18n.t(msg::USERS_LEAVE_ALERT_CONTACT_WARNING)
                        } else {
                            i18n.t_with(
                                msg::USERS_REMOVE_ALERT_CONTACT_WARNING,
                                &[("name", name.clone().into())],
                            )
                        }
                    }}
                </p>
            }
            .into_any(),
        ),
        None => Some(
            view! {
                <p class="notice notice-warning" id="user-dialog-alert-contact-warning">
                    {i18n.tr(msg::USERS_REMOVE_ALERT_CONTACT_MAYBE)}
                </p>
            }
            .into_any(),
        ),
    };

    view! {
        // The least destructive action gets the focus.
        <ModalDialog
            labelled_by=TITLE_ID
            described_by=DESCRIPTION_ID
            initial_focus="user-dialog-cancel"
            role="alertdialog"
            class="confirm-dialog"
            on_escape=on_cancel
        >
            <h2 id=TITLE_ID>{move || title()}</h2>
            <div id=DESCRIPTION_ID>
                <p>{move || description()}</p>
                {warning}
            </div>
            <FailureNotice id=FAILURE_ID failure />
            <DialogButtons
                confirm_label=if is_me { msg::USERS_LEAVE_CONFIRM } else { msg::USERS_REMOVE_CONFIRM }
                danger=true
                pending=remove.pending().into()
                on_confirm
                on_cancel
            />
        </ModalDialog>
    }
}
