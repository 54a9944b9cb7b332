//! [`ApiResource`]: a `LocalResource` of an API answer whose async machinery exists once in
//! the wasm.
//!
//! A `LocalResource` compiles its loading (an `AsyncDerived`, its futures and their
//! polling) once per fetcher, ~3–4 KB raw each. Every `ApiResource` holds the same
//! `LocalResource` type, loaded by the same boxed fetcher, with the answer behind an
//! `Rc<dyn Any>`; only reading it back as `T` is per type. Call sites keep typed data and
//! `LocalResource`'s methods (`get`, `get_untracked`, `with`, `set`, `track`, `refetch`).

use super::ApiError;
use leptos::prelude::*;
use std::any::Any;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::rc::Rc;

/// An answer as every `ApiResource` stores it.
type Stored = Result<Rc<dyn Any>, ApiError>;
type Fetch = Box<dyn Fn() -> Pin<Box<dyn Future<Output = Stored>>>>;

/// A `LocalResource<Result<T, ApiError>>` (see the module's documentation).
pub struct ApiResource<T> {
    stored: LocalResource<Stored>,
    answer: PhantomData<fn() -> T>,
}

impl<T> Clone for ApiResource<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for ApiResource<T> {}

/// The one fetcher type: signals read by `fetch` are tracked as with `LocalResource::new`.
fn stored_resource(fetch: Fetch) -> LocalResource<Stored> {
    LocalResource::new(fetch)
}

/// What `stored` holds as `T`; only a `T` is ever stored in an `ApiResource<T>`.
fn typed<T: Clone + 'static>(stored: &Stored) -> Option<Result<T, ApiError>> {
    match stored {
        Ok(value) => value.downcast_ref::<T>().cloned().map(Ok),
        Err(error) => Some(Err(error.clone())),
    }
}

fn erased<T: 'static>(answer: Result<T, ApiError>) -> Stored {
    answer.map(|value| Rc::new(value) as Rc<dyn Any>)
}

impl<T: Clone + 'static> ApiResource<T> {
    /// Loads with `fetch` now and whenever a signal it reads changes (or on [`Self::refetch`]).
    pub fn new<Fut>(fetch: impl Fn() -> Fut + 'static) -> Self
    where
        Fut: Future<Output = Result<T, ApiError>> + 'static,
    {
        let fetch: Fetch = Box::new(move || {
            let answer = fetch();
            Box::pin(async move { erased(answer.await) })
        });
        Self {
            stored: stored_resource(fetch),
            answer: PhantomData,
        }
    }

    /// The answer (`None` while the first is loading), tracked.
    pub fn get(&self) -> Option<Result<T, ApiError>> {
        self.stored.with(|stored| stored.as_ref().and_then(typed))
    }

    pub fn get_untracked(&self) -> Option<Result<T, ApiError>> {
        self.stored
            .with_untracked(|stored| stored.as_ref().and_then(typed))
    }

    /// `f` of the answer, tracked.
    pub fn with<U>(&self, f: impl FnOnce(&Option<Result<T, ApiError>>) -> U) -> U {
        f(&self.get())
    }

    /// Replaces the answer (e.g. by what a save answered) without loading.
    pub fn set(&self, answer: Option<Result<T, ApiError>>) {
        self.stored.set(answer.map(erased));
    }

    /// Subscribes the running effect to the answer.
    pub fn track(&self) {
        self.stored.track();
    }

    /// Loads again.
    pub fn refetch(&self) {
        self.stored.refetch();
    }
}
