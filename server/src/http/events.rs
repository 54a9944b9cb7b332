//! `GET /api/v1/events`: the account's changes as Server-Sent Events, for open pages to
//! learn within seconds what another user (or the same user elsewhere) saved. The feed is
//! `crate::live`; this module turns a subscription into a stream that ends with the
//! session (sign-out, expiry, the user removed or their role changed) or the server.

use super::extract::{CurrentUser, session_token};
use crate::auth;
use crate::error::{ApiError, ApiResult};
use crate::live::{Change, Refused, Subscription};
use crate::state::AppState;
use crate::store::{sessions, users};
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use portal_rules::api::Problem;
use portal_rules::history::{ChangeKind, LIVE_EVENT_NAME, LiveEvent};
use sha2::{Digest, Sha256};
use std::collections::{HashSet, VecDeque};
use std::convert::Infallible;
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;

/// A comment this often keeps proxies from closing an idle stream.
const HEARTBEAT: Duration = Duration::from_secs(20);
/// Each stream checks its session this often (and at once after a sign-out in this
/// process, or after sending an event about the account's users: so a removed user's
/// stream tells them first, then ends).
const SESSION_CHECK: Duration = Duration::from_secs(15);
/// Browsers reconnect after this long when a stream ends (the SSE `retry` field).
const RECONNECT: Duration = Duration::from_secs(3);
/// Entries a resumed stream replays at most; a browser further behind reloads anyway.
const REPLAY_LIMIT: u32 = 100;
/// A change written this long before the stream opened is still sent (its transaction
/// may have committed after the browser loaded the page).
const GRACE_SECS: i64 = 2;
/// Ids a stream remembers having sent (a replayed entry may also arrive live).
const REMEMBER: usize = 512;

/// `GET /api/v1/events`: Server-Sent Events, one per change of the account.
#[utoipa::path(
    get,
    path = "/events",
    tag = "events",
    params(
        ("Last-Event-ID" = Option<String>, Header, description = "The `id` of the last event received: the stream first replays the account's later changes (browsers send it when they reconnect). Anything but a positive entry id is ignored."),
    ),
    responses(
        (status = 200, content_type = "text/event-stream", body = LiveEvent, description = "An endless stream of Server-Sent Events. Each change of the account (the contact information saved or confirmed, a user invited, an invitation accepted on first sign-in, a role changed or a user removed, by any user, on any server replica) is an event named `change` whose `id` is its history entry id and whose `data` is a `LiveEvent` (JSON). Comment lines keep the stream alive. The stream ends when the session does (signed out, expired, the user removed or given another role) or the server stops; browsers then reconnect (`retry`)."),
        (status = 429, description = "`rate-limited`: this session (6) or this server (256) has as many streams open as it serves", body = Problem),
        (status = 503, description = "The server is stopping; connect again (another replica answers)", body = Problem),
    ),
    security(("session" = [])),
)]
pub async fn stream_events(
    State(state): State<AppState>,
    user: CurrentUser,
    headers: HeaderMap,
) -> ApiResult<Response> {
    // Behind an authenticating proxy the user has no session of ours: their membership is
    // what is checked.
    let token = if state.config.auth_proxy_header.is_some() {
        None
    } else {
        session_token(&headers, &state)
    };
    let session_key = token.as_deref().map_or_else(
        || format!("user:{}", user.user_id),
        |token| format!("{:x}", Sha256::digest(token.as_bytes())),
    );
    let subscription = match state.live.subscribe(user.account_id, session_key) {
        Ok(subscription) => subscription,
        Err(Refused::Busy) => {
            return Err(ApiError::RateLimited {
                retry_after: Duration::from_secs(30),
            });
        }
        Err(Refused::Closing) => return Err(ApiError::Timeout),
    };
    let resume_after = headers
        .get("last-event-id")
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.trim().parse::<i64>().ok())
        .filter(|id| *id > 0);
    // Subscribed first, then the replay is read: nothing falls between (a change in both
    // is sent once).
    let backlog = match resume_after {
        Some(after) => {
            let account_id = user.account_id;
            state
                .store
                .run(move |tx| {
                    crate::store::history::live_after(tx, account_id, after, REPLAY_LIMIT)
                })
                .await?
                .into_iter()
                .map(|(_, _, event)| event)
                .collect()
        }
        None => VecDeque::new(),
    };
    let mut check = tokio::time::interval(SESSION_CHECK);
    check.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let stream = Stream {
        subscription,
        state,
        user,
        token,
        opened_at: crate::store::now_unix(),
        resume_after,
        backlog,
        sent: VecDeque::new(),
        sent_ids: HashSet::new(),
        check,
        greeted: false,
        recheck_now: false,
    };
    let events = futures_util::stream::unfold(stream, |mut stream| async move {
        let event = stream.next().await?;
        Some((Ok::<_, Infallible>(event), stream))
    });
    let mut response = Sse::new(events)
        .keep_alive(KeepAlive::new().interval(HEARTBEAT).text(""))
        .into_response();
    // Reverse proxies (nginx) pass it through unbuffered.
    response
        .headers_mut()
        .insert("x-accel-buffering", HeaderValue::from_static("no"));
    Ok(response)
}

