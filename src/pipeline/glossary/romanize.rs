//! Korean names in Latin letters: Revised Romanization of Hangul, the English spellings
//! of surnames (`data/names/surnames.tsv`), and the other spellings a syllable of a
//! given name gets in English texts, so that a name the table lacks still gets one
//! regular spelling and the variants the model writes can be recognized.

use std::collections::HashSet;
use std::sync::LazyLock;

use super::hangul::is_hangul;
use super::table::well_known;
use super::EntityKind;
use crate::lexicon::built_in_table;

/// Revised Romanization of a Hangul string, syllable by syllable, so names the table
/// lacks still get a regular English spelling; other characters pass through.
pub fn romanize(hangul: &str) -> String {
    hangul
        .chars()
        .map(|c| match jamo(c) {
            Some((initial, vowel, last)) => {
                format!(
                    "{}{}{}",
                    INITIALS[initial][0], VOWELS[vowel][0], FINALS[last][0]
                )
            }
            None => c.to_string(),
        })
        .collect()
}

/// A Korean person's name in its usual English form ("Cho Joo-wan", "Kim Min-su"):
/// the well-known spelling if the table has one, else the common surname spelling
/// and the given name in Revised Romanization, so the model never improvises one.
pub fn english_person_name(korean: &str) -> String {
    let korean = korean.trim();
    if let Some(known) = well_known(korean).filter(|known| known.kind == EntityKind::Person) {
        return known.english.clone();
    }
    if surname_entry(korean).is_some() {
        return usual_spelling(korean).to_string();
    }
    match split_surname(korean) {
        Some((surname, given)) => format!("{} {}", usual_spelling(surname), given_name(given)),
        None => korean
            .split_whitespace()
            .map(|word| capitalize(&romanize(word)))
            .collect::<Vec<_>>()
            .join(" "),
    }
}

/// Whether `word` spells a Korean surname in English ("Moon", "Park"): such a word in a
/// translation is a person's name, never a loanword.
pub fn is_surname_spelling(word: &str) -> bool {
    SPELLINGS.contains(&word.to_ascii_lowercase())
}

/// Initial, vowel and final indices of a Hangul syllable.
pub(crate) fn jamo(c: char) -> Option<(usize, usize, usize)> {
    if !is_hangul(c) {
        return None;
    }
    let index = c as usize - 0xac00;
    Some((index / 588, (index % 588) / 28, index % 28))
}

/// A Korean surname and its English spellings, the usual one first.
#[derive(Debug)]
pub(super) struct Surname {
    pub(super) korean: String,
    spellings: Vec<String>,
}

/// The surnames, sorted by the Korean form for binary search.
static SURNAMES: LazyLock<Vec<Surname>> = LazyLock::new(|| {
    let mut surnames = built_in_table("names/surnames.tsv", 2, 2, surname);
    surnames.sort_by(|a, b| a.korean.cmp(&b.korean));
    surnames
});

/// Every spelling of every surname, lowercase.
static SPELLINGS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    SURNAMES
        .iter()
        .flat_map(|surname| &surname.spellings)
        .map(|spelling| spelling.to_ascii_lowercase())
        .collect()
});

/// One row of `surnames.tsv`: the surname and its spellings, separated by commas.
fn surname(fields: Vec<String>) -> Result<Surname, String> {
    let [korean, spellings] = <[String; 2]>::try_from(fields)
        .map_err(|_| "expected a surname and its spellings".to_string())?;
    let spellings: Vec<String> = spellings
        .split(',')
        .map(|spelling| spelling.trim().to_string())
        .collect();
    if spellings
        .iter()
        .any(|spelling| spelling.is_empty() || !spelling.chars().all(|c| c.is_ascii_alphabetic()))
    {
        return Err("expected spellings in Latin letters, separated by commas".to_string());
    }
    if !korean.chars().all(is_hangul) {
        return Err(format!("\"{korean}\" is not a surname in Hangul"));
    }
    Ok(Surname { korean, spellings })
}

pub(super) fn surname_entry(surname: &str) -> Option<&'static Surname> {
    SURNAMES
        .binary_search_by(|entry| entry.korean.as_str().cmp(surname))
        .ok()
        .map(|index| &SURNAMES[index])
}

/// English spellings of a surname, the usual one first.
pub(super) fn surname_spellings(surname: &str) -> &'static [String] {
    surname_entry(surname).map_or(&[], |entry| &entry.spellings)
}

/// The usual English spelling of a surname ("이" → "Lee").
fn usual_spelling(surname: &str) -> &'static str {
    surname_spellings(surname)
        .first()
        .map_or("", String::as_str)
}

/// Split a Hangul name into surname and given name; two-syllable surnames ("남궁")
/// are tried first when the name is long enough to have one.
pub(super) fn split_surname(name: &str) -> Option<(&'static str, &str)> {
    let count = name.chars().count();
    if count < 2 || !name.chars().all(is_hangul) {
        return None;
    }
    [2, 1]
        .into_iter()
        .filter(|&syllables| count > syllables && (syllables == 1 || count >= 3))
        .find_map(|syllables| {
            let boundary = name.char_indices().nth(syllables)?.0;
            surname_entry(&name[..boundary])
                .map(|surname| (surname.korean.as_str(), &name[boundary..]))
        })
}

