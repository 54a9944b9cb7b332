//! The users feature: the sortable table, the confirmations, the invitation form and what
//! Read-only users see.

#[cfg(feature = "preview")]
use crate::support::PreviewBackend;
use crate::support::{
    active_id, assert_field_error, by_id, document, exists, fire, mount, press, shows_error,
    submit, text_of, until, with_portal,
};
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::Router;
use leptos_router::hooks::use_navigate;
use partner_portal::features::users::{
    ChangeRoleDialog, InviteUserForm, LeftAccountNotice, RemoveUserDialog, SortOrder, UserAction,
    UserManagement, UsersTable,
};
#[cfg(feature = "preview")]
use partner_portal::state::{Announcer, Portal, SessionReload};
use partner_portal::ui::dialog::ModalDialog;
use portal_rules::model::{Role, User, UserStatus};
use std::sync::{Arc, Mutex};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement};

fn user(id: i64, name: &str, email: &str, role: Role, last: Option<&str>) -> User {
    User {
        id,
        name: name.into(),
        email: email.into(),
        role,
        status: if last.is_some() {
            UserStatus::Active
        } else {
            UserStatus::Invited
        },
        last_sign_in_at: last.map(str::to_owned),
        version: 3,
    }
}

fn team() -> Vec<User> {
    vec![
        user(
            7,
            "Rita Reader",
            "rita@demo.example",
            Role::Administrator,
            Some("2026-11-20T08:00:00Z"),
        ),
        user(2, "Émile Éditeur", "emile@demo.example", Role::Editor, None),
        user(
            3,
            "Anna Admin",
            "anna@demo.example",
            Role::Administrator,
            Some("2026-11-22T08:00:00Z"),
        ),
        user(
            4,
            "zoe Zeller",
            "zoe@demo.example",
            Role::ReadOnly,
            Some("2026-11-21T08:00:00Z"),
        ),
    ]
}

fn row_names() -> Vec<String> {
    let rows = document()
        .query_selector_all(".users-table tbody th")
        .unwrap();
    (0..rows.length())
        .filter_map(|index| rows.item(index))
        .filter_map(|node| node.first_child()?.text_content())
        .collect()
}

fn sort_state() -> Vec<(String, String)> {
    let headers = document()
        .query_selector_all(".users-table thead th[aria-sort]")
        .unwrap();
    (0..headers.length())
        .filter_map(|index| headers.item(index))
        .map(|node| {
            let element: web_sys::Element = node.unchecked_into();
            (
                element.text_content().unwrap_or_default(),
                element.get_attribute("aria-sort").unwrap_or_default(),
            )
        })
        .collect()
}

/// Waits until the rows are in `names` order under the header `label`, sorted `direction`.
async fn until_sorted(names: [&str; 4], label: &str, direction: &str) {
    let state = [(label.to_owned(), direction.to_owned())];
    until(
        &format!("the table is sorted by {label} {direction}"),
        || row_names() == names && sort_state() == state,
    )
    .await;
}

