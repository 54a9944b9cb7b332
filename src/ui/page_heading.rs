//! The page's `<h1>`.

use crate::i18n::{MsgId, use_i18n};
use leptos::prelude::*;

/// Focusable from script (not by Tab) so focus can land on it after the blocking modal
/// closes.
#[component]
pub fn PageHeading(message_id: MsgId) -> impl IntoView {
    let i18n = use_i18n();
    view! { <h1 id="page-heading" tabindex="-1">{i18n.tr(message_id)}</h1> }
}
