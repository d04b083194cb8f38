//! Who made a claim: a claimant suggested from the attribution in the
//! highlighted sentence.
//!
//! News prose attributes claims in a handful of shapes, and this module reads
//! those shapes only:
//!
//! - "According to the Ministry of Public Security, …" → the institution;
//! - "…, said Chen Weixiong, deputy executive director of …" → the name after
//!   the verb;
//! - "Liu Xinyun, an official at the ministry, said …" → the name before the
//!   apposition;
//! - "…," Chen said during … → the name before the verb, completed to
//!   "Chen Weixiong" from an earlier full mention in the article;
//! - "experts on security said on Wednesday" → the group, capitalised;
//! - "…, he said." → the last person named in an earlier sentence.
//!
//! A suggestion is only ever offered to the user, never stored by itself.
//! This module knows the article's text and its sentences, nothing of the
//! session, storage or the UI.

use crate::article::model::Article;
use crate::article::sentences::sentence_ranges;
use crate::article::text::{slice_code_points, CodePointRange};

/// Verbs that attribute speech or a statement to someone.
const ATTRIBUTION_VERBS: [&str; 12] = [
    "said",
    "says",
    "added",
    "adds",
    "told",
    "stated",
    "claimed",
    "claims",
    "noted",
    "warned",
    "announced",
    "insisted",
];

/// Words that stand for a person named elsewhere.
const PRONOUNS: [&str; 6] = ["he", "she", "they", "we", "i", "it"];

/// Auxiliaries and adverbs that can sit between a subject and its verb
/// ("officials have also said") and are not part of the subject.
const BETWEEN_SUBJECT_AND_VERB: [&str; 8] = ["has", "have", "had", "also", "later", "previously", "once", "then"];

/// Forms of "be" that make "said" passive ("it was said").
const PASSIVE_AUXILIARIES: [&str; 6] = ["is", "was", "were", "be", "been", "being"];

/// The longest subject phrase taken as a claimant, in words.
const LONGEST_SUBJECT_WORDS: usize = 8;

/// The longest name taken after "said" or before an apposition, in words.
const LONGEST_NAME_WORDS: usize = 4;

/// The claimant suggested for the highlight at `range`: read from the
/// attribution of the sentence it starts in (or of any later sentence it
/// covers), with a bare surname completed and a pronoun resolved from the
/// article's earlier sentences. `None` when no sentence says who spoke.
pub fn suggest_claimant(article: &Article, range: CodePointRange) -> Option<String> {
    let sentences = article_sentences(article);
    let first = sentences.iter().position(|sentence| sentence.end > range.start)?;
    let mut candidates = vec![first];
    candidates.extend((first + 1..sentences.len()).take_while(|&index| sentences[index].start < range.end));
    let text = article.canonical_text();
    for index in candidates {
        let sentence = slice_code_points(text, sentences[index].start, sentences[index].end);
        if let Some(attribution) = read_attribution(sentence) {
            if let Some(claimant) = resolve(attribution, text, &sentences[..index]) {
                return Some(claimant);
            }
        }
    }
    None
}

/// Every sentence of the article, as ranges of its canonical text.
fn article_sentences(article: &Article) -> Vec<CodePointRange> {
    article
        .blocks
        .iter()
        .flat_map(|block| {
            sentence_ranges(&block.text).into_iter().map(move |sentence| CodePointRange {
                start: block.start + sentence.start,
                end: block.start + sentence.end,
            })
        })
        .collect()
}

/// What one sentence says about who spoke.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Attribution {
    /// A name or institution, as written.
    Named(String),
    /// A pronoun ("he said"): the speaker is named in an earlier sentence.
    Pronoun,
}

/// Turns an attribution into a claimant: a pronoun becomes the last person
/// named before, a single capitalised word becomes the fuller name it was
/// first written as.
fn resolve(attribution: Attribution, text: &str, earlier_sentences: &[CodePointRange]) -> Option<String> {
    let before_end = earlier_sentences.last().map_or(0, |sentence| sentence.end);
    let earlier_text = slice_code_points(text, 0, before_end);
    match attribution {
        Attribution::Named(name) if !name.contains(' ') && starts_uppercase(&name) => {
            Some(complete_surname(&name, earlier_text).unwrap_or(name))
        }
        Attribution::Named(name) => Some(name),
        Attribution::Pronoun => earlier_sentences.iter().rev().find_map(|sentence| {
            match read_attribution(slice_code_points(text, sentence.start, sentence.end))? {
                Attribution::Named(name) if starts_uppercase(&name) => {
                    let earlier = slice_code_points(text, 0, sentence.start);
                    Some(if name.contains(' ') { name } else { complete_surname(&name, earlier).unwrap_or(name) })
                }
                _ => None,
            }
        }),
    }
}

/// A word of a sentence with its punctuation split off.
#[derive(Clone, Debug)]
struct Word<'text> {
    /// The word without surrounding punctuation.
    bare: &'text str,
    /// True when punctuation (a comma, a closing quote, a dash…) ends it,
    /// so a phrase boundary follows.
    ends_clause: bool,
    /// True when it opens with a quotation mark.
    opens_quote: bool,
}

