//! Reading claimmark's page and driving it with real input, following the
//! DOM contract: blocks are `[data-block]` elements, highlights are flat
//! `mark.hl` elements carrying `data-annotation`, `data-annotations` and
//! `data-tag`.
//!
//! Selections are made with real W3C pointer actions at coordinates measured
//! in the page, and keys are real key actions, so the app sees the same
//! events a person's mouse and keyboard produce. Every wait is bounded and
//! fails with a message that says what it was waiting for.

use std::future::Future;
use std::ops::Range;
use std::time::{Duration, Instant};

use fantoccini::actions::{InputSource, KeyAction, KeyActions, MouseActions, PointerAction, MOUSE_BUTTON_LEFT};
use fantoccini::elements::Element;
use fantoccini::error::CmdError;
use fantoccini::{Client, Locator};
use serde::Deserialize;
use serde_json::{json, Value};

/// How long any single step may take before the test fails.
pub const STEP_TIMEOUT: Duration = Duration::from_secs(10);

/// How long the first load may take: the wasm is compiled on a cold page.
pub const FIRST_LOAD_TIMEOUT: Duration = Duration::from_secs(30);

/// How often a wait looks again.
const POLL_INTERVAL: Duration = Duration::from_millis(50);

/// Polls `probe` until it yields a value, and returns it. Errors from the
/// browser (an element replaced mid-read, say) count as "not yet". After
/// `timeout` it panics, naming `what` and showing the status line, the
/// storage banner and the current selection so a CI log shows why.
pub async fn wait_for<T, Probe, Attempt>(client: &Client, what: &str, timeout: Duration, mut probe: Probe) -> T
where
    Probe: FnMut() -> Attempt,
    Attempt: Future<Output = Result<Option<T>, CmdError>>,
{
    let started = Instant::now();
    let mut last_error = None;
    loop {
        match probe().await {
            Ok(Some(value)) => return value,
            Ok(None) => {}
            Err(error) => last_error = Some(error.to_string()),
        }
        if started.elapsed() > timeout {
            let page_state = describe_page_state(client).await;
            match last_error {
                Some(error) => {
                    panic!("timed out after {timeout:?} waiting for {what}; last browser error: {error}; {page_state}")
                }
                None => panic!("timed out after {timeout:?} waiting for {what}; {page_state}"),
            }
        }
        tokio::time::sleep(POLL_INTERVAL).await;
    }
}

async fn describe_page_state(client: &Client) -> String {
    let script = r#"
        const text = (selector) => { const element = document.querySelector(selector); return element ? element.textContent : null; };
        return { url: location.href, status: text('#status'), banner: text('#storage-banner'),
                 selection: String(window.getSelection()), blocks: document.querySelectorAll('[data-block]').length };
    "#;
    match client.execute(script, vec![]).await {
        Ok(state) => format!("page state: {state}"),
        Err(error) => format!("page state unavailable: {error}"),
    }
}

/// Runs `script` (a function body; `arguments` holds `arguments`) and returns
/// what it returns.
pub async fn run_script(client: &Client, script: &str, arguments: Vec<Value>) -> Result<Value, CmdError> {
    client.execute(script, arguments).await
}

/// The first element matching `selector`, if any.
pub async fn find_optional(client: &Client, selector: &str) -> Result<Option<Element>, CmdError> {
    Ok(client.find_all(Locator::Css(selector)).await?.into_iter().next())
}

/// Waits until an element matches `selector` and returns it.
pub async fn wait_for_element(client: &Client, selector: &str) -> Element {
    wait_for(client, &format!("an element matching `{selector}`"), STEP_TIMEOUT, || find_optional(client, selector))
        .await
}

/// Waits until `selector`'s `attribute` equals `expected`.
pub async fn wait_for_attribute(client: &Client, selector: &str, attribute: &str, expected: &str) {
    let what = format!("`{selector}` to have {attribute}=\"{expected}\"");
    wait_for(client, &what, STEP_TIMEOUT, || async move {
        let Some(element) = find_optional(client, selector).await? else {
            return Ok(None);
        };
        Ok((element.attr(attribute).await?.as_deref() == Some(expected)).then_some(()))
    })
    .await
}

