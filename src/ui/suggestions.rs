//! Check-worthiness suggestions in the article: the "Suggest claims"
//! switch, the threshold slider, the review counter, the faint underline
//! under suggested sentences, and the keys that review them (Tab or n for
//! the next one, Shift+Tab or p for the previous one, a tag key to accept,
//! x to reject, Escape to leave).
//!
//! [`use_suggestions`] keeps the settings and the scores, and answers what
//! to draw and what a key means; the app shell calls it once and hands its
//! [`SuggestionsHandle`] to the bar, the article and the key listener.
//! Sentences are scored a slice at a time between frames, so a long article
//! never blocks typing or scrolling. Accepting and rejecting are session
//! actions like any other, so decisions are saved, undone by deleting, and
//! exported with the rest.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, KeyboardEvent, MouseEvent};
use yew::prelude::*;

use crate::ui::app::SessionState;

use crate::ui::truncate_with_ellipsis;
use crate::web;
use claimmark_core::article::model::Article;
use claimmark_core::article::text::{slice_code_points, CodePointRange};
use claimmark_core::session::action::Action;
use claimmark_core::session::annotation::Origin;
use claimmark_core::session::tags::TagId;
use claimmark_core::suggest::checkworthiness::Model;
use claimmark_core::suggest::suggestions::{
    open_suggestions, score_block, step_through, ScoredSentence, SuggestionCounts, SuggestionPrefs,
};
use claimmark_core::views::segments::Segment;

/// How long one slice of scoring may run before yielding to the browser.
const SCORING_SLICE_MS: f64 = 8.0;

/// One suggested sentence as a block draws it.
#[derive(Clone, Debug, PartialEq)]
pub struct SuggestionSpan {
    /// The sentence, in code points from the start of its block.
    pub range: CodePointRange,
    /// Where it starts in the canonical text: its identity in the DOM.
    pub start: usize,
    /// Its score in thousandths.
    pub score_permille: u16,
    /// Why it was suggested.
    pub reasons: Rc<str>,
    /// Whether it is the one the keys act on.
    pub focused: bool,
}

/// Scores computed so far for one article, block by block.
#[derive(Default)]
struct ScoringProgress {
    article_id: String,
    per_block: Vec<Rc<[ScoredSentence]>>,
    timer: Option<Timeout>,
}

/// What a key press asks of the suggestions.
#[derive(Clone, Debug, PartialEq)]
pub enum SuggestionCommand {
    /// Move to the next suggestion (or the previous one, `backwards`).
    Step {
        /// Towards the start of the article.
        backwards: bool,
    },
    /// Accept the focused suggestion with a tag.
    Accept(TagId),
    /// Reject the focused suggestion: not a claim.
    Reject,
    /// Leave the focused suggestion.
    Leave,
}

/// Everything the app needs from the suggestions during one render.
#[derive(Clone, PartialEq)]
pub struct SuggestionsHandle {
    prefs: UseStateHandle<SuggestionPrefs>,
    focused: UseStateHandle<Option<usize>>,
    session: UseReducerHandle<SessionState>,
    announce: Callback<String>,
    editable: bool,
    /// Open suggestions in document order.
    open: Rc<Vec<ScoredSentence>>,
    /// What each block draws, indexed like the article's blocks.
    per_block: Rc<Vec<Rc<[SuggestionSpan]>>>,
    counts: SuggestionCounts,
    /// Blocks scored so far, and the article's block count.
    progress: (usize, usize),
    prefs_problem: Option<String>,
}

