//! Traceability checks: every number and name in a generated sentence must appear in
//! the text it was generated from (or in the names glossary). A sentence that fails is
//! dropped: a short summary is better than one invented fact.
//!
//! Two checks: [`untraceable_in_translation`] holds an English translation against its
//! Korean source (numbers by value, so 5억 supports "500 million"; names against the
//! glossary and the Latin words of the source), and [`untraceable_details`] holds a
//! summary or brief sentence against the English it was written from.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;

use super::agents::swapped_agent;
use super::bounds::{lost_deadline, lost_interval, swapped_change_amount, unsupported_bound};
use super::counters::miscounted;
use super::glossary::Glossary;
use super::loanwords::is_loanword;
use super::numbers::{english_value, korean_values, same_value, word_value};
use super::terms::{unrendered_term, NEWS_TERMS};
use crate::lexicon::{built_in_list, built_in_table, comma_list};

static NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d[\d,]*(?:\.\d+)?").expect("literal regex"));
static CAPITALIZED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b[A-Z][\p{L}'’-]*\b").expect("literal regex"));

/// Words that are capitalized only because they start a sentence; never names.
static COMMON_WORDS: LazyLock<HashSet<String>> =
    LazyLock::new(|| built_in_set("verify/common_words.txt"));

/// Common English words, which a sentence's first word may be without being a name.
static SENTENCE_START_WORDS: LazyLock<HashSet<String>> =
    LazyLock::new(|| built_in_set("verify/sentence_start_words.txt"));

/// Whether the word at byte `start` of `text` begins a sentence and is a common English
/// word, capitalized only for that ("Imports rose 2%"). A name there is still checked
/// when it is no common word ("Apple", "Park").
fn common_sentence_start(text: &str, start: usize, word: &str) -> bool {
    let before = text[..start].trim_end_matches([' ', '"', '“', '\'', '‘', '(']);
    (before.is_empty() || before.ends_with(['.', '!', '?', ':', ';']))
        && SENTENCE_START_WORDS.contains(&word.to_lowercase())
}

/// The entries of a built-in list, for lookups.
fn built_in_set(name: &str) -> HashSet<String> {
    built_in_list(name).into_iter().collect()
}

/// The details of `claim` (numbers, capitalized names) found neither in `evidence` nor
/// in the glossary, and any rise or fall the evidence does not speak of. Empty means
/// the claim is traceable.
pub fn untraceable_details(claim: &str, evidence: &str, glossary: &Glossary) -> Vec<String> {
    let evidence_numbers: HashSet<String> = NUMBER
        .find_iter(evidence)
        .map(|m| normalize_number(m.as_str()))
        .collect();
    let evidence_words: HashSet<String> = words(evidence).collect();
    let mut missing = Vec::new();
    for number in NUMBER.find_iter(claim) {
        let normalized = normalize_number(number.as_str());
        if !evidence_numbers.contains(&normalized) {
            missing.push(number.as_str().to_string());
        }
    }
    for found in CAPITALIZED.find_iter(claim) {
        let name = found.as_str().trim_end_matches(['\'', '’', '-']);
        let stem = without_possessive(name);
        if COMMON_WORDS.contains(&stem.to_lowercase())
            || common_sentence_start(claim, found.start(), stem)
        {
            continue;
        }
        let known = stem
            .split('-')
            .all(|part| part.is_empty() || evidence_words.contains(&part.to_lowercase()))
            || demonym_of(stem, &evidence_words)
            || abbreviates(stem, evidence)
            || glossary.knows_english(stem);
        if !known {
            missing.push(stem.to_string());
        }
    }
    missing.extend(invented_change(claim, evidence));
    missing
}

/// Whether `word` is an abbreviation of words the evidence writes out: "EV" for
/// "electric vehicle", "MPC" for "Monetary Policy Committee" (the first letters of as
/// many consecutive words; an "s" may end the abbreviation for a plural).
fn abbreviates(word: &str, evidence: &str) -> bool {
    let letters: Vec<char> = word
        .strip_suffix('s')
        .filter(|stem| stem.len() >= 2)
        .unwrap_or(word)
        .chars()
        .collect();
    if letters.len() < 2 || !letters.iter().all(char::is_ascii_uppercase) {
        return false;
    }
    let initials: Vec<char> = words(evidence)
        .filter_map(|word| word.chars().next())
        .collect();
    initials.windows(letters.len()).any(|window| {
        window
            .iter()
            .zip(&letters)
            .all(|(initial, letter)| *initial == letter.to_ascii_lowercase())
    })
}

/// A word of change in `claim` ("fell", "rose") with no word of the same direction in
/// `evidence`: "TSMC's share fell to 57.9%" where the source only gives the share.
fn invented_change(claim: &str, evidence: &str) -> Option<String> {
    let evidence_words: Vec<String> = words(evidence).collect();
    let evidence_says = |starts: &[String]| {
        evidence_words
            .iter()
            .any(|word| starts.iter().any(|start| word.starts_with(start.as_str())))
    };
    words(claim).find_map(|word| {
        [&*DOWN_ENGLISH, &*UP_ENGLISH]
            .into_iter()
            .find_map(|starts| {
                (starts.iter().any(|start| word.starts_with(start.as_str()))
                    && !evidence_says(starts))
                .then(|| format!("\"{word}\" (no such change in the source)"))
            })
    })
}

/// A word without its possessive "'s" ("Samsung's" → "Samsung").
pub fn without_possessive(word: &str) -> &str {
    word.strip_suffix("'s")
        .or_else(|| word.strip_suffix("’s"))
        .unwrap_or(word)
}

/// Whether `word` is the people or adjective of a place the evidence names ("Korean"
/// for "Korea", "Indians" for "India"): a restatement, not a new name.
fn demonym_of(word: &str, evidence_words: &HashSet<String>) -> bool {
    let lower = word.to_lowercase();
    ["ns", "n"]
        .iter()
        .filter_map(|suffix| lower.strip_suffix(suffix))
        .any(|place| place.len() > 2 && evidence_words.contains(place))
}

/// Lowercase words of a text, split on anything that is not a letter or digit, so
/// "Lee Jae-yong's" yields "lee", "jae", "yong", "s".
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
}

