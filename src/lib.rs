//! claimmark: a local-first annotator for the claims in news articles.
//!
//! This crate is the app the browser loads. Everything it knows about
//! articles and annotations is in the `claimmark-core` crate (plain Rust,
//! no browser crate, tested natively); this crate adds the two layers that
//! need a browser, and each knows less than the one after it:
//!
//! - `web`: the only layer that touches browser APIs (localStorage, the DOM
//!   Selection, downloads, the clipboard, the clock, random ids). It converts
//!   the DOM's UTF-16 offsets into the core's code-point offsets.
//! - `ui`: thin Yew components that render the session and dispatch actions.
//!
//! Both exist only when compiling for `wasm32`.

#[cfg(target_arch = "wasm32")]
pub mod web;

#[cfg(target_arch = "wasm32")]
pub mod ui;
