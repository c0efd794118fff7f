//! Markdown renderings of the records: one summary per article and the bilingual brief.
//! Pure functions of the records, so `brief.json` and the Markdown never disagree.

use std::collections::HashSet;
use std::fmt::Write;

use super::records::{ArticleRecord, BriefDocument};
use crate::pipeline::consolidate::Brief;
use crate::pipeline::glossary::romanize;
use crate::pipeline::sections::{later_statements, Statement};

/// `[1][3]`: the citation markers for a claim, resolved by the brief's source list.
pub fn citation_markers(sources: &[usize]) -> String {
    sources.iter().map(|number| format!("[{number}]")).collect()
}

/// The Markdown summary of one article: English title, source line, bullets.
pub fn render_summary(article: &ArticleRecord) -> String {
    let summary = &article.result.summary;
    let Some(title) = summary.title.as_deref().filter(|title| !title.is_empty()) else {
        // Nothing passed: say so in English, as a note rather than a heading, which a
        // reader takes for what the article says.
        return format!(
            "{}\n\n**{NOTHING_VERIFIED}.** {NOTHING_VERIFIED_DETAIL}\n",
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
    // In Latin letters: the summary is English (brief.json keeps the outlet's Hangul).
    parts.extend(article.outlet.as_deref().map(latin_outlet));
    parts.extend(article.date.clone());
    parts.join(" · ")
}

/// An outlet's name in Latin letters: Hangul romanized, the first letter capitalized.
fn latin_outlet(outlet: &str) -> String {
    let latin = romanize(outlet);
    let mut chars = latin.chars();
    chars.next().map_or(String::new(), |first| {
        first.to_uppercase().chain(chars).collect()
    })
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

/// The brief: the English part and the Korean part, each in the same sections (Lead,
/// Key developments, Timeline, What changed, Outlook and open questions), then the
/// sources the citations resolve to and the inputs that were skipped. The Korean part
/// gives, statement by statement, the source sentences with calendar dates written
/// after relative ones, so it reads alone.
pub fn render_brief(document: &BriefDocument) -> String {
    let mut out = format!("# {}\n\n## English\n", brief_heading(document));
    for language in [Language::English, Language::Korean] {
        if language == Language::Korean {
            out.push_str("\n## 한국어\n");
        }
        render_sections(&mut out, &document.brief, language);
    }
    out.push_str("\n## Sources\n\n");
    for article in &document.articles {
        let _ = writeln!(out, "- {}", source_entry(article));
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

/// "Brief: 3 articles".
pub fn brief_heading(document: &BriefDocument) -> String {
    let count = document.articles.len();
    format!(
        "Brief: {count} article{}",
        if count == 1 { "" } else { "s" }
    )
}

/// "[1] stem: English title (date)": what a citation number resolves to.
pub fn source_entry(article: &ArticleRecord) -> String {
    let title = article.result.summary.title.as_deref().unwrap_or("");
    let mut line = format!("[{}] {}", article.number, article.stem);
    if !title.is_empty() {
        let _ = write!(line, ": {title}");
    }
    if let Some(date) = &article.date {
        let _ = write!(line, " ({date})");
    }
    line
}

/// Which part of the bilingual brief is being written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    /// The verified English statements.
    English,
    /// Their Korean source sentences.
    Korean,
}

impl Language {
    /// The section headings in this language, in the brief's order.
    pub fn headings(self) -> [&'static str; 5] {
        match self {
            Language::English => [
                "Lead",
                "Key developments",
                "Timeline",
                "What changed",
                "Outlook and open questions",
            ],
            Language::Korean => [
                "요약",
                "주요 내용",
                "타임라인",
                "달라진 점",
                "전망과 남은 질문",
            ],
        }
    }

    /// What an empty section says.
    pub fn nothing(self) -> &'static str {
        match self {
            Language::English => "_Nothing the sources report._",
            Language::Korean => "_해당 내용이 없습니다._",
        }
    }

    /// A statement's text in this language (empty when it has none).
    pub fn text(self, statement: &Statement) -> &str {
        match self {
            Language::English => &statement.english,
            Language::Korean => &statement.korean,
        }
    }

    /// The label of a timeline entry's status ("planned", "superseded").
    pub fn status(self, planned: bool, superseded: bool) -> Option<&'static str> {
        match (self, planned, superseded) {
            (_, false, false) => None,
            (Language::English, true, false) => Some("planned"),
            (Language::English, false, true) => Some("superseded"),
            (Language::English, true, true) => Some("planned, superseded"),
            (Language::Korean, true, false) => Some("계획"),
            (Language::Korean, false, true) => Some("변경됨"),
            (Language::Korean, true, true) => Some("계획, 변경됨"),
        }
    }
}

/// The statement with this id.
pub fn find_statement<'a>(brief: &'a Brief, id: &str) -> Option<&'a Statement> {
    brief.statements.iter().find(|statement| statement.id == id)
}