#[wasm_bindgen_test]
async fn table_sorts_by_each_column_with_aria_sort_and_offers_row_actions() {
    let actions = Arc::new(Mutex::new(Vec::<UserAction>::new()));
    let recorded = actions.clone();
    let _mounted = mount(move || {
        let order = RwSignal::new(SortOrder::default());
        let on_action = Callback::new(move |action| recorded.lock().unwrap().push(action));
        view! {
            <UsersTable
                users=Signal::stored(team())
                current_user=7
                can_manage=true
                order
                on_action
            />
        }
    });
    until("the rows render", || row_names().len() == 4).await;

    // Names sort by the language's collation: accents and case do not push Émile or
    // zoe to the end.
    assert_eq!(
        row_names(),
        ["Anna Admin", "Émile Éditeur", "Rita Reader", "zoe Zeller"]
    );
    assert_eq!(sort_state(), [("Name▲".to_owned(), "ascending".to_owned())]);

    by_id("users-sort-last-sign-in").click();
    let by_last_sign_in = ["Anna Admin", "zoe Zeller", "Rita Reader", "Émile Éditeur"];
    until_sorted(by_last_sign_in, "Last sign-in▼", "descending").await;
    assert_eq!(
        row_names(),
        ["Anna Admin", "zoe Zeller", "Rita Reader", "Émile Éditeur"],
        "most recent sign-in first, never signed in last"
    );
    assert_eq!(
        sort_state(),
        [("Last sign-in▼".to_owned(), "descending".to_owned())]
    );
    assert!(
        document()
            .query_selector(".users-table tbody")
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap()
            .contains("Never"),
        "an invitee who never signed in says so"
    );

    by_id("users-sort-role").click();
    let by_role = ["Anna Admin", "Rita Reader", "Émile Éditeur", "zoe Zeller"];
    until_sorted(by_role, "Role▲", "ascending").await;
    assert_eq!(
        row_names(),
        ["Anna Admin", "Rita Reader", "Émile Éditeur", "zoe Zeller"]
    );
    by_id("users-sort-role").click();
    let by_role_descending = ["zoe Zeller", "Émile Éditeur", "Anna Admin", "Rita Reader"];
    until_sorted(by_role_descending, "Role▼", "descending").await;
    assert_eq!(
        sort_state(),
        [("Role▼".to_owned(), "descending".to_owned())]
    );
    assert_eq!(
        row_names(),
        ["zoe Zeller", "Émile Éditeur", "Anna Admin", "Rita Reader"]
    );

    // Your own row offers leaving (Anna is another active administrator); the others'
    // buttons name the person.
    assert_eq!(
        by_id("user-7-remove").text_content().as_deref(),
        Some("Leave")
    );
    let remove = by_id("user-2-remove");
    assert_eq!(
        remove.get_attribute("aria-label").as_deref(),
        Some("Remove: Émile Éditeur")
    );
    remove.click();
    by_id("user-4-change-role").click();
    let actions = actions.lock().unwrap();
    assert!(matches!(&actions[0], UserAction::Remove(user) if user.id == 2));
    assert!(matches!(&actions[1], UserAction::ChangeRole(user) if user.id == 4));
}

#[wasm_bindgen_test]
async fn removal_is_an_alert_dialog_that_warns_about_alert_contacts_and_cancels_on_escape() {
    let closed = Arc::new(Mutex::new(Vec::<String>::new()));
    let recorded = closed.clone();
    let _mounted = with_portal(Role::Administrator, move || {
        let on_close = Callback::new(move |focus: String| recorded.lock().unwrap().push(focus));
        // Inside a blocking dialog, as in the modal's Users tab.
        view! {
            <ModalDialog labelled_by="outer-title">
                <h2 id="outer-title">"Outer"</h2>
                <button id="outer-button">"outer"</button>
                <RemoveUserDialog user=team()[1].clone() is_alert_contact=Some(true) on_close />
            </ModalDialog>
        }
    });
    until("the safe action gets the focus", || {
        active_id() == "user-dialog-cancel"
    })
    .await;
    let dialog = document()
        .query_selector("[role=alertdialog]")
        .unwrap()
        .expect("an alert dialog");
    assert_eq!(dialog.get_attribute("aria-modal").as_deref(), Some("true"));
    let title = by_id(&dialog.get_attribute("aria-labelledby").unwrap());
    assert_eq!(
        title.text_content().as_deref(),
        Some("Remove Émile Éditeur?")
    );
    let description = by_id(&dialog.get_attribute("aria-describedby").unwrap());
    assert!(
        description
            .text_content()
            .unwrap()
            .contains("is an alert contact"),
        "the alert-contact warning is part of the description"
    );
    assert_eq!(
        active_id(),
        "user-dialog-cancel",
        "the safe action has the focus"
    );

    // Tab stays inside the confirmation, not the dialog around it.
    assert!(press("Tab", false));
    assert_eq!(active_id(), "user-dialog-confirm");
    assert!(press("Tab", true));
    assert_eq!(active_id(), "user-dialog-cancel");

    assert!(press("Escape", false));
    assert_eq!(
        *closed.lock().unwrap(),
        ["user-2-remove"],
        "Escape cancels and focus goes back to the Remove button"
    );
}

