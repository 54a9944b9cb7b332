//! Routes that are no feature of their own: signing in, the overview, "not found" and the
//! page a contact address's confirmation link opens.

pub mod not_found;
pub mod overview;
pub mod sign_in;
pub mod verify;