/// Keeps the suggestion settings and scores for `article`, and works out
/// what to draw for `session`'s annotations. Call once, from the app.
#[hook]
pub fn use_suggestions(
    article: Rc<Article>,
    session: UseReducerHandle<SessionState>,
    editable: bool,
    announce: Callback<String>,
) -> SuggestionsHandle {
    let model = Model::builtin();
    let loaded_prefs = use_memo((), |_| web::suggestions::load_prefs());
    let prefs = use_state(|| match &*loaded_prefs {
        Ok(Some(prefs)) => *prefs,
        _ => SuggestionPrefs::defaults(model),
    });
    let prefs_problem = match &*loaded_prefs {
        Err(problem) => Some(problem.clone()),
        Ok(_) => None,
    };
    let focused = use_state(|| None::<usize>);
    let progress = use_mut_ref(ScoringProgress::default);
    let scored_blocks = use_state(|| 0_usize);

    // Save the settings when the user changes them (not on first render).
    {
        let last_saved = use_mut_ref(|| *prefs);
        let announce = announce.clone();
        use_effect_with(*prefs, move |prefs| {
            if *last_saved.borrow() != *prefs {
                *last_saved.borrow_mut() = *prefs;
                if let Err(reason) = web::suggestions::save_prefs(prefs) {
                    announce.emit(format!("Suggestion settings could not be saved: {reason}"));
                }
            }
        });
    }

    // Score a slice of blocks at a time while suggestions are on.
    {
        let progress = progress.clone();
        let scored_blocks = scored_blocks.clone();
        let article = article.clone();
        use_effect_with((prefs.enabled, article.id.clone()), move |(enabled, article_id)| {
            {
                let mut state = progress.borrow_mut();
                if state.article_id != *article_id {
                    *state = ScoringProgress { article_id: article_id.clone(), ..ScoringProgress::default() };
                    scored_blocks.set(0);
                }
            }
            if *enabled {
                schedule_scoring_slice(progress.clone(), scored_blocks, article);
            }
            move || {
                // Switching off (or a new article) stops the slices; what was
                // scored is kept.
                progress.borrow_mut().timer = None;
            }
        });
    }

    // A highlight opened in the editor takes the keys: leave the suggestion.
    {
        let focused = focused.clone();
        use_effect_with(session.open.clone(), move |open| {
            if open.is_some() {
                focused.set(None);
            }
        });
    }

    // Show the focused suggestion.
    use_effect_with(*focused, |focused| {
        if let Some(start) = focused {
            web::suggestions::reveal_suggestion(*start);
        }
    });

    // A click on a suggestion focuses it.
    {
        let focused = focused.clone();
        let enabled = prefs.enabled;
        use_effect_with(enabled, move |enabled| {
            let listener = enabled.then(|| {
                EventListener::new(&gloo::utils::document(), "click", move |event| {
                    if let Some(start) = event.dyn_ref::<MouseEvent>().and_then(web::suggestions::suggestion_at_click) {
                        focused.set(Some(start));
                    }
                })
            });
            move || drop(listener)
        });
    }

    let state = progress.borrow();
    let block_count = article.blocks.len();
    let (open, per_block) = if prefs.enabled {
        let open: Vec<ScoredSentence> = open_suggestions(
            state.per_block.iter().flat_map(|sentences| sentences.iter()),
            &session.annotations,
            prefs.threshold_permille,
        )
        .into_iter()
        .cloned()
        .collect();
        let per_block = spans_by_block(&article, &open, *focused);
        (open, per_block)
    } else {
        (Vec::new(), vec![Rc::from(Vec::new()); block_count])
    };
    let counts = SuggestionCounts::new(open.len(), &session.annotations);
    // `scored_blocks` only makes each finished slice re-render; the scores
    // themselves live in `progress`.
    let scored = state.per_block.len();
    drop(state);

    SuggestionsHandle {
        prefs,
        focused,
        session,
        announce,
        editable,
        open: Rc::new(open),
        per_block: Rc::new(per_block),
        counts,
        progress: (scored, block_count),
        prefs_problem,
    }
}

/// Scores blocks for up to [`SCORING_SLICE_MS`], then schedules the next
/// slice, until every block is scored.
fn schedule_scoring_slice(
    progress: Rc<RefCell<ScoringProgress>>,
    scored_blocks: UseStateHandle<usize>,
    article: Rc<Article>,
) {
    if progress.borrow().per_block.len() >= article.blocks.len() {
        return;
    }
    let next_progress = progress.clone();
    let timer = Timeout::new(0, move || {
        let model = Model::builtin();
        let started = web::suggestions::monotonic_ms();
        {
            let mut state = next_progress.borrow_mut();
            while state.per_block.len() < article.blocks.len() {
                let block = &article.blocks[state.per_block.len()];
                state.per_block.push(Rc::from(score_block(model, block)));
                if web::suggestions::monotonic_ms() - started > SCORING_SLICE_MS {
                    break;
                }
            }
            scored_blocks.set(state.per_block.len());
        }
        schedule_scoring_slice(next_progress, scored_blocks, article);
    });
    progress.borrow_mut().timer = Some(timer);
}

/// Groups `open` suggestions by block, with block-relative ranges.
fn spans_by_block(article: &Article, open: &[ScoredSentence], focused: Option<usize>) -> Vec<Rc<[SuggestionSpan]>> {
    let mut per_block: Vec<Vec<SuggestionSpan>> = vec![Vec::new(); article.blocks.len()];
    for sentence in open {
        let Some(index) = article.block_index_at(sentence.range.start) else { continue };
        let block_start = article.blocks[index].start;
        per_block[index].push(SuggestionSpan {
            range: CodePointRange { start: sentence.range.start - block_start, end: sentence.range.end - block_start },
            start: sentence.range.start,
            score_permille: sentence.score_permille,
            reasons: sentence.reasons.clone(),
            focused: focused == Some(sentence.range.start),
        });
    }
    per_block.into_iter().map(Rc::from).collect()
}

