//! The brief's sections: Lead, Key developments, Timeline, What changed, Outlook.
//!
//! An analyst reading articles written months apart needs more than a list of claims:
//! when each thing happened (in calendar dates, not "지난달"), which early plans a later
//! article reports as delayed, cancelled or withdrawn (so a plan that no longer holds is
//! never read as current), and which statements are only expectation. Every section is
//! made of the statements [`super::consolidate`] already verified and cited, each tied
//! to its Korean source sentences; nothing here asks the model for new text.
//!
//! The words that mark a change are data (`data/terms/change_markers.txt`, with the
//! doubts of `change_doubts.txt` and the negations of `verify/korean_negation.txt` that
//! undo one); the speculation markers are those of `verify/korean_speculation.txt`.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use super::consolidate::{BriefArticle, CitedClaim};
use super::dates::{
    english_with_calendar_dates, is_planned, reports_a_remark, resolve_dates,
    resolve_dates_in_article, CalendarDate, ResolvedDate, FUTURE_DAY_SLACK,
};
use super::summarize::{word_count, DroppedClaim};
use super::verify::{content_words, overlap};
use crate::lexicon::{built_in_list, built_in_rows};

/// One Korean source sentence a statement rests on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evidence {
    /// `"<article>.<unit>"`: the article's citation number and the sentence's index
    /// among its translated units, stable within one `brief.json`.
    pub id: String,
    /// The article's citation number.
    pub article: usize,
    /// The sentence as the article writes it.
    pub korean: String,
    /// Its verified English.
    pub english: String,
}

/// A date a statement's Korean source names, resolved against its article's date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatementDate {
    /// The Korean expression ("지난 12일", "내년 상반기").
    pub expression: String,
    /// The calendar date, as precise as the expression (`2025-03-12`, `2026-H1`).
    pub iso: String,
}

/// One statement of the brief, in both languages, with what it rests on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Statement {
    /// `S1`, `S2`, ... in rank order (what more articles report first).
    pub id: String,
    /// The verified English statement, without citation markers.
    pub english: String,
    /// Its Korean source sentence, relative dates followed by the calendar date they
    /// name, so the Korean part reads alone.
    pub korean: String,
    /// Citation numbers of its articles, ascending.
    pub sources: Vec<usize>,
    /// The Korean sentences behind it, the best match first.
    pub evidence: Vec<Evidence>,
    /// The date of the article its main source sentence comes from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reported: Option<String>,
    /// The dates its main source sentence names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dates: Vec<StatementDate>,
    /// Whether its source reports a plan or an expectation rather than a thing done.
    pub planned: bool,
    /// Whether its source reports a commitment made (a plan announced, a deal signed):
    /// a thing done, yet what a later change can undo.
    #[serde(default)]
    pub committed: bool,
    /// Whether its source carries a speculation marker (not a plain plan).
    pub speculative: bool,
    /// The change marker its source asserts ("보류", "철회"), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub change: Option<String>,
    /// The change marker its source denies or doubts ("철회는 아니다"), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub denied_change: Option<String>,
    /// The id of the later statement that supersedes it; a superseded statement is
    /// never shown as current.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub superseded_by: Option<String>,
}

/// Statements on one subject, most reported first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThemeGroup {
    /// Statement ids.
    pub statements: Vec<String>,
    /// Every article the group's statements cite.
    pub articles: Vec<usize>,
}

/// One dated event of the timeline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntry {
    /// The event's calendar date (`2025-03-12`, `2025-05`, `2026-H1`).
    pub date: String,
    /// The Korean expression it was resolved from; none when the date is that of the
    /// article reporting a change.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expression: Option<String>,
    /// The statement it tells.
    pub statement: String,
    /// Whether the event is planned or expected, not done.
    pub planned: bool,
    /// Whether a later statement supersedes it.
    pub superseded: bool,
    /// The statement's citations.
    pub sources: Vec<usize>,
}

/// A later statement that changes an earlier one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Supersession {
    /// The earlier statement (a plan, or an earlier state of it).
    pub earlier: String,
    /// The later statement reporting the change.
    pub later: String,
    /// The change marker of the later source ("보류", "철회").
    pub marker: String,
}

/// Two statements of different articles that disagree: one asserts a change that the
/// other, no earlier, denies or doubts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Disagreement {
    /// The statement asserting the change.
    pub asserts: String,
    /// The statement denying or doubting it.
    pub denies: String,
    /// The change marker at issue.
    pub marker: String,
}

/// The brief's sections, each a list of statement ids (or entries that name them).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Sections {
    /// Up to four statements: the most-reported current ones and the latest change.
    pub lead: Vec<String>,
    /// Current statements grouped by subject, most reported first, each once and none
    /// the lead already gives.
    pub key_developments: Vec<ThemeGroup>,
    /// Dated events in calendar order.
    pub timeline: Vec<TimelineEntry>,
    /// Earlier statements that later ones supersede.
    pub changes: Vec<Supersession>,
    /// Statements of different articles that disagree.
    pub disagreements: Vec<Disagreement>,
    /// Statements whose sources only expect or speculate.
    pub outlook: Vec<String>,
}

/// Most statements in the lead, the latest change included: the lead is read first and
/// must be quick to read (fewer only when the brief has fewer current statements).
const LEAD_MAX: usize = 4;

/// Share of the lighter sentence's subject weight two sentences must share to be about
/// the same subject: low, because a change is told in other words than the plan
/// ("착공해 ... 완공할 계획" against "건설을 보류했다"), yet the names and nouns of the
/// story (새만금, 리튬, 공장) carry most weight.
const SAME_SUBJECT: f64 = 0.25;

/// How many days before its article's date a day named in a change's source may be and
/// still be the day of the change ("어제(18일) 이사회를 열어 ... 중단하기로"); a date
/// further back names the plan that changed ("당초 5월로 잡혔던 착공").
const CHANGE_DAY_WINDOW: i64 = 31;

/// Characters after a change marker in which a negation or doubt undoes it.
const DOUBT_WINDOW: usize = 8;

static CHANGE_MARKERS: LazyLock<Vec<String>> =
    LazyLock::new(|| built_in_list("terms/change_markers.txt"));

static COMMITMENT_MARKERS: LazyLock<Vec<String>> =
    LazyLock::new(|| built_in_list("terms/commitment_markers.txt"));

static DOUBTS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut doubts = built_in_list("terms/change_doubts.txt");
    doubts.extend(built_in_list("verify/korean_negation.txt"));
    doubts
});

/// Speculation markers that are not plain plan markers: "할 예정" is a plan, "관측" and
/// "가능성" are speculation.
static SPECULATION: LazyLock<Vec<String>> = LazyLock::new(|| {
    let plans: HashSet<String> = built_in_list("verify/korean_plan_endings.txt")
        .into_iter()
        .chain(built_in_list("terms/plan_markers.txt"))
        .collect();
    built_in_list("verify/korean_speculation.txt")
        .into_iter()
        .filter(|marker| !plans.contains(marker))
        .collect()
});

/// Two-syllable pieces that say how a thing changed or was planned, not what it is
/// about: they must not make a plan and its change look like one subject.
static NOT_SUBJECT: LazyLock<HashSet<String>> = LazyLock::new(|| {
    CHANGE_MARKERS
        .iter()
        .chain(built_in_list("terms/plan_markers.txt").iter())
        .chain(built_in_list("verify/korean_plan_endings.txt").iter())
        .flat_map(|marker| hangul_bigrams(marker))
        .collect()
});

