//! The form that opens a support case, checked with the shared rule. What is typed is
//! kept as a draft in browser storage until the case is opened or the draft discarded.

use crate::api;
use crate::dom;
use crate::i18n::{environment_id, msg, support_category_id, use_i18n};
use crate::state::{use_announcer, use_portal};
use crate::storage::{Draft, DraftForm, DraftStore};
use crate::ui::action::local_action;
use crate::ui::draft_offer::DraftOffer;
use crate::ui::error_summary::ErrorSummary;
use crate::ui::form::{
    FieldErrorMessage, FormErrors, FormField, FormSpec, SubmitButton, TextField,
};
use crate::ui::status::FailureNotice;
use leptos::prelude::*;
use portal_rules::model::Environment;
use portal_rules::support::{
    self, MAX_DESCRIPTION_CHARS, MAX_SUBJECT_CHARS, NewSupportCase, SupportCase, SupportCategory,
    field,
};

const FORM: FormSpec = FormSpec {
    summary_id: "support-summary",
    failure_id: "support-failure",
    fields: &[
        FormField {
            rule: field::SUBJECT,
            input_id: "support-subject",
            label: msg::SUPPORT_SUBJECT_LABEL,
        },
        FormField {
            rule: field::DESCRIPTION,
            input_id: "support-description",
            label: msg::SUPPORT_DESCRIPTION_LABEL,
        },
        FormField {
            rule: field::REPLY_TO,
            input_id: "support-reply-to",
            label: msg::SUPPORT_REPLY_TO_LABEL,
        },
        FormField {
            rule: field::CATEGORY,
            input_id: "support-category",
            label: msg::SUPPORT_CATEGORY_LABEL,
        },
    ],
};
const COUNTER_ID: &str = "support-description-counter";
/// The shared rule's limit, so the field stops where the rule does (browsers count UTF-16
/// units, so text outside the Basic Multilingual Plane stops a little earlier).
#[allow(clippy::cast_possible_truncation)] // the assertion checks it fits, at compile time
const SUBJECT_MAXLENGTH: u32 = {
    assert!(MAX_SUBJECT_CHARS <= u32::MAX as usize);
    MAX_SUBJECT_CHARS as u32
};

/// Nothing typed yet (the category, reply address and environment start filled in): no
/// draft to keep.
fn is_blank(case: &NewSupportCase) -> bool {
    case.subject.trim().is_empty() && case.description.trim().is_empty()
}

