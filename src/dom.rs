//! Small DOM and browser helpers shared by widgets, features and the shell: finding and
//! focusing elements, reading `<meta>` configuration, and random ids.

use js_sys::{Function, Reflect};
use leptos::prelude::request_animation_frame;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{Document, Element, HtmlElement};

pub fn document() -> Option<Document> {
    web_sys::window()?.document()
}

pub fn element_by_id(id: &str) -> Option<Element> {
    document()?.get_element_by_id(id)
}

pub fn active_element() -> Option<Element> {
    document()?.active_element()
}

/// Focuses the element with this id, if it exists and can take focus.
pub fn focus_by_id(id: &str) {
    if let Some(element) =
        element_by_id(id).and_then(|element| element.dyn_into::<HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}

/// Focuses the element with this id on the next animation frame: by then the view that
/// shows it (an error summary, a notice, the page behind a closing modal) is rendered.
pub fn focus_after_render(id: impl Into<String>) {
    let id = id.into();
    request_animation_frame(move || focus_by_id(&id));
}

/// Focuses the element with this id on the next animation frame, or `fallback` if by then
/// it is gone (a removed row's button).
pub fn focus_after_render_or(id: String, fallback: &'static str) {
    request_animation_frame(move || {
        let target = if element_by_id(&id).is_some() {
            id.as_str()
        } else {
            fallback
        };
        focus_by_id(target);
    });
}

/// Calls `f` once, when `element` first comes within `margin` (an `IntersectionObserver`
/// `rootMargin`, e.g. `"0px 0px 50% 0px"`) of the viewport; at once if it already is. Not
/// at all where the browser has no `IntersectionObserver`. Nothing to clean up: the
/// observer lets go of `element` once `f` ran, and a removed element, its observer and
/// `f` are garbage together (wasm-bindgen drops a closure whose function JS collected).
pub fn when_near_view(element: &Element, margin: &str, f: impl FnOnce() + 'static) {
    let mut f = Some(f);
    let callback = Closure::<dyn FnMut(js_sys::Array, web_sys::IntersectionObserver)>::new(
        move |entries: js_sys::Array, observer: web_sys::IntersectionObserver| {
            let near = entries.iter().any(|entry| {
                entry
                    .unchecked_into::<web_sys::IntersectionObserverEntry>()
                    .is_intersecting()
            });
            if near {
                observer.disconnect();
                if let Some(f) = f.take() {
                    f();
                }
            }
        },
    )
    .into_js_value();
    let options = web_sys::IntersectionObserverInit::new();
    options.set_root_margin(margin);
    if let Ok(observer) =
        web_sys::IntersectionObserver::new_with_options(callback.unchecked_ref(), &options)
    {
        observer.observe(element);
    }
}

/// Reads `name` from the URL fragment (`#name=value&…`) and then removes the fragment from
/// the address bar and the history entry, so a secret in it is neither bookmarked, shared
/// nor left behind. Fragments never reach a server, so secrets in them stay out of logs.
pub fn take_fragment_param(name: &str) -> Option<String> {
    let window = web_sys::window()?;
    let location = window.location();
    let fragment = location.hash().ok()?;
    let value = web_sys::UrlSearchParams::new_with_str(fragment.trim_start_matches('#'))
        .ok()?
        .get(name);
    if let (Ok(history), Ok(path), Ok(query)) =
        (window.history(), location.pathname(), location.search())
    {
        let _ = history.replace_state_with_url(
            &wasm_bindgen::JsValue::NULL,
            "",
            Some(&format!("{path}{query}")),
        );
    }
    value.filter(|value| !value.is_empty())
}

/// The `content` of `<meta name="…">` in index.html, where deployment settings live.
pub fn meta_content(name: &str) -> Option<String> {
    document()?
        .query_selector(&format!("meta[name='{name}']"))
        .ok()
        .flatten()?
        .get_attribute("content")
}

/// A random id for idempotent requests.
pub fn random_id() -> String {
    let from_crypto = Reflect::get(&js_sys::global(), &"crypto".into())
        .ok()
        .and_then(|crypto| {
            let function = Reflect::get(&crypto, &"randomUUID".into())
                .ok()?
                .dyn_into::<Function>()
                .ok()?;
            function.call0(&crypto).ok()?.as_string()
        });
    // Without crypto.randomUUID (old browsers, insecure origins) time plus Math.random is
    // still unique enough for one user's retries. Their bits, not their decimals: formatting
    // an `f64` would bring Rust's float formatting into the wasm for this alone.
    from_crypto.unwrap_or_else(|| {
        format!(
            "{}-{}",
            js_sys::Date::now().to_bits(),
            js_sys::Math::random().to_bits()
        )
    })
}
