//! Contact information: the account-level form (in the blocking modal's first tab and on
//! Configuration → Contact information) and the overview's status of what is missing; the
//! change history on Configuration → Contact information; the banner asking editors to
//! review it periodically; each address's verification and the summary with resend.

mod alert_contacts;
pub mod conflict;
mod form;
pub mod history;
pub mod hours;
pub mod labels;
mod page;
pub mod public_contact;
mod review;
mod status;
pub mod verification;
mod zone_list;

pub use form::{ContactForm, ContactFormState};
pub use page::{ContactInformationPage, ContactInformationTab};
pub use public_contact::PublicContactInput;
pub use review::{FORM_PATH, ReviewBanner};
pub use status::ContactStatus;
pub use verification::VerificationSummary;
