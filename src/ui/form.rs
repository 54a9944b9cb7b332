//! Pieces of the simple forms (support case, invitation): their error state and labelled
//! text fields. A rule's error shows once its field has been left, or for every field
//! after a submit; errors the server sends show until the next submit. Fields are named as
//! in the shared rules' `FieldError`s.

/// One field of a form: (rule field name, input id, label message id).
pub type FormField = (&'static str, &'static str, MsgId);

use crate::i18n::{I18n, MsgId};
use leptos::prelude::*;
use portal_rules::FieldError;
use std::collections::HashSet;

#[derive(Clone, Copy)]
pub struct FormErrors {
    i18n: I18n,
    fields: &'static [FormField],
    touched: RwSignal<HashSet<&'static str>>,
    submitted: RwSignal<bool>,
    server: RwSignal<Vec<FieldError>>,
    client: Memo<Vec<FieldError>>,
    visible: Memo<Vec<FieldError>>,
}

impl FormErrors {
    /// `client` is the shared rule applied to the current draft; `fields` lists the form's
    /// fields in display order (the first is used for errors on unknown fields).
    pub fn new(fields: &'static [FormField], client: Memo<Vec<FieldError>>) -> Self {
        let touched = RwSignal::new(HashSet::new());
        let submitted = RwSignal::new(false);
        let server = RwSignal::new(Vec::<FieldError>::new());
        let visible = Memo::new(move |_| {
            let (shown, touched) = (submitted.get(), touched.get());
            let mut errors: Vec<FieldError> = client
                .get()
                .into_iter()
                .filter(|error| shown || touched.contains(error.field.as_str()))
                .collect();
            errors.extend(
                server
                    .get()
                    .into_iter()
                    .filter(|error| !client.with(|client| client.contains(error))),
            );
            errors
        });
        Self {
            i18n: crate::i18n::use_i18n(),
            fields,
            touched,
            submitted,
            server,
            client,
            visible,
        }
    }

    pub fn field(&self, name: &str) -> FormField {
        self.fields
            .iter()
            .copied()
            .find(|(field, _, _)| *field == name)
            .unwrap_or(self.fields[0])
    }

    pub fn input_id(&self, name: &str) -> &'static str {
        self.field(name).1
    }

    /// The localized error to show under `field`, if any.
    pub fn message(&self, field: &str) -> Option<String> {
        self.visible
            .with(|errors| errors.iter().find(|error| error.field == field).cloned())
            .map(|error| self.i18n.field_error(&error))
    }

    /// `aria-invalid` of `field`'s input.
    pub fn invalid(self, field: &'static str) -> impl Fn() -> String + Copy {
        move || self.message(field).is_some().to_string()
    }

    /// `aria-describedby` of `field`'s input: its hint (if any) and, while shown, its error.
    pub fn described_by(
        self,
        field: &'static str,
        hint_id: Option<&'static str>,
    ) -> impl Fn() -> Option<String> + Copy {
        move || {
            let mut ids: Vec<String> = hint_id.into_iter().map(str::to_owned).collect();
            if self.message(field).is_some() {
                ids.push(error_id(self.input_id(field)));
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    }

    /// The error summary's entries: (input id, "Label: message").
    pub fn summary_items(self) -> Signal<Vec<(String, String)>> {
        Signal::derive(move || {
            self.visible
                .get()
                .iter()
                .map(|error| {
                    let (_, input_id, label_id) = self.field(&error.field);
                    let text = format!(
                        "{}: {}",
                        self.i18n.t(label_id),
                        self.i18n.field_error(error)
                    );
                    (input_id.to_owned(), text)
                })
                .collect()
        })
    }

    /// The user left `field`: its rule errors may show from now on.
    pub fn touch(&self, field: &'static str) {
        self.touched.update(|set| {
            set.insert(field);
        });
    }

    /// Starts a submit: every rule error shows, earlier server errors go. True when the
    /// draft passes the shared rules and may be sent.
    pub fn begin_submit(&self) -> bool {
        self.submitted.set(true);
        self.server.set(Vec::new());
        self.client.with_untracked(Vec::is_empty)
    }

    pub fn show_server(&self, errors: Vec<FieldError>) {
        self.server.set(errors);
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
    move || {
        errors.message(field).map(|text| {
            view! { <p class="field-error" id=error_id(errors.input_id(field))>{text}</p> }
        })
    }
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
    let i18n = crate::i18n::use_i18n();
    let (_, input_id, label_id) = errors.field(field);
    view! {
        <div class="form-field">
            <label for=input_id>{i18n.tr(label_id)}</label>
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
