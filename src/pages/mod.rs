//! Routes that are no feature of their own: signing in, the overview and "not found".

pub mod not_found;
pub mod overview;
pub mod sign_in;
