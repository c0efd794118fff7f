//! Loanwords: Korean news writes foreign names and words in Hangul (매스프레소 for
//! Mathpresso, 엔터테인먼트 for Entertainment, 콘텐츠 for Content), so a correct translation names
//! things the source has no Latin letters for. A capitalized English word is accepted as
//! a loanword when its consonants, as Korean hears them, are those at the start of a
//! Hangul word of the source.
//!
//! Only consonants are compared, by sound class (t/d, p/b/f/v, k/g/c, s/z/j/ch, l/r, m,
//! n): vowels in loanwords shift too much to compare. To keep invented names out, a
//! word needs at least three consonant classes, must match from the start of a Hangul
//! word, and a run of capitalized words ("Home Entertainment") may match as one.

use super::glossary::{is_surname_spelling, jamo};

/// Consonant classes of English spelling as Korean loanwords render them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sound {
    K,
    N,
    /// English "th", which Korean writes as ㅅ or ㄷ/ㅌ.
    Th,
    T,
    L,
    M,
    P,
    S,
}

/// Fewest consonant classes a word must have to be matched at all, and fewest Hangul
/// syllables it must match: less is far too easy to find by chance (Moon in 문제, and
/// "Asan" in 예정, whose first syllable has no consonant).
const MIN_SOUNDS: usize = 3;
const MIN_SYLLABLES: usize = 2;

/// A word of only two consonant classes ("Taylor", T-L) is matched only by a whole
/// Hangul word of at least this many syllables (테일러), where chance rarely lands.
const SHORT_SKELETON_MIN_SYLLABLES: usize = 3;

/// From this many classes on, the last class may differ (콘텐츠 for "Content") where
/// the match takes the whole Hangul word, or all of it but a particle.
const TOLERANT_FROM: usize = 4;

