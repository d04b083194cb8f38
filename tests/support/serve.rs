//! A small static file server for the built app in `dist/`.
//!
//! `make run` serves `dist/` with it (through `examples/serve.rs`) and the
//! end-to-end test serves `dist/` in-process with it on a free port, so both
//! see exactly the same bytes and headers. It knows nothing about claimmark
//! beyond the file types the build produces.
//!
//! Every response carries `Cache-Control: no-store`, so a browser left open
//! across rebuilds never runs a stale module against fresh HTML.

use std::fmt;
use std::fs;
use std::io;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;

use tiny_http::{Header, Method, Request, Response, Server, StatusCode};

/// Requests are answered by this many threads, so one slow transfer (the
/// wasm module) does not hold up the stylesheet.
const WORKER_COUNT: usize = 4;

/// Why the server could not start.
#[derive(Debug)]
pub enum ServeError {
    /// The directory to serve does not exist or is not a directory.
    RootNotADirectory(PathBuf),
    /// The listening socket could not be bound.
    Bind {
        /// The address that was asked for.
        address: String,
        /// What the operating system said.
        message: String,
    },
}

impl fmt::Display for ServeError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServeError::RootNotADirectory(root) => {
                write!(formatter, "{} is not a directory (run `make build` first)", root.display())
            }
            ServeError::Bind { address, message } => {
                write!(formatter, "cannot listen on {address}: {message}")
            }
        }
    }
}

impl std::error::Error for ServeError {}

/// Why a request path was refused before touching the file system.
#[derive(Debug, PartialEq, Eq)]
enum RequestPathError {
    /// The path is not valid percent-encoded UTF-8.
    BadEncoding,
    /// The path tries to leave the served directory (`..`), or contains a
    /// backslash or NUL that could be read as one.
    Escapes,
}

/// A running server. Dropping it stops the worker threads.
pub struct StaticFileServer {
    server: Arc<Server>,
    address: SocketAddr,
    stopping: Arc<AtomicBool>,
    workers: Vec<JoinHandle<()>>,
}

/// Serves the files under `root` on `address` (`"127.0.0.1:0"` picks a free
/// port) from background threads until the returned server is dropped.
pub fn start(root: &Path, address: &str) -> Result<StaticFileServer, ServeError> {
    if !root.is_dir() {
        return Err(ServeError::RootNotADirectory(root.to_path_buf()));
    }
    let bind_error = |message: String| ServeError::Bind { address: address.to_string(), message };
    let server = Server::http(address).map_err(|error| bind_error(error.to_string()))?;
    let bound_address =
        server.server_addr().to_ip().ok_or_else(|| bind_error("the listener has no IP address".to_string()))?;
    let server = Arc::new(server);
    let stopping = Arc::new(AtomicBool::new(false));
    let workers = (0..WORKER_COUNT)
        .map(|_| {
            let server = Arc::clone(&server);
            let stopping = Arc::clone(&stopping);
            let root = root.to_path_buf();
            std::thread::spawn(move || answer_requests(&server, &root, &stopping))
        })
        .collect();
    Ok(StaticFileServer { server, address: bound_address, stopping, workers })
}

impl StaticFileServer {
    /// The root URL, with a trailing slash: `http://127.0.0.1:8080/`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.address)
    }
}

impl Drop for StaticFileServer {
    fn drop(&mut self) {
        self.stopping.store(true, Ordering::SeqCst);
        // Each unblock wakes exactly one waiting worker.
        for _ in &self.workers {
            self.server.unblock();
        }
        for worker in self.workers.drain(..) {
            let _ = worker.join();
        }
    }
}

fn answer_requests(server: &Server, root: &Path, stopping: &AtomicBool) {
    loop {
        match server.recv() {
            Ok(request) => {
                if let Err(error) = answer(request, root) {
                    eprintln!("serve: could not send a response: {error}");
                }
            }
            Err(_) if stopping.load(Ordering::SeqCst) => return,
            // A client that hung up mid-request; keep serving the others.
            Err(_) => continue,
        }
    }
}

