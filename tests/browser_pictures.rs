//! In-browser tests of the layout reads behind the density strip
//! (`web::viewport`): block boxes as fractions of the article, the visible
//! part of the article, the band's placement, and the scroll listener that
//! calls back at most once per animation frame.
//!
//! Run with `CHROMEDRIVER=/usr/bin/chromedriver cargo test --target
//! wasm32-unknown-unknown --test browser_pictures`.
#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::rc::Rc;

use claimmark::web::viewport::{measure_blocks, place_band, visible_part, BlockBox, FrameThrottledListener};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fixed-position article at `top` pixels from the window's top, with
/// blocks of the given heights and `data-block` values, in a fresh container.
fn article_with_blocks(top: f64, blocks: &[(&str, f64)]) -> Element {
    let article = document().create_element("article").unwrap();
    article
        .set_attribute("style", &format!("position:fixed;left:0;top:{top}px;width:300px;margin:0;padding:0"))
        .unwrap();
    for (index, height) in blocks {
        let block = document().create_element("div").unwrap();
        block.set_attribute("data-block", index).unwrap();
        block.set_attribute("style", &format!("height:{height}px;margin:0")).unwrap();
        block.set_text_content(Some("Text"));
        article.append_child(&block).unwrap();
    }
    document().body().unwrap().append_child(&article).unwrap();
    article
}

fn close(left: f64, right: f64) -> bool {
    (left - right).abs() < 1e-6
}

async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        web_sys::window().unwrap().request_animation_frame(&resolve).unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

fn fire(event_name: &str) {
    let event = web_sys::Event::new(event_name).unwrap();
    web_sys::window().unwrap().dispatch_event(&event).unwrap();
}

#[wasm_bindgen_test]
fn blocks_are_measured_as_fractions_of_the_article_in_block_order() {
    let article = article_with_blocks(0.0, &[("0", 100.0), ("1", 300.0)]);
    let boxes = measure_blocks(&article);
    article.remove();
    assert_eq!(boxes.len(), 2, "{boxes:?}");
    let expected = [BlockBox { top: 0.0, height: 0.25 }, BlockBox { top: 0.25, height: 0.75 }];
    for (measured, expected) in boxes.iter().zip(expected) {
        assert!(close(measured.top, expected.top) && close(measured.height, expected.height), "{boxes:?}");
    }
}

#[wasm_bindgen_test]
fn a_gap_in_the_block_numbers_or_an_article_not_laid_out_gives_no_boxes() {
    let with_gap = article_with_blocks(0.0, &[("0", 100.0), ("2", 100.0)]);
    assert_eq!(measure_blocks(&with_gap), Vec::new(), "a gap means the article is being replaced");
    with_gap.remove();

    let hidden = article_with_blocks(0.0, &[("0", 100.0)]);
    hidden.set_attribute("style", "display:none").unwrap();
    assert_eq!(measure_blocks(&hidden), Vec::new());
    assert_eq!(visible_part(&hidden), None);
    hidden.remove();
}

#[wasm_bindgen_test]
fn the_visible_part_is_the_window_over_the_article_clamped_to_it() {
    let window_height = web_sys::window().unwrap().inner_height().unwrap().as_f64().unwrap();
    let height = window_height * 4.0;
    // The article starts one window height above the window's top.
    let article = article_with_blocks(-window_height, &[("0", height)]);
    let (start, end) = visible_part(&article).expect("laid out");
    assert!(close(start, 0.25) && close(end, 0.5), "({start}, {end})");

    // Starting below the window's top: the part shown begins at 0 and ends
    // where the window does.
    article
        .set_attribute("style", &format!("position:fixed;left:0;top:{}px;width:300px", window_height / 2.0))
        .unwrap();
    let (start, end) = visible_part(&article).expect("laid out");
    assert!(close(start, 0.0) && close(end, 0.125), "({start}, {end})");
    article.remove();
}

#[wasm_bindgen_test]
fn the_band_is_placed_in_percent_of_the_track() {
    let band: HtmlElement = document().create_element("div").unwrap().dyn_into().unwrap();
    place_band(&band, 0.25, 0.625);
    assert_eq!(band.style().get_property_value("top").unwrap(), "25%");
    assert_eq!(band.style().get_property_value("height").unwrap(), "37.5%");
    place_band(&band, 0.5, 0.25);
    assert_eq!(band.style().get_property_value("height").unwrap(), "0%", "a reversed part is empty");
}

#[wasm_bindgen_test]
async fn scrolls_and_resizes_are_coalesced_into_one_call_per_frame() {
    let calls: Rc<RefCell<Vec<bool>>> = Rc::default();
    let listener = {
        let calls = calls.clone();
        FrameThrottledListener::new(move |resized| calls.borrow_mut().push(resized))
    };
    fire("scroll");
    fire("scroll");
    fire("resize");
    fire("scroll");
    assert!(calls.borrow().is_empty(), "nothing runs before the frame");
    next_frame().await;
    next_frame().await;
    assert_eq!(*calls.borrow(), vec![true], "four events, one call, which knows a resize happened");

    fire("scroll");
    next_frame().await;
    next_frame().await;
    assert_eq!(*calls.borrow(), vec![true, false], "the next frame's call saw only a scroll");

    // Dropped with a frame pending: the frame is cancelled, nothing runs.
    fire("scroll");
    drop(listener);
    next_frame().await;
    next_frame().await;
    assert_eq!(calls.borrow().len(), 2);
    fire("scroll");
    next_frame().await;
    assert_eq!(calls.borrow().len(), 2, "no listener is left behind");
}
