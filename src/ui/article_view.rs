//! The article: its header, meta line and one component per block.
//!
//! Each [`BlockView`] gets value-compared props (its segments, the tag set,
//! and whether the open annotation touches it), so adding or opening a
//! highlight re-renders only the blocks whose props changed. Clicks on
//! highlights are caught once, on the article element, by delegation.

use std::rc::Rc;

use yew::prelude::*;

use crate::ui::suggestions::{render_plain_segment, SuggestionSpan};
use claimmark_core::article::model::{Article, BlockKind};
use claimmark_core::session::annotation::{AnchorStatus, AnnotationId, AnnotationKind};
use claimmark_core::session::tags::TagSet;
use claimmark_core::views::segments::Segment;

/// Props of [`ArticleView`].
#[derive(Properties, PartialEq)]
pub struct ArticleViewProps {
    /// The article to show.
    pub article: Rc<Article>,
    /// Segments of each block, indexed like `article.blocks`.
    pub segments: Rc<Vec<Rc<[Segment]>>>,
    /// Tag colours and labels.
    pub tags: Rc<TagSet>,
    /// The annotation open in the editor.
    pub open: Option<AnnotationId>,
    /// Called with the ids under a clicked highlight, topmost first.
    pub on_highlight_click: Callback<Vec<AnnotationId>>,
    /// Where the article element is, for selection mapping.
    pub article_ref: NodeRef,
    /// Suggested sentences of each block, indexed like `article.blocks`.
    #[prop_or_default]
    pub suggestions: Rc<Vec<Rc<[SuggestionSpan]>>>,
}

/// The article column.
#[function_component(ArticleView)]
pub fn article_view(props: &ArticleViewProps) -> Html {
    let _span = crate::web::bench::Span::new("articleView");
    let on_click = {
        let on_highlight_click = props.on_highlight_click.clone();
        Callback::from(move |event: MouseEvent| {
            if let Some(ids) = crate::web::events::highlight_ids_at_click(&event) {
                on_highlight_click.emit(ids.into_iter().map(AnnotationId).collect());
            }
        })
    };
    let article = &props.article;
    let metadata = &article.metadata;
    let mut meta_parts: Vec<Html> = Vec::new();
    if let Some(byline) = &metadata.byline {
        meta_parts.push(html! { <span class="byline">{ format!("By {byline}") }</span> });
    }
    if let Some(dateline) = &metadata.dateline {
        meta_parts.push(html! { <span class="dateline">{ dateline.clone() }</span> });
    }
    if let Some(outlet) = &metadata.outlet {
        meta_parts.push(html! { <span class="outlet">{ outlet.clone() }</span> });
    }
    if let Some(published) = &metadata.published {
        meta_parts.push(html! {
            <time class="published" datetime={published.clone()}>{ human_date(published) }</time>
        });
    }
    let meta_line =
        (!meta_parts.is_empty()).then(|| html! { <p key="meta" class="article-meta">{ for meta_parts }</p> });

    let mut blocks_html = Vec::with_capacity(article.blocks.len());
    let mut meta_inserted = false;
    for (index, block) in article.blocks.iter().enumerate() {
        // The meta line sits after the headline and standfirst, before the body.
        if !meta_inserted && !matches!(block.kind, BlockKind::Headline | BlockKind::Standfirst) {
            meta_inserted = true;
            if let Some(meta) = meta_line.clone() {
                blocks_html.push(meta);
            }
        }
        let segments = props.segments.get(index).cloned().unwrap_or_else(|| Rc::from(Vec::new()));
        let open_here = props
            .open
            .as_ref()
            .filter(|id| segments.iter().any(|segment| segment.layers.iter().any(|layer| &layer.annotation == *id)))
            .cloned();
        let suggestions = props.suggestions.get(index).cloned().unwrap_or_default();
        blocks_html.push(html! {
            <BlockView key={index} index={index} kind={block.kind} segments={segments} tags={props.tags.clone()} open={open_here}
                suggestions={suggestions} />
        });
    }
    if !meta_inserted {
        if let Some(meta) = meta_line {
            blocks_html.push(meta);
        }
    }

    html! {
        <article id="article" class="article" ref={props.article_ref.clone()} onclick={on_click} lang="en"
            tabindex="0" aria-label="Article: j and k move between sentences, a number key tags, ? lists every shortcut">
            { for blocks_html }
        </article>
    }
}

/// `2015-12-17` → `17 December 2015`; anything else is shown as given.
fn human_date(iso_date: &str) -> String {
    let parts: Vec<&str> = iso_date.split('-').collect();
    if let [year, month, day] = parts.as_slice() {
        if let (Ok(month), Ok(day)) = (month.parse::<usize>(), day.parse::<u32>()) {
            if (1..=12).contains(&month) {
                return format!("{day} {} {year}", claimmark_core::time::MONTH_NAMES[month - 1]);
            }
        }
    }
    iso_date.to_string()
}

