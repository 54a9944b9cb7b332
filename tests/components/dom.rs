//! Work that waits until an element comes near the viewport (`dom::when_near_view`, which
//! the support hours editor uses to ask `Intl` ahead of a first row) runs then, and once.

use crate::support::{animation_frame, by_id, mount, until};
use leptos::prelude::*;
use partner_portal::dom;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen_test::*;

#[wasm_bindgen_test]
async fn work_waits_until_the_element_comes_near_the_viewport_and_runs_once() {
    let _mounted = mount(|| {
        view! {
            <div id="near-sample">
                <div style="height: 400vh"></div>
                <p id="near-target">"Far below"</p>
            </div>
        }
    });
    let runs = Rc::new(Cell::new(0));
    let counted = Rc::clone(&runs);
    dom::when_near_view(&by_id("near-target"), "0px 0px 50% 0px", move || {
        counted.set(counted.get() + 1);
    });
    // The observer reports the element's first state within a frame or two.
    for _ in 0..6 {
        animation_frame().await;
    }
    assert_eq!(runs.get(), 0, "ran for an element four screens below");

    by_id("near-target").scroll_into_view();
    until("the work ran with the element in view", || runs.get() == 1).await;

    // Out of view and back: not again.
    let window = web_sys::window().unwrap();
    window.scroll_to_with_x_and_y(0.0, 0.0);
    for _ in 0..3 {
        animation_frame().await;
    }
    by_id("near-target").scroll_into_view();
    for _ in 0..6 {
        animation_frame().await;
    }
    assert_eq!(runs.get(), 1, "ran again");
    window.scroll_to_with_x_and_y(0.0, 0.0);
}