/// "1,000" and "1000" are the same number; a trailing ".0" is not a new fact.
fn normalize_number(number: &str) -> String {
    let plain = number.trim_end_matches([',', '.']).replace(',', "");
    plain
        .strip_suffix(".0")
        .map(str::to_string)
        .unwrap_or(plain)
}

/// Whether a word is one of the capitalized words that name no one ("CEO",
/// "Electronics", "Group"), given lowercase.
pub fn is_generic_capitalized(word: &str) -> bool {
    GENERIC_CAPITALIZED.contains(word)
}

/// Capitalized English words that name no one: titles, generic nouns and adjectives a
/// translation of Korean news uses without them being in the source as Latin letters.
static GENERIC_CAPITALIZED: LazyLock<HashSet<String>> =
    LazyLock::new(|| built_in_set("verify/generic_capitalized.txt"));

/// English month names, for checking dates against the source's N월.
pub const MONTHS: &[&str] = &[
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

static ENGLISH_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(\d[\d,]*(?:\.\d+)?)(?:\s*(thousand|million|billion|trillion)\b)?")
        .expect("literal regex")
});
static LATIN_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[A-Za-z][A-Za-z0-9]*").expect("literal regex"));
static KOREAN_MONTH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{1,2})\s*월").expect("literal regex"));

/// A day of the month in English: "October 29th", "March 1", or "the 29th" without a
/// month (an ordinal is needed then: a bare "29" is any number).
static DAY_OF_MONTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?:({})\s+(\d{{1,2}})(?:st|nd|rd|th)?|(\d{{1,2}})(?:st|nd|rd|th))\b",
        MONTHS.join("|")
    ))
    .expect("month names make a valid regex")
});
static KOREAN_DAY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{1,2})\s*일").expect("literal regex"));

/// A day of the month that an English text names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NamedDay {
    /// The month (1 to 12), when the text writes one with the day.
    pub month: Option<usize>,
    /// The day of the month.
    pub day: usize,
}

/// The day of one [`DAY_OF_MONTH`] match.
fn named_day(captures: &regex::Captures<'_>) -> Option<NamedDay> {
    let month = captures.get(1).and_then(|name| {
        MONTHS
            .iter()
            .position(|month| month.eq_ignore_ascii_case(name.as_str()))
            .map(|index| index + 1)
    });
    let day = captures
        .get(2)
        .or_else(|| captures.get(3))?
        .as_str()
        .parse()
        .ok()?;
    Some(NamedDay { month, day })
}

/// The first day of the month `text` names, if any.
pub fn first_named_day(text: &str) -> Option<NamedDay> {
    named_day(&DAY_OF_MONTH.captures(text)?)
}

/// The months a Korean unit supports: its own N월 and the month of the article's date.
fn source_months(korean: &str, date: Option<&str>) -> Vec<usize> {
    KOREAN_MONTH
        .captures_iter(korean)
        .filter_map(|captures| captures[1].parse().ok())
        .chain(
            date.and_then(|date| date.split('-').nth(1))
                .and_then(|month| month.parse().ok()),
        )
        .collect()
}

/// The translation with a month the source does not give taken off a day it does:
/// Korean news writes "29일" for a day of the current month, and the small model adds a
/// month of its own ("October 29th"). The day alone ("the 29th") is what the source says.
pub fn without_invented_months(english: &str, korean: &str, context: SourceContext<'_>) -> String {
    let months = source_months(korean, context.date);
    let source_days: Vec<usize> = KOREAN_DAY
        .captures_iter(korean)
        .filter_map(|captures| captures[1].parse().ok())
        .collect();
    DAY_OF_MONTH
        .replace_all(english, |captures: &regex::Captures<'_>| {
            match named_day(captures) {
                Some(NamedDay {
                    month: Some(month),
                    day,
                }) if !months.contains(&month) && source_days.contains(&day) => {
                    format!("the {day}{}", ordinal_suffix(day))
                }
                _ => captures[0].to_string(),
            }
        })
        .into_owned()
}

/// The translation with a range the model made of an approximate number taken back to
/// what the source says: Korean writes "10여 명" for "ten-odd people", and the small
/// model answers "10 to 20 people", a bound the source never gives.
pub fn without_invented_ranges(english: &str, korean: &str) -> String {
    let approximate: Vec<String> = APPROXIMATE_NUMBER
        .captures_iter(korean)
        .map(|captures| normalize_number(&captures[1]))
        .collect();
    if approximate.is_empty() {
        return english.to_string();
    }
    NUMBER_RANGE
        .replace_all(english, |captures: &regex::Captures<'_>| {
            let low = normalize_number(&captures[1]);
            if approximate.contains(&low) {
                format!("more than {}", &captures[1])
            } else {
                captures[0].to_string()
            }
        })
        .into_owned()
}

/// A Korean number made approximate by 여 ("10여 명", "100여 곳").
static APPROXIMATE_NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d[\d,]*)\s*여").expect("literal regex"));

/// An English range of two numbers ("10 to 20", "10-15").
static NUMBER_RANGE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\d[\d,]*)\s*(?:to|-|–)\s*\d[\d,]*\b").expect("literal regex"));

/// "st", "nd", "rd" or "th", as English writes the day `day`.
fn ordinal_suffix(day: usize) -> &'static str {
    match (day % 10, day % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    }
}

/// What a translation may draw on besides its own Korean unit: the article's date
/// (its numbers and month) and the names glossary.
#[derive(Debug, Clone, Copy)]
pub struct SourceContext<'a> {
    /// The article's date as YYYY-MM-DD, if known.
    pub date: Option<&'a str>,
    /// Names of the article and their English forms.
    pub glossary: &'a Glossary,
}

