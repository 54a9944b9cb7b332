//! Provisioning for a real deployment, as subcommands of the `portal-server` binary
//! (`portal-server accounts add …`): accounts, their first users (invited by e-mail), the
//! Production switch and the integration table. Each command opens the database like the
//! server (creating and migrating it), validates its input with the shared rules before it
//! touches the database, does its work in one transaction and returns what to print. An
//! invitation is queued in the transaction that creates its user; a running server's mail
//! worker sends it. Nothing returned or logged holds a token or a link.

use crate::auth;
use crate::config::{self, DEFAULT_DATABASE};
use crate::mail::{self, Language};
use crate::store::{
    self, Database, PoolOptions, Store, Tx, accounts, history, integration_types, users,
};
use clap::builder::{PossibleValuesParser, TypedValueParser as _};
use clap::{ArgAction, Args, Subcommand};
use portal_rules::api::NewUser;
use portal_rules::history::{Change, ChangeKind, Person};
use portal_rules::model::{IntegrationType, Role, User};
use portal_rules::text::{self, Lines};
use portal_rules::{ErrorCode, FieldError, user};
use std::fmt::Write as _;

/// Partner IDs: at most this long, of letters, digits, `-`, `_` and `.`.
const MAX_PARTNER_ID_CHARS: usize = 64;
const MAX_ACCOUNT_NAME_CHARS: usize = 100;

/// The provisioning commands.
#[derive(Debug, Clone, Subcommand)]
pub enum AdminCommand {
    /// Partner accounts: add, list, enable or disable Production.
    Accounts {
        #[command(flatten)]
        database: DatabaseArgs,
        #[command(subcommand)]
        command: AccountsCommand,
    },
    /// An account's users: invite one by e-mail, list them.
    Users {
        #[command(flatten)]
        database: DatabaseArgs,
        #[command(subcommand)]
        command: UsersCommand,
    },
    /// Integration types: which of them use the merchant-issues contact.
    Integrations {
        #[command(flatten)]
        database: DatabaseArgs,
        #[command(subcommand)]
        command: IntegrationsCommand,
    },
}

/// The database, named as for the server.
#[derive(Debug, Clone, Args)]
pub struct DatabaseArgs {
    /// SQLite database file or PostgreSQL URL (created and migrated like the server does).
    #[arg(
        long,
        env = "PORTAL_DATABASE",
        default_value = DEFAULT_DATABASE,
        global = true,
        value_parser = config::DatabaseParser
    )]
    pub database: Database,
}

/// A command needs one connection at a time.
const ADMIN_POOL: PoolOptions = PoolOptions {
    max_size: 1,
    connect_timeout: std::time::Duration::from_secs(10),
    acquire_timeout: std::time::Duration::from_secs(30),
    // Provisioning may touch many rows; no statement limit.
    statement_timeout: None,
};

#[derive(Debug, Clone, Subcommand)]
pub enum AccountsCommand {
    /// Adds a partner account (Sandbox only unless --production).
    Add {
        /// The partner ID: letters, digits, '-', '_' and '.'; unique.
        #[arg(long)]
        partner_id: String,
        /// The account's name (its default brand).
        #[arg(long)]
        name: String,
        /// The integration type (SPEC §6).
        #[arg(long, value_parser = integration_parser())]
        integration: IntegrationType,
        /// Enable Production at once.
        #[arg(long)]
        production: bool,
    },
    /// Lists every account.
    List,
    /// Enables or disables Production for an account.
    SetProduction {
        /// The account's partner ID.
        #[arg(long)]
        partner_id: String,
        #[arg(long, action = ArgAction::Set)]
        enabled: bool,
    },
}

