//! How Korean text joins words to a name: a name starts a word of its own (Korean
//! attaches particles after a name, never before it), and particles follow it
//! ("조주완은", "회장이"), which must come off before the name or title is looked up.

use std::collections::HashSet;
use std::sync::LazyLock;

use crate::lexicon::{built_in_list, built_in_table};

/// Particles and endings that attach to a name or title, longest first.
static PARTICLES: LazyLock<Vec<String>> = LazyLock::new(|| built_in_list("names/particles.txt"));

/// The particles that may follow a name, longest first: the first that fits is the
/// one to take off.
pub(super) fn particles() -> impl Iterator<Item = &'static str> {
    PARTICLES.iter().map(String::as_str)
}

pub(super) fn is_hangul(c: char) -> bool {
    ('\u{ac00}'..='\u{d7a3}').contains(&c)
}

/// Where `name` occurs in `text` as the start of a word: not after a letter of its own
/// script. Korean attaches particles after a name, never before it, so "한은" (the Bank
/// of Korea) inside "방한은" (the visit to Korea) is no name.
pub(super) fn word_starts<'t>(text: &'t str, name: &'t str) -> impl Iterator<Item = usize> + 't {
    let hangul_name = name.chars().next().is_some_and(is_hangul);
    text.match_indices(name)
        .map(|(start, _)| start)
        .filter(move |start| {
            let previous = text[..*start].chars().next_back();
            !previous.is_some_and(|c| {
                if hangul_name {
                    is_hangul(c)
                } else {
                    c.is_ascii_alphanumeric()
                }
            })
        })
}

/// The ways to read `word` as stem + particle, the bare word first.
pub(super) fn particle_splits(word: &str) -> Vec<(&str, &'static str)> {
    let mut splits = vec![(word, "")];
    for particle in particles() {
        if let Some(stem) = word.strip_suffix(particle).filter(|stem| !stem.is_empty()) {
            splits.push((stem, particle));
        }
    }
    splits
}

/// The Hangul syllables of a built-in list with one syllable per line.
pub(super) fn syllables(name: &str) -> HashSet<char> {
    built_in_table(name, 1, 1, |fields| {
        let mut chars = fields[0].chars();
        match (chars.next(), chars.next()) {
            (Some(syllable), None) if is_hangul(syllable) => Ok(syllable),
            _ => Err(format!(
                "\"{}\" is not one Hangul syllable: expected one syllable per line",
                fields[0]
            )),
        }
    })
    .into_iter()
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn particles_come_off_longest_first() {
        let particles: Vec<&str> = particles().collect();
        for (index, particle) in particles.iter().enumerate() {
            assert!(particle.chars().all(is_hangul), "{particle}");
            assert!(
                particles[index + 1..]
                    .iter()
                    .all(|later| !later.starts_with(particle) || later == particle),
                "a longer particle starting with {particle} comes after it"
            );
        }
        assert_eq!(
            particle_splits("회장에게서"),
            vec![("회장에게서", ""), ("회장", "에게서")]
        );
    }

    #[test]
    fn a_name_starts_a_word() {
        assert_eq!(
            word_starts("한은 방한은", "한은").collect::<Vec<_>>(),
            vec![0]
        );
        assert_eq!(word_starts("LG와 SLG", "LG").collect::<Vec<_>>(), vec![0]);
    }
}
