//! The news glossary: Korean news terms and the English they must be rendered as.
//!
//! The default model misreads the everyday vocabulary of Korean news (총선, a general
//! election, as "presidential"; 노조, a union, as "coalition"; 하반기, the second half
//! of the year, as a person), and every reading of the sentence makes the same mistake,
//! so agreement between readings cannot see it. The glossary
//! (`data/terms/news_terms.tsv`, extended by `--glossary`) does two things with one
//! table: the translator is told the English of the terms its unit contains, and a
//! translation that renders none of a term's English alternatives is not trusted.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use rust_stemmers::{Algorithm, Stemmer};

use crate::lexicon::{
    built_in_list, built_in_table, comma_list, user_entries, with_user_entries, UserEntry,
};

/// One glossary row: the Korean (matched anywhere in a unit) and its English, the
/// alternatives separated by `;` (or `,`), each with an optional parenthetical note.
#[derive(Debug, Clone, PartialEq)]
pub struct NewsTerm {
    pub korean: String,
    pub english: String,
}

impl NewsTerm {
    /// The English the translator is told to use: the first alternative, with its note
    /// (the others are there so that a right translation in other words passes).
    pub fn preferred(&self) -> &str {
        self.english.split([';', ',']).next().unwrap_or("").trim()
    }
}

/// The built-in news terms with the run's own from `--glossary`: a user term for a
/// built-in Korean term replaces it (the newsroom's English), the others are added.
pub static NEWS_TERMS: LazyLock<Vec<NewsTerm>> =
    LazyLock::new(|| with_user_terms(built_in_terms(), user_entries()));

fn built_in_terms() -> Vec<NewsTerm> {
    built_in_table("terms/news_terms.tsv", 2, 2, |fields| {
        <[String; 2]>::try_from(fields)
            .map(|[korean, english]| NewsTerm { korean, english })
            .map_err(|_| "expected a Korean term and its English".to_string())
    })
}

fn with_user_terms(built_in: Vec<NewsTerm>, user: &[UserEntry]) -> Vec<NewsTerm> {
    let user = user.iter().filter_map(|entry| match entry {
        UserEntry::Term { korean, english } => Some(NewsTerm {
            korean: korean.clone(),
            english: english.clone(),
        }),
        UserEntry::Name { .. } => None,
    });
    with_user_entries(built_in, user, |term| term.korean.as_str())
}

/// The glossary terms `korean` contains. A term inside a longer term that is also
/// found (동결 inside 금리 동결) is left to the longer one.
pub fn terms_in<'a>(terms: &'a [NewsTerm], korean: &str) -> Vec<&'a NewsTerm> {
    let found: Vec<&NewsTerm> = terms
        .iter()
        .filter(|term| !term.korean.is_empty() && korean.contains(term.korean.as_str()))
        .collect();
    found
        .iter()
        .filter(|term| {
            !found.iter().any(|longer| {
                longer.korean.len() > term.korean.len()
                    && longer.korean.contains(term.korean.as_str())
            })
        })
        .copied()
        .collect()
}

/// Words of an English alternative that say nothing of the term's meaning.
const FILLER: &[&str] = &[
    "a", "an", "the", "of", "to", "in", "on", "for", "and", "or", "this", "that", "its", "by",
    "at", "from", "with", "n", "as", "be", "is",
];

static STEMMER: LazyLock<Stemmer> = LazyLock::new(|| Stemmer::create(Algorithm::English));

/// Irregular verb forms and their base form ("held" → "hold").
static IRREGULAR: LazyLock<HashMap<String, String>> = LazyLock::new(|| {
    built_in_list("terms/english_irregular.txt")
        .iter()
        .flat_map(|line| {
            let forms = comma_list(line);
            let base = forms.first().cloned().unwrap_or_default();
            forms
                .into_iter()
                .skip(1)
                .map(move |form| (form, base.clone()))
        })
        .collect()
});

fn stems(text: &str) -> Vec<String> {
    text.to_lowercase()
        .replace('’', "'")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty() && !FILLER.contains(word))
        .filter(|word| !word.chars().all(|c| c.is_ascii_digit()))
        .map(|word| {
            let base = IRREGULAR.get(word).map_or(word, String::as_str);
            STEMMER.stem(base).into_owned()
        })
        .collect()
}

