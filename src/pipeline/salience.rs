//! Which sentences of an article its summary draws on, chosen in Korean before anything
//! is translated: each translation is a chance to err, so only the sentences that carry
//! the article's news are translated with the care (several candidates, each scored
//! against its source) that a summary line needs.
//!
//! News puts what matters first, names who and how much, and keeps to its headline; so a
//! sentence counts by the headline words it shares, the names, numbers and times it
//! adds to what the sentences already chosen say, and its place in the article.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use super::glossary::Glossary;
use crate::lexicon::built_in_list;

/// A sentence shorter than this (in Hangul syllables and other letters) is a fragment
/// (a caption, a dateline), not a claim a summary can restate.
const MIN_SENTENCE_CHARS: usize = 8;

/// Past this many characters a sentence is so long that its translation goes wrong more
/// often (two agents, a dropped subject); it counts a little less.
const LONG_SENTENCE_CHARS: usize = 140;

/// Two sentences sharing more than this share of their character pairs say the same
/// thing (a lead restating the headline, a quote paraphrased again).
const SAME_SENTENCE: f64 = 0.6;

/// The share of its value a sentence at the end of an article keeps, against one of the
/// lead.
const LAST_POSITION_WEIGHT: f64 = 0.55;

static NUMBER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\d[\d,]*(?:\.\d+)?").expect("literal regex"));

/// One sentence of an article's body and the paragraph it is in.
#[derive(Debug, Clone, PartialEq)]
pub struct Sentence {
    /// Index of its paragraph.
    pub paragraph: usize,
    /// The Korean text.
    pub korean: String,
}

/// Korean words that say when (`data/terms/time_words.txt`): a plan's date is news an
/// analyst reads for. The words to pass to [`key_sentences`] as `time_words`.
pub fn time_words() -> &'static [&'static str] {
    static WORDS: LazyLock<Vec<String>> = LazyLock::new(|| built_in_list("terms/time_words.txt"));
    static TIME_WORDS: LazyLock<Vec<&'static str>> =
        LazyLock::new(|| WORDS.iter().map(String::as_str).collect());
    &TIME_WORDS
}

/// Last syllables of a full sentence (`data/terms/sentence_endings.txt`).
static SENTENCE_ENDINGS: LazyLock<Vec<char>> = LazyLock::new(|| {
    built_in_list("terms/sentence_endings.txt")
        .iter()
        .filter_map(|ending| ending.chars().next())
        .collect()
});

/// Whether a body line is a full sentence, one that ends with a verb's ending, rather
/// than a subtitle or headline in telegraphic style ("K2 전차 현지생산 비율은 이견",
/// "항공기 312편 결항…1240개교 휴업"): such a line has no verb or subject for the model
/// to keep, and it fills them in wrong, so no summary claim is drawn from it.
pub fn is_full_sentence(korean: &str) -> bool {
    if korean.contains('…') || korean.contains("...") {
        return false;
    }
    let last = korean.chars().rev().find(|c| c.is_alphanumeric());
    last.is_some_and(|c| SENTENCE_ENDINGS.contains(&c))
}

/// The indices (into `sentences`) of at most `count` sentences worth translating for the
/// summary, in reading order. `time_words` are Korean words that say when (a plan's
/// date is news an analyst reads for).
pub fn key_sentences(
    headline: Option<&str>,
    sentences: &[Sentence],
    glossary: &Glossary,
    time_words: &[&str],
    count: usize,
) -> Vec<usize> {
    let headline_pairs = headline.map(char_pairs).unwrap_or_default();
    let all: Vec<Features> = sentences
        .iter()
        .map(|sentence| Features::of(&sentence.korean, glossary, time_words))
        .collect();
    let last = sentences.len().saturating_sub(1).max(1) as f64;
    let mut told: HashSet<String> = HashSet::new();
    let mut chosen: Vec<usize> = Vec::new();
    while chosen.len() < count {
        let best = all
            .iter()
            .enumerate()
            .filter(|(index, features)| {
                !chosen.contains(index)
                    && features.letters >= MIN_SENTENCE_CHARS
                    && features.full_sentence
                    && chosen.iter().all(|&other| {
                        similarity(&features.pairs, &all[other].pairs) <= SAME_SENTENCE
                    })
            })
            .map(|(index, features)| {
                let position = 1.0 - (1.0 - LAST_POSITION_WEIGHT) * index as f64 / last;
                let value = features.value(&headline_pairs, &told) * position;
                (index, value)
            })
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        let Some((index, _)) = best else { break };
        told.extend(all[index].details.iter().cloned());
        chosen.push(index);
    }
    chosen.sort_unstable();
    chosen
}

/// What a sentence offers a summary.
struct Features {
    /// Letters, a measure of its length.
    letters: usize,
    /// Its pairs of adjacent Hangul syllables: the words it shares with others.
    pairs: HashSet<(char, char)>,
    /// The names, numbers and times it gives.
    details: HashSet<String>,
    /// Whether it is a full sentence (see [`is_full_sentence`]).
    full_sentence: bool,
}