#[derive(Debug, Clone, Subcommand)]
pub enum UsersCommand {
    /// Adds a user as invited and queues the invitation mail (a running server sends it).
    Add {
        /// The account's partner ID.
        #[arg(long)]
        partner_id: String,
        /// The user's name.
        #[arg(long)]
        name: String,
        /// The user's e-mail address (the invitation goes there).
        #[arg(long)]
        email: String,
        /// The user's role.
        #[arg(long, value_parser = role_parser())]
        role: Role,
        /// Language of the invitation mail.
        #[arg(long, default_value = "en", value_parser = ["de", "it", "en"])]
        locale: String,
        /// Public base URL of the SPA, as for the server: the invitation links there.
        #[arg(long, env = "PORTAL_PUBLIC_URL")]
        public_url: String,
        /// Who the mail says the invitation is from (default: the Partner Portal team).
        #[arg(long)]
        invited_by: Option<String>,
    },
    /// Lists an account's users.
    List {
        /// The account's partner ID.
        #[arg(long)]
        partner_id: String,
    },
}

#[derive(Debug, Clone, Subcommand)]
pub enum IntegrationsCommand {
    /// Lists the integration types and whether they use the merchant-issues contact.
    List,
    /// Sets whether accounts of an integration type are asked for the merchant-issues
    /// contact.
    SetMerchantContact {
        /// The integration type.
        #[arg(long, value_parser = integration_parser())]
        integration: IntegrationType,
        #[arg(long, action = ArgAction::Set)]
        enabled: bool,
    },
}

fn integration_parser() -> impl clap::builder::TypedValueParser<Value = IntegrationType> {
    PossibleValuesParser::new(IntegrationType::ALL.map(IntegrationType::as_str))
        .try_map(|value| value.parse::<IntegrationType>())
}

fn role_parser() -> impl clap::builder::TypedValueParser<Value = Role> {
    PossibleValuesParser::new(Role::ALL.map(Role::as_str)).try_map(|value| value.parse::<Role>())
}

