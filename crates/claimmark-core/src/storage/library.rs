//! The article library: which articles the user added, under which names,
//! and what adding one more should do.
//!
//! Each article's text lives in its own article record
//! ([`crate::storage::article_record`]) and its annotations under their own key
//! ([`crate::storage::persist`]). The library index, one JSON value under
//! [`LIBRARY_KEY`] (`"format": "claimmark-library"`, version 1), lists the
//! records in the order they were added, with the name the user gave each
//! and when it was added, and says whether the sample article is hidden.
//!
//! Routes: `#/library` shows the library, `#/a/<route id>` an article, where
//! the route id is the hex part of the record key's identity hash, so it
//! survives edits of the text.
//!
//! This module knows the JSON and the rules; it does not know localStorage.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::article::model::{content_id, Article};
use crate::storage::article_record::article_key;
use crate::time::Timestamp;
use crate::time::{format_iso8601, parse_iso8601};

/// The localStorage key of the library index.
pub const LIBRARY_KEY: &str = "claimmark:v1:library";
/// The `format` value of the library index.
pub const LIBRARY_FORMAT_NAME: &str = "claimmark-library";
/// The newest library index version this build writes and reads.
pub const LIBRARY_FORMAT_VERSION: u64 = 1;

/// One article the user added.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LibraryEntry {
    /// The route id: hex SHA-256 of the article's identity.
    pub route_id: String,
    /// The article's identity (its address, else its original title).
    pub identity: String,
    /// The content id of the version last saved (`sha256:…`).
    pub article_id: String,
    /// The name shown in the library (the title unless renamed).
    pub title: String,
    /// The article's address, when known.
    pub source: Option<String>,
    /// When it was added.
    pub added_at: Timestamp,
}

impl LibraryEntry {
    /// The entry for `article`, added at `now`.
    pub fn for_article(article: &Article, now: Timestamp) -> LibraryEntry {
        LibraryEntry {
            route_id: route_id_of(article),
            identity: article.identity(),
            article_id: article.id.clone(),
            title: article.metadata.title.clone(),
            source: article.metadata.source_url.clone(),
            added_at: now,
        }
    }

    /// The key of the entry's article record.
    pub fn record_key(&self) -> String {
        format!("claimmark:v1:article:sha256:{}", self.route_id)
    }
}

/// The route id of `article`: the hex part of its record key.
pub fn route_id_of(article: &Article) -> String {
    let key = article_key(&article.identity());
    key.rsplit(':').next().unwrap_or_default().to_string()
}

/// Where the address bar points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// `#/library`.
    Library,
    /// `#/a/<route id>`.
    Article(String),
    /// Anything else, including no hash: the last or default article.
    Default,
}

/// Reads a location hash (`"#/a/…"`, `"#/library"`, `""`).
pub fn parse_route(hash: &str) -> Route {
    let path = hash.trim_start_matches('#');
    if path == "/library" {
        return Route::Library;
    }
    match path.strip_prefix("/a/") {
        Some(id) if !id.is_empty() && id.chars().all(|character| character.is_ascii_hexdigit()) => {
            Route::Article(id.to_ascii_lowercase())
        }
        _ => Route::Default,
    }
}

/// The hash for `route`.
pub fn route_hash(route: &Route) -> String {
    match route {
        Route::Library => "#/library".to_string(),
        Route::Article(id) => format!("#/a/{id}"),
        Route::Default => String::new(),
    }
}

/// The library index.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Library {
    /// Added articles, oldest first.
    pub entries: Vec<LibraryEntry>,
    /// The user removed the sample article from the list.
    pub sample_hidden: bool,
}

/// What adding an article should do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AddDecision {
    /// The same text is already in the library: open that entry.
    OpenExisting(LibraryEntry),
    /// A different version of a known article (same address, else same
    /// title): ask whether to update it; its annotations then re-anchor.
    AskToUpdate(LibraryEntry),
    /// A new article.
    AddNew,
}

impl Library {
    /// The entry with this route id.
    pub fn entry(&self, route_id: &str) -> Option<&LibraryEntry> {
        self.entries.iter().find(|entry| entry.route_id == route_id)
    }

