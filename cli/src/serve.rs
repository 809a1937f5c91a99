//! `credit serve`: the upload page and the analysis API on this machine, with the snapshots in the
//! same local file `credit analyze` keeps them in. No AWS, no sign-in; loopback only by default.

use crate::Failure;
use clap::Args;
use credit_core::lang::Lang;
use credit_web::{LocalServer, ServerError, ServerOptions};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The port to listen on (0: any free port).
    #[arg(long, default_value_t = 8080)]
    port: u16,
    /// The address to listen on. Other machines can reach the page only if this is not loopback.
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    bind: IpAddr,
    /// The snapshot file (the one `credit analyze` and `credit snapshots` use); default
    /// <data dir>/credit/snapshots.redb.
    #[arg(long, value_name = "PATH", env = "CREDIT_STORE")]
    store: Option<PathBuf>,
}

pub fn run_command(args: &ServeArgs, lang: Option<Lang>) -> Result<(), Failure> {
    let tell = lang.unwrap_or_default();
    let store = args
        .store
        .clone()
        .or_else(credit_store::default_store_path)
        .ok_or_else(|| Failure::input("no data directory for this user: choose a snapshot file with --store PATH"))?;
    let mut options = ServerOptions::new(store.clone());
    options.address = SocketAddr::new(args.bind, args.port);
    let server = LocalServer::bind(&options).map_err(|error| match error {
        ServerError::Bind { .. } => Failure::input(format!(
            "{error} ({})",
            tell.pick(
                "kies een andere poort met --port",
                "choisissez un autre port avec --port",
                "choose another port with --port"
            )
        )),
        other => Failure::other(other.into()),
    })?;
    println!(
        "{} {}",
        tell.pick(
            "De uploadpagina staat op",
            "La page de dépôt est sur",
            "The upload page is at"
        ),
        server.url()
    );
    println!(
        "{} {} ({})",
        tell.pick("Momentopnamen in", "Instantanés dans", "Snapshots in"),
        store.display(),
        tell.pick("Ctrl-C stopt", "Ctrl-C arrête", "Ctrl-C stops")
    );
    server.run().map_err(|error| Failure::other(error.into()))
}
