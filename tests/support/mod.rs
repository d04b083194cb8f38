//! Helpers for the native integration tests: serving `dist/`, driving a
//! real Chromium through chromedriver, reading and operating claimmark's
//! page, and today's date.
//!
//! None of this is part of the product; it only knows the DOM contract and
//! how to start the tools.

pub mod browser;
pub mod dates;
pub mod page;
pub mod serve;
