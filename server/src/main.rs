use clap::Parser;
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    portal_server::init_tracing();
    match serve().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // Through the log, like everything else the server reports. Each message
            // already names its cause, so the chain is not repeated.
            tracing::error!("{error}");
            ExitCode::FAILURE
        }
    }
}

async fn serve() -> anyhow::Result<()> {
    let config = portal_server::Config::parse();
    portal_server::run(config).await?;
    Ok(())
}
