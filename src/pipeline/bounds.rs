//! Bounds on a number: "up to 1,500 won" where the source says about 1,500 won (1,500원
//! 안팎), "more than 310,000" for about 310,000 (약 31만명). The value is right, so the
//! number check passes, yet the bound tells the analyst something the source does not.
//! The kinds of bound, their English phrases and Korean markers are in
//! `data/verify/bounds.tsv`.

use std::sync::LazyLock;

use regex::Regex;

use super::numbers::{english_scale, korean_numbers_in_context};
use crate::lexicon::{built_in_rows, comma_list};

/// One kind of bound ("at most") and how each language says it.
struct BoundKind {
    name: String,
    english: Vec<String>,
    korean: Vec<String>,
}

static KINDS: LazyLock<Vec<BoundKind>> = LazyLock::new(|| {
    built_in_rows("verify/bounds.tsv", 3, 3)
        .into_iter()
        .map(|row| BoundKind {
            name: row[0].clone(),
            english: comma_list(&row[1])
                .into_iter()
                .map(|phrase| phrase.to_lowercase())
                .collect(),
            korean: comma_list(&row[2]),
        })
        .collect()
});

/// An English number with its scale word ("1.5 billion").
static ENGLISH_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(\d[\d,]*(?:\.\d+)?)(?:\s*(thousand|million|billion|trillion)\b)?")
        .expect("literal regex")
});

/// Characters of Korean before a number where its bound may stand ("최대 ").
const BEFORE_CHARS: usize = 4;
/// Characters of Korean after a number where its bound may stand ("원 이상", "여 명").
const AFTER_CHARS: usize = 8;

/// The bound phrase `before` ends with, and its kind.
fn english_bound(before: &str) -> Option<(&'static BoundKind, &'static str)> {
    let before = before
        .trim_end()
        .trim_end_matches('$')
        .trim_end()
        .to_lowercase();
    KINDS.iter().find_map(|kind| {
        kind.english
            .iter()
            .find(|phrase| {
                before.ends_with(phrase.as_str())
                    && before[..before.len() - phrase.len()]
                        .chars()
                        .next_back()
                        .is_none_or(|c| !c.is_alphanumeric())
            })
            .map(|phrase| (kind, phrase.as_str()))
    })
}

/// The first English number given a bound that no number of the same value in the
/// source has: "\"up to 1,500\" (the source gives no at most bound)". A number the
/// source does not give is left to the number check.
pub fn unsupported_bound(korean: &str, english: &str) -> Option<String> {
    let source = korean_numbers_in_context(korean);
    ENGLISH_NUMBER.captures_iter(english).find_map(|captures| {
        let whole = captures.get(0)?;
        let (kind, phrase) = english_bound(&english[..whole.start()])?;
        let value = captures[1].replace(',', "").parse::<f64>().ok()?
            * english_scale(captures.get(2).map(|unit| unit.as_str()));
        let same: Vec<(&str, &str)> = source
            .iter()
            .filter(|(source, ..)| (source - value).abs() <= 1e-9 * value.abs().max(1.0))
            .map(|(_, before, after)| (*before, *after))
            .collect();
        let near = |(before, after): &(&str, &str)| {
            let before: String = {
                let chars: Vec<char> = before.chars().collect();
                chars[chars.len().saturating_sub(BEFORE_CHARS)..]
                    .iter()
                    .collect()
            };
            let after: String = after.chars().take(AFTER_CHARS).collect();
            kind.korean
                .iter()
                .any(|marker| before.contains(marker.as_str()) || after.contains(marker.as_str()))
        };
        (!same.is_empty() && !same.iter().any(near)).then(|| {
            format!(
                "\"{phrase} {}\" (the source gives no {} bound there)",
                whole.as_str(),
                kind.name
            )
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bound_the_source_does_not_give_is_caught() {
        let about = "참여 약국에는 조제 1건당 1,500원 안팎의 관리료가 지급된다.";
        assert!(unsupported_bound(about, "Pharmacies get up to 1,500 won per case.").is_some());
        assert_eq!(
            unsupported_bound(about, "Pharmacies get about 1,500 won per case."),
            None
        );
        let roughly = "약 31만명이 동시에 접속했다.";
        assert!(unsupported_bound(roughly, "More than 310,000 people watched.").is_some());
        assert!(unsupported_bound(roughly, "more than 310 thousand people").is_some());
        assert_eq!(
            unsupported_bound(roughly, "About 310,000 people watched."),
            None
        );
    }

    #[test]
    fn a_bound_the_source_gives_passes() {
        let most = "보조금은 최대 500만원까지 지원된다.";
        assert_eq!(
            unsupported_bound(most, "Subsidies of up to 5 million won are given."),
            None
        );
        assert_eq!(
            unsupported_bound("1천100여 명이 대피했다.", "More than 1,100 people left."),
            None
        );
        assert_eq!(
            unsupported_bound("관객 300만 명을 넘었다.", "Over 3 million viewers came."),
            None
        );
        assert_eq!(
            unsupported_bound("매출은 10% 늘었다.", "Sales rose more than 20%."),
            None,
            "a number the source does not give is the number check's"
        );
    }
}
