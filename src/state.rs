//! Typed contexts shared across the signed-in portal.

use crate::api::{self, ApiResource};
use leptos::prelude::*;
use portal_rules::api::{ContactInfoResponse, SessionInfo, UsersResponse};
use portal_rules::history::LiveEvent;
use portal_rules::model::Environment;

/// The signed-in user's portal: who they are, which environment they work in, and the
/// account's contact information (which decides whether the blocking modal shows) and its
/// users (shown in the Users tab and offered as alert contacts; one list, so an invitation
/// or removal shows in both).
#[derive(Clone, Copy)]
pub struct Portal {
    pub session: StoredValue<SessionInfo>,
    pub environment: RwSignal<Environment>,
    pub contact_info: ApiResource<ContactInfoResponse>,
    pub users: ApiResource<UsersResponse>,
}

impl Portal {
    pub fn new(session: SessionInfo) -> Self {
        let environment = RwSignal::new(remembered_environment(&session));
        Self {
            session: StoredValue::new(session),
            environment,
            contact_info: ApiResource::new(api::contact_info),
            users: ApiResource::new(api::users),
        }
    }

    pub fn session(&self) -> SessionInfo {
        self.session.get_value()
    }

    /// Switches environment and remembers it for this user in this browser.
    pub fn set_environment(&self, environment: Environment) {
        let user_id = self.session.with_value(|session| session.user.id);
        remember_environment(user_id, environment);
        self.environment.set(environment);
    }

    /// True while the server says contact information is incomplete for the active
    /// environment. Unknown (still loading, or failed) does not block: the portal shows
    /// its own loading and error states instead.
    pub fn is_blocked_untracked(&self) -> bool {
        untrack(|| self.is_blocked())
    }

    pub fn is_blocked(&self) -> bool {
        let environment = self.environment.get();
        self.contact_info
            .get()
            .and_then(Result::ok)
            .is_some_and(|info| !info.completeness.is_complete(environment))
    }
}

/// How long "Updated by … just now" stays.
const LIVE_NOTICE_MS: u32 = 60_000;

/// What the signed-in portal learns live of the account's changes (`api::live_events`).
/// The portal's own data (contact information, users) is reloaded here; features read
/// [`LiveFeed::latest`] for their own reaction (the history reloads, the contact form
/// keeps unsaved edits and says so).
#[derive(Clone, Copy)]
pub struct LiveFeed {
    /// The latest change made by someone else, for "Updated by … just now"; cleared after
    /// a minute.
    pub latest: RwSignal<Option<LiveEvent>>,
    stream: StoredValue<Option<api::LiveEvents>, LocalStorage>,
}

impl LiveFeed {
    /// A feed that is not connected (component tests, the gallery).
    pub fn new() -> Self {
        Self {
            latest: RwSignal::new(None),
            stream: StoredValue::new_local(None),
        }
    }

    /// Connects while the portal is mounted. A change by this user (a save in this tab) is
    /// no news: it reloads nothing this tab has, and shows no notice.
    pub fn connect(portal: Portal) -> Self {
        let feed = Self::new();
        let stream = api::live_events(move |change| {
            if let Some(change) = Self::receive(portal, change) {
                feed.show(change);
            }
        });
        feed.stream.set_value(stream);
        #[cfg(feature = "preview")]
        PREVIEW_FEED.with(|slot| slot.set(Some((feed, portal))));
        on_cleanup(move || feed.close());
        feed
    }

    /// Reloads what `change` changed; returns it if it is news to show.
    fn receive(portal: Portal, change: LiveEvent) -> Option<LiveEvent> {
        let by_me = change.actor_id == Some(portal.session.with_value(|session| session.user.id));
        let news = if change.kind.is_contact_info() {
            let known = portal
                .contact_info
                .get_untracked()
                .and_then(Result::ok)
                .map(|info| info.version);
            let newer = change.contact_info_version > known;
            if newer {
                portal.contact_info.refetch();
            }
            newer
        } else {
            if !by_me {
                portal.users.refetch();
            }
            true
        };
        (news && !by_me).then_some(change)
    }

