//! Markdown renderings of the records: one summary per article and the bilingual brief.
//! Pure functions of the records, so `brief.json` and the Markdown never disagree.

use std::fmt::Write;

use super::records::{ArticleRecord, BriefDocument};
use crate::pipeline::consolidate::CitedClaim;

/// `[1][3]`: the citation markers for a claim, resolved by the brief's source list.
pub fn citation_markers(sources: &[usize]) -> String {
    sources.iter().map(|number| format!("[{number}]")).collect()
}

/// The Markdown summary of one article: English title, source line, bullets.
pub fn render_summary(article: &ArticleRecord) -> String {
    let summary = &article.result.summary;
    let Some(title) = summary.title.as_deref().filter(|title| !title.is_empty()) else {
        // Nothing passed: say so in English rather than head the page with a file name.
        return format!(
            "# {NOTHING_VERIFIED}\n\n{}\n\n{NOTHING_VERIFIED_DETAIL}\n",
            source_line(article)
        );
    };
    let mut out = format!("# {title}\n\n");
    let _ = writeln!(out, "{}\n", source_line(article));
    for bullet in &summary.bullets {
        let _ = writeln!(out, "- {bullet}");
    }
    out
}

/// The heading of a summary none of whose claims passed the checks.
const NOTHING_VERIFIED: &str = "No claim of this article passed the faithfulness checks";

/// What a reader of such a summary can do.
const NOTHING_VERIFIED_DETAIL: &str = "Every English reading of its key sentences failed a \
    check against the Korean, so none is shown; brief.json lists each one with the reason \
    it was left out.";

/// "Source: `path` · outlet · date", with what the article states.
fn source_line(article: &ArticleRecord) -> String {
    let mut parts = vec![format!("Source: `{}`", article.source)];
    parts.extend(article.outlet.clone());
    parts.extend(article.date.clone());
    parts.join(" · ")
}

/// The full article in English, paragraph by paragraph, for `--translations`.
pub fn render_translation(article: &ArticleRecord) -> String {
    let translation = &article.result.translation;
    let title = translation.title.as_deref().unwrap_or(&article.stem);
    let mut out = format!("# {title}\n\n{}\n", source_line(article));
    for paragraph in translation.english_paragraphs() {
        let _ = write!(out, "\n{paragraph}\n");
    }
    out
}

/// The brief: English part, Korean part, the sources the citations resolve to, and the
/// inputs that were skipped.
pub fn render_brief(document: &BriefDocument) -> String {
    let mut out = format!(
        "# Brief: {} article{}\n\n## English\n\n",
        document.articles.len(),
        if document.articles.len() == 1 {
            ""
        } else {
            "s"
        }
    );
    render_claims(&mut out, &document.brief.english);
    out.push_str("\n## 한국어\n\n");
    render_claims(&mut out, &document.brief.korean);
    out.push_str("\n## Sources\n\n");
    for article in &document.articles {
        let title = article.result.summary.title.as_deref().unwrap_or("");
        let mut line = format!("[{}] {}", article.number, article.stem);
        if !title.is_empty() {
            let _ = write!(line, ": {title}");
        }
        if let Some(date) = &article.date {
            let _ = write!(line, " ({date})");
        }
        let _ = writeln!(out, "- {line}");
    }
    if !document.skipped.is_empty() {
        out.push_str("\n## Skipped inputs\n\n");
        for skipped in &document.skipped {
            // The message names the input itself.
            let _ = writeln!(out, "- {}", skipped.error);
        }
    }
    out
}

fn render_claims(out: &mut String, claims: &[CitedClaim]) {
    if claims.is_empty() {
        out.push_str("_No statement could be verified against the sources._\n");
    }
    for claim in claims {
        let _ = writeln!(out, "- {} {}", claim.text, citation_markers(&claim.sources));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::generate::SamplingSettings;
    use crate::outputs::records::{ArticleResult, ModelRecord, SkippedRecord, Timings};
    use crate::pipeline::consolidate::Brief;
    use crate::pipeline::glossary::Glossary;
    use crate::pipeline::summarize::ArticleSummary;
    use crate::pipeline::translate::Translation;
    use crate::pipeline::{ModelUsage, PipelineSettings};

    fn article(number: usize, stem: &str) -> ArticleRecord {
        ArticleRecord {
            number,
            stem: stem.to_string(),
            source: format!("seeds/{stem}.txt"),
            encoding: "UTF-8".to_string(),
            title: Some("제목".to_string()),
            outlet: Some("Newsis".to_string()),
            date: Some("2024-02-28".to_string()),
            cleaned_chars: 100,
            from_cache: false,
            result: ArticleResult {
                glossary: Glossary::default(),
                translation: Translation {
                    title: Some(format!("Title {number}")),
                    ..Translation::default()
                },
                summary: ArticleSummary {
                    title: Some(format!("Title {number}")),
                    bullets: vec!["Meta met LG.".to_string(), "LG plans XR.".to_string()],
                    dropped: Vec::new(),
                },
                usage: ModelUsage::default(),
                seconds: 1.0,
            },
        }
    }

    #[test]
    fn a_summary_has_title_source_and_bullets() {
        let text = render_summary(&article(1, "000_a"));
        assert_eq!(
            text,
            "# Title 1\n\nSource: `seeds/000_a.txt` · Newsis · 2024-02-28\n\n- Meta met LG.\n- LG plans XR.\n"
        );
    }

    #[test]
    fn a_summary_with_nothing_verified_says_so_in_english_not_with_its_file_name() {
        let mut record = article(1, "000_a");
        record.outlet = Some("오늘경제".to_string());
        record.result.summary.title = None;
        record.result.summary.bullets.clear();
        let text = render_summary(&record);
        assert!(
            text.starts_with(&format!("# {NOTHING_VERIFIED}\n")),
            "{text}"
        );
        assert!(!text.contains("# 000_a"));
        let hangul = text.chars().filter(|c| ('가'..='힣').contains(c)).count();
        assert!(hangul * 20 < text.chars().count(), "mostly English: {text}");
    }

    #[test]
    fn the_brief_cites_numbers_that_its_sources_list_resolves() {
        let document = BriefDocument {
            brief_version: "0".to_string(),
            model: ModelRecord {
                path: "m.gguf".to_string(),
                sha256: "x".to_string(),
                device: "cpu".to_string(),
                context_tokens: 4096,
            },
            sampling: SamplingSettings::default(),
            pipeline: PipelineSettings::default(),
            articles: vec![article(1, "000_a"), article(2, "001_b")],
            skipped: vec![SkippedRecord {
                source: "bad.txt".to_string(),
                error: "bad.txt: empty file".to_string(),
            }],
            brief: Brief {
                english: vec![CitedClaim {
                    text: "Meta met LG.".to_string(),
                    sources: vec![1, 2],
                }],
                korean: vec![CitedClaim {
                    text: "메타가 LG를 만났다.".to_string(),
                    sources: vec![2],
                }],
                dropped: Vec::new(),
            },
            timings: Timings::default(),
        };
        let text = render_brief(&document);
        assert!(text.contains("## English\n\n- Meta met LG. [1][2]\n"));
        assert!(text.contains("## 한국어\n\n- 메타가 LG를 만났다. [2]\n"));
        assert!(text.contains("- [1] 000_a: Title 1 (2024-02-28)\n"));
        assert!(text.contains("- [2] 001_b: Title 2 (2024-02-28)\n"));
        assert!(text.contains("## Skipped inputs\n\n- bad.txt: empty file\n"));
    }
}