/// The `textContent` of every element matching `selector`, in document order.
/// `textContent` rather than WebDriver's rendered text, because the contract
/// is about text nodes, not about what CSS makes visible.
pub async fn text_contents(client: &Client, selector: &str) -> Result<Vec<String>, CmdError> {
    let script = "return Array.from(document.querySelectorAll(arguments[0]), (element) => element.textContent);";
    let texts = run_script(client, script, vec![json!(selector)]).await?;
    Ok(serde_json::from_value(texts).expect("the script returns an array of strings"))
}

/// One block of the rendered article.
#[derive(Clone, Debug, Deserialize)]
pub struct RenderedBlock {
    /// The `data-block` attribute.
    pub index: String,
    /// The `data-kind` attribute.
    pub kind: String,
    /// The block's `textContent`.
    pub text: String,
}

/// The article's blocks in document order.
pub async fn rendered_blocks(client: &Client) -> Result<Vec<RenderedBlock>, CmdError> {
    let script = r#"
        return Array.from(document.querySelectorAll('#article [data-block]'), (element) => ({
            index: element.getAttribute('data-block'), kind: element.getAttribute('data-kind'), text: element.textContent }));
    "#;
    let blocks = run_script(client, script, vec![]).await?;
    Ok(serde_json::from_value(blocks).expect("the script returns block descriptions"))
}

/// Waits until the app has rendered the article's blocks.
pub async fn wait_for_article(client: &Client, timeout: Duration) -> Vec<RenderedBlock> {
    wait_for(client, "the article's [data-block] elements", timeout, || async move {
        let blocks = rendered_blocks(client).await?;
        Ok((!blocks.is_empty()).then_some(blocks))
    })
    .await
}

/// One annotation as the highlights show it.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Highlight {
    /// The annotation's id.
    pub annotation: String,
    /// `data-tag` of the marks where this annotation is the topmost one.
    pub tag: Option<String>,
    /// The text of every mark covering the annotation, joined in order.
    pub text: String,
}

/// Every annotation that has highlights, in the order its first mark
/// appears. Panics when a mark breaks the contract (nested marks, or a
/// `data-annotation` that is not the first of `data-annotations`).
pub async fn highlights(client: &Client) -> Result<Vec<Highlight>, CmdError> {
    let script = r#"
        const groups = [], byId = new Map(), problems = [];
        for (const mark of document.querySelectorAll('#article mark.hl')) {
            const ids = (mark.getAttribute('data-annotations') || '').split(/\s+/).filter(Boolean);
            const topmost = mark.getAttribute('data-annotation');
            if (ids[0] !== topmost) problems.push(`mark "${mark.textContent}" has data-annotation ${topmost} but data-annotations "${ids.join(' ')}"`);
            if (mark.querySelector('mark') || mark.parentElement.closest('mark')) problems.push(`mark "${mark.textContent}" is nested`);
            if (!mark.closest('[data-block]')) problems.push(`mark "${mark.textContent}" is outside every block`);
            for (const id of ids) {
                if (!byId.has(id)) { const group = { annotation: id, tag: null, text: '' }; byId.set(id, group); groups.push(group); }
                const group = byId.get(id);
                group.text += mark.textContent;
                if (id === topmost && group.tag === null) group.tag = mark.getAttribute('data-tag');
            }
        }
        return { groups, problems };
    "#;
    let result = run_script(client, script, vec![]).await?;
    let problems: Vec<String> = serde_json::from_value(result["problems"].clone()).expect("problems are strings");
    assert!(problems.is_empty(), "highlight marks break the DOM contract: {problems:#?}");
    Ok(serde_json::from_value(result["groups"].clone()).expect("the script returns highlight groups"))
}

