//! The blocking "Mandatory information" modal: covers the portal until contact information
//! is complete for the active environment. Three tabs: contact information, users (to hand
//! the job to a colleague) and contact support.
//!
//! While it shows, it is the page (everything behind is inert, hidden from assistive
//! technology and has no `<h1>`): its title is the `<h1>`, and the features' sections are
//! `<h2>`, as on their own pages.

use super::accounts::AccountSwitcher;
use super::environment_switcher::EnvironmentSwitcher;
use super::language_switcher::LanguageSwitcher;
use super::sign_out::SignOutButton;
use crate::features::contact_info::ContactInformationTab;
use crate::features::support::ContactSupportTab;
use crate::features::users::UsersTab;
use crate::i18n::{MsgId, integration_id, msg, use_i18n};
use crate::state::use_portal;
use crate::ui::dialog::ModalDialog;
use crate::ui::tabs::{TabKey, TabList, TabPanel, focus_tab};
use leptos::prelude::*;

const TABS_PREFIX: &str = "blocking-modal";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ModalTab {
    ContactInformation,
    Users,
    ContactSupport,
}

impl TabKey for ModalTab {
    fn key(self) -> &'static str {
        match self {
            ModalTab::ContactInformation => "contact-information",
            ModalTab::Users => "users",
            ModalTab::ContactSupport => "contact-support",
        }
    }

    fn label_id(self) -> MsgId {
        match self {
            ModalTab::ContactInformation => msg::MODAL_TAB_CONTACT_INFORMATION,
            ModalTab::Users => msg::MODAL_TAB_USERS,
            ModalTab::ContactSupport => msg::MODAL_TAB_CONTACT_SUPPORT,
        }
    }
}

#[component]
pub fn BlockingModal() -> impl IntoView {
    let i18n = use_i18n();
    let selected = RwSignal::new(ModalTab::ContactInformation);
    let integration = use_portal()
        .session
        .with_value(|session| session.account.integration);
    // Names the account's integration, as the help pages do ("Bevor Sie die Funktion
    // „Mögliche Aktivitäten“ einbinden können, …").
    let intro = move || {
        let integration = i18n.t(integration_id(integration));
        i18n.t_with(msg::MODAL_INTRO, &[("integration", integration.into())])
    };
    view! {
        <ModalDialog
            labelled_by="blocking-modal-title"
            described_by="blocking-modal-intro"
            initial_focus="blocking-modal-tab-contact-information"
            class="blocking-modal"
        >
            <div class="modal-header">
                <h1 id="blocking-modal-title">{i18n.tr(msg::MODAL_TITLE)}</h1>
                <button
                    type="button"
                    class="link-button"
                    id="blocking-modal-support-link"
                    on:click=move |_| focus_tab(TABS_PREFIX, selected, ModalTab::ContactSupport)
                >
                    {i18n.tr(msg::MODAL_CONTACT_SUPPORT_LINK)}
                </button>
            </div>
            <div class="modal-toolbar">
                <LanguageSwitcher id="modal-language" />
                <EnvironmentSwitcher id="modal-environment" />
                // The modal blocks only this account: a person in several can go to another.
                <AccountSwitcher id="modal-account" />
                <SignOutButton />
            </div>
            <p id="blocking-modal-intro" class="modal-intro">{move || intro()}</p>
            <TabList
                prefix=TABS_PREFIX
                tabs=vec![ModalTab::ContactInformation, ModalTab::Users, ModalTab::ContactSupport]
                selected
                label=Signal::derive(i18n.tr(msg::MODAL_TABS_LABEL))
            />
            <TabPanel prefix=TABS_PREFIX tab=ModalTab::ContactInformation selected>
                <ContactInformationTab />
            </TabPanel>
            <TabPanel prefix=TABS_PREFIX tab=ModalTab::Users selected>
                <UsersTab />
            </TabPanel>
            <TabPanel prefix=TABS_PREFIX tab=ModalTab::ContactSupport selected>
                <ContactSupportTab />
            </TabPanel>
        </ModalDialog>
    }
}
