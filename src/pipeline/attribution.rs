//! Who works where: a sentence that names a person with the wrong organization
//! ("SK hynix's CEO Roh Tae-moon" when he heads a Samsung division) passes the name
//! and number checks, since every name is in the source, yet tells the analyst
//! something false. The glossary knows each person's role ("Chairman of SK Group");
//! a title phrase next to the name must not give another organization.

use std::collections::HashSet;
use std::sync::LazyLock;

use super::glossary::{EntityKind, Glossary};
use crate::lexicon::{built_in_list, built_in_rows, comma_list};

/// Words of a job title between an organization and a name ("Samsung Electronics
/// chairman Lee Jae-yong", "LG's CEO Cho Joo-wan") or in an appositive after it.
static TITLE_WORDS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    built_in_list("verify/english_title_words.txt")
        .into_iter()
        .collect()
});

/// Whether a lowercase word belongs to job titles ("chairman", "ceo", "head").
pub fn is_title_word(word: &str) -> bool {
    TITLE_WORDS.contains(word)
}

/// Words that may stand between an organization and a title ("Samsung's the chairman"
/// is not English, but "its CEO" and "the CEO" are).
const ARTICLES: &[&str] = &["the", "its"];

/// Whether a word belongs to a title phrase before a name.
fn in_title_phrase(word: &str) -> bool {
    let word = word.to_lowercase();
    TITLE_WORDS.contains(&word) || ARTICLES.contains(&word.as_str())
}

/// Most words an appositive after a name ("Chey Tae-won, chairman of SK Group, …") may
/// have to be read as the person's title.
const APPOSITIVE_MAX_WORDS: usize = 8;

/// English titles and the Korean titles that support each
/// (`data/verify/english_titles.tsv`).
static SUPPORTED_TITLES: LazyLock<Vec<(String, Vec<String>)>> = LazyLock::new(|| {
    built_in_rows("verify/english_titles.tsv", 2, 2)
        .into_iter()
        .map(|row| (row[0].to_lowercase(), comma_list(&row[1])))
        .collect()
});

/// The English titles of a translation that neither its Korean sentence nor the role
/// of a name the sentence writes gives: "the CEO of Cheongun Energy said" for
/// "청운에너지 관계자는" (an official). Empty means every title is the source's.
pub fn unsupported_titles(korean: &str, english: &str, glossary: &Glossary) -> Vec<String> {
    let roles: Vec<String> = glossary
        .entries
        .iter()
        .filter(|entry| korean.contains(entry.korean.as_str()))
        .filter_map(|entry| entry.role.as_deref())
        .map(str::to_lowercase)
        .collect();
    let english_words: HashSet<String> = english
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .map(str::to_lowercase)
        .collect();
    SUPPORTED_TITLES
        .iter()
        .filter(|(title, koreans)| {
            english_words.contains(title)
                && !koreans
                    .iter()
                    .any(|korean_title| korean.contains(korean_title.as_str()))
                && !roles.iter().any(|role| {
                    role.split(|c: char| !c.is_alphanumeric() && c != '-')
                        .any(|word| word == title)
                })
        })
        .map(|(title, _)| format!("\"{title}\" (no such title in the source)"))
        .collect()
}

/// One person's organization as the glossary gives it.
struct Affiliation<'g> {
    name: &'g str,
    organization: &'g str,
}

/// The organization of a role such as "Chairman of SK Group", "head at Samsung" or
/// "Governor of the Bank of Korea" (everything after the first "of").
fn organization_of(role: &str) -> Option<&str> {
    role.split_once(" of ")
        .or_else(|| role.split_once(" at "))
        .map(|(_, organization)| organization.trim().trim_start_matches("the "))
        .filter(|organization| !organization.is_empty())
}

/// Whether two names may denote the same organization: they share their first word
/// after any "the" ("Samsung" and "Samsung Electronics", "the Bank of Korea").
fn same_organization(a: &str, b: &str) -> bool {
    let first = |name: &str| {
        name.split_whitespace()
            .find(|word| !word.eq_ignore_ascii_case("the"))
            .map(str::to_lowercase)
    };
    first(a) == first(b)
}

