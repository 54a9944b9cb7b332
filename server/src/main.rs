use clap::Parser;
use portal_server::Cli;
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(command) => administer(command).await,
        None => serve(cli.server).await,
    }
}

/// `portal-server [flags]`: serves until stopped.
async fn serve(config: portal_server::Config) -> ExitCode {
    portal_server::init_tracing(config.log_format);
    match portal_server::run(config).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // Through the log, like everything else the server reports. Each message
            // already names its cause, so the chain is not repeated.
            tracing::error!("{error}");
            ExitCode::FAILURE
        }
    }
}

/// `portal-server accounts|users|integrations …`: prints what it did, or one line saying
/// why it did nothing.
async fn administer(command: portal_server::AdminCommand) -> ExitCode {
    portal_server::init_admin_tracing();
    match portal_server::administer(command).await {
        Ok(report) => {
            print!("{report}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