#[wasm_bindgen_test]
async fn role_change_starts_on_the_current_role_and_keeping_it_changes_nothing() {
    let closed = Arc::new(Mutex::new(Vec::<String>::new()));
    let recorded = closed.clone();
    let _mounted = with_portal(Role::Administrator, move || {
        let on_close = Callback::new(move |focus: String| recorded.lock().unwrap().push(focus));
        view! { <ChangeRoleDialog user=team()[3].clone() on_close /> }
    });
    until("the current role gets the focus", || {
        active_id() == "user-dialog-role-read-only"
    })
    .await;
    assert_eq!(
        active_id(),
        "user-dialog-role-read-only",
        "focus on the current role"
    );
    let editor: HtmlInputElement = by_id("user-dialog-role-editor").unchecked_into();
    assert_eq!(
        editor.get_attribute("aria-describedby").as_deref(),
        Some("user-dialog-role-editor-description")
    );
    assert_eq!(
        text_of("user-dialog-role-editor-description"),
        "Edits the contact information."
    );
    // Confirming the role the user already has sends nothing and closes.
    by_id("user-dialog-confirm").click();
    until("the dialog closes", || !closed.lock().unwrap().is_empty()).await;
    assert_eq!(*closed.lock().unwrap(), ["user-4-change-role"]);
}

#[wasm_bindgen_test]
async fn invite_form_checks_the_shared_rule_and_describes_the_role() {
    let _mounted = with_portal(Role::Administrator, || view! { <InviteUserForm /> });
    let hint = || text_of("invite-role-hint");
    until("the role is described", || !hint().is_empty()).await;
    let role: HtmlSelectElement = by_id("invite-role").unchecked_into();
    assert_eq!(role.value(), "editor", "Editor is the usual hand-over role");
    assert_eq!(hint(), "Edits the contact information.");
    role.set_value("administrator");
    fire(&role, "change");
    until("the description follows the role", || {
        hint().starts_with("Manages")
    })
    .await;
    assert_eq!(hint(), "Manages users and edits the contact information.");

    let email: HtmlInputElement = by_id("invite-email").unchecked_into();
    email.set_value("emil@@example");
    fire(&email, "input");
    fire(&email, "blur");
    until("the e-mail's error shows", || shows_error("invite-email")).await;
    assert_field_error(
        "invite-email",
        "“emil@@example” is not a valid e-mail address",
    );
    assert!(
        !exists("invite-name-error"),
        "an untouched field shows nothing yet"
    );

    submit("form.invite-form");
    until("the summary has the focus", || {
        active_id() == "invite-summary"
    })
    .await;
    let links = by_id("invite-summary").query_selector_all("a").unwrap();
    assert_eq!(links.length(), 2, "name required and e-mail invalid");
    links
        .item(0)
        .unwrap()
        .unchecked_into::<HtmlElement>()
        .click();
    assert_eq!(active_id(), "invite-name");
}

#[wasm_bindgen_test]
async fn read_only_users_see_who_manages_users_and_no_invite_form() {
    let _mounted = with_portal(Role::ReadOnly, || view! { <UserManagement /> });
    until("the note renders", || {
        exists("users-managed-by-administrators")
    })
    .await;
    assert!(!exists("invite-name"));
    assert!(text_of("users-managed-by-administrators").contains("Anna Admin"));
}

/// The team with Rita (id 7, the signed-in user) as an administrator; `anna_status` is the
/// status of Anna, the other administrator.
fn team_with_anna(anna_status: UserStatus) -> Vec<User> {
    team()
        .into_iter()
        .map(|mut user| {
            if user.id == 3 {
                user.status = anna_status;
            }
            user
        })
        .collect()
}

#[wasm_bindgen_test]
async fn own_row_offers_stepping_down_and_leaving_only_beside_another_active_administrator() {
    let users = RwSignal::new(team_with_anna(UserStatus::Active));
    let actions = Arc::new(Mutex::new(Vec::<UserAction>::new()));
    let recorded = actions.clone();
    let _mounted = mount(move || {
        let on_action = Callback::new(move |action| recorded.lock().unwrap().push(action));
        view! {
            <UsersTable
                users=users.into()
                current_user=7
                can_manage=true
                order=RwSignal::new(SortOrder::default())
                on_action
            />
        }
    });
    until("the own row has its actions", || exists("user-7-remove")).await;
    let step_down = by_id("user-7-change-role");
    assert_eq!(
        step_down.get_attribute("aria-label").as_deref(),
        Some("Change role (your own)"),
        "the visible text is part of the name"
    );
    assert_eq!(
        step_down.get_attribute("aria-haspopup").as_deref(),
        Some("dialog")
    );
    let leave = by_id("user-7-remove");
    assert_eq!(leave.text_content().as_deref(), Some("Leave"));
    assert_eq!(
        leave.get_attribute("aria-label").as_deref(),
        Some("Leave this account")
    );
    leave.click();
    step_down.click();
    {
        let actions = actions.lock().unwrap();
        assert!(matches!(&actions[0], UserAction::Remove(user) if user.id == 7));
        assert!(matches!(&actions[1], UserAction::ChangeRole(user) if user.id == 7));
    }

    // An invited administrator may never sign in: Rita would be the last one who can act.
    users.set(team_with_anna(UserStatus::Invited));
    until("the own row explains instead", || {
        exists("users-self-only-administrator")
    })
    .await;
    assert!(!exists("user-7-remove") && !exists("user-7-change-role"));
    assert!(
        text_of("users-self-only-administrator").contains("only administrator who has signed in")
    );
    assert!(
        exists("user-3-remove"),
        "the others' rows keep their actions"
    );
}

