//! Who does it. Korean marks the part each noun phrase plays with the particle that ends
//! it (현대차는: the one who acts; 기아와: a partner; 포스코의: an owner), and the small
//! model often binds the verb to the wrong name of a long sentence: "최근 신차를 내놓은
//! 기아와 경쟁" written "Kia launched …", "포스코의 강판을 공급받아" written "POSCO will
//! receive …". Every name is in the source, so the name check passes.
//! An English sentence whose subject is a name that the Korean marks only as an owner,
//! an object or a place, or only as a partner while the one the Korean makes act is not
//! in the English at all, is refused. The particles and their parts are in
//! `data/verify/korean_roles.tsv`.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use super::attribution::is_title_word;
use super::glossary::Glossary;
use super::terms::outside_brackets;
use super::verify::is_generic_capitalized;
use crate::lexicon::{built_in_list, built_in_rows};

/// The part a Korean noun phrase plays, read from the particle that ends it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    /// The one who acts or is described (은, 는, 이, 가).
    Actor,
    /// A particle that may end a subject as well as something else (도, 에서).
    Either,
    /// A partner, or the first of two joined subjects (와, 과).
    With,
    /// An owner (의).
    Owner,
    /// An object (을, 를).
    Object,
    /// A place, time, recipient or comparison (에, 에게, 보다).
    Other,
}

/// Korean particles and the part each gives, longest first.
static PARTICLES: LazyLock<Vec<(String, Part)>> = LazyLock::new(|| {
    let mut particles: Vec<(String, Part)> = built_in_rows("verify/korean_roles.tsv", 2, 2)
        .into_iter()
        .filter_map(|row| {
            let part = match row[1].as_str() {
                "actor" => Part::Actor,
                "either" => Part::Either,
                "with" => Part::With,
                "owner" => Part::Owner,
                "object" => Part::Object,
                "other" => Part::Other,
                _ => return None,
            };
            Some((row[0].clone(), part))
        })
        .collect();
    particles.sort_by_key(|(particle, _)| std::cmp::Reverse(particle.chars().count()));
    particles
});

/// How many bare words (a title, a given name: "한빛전자 CEO 김민준은") may follow a
/// name before the particle that ends its phrase.
const PHRASE_WORDS: usize = 3;

/// The words of a Korean sentence with what no particle reading needs taken off:
/// parenthesized glosses ("한빛(Hanbit)은" reads "한빛은") and quotation marks.
fn korean_words(korean: &str) -> Vec<String> {
    let plain: String = outside_brackets(korean, &['(', '['], &[')', ']'])
        .chars()
        .filter(|c| {
            !matches!(
                c,
                '"' | '\'' | '“' | '”' | '‘' | '’' | '「' | '」' | '《' | '》' | '<' | '>'
            )
        })
        .collect();
    plain
        .split_whitespace()
        .map(|word| {
            word.trim_end_matches(|c: char| !c.is_alphanumeric())
                .to_string()
        })
        .filter(|word| !word.is_empty())
        .collect()
}

/// The particle a word ends with and the part it gives, if any.
fn ending_part(word: &str) -> Option<Part> {
    PARTICLES
        .iter()
        .find(|(particle, _)| word.ends_with(particle.as_str()) && word != particle.as_str())
        .or_else(|| PARTICLES.iter().find(|(particle, _)| word == particle))
        .map(|(_, part)| *part)
}

/// Whether a word can be a bare part of a noun phrase: Hangul of a noun's length, or
/// Latin letters and digits ("CEO", "H100").
fn is_bare_noun(word: &str) -> bool {
    word.chars().all(|c| c.is_ascii_alphanumeric())
        || (word.chars().all(|c| ('가'..='힣').contains(&c)) && word.chars().count() <= 5)
}

/// The part of the phrase that starts at word `at`, whose first word is `rest` after
/// the name ("" when the name is the whole word).
fn phrase_part(words: &[String], at: usize, rest: &str) -> (Part, usize) {
    if !rest.is_empty() {
        return match ending_part(rest) {
            Some(part) => (part, at),
            None if is_bare_noun(rest) => bare_phrase_part(words, at + 1),
            None => (Part::Either, at),
        };
    }
    bare_phrase_part(words, at + 1)
}