/// `on_created` is notified when a case was opened.
#[component]
pub fn SupportCaseForm(on_created: Trigger) -> impl IntoView {
    let i18n = use_i18n();
    let portal = use_portal();
    let announcer = use_announcer();
    let category = RwSignal::new(SupportCategory::ContactInformation);
    let subject = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let reply_to = RwSignal::new(
        portal
            .session
            .with_value(|session| session.user.email.clone()),
    );
    let environment = RwSignal::new(Some(portal.environment.get_untracked()));
    // One key per draft: a retried submit of the same draft never opens two cases.
    let idempotency_key = RwSignal::new(dom::random_id());
    let created = RwSignal::new(None::<SupportCase>);

    let store = StoredValue::new(
        portal
            .session
            .with_value(|session| DraftStore::new(DraftForm::SupportCase, session)),
    );
    let offer = RwSignal::new(store.with_value(|store| store.offer(|case| !is_blank(case))));

    let draft = move || NewSupportCase {
        category: category.get(),
        subject: subject.get(),
        description: description.get(),
        reply_to: reply_to.get(),
        environment: environment.get(),
    };
    let errors = FormErrors::new(
        &FORM,
        Memo::new(move |_| support::validate_case(&draft()).err().unwrap_or_default()),
    );

    // Reads what it sends when dispatched: every form's and dialog's action is a
    // `local_action`, whose machinery the wasm holds once.
    let send = local_action(move || {
        let (key, case) = (idempotency_key.get_untracked(), untrack(draft));
        async move {
            match api::create_support_case(&key, &case).await {
                Ok(case) => {
                    announcer.announce(i18n.t_with(
                        msg::SUPPORT_CREATED,
                        &[("reference", case.reference.clone().into())],
                    ));
                    created.set(Some(case));
                    subject.set(String::new());
                    description.set(String::new());
                    store.with_value(DraftStore::clear);
                    errors.reset();
                    idempotency_key.set(dom::random_id());
                    on_created.notify();
                }
                Err(error) => errors.show_failure(error),
            }
        }
    });
    // Kept on every input and choice (they bubble to the form after the field took them).
    let remember = move || {
        let typed = untrack(draft);
        store.with_value(|store| store.keep(&typed, is_blank(&typed)));
    };
    let restore = Callback::new(move |()| {
        if let Some(Draft { value, .. }) = offer.get_untracked() {
            category.set(value.category);
            subject.set(value.subject);
            description.set(value.description);
            reply_to.set(value.reply_to);
            environment.set(value.environment);
            offer.set(None);
        }
    });
    let discard = Callback::new(move |()| {
        offer.set(None);
        remember();
    });
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if errors.start_submit(send.pending().get_untracked()) {
            send.dispatch(());
        }
    };

    let created_notice = move || {
        created.get().map(|case| {
            view! {
                <p class="notice notice-success" id="support-created">
                    {move || {
                        i18n.t_with(
                            msg::SUPPORT_CREATED,
                            &[("reference", case.reference.clone().into())],
                        )
                    }}
                </p>
            }
        })
    };
    let counter = move || {
        let count = description.with(|text| text.trim().chars().count());
        i18n.t_with(
            msg::SUPPORT_DESCRIPTION_COUNTER,
            &[
                ("count", count.into()),
                ("max", MAX_DESCRIPTION_CHARS.into()),
            ],
        )
    };
    let category_options = SupportCategory::ALL
        .into_iter()
        .map(|option| {
            view! {
                <option value=option.as_str() prop:selected=move || category.get() == option>
                    {i18n.tr(support_category_id(option))}
                </option>
            }
        })
        .collect_view();
    let environment_options = Environment::ALL
        .into_iter()
        .map(|option| {
        view! {
            <option value=option.as_str() prop:selected=move || environment.get() == Some(option)>
                {i18n.tr(environment_id(option))}
            </option>
        }
    })
        .collect_view();

    view! {
        <form
            class="support-form"
            novalidate
            on:submit=on_submit
            on:input=move |_| remember()
            on:change=move |_| remember()
            aria-labelledby="support-form-heading"
        >
            <h3 id="support-form-heading" class="subsection-heading">
                {i18n.tr(msg::SUPPORT_FORM_HEADING)}
            </h3>
            <DraftOffer
                id="support-draft"
                saved_at=Signal::derive(move || {
                    offer.with(|offer| offer.as_ref().map(|draft| draft.saved_at.clone()))
                })
                on_restore=restore
                on_discard=discard
                next_focus="support-subject"
            />
            {move || created_notice()}
            <FailureNotice id=FORM.failure_id failure=errors.failure() />
            <ErrorSummary id=FORM.summary_id items=errors.summary_items() />
            <div class="form-field">
                <label for="support-category">{i18n.tr(msg::SUPPORT_CATEGORY_LABEL)}</label>
                <select
                    id="support-category"
                    on:change:target=move |event| {
                        if let Some(value) = SupportCategory::parse(&event.target().value()) {
                            category.set(value);
                        }
                    }
                >
                    {category_options}
                </select>
            </div>
            <TextField errors field=field::SUBJECT value=subject maxlength=SUBJECT_MAXLENGTH />
            <div class="form-field">
                <label for="support-description">{i18n.tr(msg::SUPPORT_DESCRIPTION_LABEL)}</label>
                <textarea
                    id="support-description"
                    rows="6"
                    prop:value=move || description.get()
                    aria-invalid=errors.invalid(field::DESCRIPTION)
                    aria-describedby=errors.described_by(field::DESCRIPTION, Some(COUNTER_ID))
                    on:input:target=move |event| description.set(event.target().value())
                    on:blur=move |_| errors.touch(field::DESCRIPTION)
                ></textarea>
                <p class="hint" id=COUNTER_ID>{move || counter()}</p>
                <FieldErrorMessage errors field=field::DESCRIPTION />
            </div>
            <TextField
                errors
                field=field::REPLY_TO
                value=reply_to
                input_type="email"
                autocomplete="email"
            />
            <div class="form-field">
                <label for="support-environment">{i18n.tr(msg::SUPPORT_ENVIRONMENT_LABEL)}</label>
                <select
                    id="support-environment"
                    on:change:target=move |event| {
                        environment.set(Environment::parse(&event.target().value()));
                    }
                >
                    <option value="" prop:selected=move || environment.get().is_none()>
                        {i18n.tr(msg::SUPPORT_ENVIRONMENT_NONE)}
                    </option>
                    {environment_options}
                </select>
            </div>
            <SubmitButton
                pending=send.pending()
                label=msg::SUPPORT_SUBMIT
                pending_label=msg::SUPPORT_SUBMITTING
            />
        </form>
    }
}
