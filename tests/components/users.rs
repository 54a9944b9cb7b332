//! The users feature: the sortable table, the confirmations, the invitation form and what
//! Read-only users see.

use crate::support::{
    active_id, assert_field_error, by_id, document, exists, fire, mount, press, shows_error,
    submit, text_of, until, with_portal,
};
use leptos::prelude::*;
use partner_portal::features::users::{
    ChangeRoleDialog, InviteUserForm, RemoveUserDialog, SortOrder, UserAction, UserManagement,
    UsersTable,
};
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

    // Your own row has no actions; the others' buttons name the person.
    assert!(document().get_element_by_id("user-7-remove").is_none());
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
