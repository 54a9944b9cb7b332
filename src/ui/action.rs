//! [`local_action`]: the forms' and dialogs' `Action<(), ()>`, whose machinery exists once
//! in the wasm.
//!
//! `Action::new_local` compiles its dispatching and spawning once per closure it is given.
//! Every action made here hands it the same boxed closure type, so only the small boxing of
//! each caller's future is per call site.

use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;

type Run = Box<dyn Fn() -> Pin<Box<dyn Future<Output = ()>>>>;

/// An action that runs `run` on every dispatch. `run` reads what it sends when called (its
/// synchronous part), then answers the future that sends it.
pub fn local_action<Fut>(run: impl Fn() -> Fut + 'static) -> Action<(), ()>
where
    Fut: Future<Output = ()> + 'static,
{
    erased(Box::new(move || Box::pin(run())))
}

fn erased(run: Run) -> Action<(), ()> {
    Action::new_local(move |(): &()| run())
}
