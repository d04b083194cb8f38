//! Accessibility checks with axe-core: injects the checker into the page and
//! runs it on what is shown.
//!
//! axe-core is the npm package pinned in `scripts/setup.sh` (`setup.sh axe`
//! installs it under `target/npm`). The tests read `axe.min.js` from there
//! and fail with the command to run when it is missing; they never skip.

use std::path::PathBuf;

use fantoccini::Client;
use serde::Deserialize;
use serde_json::Value;

use super::scenario::target_directory;

/// One rule axe found broken, with every element that breaks it.
#[derive(Clone, Debug, Deserialize)]
pub struct Violation {
    /// The rule ("color-contrast", "label").
    pub id: String,
    /// "minor", "moderate", "serious" or "critical".
    pub impact: Option<String>,
    /// What the rule asks for, in a sentence.
    pub help: String,
    /// Where the rule is explained.
    #[serde(rename = "helpUrl")]
    pub help_url: String,
    /// CSS selectors of the offending elements.
    pub targets: Vec<String>,
    /// axe's summary of how to fix the first offending element.
    pub summary: String,
}

impl Violation {
    /// True for the impacts the app must never have.
    pub fn is_serious(&self) -> bool {
        matches!(self.impact.as_deref(), Some("serious" | "critical"))
    }

    /// One line per violation: id, impact, help and where.
    pub fn describe(&self) -> String {
        format!(
            "{} [{}] {}: {} ({})\n    fix: {}",
            self.id,
            self.impact.as_deref().unwrap_or("unknown"),
            self.help,
            self.targets.join(", "),
            self.help_url,
            self.summary.replace('\n', " ")
        )
    }
}

/// Where `setup.sh axe` puts axe-core.
pub fn axe_script_path() -> PathBuf {
    target_directory().join("npm/node_modules/axe-core/axe.min.js")
}

/// The axe-core script, or a panic that says how to install it.
pub fn axe_source() -> String {
    let path = axe_script_path();
    std::fs::read_to_string(&path).unwrap_or_else(|error| {
        panic!("cannot read {} ({error}): run `scripts/setup.sh axe` (make test does)", path.display())
    })
}

/// Runs axe-core on the whole page as it is now and returns every violation.
pub async fn violations(client: &Client) -> Vec<Violation> {
    let already_there =
        client.execute("return typeof window.axe === 'object';", vec![]).await.unwrap_or(Value::Bool(false));
    if already_there != Value::Bool(true) {
        client
            .execute(&axe_source(), vec![])
            .await
            .unwrap_or_else(|error| panic!("injecting axe-core failed: {error}"));
    }
    let script = r#"
        const done = arguments[arguments.length - 1];
        window.axe.run(document, { resultTypes: ['violations'] }).then((results) => {
            done(JSON.stringify(results.violations.map((violation) => ({
                id: violation.id,
                impact: violation.impact,
                help: violation.help,
                helpUrl: violation.helpUrl,
                targets: violation.nodes.map((node) => node.target.join(' ')),
                summary: violation.nodes.length ? (violation.nodes[0].failureSummary || '') : '',
            }))));
        }, (error) => done('axe failed: ' + error));
    "#;
    let outcome =
        client.execute_async(script, vec![]).await.unwrap_or_else(|error| panic!("running axe-core failed: {error}"));
    let json = outcome.as_str().unwrap_or_else(|| panic!("axe-core returned {outcome}"));
    serde_json::from_str(json).unwrap_or_else(|error| panic!("axe-core's answer is not understood ({error}): {json}"))
}

/// Runs axe-core and fails, listing each one, when any violation is serious
/// or critical. Minor and moderate ones are printed and returned.
pub async fn assert_no_serious_violations(client: &Client, screen: &str) -> Vec<Violation> {
    let found = violations(client).await;
    let (serious, lesser): (Vec<Violation>, Vec<Violation>) = found.into_iter().partition(Violation::is_serious);
    for violation in &lesser {
        println!("axe ({screen}): {}", violation.describe());
    }
    assert!(
        serious.is_empty(),
        "axe-core found {} serious or critical violation(s) on the {screen}:\n{}",
        serious.len(),
        serious.iter().map(Violation::describe).collect::<Vec<_>>().join("\n")
    );
    lesser
}