    /// What adding `article` should do.
    pub fn decide_add(&self, article: &Article) -> AddDecision {
        if let Some(entry) = self.entries.iter().find(|entry| entry.article_id == article.id) {
            return AddDecision::OpenExisting(entry.clone());
        }
        let route_id = route_id_of(article);
        match self.entry(&route_id) {
            Some(entry) => AddDecision::AskToUpdate(entry.clone()),
            None => AddDecision::AddNew,
        }
    }

    /// Adds `entry`, replacing an entry with the same route id in place.
    pub fn upsert(&mut self, entry: LibraryEntry) {
        match self.entries.iter_mut().find(|existing| existing.route_id == entry.route_id) {
            Some(existing) => {
                existing.article_id = entry.article_id;
                existing.source = entry.source;
            }
            None => self.entries.push(entry),
        }
    }

    /// Renames the entry; false when the name is blank or the entry unknown.
    pub fn rename(&mut self, route_id: &str, title: &str) -> bool {
        let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
        match self.entries.iter_mut().find(|entry| entry.route_id == route_id) {
            Some(entry) if !title.is_empty() => {
                entry.title = title;
                true
            }
            _ => false,
        }
    }

    /// Removes the entry and returns it with its position, for undo.
    pub fn remove(&mut self, route_id: &str) -> Option<(usize, LibraryEntry)> {
        let position = self.entries.iter().position(|entry| entry.route_id == route_id)?;
        Some((position, self.entries.remove(position)))
    }

    /// Puts back an entry taken out by [`Library::remove`].
    pub fn restore(&mut self, position: usize, entry: LibraryEntry) {
        if self.entry(&entry.route_id).is_none() {
            let position = position.min(self.entries.len());
            self.entries.insert(position, entry);
        }
    }
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct StoredLibrary {
    format: String,
    version: u64,
    #[serde(default)]
    sample_hidden: bool,
    entries: Vec<StoredEntry>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct StoredEntry {
    route_id: String,
    identity: String,
    article_id: String,
    title: String,
    source: Option<String>,
    added_at: String,
}

/// Why a stored library index could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LibraryError {
    /// Not JSON, not a library index, or a field is missing or malformed.
    WrongFormat(String),
    /// Written by a newer claimmark.
    NewerVersion {
        /// The version found.
        found: u64,
    },
}

impl fmt::Display for LibraryError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LibraryError::WrongFormat(detail) => write!(formatter, "The saved article library could not be read ({detail})."),
            LibraryError::NewerVersion { found } => write!(
                formatter,
                "The article library was saved by a newer claimmark (version {found}; this one reads version {LIBRARY_FORMAT_VERSION})."
            ),
        }
    }
}

/// Encodes the library index.
pub fn encode_library(library: &Library) -> String {
    let stored = StoredLibrary {
        format: LIBRARY_FORMAT_NAME.to_string(),
        version: LIBRARY_FORMAT_VERSION,
        sample_hidden: library.sample_hidden,
        entries: library
            .entries
            .iter()
            .map(|entry| StoredEntry {
                route_id: entry.route_id.clone(),
                identity: entry.identity.clone(),
                article_id: entry.article_id.clone(),
                title: entry.title.clone(),
                source: entry.source.clone(),
                added_at: format_iso8601(entry.added_at),
            })
            .collect(),
    };
    serde_json::to_string(&stored).expect("a library index always serialises")
}

/// Decodes a stored library index.
pub fn decode_library(raw: &str) -> Result<Library, LibraryError> {
    let value: serde_json::Value =
        serde_json::from_str(raw).map_err(|error| LibraryError::WrongFormat(error.to_string()))?;
    if value.get("format").and_then(|format| format.as_str()) != Some(LIBRARY_FORMAT_NAME) {
        return Err(LibraryError::WrongFormat("not a claimmark library".to_string()));
    }
    let version = value.get("version").and_then(|version| version.as_u64()).unwrap_or(0);
    if version > LIBRARY_FORMAT_VERSION {
        return Err(LibraryError::NewerVersion { found: version });
    }
    let stored: StoredLibrary =
        serde_json::from_value(value).map_err(|error| LibraryError::WrongFormat(error.to_string()))?;
    let mut entries = Vec::with_capacity(stored.entries.len());
    for entry in stored.entries {
        let added_at = parse_iso8601(&entry.added_at)
            .ok_or_else(|| LibraryError::WrongFormat(format!("bad date “{}”", entry.added_at)))?;
        if entry.route_id.len() != 64 || !entry.route_id.chars().all(|character| character.is_ascii_hexdigit()) {
            return Err(LibraryError::WrongFormat(format!("bad article reference “{}”", entry.route_id)));
        }
        entries.push(LibraryEntry {
            route_id: entry.route_id,
            identity: entry.identity,
            article_id: entry.article_id,
            title: entry.title,
            source: entry.source,
            added_at,
        });
    }
    Ok(Library { entries, sample_hidden: stored.sample_hidden })
}

