//! The server binary: reads configuration, starts the application and stops it on Ctrl-C or
//! SIGTERM after in-flight requests finish.

use anyhow::Context;
use clap::Parser;
use server::{Application, config::Config};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let config = Config::parse();
    server::telemetry::init();
    let app = Application::build(&config)
        .await
        .context("could not start the server")?;
    println!("prom-collector is serving on http://{}/", app.local_addr());
    app.run_until(shutdown_signal())
        .await
        .context("the server stopped with an error")
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut stream) => {
                stream.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