fn words_of(sentence: &str) -> Vec<Word<'_>> {
    sentence
        .split_whitespace()
        .map(|raw| {
            let bare = raw.trim_matches(|character: char| !character.is_alphanumeric());
            let after_last_letter = raw.trim_end_matches(|character: char| !character.is_alphanumeric()).len();
            let trailing = &raw[after_last_letter..];
            Word {
                bare,
                ends_clause: trailing.chars().any(|character| !matches!(character, '\'' | '’')),
                opens_quote: raw.starts_with(['"', '“', '«', '„']),
            }
        })
        .collect()
}

/// The attribution of one sentence, if it has one.
fn read_attribution(sentence: &str) -> Option<Attribution> {
    let lowered = sentence.to_ascii_lowercase();
    let according = lowered
        .match_indices("according to ")
        .find(|(at, _)| lowered[..*at].chars().next_back().is_none_or(|before| !before.is_alphanumeric()));
    if let Some((at, marker)) = according {
        let rest = &sentence[at + marker.len()..];
        let source = rest.split([',', ';', ':']).next().unwrap_or("").trim().trim_end_matches(['.', '!', '?']);
        let source = strip_prefix_ignoring_case(source, "the ").unwrap_or(source).trim();
        let word_count = source.split_whitespace().count();
        if (1..=LONGEST_SUBJECT_WORDS + 4).contains(&word_count) {
            return Some(Attribution::Named(source.to_string()));
        }
    }
    let words = words_of(sentence);
    for (verb_index, verb) in words.iter().enumerate() {
        if !ATTRIBUTION_VERBS.contains(&verb.bare.to_lowercase().as_str()) {
            continue;
        }
        if let Some(found) = name_after_verb(&words, verb_index).or_else(|| subject_before_verb(&words, verb_index)) {
            return Some(found);
        }
    }
    None
}