/// What kind of text is being added.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportFormat {
    /// Plain text, cleaned with the same heuristics as the sample page.
    PlainText,
    /// An HTML page or fragment, read in reader mode.
    Html,
    /// Markdown.
    Markdown,
}

/// The format of a file, from its name; `Err` carries a message for the
/// user when the kind is not one claimmark reads.
pub fn format_of_file(file_name: &str) -> Result<ImportFormat, String> {
    let lower = file_name.to_ascii_lowercase();
    let extension = lower.rsplit_once('.').map(|(_, extension)| extension).unwrap_or("");
    match extension {
        "txt" | "text" => Ok(ImportFormat::PlainText),
        "html" | "htm" | "xhtml" => Ok(ImportFormat::Html),
        "md" | "markdown" => Ok(ImportFormat::Markdown),
        _ => Err(format!(
            "“{file_name}” is not a file claimmark can read as an article. Use a .txt, .html, .htm or .md file."
        )),
    }
}

/// The format of pasted text: HTML when it looks like markup, Markdown when
/// it opens with a `#` heading, else plain text.
pub fn format_of_pasted_text(text: &str) -> ImportFormat {
    let start = text.trim_start();
    let lower: String = start.chars().take(200).collect::<String>().to_ascii_lowercase();
    if lower.starts_with("<!doctype html")
        || lower.starts_with("<html")
        || lower.starts_with("<body")
        || lower.starts_with("<article")
        || lower.starts_with("<div")
        || lower.starts_with("<p>")
        || lower.starts_with("<p ")
        || lower.starts_with("<meta")
        || lower.starts_with("<h1")
    {
        ImportFormat::Html
    } else if start.starts_with("# ") {
        ImportFormat::Markdown
    } else {
        ImportFormat::PlainText
    }
}

/// Reads plain text or Markdown into an article (HTML goes through the
/// browser's parser first, then [`crate::article::html_reader`]). Refuses text
/// over the import size and text with nothing in it.
pub fn read_text_article(
    format: ImportFormat,
    text: &str,
    known_source: Option<&str>,
) -> Result<Article, crate::article::html_reader::ReaderError> {
    crate::article::html_reader::check_import_size(text.len())?;
    let article = match format {
        ImportFormat::Markdown => crate::article::markdown_reader::read_markdown_article(text, known_source),
        ImportFormat::PlainText | ImportFormat::Html => {
            crate::article::extract::extract_plain_text(text, known_source).article
        }
    };
    if article.blocks.iter().all(|block| block.kind == crate::article::model::BlockKind::Headline) {
        return Err(crate::article::html_reader::ReaderError::NoArticleText);
    }
    Ok(article)
}

