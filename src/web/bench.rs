//! Benchmark hooks: JavaScript-callable functions that let the browser
//! benchmark (`examples/browser_bench.rs`, run by `make bench`) load a long
//! article with many highlights, add one highlight, time storage and
//! anchoring, and read the block render counter.
//!
//! Every hook is inert unless the page URL has `?bench`, checked at call
//! time: without it each one returns at once, changes nothing and reports
//! nothing, so production behaves exactly as if this module did not exist.
//! The hooks are compiled in, and exported to JavaScript, only with the
//! `bench-hooks` feature (`make bench` builds with it into
//! `target/bench-dist/`): the shipped build does not carry their bytes.
//! In bench mode the app starts on the article stored in sessionStorage
//! under [`INPUT_KEY`] (falling back to the seed article), and these hooks
//! record `performance.now()` at each step of the first render.
//!
//! It knows the core's article, session and storage APIs and a dispatcher
//! handed over by the UI as a plain closure; it knows nothing about Yew.

use std::cell::RefCell;
use std::fmt::Write as _;
use std::rc::Rc;

use js_sys::{Array, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::web;
use crate::web::storage::LoadOutcome;
use claimmark_core::anchoring::selector::{Anchorer, Target, TextQuote};
use claimmark_core::article::model::{Article, ArticleMetadata, BlockKind};
use claimmark_core::article::text::CodePointRange;
use claimmark_core::session::action::Action;
use claimmark_core::session::reducer::Session;
use claimmark_core::storage::persist;

#[path = "../../benches/support/spread_ranges.rs"]
mod spread;
use spread::spread_ranges;

/// The sessionStorage key holding the benchmark's article, as the JSON
/// `{"paras": ["…", …], "ranges": [[start, end], …]}`: the text is the
/// paragraphs joined with `"\n"` and each range becomes a highlight.
pub const INPUT_KEY: &str = "claimmark-bench:input";

/// Sends an action to the running app's session.
pub type Dispatch = Rc<dyn Fn(Action)>;

/// What the hooks remember between calls.
#[derive(Default)]
struct BenchState {
    /// Highlights read with the input, waiting for the session to exist.
    pending_ranges: Vec<CodePointRange>,
    /// `(step, performance.now())` for each step of the first render.
    timings: Vec<(&'static str, f64)>,
    /// The article the app shows.
    article: Option<Rc<Article>>,
    /// The app's dispatcher.
    dispatch: Option<Dispatch>,
    /// `(name, start, duration)` of each [`Span`] closed since the last
    /// [`bench_spans`] call, in milliseconds of `performance.now()`.
    spans: Vec<(&'static str, f64, f64)>,
}

thread_local! {
    static STATE: RefCell<BenchState> = RefCell::new(BenchState::default());
}

/// True when this build has the hooks (the `bench-hooks` feature) and the
/// page URL's query has a `bench` parameter.
fn bench_mode() -> bool {
    if !cfg!(feature = "bench-hooks") {
        return false;
    }
    let search = web_sys::window().and_then(|window| window.location().search().ok()).unwrap_or_default();
    search.trim_start_matches('?').split('&').any(|parameter| parameter == "bench" || parameter.starts_with("bench="))
}

/// `performance.now()`: milliseconds since navigation started.
fn now_ms() -> f64 {
    web_sys::window().and_then(|window| window.performance()).map_or(0.0, |performance| performance.now())
}

fn record(step: &'static str) {
    let time = now_ms();
    STATE.with(|state| state.borrow_mut().timings.push((step, time)));
}

/// Times a piece of the app's work in bench mode: created at its start,
/// it records its name, start and duration when dropped, for
/// [`bench_spans`]. Outside bench mode (and in builds without the hooks,
/// where it compiles to nothing) it records nothing.
pub struct Span {
    /// The name and start time, when recording.
    started: Option<(&'static str, f64)>,
}

impl Span {
    /// Starts timing `name`.
    pub fn new(name: &'static str) -> Span {
        Span { started: bench_mode().then(|| (name, now_ms())) }
    }
}

impl Drop for Span {
    fn drop(&mut self) {
        if let Some((name, started)) = self.started {
            let duration = now_ms() - started;
            STATE.with(|state| {
                let mut state = state.borrow_mut();
                // Bounded, so a page left open in bench mode cannot grow without end.
                if state.spans.len() < 100_000 {
                    state.spans.push((name, started, duration));
                }
            });
        }
    }
}

/// The spans recorded since the last call, as a JSON list of
/// `[name, start, duration]`, and forgets them; `undefined` outside bench
/// mode.
#[cfg_attr(feature = "bench-hooks", wasm_bindgen)]
pub fn bench_spans() -> Option<String> {
    if !bench_mode() {
        return None;
    }
    let spans = STATE.with(|state| std::mem::take(&mut state.borrow_mut().spans));
    let entries: Vec<String> =
        spans.iter().map(|(name, start, duration)| format!("[\"{name}\",{start:.3},{duration:.3}]")).collect();
    Some(format!("[{}]", entries.join(",")))
}

/// The article the app starts on: in bench mode, the one stored under
/// [`INPUT_KEY`] (its ranges are kept for [`with_starting_highlights`]);
/// `None` otherwise, or when no input is stored.
pub fn starting_article() -> Option<Article> {
    if !bench_mode() {
        return None;
    }
    record("appStart");
    let input = web_sys::window()?.session_storage().ok()??.get_item(INPUT_KEY).ok()??;
    let input = js_sys::JSON::parse(&input).ok()?;
    let paragraphs = array_property(&input, "paras")?;
    let ranges = array_property(&input, "ranges").unwrap_or_default();
    let article = Article::new(
        ArticleMetadata { title: "Benchmark article".to_string(), ..Default::default() },
        paragraphs.iter().filter_map(|paragraph| paragraph.as_string()).map(|text| (BlockKind::Paragraph, text)),
    );
    let pending_ranges = ranges
        .iter()
        .filter_map(|pair| {
            let pair = pair.dyn_into::<Array>().ok()?;
            Some(CodePointRange::new(pair.get(0).as_f64()? as usize, pair.get(1).as_f64()? as usize))
        })
        .collect();
    STATE.with(|state| state.borrow_mut().pending_ranges = pending_ranges);
    record("articleReady");
    Some(article)
}

/// `session` with the benchmark input's highlights added, in bench mode;
/// `session` unchanged otherwise.
pub fn with_starting_highlights(mut session: Session) -> Session {
    if !bench_mode() {
        return session;
    }
    let ranges = STATE.with(|state| std::mem::take(&mut state.borrow_mut().pending_ranges));
    add_highlights(&mut session, &ranges);
    // These highlights stand for ones loaded from storage: nothing to save.
    session.revision = 0;
    record("sessionReady");
    session
}

/// Called by the app once its first render is in the DOM. In bench mode it
/// keeps the dispatcher for later hooks and records when the next frame
/// starts (`firstFrame`) and when the task after it runs (`afterFirstPaint`).
pub fn app_mounted(article: Rc<Article>, dispatch: Dispatch) {
    if !bench_mode() {
        return;
    }
    record("firstRender");
    // Forces style and layout here, so the figures can tell Yew's work
    // (up to `firstRender`) from the browser's (up to `layoutDone`).
    if let Some(body) = web_sys::window().and_then(|window| window.document()).and_then(|document| document.body()) {
        let _ = body.offset_height();
    }
    record("layoutDone");
    STATE.with(|state| {
        let mut state = state.borrow_mut();
        state.article = Some(article);
        state.dispatch = Some(dispatch);
    });
    let Some(window) = web_sys::window() else { return };
    let on_frame = Closure::once_into_js(move || {
        record("firstFrame");
        let after_paint = Closure::once_into_js(move || record("afterFirstPaint"));
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(after_paint.unchecked_ref(), 0);
        }
    });
    let _ = window.request_animation_frame(on_frame.unchecked_ref());
}

/// The recorded steps as a JSON object of `performance.now()` values, plus
/// the article's block count; `undefined` outside bench mode.
#[cfg_attr(feature = "bench-hooks", wasm_bindgen)]
pub fn bench_timings() -> Option<String> {
    if !bench_mode() {
        return None;
    }
    STATE.with(|state| {
        let state = state.borrow();
        let mut json = String::from("{");
        for (step, time) in &state.timings {
            let _ = write!(json, "\"{step}\":{time:.3},");
        }
        let blocks = state.article.as_ref().map_or(0, |article| article.blocks.len());
        let _ = write!(json, "\"blocks\":{blocks}}}");
        Some(json)
    })
}

/// How many article blocks have rendered since the page loaded
/// (see [`web::events::block_render_count`]); `undefined` outside bench mode.
#[cfg_attr(feature = "bench-hooks", wasm_bindgen)]
pub fn bench_block_render_count() -> Option<f64> {
    bench_mode().then(|| web::events::block_render_count() as f64)
}

/// Dispatches the creation of a highlight on `[start, end)` with the first
/// tag, as the selection toolbar does. Returns whether it was dispatched.
#[cfg_attr(feature = "bench-hooks", wasm_bindgen)]
pub fn bench_create_highlight(start: u32, end: u32) -> bool {
    if !bench_mode() {
        return false;
    }
    let Some(dispatch) = STATE.with(|state| state.borrow().dispatch.clone()) else {
        return false;
    };
    let Some(tag) = claimmark_core::session::tags::TagSet::defaults().tags.first().map(|tag| tag.id.clone()) else {
        return false;
    };
    dispatch(Action::Create {
        id: web::ids::new_annotation_id(),
        now: web::clock::now(),
        range: CodePointRange::new(start as usize, end as usize),
        tag,
    });
    true
}

/// Times storage with `count` highlights spread over the app's article:
/// `repeats` runs each of saving one edit through the app's save path
/// (`saveMs`: read, merge, encode and `setItem`), encoding alone
/// (`encodeMs`), loading as a fresh page does (`loadMs`: `getItem` plus
/// decoding and checking) and decoding alone (`decodeMs`). The issue's
/// library case is [`bench_library_storage`]; this is the stress case of one
/// article holding every highlight. Also reports the stored size
/// in UTF-16 code units (`storedUnits`, what localStorage's quota counts)
/// and the setup time. The stored value is removed afterwards.
#[cfg_attr(feature = "bench-hooks", wasm_bindgen)]
pub fn bench_storage(count: u32, repeats: u32) -> Option<String> {
    if !bench_mode() {
        return None;
    }
    let article = STATE.with(|state| state.borrow().article.clone())?;
    let setup_started = now_ms();
    let mut session = session_with_spread_highlights(&article, count as usize);
    let setup_ms = now_ms() - setup_started;
    let key = persist::annotations_key(&article.id);
    let (mut save_ms, mut encode_ms, mut load_ms, mut decode_ms) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut failure = None;
    for run in 0..repeats.max(1) as usize {
        // Each save carries one edit, as in the app; the first also writes every highlight.
        if let Some(annotation) = session.annotations.get(run % session.annotations.len().max(1)) {
            let id = annotation.id.clone();
            session.apply(Action::SetNote { id, note: format!("Edited note {run}"), now: web::clock::now() });
        }
        let started = now_ms();
        if let Err(error) = web::storage::save_session(&session, web::clock::now()) {
            failure = Some(error.to_string());
            break;
        }
        save_ms.push(now_ms() - started);

        let started = now_ms();
        let encoded = persist::encode_session(&session, web::clock::now());
        encode_ms.push(now_ms() - started);
        drop(encoded);

        // As a fresh page loads it: this tab's storage bookkeeping remembers
        // what it wrote and would skip the decoding.
        let started = now_ms();
        let loaded = web::storage::read_raw(&key).map(|raw| persist::decode_annotations(&raw, &article));
        load_ms.push(now_ms() - started);
        let loaded_count = loaded.and_then(Result::ok).map_or(0, |annotations| annotations.len());
        if loaded_count != session.annotations.len() {
            failure = Some(format!("loading gave back {loaded_count} of {} highlights", session.annotations.len()));
            break;
        }

        let raw = web::storage::read_raw(&key).unwrap_or_default();
        let started = now_ms();
        let decoded = persist::decode_annotations(&raw, &article);
        decode_ms.push(now_ms() - started);
        if decoded.map_or(true, |annotations| annotations.len() != session.annotations.len()) {
            failure = Some("decoding the stored value failed".to_string());
            break;
        }
    }
    let stored_units = web::storage::read_raw(&key).map_or(0, |raw| raw.encode_utf16().count());
    remove_stored(&key);
    let mut json = format!(
        "{{\"count\":{},\"storedUnits\":{stored_units},\"setupMs\":{setup_ms:.3},\"saveMs\":{},\"encodeMs\":{},\
         \"loadMs\":{},\"decodeMs\":{}",
        session.annotations.len(),
        json_numbers(&save_ms),
        json_numbers(&encode_ms),
        json_numbers(&load_ms),
        json_numbers(&decode_ms),
    );
    if let Some(failure) = failure {
        let _ = write!(json, ",\"error\":{}", serde_json::to_string(&failure).unwrap_or_default());
    }
    json.push('}');
    Some(json)
}

/// Times storage the way the budget means it: a library of
/// `articles` synthetic articles with `per_article` highlights each, one
/// localStorage key per article. Reports `repeats` runs each of saving one
/// edit to the open article through the app's save path (`editMs`: read,
/// merge and write of that key only), of loading the open article as a
/// fresh page does (`loadMs`: `getItem` plus decoding and checking), and of
/// the backup reminder's count over the whole library (`reminderMs`), which
/// the storage panel reads once at startup and again after a backup, a
/// dismissal or a restore (edits count the open article from memory). Also the
/// library's size in UTF-16 units (`libraryUnits`) and highlight count.
/// Every key it wrote is removed afterwards.
#[cfg_attr(feature = "bench-hooks", wasm_bindgen)]
pub fn bench_library_storage(articles: u32, per_article: u32, repeats: u32) -> Option<String> {
    if !bench_mode() {
        return None;
    }
    let now = web::clock::now();
    let library: Vec<Rc<Article>> = (0..articles as usize).map(library_article).collect();
    let mut sessions = Vec::new();
    let mut failure = None;
    for article in &library {
        let session = session_with_spread_highlights(article, per_article as usize);
        if let Err(error) = web::storage::save_session(&session, now) {
            failure = Some(error.to_string());
            break;
        }
        sessions.push(session);
    }
    let keys: Vec<String> = library.iter().map(|article| persist::annotations_key(&article.id)).collect();
    let library_units: usize =
        keys.iter().filter_map(|key| web::storage::read_raw(key)).map(|raw| raw.encode_utf16().count()).sum();
    let total: usize = sessions.iter().map(|session| session.annotations.len()).sum();
    let (mut edit_ms, mut load_ms, mut reminder_ms) = (Vec::new(), Vec::new(), Vec::new());
    if let (None, Some(mut open)) = (&failure, sessions.first().cloned()) {
        for run in 0..repeats.max(1) as usize {
            let id = open.annotations[run % open.annotations.len()].id.clone();
            open.apply(Action::SetNote { id, note: format!("Edited note {run}"), now: web::clock::now() });
            let started = now_ms();
            if let Err(error) = web::storage::save_session(&open, web::clock::now()) {
                failure = Some(error.to_string());
                break;
            }
            edit_ms.push(now_ms() - started);

            let started = now_ms();
            let raw = web::storage::read_raw(&keys[0]).unwrap_or_default();
            let loaded = persist::decode_store(&raw, &open.article);
            load_ms.push(now_ms() - started);
            if loaded.map_or(true, |stored| stored.annotations.len() != open.annotations.len()) {
                failure = Some("loading the open article gave back another set of highlights".to_string());
                break;
            }

            let started = now_ms();
            let _ = web::storage::backup_reminder_state(None);
            reminder_ms.push(now_ms() - started);
        }
    }
    for key in &keys {
        remove_stored(key);
    }
    let mut json = format!(
        "{{\"articles\":{},\"count\":{total},\"libraryUnits\":{library_units},\"editMs\":{},\"loadMs\":{},\
         \"reminderMs\":{}",
        library.len(),
        json_numbers(&edit_ms),
        json_numbers(&load_ms),
        json_numbers(&reminder_ms),
    );
    if let Some(failure) = failure {
        let _ = write!(json, ",\"error\":{}", serde_json::to_string(&failure).unwrap_or_default());
    }
    json.push('}');
    Some(json)
}

/// A synthetic article of the benchmark library: 12 paragraphs of about 800
/// code points whose words depend on `index`, so each has its own id.
fn library_article(index: usize) -> Rc<Article> {
    let words = ["claim", "minister", "percent", "report", "budget", "council", "survey", "growth", "figure"];
    let paragraphs = (0..12).map(|paragraph| {
        let text: Vec<String> = (0..110)
            .map(|word| format!("{}{}", words[(index * 7 + paragraph * 3 + word) % words.len()], (index + word) % 10))
            .collect();
        (BlockKind::Paragraph, format!("Article {index}, paragraph {paragraph}: {}.", text.join(" ")))
    });
    Rc::new(Article::new(
        ArticleMetadata { title: format!("Library article {index}"), ..Default::default() },
        paragraphs,
    ))
}

/// Saves `count` highlights spread over the app's article, as a later
/// [`bench_load_stored_annotations`] will find them. Returns how many.
#[cfg_attr(feature = "bench-hooks", wasm_bindgen)]
pub fn bench_store_annotations(count: u32) -> Option<u32> {
    if !bench_mode() {
        return None;
    }
    let article = STATE.with(|state| state.borrow().article.clone())?;
    let session = session_with_spread_highlights(&article, count as usize);
    web::storage::save_session(&session, web::clock::now()).ok()?;
    u32::try_from(session.annotations.len()).ok()
}

/// Loads the article's stored highlights into the running app as a page
/// load does, and returns how many it loaded; the caller times it up to the
/// next frame, which includes rendering them.
#[cfg_attr(feature = "bench-hooks", wasm_bindgen)]
pub fn bench_load_stored_annotations() -> Option<u32> {
    if !bench_mode() {
        return None;
    }
    let (article, dispatch) = STATE.with(|state| {
        let state = state.borrow();
        Some((state.article.clone()?, state.dispatch.clone()?))
    })?;
    let LoadOutcome::Loaded(annotations) = web::storage::load_annotations(&article, web::clock::now()) else {
        return None;
    };
    let count = u32::try_from(annotations.len()).ok()?;
    dispatch(Action::Load { annotations });
    Some(count)
}

/// Anchors every selector of an anchoring benchmark input
/// (`../shared/bench/anchoring/*.json`, given as its JSON text) whose list
/// is `selectors_key` (`"quotes"` or `"fuzzy"`) on the article its `paras`
/// spell, as one batch through [`Anchorer::for_many`], and reports the time
/// for all of them (`ms`, article building excluded, the batch's text index
/// included), how many were placed (`anchored`) and how many within two code
/// points of the selector's `start` (`correct`), and the text's length.
#[cfg_attr(feature = "bench-hooks", wasm_bindgen)]
pub fn bench_anchor(input: &str, selectors_key: &str) -> Option<String> {
    if !bench_mode() {
        return None;
    }
    let input = js_sys::JSON::parse(input).ok()?;
    let paragraphs = array_property(&input, "paras")?;
    let article = Article::new(
        ArticleMetadata::default(),
        paragraphs.iter().filter_map(|paragraph| paragraph.as_string()).map(|text| (BlockKind::Paragraph, text)),
    );
    let selectors: Vec<Target> = array_property(&input, selectors_key)?
        .iter()
        .filter_map(|selector| {
            let text = |name: &str| Reflect::get(&selector, &JsValue::from_str(name)).ok()?.as_string();
            let number = |name: &str| Reflect::get(&selector, &JsValue::from_str(name)).ok()?.as_f64();
            Some(Target {
                position: CodePointRange::new(number("start")? as usize, number("end")? as usize),
                quote: TextQuote { exact: text("exact")?, prefix: text("prefix")?, suffix: text("suffix")? },
            })
        })
        .collect();
    // As re-anchoring a session does: one anchorer for the whole batch, its
    // text index built inside the timed work.
    let started = now_ms();
    let anchorer = Anchorer::for_many(&article);
    let results: Vec<_> = selectors.iter().map(|target| anchorer.anchor(target)).collect();
    let elapsed = now_ms() - started;
    let anchored = results.iter().filter(|result| result.is_ok()).count();
    let correct = results
        .iter()
        .zip(&selectors)
        .filter(|(result, target)| {
            result.as_ref().is_ok_and(|anchored| anchored.range.start.abs_diff(target.position.start) <= 2)
        })
        .count();
    Some(format!(
        "{{\"ms\":{elapsed:.3},\"anchored\":{anchored},\"correct\":{correct},\"total\":{},\"textLength\":{}}}",
        selectors.len(),
        article.len()
    ))
}

/// A session on `article` with `count` short highlights spread evenly over
/// its blocks (fewer when the blocks cannot hold that many apart).
fn session_with_spread_highlights(article: &Rc<Article>, count: usize) -> Session {
    let mut session = Session::new(article.clone());
    add_highlights(&mut session, &spread_ranges(article, count));
    session
}

fn add_highlights(session: &mut Session, ranges: &[CodePointRange]) {
    let Some(tag) = session.tags.tags.first().map(|tag| tag.id.clone()) else { return };
    let now = web::clock::now();
    // Made one by one as the toolbar makes them, then loaded at once as from
    // storage: creating them all in `session` would record an undo step
    // holding every earlier highlight each time.
    let annotations = ranges.iter().filter_map(|range| {
        let mut single = Session::new(session.article.clone());
        single.apply(Action::Create { id: web::ids::new_annotation_id(), now, range: *range, tag: tag.clone() });
        single.annotations.pop()
    });
    session.apply(Action::Load { annotations: annotations.collect() });
}

fn array_property(object: &JsValue, name: &str) -> Option<Array> {
    Reflect::get(object, &JsValue::from_str(name)).ok()?.dyn_into::<Array>().ok()
}

fn json_numbers(values: &[f64]) -> String {
    let numbers: Vec<String> = values.iter().map(|value| format!("{value:.3}")).collect();
    format!("[{}]", numbers.join(","))
}

fn remove_stored(key: &str) {
    if let Some(storage) = web_sys::window().and_then(|window| window.local_storage().ok().flatten()) {
        let _ = storage.remove_item(key);
    }
}
