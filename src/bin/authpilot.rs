//! `authpilot`: the command line over AuthPilot's core (docs/cli.md). Parsing is clap's; every
//! command is `authpilot::cli`'s.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    use clap::Parser;
    let cli = authpilot::cli::Cli::parse();
    let status = authpilot::cli::run(cli, &mut std::io::stdout().lock(), &mut std::io::stderr());
    std::process::exit(status);
}

#[cfg(target_arch = "wasm32")]
fn main() {}
