//! The designer preview's backend. Compiled into the SPA only for its preview build
//! (cargo feature `preview`), it answers every `/api/v1` request of the SPA in the browser,
//! so `trunk serve` alone runs the whole portal. It is pure data in, data out: no I/O, no
//! web APIs; the SPA passes requests in and turns the answers into `fetch` responses.
//!
//! | module | what |
//! |---|---|
//! | [`backend`] | [`Backend::handle`]: the routes, with the real server's semantics, and the forced answers |
//! | [`http`] | a request and its answer as data; the cookie jar |
//! | [`state`] | everything the backend knows ([`State`]), and its stored form ([`state::Saved`]) |
//! | [`fixtures`] | the server's demo seed, and the accounts that cover the product |
//! | [`force`] | the answers a designer can force (slow, offline, 500, 412, 429, 422, 409) |
//! | [`error`] | the server's problem documents |
//! | [`limits`] | the business rate limits on support cases and invitations |
//! | [`time`] | RFC 3339 timestamps |

pub mod backend;
pub mod error;
pub mod fixtures;
pub mod force;
pub mod http;
pub mod limits;
pub mod state;
pub mod time;

pub use backend::{Answer, Backend, Host, Outcome};
pub use force::{ForceKind, ForceScope, Forcing};
pub use http::{CookieJar, PreviewRequest, PreviewResponse};
pub use state::State;
