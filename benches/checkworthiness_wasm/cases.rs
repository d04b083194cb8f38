//! The input shared by the native and the wasm check-worthiness benchmarks:
//! a news-style article of at least 10,000 words, made by cycling the
//! development set's sentences into paragraphs of four, and the work timed:
//! segmenting every block into sentences and scoring each one, as the app
//! does when suggestions are switched on.

use claimmark_core::article::model::{Article, ArticleMetadata, BlockKind};
use claimmark_core::suggest::checkworthiness::Model;
use claimmark_core::suggest::suggestions::score_block;

const DEVELOPMENT_SET: &str =
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/checkworthiness-devset/sentences.tsv"));

/// An article of at least `words` words.
pub fn article_of_words(words: usize) -> Article {
    let sentences: Vec<&str> = DEVELOPMENT_SET.lines().skip(1).filter_map(|line| line.split('\t').nth(2)).collect();
    let mut paragraphs: Vec<(BlockKind, String)> = vec![(BlockKind::Headline, "A long day of news".to_string())];
    let mut count = 0;
    let mut next = 0;
    while count < words {
        let paragraph: Vec<&str> = (0..4).map(|offset| sentences[(next + offset) % sentences.len()]).collect();
        next += 4;
        let text = paragraph.join(" ");
        count += text.split_whitespace().count();
        paragraphs.push((BlockKind::Paragraph, text));
    }
    Article::new(ArticleMetadata::default(), paragraphs)
}

/// Segments and scores every block; returns how many sentences reach the
/// model's threshold, so the work cannot be optimised away.
pub fn segment_and_score(article: &Article) -> usize {
    let model = Model::builtin();
    let threshold = claimmark_core::suggest::checkworthiness::permille(model.threshold);
    article
        .blocks
        .iter()
        .map(|block| score_block(model, block).iter().filter(|sentence| sentence.score_permille >= threshold).count())
        .sum()
}