/// Build the statements and sections of the brief from the ranked, verified claims
/// (most reported first) and the articles they cite. Verified bullets that report a
/// change to an earlier statement are added when the ranking left them out: the brief
/// must not show a withdrawn plan as current for want of room. The sections are then
/// kept within `max_words` English words (sources list included) by dropping the
/// lowest-ranked statements that no change, disagreement or lead needs.
pub fn build(
    ranked: &[CitedClaim],
    articles: &[BriefArticle<'_>],
    max_words: usize,
) -> (Vec<Statement>, Sections, Vec<DroppedClaim>) {
    let weights = SubjectWeights::new(articles);
    let mut statements: Vec<Statement> = ranked
        .iter()
        .map(|claim| statement(claim, articles))
        .collect();
    add_change_bullets(&mut statements, articles);
    add_change_notices(&mut statements, articles, &weights);
    number(&mut statements);
    // An added change bullet stays only where it changes or contradicts something, an
    // added speculation for the outlook.
    let (changes, disagreements) = changes_and_disagreements(&statements, articles, &weights);
    let involved: HashSet<String> = changes
        .iter()
        .flat_map(|change| [change.earlier.clone(), change.later.clone()])
        .chain(
            disagreements
                .iter()
                .flat_map(|d| [d.asserts.clone(), d.denies.clone()]),
        )
        .collect();
    let mut index = 0;
    statements.retain(|statement| {
        index += 1;
        index <= ranked.len() || statement.speculative || involved.contains(&statement.id)
    });
    let unstated = changed_without_a_statement(&statements, articles, &weights, &changes);
    let (kept, left_out): (Vec<Statement>, Vec<Statement>) = statements
        .into_iter()
        .partition(|statement| !unstated.contains(&statement.id));
    let mut statements = kept;
    let mut dropped: Vec<DroppedClaim> = left_out
        .into_iter()
        .map(|statement| DroppedClaim {
            text: statement.english,
            reason: "a later article reports a change to this plan that no verified \
                     statement states"
                .to_string(),
        })
        .collect();
    number(&mut statements);
    let sources_words: usize = articles
        .iter()
        .map(|article| word_count(article.title) + 3)
        .sum();
    loop {
        let sections = sections(&mut statements, articles, &weights);
        let words = english_words(&statements, &sections) + sources_words;
        let needed: HashSet<&str> = sections
            .lead
            .iter()
            .map(String::as_str)
            .chain(
                sections
                    .changes
                    .iter()
                    .flat_map(|change| [change.earlier.as_str(), change.later.as_str()]),
            )
            .chain(sections.disagreements.iter().flat_map(|disagreement| {
                [disagreement.asserts.as_str(), disagreement.denies.as_str()]
            }))
            .collect();
        let droppable = (words > max_words)
            .then(|| {
                statements
                    .iter()
                    .rposition(|statement| !needed.contains(statement.id.as_str()))
            })
            .flatten();
        match droppable {
            Some(index) => {
                let statement = statements.remove(index);
                dropped.push(DroppedClaim {
                    text: statement.english,
                    reason: "over the brief's word budget".to_string(),
                });
            }
            None => return (statements, sections, dropped),
        }
    }
}

/// Give the statements their ids, in rank order.
fn number(statements: &mut [Statement]) {
    for (index, statement) in statements.iter_mut().enumerate() {
        statement.id = format!("S{}", index + 1);
    }
}

/// A statement for one claim: its evidence among the cited articles, its main source
/// sentence with calendar dates, and what that sentence tells of plans and changes.
fn statement(claim: &CitedClaim, articles: &[BriefArticle<'_>]) -> Statement {
    let evidence = evidence_for(&claim.text, &claim.sources, articles);
    statement_on(claim, evidence, articles)
}

/// A statement for one claim resting on the given evidence, the main sentence first.
fn statement_on(
    claim: &CitedClaim,
    evidence: Vec<Evidence>,
    articles: &[BriefArticle<'_>],
) -> Statement {
    let main = evidence.first();
    let reported = main
        .and_then(|evidence| article_date(articles, evidence.article))
        .map(str::to_string);
    let korean_source = main.map_or("", |evidence| evidence.korean.as_str());
    let resolved = main.map_or_else(Vec::new, |main| evidence_dates(main, articles));
    let (change, denied_change) = change_markers(korean_source);
    Statement {
        id: String::new(),
        // The brief's articles are of different days: "last month" is said in calendar
        // terms, as the Korean line is.
        english: english_with_calendar_dates(&claim.text, &resolved),
        korean: with_calendar_dates(korean_source, &resolved),
        sources: claim.sources.clone(),
        dates: resolved
            .iter()
            .map(|date| StatementDate {
                expression: date.text.clone(),
                iso: date.date.iso(),
            })
            .collect(),
        // A plan one article expected and a later one reports done is no longer a plan.
        planned: !evidence.is_empty()
            && evidence.iter().all(|evidence| is_planned(&evidence.korean)),
        committed: evidence
            .iter()
            .any(|evidence| reports_a_commitment(&evidence.korean)),
        speculative: is_speculative(korean_source),
        change,
        denied_change,
        superseded_by: None,
        evidence,
        reported,
    }
}

fn article_date<'a>(articles: &[BriefArticle<'a>], number: usize) -> Option<&'a str> {
    find_article(articles, number).and_then(|article| article.date)
}

