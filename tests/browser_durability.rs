//! In-browser durability tests of the storage layer over the real
//! localStorage: corrupted values under claimmark keys, a quota filled to
//! the unit before the limit, and another tab's write taken in.
//!
//! Run with `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target
//! wasm32-unknown-unknown --test browser_durability`.
#![cfg(target_arch = "wasm32")]

use std::rc::Rc;

use claimmark::web::storage::{
    load_annotations, read_raw, remote_change, save_merging, usage, LoadOutcome, LocalStorage, RemoteChange, SaveError,
};
use claimmark_core::article::model::{Article, ArticleMetadata, BlockKind};
use claimmark_core::article::text::CodePointRange;
use claimmark_core::session::action::Action;
use claimmark_core::session::reducer::Session;
use claimmark_core::session::tags::TagId;
use claimmark_core::storage::persist::{self, StoredArticle};
use claimmark_core::storage::store::{KeyValueStore, BROWSER_QUOTA_UNITS};
use claimmark_core::time::Timestamp;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

fn article(name: &str) -> Rc<Article> {
    Rc::new(Article::new(
        ArticleMetadata { title: name.to_string(), ..Default::default() },
        vec![
            (BlockKind::Headline, format!("Durability test {name}")),
            (BlockKind::Paragraph, "The council said 1.73 million people 😀 voted in 北京 last year.".to_string()),
        ],
    ))
}

fn session_with_two(article: &Rc<Article>) -> Session {
    let mut session = Session::new(article.clone());
    let start = article.blocks[1].start;
    for (number, (from, to)) in [(17, 29), (30, 36)].into_iter().enumerate() {
        session.apply(Action::Create {
            id: claimmark_core::session::annotation::AnnotationId(format!("00000000-0000-4000-8000-{number:012}")),
            now: Timestamp(1_700_000_000_000 + number as i64),
            range: CodePointRange { start: start + from, end: start + to },
            tag: TagId("statistic".into()),
        });
    }
    session
}

/// Removes every key it names, and every key left under the test prefixes,
/// when dropped.
struct Cleanup(Vec<String>);

impl Drop for Cleanup {
    fn drop(&mut self) {
        let storage = storage();
        let mut keys = self.0.clone();
        let mut store = LocalStorage::open().unwrap();
        for key in store.keys().unwrap() {
            if key.starts_with("durability-filler-") || key.starts_with("claimmark:quarantine:") {
                keys.push(key);
            }
        }
        for key in keys {
            let _ = store.remove(&key);
        }
        let _ = storage.length();
    }
}

#[wasm_bindgen_test]
fn corrupted_values_are_quarantined_verbatim_and_the_rest_loads() {
    let good = article("good");
    let bad = article("bad");
    let _cleanup =
        Cleanup(vec![persist::annotations_key(&good.id), persist::annotations_key(&bad.id), "claimmark:junk".into()]);
    let session = session_with_two(&good);
    save_merging(&session, Timestamp(1_700_000_000_100)).unwrap();
    storage().set_item("claimmark:junk", "<not json from another app>").unwrap();
    for corrupt in ["{\"format\":\"claimmark-store\",\"version\":1,\"annot", "plain text", "{\"other\":\"app\"}"] {
        storage().set_item(&persist::annotations_key(&bad.id), corrupt).unwrap();
        let LoadOutcome::Quarantined { quarantine_key, reason } = load_annotations(&bad, Timestamp(1_700_000_000_200))
        else {
            panic!("{corrupt} was not quarantined");
        };
        assert_eq!(read_raw(&quarantine_key).as_deref(), Some(corrupt), "kept exactly as it was");
        assert!(!reason.is_empty());
        assert_eq!(read_raw(&persist::annotations_key(&bad.id)), None);
        storage().remove_item(&quarantine_key).unwrap();
    }
    assert_eq!(load_annotations(&good, Timestamp(1_700_000_000_300)), LoadOutcome::Loaded(session.annotations));
    assert_eq!(
        claimmark_core::storage::store::foreign_values_under_our_prefix(&LocalStorage::open().unwrap()).unwrap(),
        vec!["claimmark:junk".to_string()]
    );
}

#[wasm_bindgen_test]
fn a_full_quota_keeps_the_change_in_memory_and_the_stored_value_intact() {
    let open = article("full quota");
    let key = persist::annotations_key(&open.id);
    let _cleanup = Cleanup(vec![key.clone()]);
    let mut session = session_with_two(&open);
    save_merging(&session, Timestamp(1_700_000_001_000)).unwrap();
    let stored_before = read_raw(&key).unwrap();

    // Fill to the unit before the limit: one more unit must not fit.
    let used = usage().unwrap().total_units;
    let mut room = BROWSER_QUOTA_UNITS - used;
    let mut filler = 0;
    while room > 0 {
        let name = format!("durability-filler-{filler}");
        let value_units = room.min(1 << 20).saturating_sub(name.len());
        let value: String = js_sys::JsString::from("x").repeat(value_units as i32).into();
        storage().set_item(&name, &value).expect("the filler fits below the quota");
        room -= name.len() + value_units;
        filler += 1;
        if value_units == 0 {
            break;
        }
    }
    assert!(storage().set_item("durability-filler-x", "").is_err(), "not even one more unit fits");
    assert_eq!(usage().unwrap().total_units, BROWSER_QUOTA_UNITS);

    session.apply(Action::SetNote {
        id: session.annotations[0].id.clone(),
        note: "A note that does not fit".into(),
        now: Timestamp(1_700_000_002_000),
    });
    let in_memory = session.annotations.clone();
    assert_eq!(save_merging(&session, Timestamp(1_700_000_002_000)), Err(SaveError::QuotaExceeded));
    assert_eq!(session.annotations, in_memory, "the change stays in memory");
    assert_eq!(read_raw(&key).as_deref(), Some(stored_before.as_str()), "the stored value is untouched");

    // Freeing space lets the same session save everything.
    drop(_cleanup);
    let _cleanup = Cleanup(vec![key.clone()]);
    save_merging(&session, Timestamp(1_700_000_003_000)).unwrap();
    assert_eq!(load_annotations(&open, Timestamp(1_700_000_004_000)), LoadOutcome::Loaded(in_memory));
}