/// Props of [`BlockView`]: compared by value, so unchanged blocks skip rendering.
#[derive(Properties, PartialEq)]
pub struct BlockViewProps {
    /// The block's index in the article.
    pub index: usize,
    /// How the block is shown.
    pub kind: BlockKind,
    /// The block's text cut into highlight segments.
    pub segments: Rc<[Segment]>,
    /// Tag colours and labels.
    pub tags: Rc<TagSet>,
    /// The open annotation, only when it touches this block.
    pub open: Option<AnnotationId>,
    /// The block's suggested sentences, with block-relative ranges.
    #[prop_or_default]
    pub suggestions: Rc<[SuggestionSpan]>,
}

/// One block of the article.
#[function_component(BlockView)]
pub fn block_view(props: &BlockViewProps) -> Html {
    crate::web::events::count_block_render();
    let _span = crate::web::bench::Span::new("blockView");
    let top_of = |segment: &Segment| segment.layers.first().map(|layer| layer.annotation.clone());
    let children: Html = props
        .segments
        .iter()
        .enumerate()
        .map(|(position, segment)| {
            // A fuzzy marker goes on the first mark of each run of its annotation.
            let starts_run = position == 0 || top_of(&props.segments[position - 1]) != top_of(segment);
            if segment.layers.is_empty() && !props.suggestions.is_empty() {
                return render_plain_segment(segment, &props.suggestions);
            }
            render_segment(segment, &props.tags, props.open.as_ref(), starts_run)
        })
        .collect();
    let index = props.index.to_string();
    let kind = props.kind.as_str();
    match props.kind {
        BlockKind::Headline => {
            html! { <h1 class="block headline" data-block={index} data-kind={kind}>{ children }</h1> }
        }
        BlockKind::Standfirst => {
            html! { <p class="block standfirst" data-block={index} data-kind={kind}>{ children }</p> }
        }
        BlockKind::Caption => html! {
            <figure class="caption-figure">
                <figcaption class="block caption" data-block={index} data-kind={kind}>{ children }</figcaption>
            </figure>
        },
        BlockKind::Heading => html! { <h2 class="block heading" data-block={index} data-kind={kind}>{ children }</h2> },
        BlockKind::BlockQuote => {
            html! { <blockquote class="block block-quote" data-block={index} data-kind={kind}>{ children }</blockquote> }
        }
        BlockKind::Contact => html! { <p class="block contact" data-block={index} data-kind={kind}>{ children }</p> },
        BlockKind::Paragraph => {
            html! { <p class="block paragraph" data-block={index} data-kind={kind}>{ children }</p> }
        }
    }
}

fn render_segment(segment: &Segment, tags: &TagSet, open: Option<&AnnotationId>, starts_run: bool) -> Html {
    let Some(top) = segment.layers.first() else {
        return html! { { segment.text.clone() } };
    };
    let first_tag = top.tags.first();
    let main_color = first_tag.map(|tag| tags.color_of(tag)).unwrap_or("#fff3a8");
    // A second tag on the topmost annotation shows as a stripe along the bottom;
    // an annotation underneath (overlap or nesting) shows as an underline.
    let stripe_color = top.tags.get(1).map(|tag| tags.color_of(tag)).unwrap_or(main_color);
    let under_color = segment
        .layers
        .get(1)
        .and_then(|layer| layer.tags.first())
        .map(|tag| tags.color_of(tag))
        .unwrap_or("transparent");
    let ids = segment.layers.iter().map(|layer| layer.annotation.as_str()).collect::<Vec<_>>().join(" ");
    let title = {
        let labels: Vec<&str> = top.tags.iter().map(|tag| tags.label_of(tag)).collect();
        let mut title = match (labels.is_empty(), top.kind) {
            (true, AnnotationKind::NotAClaim) => "Reviewed — not a claim".to_string(),
            (true, AnnotationKind::Claim) => "Highlight".to_string(),
            (false, _) => labels.join(", "),
        };
        if segment.layers.len() > 1 {
            title.push_str(&format!(" (+{} overlapping)", segment.layers.len() - 1));
        }
        if let AnchorStatus::Fuzzy { score_percent } = top.anchor {
            title.push_str(&format!(" — text changed, matched {score_percent}%"));
        }
        title.push_str(" — click to open");
        title
    };
    let is_open = open.is_some_and(|id| segment.layers.iter().any(|layer| &layer.annotation == id));
    let is_top_open = open.is_some_and(|id| &top.annotation == id);
    let classes = classes!(
        "hl",
        (top.tags.len() > 1).then_some("hl-multi"),
        (segment.layers.len() > 1).then_some("hl-stacked"),
        is_open.then_some("hl-open"),
        is_top_open.then_some("hl-open-top"),
        matches!(top.anchor, AnchorStatus::Fuzzy { .. }).then_some("hl-fuzzy"),
        (starts_run && matches!(top.anchor, AnchorStatus::Fuzzy { .. })).then_some("hl-fuzzy-start"),
        (top.kind == AnnotationKind::NotAClaim).then_some("hl-not-a-claim"),
    );
    html! {
        <mark
            class={classes}
            data-annotation={top.annotation.as_str().to_string()}
            data-annotations={ids}
            data-tag={first_tag.map(|tag| tag.as_str().to_string()).unwrap_or_default()}
            style={format!("--hl:{main_color};--hl-stripe:{stripe_color};--hl-under:{under_color}")}
            title={title}
        >{ segment.text.clone() }</mark>
    }
}