struct Stream {
    subscription: Subscription,
    state: AppState,
    user: CurrentUser,
    token: Option<String>,
    opened_at: i64,
    resume_after: Option<i64>,
    backlog: VecDeque<LiveEvent>,
    sent: VecDeque<i64>,
    sent_ids: HashSet<i64>,
    check: tokio::time::Interval,
    greeted: bool,
    recheck_now: bool,
}

/// What woke a waiting stream.
enum Wake {
    Closing,
    Check,
    Change(Result<std::sync::Arc<Change>, RecvError>),
}

fn to_sse(event: &LiveEvent) -> Event {
    let data = serde_json::to_string(event).unwrap_or_default();
    Event::default()
        .event(LIVE_EVENT_NAME)
        .id(event.id.to_string())
        .data(data)
}

impl Stream {
    /// The next event to send, or `None` when the stream ends.
    async fn next(&mut self) -> Option<Event> {
        if !self.greeted {
            self.greeted = true;
            // Sent at once, so the browser (and a test) knows the stream is subscribed.
            return Some(Event::default().retry(RECONNECT).comment("connected"));
        }
        loop {
            if self.recheck_now {
                self.recheck_now = false;
                if !self.still_signed_in().await {
                    return None;
                }
            }
            if let Some(event) = self.backlog.pop_front() {
                self.remember(event.id);
                return Some(to_sse(&event));
            }
            let subscription = &mut self.subscription;
            let wake = tokio::select! {
                _ = subscription.closing.wait_for(|closing| *closing) => Wake::Closing,
                changed = subscription.recheck.changed() => match changed {
                    Ok(()) => Wake::Check,
                    Err(_) => Wake::Closing,
                },
                _ = self.check.tick() => Wake::Check,
                received = subscription.changes.recv() => Wake::Change(received),
            };
            match wake {
                // The server stops; or this stream fell behind (or the feed is gone): the
                // browser reconnects with `Last-Event-ID` and gets what it missed from the
                // history.
                Wake::Closing | Wake::Change(Err(_)) => return None,
                Wake::Check => self.recheck_now = true,
                Wake::Change(Ok(change)) => {
                    if self.wants(&change) {
                        self.remember(change.event.id);
                        // A user change may be this user's removal or new role (an
                        // invitation, or one accepted, changes nobody's access).
                        self.recheck_now = !change.event.kind.is_contact_info()
                            && !matches!(
                                change.event.kind,
                                ChangeKind::UserInvited | ChangeKind::InvitationAccepted
                            );
                        return Some(to_sse(&change.event));
                    }
                }
            }
        }
    }

    /// New to this stream: not sent yet, and written after it opened (or after the entry
    /// it resumes from).
    fn wants(&self, change: &Change) -> bool {
        let id = change.event.id;
        !self.sent_ids.contains(&id)
            && match self.resume_after {
                Some(after) => id > after,
                None => change.written_at >= self.opened_at - GRACE_SECS,
            }
    }

    fn remember(&mut self, id: i64) {
        if self.sent.len() == REMEMBER
            && let Some(oldest) = self.sent.pop_front()
        {
            self.sent_ids.remove(&oldest);
        }
        self.sent.push_back(id);
        self.sent_ids.insert(id);
    }

    /// Whether the session still belongs to the same user with the same role. A failed
    /// check keeps the stream (the next one decides).
    async fn still_signed_in(&self) -> bool {
        let (token, account_id, user_id) =
            (self.token.clone(), self.user.account_id, self.user.user_id);
        let now = self
            .state
            .store
            .run(move |tx| match &token {
                Some(token) => sessions::peek(tx, token, auth::SESSION_IDLE_SECS)
                    .map(|user| user.map(|user| (user.user_id, user.account_id, user.role))),
                None => users::member(tx, account_id, user_id)
                    .map(|user| user.map(|user| (user.id, account_id, user.role))),
            })
            .await;
        match now {
            Ok(now) => now == Some((user_id, account_id, self.user.role)),
            Err(error) => {
                tracing::warn!("live updates: cannot check a stream's session: {error}");
                true
            }
        }
    }
}
