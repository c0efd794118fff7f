//! The table of well-known names (`data/names/well_known.tsv`, with the run's own
//! glossary over it) and the scan that finds them in a text.
//!
//! The table is sorted by the Korean form once, when first used: lookups are binary
//! searches, and the names that start with one character form a run the text scan can
//! pick out.

use std::sync::LazyLock;

use super::hangul::is_hangul;
use super::EntityKind;
use crate::lexicon::{built_in_table, user_entries, with_user_entries, UserEntry};

/// A table row: a name, its English form and kind, and for a person of the run's own
/// glossary the role to give them where an article gives no title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct KnownName {
    pub(super) korean: String,
    pub(super) english: String,
    pub(super) kind: EntityKind,
    pub(super) role: Option<String>,
}

/// The built-in names and the run's own, sorted by the Korean form.
static TABLE: LazyLock<Vec<KnownName>> =
    LazyLock::new(|| with_user_names(built_in_names(), user_entries()));

fn built_in_names() -> Vec<KnownName> {
    built_in_table("names/well_known.tsv", 3, 3, known_name)
}

/// One row of `well_known.tsv`: Korean form, English form, kind.
fn known_name(fields: Vec<String>) -> Result<KnownName, String> {
    let [korean, english, kind] = <[String; 3]>::try_from(fields)
        .map_err(|_| "expected Korean form, English form and kind".to_string())?;
    let kind = EntityKind::from_name(&kind).ok_or_else(|| {
        format!("unknown kind \"{kind}\": expected person, organization, place or product")
    })?;
    Ok(KnownName {
        korean,
        english,
        kind,
        role: None,
    })
}

/// The table with a run's own names: one with a built-in Korean form replaces it (the
/// newsroom's spelling), the others are added; sorted by the Korean form.
fn with_user_names(built_in: Vec<KnownName>, user: &[UserEntry]) -> Vec<KnownName> {
    let user = user.iter().filter_map(|entry| match entry {
        UserEntry::Name {
            korean,
            english,
            kind,
            role,
        } => Some(KnownName {
            korean: korean.clone(),
            english: english.clone(),
            kind: *kind,
            role: role.clone(),
        }),
        UserEntry::Term { .. } => None,
    });
    let mut names = with_user_entries(built_in, user, |name| name.korean.as_str());
    names.sort_by(|a, b| a.korean.cmp(&b.korean));
    names
}

/// The table row whose Korean form is exactly `korean`.
pub(super) fn well_known(korean: &str) -> Option<&'static KnownName> {
    TABLE
        .binary_search_by(|name| name.korean.as_str().cmp(korean))
        .ok()
        .map(|index| &TABLE[index])
}

/// Table rows starting with `first`: a contiguous run, since the table is sorted.
fn rows_starting_with(first: char) -> &'static [KnownName] {
    let mut buffer = [0; 4];
    let first: &str = first.encode_utf8(&mut buffer);
    let start = TABLE.partition_point(|name| name.korean.as_str() < first);
    let end = TABLE
        .partition_point(|name| name.korean.as_str() < first || name.korean.starts_with(first));
    &TABLE[start..end]
}

/// Walk `text` left to right and take, at each position, the longest name that
/// `longest` finds there, so "삼성" is not found again inside "삼성전자".
pub(super) fn scan_names<'t, T>(
    text: &'t str,
    mut longest: impl FnMut(&'t str, Option<char>) -> Option<(T, usize)>,
) -> Vec<(usize, usize, T)> {
    let mut found = Vec::new();
    let mut position = 0;
    let mut previous = None;
    while let Some(current) = text[position..].chars().next() {
        match longest(&text[position..], previous) {
            Some((name, len)) => {
                found.push((position, position + len, name));
                previous = text[..position + len].chars().next_back();
                position += len;
            }
            None => {
                previous = Some(current);
                position += current.len_utf8();
            }
        }
    }
    found
}

