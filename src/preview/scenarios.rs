//! The gallery's states: each a page, a signed-in user, and steps run in the app after it
//! starts (what a person would click and type). A tile loads the app with
//! `?pv-scenario=<id>&pv-store=ephemeral&pv-lang=<lang>`; when the steps are done, `<html>`
//! gets `data-preview-ready="true"` (or `"failed"` with `data-preview-error`), which the
//! gallery's end-to-end test waits for.

use super::i18n::{PMsg, pmsg};
use super::runtime;
use portal_preview::force::{ForceKind, ForceScope, Forcing};
use portal_rules::ErrorCode;
use portal_rules::history::ChangeKind;
use portal_rules::model::Environment;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

/// How long one step waits for the page.
const STEP_TIMEOUT_MS: f64 = 10_000.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Until an element matches the selector.
    WaitFor(&'static str),
    /// Until no element matches.
    WaitGone(&'static str),
    /// Until the element's text contains the text.
    WaitText(&'static str, &'static str),
    Click(&'static str),
    /// Clicks the selector in the table row whose text contains the name.
    ClickInRow(&'static str, &'static str),
    /// Types the text into the input or text area (an `input` event, as typing sends).
    Fill(&'static str, &'static str),
    /// Sets the value of an input or select as a user's choice does (`input`, `change`).
    Choose(&'static str, &'static str),
    /// Focuses the element, which scrolls it into view (as following a summary link does).
    Focus(&'static str),
    Force(ForceKind, ForceScope),
    /// The server refuses this field with this code, on the next request it can.
    ForceInvalid(&'static str, ErrorCode),
    /// The live feed brings a change of this kind by this person (as the server's stream
    /// would).
    LiveChange(&'static str, ChangeKind),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    SignIn,
    Modal,
    Users,
    Support,
    Portal,
    Stress,
}

impl Group {
    pub const ALL: [Group; 6] = [
        Group::SignIn,
        Group::Modal,
        Group::Users,
        Group::Support,
        Group::Portal,
        Group::Stress,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Group::SignIn => "sign-in",
            Group::Modal => "modal",
            Group::Users => "users",
            Group::Support => "support",
            Group::Portal => "portal",
            Group::Stress => "stress",
        }
    }

    pub fn label(self) -> PMsg {
        match self {
            Group::SignIn => pmsg::GROUP_SIGN_IN,
            Group::Modal => pmsg::GROUP_MODAL,
            Group::Users => pmsg::GROUP_USERS,
            Group::Support => pmsg::GROUP_SUPPORT,
            Group::Portal => pmsg::GROUP_PORTAL,
            Group::Stress => pmsg::GROUP_STRESS,
        }
    }
}

/// A user by account (partner id) and address; no address: the account's first
/// administrator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Who(pub &'static str, pub Option<&'static str>);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scenario {
    /// Stable: the tile anchors are `<id>-<lang>`.
    pub id: &'static str,
    pub label: PMsg,
    pub group: Group,
    /// The page the tile opens (it may carry a fragment).
    pub path: &'static str,
    /// Who is signed in; `None`: nobody.
    pub user: Option<Who>,
    pub env: Option<Environment>,
    /// Forced from the start (so the very first request gets it).
    pub start_forcing: Option<(ForceKind, ForceScope)>,
    /// A sign-in link mailed to this user before the start, opened by the page.
    pub link_for: Option<Who>,
    pub steps: &'static [Step],
}

const DEMO_ADMIN: Who = Who("demo-1001", Some("admin@demo.example"));
const DEMO_READER: Who = Who("demo-1001", Some("viewer@demo.example"));
/// Complete for Sandbox; saving in Production (one alert contact) unlocks the portal.
const ALPIN: Who = Who("preview-9009", Some("lena.berger@alpin-erlebnis.example"));
const SANDBOX_ONLY: Who = Who("preview-5005", None);
/// Complete, a few cases.
const NAPOLI: Who = Who("preview-6006", Some("giulia@bellanapoli.example"));
const NAPOLI_READER: Who = Who("preview-6006", Some("chiara@bellanapoli.example"));
/// 30 users, 25 cases.
const LINDENAU: Who = Who("preview-7007", Some("maria.rossi@example.com"));
const STRESS: Who = Who("preview-8008", None);
/// Complete, last confirmed more than a year ago: the review banner shows (to its Editor).
const SONNENHANG: Who = Who("preview-1010", Some("sophie.lang@sonnenhang.example"));
/// In two accounts: Editor of Trattoria Da Luigi (contact information missing) and
/// Administrator of Agriturismo Collina Verde.
const AGENCY: Who = Who("demo-6006", Some("agency@studio.example"));
/// Signing in with the agency's link: "Continue as", then the account picker.
const AGENCY_PICKS: [Step; 3] = [
    Step::WaitFor("#sign-in-continue"),
    Step::Click("#sign-in-continue"),
    Step::WaitFor(".account-list .account-choice"),
];

const SAVE: &str = ".contact-form button[type=submit]";
const ALERT_CHOICE: &str = "#field-alert_contacts input[type=checkbox]";
const FORM_READY: &str = "#field-alert_contacts input[type=checkbox]";
const ADD_HOURS_ROW: &str = "#field-support_hours .hours-rows > button";
const USER_ROWS: &str = ".users-table tbody tr";
const CASES: &str = ".support-cases table";
const FIRST_CASE: &str = ".support-cases tbody th button";
const HISTORY_ENTRY: &str = ".history-list .history-entry";
const SHOW_MORE: &str = ".history-more";
/// Maria Rossi's own row (Lindenau has other active administrators; she is an alert contact).
const MARIA: &str = "Maria Rossi";

const fn scenario(id: &'static str, label: PMsg, group: Group, path: &'static str) -> Scenario {
    Scenario {
        id,
        label,
        group,
        path,
        user: None,
        env: None,
        start_forcing: None,
        link_for: None,
        steps: &[],
    }
}

const fn signed_in(
    id: &'static str,
    label: PMsg,
    group: Group,
    path: &'static str,
    user: Who,
    steps: &'static [Step],
) -> Scenario {
    Scenario {
        user: Some(user),
        steps,
        ..scenario(id, label, group, path)
    }
}

const fn in_production(scenario: Scenario) -> Scenario {
    Scenario {
        env: Some(Environment::Production),
        ..scenario
    }
}

const fn forced_from_start(scenario: Scenario, kind: ForceKind) -> Scenario {
    Scenario {
        start_forcing: Some((kind, ForceScope::All)),
        ..scenario
    }
}

/// Every state of the gallery, in its order.
pub const SCENARIOS: &[Scenario] = &[
    Scenario {
        steps: &[Step::WaitFor("#sign-in-email")],
        ..scenario(
            "sign-in-empty",
            pmsg::STATE_SIGN_IN_EMPTY,
            Group::SignIn,
            "/sign-in",
        )
    },
    Scenario {
        steps: &[
            Step::Fill("#sign-in-email", "admin@demo.example"),
            Step::Click(".sign-in form button[type=submit]"),
            Step::WaitFor(".sign-in .notice-success"),
        ],
        ..scenario(
            "sign-in-sent",
            pmsg::STATE_SIGN_IN_SENT,
            Group::SignIn,
            "/sign-in",
        )
    },
    Scenario {
        steps: &[
            Step::Fill("#sign-in-email", "admin@demo.example"),
            Step::Force(ForceKind::Stall, ForceScope::Next),
            Step::Click(".sign-in form button[type=submit]"),
            Step::WaitFor("#sign-in-submit[aria-disabled=true]"),
        ],
        ..scenario(
            "sign-in-sending",
            pmsg::STATE_SIGN_IN_SENDING,
            Group::SignIn,
            "/sign-in",
        )
    },
    Scenario {
        steps: &[
            Step::Fill("#sign-in-email", "not-an-address"),
            Step::Click(".sign-in form button[type=submit]"),
            Step::WaitFor("#sign-in-email-error"),
        ],
        ..scenario(
            "sign-in-error",
            pmsg::STATE_SIGN_IN_ERROR,
            Group::SignIn,
            "/sign-in",
        )
    },
    Scenario {
        link_for: Some(DEMO_ADMIN),
        steps: &[Step::WaitFor("#sign-in-continue")],
        ..scenario(
            "sign-in-continue",
            pmsg::STATE_SIGN_IN_CONTINUE,
            Group::SignIn,
            "/sign-in/callback",
        )
    },
    Scenario {
        link_for: Some(DEMO_ADMIN),
        steps: &[
            Step::WaitFor("#sign-in-continue"),
            Step::Force(ForceKind::Stall, ForceScope::Next),
            Step::Click("#sign-in-continue"),
            Step::WaitFor("#sign-in-continue[aria-disabled=true]"),
        ],
        ..scenario(
            "sign-in-signing-in",
            pmsg::STATE_SIGN_IN_SIGNING_IN,
            Group::SignIn,
            "/sign-in/callback",
        )
    },
    Scenario {
        steps: &[Step::WaitFor("main p[role=alert]")],
        ..scenario(
            "sign-in-link-invalid",
            pmsg::STATE_SIGN_IN_LINK_INVALID,
            Group::SignIn,
            "/sign-in/callback#token=used-or-unknown",
        )
    },
    Scenario {
        steps: &[Step::WaitFor("main p[role=status]:not(.loading)")],
        ..scenario(
            "verify-confirmed",
            pmsg::STATE_VERIFY_CONFIRMED,
            Group::SignIn,
            "/verify#token=pv-fixture-it@bellanapoli.example",
        )
    },
    Scenario {
        steps: &[Step::WaitFor("main p[role=alert]")],
        ..scenario(
            "verify-invalid",
            pmsg::STATE_VERIFY_INVALID,
            Group::SignIn,
            "/verify#token=used-or-unknown",
        )
    },
    in_production(signed_in(
        "modal-contact-empty",
        pmsg::STATE_MODAL_CONTACT_EMPTY,
        Group::Modal,
        "/",
        DEMO_ADMIN,
        &[Step::WaitFor(FORM_READY)],
    )),
    in_production(signed_in(
        "modal-contact-invalid",
        pmsg::STATE_MODAL_CONTACT_INVALID,
        Group::Modal,
        "/",
        DEMO_ADMIN,
        &[
            Step::WaitFor(FORM_READY),
            Step::Click(SAVE),
            Step::WaitFor("#contact-form-summary:not([hidden])"),
        ],
    )),
    in_production(signed_in(
        "modal-contact-server-invalid",
        pmsg::STATE_MODAL_CONTACT_SERVER_INVALID,
        Group::Modal,
        "/",
        ALPIN,
        &[
            Step::WaitFor(FORM_READY),
            Step::Click(ALERT_CHOICE),
            Step::ForceInvalid("technical_emergency", ErrorCode::EmailInvalid),
            Step::Click(SAVE),
            Step::WaitFor("#field-technical_emergency-error .field-error"),
        ],
    )),
    in_production(signed_in(
        "modal-contact-read-only",
        pmsg::STATE_MODAL_CONTACT_READ_ONLY,
        Group::Modal,
        "/",
        DEMO_READER,
        &[
            Step::WaitFor("#contact-form-read-only"),
            Step::WaitFor(FORM_READY),
        ],
    )),
    in_production(signed_in(
        "modal-contact-conflict",
        pmsg::STATE_MODAL_CONTACT_CONFLICT,
        Group::Modal,
        "/",
        ALPIN,
        &[
            Step::WaitFor(FORM_READY),
            Step::Click(ALERT_CHOICE),
            Step::Force(ForceKind::Conflict, ForceScope::Next),
            Step::Click(SAVE),
            Step::WaitFor("#contact-form-conflict fieldset"),
        ],
    )),
    in_production(signed_in(
        "modal-contact-saving",
        pmsg::STATE_MODAL_CONTACT_SAVING,
        Group::Modal,
        "/",
        ALPIN,
        &[
            Step::WaitFor(FORM_READY),
            Step::Click(ALERT_CHOICE),
            Step::Force(ForceKind::Stall, ForceScope::Next),
            Step::Click(SAVE),
            Step::WaitFor(".contact-form button[type=submit][aria-disabled=true]"),
        ],
    )),
    in_production(signed_in(
        "modal-contact-saved",
        pmsg::STATE_MODAL_CONTACT_SAVED,
        Group::Modal,
        "/",
        ALPIN,
        &[
            Step::WaitFor(FORM_READY),
            Step::Click(ALERT_CHOICE),
            Step::Click(SAVE),
            Step::WaitGone(".blocking-modal"),
            Step::WaitFor(".contact-status"),
        ],
    )),
    in_production(signed_in(
        "modal-contact-failed",
        pmsg::STATE_MODAL_CONTACT_FAILED,
        Group::Modal,
        "/",
        ALPIN,
        &[
            Step::WaitFor(FORM_READY),
            Step::Click(ALERT_CHOICE),
            Step::Force(ForceKind::ServerError, ForceScope::Next),
            Step::Click(SAVE),
            Step::WaitFor("#contact-form-failure"),
        ],
    )),
    in_production(signed_in(
        "modal-contact-offline",
        pmsg::STATE_MODAL_CONTACT_OFFLINE,
        Group::Modal,
        "/",
        ALPIN,
        &[
            Step::WaitFor(FORM_READY),
            Step::Click(ALERT_CHOICE),
            Step::Force(ForceKind::Network, ForceScope::Next),
            Step::Click(SAVE),
            Step::WaitFor("#contact-form-failure"),
        ],
    )),
    in_production(signed_in(
        "modal-contact-duplicate",
        pmsg::STATE_MODAL_CONTACT_DUPLICATE,
        Group::Modal,
        "/",
        DEMO_ADMIN,
        &[
            Step::WaitFor(FORM_READY),
            Step::Fill("#field-technical_emergency", "pager@demo.example,"),
            Step::Fill("#field-technical_emergency", "Pager@Demo.example,"),
            Step::WaitFor("#field-technical_emergency-duplicate .field-error"),
            Step::Focus("#field-technical_emergency"),
        ],
    )),
    in_production(signed_in(
        "modal-contact-hours-invalid",
        pmsg::STATE_MODAL_CONTACT_HOURS_INVALID,
        Group::Modal,
        "/",
        DEMO_ADMIN,
        &[
            Step::WaitFor(FORM_READY),
            // Three rows of Monday to Friday, 09–17: the first ends before it starts, the
            // third overlaps the second.
            Step::Click(ADD_HOURS_ROW),
            Step::Click(ADD_HOURS_ROW),
            Step::Click(ADD_HOURS_ROW),
            Step::Choose("#field-support_hours-row-0-end", "08:00"),
            Step::Click(SAVE),
            Step::WaitFor("#field-support_hours-row-0-end[aria-invalid=true]"),
            Step::WaitFor("#field-support_hours-row-2-start[aria-invalid=true]"),
            // As following the summary's link to the first hours error does.
            Step::Focus("#field-support_hours-row-0-end"),
        ],
    )),
    Scenario {
        env: Some(Environment::Sandbox),
        ..signed_in(
            "modal-contact-sandbox",
            pmsg::STATE_MODAL_CONTACT_SANDBOX,
            Group::Modal,
            "/",
            DEMO_ADMIN,
            &[Step::WaitFor(FORM_READY)],
        )
    },
    signed_in(
        "modal-sandbox-only",
        pmsg::STATE_MODAL_SANDBOX_ONLY,
        Group::Modal,
        "/",
        SANDBOX_ONLY,
        &[Step::WaitFor(FORM_READY)],
    ),
    in_production(signed_in(
        "modal-users",
        pmsg::STATE_MODAL_USERS,
        Group::Modal,
        "/",
        DEMO_ADMIN,
        &[
            Step::WaitFor("#blocking-modal-tab-users"),
            Step::Click("#blocking-modal-tab-users"),
            Step::WaitFor("#blocking-modal-panel-users .users-table tbody tr"),
        ],
    )),
    in_production(signed_in(
        "modal-support",
        pmsg::STATE_MODAL_SUPPORT,
        Group::Modal,
        "/",
        DEMO_ADMIN,
        &[
            Step::WaitFor("#blocking-modal-tab-contact-support"),
            Step::Click("#blocking-modal-tab-contact-support"),
            Step::WaitFor("#blocking-modal-panel-contact-support .support-cases > p:not(.loading)"),
        ],
    )),
    signed_in(
        "users-list",
        pmsg::STATE_USERS_LIST,
        Group::Users,
        "/configuration/users",
        NAPOLI,
        &[Step::WaitFor(USER_ROWS)],
    ),
    signed_in(
        "users-invite-invalid",
        pmsg::STATE_USERS_INVITE_INVALID,
        Group::Users,
        "/configuration/users",
        NAPOLI,
        &[
            Step::WaitFor(USER_ROWS),
            Step::Click("#invite-submit"),
            Step::WaitFor("#invite-summary:not([hidden])"),
        ],
    ),
    signed_in(
        "users-invite-sent",
        pmsg::STATE_USERS_INVITE_SENT,
        Group::Users,
        "/configuration/users",
        NAPOLI,
        &[
            Step::WaitFor(USER_ROWS),
            Step::Fill("#invite-name", "Luca Esposito"),
            Step::Fill("#invite-email", "luca@bellanapoli.example"),
            Step::Click("#invite-submit"),
            Step::WaitFor("#invite-sent"),
        ],
    ),
    signed_in(
        "users-change-role",
        pmsg::STATE_USERS_CHANGE_ROLE,
        Group::Users,
        "/configuration/users",
        NAPOLI,
        &[
            Step::WaitFor(USER_ROWS),
            Step::ClickInRow("Paolo Verdi", "button[id$='-change-role']"),
            Step::WaitFor("[role=alertdialog]"),
        ],
    ),
    signed_in(
        "users-remove",
        pmsg::STATE_USERS_REMOVE,
        Group::Users,
        "/configuration/users",
        NAPOLI,
        &[
            Step::WaitFor(USER_ROWS),
            Step::ClickInRow("Chiara Neri", "button[id$='-remove']"),
            Step::WaitFor("[role=alertdialog]"),
        ],
    ),
    signed_in(
        "users-remove-alert-contact",
        pmsg::STATE_USERS_REMOVE_ALERT_CONTACT,
        Group::Users,
        "/configuration/users",
        LINDENAU,
        &[
            Step::WaitFor(USER_ROWS),
            Step::ClickInRow("Ben Fischer", "button[id$='-remove']"),
            Step::WaitFor("[role=alertdialog]"),
        ],
    ),
    signed_in(
        "users-last-admin",
        pmsg::STATE_USERS_LAST_ADMIN,
        Group::Users,
        "/configuration/users",
        LINDENAU,
        &[
            Step::WaitFor(USER_ROWS),
            Step::ClickInRow("Aylin Demir", "button[id$='-change-role']"),
            Step::WaitFor("#user-dialog-role-editor"),
            Step::Click("#user-dialog-role-editor"),
            Step::Force(ForceKind::LastAdministrator, ForceScope::Next),
            Step::Click("#user-dialog-confirm"),
            Step::WaitFor("#user-dialog-failure"),
        ],
    ),
    signed_in(
        "users-step-down",
        pmsg::STATE_USERS_STEP_DOWN,
        Group::Users,
        "/configuration/users",
        LINDENAU,
        &[
            Step::WaitFor(USER_ROWS),
            Step::ClickInRow(MARIA, "button[id$='-change-role']"),
            Step::WaitFor("#user-dialog-role-editor"),
            Step::Click("#user-dialog-role-editor"),
        ],
    ),
    signed_in(
        "users-stepped-down",
        pmsg::STATE_USERS_STEPPED_DOWN,
        Group::Users,
        "/configuration/users",
        LINDENAU,
        &[
            Step::WaitFor(USER_ROWS),
            Step::ClickInRow(MARIA, "button[id$='-change-role']"),
            Step::WaitFor("#user-dialog-role-editor"),
            Step::Click("#user-dialog-role-editor"),
            Step::Click("#user-dialog-confirm"),
            Step::WaitFor("#users-managed-by-administrators"),
            Step::WaitFor(USER_ROWS),
        ],
    ),
    signed_in(
        "users-leave",
        pmsg::STATE_USERS_LEAVE,
        Group::Users,
        "/configuration/users",
        LINDENAU,
        &[
            Step::WaitFor(USER_ROWS),
            Step::ClickInRow(MARIA, "button[id$='-remove']"),
            Step::WaitFor("#user-dialog-alert-contact-warning"),
        ],
    ),
    signed_in(
        "users-left",
        pmsg::STATE_USERS_LEFT,
        Group::Users,
        "/configuration/users",
        LINDENAU,
        &[
            Step::WaitFor(USER_ROWS),
            Step::ClickInRow(MARIA, "button[id$='-remove']"),
            Step::Click("#user-dialog-confirm"),
            Step::WaitFor("#left-account-notice"),
            Step::WaitFor("#sign-in-email"),
        ],
    ),
    signed_in(
        "users-many",
        pmsg::STATE_USERS_MANY,
        Group::Users,
        "/configuration/users",
        LINDENAU,
        &[Step::WaitFor(USER_ROWS)],
    ),
    signed_in(
        "users-read-only",
        pmsg::STATE_USERS_READ_ONLY,
        Group::Users,
        "/configuration/users",
        NAPOLI_READER,
        &[
            Step::WaitFor(USER_ROWS),
            Step::WaitFor("#users-managed-by-administrators"),
        ],
    ),
    signed_in(
        "support-form",
        pmsg::STATE_SUPPORT_FORM,
        Group::Support,
        "/help/contact-support",
        NAPOLI,
        &[Step::WaitFor(CASES)],
    ),
    signed_in(
        "support-invalid",
        pmsg::STATE_SUPPORT_INVALID,
        Group::Support,
        "/help/contact-support",
        NAPOLI,
        &[
            Step::WaitFor(CASES),
            Step::Click(".support-form button[type=submit]"),
            Step::WaitFor("#support-summary:not([hidden])"),
        ],
    ),
    signed_in(
        "support-created",
        pmsg::STATE_SUPPORT_CREATED,
        Group::Support,
        "/help/contact-support",
        NAPOLI,
        &[
            Step::WaitFor(CASES),
            Step::Fill("#support-subject", "Orari del sabato"),
            Step::Fill(
                "#support-description",
                "Vorremmo aggiornare gli orari del sabato.",
            ),
            Step::Click(".support-form button[type=submit]"),
            Step::WaitFor("#support-created"),
        ],
    ),
    signed_in(
        "support-rate-limited",
        pmsg::STATE_SUPPORT_RATE_LIMITED,
        Group::Support,
        "/help/contact-support",
        NAPOLI,
        &[
            Step::WaitFor(CASES),
            Step::Fill("#support-subject", "Orari del sabato"),
            Step::Fill(
                "#support-description",
                "Vorremmo aggiornare gli orari del sabato.",
            ),
            Step::Force(ForceKind::RateLimited, ForceScope::Next),
            Step::Click(".support-form button[type=submit]"),
            Step::WaitFor("#support-failure"),
        ],
    ),
    signed_in(
        "support-list",
        pmsg::STATE_SUPPORT_LIST,
        Group::Support,
        "/help/contact-support",
        LINDENAU,
        &[Step::WaitFor(".support-cases .pagination")],
    ),
    signed_in(
        "support-list-page-2",
        pmsg::STATE_SUPPORT_LIST_PAGE_2,
        Group::Support,
        "/help/contact-support",
        LINDENAU,
        &[
            Step::WaitFor(".support-cases .pagination"),
            Step::Click(".support-cases .pagination button:last-of-type"),
            Step::WaitText(".support-cases .pagination span", "2"),
        ],
    ),
    Scenario {
        env: Some(Environment::Sandbox),
        ..signed_in(
            "support-empty",
            pmsg::STATE_SUPPORT_EMPTY,
            Group::Support,
            "/help/contact-support",
            ALPIN,
            &[Step::WaitFor(".support-cases > p:not(.loading)")],
        )
    },
    signed_in(
        "support-case",
        pmsg::STATE_SUPPORT_CASE,
        Group::Support,
        "/help/contact-support",
        NAPOLI,
        &[
            Step::WaitFor(CASES),
            Step::Click(FIRST_CASE),
            Step::WaitFor("#case-dialog-description"),
        ],
    ),
    signed_in(
        "portal-overview",
        pmsg::STATE_PORTAL_OVERVIEW,
        Group::Portal,
        "/",
        NAPOLI,
        &[Step::WaitFor(".contact-status")],
    ),
    signed_in(
        "portal-contact-information",
        pmsg::STATE_PORTAL_CONTACT_INFORMATION,
        Group::Portal,
        "/configuration/contact-information",
        NAPOLI,
        &[Step::WaitFor(FORM_READY)],
    ),
    // A draft survives leaving the page: coming back offers it.
    signed_in(
        "portal-contact-draft",
        pmsg::STATE_PORTAL_CONTACT_DRAFT,
        Group::Portal,
        "/configuration/contact-information",
        NAPOLI,
        &[
            Step::WaitFor("#field-operational_public"),
            // Not the stored address (a draft equal to it is no draft).
            Step::Fill(
                "#field-operational_public",
                "prenotazioni@bellanapoli.example",
            ),
            Step::Click(".navigation a[href='/']"),
            Step::WaitFor(".contact-status"),
            Step::Click(".navigation a[href='/configuration/contact-information']"),
            Step::WaitFor("#contact-form-draft"),
        ],
    ),
    signed_in(
        "portal-history",
        pmsg::STATE_PORTAL_HISTORY,
        Group::Portal,
        "/configuration/contact-information",
        NAPOLI,
        &[Step::WaitFor(HISTORY_ENTRY), Step::Focus(".history-title")],
    ),
    signed_in(
        "portal-history-more",
        pmsg::STATE_PORTAL_HISTORY_MORE,
        Group::Portal,
        "/configuration/contact-information",
        LINDENAU,
        &[
            Step::WaitFor(SHOW_MORE),
            Step::Click(SHOW_MORE),
            Step::WaitGone(SHOW_MORE),
            Step::WaitFor(HISTORY_ENTRY),
        ],
    ),
    signed_in(
        "portal-history-empty",
        pmsg::STATE_PORTAL_HISTORY_EMPTY,
        Group::Portal,
        "/configuration/contact-information",
        ALPIN,
        &[Step::WaitFor(".history-empty")],
    ),
    signed_in(
        "portal-verification",
        pmsg::STATE_PORTAL_VERIFICATION,
        Group::Portal,
        "/configuration/contact-information",
        NAPOLI,
        &[
            Step::WaitFor(".verification-list button"),
            Step::WaitFor(".chips .chip-status"),
        ],
    ),
    signed_in(
        "portal-live-update",
        pmsg::STATE_PORTAL_LIVE_UPDATE,
        Group::Portal,
        "/configuration/contact-information",
        ALPIN,
        &[
            Step::WaitFor("form.contact-form"),
            Step::LiveChange("Marco Bianchi", ChangeKind::RoleChanged),
            Step::WaitFor("#live-notice .notice"),
        ],
    ),
    // Someone else changes the contact information while a draft is kept: the notice
    // points to it (as when the blocking modal closes under the user's hands).
    signed_in(
        "portal-live-draft-kept",
        pmsg::STATE_PORTAL_LIVE_DRAFT_KEPT,
        Group::Portal,
        "/configuration/contact-information",
        NAPOLI,
        &[
            Step::WaitFor("#field-operational_public"),
            Step::Fill(
                "#field-operational_public",
                "prenotazioni@bellanapoli.example",
            ),
            Step::Click(".navigation a[href='/']"),
            Step::WaitFor(".contact-status"),
            Step::LiveChange("Marco Bianchi", ChangeKind::ContactInfoUpdated),
            Step::WaitFor("#live-notice-draft"),
        ],
    ),
    signed_in(
        "portal-review-due",
        pmsg::STATE_PORTAL_REVIEW_DUE,
        Group::Portal,
        "/",
        SONNENHANG,
        &[
            Step::WaitFor(".contact-status"),
            Step::WaitFor("#review-still-correct"),
        ],
    ),
    Scenario {
        link_for: Some(AGENCY),
        steps: &AGENCY_PICKS,
        ..scenario(
            "portal-accounts-picker",
            pmsg::STATE_PORTAL_ACCOUNTS_PICKER,
            Group::Portal,
            "/sign-in/callback",
        )
    },
    Scenario {
        link_for: Some(AGENCY),
        steps: &[
            AGENCY_PICKS[0],
            AGENCY_PICKS[1],
            AGENCY_PICKS[2],
            // Trattoria Da Luigi (id 3): its contact information is missing.
            Step::Click("#account-choice-3"),
            Step::WaitFor(".blocking-modal"),
        ],
        ..scenario(
            "portal-accounts-picked-blocked",
            pmsg::STATE_PORTAL_ACCOUNTS_PICKED_BLOCKED,
            Group::Portal,
            "/sign-in/callback",
        )
    },
    signed_in(
        "portal-accounts-switcher",
        pmsg::STATE_PORTAL_ACCOUNTS_SWITCHER,
        Group::Portal,
        "/",
        LINDENAU,
        &[
            Step::WaitFor(".contact-status"),
            Step::WaitFor("#header-account option + option"),
            Step::Focus("#header-account"),
        ],
    ),
    forced_from_start(
        signed_in(
            "portal-loading",
            pmsg::STATE_PORTAL_LOADING,
            Group::Portal,
            "/",
            NAPOLI,
            &[Step::WaitFor(".loading")],
        ),
        ForceKind::Stall,
    ),
    forced_from_start(
        signed_in(
            "portal-offline",
            pmsg::STATE_PORTAL_OFFLINE,
            Group::Portal,
            "/",
            NAPOLI,
            &[Step::WaitFor(".notice-error")],
        ),
        ForceKind::Network,
    ),
    forced_from_start(
        signed_in(
            "portal-server-error",
            pmsg::STATE_PORTAL_SERVER_ERROR,
            Group::Portal,
            "/",
            NAPOLI,
            &[Step::WaitFor(".notice-error")],
        ),
        ForceKind::ServerError,
    ),
    signed_in(
        "stress-overview",
        pmsg::STATE_STRESS_OVERVIEW,
        Group::Stress,
        "/",
        STRESS,
        &[Step::WaitFor(".contact-status")],
    ),
    signed_in(
        "stress-users",
        pmsg::STATE_STRESS_USERS,
        Group::Stress,
        "/configuration/users",
        STRESS,
        &[Step::WaitFor(USER_ROWS)],
    ),
    signed_in(
        "stress-contact-information",
        pmsg::STATE_STRESS_CONTACT_INFORMATION,
        Group::Stress,
        "/configuration/contact-information",
        STRESS,
        &[Step::WaitFor(FORM_READY)],
    ),
    signed_in(
        "stress-support",
        pmsg::STATE_STRESS_SUPPORT,
        Group::Stress,
        "/help/contact-support",
        STRESS,
        &[Step::WaitFor(CASES)],
    ),
    signed_in(
        "stress-support-case",
        pmsg::STATE_STRESS_SUPPORT_CASE,
        Group::Stress,
        "/help/contact-support",
        STRESS,
        &[
            Step::WaitFor(CASES),
            Step::Click(FIRST_CASE),
            Step::WaitFor("#case-dialog-description"),
        ],
    ),
];

pub fn find(id: &str) -> Option<&'static Scenario> {
    SCENARIOS.iter().find(|scenario| scenario.id == id)
}

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
}

fn query(selector: &str) -> Option<Element> {
    document()?.query_selector(selector).ok().flatten()
}

async fn animation_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.request_animation_frame(&resolve);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Waits (frame by frame) until `found` gives something.
async fn until<T>(what: &str, mut found: impl FnMut() -> Option<T>) -> Result<T, String> {
    let started = js_sys::Date::now();
    loop {
        if let Some(value) = found() {
            return Ok(value);
        }
        if js_sys::Date::now() - started > STEP_TIMEOUT_MS {
            return Err(format!("timed out waiting for {what}"));
        }
        animation_frame().await;
    }
}

/// Dispatches a bubbling event of `kind`, as the browser does for typing.
fn fire(element: &Element, kind: &str) {
    let Some(event) = document().and_then(|document| document.create_event("Event").ok()) else {
        return;
    };
    event.init_event_with_bubbles_and_cancelable(kind, true, true);
    let _ = element.dispatch_event(&event);
}

fn click(element: Element) -> Result<(), String> {
    element
        .dyn_into::<HtmlElement>()
        .map(|element| element.click())
        .map_err(|_| "not an HTML element".to_owned())
}

fn row_button(row_text: &str, selector: &str) -> Option<Element> {
    let rows = document()?.query_selector_all("tbody tr").ok()?;
    (0..rows.length())
        .filter_map(|index| rows.item(index))
        .filter_map(|node| node.dyn_into::<Element>().ok())
        .find(|row| {
            row.text_content()
                .is_some_and(|text| text.contains(row_text))
        })?
        .query_selector(selector)
        .ok()
        .flatten()
}

impl Step {
    async fn run(self) -> Result<(), String> {
        match self {
            Step::WaitFor(selector) => until(selector, || query(selector)).await.map(drop),
            Step::WaitGone(selector) => {
                until(selector, || query(selector).is_none().then_some(())).await
            }
            Step::WaitText(selector, text) => until(selector, || {
                query(selector)?
                    .text_content()
                    .filter(|content| content.contains(text))
            })
            .await
            .map(drop),
            Step::Click(selector) => click(until(selector, || query(selector)).await?),
            Step::ClickInRow(row, selector) => {
                click(until(row, || row_button(row, selector)).await?)
            }
            Step::Fill(selector, text) => {
                let element = until(selector, || query(selector)).await?;
                if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
                    input.set_value(text);
                } else if let Some(area) = element.dyn_ref::<HtmlTextAreaElement>() {
                    area.set_value(text);
                } else {
                    return Err("not an input".into());
                }
                fire(&element, "input");
                Ok(())
            }
            Step::Choose(selector, value) => {
                let element = until(selector, || query(selector)).await?;
                if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
                    input.set_value(value);
                } else if let Some(select) = element.dyn_ref::<HtmlSelectElement>() {
                    select.set_value(value);
                } else {
                    return Err("not an input or select".into());
                }
                fire(&element, "input");
                fire(&element, "change");
                Ok(())
            }
            Step::Focus(selector) => {
                let element = until(selector, || query(selector)).await?;
                element
                    .dyn_into::<HtmlElement>()
                    .map_err(|_| "not an HTML element".to_owned())?
                    .focus()
                    .map_err(|_| "cannot take focus".to_owned())
            }
            Step::Force(kind, scope) => {
                runtime::set_forcing(Forcing::new(kind, scope));
                Ok(())
            }
            Step::ForceInvalid(field, code) => {
                runtime::set_forcing(Forcing::invalid(field, code, ForceScope::Next));
                Ok(())
            }
            Step::LiveChange(name, kind) => {
                crate::state::preview_live_change(portal_rules::history::LiveEvent {
                    id: 1,
                    at: String::new(),
                    kind,
                    actor_id: Some(0),
                    actor_name: Some(name.to_owned()),
                    // Newer than any version the page has, so it counts as news.
                    contact_info_version: kind.is_contact_info().then_some(i64::MAX),
                });
                Ok(())
            }
        }
    }
}

