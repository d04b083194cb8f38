//! Work deferred until just after the next paint, coalesced, and never lost.
//!
//! [`AfterPaint`] holds at most one pending job. [`AfterPaint::replace`]
//! stores a job (dropping the one still pending: only the latest matters,
//! which is what coalesces several quick edits into one save) and makes sure
//! it runs soon: at the next animation frame it queues a `setTimeout(0)`,
//! whose task runs after the browser has painted that frame. So an edit
//! reaches the screen first and the job runs right behind it, in its own
//! task. When the page is hidden, where animation frames do not fire, the
//! timeout alone is used.
//!
//! Nothing pending is ever dropped: the job runs at once on `pagehide`
//! (reload, navigation, closing the tab), when the page becomes hidden
//! (`visibilitychange`, the last event a mobile browser guarantees), on
//! [`AfterPaint::flush`], and when the queue itself is dropped.
//!
//! [`after_next_paint`] is the one-off form, cancelled by dropping it, for
//! work that may simply be abandoned (rendering the rest of a long list).
//!
//! It knows nothing of what the jobs do (the app's save is one).

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use gloo::events::EventListener;
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::JsCast;

type Job = Box<dyn FnOnce()>;

struct Pending {
    job: RefCell<Option<Job>>,
    /// A frame-then-timeout is already on its way; another `replace` only
    /// swaps the job.
    scheduled: Cell<bool>,
}

impl Pending {
    fn run(&self) {
        // Taken out before running, so a job that schedules another one
        // (a save whose result dispatches a new revision) does not find the
        // cell borrowed.
        let job = self.job.borrow_mut().take();
        if let Some(job) = job {
            job();
        }
    }
}

/// One coalescing slot for work to run just after the next paint.
pub struct AfterPaint {
    pending: Rc<Pending>,
    _listeners: [EventListener; 2],
}

impl AfterPaint {
    /// An empty queue, flushing itself when the page is hidden or left.
    pub fn new() -> AfterPaint {
        let pending = Rc::new(Pending { job: RefCell::new(None), scheduled: Cell::new(false) });
        let window = gloo::utils::window();
        let document = gloo::utils::document();
        let on_page_hide = {
            let pending = Rc::downgrade(&pending);
            EventListener::new(&window, "pagehide", move |_| flush_weak(&pending))
        };
        let on_visibility_change = {
            let pending = Rc::downgrade(&pending);
            EventListener::new(&document, "visibilitychange", move |_| {
                if gloo::utils::document().hidden() {
                    flush_weak(&pending);
                }
            })
        };
        AfterPaint { pending, _listeners: [on_page_hide, on_visibility_change] }
    }

    /// Makes `job` the pending job, replacing one not run yet, and schedules
    /// it for just after the next paint.
    pub fn replace(&self, job: impl FnOnce() + 'static) {
        *self.pending.job.borrow_mut() = Some(Box::new(job));
        if self.pending.scheduled.replace(true) {
            return;
        }
        let weak = Rc::downgrade(&self.pending);
        let after_paint = move || {
            if let Some(pending) = weak.upgrade() {
                pending.scheduled.set(false);
                pending.run();
            }
        };
        let window = gloo::utils::window();
        let scheduled = if gloo::utils::document().hidden() {
            set_timeout_zero(after_paint)
        } else {
            let on_frame = Closure::once_into_js(move || {
                // Not run here: this callback runs before the frame paints.
                let _ = set_timeout_zero(after_paint);
            });
            window.request_animation_frame(on_frame.unchecked_ref()).is_ok()
        };
        if !scheduled {
            // The browser refused to schedule anything: run now rather than never.
            self.pending.scheduled.set(false);
            self.pending.run();
        }
    }

    /// Runs the pending job now, if there is one.
    pub fn flush(&self) {
        self.pending.run();
    }

    /// True while a job waits to run.
    pub fn is_pending(&self) -> bool {
        self.pending.job.borrow().is_some()
    }
}

impl Default for AfterPaint {
    fn default() -> AfterPaint {
        AfterPaint::new()
    }
}

impl Drop for AfterPaint {
    fn drop(&mut self) {
        self.flush();
    }
}

/// Runs one job just after the next paint unless dropped first.
pub struct AfterNextPaint {
    _job: Rc<RefCell<Option<Job>>>,
}

/// Schedules `job` for just after the next paint (after the next frame, in
/// a task of its own); dropping the returned value cancels it.
pub fn after_next_paint(job: impl FnOnce() + 'static) -> AfterNextPaint {
    let slot: Rc<RefCell<Option<Job>>> = Rc::new(RefCell::new(Some(Box::new(job))));
    let weak = Rc::downgrade(&slot);
    let run = move || {
        let job = weak.upgrade().and_then(|slot| slot.borrow_mut().take());
        if let Some(job) = job {
            job();
        }
    };
    if gloo::utils::document().hidden() {
        // No frames come while hidden: the job would wait until shown.
        let _ = set_timeout_zero(run);
    } else {
        let on_frame = Closure::once_into_js(move || {
            let _ = set_timeout_zero(run);
        });
        let _ = gloo::utils::window().request_animation_frame(on_frame.unchecked_ref());
    }
    AfterNextPaint { _job: slot }
}

fn flush_weak(pending: &Weak<Pending>) {
    if let Some(pending) = pending.upgrade() {
        pending.run();
    }
}

/// Queues `callback` as a new task; false when the browser refused.
fn set_timeout_zero(callback: impl FnOnce() + 'static) -> bool {
    let callback = Closure::once_into_js(callback);
    gloo::utils::window().set_timeout_with_callback_and_timeout_and_arguments_0(callback.unchecked_ref(), 0).is_ok()
}
