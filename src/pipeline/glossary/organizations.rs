//! Names the table lacks that an article itself tells: a Hangul name glossed with its
//! original in Latin letters ("노스게이트리튬(Northgate Lithium)", "이선 말로(Ethan
//! Marlow)"), and a company named beside a word that says it is one ("배터리 소재 기업
//! 청운에너지가", "청운에너지 관계자는") whose name ends in a company word
//! (`data/names/company_suffixes.tsv`, cues in `company_cues.tsv`). Each gets one English
//! form for the whole article: the model otherwise spells an unknown name differently
//! in every reading, and no reading of its sentences passes the name check.

use std::sync::LazyLock;

use regex::Regex;

use super::hangul::{is_hangul, particle_splits};
use super::people::LOANWORD_SYLLABLES;
use super::romanize::{capitalize, romanize};
use super::EntityKind::{Organization, Person};
use super::{new_entry, GlossaryEntry};
use crate::lexicon::built_in_table;

/// A company word and its English ("에너지" = Energy).
static SUFFIXES: LazyLock<Vec<(String, String)>> = LazyLock::new(|| {
    built_in_table("names/company_suffixes.tsv", 2, 2, |fields| {
        Ok((fields[0].clone(), fields[1].clone()))
    })
});

/// Where a company cue stands: before the name, or after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CueSide {
    Before,
    After,
}

static CUES: LazyLock<Vec<(String, CueSide)>> = LazyLock::new(|| {
    built_in_table("names/company_cues.tsv", 2, 2, |fields| {
        let side = match fields[1].as_str() {
            "before" => CueSide::Before,
            "after" => CueSide::After,
            other => return Err(format!("unknown side {other:?}: expected before or after")),
        };
        Ok((fields[0].clone(), side))
    })
});

/// One or two Hangul words, then their Latin original in parentheses.
static GLOSSED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:\b([가-힣]{1,3}) )?\b([가-힣]{2,12})\(([A-Z][A-Za-z&.'\- ]{0,40}[A-Za-z.])\)")
        .expect("literal regex")
});

/// Most syllables before a company word: longer is a phrase, not a name.
const MAX_STEM_SYLLABLES: usize = 4;

/// The names of `text` that it glosses itself or names as companies, at their first
/// position, leaving out those `known` already has.
pub(super) fn told_names(
    text: &str,
    known: &[(usize, GlossaryEntry)],
) -> Vec<(usize, GlossaryEntry)> {
    let mut found: Vec<(usize, GlossaryEntry)> = Vec::new();
    let mut add = |position: usize, entry: GlossaryEntry| {
        let taken = |korean: &str| {
            known
                .iter()
                .chain(found.iter())
                .any(|(_, kept)| kept.korean.contains(korean) || korean.contains(&kept.korean))
        };
        if !taken(&entry.korean) {
            found.push((position, entry));
        }
    };
    for captures in GLOSSED.captures_iter(text) {
        let (Some(word), Some(latin)) = (captures.get(2), captures.get(3)) else {
            continue;
        };
        let latin = latin.as_str().trim();
        let latin_words = latin.split_whitespace().count();
        let first = captures.get(1).filter(|first| {
            latin_words >= 2 && !is_cue(first.as_str()) && !is_suffixed(word.as_str())
        });
        // An acronym ("국제통화기금(IMF)") is in the Korean already, in Latin letters,
        // where the checks find it.
        if !latin.chars().any(|c| c.is_ascii_lowercase()) {
            continue;
        }
        let (start, korean, kind) = match first {
            Some(first) => (
                first.start(),
                format!("{} {}", first.as_str(), word.as_str()),
                Person,
            ),
            None => (word.start(), word.as_str().to_string(), Organization),
        };
        add(start, new_entry(&korean, latin, kind));
    }
    let words: Vec<(usize, &str)> = text
        .split_whitespace()
        .map(|word| (word.as_ptr() as usize - text.as_ptr() as usize, word))
        .collect();
    for (index, &(position, word)) in words.iter().enumerate() {
        let before = index.checked_sub(1).map(|previous| words[previous].1);
        let after = words.get(index + 1).map(|(_, next)| *next);
        for (stem, _) in particle_splits(word.trim_end_matches([',', '.', '·'])) {
            let Some(english) = company_english(stem) else {
                continue;
            };
            if cued(before, after) {
                add(position, new_entry(stem, &english, Organization));
            }
            break;
        }
    }
    found
}

/// The English of a company name: the part before its company word in Revised
/// Romanization, then that word's English ("청운에너지" = "Cheongun Energy"). None when
/// the word is no such name (no company word, no Korean stem, a loanword stem).
fn company_english(word: &str) -> Option<String> {
    SUFFIXES.iter().find_map(|(suffix, english)| {
        let stem = word.strip_suffix(suffix.as_str())?;
        let syllables = stem.chars().count();
        // A loanword stem is a foreign name in Hangul, which Revised Romanization would
        // spell as no English text does ("노스게이트" as "Noseugeiteu"): only its own Latin
        // gloss names it.
        let korean = (1..=MAX_STEM_SYLLABLES).contains(&syllables)
            && stem.chars().all(is_hangul)
            && !stem.chars().any(|c| LOANWORD_SYLLABLES.contains(&c))
            && !is_suffixed(stem);
        korean.then(|| format!("{} {english}", capitalize(&romanize(stem))))
    })
}

/// Whether a word ends in a company word (its stem would be a phrase of them).
fn is_suffixed(word: &str) -> bool {
    SUFFIXES
        .iter()
        .any(|(suffix, _)| word.ends_with(suffix.as_str()))
}

/// Whether a word is a company cue of either side.
fn is_cue(word: &str) -> bool {
    CUES.iter().any(|(cue, _)| cue == word)
}

/// Whether the words around a name say it is a company's.
fn cued(before: Option<&str>, after: Option<&str>) -> bool {
    CUES.iter().any(|(cue, side)| match side {
        CueSide::Before => before == Some(cue.as_str()),
        CueSide::After => after.is_some_and(|after| {
            particle_splits(after.trim_end_matches([',', '.']))
                .iter()
                .any(|(stem, _)| stem == cue)
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<(String, String, super::super::EntityKind)> {
        told_names(text, &[])
            .into_iter()
            .map(|(_, entry)| (entry.korean, entry.english, entry.kind))
            .collect()
    }

    #[test]
    fn a_company_beside_a_cue_gets_one_romanized_name() {
        assert_eq!(
            names("배터리 소재 기업 청운에너지가 공장을 짓는다. 청운에너지는 밝혔다."),
            [("청운에너지".into(), "Cheongun Energy".into(), Organization)]
        );
        assert_eq!(names("청운에너지 관계자는 말했다.")[0].1, "Cheongun Energy");
    }

    #[test]
    fn a_company_word_without_a_cue_or_with_a_foreign_stem_is_no_name() {
        assert!(names("국내 에너지 기업들이 태양광에너지 투자를 늘렸다.").is_empty());
        assert!(names("리튬 개발업체 노스게이트리튬이 밝혔다.").is_empty());
    }

    #[test]
    fn a_name_glossed_in_latin_letters_takes_its_gloss() {
        assert_eq!(
            names(
                "리튬 개발업체 노스게이트리튬(Northgate Lithium)의 이선 말로(Ethan Marlow) CEO는"
            ),
            [
                (
                    "노스게이트리튬".into(),
                    "Northgate Lithium".into(),
                    Organization
                ),
                ("이선 말로".into(), "Ethan Marlow".into(), Person)
            ]
        );
        assert!(names("국제통화기금(IMF)은").is_empty());
    }
}
