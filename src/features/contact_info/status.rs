//! Which required contact information is still missing for the active environment.

use crate::i18n::{environment_id, field_help_id, field_label_id, msg, use_i18n};
use crate::state::use_portal;
use leptos::prelude::*;

#[component]
pub fn ContactStatus() -> impl IntoView {
    let i18n = use_i18n();
    let portal = use_portal();
    let missing = move || {
        let environment = portal.environment.get();
        portal
            .contact_info
            .get()
            .and_then(Result::ok)
            .map(|info| info.completeness.missing(environment).to_vec())
            .unwrap_or_default()
    };
    let complete = Memo::new(move |_| missing().is_empty());
    view! {
        <section class="contact-status" aria-labelledby="contact-status-heading">
            <h2 id="contact-status-heading" class="section-heading">
                {move || {
                    let environment = i18n.t(environment_id(portal.environment.get()));
                    i18n.t_with(msg::CONTACT_STATUS_HEADING, &[("environment", environment.into())])
                }}
            </h2>
            // Swapped only when completeness changes (the list inside follows the fields).
            {move || {
                if complete.get() {
                    view! { <p>{i18n.tr(msg::CONTACT_STATUS_COMPLETE)}</p> }.into_any()
                } else {
                    view! {
                        <dl class="field-list">
                            {move || {
                                missing()
                                    .into_iter()
                                    .map(|field| {
                                        view! {
                                            <dt>{i18n.tr(field_label_id(field))}</dt>
                                            <dd>{i18n.tr(field_help_id(field))}</dd>
                                        }
                                    })
                                    .collect_view()
                            }}
                        </dl>
                    }
                    .into_any()
                }
            }}
        </section>
    }
}