/// Table names in `text` with the byte position of their first occurrence.
pub(super) fn known_names(text: &str) -> Vec<(usize, &'static KnownName)> {
    let mut first_seen: Vec<(usize, &'static KnownName)> = Vec::new();
    for (position, _, known) in scan_names(text, longest_known_at) {
        if !first_seen
            .iter()
            .any(|(_, seen)| seen.korean == known.korean)
        {
            first_seen.push((position, known));
        }
    }
    first_seen
}

/// The longest table name at the start of `rest`. A Hangul name must not continue a
/// Hangul word (Korean attaches particles after a name, never before it), and a Latin
/// name must not be part of a longer Latin word.
fn longest_known_at(rest: &str, previous: Option<char>) -> Option<(&'static KnownName, usize)> {
    let first = rest.chars().next()?;
    let joined = previous.is_some_and(|previous| {
        (is_hangul(first) && is_hangul(previous))
            || (first.is_ascii_alphanumeric() && previous.is_ascii_alphanumeric())
    });
    if joined {
        return None;
    }
    rows_starting_with(first)
        .iter()
        .filter(|known| {
            rest.starts_with(known.korean.as_str())
                && ends_cleanly(known, &rest[known.korean.len()..])
        })
        .max_by_key(|known| known.korean.len())
        .map(|known| (known, known.korean.len()))
}

/// Whether a name match may end where `after` begins: not inside a Latin word, and a
/// country is not the start of a language name ("한국어", "중국어").
fn ends_cleanly(known: &KnownName, after: &str) -> bool {
    let next = after.chars().next();
    let last = known.korean.chars().next_back();
    let latin_run = next.is_some_and(|c| c.is_ascii_alphanumeric())
        && last.is_some_and(|c| c.is_ascii_alphanumeric());
    let language = known.kind == EntityKind::Place && next == Some('어');
    !(latin_run || language)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::parse_table;

    fn name(korean: &str, english: &str, kind: EntityKind) -> KnownName {
        KnownName {
            korean: korean.to_string(),
            english: english.to_string(),
            kind,
            role: None,
        }
    }

    #[test]
    fn the_built_in_names_are_sorted_without_duplicates() {
        let names = built_in_names();
        assert!(names.len() > 300);
        assert!(
            names.windows(2).all(|pair| pair[0].korean < pair[1].korean),
            "well_known.tsv is kept sorted by the Korean form, each form once"
        );
        assert!(names.iter().all(|name| name.role.is_none()));
    }

    #[test]
    fn a_row_needs_one_of_the_four_kinds() {
        let parse = |text: &str| parse_table("well_known.tsv", text, 3, 3, known_name);
        let rows = parse("삼성\tSamsung\torganization\n서울\tSeoul\tplace\n").unwrap();
        assert_eq!(rows[1], name("서울", "Seoul", EntityKind::Place));
        let err = parse("삼성\tSamsung\tcompany\n").unwrap_err();
        assert_eq!(err.line, 1);
        assert!(err.message.starts_with("unknown kind \"company\""), "{err}");
    }

    #[test]
    fn seed_patches_are_not_well_known() {
        for korean in ["울트만", "승지원", "IT프로포탈", "라마", "매스프레소"] {
            assert!(well_known(korean).is_none(), "{korean}");
        }
        assert_eq!(well_known("라마3").unwrap().english, "Llama 3");
    }

    #[test]
    fn a_run_s_own_names_replace_and_extend_the_table() {
        let built_in = vec![
            name("삼성", "Samsung", EntityKind::Organization),
            name("올트먼", "Sam Altman", EntityKind::Person),
        ];
        let user = [
            UserEntry::Name {
                korean: "올트먼".into(),
                english: "Samuel Altman".into(),
                kind: EntityKind::Person,
                role: Some("CEO of OpenAI".into()),
            },
            UserEntry::Name {
                korean: "가나전자".into(),
                english: "Gana Electronics".into(),
                kind: EntityKind::Organization,
                role: None,
            },
            UserEntry::Term {
                korean: "삼성".into(),
                english: "three stars".into(),
            },
        ];
        let table = with_user_names(built_in, &user);
        let forms: Vec<(&str, &str)> = table
            .iter()
            .map(|name| (name.korean.as_str(), name.english.as_str()))
            .collect();
        assert_eq!(
            forms,
            vec![
                ("가나전자", "Gana Electronics"),
                ("삼성", "Samsung"),
                ("올트먼", "Samuel Altman"),
            ]
        );
        assert_eq!(table[2].role.as_deref(), Some("CEO of OpenAI"));
    }

    #[test]
    fn names_are_found_as_words_longest_first() {
        let found: Vec<&str> = known_names("삼성전자와 삼성, 한국어로 방한은")
            .into_iter()
            .map(|(_, known)| known.korean.as_str())
            .collect();
        assert_eq!(found, vec!["삼성전자", "삼성"]);
    }
}
