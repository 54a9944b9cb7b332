//! Shared helpers: mounting with the contexts a component needs, finding and driving
//! elements, and waiting for the reactive system and the browser to catch up.

use leptos::prelude::*;
use partner_portal::i18n::{I18n, Locale};
use partner_portal::state::{Announcer, Portal};
use portal_rules::api::{Completeness, ContactInfoResponse, SessionInfo};
use portal_rules::contact::ContactInfo;
use portal_rules::model::{Account, IntegrationType, Role, User, UserStatus};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlElement, KeyboardEvent, KeyboardEventInit};

/// How long [`until`] waits for a condition before the test fails.
const TIMEOUT_MS: f64 = 5_000.0;

pub fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Mounts a view into a fresh container, in English; the handle unmounts it on drop.
pub fn mount<V: IntoView + 'static>(view: impl FnOnce() -> V + 'static) -> Mounted<V::State> {
    let container: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&container).unwrap();
    let owner = Owner::new();
    let handle = owner.with(|| {
        leptos::mount::mount_to(container.clone(), move || {
            provide_context(I18n::new(Locale::En));
            view()
        })
    });
    Mounted {
        handle: Some(handle),
        owner,
        container,
    }
}

/// A view mounted by [`mount`]. Dropping it unmounts the view and disposes of its whole
/// reactive tree: unmounting alone leaves listeners running (a `<Router>`'s on the
/// window), which would act on the tests that follow.
pub struct Mounted<S: leptos::tachys::view::Mountable> {
    handle: Option<leptos::mount::UnmountHandle<S>>,
    owner: Owner,
    /// Removed too, so whatever a view added later cannot outlive its test.
    container: HtmlElement,
}

impl<S: leptos::tachys::view::Mountable> Drop for Mounted<S> {
    fn drop(&mut self) {
        self.handle.take();
        self.owner.cleanup();
        self.container.remove();
    }
}

/// Mounts a view inside the signed-in portal of Rita (see [`session`]) with `role`.
pub fn with_portal<V: IntoView + 'static>(
    role: Role,
    view: impl FnOnce() -> V + 'static,
) -> Mounted<V::State> {
    mount(move || {
        provide_context(Announcer::new());
        provide_context(Portal::new(session(role)));
        view()
    })
}

/// A signed-in session of Rita (id 7) in the demo account, whose administrator is Anna.
pub fn session(role: Role) -> SessionInfo {
    SessionInfo {
        user: User {
            id: 7,
            name: "Rita Reader".into(),
            email: "rita@demo.example".into(),
            role,
            status: UserStatus::Active,
            last_sign_in_at: None,
            version: 1,
        },
        account: Account {
            id: 1,
            partner_id: "demo-1001".into(),
            name: "Demo".into(),
            integration: IntegrationType::ThingsToDo,
            production_enabled: true,
            uses_merchant_contact: true,
        },
        administrators: vec!["Anna Admin".into()],
        account_count: 1,
        account_chosen: true,
    }
}

pub async fn animation_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .request_animation_frame(&resolve)
            .unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

/// Waits until `condition` holds. It is checked after each tick of the async executor
/// (which runs reactive effects) and each animation frame (in which focus moves), for at
/// most [`TIMEOUT_MS`]; `what` says in the failure what never happened.
pub async fn until(what: &str, condition: impl Fn() -> bool) {
    let started = js_sys::Date::now();
    loop {
        leptos::task::tick().await;
        if condition() {
            return;
        }
        assert!(
            js_sys::Date::now() - started < TIMEOUT_MS,
            "timed out waiting until {what}"
        );
        animation_frame().await;
    }
}

pub fn exists(id: &str) -> bool {
    document().get_element_by_id(id).is_some()
}

pub fn by_id(id: &str) -> HtmlElement {
    document()
        .get_element_by_id(id)
        .unwrap_or_else(|| panic!("no #{id}"))
        .unchecked_into()
}

pub fn text_of(id: &str) -> String {
    document()
        .get_element_by_id(id)
        .and_then(|element| element.text_content())
        .unwrap_or_default()
}

pub fn active_id() -> String {
    document()
        .active_element()
        .map(|element| element.id())
        .unwrap_or_default()
}

/// Dispatches a bubbling event of `kind` (input, blur, change, …).
pub fn fire(element: &web_sys::Element, kind: &str) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    element
        .dispatch_event(&web_sys::Event::new_with_event_init_dict(kind, &init).unwrap())
        .unwrap();
}

/// Submits the form matching `selector`.
pub fn submit(selector: &str) {
    fire(
        &document().query_selector(selector).unwrap().unwrap(),
        "submit",
    );
}

/// Dispatches a keydown on the focused element; true when a handler prevented the default.
pub fn press(key: &str, shift: bool) -> bool {
    let init = KeyboardEventInit::new();
    init.set_key(key);
    init.set_shift_key(shift);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let event = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    let target = document().active_element().unwrap();
    target.dispatch_event(&event).unwrap();
    event.default_prevented()
}

/// Whether the input is marked invalid and its error is shown, tied to it.
pub fn shows_error(input_id: &str) -> bool {
    let input = by_id(input_id);
    let error_id = format!("{input_id}-error");
    input.get_attribute("aria-invalid").as_deref() == Some("true")
        && input.get_attribute("aria-describedby").as_deref() == Some(error_id.as_str())
        && exists(&error_id)
}

/// The input is marked invalid and described by its error, which says `expected`.
pub fn assert_field_error(input_id: &str, expected: &str) {
    let input = by_id(input_id);
    let error_id = format!("{input_id}-error");
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(
        input.get_attribute("aria-describedby").as_deref(),
        Some(error_id.as_str())
    );
    let text = by_id(&error_id).text_content().unwrap_or_default();
    assert!(text.contains(expected), "{input_id}: {text:?}");
}

/// The preview backend answers the API client for the length of a test.
#[cfg(feature = "preview")]
pub struct PreviewBackend;

#[cfg(feature = "preview")]
impl PreviewBackend {
    pub fn signed_in_as(partner_id: &str, email: &str) -> Self {
        use partner_portal::preview::runtime;
        runtime::init(true, portal_preview::Forcing::none());
        partner_portal::api::transport::install(std::rc::Rc::new(runtime::transport));
        let user = runtime::find_user(partner_id, email).expect("a fixture user");
        runtime::sign_in_as(user.id);
        Self
    }
}

#[cfg(feature = "preview")]
impl Drop for PreviewBackend {
    fn drop(&mut self) {
        partner_portal::api::transport::uninstall();
    }
}

/// Contact information as the server answers it: `version`, these technical emergency
/// addresses and nothing else.
pub fn contact_info_response(version: i64, technical: &[&str]) -> ContactInfoResponse {
    ContactInfoResponse {
        version,
        contact: ContactInfo {
            technical_emergency: technical.iter().map(|a| (*a).to_owned()).collect(),
            ..ContactInfo::default()
        },
        completeness: Completeness::default(),
        updated_at: None,
        updated_by: None,
        confirmed_at: None,
        review_due: false,
        verifications: Vec::new(),
    }
}
