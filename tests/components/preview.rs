//! The designer preview's transport (preview build only). Installed, it answers the API
//! client's requests with the in-browser preview backend as real `fetch` responses, so the
//! client (`read_json`, `expect_success`) and everything above it run unchanged; every
//! other component test keeps `fetch`, since nothing installs it but this test.

use partner_portal::api::{self, ApiError, transport};
use partner_portal::preview::runtime;
use portal_preview::{ForceKind, ForceScope, Forcing};
use portal_rules::ErrorCode;
use portal_rules::api::SaveContactInfo;
use portal_rules::model::Environment;
use wasm_bindgen_test::*;

/// The preview backend (fresh fixtures, signed out) as the transport; puts `fetch` back
/// however the test ends.
pub struct Installed;

impl Installed {
    pub fn preview() -> Self {
        runtime::init(true, Forcing::none());
        transport::install(std::rc::Rc::new(runtime::transport));
        Self
    }
}

impl Drop for Installed {
    fn drop(&mut self) {
        transport::uninstall();
    }
}

#[wasm_bindgen_test]
async fn the_preview_backend_answers_the_real_client() {
    let _installed = Installed::preview();
    assert_eq!(
        api::session().await,
        Ok(None),
        "signed out: an answer, not an error"
    );
    assert!(
        api::contact_info().await.unwrap_err().is_unauthenticated(),
        "elsewhere the server's 401 problem"
    );
    let anna = runtime::find_user("demo-1001", "admin@demo.example").unwrap();
    runtime::sign_in_as(anna.id);
    let session = api::session().await.unwrap().expect("signed in");
    assert_eq!(
        (session.user.name.as_str(), session.account.name.as_str()),
        ("Anna Admin", "Demo Partner GmbH")
    );
    let info = api::contact_info().await.unwrap();
    assert_eq!(info.version, 0);

    // A stale save: 412 with the current data, as the form needs it.
    let save = SaveContactInfo {
        environment: Environment::Sandbox,
        contact: info.contact.clone(),
    };
    let Err(ApiError::Problem(problem)) = api::save_contact_info(5, &save).await else {
        panic!("a stale save is refused");
    };
    assert_eq!(problem.code, ErrorCode::PreconditionFailed);
    assert_eq!(problem.current.map(|current| current.version), Some(0));
    // Current but incomplete: 422 with the rules' field errors.
    let Err(ApiError::Problem(problem)) = api::save_contact_info(0, &save).await else {
        panic!("an empty save is refused");
    };
    assert_eq!(problem.code, ErrorCode::ValidationFailed);
    assert!(!problem.errors.is_empty());

    // A forced network failure is the client's `Network`, once.
    runtime::set_forcing(Forcing::new(ForceKind::Network, ForceScope::Next));
    assert_eq!(api::users().await.unwrap_err(), ApiError::Network);
    assert_eq!(api::users().await.unwrap().users.len(), 3);

    // 204 without a body; the cookie is gone with it.
    api::sign_out().await.unwrap();
    assert_eq!(api::session().await, Ok(None));
}

/// The preview has no server to stream from: with its transport installed, the live feed
/// opens no `EventSource` (no failed connection in the console).
#[wasm_bindgen_test]
fn the_preview_opens_no_event_stream() {
    let _installed = Installed::preview();
    assert!(api::live_events(|_| {}).is_none());
}
