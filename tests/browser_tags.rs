//! In-browser tests of the stored tag set over the real localStorage: a
//! round trip, a damaged value set aside exactly as stored (lone surrogate
//! included), a value from a newer claimmark left alone with saving
//! refused, and another tab's write picked up.
//!
//! Run with `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target
//! wasm32-unknown-unknown --test browser_tags`.
#![cfg(target_arch = "wasm32")]

use claimmark::web::tag_store::{load_tags, refusal, remote_tags, save_tags, TAGS_KEY};
use claimmark_core::session::tag_editing::{apply_edit, TagEdit};
use claimmark_core::session::tags::{TagId, TagSet};
use claimmark_core::storage::tag_store::{encode_tags, TagLoadOutcome};
use claimmark_core::time::Timestamp;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const NOW: Timestamp = Timestamp(1_795_861_200_000);

fn storage() -> web_sys::Storage {
    web_sys::window().unwrap().local_storage().unwrap().unwrap()
}

/// Removes the tag key and every quarantine copy of it.
fn clean() {
    let storage = storage();
    let length = storage.length().unwrap();
    let keys: Vec<String> = (0..length).filter_map(|index| storage.key(index).ok().flatten()).collect();
    for key in keys {
        if key == TAGS_KEY || (key.starts_with("claimmark:quarantine:") && key.ends_with(TAGS_KEY)) {
            storage.remove_item(&key).unwrap();
        }
    }
}

fn quarantined_copies() -> Vec<String> {
    let storage = storage();
    let length = storage.length().unwrap();
    (0..length)
        .filter_map(|index| storage.key(index).ok().flatten())
        .filter(|key| key.starts_with("claimmark:quarantine:") && key.ends_with(TAGS_KEY))
        .collect()
}

fn renamed(label: &str) -> TagSet {
    apply_edit(&TagSet::defaults(), &TagEdit::Rename(TagId("quote".into()), label.into())).unwrap()
}

// One test, run in order: the module keeps one tab's bookkeeping, as the app does.
#[wasm_bindgen_test]
fn the_tag_set_round_trips_survives_damage_refuses_newer_versions_and_hears_other_tabs() {
    clean();

    // Nothing stored: the defaults apply and nothing is written.
    assert_eq!(load_tags(NOW), TagLoadOutcome::Nothing);
    assert_eq!(storage().get_item(TAGS_KEY).unwrap(), None);

    // A round trip.
    let edited = renamed("Direct quote 北京 😀");
    save_tags(&edited, NOW).unwrap();
    assert_eq!(load_tags(NOW), TagLoadOutcome::Loaded(edited.clone()));

    // Another tab writes: the change is picked up once.
    let theirs = renamed("Quotation");
    storage().set_item(TAGS_KEY, &encode_tags(&theirs, NOW)).unwrap();
    assert_eq!(remote_tags(), Some(theirs.clone()));
    assert_eq!(remote_tags(), None);

    // A damaged value holding a lone surrogate is set aside exactly, as a JavaScript string.
    let damaged = js_sys::JsString::from_char_code(&[0x7b, 0xd800, 0x21]);
    let set_item = js_sys::Reflect::get(&storage(), &JsValue::from_str("setItem")).unwrap();
    let set_item: js_sys::Function = set_item.into();
    set_item.call2(&storage(), &JsValue::from_str(TAGS_KEY), &damaged).unwrap();
    let TagLoadOutcome::Quarantined { quarantine_key, reason } = load_tags(NOW) else {
        panic!("a damaged tag set must be set aside");
    };
    assert!(reason.starts_with("The saved tags are not valid JSON"), "{reason}");
    let get_item: js_sys::Function = js_sys::Reflect::get(&storage(), &JsValue::from_str("getItem")).unwrap().into();
    let copy = get_item.call1(&storage(), &JsValue::from_str(&quarantine_key)).unwrap();
    assert!(js_sys::Object::is(&copy, &damaged), "the copy is the damaged value, unit for unit");
    assert_eq!(storage().get_item(TAGS_KEY).unwrap(), None, "the original is removed once the copy is checked");
    assert_eq!(quarantined_copies(), vec![quarantine_key]);
    save_tags(&TagSet::defaults(), NOW).unwrap();
    assert_eq!(load_tags(NOW), TagLoadOutcome::Loaded(TagSet::defaults()));

    // A newer version is left alone, and saving over it is refused.
    let newer = encode_tags(&TagSet::defaults(), NOW).replace("\"version\":1", "\"version\":3");
    storage().set_item(TAGS_KEY, &newer).unwrap();
    assert!(matches!(load_tags(NOW), TagLoadOutcome::NewerVersion { .. }));
    assert!(refusal().is_some());
    assert!(save_tags(&edited, NOW).is_err());
    assert_eq!(storage().get_item(TAGS_KEY).unwrap(), Some(newer));

    clean();
    assert_eq!(load_tags(NOW), TagLoadOutcome::Nothing);
    assert!(refusal().is_none());
}
