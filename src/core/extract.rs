//! Extraction of a clean article from raw page text.
//!
//! SKELETON — to be implemented.