/// Why a command did nothing; the text is one line.
#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    /// The input is invalid or does not fit the data (a duplicate, an unknown account).
    #[error("{0}")]
    Refused(String),
    #[error("database {database}: {source}")]
    Database {
        database: Database,
        source: store::Error,
    },
    #[error(transparent)]
    Store(#[from] store::Error),
    #[error("the database task failed: {0}")]
    Task(#[from] tokio::task::JoinError),
}

/// A checked command, ready to run in one transaction.
#[derive(Debug, Clone)]
enum Action {
    AddAccount(accounts::NewAccount),
    ListAccounts,
    SetProduction {
        partner_id: String,
        enabled: bool,
    },
    AddUser(Invitation),
    ListUsers {
        partner_id: String,
    },
    ListIntegrations,
    SetMerchantContact {
        integration: IntegrationType,
        enabled: bool,
    },
}

#[derive(Debug, Clone)]
struct Invitation {
    partner_id: String,
    user: NewUser,
    language: Language,
    public_url: String,
    invited_by: Option<String>,
}

/// What a command did: the text to print, and what to audit once it committed.
struct Done {
    report: String,
    audit: Option<Audit>,
}

impl Done {
    fn report(report: String) -> Self {
        Self {
            report,
            audit: None,
        }
    }
}

enum Audit {
    AccountCreated {
        account: i64,
    },
    ProductionChanged {
        account: i64,
        enabled: bool,
    },
    UserInvited {
        user: i64,
        account: i64,
        role: Role,
    },
    MerchantContactChanged {
        integration: IntegrationType,
        enabled: bool,
    },
}

impl Audit {
    /// One `audit` line, ids only (like the server's).
    fn log(&self) {
        match *self {
            Self::AccountCreated { account } => tracing::info!(
                target: "audit", action = "account-created", actor = "provisioning", account,
                "account created"
            ),
            Self::ProductionChanged { account, enabled } => tracing::info!(
                target: "audit", action = "production-changed", actor = "provisioning", account,
                enabled, "production changed"
            ),
            Self::UserInvited {
                user,
                account,
                role,
            } => tracing::info!(
                target: "audit", action = "user-invited", actor = "provisioning",
                target_user = user, account, role = role.as_str(), "user invited"
            ),
            Self::MerchantContactChanged {
                integration,
                enabled,
            } => tracing::info!(
                target: "audit", action = "merchant-contact-changed", actor = "provisioning",
                integration = integration.as_str(), enabled, "merchant contact setting changed"
            ),
        }
    }
}

/// Runs a provisioning command; returns what to print.
pub async fn administer(command: AdminCommand) -> Result<String, AdminError> {
    let (database, action) = check(command)?;
    let store = Store::connect(&database, false, ADMIN_POOL)
        .await
        .map_err(|source| AdminError::Database { database, source })?;
    // A PostgreSQL transaction that fails to serialize runs again, with the same action.
    let done = store.run(move |tx| execute(tx, action.clone())).await?;
    if let Some(audit) = &done.audit {
        audit.log();
    }
    Ok(done.report)
}

/// Validates the input (before the database is opened, so bad input creates nothing).
fn check(command: AdminCommand) -> Result<(Database, Action), AdminError> {
    Ok(match command {
        AdminCommand::Accounts { database, command } => {
            (database.database, check_accounts(command)?)
        }
        AdminCommand::Users { database, command } => (database.database, check_users(command)?),
        AdminCommand::Integrations { database, command } => (
            database.database,
            match command {
                IntegrationsCommand::List => Action::ListIntegrations,
                IntegrationsCommand::SetMerchantContact {
                    integration,
                    enabled,
                } => Action::SetMerchantContact {
                    integration,
                    enabled,
                },
            },
        ),
    })
}

fn check_accounts(command: AccountsCommand) -> Result<Action, AdminError> {
    Ok(match command {
        AccountsCommand::Add {
            partner_id,
            name,
            integration,
            production,
        } => {
            let mut errors = Vec::new();
            let partner_id = text::check(
                "partner-id",
                &partner_id,
                MAX_PARTNER_ID_CHARS,
                Lines::Single,
                &mut errors,
            );
            let name = text::check(
                "name",
                &name,
                MAX_ACCOUNT_NAME_CHARS,
                Lines::Single,
                &mut errors,
            );
            refuse_invalid(&errors)?;
            check_partner_id_characters(&partner_id)?;
            Action::AddAccount(accounts::NewAccount {
                partner_id,
                name,
                integration,
                production_enabled: production,
            })
        }
        AccountsCommand::List => Action::ListAccounts,
        AccountsCommand::SetProduction {
            partner_id,
            enabled,
        } => Action::SetProduction {
            partner_id: partner_id.trim().to_owned(),
            enabled,
        },
    })
}

fn check_users(command: UsersCommand) -> Result<Action, AdminError> {
    Ok(match command {
        UsersCommand::Add {
            partner_id,
            name,
            email,
            role,
            locale,
            public_url,
            invited_by,
        } => {
            let user = user::validate_new_user(&NewUser {
                name,
                email,
                role,
                locale: Some(locale),
            })
            .map_err(|errors| refusal(&errors))?;
            let mut errors = Vec::new();
            let invited_by = invited_by.map(|name| {
                text::check(
                    "invited-by",
                    &name,
                    user::MAX_USER_NAME_CHARS,
                    Lines::Single,
                    &mut errors,
                )
            });
            refuse_invalid(&errors)?;
            let public_url = public_url.trim().trim_end_matches('/').to_owned();
            config::check_public_url(&public_url, false).map_err(AdminError::Refused)?;
            Action::AddUser(Invitation {
                partner_id: partner_id.trim().to_owned(),
                language: Language::from_locale(user.locale.as_deref()),
                user,
                public_url,
                invited_by,
            })
        }
        UsersCommand::List { partner_id } => Action::ListUsers {
            partner_id: partner_id.trim().to_owned(),
        },
    })
}

fn check_partner_id_characters(partner_id: &str) -> Result<(), AdminError> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    match partner_id.chars().find(|&c| !allowed(c)) {
        Some(c) => Err(AdminError::Refused(format!(
            "--partner-id {partner_id:?} contains {c:?}: only letters, digits, '-', '_' and '.' \
             are allowed"
        ))),
        None => Ok(()),
    }
}

fn refuse_invalid(errors: &[FieldError]) -> Result<(), AdminError> {
    if errors.is_empty() {
        Ok(())
    } else {
        Err(refusal(errors))
    }
}

