//! Calendar dates for the date expressions of a Korean sentence.
//!
//! Korean news dates events against the article's own publication date: "27일" is the
//! 27th of the month the article appeared in (or of the month before, when that 27th is
//! still to come), "지난달" the month before it, "내년 상반기" the first half of the year
//! after it. A briefing that merges articles written months apart must print calendar
//! dates instead, or "last month" in March and "last month" in August read as the same
//! time. [`resolve_dates`] finds the expressions of one sentence and resolves each
//! against the article's date; [`is_planned`] tells a sentence that reports a plan or an
//! expectation from one that reports a thing done, so a timeline can say which dates are
//! still to come.
//!
//! The relative words and their offsets are data (`data/terms/relative_dates.tsv`), as
//! are the plan markers (`data/terms/plan_markers.txt`, with the endings of
//! `data/verify/korean_plan_endings.txt`): a user can add a word without touching code.
//! What stays in code is the grammar of numbers: `2013년 6월 5일`, `지난 27일`, `오는
//! 3월`, and the durations that look like dates but are none (`3일간`, `10일 연속`,
//! `30일 이내`, `3개월`, `10년 만에`).

use std::sync::LazyLock;

use super::verify::MONTHS;
use crate::lexicon::{built_in_list, built_in_table, lowercase_comma_list};

/// One date expression found in a sentence, with the calendar date it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedDate {
    /// The Korean expression as the sentence writes it ("지난 27일", "내년 상반기"), so a
    /// timeline can quote it or a caller can mark it in the sentence.
    pub text: String,
    /// Byte offset of the expression in the sentence.
    pub start: usize,
    /// The date it names, as precise as the expression is.
    pub date: CalendarDate,
}

/// A calendar date as precise as a Korean expression gives it: a day ("27일"), a month
/// ("지난달"), a half year ("하반기") or a year ("내년"). Expressions are vague in
/// different ways, and a timeline must not print a day it was never told.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CalendarDate {
    /// One day.
    Day {
        /// The year, e.g. 2024.
        year: i32,
        /// The month, 1 to 12.
        month: u32,
        /// The day of the month, 1 to 31.
        day: u32,
    },
    /// A whole month (also "연말", the year's end, as December).
    Month {
        /// The year.
        year: i32,
        /// The month, 1 to 12.
        month: u32,
    },
    /// Half a year: "상반기" (January to June) or "하반기" (July to December).
    Half {
        /// The year.
        year: i32,
        /// Whether it is the first half.
        first: bool,
    },
    /// A whole year ("지난해", "연내", "2013년").
    Year {
        /// The year.
        year: i32,
    },
}

impl CalendarDate {
    /// The date in ISO 8601 style, as precise as it is: `2024-02-27`, `2024-02`,
    /// `2024-H1` (or `H2`), `2024`. Language-neutral, so both parts of a bilingual brief
    /// can print it.
    pub fn iso(&self) -> String {
        match *self {
            CalendarDate::Day { year, month, day } => format!("{year:04}-{month:02}-{day:02}"),
            CalendarDate::Month { year, month } => format!("{year:04}-{month:02}"),
            CalendarDate::Half { year, first } => {
                format!("{year:04}-H{}", if first { 1 } else { 2 })
            }
            CalendarDate::Year { year } => format!("{year:04}"),
        }
    }

    /// The date as English prose writes it: "19 August 2025", "August 2025", "the first
    /// half of 2025", "2025".
    pub fn english(&self) -> String {
        match *self {
            CalendarDate::Day { year, month, day } => {
                format!("{day} {} {year}", month_name(month))
            }
            CalendarDate::Month { year, month } => format!("{} {year}", month_name(month)),
            CalendarDate::Half { year, first } => {
                format!(
                    "the {} half of {year}",
                    if first { "first" } else { "second" }
                )
            }
            CalendarDate::Year { year } => year.to_string(),
        }
    }

    /// The first and last day it covers, as (year, month, day).
    pub fn span(&self) -> ((i32, u32, u32), (i32, u32, u32)) {
        match *self {
            CalendarDate::Day { year, month, day } => ((year, month, day), (year, month, day)),
            CalendarDate::Month { year, month } => ((year, month, 1), (year, month, 31)),
            CalendarDate::Half { year, first } => {
                let (from, to) = if first { (1, 6) } else { (7, 12) };
                ((year, from, 1), (year, to, 31))
            }
            CalendarDate::Year { year } => ((year, 1, 1), (year, 12, 31)),
        }
    }

    /// A key that puts dates in time order, each at the start of the span it names: a
    /// year (y, 0, 0) before its months, a first half with January (y, 1, 0), a second
    /// half with July (y, 7, 0), a month (y, m, 0) before its days (y, m, d).
    pub fn sort_key(&self) -> (i32, u32, u32) {
        match *self {
            CalendarDate::Day { year, month, day } => (year, month, day),
            CalendarDate::Month { year, month } => (year, month, 0),
            CalendarDate::Half { year, first } => (year, if first { 1 } else { 7 }, 0),
            CalendarDate::Year { year } => (year, 0, 0),
        }
    }
}

/// The date expressions of `sentence`, in reading order, each resolved against the
/// article's publication date `article_date` ("YYYY-MM-DD"; a time after it is ignored).
///
/// Without an article date (or with one that does not read as a date) only expressions
/// that give their year ("2013년 6월", "2026년 상반기", "2025-03-12") resolve: a relative
/// date guessed against the wrong "now" would be a wrong fact, not a vague one.
///
/// A bare day ("27일") is in the article's month unless it would fall more than
/// [`FUTURE_DAY_SLACK`] days after the article's date in a sentence that reports a
/// thing done (past tense) and no plan, in which case it is in the month before (a
/// schedule told in the present, "23일 서울과 맞붙는다", is this month's); a day right after another ("27일과
/// 28일") shares its month. "지난 N일" is the last such day before the article's date,
/// "오는 N일" the next one on or after it. A month without a year ("3월") is in the
/// article's year, except "지난 N월" after the article's month (the year before), "오는
/// N월" before it (the year after), a later month told in the past tense (the year
/// before) and a month soon after the year's turn in a plan (the year after). "같은 해"
/// (the same year) and "이듬해" (the year after) count from the date before them in the
/// sentence ("내년 상반기 완공하고 같은 해 하반기 생산"), and name nothing without one.
pub fn resolve_dates(sentence: &str, article_date: Option<&str>) -> Vec<ResolvedDate> {
    resolve_dates_told(sentence, article_date, None)
}

/// How many days from its article's date a day the article names may be and still be
/// the news day that a later "이날" (that day) means: the days of the reported events,
/// not a date of the background ("지난달 25일", "2013년").
const NEWS_DAY_WINDOW: i64 = 7;

/// The dates of the sentence at `index` of an article (its sentences in order), where
/// "이날" (that day), "전날" (the day before) and their like count from the day the text
/// is telling of: a day named before them in the sentence, else the last news day the
/// article named before it (a day within [`NEWS_DAY_WINDOW`] of its date: "18일
/// 소방본부에 따르면 … 이날 오후"), else the article's date. Without an article date
/// they count only from a day of their own sentence.
pub fn resolve_dates_in_article(
    sentences: &[&str],
    index: usize,
    article_date: Option<&str>,
) -> Vec<ResolvedDate> {
    let article = article_date.and_then(parse_ymd);
    let mut told = article;
    for sentence in sentences.iter().take(index) {
        let named = resolve_dates_told(sentence, article_date, told);
        let news_day = named.iter().rev().find_map(|date| match date.date {
            CalendarDate::Day { year, month, day } => {
                let ymd = Ymd { year, month, day };
                article
                    .is_some_and(|article| {
                        (day_number(ymd) - day_number(article)).abs() <= NEWS_DAY_WINDOW
                    })
                    .then_some(ymd)
            }
            _ => None,
        });
        if news_day.is_some() {
            told = news_day;
        }
    }
    let sentence = sentences.get(index).copied().unwrap_or("");
    resolve_dates_told(sentence, article_date, told)
}

/// The dates of a sentence, "이날" and its like counting from `told` unless a day is
/// named before them in the sentence.
fn resolve_dates_told(
    sentence: &str,
    article_date: Option<&str>,
    told: Option<Ymd>,
) -> Vec<ResolvedDate> {
    let article = article_date.and_then(parse_ymd);
    let mut context = Context {
        article,
        told,
        planned: is_planned(sentence),
        past: reports_past(sentence),
    };
    let mut resolved: Vec<ResolvedDate> = Vec::new();
    let mut previous_day: Option<(usize, i32, u32)> = None;
    let mut previous_year: Option<i32> = None;
    for expression in expressions(sentence, &atoms(sentence)) {
        if matches!(
            expression.day,
            Some(DayRef::Relative(_) | DayRef::OfContext(_))
        ) && is_quoted(sentence, expression.start)
        {
            continue;
        }
        // "이튿날인 12일", "발표 다음 날인 13일": the day itself follows, and says it.
        if matches!(expression.day, Some(DayRef::OfContext(_)))
            && sentence.get(expression.end..).is_some_and(|rest| {
                rest.strip_prefix('인')
                    .is_some_and(|rest| rest.trim_start().starts_with(|c: char| c.is_ascii_digit()))
            })
        {
            continue;
        }
        let inherited = previous_day.and_then(|(end, year, month)| {
            let gap = sentence.get(end..expression.start).unwrap_or("");
            continues_a_date_list(gap).then_some((year, month))
        });
        let Some(date) = context.resolve(&expression, inherited, previous_year) else {
            continue;
        };
        previous_year = Some(date.sort_key().0);
        previous_day = match date {
            CalendarDate::Day { year, month, day } => {
                context.told = Some(Ymd { year, month, day });
                Some((expression.end, year, month))
            }
            _ => None,
        };
        resolved.push(ResolvedDate {
            text: sentence
                .get(expression.start..expression.end)
                .unwrap_or("")
                .to_string(),
            start: expression.start,
            date,
        });
    }
    resolved
}

