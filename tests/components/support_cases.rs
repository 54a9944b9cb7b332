//! The support feature: the case form prefills, validates inline and focuses its summary;
//! the help link follows the language; a case opens from the list in a dialog.

#[cfg(feature = "preview")]
use crate::support::{PreviewBackend, press};
use crate::support::{
    active_id, assert_field_error, by_id, document, exists, fire, mount, shows_error, submit,
    text_of, until, with_portal,
};
use leptos::prelude::*;
use partner_portal::features::support::{HelpLink, SupportPanel, resolve_help_url};
use partner_portal::i18n::{I18n, Locale};
use portal_rules::model::Role;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};

#[wasm_bindgen_test]
async fn support_form_prefills_validates_inline_and_focuses_the_summary() {
    let _mounted = with_portal(Role::ReadOnly, || view! { <SupportPanel /> });
    let reply_to = || by_id("support-reply-to").unchecked_into::<HtmlInputElement>();
    until("the form is prefilled", || !reply_to().value().is_empty()).await;
    assert_eq!(
        reply_to().value(),
        "rita@demo.example",
        "reply-to is prefilled with the user's address"
    );
    let environment: HtmlSelectElement = by_id("support-environment").unchecked_into();
    assert_eq!(
        environment.value(),
        "sandbox",
        "environment is prefilled from the switcher"
    );

    // Leaving a too-long subject shows its error, tied to the field.
    let subject: HtmlInputElement = by_id("support-subject").unchecked_into();
    subject.set_value(&"x".repeat(121));
    fire(&subject, "input");
    fire(&subject, "blur");
    until("the subject's error shows", || {
        shows_error("support-subject")
    })
    .await;
    assert_field_error("support-subject", "Enter at most 120 characters.");
    assert_eq!(
        subject.get_attribute("maxlength").as_deref(),
        Some("120"),
        "the field stops at the shared rule's limit"
    );

    // The counter follows the description.
    let description: HtmlTextAreaElement = by_id("support-description").unchecked_into();
    description.set_value("Hello");
    fire(&description, "input");
    let counter = || text_of("support-description-counter");
    until("the counter counts", || counter().starts_with("5 ")).await;
    assert_eq!(counter(), "5 of 5,000 characters", "numbers through Intl");

    // Submitting with errors focuses the summary, which lists each problem.
    description.set_value("");
    fire(&description, "input");
    submit("form.support-form");
    until("the summary has the focus", || {
        active_id() == "support-summary"
    })
    .await;
    let links = by_id("support-summary").query_selector_all("a").unwrap();
    assert_eq!(
        links.length(),
        2,
        "subject too long and description required"
    );
    links
        .item(1)
        .unwrap()
        .unchecked_into::<HtmlElement>()
        .click();
    assert_eq!(
        active_id(),
        "support-description",
        "summary links move focus to the field"
    );
}

/// Adds `<meta name="portal-help-url">` elements as index.html would; removed on drop.
struct HelpMeta(Vec<web_sys::Element>);

impl HelpMeta {
    fn configure(metas: &[(Option<&str>, &str)]) -> Self {
        let head = document().head().unwrap();
        Self(
            metas
                .iter()
                .map(|(lang, content)| {
                    let meta = document().create_element("meta").unwrap();
                    meta.set_attribute("name", "portal-help-url").unwrap();
                    meta.set_attribute("content", content).unwrap();
                    if let Some(lang) = lang {
                        meta.set_attribute("lang", lang).unwrap();
                    }
                    head.append_child(&meta).unwrap();
                    meta
                })
                .collect(),
        )
    }
}

impl Drop for HelpMeta {
    fn drop(&mut self) {
        for meta in &self.0 {
            meta.remove();
        }
    }
}

