//! claimmark: a local-first annotator for the claims in news articles.
//!
//! The crate has three layers, and each knows less than the one after it:
//!
//! - [`core`]: plain Rust. The article model and its extraction, anchoring,
//!   highlight segmentation, the session reducer, the stored format and the
//!   export format. It never touches a browser API, never reads a clock and
//!   never draws a random number: time and ids come in as arguments. It is
//!   built and tested natively.
//! - `web`: the only layer that touches browser APIs (localStorage, the DOM
//!   Selection, downloads, the clipboard, the clock, random ids). It converts
//!   the DOM's UTF-16 offsets into the core's code-point offsets.
//! - `ui`: thin Yew components that render the session and dispatch actions.
//!
//! `web` and `ui` exist only when compiling for `wasm32`.

pub mod core;

#[cfg(target_arch = "wasm32")]
pub mod web;

#[cfg(target_arch = "wasm32")]
pub mod ui;