/// An English phrase for a relative date ("last month": a month back).
struct EnglishRelative {
    unit: Unit,
    offset: i32,
    phrases: Vec<String>,
}

static ENGLISH_RELATIVES: LazyLock<Vec<EnglishRelative>> = LazyLock::new(|| {
    built_in_table("terms/english_relative_dates.tsv", 3, 3, |fields| {
        let unit = unit_named(&fields[0])?;
        if !matches!(unit, Unit::Day | Unit::Month | Unit::Year) {
            return Err(format!("unit {:?}: expected day, month or year", fields[0]));
        }
        let offset = whole_offset(&fields[1])?;
        Ok(EnglishRelative {
            unit,
            offset,
            phrases: lowercase_comma_list(&fields[2]),
        })
    })
});

/// Words after which a date stands bare ("the end of 2023"), not after "in" or "on".
const BARE_DATE_AFTER: &[&str] = &[
    "of", "since", "from", "until", "by", "to", "before", "after",
];

/// `english` (the translation of a sentence whose dates are `resolved`) with each
/// English relative date that renders one of the Korean ones written as the calendar
/// date it names: "who visited South Korea last month" in an article of 2024-02-21
/// becomes "who visited South Korea in January 2024". A brief quotes articles of
/// different days, where "last month" means a different month in each. A phrase that
/// occurs more than once, or renders no resolved word, is left as it is.
pub fn english_with_calendar_dates(english: &str, resolved: &[ResolvedDate]) -> String {
    let mut out = english.to_string();
    for date in resolved {
        let Some(word) = RELATIVE_WORDS
            .iter()
            .find(|word| date.text.contains(word.korean.as_str()))
        else {
            continue;
        };
        let Some(relative) = ENGLISH_RELATIVES
            .iter()
            .find(|relative| relative.unit == word.unit && relative.offset == word.offset)
        else {
            continue;
        };
        let (calendar, preposition) = match (word.unit, date.date) {
            (Unit::Day, CalendarDate::Day { year, month, day }) => {
                (format!("{day} {} {year}", month_name(month)), "on")
            }
            (Unit::Month, CalendarDate::Day { year, month, .. })
            | (Unit::Month, CalendarDate::Month { year, month }) => {
                (format!("{} {year}", month_name(month)), "in")
            }
            (Unit::Year, date) => (date.sort_key().0.to_string(), "in"),
            _ => continue,
        };
        for phrase in &relative.phrases {
            let lower = out.to_lowercase();
            let found = phrase_positions(&lower, phrase);
            let [at] = found[..] else {
                continue;
            };
            let previous_word = lower[..at].split_whitespace().next_back().unwrap_or("");
            let replacement = if BARE_DATE_AFTER.contains(&previous_word) {
                calendar.clone()
            } else if out[at..].starts_with(char::is_uppercase) {
                format!(
                    "{}{} {calendar}",
                    preposition[..1].to_uppercase(),
                    &preposition[1..]
                )
            } else {
                format!("{preposition} {calendar}")
            };
            out.replace_range(at..at + phrase.len(), &replacement);
            break;
        }
    }
    out
}

/// The first English relative date of `english` (`terms/english_relative_dates.tsv`:
/// "yesterday", "last month", "next year") that no relative word of its Korean source
/// names: a date the translation made up or moved ("하루 앞선 23일", the 23rd, a day
/// earlier, read as "the day before tomorrow"). The day the text tells of ("이날",
/// "전날") is a day's word, and a half or the end of a year ("하반기", "내년 말") names
/// its year.
pub fn unsupported_relative_date(english: &str, korean: &str) -> Option<String> {
    let lower = english.to_lowercase();
    let mut named: Vec<(Unit, i32)> = atoms(korean)
        .iter()
        .filter_map(|atom| match atom.kind {
            AtomKind::Relative(unit, offset) => Some((unit, offset)),
            _ => None,
        })
        .collect();
    named.extend(
        COMPARISON_BASES
            .iter()
            .filter(|base| starts_a_word_in(korean, &base.korean))
            .map(|base| (base.unit, base.offset)),
    );
    let renders = |relative: &EnglishRelative, unit: Unit, offset: i32| {
        offset == relative.offset
            && match relative.unit {
                Unit::Day => matches!(unit, Unit::Day | Unit::DayOfContext),
                Unit::Year => matches!(
                    unit,
                    Unit::Year | Unit::FirstHalf | Unit::SecondHalf | Unit::YearEnd
                ),
                other => unit == other,
            }
    };
    ENGLISH_RELATIVES.iter().find_map(|relative| {
        let phrase = relative
            .phrases
            .iter()
            .find(|phrase| has_phrase(&lower, phrase))?;
        let told = named
            .iter()
            .any(|&(unit, offset)| renders(relative, unit, offset));
        (!told).then(|| phrase.clone())
    })
}

/// Words that name the period a figure is compared with (`verify/comparison_bases.tsv`:
/// "전년 동월 대비", on the same month of the previous year).
static COMPARISON_BASES: LazyLock<Vec<RelativeWord>> = LazyLock::new(|| {
    built_in_table("verify/comparison_bases.tsv", 3, 3, |fields| {
        let word = relative_word(fields)?;
        if !matches!(word.unit, Unit::Day | Unit::Month | Unit::Year) {
            return Err(format!("unit {:?}: expected day, month or year", word.unit));
        }
        Ok(word)
    })
});

/// Whether `word` occurs in `text` where a word starts (no Hangul just before it).
fn starts_a_word_in(text: &str, word: &str) -> bool {
    text.match_indices(word)
        .any(|(at, _)| !text[..at].chars().next_back().is_some_and(is_hangul))
}

/// Whether lowercase `text` has `phrase` as whole words.
fn has_phrase(text: &str, phrase: &str) -> bool {
    !phrase_positions(text, phrase).is_empty()
}

/// Where lowercase `text` has `phrase` as whole words (no letter or digit just before
/// or after it).
fn phrase_positions(text: &str, phrase: &str) -> Vec<usize> {
    text.match_indices(phrase)
        .map(|(at, _)| at)
        .filter(|&at| {
            let before = text[..at].chars().next_back();
            let after = text[at + phrase.len()..].chars().next();
            !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
        })
        .collect()
}

/// The English name of a month, 1 to 12 ("January").
fn month_name(month: u32) -> String {
    let name = MONTHS[(month.clamp(1, 12) - 1) as usize];
    format!("{}{}", name[..1].to_uppercase(), &name[1..])
}

/// Whether `sentence` reports a plan, an agreement or an expectation rather than a thing
/// done ("~할 예정이다", "~기로 했다", "~할 것으로 보인다", "~하겠다"), judged from its
/// main predicate near its end: a timeline must show a planned date as planned, and a
/// plan that was dropped ("~할 예정이었으나 연기했다") as no plan.
pub fn is_planned(sentence: &str) -> bool {
    let ending = main_predicate(sentence);
    PLAN_MARKERS.iter().any(|marker| {
        ending
            .match_indices(marker.as_str())
            .any(|(at, _)| !is_past_plan(&ending[at + marker.len()..]))
    }) || has_future_ending(ending)
}

/// Whether `sentence` ends by reporting a remark ("…하겠다"고 말했다): the remark is a
/// thing done, whatever the tense of what was said (`data/terms/saying_verbs.txt`).
pub fn reports_a_remark(sentence: &str) -> bool {
    let trimmed = sentence.trim_end_matches(|c: char| !is_hangul(c));
    SAYING_VERBS
        .iter()
        .any(|verb| trimmed.ends_with(verb.as_str()))
}

static SAYING_VERBS: LazyLock<Vec<String>> =
    LazyLock::new(|| built_in_list("terms/saying_verbs.txt"));

/// How many days after the article's date a bare day ("29일" in an article of the 27th)
/// may fall and still be in the article's month: a report written late at night, or
/// dated by its last edit, names the day it happened as later than its dateline.
/// Further ahead, in a sentence told in the past tense and with nothing that makes it a
/// plan, the day is last month's.
pub const FUTURE_DAY_SLACK: u32 = 3;

/// How far from its end a Korean sentence's main predicate (and its plan ending) lies,
/// in characters.
const MAIN_PREDICATE_CHARS: usize = 24;

/// How many months after the year's turn a month named in a plan may be and still be
/// read as next year's ("3월 출시 예정" in a December article is next March).
const PLAN_MONTHS_AHEAD: u32 = 4;

/// A word of `data/terms/relative_dates.tsv`.
#[derive(Debug, Clone)]
struct RelativeWord {
    korean: String,
    unit: Unit,
    offset: i32,
}

