//! A plain Leptos 0.8 CSR app with the SPA's stack and nothing of its features: a router
//! with one route, a Fluent bundle, a JSON request through gloo-net, and a dialog. `cargo
//! xtask size` builds it like the SPA and prints the SPA's size as a multiple of this one.

use fluent::{FluentBundle, FluentResource};
use gloo_net::http::Request;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use serde::Deserialize;
use unic_langid::langid;

const MESSAGES: &str = "\
title = Contact information
open = Edit
close = Close
signed-in = Signed in as { $name }
signed-out = Not signed in
";

#[derive(Debug, Clone, Deserialize)]
struct Session {
    name: String,
}

fn message(id: &str, name: Option<&str>) -> String {
    let Ok(resource) = FluentResource::try_new(MESSAGES.to_owned()) else {
        return id.to_owned();
    };
    let mut bundle = FluentBundle::new(vec![langid!("en")]);
    bundle.set_use_isolating(false);
    if bundle.add_resource(resource).is_err() {
        return id.to_owned();
    }
    let Some(pattern) = bundle.get_message(id).and_then(|message| message.value()) else {
        return id.to_owned();
    };
    let mut args = fluent::FluentArgs::new();
    if let Some(name) = name {
        args.set("name", name.to_owned());
    }
    let mut errors = Vec::new();
    bundle
        .format_pattern(pattern, Some(&args), &mut errors)
        .into_owned()
}

async fn session() -> Option<Session> {
    let response = Request::get("/api/v1/session").send().await.ok()?;
    if !response.ok() {
        return None;
    }
    response.json().await.ok()
}

#[component]
fn Home() -> impl IntoView {
    let open = RwSignal::new(false);
    let session = LocalResource::new(session);
    let who = move || match session.get().flatten() {
        Some(session) => message("signed-in", Some(&session.name)),
        None => message("signed-out", None),
    };
    view! {
        <main>
            <h1>{message("title", None)}</h1>
            <p>{who}</p>
            <button on:click=move |_| open.set(true)>{message("open", None)}</button>
            <Show when=move || open.get()>
                <div role="dialog" aria-modal="true" aria-labelledby="dialog-title">
                    <h2 id="dialog-title">{message("title", None)}</h2>
                    <button on:click=move |_| open.set(false)>{message("close", None)}</button>
                </div>
            </Show>
        </main>
    }
}

fn main() {
    leptos::mount::mount_to_body(|| {
        view! {
            <Router>
                <Routes fallback=|| "Not found">
                    <Route path=path!("/") view=Home />
                </Routes>
            </Router>
        }
    });
}
