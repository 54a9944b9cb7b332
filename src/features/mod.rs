//! The portal's features. Each owns its components, its requests and its route component
//! (`page`), and exports the panel that the blocking modal shows in one of its tabs. A
//! feature imports `ui`, `api`, `i18n`, `state`, `dom` and `intl`, never another feature.

pub mod contact_info;
pub mod support;
pub mod users;
