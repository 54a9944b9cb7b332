//! The API through real HTTP against a real database (SQLite, or PostgreSQL with
//! `PORTAL_TEST_DATABASE=postgres`): one test binary, one module per concern.

mod accounts;
mod auth;
mod auth_proxy;
mod common;
mod contact_info;
mod dev;
mod events;
mod history;
mod mail;
mod mailserver;
mod metrics;
mod openapi;
mod provisioning;
mod reconfirm;
mod replicas;
mod static_files;
mod support;
mod users;
mod verify;
