//! HTML: some scrapers save whole pages; reduce them to readable text with the paragraph
//! structure intact, so the cleaning stage sees the same shape as a plain-text scrape.

use std::sync::LazyLock;

use regex::Regex;
use scraper::{ElementRef, Html, Node};

/// Elements whose content is never article text.
const SKIPPED_ELEMENTS: &[&str] = &[
    "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "button",
    "head", "template", "svg", "canvas", "select",
];

/// Elements that start and end a paragraph of their own.
const BLOCK_ELEMENTS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "table",
    "tr",
    "figure",
    "figcaption",
    "address",
    "hr",
];

/// Tags that show up in page markup; a few of them mean the text is HTML.
static MARKUP_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)</?(?:p|div|br|span|a|article|section|h[1-6]|li|ul|ol|table|tr|td|img|meta)\b[^>]*>",
    )
    .expect("valid regex literal")
});

/// Tag count from which text is treated as markup even without `<html>` or `<body>`.
const MIN_MARKUP_TAGS: usize = 5;

/// A page reduced to readable text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtmlText {
    /// The page headline: the first `<h1>` when `<title>` merely adds a site name to it,
    /// else `<title>`, else the first `<h1>`.
    pub title: Option<String>,
    /// Readable text: one paragraph per line group, paragraphs separated by a blank line.
    pub text: String,
}

/// Whether text looks like an HTML document (so .txt files holding HTML are handled too).
pub fn looks_like_html(text: &str) -> bool {
    let head: String = text.chars().take(4096).collect::<String>().to_lowercase();
    let has_document_tag = ["<!doctype html", "<html", "<body", "<head"]
        .iter()
        .any(|tag| head.contains(tag));
    has_document_tag || MARKUP_TAG.find_iter(text).take(MIN_MARKUP_TAGS).count() == MIN_MARKUP_TAGS
}

/// Strip an HTML page to its readable text.
///
/// Drops script/style/noscript/nav/header/footer/aside/form/iframe/button elements (and the
/// head), keeps block structure as line breaks, and returns the headline too.
pub fn html_to_text(html: &str) -> HtmlText {
    let document = Html::parse_document(html);
    let mut raw = String::new();
    collect_text(document.root_element(), &mut raw);
    HtmlText {
        title: headline(&document),
        text: tidy_lines(&raw),
    }
}

/// Append the readable text under `element`, marking block boundaries with newlines.
fn collect_text(element: ElementRef<'_>, out: &mut String) {
    let name = element.value().name();
    if SKIPPED_ELEMENTS.contains(&name) {
        return;
    }
    let is_block = BLOCK_ELEMENTS.contains(&name);
    if is_block {
        out.push_str("\n\n");
    }
    for child in element.children() {
        match child.value() {
            Node::Text(text) => out.extend(text.chars().map(flatten_whitespace)),
            Node::Element(child_element) if child_element.name() == "br" => out.push('\n'),
            Node::Element(_) => {
                if let Some(child_element) = ElementRef::wrap(child) {
                    collect_text(child_element, out);
                }
            }
            _ => {}
        }
    }
    if is_block {
        out.push_str("\n\n");
    }
}

/// Source line breaks are not visible breaks in HTML; only block tags and `<br>` are.
fn flatten_whitespace(c: char) -> char {
    if c.is_whitespace() {
        ' '
    } else {
        c
    }
}

/// Trim and collapse every line, and collapse runs of blank lines into one.
fn tidy_lines(raw: &str) -> String {
    let mut lines: Vec<String> = Vec::new();
    for line in raw.lines() {
        let collapsed = collapse_spaces(line);
        let previous_blank = lines.last().is_none_or(|last| last.is_empty());
        if !collapsed.is_empty() || !previous_blank {
            lines.push(collapsed);
        }
    }
    while lines.last().is_some_and(|last| last.is_empty()) {
        lines.pop();
    }
    lines.join("\n")
}

fn collapse_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The `<title>`, or the first `<h1>` when the title is missing or only adds a site name.
fn headline(document: &Html) -> Option<String> {
    let title = first_element_text(document, "title");
    let heading = first_element_text(document, "h1");
    match (title, heading) {
        (Some(title), Some(heading)) if title.contains(&heading) => Some(heading),
        (Some(title), _) => Some(title),
        (None, heading) => heading,
    }
}

/// Whitespace-collapsed text of the first element with this tag name, if it has any.
fn first_element_text(document: &Html, tag: &str) -> Option<String> {
    document
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
        .find(|element| element.value().name() == tag)
        .map(|element| collapse_spaces(&element.text().collect::<String>()))
        .filter(|text| !text.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!DOCTYPE html>
<html><head><title>메타, LG와 XR 협력 - 통일경제뉴스</title>
<style>body { color: red; }</style>
<script>var tracking = "secret";</script></head>
<body>
<header><a href="/">통일경제뉴스</a> 로그인</header>
<nav><ul><li>정치</li><li>경제</li></ul></nav>
<article>
<h1>메타, LG와 XR 협력</h1>
<p>마크 저커버그 CEO가   한국을
방문했다.</p>
<p>LG전자와 XR 기기를<br>논의했다.</p>
<div><span>삼성전자</span>와도 만났다.</div>
<button>공유</button>
<form><input name="q"><button>검색</button></form>
<noscript>자바스크립트를 켜세요</noscript>
</article>
<aside>많이 본 뉴스</aside>
<footer>Copyright © 통일경제뉴스</footer>
</body></html>"#;

    #[test]
    fn detects_documents_and_tag_heavy_fragments() {
        assert!(looks_like_html(PAGE));
        assert!(looks_like_html(
            "<div><p>하나</p><p>둘</p><br><span>셋</span></div>"
        ));
        assert!(!looks_like_html("메타는 <AI> 반도체를 만든다. 3 < 5 > 2"));
        assert!(!looks_like_html(include_str!(
            "../../seeds/002_08b2ca90e8545f28.txt"
        )));
    }

    #[test]
    fn removes_scripts_styles_and_page_chrome() {
        let page = html_to_text(PAGE);
        for chrome in [
            "tracking",
            "color: red",
            "정치",
            "로그인",
            "공유",
            "검색",
            "자바스크립트",
            "많이 본",
            "Copyright",
        ] {
            assert!(
                !page.text.contains(chrome),
                "{chrome:?} left in {:?}",
                page.text
            );
        }
    }

    #[test]
    fn keeps_text_with_block_structure() {
        let page = html_to_text(PAGE);
        assert_eq!(
            page.text,
            "메타, LG와 XR 협력\n\n마크 저커버그 CEO가 한국을 방문했다.\n\nLG전자와 XR 기기를\n논의했다.\n\n삼성전자와도 만났다."
        );
    }

    #[test]
    fn title_prefers_the_headline_without_site_name() {
        assert_eq!(
            html_to_text(PAGE).title.as_deref(),
            Some("메타, LG와 XR 협력")
        );
        let only_title = html_to_text(
            "<html><head><title> 제목 하나 </title></head><body><p>본문</p></body></html>",
        );
        assert_eq!(only_title.title.as_deref(), Some("제목 하나"));
        let only_heading = html_to_text("<html><body><h1>제목 둘</h1><p>본문</p></body></html>");
        assert_eq!(only_heading.title.as_deref(), Some("제목 둘"));
        assert_eq!(html_to_text("<p>본문만</p>").title, None);
    }

    #[test]
    fn decodes_entities() {
        let page =
            html_to_text("<html><body><p>삼성&amp;LG &lt;협력&gt;&nbsp;강화</p></body></html>");
        assert_eq!(page.text, "삼성&LG <협력> 강화");
    }
}
