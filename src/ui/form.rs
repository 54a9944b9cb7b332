//! One error model for every form (contact information, invitation, support case). A
//! rule's error shows once its field has been left, or for every field after a submit;
//! errors the server sends show until the next submit. The model also holds the failure of
//! the last request, builds the error summary's entries, and moves focus to the summary or
//! the failure when a submit fails. Fields are named as in the shared rules' `FieldError`s.

use crate::api::ApiError;
use crate::dom;
use crate::i18n::{I18n, MsgId, use_i18n};
use leptos::prelude::*;
use portal_rules::{ErrorCode, FieldError};
use std::collections::HashSet;

/// One field of a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormField {
    /// The shared rules' name: the path of its errors, or their first segment
    /// (`support_hours` for `support_hours.rows[1]`).
    pub rule: &'static str,
    /// The input (or fieldset) that the error summary links to.
    pub input_id: &'static str,
    /// Its label, also used in the error summary.
    pub label: MsgId,
}

/// What a form declares once: where its summary and failure notice are, and its fields.
#[derive(Debug)]
pub struct FormSpec {
    pub summary_id: &'static str,
    pub failure_id: &'static str,
    /// In display order; the first also takes errors on paths the form does not know.
    pub fields: &'static [FormField],
}

/// The field an error path belongs to: `support_hours.rows[1].end` → `support_hours`.
fn rule_of(path: &str) -> &str {
    path.split('.').next().unwrap_or(path)
}

#[derive(Clone, Copy)]
pub struct FormErrors {
    i18n: I18n,
    spec: &'static FormSpec,
    touched: RwSignal<HashSet<&'static str>>,
    submitted: RwSignal<bool>,
    server: RwSignal<Vec<FieldError>>,
    client: Memo<Vec<FieldError>>,
    visible: Memo<Vec<FieldError>>,
    failure: RwSignal<Option<ApiError>>,
}

impl FormErrors {
    /// `client` is the shared rule applied to the current draft.
    pub fn new(spec: &'static FormSpec, client: Memo<Vec<FieldError>>) -> Self {
        let touched = RwSignal::new(HashSet::<&'static str>::new());
        let submitted = RwSignal::new(false);
        let server = RwSignal::new(Vec::<FieldError>::new());
        let visible = Memo::new(move |_| {
            let (all, touched) = (submitted.get(), touched.get());
            let mut errors: Vec<FieldError> = client
                .get()
                .into_iter()
                .filter(|error| all || touched.contains(rule_of(&error.field)))
                .collect();
            for error in server.get() {
                if !errors.contains(&error) {
                    errors.push(error);
                }
            }
            errors
        });
        Self {
            i18n: use_i18n(),
            spec,
            touched,
            submitted,
            server,
            client,
            visible,
            failure: RwSignal::new(None),
        }
    }

    /// The field named `rule` (or holding the error path `rule`); the first for unknown ones.
    pub fn field(&self, rule: &str) -> FormField {
        let rule = rule_of(rule);
        let fields = self.spec.fields;
        fields
            .iter()
            .copied()
            .find(|field| field.rule == rule)
            .unwrap_or(fields[0])
    }

    pub fn input_id(&self, rule: &str) -> &'static str {
        self.field(rule).input_id
    }

    /// Every error shown now, in the rules' order; then the server's.
    pub fn visible(&self) -> Memo<Vec<FieldError>> {
        self.visible
    }

    /// The localized errors to show under the field named `rule` (not its parts').
    pub fn messages(self, rule: &'static str) -> Signal<Vec<String>> {
        Signal::derive(move || {
            self.visible.with(|errors| {
                errors
                    .iter()
                    .filter(|error| error.field == rule)
                    .map(|error| self.i18n.field_error(error))
                    .collect()
            })
        })
    }

    /// The first localized error to show under the field named `rule`, if any.
    pub fn message(&self, rule: &str) -> Option<String> {
        self.visible
            .with(|errors| errors.iter().find(|error| error.field == rule).cloned())
            .map(|error| self.i18n.field_error(&error))
    }

    /// `aria-invalid` of the field's input.
    pub fn invalid(self, rule: &'static str) -> impl Fn() -> String + Copy {
        move || self.message(rule).is_some().to_string()
    }