#[wasm_bindgen_test]
async fn stepping_down_is_confirmed_with_the_administration_rights_it_gives_up() {
    let closed = Arc::new(Mutex::new(Vec::<String>::new()));
    let recorded = closed.clone();
    let rita = team()[0].clone();
    let _mounted = with_portal(Role::Administrator, move || {
        let on_close = Callback::new(move |focus: String| recorded.lock().unwrap().push(focus));
        view! { <ChangeRoleDialog user=rita on_close /> }
    });
    until("the current role gets the focus", || {
        active_id() == "user-dialog-role-administrator"
    })
    .await;
    let dialog = document()
        .query_selector("[role=alertdialog]")
        .unwrap()
        .expect("an alert dialog");
    let title = by_id(&dialog.get_attribute("aria-labelledby").unwrap());
    assert_eq!(
        title.text_content().as_deref(),
        Some("Change your own role")
    );
    let description = by_id(&dialog.get_attribute("aria-describedby").unwrap())
        .text_content()
        .unwrap();
    assert!(
        description.contains("Administrator for Demo")
            && description.contains("you lose your administration rights at once"),
        "{description}"
    );
    let confirm = by_id("user-dialog-confirm");
    assert_eq!(confirm.text_content().as_deref(), Some("Change my role"));
    assert!(confirm.class_name().contains("button-danger"));
    assert!(press("Escape", false));
    assert_eq!(*closed.lock().unwrap(), ["user-7-change-role"]);
}

#[wasm_bindgen_test]
async fn leaving_is_confirmed_with_the_loss_of_all_access() {
    let closed = Arc::new(Mutex::new(Vec::<String>::new()));
    let recorded = closed.clone();
    let rita = team()[0].clone();
    let _mounted = with_portal(Role::Administrator, move || {
        let on_close = Callback::new(move |focus: String| recorded.lock().unwrap().push(focus));
        // Leaving navigates to sign-in afterwards, so it lives in a router, as in the app.
        view! {
            <Router>
                <RemoveUserDialog user=rita is_alert_contact=Some(true) on_close />
            </Router>
        }
    });
    until("the safe action gets the focus", || {
        active_id() == "user-dialog-cancel"
    })
    .await;
    let dialog = document()
        .query_selector("[role=alertdialog]")
        .unwrap()
        .expect("an alert dialog");
    let title = by_id(&dialog.get_attribute("aria-labelledby").unwrap());
    assert_eq!(title.text_content().as_deref(), Some("Leave Demo?"));
    let description = by_id(&dialog.get_attribute("aria-describedby").unwrap())
        .text_content()
        .unwrap();
    assert!(
        description.contains("lose all access to its Partner Portal")
            && description.contains("signed out at once")
            && description.contains("You are an alert contact"),
        "{description}"
    );
    assert_eq!(
        by_id("user-dialog-confirm").text_content().as_deref(),
        Some("Leave account")
    );
    assert!(press("Escape", false));
    assert_eq!(*closed.lock().unwrap(), ["user-7-remove"]);
}

/// Sets the history entry's state as leaving does, on the current page.
#[component]
fn LeaveTo(account: &'static str) -> impl IntoView {
    let navigate = use_navigate();
    let here = web_sys::window().unwrap().location().pathname().unwrap();
    navigate(
        &here,
        NavigateOptions {
            replace: true,
            state: account.into(),
            ..NavigateOptions::default()
        },
    );
}