/// The numbers, months and names of an English translation that its Korean source does
/// not support. Empty means the translation adds nothing.
pub fn untraceable_in_translation(
    english: &str,
    korean: &str,
    context: SourceContext<'_>,
) -> Vec<String> {
    // Each Korean number counts as written (5) and with its units applied (5억 = 5e8).
    let mut source_values = korean_values(korean);
    source_values.extend(
        context
            .date
            .into_iter()
            .flat_map(|date| date.split('-'))
            .filter_map(|part| part.parse::<f64>().ok()),
    );
    let source_months = source_months(korean, context.date);
    let mut missing = Vec::new();
    for captures in ENGLISH_NUMBER.captures_iter(english) {
        let Some(wanted) = english_value(&captures[1], captures.get(2).map(|unit| unit.as_str()))
        else {
            continue;
        };
        let supported = source_values
            .iter()
            .any(|source| same_value(*source, wanted));
        if !supported {
            missing.push(captures[0].trim().to_string());
        }
    }
    for word in words(english) {
        let Some(&value) = NUMBER_WORDS.get(&word) else {
            continue;
        };
        if !source_values.contains(&value) {
            missing.push(word);
        }
    }
    let latin_in_source: HashSet<String> = LATIN_WORD
        .find_iter(korean)
        .map(|word| word.as_str().to_lowercase())
        .collect();
    let spelled_out = spelled_out_acronyms(english, &latin_in_source);
    // A name the glossary knows must be written as the glossary writes it: its Hangul
    // is no loanword evidence for another spelling ("EnviDIA" for 엔비디아).
    let loanwords = loanwords_of(english, &context.glossary.substitute_names(korean));
    for name in CAPITALIZED.find_iter(english) {
        let word = name.as_str().trim_end_matches(['\'', '’', '-']);
        let word = without_possessive(word);
        let lower = word.to_lowercase();
        if common_sentence_start(english, name.start(), word) {
            continue;
        }
        if let Some(month) = MONTHS.iter().position(|month| *month == lower) {
            if !source_months.contains(&(month + 1)) && lower != "may" {
                missing.push(word.to_string());
            }
            continue;
        }
        let known = COMMON_WORDS.contains(&lower)
            || GENERIC_CAPITALIZED.contains(&lower)
            || spelled_out.contains(&lower)
            || word.split('-').all(|part| {
                // In "XR-related" only the capitalized part can be a name.
                let lower = part.to_lowercase();
                !part.starts_with(char::is_uppercase)
                    || latin_in_source.contains(&lower)
                    || loanwords.contains(&lower)
                    || lower
                        .strip_suffix('s')
                        .is_some_and(|one| latin_in_source.contains(one))
            })
            || context.glossary.knows_english(word);
        if !known {
            missing.push(word.to_string());
        }
    }
    missing.extend(swapped_agent(korean, english, context.glossary));
    missing.extend(reversed_direction(korean, english));
    missing.extend(invented_emphasis(korean, english));
    missing.extend(miscounted(korean, english));
    missing.extend(unsupported_bound(korean, english));
    missing.extend(lost_deadline(korean, english));
    missing.extend(swapped_change_amount(korean, english));
    missing.extend(lost_interval(korean, english));
    missing.extend(lost_change(korean, english));
    missing.extend(lost_stance(korean, english));
    missing.extend(invented_deal(korean, english));
    missing.extend(wrong_currency(korean, english));
    missing.extend(unrendered_term(&NEWS_TERMS, korean, english));
    missing
}

/// English number words and their values: a translation that says "for the first time
/// in five years" where the source has no five (the wording of a worked example) adds a
/// number as surely as one in digits.
static NUMBER_WORDS: LazyLock<HashMap<String, f64>> = LazyLock::new(|| {
    built_in_table("verify/english_number_words.tsv", 2, 2, word_value)
        .into_iter()
        .collect()
});

/// A currency the source does not use: "$2 trillion" for 2조원. The value matches, so
/// only the unit tells the amount is off by a thousandfold.
fn wrong_currency(korean: &str, english: &str) -> Option<String> {
    let source_dollars = korean.contains("달러") || korean.contains('$');
    let source_won = korean.contains('원');
    let says_dollars =
        english.contains('$') || words(english).any(|word| word.starts_with("dollar"));
    let says_won = words(english).any(|word| word == "won");
    if says_dollars && !source_dollars && source_won {
        Some("dollars (the source gives won)".to_string())
    } else if says_won && !source_won && source_dollars {
        Some("won (the source gives dollars)".to_string())
    } else {
        None
    }
}

/// Korean words for a takeover or merger, and the starts of the English words for one.
static DEAL_KOREAN: LazyLock<Vec<String>> =
    LazyLock::new(|| built_in_list("verify/korean_deal.txt"));
static DEAL_ENGLISH: LazyLock<Vec<String>> =
    LazyLock::new(|| built_in_list("verify/english_deal.txt"));

/// An English word for a takeover or merger where the source speaks of none: the small
/// model renders 확보 (securing chips, a technology) as "acquired", and 억만장자 (a
/// billionaire) once as "a billion-dollar stake acquisition"; a deal is news an analyst
/// would act on.
fn invented_deal(korean: &str, english: &str) -> Option<String> {
    if DEAL_KOREAN
        .iter()
        .any(|word| korean.contains(word.as_str()))
    {
        return None;
    }
    words(english)
        .find(|word| {
            DEAL_ENGLISH
                .iter()
                .any(|start| word.starts_with(start.as_str()))
        })
        .map(|word| format!("\"{word}\" (the source speaks of no takeover or merger)"))
}

/// The capitalized words of `english` (lowercased) that render Hangul words of the
/// source: a run of them ("Home Entertainment") is tried whole before its parts.
fn loanwords_of(english: &str, korean: &str) -> HashSet<String> {
    let tokens: Vec<&str> = english
        .split(|c: char| c.is_whitespace() || c == '-')
        .map(|token| token.trim_matches(|c: char| !c.is_alphanumeric()))
        .map(without_possessive)
        .collect();
    let mut accepted = HashSet::new();
    for run in tokens.split(|token| !token.starts_with(char::is_uppercase)) {
        for length in (1..=run.len()).rev() {
            for span in run.windows(length) {
                if span
                    .iter()
                    .any(|word| !accepted.contains(&word.to_lowercase()))
                    && is_loanword(span, korean)
                {
                    accepted.extend(span.iter().map(|word| word.to_lowercase()));
                }
            }
        }
    }
    accepted
}

