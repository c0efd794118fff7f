//! The per-article map: a summary made of the article's key sentences as translated,
//! never rewritten again. Every free rewrite between the source and the reader is a new
//! chance to err (a digest of a correct translation moved Meta's model to OpenAI), so a
//! bullet is a key unit's English that passed the translation checks, explains its
//! Korean well enough by back-translation, can be read alone and says something; those
//! that tell most per word of what is not yet told are kept, in reading order.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use serde::{Deserialize, Serialize};

use super::attribution::{is_title_word, misattributed_people, people_meeting_themselves};
use super::dates::unsupported_relative_date;
use super::glossary::Glossary;
use super::translate::{TranslatedUnit, Translation};
use super::verify::{content_words, is_generic_capitalized, without_possessive, words};
use super::{hangul_ratio, PipelineSettings};

/// A sentence that was not kept, and why; recorded so a reader can see what the
/// verifier removed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DroppedClaim {
    /// The sentence as translated.
    pub text: String,
    /// Why it was dropped.
    pub reason: String,
}

/// The heading and bullets kept for an article and those the checks removed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ArticleSummary {
    /// The summary's heading: the first key sentence, in reading order, whose English
    /// passed every check (never the headline's translation, a file name or page
    /// furniture).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Verified bullets, in the article's reading order.
    pub bullets: Vec<String>,
    /// Sentences removed by the checks.
    pub dropped: Vec<DroppedClaim>,
}

/// One key sentence's English as a possible bullet.
struct Candidate {
    /// Index of its unit in the article: reading order.
    position: usize,
    text: String,
}

/// Summarize one translated article from its key units: each unit offers its passing
/// candidates, best explained first, and gives the first that can be a bullet.
pub fn summarize_article(
    translation: &Translation,
    glossary: &Glossary,
    settings: &PipelineSettings,
) -> ArticleSummary {
    let mut summary = ArticleSummary::default();
    let mut checked: Vec<Candidate> = Vec::new();
    for (position, unit) in translation
        .units
        .iter()
        .enumerate()
        .filter(|(_, unit)| unit.key)
    {
        match bullet_of(unit, glossary, settings) {
            Ok(text) => checked.push(Candidate { position, text }),
            Err(dropped) => summary.dropped.push(dropped),
        }
    }
    // The title is the first verified sentence, in reading order (the lead, as news
    // writes it), never the headline's translation: a Korean headline is compressed
    // (no particles, quotes and ellipses for verbs) and the small model misreads it
    // more often than any body sentence.
    let title = (!checked.is_empty()).then(|| checked.remove(0).text);
    select_bullets(
        &mut summary,
        checked,
        title.as_deref().unwrap_or(""),
        settings,
    );
    summary.title = title;
    summary
}

/// Whether a translation's fidelity, as a whole and where it explains its source worst,
/// reaches the floors of the settings (a unit the model could not score, or that was
/// never scored, does not).
fn trusted(fidelity: Option<f64>, local: Option<f64>, settings: &PipelineSettings) -> bool {
    fidelity.is_some_and(|fidelity| fidelity >= settings.min_fidelity)
        && locally_trusted(local, settings)
}

/// Whether a translation's worst-explained stretch reaches the settings' floor, if any.
fn locally_trusted(local: Option<f64>, settings: &PipelineSettings) -> bool {
    settings
        .min_local_fidelity
        .is_none_or(|floor| local.is_some_and(|local| local >= floor))
}

/// A candidate that passed the translation checks, with the scores a bullet needs.
struct Passing<'a> {
    text: &'a str,
    fidelity: Option<f64>,
    local: Option<f64>,
    agreement: Option<f64>,
}

