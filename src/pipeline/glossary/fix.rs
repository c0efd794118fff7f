//! Fixing names in generated English ([`Glossary::apply`]): Korean names the model left
//! in its answer, Korean people's names swapped or re-spelled ("Jae-yong Lee"), foreign
//! surnames garbled ("Kuckenberg"), and multi-part names spaced or cased otherwise
//! ("Open AI").

use std::collections::{HashMap, HashSet};
use std::sync::{LazyLock, Mutex, PoisonError};

use regex::Regex;

use super::hangul::{is_hangul, particles};
use super::romanize::{is_korean_person, split_surname, surname_spellings, syllable_spellings};
use super::table::scan_names;
use super::EntityKind::Person;
use super::{Glossary, GlossaryEntry};

/// Surnames shorter than this are too close to ordinary words to be fixed by
/// spelling distance.
const MIN_FUZZY_LEN: usize = 6;

static CAPITALIZED_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b[A-Z][A-Za-z]+\b").expect("literal regex"));

impl Glossary {
    /// Put the English form in place of any Korean name the model left in its answer.
    pub(super) fn replace_korean(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut done = 0;
        let spans = scan_names(text, |rest, previous| {
            self.longest_korean_at(rest, previous)
        });
        for (start, end, entry) in spans {
            if start < done {
                continue;
            }
            out.push_str(&text[done..start]);
            push_english(&mut out, &entry.english);
            done = end + trailing_particle_len(&text[end..]);
        }
        out.push_str(&text[done..]);
        out
    }

    fn longest_korean_at(
        &self,
        rest: &str,
        previous: Option<char>,
    ) -> Option<(&GlossaryEntry, usize)> {
        let first = rest.chars().next()?;
        if !is_hangul(first) || previous.is_some_and(is_hangul) {
            return None;
        }
        self.entries
            .iter()
            .filter(|entry| rest.starts_with(entry.korean.as_str()))
            .max_by_key(|entry| entry.korean.len())
            .map(|entry| (entry, entry.korean.len()))
    }

    /// Korean people: swapped order, other romanizations, hyphen, space and case
    /// variants of the name become the canonical form.
    pub(super) fn fix_korean_names(&self, text: &str) -> String {
        let mut text = text.to_string();
        for entry in self.distinct_english(|entry| is_korean_person(&entry.korean, &entry.english))
        {
            if let Some(variants) = name_variants(&entry.korean, &entry.english) {
                text = variants
                    .replace_all(&text, regex::NoExpand(&entry.english))
                    .into_owned();
            }
        }
        text
    }

    /// Foreign people: a capitalized word a letter or two away from a long surname in
    /// the glossary ("Zuckerburg", "Kuckenberg") is that surname.
    pub(super) fn fix_foreign_surnames(&self, text: &str) -> String {
        let surnames: Vec<&str> = self
            .distinct_english(|entry| {
                entry.kind == Person && !is_korean_person(&entry.korean, &entry.english)
            })
            .filter_map(|entry| entry.english.split(' ').next_back())
            .filter(|surname| surname.chars().count() >= MIN_FUZZY_LEN)
            .collect();
        if surnames.is_empty() {
            return text.to_string();
        }
        let known = self.english_words();
        CAPITALIZED_WORD
            .replace_all(text, |caps: &regex::Captures<'_>| {
                let word = &caps[0];
                let fix = surnames.iter().find(|surname| {
                    !known.contains(&word.to_lowercase()) && is_misspelling(word, surname)
                });
                fix.map_or_else(|| word.to_string(), |surname| surname.to_string())
            })
            .into_owned()
    }

    /// Multi-part names written with other spacing or case ("Open AI", "SK Hynix",
    /// "Quest3") become the canonical form.
    pub(super) fn fix_spacing_and_case(&self, text: &str) -> String {
        let mut text = text.to_string();
        for entry in self.distinct_english(|entry| !is_korean_person(&entry.korean, &entry.english))
        {
            let canonical = entry.english.strip_prefix("the ").unwrap_or(&entry.english);
            if let Some(variants) = spacing_variants(canonical) {
                text = variants
                    .replace_all(&text, regex::NoExpand(canonical))
                    .into_owned();
            }
        }
        text
    }

    /// Entries passing `keep`, one per English form.
    fn distinct_english<'g>(
        &'g self,
        keep: impl Fn(&GlossaryEntry) -> bool + 'g,
    ) -> impl Iterator<Item = &'g GlossaryEntry> + 'g {
        let mut seen = HashSet::new();
        self.entries
            .iter()
            .filter(move |entry| keep(entry) && seen.insert(entry.english.as_str()))
    }
}