/// Whether a table person is Korean (and so gets Korean name variants and "of South
/// Korea"): a Korean surname written first in the English form. "Fumio Kishida" and
/// "Masayoshi Son" are not.
pub(super) fn is_korean_person(korean: &str, english: &str) -> bool {
    let Some((surname, _)) = split_surname(korean) else {
        return false;
    };
    let first = english.split(' ').next().unwrap_or("");
    surname_spellings(surname)
        .iter()
        .any(|spelling| spelling.eq_ignore_ascii_case(first))
}

/// The word with its first letter in upper case ("cheongun" → "Cheongun").
pub(super) fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// "주완" → "Ju-wan".
fn given_name(given: &str) -> String {
    let syllables: Vec<String> = given.chars().map(|c| romanize(&c.to_string())).collect();
    capitalize(&syllables.join("-"))
}

/// The spellings a syllable of a given name gets in English texts: Revised
/// Romanization and the older and popular ones ("석": seok, suk, sok...).
pub(super) fn syllable_spellings(syllable: char) -> Vec<String> {
    let Some((initial, vowel, last)) = jamo(syllable) else {
        return vec![syllable.to_string()];
    };
    let mut spellings = Vec::new();
    for first in INITIALS[initial] {
        for middle in VOWELS[vowel] {
            for end in FINALS[last] {
                spellings.push(format!("{first}{middle}{end}"));
            }
        }
    }
    if initial == SILENT_INITIAL && vowel == VOWEL_U {
        spellings.extend(
            FINALS[last]
                .iter()
                .flat_map(|end| [format!("woo{end}"), format!("wu{end}")]),
        );
    }
    spellings
}

/// Spellings of initial consonants, Revised Romanization first.
const INITIALS: [&[&str]; 19] = [
    &["g", "k"],
    &["kk", "gg", "k"],
    &["n"],
    &["d", "t"],
    &["tt", "dd"],
    &["r", "l", "n"],
    &["m"],
    &["b", "p"],
    &["pp", "bb"],
    &["s", "sh"],
    &["ss", "s"],
    &[""],
    &["j", "ch"],
    &["jj", "tch"],
    &["ch"],
    &["k"],
    &["t"],
    &["p"],
    &["h"],
];

/// Index of ㅇ, silent as an initial.
const SILENT_INITIAL: usize = 11;

/// Spellings of vowels, Revised Romanization first.
const VOWELS: [&[&str]; 21] = [
    &["a"],
    &["ae"],
    &["ya"],
    &["yae"],
    &["eo", "u", "o"],
    &["e", "ei"],
    &["yeo", "yu", "yo", "you"],
    &["ye"],
    &["o", "oh"],
    &["wa"],
    &["wae"],
    &["oe", "oi"],
    &["yo"],
    &["u", "oo"],
    &["wo", "weo"],
    &["we"],
    &["wi", "wee"],
    &["yu", "yoo"],
    &["eu", "u"],
    &["ui", "eui", "ee"],
    &["i", "ee"],
];

/// Index of ㅜ, which after a silent initial is also written "woo".
const VOWEL_U: usize = 13;

/// Spellings of final consonants, Revised Romanization first.
const FINALS: [&[&str]; 28] = [
    &[""],
    &["k", "g", "ck"],
    &["k"],
    &["k"],
    &["n"],
    &["n"],
    &["n"],
    &["t", "d"],
    &["l"],
    &["k"],
    &["m"],
    &["l"],
    &["l"],
    &["l"],
    &["p"],
    &["l"],
    &["m"],
    &["p", "b"],
    &["p"],
    &["t", "s"],
    &["t"],
    &["ng"],
    &["t"],
    &["t"],
    &["k"],
    &["t"],
    &["p"],
    &["t"],
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::parse_table;

    #[test]
    fn surnames_are_unique_with_latin_spellings() {
        let surnames = built_in_table("names/surnames.tsv", 2, 2, surname);
        assert!(surnames.len() > 50);
        assert!(
            surnames
                .windows(2)
                .all(|pair| pair[0].korean < pair[1].korean),
            "surnames.tsv is kept sorted, each surname once"
        );
        assert_eq!(surname_spellings("이"), ["Lee", "Yi", "Rhee", "Ri"]);
        let err = parse_table("s.tsv", "김\tKim, 金\n", 2, 2, surname).unwrap_err();
        assert!(
            err.message.starts_with("expected spellings in Latin"),
            "{err}"
        );
    }

    #[test]
    fn surname_spellings_are_recognized_in_any_case() {
        assert!(is_surname_spelling("Moon"));
        assert!(is_surname_spelling("RHEE"));
        assert!(!is_surname_spelling("Mathpresso"));
    }

    #[test]
    fn romanize_follows_revised_romanization() {
        assert_eq!(romanize("한국"), "hanguk");
        assert_eq!(romanize("서울"), "seoul");
        assert_eq!(romanize("부산"), "busan");
        assert_eq!(romanize("LG전자"), "LGjeonja");
    }

    #[test]
    fn person_names_use_the_table_or_surname_spelling_and_romanization() {
        assert_eq!(english_person_name("조주완"), "Cho Joo-wan");
        assert_eq!(english_person_name("김민수"), "Kim Min-su");
        assert_eq!(english_person_name("박형세"), "Park Hyoung-sei");
        assert_eq!(english_person_name("최태원"), "Chey Tae-won");
        assert_eq!(english_person_name("윤지호"), "Yoon Ji-ho");
        assert_eq!(english_person_name("남궁민수"), "Namgoong Min-su");
        assert_eq!(english_person_name("마크 저커버그"), "Mark Zuckerberg");
    }
}