/// The shared rules' field errors as one line naming the flags.
fn refusal(errors: &[FieldError]) -> AdminError {
    let described: Vec<String> = errors.iter().map(describe).collect();
    AdminError::Refused(described.join("; "))
}

fn describe(error: &FieldError) -> String {
    let flag = format!("--{}", error.field);
    let value = error.value.as_deref().unwrap_or_default();
    let problem = match error.code {
        ErrorCode::Required => "is required".to_owned(),
        ErrorCode::TextTooLong => format!("is longer than {value} characters"),
        ErrorCode::TextInvalidCharacter => {
            format!("contains {value}, a control or text-direction character")
        }
        ErrorCode::EmailInvalid => format!("{value:?} is not a valid e-mail address"),
        ErrorCode::EmailTooLong => format!("{value:?} is longer than 254 characters"),
        ErrorCode::EmailLocalPartTooLong => {
            format!("{value:?}: the part before the @ is longer than 64 characters")
        }
        code => format!("is refused ({code})"),
    };
    format!("{flag} {problem}")
}

fn account(tx: &Tx<'_>, partner_id: &str) -> Result<portal_rules::model::Account, AdminError> {
    accounts::by_partner_id(tx, partner_id)?.ok_or_else(|| {
        AdminError::Refused(format!(
            "no account has the partner ID {partner_id:?} (see `portal-server accounts list`)"
        ))
    })
}

fn enabled_text(enabled: bool) -> &'static str {
    if enabled { "enabled" } else { "disabled" }
}

fn execute(tx: &Tx<'_>, action: Action) -> Result<Done, AdminError> {
    match action {
        Action::AddAccount(new) => {
            if let Some(existing) = accounts::by_partner_id(tx, &new.partner_id)? {
                return Err(AdminError::Refused(format!(
                    "an account with the partner ID {:?} already exists ({})",
                    new.partner_id, existing.name
                )));
            }
            let id = accounts::insert(tx, &new)?;
            let added = accounts::get(tx, id)?;
            Ok(Done {
                report: format!(
                    "Added account {} ({}), integration {}, Production {}{}. Invite its first \
                     administrator with `portal-server users add --partner-id {} …`.\n",
                    added.name,
                    added.partner_id,
                    added.integration,
                    enabled_text(added.production_enabled),
                    if added.uses_merchant_contact {
                        ", asked for the merchant-issues contact"
                    } else {
                        ""
                    },
                    added.partner_id
                ),
                audit: Some(Audit::AccountCreated { account: id }),
            })
        }
        Action::ListAccounts => Ok(Done::report(list_accounts(tx)?)),
        Action::SetProduction {
            partner_id,
            enabled,
        } => {
            let account = account(tx, &partner_id)?;
            if account.production_enabled == enabled {
                return Ok(Done::report(format!(
                    "Production was already {} for {} ({}); nothing changed.\n",
                    enabled_text(enabled),
                    account.name,
                    account.partner_id
                )));
            }
            accounts::set_production(tx, account.id, enabled)?;
            Ok(Done {
                report: format!(
                    "Production is now {} for {} ({}).\n",
                    enabled_text(enabled),
                    account.name,
                    account.partner_id
                ),
                audit: Some(Audit::ProductionChanged {
                    account: account.id,
                    enabled,
                }),
            })
        }
        Action::AddUser(invitation) => invite(tx, &invitation),
        Action::ListUsers { partner_id } => {
            let account = account(tx, &partner_id)?;
            let members = users::list(tx, account.id)?;
            Ok(Done::report(list_users(&account, &members)))
        }
        Action::ListIntegrations => Ok(Done::report(list_integrations(tx)?)),
        Action::SetMerchantContact {
            integration,
            enabled,
        } => {
            if !integration_types::set_uses_merchant_contact(tx, integration, enabled)? {
                return Err(AdminError::Refused(format!(
                    "the integration type {integration} is not in this database's table"
                )));
            }
            Ok(Done {
                report: format!(
                    "Accounts of the integration type {integration} are now {} the \
                     merchant-issues contact.\n",
                    if enabled {
                        "asked for"
                    } else {
                        "not asked for"
                    }
                ),
                audit: Some(Audit::MerchantContactChanged {
                    integration,
                    enabled,
                }),
            })
        }
    }
}

