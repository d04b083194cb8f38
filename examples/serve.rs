//! Serves the built app for local use: `make run`, or directly
//! `cargo run --example serve -- dist 127.0.0.1:8080`.
//!
//! The serving logic lives in `tests/support/serve.rs`, shared with the
//! end-to-end test. This is a native development tool: on wasm32 it builds
//! to an empty module so `cargo clippy --all-targets --target
//! wasm32-unknown-unknown` still passes.

#![cfg_attr(target_arch = "wasm32", no_main)]

#[cfg(not(target_arch = "wasm32"))]
#[path = "../tests/support/serve.rs"]
mod serve;

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let mut arguments = std::env::args().skip(1);
    let root = arguments.next().unwrap_or_else(|| "dist".to_string());
    let address = arguments.next().unwrap_or_else(|| "127.0.0.1:8080".to_string());
    if arguments.next().is_some() {
        eprintln!("usage: serve [ROOT (default dist)] [ADDRESS (default 127.0.0.1:8080)]");
        std::process::exit(2);
    }
    let server = match serve::start(std::path::Path::new(&root), &address) {
        Ok(server) => server,
        Err(error) => {
            eprintln!("serve: {error}");
            std::process::exit(1);
        }
    };
    println!("Serving {root}/ at {} (Ctrl-C to stop)", server.url());
    // The workers run until the process is interrupted.
    loop {
        std::thread::park();
    }
}
