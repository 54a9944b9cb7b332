//! Deferred content is built after the first paint, in its place in the document.

use crate::support::{by_id, document, exists, mount, until};
use leptos::prelude::*;
use partner_portal::ui::deferred::Deferred;
use wasm_bindgen_test::*;

#[wasm_bindgen_test]
async fn deferred_content_comes_after_the_first_paint_in_its_place() {
    let _mounted = mount(|| {
        view! {
            <div id="deferred-sample">
                <input id="deferred-before" />
                <Deferred>
                    <input id="deferred-inside" />
                </Deferred>
                <input id="deferred-after" />
            </div>
        }
    });
    assert!(exists("deferred-before") && exists("deferred-after"));
    assert!(
        !exists("deferred-inside"),
        "built with the rest, not after it"
    );
    until("the deferred content is built", || {
        exists("deferred-inside")
    })
    .await;
    // Document order, which is reading and Tab order, is as written.
    let order: Vec<String> = {
        let inputs = document()
            .query_selector_all("#deferred-sample input")
            .unwrap();
        (0..inputs.length())
            .filter_map(|index| inputs.item(index))
            .filter_map(|node| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(node).ok())
            .map(|element| element.id())
            .collect()
    };
    assert_eq!(
        order,
        ["deferred-before", "deferred-inside", "deferred-after"]
    );
    assert_eq!(by_id("deferred-inside").tag_name(), "INPUT");
}