/// The lines of each section of one language, without list markers: what both the
/// Markdown and the HTML render.
pub fn section_lines(brief: &Brief, language: Language) -> [Vec<Vec<SectionLine>>; 5] {
    let line = |id: &str| -> Option<SectionLine> {
        let statement = find_statement(brief, id)?;
        (!language.text(statement).is_empty()).then(|| SectionLine {
            label: None,
            kind: LineKind::Statement,
            parts: vec![statement.id.clone()],
            references: Vec::new(),
        })
    };
    let sections = &brief.sections;
    let lead = vec![sections.lead.iter().filter_map(|id| line(id)).collect()];
    let key = sections
        .key_developments
        .iter()
        .map(|group| group.statements.iter().filter_map(|id| line(id)).collect())
        .filter(|group: &Vec<SectionLine>| !group.is_empty())
        .collect();
    let timeline = vec![sections
        .timeline
        .iter()
        .filter_map(|entry| {
            let mut line = line(&entry.statement)?;
            let status = language.status(entry.planned, entry.superseded);
            line.label = Some(match status {
                Some(status) => format!("{} ({status})", entry.date),
                None => entry.date.clone(),
            });
            Some(line)
        })
        .collect()];
    let on_timeline: HashSet<&str> = sections
        .timeline
        .iter()
        .map(|entry| entry.statement.as_str())
        .collect();
    let changes = vec![later_statements(&sections.changes)
        .into_iter()
        .filter_map(|later| {
            line(later)?;
            let mut parts = vec![later.to_string()];
            let mut references = Vec::new();
            // Each superseded statement once, under the latest change to it; one the
            // timeline already gives (marked superseded) is named, not told again.
            for statement in brief
                .statements
                .iter()
                .filter(|statement| statement.superseded_by.as_deref() == Some(later))
                .filter(|statement| line(&statement.id).is_some())
            {
                if on_timeline.contains(statement.id.as_str()) {
                    // Two statements of one report are named once.
                    let named = references.iter().any(|id: &String| {
                        find_statement(brief, id).is_some_and(|other| {
                            other.reported == statement.reported
                                && other.sources == statement.sources
                        })
                    });
                    if !named {
                        references.push(statement.id.clone());
                    }
                } else {
                    parts.push(statement.id.clone());
                }
            }
            (parts.len() + references.len() > 1).then_some(SectionLine {
                label: Some(
                    match language {
                        Language::English => "Changed",
                        Language::Korean => "변경",
                    }
                    .to_string(),
                ),
                kind: LineKind::Change,
                parts,
                references,
            })
        })
        .chain(sections.disagreements.iter().filter_map(|disagreement| {
            line(&disagreement.asserts)?;
            line(&disagreement.denies)?;
            Some(SectionLine {
                label: Some(
                    match language {
                        Language::English => "Sources disagree",
                        Language::Korean => "보도 엇갈림",
                    }
                    .to_string(),
                ),
                kind: LineKind::Disagreement,
                parts: vec![disagreement.asserts.clone(), disagreement.denies.clone()],
                references: Vec::new(),
            })
        }))
        .collect()];
    let outlook = vec![sections.outlook.iter().filter_map(|id| line(id)).collect()];
    [lead, key, timeline, changes, outlook]
}

/// One line of a section: an optional label (a date, "Changed") and the statements it
/// gives; a change gives the later statement, then the earlier ones it supersedes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionLine {
    /// The date or kind of the line.
    pub label: Option<String>,
    /// What the line tells.
    pub kind: LineKind,
    /// Statement ids.
    pub parts: Vec<String>,
    /// Ids of superseded statements the line names by their report and articles only:
    /// the timeline tells them, so that each statement is told once.
    pub references: Vec<String>,
}