/// The identity hash's hex part for an identity string (for tests and the
/// sample article).
pub fn route_id_of_identity(identity: &str) -> String {
    content_id(identity).trim_start_matches("sha256:").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::article::model::{ArticleMetadata, BlockKind};

    fn article(title: &str, source: Option<&str>, body: &str) -> Article {
        Article::new(
            ArticleMetadata {
                title: title.to_string(),
                source_url: source.map(str::to_string),
                ..ArticleMetadata::default()
            },
            [(BlockKind::Headline, title.to_string()), (BlockKind::Paragraph, body.to_string())],
        )
    }

    #[test]
    fn same_text_opens_the_existing_article() {
        let first = article("Bridge", Some("https://example.org/b"), "Body one.");
        let mut library = Library::default();
        library.upsert(LibraryEntry::for_article(&first, Timestamp(1)));
        let again = article("Bridge", Some("https://example.org/b"), "Body one.");
        assert_eq!(library.decide_add(&again), AddDecision::OpenExisting(library.entries[0].clone()));
    }

    #[test]
    fn a_changed_version_of_a_known_article_asks_to_update() {
        let first = article("Bridge", Some("https://example.org/b"), "Body one.");
        let mut library = Library::default();
        library.upsert(LibraryEntry::for_article(&first, Timestamp(1)));
        let changed = article("Bridge (updated)", Some("https://example.org/b"), "Body two.");
        assert_eq!(library.decide_add(&changed), AddDecision::AskToUpdate(library.entries[0].clone()));
        let by_title = article("Storm", None, "One.");
        library.upsert(LibraryEntry::for_article(&by_title, Timestamp(2)));
        assert!(matches!(library.decide_add(&article("Storm", None, "Two.")), AddDecision::AskToUpdate(_)));
        assert_eq!(library.decide_add(&article("Other", None, "Two.")), AddDecision::AddNew);
    }

    #[test]
    fn route_ids_are_the_record_key_hash() {
        let bridge = article("Bridge", Some("https://example.org/b"), "Body.");
        let entry = LibraryEntry::for_article(&bridge, Timestamp(1));
        assert_eq!(entry.record_key(), article_key(&bridge.identity()));
        assert_eq!(entry.route_id, route_id_of_identity("https://example.org/b"));
        assert_eq!(parse_route(&route_hash(&Route::Article(entry.route_id.clone()))), Route::Article(entry.route_id));
        assert_eq!(parse_route("#/library"), Route::Library);
        assert_eq!(parse_route(""), Route::Default);
        assert_eq!(parse_route("#/a/<script>"), Route::Default);
    }

    #[test]
    fn formats_are_told_from_names_and_pasted_text() {
        assert_eq!(format_of_file("Story.HTM"), Ok(ImportFormat::Html));
        assert_eq!(format_of_file("notes.md"), Ok(ImportFormat::Markdown));
        assert_eq!(format_of_file("a.txt"), Ok(ImportFormat::PlainText));
        assert!(format_of_file("photo.jpg").unwrap_err().contains(".txt, .html, .htm or .md"));
        assert_eq!(format_of_pasted_text("  <!DOCTYPE html><html>"), ImportFormat::Html);
        assert_eq!(format_of_pasted_text("# Title\n\nBody"), ImportFormat::Markdown);
        assert_eq!(format_of_pasted_text("Title\n\nBody, text."), ImportFormat::PlainText);
    }

    #[test]
    fn text_without_a_body_is_refused() {
        use crate::article::html_reader::ReaderError;
        assert_eq!(read_text_article(ImportFormat::PlainText, "   ", None), Err(ReaderError::NoArticleText));
        let article = read_text_article(
            ImportFormat::Markdown,
            "# Storm closes schools\n\nAll schools in the county were shut on Monday, officials said.",
            None,
        )
        .unwrap();
        assert_eq!(article.metadata.title, "Storm closes schools");
        let huge = "word ".repeat(2_000_000);
        assert!(matches!(read_text_article(ImportFormat::PlainText, &huge, None), Err(ReaderError::TooLarge { .. })));
    }

    #[test]
    fn rename_remove_and_undo() {
        let mut library = Library::default();
        for (index, title) in ["A", "B", "C"].iter().enumerate() {
            library.upsert(LibraryEntry::for_article(&article(title, None, "x"), Timestamp(index as i64)));
        }
        let b = library.entries[1].route_id.clone();
        assert!(library.rename(&b, "  Bee  story "));
        assert!(!library.rename(&b, "   "));
        assert_eq!(library.entries[1].title, "Bee story");
        let (position, entry) = library.remove(&b).unwrap();
        assert_eq!(library.entries.len(), 2);
        library.restore(position, entry);
        assert_eq!(library.entries[1].title, "Bee story");
    }

    #[test]
    fn the_index_round_trips_and_refuses_newer_or_damaged_values() {
        let mut library = Library { sample_hidden: true, ..Library::default() };
        library.upsert(LibraryEntry::for_article(&article("A", None, "x"), Timestamp(1_700_000_000_000)));
        let encoded = encode_library(&library);
        assert_eq!(decode_library(&encoded), Ok(library));
        let newer = encoded.replace("\"version\":1", "\"version\":2");
        assert_eq!(decode_library(&newer), Err(LibraryError::NewerVersion { found: 2 }));
        assert!(matches!(decode_library("{"), Err(LibraryError::WrongFormat(_))));
        assert!(matches!(decode_library("{\"format\":\"other\"}"), Err(LibraryError::WrongFormat(_))));
    }
}
