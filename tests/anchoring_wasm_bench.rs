//! The anchoring benchmark compiled to wasm: the same cases as
//! `benches/anchoring.rs` (`benches/anchoring_wasm/cases.rs`), timed with
//! `performance.now()` in Node or Chromium through wasm-bindgen-test-runner.
//! It prints figures and asserts only correctness (1,000 of 1,000 within ±2),
//! never a time. The inputs are compiled in from `../shared/bench/anchoring`,
//! so without them the build fails with the missing path.
//!
//! ```sh
//! cargo test --release --target wasm32-unknown-unknown --test anchoring_wasm_bench -- --nocapture
//! ```

#![cfg(target_arch = "wasm32")]

#[path = "../benches/anchoring_wasm/cases.rs"]
mod cases;

use wasm_bindgen::JsValue;
use wasm_bindgen_test::{console_log, wasm_bindgen_test};

const SMALL: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/bench/anchoring/anchor-100000.json"));
const LARGE: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/bench/anchoring/anchor-1000000.json"));

/// Runs per case; the median is reported.
const RUNS: usize = 7;

fn now_ms() -> f64 {
    let performance = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("performance")).unwrap();
    let now: js_sys::Function = js_sys::Reflect::get(&performance, &JsValue::from_str("now")).unwrap().into();
    now.call0(&performance).unwrap().as_f64().unwrap()
}

#[wasm_bindgen_test]
fn reanchor_all_selectors() {
    for (name, json) in [("100KB", SMALL), ("1MB", LARGE)] {
        let case = cases::load(json);
        for (kind, targets) in [("exact", &case.exact), ("fuzzy", &case.fuzzy)] {
            let mut times = Vec::with_capacity(RUNS);
            for _ in 0..RUNS {
                let started = now_ms();
                let correct = cases::anchor_all(&case, targets);
                times.push(now_ms() - started);
                assert_eq!(correct, targets.len(), "{kind}/{name}: every selector is placed within ±2");
            }
            times.sort_by(f64::total_cmp);
            console_log!(
                "wasm reanchor/{kind}/{name}: median {:.1} ms over {RUNS} runs (min {:.1}, max {:.1}), {} of {} correct",
                times[RUNS / 2],
                times[0],
                times[RUNS - 1],
                targets.len(),
                targets.len()
            );
        }
    }
}
