//! The shell and the pages that are no feature: the document title of every screen and
//! state, in each language; and the sign-in pages (the address in its error, the pending
//! button, the link page's stages). The flows run the whole app against the preview
//! backend (preview build only).

use crate::support::{document, mount, until};
use leptos::prelude::*;
use partner_portal::i18n::{I18n, Locale};
use partner_portal::shell::title::{DocumentTitle, Screen, document_title};
use wasm_bindgen_test::*;

pub(crate) fn title() -> String {
    document().title()
}

/// Each screen's title in de, it and en.
const TITLES: [(Screen, [&str; 3]); 14] = [
    (
        Screen::SignIn,
        [
            "Anmelden – Partner-Portal",
            "Accedi – Portale partner",
            "Sign in – Partner Portal",
        ],
    ),
    (
        Screen::LinkSent,
        [
            "Anmeldelink gesendet – Partner-Portal",
            "Link di accesso inviato – Portale partner",
            "Sign-in link sent – Partner Portal",
        ],
    ),
    (
        Screen::SignInContinue,
        [
            "Anmeldung fortsetzen – Partner-Portal",
            "Continua l'accesso – Portale partner",
            "Continue signing in – Partner Portal",
        ],
    ),
    (
        Screen::SignInFailed,
        [
            "Anmeldung fehlgeschlagen – Partner-Portal",
            "Accesso non riuscito – Portale partner",
            "Sign-in failed – Partner Portal",
        ],
    ),
    (
        Screen::Loading,
        [
            "Wird geladen – Partner-Portal",
            "Caricamento – Portale partner",
            "Loading – Partner Portal",
        ],
    ),
    (
        Screen::Error,
        [
            "Fehler – Partner-Portal",
            "Errore – Portale partner",
            "Error – Partner Portal",
        ],
    ),
    (
        Screen::ContactInfoRequired,
        [
            "Kontaktdaten erforderlich – Partner-Portal",
            "Informazioni di contatto obbligatorie – Portale partner",
            "Contact information required – Partner Portal",
        ],
    ),
    (
        Screen::Overview,
        [
            "Übersicht – Partner-Portal",
            "Panoramica – Portale partner",
            "Overview – Partner Portal",
        ],
    ),
    (
        Screen::ContactInformation,
        [
            "Kontaktdaten – Partner-Portal",
            "Informazioni di contatto – Portale partner",
            "Contact information – Partner Portal",
        ],
    ),
    (
        Screen::Users,
        [
            "Nutzer – Partner-Portal",
            "Utenti – Portale partner",
            "Users – Partner Portal",
        ],
    ),
    (
        Screen::ContactSupport,
        [
            "Support kontaktieren – Partner-Portal",
            "Contatta l'assistenza – Portale partner",
            "Contact support – Partner Portal",
        ],
    ),
    (
        Screen::NotFound,
        [
            "Seite nicht gefunden – Partner-Portal",
            "Pagina non trovata – Portale partner",
            "Page not found – Partner Portal",
        ],
    ),
    (
        Screen::VerifyAddress,
        [
            "E-Mail-Adresse bestätigen – Partner-Portal",
            "Conferma dell'indirizzo email – Portale partner",
            "Confirm e-mail address – Partner Portal",
        ],
    ),
    (
        Screen::ChooseAccount,
        [
            "Konto auswählen – Partner-Portal",
            "Scegli l'account – Portale partner",
            "Choose an account – Partner Portal",
        ],
    ),
];

#[wasm_bindgen_test]
fn every_screen_has_its_own_title_in_each_language() {
    assert_eq!(
        TITLES.map(|(screen, _)| screen),
        Screen::ALL,
        "every screen is listed"
    );
    for (screen, titles) in TITLES {
        for (locale, title) in Locale::ALL.into_iter().zip(titles) {
            let shown = untrack(|| document_title(I18n::new(locale), screen));
            assert_eq!(shown, title);
        }
    }
}

#[wasm_bindgen_test]
async fn the_title_follows_the_screen_and_the_language() {
    let i18n = I18n::new(Locale::En);
    let screen = RwSignal::new(Screen::SignIn);
    let _mounted = mount(move || {
        provide_context(i18n);
        view! { <DocumentTitle screen /> }
    });
    until("the title is written", || {
        title() == "Sign in – Partner Portal"
    })
    .await;
    screen.set(Screen::LinkSent);
    until("the state changes it", || {
        title() == "Sign-in link sent – Partner Portal"
    })
    .await;
    i18n.set_locale(Locale::It);
    until("the language changes it", || {
        title() == "Link di accesso inviato – Portale partner"
    })
    .await;
    if let Ok(Some(storage)) = web_sys::window().unwrap().local_storage() {
        storage.remove_item("portal.locale").unwrap();
    }
}

