//! Korean numbers with the large units 만 (10⁴), 억 (10⁸) and 조 (10¹²). The small model
//! misreads them ("60만" came back as 60,000, "5억" as 50 million), so the text it is
//! asked to translate carries them as English numerals, and the checks read a
//! composite such as "1조2000억" as the one value it is.

use std::sync::LazyLock;

use regex::{Captures, Regex};

use crate::lexicon::built_in_table;

/// A number with optional units, as Korean writes it: "60만", "5억", "3천만",
/// "1조 2000억", "9300조", "3.5". A unit follows its digits directly or after one space.
static KOREAN_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\d[\d,]*(?:\.\d+)?(?:\s?[천백]?[조억만]|\s?[천백])?(?:\s?\d[\d,]*(?:\.\d+)?\s?(?:[천백]?[억만]|[천백]))*(?:\d[\d,]*)?(?:\s?원)?",
    )
    .expect("literal regex")
});

/// One part of a composite number: digits, an optional 천/백 and an optional large unit.
static PART: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d[\d,]*(?:\.\d+)?)\s?([천백])?([조억만])?").expect("literal regex")
});

/// The value of one part's units ("천만" = 10⁷).
fn unit_value(part: &Captures<'_>) -> f64 {
    let small = match part.get(2).map(|unit| unit.as_str()) {
        Some("천") => 1e3,
        Some("백") => 1e2,
        _ => 1.0,
    };
    let large = match part.get(3).map(|unit| unit.as_str()) {
        Some("조") => 1e12,
        Some("억") => 1e8,
        Some("만") => 1e4,
        _ => 1.0,
    };
    small * large
}

/// Every value a Korean text's numbers can stand for: each number as written ("5" in
/// "5억", which a translation may keep as a count) and with its units applied (5억 =
/// 500,000,000; 1조2000억 = 1.2 trillion).
pub fn korean_values(korean: &str) -> Vec<f64> {
    let mut values = Vec::new();
    for number in KOREAN_NUMBER.find_iter(korean) {
        let parts = parts(number.as_str());
        values.extend(parts.iter().map(|(digits, _)| digits));
        values.push(parts.iter().map(|(_, value)| value).sum());
    }
    let tokens: Vec<&str> = korean.split(|c: char| !c.is_alphanumeric()).collect();
    values.extend(
        NATIVE_NUMBERS
            .iter()
            .filter(|(word, _)| tokens.iter().any(|token| token.starts_with(word.as_str())))
            .map(|(_, value)| *value),
    );
    values
}

/// The value of an English number from its digits and scale word ("1.5", "billion":
/// 1.5e9); None when the digits do not parse.
pub fn english_value(digits: &str, scale: Option<&str>) -> Option<f64> {
    let value = digits.replace(',', "").parse::<f64>().ok()?;
    Some(value * english_scale(scale))
}

/// Whether a source number is the English one, up to the rounding of scaled values.
pub fn same_value(source: f64, english: f64) -> bool {
    (source - english).abs() <= 1e-9 * english.abs().max(1.0)
}

/// The factor of an English scale word after a number ("2.5 million"): 1 for none.
pub fn english_scale(unit: Option<&str>) -> f64 {
    match unit.map(str::to_lowercase).as_deref() {
        Some("thousand") => 1e3,
        Some("million") => 1e6,
        Some("billion") => 1e9,
        Some("trillion") => 1e12,
        _ => 1.0,
    }
}

/// Each Korean number's whole value with the text that follows it (where its counter
/// is: "10명이" gives 10 and "명이"), so a count can be checked for what it counts.
pub fn korean_numbers_with_tail(korean: &str) -> Vec<(f64, &str)> {
    KOREAN_NUMBER
        .find_iter(korean)
        .map(|number| {
            let value = parts(number.as_str()).iter().map(|(_, value)| value).sum();
            (value, &korean[number.end()..])
        })
        .collect()
}

/// Each Korean number's whole value with the text before and after it, so what stands
/// next to it ("최대", "이상", "안팎") can be read.
pub fn korean_numbers_in_context(korean: &str) -> Vec<(f64, &str, &str)> {
    KOREAN_NUMBER
        .find_iter(korean)
        .map(|number| {
            let value = parts(number.as_str()).iter().map(|(_, value)| value).sum();
            (value, &korean[..number.start()], &korean[number.end()..])
        })
        .collect()
}

/// Numbers Korean writes as words at the start of a word: native numerals (일곱 차례,
/// seven times; 두 사람, two people) and the "both" of 양사 (the two companies). Read
/// leniently, as support for an English number word only.
static NATIVE_NUMBERS: LazyLock<Vec<(String, f64)>> =
    LazyLock::new(|| built_in_table("verify/korean_number_words.tsv", 2, 2, word_value));

