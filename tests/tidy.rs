//! Tidy checks for the rules the compiler cannot check.
//!
//! The core crate (`crates/claimmark-core`) cannot use a browser crate: its
//! `Cargo.toml` lists none, so the compiler refuses such code. What is left
//! for this test:
//!
//! - `crates/claimmark-core/Cargo.toml` lists no browser crate (`web-sys`,
//!   `js-sys`, `wasm-bindgen`, `gloo`, `yew`) in any section, and the app's
//!   `Cargo.toml` lists them only in the `[target.'cfg(target_arch =
//!   "wasm32")'.*]` sections, so its native test build stays light.
//! - The core never names the clock or a random source outside its
//!   `#[cfg(test)]` items: time and ids are passed in.
//! - The core's domain folders use only the folders before them in
//!   [`CORE_FOLDER_ORDER`], its modules import each other without circles,
//!   and a folder's `mod.rs` only declares its modules.
//! - Every `.rs` file of the app and of the core opens with a `//!` module
//!   overview.
//!
//! Each rule is a function tested on inline samples that break it, then run
//! on the real tree.

#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The browser crates as Rust code names them (samples for the tests of
/// comment and literal stripping).
const BROWSER_CRATE_IDENTIFIERS: [&str; 5] = ["web_sys", "js_sys", "wasm_bindgen", "gloo", "yew"];

/// Names that read the clock or draw randomness, which the core must not.
const CLOCK_AND_RANDOMNESS_IDENTIFIERS: [&str; 6] =
    ["SystemTime", "Instant", "UNIX_EPOCH", "getrandom", "thread_rng", "OsRng"];

/// The browser crates as Cargo.toml names them; their `-` extensions
/// (`wasm-bindgen-futures`, `gloo-timers`, …) count too.
const BROWSER_CRATE_PACKAGES: [&str; 5] = ["web-sys", "js-sys", "wasm-bindgen", "gloo", "yew"];

/// A forbidden identifier found in code.
#[derive(Debug, PartialEq, Eq)]
struct Finding {
    /// 1-based line number.
    line: usize,
    /// The identifier as written.
    identifier: String,
}

/// Replaces comments (line, block, doc) and the contents of string and
/// character literals with spaces, keeping newlines, so that what remains
/// is code and line numbers still match the source.
fn code_without_comments_and_literals(source: &str) -> String {
    let characters: Vec<char> = source.chars().collect();
    let mut code = String::with_capacity(source.len());
    let blank = |character: char| if character == '\n' { '\n' } else { ' ' };
    let mut index = 0;
    while index < characters.len() {
        let current = characters[index];
        let next = characters.get(index + 1).copied();
        let previous_is_identifier =
            index > 0 && (characters[index - 1].is_alphanumeric() || characters[index - 1] == '_');

        if current == '/' && next == Some('/') {
            while index < characters.len() && characters[index] != '\n' {
                code.push(' ');
                index += 1;
            }
        } else if current == '/' && next == Some('*') {
            // Rust block comments nest.
            let mut depth = 0;
            while index < characters.len() {
                if characters[index] == '/' && characters.get(index + 1) == Some(&'*') {
                    depth += 1;
                    code.push_str("  ");
                    index += 2;
                } else if characters[index] == '*' && characters.get(index + 1) == Some(&'/') {
                    depth -= 1;
                    code.push_str("  ");
                    index += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    code.push(blank(characters[index]));
                    index += 1;
                }
            }
        } else if let Some(hashes) = raw_string_opening(&characters[index..]).filter(|_| !previous_is_identifier) {
            // r"…", r#"…"#, br"…": no escapes; ends at '"' plus the same number of '#'.
            let opening_length = characters[index..].iter().position(|&character| character == '"').unwrap_or(0) + 1;
            code.extend(std::iter::repeat_n(' ', opening_length));
            index += opening_length;
            let closing: Vec<char> = std::iter::once('"').chain(std::iter::repeat_n('#', hashes)).collect();
            while index < characters.len() && !characters[index..].starts_with(&closing) {
                code.push(blank(characters[index]));
                index += 1;
            }
            let closing_length = closing.len().min(characters.len() - index);
            code.extend(std::iter::repeat_n(' ', closing_length));
            index += closing_length;
        } else if current == '"' {
            code.push(' ');
            index += 1;
            while index < characters.len() && characters[index] != '"' {
                if characters[index] == '\\' {
                    code.push(' ');
                    index += 1;
                }
                if index < characters.len() {
                    code.push(blank(characters[index]));
                    index += 1;
                }
            }
            if index < characters.len() {
                code.push(' ');
                index += 1;
            }
        } else if current == '\'' && next == Some('\\') {
            // An escaped character literal: '\n', '\'', '\u{2019}'.
            code.push_str("  ");
            index += 2;
            while index < characters.len() && characters[index] != '\'' {
                code.push(blank(characters[index]));
                index += 1;
            }
            if index < characters.len() {
                code.push(' ');
                index += 1;
            }
        } else if current == '\'' && characters.get(index + 2) == Some(&'\'') {
            // A plain character literal: 'x', '"'. Anything else after a quote
            // is a lifetime or a label and stays code.
            code.push_str("   ");
            index += 3;
        } else {
            code.push(current);
            index += 1;
        }
    }
    code
}