#[wasm_bindgen_test]
async fn after_leaving_sign_in_names_the_account_left_and_starts_there() {
    let _mounted = mount(|| {
        view! {
            <Router>
                <LeaveTo account="Demo Partner GmbH" />
                <LeftAccountNotice />
            </Router>
        }
    });
    until("the notice has the focus", || {
        active_id() == "left-account-notice"
    })
    .await;
    assert_eq!(
        text_of("left-account-notice"),
        "You left Demo Partner GmbH and no longer have access to its Partner Portal."
    );
    let region = document()
        .query_selector("section.left-account")
        .unwrap()
        .expect("a labelled region");
    assert_eq!(
        region.get_attribute("aria-labelledby").as_deref(),
        Some("left-account-notice")
    );
}

#[wasm_bindgen_test]
async fn sign_in_without_leaving_shows_no_notice() {
    let _mounted = mount(|| view! { <Router><LeftAccountNotice /></Router> });
    leptos::task::tick().await;
    assert!(!exists("left-account-notice"));
}

/// Mounts `view` in the portal of whoever the preview backend has signed in (their real
/// session), with a [`SessionReload`] that counts its calls.
#[cfg(feature = "preview")]
async fn in_preview_portal<V: IntoView + 'static>(
    view: impl FnOnce(User) -> V + 'static,
) -> (
    crate::support::Mounted<V::State>,
    Announcer,
    SessionReload,
    Arc<Mutex<u32>>,
) {
    let session = partner_portal::api::session()
        .await
        .ok()
        .flatten()
        .expect("signed in");
    let announcer = Announcer::new();
    let reloads = Arc::new(Mutex::new(0));
    let counted = reloads.clone();
    let reload = SessionReload::new(move || *counted.lock().unwrap() += 1);
    let me = session.user.clone();
    let mounted = mount(move || {
        provide_context(announcer);
        provide_context(Portal::new(session));
        provide_context(reload);
        view(me)
    });
    (mounted, announcer, reload, reloads)
}

#[cfg(feature = "preview")]
#[wasm_bindgen_test]
async fn stepping_down_rebuilds_the_portal_for_the_new_role() {
    let _backend = PreviewBackend::signed_in_as("preview-7007", "maria.rossi@example.com");
    // Closing unmounts the dialog, as in the app: the reload must not depend on it.
    let (_mounted, announcer, reload, reloads) = in_preview_portal(|maria| {
        let open = RwSignal::new(true);
        let on_close = Callback::new(move |_| open.set(false));
        view! {
            <Show when=move || open.get()>
                <ChangeRoleDialog user=maria.clone() on_close />
            </Show>
        }
    })
    .await;
    until("the dialog is open", || exists("user-dialog-role-editor")).await;
    by_id("user-dialog-role-editor").click();
    by_id("user-dialog-confirm").click();
    until("the session is reloaded", || *reloads.lock().unwrap() == 1).await;
    assert!(!exists("user-dialog-confirm"), "the dialog closed");
    assert_eq!(
        announcer.message(),
        "You now have the role Editor. Only the administrators of this account can manage users now."
    );
    let session = partner_portal::api::session()
        .await
        .ok()
        .flatten()
        .expect("still signed in");
    assert_eq!(
        session.user.role,
        Role::Editor,
        "the server has the new role"
    );
    assert!(
        reload.take_focus("users-list-heading") && !reload.take_focus("users-list-heading"),
        "the rebuilt list takes the focus, once"
    );
}

#[cfg(feature = "preview")]
#[wasm_bindgen_test]
async fn leaving_ends_the_session_and_goes_to_sign_in() {
    let _backend = PreviewBackend::signed_in_as("preview-7007", "maria.rossi@example.com");
    let location = web_sys::window().unwrap().location();
    let before = location.pathname().unwrap();
    let (_mounted, announcer, _reload, _reloads) = in_preview_portal(|maria| {
        view! {
            <Router>
                <RemoveUserDialog user=maria is_alert_contact=Some(true) on_close=Callback::new(|_| ()) />
            </Router>
        }
    })
    .await;
    until("the dialog is open", || exists("user-dialog-confirm")).await;
    by_id("user-dialog-confirm").click();
    until("sign-in is next", || {
        location.pathname().unwrap() == "/sign-in"
    })
    .await;
    assert_eq!(
        announcer.message(),
        "You left Hausmeisterservice Lindenau GmbH and no longer have access to its Partner Portal."
    );
    assert_eq!(
        partner_portal::api::session().await,
        Ok(None),
        "the session ended with the access: the probe says signed out"
    );
    // The test page goes back where it was.
    web_sys::window()
        .unwrap()
        .history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&before))
        .unwrap();
}
