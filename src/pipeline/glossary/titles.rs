//! Title words (`data/names/titles.tsv`): the Korean titles written with a person's
//! name ("회장", "대표이사", "HE사업본부장"), their English, and how each reads in a role.

use std::sync::LazyLock;

use super::hangul::particle_splits;
use super::table::well_known;
use super::EntityKind;
use crate::lexicon::built_in_table;

/// How a title reads in a role and attaches to an organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TitleClass {
    /// Company rank: Chairman, President; written first in a combined title.
    Rank,
    /// Company function: CEO, COO, founder.
    Function,
    /// Head of state, minister, lawmaker: "of" a country or ministry.
    Government,
    /// Division head: "at" the company.
    Head,
    /// Professor: "at" the school.
    Academic,
    /// A byline, which the pipeline may leave out of summaries.
    Reporter,
}

/// A Korean title word and its English form.
#[derive(Debug)]
pub(super) struct Title {
    pub(super) korean: String,
    pub(super) english: String,
    pub(super) class: TitleClass,
    /// Written joined to a place's name only ("울산시장", a city's mayor), since the
    /// word alone is also another word (시장, a market).
    joined_to_place: bool,
}

/// The title words in the order of the file: head titles match as word endings
/// ("파운드리사업부장"), longest first.
static TITLES: LazyLock<Vec<Title>> =
    LazyLock::new(|| built_in_table("names/titles.tsv", 3, 3, title));

/// One row of `titles.tsv`: Korean, English, class.
fn title(fields: Vec<String>) -> Result<Title, String> {
    let [korean, english, class] = <[String; 3]>::try_from(fields)
        .map_err(|_| "expected Korean, English and class".to_string())?;
    let (class, joined_to_place) = match class.as_str() {
        "rank" => (TitleClass::Rank, false),
        "function" => (TitleClass::Function, false),
        "government" => (TitleClass::Government, false),
        "head" => (TitleClass::Head, false),
        "academic" => (TitleClass::Academic, false),
        "reporter" => (TitleClass::Reporter, false),
        "city" => (TitleClass::Government, true),
        _ => {
            return Err(format!(
                "unknown class \"{class}\": expected rank, function, government, head, \
                 academic, reporter or city"
            ))
        }
    };
    Ok(Title {
        korean,
        english,
        class,
        joined_to_place,
    })
}

/// A title word as found: the title, and the division for head titles ("HE").
#[derive(Debug, Clone)]
pub(super) struct TitleHit {
    pub(super) title: &'static Title,
    pub(super) division: Option<String>,
}

/// A word read as a title and the particle after it ("회장이" → 회장, "이").
pub(super) fn title_of(word: &str) -> Option<(TitleHit, &'static str)> {
    particle_splits(word)
        .into_iter()
        .find_map(|(stem, particle)| title_hit(stem).map(|hit| (hit, particle)))
}

/// A title stem: an exact title word, a title joined to a place ("울산시장"), or a word
/// ending in a head title, whose Latin prefix names the division ("HE사업본부장").
fn title_hit(stem: &str) -> Option<TitleHit> {
    if let Some(title) = TITLES.iter().find(|title| {
        !title.joined_to_place && title.class != TitleClass::Head && title.korean == stem
    }) {
        return Some(TitleHit {
            title,
            division: None,
        });
    }
    let after_place = TITLES
        .iter()
        .filter(|title| title.joined_to_place)
        .find(|title| {
            stem.strip_suffix(title.korean.as_str())
                .and_then(well_known)
                .is_some_and(|known| known.kind == EntityKind::Place)
        });
    if let Some(title) = after_place {
        return Some(TitleHit {
            title,
            division: None,
        });
    }
    TITLES
        .iter()
        .filter(|title| title.class == TitleClass::Head)
        .find_map(|title| {
            stem.strip_suffix(title.korean.as_str())
                .map(|prefix| (title, prefix))
        })
        .map(|(title, prefix)| TitleHit {
            title,
            division: Some(prefix)
                .filter(|prefix| {
                    !prefix.is_empty() && prefix.chars().all(|c| c.is_ascii_alphanumeric())
                })
                .map(str::to_string),
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::parse_table;

    #[test]
    fn every_title_has_a_known_class_and_head_titles_are_longest_first() {
        assert!(TITLES.len() > 40);
        let heads: Vec<&str> = TITLES
            .iter()
            .filter(|title| title.class == TitleClass::Head)
            .map(|title| title.korean.as_str())
            .collect();
        for (index, head) in heads.iter().enumerate() {
            assert!(
                heads[index + 1..]
                    .iter()
                    .all(|later| !later.ends_with(head)),
                "a head title ending in {head} comes after it"
            );
        }
        let err = parse_table("t.tsv", "회장\tChairman\tboss\n", 3, 3, title).unwrap_err();
        assert!(err.message.starts_with("unknown class \"boss\""), "{err}");
    }

    #[test]
    fn titles_are_words_heads_endings_and_a_mayor_a_city_s() {
        let english = |word: &str| title_of(word).map(|(hit, _)| hit.title.english.as_str());
        assert_eq!(english("회장이"), Some("Chairman"));
        assert_eq!(english("울산시장"), Some("Mayor"));
        assert_eq!(english("시장"), None);
        let (hit, _) = title_of("HE사업본부장").unwrap();
        assert_eq!(hit.division.as_deref(), Some("HE"));
    }
}
