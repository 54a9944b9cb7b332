//! A modal dialog following the WAI-ARIA APG dialog and alert-dialog patterns: labelled by
//! its title, focus moved in on open and trapped inside. Without `on_escape` it cannot be
//! dismissed (the blocking modal): Escape and backdrop clicks do nothing, and the page
//! behind is made `inert` by its owner. Confirmations pass `on_escape` to cancel.

use crate::dom::{active_element, element_by_id};
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, KeyboardEvent};

const FOCUSABLE: &str = "a[href], button:not([disabled]), input:not([disabled]), \
     select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex=\"-1\"])";

/// The elements inside `container` that Tab can reach, in document order.
pub fn focusable_elements(container: &web_sys::Element) -> Vec<HtmlElement> {
    let Ok(nodes) = container.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
    (0..nodes.length())
        .filter_map(|index| nodes.item(index))
        .filter_map(|node| node.dyn_into::<HtmlElement>().ok())
        // Hidden elements (e.g. inactive tab panels) have no layout boxes.
        .filter(|element| element.get_client_rects().length() > 0)
        .collect()
}

/// Keeps Tab and Shift+Tab cycling inside `container`.
fn trap_tab(event: &KeyboardEvent, container: &web_sys::Element) {
    let focusable = focusable_elements(container);
    let (Some(first), Some(last)) = (focusable.first(), focusable.last()) else {
        event.prevent_default();
        return;
    };
    let active = active_element();
    let inside = active
        .as_ref()
        .is_some_and(|element| container.contains(Some(element)));
    let at = |target: &HtmlElement| {
        active
            .as_ref()
            .is_some_and(|element| element == target.unchecked_ref::<web_sys::Element>())
    };
    if event.shift_key() && (!inside || at(first)) {
        event.prevent_default();
        let _ = last.focus();
    } else if !event.shift_key() && (!inside || at(last)) {
        event.prevent_default();
        let _ = first.focus();
    }
}

/// Focuses `initial_focus` (or the first focusable element) in `container` on the first
/// animation frame in which the container is connected, trying for up to `frames` frames.
fn focus_when_connected(
    container: web_sys::Element,
    initial_focus: Option<&'static str>,
    frames: u32,
) {
    request_animation_frame(move || {
        if !container.is_connected() {
            if frames > 0 {
                focus_when_connected(container, initial_focus, frames - 1);
            }
            return;
        }
        let target = initial_focus
            .and_then(element_by_id)
            .and_then(|element| element.dyn_into::<HtmlElement>().ok())
            .or_else(|| focusable_elements(&container).into_iter().next());
        if let Some(target) = target {
            let _ = target.focus();
            mark_focused();
        }
    });
}

/// A User Timing mark when a dialog's first field takes focus: the moment the blocking
/// modal becomes usable, which `cargo xtask bench` (Lighthouse) reports.
fn mark_focused() {
    if let Some(performance) = web_sys::window().and_then(|window| window.performance()) {
        let _ = performance.mark(DIALOG_FOCUSED_MARK);
    }
}

/// The name of that mark.
pub const DIALOG_FOCUSED_MARK: &str = "portal:dialog-focused";

/// A modal dialog. `initial_focus` is the id of the element to focus when it opens (else
/// the first focusable element).
#[component]
pub fn ModalDialog(
    /// Id of the element that names the dialog.
    labelled_by: &'static str,
    /// Id of the element that describes the dialog.
    #[prop(optional)]
    described_by: Option<&'static str>,
    #[prop(optional)] initial_focus: Option<&'static str>,
    /// `alertdialog` for confirmations, `dialog` otherwise.
    #[prop(default = "dialog")]
    role: &'static str,
    /// What Escape does; `None` for a dialog that cannot be dismissed.
    #[prop(optional)]
    on_escape: Option<Callback<()>>,
    #[prop(optional, into)] class: String,
    children: Children,
) -> impl IntoView {
    let dialog = NodeRef::<html::Div>::new();

    // Move focus in once the dialog is in the document: inside <Suspense> it may be built
    // detached and attached only when pending resources resolve.
    dialog.on_load(move |element| focus_when_connected(element.into(), initial_focus, 600));

    // Handled keys stop here, so a dialog opened inside another one (a confirmation inside
    // the blocking modal) is not trapped a second time by its parent.
    let on_keydown = move |event: KeyboardEvent| match event.key().as_str() {
        "Escape" => {
            event.prevent_default();
            event.stop_propagation();
            if let Some(on_escape) = on_escape {
                on_escape.run(());
            }
        }
        "Tab" => {
            event.stop_propagation();
            if let Some(container) = dialog.get_untracked() {
                trap_tab(&event, &container);
            }
        }
        _ => {}
    };

    view! {
        <div class="modal-backdrop">
            <div
                node_ref=dialog
                class=format!("modal {class}")
                role=role
                aria-modal="true"
                aria-labelledby=labelled_by
                aria-describedby=described_by
                on:keydown=on_keydown
            >
                {children()}
            </div>
        </div>
    }
}
