//! Bounds on a number: "up to 1,500 won" where the source says about 1,500 won (1,500원
//! 안팎), "more than 310,000" for about 310,000 (약 31만명). The value is right, so the
//! number check passes, yet the bound tells the analyst something the source does not.
//! The kinds of bound, their English phrases and Korean markers are in
//! `data/verify/bounds.tsv`. A deadline is a bound on a year: "2030년까지" (by 2030)
//! written "in 2030" dates the thing itself (`data/verify/deadlines.tsv`). A span counted
//! up to an event is a bound on its time: "10년 만에 방한" (back after ten years) written
//! "visited ten years ago" moves the visit a decade back (`data/verify/intervals.tsv`).

use std::sync::LazyLock;

use regex::Regex;

use super::numbers::{english_value, korean_numbers_in_context, same_value};
use crate::lexicon::{built_in_list, built_in_rows, comma_list, lowercase_comma_list};

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
            english: lowercase_comma_list(&row[1]),
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
        let value = english_value(&captures[1], captures.get(2).map(|unit| unit.as_str()))?;
        let same: Vec<(&str, &str)> = source
            .iter()
            .filter(|(source, ..)| same_value(*source, value))
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

/// One deadline marker of `data/verify/deadlines.tsv` and the English words that turn a
/// year it bounds into a point in time.
struct Deadline {
    korean: String,
    point_words: Vec<String>,
}

static DEADLINES: LazyLock<Vec<Deadline>> = LazyLock::new(|| {
    built_in_rows("verify/deadlines.tsv", 2, 2)
        .into_iter()
        .map(|row| Deadline {
            korean: row[0].clone(),
            point_words: lowercase_comma_list(&row[1]),
        })
        .collect()
});

/// A Korean year ("2030년") and the few characters after it where a deadline marker
/// stands ("까지", " 말까지").
static KOREAN_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\d{4})\s*년([^\d,.;()]{0,6})").expect("literal regex"));

/// An English year and the word before it.
static ENGLISH_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b([a-z]+)\s+(\d{4})\b").expect("literal regex"));

/// A year the source gives only as a deadline ("2030년까지", by 2030) written as the
/// year a thing happens ("in 2030"): "\"in 2030\" (the source gives 2030 as a
/// deadline: 까지)".
pub fn lost_deadline(korean: &str, english: &str) -> Option<String> {
    DEADLINES.iter().find_map(|deadline| {
        let mentions: Vec<(&str, bool)> = KOREAN_YEAR
            .captures_iter(korean)
            .filter_map(|captures| {
                let year = captures.get(1)?.as_str();
                let after = captures.get(2).map_or("", |tail| tail.as_str());
                Some((year, after.contains(deadline.korean.as_str())))
            })
            .collect();
        ENGLISH_YEAR.captures_iter(english).find_map(|captures| {
            let word = captures[1].to_lowercase();
            let year = &captures[2];
            let of_year: Vec<bool> = mentions
                .iter()
                .filter(|(source, _)| *source == year)
                .map(|(_, bounded)| *bounded)
                .collect();
            (deadline.point_words.contains(&word)
                && !of_year.is_empty()
                && of_year.iter().all(|bounded| *bounded))
            .then(|| {
                format!(
                    "\"{}\" (the source gives {year} as a deadline: {})",
                    &captures[0], deadline.korean
                )
            })
        })
    })
}

/// A marker of a span counted up to the event ("만에") and the English words that would
/// put the event that span ago instead (`data/verify/intervals.tsv`).
struct Interval {
    korean: String,
    before_now_words: Vec<String>,
}

static INTERVALS: LazyLock<Vec<Interval>> = LazyLock::new(|| {
    built_in_rows("verify/intervals.tsv", 2, 2)
        .into_iter()
        .map(|row| Interval {
            korean: row[0].clone(),
            before_now_words: lowercase_comma_list(&row[1]),
        })
        .collect()
});

/// Korean units of a span of time and the English word of each.
const SPAN_UNITS: &[(&str, &str)] = &[
    ("년", "year"),
    ("개월", "month"),
    ("달", "month"),
    ("주일", "week"),
    ("주", "week"),
    ("일", "day"),
    ("시간", "hour"),
];