/// What a relative word's offset counts (see the header of `relative_dates.tsv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Day,
    Month,
    Year,
    FirstHalf,
    SecondHalf,
    YearEnd,
    /// A year counted from the year of the date before it in the sentence ("같은 해",
    /// "이듬해").
    YearOfPrevious,
    /// A day counted from the day the text is telling of ("이날", "전날"): the day named
    /// before it in the sentence, else the news day the article last named.
    DayOfContext,
    None,
}

/// The relative words, longest first so the longest match wins.
static RELATIVE_WORDS: LazyLock<Vec<RelativeWord>> = LazyLock::new(|| {
    let mut words = built_in_table("terms/relative_dates.tsv", 3, 3, relative_word);
    words.sort_by_key(|word| std::cmp::Reverse(word.korean.len()));
    words
});

/// The unit a lexicon names (see the header of `relative_dates.tsv`).
fn unit_named(name: &str) -> Result<Unit, String> {
    Ok(match name {
        "day" => Unit::Day,
        "month" => Unit::Month,
        "year" => Unit::Year,
        "first_half" => Unit::FirstHalf,
        "second_half" => Unit::SecondHalf,
        "year_end" => Unit::YearEnd,
        "year_of_previous" => Unit::YearOfPrevious,
        "day_of_context" => Unit::DayOfContext,
        "none" => Unit::None,
        other => {
            return Err(format!(
                "unknown unit \"{other}\": expected day, month, year, first_half, \
                 second_half, year_end, year_of_previous, day_of_context or none"
            ))
        }
    })
}

/// A lexicon's offset, a whole number.
fn whole_offset(text: &str) -> Result<i32, String> {
    text.parse::<i32>()
        .map_err(|err| format!("offset \"{text}\" is not a whole number ({err})"))
}

/// One row of `relative_dates.tsv`, or what is wrong with it.
fn relative_word(fields: Vec<String>) -> Result<RelativeWord, String> {
    let [korean, unit, offset]: [String; 3] = fields
        .try_into()
        .map_err(|_| "expected KOREAN<TAB>UNIT<TAB>OFFSET".to_string())?;
    let unit = unit_named(&unit)?;
    let offset = whole_offset(&offset)?;
    Ok(RelativeWord {
        korean,
        unit,
        offset,
    })
}

/// The plan markers: the verifier's plan endings and the further markers of
/// `plan_markers.txt`.
static PLAN_MARKERS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut markers = built_in_list("verify/korean_plan_endings.txt");
    markers.extend(built_in_list("terms/plan_markers.txt"));
    markers
});

/// The article's date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Ymd {
    year: i32,
    month: u32,
    day: u32,
}

/// Which way "지난" (past) or "오는" (coming) points a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    Past,
    Future,
}

/// A piece of a date expression found in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AtomKind {
    /// "지난" or "오는" before a number.
    Marker(Direction),
    /// "2013년".
    Year(i32),
    /// "3월".
    Month(u32),
    /// "5일", or the first day of "5~6일".
    Day(u32),
    /// "2025-03-12", "2025.3.12".
    Numeric(Ymd),
    /// A word of the relative table.
    Relative(Unit, i32),
}

#[derive(Debug, Clone, Copy)]
struct Atom {
    start: usize,
    end: usize,
    kind: AtomKind,
    /// A one-syllable relative word (올), which counts only before another date word.
    short: bool,
}

/// How an expression gives its year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum YearRef {
    Absolute(i32),
    Relative(i32),
    /// Years after the year of the date before it in the sentence.
    OfPrevious(i32),
}

/// The part of a year an expression names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Month(u32),
    RelativeMonth(i32),
    Half(bool),
    YearEnd,
}

/// How an expression gives its day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DayRef {
    Number(u32),
    Relative(i32),
    /// Days after the day the text is telling of.
    OfContext(i32),
}

/// A date expression: atoms next to each other that make one date.
#[derive(Debug, Clone, Copy, Default)]
struct Expression {
    start: usize,
    end: usize,
    direction: Option<Direction>,
    year: Option<YearRef>,
    part: Option<Part>,
    day: Option<DayRef>,
}

/// What a sentence tells about its dates besides the expressions themselves.
struct Context {
    article: Option<Ymd>,
    /// The day the text is telling of, for "이날" and "전날".
    told: Option<Ymd>,
    planned: bool,
    past: bool,
}

impl Context {
    /// The date `expression` names, or `None` when it cannot be known (a relative date
    /// without an article date, a day the month does not have). `inherited` is the year
    /// and month of a day listed just before a bare day, `previous_year` the year of the
    /// date before it in the sentence (for "같은 해", "이듬해").
    fn resolve(
        &self,
        expression: &Expression,
        inherited: Option<(i32, u32)>,
        previous_year: Option<i32>,
    ) -> Option<CalendarDate> {
        let year = match expression.year {
            Some(YearRef::Absolute(year)) => Some(year),
            Some(YearRef::Relative(offset)) => Some(self.article?.year + offset),
            Some(YearRef::OfPrevious(offset)) => Some(previous_year? + offset),
            None => None,
        };
        match (year, expression.part, expression.day) {
            (Some(year), None, None) => Some(CalendarDate::Year { year }),
            (Some(year), Some(Part::Month(month)), None) => {
                Some(CalendarDate::Month { year, month })
            }
            (Some(year), Some(Part::Month(month)), Some(DayRef::Number(day))) => {
                calendar_day(year, month, day)
            }
            (Some(year), Some(Part::Half(first)), None) => Some(CalendarDate::Half { year, first }),
            (Some(year), Some(Part::YearEnd), None) => {
                Some(CalendarDate::Month { year, month: 12 })
            }
            (None, Some(Part::Month(month)), day) => {
                let article = self.article?;
                let day = match day {
                    Some(DayRef::Number(day)) => Some(day),
                    Some(DayRef::Relative(_) | DayRef::OfContext(_)) => return None,
                    None => None,
                };
                let year = self.month_year(article, month, day, expression.direction);
                match day {
                    Some(day) => calendar_day(year, month, day),
                    None => Some(CalendarDate::Month { year, month }),
                }
            }
            (None, Some(Part::RelativeMonth(offset)), day) => {
                let article = self.article?;
                let (year, month) = shift_month(article.year, article.month, offset);
                match day {
                    Some(DayRef::Number(day)) => calendar_day(year, month, day),
                    Some(DayRef::Relative(_) | DayRef::OfContext(_)) => None,
                    None => Some(CalendarDate::Month { year, month }),
                }
            }
            (None, Some(Part::Half(first)), None) => Some(CalendarDate::Half {
                year: self.article?.year,
                first,
            }),
            (None, Some(Part::YearEnd), None) => Some(CalendarDate::Month {
                year: self.article?.year,
                month: 12,
            }),
            (None, None, Some(DayRef::Relative(offset) | DayRef::OfContext(offset))) => {
                // "어제" counts from the article's date, "이날" from the day it tells of.
                let from = match expression.day {
                    Some(DayRef::OfContext(_)) => self.told,
                    _ => self.article,
                };
                let day = add_days(from?, offset);
                Some(CalendarDate::Day {
                    year: day.year,
                    month: day.month,
                    day: day.day,
                })
            }
            (None, None, Some(DayRef::Number(day))) => {
                self.bare_day(day, expression.direction, inherited)
            }
            _ => None,
        }
    }

    /// The year of a month named without one (see [`resolve_dates`]).
    fn month_year(
        &self,
        article: Ymd,
        month: u32,
        day: Option<u32>,
        direction: Option<Direction>,
    ) -> i32 {
        let this_year = article.year;
        let named = (month, day.unwrap_or(0));
        let today = (article.month, if day.is_some() { article.day } else { 0 });
        match direction {
            Some(Direction::Past) if named > today => this_year - 1,
            Some(Direction::Past) => this_year,
            Some(Direction::Future) if named < today => this_year + 1,
            Some(Direction::Future) => this_year,
            None if month > article.month => {
                if !self.planned && self.past {
                    this_year - 1
                } else {
                    this_year
                }
            }
            None if self.planned
                && month < article.month
                && month + 12 - article.month <= PLAN_MONTHS_AHEAD =>
            {
                this_year + 1
            }
            None => this_year,
        }
    }

    /// The date of a day named without a month (see [`resolve_dates`]).
    fn bare_day(
        &self,
        day: u32,
        direction: Option<Direction>,
        inherited: Option<(i32, u32)>,
    ) -> Option<CalendarDate> {
        if direction.is_none() {
            if let Some((year, month)) = inherited {
                return calendar_day(year, month, day);
            }
        }
        let article = self.article?;
        let this_month = (article.year, article.month);
        match direction {
            // The last such day before the article's date, skipping months without it.
            Some(Direction::Past) => {
                let mut month = if day < article.day {
                    this_month
                } else {
                    shift_month(article.year, article.month, -1)
                };
                for _ in 0..3 {
                    if let Some(date) = calendar_day(month.0, month.1, day) {
                        return Some(date);
                    }
                    month = shift_month(month.0, month.1, -1);
                }
                None
            }
            // The next such day on or after the article's date.
            Some(Direction::Future) => {
                let mut month = if day >= article.day {
                    this_month
                } else {
                    shift_month(article.year, article.month, 1)
                };
                for _ in 0..3 {
                    if let Some(date) = calendar_day(month.0, month.1, day) {
                        return Some(date);
                    }
                    month = shift_month(month.0, month.1, 1);
                }
                None
            }
            None => {
                let (year, month) =
                    if day > article.day + FUTURE_DAY_SLACK && !self.planned && self.past {
                        shift_month(article.year, article.month, -1)
                    } else {
                        this_month
                    };
                calendar_day(year, month, day)
            }
        }
    }
}