/// The part of a phrase continued by the words from `from` on, up to its particle.
fn bare_phrase_part(words: &[String], from: usize) -> (Part, usize) {
    for (index, word) in words.iter().enumerate().skip(from).take(PHRASE_WORDS) {
        if let Some(part) = ending_part(word) {
            return (part, index);
        }
        if !is_bare_noun(word) {
            break;
        }
    }
    (Part::Either, from.saturating_sub(1))
}

/// Whether the phrase after word `end` is a subject ("기아와 현대차는": the partner
/// phrase is the first of two joined subjects).
fn joins_a_subject(words: &[String], end: usize) -> bool {
    let (part, _) = bare_phrase_part(words, end + 1);
    part == Part::Actor
}

/// The parts the Korean gives a name, one per time it is written (its last word at a
/// word's start: "김민준 대표는"); empty when the name is not in the sentence.
fn parts_of(words: &[String], name: &str) -> Vec<Part> {
    let name_words: Vec<&str> = name.split_whitespace().collect();
    let Some((last, first)) = name_words.split_last() else {
        return Vec::new();
    };
    (first.len()..words.len())
        .filter_map(|at| {
            let start = at - first.len();
            if !first
                .iter()
                .zip(&words[start..at])
                .all(|(name, word)| name == word)
            {
                return None;
            }
            let rest = words[at].strip_prefix(last)?;
            let (part, end) = phrase_part(words, at, rest);
            Some(if part == Part::With && joins_a_subject(words, end) {
                Part::Actor
            } else {
                part
            })
        })
        .collect()
}

/// Words before a sentence's subject that open an introductory phrase ending in a
/// comma ("On the 27th, …", "According to …, …": `data/verify/english_introductory.txt`).
static INTRODUCTORY: LazyLock<Vec<String>> =
    LazyLock::new(|| built_in_list("verify/english_introductory.txt"));

/// Lowercase words a subject phrase may hold besides names and titles.
static PHRASE_JOINERS: &[&str] = &["the", "a", "an", "of", "and", "&", "then", "former"];

/// Forms of "be" that, before a participle, make the subject the one acted on.
static BE: &[&str] = &["is", "are", "was", "were", "been", "being", "be"];

/// Verbs of a thing two sides do together (`data/verify/english_mutual_verbs.txt`).
static MUTUAL_VERBS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    built_in_list("verify/english_mutual_verbs.txt")
        .into_iter()
        .collect()
});

/// Words between a subject and its verb ("will meet", "plans to sign":
/// `data/verify/english_auxiliaries.txt`).
static AUXILIARIES: LazyLock<HashSet<String>> = LazyLock::new(|| {
    built_in_list("verify/english_auxiliaries.txt")
        .into_iter()
        .collect()
});

/// Clause openings inside an English sentence that start a new subject.
static CLAUSE_JOINTS: &[&str] = &[", and ", ", but ", ", while ", ", whereas ", "; "];

/// The subject phrases of an English text: the words that open each sentence and each
/// joined clause, after an introductory phrase, up to the first word that is no name,
/// title or article. A phrase of a passive clause, or one in quotation marks, is none.
fn subject_phrases(english: &str) -> Vec<SubjectPhrase> {
    let mut clauses: Vec<&str> = Vec::new();
    for sentence in english.split_inclusive(['.', '!', '?']) {
        let mut rest = sentence;
        while let Some((at, joint)) = CLAUSE_JOINTS
            .iter()
            .filter_map(|joint| rest.find(joint).map(|at| (at, *joint)))
            .min()
        {
            clauses.push(&rest[..at]);
            rest = &rest[at + joint.len()..];
        }
        clauses.push(rest);
    }
    clauses
        .into_iter()
        .filter_map(|clause| subject_phrase(clause.trim()))
        .filter(|phrase| !phrase.words.is_empty())
        .collect()
}

/// The words of a clause's subject and the verb after them.
struct SubjectPhrase {
    words: Vec<String>,
    /// The first word after the subject that is no auxiliary, lowercase.
    verb: String,
}

