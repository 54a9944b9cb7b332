//! "Restore what you typed on …?": offers a form's stored draft back, with Restore and
//! Discard. The form decides what each does; focus then moves to `next_focus` (the
//! offer's buttons are gone), so keyboard users keep their place.

use crate::dom;
use crate::i18n::{msg, use_i18n};
use leptos::prelude::*;

/// `saved_at` (RFC 3339) says when the draft was typed; the offer shows while it is `Some`.
#[component]
pub fn DraftOffer(
    id: &'static str,
    #[prop(into)] saved_at: Signal<Option<String>>,
    on_restore: Callback<()>,
    on_discard: Callback<()>,
    next_focus: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let text_id = format!("{id}-text");
    let choose = move |action: Callback<()>| {
        move |_| {
            action.run(());
            dom::focus_after_render(next_focus);
        }
    };
    move || {
        saved_at.get().map(|saved_at| {
            let text = move || {
                i18n.t_with(
                    msg::DRAFT_OFFER,
                    &[("date", i18n.date_time(&saved_at).into())],
                )
            };
            view! {
                <div
                    class="notice notice-info draft-offer"
                    id=id
                    role="group"
                    tabindex="-1"
                    aria-labelledby=text_id.clone()
                >
                    <p id=text_id.clone()>{text}</p>
                    <button type="button" class="button" id=format!("{id}-restore") on:click=choose(on_restore)>
                        {i18n.tr(msg::DRAFT_RESTORE)}
                    </button>
                    " "
                    <button type="button" class="button" id=format!("{id}-discard") on:click=choose(on_discard)>
                        {i18n.tr(msg::DRAFT_DISCARD)}
                    </button>
                </div>
            }
        })
    }
}