/// The best explained of a unit's passing candidates that can be a bullet, or why none
/// can (the reason of the best one).
fn bullet_of(
    unit: &TranslatedUnit,
    glossary: &Glossary,
    settings: &PipelineSettings,
) -> Result<String, DroppedClaim> {
    let baseline = unit.baseline.unwrap_or(0.0);
    let mut passing: Vec<Passing<'_>> = unit
        .candidates
        .iter()
        .filter(|candidate| candidate.rejected.is_none() && !candidate.english.is_empty())
        .map(|candidate| Passing {
            text: candidate.english.as_str(),
            fidelity: candidate.channel.map(|channel| channel - baseline),
            local: candidate.local_fidelity,
            agreement: candidate.detail_support,
        })
        .collect();
    if passing.is_empty() && !unit.english.is_empty() {
        passing.push(Passing {
            text: unit.english.as_str(),
            fidelity: unit.fidelity,
            local: unit.local_fidelity,
            agreement: None,
        });
    }
    passing.sort_by(|a, b| {
        let score = |fidelity: Option<f64>| fidelity.unwrap_or(f64::NEG_INFINITY);
        score(b.fidelity).total_cmp(&score(a.fidelity))
    });
    // Where the best-explained reading leaves part of its source unexplained, the
    // model is unsure of the sentence: a reading it explains worse is no safer (one
    // that turns who did what around can pass where the best did not).
    if let Some(best) = passing.first() {
        if !locally_trusted(best.local, settings) {
            return Err(DroppedClaim {
                text: best.text.to_string(),
                reason: "part of its source is left unexplained by its best reading".to_string(),
            });
        }
    }
    let mut first_reason = None;
    for Passing {
        text,
        fidelity,
        local,
        agreement,
    } in passing
    {
        let reason = if !trusted(fidelity, local, settings) {
            Some("its translation explains the source too poorly".to_string())
        } else if !agreement.is_some_and(|agreement| agreement >= settings.min_agreement) {
            Some("its names and numbers are not in the other readings".to_string())
        } else if let Some(phrase) = unsupported_relative_date(text, &unit.korean) {
            Some(format!(
                "it says \"{phrase}\", a date its source does not name"
            ))
        } else {
            unreadable(text, glossary)
        };
        match reason {
            None => return Ok(text.to_string()),
            Some(reason) => {
                first_reason.get_or_insert(DroppedClaim {
                    text: text.to_string(),
                    reason,
                });
            }
        }
    }
    Err(first_reason.unwrap_or_else(|| DroppedClaim {
        text: unit.korean.clone(),
        reason: unit
            .rejected
            .clone()
            .unwrap_or_else(|| "no translation passed the checks".to_string()),
    }))
}

/// Why a sentence cannot be a bullet, if it cannot: not English, not readable alone,
/// only saying who someone is, or giving someone another organization.
fn unreadable(text: &str, glossary: &Glossary) -> Option<String> {
    if hangul_ratio(text) > 0.05 {
        return Some("not in English".to_string());
    }
    if !stands_alone(text) {
        return Some("does not say who or what it is about".to_string());
    }
    if tells_only_who(text) {
        return Some("says only who someone is".to_string());
    }
    let mut misattributed = misattributed_people(text, glossary);
    misattributed.extend(people_meeting_themselves(text, glossary));
    if !misattributed.is_empty() {
        return Some(format!("wrong organization: {}", misattributed.join(", ")));
    }
    None
}