    fn show(self, change: LiveEvent) {
        let id = change.id;
        self.latest.set(Some(change));
        let latest = self.latest;
        set_timeout(
            move || {
                if latest
                    .try_get_untracked()
                    .flatten()
                    .is_some_and(|shown| shown.id == id)
                {
                    latest.set(None);
                }
            },
            std::time::Duration::from_millis(u64::from(LIVE_NOTICE_MS)),
        );
    }

    /// Stops listening (on sign-out, before the session ends).
    pub fn close(&self) {
        let _ = self.stream.try_update_value(|stream| {
            if let Some(stream) = stream.take() {
                stream.close();
            }
        });
    }
}

impl Default for LiveFeed {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(feature = "preview")]
thread_local! {
    /// The mounted portal's feed, for the gallery to play a change into (the preview has no
    /// server to stream from).
    static PREVIEW_FEED: std::cell::Cell<Option<(LiveFeed, Portal)>> =
        const { std::cell::Cell::new(None) };
}

/// Designer preview: handles `change` as if the server had sent it; its notice stays (a
/// gallery tile is looked at for longer than a minute).
#[cfg(feature = "preview")]
pub fn preview_live_change(change: LiveEvent) {
    if let Some((feed, portal)) = PREVIEW_FEED.with(std::cell::Cell::get) {
        feed.latest.set(LiveFeed::receive(portal, change));
    }
}

/// The portal's [`LiveFeed`]; `None` where none is provided (component tests of a feature).
pub fn use_live_feed() -> Option<LiveFeed> {
    use_context::<LiveFeed>()
}

/// Rebuilds the signed-in portal from the session as the server now has it (the shell,
/// which loads the session, provides it): after users change their own role, every view
/// (header, contact form, Users) follows the new role at once, without a page reload.
#[derive(Clone, Copy)]
pub struct SessionReload {
    reload: Callback<()>,
    /// The element to focus once the rebuilt portal shows it; kept by the shell, which
    /// outlives the portal it rebuilds.
    focus: StoredValue<Option<String>>,
}

impl SessionReload {
    pub fn new(reload: impl Fn() + Send + Sync + 'static) -> Self {
        Self {
            reload: Callback::new(move |()| reload()),
            focus: StoredValue::new(None),
        }
    }

    /// Reloads the session; the rebuilt view that shows `focus_id` focuses it.
    pub fn reload(&self, focus_id: &str) {
        self.focus.set_value(Some(focus_id.to_owned()));
        self.reload.run(());
    }

    /// Whether a rebuilt view should focus `id` (once).
    pub fn take_focus(&self, id: &str) -> bool {
        let wanted = self.focus.with_value(|focus| focus.as_deref() == Some(id));
        if wanted {
            self.focus.set_value(None);
        }
        wanted
    }
}

/// The shell's [`SessionReload`]; `None` where no shell loads the session (component tests).
pub fn use_session_reload() -> Option<SessionReload> {
    use_context::<SessionReload>()
}

fn environment_key(user_id: i64) -> String {
    format!("portal.environment.{user_id}")
}

/// Remembers `user_id`'s environment in this browser (their next portal starts in it).
pub fn remember_environment(user_id: i64, environment: Environment) {
    crate::storage::set(&environment_key(user_id), environment.as_str());
}

/// The environment `user_id` last chose in this browser, if any.
pub fn stored_environment(user_id: i64) -> Option<Environment> {
    crate::storage::get(&environment_key(user_id)).and_then(|value| Environment::parse(&value))
}

fn remembered_environment(session: &SessionInfo) -> Environment {
    stored_environment(session.user.id)
        .filter(|environment| {
            *environment == Environment::Sandbox || session.account.production_enabled
        })
        .unwrap_or_default()
}

pub fn use_portal() -> Portal {
    expect_context::<Portal>()
}

/// A polite live region: what is put here is read out by screen readers.
#[derive(Debug, Clone, Copy)]
pub struct Announcer(RwSignal<String>);

impl Announcer {
    pub fn new() -> Self {
        Self(RwSignal::new(String::new()))
    }

    pub fn announce(&self, message: String) {
        self.0.set(message);
    }

    pub fn message(&self) -> String {
        self.0.get()
    }
}

impl Default for Announcer {
    fn default() -> Self {
        Self::new()
    }
}

pub fn use_announcer() -> Announcer {
    expect_context::<Announcer>()
}