/// The whole app on the preview backend, at a path.
#[cfg(feature = "preview")]
pub(crate) mod app {
    use super::title;
    use crate::preview::Installed;
    use crate::support::{active_id, by_id, document, exists, fire, submit, text_of, until};
    use leptos::prelude::Owner;
    use partner_portal::app::App;
    use partner_portal::preview::runtime;
    use partner_portal::state::remember_environment;
    use portal_preview::{ForceKind, ForceScope, Forcing};
    use portal_rules::model::{Environment, Role};
    use wasm_bindgen::JsCast;
    use wasm_bindgen_test::*;
    use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement};

    /// The app, mounted by [`app_at`]. Dropping it unmounts the app, disposes of its whole
    /// reactive tree (unmounting alone leaves the router's and the preview toolbar's
    /// listeners running, which would keep writing the address), and puts the test page's
    /// address and the remembered language back.
    pub(crate) struct Mounted<H> {
        handle: Option<H>,
        owner: Owner,
        original: String,
    }

    impl<H> Drop for Mounted<H> {
        fn drop(&mut self) {
            self.handle.take();
            self.owner.cleanup();
            let window = web_sys::window().unwrap();
            let _ = window.history().unwrap().replace_state_with_url(
                &wasm_bindgen::JsValue::NULL,
                "",
                Some(&self.original),
            );
            if let Ok(Some(storage)) = window.local_storage() {
                let _ = storage.remove_item("portal.locale");
            }
        }
    }

    /// Mounts the app at `path`.
    pub(crate) fn app_at(path: &str) -> impl Sized + use<> {
        let window = web_sys::window().unwrap();
        let location = window.location();
        let original = format!(
            "{}{}",
            location.pathname().unwrap(),
            location.search().unwrap()
        );
        window
            .history()
            .unwrap()
            .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(path))
            .unwrap();
        let container: HtmlElement = document().create_element("div").unwrap().unchecked_into();
        document().body().unwrap().append_child(&container).unwrap();
        let owner = Owner::new();
        let handle = owner.with(|| leptos::mount::mount_to(container, App));
        Mounted {
            handle: Some(handle),
            owner,
            original,
        }
    }

    pub(crate) fn path() -> String {
        web_sys::window().unwrap().location().pathname().unwrap()
    }

    fn fill(id: &str, value: &str) {
        let input: HtmlInputElement = by_id(id).unchecked_into();
        input.set_value(value);
        fire(&input, "input");
    }

    fn choose(id: &str, value: &str) {
        let select: HtmlSelectElement = by_id(id).unchecked_into();
        select.set_value(value);
        fire(&select, "change");
    }

    fn user(partner_id: &str, role: Role) -> portal_preview::state::UserRecord {
        let account = runtime::accounts()
            .into_iter()
            .find(|account| account.partner_id == partner_id)
            .unwrap();
        runtime::members(account.id)
            .into_iter()
            .find(|user| user.role == role)
            .unwrap()
    }

    #[wasm_bindgen_test]
    async fn sign_in_names_the_address_and_keeps_focus_while_sending() {
        let _installed = Installed::preview();
        let _app = app_at("/sign-in");
        until("the sign-in page and its title", || {
            exists("sign-in-email") && title() == "Sign in – Partner Portal"
        })
        .await;

        fill("sign-in-email", " not-an-address ");
        submit(".sign-in form");
        until("the error shows", || exists("sign-in-email-error")).await;
        assert_eq!(
            text_of("sign-in-email-error"),
            "“not-an-address” is not a valid e-mail address.",
            "the message names what was typed"
        );
        assert_eq!(active_id(), "sign-in-email");

        runtime::set_forcing(Forcing::new(ForceKind::Slow, ForceScope::Next));
        fill("sign-in-email", "admin@demo.example");
        by_id("sign-in-submit").focus().unwrap();
        submit(".sign-in form");
        until("the button says it is sending", || {
            text_of("sign-in-submit") == "Sending sign-in link…"
        })
        .await;
        let button = by_id("sign-in-submit");
        assert_eq!(
            button.get_attribute("aria-disabled").as_deref(),
            Some("true")
        );
        assert!(
            !button.has_attribute("disabled"),
            "disabled would drop focus"
        );
        assert_eq!(active_id(), "sign-in-submit", "focus stays on the button");
        until("the link is sent", || {
            title() == "Sign-in link sent – Partner Portal"
        })
        .await;
        assert_eq!(text_of("sign-in-submit"), "Send sign-in link");
        assert_eq!(
            button.get_attribute("aria-disabled").as_deref(),
            Some("false")
        );

        choose("sign-in-language", "de");
        until("the title is German", || {
            title() == "Anmeldelink gesendet – Partner-Portal"
        })
        .await;
        assert_eq!(text_of("sign-in-submit"), "Anmeldelink senden");
        fill("sign-in-email", "kein@");
        until("the error is German and names the address", || {
            text_of("sign-in-email-error") == "„kein@“ ist keine gültige E-Mail-Adresse."
        })
        .await;
    }

    #[wasm_bindgen_test]
    async fn the_link_page_titles_its_stages_and_says_it_is_signing_in() {
        let _installed = Installed::preview();
        {
            let _app = app_at("/sign-in/callback");
            until("no link: sign-in failed", || {
                title() == "Sign-in failed – Partner Portal"
            })
            .await;
        }
        let anna = runtime::find_user("demo-1001", "admin@demo.example").unwrap();
        let token = runtime::mail_sign_in_link(anna.id).unwrap();
        let _app = app_at(&format!("/sign-in/callback#token={token}"));
        until("Continue as", || {
            exists("sign-in-continue") && title() == "Continue signing in – Partner Portal"
        })
        .await;
        // One account: the link's account is named.
        assert_eq!(
            text_of("sign-in-continue"),
            "Continue as Anna Admin (Demo Partner GmbH)"
        );
        runtime::set_forcing(Forcing::new(ForceKind::Slow, ForceScope::Next));
        let button = by_id("sign-in-continue");
        button.focus().unwrap();
        button.click();
        until("the button says it is signing in", || {
            text_of("sign-in-continue") == "Signing in…"
        })
        .await;
        assert_eq!(
            button.get_attribute("aria-disabled").as_deref(),
            Some("true")
        );
        until(
            "signed in, the modal asks for the contact information",
            || path() == "/" && title() == "Contact information required – Partner Portal",
        )
        .await;
    }

    #[wasm_bindgen_test]
    async fn the_title_names_each_page_and_state_of_the_portal() {
        let _installed = Installed::preview();
        {
            let _app = app_at("/");
            until("signed out, the portal sends to sign-in", || {
                path() == "/sign-in" && title() == "Sign in – Partner Portal"
            })
            .await;
        }
        {
            let _app = app_at("/no-such-page");
            until("an unknown address", || {
                title() == "Page not found – Partner Portal"
            })
            .await;
        }

        // Alpin Erlebnis is complete for Sandbox only: blocked in Production.
        let alpin = user("preview-9009", Role::Administrator);
        remember_environment(alpin.id, Environment::Production);
        runtime::sign_in_as(alpin.id);
        {
            let _app = app_at("/configuration/users");
            until("the modal blocks", || {
                exists("blocking-modal-title")
                    && title() == "Contact information required – Partner Portal"
            })
            .await;
            choose("modal-environment", "sandbox");
            until("in Sandbox the page names itself", || {
                title() == "Users – Partner Portal"
            })
            .await;
            let link: HtmlElement = document()
                .query_selector("nav a[href='/help/contact-support']")
                .unwrap()
                .unwrap()
                .unchecked_into();
            link.click();
            until("navigation changes it", || {
                title() == "Contact support – Partner Portal"
            })
            .await;
            choose("header-language", "de");
            until("so does the language", || {
                title() == "Support kontaktieren – Partner-Portal"
            })
            .await;
            let overview: HtmlElement = document()
                .query_selector("nav a[href='/']")
                .unwrap()
                .unwrap()
                .unchecked_into();
            overview.click();
            until("the overview", || title() == "Übersicht – Partner-Portal").await;
        }

        runtime::set_forcing(Forcing::new(ForceKind::Stall, ForceScope::Next));
        {
            let _app = app_at("/");
            until("the session loads", || {
                title() == "Loading – Partner Portal"
            })
            .await;
        }
        runtime::set_forcing(Forcing::new(ForceKind::ServerError, ForceScope::Next));
        {
            let _app = app_at("/");
            until("the session fails", || title() == "Error – Partner Portal").await;
        }
        runtime::set_forcing(Forcing::none());
        if let Ok(Some(storage)) = web_sys::window().unwrap().local_storage() {
            let _ = storage.remove_item(&format!("portal.environment.{}", alpin.id));
        }
    }

    /// Read-only users learn whom to ask: the administrators as a list in the language.
    #[wasm_bindgen_test]
    async fn read_only_users_see_the_administrators_as_a_list_in_their_language() {
        let _installed = Installed::preview();
        let account = runtime::accounts()
            .into_iter()
            .find(|account| account.partner_id == "preview-7007")
            .unwrap();
        let mut administrators: Vec<String> = runtime::members(account.id)
            .into_iter()
            .filter(|user| user.role == Role::Administrator)
            .map(|user| user.name)
            .collect();
        assert!(administrators.len() >= 3, "{administrators:?}");
        let reader = user("preview-7007", Role::ReadOnly);
        runtime::sign_in_as(reader.id);
        web_sys::window()
            .unwrap()
            .local_storage()
            .unwrap()
            .unwrap()
            .set_item("portal.locale", "de")
            .unwrap();
        let _app = app_at("/configuration/contact-information");
        until("the read-only notice", || exists("contact-form-read-only")).await;
        let notice = text_of("contact-form-read-only");
        let last = administrators.pop().unwrap();
        let expected = format!("{} und {last}", administrators.join(", "));
        assert!(
            notice.ends_with(&expected),
            "{notice:?} ends with {expected:?}"
        );
    }
}