/// Keep, within the bullet and word budgets (the title counts), the candidates that
/// name most of what the title and the bullets already kept do not, those of the lead
/// a little more, then give them in reading order.
fn select_bullets(
    summary: &mut ArticleSummary,
    mut checked: Vec<Candidate>,
    title: &str,
    settings: &PipelineSettings,
) {
    // Greedy: each round keeps the bullet that tells most per word of what the title and
    // the bullets kept so far do not, so the summary covers the article instead of
    // restating its lead. Ties go to reading order.
    let mut told = Told::default();
    told.add(title);
    let mut words = word_count(title);
    let mut kept: Vec<(usize, String)> = Vec::new();
    let units = checked
        .iter()
        .map(|candidate| candidate.position + 1)
        .max()
        .unwrap_or(1);
    while let Some((best, _)) = checked
        .iter()
        .enumerate()
        .map(|(index, candidate)| {
            (
                index,
                told.news_value(&candidate.text) * lead_weight(candidate.position, units),
            )
        })
        .rev()
        .max_by(|a, b| a.1.total_cmp(&b.1))
    {
        let candidate = checked.remove(best);
        let bullet = candidate.text;
        let reason = if same_claim(title, &bullet)
            || kept.iter().any(|(_, other)| same_claim(other, &bullet))
        {
            Some("repeats another bullet")
        } else if kept.len() >= settings.summary_bullets
            || words + rendered_words(&bullet) > settings.summary_max_words
        {
            Some("over the length budget")
        } else {
            None
        };
        match reason {
            Some(reason) => summary.dropped.push(DroppedClaim {
                text: bullet,
                reason: reason.to_string(),
            }),
            None => {
                words += rendered_words(&bullet);
                told.add(&bullet);
                kept.push((candidate.position, bullet));
            }
        }
    }
    kept.sort_by_key(|(position, _)| *position);
    summary.bullets = kept.into_iter().map(|(_, bullet)| bullet).collect();
}

/// How much a bullet from passage `position` of `passages` counts: news puts what
/// matters first, so a bullet from the lead counts in full and one from the last
/// passage [`LEAD_WEIGHT`] less.
fn lead_weight(position: usize, passages: usize) -> f64 {
    1.0 - LEAD_WEIGHT * position as f64 / passages.max(1) as f64
}

/// The share of its value a bullet from the end of an article loses to one from its
/// lead.
const LEAD_WEIGHT: f64 = 0.3;

/// Whether a bullet can be read alone, as a summary's line is: it has a subject, a
/// verb and more (at least [`MIN_BULLET_WORDS`] words),
/// ends as a sentence does (not as a headline cut at a comma), and does not open with a
/// pronoun whose referent was in the sentence before ("He then met Lee Jae-yong", "It
/// is competing with Apple").
fn stands_alone(bullet: &str) -> bool {
    const PRONOUNS: &[&str] = &[
        "he", "she", "it", "they", "this", "these", "those", "his", "her", "its", "their",
    ];
    let first = bullet
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("")
        .to_lowercase();
    let claim_words = words(bullet).count();
    let ends_as_sentence = bullet
        .trim_end_matches(['"', '\'', '”', '’', ')'])
        .ends_with(['.', '!', '?']);
    !PRONOUNS.contains(&first.as_str()) && claim_words >= MIN_BULLET_WORDS && ends_as_sentence
}

/// Whether a bullet says nothing but what a name is ("Meta is a company", "Mark
/// Zuckerberg is CEO of Meta"): all its words are names, titles or words that define.
/// Asked for a passage's facts, the model restates the names it was given.
fn tells_only_who(bullet: &str) -> bool {
    const DEFINING: &[&str] = &[
        "company",
        "companies",
        "organization",
        "firm",
        "another",
        "other",
        "passage",
        "person",
    ];
    let names: HashSet<String> = bullet
        .split_whitespace()
        .filter(|token| {
            token
                .trim_start_matches(['"', '\'', '('])
                .starts_with(char::is_uppercase)
        })
        .flat_map(words)
        .collect();
    content_words(bullet).iter().all(|word| {
        names.contains(word)
            || is_generic_capitalized(word)
            || is_title_word(word)
            || DEFINING.contains(&word.as_str())
    })
}

/// Fewer words than this make a fragment ("Facebook, reportedly"), not a claim.
const MIN_BULLET_WORDS: usize = 3;

/// Words a bullet takes in the rendered summary, its marker included.
fn rendered_words(bullet: &str) -> usize {
    word_count(bullet) + 1
}

/// The details of a text an analyst scans for: capitalized names and numbers, after
/// the first word (capitalized only because it starts the sentence), and times said in
/// words ("next year", "end of the month"), lowercased.
pub fn details(text: &str) -> HashSet<String> {
    text.split_whitespace()
        .skip(1)
        .map(|word| without_possessive(word.trim_matches(|c: char| !c.is_alphanumeric())))
        .filter(|word| word.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()))
        .map(str::to_lowercase)
        .chain(
            RELATIVE_TIME
                .find_iter(text)
                .map(|time| time.as_str().to_lowercase()),
        )
        .collect()
}