static ENGLISH_SPAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(year|month|week|day|hour)s?\s+([a-z]+)\b").expect("literal regex")
});

/// A span the source counts up to the event ("10년 만에 방한", after ten years) that the
/// translation writes as a time before now ("ten years ago"), with why; None when the
/// source also counts that unit back ("10년 전").
pub fn lost_interval(korean: &str, english: &str) -> Option<String> {
    let compact: String = korean.chars().filter(|c| !c.is_whitespace()).collect();
    INTERVALS.iter().find_map(|interval| {
        ENGLISH_SPAN.captures_iter(english).find_map(|captures| {
            let unit = captures[1].to_lowercase();
            let word = captures[2].to_lowercase();
            if !interval.before_now_words.contains(&word) {
                return None;
            }
            let korean_units = SPAN_UNITS.iter().filter(|(_, english)| *english == unit);
            let mut counted_up = false;
            for (korean_unit, _) in korean_units {
                if compact.contains(&format!("{korean_unit}전")) {
                    return None;
                }
                counted_up |= compact.contains(&format!("{korean_unit}{}", interval.korean));
            }
            counted_up.then(|| {
                format!(
                    "\"{}\" (the source counts the span up to the event: {})",
                    &captures[0], interval.korean
                )
            })
        })
    })
}

/// Whether a Korean number gives the value a figure changed to or the amount it changed
/// by, read from what follows it (`data/verify/change_amounts.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ChangeRole {
    End,
    Amount,
}

/// The English words before a number that give it each role, and the Korean particles
/// that make a number the end value.
struct ChangeAmounts {
    english: Vec<(ChangeRole, Vec<String>)>,
    end_particles: Vec<String>,
}

static CHANGE_AMOUNTS: LazyLock<ChangeAmounts> = LazyLock::new(|| {
    let mut amounts = ChangeAmounts {
        english: Vec::new(),
        end_particles: Vec::new(),
    };
    for row in built_in_rows("verify/change_amounts.tsv", 2, 3) {
        let role = if row[0] == "end" {
            ChangeRole::End
        } else {
            ChangeRole::Amount
        };
        if role == ChangeRole::End {
            amounts.end_particles.extend(
                row.get(2)
                    .map(|field| comma_list(field))
                    .unwrap_or_default(),
            );
        }
        amounts.english.push((role, lowercase_comma_list(&row[1])));
    }
    amounts
});

static CHANGE_VERBS: LazyLock<Vec<String>> =
    LazyLock::new(|| built_in_list("verify/korean_change_verbs.txt"));

/// Words after "N으로" in which the change verb may stand ("6만t으로 생산능력을 두 배로
/// 늘리는").
const END_VERB_WORDS: usize = 4;

/// The role the Korean gives a number, from the text after it; None when it is no
/// change's value or amount.
fn korean_change_role(after: &str) -> Option<ChangeRole> {
    let mut words = after.split_whitespace();
    // The number's unit is written against it ("6만t으로", "12%") or as its own word
    // ("200억 달러로").
    let attached = !after.starts_with(char::is_whitespace);
    let unit = words.next()?;
    let starts_a_verb = |word: &str| {
        CHANGE_VERBS
            .iter()
            .any(|verb| word.starts_with(verb.as_str()))
    };
    let rest: Vec<&str> = words.take(END_VERB_WORDS).collect();
    let ends_with_particle = CHANGE_AMOUNTS
        .end_particles
        .iter()
        .any(|particle| unit.ends_with(particle.as_str()));
    if ends_with_particle && rest.iter().any(|word| starts_a_verb(word)) {
        return Some(ChangeRole::End);
    }
    let bare_unit = attached
        && unit
            .chars()
            .all(|c| !c.is_alphabetic() || c.is_ascii() || is_counter(c));
    (bare_unit && rest.first().is_some_and(|word| starts_a_verb(word)))
        .then_some(ChangeRole::Amount)
}