impl SuggestionsHandle {
    /// What each block draws, indexed like the article's blocks.
    pub fn per_block(&self) -> Rc<Vec<Rc<[SuggestionSpan]>>> {
        self.per_block.clone()
    }

    fn focused_sentence(&self) -> Option<&ScoredSentence> {
        let start = (*self.focused)?;
        self.open.iter().find(|sentence| sentence.range.start == start)
    }

    /// The command `event` asks for, or `None` when the key is not for the
    /// suggestions (they are off, it comes from a text field, or nothing is
    /// focused for a tag key, x or Escape).
    pub fn command_for_key(&self, event: &KeyboardEvent) -> Option<SuggestionCommand> {
        if !self.prefs.enabled || event.ctrl_key() || event.meta_key() || event.alt_key() {
            return None;
        }
        if web::suggestions::event_is_from_typing_field(event) {
            return None;
        }
        let key = event.key();
        match key.as_str() {
            "Tab" if !self.open.is_empty() && web::suggestions::tab_belongs_to_the_article(event) => {
                return Some(SuggestionCommand::Step { backwards: event.shift_key() });
            }
            "n" => return Some(SuggestionCommand::Step { backwards: false }),
            "p" | "N" => return Some(SuggestionCommand::Step { backwards: true }),
            _ => {}
        }
        self.focused_sentence()?;
        if self.session.open.is_some() {
            return None;
        }
        match key.as_str() {
            "x" | "X" => Some(SuggestionCommand::Reject),
            "Escape" => Some(SuggestionCommand::Leave),
            _ => {
                let mut characters = key.chars();
                match (characters.next(), characters.next()) {
                    (Some(character), None) => {
                        self.session.tags.by_hotkey(character).map(|tag| SuggestionCommand::Accept(tag.id.clone()))
                    }
                    _ => None,
                }
            }
        }
    }

    /// Carries out `command`.
    pub fn run(&self, command: SuggestionCommand) {
        match command {
            SuggestionCommand::Step { backwards } => self.step(backwards),
            SuggestionCommand::Leave => self.focused.set(None),
            SuggestionCommand::Accept(tag) => self.decide(Some(tag)),
            SuggestionCommand::Reject => self.decide(None),
        }
    }

    fn step(&self, backwards: bool) {
        let open: Vec<&ScoredSentence> = self.open.iter().collect();
        match step_through(&open, *self.focused, backwards) {
            Some(next) => {
                if self.session.open.is_some() {
                    self.session.dispatch(Action::Open(None));
                }
                self.focused.set(Some(next.range.start));
            }
            None if self.progress.0 < self.progress.1 => {
                self.announce.emit("Still scoring the article's sentences…".to_string());
            }
            None => self.announce.emit("No suggestions left at this threshold.".to_string()),
        }
    }

    /// Accepts the focused suggestion with `tag`, or rejects it when `tag`
    /// is `None`, then moves to the next one.
    fn decide(&self, tag: Option<TagId>) {
        let Some(sentence) = self.focused_sentence().cloned() else { return };
        if !self.editable {
            self.announce.emit("This article is read-only: suggestions cannot be accepted or rejected.".to_string());
            return;
        }
        let open: Vec<&ScoredSentence> =
            self.open.iter().filter(|other| other.range.start != sentence.range.start).collect();
        let next = step_through(&open, Some(sentence.range.start), false).map(|next| next.range.start);
        let origin = Origin::Suggested {
            score_permille: sentence.score_permille,
            model_version: Model::builtin().version_label(),
        };
        let quote = slice_code_points(self.session.article.canonical_text(), sentence.range.start, sentence.range.end);
        let quote = truncate_with_ellipsis(quote, 60);
        let id = web::ids::new_annotation_id();
        let now = web::clock::now();
        let message = match tag {
            Some(tag) => {
                let label = self.session.tags.label_of(&tag).to_string();
                self.session.dispatch(Action::AcceptSuggestion { id, now, range: sentence.range, tag, origin });
                format!("{label} added from a suggestion: “{quote}”")
            }
            None => {
                self.session.dispatch(Action::RejectSuggestion { id, now, range: sentence.range, origin });
                format!("Marked not a claim: “{quote}”")
            }
        };
        self.focused.set(next);
        self.announce.emit(message);
    }
}

/// Props of [`SuggestionBar`].
#[derive(Properties, PartialEq)]
pub struct SuggestionBarProps {
    /// The suggestions' state.
    pub suggestions: SuggestionsHandle,
}