/// The date expressions made of `atoms`: a marker (지난, 오는), a year, a part of the
/// year and a day, each optional but in that order and only whitespace apart.
fn expressions(sentence: &str, atoms: &[Atom]) -> Vec<Expression> {
    let mut found = Vec::new();
    let mut index = 0;
    while index < atoms.len() {
        let first = atoms[index];
        let mut expression = Expression {
            start: first.start,
            end: first.start,
            ..Expression::default()
        };
        let mut next = index;
        let mut taken = 0;
        let mut short_alone = false;
        // The atom at `next`, if it continues the expression.
        let adjacent = |next: usize, end: usize, taken: usize| -> Option<Atom> {
            let atom = *atoms.get(next)?;
            if taken == 0 {
                return Some(atom);
            }
            let gap = sentence.get(end..atom.start)?;
            (gap.chars().count() <= 2 && gap.chars().all(char::is_whitespace)).then_some(atom)
        };
        if let AtomKind::Numeric(ymd) = first.kind {
            found.push(Expression {
                start: first.start,
                end: first.end,
                year: Some(YearRef::Absolute(ymd.year)),
                part: Some(Part::Month(ymd.month)),
                day: Some(DayRef::Number(ymd.day)),
                direction: None,
            });
            index += 1;
            continue;
        }
        if let AtomKind::Marker(direction) = first.kind {
            let follows = adjacent(index + 1, first.end, 1).is_some_and(|atom| {
                matches!(
                    atom.kind,
                    AtomKind::Year(_) | AtomKind::Month(_) | AtomKind::Day(_)
                )
            });
            if !follows {
                index += 1;
                continue;
            }
            expression.direction = Some(direction);
            expression.end = first.end;
            next += 1;
            taken += 1;
        }
        // The year.
        if let Some(atom) = adjacent(next, expression.end, taken) {
            let year = match atom.kind {
                AtomKind::Year(year) => Some(YearRef::Absolute(year)),
                AtomKind::Relative(Unit::Year, offset) if expression.direction.is_none() => {
                    Some(YearRef::Relative(offset))
                }
                AtomKind::Relative(Unit::YearOfPrevious, offset)
                    if expression.direction.is_none() =>
                {
                    Some(YearRef::OfPrevious(offset))
                }
                _ => None,
            };
            if let Some(year) = year {
                expression.year = Some(year);
                expression.end = atom.end;
                short_alone = atom.short;
                next += 1;
                taken += 1;
            }
        }
        // The part of the year.
        if let Some(atom) = adjacent(next, expression.end, taken) {
            let undirected = expression.direction.is_none();
            let part = match atom.kind {
                AtomKind::Month(month) => Some(Part::Month(month)),
                AtomKind::Relative(Unit::Month, offset)
                    if undirected && expression.year.is_none() =>
                {
                    Some(Part::RelativeMonth(offset))
                }
                AtomKind::Relative(Unit::FirstHalf, _) if undirected => Some(Part::Half(true)),
                AtomKind::Relative(Unit::SecondHalf, _) if undirected => Some(Part::Half(false)),
                AtomKind::Relative(Unit::YearEnd, _) if undirected => Some(Part::YearEnd),
                _ => None,
            };
            if let Some(part) = part {
                // A half or a year's end alone is of the year its offset says.
                if expression.year.is_none() {
                    if let AtomKind::Relative(
                        Unit::FirstHalf | Unit::SecondHalf | Unit::YearEnd,
                        offset,
                    ) = atom.kind
                    {
                        if offset != 0 {
                            expression.year = Some(YearRef::Relative(offset));
                        }
                    }
                }
                expression.part = Some(part);
                expression.end = atom.end;
                short_alone = false;
                next += 1;
                taken += 1;
            }
        }
        // "내년 말", "2026년 말": the end of a year.
        if expression.year.is_some() && expression.part.is_none() {
            if let Some(end) = year_end_after(sentence, expression.end) {
                expression.part = Some(Part::YearEnd);
                expression.end = end;
                short_alone = false;
            }
        }
        // The day.
        let day_may_follow = match expression.part {
            Some(Part::Month(_) | Part::RelativeMonth(_)) => true,
            None => expression.year.is_none(),
            _ => false,
        };
        if day_may_follow {
            if let Some(atom) = adjacent(next, expression.end, taken) {
                let day = match atom.kind {
                    AtomKind::Day(day) => Some(DayRef::Number(day)),
                    AtomKind::Relative(Unit::Day, offset) if taken == 0 => {
                        Some(DayRef::Relative(offset))
                    }
                    AtomKind::Relative(Unit::DayOfContext, offset) if taken == 0 => {
                        Some(DayRef::OfContext(offset))
                    }
                    _ => None,
                };
                if let Some(day) = day {
                    expression.day = Some(day);
                    expression.end = atom.end;
                    next += 1;
                    taken += 1;
                }
            }
        }
        if taken == 0 || short_alone {
            index += 1;
            continue;
        }
        found.push(expression);
        index = next;
    }
    found
}

/// The end of "말" (end) right after a year ("내년 말", "2026년 말까지"), if there is one.
fn year_end_after(sentence: &str, end: usize) -> Option<usize> {
    let rest = sentence.get(end..)?;
    let trimmed = rest.trim_start();
    let spaces = rest.len() - trimmed.len();
    let after = trimmed.strip_prefix('말')?;
    let ends_word = after.chars().next().is_none_or(|c| {
        !is_hangul(c)
            || matches!(
                c,
                '까' | '에' | '경' | '부' | '께' | '쯤' | '로' | '은' | '이'
            )
    });
    (spaces <= 1 && ends_word).then_some(end + spaces + '말'.len_utf8())
}

/// The pieces of date expressions in `sentence`, in order, none overlapping.
fn atoms(sentence: &str) -> Vec<Atom> {
    let mut found = Vec::new();
    let mut at = 0;
    let mut previous: Option<char> = None;
    while let Some(c) = sentence.get(at..).and_then(|rest| rest.chars().next()) {
        let (end, atom) = if c.is_ascii_digit() {
            number_atom(sentence, at, previous)
        } else if !previous.is_some_and(is_hangul) {
            word_atom(sentence, at)
        } else {
            (at + c.len_utf8(), None)
        };
        let end = end.max(at + c.len_utf8());
        found.extend(atom);
        previous = sentence
            .get(..end)
            .and_then(|text| text.chars().next_back());
        at = end;
    }
    found
}

/// The atom of a relative word or of "지난"/"오는" starting at `at` (which starts a
/// word), and where scanning goes on.
fn word_atom(sentence: &str, at: usize) -> (usize, Option<Atom>) {
    let rest = &sentence[at..];
    if let Some(word) = RELATIVE_WORDS
        .iter()
        .find(|word| rest.starts_with(word.korean.as_str()))
    {
        let end = at + word.korean.len();
        if word.unit == Unit::None {
            return (end, None);
        }
        let atom = Atom {
            start: at,
            end,
            kind: AtomKind::Relative(word.unit, word.offset),
            short: word.korean.chars().count() == 1,
        };
        return (end, Some(atom));
    }
    for (marker, direction) in [("지난", Direction::Past), ("오는", Direction::Future)] {
        if let Some(after) = rest.strip_prefix(marker) {
            let number = after.trim_start();
            if number.len() < after.len() && number.starts_with(|c: char| c.is_ascii_digit()) {
                let atom = Atom {
                    start: at,
                    end: at + marker.len(),
                    kind: AtomKind::Marker(direction),
                    short: false,
                };
                return (at + marker.len(), Some(atom));
            }
        }
    }
    let width = rest.chars().next().map_or(1, char::len_utf8);
    (at + width, None)
}

/// The atom of the number starting at `at` ("2013년", "3월", "5일", "5~6일",
/// "2025-03-12"), if it is a date, and where scanning goes on (past the number either
/// way, so no date is read from the middle of one).
fn number_atom(sentence: &str, at: usize, previous: Option<char>) -> (usize, Option<Atom>) {
    let (value, digits, after) = leading_number(&sentence[at..]);
    let digits_end = at + digits;
    let skip = (digits_end, None);
    // A number's tail ("1.5", "1,000") is no number of its own.
    if previous.is_some_and(|c| c.is_ascii_digit() || c == '.' || c == ',') {
        return skip;
    }
    let atom = |end: usize, kind: AtomKind| {
        (
            end,
            Some(Atom {
                start: at,
                end,
                kind,
                short: false,
            }),
        )
    };
    if digits == 4 {
        if let Some((ymd, length)) = numeric_date(&sentence[at..]) {
            return atom(at + length, AtomKind::Numeric(ymd));
        }
    }
    if let Some(tail) = after.strip_prefix('년') {
        let end = digits_end + '년'.len_utf8();
        if digits == 4 && (1900..=2099).contains(&value) && !year_is_duration(tail) {
            return atom(end, AtomKind::Year(value as i32));
        }
        return (end, None);
    }
    if let Some(tail) = after.strip_prefix('월') {
        let end = digits_end + '월'.len_utf8();
        if !(1..=12).contains(&value) || month_is_no_date(tail) {
            return (end, None);
        }
        if follows_every(sentence, at) {
            // "매년 3월 5일": a yearly date, its day included.
            let day = leading_day(tail).unwrap_or(0);
            return (end + day, None);
        }
        return atom(end, AtomKind::Month(value as u32));
    }
    // "5일" or a range "5~6일" (dated by its first day).
    let (last_digits_end, last_value, tail) = match range_end(after) {
        Some((skipped, last_value, tail)) => (digits_end + skipped, Some(last_value), tail),
        None => (digits_end, None, after),
    };
    if let Some(tail) = tail.strip_prefix('일') {
        let end = last_digits_end + '일'.len_utf8();
        let days = 1..=31;
        let valid = days.contains(&value)
            && last_value.is_none_or(|last| days.contains(&last) && last > value);
        if valid && !day_is_duration(tail) && !follows_every(sentence, at) {
            return atom(end, AtomKind::Day(value as u32));
        }
        return (end, None);
    }
    skip
}