/// The subject phrase of one clause (see [`subject_phrases`]).
fn subject_phrase(clause: &str) -> Option<SubjectPhrase> {
    if clause.starts_with(['"', '\'', '“', '‘']) {
        return None;
    }
    let lower = clause.to_lowercase();
    let opens_aside = INTRODUCTORY
        .iter()
        .any(|word| lower.starts_with(&format!("{word} ")));
    let clause = match clause.find(", ") {
        Some(at) if opens_aside => &clause[at + 2..],
        _ if opens_aside => return None,
        _ => clause,
    };
    let tokens: Vec<&str> = clause.split_whitespace().collect();
    let mut phrase = Vec::new();
    let mut end = tokens.len();
    for (index, token) in tokens.iter().enumerate() {
        let word = token.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
        let lower = word.to_lowercase();
        let names = word.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit());
        if word.is_empty()
            || !(names || is_title_word(&lower) || PHRASE_JOINERS.contains(&lower.as_str()))
        {
            end = index;
            break;
        }
        phrase.push((*token).to_string());
        if token.ends_with([',', '(', ':', ';']) {
            end = index + 1;
            break;
        }
    }
    let passive = tokens.get(end).is_some_and(|next| {
        BE.contains(&next.to_lowercase().as_str())
            && tokens.get(end + 1).is_some_and(|participle| {
                let participle = participle.trim_end_matches(|c: char| !c.is_alphanumeric());
                participle.ends_with("ed") || participle.ends_with("en")
            })
    });
    let verb = tokens[end.min(tokens.len())..]
        .iter()
        .map(|token| {
            token
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .find(|word| !AUXILIARIES.contains(word))
        .unwrap_or_default();
    (!passive).then_some(SubjectPhrase {
        words: phrase,
        verb,
    })
}

/// The names of a subject phrase that can be its subject: not an owner ("Hyundai
/// Motor's revenue": every word of a name ending in a possessive) and not after "of"
/// ("the CEO of Kia").
fn subject_words(phrase: &[String]) -> Vec<String> {
    let mut words = Vec::new();
    let mut name_run: Vec<String> = Vec::new();
    for token in phrase {
        let word = token.trim_matches(|c: char| !c.is_alphanumeric() && c != '-' && c != '\'');
        if word.eq_ignore_ascii_case("of") {
            break;
        }
        if !word.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()) {
            words.append(&mut name_run);
            continue;
        }
        let owner = word.ends_with("'s") || word.ends_with("’s") || token.ends_with("s'");
        if owner {
            name_run.clear();
            continue;
        }
        name_run.push(word.to_lowercase());
    }
    words.append(&mut name_run);
    words
}

/// The glossary's names by the words of their English forms that tell them apart (not
/// titles, not generic words like "Electronics").
fn names_by_word(glossary: &Glossary) -> HashMap<String, Vec<&str>> {
    let mut by_word: HashMap<String, Vec<&str>> = HashMap::new();
    for entry in &glossary.entries {
        for word in entry.english.split_whitespace() {
            let word = word
                .trim_matches(|c: char| !c.is_alphanumeric() && c != '-')
                .to_lowercase();
            if word.chars().count() < 2 || is_title_word(&word) || is_generic_capitalized(&word) {
                continue;
            }
            by_word.entry(word).or_default().push(entry.korean.as_str());
        }
    }
    by_word
}