/// When `text` opens a raw string (`r"`, `r#"`, `br##"`…), the number of `#`.
fn raw_string_opening(text: &[char]) -> Option<usize> {
    let after_prefix = match text {
        ['b', 'r', rest @ ..] | ['r', rest @ ..] => rest,
        _ => return None,
    };
    let hashes = after_prefix.iter().take_while(|&&character| character == '#').count();
    (after_prefix.get(hashes) == Some(&'"')).then_some(hashes)
}

/// Blanks every item marked `#[cfg(test)]` in `code` (already stripped of
/// comments and literals, so braces can be counted), keeping newlines.
/// Tests may time themselves; the code they test may not read the clock.
fn without_test_code(code: &str) -> String {
    const MARKER: &str = "#[cfg(test)]";
    let mut kept = String::with_capacity(code.len());
    let mut rest = code;
    while let Some(start) = rest.find(MARKER) {
        kept.push_str(&rest[..start]);
        let item = &rest[start..];
        let mut depth = 0;
        let mut end = item.len();
        for (index, character) in item.char_indices().skip(MARKER.len()) {
            match character {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = index + 1;
                        break;
                    }
                }
                ';' if depth == 0 => {
                    end = index + 1;
                    break;
                }
                _ => {}
            }
        }
        kept.extend(item[..end].chars().map(|character| if character == '\n' { '\n' } else { ' ' }));
        rest = &item[end..];
    }
    kept.push_str(rest);
    kept
}

/// Every whole identifier in the code of `source` that is one of `forbidden`.
fn find_identifiers(source: &str, forbidden: &[&str]) -> Vec<Finding> {
    find_identifiers_in_code(&code_without_comments_and_literals(source), forbidden)
}

/// Like [`find_identifiers`], on code already stripped of comments and
/// literals.
fn find_identifiers_in_code(code: &str, forbidden: &[&str]) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (line_index, line) in code.lines().enumerate() {
        let identifiers = line.split(|character: char| !(character.is_alphanumeric() || character == '_'));
        for identifier in identifiers {
            if forbidden.contains(&identifier) {
                findings.push(Finding { line: line_index + 1, identifier: identifier.to_string() });
            }
        }
    }
    findings
}

/// Whether the file opens with a `//!` overview (blank lines before it are
/// tolerated).
fn opens_with_module_overview(source: &str) -> bool {
    source.lines().find(|line| !line.trim().is_empty()).is_some_and(|line| line.starts_with("//!"))
}

/// A browser crate listed where it does not belong in Cargo.toml.
#[derive(Debug, PartialEq, Eq)]
struct MisplacedDependency {
    /// 1-based line number in Cargo.toml.
    line: usize,
    /// The section header, as written.
    section: String,
    /// The crate's package name.
    package: String,
}

/// Whether Cargo names a browser crate with `package`.
fn is_browser_package(package: &str) -> bool {
    let package = package.replace('_', "-");
    BROWSER_CRATE_PACKAGES.iter().any(|browser| package == *browser || package.starts_with(&format!("{browser}-")))
}

/// Splits a TOML dotted key (`target.'cfg(unix)'.dependencies`) into its
/// parts, unquoting quoted parts.
fn dotted_key_parts(key: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut quote = None;
    for character in key.chars() {
        match (quote, character) {
            (None, '"' | '\'') => quote = Some(character),
            (Some(open), _) if character == open => quote = None,
            (None, '.') => parts.push(std::mem::take(&mut current).trim().to_string()),
            (None, _) if character.is_whitespace() => {}
            _ => current.push(character),
        }
    }
    parts.push(current.trim().to_string());
    parts
}

