//! Builds the reader's page tree from HTML text in native tests, with the
//! `scraper` parser (html5ever), the way the browser layer builds it from
//! `DOMParser` output. Only the attributes the tree keeps are copied.

use claimmark_core::article::html_reader::{HtmlElement, HtmlNode};
use scraper::{ElementRef, Html, Node};

/// The `<html>` element of `source` as a page tree.
pub fn parse_page(source: &str) -> HtmlElement {
    let document = Html::parse_document(source);
    convert(document.root_element())
}

fn convert(element: ElementRef<'_>) -> HtmlElement {
    let value = element.value();
    let mut converted = HtmlElement::new(value.name());
    for (name, attribute_value) in value.attrs() {
        converted.set_attribute(name, attribute_value);
    }
    for child in element.children() {
        match child.value() {
            Node::Text(text) => converted.children.push(HtmlNode::Text(text.to_string())),
            Node::Element(_) => {
                if let Some(child_element) = ElementRef::wrap(child) {
                    converted.children.push(HtmlNode::Element(convert(child_element)));
                }
            }
            _ => {}
        }
    }
    converted
}