/// A name the English makes the subject where the Korean does not, described, if the
/// English has one: a clause's subject names only names that are in the Korean sentence,
/// and the Korean makes none of them act (nor joins any to a subject); or makes them
/// only partners, while the English's verb is no mutual one ("met") or the one the
/// Korean makes act is not in the English.
pub fn swapped_agent(korean: &str, english: &str, glossary: &Glossary) -> Option<String> {
    let words = korean_words(korean);
    let by_word = names_by_word(glossary);
    let english_lower = english.to_lowercase();
    let actor_in_english = glossary
        .entries
        .iter()
        .filter(|entry| parts_of(&words, &entry.korean).contains(&Part::Actor))
        .any(|entry| {
            entry
                .english
                .split_whitespace()
                .map(str::to_lowercase)
                .filter(|word| !is_title_word(word) && !is_generic_capitalized(word))
                .any(|word| english_lower.contains(&word))
        });
    for phrase in subject_phrases(english) {
        let mut swapped = None;
        let mut only_partners = true;
        for word in subject_words(&phrase.words) {
            let Some(names) = by_word.get(&word) else {
                continue;
            };
            let parts: Vec<(&str, Vec<Part>)> = names
                .iter()
                .map(|name| (*name, parts_of(&words, name)))
                .filter(|(_, parts)| !parts.is_empty())
                .collect();
            // A name the sentence does not write may be its unsaid subject.
            let Some((name, _)) = parts.first() else {
                swapped = None;
                break;
            };
            let all: Vec<Part> = parts.iter().flat_map(|(_, parts)| parts.clone()).collect();
            if all
                .iter()
                .any(|part| matches!(part, Part::Actor | Part::Either))
            {
                swapped = None;
                break;
            }
            only_partners &= all.iter().all(|part| *part == Part::With);
            swapped.get_or_insert(*name);
        }
        let Some(name) = swapped else {
            continue;
        };
        if only_partners && actor_in_english && MUTUAL_VERBS.contains(&phrase.verb) {
            continue;
        }
        return Some(format!(
            "\"{}\" (the subject; the source does not make {name} act)",
            phrase.words.join(" ")
        ));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::glossary::{EntityKind, GlossaryEntry};

    fn glossary(names: &[(&str, &str)]) -> Glossary {
        Glossary {
            entries: names
                .iter()
                .map(|(korean, english)| GlossaryEntry {
                    korean: korean.to_string(),
                    english: english.to_string(),
                    kind: EntityKind::Organization,
                    role: None,
                })
                .collect(),
        }
    }

    #[test]
    fn a_partner_made_the_subject_is_refused() {
        let names = glossary(&[("한빛전자", "Hanbit Electronics"), ("소니", "Sony")]);
        let korean = "한빛전자는 지난해 새 TV를 내놨고, 최근 신제품을 낸 소니와 경쟁하고 있다.";
        assert!(swapped_agent(
            korean,
            "Sony released a new TV last year and competes with Hanbit.",
            &names
        )
        .is_some());
        assert_eq!(
            swapped_agent(
                korean,
                "Hanbit Electronics released a new TV last year and competes with Sony.",
                &names
            ),
            None
        );
    }

    #[test]
    fn an_owner_made_the_subject_is_refused() {
        let names = glossary(&[("대한항공", "Korean Air"), ("보잉", "Boeing")]);
        let korean = "대한항공은 보잉의 신형 여객기 30대를 도입할 계획이다.";
        assert!(swapped_agent(korean, "Boeing plans to bring in 30 new jets.", &names).is_some());
        assert_eq!(
            swapped_agent(
                korean,
                "Korean Air plans to bring in 30 of Boeing's new jets.",
                &names
            ),
            None
        );
    }

    #[test]
    fn joined_subjects_and_titles_before_the_particle_can_act() {
        let names = glossary(&[("현대차", "Hyundai Motor"), ("기아", "Kia")]);
        let korean = "현대차와 기아는 다음 달 새 전기차를 공개한다.";
        assert_eq!(
            swapped_agent(
                korean,
                "Kia and Hyundai Motor will unveil a new EV.",
                &names
            ),
            None
        );
        let names = glossary(&[("김민수", "Kim Min-su"), ("한빛은행", "Hanbit Bank")]);
        let korean = "김민수 한빛은행 행장은 금리를 동결했다고 밝혔다.";
        assert_eq!(
            swapped_agent(korean, "Hanbit Bank president Kim Min-su said …", &names),
            None
        );
    }

    #[test]
    fn a_meeting_told_from_the_other_side_is_kept() {
        let names = glossary(&[("박서준", "Park Seo-jun"), ("이나래", "Lee Na-rae")]);
        let korean = "박서준 장관은 이나래 대사와 만났다.";
        assert_eq!(
            swapped_agent(korean, "Lee Na-rae met Park Seo-jun.", &names),
            None
        );
        let korean = "당시 그는 이나래 대사와 박서준 장관을 만났다.";
        assert!(swapped_agent(korean, "Lee Na-rae met Park Seo-jun.", &names).is_some());
    }

    #[test]
    fn introductions_passives_and_owners_in_english_are_not_subjects() {
        let names = glossary(&[("한빛전자", "Hanbit Electronics"), ("소니", "Sony")]);
        let korean = "소니는 한빛전자의 부품을 샀다.";
        assert_eq!(
            swapped_agent(korean, "According to Hanbit, Sony bought parts.", &names),
            None
        );
        assert_eq!(
            swapped_agent(
                korean,
                "Hanbit Electronics' parts were bought by Sony.",
                &names
            ),
            None
        );
        let korean = "정부는 한빛전자를 선정했다.";
        assert_eq!(
            swapped_agent(korean, "Hanbit Electronics was selected.", &names),
            None
        );
    }
}