/// The dates an evidence sentence names, resolved in its article, where "이날" (that
/// day) is the day the article was telling of before it.
fn evidence_dates(evidence: &Evidence, articles: &[BriefArticle<'_>]) -> Vec<ResolvedDate> {
    let article = find_article(articles, evidence.article);
    let date = article.and_then(|article| article.date);
    let index = evidence
        .id
        .rsplit_once('.')
        .and_then(|(_, index)| index.parse::<usize>().ok());
    match (article, index) {
        (Some(article), Some(index))
            if article
                .units
                .get(index)
                .is_some_and(|unit| unit.korean == evidence.korean) =>
        {
            let sentences: Vec<&str> = article
                .units
                .iter()
                .map(|unit| unit.korean.as_str())
                .collect();
            resolve_dates_in_article(&sentences, index, date)
        }
        _ => resolve_dates(&evidence.korean, date),
    }
}

/// The Korean sentences behind a claim: in each cited article, the translated unit
/// whose English shares most of the claim's content words; the best match first.
fn evidence_for(text: &str, sources: &[usize], articles: &[BriefArticle<'_>]) -> Vec<Evidence> {
    let words = content_words(text);
    let mut found: Vec<(f64, Evidence)> = articles
        .iter()
        .filter(|article| sources.contains(&article.number))
        .filter_map(|article| {
            let (index, unit, score) = article
                .units
                .iter()
                .enumerate()
                .map(|(index, unit)| (index, unit, unit_match(&words, unit)))
                .filter(|(_, _, score)| *score > 0.0)
                .max_by(|a, b| a.2.total_cmp(&b.2).then(b.0.cmp(&a.0)))?;
            Some((
                score,
                Evidence {
                    id: format!("{}.{index}", article.number),
                    article: article.number,
                    korean: unit.korean.clone(),
                    english: unit.english.clone(),
                },
            ))
        })
        .collect();
    found.sort_by(|a, b| b.0.total_cmp(&a.0));
    found.into_iter().map(|(_, evidence)| evidence).collect()
}

/// How well a unit's kept English or any of its passing candidates matches a claim.
fn unit_match(words: &HashSet<String>, unit: &super::translate::TranslatedUnit) -> f64 {
    std::iter::once(unit.english.as_str())
        .chain(
            unit.candidates
                .iter()
                .filter(|candidate| candidate.rejected.is_none())
                .map(|candidate| candidate.english.as_str()),
        )
        .filter(|english| !english.is_empty())
        .map(|english| overlap(words, english))
        .fold(0.0, f64::max)
}

/// Add each verified bullet whose source asserts or denies a change, or speculates,
/// and that no statement rests on yet, as a statement citing its own article: a theme
/// stated by its most central bullet hides such members ("the market expects it may be
/// scrapped" behind "it was put on hold"). A change is kept only where it changes or
/// contradicts something (see [`build`]); speculation goes to the outlook.
fn add_change_bullets(statements: &mut Vec<Statement>, articles: &[BriefArticle<'_>]) {
    for article in articles {
        for bullet in article.bullets {
            let candidate = statement(
                &CitedClaim {
                    text: bullet.clone(),
                    sources: vec![article.number],
                },
                articles,
            );
            let Some(main) = candidate.evidence.first() else {
                continue;
            };
            let covered = statements.iter().any(|statement| {
                statement
                    .evidence
                    .iter()
                    .any(|evidence| evidence.id == main.id)
            });
            let about_a_change = candidate.change.is_some() || candidate.denied_change.is_some();
            if (about_a_change || candidate.speculative) && !covered {
                statements.push(candidate);
            }
        }
    }
}

/// Add, for each article that reports a change to an earlier plan or commitment in a
/// sentence whose translation failed the checks (and no statement from it states a
/// change), a statement that says only what the source's change word says: "A report
/// of 15 July 2025 says the plan reported in March 2025 was put on hold." Its Korean is the source sentence
/// itself. Without it the brief could only leave the plan out; with it, the plan is
/// shown as superseded and the change reaches the lead. The first such sentence of the
/// article is used (news states its point first).
fn add_change_notices(
    statements: &mut Vec<Statement>,
    articles: &[BriefArticle<'_>],
    weights: &SubjectWeights,
) {
    let mut notices = Vec::new();
    for article in articles {
        let Some(date) = article.date else {
            continue;
        };
        let states_a_change = statements.iter().any(|statement| {
            !statement.speculative
                && statement.evidence.iter().any(|evidence| {
                    evidence.article == article.number
                        && change_markers(&evidence.korean).0.is_some()
                })
        });
        if states_a_change {
            continue;
        }
        // The report date of the earliest plan or commitment the sentence undoes.
        let first_undone = |korean: &str| {
            statements
                .iter()
                .filter(|statement| {
                    undoable(statement)
                        && about_the_change(statement, article.number, korean, articles, weights)
                })
                .filter_map(|statement| statement.reported.as_deref())
                .filter(|&at| at < date)
                .min()
        };
        let found = article.units.iter().enumerate().find_map(|(index, unit)| {
            let marker = change_markers(&unit.korean).0?;
            let since = first_undone(&unit.korean)?;
            (!is_speculative(&unit.korean)).then_some((index, unit, marker, since))
        });
        let Some((index, unit, marker, since)) = found else {
            continue;
        };
        let english_day = |date: &str| parse_day(date).map(|day| day.english());
        let (Some(day), Some(since)) = (english_day(date), english_day(since)) else {
            continue;
        };
        let month = since
            .split_once(' ')
            .map_or(since.as_str(), |(_, month)| month);
        let claim = CitedClaim {
            text: format!(
                "A report of {day} says the plan reported in {month} was {}.",
                change_gloss(&marker)
            ),
            sources: vec![article.number],
        };
        let evidence = Evidence {
            id: format!("{}.{index}", article.number),
            article: article.number,
            korean: unit.korean.clone(),
            english: unit.english.clone(),
        };
        let mut notice = statement_on(&claim, vec![evidence], articles);
        // The notice says only that the plan changed, in the source's word.
        notice.english = claim.text;
        notices.push(notice);
    }
    statements.extend(notices);
}

/// Whether a statement names a date after the day it was reported ("오는 20일 본계약에서
/// … 구체화할 것"): what it tells is to come, a plan whatever its words. A month or a
/// year counts only once it is past the report's (`2025-03` is not after `2025-03-14`).
fn dated_ahead(statement: &Statement) -> bool {
    statement.reported.as_deref().is_some_and(|reported| {
        statement
            .dates
            .iter()
            .any(|date| date.iso.as_str() > reported && !reported.starts_with(&date.iso))
    })
}

/// Whether a statement reports what a later change can undo: a plan, or a commitment
/// made (a plan announced, a deal signed), and no change or speculation itself.
fn undoable(statement: &Statement) -> bool {
    let a_plan = statement.committed
        || dated_ahead(statement)
        || statement
            .evidence
            .iter()
            .any(|evidence| is_planned(&evidence.korean));
    a_plan
        && statement.change.is_none()
        && statement.denied_change.is_none()
        && !statement.speculative
}

/// The English of a change word (`data/terms/change_glosses.tsv`), as a past participle.
fn change_gloss(marker: &str) -> &'static str {
    CHANGE_GLOSSES
        .iter()
        .find(|(korean, _)| korean == marker)
        .map_or("changed", |(_, english)| english.as_str())
}

static CHANGE_GLOSSES: LazyLock<Vec<(String, String)>> = LazyLock::new(|| {
    built_in_rows("terms/change_glosses.tsv", 2, 2)
        .into_iter()
        .map(|row| (row[0].clone(), row[1].clone()))
        .collect()
});

/// The change marker a Korean sentence asserts and the one it denies or doubts, if any.
fn change_markers(korean: &str) -> (Option<String>, Option<String>) {
    let mut asserted = None;
    let mut denied = None;
    for marker in CHANGE_MARKERS.iter() {
        for (at, _) in korean.match_indices(marker.as_str()) {
            let after: String = korean[at + marker.len()..]
                .chars()
                .take(DOUBT_WINDOW)
                .collect();
            let slot = if DOUBTS.iter().any(|doubt| after.contains(doubt.as_str())) {
                &mut denied
            } else {
                &mut asserted
            };
            slot.get_or_insert_with(|| marker.clone());
        }
    }
    (asserted, denied)
}

/// The sentence with the calendar date written after each relative expression
/// ("지난 12일(2025년 3월 12일)"); expressions that give their year are left alone, one
/// the sentence explains in brackets ("어제(18일)") is explained there ("어제(18일, 2025년
/// 8월 18일)").
pub fn with_calendar_dates(korean: &str, resolved: &[ResolvedDate]) -> String {
    let mut out = korean.to_string();
    for date in resolved.iter().rev() {
        let gives_year = date
            .text
            .as_bytes()
            .windows(4)
            .any(|window| window.iter().all(u8::is_ascii_digit));
        let end = date.start + date.text.len();
        if gives_year || !out.is_char_boundary(end) || out[end..].starts_with('(') {
            continue;
        }
        let calendar = korean_date(&date.date);
        if out[..date.start].ends_with('(') {
            out.insert_str(end, &format!(", {calendar}"));
        } else {
            out.insert_str(end, &format!("({calendar})"));
        }
    }
    out
}

/// A calendar date in Korean, as precise as it is.
pub fn korean_date(date: &CalendarDate) -> String {
    match *date {
        CalendarDate::Day { year, month, day } => format!("{year}년 {month}월 {day}일"),
        CalendarDate::Month { year, month } => format!("{year}년 {month}월"),
        CalendarDate::Half { year, first } => {
            format!("{year}년 {}", if first { "상반기" } else { "하반기" })
        }
        CalendarDate::Year { year } => format!("{year}년"),
    }
}

/// How much each two-syllable piece of Korean tells what a sentence is about: the log
/// of how rare it is among the batch's sentences, so the story's own names weigh more
/// than common words, and none weighs nothing.
struct SubjectWeights {
    weights: HashMap<String, f64>,
    unseen: f64,
}

impl SubjectWeights {
    fn new(articles: &[BriefArticle<'_>]) -> Self {
        let mut counts: HashMap<String, usize> = HashMap::new();
        let mut sentences = 0usize;
        for unit in articles.iter().flat_map(|article| article.units) {
            sentences += 1;
            for piece in subject_pieces(&unit.korean) {
                *counts.entry(piece).or_default() += 1;
            }
        }
        let total = sentences.max(1) as f64;
        Self {
            weights: counts
                .into_iter()
                .map(|(piece, count)| (piece, (1.0 + total / count as f64).ln()))
                .collect(),
            unseen: (1.0 + total).ln(),
        }
    }

    fn weight<'a>(&self, pieces: impl Iterator<Item = &'a String>) -> f64 {
        pieces
            .map(|piece| self.weights.get(piece).copied().unwrap_or(self.unseen))
            .sum()
    }

    /// Whether two Korean texts are about the same subject.
    fn same_subject(&self, a: &str, b: &str) -> bool {
        let (a, b) = (subject_pieces(a), subject_pieces(b));
        let lighter = self.weight(a.iter()).min(self.weight(b.iter()));
        lighter > 0.0 && self.weight(a.intersection(&b)) / lighter >= SAME_SUBJECT
    }
}

/// The pieces that tell what a Korean sentence is about: its two-syllable Hangul
/// pieces (so "정제공장" and "공장을" share "공장" without a morphological analyser) and
/// its Latin words, less the pieces of plan and change markers.
fn subject_pieces(korean: &str) -> HashSet<String> {
    let mut pieces = hangul_bigrams(korean);
    pieces.extend(
        korean
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|word| word.len() >= 2)
            .map(str::to_lowercase),
    );
    pieces.retain(|piece| !NOT_SUBJECT.contains(piece));
    pieces
}

fn hangul_bigrams(text: &str) -> HashSet<String> {
    let syllables: Vec<Option<char>> = text
        .chars()
        .map(|c| ('\u{ac00}'..='\u{d7a3}').contains(&c).then_some(c))
        .collect();
    syllables
        .windows(2)
        .filter_map(|pair| match pair {
            [Some(a), Some(b)] => Some(format!("{a}{b}")),
            _ => None,
        })
        .collect()
}

/// The sections for the statements as they stand (ranked), marking the superseded ones.
fn sections(
    statements: &mut [Statement],
    articles: &[BriefArticle<'_>],
    weights: &SubjectWeights,
) -> Sections {
    let (changes, disagreements) = changes_and_disagreements(statements, articles, weights);
    for statement in statements.iter_mut() {
        statement.superseded_by = changes
            .iter()
            .filter(|change| change.earlier == statement.id)
            .map(|change| change.later.clone())
            .next_back();
    }
    let shown = |statement: &Statement| statement.superseded_by.is_none();
    let outlook: Vec<String> = statements
        .iter()
        .filter(|statement| shown(statement) && statement.speculative)
        .map(|statement| statement.id.clone())
        .collect();
    let current: Vec<&Statement> = statements
        .iter()
        .filter(|statement| shown(statement) && !outlook.contains(&statement.id))
        .collect();
    let key_developments = theme_groups(&current, articles, weights);
    let latest_change = changes
        .iter()
        .filter_map(|change| statements.iter().find(|s| s.id == change.later))
        .max_by(|a, b| a.reported.cmp(&b.reported));
    // The first statement of each group (most reported first), then the groups' others.
    let leaders = key_developments
        .iter()
        .filter_map(|group| group.statements.first());
    let others = key_developments
        .iter()
        .flat_map(|group| group.statements.iter().skip(1));
    let mut lead: Vec<String> = leaders
        .chain(others)
        .filter(|id| Some(*id) != latest_change.map(|s| &s.id))
        .take(LEAD_MAX - usize::from(latest_change.is_some()))
        .cloned()
        .collect();
    if let Some(change) = latest_change {
        lead.push(change.id.clone());
    }
    // Each statement is stated once: what the lead says, key developments do not repeat.
    let key_developments = key_developments
        .into_iter()
        .filter_map(|mut group| {
            group.statements.retain(|id| !lead.contains(id));
            (!group.statements.is_empty()).then_some(group)
        })
        .collect();
    Sections {
        lead,
        timeline: timeline(statements, articles),
        key_developments,
        changes,
        disagreements,
        outlook,
    }
}

/// Earlier statements that later ones change, and statements that disagree.
///
/// A statement supersedes an earlier one when its source asserts a change (and does
/// not merely speculate), its article is dated after the earlier one's, and both are
/// about the same subject; the earlier one is a plan, an earlier change (a plan put on
/// hold, later withdrawn) or a denial of the change. Where the denial is no earlier
/// than the assertion, the two disagree and both are given.
fn changes_and_disagreements(
    statements: &[Statement],
    articles: &[BriefArticle<'_>],
    weights: &SubjectWeights,
) -> (Vec<Supersession>, Vec<Disagreement>) {
    let mut changes = Vec::new();
    let mut disagreements = Vec::new();
    let mut laters: Vec<&Statement> = statements
        .iter()
        .filter(|statement| statement.change.is_some() && !statement.speculative)
        .collect();
    laters.sort_by(|a, b| a.reported.cmp(&b.reported));
    for later in laters {
        let (Some(marker), Some(later_date)) = (&later.change, &later.reported) else {
            continue;
        };
        for earlier in statements.iter().filter(|s| s.id != later.id) {
            let Some(earlier_date) = &earlier.reported else {
                continue;
            };
            let later_article = later.evidence.first().map_or(0, |main| main.article);
            if earlier.speculative
                || earlier.sources == later.sources
                || !about_the_change(earlier, later_article, &later.korean, articles, weights)
            {
                continue;
            }
            let denial = earlier.denied_change.is_some();
            let undoable = earlier.planned
                || earlier.committed
                || dated_ahead(earlier)
                || earlier.change.is_some();
            if earlier_date < later_date && (undoable || denial) {
                changes.push(Supersession {
                    earlier: earlier.id.clone(),
                    later: later.id.clone(),
                    marker: marker.clone(),
                });
            } else if denial && earlier_date >= later_date {
                disagreements.push(Disagreement {
                    asserts: later.id.clone(),
                    denies: earlier.id.clone(),
                    marker: marker.clone(),
                });
            }
        }
    }
    (changes, disagreements)
}

/// The ids of the plans that a later article says changed (put on hold, postponed,
/// withdrawn) in a sentence no statement rests on: its translation failed the checks,
/// so the change cannot be stated, and the plan alone would read as current. Such a
/// plan is left out of the brief rather than shown as if it still stood; one a stated
/// change supersedes too (in `changes`) stays, shown as superseded.
fn changed_without_a_statement(
    statements: &[Statement],
    articles: &[BriefArticle<'_>],
    weights: &SubjectWeights,
    changes: &[Supersession],
) -> HashSet<String> {
    let stated = |article: usize, korean: &str| {
        statements.iter().any(|statement| {
            statement
                .evidence
                .iter()
                .any(|evidence| evidence.article == article && evidence.korean == korean)
        })
    };
    let unstated_changes: Vec<(usize, &str, &str)> = articles
        .iter()
        .filter_map(|article| article.date.map(|date| (article, date)))
        .flat_map(|(article, date)| {
            article
                .units
                .iter()
                .filter(move |unit| {
                    change_markers(&unit.korean).0.is_some()
                        && !is_speculative(&unit.korean)
                        && !stated(article.number, &unit.korean)
                })
                .map(move |unit| (article.number, date, unit.korean.as_str()))
        })
        .collect();
    statements
        .iter()
        .filter(|statement| {
            let Some(reported) = statement.reported.as_deref() else {
                return false;
            };
            undoable(statement)
                && !changes.iter().any(|change| change.earlier == statement.id)
                && unstated_changes.iter().any(|(article, date, korean)| {
                    *date > reported
                        && about_the_change(statement, *article, korean, articles, weights)
                })
        })
        .map(|statement| statement.id.clone())
        .collect()
}

/// Whether a Korean sentence reports a commitment made (`data/terms/commitment_markers.txt`).
fn reports_a_commitment(korean: &str) -> bool {
    COMMITMENT_MARKERS
        .iter()
        .any(|marker| korean.contains(marker.as_str()))
}

/// Whether a Korean sentence only expects or speculates (전망, 가능성, 관측…).
fn is_speculative(korean: &str) -> bool {
    SPECULATION
        .iter()
        .any(|marker| korean.contains(marker.as_str()))
}

/// An earlier statement with the headline of its article: a plan often leaves its
/// subject unsaid ("양사는 오는 5월 착공해 ...", "이 사업을 …"), which the headline
/// names ("청운에너지, … 새만금에 수산화리튬 공장"), while the later change must name
/// what changed.
fn in_context(statement: &Statement, articles: &[BriefArticle<'_>]) -> String {
    let headline = statement
        .evidence
        .first()
        .and_then(|main| find_article(articles, main.article))
        .map_or("", headline);
    format!("{headline}\n{}", statement.korean)
}

fn find_article<'a, 'b>(
    articles: &'b [BriefArticle<'a>],
    number: usize,
) -> Option<&'b BriefArticle<'a>> {
    articles.iter().find(|article| article.number == number)
}

/// An article's headline: the page's, else its first key sentence (never a line of
/// page chrome, which the units keep untranslated).
fn headline<'a>(article: &BriefArticle<'a>) -> &'a str {
    article
        .headline
        .filter(|headline| !headline.trim().is_empty())
        .or_else(|| {
            article
                .units
                .iter()
                .find(|unit| unit.key)
                .map(|unit| unit.korean.as_str())
        })
        .unwrap_or("")
}

/// Whether a change told in `later_korean`, of the article numbered `later_article`,
/// undoes what `earlier` reports: the two are about the same subject, or the later
/// article is itself the news of the change (its headline asserts it: "… 사업
/// 철회") and the earlier statement's article is about what its headline names. A
/// headline that reports a project withdrawn withdraws all that was planned for it,
/// also what the earlier coverage said in other words ("이 사업을 … 지원하는 방안을
/// 검토").
fn about_the_change(
    earlier: &Statement,
    later_article: usize,
    later_korean: &str,
    articles: &[BriefArticle<'_>],
    weights: &SubjectWeights,
) -> bool {
    if weights.same_subject(&in_context(earlier, articles), later_korean) {
        return true;
    }
    let Some(later_headline) = find_article(articles, later_article).map(headline) else {
        return false;
    };
    let headline_changes =
        change_markers(later_headline).0.is_some() && !is_speculative(later_headline);
    let earlier_headline = earlier
        .evidence
        .first()
        .and_then(|main| find_article(articles, main.article))
        .map_or("", headline);
    headline_changes
        && weights.same_subject(earlier_headline, later_headline)
        && shared_words(earlier_headline, later_headline) >= SAME_STORY_WORDS
}

/// Words two headlines must share, besides the share of subject weight, to tell the
/// same story: a headline is short, so one name alone (the city, the company) is much
/// of it, yet one company's articles tell many stories; who and what together
/// ("청운에너지", "새만금", "리튬") make one.
const SAME_STORY_WORDS: usize = 2;

/// How many words of `a` share a subject piece with `b`.
fn shared_words(a: &str, b: &str) -> usize {
    let other = subject_pieces(b);
    a.split_whitespace()
        .filter(|word| !subject_pieces(word).is_disjoint(&other))
        .count()
}

/// Current statements grouped by subject (a statement joins the first group one of
/// whose statements shares its subject), groups ordered by how many articles they
/// cite, statements by rank.
fn theme_groups(
    current: &[&Statement],
    articles: &[BriefArticle<'_>],
    weights: &SubjectWeights,
) -> Vec<ThemeGroup> {
    let mut groups: Vec<Vec<&Statement>> = Vec::new();
    for statement in current {
        let home = groups.iter_mut().find(|group| {
            group
                .iter()
                .any(|member| weights.same_subject(&member.korean, &statement.korean))
        });
        match home {
            Some(group) => group.push(statement),
            None => groups.push(vec![statement]),
        }
    }
    let reach: HashMap<&str, usize> = current
        .iter()
        .map(|statement| {
            (
                statement.id.as_str(),
                reporting_articles(statement, articles, weights),
            )
        })
        .collect();
    let reach_of = |id: &str| reach.get(id).copied().unwrap_or(0);
    let mut groups: Vec<(ThemeGroup, usize)> = groups
        .into_iter()
        .map(|mut members| {
            // Stable: among statements as widely reported, the earlier ranked first.
            members.sort_by_key(|member| std::cmp::Reverse(reach_of(&member.id)));
            let mut cited: Vec<usize> = members
                .iter()
                .flat_map(|member| member.sources.iter().copied())
                .collect();
            cited.sort_unstable();
            cited.dedup();
            let reach = members.first().map_or(0, |member| reach_of(&member.id));
            let group = ThemeGroup {
                statements: members.iter().map(|member| member.id.clone()).collect(),
                articles: cited,
            };
            (group, reach)
        })
        .collect();
    groups.sort_by_key(|(group, reach)| std::cmp::Reverse((*reach, group.articles.len())));
    groups.into_iter().map(|(group, _)| group).collect()
}

/// How many articles of the batch report a statement's subject: those with a sentence
/// (translated or not) about the same subject as its Korean. A verified statement may
/// cite one article while four tell the same story; the lead is what most of them are
/// about, not what one article alone adds.
fn reporting_articles(
    statement: &Statement,
    articles: &[BriefArticle<'_>],
    weights: &SubjectWeights,
) -> usize {
    articles
        .iter()
        .filter(|article| {
            statement.sources.contains(&article.number)
                || article
                    .units
                    .iter()
                    .any(|unit| weights.same_subject(&unit.korean, &statement.korean))
        })
        .count()
}

/// The dated events: each statement whose source names a date, at its first date (a
/// change at the day it names near its article's date, else at that date: "당초 5월로
/// 잡혔던 착공은 연기됐다" is news of July, not of May), in calendar order.
fn timeline(statements: &[Statement], articles: &[BriefArticle<'_>]) -> Vec<TimelineEntry> {
    let mut entries: Vec<((i32, u32, u32), usize, TimelineEntry)> = Vec::new();
    for (rank, statement) in statements.iter().enumerate() {
        let Some(main) = statement.evidence.first() else {
            continue;
        };
        let reported = article_date(articles, main.article);
        let resolved = evidence_dates(main, articles);
        let dated = if statement.change.is_some() {
            let near = resolved.iter().find(|date| {
                matches!(date.date, CalendarDate::Day { .. })
                    && reported
                        .and_then(|reported| days_before(&date.date, reported))
                        .is_some_and(|days| (0..=CHANGE_DAY_WINDOW).contains(&days))
            });
            match (near, reported) {
                (Some(date), _) => Some((date.date, Some(date.text.clone()))),
                (None, Some(reported)) => parse_day(reported).map(|date| (date, None)),
                (None, None) => None,
            }
        } else {
            event_date(&resolved, statement.planned, reported)
                .map(|date| (date.date, Some(date.text.clone())))
        };
        let Some((date, expression)) = dated else {
            continue;
        };
        // The latest article that tells it: a later one may report done what an earlier
        // one announced.
        let latest = statement
            .evidence
            .iter()
            .filter_map(|evidence| article_date(articles, evidence.article))
            .max();
        let planned = planned_on_timeline(&date, statement.planned, &main.korean, latest);
        entries.push((
            date.sort_key(),
            rank,
            TimelineEntry {
                date: date.iso(),
                expression,
                statement: statement.id.clone(),
                planned: planned && statement.change.is_none(),
                superseded: statement.superseded_by.is_some(),
                sources: statement.sources.clone(),
            },
        ));
    }
    entries.sort_by_key(|(key, rank, _)| (*key, *rank));
    entries.into_iter().map(|(_, _, entry)| entry).collect()
}

/// The date a statement's event happened or is planned for, among the dates its source
/// sentence names. A sentence names many dates that are not its event's ("지난해 118억
/// 달러였던 교역액을 2030년까지 …로 늘리자는 목표에 공감했다": neither 2025 nor 2030 is
/// when the ministers agreed), so a report of things done goes on the timeline only when
/// it names one date, and only by a day or a month (how news dates events), and a plan
/// also by the half or year it is planned for, when that is not before its report. No
/// date is better than another event's.
fn event_date<'a>(
    resolved: &'a [ResolvedDate],
    planned: bool,
    reported: Option<&str>,
) -> Option<&'a ResolvedDate> {
    // A report of things done that names two dates tells two events ("2014년 진출해
    // 지난해 말 출시했다"): one date on the timeline would give the other the wrong day.
    // A plan's dates are its schedule ("5월 착공해 2027년 완공할 계획"), its start first.
    // One day named twice ("이튿날인 12일", "18일 … 이날") is one date.
    let distinct: HashSet<&CalendarDate> = resolved.iter().map(|date| &date.date).collect();
    if !planned && distinct.len() > 1 {
        return None;
    }
    let precise = |date: &&ResolvedDate| {
        matches!(
            date.date,
            CalendarDate::Day { .. } | CalendarDate::Month { .. }
        )
    };
    if !planned {
        return resolved.iter().find(precise);
    }
    resolved.iter().find(precise).or_else(|| {
        resolved.iter().find(|date| {
            reported
                .and_then(parse_day)
                .is_none_or(|reported| date.date.span().1 >= reported.span().0)
        })
    })
}

/// Whether a timeline entry dated `date` is a plan: what is dated after its latest
/// report cannot have happened yet, and a remark reported ("…하겠다"고 말했다) was made,
/// whatever the tense of what was said.
fn planned_on_timeline(
    date: &CalendarDate,
    planned: bool,
    korean: &str,
    reported: Option<&str>,
) -> bool {
    let ahead = reported.is_some_and(|reported| match date {
        CalendarDate::Day { .. } => {
            days_before(date, reported).is_some_and(|days| days < -i64::from(FUTURE_DAY_SLACK))
        }
        _ => parse_day(reported).is_some_and(|day| date.span().0 > day.span().0),
    });
    ahead || (planned && !reports_a_remark(korean))
}

/// The statements that supersede others, each once, in the order of the changes.
pub fn later_statements(changes: &[Supersession]) -> Vec<&str> {
    let mut laters: Vec<&str> = Vec::new();
    for change in changes {
        if !laters.contains(&change.later.as_str()) {
            laters.push(&change.later);
        }
    }
    laters
}

/// An article date ("2025-07-15", a time after it ignored) as a calendar day.
fn parse_day(date: &str) -> Option<CalendarDate> {
    let mut parts = date.get(..10)?.split('-');
    let year = parts.next()?.parse().ok()?;
    let month = parts.next()?.parse().ok()?;
    let day = parts.next()?.parse().ok()?;
    Some(CalendarDate::Day { year, month, day })
}

/// Days from `date` to the article date `reported` (positive when `date` is earlier).
fn days_before(date: &CalendarDate, reported: &str) -> Option<i64> {
    let ordinal = |date: &CalendarDate| match *date {
        CalendarDate::Day { year, month, day } => {
            Some(i64::from(year) * 372 + i64::from(month) * 31 + i64::from(day))
        }
        _ => None,
    };
    Some(ordinal(&parse_day(reported)?)? - ordinal(date)?)
}

/// English words the sections take as rendered: each statement where it appears, its
/// citation markers, and the dates and labels around it.
fn english_words(statements: &[Statement], sections: &Sections) -> usize {
    let words = |id: &str| {
        statements
            .iter()
            .find(|statement| statement.id == id)
            .map_or(0, |statement| {
                word_count(&statement.english) + statement.sources.len()
            })
    };
    const LABEL: usize = 3;
    const HEADINGS: usize = 12;
    HEADINGS
        + sections.lead.iter().map(|id| words(id)).sum::<usize>()
        + sections
            .key_developments
            .iter()
            .flat_map(|group| &group.statements)
            .map(|id| words(id))
            .sum::<usize>()
        + sections
            .timeline
            .iter()
            .map(|entry| words(&entry.statement) + LABEL)
            .sum::<usize>()
        // A superseded statement on the timeline is only named under its change.
        + statements
            .iter()
            .filter(|statement| statement.superseded_by.is_some())
            .map(|statement| {
                let on_timeline = sections
                    .timeline
                    .iter()
                    .any(|entry| entry.statement == statement.id);
                if on_timeline {
                    LABEL
                } else {
                    words(&statement.id) + LABEL
                }
            })
            .sum::<usize>()
        + later_statements(&sections.changes)
            .iter()
            .map(|id| words(id) + LABEL)
            .sum::<usize>()
        + sections
            .disagreements
            .iter()
            .map(|d| words(&d.asserts) + words(&d.denies) + 2 * LABEL)
            .sum::<usize>()
        + sections.outlook.iter().map(|id| words(id)).sum::<usize>()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::pipeline::consolidate::{consolidate, Brief};
    use crate::pipeline::glossary::Glossary;
    use crate::pipeline::translate::TranslatedUnit;
    use crate::pipeline::PipelineSettings;

    /// One article of `tests/fixtures/later_brief.json`, owned.
    pub(crate) struct FixtureArticle {
        pub number: usize,
        pub stem: String,
        pub date: String,
        pub title: String,
        pub bullets: Vec<String>,
        pub units: Vec<TranslatedUnit>,
        pub headline: Option<String>,
    }

    /// The hand-built records of the later-development corpus.
    pub(crate) fn later_fixture() -> Vec<FixtureArticle> {
        let json: serde_json::Value =
            serde_json::from_str(include_str!("../../tests/fixtures/later_brief.json")).unwrap();
        let text = |value: &serde_json::Value| value.as_str().unwrap().to_string();
        json["articles"]
            .as_array()
            .unwrap()
            .iter()
            .enumerate()
            .map(|(index, article)| {
                let sentences = article["sentences"].as_array().unwrap();
                FixtureArticle {
                    number: index + 1,
                    stem: text(&article["stem"]),
                    date: text(&article["date"]),
                    title: text(&article["title"]),
                    bullets: sentences.iter().map(|pair| text(&pair[1])).collect(),
                    units: sentences
                        .iter()
                        .map(|pair| TranslatedUnit {
                            english: text(&pair[1]),
                            key: true,
                            ..TranslatedUnit::untranslated(0, &text(&pair[0]))
                        })
                        .collect(),
                    headline: None,
                }
            })
            .collect()
    }

    pub(crate) fn brief_articles(fixture: &[FixtureArticle]) -> Vec<BriefArticle<'_>> {
        fixture
            .iter()
            .map(|article| BriefArticle {
                number: article.number,
                title: &article.title,
                date: Some(&article.date),
                bullets: &article.bullets,
                units: &article.units,
                headline: article.headline.as_deref(),
            })
            .collect()
    }

    /// The brief of the fixture, with room for every statement (the default budget is
    /// tested with the rendering).
    fn later_brief() -> Brief {
        let fixture = later_fixture();
        consolidate(
            &brief_articles(&fixture),
            &Glossary::default(),
            &PipelineSettings {
                brief_max_words: 2000,
                ..PipelineSettings::default()
            },
        )
    }

    /// The statement whose Korean source contains `korean`.
    fn by_korean<'a>(brief: &'a Brief, korean: &str) -> &'a Statement {
        brief
            .statements
            .iter()
            .find(|statement| statement.korean.contains(korean))
            .unwrap_or_else(|| {
                let ids: Vec<(&str, Vec<&str>)> = brief
                    .statements
                    .iter()
                    .map(|s| {
                        (
                            s.id.as_str(),
                            s.evidence.iter().map(|e| e.id.as_str()).collect(),
                        )
                    })
                    .collect();
                panic!(
                    "no statement says {korean}: {ids:?}, dropped {:#?}",
                    brief.dropped
                )
            })
    }

    #[test]
    fn a_later_withdrawal_supersedes_the_plan_and_the_hold() {
        let brief = later_brief();
        let plan = by_korean(&brief, "착공해");
        let hold = by_korean(&brief, "정제공장 건설을 보류했다");
        let withdrawal = by_korean(&brief, "결국 철회했습니다");
        let denial = by_korean(&brief, "철회는 아니다");
        assert!(plan.planned);
        assert_eq!(hold.change.as_deref(), Some("보류"));
        assert_eq!(denial.change, None);
        assert_eq!(denial.denied_change.as_deref(), Some("철회"));
        // The withdrawal (article 5, 2025-08-19) is the last word on the plan, on the
        // hold before it and on the denial of a withdrawal.
        for earlier in [plan, hold, denial] {
            let later = earlier
                .superseded_by
                .as_deref()
                .and_then(|id| brief.statements.iter().find(|s| s.id == id))
                .unwrap_or_else(|| panic!("{} is not superseded", earlier.korean));
            assert_eq!(later.sources, vec![5], "{}", earlier.korean);
            assert!(later.change.is_some());
        }
        // The hold supersedes the plan too: both links are recorded.
        assert!(brief
            .sections
            .changes
            .iter()
            .any(|change| change.earlier == plan.id && change.later == hold.id));
        assert_eq!(withdrawal.superseded_by, None);
        // A plan a later article reports kept (the contract was signed) is no plan any
        // more, but a commitment: the withdrawal of the project undoes it too.
        let contract = by_korean(&brief, "최종 합작계약을 체결할");
        assert_eq!(contract.sources, vec![1, 2]);
        assert!(!contract.planned);
        assert!(contract.committed);
        assert!(contract.superseded_by.is_some());
    }

    #[test]
    fn a_change_whose_translation_failed_the_checks_is_told_in_the_sources_word() {
        let mut fixture = later_fixture();
        // The hold and the withdrawal were not verified: their articles keep their
        // Korean sentences but no English line.
        for article in fixture
            .iter_mut()
            .filter(|article| article.date.as_str() > "2025-07")
        {
            article.bullets.clear();
            for unit in &mut article.units {
                unit.english.clear();
            }
        }
        let brief = consolidate(
            &brief_articles(&fixture),
            &Glossary::default(),
            &PipelineSettings {
                brief_max_words: 2000,
                ..PipelineSettings::default()
            },
        );
        let withdrawal = by_korean(&brief, "결국 철회했습니다");
        assert_eq!(
            withdrawal.english,
            "A report of 19 August 2025 says the plan reported in March 2025 was withdrawn."
        );
        assert_eq!(withdrawal.sources, vec![5]);
        // The plan and the commitments stand only as superseded, the hold by the
        // withdrawal too; the lead ends with the withdrawal.
        for statement in brief
            .statements
            .iter()
            .filter(|statement| statement.planned || statement.committed)
        {
            assert!(statement.superseded_by.is_some(), "{statement:#?}");
        }
        assert!(by_korean(&brief, "착공해").superseded_by.is_some());
        assert_eq!(brief.sections.lead.last(), Some(&withdrawal.id));
    }

    #[test]
    fn speculation_goes_to_the_outlook_and_changes_nothing() {
        let brief = later_brief();
        let speculation = by_korean(&brief, "백지화될 것이라는 관측");
        assert!(speculation.speculative);
        assert!(brief.sections.outlook.contains(&speculation.id));
        assert!(brief
            .sections
            .changes
            .iter()
            .all(|change| change.later != speculation.id));
        let in_key: Vec<&String> = brief
            .sections
            .key_developments
            .iter()
            .flat_map(|group| &group.statements)
            .collect();
        assert!(!in_key.contains(&&speculation.id));
    }

    #[test]
    fn a_superseded_statement_is_never_shown_as_current() {
        let brief = later_brief();
        let superseded: Vec<&String> = brief
            .statements
            .iter()
            .filter(|statement| statement.superseded_by.is_some())
            .map(|statement| &statement.id)
            .collect();
        assert!(superseded.len() >= 2);
        let current: Vec<&String> = brief
            .sections
            .lead
            .iter()
            .chain(
                brief
                    .sections
                    .key_developments
                    .iter()
                    .flat_map(|group| &group.statements),
            )
            .chain(&brief.sections.outlook)
            .collect();
        assert!(current.iter().all(|id| !superseded.contains(id)));
        // In the timeline they are there, marked.
        for entry in &brief.sections.timeline {
            assert_eq!(entry.superseded, superseded.contains(&&entry.statement));
        }
    }

    #[test]
    fn an_event_is_dated_by_its_own_day_and_a_remark_is_no_plan() {
        let reported = Some("2026-03-18");
        let dated = |korean: &str| {
            let resolved = resolve_dates(korean, reported);
            let planned = is_planned(korean);
            event_date(&resolved, planned, reported).map(|date| {
                (
                    date.date.iso(),
                    planned_on_timeline(&date.date, planned, korean, reported),
                )
            })
        };
        // A figure's year and a goal's deadline are not when a thing was done.
        assert_eq!(
            dated("그는 지난해 매출이 2030년까지 두 배가 될 수 있다고 평가했다."),
            None
        );
        // A plan is dated by the year it is planned for.
        assert_eq!(
            dated("양사는 지난해 50억원이던 매출을 2028년까지 두 배로 늘리기로 합의했다."),
            Some(("2028".to_string(), true))
        );
        // A remark made on the 17th, whatever it promises.
        assert_eq!(
            dated("그는 17일 기자회견에서 \"공장을 더 짓겠다\"고 말했다."),
            Some(("2026-03-17".to_string(), false))
        );
        // A match on a day well after the report is still to be played.
        assert_eq!(
            dated("두 팀은 오는 28일 홈구장에서 맞붙는다."),
            Some(("2026-03-28".to_string(), true))
        );
    }

    #[test]
    fn the_timeline_is_in_calendar_order_with_dates_from_each_article() {
        let brief = later_brief();
        let timeline = &brief.sections.timeline;
        let keys: Vec<&str> = timeline.iter().map(|entry| entry.date.as_str()).collect();
        let mut sorted = keys.clone();
        sorted.sort_unstable();
        assert_eq!(keys, sorted);
        let entry_of = |korean: &str| {
            let id = &by_korean(&brief, korean).id;
            timeline
                .iter()
                .find(|entry| &entry.statement == id)
                .unwrap_or_else(|| panic!("{korean} is not on the timeline: {timeline:#?}"))
        };
        // "지난 12일" in an article of 2025-03-13.
        assert_eq!(entry_of("기자간담회").date, "2025-03-12");
        let plan = entry_of("착공해");
        assert_eq!(plan.date, "2025-05");
        assert!(plan.planned && plan.superseded);
        // "오는 20일" in an article of 2025-03-13, reported done by one of 2025-03-21.
        let signed = entry_of("최종 합작계약을 체결할");
        assert_eq!(signed.date, "2025-03-20");
        assert!(!signed.planned);
        // A change is dated by the day it names near its article's date ("어제(18일)"),
        // else by its article's date.
        assert_eq!(entry_of("중단하기로").date, "2025-08-18");
        assert_eq!(entry_of("건설을 보류했다").date, "2025-07-15");
    }

    #[test]
    fn the_korean_writes_calendar_dates_after_relative_ones() {
        let brief = later_brief();
        assert!(by_korean(&brief, "기자간담회")
            .korean
            .contains("지난 12일(2025년 3월 12일)"));
        let board = &by_korean(&brief, "이사회를 열어").korean;
        assert!(board.contains("어제(18일, 2025년 8월 18일)"), "{board}");
        let plan = &by_korean(&brief, "착공해").korean;
        assert!(plan.contains("오는 5월(2025년 5월)"), "{plan}");
        assert!(plan.contains("내년 상반기(2026년 상반기)"), "{plan}");
        assert!(plan.contains("같은 해 하반기(2026년 하반기)"), "{plan}");
        // An expression that gives its year is left as it is.
        let sentence = "그는 2013년 6월 방한했다.";
        let resolved = resolve_dates(sentence, Some("2024-02-29"));
        assert_eq!(with_calendar_dates(sentence, &resolved), sentence);
    }

    #[test]
    fn a_change_marker_that_is_denied_or_doubted_does_not_count() {
        assert_eq!(
            change_markers("회사는 투자 결정을 보류한다고 밝혔다."),
            (Some("보류".to_string()), None)
        );
        for denied in [
            "관계자는 \"사업 철회는 아니다\"라고 말했다.",
            "\"철회 여부는 결정된 바 없다\"며 선을 그었다.",
        ] {
            assert_eq!(
                change_markers(denied),
                (None, Some("철회".to_string())),
                "{denied}"
            );
        }
        assert_eq!(change_markers("공장을 예정대로 짓는다."), (None, None));
    }

    /// The brief of a city that announces a stadium (a thing done, no plan ending) and
    /// later withdraws it; `verified` says whether the withdrawal's translation passed
    /// the checks.
    fn stadium_brief(verified: bool) -> Brief {
        let article = |number: usize, date: &str, korean: &str, english: &str| {
            let english = if number == 2 && !verified {
                ""
            } else {
                english
            };
            FixtureArticle {
                number,
                stem: format!("{number:02}"),
                date: date.to_string(),
                title: String::new(),
                bullets: [english]
                    .into_iter()
                    .filter(|line| !line.is_empty())
                    .map(str::to_string)
                    .collect(),
                units: vec![TranslatedUnit {
                    english: english.to_string(),
                    key: true,
                    ..TranslatedUnit::untranslated(0, korean)
                }],
                headline: None,
            }
        };
        let fixture = vec![
            article(
                1,
                "2025-02-10",
                "한빛시는 10일 2000억원을 들여 돔 야구장을 짓는 사업 계획을 발표했다.",
                "Hanbit City announced a plan to build a domed baseball stadium for 200 billion won.",
            ),
            article(
                2,
                "2025-06-02",
                "한빛시는 예산 부족을 이유로 돔 야구장 건설 사업을 철회했다.",
                "Hanbit City withdrew the domed baseball stadium project, citing a lack of budget.",
            ),
        ];
        consolidate(
            &brief_articles(&fixture),
            &Glossary::default(),
            &PipelineSettings::default(),
        )
    }

    #[test]
    fn an_announced_plan_is_a_commitment_a_later_withdrawal_supersedes() {
        let brief = stadium_brief(true);
        let announced = by_korean(&brief, "사업 계획을 발표했다");
        let withdrawn = by_korean(&brief, "철회했다");
        // The announcement happened: no plan on the timeline, yet what it commits to
        // is what the withdrawal undoes.
        assert!(!announced.planned);
        assert!(announced.committed);
        assert_eq!(announced.superseded_by.as_ref(), Some(&withdrawn.id));
        assert!(!brief.sections.lead.contains(&announced.id));
        assert!(brief.sections.lead.contains(&withdrawn.id));
    }

    #[test]
    fn an_announced_plan_whose_withdrawal_failed_the_checks_is_shown_superseded() {
        let brief = stadium_brief(false);
        let announced = by_korean(&brief, "사업 계획을 발표했다");
        let notice = by_korean(&brief, "철회했다");
        assert_eq!(
            notice.english,
            "A report of 2 June 2025 says the plan reported in February 2025 was withdrawn."
        );
        assert!(notice.korean.contains("돔 야구장 건설 사업을 철회했다"));
        assert_eq!(announced.superseded_by.as_ref(), Some(&notice.id));
        assert_eq!(brief.sections.lead, vec![notice.id.clone()]);
    }

    /// One article of a headline and page chrome before one key sentence.
    fn headed(
        number: usize,
        date: &str,
        headline: &str,
        korean: &str,
        english: &str,
    ) -> FixtureArticle {
        FixtureArticle {
            number,
            stem: format!("{number:02}"),
            date: date.to_string(),
            title: String::new(),
            bullets: vec![english.to_string()],
            units: vec![
                TranslatedUnit::untranslated(0, "뉴스 | 스포츠 | 연예 | 로그인"),
                TranslatedUnit {
                    english: english.to_string(),
                    key: true,
                    ..TranslatedUnit::untranslated(1, korean)
                },
            ],
            headline: Some(headline.to_string()),
        }
    }

    #[test]
    fn a_headline_that_reports_a_withdrawal_supersedes_what_was_planned_for_its_story() {
        let fixture = vec![
            headed(
                1,
                "2025-02-10",
                "한빛시, 돔 야구장 건설 추진…2000억원 투입",
                "시의회도 이 사업을 지원하는 방안을 검토하고 있다.",
                "The city council is also reviewing ways to support this project.",
            ),
            headed(
                2,
                "2025-02-12",
                "한빛시 시내버스 요금 인상 검토",
                "시는 요금을 올리는 방안을 검토하고 있다.",
                "The city is reviewing a fare increase.",
            ),
            headed(
                3,
                "2025-03-03",
                "한빛시 돔 야구장 착공식…3월 20일 첫 삽",
                "시는 오는 20일 시공사와 계약서에 서명한다.",
                "The city signs the contract with the builder on the 20th.",
            ),
            headed(
                4,
                "2025-06-02",
                "한빛시, 돔 야구장 건설 사업 철회",
                "시는 예산 부족을 이유로 결국 접었다.",
                "The city finally gave it up, citing a lack of budget.",
            ),
        ];
        let brief = consolidate(
            &brief_articles(&fixture),
            &Glossary::default(),
            &PipelineSettings::default(),
        );
        let withdrawal = by_korean(&brief, "결국 접었다");
        // Neither sentence names the stadium: their headlines do.
        let review = by_korean(&brief, "이 사업을 지원하는");
        assert_eq!(review.superseded_by.as_ref(), Some(&withdrawal.id));
        // A sentence dated after its report tells a plan, whatever its words.
        let signing = by_korean(&brief, "계약서에 서명한다");
        assert!(!signing.planned && !signing.committed);
        assert_eq!(signing.superseded_by.as_ref(), Some(&withdrawal.id));
        // The same city's other story stands.
        let fares = by_korean(&brief, "요금을 올리는");
        assert_eq!(fares.superseded_by, None);
        assert!(brief.sections.lead.contains(&fares.id));
        assert!(!brief.sections.lead.contains(&review.id));
    }

    #[test]
    fn an_articles_headline_is_never_its_page_chrome() {
        let mut fixture = vec![headed(
            1,
            "2025-02-10",
            "",
            "시는 예산을 늘렸다.",
            "The city raised its budget.",
        )];
        fixture[0].headline = None;
        let articles = brief_articles(&fixture);
        assert_eq!(headline(&articles[0]), "시는 예산을 늘렸다.");
    }

    #[test]
    fn that_day_is_dated_by_the_day_the_article_named_before() {
        let mut fixture = vec![headed(
            1,
            "2025-09-13",
            "철도노조 파업 끝나…열차 운행 정상화",
            "국토교통부는 이날 열차 운행이 정상화됐다고 밝혔다.",
            "The transport ministry said train services returned to normal that day.",
        )];
        fixture[0].units.insert(
            1,
            TranslatedUnit::untranslated(1, "노조는 12일 사측과 임금협상을 타결했다."),
        );
        let brief = consolidate(
            &brief_articles(&fixture),
            &Glossary::default(),
            &PipelineSettings::default(),
        );
        let meeting = by_korean(&brief, "운행이 정상화됐다");
        let entry = brief
            .sections
            .timeline
            .iter()
            .find(|entry| entry.statement == meeting.id)
            .expect("the meeting is on the timeline");
        assert_eq!(entry.date, "2025-09-12");
        assert!(
            meeting.korean.contains("이날(2025년 9월 12일)"),
            "{}",
            meeting.korean
        );
    }

    #[test]
    fn a_change_to_another_subject_supersedes_nothing() {
        let mut fixture = later_fixture();
        // Replace the July hold with an unrelated postponement.
        fixture[2].units = vec![TranslatedUnit {
            english: "The Bank of Korea postponed its rate meeting to next week.".to_string(),
            key: true,
            ..TranslatedUnit::untranslated(0, "한국은행은 기준금리 결정 회의를 다음 주로 연기했다.")
        }];
        fixture[2].bullets =
            vec!["The Bank of Korea postponed its rate meeting to next week.".to_string()];
        let brief = consolidate(
            &brief_articles(&fixture),
            &Glossary::default(),
            &PipelineSettings::default(),
        );
        let bank = by_korean(&brief, "한국은행");
        assert!(brief
            .sections
            .changes
            .iter()
            .all(|change| change.later != bank.id && change.earlier != bank.id));
    }

    #[test]
    fn the_lead_is_short_current_and_ends_with_the_latest_change() {
        let brief = later_brief();
        let lead = &brief.sections.lead;
        assert!((1..=LEAD_MAX).contains(&lead.len()), "{lead:?}");
        let last = lead
            .last()
            .and_then(|id| brief.statements.iter().find(|s| &s.id == id));
        assert_eq!(last.map(|s| s.sources.clone()), Some(vec![5]));
        assert!(last.is_some_and(|s| s.change.is_some()));
        // Every current statement is in the key developments exactly once.
        let mut key: Vec<&String> = brief
            .sections
            .key_developments
            .iter()
            .flat_map(|group| &group.statements)
            .collect();
        let count = key.len();
        key.sort();
        key.dedup();
        assert_eq!(key.len(), count);
    }

    #[test]
    fn the_lead_is_what_most_articles_are_about_not_what_one_adds() {
        let verified = |korean: &str, english: &str| TranslatedUnit {
            english: english.to_string(),
            key: true,
            ..TranslatedUnit::untranslated(0, korean)
        };
        let side = "샘 올트먼 오픈AI CEO는 지난달 한국을 찾았다.";
        let story = "메타는 자체 AI 반도체 생산을 삼성전자에 맡길 계획이다.";
        let units = [
            vec![verified(
                side,
                "OpenAI CEO Sam Altman visited Korea last month.",
            )],
            vec![verified(
                story,
                "Meta plans to have Samsung Electronics make its own AI chips.",
            )],
            vec![TranslatedUnit::untranslated(
                0,
                "메타가 AI 반도체 생산을 삼성전자와 논의했다.",
            )],
            vec![TranslatedUnit::untranslated(
                0,
                "삼성전자가 메타의 AI 반도체 생산을 맡을 전망이다.",
            )],
        ];
        let articles: Vec<BriefArticle<'_>> = units
            .iter()
            .enumerate()
            .map(|(index, units)| BriefArticle {
                number: index + 1,
                title: "",
                date: Some("2024-02-29"),
                bullets: &[],
                units,
                headline: None,
            })
            .collect();
        let ranked = [
            CitedClaim {
                text: "OpenAI CEO Sam Altman visited Korea last month.".to_string(),
                sources: vec![1],
            },
            CitedClaim {
                text: "Meta plans to have Samsung Electronics make its own AI chips.".to_string(),
                sources: vec![2],
            },
        ];
        let (statements, sections, _) = build(&ranked, &articles, 2000);
        let first = statements.iter().find(|s| s.id == sections.lead[0]);
        assert_eq!(
            first.map(|s| s.sources.clone()),
            Some(vec![2]),
            "{sections:?}"
        );
    }

    #[test]
    fn a_tight_word_budget_keeps_the_changes() {
        let fixture = later_fixture();
        let articles = brief_articles(&fixture);
        let ranked: Vec<CitedClaim> = articles
            .iter()
            .flat_map(|article| {
                article.bullets.iter().map(|bullet| CitedClaim {
                    text: bullet.clone(),
                    sources: vec![article.number],
                })
            })
            .collect();
        let (roomy, ..) = build(&ranked, &articles, 10_000);
        let (tight, sections, dropped) = build(&ranked, &articles, 50);
        assert!(tight.len() < roomy.len());
        assert_eq!(dropped.len(), roomy.len() - tight.len());
        assert!(!sections.changes.is_empty());
        for change in &sections.changes {
            assert!(tight.iter().any(|statement| statement.id == change.later));
        }
    }
}