/// The people of `text` whose title phrase names an organization other than theirs, as
/// "Roh Tae-moon (of Samsung Electronics, not SK hynix)". Empty means no misattribution.
pub fn misattributed_people(text: &str, glossary: &Glossary) -> Vec<String> {
    let affiliations: Vec<Affiliation<'_>> = glossary
        .entries
        .iter()
        .filter(|entry| entry.kind == EntityKind::Person)
        .filter_map(|entry| {
            let organization = organization_of(entry.role.as_deref()?)?;
            Some(Affiliation {
                name: &entry.english,
                organization,
            })
        })
        .collect();
    let mut organizations: HashSet<&str> = affiliations
        .iter()
        .map(|affiliation| affiliation.organization)
        .collect();
    organizations.extend(named_organizations(glossary));
    let mut wrong = Vec::new();
    for affiliation in &affiliations {
        for (start, _) in text.match_indices(affiliation.name) {
            let end = start + affiliation.name.len();
            let named = organization_before(&text[..start], &organizations)
                .or_else(|| organization_in_appositive(&text[end..], &organizations));
            if let Some(named) = named {
                if !same_organization(named, affiliation.organization) {
                    let line = format!(
                        "{} (of {}, not {named})",
                        affiliation.name, affiliation.organization
                    );
                    if !wrong.contains(&line) {
                        wrong.push(line);
                    }
                }
            }
        }
    }
    wrong
}

/// The English names of the glossary's organizations (longer than one letter), which a
/// title phrase next to a person may name.
fn named_organizations(glossary: &Glossary) -> impl Iterator<Item = &str> {
    glossary
        .entries
        .iter()
        .filter(|entry| entry.kind == EntityKind::Organization && entry.english.len() > 1)
        .map(|entry| entry.english.as_str())
}

/// The people of `text` said to meet, or stand beside, the holder of their own role
/// ("Lee Jae-yong met with Samsung Electronics' chairman" when he is that chairman):
/// the small model, condensing "X met Y, the chairman of Z", swaps who is who.
pub fn people_meeting_themselves(text: &str, glossary: &Glossary) -> Vec<String> {
    let lower = text.to_lowercase();
    glossary
        .entries
        .iter()
        .filter(|entry| entry.kind == EntityKind::Person && text.contains(&entry.english))
        .filter_map(|entry| {
            let role = entry.role.as_deref()?;
            let organization = organization_of(role)?.to_lowercase();
            let title = role.split_whitespace().next()?.to_lowercase();
            let own_role = [
                format!("{organization}'s {title}"),
                format!("{organization}’s {title}"),
                format!("{organization}' {title}"),
                format!("{title} of {organization}"),
                format!("{title} of the {organization}"),
            ];
            let name = entry.english.to_lowercase();
            let stands_apart = own_role.iter().any(|phrase| {
                lower.match_indices(phrase.as_str()).any(|(start, _)| {
                    let end = start + phrase.len();
                    // "Lee, the chairman of …", "Lee is the chairman of …" say who he is.
                    let mut before = lower[..start].trim_end_matches([',', '(', ' ']);
                    for linking in ["the", "its", "is", "was", "as"] {
                        if let Some(rest) = before.strip_suffix(linking) {
                            before = rest.trim_end_matches([',', '(', ' ']);
                        }
                    }
                    let names_before = before.ends_with(&name);
                    let names_after = lower[end..]
                        .trim_start_matches([',', ' ', '('])
                        .starts_with(&name);
                    !names_before && !names_after
                })
            });
            stands_apart.then(|| format!("{} (meets their own role, {role})", entry.english))
        })
        .collect()
}

/// The text with a title appositive cut where it gives a person an organization that
/// `evidence` (the article) never gives them, when the glossary's role for them names
/// none. Such a person has no affiliation to check against, and the small model fills
/// one in from the passage: "Cho Joo-wan, President and CEO of Meta," for LG's CEO,
/// where the cleaned article kept only "대표이사 사장" next to his name.
pub fn without_unsupported_titles(text: &str, evidence: &str, glossary: &Glossary) -> String {
    let organizations: HashSet<&str> = named_organizations(glossary).collect();
    let unaffiliated = glossary.entries.iter().filter(|entry| {
        entry.kind == EntityKind::Person
            && entry.role.as_deref().and_then(organization_of).is_none()
    });
    let mut result = text.to_string();
    for person in unaffiliated {
        let name = person.english.as_str();
        let given: Vec<&str> = evidence
            .match_indices(name)
            .filter_map(|(start, _)| {
                organization_before(&evidence[..start], &organizations).or_else(|| {
                    organization_in_appositive(&evidence[start + name.len()..], &organizations)
                })
            })
            .collect();
        let mut from = 0;
        while let Some(found) = result[from..].find(name) {
            let end = from + found + name.len();
            let claimed = organization_in_appositive(&result[end..], &organizations);
            if claimed.is_some_and(|claimed| {
                !given
                    .iter()
                    .any(|organization| same_organization(organization, claimed))
            }) {
                // The appositive runs from its comma to the next comma (cut with it) or
                // up to the end of the clause.
                let body = &result[end + 1..];
                let length = body.find([',', '.', ';', ')']).map_or(body.len(), |index| {
                    index + usize::from(body[index..].starts_with(','))
                });
                result.replace_range(end..end + 1 + length, "");
            }
            from = end;
        }
    }
    result
}