/// "…, said Chen Weixiong, deputy director …": the capitalised words right
/// after a verb that follows a clause boundary.
fn name_after_verb(words: &[Word<'_>], verb_index: usize) -> Option<Attribution> {
    let follows_boundary = verb_index > 0 && words[verb_index - 1].ends_clause;
    if !follows_boundary || words[verb_index].ends_clause {
        return None;
    }
    let mut name = Vec::new();
    for word in &words[verb_index + 1..] {
        if !starts_uppercase(word.bare) || name.len() == LONGEST_NAME_WORDS {
            break;
        }
        name.push(word.bare);
        if word.ends_clause {
            break;
        }
    }
    (!name.is_empty()).then(|| Attribution::Named(name.join(" ")))
}

/// "Chen said", "experts on security said", "Liu Xinyun, an official at …,
/// said", "he said": the subject written before the verb.
fn subject_before_verb(words: &[Word<'_>], verb_index: usize) -> Option<Attribution> {
    let mut end = verb_index;
    while end > 0 && BETWEEN_SUBJECT_AND_VERB.contains(&words[end - 1].bare.to_lowercase().as_str()) {
        end -= 1;
    }
    if end == 0 {
        return None;
    }
    // An apposition just before the verb: the name opens the sentence.
    if words[end - 1].ends_clause {
        let name_end = words.iter().position(|word| word.ends_clause)?;
        let name = &words[..=name_end];
        let is_name = name_end + 1 < end
            && name.len() <= LONGEST_NAME_WORDS
            && name.iter().all(|word| starts_uppercase(word.bare))
            && !name[0].opens_quote;
        return is_name.then(|| Attribution::Named(join_bare(name)));
    }
    // "was said to be": a passive, with no speaker.
    if PASSIVE_AUXILIARIES.contains(&words[end - 1].bare.to_lowercase().as_str()) {
        return None;
    }
    let mut start = end - 1;
    while start > 0 && !words[start - 1].ends_clause {
        start -= 1;
    }
    let subject = &words[start..end];
    if subject.len() > LONGEST_SUBJECT_WORDS || subject.iter().any(|word| word.opens_quote || word.bare.is_empty()) {
        return None;
    }
    if subject.len() == 1 && PRONOUNS.contains(&subject[0].bare.to_lowercase().as_str()) {
        return Some(Attribution::Pronoun);
    }
    let joined = join_bare(subject);
    let first_is_lowercase = !starts_uppercase(subject[0].bare);
    // A lowercase group ("experts on security") is only a claimant at the
    // start of a clause; capitalise it as a name is written.
    let claimant = if first_is_lowercase { capitalise_first(&joined) } else { joined };
    Some(Attribution::Named(claimant))
}

/// The fuller name `surname` was first written as in `earlier_text`:
/// "Chen" → "Chen Weixiong" (surname first) or "Smith" → "Anna Smith".
fn complete_surname(surname: &str, earlier_text: &str) -> Option<String> {
    let words = words_of(earlier_text);
    for (index, word) in words.iter().enumerate() {
        if word.bare != surname {
            continue;
        }
        let mut following = Vec::new();
        if !word.ends_clause {
            for next in &words[index + 1..] {
                if !starts_uppercase(next.bare) || following.len() == LONGEST_NAME_WORDS - 1 {
                    break;
                }
                following.push(next.bare);
                if next.ends_clause {
                    break;
                }
            }
        }
        if !following.is_empty() {
            return Some(format!("{surname} {}", following.join(" ")));
        }
        let previous = index.checked_sub(1).map(|previous| &words[previous]);
        if let Some(previous) = previous.filter(|previous| {
            starts_uppercase(previous.bare) && !previous.ends_clause && !is_common_capitalised(previous.bare)
        }) {
            return Some(format!("{} {surname}", previous.bare));
        }
    }
    None
}

/// Capitalised words that open sentences or titles rather than names.
fn is_common_capitalised(word: &str) -> bool {
    matches!(word, "The" | "A" | "An" | "In" | "On" | "At" | "By" | "And" | "But" | "To" | "Mr" | "Ms" | "Mrs" | "Dr")
}

fn join_bare(words: &[Word<'_>]) -> String {
    words.iter().map(|word| word.bare).collect::<Vec<_>>().join(" ")
}

fn starts_uppercase(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

fn capitalise_first(text: &str) -> String {
    let mut characters = text.chars();
    match characters.next() {
        Some(first) => first.to_uppercase().chain(characters).collect(),
        None => String::new(),
    }
}

fn strip_prefix_ignoring_case<'text>(text: &'text str, prefix: &str) -> Option<&'text str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix).then(|| &text[prefix.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::extract::seed_article;
    use crate::article::text::code_point_len;

    /// The claimant suggested for the first occurrence of `needle` in the seed article.
    fn suggested_for(needle: &str) -> Option<String> {
        let article = seed_article();
        let text = article.canonical_text();
        let byte = text.find(needle).unwrap_or_else(|| panic!("{needle} is in the seed article"));
        let start = code_point_len(&text[..byte]);
        suggest_claimant(&article, CodePointRange { start, end: start + code_point_len(needle) })
    }

    #[test]
    fn the_seed_articles_attributions_give_their_claimants() {
        let expected = [
            ("1.73 million cases", Some("Ministry of Public Security")),
            ("947 cases of hacking attacks", Some("Liu Xinyun")),
            ("More than 100 countries", Some("Chen Weixiong")),
            ("major recruitment target is young people", Some("Chen Weixiong")),
            ("encouraged to join efforts to fight terrorism", Some("Experts on security and anti-terrorism")),
            ("I hope more enterprises", Some("Chen Weixiong")),
            ("it is urgent to come up with ways", Some("Chen Weixiong")),
            ("24-hour reporting system", Some("Liu Xinyun")),
            ("opened more than 200 labs", Some("Liu Xinyun")),
            ("China is a major target of hackers", None),
            ("the number and type of cybercrimes", None),
        ];
        for (needle, claimant) in expected {
            assert_eq!(suggested_for(needle).as_deref(), claimant, "for “{needle}”");
        }
    }

    #[test]
    fn each_shape_of_attribution_is_read() {
        let cases = [
            ("According to the World Health Organization, cases rose by 4%.", Some("World Health Organization")),
            ("According to police: nobody was hurt.", Some("police")),
            ("Prices will fall, said Anna Smith, an economist.", Some("Anna Smith")),
            ("\"We will win,\" Ms Okafor said on Tuesday.", Some("Ms Okafor")),
            ("Officials have said the road is safe.", Some("Officials")),
            ("Maria Lopez, a spokeswoman for the agency, said 12 people left.", Some("Maria Lopez")),
            ("Unemployment fell to 3%, analysts at the bank noted.", Some("Analysts at the bank")),
            ("Unemployment fell to 3% in May.", None),
            ("Cases rose by 4%, according to the health ministry.", Some("health ministry")),
            ("The report, published on Monday, was said to be late.", None),
        ];
        for (sentence, expected) in cases {
            let found = match read_attribution(sentence) {
                Some(Attribution::Named(name)) => Some(name),
                Some(Attribution::Pronoun) => Some("<pronoun>".to_string()),
                None => None,
            };
            assert_eq!(found.as_deref(), expected, "for “{sentence}”");
        }
        assert_eq!(read_attribution("\"It works,\" she said."), Some(Attribution::Pronoun));
    }

    #[test]
    fn a_bare_surname_is_completed_from_an_earlier_full_mention_in_either_order() {
        assert_eq!(complete_surname("Chen", "…, said Chen Weixiong, deputy director."), Some("Chen Weixiong".into()));
        assert_eq!(complete_surname("Smith", "The economist Anna Smith disagreed."), Some("Anna Smith".into()));
        assert_eq!(complete_surname("Smith", "Nobody of that name."), None);
    }

    #[test]
    fn a_pronoun_with_nobody_named_before_suggests_nothing() {
        let article = Article::new(
            Default::default(),
            vec![(crate::article::model::BlockKind::Paragraph, "\"It is over,\" he said.".to_string())],
        );
        assert_eq!(suggest_claimant(&article, CodePointRange { start: 1, end: 6 }), None);
    }
}
