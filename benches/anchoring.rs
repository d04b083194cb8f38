//! Native benchmark of re-anchoring (`cargo bench --bench anchoring`): all
//! 1,000 selectors of `../shared/bench/anchoring/anchor-100000.json` and
//! `anchor-1000000.json`, exact and fuzzy, as one batch each, through
//! [`claimmark_core::anchoring::selector::Anchorer::for_many`] as re-anchoring a
//! session does. Before timing, each case prints how many results lie within
//! ±2 code points of the expected start. The inputs are required: without
//! them it panics with the path it looked for. The same cases compiled to
//! wasm are `tests/anchoring_wasm_bench.rs`; figures are in BENCHMARKS.md.

#![cfg_attr(target_arch = "wasm32", no_main)]

#[cfg(not(target_arch = "wasm32"))]
#[path = "anchoring_wasm/cases.rs"]
mod cases;

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    use std::hint::black_box;
    use std::path::Path;
    use std::time::Duration;

    let directory = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/bench/anchoring");
    let mut criterion = criterion::Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
        .configure_from_args();
    for (name, file) in [("100KB", "anchor-100000.json"), ("1MB", "anchor-1000000.json")] {
        let path = directory.join(file);
        let json = std::fs::read_to_string(&path)
            .unwrap_or_else(|error| panic!("the benchmark input {} cannot be read: {error}", path.display()));
        let case = cases::load(&json);
        for (kind, targets) in [("exact", &case.exact), ("fuzzy", &case.fuzzy)] {
            let correct = cases::anchor_all(&case, targets);
            println!("reanchor/{kind}/{name}: {correct} of {} within ±2 code points", targets.len());
            criterion.bench_function(&format!("reanchor/{kind}/{name}"), |bencher| {
                bencher.iter(|| black_box(cases::anchor_all(black_box(&case), black_box(targets))))
            });
        }
    }
    criterion.final_summary();
}
