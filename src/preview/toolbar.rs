//! The designer toolbar: a disclosure (APG) at the bottom right, outside the portal's inert
//! region, so it stays operable while the blocking modal blocks the portal (Alt+Shift+P
//! reaches it from anywhere). It picks the account, the user (or nobody), the language and
//! the environment, and forces the next answers of the backend; every choice is mirrored
//! in the URL (`history.replaceState`), so a link reproduces the state.

use super::i18n::{PMsg, pmsg, pt, pt_with};
use super::runtime;
use super::settings::{Settings, UserChoice};
use super::{GALLERY_PATH, PREVIEW_MARKER, launch_settings};
use crate::i18n::{
    Locale, environment_id, field_label_id, locale_name_id, msg, role_id, translate, use_i18n,
};
use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use portal_preview::force::{FIELD_CODES, ForceKind, ForceScope, Forcing};
use portal_preview::state::{Mail, MailKind, UserRecord};
use portal_rules::ErrorCode;
use portal_rules::contact::Field;
use portal_rules::model::{Environment, Role, UserStatus};
use std::time::Duration;

const TOGGLE_ID: &str = "preview-toolbar-toggle";
const PANEL_ID: &str = "preview-toolbar-panel";
/// Whether the toolbar is open, remembered in this browser.
const OPEN_KEY: &str = "portal.preview.toolbar-open";

fn force_label(kind: ForceKind) -> PMsg {
    match kind {
        ForceKind::None => pmsg::FORCE_NONE,
        ForceKind::Slow => pmsg::FORCE_SLOW,
        ForceKind::Stall => pmsg::FORCE_STALL,
        ForceKind::Network => pmsg::FORCE_NETWORK,
        ForceKind::ServerError => pmsg::FORCE_500,
        ForceKind::Conflict => pmsg::FORCE_412,
        ForceKind::RateLimited => pmsg::FORCE_429,
        ForceKind::Invalid => pmsg::FORCE_422,
        ForceKind::LastAdministrator => pmsg::FORCE_409,
    }
}

fn scope_label(scope: ForceScope) -> PMsg {
    match scope {
        ForceScope::Next => pmsg::FORCE_SCOPE_NEXT,
        ForceScope::Writes => pmsg::FORCE_SCOPE_WRITES,
        ForceScope::All => pmsg::FORCE_SCOPE_ALL,
    }
}