/// The text outside brackets (any of `open` to any of `close`, nested): a glossed
/// name ("한빛(Hanbit)은") reads as written, a note in parentheses is left out.
pub fn outside_brackets(text: &str, open: &[char], close: &[char]) -> String {
    let mut plain = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        if open.contains(&c) {
            depth += 1;
        } else if close.contains(&c) {
            depth = depth.saturating_sub(1);
        } else if depth == 0 {
            plain.push(c);
        }
    }
    plain
}

/// The stems each English alternative of a term needs, parenthetical notes left out.
fn alternatives(english: &str) -> Vec<Vec<String>> {
    outside_brackets(english, &['('], &[')'])
        .split([';', ','])
        .map(stems)
        .filter(|alternative| !alternative.is_empty())
        .collect()
}

/// Whether `english` renders a term written `term_english`: every meaningful word of
/// one of its alternatives is in it, up to inflection ("elections", "unions").
pub fn renders(term_english: &str, english: &str) -> bool {
    let found: HashSet<String> = stems(english).into_iter().collect();
    alternatives(term_english)
        .iter()
        .any(|alternative| alternative.iter().all(|stem| found.contains(stem)))
}

/// The first glossary term of `korean` that `english` does not render, as a reason to
/// distrust the translation.
pub fn unrendered_term(terms: &[NewsTerm], korean: &str, english: &str) -> Option<String> {
    terms_in(terms, korean)
        .into_iter()
        .find(|term| !renders(&term.english, english))
        .map(|term| format!("{} not rendered as {}", term.korean, term.english))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(korean: &str, english: &str) -> NewsTerm {
        NewsTerm {
            korean: korean.to_string(),
            english: english.to_string(),
        }
    }

    #[test]
    fn any_alternative_counts_up_to_inflection_and_notes_are_not_required() {
        let election = "general election; parliamentary election (총선)";
        assert!(renders(election, "Turnout in the general elections rose."));
        assert!(renders(election, "the parliamentary election of 2028"));
        assert!(!renders(election, "the presidential election of 2028"));
        assert!(!renders(election, "a general strike"));
        assert!(renders("union; labor union", "The unions voted."));
        assert!(renders("freeze; hold", "The bank held rates."));
    }

    #[test]
    fn a_translation_missing_a_term_of_its_unit_is_named() {
        let terms = vec![
            term("노조", "union; labor union"),
            term("하반기", "second half"),
        ];
        let korean = "노조는 하반기 파업을 예고했다.";
        assert_eq!(
            unrendered_term(
                &terms,
                korean,
                "The union warned of a strike in the second half."
            ),
            None
        );
        let reason = unrendered_term(&terms, korean, "The coalition warned of a strike.");
        assert_eq!(
            reason.as_deref(),
            Some("노조 not rendered as union; labor union")
        );
        assert_eq!(
            unrendered_term(&terms, "파업이 끝났다.", "The coalition ended it."),
            None
        );
    }

    #[test]
    fn the_translator_is_told_the_first_alternative() {
        let term = term("총선", "general election (총선); parliamentary election");
        assert_eq!(term.preferred(), "general election (총선)");
    }

    #[test]
    fn a_longer_term_speaks_for_the_shorter_one_inside_it() {
        let terms = vec![
            term("동결", "freeze; hold"),
            term("금리 동결", "rate freeze; kept rates"),
        ];
        let found = terms_in(&terms, "한은은 금리 동결을 결정했다.");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].korean, "금리 동결");
    }

    #[test]
    fn news_terms_are_read_once_each_and_a_run_s_own_replace_them() {
        let terms = built_in_terms();
        assert!(terms
            .iter()
            .any(|term| term.korean == "방한" && term.english.starts_with("visit to Korea")));
        for (index, term) in terms.iter().enumerate() {
            assert!(
                terms[index + 1..]
                    .iter()
                    .all(|later| later.korean != term.korean),
                "{}",
                term.korean
            );
        }
        let user = [
            UserEntry::Term {
                korean: "총재".into(),
                english: "central bank governor".into(),
            },
            UserEntry::Term {
                korean: "온디바이스".into(),
                english: "on-device".into(),
            },
            UserEntry::Name {
                korean: "방한".into(),
                english: "Banghan".into(),
                kind: crate::pipeline::glossary::EntityKind::Person,
                role: None,
            },
        ];
        let built_in = vec![term("방한", "visit to Korea"), term("총재", "governor")];
        let merged = with_user_terms(built_in, &user);
        assert_eq!(
            merged,
            vec![
                term("방한", "visit to Korea"),
                term("총재", "central bank governor"),
                term("온디바이스", "on-device"),
            ]
        );
    }
}