/// The value of the ASCII digits `text` starts with (saturating), how many there are,
/// and the text after them.
fn leading_number(text: &str) -> (u64, usize, &str) {
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    let value = text[..digits].bytes().fold(0u64, |value, digit| {
        value
            .saturating_mul(10)
            .saturating_add(u64::from(digit - b'0'))
    });
    (value, digits, &text[digits..])
}

/// "~6" (or "∼ 6") after the first number of a day range: the bytes it takes, the last
/// number and the text after it.
fn range_end(after: &str) -> Option<(usize, u64, &str)> {
    let trimmed = after.trim_start();
    let dash = trimmed
        .strip_prefix('~')
        .or_else(|| trimmed.strip_prefix('∼'))?;
    let number = dash.trim_start();
    let (value, digits, tail) = leading_number(number);
    if digits == 0 || digits > 2 {
        return None;
    }
    Some((after.len() - tail.len(), value, tail))
}

/// The length of " 5일" at the start of `text`, if it starts so.
fn leading_day(text: &str) -> Option<usize> {
    let trimmed = text.trim_start();
    let (_, digits, tail) = leading_number(trimmed);
    (digits > 0 && tail.starts_with('일')).then(|| text.len() - tail.len() + '일'.len_utf8())
}

/// A numeric date at the start of `text` ("2025-03-12", "2025.3.12", "2025. 3. 12"),
/// with its length.
fn numeric_date(text: &str) -> Option<(Ymd, usize)> {
    let (year, digits, rest) = leading_number(text);
    if digits != 4 || !(1900..=2099).contains(&year) {
        return None;
    }
    let separator = rest
        .chars()
        .next()
        .filter(|c| matches!(c, '-' | '.' | '/'))?;
    let part = |text: &str| -> Option<(u64, usize)> {
        let trimmed = text.trim_start_matches(' ');
        let (value, digits, _) = leading_number(trimmed);
        (1..=2)
            .contains(&digits)
            .then_some((value, text.len() - trimmed.len() + digits))
    };
    let mut at = digits + separator.len_utf8();
    let (month, length) = part(&text[at..])?;
    at += length;
    let between = text[at..].strip_prefix(separator)?;
    at = text.len() - between.len();
    let (day, length) = part(between)?;
    at += length;
    if text[at..].starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let ymd = Ymd {
        year: year as i32,
        month: u32::try_from(month).ok()?,
        day: u32::try_from(day).ok()?,
    };
    calendar_day(ymd.year, ymd.month, ymd.day)?;
    Some((ymd, at))
}

/// The article's date from "YYYY-MM-DD" (or with dots or slashes, a time after it
/// ignored).
fn parse_ymd(text: &str) -> Option<Ymd> {
    numeric_date(text.trim()).map(|(ymd, _)| ymd)
}

/// Whether what follows "N년" makes it a length of time ("10년 만에", "2010년대").
fn year_is_duration(tail: &str) -> bool {
    follows_as(
        tail,
        &["대", "간", "째", "동안", "만에", "만의"],
        &["동안", "만에", "만의", "넘게", "가까이", "이상"],
        &["간", "째", "만"],
    )
}

/// Whether what follows "N월" makes it no month of a calendar ("3월간", "월드컵").
fn month_is_no_date(tail: &str) -> bool {
    follows_as(
        tail,
        &["간", "째", "드", "급", "세", "요"],
        &[],
        &["간", "째"],
    )
}

/// Whether what follows "N일" makes it a number of days, not a date ("3일간", "10일
/// 연속", "30일 이내", "5일째", "7일 만에", "3일 전").
fn day_is_duration(tail: &str) -> bool {
    follows_as(
        tail,
        &[
            "간", "째", "씩", "치", "당", "분", "마다", "동안", "이내", "이상", "이하", "미만",
            "만에", "만의", "가량", "정도", "남짓", "넘게", "내내", "내로", "내에", "안에",
        ],
        &[
            "연속", "이내", "이상", "이하", "미만", "초과", "동안", "만에", "만의", "가량", "정도",
            "남짓", "넘게", "내내", "안에", "안팎", "평균", "간격",
        ],
        &[
            "간",
            "째",
            "만",
            "후",
            "후에",
            "후엔",
            "후부터",
            "뒤",
            "뒤에",
            "뒤엔",
            "전",
            "전에",
            "전엔",
            "전부터",
            "전까지",
            "내",
            "내에",
            "내로",
        ],
    )
}