/// The "Suggest claims" switch, threshold, counter and focused reasons.
#[function_component(SuggestionBar)]
pub fn suggestion_bar(props: &SuggestionBarProps) -> Html {
    let handle = &props.suggestions;
    let prefs = *handle.prefs;
    let on_toggle = {
        let prefs_state = handle.prefs.clone();
        let focused = handle.focused.clone();
        Callback::from(move |event: Event| {
            let Some(input) = event.target_dyn_into::<HtmlInputElement>() else { return };
            let enabled = input.checked();
            prefs_state.set(SuggestionPrefs { enabled, ..*prefs_state });
            if !enabled {
                focused.set(None);
            }
        })
    };
    let on_threshold = {
        let prefs_state = handle.prefs.clone();
        Callback::from(move |event: InputEvent| {
            let Some(input) = event.target_dyn_into::<HtmlInputElement>() else { return };
            if let Ok(threshold_permille) = input.value().parse::<u16>() {
                prefs_state.set(SuggestionPrefs { threshold_permille: threshold_permille.min(1000), ..*prefs_state });
            }
        })
    };
    let threshold_text = format!("{:.2}", f64::from(prefs.threshold_permille) / 1000.0);
    let (scored, blocks) = handle.progress;
    let scoring = prefs.enabled && scored < blocks;
    let focused = handle.focused_sentence();
    let focus_line = match focused {
        Some(sentence) => format!(
            "Score {:.2}: {}",
            f64::from(sentence.score_permille) / 1000.0,
            if sentence.reasons.is_empty() { "no feature found" } else { &sentence.reasons }
        ),
        None => String::new(),
    };
    html! {
        <section id="suggestions-bar" class={classes!("suggestions-bar", prefs.enabled.then_some("on"))} aria-label="Claim suggestions">
            <label class="suggest-toggle">
                <input type="checkbox" id="suggest-claims" checked={prefs.enabled} onchange={on_toggle} />
                { "Suggest claims" }
            </label>
            <label class="suggest-threshold" hidden={!prefs.enabled}>
                { "Threshold " }
                <input type="range" id="suggestion-threshold" min="50" max="950" step="25"
                    value={prefs.threshold_permille.to_string()} oninput={on_threshold}
                    aria-valuetext={threshold_text.clone()} />
                <output for="suggestion-threshold">{ threshold_text }</output>
            </label>
            <span id="suggestion-counter" hidden={!prefs.enabled} aria-live="polite">
                { if scoring { format!("Scoring… {}%", scored * 100 / blocks.max(1)) } else { handle.counts.summary() } }
            </span>
            <p id="suggestion-reasons" class="suggestion-reasons" hidden={focused.is_none()} aria-live="polite">{ focus_line }</p>
            <p class="suggest-hint" hidden={!prefs.enabled}>
                <kbd>{ "Tab" }</kbd>{ " or " }<kbd>{ "n" }</kbd>{ " next · " }
                <kbd>{ "1" }</kbd>{ "–" }<kbd>{ "6" }</kbd>{ " accept with a tag · " }
                <kbd>{ "x" }</kbd>{ " not a claim · " }<kbd>{ "Esc" }</kbd>{ " leave" }
            </p>
            if let Some(problem) = &handle.prefs_problem {
                <p class="suggest-problem" role="alert">{ format!("Saved suggestion settings were ignored: {problem}. Defaults are used until you change a setting.") }</p>
            }
        </section>
    }
}

/// A run of plain (unhighlighted) block text, with the suggested sentences
/// inside it underlined. The text nodes still spell the run exactly.
pub fn render_plain_segment(segment: &Segment, spans: &[SuggestionSpan]) -> Html {
    let inside: Vec<&SuggestionSpan> = spans
        .iter()
        .filter(|span| span.range.start >= segment.range.start && span.range.end <= segment.range.end)
        .collect();
    if inside.is_empty() {
        return html! { { segment.text.clone() } };
    }
    let mut pieces: Vec<Html> = Vec::with_capacity(inside.len() * 2 + 1);
    let mut position = segment.range.start;
    let mut rest = segment.text.as_str();
    fn take(count: usize, rest: &mut &str) -> String {
        let bytes: usize = rest.chars().take(count).map(char::len_utf8).sum();
        let (taken, remaining) = rest.split_at(bytes);
        *rest = remaining;
        taken.to_string()
    }
    for span in inside {
        if span.range.start > position {
            pieces.push(html! { { take(span.range.start - position, &mut rest) } });
        }
        let text = take(span.range.len(), &mut rest);
        let score = format!("{:.2}", f64::from(span.score_permille) / 1000.0);
        let tooltip = format!("Suggested claim, score {score}: {}", span.reasons);
        pieces.push(html! {
            <span class={classes!("suggestion", span.focused.then_some("suggestion-focused"))}
                data-suggestion={span.start.to_string()} data-score={score} data-reasons={tooltip}
                tabindex="-1">{ text }</span>
        });
        position = span.range.end;
    }
    if !rest.is_empty() {
        pieces.push(html! { { rest.to_string() } });
    }
    html! { <>{ for pieces }</> }
}
