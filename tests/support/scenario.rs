//! Running an end-to-end scenario: serve the built app, open a fresh
//! headless Chromium on it, run the scenario, and on failure keep a
//! screenshot before closing the browser.

use std::path::{Path, PathBuf};

use fantoccini::Client;

use super::browser::{open_chromium, ChromeDriver, TemporaryDirectory};
use super::serve;

/// The built app: `dist/` at the crate root, or `CLAIMMARK_DIST`.
pub fn dist_directory() -> PathBuf {
    match std::env::var_os("CLAIMMARK_DIST") {
        Some(directory) => PathBuf::from(directory),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("dist"),
    }
}

/// Where screenshots go: the crate's `target/`.
pub fn target_directory() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target")
}

/// Saves what the browser shows to `target/<file_name>`.
pub async fn save_screenshot(client: &Client, file_name: &str) -> Result<PathBuf, String> {
    let png = client.screenshot().await.map_err(|error| format!("cannot take a screenshot: {error}"))?;
    let path = target_directory().join(file_name);
    std::fs::create_dir_all(target_directory()).map_err(|error| format!("cannot create target/: {error}"))?;
    std::fs::write(&path, png).map_err(|error| format!("cannot write {}: {error}", path.display()))?;
    Ok(path)
}

/// Serves `dist/`, opens a fresh headless Chromium on it and runs
/// `scenario(client, app_url, download_directory)`. The scenario runs as its
/// own task so that, if it panics, the browser is still here to take a
/// screenshot of the failure (saved as `failure_screenshot` under target/)
/// and to be closed.
pub async fn run_in_chromium<Scenario, Run>(failure_screenshot: &str, scenario: Scenario)
where
    Scenario: FnOnce(Client, String, PathBuf) -> Run,
    Run: std::future::Future<Output = ()> + Send + 'static,
{
    let dist = dist_directory();
    assert!(
        dist.join("index.html").is_file(),
        "{} is missing: run `make build` first (the end-to-end test drives the built app)",
        dist.join("index.html").display()
    );
    let server = serve::start(&dist, "127.0.0.1:0").unwrap_or_else(|error| panic!("cannot serve dist/: {error}"));
    let driver = ChromeDriver::start();
    let profile = TemporaryDirectory::new("profile");
    let downloads = TemporaryDirectory::new("downloads");
    let client = open_chromium(&driver, profile.path(), downloads.path()).await;

    let outcome = tokio::spawn(scenario(client.clone(), server.url(), downloads.path().to_path_buf())).await;
    if outcome.is_err() {
        // Best effort: the original failure is what the log must show.
        match save_screenshot(&client, failure_screenshot).await {
            Ok(path) => eprintln!("e2e: the page at the failure is in {}", path.display()),
            Err(error) => eprintln!("e2e: no failure screenshot: {error}"),
        }
    }
    if let Err(error) = client.close().await {
        eprintln!("e2e: closing the browser failed: {error}");
    }
    match outcome {
        Ok(()) => {}
        Err(error) if error.is_panic() => std::panic::resume_unwind(error.into_panic()),
        Err(error) => panic!("the scenario did not finish: {error}"),
    }
}

/// The seed article's export file name stem.
pub const SEED_EXPORT_STEM: &str = "claimmark-online-providers-help-sought";

/// Waits for Chrome to finish saving `<stem>-<yyyy-mm-dd>.<extension>` into
/// `directory` (Chrome writes `NAME.crdownload` first). The date is today's
/// in UTC, read when the wait starts and again while waiting, so an export
/// made across midnight is still found.
pub async fn wait_for_export(client: &Client, directory: &Path, stem: &str, extension: &str) -> PathBuf {
    let date_before = super::dates::utc_date_today();
    let name_for = |date: &str| format!("{stem}-{date}.{extension}");
    let what = format!("{} to be downloaded into {}", name_for(&date_before), directory.display());
    super::page::wait_for(client, &what, super::page::STEP_TIMEOUT, || {
        let date_before = date_before.clone();
        async move {
            for date in [date_before, super::dates::utc_date_today()] {
                let path = directory.join(name_for(&date));
                let partial = directory.join(format!("{}.crdownload", name_for(&date)));
                if path.is_file() && !partial.exists() {
                    return Ok(Some(path));
                }
            }
            Ok(None)
        }
    })
    .await
}
