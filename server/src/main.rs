use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    portal_server::init_tracing();
    let config = portal_server::Config::parse();
    match portal_server::run(config).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!("{error}");
            std::process::ExitCode::FAILURE
        }
    }
}