/// One row of a table of number words: the word and its value ("다섯", 5).
pub fn word_value(fields: Vec<String>) -> Result<(String, f64), String> {
    let [word, value] =
        <[String; 2]>::try_from(fields).map_err(|_| "expected a word and its value".to_string())?;
    let value = value
        .parse()
        .map_err(|_| format!("\"{value}\" is not a number: expected a word and its value"))?;
    Ok((word, value))
}

/// The text with every number that uses 만, 억 or 조 written as an English numeral
/// ("60만개" → "600,000개", "5억대" → "500 million대"), so the model copies the value
/// instead of converting it, and an amount in won says so in English ("2조원" → "2
/// trillion won"): left "2 trillion원", the model wrote "$2 trillion". Other numbers
/// are left alone.
pub fn with_english_numerals(korean: &str) -> String {
    KOREAN_NUMBER
        .replace_all(korean, |number: &Captures<'_>| {
            let text = &number[0];
            if !text.contains(['만', '억', '조']) {
                return text.to_string();
            }
            let value = english_numeral(parts(text).iter().map(|(_, value)| value).sum());
            if text.ends_with('원') {
                format!("{value} won")
            } else {
                value
            }
        })
        .into_owned()
}

/// Each part of one composite number: its digits as written and its value with units.
fn parts(number: &str) -> Vec<(f64, f64)> {
    PART.captures_iter(number)
        .filter_map(|part| {
            let digits = part[1].replace(',', "").parse::<f64>().ok()?;
            Some((digits, digits * unit_value(&part)))
        })
        .collect()
}

/// A value as English writes it: "600,000", "500 million", "1.2 trillion".
fn english_numeral(value: f64) -> String {
    const SCALES: [(f64, &str); 3] = [(1e12, "trillion"), (1e9, "billion"), (1e6, "million")];
    for (scale, name) in SCALES {
        if value >= scale {
            return format!("{} {name}", trimmed(value / scale));
        }
    }
    with_thousands_separators(&trimmed(value))
}

/// A value with at most three decimals and no trailing zeros ("1.2", "9,300"→"9300").
fn trimmed(value: f64) -> String {
    let text = format!("{value:.3}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text.contains('.') {
        text.to_string()
    } else {
        with_thousands_separators(text)
    }
}

/// "600000" → "600,000"; decimals are left as they are.
fn with_thousands_separators(digits: &str) -> String {
    if digits.contains('.') || digits.contains(',') {
        return digits.to_string();
    }
    let mut out = String::new();
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn large_units_become_english_numerals() {
        assert_eq!(
            with_english_numerals("GPU를 60만개까지 확보"),
            "GPU를 600,000개까지 확보"
        );
        assert_eq!(
            with_english_numerals("5억대 이상 되는 기기"),
            "500 million대 이상 되는 기기"
        );
        assert_eq!(
            with_english_numerals("약 9300조원에 달하는"),
            "약 9,300 trillion won에 달하는"
        );
        assert_eq!(with_english_numerals("1조 2000억원"), "1.2 trillion won");
        assert_eq!(with_english_numerals("2조원"), "2 trillion won");
        assert_eq!(with_english_numerals("2조 원을"), "2 trillion won을");
        assert_eq!(with_english_numerals("3.5만 명"), "35,000 명");
        assert_eq!(with_english_numerals("3천만원"), "30 million won");
        assert_eq!(with_english_numerals("5000원"), "5000원");
        assert_eq!(with_english_numerals("1만2000명"), "12,000명");
    }

    #[test]
    fn number_word_tables_hold_words_and_numbers() {
        assert_eq!(NATIVE_NUMBERS[0], ("두".to_string(), 2.0));
        assert!(NATIVE_NUMBERS.len() > 10);
        assert_eq!(
            word_value(vec!["열".into(), "10".into()]),
            Ok(("열".into(), 10.0))
        );
        assert!(word_value(vec!["열".into(), "ten".into()])
            .unwrap_err()
            .contains("not a number"));
    }

    #[test]
    fn other_numbers_are_left_as_written() {
        let text = "지난달 27∼29일 방한, 점유율은 57.9%, 2013년 6월, 10여명";
        assert_eq!(with_english_numerals(text), text);
    }

    #[test]
    fn composite_numbers_have_one_value_and_their_parts() {
        let values = korean_values("1조2000억원과 60만개, 3천만원");
        for wanted in [1.2e12, 1.0, 2000.0, 600_000.0, 60.0, 3e7] {
            assert!(
                values.iter().any(|value| (value - wanted).abs() < 1e-3),
                "{wanted} missing from {values:?}"
            );
        }
        assert!(!values.iter().any(|value| (value - 60_000.0).abs() < 1e-3));
    }
}