fn answer(request: Request, root: &Path) -> io::Result<()> {
    let is_head = *request.method() == Method::Head;
    if !is_head && *request.method() != Method::Get {
        return request.respond(text_response(405, "method not allowed"));
    }
    let path = match resolve_request_path(root, request.url()) {
        Ok(path) => path,
        Err(RequestPathError::BadEncoding) => return request.respond(text_response(400, "bad path encoding")),
        Err(RequestPathError::Escapes) => return request.respond(text_response(403, "forbidden path")),
    };
    let body = match fs::read(&path) {
        Ok(body) => body,
        Err(_) => return request.respond(text_response(404, "not found")),
    };
    let length = body.len();
    let response = Response::from_data(if is_head { Vec::new() } else { body })
        .with_header(header("Content-Type", content_type_for(&path)))
        .with_header(header("Cache-Control", "no-store"));
    // A HEAD answer keeps the real length, as HTTP requires.
    let response = if is_head { response.with_header(header("Content-Length", &length.to_string())) } else { response };
    request.respond(response)
}

fn text_response(status: u16, message: &str) -> Response<io::Cursor<Vec<u8>>> {
    Response::from_string(format!("{status} {message}\n"))
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", "text/plain; charset=utf-8"))
        .with_header(header("Cache-Control", "no-store"))
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("header names and values are ASCII")
}

/// Maps a request URL (path plus optional query) onto a file under `root`.
/// `/` and any path ending in `/` or naming a directory mean its `index.html`.
fn resolve_request_path(root: &Path, url: &str) -> Result<PathBuf, RequestPathError> {
    let path_part = url.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path_part)?;
    if decoded.contains('\\') || decoded.contains('\0') {
        return Err(RequestPathError::Escapes);
    }
    let mut resolved = root.to_path_buf();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return Err(RequestPathError::Escapes),
            name => resolved.push(name),
        }
    }
    if decoded.ends_with('/') || decoded.is_empty() || resolved.is_dir() {
        resolved.push("index.html");
    }
    Ok(resolved)
}

fn percent_decode(text: &str) -> Result<String, RequestPathError> {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        if bytes[index] == b'%' {
            let hex = bytes.get(index + 1..index + 3).ok_or(RequestPathError::BadEncoding)?;
            let hex = std::str::from_utf8(hex).map_err(|_| RequestPathError::BadEncoding)?;
            decoded.push(u8::from_str_radix(hex, 16).map_err(|_| RequestPathError::BadEncoding)?);
            index += 3;
        } else {
            decoded.push(bytes[index]);
            index += 1;
        }
    }
    String::from_utf8(decoded).map_err(|_| RequestPathError::BadEncoding)
}

