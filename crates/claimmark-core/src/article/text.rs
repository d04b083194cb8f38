//! Code-point offsets and ranges, and the few string helpers that work in
//! code points rather than bytes.
//!
//! Rust strings index by UTF-8 byte; the W3C model and our stored formats
//! count Unicode scalar values (code points). Every offset that leaves this
//! module is in code points, and the types say so.

use serde::{Deserialize, Serialize};

/// A half-open range `[start, end)` of code points in an article's canonical text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct CodePointRange {
    /// First code point in the range.
    pub start: usize,
    /// One past the last code point in the range.
    pub end: usize,
}

impl CodePointRange {
    /// Builds a range; `start` and `end` are swapped if given backwards.
    pub fn new(start: usize, end: usize) -> Self {
        if start <= end {
            CodePointRange { start, end }
        } else {
            CodePointRange { start: end, end: start }
        }
    }

    /// Number of code points in the range.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the range holds no code point.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// True when the two ranges share at least one code point.
    pub fn overlaps(&self, other: &CodePointRange) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// Number of code points in `text`.
pub fn code_point_len(text: &str) -> usize {
    text.chars().count()
}

/// Byte index of the code point at `code_point_offset`, or `text.len()` when
/// the offset is at or past the end.
pub fn byte_index_of_code_point(text: &str, code_point_offset: usize) -> usize {
    text.char_indices().nth(code_point_offset).map(|(byte_index, _)| byte_index).unwrap_or(text.len())
}

/// The substring between two code-point offsets, clamped to the text.
pub fn slice_code_points(text: &str, start: usize, end: usize) -> &str {
    let start_byte = byte_index_of_code_point(text, start);
    let end_byte = start_byte + byte_index_of_code_point(&text[start_byte..], end.saturating_sub(start));
    &text[start_byte..end_byte]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slices_count_code_points_not_bytes() {
        let text = "café 北京 😀 ok";
        assert_eq!(code_point_len(text), 12);
        assert_eq!(slice_code_points(text, 5, 7), "北京");
        assert_eq!(slice_code_points(text, 8, 9), "😀");
        assert_eq!(slice_code_points(text, 10, 99), "ok");
        assert_eq!(slice_code_points(text, 99, 120), "");
    }

    #[test]
    fn backwards_ranges_are_normalised() {
        assert_eq!(CodePointRange::new(9, 3), CodePointRange { start: 3, end: 9 });
        assert!(CodePointRange::new(3, 9).overlaps(&CodePointRange::new(8, 12)));
        assert!(!CodePointRange::new(3, 9).overlaps(&CodePointRange::new(9, 12)));
    }
}