/// Adds the invited user and queues the invitation mail, in the caller's transaction.
fn invite(tx: &Tx<'_>, invitation: &Invitation) -> Result<Done, AdminError> {
    let account = account(tx, &invitation.partner_id)?;
    let new_user = &invitation.user;
    if users::email_taken(tx, account.id, &new_user.email)? {
        return Err(AdminError::Refused(format!(
            "{} is already a user of {} ({})",
            new_user.email, account.name, account.partner_id
        )));
    }
    let language = invitation.language;
    let user_id = users::insert_invited(tx, account.id, new_user)?;
    // In the history without an actor: the operator, not a user of the account. The
    // servers' purge applies the retention.
    history::record(
        tx,
        account.id,
        &history::NewEntry {
            kind: ChangeKind::UserInvited,
            actor: None,
            subject: Some(&Person {
                name: new_user.name.clone(),
                email: new_user.email.clone(),
            }),
            changes: &[Change::Role {
                old: None,
                new: Some(new_user.role),
            }],
        },
        None,
    )?;
    let token =
        auth::issue_sign_in_token(tx, user_id, auth::INVITATION_LIFETIME_SECS, Some(language))?;
    let inviter = invitation
        .invited_by
        .as_deref()
        .unwrap_or_else(|| mail::portal_team(language));
    mail::queue(
        tx,
        mail::invitation(
            &new_user.email,
            &new_user.name,
            inviter,
            &account.name,
            &auth::sign_in_link(&invitation.public_url, &token),
            language,
        ),
        mail::MAIL_LIFETIME_SECS,
    )?;
    Ok(Done {
        report: format!(
            "Invited {} <{}> (user {user_id}) as {} of {} ({}).\nThe invitation mail ({}) is \
             queued: a portal-server running on this database sends it within 30 s (one started \
             later, at once; unsent mail is given up after a day). Its link is valid for 7 days.\n",
            new_user.name,
            new_user.email,
            new_user.role,
            account.name,
            account.partner_id,
            language.as_str()
        ),
        audit: Some(Audit::UserInvited {
            user: user_id,
            account: account.id,
            role: new_user.role,
        }),
    })
}

/// Rows as columns padded to their widest cell.
fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut widths: Vec<usize> = header.iter().map(|cell| cell.chars().count()).collect();
    for row in rows {
        for (width, cell) in widths.iter_mut().zip(row) {
            *width = (*width).max(cell.chars().count());
        }
    }
    let mut text = String::new();
    let header: Vec<String> = header.iter().map(|&cell| cell.to_owned()).collect();
    for row in std::iter::once(&header).chain(rows) {
        let mut line = String::new();
        for (cell, width) in row.iter().zip(&widths) {
            let _ = write!(line, "{cell:<width$}  ");
        }
        text.push_str(line.trim_end());
        text.push('\n');
    }
    text
}

fn list_accounts(tx: &Tx<'_>) -> Result<String, AdminError> {
    let listed = accounts::list(tx)?;
    if listed.is_empty() {
        return Ok("No accounts yet: add one with `portal-server accounts add`.\n".to_owned());
    }
    let rows: Vec<Vec<String>> = listed
        .iter()
        .map(|listed| {
            let account = &listed.account;
            vec![
                account.partner_id.clone(),
                account.name.clone(),
                account.integration.to_string(),
                enabled_text(account.production_enabled).to_owned(),
                if account.uses_merchant_contact {
                    "yes"
                } else {
                    "no"
                }
                .to_owned(),
                listed.users.to_string(),
            ]
        })
        .collect();
    Ok(table(
        &[
            "PARTNER ID",
            "NAME",
            "INTEGRATION",
            "PRODUCTION",
            "MERCHANT CONTACT",
            "USERS",
        ],
        &rows,
    ))
}

