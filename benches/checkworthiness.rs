//! Native benchmark of check-worthiness suggestions (`cargo bench --bench
//! checkworthiness`): segmenting and scoring every sentence of a
//! 10,000-word article. The same work compiled to wasm and timed in
//! headless Chromium is `tests/checkworthiness_wasm_bench.rs`; figures are
//! in BENCHMARKS.md.

#![cfg_attr(target_arch = "wasm32", no_main)]

#[cfg(not(target_arch = "wasm32"))]
#[path = "checkworthiness_wasm/cases.rs"]
mod cases;

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    use std::hint::black_box;
    use std::time::Duration;

    let article = cases::article_of_words(10_000);
    let words = article.canonical_text().split_whitespace().count();
    println!(
        "checkworthiness/10000-words: {words} words, {} blocks, {} suggestions at the default threshold",
        article.blocks.len(),
        cases::segment_and_score(&article)
    );
    let mut criterion = criterion::Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
        .configure_from_args();
    criterion.bench_function("checkworthiness/segment-and-score/10000-words", |bencher| {
        bencher.iter(|| black_box(cases::segment_and_score(black_box(&article))))
    });
    criterion.final_summary();
}
