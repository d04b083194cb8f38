//! Helpers for the native integration tests: serving `dist/`, driving a
//! real Chromium through chromedriver, reading and operating claimmark's
//! page, and today's date.
//!
//! None of this is part of the product; it only knows the DOM contract and
//! how to start the tools.

// Every test binary compiles this module and each uses a different subset of
// the helpers, so an unused one in a given binary is expected.
#![allow(dead_code)]

pub mod axe;
pub mod browser;
pub mod dates;
pub mod page;
pub mod scenario;
pub mod serve;
