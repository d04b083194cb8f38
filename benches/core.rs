//! Native benchmarks of the core, run by `make bench` (`cargo bench --bench
//! core`): highlight segmentation, anchoring, the stored format, and the
//! summary and density strip, on the shared benchmark inputs in
//! `../shared/bench/` so the figures sit beside the peers' in BENCHMARKS.md.
//!
//! The inputs are required: without them every benchmark panics with the
//! path it looked for, rather than measuring nothing. `CLAIMMARK_BENCH_INPUTS`
//! points at another copy of the `bench` directory.
//!
//! Before timing, each input is checked (the article's length, every quote
//! against its range) and each anchoring case prints how many selectors it
//! placed within ±2 code points of the expected start, the peers' criterion
//! of correctness. It measures; it asserts no time.

#![cfg_attr(target_arch = "wasm32", no_main)]

// The highlights' spread, shared with the browser benchmark's hooks; the
// shared file takes these two types from here.
#[cfg(not(target_arch = "wasm32"))]
use claimmark_core::{article::model::Article, article::text::CodePointRange};
#[cfg(not(target_arch = "wasm32"))]
#[path = "support/spread_ranges.rs"]
mod spread;

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::hint::black_box;
    use std::path::PathBuf;
    use std::rc::Rc;
    use std::time::Duration;

    use claimmark_core::anchoring::selector::{anchor, Target, TextQuote};
    use claimmark_core::article::model::{Article, ArticleMetadata, BlockKind};
    use claimmark_core::article::text::{slice_code_points, CodePointRange};
    use claimmark_core::session::action::Action;
    use claimmark_core::session::annotation::AnnotationId;
    use claimmark_core::session::reducer::Session;
    use claimmark_core::session::tags::TagSet;
    use claimmark_core::storage::persist::{decode_annotations, encode_session};
    use claimmark_core::storage::store::{ArticleSync, LoadOutcome, MemoryStore};
    use claimmark_core::time::Timestamp;
    use claimmark_core::views::density::density_ticks;
    use claimmark_core::views::segments::{segment_article, SegmentCache};
    use claimmark_core::views::summary::{summarize, SentenceMap};
    use criterion::{BatchSize, BenchmarkId, Criterion};
    use serde::Deserialize;

    use super::spread::spread_ranges;

    /// `render/render-data.json`: a 100 KB article and 1,000 highlights.
    #[derive(Deserialize)]
    struct RenderData {
        chars: usize,
        paras: Vec<String>,
        ranges: Vec<[usize; 2]>,
        quotes: Vec<String>,
    }

    /// `anchoring/anchor-*.json`: an article and two lists of 1,000 selectors.
    #[derive(Deserialize)]
    struct AnchoringData {
        paras: Vec<String>,
        quotes: Vec<Selector>,
        fuzzy: Vec<Selector>,
    }

    #[derive(Deserialize)]
    struct Selector {
        start: usize,
        end: usize,
        exact: String,
        prefix: String,
        suffix: String,
    }

    fn inputs_directory() -> PathBuf {
        match std::env::var_os("CLAIMMARK_BENCH_INPUTS") {
            Some(directory) => PathBuf::from(directory),
            None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/bench"),
        }
    }

    /// Reads and parses a benchmark input, or panics saying which file is
    /// missing and how to point at another copy.
    fn read_input<T: for<'de> Deserialize<'de>>(relative_path: &str) -> T {
        let path = inputs_directory().join(relative_path);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|error| {
            panic!(
                "benchmark input {} cannot be read ({error}). The benchmarks need the shared inputs in \
                 ../shared/bench next to the repository, or CLAIMMARK_BENCH_INPUTS set to a copy of that directory.",
                path.display()
            )
        });
        serde_json::from_str(&text).unwrap_or_else(|error| panic!("{} is not valid input: {error}", path.display()))
    }

    fn article_of(paragraphs: &[String]) -> Rc<Article> {
        Rc::new(Article::new(
            ArticleMetadata { title: "Benchmark article".to_string(), ..Default::default() },
            paragraphs.iter().map(|paragraph| (BlockKind::Paragraph, paragraph.clone())),
        ))
    }

    /// A session on `article` with one highlight per range, created through
    /// the reducer exactly as the app creates them.
    fn session_with(article: &Rc<Article>, ranges: &[CodePointRange]) -> Session {
        let tag = TagSet::defaults().tags[0].id.clone();
        // Each highlight is made as the toolbar makes it, then all are loaded
        // at once as from storage: creating them one by one in one session
        // would record an undo step holding every earlier highlight each time.
        let annotations = ranges.iter().enumerate().filter_map(|(index, range)| {
            let mut single = Session::new(article.clone());
            single.apply(Action::Create {
                id: AnnotationId(format!("00000000-0000-4000-8000-{index:012x}")),
                now: Timestamp(1_700_000_000_000 + index as i64),
                range: *range,
                tag: tag.clone(),
            });
            single.annotations.pop()
        });
        let mut session = Session::new(article.clone());
        session.apply(Action::Load { annotations: annotations.collect() });
        assert_eq!(session.annotations.len(), ranges.len(), "every benchmark highlight must be created");
        session
    }

    /// The render input as an article plus its 1,000 ranges, checked.
    fn render_input() -> (Rc<Article>, Vec<CodePointRange>) {
        let data: RenderData = read_input("render/render-data.json");
        let article = article_of(&data.paras);
        assert_eq!(article.len(), data.chars, "the render article's canonical text must keep its length");
        let ranges: Vec<CodePointRange> =
            data.ranges.iter().map(|[start, end]| CodePointRange::new(*start, *end)).collect();
        for (range, quote) in ranges.iter().zip(&data.quotes) {
            assert_eq!(slice_code_points(article.canonical_text(), range.start, range.end), quote);
        }
        (article, ranges)
    }

    pub fn segmentation(criterion: &mut Criterion) {
        let (article, ranges) = render_input();
        let session = session_with(&article, &ranges);
        let dense_session = session_with(&article, &spread_ranges(&article, 10_000));
        let mut group = criterion.benchmark_group("segment_article");
        group.bench_function("100KB, 1,000 highlights", |bencher| {
            bencher.iter(|| segment_article(black_box(&article), black_box(&session.annotations)))
        });
        group.bench_function("100KB, 10,000 highlights", |bencher| {
            bencher.iter(|| segment_article(black_box(&article), black_box(&dense_session.annotations)))
        });
        group.finish();

        // What the app does per render: the cache re-cuts only the blocks an
        // edit touched. Each iteration switches between the 1,000 highlights
        // and the same plus one, so every update re-cuts exactly one block.
        let mut with_one_more = session.annotations.clone();
        let free = free_range(&article, &ranges);
        with_one_more.push({
            let mut single = Session::new(article.clone());
            let tag = single.tags.tags[0].id.clone();
            single.apply(Action::Create {
                id: AnnotationId("00000000-0000-4000-8000-ffffffffffff".to_string()),
                now: Timestamp(1_700_000_000_000),
                range: free,
                tag,
            });
            single.annotations.pop().expect("the extra highlight is created")
        });
        with_one_more.sort_by_key(|annotation| annotation.range.start);
        let mut cache = SegmentCache::new();
        cache.update(&article, &session.annotations);
        let mut group = criterion.benchmark_group("segment_cache");
        let mut toggle = false;
        group.bench_function("100KB, 1,000 highlights, one added or removed", |bencher| {
            bencher.iter(|| {
                toggle = !toggle;
                let annotations = if toggle { &with_one_more } else { &session.annotations };
                let segments = cache.update(black_box(&article), black_box(annotations));
                assert_eq!(cache.recomputed_last(), 1, "one edit re-cuts one block");
                segments
            })
        });
        group.finish();
    }

    /// A short range inside a block that none of `ranges` touches.
    fn free_range(article: &Article, ranges: &[CodePointRange]) -> CodePointRange {
        article
            .blocks
            .iter()
            .filter(|block| block.length > 20)
            .map(|block| CodePointRange::new(block.start + 2, block.start + 12))
            .find(|candidate| ranges.iter().all(|range| range.end <= candidate.start || range.start >= candidate.end))
            .expect("some block has ten free code points")
    }

    fn targets_of(selectors: &[Selector], position_shift: usize) -> Vec<Target> {
        selectors
            .iter()
            .map(|selector| Target {
                position: CodePointRange::new(selector.start + position_shift, selector.end + position_shift),
                quote: TextQuote {
                    exact: selector.exact.clone(),
                    prefix: selector.prefix.clone(),
                    suffix: selector.suffix.clone(),
                },
            })
            .collect()
    }

    /// Anchors every target; returns how many were placed and how many of
    /// those start within ±2 code points of `expected_starts`.
    fn anchor_all(article: &Article, targets: &[Target], expected_starts: &[usize]) -> (usize, usize) {
        let mut placed = 0;
        let mut correct = 0;
        for (target, expected_start) in targets.iter().zip(expected_starts) {
            if let Ok(anchored) = anchor(article, target) {
                placed += 1;
                if anchored.range.start.abs_diff(*expected_start) <= 2 {
                    correct += 1;
                }
            }
        }
        (placed, correct)
    }

    /// Times re-anchoring all of `targets` as one iteration, after printing
    /// how well they anchor.
    fn bench_anchoring_case(
        criterion: &mut Criterion,
        case: &str,
        input_name: &str,
        article: &Article,
        targets: &[Target],
        expected_starts: &[usize],
    ) {
        let (placed, correct) = anchor_all(article, targets, expected_starts);
        println!(
            "anchor/{case}/{input_name}: placed {placed} of {}, {correct} within ±2 code points of the expected start",
            targets.len()
        );
        criterion.bench_with_input(
            BenchmarkId::new(format!("anchor/{case}"), input_name),
            &targets,
            |bencher, targets| {
                bencher.iter(|| {
                    for target in targets.iter() {
                        let _ = black_box(anchor(black_box(article), target));
                    }
                })
            },
        );
    }

    /// Positions are shifted this far to force the verbatim quote search
    /// instead of the stored-position check, as after an edit of the text.
    const STALE_POSITION_SHIFT: usize = 100;

    pub fn anchoring(criterion: &mut Criterion) {
        for (input_name, file) in [("100KB", "anchoring/anchor-100000.json"), ("1MB", "anchoring/anchor-1000000.json")]
        {
            let data: AnchoringData = read_input(file);
            let article = article_of(&data.paras);
            let joined_length: usize =
                data.paras.iter().map(|paragraph| paragraph.chars().count()).sum::<usize>() + data.paras.len() - 1;
            assert_eq!(article.len(), joined_length, "{file}: the canonical text must be paras.join(\"\\n\")");
            let expected_starts: Vec<usize> = data.quotes.iter().map(|selector| selector.start).collect();

            let exact = targets_of(&data.quotes, 0);
            bench_anchoring_case(criterion, "exact", input_name, &article, &exact, &expected_starts);
            let stale = targets_of(&data.quotes, STALE_POSITION_SHIFT);
            bench_anchoring_case(criterion, "exact-stale-position", input_name, &article, &stale, &expected_starts);
            bench_anchor_fuzzy_selectors(criterion, input_name, &article, &data.fuzzy);
        }
    }

    /// The fuzzy case: the same selectors with 3 characters of each `exact`
    /// replaced. It times whatever [`anchor`] does with them; once a fuzzy
    /// strategy joins `anchor`, this measures it with no change here, and
    /// the printed count shows how many it places correctly.
    fn bench_anchor_fuzzy_selectors(
        criterion: &mut Criterion,
        input_name: &str,
        article: &Article,
        fuzzy: &[Selector],
    ) {
        let targets = targets_of(fuzzy, 0);
        let expected_starts: Vec<usize> = fuzzy.iter().map(|selector| selector.start).collect();
        bench_anchoring_case(criterion, "fuzzy", input_name, article, &targets, &expected_starts);
    }

    pub fn stored_format(criterion: &mut Criterion) {
        let (article, ranges) = render_input();
        let sessions = [
            ("1,000 highlights", session_with(&article, &ranges)),
            ("10,000 highlights", session_with(&article, &spread_ranges(&article, 10_000))),
        ];
        let saved_at = Timestamp(1_700_000_000_000);
        let mut group = criterion.benchmark_group("stored_format");
        for (name, session) in &sessions {
            let encoded = encode_session(session, saved_at);
            let decoded = decode_annotations(&encoded, &article).expect("the stored value decodes");
            assert_eq!(decoded.len(), session.annotations.len());
            println!(
                "stored_format/{name}: {} bytes, {:.0} bytes per highlight",
                encoded.len(),
                encoded.len() as f64 / session.annotations.len() as f64
            );
            group.bench_function(format!("encode_session, {name}"), |bencher| {
                bencher.iter(|| encode_session(black_box(session), saved_at))
            });
            group.bench_function(format!("decode_annotations, {name}"), |bencher| {
                bencher.iter(|| decode_annotations(black_box(&encoded), black_box(&article)))
            });
        }
        group.finish();
    }

    /// A synthetic article of the library: 12 paragraphs of about 800 code
    /// points whose words depend on `index`, so every article has its own id.
    fn library_article(index: usize) -> Rc<Article> {
        let words = ["claim", "minister", "percent", "report", "budget", "council", "survey", "growth", "figure"];
        let paragraphs = (0..12).map(|paragraph| {
            let text: Vec<String> = (0..110)
                .map(|word| {
                    format!("{}{}", words[(index * 7 + paragraph * 3 + word) % words.len()], (index + word) % 10)
                })
                .collect();
            (BlockKind::Paragraph, format!("Article {index}, paragraph {paragraph}: {}.", text.join(" ")))
        });
        Rc::new(Article::new(
            ArticleMetadata { title: format!("Library article {index}"), ..Default::default() },
            paragraphs,
        ))
    }

    /// Saving one edit (a note changed on one highlight) and loading, as the
    /// app does, through `ArticleSync` over an in-memory store: the issue's
    /// library of 10,000 highlights over 100 article keys (the edit touches
    /// only the open article's key), then one article holding all 10,000 as a
    /// stress case, and the 1,000-highlight article of the add-one case.
    pub fn library_storage(criterion: &mut Criterion) {
        let saved_at = Timestamp(1_700_000_000_000);
        let mut library = MemoryStore::default();
        let articles: Vec<Rc<Article>> = (0..100).map(library_article).collect();
        let mut open_session = None;
        for article in &articles {
            let session = session_with(article, &spread_ranges(article, 100));
            ArticleSync::new(article).save(&mut library, article, &session.annotations, saved_at).expect("it fits");
            open_session.get_or_insert(session);
        }
        let stored_total: usize = articles
            .iter()
            .map(|article| match ArticleSync::new(article).load(&mut library, article, saved_at) {
                LoadOutcome::Loaded(annotations) => annotations.len(),
                _ => 0,
            })
            .sum();
        println!("library_storage: {stored_total} highlights over {} article keys", articles.len());
        assert_eq!(stored_total, 10_000, "the library must hold 10,000 highlights");
        let (article, ranges) = render_input();
        let cases = [
            ("library of 10,000 over 100 keys, open article 100", library, open_session.expect("an article")),
            ("one article of 1,000", MemoryStore::default(), session_with(&article, &ranges)),
            (
                "stress: one article of 10,000",
                MemoryStore::default(),
                session_with(&article, &spread_ranges(&article, 10_000)),
            ),
        ];
        let mut group = criterion.benchmark_group("library_storage");
        for (name, mut store, mut session) in cases {
            let open = session.article.clone();
            let mut sync = ArticleSync::new(&open);
            sync.load(&mut store, &open, saved_at);
            sync.save(&mut store, &open, &session.annotations, saved_at).expect("the first save");
            let mut edits = 0_usize;
            group.bench_function(format!("save one edit, {name}"), |bencher| {
                // The edit itself (the reducer's work) is set up outside the timing.
                bencher.iter_batched(
                    || {
                        edits += 1;
                        let now = Timestamp(saved_at.0 + 1_000 + edits as i64);
                        let id = session.annotations[edits % session.annotations.len()].id.clone();
                        session.apply(Action::SetNote { id, note: format!("note {edits}"), now });
                        (session.annotations.clone(), now)
                    },
                    |(annotations, now)| sync.save(&mut store, &open, &annotations, now).expect("the edit saves"),
                    BatchSize::SmallInput,
                )
            });
            group.bench_function(format!("load at startup, {name}"), |bencher| {
                bencher.iter(|| ArticleSync::new(&open).load(&mut store, black_box(&open), saved_at))
            });
        }
        group.finish();
    }

    /// The pictures on the render input (a 100 KB article, 1,000 highlights):
    /// the sentence map, built once per article text, then what every edit
    /// costs: the summary counts and the density strip's ticks.
    pub fn pictures(criterion: &mut Criterion) {
        let (article, ranges) = render_input();
        let session = session_with(&article, &ranges);
        let sentences = SentenceMap::of_article(&article);
        let summary = summarize(&session.annotations, &session.tags, &sentences, false);
        println!(
            "pictures: {} sentences, {} of them reviewed by {} highlights",
            sentences.len(),
            summary.review.reviewed,
            session.annotations.len()
        );
        let mut group = criterion.benchmark_group("pictures");
        group.bench_function("sentence map, once per article text", |bencher| {
            bencher.iter(|| SentenceMap::of_article(black_box(&article)))
        });
        group.bench_function("summary of 1,000 highlights, per edit", |bencher| {
            bencher.iter(|| summarize(black_box(&session.annotations), &session.tags, &sentences, false))
        });
        group.bench_function("density ticks of 1,000 highlights, per edit", |bencher| {
            bencher.iter(|| density_ticks(black_box(&session.annotations), &article))
        });
        group.finish();
    }

    /// Small samples keep `make bench` to a few minutes on a 2-core machine;
    /// each iteration is already a whole batch (1,000 anchors, a whole article).
    pub fn configuration() -> Criterion {
        Criterion::default()
            .sample_size(10)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(2))
            .configure_from_args()
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let mut criterion = native::configuration();
    native::segmentation(&mut criterion);
    native::anchoring(&mut criterion);
    native::stored_format(&mut criterion);
    native::library_storage(&mut criterion);
    native::pictures(&mut criterion);
    criterion.final_summary();
}