fn list_users(account: &portal_rules::model::Account, members: &[User]) -> String {
    let title = format!("Users of {} ({}):\n", account.name, account.partner_id);
    if members.is_empty() {
        return format!(
            "{title}none yet: invite one with `portal-server users add --partner-id {} …`.\n",
            account.partner_id
        );
    }
    let rows: Vec<Vec<String>> = members
        .iter()
        .map(|member| {
            vec![
                member.id.to_string(),
                member.name.clone(),
                member.email.clone(),
                member.role.to_string(),
                member.status.to_string(),
                member
                    .last_sign_in_at
                    .clone()
                    .unwrap_or_else(|| "never".to_owned()),
            ]
        })
        .collect();
    title
        + &table(
            &["ID", "NAME", "E-MAIL", "ROLE", "STATUS", "LAST SIGN-IN"],
            &rows,
        )
}

fn list_integrations(tx: &Tx<'_>) -> Result<String, AdminError> {
    let rows: Vec<Vec<String>> = integration_types::list(tx)?
        .iter()
        .map(|integration| {
            vec![
                integration.integration.to_string(),
                if integration.uses_merchant_contact {
                    "yes"
                } else {
                    "no"
                }
                .to_owned(),
                integration.accounts.to_string(),
            ]
        })
        .collect();
    Ok(table(
        &["INTEGRATION", "MERCHANT CONTACT", "ACCOUNTS"],
        &rows,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Cli;
    use crate::store::{mail_queue, testing};
    use clap::Parser as _;
    use portal_rules::model::UserStatus;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("portal-server").chain(args.iter().copied()))
    }

    /// Parses and runs `args` (with `--database` naming `database`).
    async fn run(database: &Database, args: &[&str]) -> Result<String, AdminError> {
        let mut args = args.to_vec();
        // Test databases have no password, so the shown URL is the URL.
        let database = database.to_string();
        args.extend(["--database", &database]);
        let command = parse(&args)
            .expect("valid flags")
            .command
            .expect("a command");
        administer(command).await
    }

    fn refusal(result: Result<String, AdminError>) -> String {
        match result {
            Err(AdminError::Refused(text)) => {
                assert!(!text.contains('\n'), "one line: {text}");
                text
            }
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    const ADD_ACME: &[&str] = &[
        "accounts",
        "add",
        "--partner-id",
        "acme-1",
        "--name",
        " Acme Tours GmbH ",
        "--integration",
        "things_to_do",
    ];

    fn add_user<'a>(email: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
        let mut args = vec![
            "users",
            "add",
            "--partner-id",
            "acme-1",
            "--name",
            "Anna Muster",
            "--email",
            email,
            "--role",
            "administrator",
        ];
        if !extra.contains(&"--public-url") {
            args.extend(["--public-url", "https://portal.example/"]);
        }
        args.extend_from_slice(extra);
        args
    }

    #[test]
    fn plain_flags_serve_and_commands_take_their_own_flags() {
        let serve = parse(&["--dev", "--addr", "127.0.0.1:3001", "--database", "x.db"])
            .expect("server flags");
        assert!(serve.command.is_none());
        assert!(serve.server.dev);
        assert_eq!(
            serve.server.database,
            Database::from(std::path::Path::new("x.db"))
        );
        assert!(parse(&[]).expect("no flags").command.is_none());
        let command = parse(&["accounts", "list", "--database", "y.db"]).expect("a command");
        assert!(matches!(
            command.command,
            Some(AdminCommand::Accounts { ref database, command: AccountsCommand::List })
                if database.database == Database::from(std::path::Path::new("y.db"))
        ));
        // Server flags do not silently apply to a command.
        assert!(parse(&["--dev", "accounts", "list"]).is_err());
        for wrong in [
            &[
                "accounts",
                "set-production",
                "--partner-id",
                "p",
                "--enabled",
                "yes",
            ][..],
            &["accounts", "set-production", "--partner-id", "p"],
            &[
                "accounts",
                "add",
                "--partner-id",
                "p",
                "--name",
                "n",
                "--integration",
                "golf",
            ],
            &[
                "users",
                "add",
                "--partner-id",
                "p",
                "--name",
                "n",
                "--email",
                "e@x.example",
                "--role",
                "owner",
                "--public-url",
                "https://portal.example",
            ],
            &[
                "users",
                "add",
                "--partner-id",
                "p",
                "--name",
                "n",
                "--email",
                "e@x.example",
                "--role",
                "editor",
                "--public-url",
                "https://portal.example",
                "--locale",
                "fr",
            ],
        ] {
            assert!(parse(wrong).is_err(), "{wrong:?}");
        }
    }

    #[tokio::test]
    async fn accounts_are_added_listed_and_switched_to_production() {
        let (path, _dir) = testing::database().await;
        assert!(
            run(&path, &["accounts", "list"])
                .await
                .expect("listed")
                .starts_with("No accounts yet")
        );
        let added = run(&path, ADD_ACME).await.expect("added");
        assert!(
            added.contains("Added account Acme Tours GmbH (acme-1)"),
            "{added}"
        );
        assert!(added.contains("Production disabled"), "{added}");
        let duplicate = refusal(run(&path, ADD_ACME).await);
        assert!(duplicate.contains("already exists"), "{duplicate}");
        run(
            &path,
            &[
                "accounts",
                "add",
                "--partner-id",
                "bici-2",
                "--name",
                "Bici",
                "--integration",
                "local_services",
                "--production",
            ],
        )
        .await
        .expect("added");
        let listed = run(&path, &["accounts", "list"]).await.expect("listed");
        let lines: Vec<&str> = listed.lines().collect();
        assert_eq!(lines.len(), 3, "{listed}");
        assert!(
            lines[1].starts_with("acme-1") && lines[1].contains("disabled"),
            "{listed}"
        );
        assert!(
            lines[2].starts_with("bici-2") && lines[2].contains("enabled"),
            "{listed}"
        );

        let switched = run(
            &path,
            &[
                "accounts",
                "set-production",
                "--partner-id",
                "acme-1",
                "--enabled",
                "true",
            ],
        )
        .await
        .expect("switched");
        assert!(switched.contains("now enabled"), "{switched}");
        let store = Store::connect(&path, false, PoolOptions::default())
            .await
            .expect("store");
        let account = store
            .run(|tx| accounts::by_partner_id(tx, "acme-1"))
            .await
            .expect("read")
            .expect("the account");
        assert_eq!(account.name, "Acme Tours GmbH", "trimmed");
        assert!(account.production_enabled);
        assert!(account.uses_merchant_contact);
        let unknown = refusal(
            run(
                &path,
                &[
                    "accounts",
                    "set-production",
                    "--partner-id",
                    "nope",
                    "--enabled",
                    "false",
                ],
            )
            .await,
        );
        assert!(
            unknown.contains("no account has the partner ID \"nope\""),
            "{unknown}"
        );
    }

    #[tokio::test]
    async fn bad_input_is_refused_before_the_database_is_touched() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("portal.sqlite3");
        let path = Database::from(file.as_path());
        let cases: [(&[&str], &str); 6] = [
            (
                &[
                    "accounts",
                    "add",
                    "--partner-id",
                    "acme 1",
                    "--name",
                    "A",
                    "--integration",
                    "ordering",
                ],
                "--partner-id \"acme 1\" contains ' '",
            ),
            (
                &[
                    "accounts",
                    "add",
                    "--partner-id",
                    "a",
                    "--name",
                    "A\u{202E}B",
                    "--integration",
                    "ordering",
                ],
                "--name contains U+202E",
            ),
            (
                &[
                    "accounts",
                    "add",
                    "--partner-id",
                    "",
                    "--name",
                    "A",
                    "--integration",
                    "ordering",
                ],
                "--partner-id is required",
            ),
            (
                &add_user("not-an-address", &[]),
                "--email \"not-an-address\" is not a valid",
            ),
            (
                &add_user(
                    "anna@acme.example",
                    &["--public-url", "http://portal.example"],
                ),
                "--public-url must be an https:// URL",
            ),
            (
                &add_user("anna@acme.example", &["--invited-by", "Eve\nBcc: x"]),
                "--invited-by contains U+000A",
            ),
        ];
        for (args, expected) in cases {
            let refused = refusal(run(&path, args).await);
            assert!(refused.contains(expected), "{args:?}: {refused}");
        }
        assert!(!file.exists(), "no database was created for bad input");
    }

    #[tokio::test]
    async fn a_user_is_invited_with_a_queued_mail_and_no_token_is_printed() {
        let (path, _dir) = testing::database().await;
        let unknown = refusal(run(&path, &add_user("anna@acme.example", &[])).await);
        assert!(unknown.contains("\"acme-1\""), "{unknown}");
        run(&path, ADD_ACME).await.expect("added");
        let invited = run(&path, &add_user(" Anna@ACME.example ", &["--locale", "de"]))
            .await
            .expect("invited");
        assert!(
            invited.contains("Invited Anna Muster <Anna@acme.example>")
                && invited.contains("as administrator of Acme Tours GmbH (acme-1)")
                && invited.contains("mail (de) is queued"),
            "{invited}"
        );
        let duplicate = refusal(run(&path, &add_user("anna@acme.EXAMPLE", &[])).await);
        assert!(
            duplicate.contains("already a user of Acme Tours GmbH"),
            "{duplicate}"
        );

        let store = Store::connect(&path, false, PoolOptions::default())
            .await
            .expect("store");
        let (members, mails) = store
            .run(|tx| -> store::Result<_> {
                let account = accounts::by_partner_id(tx, "acme-1")?.expect("the account");
                Ok((users::list(tx, account.id)?, mail_queue::newest(tx, 10)?))
            })
            .await
            .expect("read");
        assert_eq!(members.len(), 1);
        assert_eq!(
            (members[0].role, members[0].status),
            (Role::Administrator, UserStatus::Invited)
        );
        assert_eq!(mails.len(), 1, "one invitation queued");
        let mail = &mails[0];
        assert_eq!(
            (mail.kind.as_str(), mail.to.as_str()),
            ("invitation", "Anna@acme.example")
        );
        assert!(
            mail.body
                .contains("Das Partner-Portal-Team hat Ihnen Zugriff auf das Partner-Portal für Acme Tours GmbH"),
            "{mail:?}"
        );
        let link = mail.link.as_deref().expect("a link");
        assert!(
            link.starts_with("https://portal.example/sign-in/callback#token="),
            "{link}"
        );
        let token = link.rsplit('=').next().expect("token");
        assert!(
            !invited.contains(token) && !invited.contains("#token"),
            "{invited}"
        );

        let listed = run(&path, &["users", "list", "--partner-id", "acme-1"])
            .await
            .expect("listed");
        assert!(
            listed.starts_with("Users of Acme Tours GmbH (acme-1):\n"),
            "{listed}"
        );
        assert!(
            listed.contains("Anna@acme.example") && listed.contains("invited"),
            "{listed}"
        );
    }

    #[tokio::test]
    async fn the_integration_table_decides_who_is_asked_for_the_merchant_contact() {
        let (path, _dir) = testing::database().await;
        run(&path, ADD_ACME).await.expect("added");
        let changed = run(
            &path,
            &[
                "integrations",
                "set-merchant-contact",
                "--integration",
                "things_to_do",
                "--enabled",
                "false",
            ],
        )
        .await
        .expect("changed");
        assert!(changed.contains("now not asked for"), "{changed}");
        let listed = run(&path, &["integrations", "list"]).await.expect("listed");
        let row = listed
            .lines()
            .find(|line| line.starts_with("things_to_do"))
            .expect("a row");
        assert_eq!(
            row.split_whitespace().collect::<Vec<_>>(),
            ["things_to_do", "no", "1"]
        );
        let store = Store::connect(&path, false, PoolOptions::default())
            .await
            .expect("store");
        let account = store
            .run(|tx| accounts::by_partner_id(tx, "acme-1"))
            .await
            .expect("read")
            .expect("the account");
        assert!(!account.uses_merchant_contact);
    }
}