/// Whether `tail`, the text right after a number's unit, starts with one of `attached`
/// or, after a space, with a word starting with one of `spaced` or equal to one of
/// `words` (punctuation after it aside).
fn follows_as(tail: &str, attached: &[&str], spaced: &[&str], words: &[&str]) -> bool {
    if attached.iter().any(|suffix| tail.starts_with(suffix)) {
        return true;
    }
    let word_text = tail.trim_start();
    if word_text.len() == tail.len() {
        return false;
    }
    let word = word_text
        .split(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("")
        .trim_end_matches(|c: char| !is_hangul(c));
    spaced.iter().any(|prefix| word.starts_with(prefix)) || words.contains(&word)
}

/// Whether the number at `at` follows "매월", "매년" and the like: a recurring date
/// ("매월 10일"), not one day.
fn follows_every(sentence: &str, at: usize) -> bool {
    let before = sentence[..at].trim_end();
    ["매월", "매달", "매년", "매주", "격월", "해마다", "달마다"]
        .iter()
        .any(|every| before.ends_with(every))
}

/// Whether the text between two days lists them ("27일과 28일", "5, 6일"), so the
/// second shares the first's month.
fn continues_a_date_list(gap: &str) -> bool {
    let gap = gap.trim();
    [
        "",
        ",",
        "·",
        "~",
        "과",
        "와",
        "및",
        "부터",
        "에서",
        "이나",
        "또는",
        "과 오는",
    ]
    .contains(&gap)
}

/// Whether byte `at` of `sentence` lies inside a quotation ("...", “...”, '...', ‘...’):
/// there "오늘" or "어제" counts from the day the words were said, which the sentence
/// does not give ("오늘 서명한 MOU" in a report of the next day), so it names no date.
fn is_quoted(sentence: &str, at: usize) -> bool {
    let before = &sentence[..at];
    let curly_open = |open: char, close: char| {
        before.chars().fold(false, |inside, c| {
            if c == open {
                true
            } else if c == close {
                false
            } else {
                inside
            }
        })
    };
    let straight_open = |quote: char| before.chars().filter(|&c| c == quote).count() % 2 == 1;
    curly_open('\u{201c}', '\u{201d}')
        || curly_open('\u{2018}', '\u{2019}')
        || straight_open('"')
        || straight_open('\'')
}

/// The end of `sentence` where its main predicate lies.
fn main_predicate(sentence: &str) -> &str {
    let trimmed = sentence.trim_end_matches(|c: char| !is_hangul(c));
    let start = trimmed
        .char_indices()
        .rev()
        .nth(MAIN_PREDICATE_CHARS - 1)
        .map_or(0, |(at, _)| at);
    &trimmed[start..]
}

/// Whether the text after a plan marker puts the plan in the past: "할 예정이었으나",
/// "추진 중이던", "추진할 계획이었던" tell of a plan that was changed or dropped.
fn is_past_plan(after: &str) -> bool {
    let mut words = after.split_whitespace();
    let stretch: String = if after.starts_with(char::is_whitespace) {
        words.next().unwrap_or("").to_string()
    } else {
        format!(
            "{} {}",
            words.next().unwrap_or(""),
            words.next().unwrap_or("")
        )
    };
    [
        "이었",
        "이던",
        "였던",
        "였으나",
        "였지만",
        "였는데",
        "였다가",
    ]
    .iter()
    .any(|past| stretch.contains(past))
}

/// Whether `ending` has a future "-ㄹ 것이다 / -ㄹ 것으로 / -ㄹ 것이라고" ("완공될
/// 것으로", "출시할 것이라고"), which need not be listed word by word.
fn has_future_ending(ending: &str) -> bool {
    ending.match_indices(" 것").any(|(at, found)| {
        let before = ending[..at].chars().next_back();
        let after = &ending[at + found.len()..];
        before.is_some_and(|c| final_consonant(c) == Some(RIEUL))
            && ["이다", "이라", "으로", "이며", "이란", "이고"]
                .iter()
                .any(|ending| after.starts_with(ending))
            && !is_past_plan(after)
    })
}

/// Whether `sentence` tells of a thing done (a past tense "-었/았/였-" in what it
/// reports), leaving out a closing verb of saying ("~한다고 밝혔다"): that verb is
/// past whatever the news is.
fn reports_past(sentence: &str) -> bool {
    content_clause(sentence)
        .chars()
        .any(|c| final_consonant(c) == Some(SSANG_SIOT) && !matches!(c, '있' | '없' | '겠'))
}

/// `sentence` without a closing verb of saying after a quoted clause ("~다고 밝혔다").
fn content_clause(sentence: &str) -> &str {
    let trimmed = sentence.trim_end_matches(|c: char| !is_hangul(c));
    let Some(space) = trimmed.rfind(char::is_whitespace) else {
        return trimmed;
    };
    let before = trimmed[..space].trim_end();
    match before.strip_suffix('고') {
        Some(quoted) => quoted,
        None => trimmed,
    }
}

/// The final consonant index of `Hangul syllable `c` (0 for none, 8 ㄹ, 20 ㅆ).
fn final_consonant(c: char) -> Option<u32> {
    is_hangul(c).then(|| (u32::from(c) - 0xac00) % 28)
}

const RIEUL: u32 = 8;
const SSANG_SIOT: u32 = 20;

fn is_hangul(c: char) -> bool {
    ('\u{ac00}'..='\u{d7a3}').contains(&c)
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The day, if the month has it.
fn calendar_day(year: i32, month: u32, day: u32) -> Option<CalendarDate> {
    ((1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month))
        .then_some(CalendarDate::Day { year, month, day })
}

/// The month `offset` months from `month` of `year`.
fn shift_month(year: i32, month: u32, offset: i32) -> (i32, u32) {
    let index = year * 12 + month as i32 - 1 + offset;
    (index.div_euclid(12), index.rem_euclid(12) as u32 + 1)
}

/// A day's number in a count of days, for the distance between two days.
fn day_number(date: Ymd) -> i64 {
    let years_before = i64::from(date.year) - 1;
    let leap_days = years_before / 4 - years_before / 100 + years_before / 400;
    let months_before: i64 = (1..date.month)
        .map(|month| i64::from(days_in_month(date.year, month)))
        .sum();
    years_before * 365 + leap_days + months_before + i64::from(date.day)
}

/// The day `offset` days from `date`.
fn add_days(date: Ymd, offset: i32) -> Ymd {
    let Ymd {
        mut year,
        mut month,
        mut day,
    } = date;
    for _ in 0..offset.unsigned_abs() {
        if offset > 0 {
            if day < days_in_month(year, month) {
                day += 1;
            } else {
                (year, month) = shift_month(year, month, 1);
                day = 1;
            }
        } else if day > 1 {
            day -= 1;
        } else {
            (year, month) = shift_month(year, month, -1);
            day = days_in_month(year, month);
        }
    }
    Ymd { year, month, day }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(year: i32, month: u32, day: u32) -> CalendarDate {
        CalendarDate::Day { year, month, day }
    }

    fn month(year: i32, month: u32) -> CalendarDate {
        CalendarDate::Month { year, month }
    }

    /// The dates of `sentence` in an article of `article`.
    fn dates(sentence: &str, article: &str) -> Vec<CalendarDate> {
        resolve_dates(sentence, Some(article))
            .into_iter()
            .map(|found| found.date)
            .collect()
    }

    /// The dates of each sentence of an article of `article`, in article order.
    fn article_dates(sentences: &[&str], article: Option<&str>) -> Vec<Vec<CalendarDate>> {
        (0..sentences.len())
            .map(|index| {
                resolve_dates_in_article(sentences, index, article)
                    .into_iter()
                    .map(|found| found.date)
                    .collect()
            })
            .collect()
    }

    #[test]
    fn an_english_relative_date_needs_one_in_its_source() {
        let moved = unsupported_relative_date(
            "Pohang plays FC Seoul on the day before tomorrow.",
            "포항은 하루 앞선 23일 FC서울과 맞붙는다.",
        );
        assert_eq!(moved.as_deref(), Some("tomorrow"));
        for (english, korean) in [
            ("Exports rose last month.", "지난달 수출이 늘었다."),
            (
                "The office said so that day; today it denied it.",
                "구청은 이날 그렇게 밝혔다.",
            ),
            (
                "It opens in the second half of this year.",
                "하반기 문을 연다.",
            ),
            ("It opens at the end of next year.", "내년 말 문을 연다."),
            ("It opens on the 23rd.", "23일 문을 연다."),
        ] {
            assert_eq!(
                unsupported_relative_date(english, korean),
                None,
                "{english}"
            );
        }
        assert_eq!(
            unsupported_relative_date("Sales fell last year.", "2023년 매출이 줄었다.").as_deref(),
            Some("last year")
        );
        // The period a figure is compared with is told too.
        assert_eq!(
            unsupported_relative_date(
                "Exports were up 5.3% on the same month last year.",
                "수출은 전년 동월 대비 5.3% 증가했다."
            ),
            None
        );
    }

    #[test]
    fn that_day_is_the_day_the_article_was_telling_of() {
        let sentences = [
            "18일 소방본부에 따르면 이날 오후 공장에서 불이 났다.",
            "회사 측은 이날 입장을 내지 않았다.",
            "지난달 3일에도 같은 공장에서 불이 났다.",
            "경찰은 이날 현장을 감식했고, 전날 야간 근무자를 조사했다.",
        ];
        let found = article_dates(&sentences, Some("2025-06-19"));
        assert_eq!(found[0], vec![day(2025, 6, 18), day(2025, 6, 18)]);
        assert_eq!(found[1], vec![day(2025, 6, 18)]);
        // A day of the background (last month) is not the day a later "이날" means.
        assert_eq!(found[2], vec![day(2025, 5, 3)]);
        assert_eq!(found[3], vec![day(2025, 6, 18), day(2025, 6, 17)]);
        // A day told by what it follows, then named, is the day named.
        assert_eq!(
            article_dates(&["이튿날인 12일 노조는 파업을 끝냈다."], Some("2025-09-12"))[0],
            vec![day(2025, 9, 12)]
        );
    }

    #[test]
    fn that_day_without_a_day_named_before_is_the_articles_date() {
        let sentences = [
            "구청은 이날 점검 결과를 전했다.",
            "환율은 전날보다 6.8원 올랐다.",
        ];
        let found = article_dates(&sentences, Some("2024-02-29"));
        assert_eq!(found[0], vec![day(2024, 2, 29)]);
        // A comparison with the day before names no date of an event.
        assert!(found[1].is_empty());
        // Without the article's date, and no day before it, "이날" names nothing.
        assert!(article_dates(&sentences, None)[0].is_empty());
        // A sentence alone resolves it only against its own days.
        assert!(dates("구청은 이날 점검 결과를 전했다.", "2024-02-29").is_empty());
        assert!(dates("어린이날 행사가 열렸다.", "2024-05-05").is_empty());
    }

    /// The texts of the expressions found in `sentence`.
    fn texts(sentence: &str, article: &str) -> Vec<String> {
        resolve_dates(sentence, Some(article))
            .into_iter()
            .map(|found| found.text)
            .collect()
    }

    #[test]
    fn the_data_files_read() {
        assert!(RELATIVE_WORDS.iter().any(|word| word.korean == "지난달"));
        assert!(RELATIVE_WORDS
            .windows(2)
            .all(|pair| pair[0].korean.len() >= pair[1].korean.len()));
        assert!(PLAN_MARKERS.iter().any(|marker| marker == "예정이다"));
        assert!(PLAN_MARKERS.iter().any(|marker| marker == "할 계획"));
        assert!(relative_word(vec!["x".into(), "week".into(), "1".into()]).is_err());
        assert!(relative_word(vec!["x".into(), "day".into(), "one".into()]).is_err());
    }

    #[test]
    fn a_bare_day_is_in_the_articles_month() {
        assert_eq!(
            dates("삼성전자는 27일 실적을 발표했다.", "2024-02-29"),
            vec![day(2024, 2, 27)]
        );
        // A day just after the dateline is still this month's.
        assert_eq!(
            dates("회사는 1일 밝혔다.", "2024-02-28"),
            vec![day(2024, 2, 1)]
        );
        assert_eq!(
            dates("회담은 30일 열렸다.", "2024-03-28"),
            vec![day(2024, 3, 30)]
        );
    }

    #[test]
    fn a_bare_day_well_ahead_of_the_article_is_last_months() {
        assert_eq!(
            dates("회사는 27일 공장을 방문했다.", "2024-03-02"),
            vec![day(2024, 2, 27)]
        );
        assert_eq!(
            dates("정부는 29일 대책을 내놨다.", "2025-01-03"),
            vec![day(2024, 12, 29)]
        );
        // Last month has no 31st: no date rather than a wrong one.
        assert_eq!(dates("31일 발표했다.", "2024-03-02"), vec![]);
    }

    #[test]
    fn a_target_is_a_plan() {
        assert!(is_planned("공장 완공 목표는 내년 상반기다."));
        assert!(is_planned("내년 상반기 완공을 목표로 하고 있다."));
        assert!(!is_planned("공장은 지난해 완공됐다."));
    }

    #[test]
    fn today_in_a_quotation_names_no_date() {
        assert_eq!(
            dates(
                "그는 \"오늘 서명한 MOU를 이행하겠다\"고 말했다.",
                "2026-03-18"
            ),
            vec![]
        );
        assert_eq!(dates("그는 “어제 만났다”고 말했다.", "2026-03-18"), vec![]);
        assert_eq!(
            dates("정부는 오늘 \"대책을 내겠다\"고 밝혔다.", "2026-03-18"),
            vec![day(2026, 3, 18)]
        );
    }

    #[test]
    fn a_bare_day_ahead_in_a_plan_stays_this_month() {
        assert_eq!(
            dates("신제품은 20일 출시할 예정이다.", "2025-03-12"),
            vec![day(2025, 3, 20)]
        );
        assert_eq!(
            dates("신제품은 20일 출시됐다.", "2025-03-12"),
            vec![day(2025, 2, 20)]
        );
        // A schedule told in the present tense is a coming day too.
        assert_eq!(
            dates(
                "포항은 하루 앞선 23일 홈에서 서울을 상대한다.",
                "2026-05-16"
            ),
            vec![day(2026, 5, 23)]
        );
    }

    #[test]
    fn past_and_coming_days() {
        assert_eq!(
            dates("지난 27일 서울에서 열린 회의에서", "2024-03-02"),
            vec![day(2024, 2, 27)]
        );
        assert_eq!(
            dates("지난 12일 발표한 계획", "2025-03-14"),
            vec![day(2025, 3, 12)]
        );
        assert_eq!(
            dates("오는 5일 서명식을 연다.", "2024-02-29"),
            vec![day(2024, 3, 5)]
        );
        assert_eq!(
            dates("오는 20일 서명식을 연다.", "2025-03-12"),
            vec![day(2025, 3, 20)]
        );
        // The coming 31st after a month without one.
        assert_eq!(dates("오는 31일", "2024-03-31"), vec![day(2024, 3, 31)]);
        assert_eq!(dates("오는 30일", "2024-01-31"), vec![day(2024, 3, 30)]);
        assert_eq!(dates("오는 3일", "2024-12-20"), vec![day(2025, 1, 3)]);
    }

    #[test]
    fn relative_months_roll_over_years() {
        assert_eq!(
            dates("지난달 수출이 늘었다.", "2024-02-21"),
            vec![month(2024, 1)]
        );
        assert_eq!(
            dates("지난달 수출이 늘었다.", "2024-01-10"),
            vec![month(2023, 12)]
        );
        assert_eq!(
            dates("다음 달 출시한다.", "2024-12-05"),
            vec![month(2025, 1)]
        );
        assert_eq!(dates("이달 중 발표", "2024-12-05"), vec![month(2024, 12)]);
        assert_eq!(dates("내달 초", "2025-07-30"), vec![month(2025, 8)]);
        assert_eq!(
            dates("지난달 27일과 28일 이틀간", "2024-03-05"),
            vec![day(2024, 2, 27), day(2024, 2, 28)]
        );
        assert_eq!(dates("다음 달 5일", "2024-12-05"), vec![day(2025, 1, 5)]);
    }

    #[test]
    fn relative_years() {
        let year = |year| CalendarDate::Year { year };
        assert_eq!(dates("지난해 매출", "2024-05-01"), vec![year(2023)]);
        assert_eq!(dates("작년보다", "2024-05-01"), vec![year(2023)]);
        assert_eq!(dates("올해 들어", "2024-05-01"), vec![year(2024)]);
        assert_eq!(dates("내년에는", "2024-05-01"), vec![year(2025)]);
        assert_eq!(dates("연내 착공", "2024-05-01"), vec![year(2024)]);
        assert_eq!(dates("재작년", "2024-05-01"), vec![year(2022)]);
        assert_eq!(
            dates("지난해 11월 발표했다", "2025-01-08"),
            vec![month(2024, 11)]
        );
        assert_eq!(
            dates("내년 3월 5일 개장", "2025-07-01"),
            vec![day(2026, 3, 5)]
        );
    }

    #[test]
    fn months_without_a_year() {
        assert_eq!(
            dates("오는 3월 출시한다.", "2024-05-10"),
            vec![month(2025, 3)]
        );
        assert_eq!(
            dates("오는 3월 출시한다.", "2024-02-10"),
            vec![month(2024, 3)]
        );
        assert_eq!(dates("지난 11월", "2025-03-12"), vec![month(2024, 11)]);
        assert_eq!(dates("지난 3월 5일", "2025-07-20"), vec![day(2025, 3, 5)]);
        assert_eq!(
            dates("3월 5일 계약했다.", "2024-06-01"),
            vec![day(2024, 3, 5)]
        );
        // A later month told as done is last year's; as a plan, this year's.
        assert_eq!(dates("11월 발표했다.", "2025-03-12"), vec![month(2024, 11)]);
        assert_eq!(
            dates("11월 출시할 예정이다.", "2025-03-12"),
            vec![month(2025, 11)]
        );
        assert_eq!(
            dates("회사는 11월 출시한다고 밝혔다.", "2025-03-12"),
            vec![month(2025, 11)]
        );
        // A plan for early next year written in December.
        assert_eq!(
            dates("3월 출시할 계획이다.", "2024-12-10"),
            vec![month(2025, 3)]
        );
    }

    #[test]
    fn absolute_dates_need_no_article_date() {
        let resolved = |sentence| -> Vec<CalendarDate> {
            resolve_dates(sentence, None)
                .into_iter()
                .map(|found| found.date)
                .collect()
        };
        assert_eq!(
            resolved("2013년 이후"),
            vec![CalendarDate::Year { year: 2013 }]
        );
        assert_eq!(resolved("2013년 6월 출시"), vec![month(2013, 6)]);
        assert_eq!(resolved("2013년 6월 5일"), vec![day(2013, 6, 5)]);
        assert_eq!(
            resolved("2026년 하반기 양산"),
            vec![CalendarDate::Half {
                year: 2026,
                first: false
            }]
        );
        assert_eq!(resolved("2026년 말까지"), vec![month(2026, 12)]);
        assert_eq!(resolved("입력 2025-03-12 09:30"), vec![day(2025, 3, 12)]);
        assert_eq!(resolved("2025.3.12"), vec![day(2025, 3, 12)]);
        // Relative expressions need the article's date.
        assert_eq!(resolved("지난달 27일, 내년 상반기, 오는 5일, 어제"), vec![]);
        assert_eq!(resolve_dates("27일", Some("not a date")), vec![]);
    }

    #[test]
    fn halves_and_the_years_end() {
        let half = |year, first| CalendarDate::Half { year, first };
        assert_eq!(
            dates("내년 상반기 완공", "2025-03-12"),
            vec![half(2026, true)]
        );
        assert_eq!(dates("하반기에는", "2025-03-12"), vec![half(2025, false)]);
        assert_eq!(dates("올 하반기", "2025-03-12"), vec![half(2025, false)]);
        assert_eq!(dates("지난해 상반기", "2025-03-12"), vec![half(2024, true)]);
        assert_eq!(dates("연말까지", "2025-03-12"), vec![month(2025, 12)]);
        assert_eq!(dates("내년 말", "2025-03-12"), vec![month(2026, 12)]);
        assert_eq!(dates("올 3월", "2025-03-12"), vec![month(2025, 3)]);
    }

    #[test]
    fn yesterday_today_tomorrow() {
        assert_eq!(
            dates("어제 오늘 내일", "2024-02-29"),
            vec![day(2024, 2, 28), day(2024, 2, 29), day(2024, 3, 1)]
        );
        assert_eq!(dates("내일", "2024-12-31"), vec![day(2025, 1, 1)]);
        assert_eq!(dates("어제", "2025-03-01"), vec![day(2025, 2, 28)]);
        assert_eq!(dates("그제", "2024-01-01"), vec![day(2023, 12, 30)]);
    }

    #[test]
    fn durations_are_no_dates() {
        let article = "2024-05-20";
        for sentence in [
            "3일간 열린 행사",
            "사흘 동안",
            "10일 연속 상승",
            "5일째 이어진 파업",
            "3개월 만에",
            "30일 이내에 신고",
            "10년 만에 처음",
            "5년간 투자",
            "3년째 적자",
            "지난 10일간",
            "지난 3일 동안",
            "7일 만에 복귀",
            "3일 전 발표",
            "1일 평균 3만명",
            "매월 10일 지급",
            "매년 3월 5일 열린다",
            "2010년대 들어",
            "2013년 만에",
            "오늘날 기업은",
            "어제오늘 일이 아니다",
            "차량이 도로를 내달렸다",
            "월드컵 1월드",
            "1.5일",
            "오는 10명",
        ] {
            assert_eq!(dates(sentence, article), vec![], "{sentence}");
        }
    }

    #[test]
    fn days_that_are_dates_despite_a_tail() {
        let article = "2024-05-20";
        assert_eq!(dates("1일부터 시행", article), vec![day(2024, 5, 1)]);
        assert_eq!(dates("15일(현지시간)", article), vec![day(2024, 5, 15)]);
        assert_eq!(dates("15일 전국에서", article), vec![day(2024, 5, 15)]);
        assert_eq!(dates("10일 이후", article), vec![day(2024, 5, 10)]);
        assert_eq!(dates("18~19일 열린", article), vec![day(2024, 5, 18)]);
        assert_eq!(texts("18~19일 열린", article), vec!["18~19일"]);
        assert_eq!(dates("3~5일간", article), vec![]);
    }

    #[test]
    fn expressions_keep_their_text_and_offset() {
        let sentence = "회사는 지난 12일 내년 상반기 완공 계획을 밝혔고, 오는 20일 서명한다.";
        let found = resolve_dates(sentence, Some("2025-03-14"));
        let got: Vec<(&str, usize, String)> = found
            .iter()
            .map(|found| (found.text.as_str(), found.start, found.date.iso()))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "지난 12일",
                    sentence.find("지난").unwrap(),
                    "2025-03-12".into()
                ),
                (
                    "내년 상반기",
                    sentence.find("내년").unwrap(),
                    "2026-H1".into()
                ),
                (
                    "오는 20일",
                    sentence.find("오는").unwrap(),
                    "2025-03-20".into()
                ),
            ]
        );
        for found in &found {
            assert_eq!(
                &sentence[found.start..found.start + found.text.len()],
                found.text
            );
        }
    }

    #[test]
    fn the_same_year_counts_from_the_date_before_it() {
        let half = |year, first| CalendarDate::Half { year, first };
        assert_eq!(
            dates(
                "양사는 오는 5월 착공해 내년 상반기 공장을 완공하고, 같은 해 하반기부터 상업 생산에 들어갈 계획이다.",
                "2025-03-13"
            ),
            vec![month(2025, 5), half(2026, true), half(2026, false)]
        );
        assert_eq!(
            resolve_dates("2013년 착공해 이듬해 완공했다.", None)
                .into_iter()
                .map(|found| found.date)
                .collect::<Vec<_>>(),
            vec![
                CalendarDate::Year { year: 2013 },
                CalendarDate::Year { year: 2014 }
            ]
        );
        // With no date before it, "the same year" names none; nor does "같은 해법".
        assert_eq!(dates("같은 해 하반기", "2025-03-13"), vec![]);
        assert_eq!(
            dates("2013년과 같은 해법", "2025-03-13"),
            vec![CalendarDate::Year { year: 2013 }]
        );
    }

    #[test]
    fn sentences_of_the_later_corpus() {
        let year = |year| CalendarDate::Year { year };
        let half = |year, first| CalendarDate::Half { year, first };
        for (sentence, article, expected) in [
            (
                "청운에너지는 어제(18일) 이사회를 열어 새만금 정제공장 사업을 중단하기로 결정했다고 오늘 공시했습니다.",
                "2025-08-19",
                vec![day(2025, 8, 18), day(2025, 8, 18), day(2025, 8, 19)],
            ),
            (
                "새만금 산단 부지 임대 계약상 착공 기한은 오는 12월 말로, 기한 안에 착공하지 못하면 부지를 반납해야 할 수도 있다.",
                "2025-07-22",
                vec![month(2025, 12)],
            ),
            (
                "노스게이트리튬은 지난 6월로 예정됐던 1차 출자금 납입을 끝내 이행하지 못한 것으로 확인됐습니다.",
                "2025-08-19",
                vec![month(2025, 6)],
            ),
            (
                "탄산리튬 가격은 지난달 말 ㎏당 60위안대로 떨어져 계획 발표 당시인 지난 3월보다 20% 넘게 낮아졌다.",
                "2025-07-15",
                vec![month(2025, 6), month(2025, 3)],
            ),
            (
                "청운에너지는 20일 서울 중구 한 호텔에서 노스게이트리튬과 합작계약 체결식을 열었다고 21일 밝혔다.",
                "2025-03-21",
                vec![day(2025, 3, 20), day(2025, 3, 21)],
            ),
            (
                "양사는 다음 달 합작법인 설립 등기를 마치고 오는 5월 새만금 산단에서 착공식을 열 예정이다.",
                "2025-03-21",
                vec![month(2025, 4), month(2025, 5)],
            ),
            (
                "착공식은 지난 5월 한 차례 6월로 미뤄진 데 이어 이번에 기약 없이 연기됐다.",
                "2025-07-15",
                vec![month(2025, 5), month(2025, 6)],
            ),
            (
                "지난 3월 1조2000억원 투자 계획을 발표한 지 5개월 만입니다.",
                "2025-08-19",
                vec![month(2025, 3)],
            ),
            (
                "노스게이트리튬은 지난해 3분기까지 누적 순손실 1억2000만 캐나다달러를 기록했으며, 퀘벡 광산의 상업 생산 시점도 올해 하반기로 한 차례 늦춰졌다.",
                "2025-03-14",
                vec![year(2024), half(2025, false)],
            ),
            (
                "탄산리튬 가격은 2022년 11월 고점 대비 80% 가까이 떨어진 상태다.",
                "2025-03-13",
                vec![month(2022, 11)],
            ),
            (
                "박 대표는 \"2030년까지 연산 6만t으로 생산능력을 두 배로 늘리는 2단계 투자도 검토하고 있다\"고 밝혔다.",
                "2025-03-21",
                vec![year(2030)],
            ),
        ] {
            assert_eq!(dates(sentence, article), expected, "{sentence}");
        }
    }

    #[test]
    fn iso_and_sort_keys() {
        let dates = [
            CalendarDate::Day {
                year: 2024,
                month: 2,
                day: 27,
            },
            CalendarDate::Month {
                year: 2024,
                month: 2,
            },
            CalendarDate::Half {
                year: 2024,
                first: true,
            },
            CalendarDate::Half {
                year: 2024,
                first: false,
            },
            CalendarDate::Year { year: 2024 },
        ];
        let iso: Vec<String> = dates.iter().map(CalendarDate::iso).collect();
        assert_eq!(iso, ["2024-02-27", "2024-02", "2024-H1", "2024-H2", "2024"]);
        let mut sorted = dates;
        sorted.sort_by_key(CalendarDate::sort_key);
        assert_eq!(
            sorted.map(|date| date.iso()),
            ["2024", "2024-H1", "2024-02", "2024-02-27", "2024-H2"]
        );
    }

    #[test]
    fn plans_and_done_events() {
        for sentence in [
            "회사는 내년 상반기 공장을 완공할 예정이다.",
            "양사는 합작법인을 세우기로 했다.",
            "공장은 2026년 가동될 것으로 보인다.",
            "투자 규모는 더 늘어날 전망이다.",
            "회사는 내년 양산을 목표로 하고 있다.",
            "그는 \"계획대로 추진하겠다\"고 말했다.",
            "완공은 내년 말이 될 것이라고 회사는 설명했다.",
        ] {
            assert!(is_planned(sentence), "{sentence}");
        }
        for sentence in [
            "회사는 공장 건설 계획을 철회했다.",
            "내년 완공할 예정이었으나 무기한 연기했다.",
            "추진 중이던 합작 사업을 중단했다.",
            "공장을 지난달 완공했다.",
            "삼성전자는 27일 실적을 발표했다.",
        ] {
            assert!(!is_planned(sentence), "{sentence}");
        }
    }

    #[test]
    fn past_tense_leaves_out_the_verb_of_saying() {
        assert!(reports_past("11월 신제품을 발표했다."));
        assert!(reports_past("\"공장을 지었다\"고 말했다."));
        assert!(!reports_past("11월 신제품을 출시한다고 밝혔다."));
        assert!(!reports_past("공장이 있다."));
    }

    #[test]
    fn day_arithmetic() {
        assert_eq!(shift_month(2024, 1, -1), (2023, 12));
        assert_eq!(shift_month(2024, 12, 1), (2025, 1));
        assert_eq!(shift_month(2024, 3, -15), (2022, 12));
        let ymd = |year, month, day| Ymd { year, month, day };
        assert_eq!(add_days(ymd(2024, 2, 28), 2), ymd(2024, 3, 1));
        assert_eq!(add_days(ymd(2023, 3, 1), -1), ymd(2023, 2, 28));
        assert_eq!(parse_ymd("2025-03-12 09:30"), Some(ymd(2025, 3, 12)));
        assert_eq!(parse_ymd("2025-02-30"), None);
    }

    #[test]
    fn english_relative_dates_become_the_calendar_dates_of_their_korean() {
        let korean = "지난달 12일 부산을 방문한 시장은 항만 확장을 약속했다.";
        let resolved = resolve_dates(korean, Some("2024-02-21"));
        assert_eq!(
            english_with_calendar_dates(
                "The mayor, who visited Busan last month, pledged to expand the port.",
                &resolved
            ),
            "The mayor, who visited Busan in January 2024, pledged to expand the port."
        );
        let korean = "지난해 3분기 TSMC의 점유율은 57.9%다.";
        let resolved = resolve_dates(korean, Some("2024-02-21"));
        assert_eq!(
            english_with_calendar_dates(
                "In the third quarter of last year, TSMC had 57.9%.",
                &resolved
            ),
            "In the third quarter of 2023, TSMC had 57.9%."
        );
        assert_eq!(
            english_with_calendar_dates("Last year TSMC had 57.9%.", &resolved),
            "In 2023 TSMC had 57.9%."
        );
        // No Korean word for it: left alone.
        assert_eq!(
            english_with_calendar_dates("Next year TSMC will grow.", &resolved),
            "Next year TSMC will grow."
        );
    }
}
