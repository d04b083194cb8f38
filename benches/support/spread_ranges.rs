//! The spread of highlights the storage benchmarks use, shared by the native
//! benchmark (`benches/core.rs`) and the browser benchmark's hooks
//! (`src/web/bench.rs`), so that both measure the same annotations. The
//! including module provides `Article` and `CodePointRange`.

use super::{Article, CodePointRange};

/// Up to `count` disjoint ranges inside blocks, as long as possible: the
/// widest stride at which the blocks hold `count` slots, each range one code
/// point shorter than the stride.
pub fn spread_ranges(article: &Article, count: usize) -> Vec<CodePointRange> {
    let slots_at = |stride: usize| article.blocks.iter().map(|block| block.length / stride).sum::<usize>();
    let stride = (2..=256).rev().find(|&stride| slots_at(stride) >= count).unwrap_or(2);
    article
        .blocks
        .iter()
        .flat_map(|block| {
            (0..block.length / stride).map(move |slot| {
                let start = block.start + slot * stride;
                CodePointRange::new(start, start + stride - 1)
            })
        })
        .take(count)
        .collect()
}
