//! A real browser for the end-to-end test: a chromedriver process on a free
//! port, a headless Chromium session with its own profile and download
//! directory, and throwaway directories that clean up after themselves.
//!
//! It knows how to start and reach a browser, nothing about claimmark's page.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

/// Where Debian's `chromium-driver` package puts chromedriver. `CHROMEDRIVER`
/// overrides it, as it does for `wasm-bindgen-test-runner`.
const DEFAULT_CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// Where Debian's `chromium` package puts the browser.
const CHROMIUM: &str = "/usr/bin/chromium";

/// How long chromedriver may take to start listening.
const CHROMEDRIVER_START_TIMEOUT: Duration = Duration::from_secs(10);

/// A directory under the system temp directory, removed with everything in
/// it when dropped.
pub struct TemporaryDirectory {
    path: PathBuf,
}

impl TemporaryDirectory {
    /// Creates a fresh, empty directory whose name contains `label`.
    pub fn new(label: &str) -> TemporaryDirectory {
        static CREATED: AtomicUsize = AtomicUsize::new(0);
        let unique = format!(
            "claimmark-e2e-{label}-{}-{}-{}",
            std::process::id(),
            CREATED.fetch_add(1, Ordering::SeqCst),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|since| since.as_nanos())
                .unwrap_or(0)
        );
        let path = std::env::temp_dir().join(unique);
        std::fs::create_dir_all(&path).unwrap_or_else(|error| panic!("cannot create {}: {error}", path.display()));
        TemporaryDirectory { path }
    }

    /// The directory's path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for TemporaryDirectory {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// A chromedriver process, killed when dropped.
pub struct ChromeDriver {
    process: Child,
    port: u16,
}

impl ChromeDriver {
    /// Starts chromedriver on a free local port and waits until it accepts
    /// connections. Panics with the reason when it cannot.
    pub fn start() -> ChromeDriver {
        let program = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| DEFAULT_CHROMEDRIVER.to_string());
        if !Path::new(&program).exists() {
            panic!("{program} is missing: run `make setup` (it installs Debian's chromium-driver)");
        }
        let port = free_local_port();
        let process = Command::new(&program)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .spawn()
            .unwrap_or_else(|error| panic!("cannot start {program}: {error}"));
        let mut driver = ChromeDriver { process, port };
        driver.wait_until_listening(&program);
        driver
    }

    /// The WebDriver endpoint, `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    fn wait_until_listening(&mut self, program: &str) {
        let address = SocketAddr::from(([127, 0, 0, 1], self.port));
        let started = Instant::now();
        loop {
            if TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_ok() {
                return;
            }
            if let Ok(Some(status)) = self.process.try_wait() {
                panic!("{program} exited with {status} before listening on port {}", self.port);
            }
            if started.elapsed() > CHROMEDRIVER_START_TIMEOUT {
                panic!("{program} did not listen on port {} within {CHROMEDRIVER_START_TIMEOUT:?}", self.port);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// Asks the OS for a port nobody is listening on. The listener is closed
/// before the port is handed out, so another process could take it first;
/// on a test machine that race is rare enough to accept.
fn free_local_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("the OS hands out a free local port")
}

/// The capabilities for a headless Chromium that runs as root, keeps its
/// profile in `profile_directory` and saves downloads into
/// `download_directory` without asking.
pub fn chromium_capabilities(profile_directory: &Path, download_directory: &Path) -> serde_json::Value {
    json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": CHROMIUM,
            "args": [
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                format!("--user-data-dir={}", profile_directory.display()),
                "--window-size=1280,900",
            ],
            "prefs": {
                "download.default_directory": download_directory.display().to_string(),
                "download.prompt_for_download": false,
            },
        },
    })
}

/// Opens a Chromium session through `driver`.
pub async fn open_chromium(driver: &ChromeDriver, profile_directory: &Path, download_directory: &Path) -> Client {
    if !Path::new(CHROMIUM).exists() {
        panic!("{CHROMIUM} is missing: run `make setup` (it installs Debian's chromium)");
    }
    let serde_json::Value::Object(capabilities) = chromium_capabilities(profile_directory, download_directory) else {
        unreachable!("the capabilities are built as a JSON object")
    };
    ClientBuilder::new(HttpConnector::new())
        .capabilities(capabilities)
        .connect(&driver.url())
        .await
        .unwrap_or_else(|error| panic!("cannot open a Chromium session through {}: {error}", driver.url()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capabilities_point_chromium_at_the_given_directories() {
        let capabilities = chromium_capabilities(Path::new("/tmp/profile"), Path::new("/tmp/downloads"));
        let options = &capabilities["goog:chromeOptions"];
        assert_eq!(options["binary"], "/usr/bin/chromium");
        let arguments: Vec<&str> = options["args"].as_array().unwrap().iter().map(|a| a.as_str().unwrap()).collect();
        assert!(arguments.contains(&"--user-data-dir=/tmp/profile"), "{arguments:?}");
        assert!(arguments.contains(&"--headless=new") && arguments.contains(&"--no-sandbox"), "{arguments:?}");
        assert_eq!(options["prefs"]["download.default_directory"], "/tmp/downloads");
        assert_eq!(options["prefs"]["download.prompt_for_download"], false);
    }

    #[test]
    fn temporary_directories_are_fresh_and_removed_on_drop() {
        let first = TemporaryDirectory::new("check");
        let second = TemporaryDirectory::new("check");
        assert_ne!(first.path(), second.path());
        std::fs::write(first.path().join("file"), "x").unwrap();
        let kept_path = first.path().to_path_buf();
        drop(first);
        assert!(!kept_path.exists());
        assert!(second.path().is_dir());
    }
}
