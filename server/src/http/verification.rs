//! Verified contact addresses: a new link to one address (editors), and the public
//! redemption of a link (no session; one answer for unknown, used and expired tokens).

use super::extract::{ApiJson, ClientIp, ContactEditor};
use super::session::rate_limited;
use crate::error::{ApiError, ApiResult};
use crate::limits;
use crate::state::AppState;
use crate::store::{contact_info, contact_verifications, history};
use crate::verification::{self, Sender};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use portal_rules::api::Problem;
use portal_rules::email;
use portal_rules::history::{ChangeKind, Person};
use portal_rules::verification::{
    AddressVerification, RESEND_EVERY_SECS, RedeemVerification, ResendVerification,
    VerificationStatus, VerifiedAddress,
};
use std::time::Duration;

/// Mails a new link to one address of the contact lists (the old one stops working), at
/// most once per [`RESEND_EVERY_SECS`] per address (the link a save sent counts).
#[utoipa::path(
    post,
    path = "/contact-info/verifications/resend",
    tag = "contact information",
    request_body(content = ResendVerification, example = json!({ "address": "oncall@alpenblick.example" })),
    responses(
        (status = 202, description = "A new link is queued; the address is pending", body = AddressVerification),
        (status = 403, description = "`forbidden`: Read-only users cannot ask for links (or a cross-site request)", body = Problem),
        (status = 404, description = "`not-found`: the address is not in the contact lists", body = Problem),
        (status = 409, description = "`conflict`: the address is verified already", body = Problem),
        (status = 429, description = "`rate-limited`: a link went to this address less than 10 minutes ago", body = Problem),
    ),
    security(("session" = [])),
)]
pub async fn resend_verification(
    State(state): State<AppState>,
    ContactEditor(user): ContactEditor,
    ApiJson(request): ApiJson<ResendVerification>,
) -> ApiResult<Response> {
    let key = email::duplicate_key(&request.address);
    let sender_url = state.config.public_url().to_owned();
    let lifetime_secs = state.config.verification_link_secs();
    let limits_on = state.limits.enabled;
    let (account_id, user_id) = (user.account_id, user.user_id);
    let answer = state
        .store
        .run(move |tx| -> ApiResult<AddressVerification> {
            let contact = contact_info::load(tx, account_id)?.contact;
            let stored = contact_verifications::list(tx, account_id)?;
            let current = verification::statuses_of(&contact, &stored);
            let Some(entry) = current.iter().find(|entry| entry.address == key) else {
                return Err(ApiError::NotFound);
            };
            if entry.status == VerificationStatus::Verified {
                return Err(ApiError::AlreadyVerified);
            }
            let sent_at = stored
                .iter()
                .find(|row| row.address == key)
                .map(|row| row.sent_at);
            let wait = sent_at.map_or(0, |sent| {
                sent + RESEND_EVERY_SECS - chrono::Utc::now().timestamp()
            });
            if limits_on && wait > 0 {
                return Err(ApiError::RateLimited {
                    retry_after: Duration::from_secs(wait.unsigned_abs()),
                });
            }
            // The address as the lists hold it (the mail goes there).
            let address = portal_rules::contact::Field::ALL
                .iter()
                .flat_map(|field| contact.list(*field))
                .find(|entry| email::duplicate_key(entry) == key)
                .cloned()
                .unwrap_or_else(|| key.clone());
            Sender {
                public_url: &sender_url,
                lifetime_secs,
                user_id,
            }
            .send(tx, account_id, &address)?;
            Ok(AddressVerification {
                address: key.clone(),
                status: VerificationStatus::Pending,
                verified_at: None,
            })
        })
        .await?;
    tracing::info!(
        target: "audit",
        action = "verification-resent",
        actor = user.user_id,
        account = user.account_id,
        "verification link sent again"
    );
    Ok((StatusCode::ACCEPTED, Json(answer)).into_response())
}

/// Uses a verification link: the address is verified (recorded in the change history).
/// Unknown, used and expired links get one and the same answer, so nobody learns which
/// addresses or tokens exist; attempts count against the caller's source (and IPv6 /48)
/// as for sign-in links, in counters of their own.
#[utoipa::path(
    post,
    path = "/contact-verifications",
    tag = "contact information",
    request_body(content = RedeemVerification, example = json!({ "token": "mXq2…" })),
    responses(
        (status = 200, description = "The address is verified", body = VerifiedAddress),
        (status = 400, description = "`verification-link-invalid` (unknown, used or expired), or `bad-request`", body = Problem),
        (status = 429, description = "`rate-limited`: too many attempts from this source", body = Problem),
    ),
)]
pub async fn redeem_verification(
    State(state): State<AppState>,
    ip: ClientIp,
    ApiJson(request): ApiJson<RedeemVerification>,
) -> ApiResult<Json<VerifiedAddress>> {
    let limits = state.limits;
    let (source, network) = (ip.source_key(), ip.network_key());
    let keep_secs = state.config.history_keep_secs();
    // As for sign-in links: a wrong guess commits its count before it is refused.
    let verified = state
        .store
        .run(move |tx| -> ApiResult<_> {
            let mut tiers = vec![(limits::VERIFY_PER_SOURCE, source.as_str())];
            if let Some(network) = &network {
                tiers.push((limits::VERIFY_PER_NETWORK, network.as_str()));
            }
            rate_limited(limits.take(tx, &tiers)?)?;
            let Some((account_id, address, at)) =
                contact_verifications::redeem(tx, &request.token)?
            else {
                return Ok(None);
            };
            let person = Person {
                name: address.clone(),
                email: address.clone(),
            };
            history::record(
                tx,
                account_id,
                &history::NewEntry {
                    kind: ChangeKind::AddressVerified,
                    actor: None,
                    subject: Some(&person),
                    changes: &[],
                },
                keep_secs,
            )?;
            Ok(Some((account_id, address, at)))
        })
        .await?
        .ok_or(ApiError::VerificationLinkInvalid)?;
    let (account_id, address, at) = verified;
    tracing::info!(
        target: "audit",
        action = "address-verified",
        account = account_id,
        "contact address verified"
    );
    Ok(Json(VerifiedAddress {
        address,
        verified_at: verification::rfc3339(at),
    }))
}
