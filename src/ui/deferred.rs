//! Content built after the browser has painted what comes before it. The blocking modal's
//! first render was one task of ~500 ms at 4× CPU throttling (`cargo xtask profile`): a
//! phone showed nothing and took no input until all of it was built. What is below the fold
//! is built in a task of its own after the first paint, in its place in the document, so
//! reading and Tab order are the same as if it had been there from the start. Sibling
//! `Deferred`s each get a task of their own: a long form comes in a few short tasks.

use leptos::prelude::*;
use std::time::Duration;

/// Builds `children` in a later task: after the next animation frame (the paint of what is
/// already there), on a zero timeout, so input can be handled in between.
#[component]
pub fn Deferred(children: Children) -> impl IntoView {
    let ready = RwSignal::new(false);
    request_animation_frame(move || {
        set_timeout(
            move || {
                // Gone before its turn (e.g. the modal closed): nothing to build.
                let _ = ready.try_set(true);
            },
            Duration::ZERO,
        );
    });
    let mut children = Some(children);
    view! { {move || ready.get().then(|| children.take()).flatten().map(|children| children())} }
}