/// A regex for a Korean person's name in any order, romanization, hyphenation or
/// case: "Jae-yong Lee", "Lee Jae Yong", "Jaeyong Lee" for "Lee Jae-yong". The
/// surname must be capitalized, so "Min-su in" is not read as "In Min-su".
fn name_variants(korean: &str, english: &str) -> Option<Regex> {
    let (surname, given) = split_surname(korean)?;
    let (english_surname, english_given) = english.split_once(' ')?;
    let syllables: Vec<char> = given.chars().collect();
    let parts: Vec<&str> = english_given.split([' ', '-']).collect();
    let aligned = parts.len() == syllables.len();
    let given_pattern = syllables
        .iter()
        .enumerate()
        .map(|(index, syllable)| {
            let mut spellings = syllable_spellings(*syllable);
            if aligned {
                spellings.push(parts[index].to_lowercase());
            }
            alternation(spellings)
        })
        .collect::<Vec<_>>()
        .join("[ -]?");
    let surnames = surname_spellings(surname)
        .iter()
        .map(String::as_str)
        .chain([english_surname])
        .flat_map(|spelling| [spelling.to_string(), spelling.to_uppercase()])
        .collect();
    let surname_pattern = alternation(surnames);
    let given_pattern = format!("(?i:{given_pattern})");
    compiled(format!(
        r"\b(?:{surname_pattern}[ -]+{given_pattern}|{given_pattern}[ -]+{surname_pattern})\b"
    ))
}

/// A non-capturing regex alternation of literal spellings, longest first.
fn alternation(mut spellings: Vec<String>) -> String {
    spellings.sort_by_key(|spelling| std::cmp::Reverse(spelling.len()));
    spellings.dedup();
    let escaped: Vec<String> = spellings
        .iter()
        .map(|spelling| regex::escape(spelling))
        .collect();
    format!("(?:{})", escaped.join("|"))
}

/// A case-insensitive regex for a multi-part name written with other spacing
/// ("Open AI", "SK Hynix", "Quest3"); `None` for one-part names and names that are
/// not proper nouns ("presidential office"), whose case must follow the sentence.
fn spacing_variants(canonical: &str) -> Option<Regex> {
    if !canonical.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    let parts = name_parts(canonical);
    if parts.len() < 2 {
        return None;
    }
    let body = parts
        .iter()
        .map(|part| regex::escape(part))
        .collect::<Vec<_>>()
        .join("[ -]*");
    let start = if canonical.starts_with(|c: char| c.is_alphanumeric()) {
        r"\b"
    } else {
        ""
    };
    let end = if canonical.ends_with(|c: char| c.is_alphanumeric()) {
        r"\b"
    } else {
        ""
    };
    compiled(format!("(?i){start}{body}{end}"))
}

/// Name patterns compiled so far: the same glossary fixes every unit of an article,
/// and compiling its patterns costs far more than running them.
static COMPILED: LazyLock<Mutex<HashMap<String, Regex>>> = LazyLock::new(Default::default);

fn compiled(pattern: String) -> Option<Regex> {
    let mut cache = COMPILED.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(regex) = cache.get(&pattern) {
        return Some(regex.clone());
    }
    let regex = Regex::new(&pattern).ok()?;
    cache.insert(pattern, regex.clone());
    Some(regex)
}

/// "OpenAI" → ["Open", "AI"], "SK hynix" → ["SK", "hynix"], "Quest 3" → ["Quest", "3"].
fn name_parts(name: &str) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    let mut previous: Option<char> = None;
    for c in name.chars() {
        if c == ' ' || c == '-' {
            previous = None;
            continue;
        }
        let boundary = previous.is_none_or(|p| {
            (p.is_lowercase() && c.is_uppercase()) || (p.is_alphabetic() && c.is_ascii_digit())
        });
        match parts.last_mut() {
            Some(part) if !boundary => part.push(c),
            _ => parts.push(c.to_string()),
        }
        previous = Some(c);
    }
    parts
}