/// Waits until there are exactly `count` highlighted annotations and
/// returns them.
pub async fn wait_for_highlight_count(client: &Client, count: usize) -> Vec<Highlight> {
    wait_for(client, &format!("{count} highlighted annotation(s)"), STEP_TIMEOUT, || async move {
        let found = highlights(client).await?;
        Ok((found.len() == count).then_some(found))
    })
    .await
}

/// A viewport point, in CSS pixels.
#[derive(Clone, Copy, Debug, Deserialize)]
struct Point {
    x: f64,
    y: f64,
}

/// Where a drag over some text must start and end.
#[derive(Debug, Deserialize)]
struct DragTarget {
    first: Point,
    last: Point,
    text: String,
}

/// Measures, in viewport coordinates, the code points `part` of the one
/// place in the article's blocks where `context` occurs, after scrolling
/// that block to the middle of the viewport. The points sit 1 px inside the
/// first and last characters, at mid-line.
const MEASURE_TEXT_SCRIPT: &str = r#"
    // Either `context` (text that occurs once in the article) or `blockIndex`
    // names the text; `partStart..partEnd` are code points within it.
    const [context, partStart, partEnd, blockIndex] = arguments;
    const textNodesOf = (block) => {
        const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
        const nodes = [];
        let text = '';
        while (walker.nextNode()) { nodes.push({ node: walker.currentNode, start: text.length }); text += walker.currentNode.data; }
        return { nodes, text };
    };
    let found = null;
    if (blockIndex !== null) {
        const block = document.querySelector(`#article [data-block="${blockIndex}"]`);
        if (!block) return { error: `there is no block ${blockIndex}` };
        const { nodes, text } = textNodesOf(block);
        found = { block, nodes, at: 0, named: text };
    } else {
        for (const block of document.querySelectorAll('#article [data-block]')) {
            const { nodes, text } = textNodesOf(block);
            const at = text.indexOf(context);
            if (at < 0) continue;
            if (found || text.indexOf(context, at + 1) >= 0) return { error: `"${context}" occurs more than once in the article` };
            found = { block, nodes, at, named: context };
        }
        if (!found) return { error: `"${context}" is not in any [data-block] element` };
    }
    const codePoints = Array.from(found.named);
    const startUnit = found.at + codePoints.slice(0, partStart).join('').length;
    const endUnit = found.at + codePoints.slice(0, partEnd).join('').length;
    const locate = (unit, isEnd) => {
        for (const { node, start } of found.nodes) {
            const end = start + node.data.length;
            if (isEnd ? (unit > start && unit <= end) : (unit >= start && unit < end)) return [node, unit - start];
        }
        return null;
    };
    // Scroll only when needed, so that measuring a second stretch of text
    // leaves the first one where it was measured.
    const box = found.block.getBoundingClientRect();
    if (box.top < 60 || box.bottom > window.innerHeight - 10) found.block.scrollIntoView({ block: 'center', behavior: 'instant' });
    const range = document.createRange();
    range.setStart(...locate(startUnit, false));
    range.setEnd(...locate(endUnit, true));
    const rects = Array.from(range.getClientRects()).filter((rect) => rect.width > 0 && rect.height > 0);
    if (rects.length === 0) return { error: `"${range}" has no visible box` };
    const first = rects[0], last = rects[rects.length - 1];
    return {
        first: { x: Math.round(first.left + 1), y: Math.round((first.top + first.bottom) / 2) },
        last: { x: Math.round(last.right - 1), y: Math.round((last.top + last.bottom) / 2) },
        text: range.toString(),
    };
"#;

/// Selects `text_to_select` (which must occur once in the article) with a
/// real pointer drag, from its first character to its last, or from its
/// last to its first when `backwards`. Returns the page's selection text.
pub async fn drag_select(client: &Client, text_to_select: &str, backwards: bool) -> String {
    drag_over(client, text_to_select, 0..text_to_select.chars().count(), backwards).await
}