/// The text of a TOML line before a `#` comment that is not inside quotes.
fn without_toml_comment(line: &str) -> &str {
    let mut quote = None;
    for (index, character) in line.char_indices() {
        match (quote, character) {
            (None, '#') => return &line[..index],
            (None, '"' | '\'') => quote = Some(character),
            (Some(open), _) if character == open => quote = None,
            _ => {}
        }
    }
    line
}

/// The value of `package = "…"` in a TOML fragment, if any.
fn renamed_package(fragment: &str) -> Option<String> {
    let start = fragment.find("package")?;
    let after_key = fragment[start + "package".len()..].trim_start().strip_prefix('=')?.trim_start();
    let quote = after_key.chars().next().filter(|character| *character == '"' || *character == '\'')?;
    let value = &after_key[1..];
    Some(value[..value.find(quote)?].to_string())
}

/// Browser crates that Cargo.toml lists outside the wasm32-only sections.
fn misplaced_browser_dependencies(cargo_toml: &str) -> Vec<MisplacedDependency> {
    browser_dependencies(cargo_toml, WasmSections::Allowed)
}

/// Whether a manifest may list browser crates in its wasm32-only sections.
#[derive(Clone, Copy, PartialEq, Eq)]
enum WasmSections {
    /// The app: browser crates belong there.
    Allowed,
    /// The core: no section may list one.
    Refused,
}

/// Browser crates that Cargo.toml lists where `wasm_sections` does not
/// allow them.
fn browser_dependencies(cargo_toml: &str, wasm_sections: WasmSections) -> Vec<MisplacedDependency> {
    let mut misplaced = Vec::new();
    // (header as written, is a dependency list, is wasm32-only, dependency named by the header itself)
    let mut section = (String::new(), false, false, None::<String>);
    for (line_index, raw_line) in cargo_toml.lines().enumerate() {
        let line = without_toml_comment(raw_line).trim();
        let mut report = |package: &str, section_header: &str| {
            if is_browser_package(package) {
                misplaced.push(MisplacedDependency {
                    line: line_index + 1,
                    section: section_header.to_string(),
                    package: package.to_string(),
                });
            }
        };
        if line.starts_with('[') {
            let header = line.trim_start_matches('[').trim_end_matches(']');
            let parts = dotted_key_parts(header);
            let list_position = parts
                .iter()
                .position(|part| matches!(part.as_str(), "dependencies" | "dev-dependencies" | "build-dependencies"));
            let wasm_only = wasm_sections == WasmSections::Allowed
                && parts.first().map(String::as_str) == Some("target")
                && list_position == Some(2)
                && parts[1]
                    .chars()
                    .filter(|character| !character.is_whitespace() && !matches!(character, '"' | '\'' | '\\'))
                    .collect::<String>()
                    == "cfg(target_arch=wasm32)";
            let named_dependency = list_position.and_then(|position| parts.get(position + 1).cloned());
            section = (raw_line.trim().to_string(), list_position.is_some(), wasm_only, named_dependency);
            if let (true, false, Some(name)) = (section.1, section.2, &section.3) {
                report(name, &section.0);
            }
            continue;
        }
        let (header, is_dependency_list, wasm_only, named_dependency) = &section;
        if !is_dependency_list || *wasm_only {
            continue;
        }
        match named_dependency {
            // Inside [dependencies.NAME], only a `package = …` rename names a crate.
            Some(_) => {
                if line.starts_with("package") {
                    if let Some(package) = renamed_package(line) {
                        report(&package, header);
                    }
                }
            }
            None => {
                let Some((key, value)) = line.split_once('=') else {
                    continue;
                };
                let key = key.trim().trim_matches(['"', '\'']);
                if key.is_empty() || key.contains(char::is_whitespace) {
                    continue;
                }
                report(key, header);
                if let Some(package) = renamed_package(value) {
                    report(&package, header);
                }
            }
        }
    }
    misplaced
}

fn crate_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The core crate's sources, relative to the repository root.
const CORE_SOURCES: &str = "crates/claimmark-core/src";