/// Whether `word` is a misspelling of the surname `target`: a different word within
/// one edit, or two for names as long as "Zuckerberg", ignoring case.
fn is_misspelling(word: &str, target: &str) -> bool {
    let word = word.to_lowercase();
    let target_lower = target.to_lowercase();
    let allowed = if target.chars().count() >= 10 { 2 } else { 1 };
    word != target_lower && edit_distance(&word, &target_lower) <= allowed
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

/// Append an English name where a Korean one was, without doubling words the model
/// already wrote ("Mark 저커버그" → "Mark Zuckerberg", "the 미국" → "the United States").
fn push_english(out: &mut String, english: &str) {
    let words: Vec<&str> = english.split(' ').collect();
    let lower = out.to_lowercase();
    for written in (1..words.len()).rev() {
        let prefix = format!("{} ", words[..written].join(" ").to_lowercase());
        if lower.ends_with(&prefix) {
            out.push_str(&words[written..].join(" "));
            return;
        }
    }
    if out.ends_with(|c: char| c.is_alphanumeric()) {
        out.push(' ');
    }
    out.push_str(english);
}

/// Bytes of a Korean particle left after a name ("조주완은 said" → drop "은").
fn trailing_particle_len(after: &str) -> usize {
    particles()
        .find(|particle| {
            after
                .strip_prefix(*particle)
                .is_some_and(|rest| !rest.starts_with(is_hangul))
        })
        .map_or(0, str::len)
}

#[cfg(test)]
mod tests {
    use super::super::tests::{SEED_002, SEED_003};
    use super::*;

    #[test]
    fn apply_fixes_misspelled_and_reordered_names() {
        let glossary = Glossary::extract(SEED_002);
        assert_eq!(
            glossary.apply("Kuckenberg met Zuckerburg and Mark Zuckerber, then Zuckenberg left."),
            "Zuckerberg met Zuckerberg and Mark Zuckerberg, then Zuckerberg left."
        );
        assert_eq!(
            glossary.apply("Jae-yong Lee, Jaeyong Lee, Lee Jae Yong and Lee Jae-Yong"),
            "Lee Jae-yong, Lee Jae-yong, Lee Jae-yong and Lee Jae-yong"
        );
        assert_eq!(
            glossary.apply("Ju-wan Cho met Yoon Seok-yeol and JO JU WAN."),
            "Cho Joo-wan met Yoon Suk Yeol and Cho Joo-wan."
        );
    }

    #[test]
    fn apply_replaces_korean_left_in_english() {
        let glossary = Glossary::extract(SEED_002);
        assert_eq!(
            glossary.apply("LG Electronics CEO 조주완 said so."),
            "LG Electronics CEO Cho Joo-wan said so."
        );
        assert_eq!(glossary.apply("조주완은 said"), "Cho Joo-wan said");
        assert_eq!(
            glossary.apply("Mark 저커버그 met 윤석열."),
            "Mark Zuckerberg met Yoon Suk Yeol."
        );
        assert_eq!(
            glossary.apply("He flew to the 미국."),
            "He flew to the United States."
        );
    }

    #[test]
    fn apply_leaves_correct_text_and_other_words_alone() {
        let glossary = Glossary::merge(&[Glossary::extract(SEED_002), Glossary::extract(SEED_003)]);
        let correct = "Meta CEO Mark Zuckerberg met Lee Jae-yong, Cho Joo-wan, Kwon Bong-seok and \
                       President Yoon Suk Yeol in Seoul; OpenAI's Sam Altman met SK hynix.";
        assert_eq!(glossary.apply(correct), correct);
        let lookalikes = "Leeds, Hanover, Chow, Metaverse, Samsungs, Cookies, Joy, Parkland, \
                          Kim's metadata, the presidential office and Presidential Office hours.";
        assert_eq!(glossary.apply(lookalikes), lookalikes);
        assert_eq!(
            glossary.apply("Open AI and SK Hynix"),
            "OpenAI and SK hynix"
        );
    }
}