#[wasm_bindgen_test]
fn another_tabs_write_is_taken_in_and_never_overwritten() {
    let open = article("two tabs");
    let key = persist::annotations_key(&open.id);
    let _cleanup = Cleanup(vec![key.clone()]);
    let session = session_with_two(&open);
    save_merging(&session, Timestamp(1_700_000_005_000)).unwrap();
    let stored = persist::decode_store(&read_raw(&key).unwrap(), &open).unwrap();

    // Another tab adds one annotation and writes the next revision.
    let mut other = Session::new(open.clone());
    other.apply(Action::Load { annotations: stored.annotations.clone() });
    let start = open.blocks[0].start;
    other.apply(Action::Create {
        id: claimmark_core::session::annotation::AnnotationId("00000000-0000-4000-8000-000000000099".into()),
        now: Timestamp(1_700_000_006_000),
        range: CodePointRange { start, end: start + 10 },
        tag: TagId("quote".into()),
    });
    let written = StoredArticle {
        revision: stored.revision + 1,
        saved_at: Timestamp(1_700_000_006_000),
        annotations: other.annotations.clone(),
        tombstones: Vec::new(),
        fully_reviewed: false,
        trash: Vec::new(),
    };
    storage().set_item(&key, &persist::encode_store(&open, &written)).unwrap();

    let RemoteChange::Changed(change) = remote_change(&session, Timestamp(1_700_000_007_000)) else {
        panic!("the other tab's write is seen");
    };
    let mut here = session.clone();
    here.apply(Action::MergeRemote { annotations: change.annotations, tombstones: change.tombstones });
    assert_eq!(here.annotations.len(), 3);

    // A stale save from the first session merges instead of overwriting.
    let report = save_merging(&session, Timestamp(1_700_000_008_000)).unwrap();
    let after = persist::decode_store(&read_raw(&key).unwrap(), &open).unwrap();
    assert_eq!(after.annotations.len(), 3, "the other tab's annotation survives a stale save");
    assert!(report.merged.is_some() || after.annotations == here.annotations);
}

async fn sleep(milliseconds: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, milliseconds)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// The app's save waits for the next paint: the latest of several quick
/// jobs runs once, in a later task, and a pending one runs at once when the
/// page is left or the queue is dropped.
#[wasm_bindgen_test]
async fn a_deferred_save_runs_once_after_the_paint_and_is_never_dropped() {
    use std::cell::RefCell;

    use claimmark::web::after_paint::AfterPaint;

    let runs = Rc::new(RefCell::new(Vec::new()));
    let queue = AfterPaint::new();
    for edit in 1..=3 {
        let runs = runs.clone();
        queue.replace(move || runs.borrow_mut().push(edit));
    }
    assert!(runs.borrow().is_empty(), "nothing runs in the task of the edit");
    assert!(queue.is_pending());
    sleep(200).await;
    assert_eq!(*runs.borrow(), vec![3], "only the latest job runs, once");
    assert!(!queue.is_pending());

    let recorder = runs.clone();
    queue.replace(move || recorder.borrow_mut().push(4));
    let page_hide = web_sys::Event::new("pagehide").unwrap();
    web_sys::window().unwrap().dispatch_event(&page_hide).unwrap();
    assert_eq!(*runs.borrow(), vec![3, 4], "leaving the page runs the pending job at once");

    let recorder = runs.clone();
    queue.replace(move || recorder.borrow_mut().push(5));
    drop(queue);
    assert_eq!(*runs.borrow(), vec![3, 4, 5], "dropping the queue runs the pending job");
    sleep(100).await;
    assert_eq!(*runs.borrow(), vec![3, 4, 5], "a job that already ran never runs again");
}

/// The one-off form runs after the next paint unless it was dropped first.
#[wasm_bindgen_test]
async fn a_job_after_the_next_paint_runs_unless_cancelled() {
    use std::cell::Cell;

    use claimmark::web::after_paint::after_next_paint;

    let ran = Rc::new(Cell::new(0));
    let kept = {
        let ran = ran.clone();
        after_next_paint(move || ran.set(ran.get() + 1))
    };
    let cancelled = {
        let ran = ran.clone();
        after_next_paint(move || ran.set(ran.get() + 10))
    };
    drop(cancelled);
    assert_eq!(ran.get(), 0);
    sleep(200).await;
    assert_eq!(ran.get(), 1);
    drop(kept);
}
