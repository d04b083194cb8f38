//! Tidy checks that keep the layers apart.
//!
//! - Only `src/lib.rs`, `src/web/**` and `src/ui/**` may name a browser crate
//!   (`web_sys`, `js_sys`, `wasm_bindgen`, `gloo`, `yew`) in code; comments
//!   and string literals do not count.
//! - `src/core/**` never names the clock or a random source outside its
//!   `#[cfg(test)]` items: time and ids are passed in.
//! - `Cargo.toml` lists browser crates only in the
//!   `[target.'cfg(target_arch = "wasm32")'.*]` sections, so the core builds
//!   and tests natively without them.
//! - Every `.rs` file under `src/` opens with a `//!` module overview.
//!
//! Each rule is a function tested on inline samples that break it, then run
//! on the real tree.

#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

/// The browser crates as Rust code names them.
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

/// Whether a file, given relative to the crate root, may name browser crates.
fn may_name_browser_crates(relative_path: &Path) -> bool {
    relative_path == Path::new("src/lib.rs")
        || relative_path.starts_with("src/web")
        || relative_path.starts_with("src/ui")
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
            let wasm_only = parts.first().map(String::as_str) == Some("target")
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

/// Every `.rs` file under `src/`, relative to the crate root, sorted.
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
    files.sort();
    assert!(files.iter().any(|file| file == Path::new("src/core/mod.rs")), "src/ was not found: {files:?}");
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
fn only_the_browser_layers_may_name_browser_crates() {
    assert!(may_name_browser_crates(Path::new("src/lib.rs")));
    assert!(may_name_browser_crates(Path::new("src/web/mod.rs")));
    assert!(may_name_browser_crates(Path::new("src/web/storage/local.rs")));
    assert!(may_name_browser_crates(Path::new("src/ui/sidebar.rs")));
    assert!(!may_name_browser_crates(Path::new("src/core/mod.rs")));
    assert!(!may_name_browser_crates(Path::new("src/core/web.rs")));
    assert!(!may_name_browser_crates(Path::new("src/website.rs")));
    assert!(!may_name_browser_crates(Path::new("src/main.rs")));
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
fn the_core_and_other_plain_modules_name_no_browser_crate() {
    let mut violations = Vec::new();
    for file in source_files().iter().filter(|file| !may_name_browser_crates(file)) {
        for finding in find_identifiers(&read(file), &BROWSER_CRATE_IDENTIFIERS) {
            violations.push(format!("{}:{}: names `{}`", file.display(), finding.line, finding.identifier));
        }
    }
    assert!(
        violations.is_empty(),
        "only src/web, src/ui and src/lib.rs may name browser crates:\n{}",
        violations.join("\n")
    );
}

#[test]
fn the_core_reads_no_clock_and_draws_no_randomness() {
    let mut violations = Vec::new();
    for file in source_files().iter().filter(|file| file.starts_with("src/core")) {
        for finding in clock_or_randomness_outside_tests(&read(file)) {
            violations.push(format!("{}:{}: names `{}`", file.display(), finding.line, finding.identifier));
        }
    }
    assert!(violations.is_empty(), "the core takes time and ids as arguments:\n{}", violations.join("\n"));
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