/// Like [`drag_select`], but drags over only the code points `part` of
/// `context`, for selections that start or end inside a word.
pub async fn drag_over(client: &Client, context: &str, part: Range<usize>, backwards: bool) -> String {
    let expected_text: String = context.chars().skip(part.start).take(part.len()).collect();
    let target = measure(client, context, part).await;
    assert_eq!(target.text, expected_text, "the measured range covers the wrong text");
    let (from, to) = if backwards { (target.last, target.first) } else { (target.first, target.last) };
    drag_between_points(client, from, to).await
}

/// Presses and releases `key` with real key actions, sent to whatever has
/// focus.
pub async fn press_key(client: &Client, key: char) {
    let keyboard =
        KeyActions::new("keyboard".to_string()).then(KeyAction::Down { value: key }).then(KeyAction::Up { value: key });
    client.perform_actions(keyboard).await.unwrap_or_else(|error| panic!("pressing {key:?} failed: {error}"));
}

/// Clicks the first element matching `selector` with a real click at its
/// centre, waiting for it to appear first.
pub async fn click(client: &Client, selector: &str) {
    let element = wait_for_element(client, selector).await;
    element.click().await.unwrap_or_else(|error| panic!("clicking `{selector}` failed: {error}"));
}

/// Types `text` into the element matching `selector` with real key events.
/// Only characters of the Basic Multilingual Plane: chromedriver cannot type
/// the others.
pub async fn type_into(client: &Client, selector: &str, text: &str) {
    assert!(text.chars().all(|character| (character as u32) < 0x10000), "chromedriver cannot type {text:?}");
    let element = wait_for_element(client, selector).await;
    element.send_keys(text).await.unwrap_or_else(|error| panic!("typing into `{selector}` failed: {error}"));
}

/// The `value` property of the element matching `selector` (a textarea's
/// current text), if the element exists.
pub async fn value_of(client: &Client, selector: &str) -> Result<Option<String>, CmdError> {
    match find_optional(client, selector).await? {
        Some(element) => element.prop("value").await,
        None => Ok(None),
    }
}

/// The tag ids of the chips in the sidebar entry of `annotation`, in order.
pub async fn entry_chips(client: &Client, annotation: &str) -> Result<Vec<String>, CmdError> {
    let script = r#"
        const entry = document.querySelector(`#sidebar li.annotation-entry[data-annotation="${arguments[0]}"]`);
        return entry ? Array.from(entry.querySelectorAll('.chip[data-tag]'), (chip) => chip.getAttribute('data-tag')) : [];
    "#;
    let chips = run_script(client, script, vec![json!(annotation)]).await?;
    Ok(serde_json::from_value(chips).expect("the script returns tag ids"))
}

/// The annotation ids of the sidebar entries, in order.
pub async fn sidebar_entries(client: &Client) -> Result<Vec<String>, CmdError> {
    let script = r#"return Array.from(document.querySelectorAll('#sidebar li.annotation-entry'), (entry) => entry.getAttribute('data-annotation'));"#;
    let entries = run_script(client, script, vec![]).await?;
    Ok(serde_json::from_value(entries).expect("the script returns annotation ids"))
}

/// True once some localStorage value contains `text`: the app has saved it,
/// so a reload will not lose it. Only the presence of the text is checked;
/// the stored format is the storage layer's own business.
pub async fn local_storage_contains(client: &Client, text: &str) -> Result<bool, CmdError> {
    let script = r#"
        for (let index = 0; index < localStorage.length; index += 1) {
            if ((localStorage.getItem(localStorage.key(index)) || '').includes(arguments[0])) return true;
        }
        return false;
    "#;
    Ok(run_script(client, script, vec![json!(text)]).await?.as_bool() == Some(true))
}

/// Measures the code points `part` of `context` (which must occur once in
/// the article) and panics with the script's reason when it cannot.
async fn measure(client: &Client, context: &str, part: Range<usize>) -> DragTarget {
    let measured =
        run_script(client, MEASURE_TEXT_SCRIPT, vec![json!(context), json!(part.start), json!(part.end), Value::Null])
            .await
            .unwrap_or_else(|error| panic!("cannot measure \"{context}\": {error}"));
    if let Some(error) = measured.get("error") {
        panic!("cannot measure \"{context}\": {error}");
    }
    serde_json::from_value(measured).expect("the measuring script returns two points")
}

