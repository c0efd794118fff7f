//! What a number counts: "10명" counts people, and a translation that writes "10
//! companies" for it (the source counts five companies and ten people) gives the right
//! number of the wrong thing. The kinds and their Korean counters and English nouns are
//! in `data/verify/counters.tsv`.

use std::sync::LazyLock;

use regex::Regex;

use super::numbers::{english_value, korean_numbers_with_tail, same_value};
use super::verify::words;
use crate::lexicon::{built_in_rows, comma_list, lowercase_comma_list};

/// One kind of counted thing.
struct CountedKind {
    name: String,
    korean_counters: Vec<String>,
    english_nouns: Vec<String>,
}

static KINDS: LazyLock<Vec<CountedKind>> = LazyLock::new(|| {
    built_in_rows("verify/counters.tsv", 3, 3)
        .into_iter()
        .map(|row| CountedKind {
            name: row[0].clone(),
            korean_counters: comma_list(&row[1]),
            english_nouns: lowercase_comma_list(&row[2]),
        })
        .collect()
});

/// An English number and what follows it up to the end of its sentence part (a comma
/// may sit among the words before the noun: "10 farming, fishing-related companies").
static ENGLISH_COUNT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(\d[\d,]*(?:\.\d+)?)(?:\s*(thousand|million|billion|trillion)\b)?([^.;:()]*)",
    )
    .expect("literal regex")
});

/// English words read after a number before its counted noun ("10 AI-related domestic
/// startup companies"): past them the noun belongs to another phrase.
const WORDS_TO_THE_NOUN: usize = 8;

/// The kind a Korean counter right after a number counts, if the tables know it (the
/// longest counter wins: "개 기업" over a bare "개").
fn korean_kind(tail: &str) -> Option<&'static str> {
    let tail = tail.trim_start_matches(' ');
    KINDS
        .iter()
        .flat_map(|kind| {
            kind.korean_counters
                .iter()
                .filter(|counter| tail.starts_with(counter.as_str()))
                .map(move |counter| (counter.chars().count(), kind.name.as_str()))
        })
        .max_by_key(|(length, _)| *length)
        .map(|(_, name)| name)
}

/// Words that start another phrase after a count ("10 heads of five startups").
const PHRASE_ENDS: [&str; 9] = ["of", "from", "at", "in", "with", "by", "for", "to", "on"];

/// The kind the first known English noun after a number counts.
fn english_kind(after: &str) -> Option<&'static str> {
    let phrase = words(after).take_while(|word| !PHRASE_ENDS.contains(&word.as_str()));
    phrase.take(WORDS_TO_THE_NOUN).find_map(|word| {
        KINDS
            .iter()
            .find(|kind| kind.english_nouns.contains(&word))
            .map(|kind| kind.name.as_str())
    })
}

/// An English count of another kind than the source's count of the same number: "10
/// companies (the source counts person)". Only where the source counts that number with
/// a counter the tables know, and never with the English kind.
pub fn miscounted(korean: &str, english: &str) -> Option<String> {
    let source: Vec<(f64, &'static str)> = korean_numbers_with_tail(korean)
        .into_iter()
        .filter_map(|(value, tail)| korean_kind(tail).map(|kind| (value, kind)))
        .collect();
    ENGLISH_COUNT.captures_iter(english).find_map(|captures| {
        let value = english_value(&captures[1], captures.get(2).map(|unit| unit.as_str()))?;
        let kind = english_kind(captures.get(3).map_or("", |after| after.as_str()))?;
        let same_number: Vec<&str> = source
            .iter()
            .filter(|(source, _)| same_value(*source, value))
            .map(|(_, kind)| *kind)
            .collect();
        (!same_number.is_empty() && !same_number.contains(&kind)).then(|| {
            format!(
                "\"{}\" (the source counts {} there)",
                captures[0].trim(),
                same_number[0]
            )
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_index_level_written_as_money_is_caught() {
        let korean = "코스피는 3,012.37에 마치며 3,000선을 되찾았고 외국인이 4,820억원어치를 샀다.";
        assert!(miscounted(korean, "The KOSPI recovered 3,000 won in one day.").is_some());
        assert_eq!(
            miscounted(korean, "The KOSPI regained the 3,000 level."),
            None
        );
        assert_eq!(
            miscounted(korean, "Foreigners bought 482 billion won worth."),
            None
        );
    }

    #[test]
    fn a_day_of_the_month_written_as_a_number_of_days_is_caught() {
        let korean = "그는 28일 서울에서 회장을 만났고 3일간 머문다.";
        assert!(miscounted(korean, "He met the chairman in Seoul in 28 days.").is_some());
        assert_eq!(
            miscounted(korean, "He met the chairman in Seoul on the 28th."),
            None
        );
        assert_eq!(miscounted(korean, "He stays for 3 days."), None);
    }

    #[test]
    fn a_count_of_people_written_as_companies_is_caught() {
        let korean = "농가 5곳의 주민 10명이 대피했다.";
        assert!(miscounted(
            korean,
            "10 farming and fishing-related rural companies were evacuated."
        )
        .is_some());
        assert!(miscounted(
            korean,
            "10 farming, fishing-related rural companies were evacuated."
        )
        .is_some());
        assert_eq!(
            miscounted(korean, "10 residents of five farms were evacuated."),
            None,
            "a count of the right kind, or a noun too far, is fine"
        );
        assert_eq!(
            miscounted(korean, "10 heads of 5 farms were evacuated."),
            None
        );
        assert!(miscounted(korean, "5 people were evacuated.").is_some());
    }

    #[test]
    fn units_scale_and_counters_with_their_noun_count_organizations() {
        let korean = "국내 3개 기업과 1만명이 참여했다.";
        assert_eq!(
            miscounted(korean, "3 companies and 10,000 people took part."),
            None
        );
        assert!(miscounted(korean, "10,000 companies took part.").is_some());
        assert!(miscounted(korean, "3 people took part.").is_some());
    }

    #[test]
    fn a_number_the_tables_do_not_count_is_left_alone() {
        assert_eq!(
            miscounted("매출이 10% 늘었다.", "Sales of 10 companies rose."),
            None
        );
        assert_eq!(miscounted("10명이 다쳤다.", "10 were injured."), None);
    }
}