/// A time said in words, which tells when as a date does.
static RELATIVE_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:(?:next|last|this|coming|previous)|(?:end|start|beginning) of (?:the|this|next)) (?:year|month|week|quarter)\b",
    )
    .expect("literal regex")
});

/// What the summary has told so far: its names and numbers, and its other words.
#[derive(Default)]
struct Told {
    details: HashSet<String>,
    words: HashSet<String>,
}

impl Told {
    fn add(&mut self, text: &str) {
        self.details.extend(details(text));
        self.words.extend(content_words(text));
    }

    /// What a bullet adds for an analyst who has read what was told, per word it takes:
    /// its names and numbers not told yet count double, its other new words once, and a
    /// time said in words ("next year") twice more, being when a plan happens, which
    /// the analyst reads for and which no capital letter marks. Per word, because the
    /// summary's length is fixed: two short bullets of news beat one long one that
    /// mostly restates.
    fn news_value(&self, bullet: &str) -> f64 {
        const DETAIL_WEIGHT: usize = 2;
        /// Words a bullet costs beyond its own: its marker and line, and the reading.
        const OVERHEAD_WORDS: usize = 5;
        let bullet_details = details(bullet);
        let new: Vec<&String> = bullet_details.difference(&self.details).collect();
        let new_details = new.len();
        let new_times = new
            .iter()
            .filter(|detail| RELATIVE_TIME.is_match(detail))
            .count();
        let new_words = content_words(bullet)
            .into_iter()
            .filter(|word| !self.words.contains(word) && !bullet_details.contains(word))
            .count();
        (DETAIL_WEIGHT * (new_details + new_times) + new_words) as f64
            / (word_count(bullet) + OVERHEAD_WORDS) as f64
    }
}

/// Whether two bullets say mostly the same thing: most words of the shorter one are in
/// the longer one (ignoring case and punctuation).
pub fn same_claim(a: &str, b: &str) -> bool {
    const SHARED_SHARE: f64 = 0.7;
    let (a, b): (HashSet<String>, HashSet<String>) = (words(a).collect(), words(b).collect());
    let shorter = a.len().min(b.len());
    shorter > 0 && a.intersection(&b).count() as f64 >= SHARED_SHARE * shorter as f64
}

