//! [`local_action`]: the forms' and dialogs' `Action<(), ()>`, whose machinery exists once
//! in the wasm.
//!
//! `Action::new_local` compiles its dispatching and spawning once per closure it is given.
//! Every action made here hands it the same boxed closure type, so only the small boxing of
//! each caller's future is per call site.

use crate::api::ApiError;
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

/// A request whose answer the view shows (sign-in, the account switch): a [`local_action`]
/// and the last answer, kept in two signals of types the wasm has anyway. An
/// `Action<I, Result<O, ApiError>>` would compile its machinery once more for each input
/// and output type (~3 KB raw each, `cargo xtask size`).
#[derive(Clone, Copy)]
pub struct RequestAction {
    action: Action<(), ()>,
    succeeded: RwSignal<bool>,
    failure: RwSignal<Option<ApiError>>,
}

impl RequestAction {
    /// Runs `run` on every dispatch: like [`local_action`]'s, it reads its input when
    /// called, and its future answers the request's outcome.
    pub fn new<Fut>(run: impl Fn() -> Fut + 'static) -> Self
    where
        Fut: Future<Output = Result<(), ApiError>> + 'static,
    {
        let succeeded = RwSignal::new(false);
        let failure = RwSignal::new(None);
        let action = local_action(move || {
            let answer = run();
            async move { Self::record(succeeded, failure, answer.await) }
        });
        Self {
            action,
            succeeded,
            failure,
        }
    }

    fn record(
        succeeded: RwSignal<bool>,
        failure: RwSignal<Option<ApiError>>,
        answer: Result<(), ApiError>,
    ) {
        succeeded.set(answer.is_ok());
        failure.set(answer.err());
    }

    pub fn dispatch(&self) {
        self.action.dispatch(());
    }

    pub fn pending(&self) -> Memo<bool> {
        self.action.pending()
    }

    /// Whether the last request succeeded (tracked).
    pub fn succeeded(&self) -> bool {
        self.succeeded.get()
    }

    /// Why the last request failed (tracked); `None` before the first answer and after a
    /// success.
    pub fn failure(&self) -> Option<ApiError> {
        self.failure.get()
    }
}