/// What a section line tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// One statement.
    Statement,
    /// A later statement and the earlier one it supersedes.
    Change,
    /// Two statements that disagree.
    Disagreement,
}

/// How the second statement of a two-statement line is introduced.
pub fn second_label(language: Language, kind: LineKind, date: Option<&str>) -> String {
    match (kind, language) {
        (LineKind::Disagreement, Language::English) => "while".to_string(),
        (LineKind::Disagreement, Language::Korean) => "반면".to_string(),
        _ => earlier_label(language, date),
    }
}

/// A superseded statement named by its report and articles, its text being on the
/// timeline: "supersedes the report of 2025-03-12 [1] (timeline)".
pub fn reference_label(language: Language, statement: &Statement) -> String {
    let earlier = earlier_label(language, statement.reported.as_deref());
    match language {
        Language::English => format!("{earlier} (timeline)"),
        Language::Korean => format!("{earlier} (타임라인)"),
    }
}

/// How the earlier statement of a change line is introduced.
fn earlier_label(language: Language, date: Option<&str>) -> String {
    match (language, date) {
        (Language::English, Some(date)) => format!("supersedes the report of {date}"),
        (Language::English, None) => "supersedes the earlier report".to_string(),
        (Language::Korean, Some(date)) => format!("{date} 보도 내용을 대체함"),
        (Language::Korean, None) => "이전 보도 내용을 대체함".to_string(),
    }
}

fn render_sections(out: &mut String, brief: &Brief, language: Language) {
    let sections = section_lines(brief, language);
    for (heading, groups) in language.headings().iter().zip(sections) {
        let _ = write!(out, "\n### {heading}\n\n");
        if groups.iter().all(Vec::is_empty) {
            let _ = writeln!(out, "{}", language.nothing());
            continue;
        }
        for (index, group) in groups.iter().filter(|group| !group.is_empty()).enumerate() {
            if index > 0 {
                out.push('\n');
            }
            for line in group {
                let _ = writeln!(out, "- {}", markdown_line(brief, line, language));
            }
        }
    }
}