#[wasm_bindgen_test]
async fn the_help_link_names_the_article_in_each_language() {
    let _configured = HelpMeta::configure(&[
        (None, "https://help.example/support?hl={lang}"),
        (
            Some("it"),
            "https://help.example/it/come-ottenere-assistenza",
        ),
    ]);
    let language = RwSignal::new(Locale::En);
    let _mounted = mount(move || {
        let i18n = I18n::new(Locale::En);
        provide_context(i18n);
        // Follows the language without touching the remembered choice.
        Effect::new(move |_| {
            let chosen = language.get();
            if i18n.locale() != chosen {
                i18n.set_locale(chosen);
            }
        });
        view! { <HelpLink /> }
    });
    let link = || by_id("support-help-link");
    let seen = || {
        (
            link().get_attribute("href").unwrap_or_default(),
            link()
                .first_child()
                .and_then(|text| text.text_content())
                .unwrap_or_default(),
        )
    };
    let expect = |lang, href: &str, text: &str| (lang, href.to_owned(), text.to_owned());
    for (lang, href, text) in [
        expect(
            Locale::En,
            "https://help.example/support?hl=en",
            "Help: How to get support",
        ),
        expect(
            Locale::De,
            "https://help.example/support?hl=de",
            "Hilfe: So erhalten Sie Support",
        ),
        expect(
            Locale::It,
            "https://help.example/it/come-ottenere-assistenza",
            "Guida: Come ottenere assistenza",
        ),
    ] {
        language.set(lang);
        until(&format!("the link is in {lang:?}"), || {
            exists("support-help-link") && seen().0 == href
        })
        .await;
        assert_eq!(seen(), (href.clone(), text.clone()));
    }
    assert_eq!(link().get_attribute("target").as_deref(), Some("_blank"));
    assert_eq!(link().get_attribute("rel").as_deref(), Some("noopener"));
    assert_eq!(
        link().text_content().as_deref(),
        Some("Guida: Come ottenere assistenza (si apre in una nuova scheda)"),
        "the new tab is said"
    );
    web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .remove_item("portal.locale")
        .unwrap();
}

#[wasm_bindgen_test]
fn the_help_address_is_configured_in_one_place_and_only_web_addresses_link() {
    let configured = |content: &str| vec![(None, content.to_owned())];
    assert_eq!(
        resolve_help_url(&configured("https://help.example/?hl={lang}"), "it").as_deref(),
        Some("https://help.example/?hl=it")
    );
    assert_eq!(
        resolve_help_url(&configured("javascript:alert(1)"), "en"),
        None
    );
}

#[cfg(feature = "preview")]
#[wasm_bindgen_test]
async fn a_case_opens_from_the_list_in_a_dialog_and_focus_returns_to_it() {
    let _backend = PreviewBackend::signed_in_as("preview-6006", "giulia@bellanapoli.example");
    let _mounted = with_portal(Role::Administrator, || view! { <SupportPanel /> });
    let first_case = || {
        document()
            .query_selector(".support-cases tbody th button")
            .unwrap()
    };
    until("the cases are listed", || first_case().is_some()).await;
    let button: HtmlElement = first_case().unwrap().unchecked_into();
    let reference = button.text_content().unwrap();
    assert_eq!(
        button.get_attribute("aria-haspopup").as_deref(),
        Some("dialog")
    );
    button.focus().unwrap();
    button.click();

    until("the case loads with focus on its title", || {
        exists("case-dialog-description") && active_id() == "case-dialog-title"
    })
    .await;
    let dialog = document()
        .query_selector("[role=dialog]")
        .unwrap()
        .expect("a dialog");
    assert_eq!(dialog.get_attribute("aria-modal").as_deref(), Some("true"));
    assert_eq!(
        text_of(&dialog.get_attribute("aria-labelledby").unwrap()),
        format!("Support case {reference}")
    );
    for id in [
        "case-dialog-subject",
        "case-dialog-status",
        "case-dialog-category",
        "case-dialog-environment",
        "case-dialog-created",
        "case-dialog-created-by",
        "case-dialog-reply-to",
        "case-dialog-description",
    ] {
        assert!(!text_of(id).trim().is_empty(), "{id} is shown");
    }
    assert!(text_of("case-dialog-reply-to").contains('@'));
    assert!(
        by_id("support-form-heading")
            .closest("[inert]")
            .unwrap()
            .is_some(),
        "the panel behind is inert"
    );

    // Tab stays in the dialog; Escape closes it and focus is back on the case's button.
    by_id("case-dialog-close").focus().unwrap();
    assert!(press("Tab", false), "Tab wraps around inside the dialog");
    assert_eq!(active_id(), "case-dialog-close");
    assert!(press("Escape", false));
    until("focus is back on the case", || active_id() == button.id()).await;
    assert!(!exists("case-dialog-title"));
}
