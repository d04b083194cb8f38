//! The claimmark JSON export format.
//!
//! SKELETON — to be implemented.
