//! Suggestions: which sentences look like claims worth checking.
//!
//! Holds the check-worthiness model (its features, its weights and the
//! reasons it gives for a score) and the suggestions built on it: the open
//! suggestions of an article, stepping through them, and the user's
//! preferences.
//!
//! Must not know the browser, storage keys beyond its own preferences, or
//! how suggestions are drawn.

pub mod checkworthiness;
pub mod suggestions;
