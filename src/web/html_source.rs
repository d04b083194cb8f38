//! Turning imported HTML into the reader's page tree with the browser's own
//! parser.
//!
//! The HTML goes through `DOMParser.parseFromString(…, "text/html")`, which
//! builds an inert document: no script in it runs, no image or frame in it
//! loads, and it is never attached to the page. Its elements are copied into
//! [`HtmlElement`]s keeping only the attributes the reader needs, so event
//! handlers, `style` and `src` never leave this function. Imported HTML is
//! never inserted into the page as HTML.
//!
//! Reading the page (what is the story, what is chrome) belongs to
//! [`claimmark_core::article::html_reader`]; this module only converts.

use wasm_bindgen::JsCast;
use web_sys::{ClipboardEvent, DataTransfer, DomParser, Element, Node, SupportedType};

use super::describe_js_error;
use claimmark_core::article::html_reader::{check_import_size, HtmlElement, HtmlNode, READ_ATTRIBUTES};

/// Elements nested deeper than this are not copied: real pages stay far
/// below it, and a hostile page cannot exhaust the stack.
const MAXIMUM_DEPTH: usize = 256;

/// Parses `html` into the page tree of its `<html>` element, refusing it
/// before parsing when it is over the import size.
pub fn parse_html_page(html: &str) -> Result<HtmlElement, String> {
    check_import_size(html.len()).map_err(|error| error.to_string())?;
    let parser = DomParser::new().map_err(|error| describe_js_error(&error))?;
    let document =
        parser.parse_from_string(html, SupportedType::TextHtml).map_err(|error| describe_js_error(&error))?;
    let root = document.document_element().ok_or_else(|| "The page has no content.".to_string())?;
    Ok(convert(&root, 0))
}

fn convert(element: &Element, depth: usize) -> HtmlElement {
    let mut converted = HtmlElement::new(&element.local_name());
    for name in READ_ATTRIBUTES {
        if let Some(value) = element.get_attribute(name) {
            converted.set_attribute(name, &value);
        }
    }
    if depth >= MAXIMUM_DEPTH {
        return converted;
    }
    let children = element.child_nodes();
    for index in 0..children.length() {
        let Some(child) = children.item(index) else { continue };
        match child.node_type() {
            Node::ELEMENT_NODE => {
                if let Some(child_element) = child.dyn_ref::<Element>() {
                    converted.children.push(HtmlNode::Element(convert(child_element, depth + 1)));
                }
            }
            Node::TEXT_NODE | Node::CDATA_SECTION_NODE => {
                if let Some(text) = child.text_content() {
                    converted.children.push(HtmlNode::Text(text));
                }
            }
            _ => {}
        }
    }
    converted
}

/// What a paste or a drop of text carried: the HTML flavour when there is
/// one (copied from a browser), and the plain text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TransferredText {
    /// `text/html`, when present and not blank.
    pub html: Option<String>,
    /// `text/plain`, when present and not blank.
    pub plain: Option<String>,
}

impl TransferredText {
    /// True when neither flavour holds anything.
    pub fn is_empty(&self) -> bool {
        self.html.is_none() && self.plain.is_none()
    }
}

/// The text flavours of a `DataTransfer`.
pub fn transferred_text(transfer: &DataTransfer) -> TransferredText {
    let read = |kind: &str| transfer.get_data(kind).ok().filter(|value| !value.trim().is_empty());
    TransferredText { html: read("text/html"), plain: read("text/plain") }
}

/// The text flavours of a paste event.
pub fn pasted_text(event: &ClipboardEvent) -> TransferredText {
    event.clipboard_data().map(|transfer| transferred_text(&transfer)).unwrap_or_default()
}
