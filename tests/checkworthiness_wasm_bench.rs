//! Benchmark, not a test of speed: segmenting and scoring a 10,000-word
//! article compiled to wasm and timed with `performance.now()` in headless
//! Chromium (the same work as `benches/checkworthiness.rs`). It prints the
//! median and slowest of several runs and asserts only that suggestions
//! were found, never a time.
//!
//! ```sh
//! CHROMEDRIVER=/usr/bin/chromedriver cargo test --release --target wasm32-unknown-unknown \
//!     --test checkworthiness_wasm_bench -- --nocapture
//! ```

#![cfg(target_arch = "wasm32")]

#[path = "../benches/checkworthiness_wasm/cases.rs"]
mod cases;

use wasm_bindgen::JsValue;
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// Timed runs after one warm-up; the median is reported.
const RUNS: usize = 9;

fn now_ms() -> f64 {
    let performance = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("performance")).unwrap();
    let now: js_sys::Function = js_sys::Reflect::get(&performance, &JsValue::from_str("now")).unwrap().into();
    now.call0(&performance).unwrap().as_f64().unwrap()
}

#[wasm_bindgen_test]
fn segment_and_score_ten_thousand_words() {
    let article = cases::article_of_words(10_000);
    let words = article.canonical_text().split_whitespace().count();
    // The first run also builds the model and its lexicon index, once.
    let started = now_ms();
    let suggested = cases::segment_and_score(&article);
    let first_run = now_ms() - started;
    assert!(suggested > 0);
    let mut times: Vec<f64> = (0..RUNS)
        .map(|_| {
            let started = now_ms();
            std::hint::black_box(cases::segment_and_score(std::hint::black_box(&article)));
            now_ms() - started
        })
        .collect();
    times.sort_by(f64::total_cmp);
    console_log!(
        "checkworthiness/segment-and-score: {words} words, {} blocks, {suggested} suggestions; first run {first_run:.1} ms, median {:.1} ms, slowest {:.1} ms",
        article.blocks.len(),
        times[RUNS / 2],
        times[RUNS - 1]
    );
}