/// Every `.rs` file under `src/` and the core's `src/`, relative to the
/// repository root, sorted.
fn source_files() -> Vec<PathBuf> {
    fn walk(directory: &Path, root: &Path, files: &mut Vec<PathBuf>) {
        let entries =
            std::fs::read_dir(directory).unwrap_or_else(|error| panic!("read {}: {error}", directory.display()));
        for entry in entries {
            let path = entry.expect("read a directory entry").path();
            if path.is_dir() {
                walk(&path, root, files);
            } else if path.extension().is_some_and(|extension| extension == "rs") {
                files.push(path.strip_prefix(root).expect("under the crate root").to_path_buf());
            }
        }
    }
    let root = crate_root();
    let mut files = Vec::new();
    walk(&root.join("src"), &root, &mut files);
    walk(&root.join(CORE_SOURCES), &root, &mut files);
    files.sort();
    assert!(files.iter().any(|file| file == Path::new("src/lib.rs")), "src/ was not found: {files:?}");
    assert!(
        files.iter().any(|file| file == &Path::new(CORE_SOURCES).join("lib.rs")),
        "{CORE_SOURCES} was not found: {files:?}"
    );
    files
}

fn read(relative_path: &Path) -> String {
    let path = crate_root().join(relative_path);
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("read {}: {error}", path.display()))
}

#[test]
fn browser_crates_are_found_in_code() {
    let source = "//! Overview.\nuse std::fmt;\nuse web_sys::Window;\nfn view() { yew::html! {} }\n";
    let findings = find_identifiers(source, &BROWSER_CRATE_IDENTIFIERS);
    assert_eq!(
        findings,
        vec![
            Finding { line: 3, identifier: "web_sys".to_string() },
            Finding { line: 4, identifier: "yew".to_string() }
        ]
    );
}

#[test]
fn comments_and_literals_do_not_count() {
    let source = r####"//! The core never uses web_sys.
/// Unlike yew::Component, this is plain.
/* A block comment naming gloo /* nested js_sys */ wasm_bindgen */
// use web_sys::Window;
const NOTE: &str = "yew and gloo are browser crates \" web_sys";
const RAW: &str = r#"wasm_bindgen "quoted" js_sys"#;
const BYTES: &[u8] = br##"yew"##;
const QUOTE: char = '"';
const APOSTROPHE: char = '\'';
fn keep<'a>(text: &'a str) -> &'a str { text }
"####;
    assert_eq!(find_identifiers(source, &BROWSER_CRATE_IDENTIFIERS), vec![]);
}

#[test]
fn code_after_tricky_literals_is_still_checked() {
    let source = "const QUOTE: char = '\"';\nuse gloo::timers;\nfn f<'a>(x: &'a str) -> &'a str { x } use js_sys::Date;\nlet s = r#\"x\"#; wasm_bindgen::prelude::JsValue;\n";
    let identifiers: Vec<(usize, String)> = find_identifiers(source, &BROWSER_CRATE_IDENTIFIERS)
        .into_iter()
        .map(|finding| (finding.line, finding.identifier))
        .collect();
    assert_eq!(identifiers, vec![(2, "gloo".to_string()), (3, "js_sys".to_string()), (4, "wasm_bindgen".to_string())]);
}

#[test]
fn only_whole_identifiers_match() {
    let source = "let yewish = 1; let my_gloo = 2; let web_sys_like = 3; fn js_sys2() {}\n";
    assert_eq!(find_identifiers(source, &BROWSER_CRATE_IDENTIFIERS), vec![]);
    assert_eq!(find_identifiers("let x = r#yew::html;", &BROWSER_CRATE_IDENTIFIERS).len(), 1);
}

/// The clock rule as run on the real tree: outside test code only.
fn clock_or_randomness_outside_tests(source: &str) -> Vec<Finding> {
    let code = without_test_code(&code_without_comments_and_literals(source));
    find_identifiers_in_code(&code, &CLOCK_AND_RANDOMNESS_IDENTIFIERS)
}

#[test]
fn clock_and_randomness_are_found_outside_tests() {
    let source = r#"//! Overview.
let now = std::time::SystemTime::now();
// Instant is fine in a comment
fn f() { let label = "}"; let start = Instant::now(); }
#[cfg(test)]
use std::time::Instant;
#[cfg(test)]
mod tests {
    fn timed() { if true { let _ = std::time::Instant::now(); } }
}
fn after_the_tests() -> u64 { getrandom::u64() }
"#;
    let lines: Vec<(usize, String)> = clock_or_randomness_outside_tests(source)
        .into_iter()
        .map(|finding| (finding.line, finding.identifier))
        .collect();
    assert_eq!(lines, vec![(2, "SystemTime".to_string()), (4, "Instant".to_string()), (11, "getrandom".to_string())]);
}