/// The fields a forced 422 can name, by form, with their labels.
fn field_groups() -> [(PMsg, Vec<(&'static str, crate::i18n::MsgId)>); 3] {
    use portal_rules::{support, user};
    [
        (
            pmsg::FORCE_GROUP_CONTACT,
            Field::ALL
                .iter()
                .map(|field| (field.as_str(), field_label_id(*field)))
                .collect(),
        ),
        (
            pmsg::FORCE_GROUP_INVITATION,
            vec![
                (user::field::NAME, msg::USERS_INVITE_NAME),
                (user::field::EMAIL, msg::USERS_INVITE_EMAIL),
            ],
        ),
        (
            pmsg::FORCE_GROUP_SUPPORT,
            vec![
                (support::field::SUBJECT, msg::SUPPORT_SUBJECT_LABEL),
                (support::field::DESCRIPTION, msg::SUPPORT_DESCRIPTION_LABEL),
                (support::field::REPLY_TO, msg::SUPPORT_REPLY_TO_LABEL),
            ],
        ),
    ]
}

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// The current page's path, query and fragment.
fn current_url() -> (String, String, String) {
    let Some(location) = window().map(|window| window.location()) else {
        return ("/".into(), String::new(), String::new());
    };
    (
        location.pathname().unwrap_or_else(|_| "/".into()),
        location.search().unwrap_or_default(),
        location.hash().unwrap_or_default(),
    )
}

/// Loads `path` with `settings` in its query: the next start applies them.
fn go(path: &str, settings: &Settings) {
    let (_, query, _) = current_url();
    if let Some(window) = window() {
        let _ = window
            .location()
            .set_href(&format!("{path}{}", settings.merged_into(&query)));
    }
}

/// The settings that describe this page now.
fn current_settings(locale: Locale, forcing: Forcing) -> Settings {
    let user = runtime::session_user();
    let account = user.as_ref().and_then(|user| {
        runtime::accounts()
            .into_iter()
            .find(|account| account.id == user.account_id)
            .map(|account| account.partner_id)
    });
    Settings {
        account,
        env: user
            .as_ref()
            .and_then(|user| crate::state::stored_environment(user.id)),
        user: user.map_or(UserChoice::SignedOut, |user| UserChoice::User(user.email)),
        lang: Some(locale),
        forcing,
        scenario: None,
        ephemeral: false,
    }
}

#[component]
pub fn Toolbar() -> impl IntoView {
    if launch_settings().ephemeral {
        return ().into_any();
    }
    view! { <ToolbarPanel /> }.into_any()
}

#[component]
fn ToolbarPanel() -> impl IntoView {
    let i18n = use_i18n();
    let Some(live) = runtime::live() else {
        return ().into_any();
    };
    let open = RwSignal::new(crate::storage::get(OPEN_KEY).as_deref() == Some("true"));
    let set_open = move |value: bool| {
        open.set(value);
        crate::storage::set(OPEN_KEY, if value { "true" } else { "false" });
    };
    // Environment choices are made in the app too, without a request: look again now and
    // then.
    let tick = RwSignal::new(0u32);
    let _ = set_interval_with_handle(
        move || tick.update(|tick| *tick = tick.wrapping_add(1)),
        Duration::from_secs(1),
    );
    let settings = Memo::new(move |_| {
        live.revision.track();
        tick.track();
        current_settings(i18n.locale(), live.forcing.get())
    });
    // Mirror every choice in the address bar, on every page.
    let location = use_location();
    Effect::new(move |_| {
        let path = location.pathname.get();
        let settings = settings.get();
        let (_, query, hash) = current_url();
        if let Ok(history) = window().map_or(Err(wasm_bindgen::JsValue::NULL), |w| w.history()) {
            let url = format!("{path}{}{hash}", settings.merged_into(&query));
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
    });
    let _ = window_event_listener(leptos::ev::keydown, move |event: KeyboardEvent| {
        if event.alt_key() && event.shift_key() && event.code() == "KeyP" {
            event.prevent_default();
            set_open(!open.get_untracked());
            crate::dom::focus_after_render(TOGGLE_ID);
        }
    });
    let on_panel_keydown = move |event: KeyboardEvent| {
        if event.key() == "Escape" {
            event.stop_propagation();
            set_open(false);
            crate::dom::focus_by_id(TOGGLE_ID);
        }
    };

    view! {
        <aside
            class="preview-toolbar"
            aria-label=move || pt(pmsg::TOOLBAR_LABEL)
            data-preview-build=PREVIEW_MARKER
        >
            <button
                type="button"
                id=TOGGLE_ID
                class="preview-toolbar-toggle"
                aria-expanded=move || open.get().to_string()
                aria-controls=PANEL_ID
                on:click=move |_| set_open(!open.get_untracked())
            >
                {move || pt(pmsg::TOOLBAR_TOGGLE)}
            </button>
            <div
                id=PANEL_ID
                class="preview-toolbar-panel"
                hidden=move || !open.get()
                on:keydown=on_panel_keydown
            >
                <p class="preview-hint">{move || pt(pmsg::TOOLBAR_SHORTCUT)}</p>
                <WhoControls settings />
                <ForceControls live />
                <MailList revision=live.revision />
                <div class="preview-actions">
                    <button
                        type="button"
                        class="button"
                        id="preview-reset"
                        aria-describedby="preview-reset-hint"
                        on:click=move |_| {
                            // Who is signed in now signs in again, on the fixtures.
                            let settings = settings.get_untracked();
                            runtime::reset();
                            let path = match settings.user {
                                UserChoice::User(_) => "/",
                                _ => "/sign-in",
                            };
                            go(path, &settings);
                        }
                    >
                        {move || pt(pmsg::RESET)}
                    </button>
                    <p class="preview-hint" id="preview-reset-hint">
                        {move || pt(pmsg::RESET_HINT)}
                    </p>
                    <a href=GALLERY_PATH rel="external">
                        {move || pt(pmsg::GALLERY_LINK)}
                    </a>
                </div>
            </div>
        </aside>
    }
    .into_any()
}

/// The label of a user in the user picker.
fn user_label(user: &UserRecord) -> String {
    let i18n = use_i18n();
    let id = if user.status == UserStatus::Invited {
        pmsg::USER_OPTION_INVITED
    } else {
        pmsg::USER_OPTION
    };
    pt_with(
        id,
        &[
            ("name", user.name.clone().into()),
            ("role", i18n.t(role_id(user.role)).into()),
        ],
    )
}

/// Account, user, language and environment.
#[component]
fn WhoControls(settings: Memo<Settings>) -> impl IntoView {
    let i18n = use_i18n();
    let accounts = runtime::accounts();
    let me = runtime::session_user();
    let my_account = me.as_ref().map(|user| user.account_id);
    let shown_account = my_account.or_else(|| accounts.first().map(|account| account.id));
    let production = accounts
        .iter()
        .find(|account| Some(account.id) == shown_account)
        .is_some_and(|account| account.production_enabled);
    let account_options = accounts
        .iter()
        .map(|account| {
            let (name, id) = (account.name.clone(), account.partner_id.clone());
            let label = move || {
                pt_with(
                    pmsg::ACCOUNT_OPTION,
                    &[("name", name.clone().into()), ("id", id.clone().into())],
                )
            };
            let selected = Some(account.id) == shown_account;
            view! {
                <option value=account.partner_id.clone() selected=selected>
                    {label}
                </option>
            }
        })
        .collect_view();
    let on_account = move |partner_id: String| {
        let Some(account) = runtime::accounts()
            .into_iter()
            .find(|account| account.partner_id == partner_id)
        else {
            return;
        };
        let members = runtime::members(account.id);
        let Some(user) = members
            .iter()
            .find(|user| user.role == Role::Administrator)
            .or_else(|| members.first())
        else {
            return;
        };
        let mut next = settings.get_untracked();
        next.account = Some(account.partner_id);
        next.user = UserChoice::User(user.email.clone());
        next.env = None;
        go("/", &next);
    };
    let members = shown_account.map(runtime::members).unwrap_or_default();
    let my_id = me.as_ref().map(|user| user.id);
    let user_options = members
        .iter()
        .map(|user| {
            let shown = user.clone();
            let label = move || user_label(&shown);
            view! {
                <option value=user.id.to_string() selected=Some(user.id) == my_id>
                    {label}
                </option>
            }
        })
        .collect_view();
    let on_user = move |value: String| {
        let mut next = settings.get_untracked();
        let chosen = value
            .parse::<i64>()
            .ok()
            .and_then(|id| members.iter().find(|user| user.id == id).cloned());
        if let Some(user) = chosen {
            next.user = UserChoice::User(user.email);
            next.env = None;
            go("/", &next);
        } else {
            runtime::sign_out();
            next.user = UserChoice::SignedOut;
            go("/sign-in", &next);
        }
    };
    let language_options = Locale::ALL
        .into_iter()
        .map(|locale| {
            view! {
                <option
                    value=locale.code()
                    lang=locale.code()
                    prop:selected=move || i18n.locale() == locale
                >
                    {translate(locale, locale_name_id(locale), None)}
                </option>
            }
        })
        .collect_view();
    let environment_options = Environment::ALL
        .into_iter()
        .map(|environment| {
            let available = environment == Environment::Sandbox || production;
            let label = move || {
                let name = i18n.t(environment_id(environment));
                if available {
                    name
                } else {
                    pt_with(
                        pmsg::ENVIRONMENT_UNAVAILABLE,
                        &[("environment", name.into())],
                    )
                }
            };
            view! {
                <option
                    value=environment.as_str()
                    disabled=!available
                    prop:selected=move || {
                        settings.get().env.unwrap_or_default() == environment
                    }
                >
                    {label}
                </option>
            }
        })
        .collect_view();
    let on_environment = move |value: String| {
        let (Some(environment), Some(user)) = (Environment::parse(&value), runtime::session_user())
        else {
            return;
        };
        crate::state::remember_environment(user.id, environment);
        let mut next = settings.get_untracked();
        next.env = Some(environment);
        let (path, _, _) = current_url();
        go(&path, &next);
    };
    view! {
        <div class="preview-field">
            <label for="preview-account">{move || pt(pmsg::ACCOUNT)}</label>
            <select
                id="preview-account"
                on:change:target=move |event| on_account(event.target().value())
            >
                {account_options}
            </select>
        </div>
        <div class="preview-field">
            <label for="preview-user">{move || pt(pmsg::USER)}</label>
            <select id="preview-user" on:change:target=move |event| on_user(event.target().value())>
                <option value="none" selected=me.is_none()>
                    {move || pt(pmsg::USER_SIGNED_OUT)}
                </option>
                {user_options}
            </select>
        </div>
        <div class="preview-field">
            <label for="preview-lang">{move || pt(pmsg::LANGUAGE)}</label>
            <select
                id="preview-lang"
                on:change:target=move |event| {
                    if let Some(locale) = Locale::from_code(&event.target().value()) {
                        i18n.set_locale(locale);
                    }
                }
            >
                {language_options}
            </select>
        </div>
        <div class="preview-field">
            <label for="preview-env">{move || pt(pmsg::ENVIRONMENT)}</label>
            <select
                id="preview-env"
                disabled=me.is_none()
                on:change:target=move |event| on_environment(event.target().value())
            >
                {environment_options}
            </select>
        </div>
    }
}

/// The forced answer: which, for which requests, and for a 422 the field and its code.
#[component]
fn ForceControls(live: runtime::Live) -> impl IntoView {
    let i18n = use_i18n();
    let forcing = live.forcing;
    let update = move |change: &dyn Fn(&mut Forcing)| {
        let mut next = forcing.get_untracked();
        change(&mut next);
        if next.kind == ForceKind::Invalid && next.field.is_empty() {
            Field::TechnicalEmergency
                .as_str()
                .clone_into(&mut next.field);
        }
        runtime::set_forcing(next);
    };
    let kind_options = ForceKind::ALL
        .into_iter()
        .map(|kind| {
            view! {
                <option
                    value=kind.as_str()
                    prop:selected=move || forcing.get().kind == kind
                >
                    {move || pt(force_label(kind))}
                </option>
            }
        })
        .collect_view();
    let scope_options = ForceScope::ALL
        .into_iter()
        .map(|scope| {
            view! {
                <option
                    value=scope.as_str()
                    prop:selected=move || forcing.get().scope == scope
                >
                    {move || pt(scope_label(scope))}
                </option>
            }
        })
        .collect_view();
    let field_options = field_groups()
        .into_iter()
        .map(|(group, fields)| {
            let options = fields
                .into_iter()
                .map(|(field, label)| {
                    view! {
                        <option
                            value=field
                            prop:selected=move || forcing.get().field == field
                        >
                            {move || i18n.t(label)}
                        </option>
                    }
                })
                .collect_view();
            view! { <optgroup label=move || pt(group)>{options}</optgroup> }
        })
        .collect_view();
    let code_options = FIELD_CODES
        .iter()
        .map(|code| {
            let code = *code;
            view! {
                <option
                    value=code.as_str()
                    prop:selected=move || forcing.get().invalid_code() == code
                >
                    {code.as_str()}
                </option>
            }
        })
        .collect_view();
    let status = move || {
        let current = forcing.get();
        if current.is_active() {
            pt_with(
                pmsg::FORCE_STATUS,
                &[
                    ("answer", pt(force_label(current.kind)).into()),
                    ("scope", pt(scope_label(current.scope)).into()),
                ],
            )
        } else {
            pt(pmsg::FORCE_STATUS_NONE)
        }
    };
    let is_invalid = move || forcing.get().kind == ForceKind::Invalid;
    view! {
        <fieldset class="preview-force">
            <legend>{move || pt(pmsg::FORCE_LEGEND)}</legend>
            <div class="preview-field">
                <label for="preview-force">{move || pt(pmsg::FORCE)}</label>
                <select
                    id="preview-force"
                    on:change:target=move |event| {
                        let kind = ForceKind::parse(&event.target().value()).unwrap_or_default();
                        update(&|next| next.kind = kind);
                    }
                >
                    {kind_options}
                </select>
            </div>
            <div class="preview-field">
                <label for="preview-scope">{move || pt(pmsg::FORCE_SCOPE)}</label>
                <select
                    id="preview-scope"
                    on:change:target=move |event| {
                        let scope = ForceScope::parse(&event.target().value()).unwrap_or_default();
                        update(&|next| next.scope = scope);
                    }
                >
                    {scope_options}
                </select>
            </div>
            <div class="preview-field" hidden=move || !is_invalid()>
                <label for="preview-field">{move || pt(pmsg::FORCE_FIELD)}</label>
                <select
                    id="preview-field"
                    on:change:target=move |event| {
                        let field = event.target().value();
                        update(&|next| next.field.clone_from(&field));
                    }
                >
                    {field_options}
                </select>
            </div>
            <div class="preview-field" hidden=move || !is_invalid()>
                <label for="preview-code">{move || pt(pmsg::FORCE_CODE)}</label>
                <select
                    id="preview-code"
                    on:change:target=move |event| {
                        let code = serde_json::from_value::<ErrorCode>(
                            serde_json::Value::String(event.target().value()),
                        )
                        .ok();
                        update(&|next| next.code = code);
                    }
                >
                    {code_options}
                </select>
            </div>
            <p class="preview-status" role="status">{status}</p>
        </fieldset>
    }
}

/// The sign-in links, invitations and address confirmations the server would have
/// mailed: links to open.
#[component]
fn MailList(revision: RwSignal<u32>) -> impl IntoView {
    let mails = move || {
        revision.track();
        runtime::mails()
            .into_iter()
            .filter(|mail| mail.link.is_some())
            .take(5)
            .collect::<Vec<Mail>>()
    };
    let items = move || {
        mails()
            .into_iter()
            .map(|mail| {
                let id = match mail.kind {
                    MailKind::Invitation => pmsg::MAIL_INVITATION,
                    MailKind::ContactVerification => pmsg::MAIL_VERIFICATION,
                    _ => pmsg::MAIL_SIGN_IN,
                };
                let text = pt_with(
                    id,
                    &[
                        ("name", mail.user_name.clone().into()),
                        ("account", mail.account_name.clone().into()),
                    ],
                );
                view! {
                    <li>
                        <a href=mail.link.unwrap_or_default() rel="external">
                            {text}
                        </a>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <section class="preview-mail" aria-labelledby="preview-mail-heading">
            <p class="preview-subheading" id="preview-mail-heading">
                {move || pt(pmsg::MAIL_HEADING)}
            </p>
            <Show
                when=move || !mails().is_empty()
                fallback=move || view! { <p class="preview-hint">{move || pt(pmsg::MAIL_EMPTY)}</p> }
            >
                <ul>{items}</ul>
            </Show>
        </section>
    }
}
