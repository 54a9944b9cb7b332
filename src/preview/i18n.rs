//! The preview's own strings, from `locales/<lang>/preview/preview.ftl`: kept out of the
//! app's catalogue (`locales/<lang>/*.ftl`, which `build.rs` compiles into every build) so
//! that none of them reaches the release bundle. They follow the app's language.

use crate::i18n::{Locale, use_i18n};
use fluent::concurrent::FluentBundle;
use fluent::{FluentArgs, FluentResource, FluentValue};
use std::sync::LazyLock;

/// The id of one preview message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PMsg(&'static str);

impl PMsg {
    pub const fn as_str(self) -> &'static str {
        self.0
    }
}

macro_rules! preview_messages {
    ($($name:ident => $id:literal,)+) => {
        $(pub const $name: PMsg = PMsg($id);)+
        /// Every preview message (the catalogue test checks each locale has exactly these).
        pub const ALL: &[PMsg] = &[$($name,)+];
    };
}

/// One constant per message of `locales/en/preview/preview.ftl`.
pub mod pmsg {
    use super::PMsg;

    preview_messages! {
        TOOLBAR_LABEL => "preview-toolbar-label",
        TOOLBAR_TOGGLE => "preview-toolbar-toggle",
        TOOLBAR_SHORTCUT => "preview-toolbar-shortcut",
        ACCOUNT => "preview-account",
        ACCOUNT_OPTION => "preview-account-option",
        USER => "preview-user",
        USER_SIGNED_OUT => "preview-user-signed-out",
        USER_OPTION => "preview-user-option",
        USER_OPTION_INVITED => "preview-user-option-invited",
        LANGUAGE => "preview-language",
        ENVIRONMENT => "preview-environment",
        ENVIRONMENT_UNAVAILABLE => "preview-environment-unavailable",
        FORCE_LEGEND => "preview-force-legend",
        FORCE => "preview-force",
        FORCE_NONE => "preview-force-none",
        FORCE_SLOW => "preview-force-slow",
        FORCE_STALL => "preview-force-stall",
        FORCE_NETWORK => "preview-force-network",
        FORCE_500 => "preview-force-500",
        FORCE_412 => "preview-force-412",
        FORCE_429 => "preview-force-429",
        FORCE_422 => "preview-force-422",
        FORCE_409 => "preview-force-409",
        FORCE_SCOPE => "preview-force-scope",
        FORCE_SCOPE_NEXT => "preview-force-scope-next",
        FORCE_SCOPE_WRITES => "preview-force-scope-writes",
        FORCE_SCOPE_ALL => "preview-force-scope-all",
        FORCE_FIELD => "preview-force-field",
        FORCE_CODE => "preview-force-code",
        FORCE_GROUP_CONTACT => "preview-force-group-contact",
        FORCE_GROUP_INVITATION => "preview-force-group-invitation",
        FORCE_GROUP_SUPPORT => "preview-force-group-support",
        FORCE_STATUS_NONE => "preview-force-status-none",
        FORCE_STATUS => "preview-force-status",
        MAIL_HEADING => "preview-mail-heading",
        MAIL_EMPTY => "preview-mail-empty",
        MAIL_SIGN_IN => "preview-mail-sign-in",
        MAIL_INVITATION => "preview-mail-invitation",
        MAIL_VERIFICATION => "preview-mail-verification",
        RESET => "preview-reset",
        RESET_HINT => "preview-reset-hint",
        GALLERY_LINK => "preview-gallery-link",
        GALLERY_TITLE => "preview-gallery-title",
        GALLERY_INTRO => "preview-gallery-intro",
        GALLERY_SECTIONS => "preview-gallery-sections",
        GALLERY_ZOOM => "preview-gallery-zoom",
        GALLERY_BACK => "preview-gallery-back",
        GALLERY_OPEN => "preview-gallery-open",
        GALLERY_TILE => "preview-gallery-tile",
        GROUP_SIGN_IN => "preview-group-sign-in",
        GROUP_MODAL => "preview-group-modal",
        GROUP_USERS => "preview-group-users",
        GROUP_SUPPORT => "preview-group-support",
        GROUP_PORTAL => "preview-group-portal",
        GROUP_STRESS => "preview-group-stress",
        STATE_SIGN_IN_EMPTY => "preview-state-sign-in-empty",
        STATE_SIGN_IN_SENT => "preview-state-sign-in-sent",
        STATE_SIGN_IN_SENDING => "preview-state-sign-in-sending",
        STATE_SIGN_IN_ERROR => "preview-state-sign-in-error",
        STATE_SIGN_IN_CONTINUE => "preview-state-sign-in-continue",
        STATE_SIGN_IN_SIGNING_IN => "preview-state-sign-in-signing-in",
        STATE_SIGN_IN_LINK_INVALID => "preview-state-sign-in-link-invalid",
        STATE_MODAL_CONTACT_EMPTY => "preview-state-modal-contact-empty",
        STATE_MODAL_CONTACT_INVALID => "preview-state-modal-contact-invalid",
        STATE_MODAL_CONTACT_SERVER_INVALID => "preview-state-modal-contact-server-invalid",
        STATE_MODAL_CONTACT_READ_ONLY => "preview-state-modal-contact-read-only",
        STATE_MODAL_CONTACT_CONFLICT => "preview-state-modal-contact-conflict",
        STATE_MODAL_CONTACT_SAVING => "preview-state-modal-contact-saving",
        STATE_MODAL_CONTACT_SAVED => "preview-state-modal-contact-saved",
        STATE_MODAL_CONTACT_FAILED => "preview-state-modal-contact-failed",
        STATE_MODAL_CONTACT_OFFLINE => "preview-state-modal-contact-offline",
        STATE_MODAL_CONTACT_DUPLICATE => "preview-state-modal-contact-duplicate",
        STATE_MODAL_CONTACT_HOURS_INVALID => "preview-state-modal-contact-hours-invalid",
        STATE_MODAL_CONTACT_SANDBOX => "preview-state-modal-contact-sandbox",
        STATE_MODAL_SANDBOX_ONLY => "preview-state-modal-sandbox-only",
        STATE_MODAL_USERS => "preview-state-modal-users",
        STATE_MODAL_SUPPORT => "preview-state-modal-support",
        STATE_USERS_LIST => "preview-state-users-list",
        STATE_USERS_INVITE_INVALID => "preview-state-users-invite-invalid",
        STATE_USERS_INVITE_SENT => "preview-state-users-invite-sent",
        STATE_USERS_CHANGE_ROLE => "preview-state-users-change-role",
        STATE_USERS_REMOVE => "preview-state-users-remove",
        STATE_USERS_REMOVE_ALERT_CONTACT => "preview-state-users-remove-alert-contact",
        STATE_USERS_LAST_ADMIN => "preview-state-users-last-admin",
        STATE_USERS_STEP_DOWN => "preview-state-users-step-down",
        STATE_USERS_STEPPED_DOWN => "preview-state-users-stepped-down",
        STATE_USERS_LEAVE => "preview-state-users-leave",
        STATE_USERS_LEFT => "preview-state-users-left",
        STATE_USERS_MANY => "preview-state-users-many",
        STATE_USERS_READ_ONLY => "preview-state-users-read-only",
        STATE_SUPPORT_FORM => "preview-state-support-form",
        STATE_SUPPORT_INVALID => "preview-state-support-invalid",
        STATE_SUPPORT_CREATED => "preview-state-support-created",
        STATE_SUPPORT_RATE_LIMITED => "preview-state-support-rate-limited",
        STATE_SUPPORT_LIST => "preview-state-support-list",
        STATE_SUPPORT_LIST_PAGE_2 => "preview-state-support-list-page-2",
        STATE_SUPPORT_EMPTY => "preview-state-support-empty",
        STATE_SUPPORT_CASE => "preview-state-support-case",
        STATE_PORTAL_OVERVIEW => "preview-state-portal-overview",
        STATE_PORTAL_CONTACT_INFORMATION => "preview-state-portal-contact-information",
        STATE_PORTAL_CONTACT_DRAFT => "preview-state-portal-contact-draft",
        STATE_PORTAL_HISTORY => "preview-state-portal-history",
        STATE_PORTAL_HISTORY_MORE => "preview-state-portal-history-more",
        STATE_PORTAL_HISTORY_EMPTY => "preview-state-portal-history-empty",
        STATE_PORTAL_REVIEW_DUE => "preview-state-portal-review-due",
        STATE_PORTAL_VERIFICATION => "preview-state-portal-verification",
        STATE_VERIFY_CONFIRMED => "preview-state-verify-confirmed",
        STATE_VERIFY_INVALID => "preview-state-verify-invalid",
        STATE_PORTAL_ACCOUNTS_PICKER => "preview-state-portal-accounts-picker",
        STATE_PORTAL_ACCOUNTS_PICKED_BLOCKED => "preview-state-portal-accounts-picked-blocked",
        STATE_PORTAL_ACCOUNTS_SWITCHER => "preview-state-portal-accounts-switcher",
        STATE_PORTAL_LIVE_UPDATE => "preview-state-portal-live-update",
        STATE_PORTAL_LIVE_DRAFT_KEPT => "preview-state-portal-live-draft-kept",
        STATE_PORTAL_LOADING => "preview-state-portal-loading",
        STATE_PORTAL_OFFLINE => "preview-state-portal-offline",
        STATE_PORTAL_SERVER_ERROR => "preview-state-portal-server-error",
        STATE_STRESS_OVERVIEW => "preview-state-stress-overview",
        STATE_STRESS_USERS => "preview-state-stress-users",
        STATE_STRESS_CONTACT_INFORMATION => "preview-state-stress-contact-information",
        STATE_STRESS_SUPPORT => "preview-state-stress-support",
        STATE_STRESS_SUPPORT_CASE => "preview-state-stress-support-case",
    }
}