#[test]
fn module_overviews_are_required() {
    assert!(opens_with_module_overview("//! What this does.\nuse std::fmt;\n"));
    assert!(opens_with_module_overview("\n//! What this does.\n"));
    assert!(!opens_with_module_overview("/// An item doc.\nfn f() {}\n"));
    assert!(!opens_with_module_overview("use std::fmt;\n//! Too late.\n"));
    assert!(!opens_with_module_overview(""));
}

#[test]
fn browser_crates_outside_wasm_sections_are_reported() {
    let cargo_toml = r#"[package]
name = "sample"
description = "uses yew = nothing here"

[dependencies]
serde = "1"
yew = { version = "0.23" }  # a comment naming web-sys
storage = { package = "gloo-storage", version = "0.3" }

[dev-dependencies]
wasm-bindgen-test = "0.3"

[target.'cfg(not(target_arch = "wasm32"))'.dependencies]
js_sys = "0.3"

[dependencies.web-sys]
version = "0.3"

[dependencies.timers]
package = "gloo-timers"
version = "0.3"

[target.'cfg(target_arch = "wasm32")'.dependencies]
wasm-bindgen = "0.2"
yew = "0.23"

[target."cfg(target_arch = \"wasm32\")".dev-dependencies]
wasm-bindgen-test = "0.3"
"#;
    let found: Vec<(usize, String)> = misplaced_browser_dependencies(cargo_toml)
        .into_iter()
        .map(|dependency| (dependency.line, dependency.package))
        .collect();
    let expected = [
        (7, "yew"),
        (8, "gloo-storage"),
        (11, "wasm-bindgen-test"),
        (14, "js_sys"),
        (16, "web-sys"),
        (20, "gloo-timers"),
    ];
    assert_eq!(found, expected.map(|(line, package)| (line, package.to_string())));
}

#[test]
fn non_browser_crates_with_similar_names_are_not_reported() {
    let cargo_toml = "[dependencies]\nyewtube = \"1\"\nwasm-bindgenerator = \"1\"\nserde_json = \"1\"\n";
    assert_eq!(misplaced_browser_dependencies(cargo_toml), vec![]);
}

#[test]
fn the_core_reads_no_clock_and_draws_no_randomness() {
    let mut violations = Vec::new();
    for file in source_files().iter().filter(|file| file.starts_with(CORE_SOURCES)) {
        for finding in clock_or_randomness_outside_tests(&read(file)) {
            violations.push(format!("{}:{}: names `{}`", file.display(), finding.line, finding.identifier));
        }
    }
    assert!(violations.is_empty(), "the core takes time and ids as arguments:\n{}", violations.join("\n"));
}

#[test]
fn the_core_manifest_lists_no_browser_crate() {
    let cargo_toml = read(&Path::new(CORE_SOURCES).parent().expect("the core's folder").join("Cargo.toml"));
    let listed = browser_dependencies(&cargo_toml, WasmSections::Refused);
    assert!(listed.is_empty(), "the core crate must not depend on a browser crate, in any section: {listed:#?}");
}

#[test]
fn a_core_manifest_is_refused_browser_crates_even_for_wasm32() {
    let cargo_toml =
        "[dependencies]\nserde = \"1\"\n\n[target.'cfg(target_arch = \"wasm32\")'.dependencies]\njs-sys = \"0.3\"\n";
    assert_eq!(misplaced_browser_dependencies(cargo_toml), vec![]);
    let listed: Vec<(usize, String)> = browser_dependencies(cargo_toml, WasmSections::Refused)
        .into_iter()
        .map(|dependency| (dependency.line, dependency.package))
        .collect();
    assert_eq!(listed, vec![(5, "js-sys".to_string())]);
}

#[test]
fn cargo_toml_lists_browser_crates_only_for_wasm32() {
    let misplaced = misplaced_browser_dependencies(&read(Path::new("Cargo.toml")));
    assert!(
        misplaced.is_empty(),
        "browser crates belong in [target.'cfg(target_arch = \"wasm32\")'.*] sections: {misplaced:#?}"
    );
}