/// Clicks `clicks` times in quick succession, without moving, in the middle
/// of the code points `part` of `context`: two clicks select a word, three
/// a paragraph, as with a real mouse. Returns the page's selection text.
pub async fn click_repeatedly_on(client: &Client, context: &str, part: Range<usize>, clicks: u32) -> String {
    let target = measure(client, context, part).await;
    let x = ((target.first.x + target.last.x) / 2.0).round();
    let y = target.first.y;
    let mut mouse = MouseActions::new("mouse".to_string()).then(PointerAction::MoveTo {
        duration: Some(Duration::from_millis(0)),
        x,
        y,
    });
    for _ in 0..clicks {
        mouse = mouse
            .then(PointerAction::Down { button: MOUSE_BUTTON_LEFT })
            .then(PointerAction::Up { button: MOUSE_BUTTON_LEFT });
    }
    client
        .perform_actions(mouse)
        .await
        .unwrap_or_else(|error| panic!("clicking {clicks}x on \"{context}\" failed: {error}"));
    let selection = run_script(client, "return String(window.getSelection());", vec![]).await;
    selection.ok().and_then(|value| value.as_str().map(str::to_string)).unwrap_or_default()
}

/// Drags from the first character of `from_text` to the last character of
/// `to_text`; the two may sit in different blocks. Returns the page's
/// selection text.
pub async fn drag_from_to(client: &Client, from_text: &str, to_text: &str) -> String {
    let to = measure(client, to_text, 0..to_text.chars().count()).await;
    let from = measure(client, from_text, 0..from_text.chars().count()).await;
    // Measuring `from` may have scrolled; measure `to` again in that case.
    let to = if measure(client, to_text, 0..to_text.chars().count()).await.last.y == to.last.y {
        to
    } else {
        measure(client, to_text, 0..to_text.chars().count()).await
    };
    drag_between_points(client, from.first, to.last).await
}

/// Drags over an element found by `selector`, from its left edge to its
/// right edge: used to select text outside the article.
pub async fn drag_across_element(client: &Client, selector: &str) -> String {
    let script = r#"
        const element = document.querySelector(arguments[0]);
        if (!element) return null;
        element.scrollIntoView({ block: 'center', behavior: 'instant' });
        const box = element.getBoundingClientRect();
        const y = Math.round((box.top + box.bottom) / 2);
        return { first: { x: Math.round(box.left + 1), y }, last: { x: Math.round(box.right - 1), y }, text: '' };
    "#;
    let measured = run_script(client, script, vec![json!(selector)]).await.expect("measure the element");
    let target: DragTarget =
        serde_json::from_value(measured).unwrap_or_else(|_| panic!("no element matches `{selector}`"));
    drag_between_points(client, target.first, target.last).await
}

async fn drag_between_points(client: &Client, from: Point, to: Point) -> String {
    // Several intermediate moves, as a hand makes: selection code that only
    // looks at the final mouseup would pass with one jump, but not the app's.
    const STEPS: u32 = 6;
    let mut mouse = MouseActions::new("mouse".to_string())
        .then(PointerAction::MoveTo { duration: Some(Duration::from_millis(0)), x: from.x, y: from.y })
        .then(PointerAction::Down { button: MOUSE_BUTTON_LEFT });
    for step in 1..=STEPS {
        let fraction = f64::from(step) / f64::from(STEPS);
        mouse = mouse.then(PointerAction::MoveTo {
            duration: Some(Duration::from_millis(30)),
            x: (from.x + (to.x - from.x) * fraction).round(),
            y: (from.y + (to.y - from.y) * fraction).round(),
        });
    }
    mouse = mouse.then(PointerAction::Up { button: MOUSE_BUTTON_LEFT });
    client.perform_actions(mouse).await.unwrap_or_else(|error| panic!("the drag failed: {error}"));
    let selection = run_script(client, "return String(window.getSelection());", vec![]).await;
    selection.ok().and_then(|value| value.as_str().map(str::to_string)).unwrap_or_default()
}