/// The words of runs of capitalized words whose initials spell an acronym the source
/// writes in Latin letters: "Meta Training and Inference Accelerator" where the source
/// has "MTIA". Small words inside a run ("and", "of") are skipped. Two-letter acronyms
/// do not count: "Lee Gun" must not pass because the source says "LG".
fn spelled_out_acronyms(english: &str, latin_in_source: &HashSet<String>) -> HashSet<String> {
    const JOINERS: &[&str] = &["and", "of", "for", "the", "&"];
    const MIN_LETTERS: usize = 3;
    let mut known = HashSet::new();
    let tokens: Vec<&str> = english
        .split(|c: char| c.is_whitespace() || c == '(' || c == ')' || c == ',')
        .filter(|token| !token.is_empty())
        .collect();
    for start in 0..tokens.len() {
        let mut initials = String::new();
        let mut run = Vec::new();
        for token in &tokens[start..] {
            if JOINERS.contains(token) && !run.is_empty() {
                continue;
            }
            let Some(first) = token.chars().next().filter(|c| c.is_uppercase()) else {
                break;
            };
            initials.extend(first.to_lowercase());
            run.push(token.to_lowercase());
            if initials.len() >= MIN_LETTERS && latin_in_source.contains(&initials) {
                known.extend(run.iter().cloned());
            }
        }
    }
    known
}

/// Korean words for a change downwards (a rate cut, a fall, a slowdown) and upwards,
/// with the starts of the English words that say each direction.
static DOWN_KOREAN: LazyLock<Vec<String>> =
    LazyLock::new(|| built_in_list("verify/korean_down.txt"));
static UP_KOREAN: LazyLock<Vec<String>> = LazyLock::new(|| built_in_list("verify/korean_up.txt"));
static DOWN_ENGLISH: LazyLock<Vec<String>> =
    LazyLock::new(|| built_in_list("verify/english_down.txt"));
static UP_ENGLISH: LazyLock<Vec<String>> = LazyLock::new(|| built_in_list("verify/english_up.txt"));

/// Two opposite meanings: the Korean words of each side and the English that says it.
struct Opposites {
    first_korean: Vec<String>,
    first_english: EnglishPatterns,
    second_korean: Vec<String>,
    second_english: EnglishPatterns,
}

/// The pairs of opposites the checks know: up and down, then those of
/// `verify/opposites.tsv`.
static OPPOSITES: LazyLock<Vec<Opposites>> = LazyLock::new(|| {
    let starts = |words: &[String]| {
        EnglishPatterns::from_entries(words.iter().map(|word| format!("{word}*")))
    };
    let mut pairs = vec![Opposites {
        first_korean: DOWN_KOREAN.clone(),
        first_english: starts(&DOWN_ENGLISH),
        second_korean: UP_KOREAN.clone(),
        second_english: starts(&UP_ENGLISH),
    }];
    pairs.extend(
        crate::lexicon::built_in_rows("verify/opposites.tsv", 4, 4)
            .into_iter()
            .map(|row| Opposites {
                first_korean: comma_list(&row[0]),
                first_english: EnglishPatterns::from_entries(comma_list(&row[1])),
                second_korean: comma_list(&row[2]),
                second_english: EnglishPatterns::from_entries(comma_list(&row[3])),
            }),
    );
    pairs
});

/// English that says the opposite of the Korean source: "raise" for 인하 (a cut),
/// "deficit" for 흑자 (a surplus). The small model flips these, and names-and-numbers
/// checks cannot see it. Only where the source speaks of one side of a pair and the
/// translation of the other alone.
fn reversed_direction(korean: &str, english: &str) -> Option<String> {
    let says = |words: &[String]| {
        words
            .iter()
            .find(|word| korean.contains(word.as_str()))
            .cloned()
    };
    OPPOSITES.iter().find_map(|pair| {
        let (source_word, same, opposite) =
            match (says(&pair.first_korean), says(&pair.second_korean)) {
                (Some(word), None) => (word, &pair.first_english, &pair.second_english),
                (None, Some(word)) => (word, &pair.second_english, &pair.first_english),
                _ => return None,
            };
        (!same.found_in(english) && opposite.found_in(english))
            .then(|| format!("the opposite of {source_word}"))
    })
}

/// The emphases a translation may not add, from `verify/emphasis.tsv`: the Korean
/// words that give each, and the English that says it.
static EMPHASES: LazyLock<Vec<(Vec<String>, EnglishPatterns)>> = LazyLock::new(|| {
    crate::lexicon::built_in_rows("verify/emphasis.tsv", 2, 2)
        .into_iter()
        .map(|row| {
            (
                comma_list(&row[0]),
                EnglishPatterns::from_entries(comma_list(&row[1])),
            )
        })
        .collect()
});

/// An emphasis the source does not give: "for the first time", "a record", "the
/// largest" where the Korean has no 처음, 사상, 최대 or the like. The small model adds
/// them from its worked examples and its habits, and they are what a reader repeats.
fn invented_emphasis(korean: &str, english: &str) -> Option<String> {
    EMPHASES
        .iter()
        .find_map(|(korean_words, english_patterns)| {
            (english_patterns.found_in(english)
                && !korean_words
                    .iter()
                    .any(|word| korean.contains(word.as_str())))
            .then(|| {
                format!(
                    "an emphasis the source does not give (no {})",
                    korean_words.first().map_or("", String::as_str)
                )
            })
        })
}

/// English words and phrases to look for, as a lexicon file writes them: `x*` a word
/// starting with x, `*x` a word ending with x, anything else a whole word or phrase.
pub struct EnglishPatterns {
    starts: Vec<String>,
    ends: Vec<String>,
    whole: Vec<String>,
}

impl EnglishPatterns {
    /// The patterns of a built-in lexicon file.
    pub fn built_in(name: &str) -> Self {
        Self::from_entries(built_in_list(name))
    }

