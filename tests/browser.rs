//! `brief.html` in a real browser: the page is rendered from the hand-built records of
//! `tests/fixtures/later_brief.json` (no model), loaded in headless chromium, and checked
//! in the DOM the page's own script leaves (every citation resolves, every statement has
//! its Korean evidence); a screenshot is taken.
//!
//! Chromium is found through `BRIEF_CHROMIUM` or as `chromium` on the PATH. Without it
//! the test says SKIPPED on stderr and checks nothing; `scripts/browser-test.sh`
//! installs it, sets `BRIEF_CHROMIUM` (then a browser that fails is a failure), and
//! passes `BRIEF_SCREENSHOT` for where the screenshot goes.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use brief::model::generate::SamplingSettings;
use brief::outputs::html::render_brief_html;
use brief::outputs::records::{ArticleRecord, ArticleResult, BriefDocument, ModelRecord, Timings};
use brief::pipeline::consolidate::{consolidate, BriefArticle};
use brief::pipeline::glossary::Glossary;
use brief::pipeline::summarize::ArticleSummary;
use brief::pipeline::translate::{TranslatedUnit, Translation};
use brief::pipeline::{ModelUsage, PipelineSettings};
use serde_json::Value;

/// The fixture's articles as the records a run would have written.
fn fixture_records() -> Vec<ArticleRecord> {
    let json: Value =
        serde_json::from_str(include_str!("fixtures/later_brief.json")).expect("fixture");
    let text = |value: &Value| value.as_str().unwrap_or_default().to_string();
    json["articles"]
        .as_array()
        .expect("articles")
        .iter()
        .enumerate()
        .map(|(index, article)| {
            let sentences = article["sentences"].as_array().expect("sentences");
            let stem = text(&article["stem"]);
            ArticleRecord {
                number: index + 1,
                source: format!("tests/corpus/later/{stem}.txt"),
                stem,
                encoding: "UTF-8".to_string(),
                title: Some(text(&article["korean_title"])),
                outlet: Some(text(&article["outlet"])),
                date: Some(text(&article["date"])),
                cleaned_chars: 0,
                from_cache: false,
                result: ArticleResult {
                    glossary: Glossary::default(),
                    translation: Translation {
                        title: Some(text(&article["title"])),
                        units: sentences
                            .iter()
                            .map(|pair| TranslatedUnit {
                                english: text(&pair[1]),
                                key: true,
                                ..TranslatedUnit::untranslated(0, &text(&pair[0]))
                            })
                            .collect(),
                        ..Translation::default()
                    },
                    summary: ArticleSummary {
                        title: Some(text(&article["title"])),
                        bullets: sentences.iter().map(|pair| text(&pair[1])).collect(),
                        dropped: Vec::new(),
                    },
                    usage: ModelUsage::default(),
                    seconds: 0.0,
                },
            }
        })
        .collect()
}

fn fixture_document() -> BriefDocument {
    let records = fixture_records();
    let articles: Vec<BriefArticle<'_>> = records
        .iter()
        .map(|record| BriefArticle {
            number: record.number,
            title: record.result.summary.title.as_deref().unwrap_or(""),
            date: record.date.as_deref(),
            bullets: &record.result.summary.bullets,
            units: &record.result.translation.units,
            headline: record.title.as_deref(),
        })
        .collect();
    let brief = consolidate(
        &articles,
        &Glossary::default(),
        &PipelineSettings::default(),
    );
    BriefDocument {
        brief_version: env!("CARGO_PKG_VERSION").to_string(),
        model: ModelRecord {
            path: "fixture (hand-built records, no model)".to_string(),
            sha256: String::new(),
            device: "none".to_string(),
            context_tokens: 0,
        },
        sampling: SamplingSettings::default(),
        pipeline: PipelineSettings::default(),
        articles: records,
        skipped: Vec::new(),
        brief,
        timings: Timings::default(),
    }
}

/// The browser to use: `BRIEF_CHROMIUM` (required to work when set), else `chromium`
/// on the PATH.
fn chromium() -> Option<(PathBuf, bool)> {
    if let Some(path) = std::env::var_os("BRIEF_CHROMIUM") {
        return Some((PathBuf::from(path), true));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|folder| folder.join("chromium"))
        .find(|candidate| candidate.is_file())
        .map(|found| (found, false))
}

/// Run headless chromium on `page` with `extra` arguments.
fn headless(browser: &Path, profile: &Path, page: &Path, extra: &[String]) -> std::process::Output {
    Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs")
}

/// `data-NAME="ok/total"` on the dumped `<body>`, as numbers.
fn body_count(dom: &str, name: &str) -> Option<(usize, usize)> {
    let marker = format!("data-{name}=\"");
    let start = dom.find(&marker)? + marker.len();
    let value = dom[start..].split('"').next()?;
    let (ok, total) = value.split_once('/')?;
    Some((ok.parse().ok()?, total.parse().ok()?))
}

#[test]
fn brief_html_loads_in_chromium_and_every_citation_resolves() {
    let Some((browser, required)) = chromium() else {
        eprintln!("SKIPPED: no chromium (set BRIEF_CHROMIUM or install chromium); nothing checked");
        return;
    };
    let dir = tempfile::tempdir().expect("temporary folder");
    let page = dir.path().join("brief.html");
    fs::write(&page, render_brief_html(&fixture_document())).expect("page written");
    let profile = dir.path().join("profile");
    let dump = headless(&browser, &profile, &page, &["--dump-dom".to_string()]);
    if !dump.status.success() && !required {
        eprintln!(
            "SKIPPED: {} did not start ({}); nothing checked",
            browser.display(),
            String::from_utf8_lossy(&dump.stderr)
                .lines()
                .last()
                .unwrap_or("")
        );
        return;
    }
    assert!(
        dump.status.success(),
        "{}",
        String::from_utf8_lossy(&dump.stderr)
    );
    let dom = String::from_utf8_lossy(&dump.stdout);
    let (resolved, citations) = body_count(&dom, "citations").expect("the page's script ran");
    assert!(citations > 5, "{citations} citations");
    assert_eq!(resolved, citations, "unresolved citations");
    let (with_evidence, claims) = body_count(&dom, "evidence").expect("evidence counted");
    assert!(claims > 5);
    assert_eq!(
        with_evidence, claims,
        "statements without their Korean source"
    );
    for expected in [
        "Timeline · 타임라인",
        "What changed",
        "달라진 점",
        "결국 철회했습니다",
    ] {
        assert!(dom.contains(expected), "{expected} missing from the DOM");
    }

    let screenshot = std::env::var_os("BRIEF_SCREENSHOT")
        .map(PathBuf::from)
        .unwrap_or_else(|| dir.path().join("brief.png"));
    if let Some(folder) = screenshot.parent() {
        fs::create_dir_all(folder).expect("screenshot folder");
    }
    let shot = headless(
        &browser,
        &profile,
        &page,
        &[
            format!("--screenshot={}", screenshot.display()),
            "--window-size=1400,1000".to_string(),
            "--hide-scrollbars".to_string(),
        ],
    );
    assert!(
        shot.status.success(),
        "{}",
        String::from_utf8_lossy(&shot.stderr)
    );
    let png = fs::read(&screenshot).expect("screenshot written");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n") && png.len() > 10_000);
}
