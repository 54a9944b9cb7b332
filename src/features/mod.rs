//! The portal's features. Each owns its components, its requests and, in `page.rs`, where
//! it is mounted: the route component (`…Page`) and the blocking modal's tab (`…Tab`). A
//! feature imports `ui`, `api`, `i18n`, `state`, `dom` and `intl`, never another feature.

pub mod contact_info;
pub mod support;
pub mod users;