fn markdown_line(brief: &Brief, line: &SectionLine, language: Language) -> String {
    let mut text = line
        .label
        .as_ref()
        .map(|label| format!("{label}: "))
        .unwrap_or_default();
    for (index, id) in line.parts.iter().enumerate() {
        let Some(statement) = find_statement(brief, id) else {
            continue;
        };
        if index > 0 {
            let _ = write!(
                text,
                " — {}: ",
                second_label(language, line.kind, statement.reported.as_deref())
            );
        }
        let _ = write!(
            text,
            "{} {}",
            language.text(statement),
            citation_markers(&statement.sources)
        );
    }
    for statement in line
        .references
        .iter()
        .filter_map(|id| find_statement(brief, id))
    {
        let _ = write!(
            text,
            " — {} {}",
            reference_label(language, statement),
            citation_markers(&statement.sources)
        );
    }
    text
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::model::generate::SamplingSettings;
    use crate::outputs::records::{ArticleResult, ModelRecord, SkippedRecord, Timings};
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
        assert!(text.contains(&format!("**{NOTHING_VERIFIED}.**")), "{text}");
        assert!(
            !text.contains("\n# ") && !text.starts_with("# "),
            "no heading: {text}"
        );
        assert!(!text.contains("# 000_a"));
        assert!(
            text.contains("· Oneulgyeongje"),
            "outlet in Latin letters: {text}"
        );
        let hangul = text.chars().filter(|c| ('가'..='힣').contains(c)).count();
        assert!(hangul * 20 < text.chars().count(), "mostly English: {text}");
    }

    /// The document of a run over the later-development fixture (no model).
    pub(crate) fn later_document() -> BriefDocument {
        use crate::pipeline::consolidate::consolidate;
        use crate::pipeline::sections::tests::{brief_articles, later_fixture};
        let fixture = later_fixture();
        let brief = consolidate(
            &brief_articles(&fixture),
            &Glossary::default(),
            &PipelineSettings::default(),
        );
        let articles = fixture
            .iter()
            .map(|entry| {
                let mut record = article(entry.number, &entry.stem);
                record.date = Some(entry.date.clone());
                record.result.summary.title = Some(entry.title.clone());
                record.result.summary.bullets = entry.bullets.clone();
                record.result.translation.units = entry.units.clone();
                record
            })
            .collect();
        BriefDocument {
            brief_version: "0".to_string(),
            model: ModelRecord {
                path: "m.gguf".to_string(),
                sha256: "x".to_string(),
                device: "cpu".to_string(),
                context_tokens: 4096,
            },
            sampling: SamplingSettings::default(),
            pipeline: PipelineSettings::default(),
            articles,
            skipped: vec![SkippedRecord {
                source: "bad.txt".to_string(),
                error: "bad.txt: empty file".to_string(),
            }],
            brief,
            timings: Timings::default(),
        }
    }

    #[test]
    fn the_brief_has_its_sections_in_order_in_both_languages() {
        let text = render_brief(&later_document());
        let mut headings = vec!["## English".to_string()];
        headings.extend(Language::English.headings().map(|h| format!("### {h}")));
        headings.push("## 한국어".to_string());
        headings.extend(Language::Korean.headings().map(|h| format!("### {h}")));
        headings.extend(["## Sources".to_string(), "## Skipped inputs".to_string()]);
        let found: Vec<&str> = text
            .lines()
            .filter(|line| line.starts_with("## ") || line.starts_with("### "))
            .collect();
        assert_eq!(found, headings, "{text}");
        assert!(text.contains("- [1] 01_mar13_jv_announced: Cheongwoon Energy and Canada"));
        assert!(text.contains("## Skipped inputs\n\n- bad.txt: empty file\n"));
    }

    #[test]
    fn every_citation_of_the_brief_is_in_its_sources() {
        let document = later_document();
        let text = render_brief(&document);
        let (body, sources) = text.split_once("## Sources").unwrap();
        let cited: Vec<&str> = body
            .match_indices('[')
            .filter_map(|(at, _)| body[at + 1..].split(']').next())
            .filter(|inside| inside.parse::<usize>().is_ok())
            .collect();
        assert!(!cited.is_empty());
        for number in cited {
            assert!(
                sources.contains(&format!("- [{number}] ")),
                "[{number}] unresolved"
            );
        }
    }

    #[test]
    fn what_changed_gives_the_change_then_the_superseded_report_in_both_languages() {
        let text = render_brief(&later_document());
        let section = |heading: &str, next: &str| -> String {
            let start = text.find(heading).unwrap();
            let end = text[start..]
                .find(next)
                .map_or(text.len(), |end| start + end);
            text[start..end].to_string()
        };
        let english = section("### What changed", "### Outlook");
        assert!(
            english.contains("withdrew its plan to build the Saemangeum lithium hydroxide plant"),
            "{english}"
        );
        assert!(
            english.contains("supersedes the report of 2025-03-13"),
            "{english}"
        );
        let korean = section("### 달라진 점", "### 전망과");
        assert!(korean.contains("결국 철회했습니다"), "{korean}");
        assert!(korean.contains("2025-03-13 보도 내용을 대체함"), "{korean}");
        // The withdrawn plan appears only as superseded: never in the lead or the key
        // developments.
        let current = section("### Lead", "### Timeline");
        assert!(
            !current.contains("plan to start construction in May"),
            "{current}"
        );
        let timeline = section("### Timeline", "### What changed");
        assert!(
            timeline.contains("- 2025-05 (planned, superseded): The two companies plan"),
            "{timeline}"
        );
        let korean_timeline = section("### 타임라인", "### 달라진 점");
        assert!(korean_timeline.contains("- 2025-05 (계획, 변경됨): 양사는 오는 5월(2025년 5월)"));
        // Told once: the timeline gives the superseded plan, its change names it.
        assert_eq!(text.matches("The two companies plan").count(), 1, "{text}");
        assert!(english.contains("(timeline) [1]"), "{english}");
        assert!(korean.contains("(타임라인) [1]"), "{korean}");
    }

    #[test]
    fn the_brief_s_english_stays_within_the_scorer_s_limit() {
        let text = render_brief(&later_document());
        let english_words: usize = text
            .lines()
            .filter(|line| crate::pipeline::hangul_ratio(line) < 0.3)
            .map(|line| line.split_whitespace().count())
            .sum();
        assert!(english_words <= 700, "{english_words} words:\n{text}");
    }
}