/// The code-point ranges, within block `block_index`, of its words (as the
/// app snaps selections to them) of at least `minimum_length` code points,
/// in order.
pub async fn words_of_block(client: &Client, block_index: usize, minimum_length: usize) -> Vec<Range<usize>> {
    let script = r#"
        const block = document.querySelector(`#article [data-block="${arguments[0]}"]`);
        if (!block) return null;
        // Words as the app snaps them: letters and digits, joined by a
        // hyphen, apostrophe, period or comma between two of them.
        const text = block.textContent;
        const words = [];
        for (const match of text.matchAll(/[\p{L}\p{N}]+(?:[-'’.,][\p{L}\p{N}]+)*/gu)) {
            const from = Array.from(text.slice(0, match.index)).length;
            words.push([from, from + Array.from(match[0]).length]);
        }
        return words.filter(([from, to]) => to - from >= arguments[1]);
    "#;
    let words = run_script(client, script, vec![json!(block_index), json!(minimum_length)])
        .await
        .unwrap_or_else(|error| panic!("cannot read the words of block {block_index}: {error}"));
    let words: Option<Vec<(usize, usize)>> = serde_json::from_value(words).expect("word ranges");
    words
        .unwrap_or_else(|| panic!("there is no block {block_index}"))
        .into_iter()
        .map(|(start, end)| start..end)
        .collect()
}

/// Drags over the code points `part` of block `block_index`, forwards.
/// Returns the page's selection text.
pub async fn drag_over_block(client: &Client, block_index: usize, part: Range<usize>) -> String {
    let arguments = vec![Value::Null, json!(part.start), json!(part.end), json!(block_index)];
    let measured = run_script(client, MEASURE_TEXT_SCRIPT, arguments)
        .await
        .unwrap_or_else(|error| panic!("cannot measure block {block_index}: {error}"));
    if let Some(error) = measured.get("error") {
        panic!("cannot drag over block {block_index}: {error}");
    }
    let target: DragTarget = serde_json::from_value(measured).expect("the measuring script returns two points");
    drag_between_points(client, target.first, target.last).await
}

/// Presses `key` while holding the modifier keys `modifiers` (WebDriver key
/// values such as `'\u{E009}'` for Control and `'\u{E008}'` for Shift).
pub async fn press_chord(client: &Client, modifiers: &[char], key: char) {
    let mut keyboard = KeyActions::new("keyboard".to_string());
    for modifier in modifiers {
        keyboard = keyboard.then(KeyAction::Down { value: *modifier });
    }
    keyboard = keyboard.then(KeyAction::Down { value: key }).then(KeyAction::Up { value: key });
    for modifier in modifiers.iter().rev() {
        keyboard = keyboard.then(KeyAction::Up { value: *modifier });
    }
    client
        .perform_actions(keyboard)
        .await
        .unwrap_or_else(|error| panic!("pressing {modifiers:?}+{key:?} failed: {error}"));
}

/// Chooses `path` in the app's import file picker (`#import-file`), as a
/// user picking the file in the dialog does.
pub async fn import_through_picker(client: &Client, path: &std::path::Path) {
    let input = client
        .find(Locator::Css("#import-file"))
        .await
        .unwrap_or_else(|error| panic!("no file input #import-file: {error}"));
    input
        .send_keys(&path.display().to_string())
        .await
        .unwrap_or_else(|error| panic!("choosing {} in the file picker failed: {error}", path.display()));
}

/// Waits until some localStorage value contains `text` (see
/// [`local_storage_contains`]).
pub async fn wait_for_saved(client: &Client, text: &str) {
    let what = format!("{text:?} to be saved in localStorage");
    wait_for(
        client,
        &what,
        STEP_TIMEOUT,
        || async move { Ok(local_storage_contains(client, text).await?.then_some(())) },
    )
    .await
}