/// Words in a text, as the length budgets count them.
pub fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::glossary::{EntityKind, GlossaryEntry};
    use crate::pipeline::translate::{Candidate as Reading, CandidateSource};

    /// A key unit whose one candidate passed, with the given fidelity.
    fn key_unit(english: &str, fidelity: f64) -> TranslatedUnit {
        let mut unit = TranslatedUnit::untranslated(0, "원문.");
        unit.key = true;
        unit.english = english.to_string();
        unit.baseline = Some(-3.0);
        unit.fidelity = Some(fidelity);
        unit.candidates = vec![reading(english, -3.0 + fidelity)];
        unit
    }

    fn reading(english: &str, channel: f64) -> Reading {
        Reading {
            from: CandidateSource::Plain,
            english: english.to_string(),
            rejected: None,
            channel: Some(channel),
            local_fidelity: Some(channel + 3.0),
            support: None,
            detail_support: Some(1.0),
        }
    }

    /// An article whose units are `units`, after a verified lead sentence `lead` if
    /// given (it becomes the summary's title).
    fn article(lead: Option<&str>, units: Vec<TranslatedUnit>) -> Translation {
        Translation {
            units: lead
                .map(|lead| {
                    let mut unit = key_unit(&format!("{lead} today."), 1.0);
                    unit.korean = "오늘 원문.".to_string();
                    unit
                })
                .into_iter()
                .chain(units)
                .collect(),
            ..Translation::default()
        }
    }

    fn settings() -> PipelineSettings {
        PipelineSettings {
            min_fidelity: 0.5,
            ..PipelineSettings::default()
        }
    }

    fn summarize(translation: &Translation, settings: &PipelineSettings) -> ArticleSummary {
        summarize_article(translation, &Glossary::default(), settings)
    }

    #[test]
    fn a_poorly_explained_translation_is_left_out_not_softened() {
        let translation = article(
            Some("Meta meets LG"),
            vec![
                key_unit("Meta met LG Electronics in Seoul on the 28th.", 1.2),
                key_unit("The union voted for the impeachment of the coalition.", 0.1),
            ],
        );
        let summary = summarize(&translation, &settings());
        assert_eq!(
            summary.bullets,
            vec!["Meta met LG Electronics in Seoul on the 28th."]
        );
        assert!(summary.dropped[0]
            .reason
            .contains("explains the source too poorly"));
    }

    #[test]
    fn a_floor_on_local_fidelity_leaves_out_a_reading_with_an_unexplained_stretch() {
        let mut uneven = key_unit("Meta met 10 startup companies.", 1.2);
        uneven.candidates[0].local_fidelity = Some(-2.5);
        let even = key_unit("Meta met LG Electronics in Seoul on the 28th.", 1.2);
        let translation = article(Some("Meta meets LG"), vec![uneven, even]);
        // With no floor both lines are kept.
        let loose = PipelineSettings {
            min_local_fidelity: None,
            ..settings()
        };
        assert_eq!(summarize(&translation, &loose).bullets.len(), 2);
        let strict = PipelineSettings {
            min_local_fidelity: Some(-1.0),
            ..settings()
        };
        let summary = summarize(&translation, &strict);
        assert_eq!(
            summary.bullets,
            vec!["Meta met LG Electronics in Seoul on the 28th."]
        );
        assert!(summary.dropped[0]
            .reason
            .contains("left unexplained by its best reading"));
    }

    #[test]
    fn a_reading_that_moves_a_date_gives_way_to_one_that_does_not() {
        let mut unit = key_unit("Pohang plays FC Seoul the day before tomorrow.", 1.5);
        unit.korean = "포항은 하루 앞선 23일 FC서울과 맞붙는다.".to_string();
        unit.candidates
            .push(reading("Pohang plays FC Seoul on the 23rd.", -2.0));
        let summary = summarize(&article(Some("Meta meets LG"), vec![unit]), &settings());
        assert_eq!(summary.bullets, vec!["Pohang plays FC Seoul on the 23rd."]);
    }

    #[test]
    fn a_sentence_whose_best_reading_fails_the_local_floor_is_left_out_whole() {
        let mut unit = key_unit("The club signed the coach for two years.", 1.5);
        unit.candidates[0].local_fidelity = Some(-2.5);
        // A reading the model explains worse, with no stretch left unexplained.
        unit.candidates
            .push(reading("The coach signed the club for two years.", -2.0));
        let strict = PipelineSettings {
            min_local_fidelity: Some(-1.0),
            ..settings()
        };
        let summary = summarize(&article(Some("Meta meets LG"), vec![unit]), &strict);
        assert!(summary.bullets.is_empty(), "{:?}", summary.bullets);
        assert_eq!(
            summary.dropped[0].text,
            "The club signed the coach for two years."
        );
    }

    #[test]
    fn a_reading_whose_details_the_others_lack_is_left_out() {
        let mut invented = key_unit("President Ha Ban-gi will visit Korea.", 2.0);
        invented.candidates[0].detail_support = Some(0.0);
        let mut agreed = key_unit("Poland's president will visit Korea.", 2.0);
        agreed.candidates[0].detail_support = Some(1.0);
        let summary = summarize(&article(None, vec![invented, agreed]), &settings());
        assert_eq!(
            summary.title.as_deref(),
            Some("Poland's president will visit Korea.")
        );
        assert!(summary.bullets.is_empty());
        assert!(summary.dropped[0].reason.contains("other readings"));
    }

    #[test]
    fn a_better_explained_readable_candidate_stands_in_for_one_that_is_not() {
        let mut unit = key_unit("He met Cho Joo-wan at the twin tower.", 1.5);
        unit.candidates.push(reading(
            "Mark Zuckerberg met Cho Joo-wan at the twin tower.",
            -2.0,
        ));
        let translation = article(Some("Zuckerberg in Seoul"), vec![unit]);
        let summary = summarize(&translation, &settings());
        assert_eq!(
            summary.bullets,
            vec!["Mark Zuckerberg met Cho Joo-wan at the twin tower."]
        );
    }

    #[test]
    fn the_first_verified_sentence_is_the_title_not_the_headline() {
        let mut translation = article(
            None,
            vec![
                key_unit("The union will strike from the 17th.", 1.0),
                key_unit("Management offered a 2.5% raise.", 1.0),
            ],
        );
        translation.title = Some("The entire menu".to_string());
        translation.title_fidelity = Some(2.0);
        translation.title_agreement = Some(1.0);
        let summary = summarize(&translation, &settings());
        assert_eq!(
            summary.title.as_deref(),
            Some("The union will strike from the 17th.")
        );
        assert_eq!(summary.bullets, vec!["Management offered a 2.5% raise."]);
        translation.units[0] = key_unit("The union will strike from the 17th.", -1.0);
        let summary = summarize(&translation, &settings());
        assert_eq!(
            summary.title.as_deref(),
            Some("Management offered a 2.5% raise.")
        );
        assert!(summary.bullets.is_empty());
    }

    #[test]
    fn only_key_units_become_bullets() {
        let mut other = key_unit("Samsung makes chips for Meta.", 2.0);
        other.key = false;
        let translation = article(
            Some("Meta meets LG"),
            vec![key_unit("Meta met LG Electronics.", 1.0), other],
        );
        assert_eq!(
            summarize(&translation, &settings()).bullets,
            vec!["Meta met LG Electronics."]
        );
    }

    #[test]
    fn invented_repeated_and_korean_bullets_are_dropped() {
        let translation = article(
            Some("Zuckerberg meets Cho"),
            vec![
                key_unit("Zuckerberg met Cho Joo-wan on the 28th.", 1.0),
                key_unit("Zuckerberg met Cho Joo-wan on the 28th!", 1.0),
                key_unit("저커버그가 조주완을 만났다.", 1.0),
            ],
        );
        let summary = summarize(&translation, &settings());
        assert_eq!(
            summary.bullets,
            vec!["Zuckerberg met Cho Joo-wan on the 28th."]
        );
        assert_eq!(summary.dropped.len(), 2);
    }

    #[test]
    fn a_bullet_giving_a_person_another_organization_is_dropped() {
        let glossary = Glossary {
            entries: vec![
                GlossaryEntry {
                    korean: "최태원".to_string(),
                    english: "Chey Tae-won".to_string(),
                    kind: EntityKind::Person,
                    role: Some("Chairman of SK Group".to_string()),
                },
                GlossaryEntry {
                    korean: "삼성전자".to_string(),
                    english: "Samsung Electronics".to_string(),
                    kind: EntityKind::Organization,
                    role: None,
                },
            ],
        };
        let translation = article(
            Some("SK at MWC"),
            vec![
                key_unit(
                    "Chey Tae-won, Samsung Electronics' chairman, visited the booth.",
                    1.0,
                ),
                key_unit(
                    "Chey Tae-won, chairman of SK Group, visited the Samsung Electronics booth.",
                    1.0,
                ),
            ],
        );
        let summary = summarize_article(&translation, &glossary, &settings());
        assert_eq!(
            summary.bullets,
            vec!["Chey Tae-won, chairman of SK Group, visited the Samsung Electronics booth."]
        );
        assert!(summary.dropped[0].reason.starts_with("wrong organization"));
    }

    #[test]
    fn short_bullets_of_news_beat_a_long_one_that_mostly_restates() {
        let settings = PipelineSettings {
            summary_max_words: 24,
            ..settings()
        };
        let translation = article(
            Some("Meta and LG Electronics discuss XR headsets"),
            vec![
                key_unit(
                    "Meta met LG Electronics in Seoul on the 28th to discuss XR headsets and more.",
                    1.0,
                ),
                {
                    let mut unit = key_unit("LG will launch an XR headset next year.", 1.0);
                    unit.korean = "LG는 내년 XR 헤드셋을 출시한다.".to_string();
                    unit
                },
                key_unit("TSMC holds 57.9%.", 1.0),
            ],
        );
        assert_eq!(
            summarize(&translation, &settings).bullets,
            vec![
                "LG will launch an XR headset next year.",
                "TSMC holds 57.9%."
            ]
        );
    }

    #[test]
    fn the_most_informative_bullets_are_kept_in_reading_order() {
        let settings = PipelineSettings {
            summary_bullets: 2,
            ..settings()
        };
        let translation = article(
            Some("Meta's partners"),
            vec![
                key_unit(
                    "Meta will work with LG Electronics on XR devices from 2025.",
                    1.0,
                ),
                key_unit("The mood was good.", 1.0),
                key_unit("Samsung Electronics may make Meta's chips.", 1.0),
            ],
        );
        let summary = summarize(&translation, &settings);
        assert_eq!(
            summary.bullets,
            vec![
                "Meta will work with LG Electronics on XR devices from 2025.",
                "Samsung Electronics may make Meta's chips."
            ]
        );
        assert_eq!(summary.dropped[0].text, "The mood was good.");
        assert_eq!(summary.dropped[0].reason, "over the length budget");
    }

    #[test]
    fn times_said_in_words_are_details() {
        let found = details("LG will launch a headset next year, by the end of the month.");
        assert!(found.contains("next year"));
        assert!(found.contains("end of the month"));
        assert!(!found.contains("will"));
    }

    #[test]
    fn a_new_time_tells_more_than_new_place_names() {
        let mut told = Told::default();
        told.add("Meta set up an XR alliance with LG Electronics and Samsung Electronics.");
        let when =
            told.news_value("LG Electronics is preparing to release its XR headset next year.");
        let place = told
            .news_value("Samsung Electronics operates its Austin factory in the United States.");
        assert!(when > place, "{when} <= {place}");
        told.add("LG plans a headset for next year.");
        assert!(
            told.news_value("LG Electronics is preparing to release its XR headset next year.")
                < when
        );
    }

    #[test]
    fn restated_bullets_count_as_the_same_claim() {
        assert!(same_claim(
            "Meta CEO visited South Korea.",
            "The CEO of Meta visited South Korea and met LG."
        ));
        assert!(!same_claim(
            "Meta met LG.",
            "Samsung may make chips for Meta."
        ));
    }

    #[test]
    fn fragments_and_bullets_that_only_say_who_someone_is_are_told_apart() {
        assert!(!stands_alone("It is competing with Apple."));
        assert!(!stands_alone("He met Cho Joo-wan at LG's twin tower."));
        assert!(!stands_alone("Facebook, reportedly."));
        assert!(stands_alone("TSMC holds 57.9%."));
        assert!(!stands_alone(
            "Bloomberg, \"Meta will be a book to strengthen,\""
        ));
        assert!(tells_only_who("Mark Zuckerberg is CEO of Meta."));
        assert!(tells_only_who("Meta is a company."));
        assert!(tells_only_who("Hwang Hyeon-sik is the CEO of LG Uplus."));
        assert!(!tells_only_who("Mark Zuckerberg met Meta's developers."));
        assert!(!tells_only_who("TSMC holds 57.9%."));
    }

    #[test]
    fn the_word_budget_is_kept() {
        let settings = PipelineSettings {
            summary_max_words: 6,
            ..settings()
        };
        let translation = article(
            None,
            vec![
                key_unit("Meta met LG in Seoul.", 1.0),
                key_unit("Samsung met SK again.", 1.0),
            ],
        );
        let summary = summarize(&translation, &settings);
        assert_eq!(summary.title.as_deref(), Some("Meta met LG in Seoul."));
        assert!(summary.bullets.is_empty());
        assert_eq!(summary.dropped[0].reason, "over the length budget");
    }
}