impl Features {
    fn of(korean: &str, glossary: &Glossary, time_words: &[&str]) -> Self {
        let mut details: HashSet<String> = glossary
            .relevant_to(korean)
            .entries
            .into_iter()
            .map(|entry| entry.english.to_lowercase())
            .collect();
        details.extend(
            NUMBER
                .find_iter(korean)
                .map(|m| m.as_str().replace(',', "")),
        );
        details.extend(
            time_words
                .iter()
                .filter(|word| korean.contains(*word))
                .map(|word| word.to_string()),
        );
        Features {
            letters: korean.chars().filter(|c| c.is_alphanumeric()).count(),
            pairs: char_pairs(korean),
            details,
            full_sentence: is_full_sentence(korean),
        }
    }

    /// How much the sentence adds: a base for being a claim at all, the headline's
    /// words it shares (the story the article is about), and the details not yet told.
    fn value(&self, headline: &HashSet<(char, char)>, told: &HashSet<String>) -> f64 {
        let on_headline = if headline.is_empty() {
            0.0
        } else {
            self.pairs.intersection(headline).count() as f64 / headline.len() as f64
        };
        let new_details = self.details.iter().filter(|d| !told.contains(*d)).count() as f64;
        let length = if self.letters > LONG_SENTENCE_CHARS {
            LONG_SENTENCE_CHARS as f64 / self.letters as f64
        } else {
            1.0
        };
        (1.0 + 3.0 * on_headline + new_details.min(6.0)) * length
    }
}

/// The pairs of adjacent Hangul syllables of a text, within words.
fn char_pairs(text: &str) -> HashSet<(char, char)> {
    text.split_whitespace()
        .flat_map(|word| {
            let syllables: Vec<char> = word.chars().filter(|&c| is_hangul(c)).collect();
            syllables
                .windows(2)
                .map(|pair| (pair[0], pair[1]))
                .collect::<Vec<_>>()
        })
        .collect()
}

fn is_hangul(c: char) -> bool {
    ('\u{ac00}'..='\u{d7a3}').contains(&c)
}

/// The share of the smaller set's pairs the two share.
fn similarity(a: &HashSet<(char, char)>, b: &HashSet<(char, char)>) -> f64 {
    let smaller = a.len().min(b.len());
    if smaller == 0 {
        return 0.0;
    }
    a.intersection(b).count() as f64 / smaller as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_words_come_from_the_data_file() {
        assert!(time_words().contains(&"내년"));
        assert_eq!(
            time_words().len(),
            built_in_list("terms/time_words.txt").len()
        );
    }

    fn sentences(texts: &[&str]) -> Vec<Sentence> {
        texts
            .iter()
            .map(|korean| Sentence {
                paragraph: 0,
                korean: korean.to_string(),
            })
            .collect()
    }

    #[test]
    fn the_lead_and_sentences_with_new_numbers_come_first() {
        let body = sentences(&[
            "한국은행이 기준금리를 연 3.50%로 동결했다.",
            "회의는 오전에 열렸고 위원들이 모두 참석했다.",
            "한국은행은 올해 물가 상승률 전망치를 2.6%로 제시했다.",
            "사진",
        ]);
        let chosen = key_sentences(
            Some("한은, 기준금리 3.50% 동결"),
            &body,
            &Glossary::default(),
            &[],
            2,
        );
        assert_eq!(chosen, vec![0, 2]);
    }

    #[test]
    fn a_sentence_repeating_one_chosen_is_not_chosen_again() {
        let body = sentences(&[
            "광철노조가 오는 17일부터 무기한 총파업에 들어간다.",
            "광철노조는 오는 17일부터 무기한 총파업에 들어간다고 밝혔다.",
            "정부는 대체인력 2300명을 투입한다.",
        ]);
        let chosen = key_sentences(None, &body, &Glossary::default(), &[], 2);
        assert_eq!(chosen, vec![0, 2]);
    }

    #[test]
    fn a_time_word_is_a_detail() {
        let body = sentences(&[
            "두 회사는 협력을 논의했다고 밝혔다.",
            "두 회사는 내년에 새 기기를 함께 내놓을 계획이다.",
        ]);
        let chosen = key_sentences(None, &body, &Glossary::default(), &["내년"], 1);
        assert_eq!(chosen, vec![1]);
    }

    #[test]
    fn a_subtitle_in_telegraphic_style_is_no_claim() {
        assert!(is_full_sentence("정부는 대체인력 2300명을 투입한다."));
        assert!(is_full_sentence("\"내년에 내놓겠다\"고 말했다."));
        assert!(is_full_sentence("수출이 늘었을까?"));
        assert!(!is_full_sentence("K2 전차 현지생산 비율은 이견"));
        assert!(!is_full_sentence("항공기 312편 결항…1240개교 휴업했다"));
        assert!(!is_full_sentence("'수능 위주 전형' 권고 폐지"));
        let body = sentences(&[
            "수출 5.3% 증가…15개월 연속 흑자",
            "지난달 수출은 598억 달러로 5.3% 늘었다.",
        ]);
        let chosen = key_sentences(None, &body, &Glossary::default(), &[], 2);
        assert_eq!(chosen, vec![1]);
    }
}