    /// `aria-describedby` of the field's input: its hint (if any) and, while shown, its error.
    pub fn described_by(
        self,
        rule: &'static str,
        hint_id: Option<&'static str>,
    ) -> impl Fn() -> Option<String> + Copy {
        move || {
            let mut ids: Vec<String> = hint_id.into_iter().map(str::to_owned).collect();
            if self.message(rule).is_some() {
                ids.push(error_id(self.input_id(rule)));
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    }

    /// The error summary's entries: (input id, "Label: message").
    pub fn summary_items(self) -> Signal<Vec<(String, String)>> {
        self.summary_items_with(|_| None)
    }

    /// The error summary's entries, each linking to the control `target` names for its
    /// error (a part of a field, e.g. one time of a row), else to the field's input.
    pub fn summary_items_with(
        self,
        target: fn(&FieldError) -> Option<String>,
    ) -> Signal<Vec<(String, String)>> {
        Signal::derive(move || {
            self.visible
                .get()
                .iter()
                .map(|error| {
                    let field = self.field(&error.field);
                    let text = format!(
                        "{}: {}",
                        self.i18n.t(field.label),
                        self.i18n.field_error(error)
                    );
                    let id = target(error).unwrap_or_else(|| field.input_id.to_owned());
                    (id, text)
                })
                .collect()
        })
    }

    /// The failure of the last request, for a [`FailureNotice`](super::status::FailureNotice).
    pub fn failure(&self) -> RwSignal<Option<ApiError>> {
        self.failure
    }

    /// True from a submit until the draft is accepted or reset.
    pub fn submitted(&self) -> bool {
        self.submitted.get()
    }

    /// The user left the field named `rule`: its rule errors may show from now on.
    pub fn touch(&self, rule: &'static str) {
        self.touched.update(|set| {
            set.insert(rule);
        });
    }

    /// Starts a submit, unless one is still `pending`: the last failure and the server's
    /// errors go, every rule error shows. True when the draft passes the shared rules and
    /// may be sent; otherwise the error summary gets the focus.
    pub fn start_submit(&self, pending: bool) -> bool {
        if pending {
            return false;
        }
        self.failure.set(None);
        self.submitted.set(true);
        self.server.set(Vec::new());
        let valid = self.client.with_untracked(Vec::is_empty);
        if !valid {
            dom::focus_after_render(self.spec.summary_id);
        }
        valid
    }

    /// The server accepted the draft: rule errors show again only for fields left since.
    pub fn end_submit(&self) {
        self.submitted.set(false);
    }

    /// A failed request: the server's field errors go to their fields (the summary gets the
    /// focus); any other failure shows in the failure notice, which gets the focus.
    pub fn show_failure(&self, error: ApiError) {
        match error {
            ApiError::Problem(problem) if problem.code == ErrorCode::ValidationFailed => {
                self.show_server(problem.errors);
            }
            error => {
                self.failure.set(Some(error));
                dom::focus_after_render(self.spec.failure_id);
            }
        }
    }

    /// Field errors from the server; the summary gets the focus.
    pub fn show_server(&self, errors: Vec<FieldError>) {
        self.server.set(errors);
        dom::focus_after_render(self.spec.summary_id);
    }

    /// The draft changed: the server's errors were about what it was.
    pub fn clear_server(&self) {
        self.server.set(Vec::new());
    }

    /// A fresh draft: nothing shows until it is left or submitted.
    pub fn reset(&self) {
        self.submitted.set(false);
        self.touched.set(HashSet::new());
        self.server.set(Vec::new());
    }
}

/// The id of the element holding `input_id`'s error message.
pub fn error_id(input_id: &str) -> String {
    format!("{input_id}-error")
}

/// The error message under a field, tied to it by `aria-describedby`.
#[component]
pub fn FieldErrorMessage(errors: FormErrors, field: &'static str) -> impl IntoView {
    let content = move || {
        errors.message(field).map(|text| {
            view! { <p class="field-error" id=error_id(errors.input_id(field))>{text}</p> }
        })
    };
    view! { {move || content()} }
}

/// A labelled single-line input for `field`, with its error tied to it.
#[component]
pub fn TextField(
    errors: FormErrors,
    field: &'static str,
    value: RwSignal<String>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    #[prop(optional)] maxlength: Option<u32>,
) -> impl IntoView {
    let i18n = use_i18n();
    let FormField {
        input_id, label, ..
    } = errors.field(field);
    view! {
        <div class="form-field">
            <label for=input_id>{i18n.tr(label)}</label>
            <input
                id=input_id
                type=input_type
                autocomplete=autocomplete
                maxlength=maxlength
                prop:value=move || value.get()
                aria-invalid=errors.invalid(field)
                aria-describedby=errors.described_by(field, None)
                on:input:target=move |event| value.set(event.target().value())
                on:blur=move |_| errors.touch(field)
            />
            <FieldErrorMessage errors field />
        </div>
    }
}

/// Every error of a field that can have several (an address list, support hours), tied to
/// it by `aria-describedby` through `id`.
#[component]
pub fn FieldErrorList(#[prop(into)] id: String, errors: Signal<Vec<String>>) -> impl IntoView {
    view! {
        <div id=id class="field-errors">
            {move || {
                errors
                    .get()
                    .into_iter()
                    .map(|message| view! { <p class="field-error">{message}</p> })
                    .collect_view()
            }}
        </div>
    }
}

/// A form's submit button. It says when the request is on its way, and stays focusable
/// then: `aria-disabled`, not `disabled`, which would drop keyboard focus.
#[component]
pub fn SubmitButton(
    #[prop(into)] pending: Signal<bool>,
    label: MsgId,
    pending_label: MsgId,
    #[prop(optional)] id: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button
            type="submit"
            class="button button-primary"
            id=id
            aria-disabled=move || pending.get().to_string()
        >
            {move || i18n.t(if pending.get() { pending_label } else { label })}
        </button>
    }
}