#[test]
fn every_source_file_opens_with_a_module_overview() {
    let missing: Vec<String> = source_files()
        .into_iter()
        .filter(|file| !opens_with_module_overview(&read(file)))
        .map(|file| file.display().to_string())
        .collect();
    assert!(missing.is_empty(), "these files do not start with a `//!` overview: {missing:?}");
}

/// The core's domain folders, lowest first. A module may use the modules of
/// its own folder and of the folders before it, never one after it.
const CORE_FOLDER_ORDER: [&str; 8] =
    ["time", "article", "anchoring", "session", "storage", "formats", "suggest", "views"];

/// Files of the core that are outside the layering: `test_support.rs` is
/// compiled for tests only (`#[cfg(test)] mod test_support;` in `lib.rs`).
const CORE_FILES_OUTSIDE_THE_LAYERS: [&str; 1] = ["test_support.rs"];

/// A module's path inside its crate: `session/reducer.rs` is
/// `["session", "reducer"]`, `session/mod.rs` is `["session"]`, and `lib.rs`
/// is the crate root, `[]`.
fn module_path_of(relative_to_sources: &Path) -> Vec<String> {
    let mut parts: Vec<String> =
        relative_to_sources.iter().map(|part| part.to_string_lossy().trim_end_matches(".rs").to_string()).collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

/// Every path that code (stripped of comments and literals) names through
/// `crate::` or `super::`, with `use` groups expanded:
/// `use crate::a::{b, c::D};` names `crate::a::b` and `crate::a::c::D`.
/// Each comes with its 1-based line; `super` segments are kept as written.
fn named_paths(code: &str) -> Vec<(usize, Vec<String>)> {
    fn is_identifier_character(character: char) -> bool {
        character.is_alphanumeric() || character == '_'
    }
    fn skip_whitespace(characters: &[char], mut index: usize) -> usize {
        while index < characters.len() && characters[index].is_whitespace() {
            index += 1;
        }
        index
    }
    /// Reads `segment(::segment)*` or a `{…}` group at `index`, appending
    /// each complete path to `found`; returns where it stopped.
    fn read_path(characters: &[char], mut index: usize, prefix: Vec<String>, found: &mut Vec<Vec<String>>) -> usize {
        let mut path = prefix;
        loop {
            index = skip_whitespace(characters, index);
            if index < characters.len() && characters[index] == '{' {
                index += 1;
                loop {
                    index = skip_whitespace(characters, index);
                    match characters.get(index) {
                        Some('}') => return index + 1,
                        Some(',') => index += 1,
                        Some(_) => {
                            let before = index;
                            index = read_path(characters, index, path.clone(), found);
                            if index == before {
                                index += 1;
                            }
                        }
                        None => return index,
                    }
                }
            }
            let start = index;
            while index < characters.len() && is_identifier_character(characters[index]) {
                index += 1;
            }
            if index == start {
                found.push(path);
                return index;
            }
            path.push(characters[start..index].iter().collect());
            let after = skip_whitespace(characters, index);
            if characters.get(after) == Some(&':') && characters.get(after + 1) == Some(&':') {
                index = after + 2;
            } else {
                found.push(path);
                return index;
            }
        }
    }
    let characters: Vec<char> = code.chars().collect();
    let mut line_starts = vec![0];
    line_starts.extend(characters.iter().enumerate().filter(|(_, c)| **c == '\n').map(|(index, _)| index + 1));
    let line_of = |index: usize| line_starts.partition_point(|start| *start <= index);
    let mut paths = Vec::new();
    let mut index = 0;
    while index < characters.len() {
        let starts_word =
            index == 0 || !(is_identifier_character(characters[index - 1]) || characters[index - 1] == ':');
        let rest: String = characters[index..characters.len().min(index + 7)].iter().collect();
        let root = if rest.starts_with("crate::") {
            Some("crate")
        } else if rest.starts_with("super::") {
            Some("super")
        } else {
            None
        };
        match root {
            Some(root) if starts_word => {
                let mut found = Vec::new();
                let end = read_path(&characters, index + root.len() + 2, vec![root.to_string()], &mut found);
                for path in found {
                    paths.push((line_of(index), path));
                }
                index = end.max(index + 1);
            }
            _ => index += 1,
        }
    }
    paths
}

/// The module a named path lands in: the longest prefix of the path (after
/// resolving `crate` and `super` from `from`) that is one of `modules`.
fn module_named_by(path: &[String], from: &[String], modules: &BTreeSet<Vec<String>>) -> Option<Vec<String>> {
    let mut absolute: Vec<String> = Vec::new();
    let mut segments = path.iter().peekable();
    match segments.peek().map(|segment| segment.as_str()) {
        Some("crate") => {
            segments.next();
        }
        Some("super") => {
            absolute = from.to_vec();
            while segments.peek().map(|segment| segment.as_str()) == Some("super") {
                segments.next();
                absolute.pop()?;
            }
        }
        _ => return None,
    }
    absolute.extend(segments.cloned());
    (0..=absolute.len()).rev().map(|length| absolute[..length].to_vec()).find(|prefix| modules.contains(prefix))
}

/// A rule of the core's layering that a use of one module by another breaks.
#[derive(Debug, PartialEq, Eq)]
enum LayeringProblem {
    /// A module uses a module of a folder that comes after its own.
    UsesALaterFolder { from: String, line: usize, uses: String },
    /// A module sits in a folder that is not in [`CORE_FOLDER_ORDER`].
    UnknownFolder { module: String },
    /// Modules that import each other round a circle, first one repeated.
    Circle { modules: Vec<String> },
}

/// Checks the layering of a crate given as (module path, code stripped of
/// comments, literals and test items) for each of its modules.
fn layering_problems(modules: &[(Vec<String>, String)], folder_order: &[&str]) -> Vec<LayeringProblem> {
    let known: BTreeSet<Vec<String>> = modules.iter().map(|(path, _)| path.clone()).collect();
    let name = |path: &[String]| if path.is_empty() { "crate".to_string() } else { path.join("::") };
    let rank = |path: &[String]| path.first().and_then(|folder| folder_order.iter().position(|known| known == folder));
    let mut problems = Vec::new();
    let mut uses: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for (module, code) in modules {
        if !module.is_empty() && rank(module).is_none() {
            problems.push(LayeringProblem::UnknownFolder { module: name(module) });
        }
        for (line, path) in named_paths(code) {
            let Some(used) = module_named_by(&path, module, &known) else { continue };
            if &used == module || module.starts_with(&used) {
                continue;
            }
            if let (Some(own), Some(theirs)) = (rank(module), rank(&used)) {
                if theirs > own {
                    problems.push(LayeringProblem::UsesALaterFolder { from: name(module), line, uses: name(&used) });
                }
            }
            uses.entry(module.clone()).or_default().insert(used);
        }
    }
    // Depth-first search; a module met again while still on the stack closes a circle.
    fn visit(
        module: &Vec<String>,
        uses: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        stack: &mut Vec<Vec<String>>,
        finished: &mut BTreeSet<Vec<String>>,
        circles: &mut Vec<Vec<Vec<String>>>,
    ) {
        if finished.contains(module) {
            return;
        }
        if let Some(position) = stack.iter().position(|on_stack| on_stack == module) {
            let mut circle = stack[position..].to_vec();
            circle.push(module.clone());
            circles.push(circle);
            return;
        }
        stack.push(module.clone());
        for used in uses.get(module).into_iter().flatten() {
            visit(used, uses, stack, finished, circles);
        }
        stack.pop();
        finished.insert(module.clone());
    }
    let mut circles = Vec::new();
    let mut finished = BTreeSet::new();
    for module in uses.keys() {
        visit(module, &uses, &mut Vec::new(), &mut finished, &mut circles);
    }
    for circle in circles {
        problems.push(LayeringProblem::Circle { modules: circle.iter().map(|module| name(module)).collect() });
    }
    problems
}

/// Whether a `mod.rs` or `lib.rs` (stripped of comments and test items)
/// does nothing but declare modules.
fn only_declares_modules(code: &str) -> bool {
    let tokens: Vec<&str> = code.split(|character: char| character.is_whitespace() || character == ';').collect();
    let tokens: Vec<&str> = tokens.into_iter().filter(|token| !token.is_empty()).collect();
    tokens.chunks(3).all(|declaration| {
        matches!(declaration, ["pub", "mod", name] if name.chars().all(|character| character.is_alphanumeric() || character == '_'))
    }) && tokens.len() % 3 == 0
}

#[test]
fn use_groups_are_expanded_and_super_is_resolved() {
    let code = "use crate::article::{model::Article, text::{code_point_len, CodePointRange}};\n\
                fn f() { let x = crate::time::Timestamp(0); my_crate::views::x(); }\n\
                use super::history::Step;\n";
    let paths: Vec<(usize, String)> =
        named_paths(code).into_iter().map(|(line, path)| (line, path.join("::"))).collect();
    assert_eq!(
        paths,
        [
            (1, "crate::article::model::Article"),
            (1, "crate::article::text::code_point_len"),
            (1, "crate::article::text::CodePointRange"),
            (2, "crate::time::Timestamp"),
            (3, "super::history::Step"),
        ]
        .map(|(line, path)| (line, path.to_string()))
    );
    let modules: BTreeSet<Vec<String>> =
        [vec![], vec!["session".into()], vec!["session".into(), "history".into()]].into_iter().collect();
    let from = vec!["session".to_string(), "reducer".to_string()];
    let step = ["super", "history", "Step"].map(String::from);
    assert_eq!(module_named_by(&step, &from, &modules), Some(vec!["session".to_string(), "history".to_string()]));
}

#[test]
fn later_folders_unknown_folders_and_circles_are_reported() {
    let module = |path: &str, code: &str| {
        (path.split("::").filter(|part| !part.is_empty()).map(String::from).collect::<Vec<_>>(), code.to_string())
    };
    let modules = [
        module("", "pub mod low; pub mod high;"),
        module("low", ""),
        module("low::a", "use crate::low::b::B;\nuse crate::high::c::C;"),
        module("low::b", "use super::a::A;"),
        module("high", ""),
        module("high::c", "use crate::low::a::A;"),
        module("stray", ""),
    ];
    let problems = layering_problems(&modules, &["low", "high"]);
    assert_eq!(
        problems,
        vec![
            LayeringProblem::UsesALaterFolder { from: "low::a".into(), line: 2, uses: "high::c".into() },
            LayeringProblem::UnknownFolder { module: "stray".into() },
            LayeringProblem::Circle { modules: vec!["high::c".into(), "low::a".into(), "high::c".into()] },
            LayeringProblem::Circle { modules: vec!["low::a".into(), "low::b".into(), "low::a".into()] },
        ]
    );
    let tidy = [module("", ""), module("low", ""), module("low::a", ""), module("high::c", "use crate::low::a::A;")];
    assert_eq!(layering_problems(&tidy, &["low", "high"]), vec![]);
}

#[test]
fn folder_modules_only_declare_modules() {
    assert!(only_declares_modules("pub mod a;\npub mod b_two;\n"));
    assert!(only_declares_modules("   \n"));
    assert!(!only_declares_modules("pub mod a;\nfn helper() {}\n"));
    assert!(!only_declares_modules("pub mod a;\nuse crate::b::C;\n"));
    assert!(!only_declares_modules("pub use a::A;\n"));
}

/// The core's modules, as (module path, code without comments, literals
/// and test items).
fn core_modules() -> Vec<(Vec<String>, String)> {
    source_files()
        .into_iter()
        .filter_map(|file| {
            let relative = file.strip_prefix(CORE_SOURCES).ok()?.to_path_buf();
            if CORE_FILES_OUTSIDE_THE_LAYERS.iter().any(|outside| relative == Path::new(outside)) {
                return None;
            }
            let code = without_test_code(&code_without_comments_and_literals(&read(&file)));
            Some((module_path_of(&relative), code))
        })
        .collect()
}

#[test]
fn the_core_folders_use_only_earlier_folders_and_no_module_circles() {
    let modules = core_modules();
    assert!(modules.len() > CORE_FOLDER_ORDER.len(), "the core's modules were not found: {}", modules.len());
    let problems = layering_problems(&modules, &CORE_FOLDER_ORDER);
    assert!(
        problems.is_empty(),
        "the core's layering is broken (folders in order: {}):\n{problems:#?}",
        CORE_FOLDER_ORDER.join(" < ")
    );
}

#[test]
fn the_core_folder_modules_only_declare_their_modules() {
    let offenders: Vec<String> = core_modules()
        .into_iter()
        .filter(|(path, code)| {
            path.len() <= 1 && path.first().is_none_or(|folder| folder != "time") && !only_declares_modules(code)
        })
        .map(|(path, _)| if path.is_empty() { "lib.rs".to_string() } else { format!("{}/mod.rs", path[0]) })
        .collect();
    assert!(
        offenders.is_empty(),
        "a folder's mod.rs (and lib.rs) holds only its overview and `pub mod` lines: {offenders:?}"
    );
}