/// The `Content-Type` for a file, from its extension. Browsers refuse to
/// stream-compile wasm served as anything but `application/wasm`, and refuse
/// module scripts without a JavaScript type.
fn content_type_for(path: &Path) -> &'static str {
    let extension = path.extension().and_then(|extension| extension.to_str()).unwrap_or("");
    match extension.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript",
        "css" => "text/css",
        "wasm" => "application/wasm",
        "json" | "map" => "application/json",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_types_follow_the_extension() {
        assert_eq!(content_type_for(Path::new("dist/claimmark_bg.wasm")), "application/wasm");
        assert_eq!(content_type_for(Path::new("dist/claimmark.js")), "text/javascript");
        assert_eq!(content_type_for(Path::new("dist/style.css")), "text/css");
        assert_eq!(content_type_for(Path::new("dist/index.html")), "text/html; charset=utf-8");
        assert_eq!(content_type_for(Path::new("dist/INDEX.HTML")), "text/html; charset=utf-8");
        assert_eq!(content_type_for(Path::new("export.json")), "application/json");
        assert_eq!(content_type_for(Path::new("LICENSE")), "application/octet-stream");
    }

    #[test]
    fn request_paths_map_into_the_root() {
        let root = Path::new("/srv/dist");
        assert_eq!(resolve_request_path(root, "/"), Ok(root.join("index.html")));
        assert_eq!(resolve_request_path(root, "/?reset=1"), Ok(root.join("index.html")));
        assert_eq!(resolve_request_path(root, "/claimmark.js"), Ok(root.join("claimmark.js")));
        assert_eq!(resolve_request_path(root, "/snippets/a%20b.js#x"), Ok(root.join("snippets/a b.js")));
        assert_eq!(resolve_request_path(root, "/sub/"), Ok(root.join("sub/index.html")));
        assert_eq!(resolve_request_path(root, "/./style.css"), Ok(root.join("style.css")));
    }

    #[test]
    fn request_paths_cannot_leave_the_root() {
        let root = Path::new("/srv/dist");
        assert_eq!(resolve_request_path(root, "/../secret"), Err(RequestPathError::Escapes));
        assert_eq!(resolve_request_path(root, "/a/../../secret"), Err(RequestPathError::Escapes));
        assert_eq!(resolve_request_path(root, "/%2e%2e/secret"), Err(RequestPathError::Escapes));
        assert_eq!(resolve_request_path(root, "/..%2fsecret"), Err(RequestPathError::Escapes));
        assert_eq!(resolve_request_path(root, "/..\\secret"), Err(RequestPathError::Escapes));
        assert_eq!(resolve_request_path(root, "/%00"), Err(RequestPathError::Escapes));
        assert_eq!(resolve_request_path(root, "/%zz"), Err(RequestPathError::BadEncoding));
        assert_eq!(resolve_request_path(root, "/%ff"), Err(RequestPathError::BadEncoding));
        assert_eq!(resolve_request_path(root, "/%2"), Err(RequestPathError::BadEncoding));
    }

    /// Sends one raw HTTP/1.0 request and returns the status line and the
    /// whole response. Raw, because real clients normalise `..` away.
    fn fetch(server: &StaticFileServer, method: &str, path: &str) -> (String, String) {
        use std::io::{Read, Write};
        let address = server.url().trim_start_matches("http://").trim_end_matches('/').to_string();
        let mut stream = std::net::TcpStream::connect(address).expect("connect to the test server");
        write!(stream, "{method} {path} HTTP/1.0\r\nHost: localhost\r\n\r\n").expect("send the request");
        let mut response = String::new();
        stream.read_to_string(&mut response).expect("read the response");
        let status_line = response.lines().next().unwrap_or("").to_string();
        (status_line, response)
    }

    #[test]
    fn serves_files_with_their_types_and_refuses_the_rest() {
        let root = std::env::temp_dir().join(format!("claimmark-serve-test-{}", std::process::id()));
        fs::create_dir_all(root.join("sub")).unwrap();
        fs::write(root.join("index.html"), "<p>home</p>").unwrap();
        fs::write(root.join("claimmark_bg.wasm"), b"\0asm").unwrap();
        fs::write(root.join("sub").join("index.html"), "<p>sub</p>").unwrap();
        let server = start(&root, "127.0.0.1:0").expect("start the server");

        let (status, response) = fetch(&server, "GET", "/");
        assert!(status.contains("200"), "{status}");
        assert!(response.contains("Content-Type: text/html; charset=utf-8"), "{response}");
        assert!(response.contains("Cache-Control: no-store"), "{response}");
        assert!(response.ends_with("<p>home</p>"), "{response}");

        let (status, response) = fetch(&server, "GET", "/claimmark_bg.wasm");
        assert!(status.contains("200"), "{status}");
        assert!(response.contains("Content-Type: application/wasm"), "{response}");

        let (status, response) = fetch(&server, "GET", "/sub");
        assert!(status.contains("200") && response.ends_with("<p>sub</p>"), "{response}");

        let (status, response) = fetch(&server, "HEAD", "/index.html");
        assert!(status.contains("200"), "{status}");
        assert!(response.contains("Content-Length: 11"), "{response}");
        assert!(!response.contains("<p>home</p>"), "{response}");

        assert!(fetch(&server, "GET", "/missing.js").0.contains("404"));
        assert!(fetch(&server, "GET", "/../etc/passwd").0.contains("403"));
        assert!(fetch(&server, "POST", "/").0.contains("405"));

        drop(server);
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_missing_root_is_reported() {
        let missing = std::env::temp_dir().join("claimmark-no-such-directory");
        match start(&missing, "127.0.0.1:0") {
            Err(ServeError::RootNotADirectory(root)) => assert_eq!(root, missing),
            Err(other) => panic!("expected a missing-root error, got {other}"),
            Ok(_) => panic!("a missing root must not be served"),
        }
    }
}