    /// The patterns written as `entries`.
    fn from_entries(entries: impl IntoIterator<Item = String>) -> Self {
        let mut patterns = Self {
            starts: Vec::new(),
            ends: Vec::new(),
            whole: Vec::new(),
        };
        for entry in entries {
            let entry = entry.to_lowercase();
            if let Some(start) = entry.strip_suffix('*') {
                patterns.starts.push(start.to_string());
            } else if let Some(end) = entry.strip_prefix('*') {
                patterns.ends.push(end.to_string());
            } else {
                patterns.whole.push(entry);
            }
        }
        patterns
    }

    /// Whether `english` contains any of the patterns.
    pub fn found_in(&self, english: &str) -> bool {
        let lower = english.to_lowercase().replace('’', "'");
        let tokens: Vec<&str> = lower
            .split(|c: char| !(c.is_alphanumeric() || c == '\''))
            .filter(|token| !token.is_empty())
            .collect();
        let spaced = format!(" {} ", tokens.join(" "));
        tokens.iter().any(|token| {
            self.starts
                .iter()
                .any(|start| token.starts_with(start.as_str()))
                || self.ends.iter().any(|end| token.ends_with(end.as_str()))
        }) || self
            .whole
            .iter()
            .any(|whole| spaced.contains(&format!(" {whole} ")))
    }
}

static KOREAN_NEGATION: LazyLock<Vec<String>> =
    LazyLock::new(|| built_in_list("verify/korean_negation.txt"));
static ENGLISH_NEGATION: LazyLock<EnglishPatterns> =
    LazyLock::new(|| EnglishPatterns::built_in("verify/english_negation.txt"));
static KOREAN_PLAN_ENDINGS: LazyLock<Vec<String>> =
    LazyLock::new(|| built_in_list("verify/korean_plan_endings.txt"));
static ENGLISH_FUTURE: LazyLock<EnglishPatterns> =
    LazyLock::new(|| EnglishPatterns::built_in("verify/english_future.txt"));

/// How far from its end a Korean sentence's main predicate (and its plan ending) lies.
const MAIN_PREDICATE_CHARS: usize = 24;

/// What a translation turned around in its source's stance: a negation it lost ("the
/// details were not disclosed" coming back "the content was disclosed"), or a plan its
/// source reports ("~할 예정이다", "~기로 했다") written as a thing done. Names and numbers
/// checks cannot see either.
fn lost_stance(korean: &str, english: &str) -> Option<String> {
    if let Some(marker) = KOREAN_NEGATION
        .iter()
        .find(|marker| korean.contains(marker.as_str()))
    {
        if !ENGLISH_NEGATION.found_in(english) {
            return Some(format!(
                "a statement without the source's negation ({marker})"
            ));
        }
    }
    let ending: String = {
        let trimmed = korean.trim_end_matches(|c: char| !is_hangul_syllable(c));
        let chars: Vec<char> = trimmed.chars().collect();
        chars[chars.len().saturating_sub(MAIN_PREDICATE_CHARS)..]
            .iter()
            .collect()
    };
    if let Some(marker) = KOREAN_PLAN_ENDINGS
        .iter()
        .find(|marker| ending.contains(marker.as_str()))
    {
        if !ENGLISH_FUTURE.found_in(english) {
            return Some(format!("a plan of the source written as done ({marker})"));
        }
    }
    None
}

fn is_hangul_syllable(c: char) -> bool {
    ('\u{ac00}'..='\u{d7a3}').contains(&c)
}

/// Korean words that mark a statement as expectation, analysis or hearsay.
static KOREAN_SPECULATION: LazyLock<Vec<String>> =
    LazyLock::new(|| built_in_list("verify/korean_speculation.txt"));

/// English words that keep a statement's uncertainty, matched anywhere in a sentence;
/// the file writes a space as "_" ("may_" is the word, not the start of "mayor").
static ENGLISH_HEDGES: LazyLock<Vec<String>> = LazyLock::new(|| {
    built_in_list("verify/english_hedges.txt")
        .into_iter()
        .map(|hedge| hedge.replace('_', " "))
        .collect()
});

static KOREAN_CHANGE: LazyLock<Vec<String>> =
    LazyLock::new(|| built_in_list("terms/change_markers.txt"));

static ENGLISH_CHANGE: LazyLock<Vec<String>> =
    LazyLock::new(|| built_in_list("verify/english_change.txt"));

/// A change to a plan the source reports (a word of `terms/change_markers.txt`: 보류,
/// 철회, 접었…) that the translation does not tell (no word of
/// `verify/english_change.txt`): "계획을 결국 접었다" (finally gave up the plan) written
/// "finally completed the plan". A brief's "What changed" rests on these sentences, so
/// one that loses its change, or turns it round, must not pass.
pub fn lost_change(korean: &str, english: &str) -> Option<String> {
    let marker = KOREAN_CHANGE
        .iter()
        .find(|marker| korean.contains(marker.as_str()))?;
    let lower = english.to_lowercase();
    let told = ENGLISH_CHANGE.iter().any(|word| {
        lower.match_indices(word.as_str()).any(|(at, _)| {
            !lower[..at]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
        })
    });
    (!told).then(|| format!("a statement without the source's change ({marker})"))
}

/// Whether a translation dropped the uncertainty of its source: the Korean marks the
/// statement as expected, likely or reported, and the English states it as fact.
pub fn drops_speculation(korean: &str, english: &str) -> bool {
    let hedged_source = KOREAN_SPECULATION
        .iter()
        .any(|marker| korean.contains(marker.as_str()));
    hedged_source && !is_hedged(english)
}

/// Whether an English statement carries a word of uncertainty ("expected", "may",
/// "reportedly", "plans").
pub fn is_hedged(english: &str) -> bool {
    let english = english.to_lowercase();
    ENGLISH_HEDGES
        .iter()
        .any(|hedge| english.contains(hedge.as_str()))
}