/// Consonant skeleton of an English word, runs of the same class collapsed: "Taylor"
/// is T-L (an r before a consonant or at the end is silent, as in Korean loanwords).
fn english_sounds(word: &str) -> Vec<Sound> {
    let letters: Vec<char> = word
        .chars()
        .filter(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let is_vowel = |c: Option<&char>| matches!(c, Some('a' | 'e' | 'i' | 'o' | 'u' | 'y'));
    let mut sounds = Vec::new();
    let mut index = 0;
    while index < letters.len() {
        let next = letters.get(index + 1);
        let (sound, width) = match (letters[index], next) {
            ('c' | 's', Some('h')) => (Some(Sound::S), 2),
            ('t', Some('h')) => (Some(Sound::Th), 2),
            ('p', Some('h')) => (Some(Sound::P), 2),
            ('g', Some('h')) => (None, 2),
            ('c', Some('k')) => (Some(Sound::K), 2),
            ('n', Some('g')) if !is_vowel(letters.get(index + 2)) => (Some(Sound::N), 2),
            ('c', Some('e' | 'i' | 'y')) => (Some(Sound::S), 1),
            ('c' | 'g' | 'k' | 'q', _) => (Some(Sound::K), 1),
            ('x', _) => {
                sounds.push(Sound::K);
                (Some(Sound::S), 1)
            }
            ('t' | 'd', _) => (Some(Sound::T), 1),
            ('p' | 'b' | 'f' | 'v', _) => (Some(Sound::P), 1),
            ('s' | 'z' | 'j', _) => (Some(Sound::S), 1),
            ('l', _) => (Some(Sound::L), 1),
            ('r', _) if is_vowel(next) => (Some(Sound::L), 1),
            ('m', _) => (Some(Sound::M), 1),
            ('n', _) => (Some(Sound::N), 1),
            _ => (None, 1),
        };
        sounds.extend(sound);
        index += width;
    }
    collapsed(sounds)
}

/// Consonant skeleton of each syllable of a Hangul word.
fn hangul_sounds(syllable: char) -> Vec<Sound> {
    let Some((initial, _, last)) = jamo(syllable) else {
        return Vec::new();
    };
    let initial = match initial {
        0 | 1 | 15 => Some(Sound::K),
        2 => Some(Sound::N),
        3 | 4 | 16 => Some(Sound::T),
        5 => Some(Sound::L),
        6 => Some(Sound::M),
        7 | 8 | 17 => Some(Sound::P),
        9 | 10 | 12 | 13 | 14 => Some(Sound::S),
        _ => None,
    };
    let last = match last {
        1..=3 | 24 => Some(Sound::K),
        4..=6 | 21 => Some(Sound::N),
        7 | 19 | 20 | 22 | 23 | 25 => Some(Sound::T),
        8..=15 => Some(Sound::L),
        16 => Some(Sound::M),
        17 | 18 | 26 => Some(Sound::P),
        _ => None,
    };
    initial.into_iter().chain(last).collect()
}

fn collapsed(mut sounds: Vec<Sound>) -> Vec<Sound> {
    sounds.dedup();
    sounds
}

/// Whether a Hangul class is heard as an English one.
fn same_sound(korean: Sound, english: Sound) -> bool {
    korean == english || (english == Sound::Th && matches!(korean, Sound::S | Sound::T))
}

/// Whether the Hangul skeleton `sounds` is the English `wanted`; with `tolerant`, the
/// last class of a long skeleton may differ.
fn sounds_match(sounds: &[Sound], wanted: &[Sound], tolerant: bool) -> bool {
    let Some(last) = wanted.len().checked_sub(1) else {
        return false;
    };
    sounds.len() == wanted.len()
        && sounds[..last]
            .iter()
            .zip(&wanted[..last])
            .all(|(korean, english)| same_sound(*korean, *english))
        && (same_sound(sounds[last], wanted[last]) || (tolerant && wanted.len() >= TOLERANT_FROM))
}

/// Whether the English `words` (one word, or a run of capitalized words read as one)
/// sound like the start of some Hangul word of `korean`: a loanword, not an invention.
pub fn is_loanword(words: &[&str], korean: &str) -> bool {
    let wanted = collapsed(words.iter().flat_map(|word| english_sounds(word)).collect());
    let short = wanted.len() + 1 == MIN_SOUNDS;
    if wanted.len() + 1 < MIN_SOUNDS || words.iter().any(|word| is_surname_spelling(word)) {
        return false;
    }
    korean
        .split(|c: char| jamo(c).is_none())
        .filter(|word| !word.is_empty())
        .any(|word| {
            let syllables: Vec<char> = word.chars().collect();
            let mut sounds = Vec::new();
            syllables.iter().enumerate().any(|(index, syllable)| {
                sounds.extend(hangul_sounds(*syllable));
                sounds.dedup();
                let whole_word = index + 2 >= syllables.len();
                let long_enough = if short {
                    index + 1 == syllables.len() && index + 1 >= SHORT_SKELETON_MIN_SYLLABLES
                } else {
                    index + 1 >= MIN_SYLLABLES
                };
                long_enough && sounds_match(&sounds, &wanted, whole_word)
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loanwords_in_hangul_are_recognized() {
        assert!(is_loanword(
            &["Home", "Entertainment"],
            "HE(홈엔터테인먼트)사업본부장"
        ));
        assert!(is_loanword(&["Content"], "K-콘텐츠 투자 협력"));
        assert!(is_loanword(&["Mathpresso"], "매스프레소와 함께"));
        assert!(is_loanword(
            &["Taylor"],
            "테일러 공장은 건설을 진행 중이다."
        ));
    }

    #[test]
    fn invented_names_are_not_loanwords() {
        // "Moon" has one consonant class: far too easy to find (문제).
        assert!(!is_loanword(&["Moon"], "문제를 논의했다."));
        assert!(!is_loanword(&["Moon"], "무늬를 논의했다."));
        assert!(!is_loanword(&["Mun"], "문제를 논의했다."));
        assert!(!is_loanword(&["Asan"], "완공될 예정이며 양산에 들어가"));
        // Two consonant classes are too few to tell a loanword from chance, unless
        // they are a whole Hangul word of three syllables or more.
        assert!(!is_loanword(&["Taylor"], "델리 공장은 건설을 진행 중이다."));
        assert!(!is_loanword(&["Taylor"], "테일러가 건설을 진행 중이다."));
        assert!(!is_loanword(&["December"], "지난달 27∼29일 방한해"));
        assert!(!is_loanword(&["Debezium"], "데브즈유나이티드게임즈"));
        assert!(!is_loanword(&["Storage"], "스토익엔터테인먼트"));
        // The match must start a Hangul word, not sit inside one.
        assert!(!is_loanword(&["Tema"], "엔터테인먼트"));
        assert!(!is_loanword(&["Entertainment"], "스토익엔터테인먼트"));
    }

    #[test]
    fn english_skeletons_follow_korean_hearing() {
        use Sound::*;
        assert_eq!(english_sounds("Taylor"), vec![T, L]);
        assert_eq!(english_sounds("Entertainment"), vec![N, T, N, M, N, T]);
        assert_eq!(english_sounds("Quest"), vec![K, S, T]);
        assert_eq!(english_sounds("Mathpresso"), vec![M, Th, P, L, S]);
    }
}
