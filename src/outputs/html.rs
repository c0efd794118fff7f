//! `brief.html`: the brief as one self-contained page (inline CSS and script, no
//! network, no external assets), so it can be mailed or opened offline: both languages
//! side by side, the timeline drawn as a timeline, and every statement opening, on hover
//! or click, the Korean source sentences and the article it rests on. Built from the
//! same records as `brief.md`, so the two never disagree.

use std::fmt::Write;

use super::records::{ArticleRecord, BriefDocument};
use super::render::{
    brief_heading, find_statement, reference_label, second_label, section_lines, Language,
    LineKind, SectionLine,
};
use crate::pipeline::sections::Statement;

/// The page's style: two columns, a vertical timeline, evidence shown on demand.
const STYLE: &str = r#"
:root { --ink:#1d232b; --muted:#5c6773; --line:#d5dbe1; --accent:#1f5fa8; --plan:#b26a00; --old:#8a8f96; --bg:#fbfbfa; }
* { box-sizing: border-box; }
body { margin:0; font:15px/1.5 system-ui, -apple-system, "Segoe UI", "Noto Sans KR", "Noto Sans CJK KR", sans-serif; color:var(--ink); background:var(--bg); }
header { padding:18px 28px 8px; border-bottom:1px solid var(--line); background:#fff; }
h1 { font-size:22px; margin:0 0 4px; }
.meta { color:var(--muted); margin:0 0 8px; font-size:13px; }
h2 { font-size:17px; margin:18px 0 8px; }
h3 { font-size:14px; text-transform:uppercase; letter-spacing:.04em; color:var(--muted); margin:18px 0 6px; }
.lang-ko h3 { text-transform:none; letter-spacing:0; }
main { display:grid; grid-template-columns:1fr 1fr; gap:0 28px; padding:0 28px 12px; }
.column { min-width:0; }
ul.claims { list-style:none; margin:0 0 6px; padding:0; }
ul.claims + ul.claims { border-top:1px dashed var(--line); padding-top:4px; }
.claim { position:relative; padding:4px 8px; margin:2px 0; border-radius:6px; cursor:pointer; }
.claim:hover, .claim.hl { background:#eef4fb; }
.claim:focus { outline:2px solid var(--accent); }
.label { font-weight:600; color:var(--accent); margin-right:4px; }
.second { display:block; margin-top:3px; padding-left:10px; border-left:3px solid var(--line); }
.second .text { color:var(--old); text-decoration:line-through; text-decoration-color:#c4c8cc; }
.second.disagree .text { color:var(--ink); text-decoration:none; }
.intro { color:var(--muted); font-size:13px; }
a.cite { color:var(--accent); text-decoration:none; font-size:12px; vertical-align:super; margin-left:1px; }
.evidence { display:none; margin:6px 0 4px; padding:8px 10px; background:#fff; border:1px solid var(--line); border-radius:6px; font-size:13px; }
.claim:hover > .evidence, .claim:focus-within > .evidence, .claim.open > .evidence { display:block; }
.ev-item { display:block; margin:0 0 6px; }
.ev-item:last-child { margin-bottom:0; }
.ev-item q { quotes:none; display:block; }
.ev-from { color:var(--muted); font-size:12px; }
.empty { color:var(--muted); font-style:italic; }
#timeline { padding:4px 28px 8px; background:#fff; border-bottom:1px solid var(--line); }
ol.tl { list-style:none; margin:0; padding:0 0 0 22px; border-left:3px solid var(--accent); }
ol.tl > li { position:relative; display:grid; grid-template-columns:150px 1fr 1fr; gap:0 20px; padding:4px 0 6px; }
ol.tl > li::before { content:""; position:absolute; left:-30px; top:10px; width:13px; height:13px; border-radius:50%; background:var(--accent); border:2px solid #fff; box-shadow:0 0 0 2px var(--accent); }
ol.tl > li.planned::before { background:#fff; box-shadow:0 0 0 2px var(--plan); }
ol.tl > li.superseded::before { background:var(--old); box-shadow:0 0 0 2px var(--old); }
ol.tl > li.superseded .claim .text { color:var(--old); text-decoration:line-through; }
time { font-weight:700; font-variant-numeric:tabular-nums; }
.tag { display:inline-block; font-size:11px; padding:0 6px; margin-left:6px; border-radius:8px; background:#fff3df; color:var(--plan); border:1px solid #f0d3a6; }
.tag.old { background:#eee; color:#555; border-color:#ccc; }
#sources { padding:4px 28px 24px; }
#sources li { margin:2px 0; }
#sources li:target { background:#fff7c2; }
"#;

/// The page's script: a click pins a statement's evidence open, hovering a statement
/// lights the same statement in the other language, and the page checks that every
/// citation resolves (recorded on `<body>` for tests: `data-citations="ok/total"`).
const SCRIPT: &str = r#"
(function () {
  var claims = document.querySelectorAll('.claim[data-statement]');
  claims.forEach(function (claim) {
    claim.addEventListener('click', function (event) {
      if (event.target.closest('a')) { return; }
      claim.classList.toggle('open');
    });
    claim.addEventListener('mouseenter', function () { mark(claim.dataset.statement, true); });
    claim.addEventListener('mouseleave', function () { mark(claim.dataset.statement, false); });
  });
  function mark(id, on) {
    document.querySelectorAll('.claim[data-statement="' + id + '"]').forEach(function (twin) {
      twin.classList.toggle('hl', on);
    });
  }
  var cites = document.querySelectorAll('a.cite');
  var resolved = 0;
  cites.forEach(function (cite) {
    var target = document.getElementById(cite.getAttribute('href').slice(1));
    if (target) { resolved += 1; } else { cite.classList.add('broken'); }
  });
  document.body.dataset.citations = resolved + '/' + cites.length;
  var withEvidence = 0;
  claims.forEach(function (claim) { if (claim.querySelector('.ev-item')) { withEvidence += 1; } });
  document.body.dataset.evidence = withEvidence + '/' + claims.length;
})();
"#;

/// The whole page.
pub fn render_brief_html(document: &BriefDocument) -> String {
    let heading = brief_heading(document);
    let mut out = String::new();
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<header>\n<h1>{}</h1>\n\
         <p class=\"meta\">{}</p>\n</header>\n",
        escape(&heading),
        escape(&heading),
        escape(&meta_line(document)),
    );
    render_timeline(&mut out, document);
    out.push_str("<main>\n");
    for language in [Language::English, Language::Korean] {
        let (class, lang, title) = match language {
            Language::English => ("lang-en", "en", "English"),
            Language::Korean => ("lang-ko", "ko", "한국어"),
        };
        let _ = writeln!(
            out,
            "<section class=\"column {class}\" lang=\"{lang}\">\n<h2>{title}</h2>"
        );
        let sections = section_lines(&document.brief, language);
        for (index, (name, groups)) in language.headings().iter().zip(sections).enumerate() {
            // The timeline is drawn once, across both languages, above the columns.
            if index == 2 {
                let _ = writeln!(
                    out,
                    "<h3>{}</h3>\n<p class=\"intro\">{}</p>",
                    escape(name),
                    match language {
                        Language::English => "Drawn above, in calendar order.",
                        Language::Korean => "위 타임라인에 날짜순으로 표시.",
                    }
                );
                continue;
            }
            let _ = writeln!(out, "<h3>{}</h3>", escape(name));
            if groups.iter().all(Vec::is_empty) {
                let _ = writeln!(
                    out,
                    "<p class=\"empty\">{}</p>",
                    escape(language.nothing().trim_matches('_'))
                );
                continue;
            }
            for group in groups.iter().filter(|group| !group.is_empty()) {
                out.push_str("<ul class=\"claims\">\n");
                for line in group {
                    render_line(&mut out, document, line, language);
                }
                out.push_str("</ul>\n");
            }
        }
        out.push_str("</section>\n");
    }
    out.push_str("</main>\n<section id=\"sources\">\n<h2>Sources · 출처</h2>\n<ol>\n");
    for article in &document.articles {
        let _ = writeln!(
            out,
            "<li id=\"src-{}\">{}</li>",
            article.number,
            escape(&source_text(article))
        );
    }
    out.push_str("</ol>\n");
    if !document.skipped.is_empty() {
        out.push_str("<h2>Skipped inputs</h2>\n<ul>\n");
        for skipped in &document.skipped {
            let _ = writeln!(out, "<li>{}</li>", escape(&skipped.error));
        }
        out.push_str("</ul>\n");
    }
    let _ = write!(
        out,
        "</section>\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    );
    out
}

/// "6 articles, 2025-03-13 to 2025-08-19 · model …": what the brief covers.
fn meta_line(document: &BriefDocument) -> String {
    let mut dates: Vec<&str> = document
        .articles
        .iter()
        .filter_map(|article| article.date.as_deref())
        .collect();
    dates.sort_unstable();
    let mut parts = Vec::new();
    if let (Some(first), Some(last)) = (dates.first(), dates.last()) {
        parts.push(if first == last {
            format!("Articles of {first}")
        } else {
            format!("Articles of {first} to {last}")
        });
    }
    parts.push("hover or click a statement for its Korean source".to_string());
    // The model's file name: its folder on the machine that ran it tells a reader nothing.
    let model = std::path::Path::new(&document.model.path)
        .file_name()
        .map_or_else(
            || document.model.path.clone(),
            |name| name.to_string_lossy().into_owned(),
        );
    parts.push(format!("model {model}"));
    parts.join(" · ")
}

/// "[1] 01_stem: English title · 원제 · outlet · date".
fn source_text(article: &ArticleRecord) -> String {
    let mut parts = vec![format!("[{}] {}", article.number, article.stem)];
    parts.extend(article.result.summary.title.clone());
    parts.extend(article.title.clone());
    parts.extend(article.outlet.clone());
    parts.extend(article.date.clone());
    parts.join(" · ")
}

fn render_timeline(out: &mut String, document: &BriefDocument) {
    out.push_str("<section id=\"timeline\">\n<h2>Timeline · 타임라인</h2>\n");
    let entries = &document.brief.sections.timeline;
    if entries.is_empty() {
        out.push_str("<p class=\"empty\">No dated statement · 날짜가 있는 내용 없음</p>\n");
    } else {
        out.push_str("<ol class=\"tl\">\n");
        for entry in entries {
            let Some(statement) = find_statement(&document.brief, &entry.statement) else {
                continue;
            };
            let mut classes = Vec::new();
            if entry.planned {
                classes.push("planned");
            }
            if entry.superseded {
                classes.push("superseded");
            }
            let mut tags = String::new();
            if entry.planned {
                tags.push_str("<span class=\"tag\">planned · 계획</span>");
            }
            if entry.superseded {
                tags.push_str("<span class=\"tag old\">superseded · 변경됨</span>");
            }
            let expression = entry
                .expression
                .as_deref()
                .map(|expression| format!("<div class=\"ev-from\">{}</div>", escape(expression)))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "<li class=\"{}\" data-date=\"{}\"><div><time>{}</time>{tags}{expression}</div>",
                classes.join(" "),
                escape(&entry.date),
                escape(&entry.date),
            );
            for language in [Language::English, Language::Korean] {
                out.push_str("<div>");
                claim_element(out, document, statement, language, "div", ("", ""));
                out.push_str("</div>");
            }
            out.push_str("</li>\n");
        }
        out.push_str("</ol>\n");
    }
    out.push_str("</section>\n");
}

fn render_line(out: &mut String, document: &BriefDocument, line: &SectionLine, language: Language) {
    let statements: Vec<&Statement> = line
        .parts
        .iter()
        .filter_map(|id| find_statement(&document.brief, id))
        .collect();
    let Some((first, rest)) = statements.split_first() else {
        return;
    };
    let label = line
        .label
        .as_deref()
        .map(|label| format!("<span class=\"label\">{}</span>", escape(label)))
        .unwrap_or_default();
    let mut after = String::new();
    for statement in rest {
        let class = match line.kind {
            LineKind::Disagreement => "second disagree",
            _ => "second",
        };
        let _ = write!(
            after,
            "<span class=\"{class}\"><span class=\"intro\">{}:</span> ",
            escape(&second_label(
                language,
                line.kind,
                statement.reported.as_deref()
            ))
        );
        claim_element(&mut after, document, statement, language, "span", ("", ""));
        after.push_str("</span>");
    }
    for statement in line
        .references
        .iter()
        .filter_map(|id| find_statement(&document.brief, id))
    {
        let _ = write!(
            after,
            "<span class=\"second reference\"><span class=\"intro\">{}</span>",
            escape(&reference_label(language, statement))
        );
        for source in &statement.sources {
            let _ = write!(
                after,
                " <a class=\"cite\" href=\"#src-{source}\">[{source}]</a>"
            );
        }
        after.push_str("</span>");
    }
    claim_element(out, document, first, language, "li", (&label, &after));
    out.push('\n');
}

/// One statement as an element: its text, citation links, and its evidence (the Korean
/// sentences and their articles) to open, with `around`: markup put before the text
/// (a label) and after the evidence (the second statement of a change).
fn claim_element(
    out: &mut String,
    document: &BriefDocument,
    statement: &Statement,
    language: Language,
    tag: &str,
    around: (&str, &str),
) {
    let (before, after) = around;
    let _ = write!(
        out,
        "<{tag} class=\"claim\" tabindex=\"0\" data-statement=\"{}\">{before}<span class=\"text\">{}</span>",
        escape(&statement.id),
        escape(language.text(statement)),
    );
    for source in &statement.sources {
        let _ = write!(
            out,
            "<a class=\"cite\" href=\"#src-{source}\">[{source}]</a>"
        );
    }
    let _ = write!(out, "<span class=\"evidence\" role=\"note\">");
    for evidence in &statement.evidence {
        let article = document
            .articles
            .iter()
            .find(|article| article.number == evidence.article);
        let from = article.map(source_text).unwrap_or_default();
        let _ = write!(
            out,
            "<span class=\"ev-item\" data-evidence=\"{}\"><q lang=\"ko\">{}</q>\
             <span class=\"ev-from\">{} · sentence {}</span></span>",
            escape(&evidence.id),
            escape(&evidence.korean),
            escape(&from),
            escape(&evidence.id),
        );
    }
    let _ = write!(out, "</span>{after}</{tag}>");
}

/// Text safe inside HTML elements and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outputs::render::tests::later_document;

    #[test]
    fn the_page_is_self_contained_and_every_citation_resolves() {
        let page = render_brief_html(&later_document());
        for external in ["<link", "src=\"", "http://", "https://", "@import", "url("] {
            assert!(!page.contains(external), "{external} in the page");
        }
        let targets: Vec<&str> = page
            .match_indices("href=\"#")
            .filter_map(|(at, _)| page[at + 7..].split('"').next())
            .collect();
        assert!(targets.len() > 5);
        for target in targets {
            assert!(
                page.contains(&format!("id=\"{target}\"")),
                "#{target} unresolved"
            );
        }
    }

    #[test]
    fn each_statement_carries_its_korean_source_and_the_timeline_its_dates() {
        let document = later_document();
        let page = render_brief_html(&document);
        for statement in &document.brief.statements {
            assert!(
                page.contains(&format!("data-statement=\"{}\"", statement.id)),
                "{} missing",
                statement.id
            );
            for evidence in &statement.evidence {
                assert!(page.contains(&escape(&evidence.korean)));
            }
        }
        assert!(page.contains("<ol class=\"tl\">"));
        assert!(page.contains("<li class=\"planned superseded\" data-date=\"2025-05\">"));
        assert!(page.contains("lang=\"ko\""));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}