/// Content words of a text (lowercase, without short function words), for matching
/// claims to the sentences they came from.
pub fn content_words(text: &str) -> HashSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| word.chars().count() > 2)
        .map(str::to_lowercase)
        .filter(|word| {
            !matches!(
                word.as_str(),
                "the"
                    | "and"
                    | "for"
                    | "with"
                    | "that"
                    | "this"
                    | "was"
                    | "were"
                    | "has"
                    | "have"
                    | "its"
                    | "from"
                    | "will"
                    | "are"
            )
        })
        .collect()
}

/// Share of the claim's content words found in `text`.
pub fn overlap(claim: &HashSet<String>, text: &str) -> f64 {
    if claim.is_empty() {
        return 0.0;
    }
    let words = content_words(text);
    claim.intersection(&words).count() as f64 / claim.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::glossary::{EntityKind, GlossaryEntry};

    /// The context of a source that has no date and names nobody the glossary knows.
    fn without_names_or_date() -> SourceContext<'static> {
        static NO_NAMES: LazyLock<Glossary> = LazyLock::new(Glossary::default);
        SourceContext {
            glossary: &NO_NAMES,
            date: None,
        }
    }

    const EVIDENCE: &str = "Meta CEO Mark Zuckerberg met Samsung Electronics Chairman \
        Lee Jae-yong on the 28th. LG plans to launch the device next year with 500 million units.";

    #[test]
    fn a_lost_negation_or_a_plan_written_as_done_is_caught() {
        let korean = "구체적인 내용은 공개되지 않았다.";
        assert!(lost_stance(korean, "The content was publicly disclosed.").is_some());
        assert!(lost_stance(korean, "The details were not disclosed.").is_none());
        assert!(lost_stance(korean, "Details haven't been released.").is_none());
        let plan = "노사는 오는 14일 막판 교섭을 벌일 예정이다.";
        assert!(lost_stance(
            plan,
            "Labor and management held last-minute talks on the 14th."
        )
        .is_some());
        assert!(lost_stance(
            plan,
            "Labor and management will hold last-minute talks on the 14th."
        )
        .is_none());
        assert!(lost_stance("회사는 공장을 지었다.", "The company built a plant.").is_none());
        // "no" is a word, not the start of November.
        assert!(lost_stance("합의에 이르지 못했다.", "They met in November.").is_some());
    }

    #[test]
    fn the_word_lists_are_lowercase_and_the_number_words_count_from_two() {
        let english = [
            &*DEAL_ENGLISH,
            &*DOWN_ENGLISH,
            &*UP_ENGLISH,
            &*ENGLISH_HEDGES,
        ];
        let korean = [
            &*DEAL_KOREAN,
            &*DOWN_KOREAN,
            &*UP_KOREAN,
            &*KOREAN_SPECULATION,
        ];
        for list in english.iter().chain(&korean) {
            assert!(!list.is_empty());
        }
        let sets = COMMON_WORDS.iter().chain(GENERIC_CAPITALIZED.iter());
        for word in english.into_iter().flatten().chain(sets) {
            assert_eq!(*word, word.to_lowercase(), "{word}");
        }
        assert!(ENGLISH_HEDGES.contains(&"may ".to_string()));
        assert_eq!(NUMBER_WORDS.get("two"), Some(&2.0));
        assert_eq!(NUMBER_WORDS.get("twelve"), Some(&12.0));
        assert!(!NUMBER_WORDS.contains_key("one"));
    }

    #[test]
    fn a_faithful_claim_has_no_untraceable_details() {
        let claim = "Zuckerberg met Lee Jae-yong of Samsung Electronics on the 28th.";
        assert!(untraceable_details(claim, EVIDENCE, &Glossary::default()).is_empty());
    }

    #[test]
    fn a_change_the_source_does_not_report_is_caught() {
        let evidence = "TSMC's foundry market share was 57.9% in the third quarter.";
        let claim = "TSMC's market share fell to 57.9% in the third quarter.";
        let missing = untraceable_details(claim, evidence, &Glossary::default());
        assert_eq!(
            missing,
            vec!["\"fell\" (no such change in the source)".to_string()]
        );
        let evidence = "Sales dropped by 3% while costs rose.";
        let claim = "Sales fell 3% as costs increased.";
        assert!(untraceable_details(claim, evidence, &Glossary::default()).is_empty());
    }

    #[test]
    fn a_planted_name_is_caught() {
        let claim = "Zuckerberg met President Moon Jae-in on the 28th.";
        let missing = untraceable_details(claim, EVIDENCE, &Glossary::default());
        assert!(missing.iter().any(|m| m.contains("Moon")), "{missing:?}");
    }

    #[test]
    fn an_acronym_of_the_source_may_be_spelled_out() {
        let context = without_names_or_date();
        let korean = "메타는 자체 AI 칩 'MTIA'를 공개했다.";
        let english =
            "Meta unveiled its own AI chip, the Meta Training and Inference Accelerator (MTIA).";
        assert!(untraceable_in_translation(english, korean, context).is_empty());
        let invented = "Meta unveiled its own AI chip, the Tensor Processing Unit.";
        let missing = untraceable_in_translation(invented, korean, context);
        assert!(missing.contains(&"Tensor".to_string()), "{missing:?}");
        let lg = "LG 전자의 XR 기기";
        let missing = untraceable_in_translation("Lee Gun made an XR device.", lg, context);
        assert!(missing.contains(&"Lee".to_string()), "{missing:?}");
    }

    #[test]
    fn loanwords_written_in_hangul_may_be_named_but_no_one_new() {
        let context = without_names_or_date();
        let korean = "매스프레소 대표와 HE(홈엔터테인먼트)사업본부장도 함께했다.";
        let english = "Mathpresso's chief and the head of the HE (Home Entertainment) \
                       division joined.";
        assert!(untraceable_in_translation(english, korean, context).is_empty());
        let nvidia = Glossary {
            entries: vec![GlossaryEntry {
                korean: "엔비디아".to_string(),
                english: "Nvidia".to_string(),
                kind: EntityKind::Organization,
                role: None,
            }],
        };
        let named = SourceContext {
            glossary: &nvidia,
            date: None,
        };
        let missing =
            untraceable_in_translation("They met EnviDIA.", "그들은 엔비디아와 만났다.", named);
        assert_eq!(missing, vec!["EnviDIA".to_string()]);
        let invented = "President Moon named Mathpresso.";
        let missing =
            untraceable_in_translation(invented, "대통령은 문제의 매스프레소를 언급했다.", context);
        assert_eq!(missing, vec!["Moon".to_string()]);
    }

    #[test]
    fn large_korean_units_are_checked_by_their_whole_value() {
        let context = without_names_or_date();
        let korean = "GPU를 60만개까지, 투자는 1조2000억원이다.";
        let right = "600,000 GPUs, and an investment of 1.2 trillion won.";
        assert!(untraceable_in_translation(right, korean, context).is_empty());
        let wrong = "60,000 GPUs, and an investment of 1.2 trillion won.";
        assert_eq!(
            untraceable_in_translation(wrong, korean, context),
            vec!["60,000".to_string()]
        );
    }

    #[test]
    fn a_takeover_the_source_does_not_speak_of_is_caught() {
        let glossary = Glossary::default();
        let context = SourceContext {
            date: None,
            glossary: &glossary,
        };
        let secured = "메타는 GPU를 60만개까지 확보할 것이다.";
        assert_eq!(
            untraceable_in_translation("It will acquire 600,000 GPUs.", secured, context),
            vec!["\"acquire\" (the source speaks of no takeover or merger)"]
        );
        assert!(
            untraceable_in_translation("It will secure 600,000 GPUs.", secured, context).is_empty()
        );
        let bought = "메타는 그 회사를 인수했다.";
        assert!(untraceable_in_translation("It acquired the company.", bought, context).is_empty());
    }

    #[test]
    fn number_words_and_currencies_must_be_the_sources() {
        let glossary = Glossary::default();
        let context = SourceContext {
            date: None,
            glossary: &glossary,
        };
        let held = "지난해 2월 이후 일곱 차례 연속 동결이다.";
        assert!(untraceable_in_translation(
            "It was the seventh hold in a row, seven times.",
            held,
            context
        )
        .is_empty());
        assert_eq!(
            untraceable_in_translation("It held, the first time in five years.", held, context),
            vec![
                "five",
                "an emphasis the source does not give (no 처음)",
                "차례 연속 not rendered as times in a row",
            ]
        );
        let invested = "새 공장에는 약 2조원이 투입된다.";
        assert!(untraceable_in_translation(
            "About 2 trillion won goes into it.",
            invested,
            context
        )
        .is_empty());
        assert_eq!(
            untraceable_in_translation("About $2 trillion goes into it.", invested, context),
            vec!["dollars (the source gives won)"]
        );
    }

    #[test]
    fn an_abbreviation_of_words_the_evidence_writes_out_is_traceable() {
        let evidence = "The transition to electric vehicles may speed up.";
        let glossary = Glossary::default();
        assert!(untraceable_details("EV adoption may speed up.", evidence, &glossary).is_empty());
        assert!(untraceable_details("EVs may speed up.", evidence, &glossary).is_empty());
        assert_eq!(
            untraceable_details("The IMF expects EVs to speed up.", evidence, &glossary),
            vec!["IMF"]
        );
    }

    #[test]
    fn a_common_word_starting_a_sentence_is_no_name_but_a_name_there_is_checked() {
        let context = without_names_or_date();
        let korean = "수입은 541억 달러로 2.1% 증가했다.";
        let english = "Imports increased by 2.1% to 54.1 billion dollars.";
        assert!(untraceable_in_translation(english, korean, context).is_empty());
        let invented = "Apple said imports increased by 2.1% to 54.1 billion dollars.";
        let missing = untraceable_in_translation(invented, korean, context);
        assert_eq!(missing, vec!["Apple"]);
        // Later in the sentence a common word capitalized is a name: "Party".
        let party = "Experts say the Democratic Party won.";
        let missing =
            untraceable_in_translation(party, "전문가들은 야당이 이겼다고 본다.", context);
        assert!(missing.contains(&"Party".to_string()), "{missing:?}");
    }

    #[test]
    fn an_emphasis_or_a_count_the_source_does_not_give_is_caught() {
        let context = without_names_or_date();
        let korean = "회사가 백신 공동 개발사로 선정됐다.";
        let english = "The company was chosen as a vaccine co-developer for the first time.";
        assert!(!untraceable_in_translation(english, korean, context).is_empty());
        let korean = "회사가 처음으로 백신 공동 개발사로 선정됐다.";
        assert!(untraceable_in_translation(english, korean, context).is_empty());
        let korean = "매출이 사상 최대를 기록했다.";
        let english = "Sales hit a record high.";
        assert!(untraceable_in_translation(english, korean, context).is_empty());
        assert!(!untraceable_in_translation(english, "매출이 늘었다.", context).is_empty());
    }

    #[test]
    fn a_reversed_direction_is_caught() {
        let context = without_names_or_date();
        let korean = "시장에서는 하반기 중 금리 인하가 시작될 가능성이 있다는 관측이 나온다.";
        let wrong = "The market expects interest rates to rise in the second half.";
        let missing = untraceable_in_translation(wrong, korean, context);
        assert!(missing.iter().any(|m| m.contains("인하")), "{missing:?}");
        let right = "The market expects rate cuts to begin in the second half.";
        assert!(untraceable_in_translation(right, korean, context).is_empty());
        // A source that speaks of both directions is left to the other checks.
        let both = "비용은 감소했지만 매출은 증가했다.";
        let english = "The costs rose while sales increased.";
        assert!(untraceable_in_translation(english, both, context).is_empty());
        // Other pairs of opposites come from data/verify/opposites.tsv.
        let surplus = "경상수지는 10개월 연속 흑자를 기록했다.";
        let flipped = "The current account posted a deficit for 10 consecutive months.";
        let missing = untraceable_in_translation(flipped, surplus, context);
        assert!(missing.iter().any(|m| m.contains("흑자")), "{missing:?}");
        let kept = "The current account stayed in surplus for 10 consecutive months.";
        assert!(untraceable_in_translation(kept, surplus, context).is_empty());
    }

    #[test]
    fn the_people_of_a_named_place_are_no_new_name() {
        let evidence = "Companies in South Korea and India met Meta.";
        let glossary = Glossary::default();
        let claim = "South Korean and Indian companies met Meta.";
        assert!(untraceable_details(claim, evidence, &glossary).is_empty());
        let missing = untraceable_details("Japanese companies met Meta.", evidence, &glossary);
        assert_eq!(missing, vec!["Japanese"]);
    }

    #[test]
    fn a_planted_number_is_caught() {
        let claim = "LG will ship 5 billion devices on March 27.";
        let missing = untraceable_details(claim, EVIDENCE, &Glossary::default());
        assert!(missing.contains(&"5".to_string()), "{missing:?}");
        assert!(missing.contains(&"27".to_string()), "{missing:?}");
        assert!(missing.contains(&"March".to_string()), "{missing:?}");
    }

    #[test]
    fn numbers_match_with_or_without_thousands_separators() {
        let missing = untraceable_details(
            "It bought 600,000 GPUs.",
            "600000 GPUs",
            &Glossary::default(),
        );
        assert!(missing.is_empty(), "{missing:?}");
    }

    #[test]
    fn a_translation_that_adds_a_president_is_caught() {
        let glossary = Glossary::default();
        let context = SourceContext {
            date: Some("2024-02-29"),
            glossary: &glossary,
        };
        let missing = untraceable_in_translation(
            "He met President Moon Jae-in on the 29th.",
            "그는 29일 대통령을 만났다.",
            context,
        );
        assert_eq!(missing, vec!["Moon", "Jae-in"]);
    }

    #[test]
    fn numbers_with_korean_units_are_checked_by_value() {
        let glossary = Glossary::default();
        let context = SourceContext {
            date: None,
            glossary: &glossary,
        };
        let korean = "5억대 이상 되는 기기에 80% 점유율, 60만 개의 GPU";
        assert!(untraceable_in_translation(
            "over 500 million devices, an 80% share and 600,000 GPUs",
            korean,
            context
        )
        .is_empty());
        assert_eq!(
            untraceable_in_translation("5 billion devices", korean, context),
            vec!["5 billion"]
        );
    }

    #[test]
    fn an_invented_month_is_taken_off_a_day_the_source_gives() {
        let glossary = Glossary::default();
        let context = SourceContext {
            date: Some("2024-02-29"),
            glossary: &glossary,
        };
        let korean = "29일 윤 대통령과 만났다.";
        assert_eq!(
            without_invented_months("He met Yoon on October 29th.", korean, context),
            "He met Yoon on the 29th."
        );
        // The article's own month, and a day the source does not give, are left alone
        // (the second is for the checks to reject).
        assert_eq!(
            without_invented_months("He met Yoon on February 29.", korean, context),
            "He met Yoon on February 29."
        );
        assert_eq!(
            without_invented_months("He met Yoon on October 21st.", korean, context),
            "He met Yoon on October 21st."
        );
        assert_eq!(
            without_invented_months("On March 1 and 2, they met.", "1일 만났다.", context),
            "On the 1st and 2, they met."
        );
    }

    #[test]
    fn a_range_made_of_an_approximate_number_is_taken_back() {
        assert_eq!(
            without_invented_ranges(
                "He met 10 to 20 startup heads.",
                "스타트업 대표 10여명과 만났다."
            ),
            "He met more than 10 startup heads."
        );
        assert_eq!(
            without_invented_ranges("Sales rose 10-20%.", "매출이 10~20% 늘었다."),
            "Sales rose 10-20%."
        );
    }

    #[test]
    fn months_must_be_in_the_source_or_its_date() {
        let glossary = Glossary::default();
        let dated = SourceContext {
            date: Some("2024-02-29"),
            glossary: &glossary,
        };
        assert!(untraceable_in_translation(
            "On February 28, LG met its partner.",
            "28일 LG는 메타를 만났다.",
            dated
        )
        .is_empty());
        assert_eq!(
            untraceable_in_translation(
                "On March 27, LG met its partner.",
                "27일 LG는 메타를 만났다.",
                dated
            ),
            vec!["March"]
        );
    }

    #[test]
    fn latin_words_of_the_source_and_generic_titles_are_fine() {
        let glossary = Glossary::default();
        let context = SourceContext {
            date: None,
            glossary: &glossary,
        };
        let missing = untraceable_in_translation(
            "The CEO said LG will launch the XR-based device with Meta's Llama.",
            "CEO는 LG가 XR 기기를 Llama와 함께 출시한다고 말했다.",
            context,
        );
        assert_eq!(missing, vec!["Meta"]);
    }

    #[test]
    fn speculation_must_stay_speculation() {
        let korean = "업계는 삼성전자가 메타의 AI 칩을 생산할 것으로 전망했다.";
        assert!(drops_speculation(
            korean,
            "Samsung Electronics produces Meta's AI chips."
        ));
        assert!(!drops_speculation(
            korean,
            "The industry expects Samsung Electronics to produce Meta's AI chips."
        ));
        assert!(!drops_speculation(
            "삼성전자가 칩을 생산했다.",
            "Samsung Electronics produced the chips."
        ));
    }

    #[test]
    fn a_change_the_translation_loses_or_turns_round_is_caught() {
        let korean = "청운에너지가 새만금에 짓기로 했던 리튬 공장 계획을 결국 접었습니다.";
        assert!(lost_change(
            korean,
            "Cheongun Energy finally completed the plan to build a lithium plant."
        )
        .is_some());
        assert_eq!(
            lost_change(
                korean,
                "Cheongun Energy finally gave up its plan to build a lithium plant."
            ),
            None
        );
        assert_eq!(
            lost_change(
                "착공은 무기한 연기됐다.",
                "Construction was postponed indefinitely."
            ),
            None
        );
        assert_eq!(
            lost_change("공장을 새로 지었다.", "It built a new plant."),
            None
        );
    }
}
