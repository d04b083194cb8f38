//! The stored format: how a session's annotations live in localStorage.
//!
//! SKELETON — to be implemented.
