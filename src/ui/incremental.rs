//! Rendering a long list a piece at a time: the first screenful with the
//! rest of the page, then the remainder in chunks, each in its own task
//! after a paint, so the first paint of a long article does not wait for
//! a thousand sidebar entries and no chunk blocks input for long.
//!
//! It only counts; it knows nothing of what the items are.

use yew::prelude::*;

use crate::web::after_paint::after_next_paint;

/// Items rendered with the first paint: more than a tall window shows.
pub const FIRST_SCREENFUL: usize = 40;

/// Items added in each later task: small enough that a chunk of sidebar
/// entries stays well under a 50 ms long task on a slow machine.
pub const CHUNK: usize = 50;

/// How many of `total` items to render now. Starts at [`FIRST_SCREENFUL`]
/// and grows by [`CHUNK`] after each paint until every item is rendered;
/// once grown it never shrinks, so a later edit renders the whole list at
/// once as before.
#[hook]
pub fn use_incremental_limit(total: usize) -> usize {
    let limit = use_state(|| FIRST_SCREENFUL);
    {
        let limit = limit.clone();
        use_effect_with((*limit, total), move |&(current, total)| {
            let next_chunk = (current < total).then(|| after_next_paint(move || limit.set(current + CHUNK)));
            move || drop(next_chunk)
        });
    }
    *limit
}