/// The catalogue of each locale, in the order of [`Locale::ALL`].
pub const SOURCES: [(&str, &str); 3] = [
    (
        "de",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/locales/de/preview/preview.ftl"
        )),
    ),
    (
        "it",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/locales/it/preview/preview.ftl"
        )),
    ),
    (
        "en",
        include_str!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/locales/en/preview/preview.ftl"
        )),
    ),
];

fn position(locale: Locale) -> usize {
    Locale::ALL
        .iter()
        .position(|each| *each == locale)
        .unwrap_or_default()
}

static BUNDLES: LazyLock<Vec<FluentBundle<FluentResource>>> = LazyLock::new(|| {
    Locale::ALL
        .iter()
        .zip(SOURCES)
        .map(|(locale, (_, source))| {
            let language = locale.code().parse().unwrap_or_default();
            let mut bundle = FluentBundle::new_concurrent(vec![language]);
            bundle.set_use_isolating(false);
            let resource =
                FluentResource::try_new(source.to_owned()).unwrap_or_else(|(partial, _)| partial);
            let _ = bundle.add_resource(resource);
            bundle
        })
        .collect()
});

/// `id` in `locale`; English if missing, else the id itself.
pub fn translate(
    locale: Locale,
    id: PMsg,
    args: &[(&'static str, FluentValue<'static>)],
) -> String {
    let mut fluent_args = FluentArgs::new();
    for (name, value) in args {
        fluent_args.set(*name, value.clone());
    }
    for candidate in [locale, Locale::FALLBACK] {
        let Some(bundle) = BUNDLES.get(position(candidate)) else {
            continue;
        };
        if let Some(pattern) = bundle.get_message(id.as_str()).and_then(|m| m.value()) {
            let mut errors = Vec::new();
            return bundle
                .format_pattern(pattern, Some(&fluent_args), &mut errors)
                .into_owned();
        }
    }
    id.as_str().to_owned()
}