/// The organization that `before` (the text up to a name) ends with, once title words
/// are stripped: "informed SK hynix's CEO " gives "SK hynix".
fn organization_before<'o>(before: &str, organizations: &HashSet<&'o str>) -> Option<&'o str> {
    let mut rest = before.trim_end();
    while let Some((head, last)) = rest.rsplit_once(char::is_whitespace) {
        if !in_title_phrase(last) {
            break;
        }
        rest = head.trim_end();
    }
    if in_title_phrase(rest) {
        return None;
    }
    let rest = rest
        .strip_suffix("'s")
        .or_else(|| rest.strip_suffix("’s"))
        .or_else(|| rest.strip_suffix('\''))
        .or_else(|| rest.strip_suffix('’'))
        .unwrap_or(rest);
    organizations
        .iter()
        .filter(|organization| {
            rest.ends_with(**organization)
                && rest[..rest.len() - organization.len()]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric())
        })
        .max_by_key(|organization| organization.len())
        .copied()
}

/// The organization named in a title appositive right after a name (", chairman of
/// SK Group," or ", Samsung Electronics' chairman,"), if the text has one there.
fn organization_in_appositive<'o>(
    after: &str,
    organizations: &HashSet<&'o str>,
) -> Option<&'o str> {
    let appositive = after.strip_prefix(',')?;
    let appositive = appositive
        .split([',', '.', ';', ')'])
        .next()
        .unwrap_or(appositive);
    let words: Vec<String> = appositive
        .split_whitespace()
        .map(|word| word.trim_matches(|c: char| !c.is_alphanumeric() && c != '-'))
        .map(str::to_lowercase)
        .collect();
    // A title appositive opens with its title or its organization, not with "who met".
    let opens_as_title = words.first().is_some_and(|first| in_title_phrase(first))
        || organizations
            .iter()
            .any(|organization| appositive.trim_start().starts_with(organization));
    let is_title = opens_as_title
        && words.len() <= APPOSITIVE_MAX_WORDS
        && words.iter().any(|word| TITLE_WORDS.contains(word));
    if !is_title {
        return None;
    }
    organizations
        .iter()
        .filter_map(|organization| {
            appositive
                .find(organization)
                .map(|position| (position, *organization))
        })
        .min_by_key(|(position, organization)| (*position, std::cmp::Reverse(organization.len())))
        .map(|(_, organization)| organization)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::glossary::GlossaryEntry;

    #[test]
    fn title_words_are_lowercase() {
        assert!(TITLE_WORDS.contains("ceo"));
        assert!(TITLE_WORDS.iter().all(|word| *word == word.to_lowercase()));
    }

    #[test]
    fn a_title_the_source_does_not_give_is_refused() {
        let official = "한빛식품 관계자는 \"가격 인상은 없다\"고 말했다.";
        let empty = Glossary::default();
        assert_eq!(
            unsupported_titles(
                official,
                "The CEO of Hanbit Foods said prices will not rise.",
                &empty
            ),
            vec!["\"ceo\" (no such title in the source)".to_string()]
        );
        assert!(unsupported_titles(
            official,
            "An official of Hanbit Foods said prices will not rise.",
            &empty
        )
        .is_empty());
        let chief = "김도윤 대표는 가격 인상은 없다고 말했다.";
        assert!(unsupported_titles(chief, "CEO Kim Do-yun said so.", &empty).is_empty());
        let with_role = Glossary {
            entries: vec![GlossaryEntry {
                korean: "김도윤".to_string(),
                english: "Kim Do-yun".to_string(),
                kind: EntityKind::Person,
                role: Some("CEO of Hanbit Foods".to_string()),
            }],
        };
        let unnamed_title = "김도윤은 가격 인상은 없다고 말했다.";
        assert!(
            unsupported_titles(unnamed_title, "CEO Kim Do-yun said so.", &with_role).is_empty()
        );
    }

    fn glossary() -> Glossary {
        let person = |english: &str, role: &str| GlossaryEntry {
            korean: String::new(),
            english: english.to_string(),
            kind: EntityKind::Person,
            role: Some(role.to_string()),
        };
        let organization = |english: &str| GlossaryEntry {
            korean: String::new(),
            english: english.to_string(),
            kind: EntityKind::Organization,
            role: None,
        };
        Glossary {
            entries: vec![
                person("Chey Tae-won", "Chairman of SK Group"),
                person("Roh Tae-moon", "division head at Samsung Electronics"),
                person("Mark Zuckerberg", "CEO of Meta"),
                person("Rhee Chang-yong", "Governor of the Bank of Korea"),
                person("Lee Jae-yong", "Chairman of Samsung Electronics"),
                person("Cho Joo-wan", "President and CEO"),
                organization("SK hynix"),
                organization("Meta"),
                organization("Samsung"),
                organization("the Bank of Korea"),
            ],
        }
    }

    #[test]
    fn a_person_given_another_organization_is_caught() {
        let swapped = "Chey Tae-won, Samsung Electronics' chairman, informed SK hynix's CEO \
                       Roh Tae-moon about GTAA.";
        assert_eq!(
            misattributed_people(swapped, &glossary()),
            vec![
                "Chey Tae-won (of SK Group, not Samsung Electronics)".to_string(),
                "Roh Tae-moon (of Samsung Electronics, not SK hynix)".to_string(),
            ]
        );
    }

    #[test]
    fn right_titles_and_other_sentences_pass() {
        for text in [
            "Chey Tae-won, chairman of SK Group, informed Samsung's Roh Tae-moon.",
            "SK chairman Chey Tae-won met Samsung Electronics CEO Roh Tae-moon.",
            "Mark Zuckerberg, who met Samsung's chairman, left for India.",
            "Samsung met Mark Zuckerberg, and SK Group hosted Roh Tae-moon at Samsung.",
            "The CEO Mark Zuckerberg visited SK hynix.",
            "Rhee Chang-yong, the chairman of the Bank of Korea, spoke.",
        ] {
            assert!(misattributed_people(text, &glossary()).is_empty(), "{text}");
        }
    }

    #[test]
    fn a_title_the_article_never_gives_an_unaffiliated_person_is_cut() {
        let glossary = glossary();
        let invented =
            "Cho Joo-wan, President and CEO of Meta, said the model fits 500 million devices.";
        let article = "Mark Zuckerberg of Meta and CEO Cho Joo-wan met reporters.";
        assert_eq!(
            without_unsupported_titles(invented, article, &glossary),
            "Cho Joo-wan said the model fits 500 million devices."
        );
        let article = "He met Cho Joo-wan, the CEO of Meta, at the tower.";
        assert_eq!(
            without_unsupported_titles(invented, article, &glossary),
            invented
        );
    }

    #[test]
    fn a_person_said_to_meet_their_own_role_is_caught() {
        let glossary = glossary();
        assert_eq!(
            people_meeting_themselves(
                "Lee Jae-yong met with Samsung Electronics' chairman, reportedly.",
                &glossary
            ),
            vec!["Lee Jae-yong (meets their own role, Chairman of Samsung Electronics)"]
        );
        for right in [
            "Zuckerberg met Lee Jae-yong, chairman of Samsung Electronics.",
            "Lee Jae-yong, the chairman of Samsung Electronics, met Zuckerberg.",
            "Lee Jae-yong is the chairman of Samsung Electronics.",
            "Zuckerberg met Samsung Electronics' chairman Lee Jae-yong.",
            "Zuckerberg met Samsung Electronics' chairman (Lee Jae-yong).",
            "Lee Jae-yong hosted Zuckerberg.",
        ] {
            assert!(
                people_meeting_themselves(right, &glossary).is_empty(),
                "{right}"
            );
        }
    }
}