/// Runs the steps, lets focus moves and announcements land, and marks `<html>` ready.
pub async fn run(scenario: &'static Scenario) {
    let mut outcome = Ok(());
    for step in scenario.steps {
        if let Err(error) = step.run().await {
            outcome = Err(format!("{step:?}: {error}"));
            break;
        }
    }
    for _ in 0..3 {
        animation_frame().await;
    }
    let Some(root) = document().and_then(|document| document.document_element()) else {
        return;
    };
    match outcome {
        Ok(()) => {
            let _ = root.set_attribute("data-preview-ready", "true");
        }
        Err(error) => {
            let _ = root.set_attribute("data-preview-error", &error);
            let _ = root.set_attribute("data-preview-ready", "failed");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scenario_ids_are_unique_and_make_anchors() {
        let mut seen = std::collections::HashSet::new();
        for scenario in SCENARIOS {
            assert!(seen.insert(scenario.id), "duplicate {}", scenario.id);
            assert!(
                scenario
                    .id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{}",
                scenario.id
            );
            assert!(
                !scenario.steps.is_empty(),
                "{} waits for something",
                scenario.id
            );
            assert!(scenario.path.starts_with('/'));
        }
        for group in Group::ALL {
            assert!(SCENARIOS.iter().any(|scenario| scenario.group == group));
        }
    }

    /// Every user a scenario signs in as exists in the fixtures.
    #[test]
    fn scenario_users_exist_in_the_fixtures() {
        let state = portal_preview::fixtures::fixtures();
        for scenario in SCENARIOS {
            for Who(account, email) in scenario.user.into_iter().chain(scenario.link_for) {
                let account = state
                    .account_by_partner_id(account)
                    .unwrap_or_else(|| panic!("{}: account {account}", scenario.id));
                if let Some(email) = email {
                    assert!(
                        state
                            .members(account.id)
                            .iter()
                            .any(|user| user.email == email),
                        "{}: {email}",
                        scenario.id
                    );
                }
            }
        }
    }
}