/// `id` in the app's current language (reactive).
pub fn pt(id: PMsg) -> String {
    translate(use_i18n().locale(), id, &[])
}

/// `id` with arguments in the app's current language (reactive).
pub fn pt_with(id: PMsg, args: &[(&'static str, FluentValue<'static>)]) -> String {
    translate(use_i18n().locale(), id, args)
}

#[cfg(test)]
mod tests {
    use super::*;
    use fluent_syntax::ast::{Entry, Expression, InlineExpression, PatternElement};
    use std::collections::{BTreeMap, BTreeSet};

    /// Message id → its variables, for one locale's preview catalogue.
    fn catalogue(source: &str) -> BTreeMap<String, BTreeSet<String>> {
        let resource = fluent_syntax::parser::parse(source).expect("the file parses");
        let mut messages = BTreeMap::new();
        for entry in resource.body {
            if let Entry::Message(message) = entry {
                let mut variables = BTreeSet::new();
                for element in message.value.expect("a value").elements {
                    if let PatternElement::Placeable {
                        expression: Expression::Inline(InlineExpression::VariableReference { id }),
                    } = element
                    {
                        variables.insert(id.name.to_owned());
                    }
                }
                assert!(
                    messages
                        .insert(message.id.name.to_owned(), variables)
                        .is_none(),
                    "duplicate {}",
                    message.id.name
                );
            }
        }
        messages
    }

    #[test]
    fn every_locale_has_exactly_the_preview_messages_with_the_same_variables() {
        let english = catalogue(SOURCES[2].1);
        let ids: BTreeSet<String> = pmsg::ALL.iter().map(|id| id.as_str().to_owned()).collect();
        assert_eq!(
            english.keys().cloned().collect::<BTreeSet<_>>(),
            ids,
            "pmsg::* and locales/en/preview/preview.ftl"
        );
        for (code, source) in SOURCES {
            assert_eq!(
                catalogue(source),
                english,
                "locales/{code}/preview/preview.ftl"
            );
        }
    }

    #[test]
    fn messages_format_in_each_language() {
        assert_eq!(
            translate(Locale::De, pmsg::RESET, &[]),
            "Daten zurücksetzen"
        );
        assert_eq!(translate(Locale::It, pmsg::RESET, &[]), "Ripristina i dati");
        let text = translate(
            Locale::En,
            pmsg::GALLERY_TILE,
            &[("state", "Sign-in".into()), ("language", "Deutsch".into())],
        );
        assert_eq!(text, "Sign-in (Deutsch)");
    }
}
