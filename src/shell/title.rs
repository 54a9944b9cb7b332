//! The document title names the screen and its state in the UI language, e.g.
//! "Kontaktdaten erforderlich – Partner-Portal" while the blocking modal shows, "Nutzer –
//! Partner-Portal" on the Users page (WCAG 2.4.2: each page and state has its own title).
//!
//! [`document_title`] is the one place that computes it, from the [`Screen`] and the
//! language. Whatever decides what is on screen (a route, the gate, the sign-in page's
//! stage) renders a [`DocumentTitle`] in that branch of its view; the branches exclude
//! each other, so exactly one is mounted at a time and writes the title when it mounts,
//! when its screen changes and when the language does. Nothing else writes `document.title`.

use crate::i18n::{I18n, MsgId, msg, use_i18n};
use leptos::prelude::*;

/// What the title names: a page, or the state the portal or sign-in is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    SignIn,
    /// A sign-in link was requested.
    LinkSent,
    /// "Continue as …" on the page an e-mailed link opens.
    SignInContinue,
    /// The link cannot sign in (unknown, used, expired).
    SignInFailed,
    Loading,
    /// Loading failed (the page shows the error and a retry).
    Error,
    /// The blocking modal asks for the contact information.
    ContactInfoRequired,
    Overview,
    ContactInformation,
    Users,
    ContactSupport,
    NotFound,
    /// The page a contact address's confirmation link opens.
    VerifyAddress,
    /// A person in several accounts picks one.
    ChooseAccount,
}

impl Screen {
    pub const ALL: [Screen; 14] = [
        Screen::SignIn,
        Screen::LinkSent,
        Screen::SignInContinue,
        Screen::SignInFailed,
        Screen::Loading,
        Screen::Error,
        Screen::ContactInfoRequired,
        Screen::Overview,
        Screen::ContactInformation,
        Screen::Users,
        Screen::ContactSupport,
        Screen::NotFound,
        Screen::VerifyAddress,
        Screen::ChooseAccount,
    ];

    pub const fn message_id(self) -> MsgId {
        match self {
            Screen::SignIn => msg::TITLE_SIGN_IN,
            Screen::LinkSent => msg::TITLE_LINK_SENT,
            Screen::SignInContinue => msg::TITLE_SIGN_IN_CONTINUE,
            Screen::SignInFailed => msg::TITLE_SIGN_IN_FAILED,
            Screen::Loading => msg::TITLE_LOADING,
            Screen::Error => msg::TITLE_ERROR,
            Screen::ContactInfoRequired => msg::TITLE_CONTACT_INFO_REQUIRED,
            Screen::Overview => msg::TITLE_OVERVIEW,
            Screen::ContactInformation => msg::TITLE_CONTACT_INFORMATION,
            Screen::Users => msg::TITLE_USERS,
            Screen::ContactSupport => msg::TITLE_CONTACT_SUPPORT,
            Screen::NotFound => msg::TITLE_NOT_FOUND,
            Screen::VerifyAddress => msg::TITLE_VERIFY,
            Screen::ChooseAccount => msg::TITLE_CHOOSE_ACCOUNT,
        }
    }
}

/// "<screen> – <product>" in the UI language. Reactive: re-runs when the language changes.
pub fn document_title(i18n: I18n, screen: Screen) -> String {
    let page = i18n.t(screen.message_id());
    i18n.t_with(msg::DOCUMENT_TITLE, &[("page", page.into())])
}

/// Writes the title of `screen` to `document.title` while mounted (see the module docs).
/// It renders nothing; the effect only writes the DOM.
#[component]
pub fn DocumentTitle(#[prop(into)] screen: Signal<Screen>) -> impl IntoView {
    let i18n = use_i18n();
    Effect::new(move |_| {
        let title = document_title(i18n, screen.get());
        if let Some(document) = crate::dom::document() {
            document.set_title(&title);
        }
    });
}