/// Whether a Hangul syllable is a counter or a currency a number is written with.
fn is_counter(c: char) -> bool {
    matches!(
        c,
        '원' | '명' | '개' | '대' | '톤' | '배' | '건' | '곳' | '만' | '억' | '조'
    )
}

/// The first English number written as the other kind of a change than the source's:
/// "by 60,000" where the source raises the figure to 60,000 (6만t으로 늘린다), or "to
/// 12%" where it rises by 12% (12% 늘어난). A number the source does not give, or gives
/// in both roles, is left alone.
pub fn swapped_change_amount(korean: &str, english: &str) -> Option<String> {
    let source = korean_numbers_in_context(korean);
    let lower = english.to_lowercase();
    ENGLISH_NUMBER.captures_iter(english).find_map(|captures| {
        let whole = captures.get(0)?;
        let before = lower[..whole.start()].trim_end();
        let word = before.rsplit(|c: char| !c.is_alphanumeric()).next()?;
        let (english_role, _) = CHANGE_AMOUNTS
            .english
            .iter()
            .find(|(_, words)| words.iter().any(|w| w == word))?;
        let value = english_value(&captures[1], captures.get(2).map(|unit| unit.as_str()))?;
        let roles: Vec<Option<ChangeRole>> = source
            .iter()
            .filter(|(source, ..)| same_value(*source, value))
            .map(|(_, _, after)| korean_change_role(after))
            .collect();
        let other = roles
            .first()
            .copied()
            .flatten()
            .filter(|role| role != english_role)?;
        roles.iter().all(|role| *role == Some(other)).then(|| {
            let says = match other {
                ChangeRole::End => "the value it changed to",
                ChangeRole::Amount => "the amount it changed by",
            };
            format!("\"{word} {}\" (the source gives {says})", whole.as_str())
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_s_end_value_and_its_amount_are_not_swapped() {
        let korean = "회사는 2028년까지 연간 생산능력을 4만대로 두 배 늘리기로 했다.";
        assert!(swapped_change_amount(
            korean,
            "The company will increase its annual capacity by 40,000 units by 2028."
        )
        .is_some());
        assert_eq!(
            swapped_change_amount(
                korean,
                "The company will double its annual capacity to 40,000 units by 2028."
            ),
            None
        );
        let korean = "지난달 수출은 1년 전보다 12% 늘어난 58억 달러로 집계됐다.";
        assert!(swapped_change_amount(korean, "Exports rose to 12% last month.").is_some());
        assert_eq!(
            swapped_change_amount(
                korean,
                "Exports rose 12% from a year earlier to 5.8 billion dollars last month."
            ),
            None
        );
        // A number that is no change's value or amount is left alone.
        assert_eq!(
            swapped_change_amount("회의는 10일까지 열린다.", "The meeting runs to 10 May."),
            None
        );
    }

    #[test]
    fn a_deadline_written_as_the_year_it_happens_is_caught() {
        let korean = "양국은 교역액을 2030년까지 200억달러로 늘리기로 했다.";
        assert!(lost_deadline(korean, "Trade will rise to $20 billion in 2030.").is_some());
        assert_eq!(
            lost_deadline(korean, "Trade will rise to $20 billion by 2030."),
            None
        );
        assert!(lost_deadline("2027년 말까지 짓는다.", "It is built in 2027.").is_some());
        assert_eq!(
            lost_deadline("2030년 개장하며 2030년까지 완공한다.", "It opens in 2030."),
            None,
            "a year the source also gives as a point in time"
        );
    }

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

    #[test]
    fn a_span_up_to_the_event_written_as_a_time_ago_is_caught() {
        let korean = "그 밴드는 10년 만에 부산에서 공연했다.";
        assert!(lost_interval(korean, "The band played in Busan 10 years ago.").is_some());
        assert_eq!(
            lost_interval(
                korean,
                "The band played in Busan for the first time in 10 years."
            ),
            None
        );
        assert_eq!(
            lost_interval(
                "그는 10년 전 방한했고 10년 만에 다시 왔다.",
                "He visited 10 years ago."
            ),
            None
        );
        assert!(
            lost_interval("7개월만에 다시 찾았다.", "He came back seven months ago.").is_some()
        );
    }
}
