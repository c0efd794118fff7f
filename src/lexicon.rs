//! Knowledge as data: every word list the pipeline consults (names, titles, news terms,
//! page widgets, hedges) is a file under `data/`, built into the binary, that a user can
//! read and extend; a run may add its own names and terms with `--glossary FILE`.
//!
//! Files are UTF-8 text, one entry per line, fields separated by tabs; `#` starts a
//! comment and blank lines are ignored. A malformed line is an error naming the file and
//! the line. The files' contents (and the run's glossary) are part of every cache key,
//! so editing a table recomputes what it affects without any revision to bump.
//!
//! # A run's own glossary
//!
//! A newsroom's glossary (`--glossary FILE`) has the same syntax, one entry per line:
//!
//! ```text
//! korean<TAB>english<TAB>kind[<TAB>role]
//! ```
//!
//! `kind` is `person`, `organization`, `place` or `product` for a name, found in the
//! articles like the built-in names of `names/well_known.tsv`, or `term` for a news
//! word (`korean<TAB>english<TAB>term`), shown to the translator for the units that use
//! it like those of `terms/news_terms.tsv`. The fourth field, for a person only, is the
//! role to give them where an article names them without a title ("CEO of Acme"). An
//! entry with the Korean form of a built-in one replaces it (the newsroom's own
//! spelling); the others are added. A Korean form may be given once as a name and once
//! as a term. For example:
//!
//! ```text
//! # Our spellings (fields separated by tabs)
//! 올트먼<TAB>Sam Altman<TAB>person<TAB>CEO of OpenAI
//! 업스테이지<TAB>Upstage<TAB>organization
//! 온디바이스<TAB>on-device<TAB>term
//! ```

use std::path::{Path, PathBuf};
use std::sync::{LazyLock, OnceLock};

use sha2::{Digest, Sha256};

use crate::pipeline::glossary::EntityKind;

/// A lexicon line that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct LexiconError {
    /// The file, as named to the user.
    pub file: String,
    /// Its 1-based line number.
    pub line: usize,
    /// What is wrong and what is expected.
    pub message: String,
}

/// The lexicon files built into the binary, by path under `data/`.
const BUILT_IN: &[(&str, &str)] = &[
    (
        "page/widget_lines.txt",
        include_str!("../data/page/widget_lines.txt"),
    ),
    (
        "page/list_headings.txt",
        include_str!("../data/page/list_headings.txt"),
    ),
    (
        "page/furniture_phrases.txt",
        include_str!("../data/page/furniture_phrases.txt"),
    ),
    (
        "page/navigation_words.txt",
        include_str!("../data/page/navigation_words.txt"),
    ),
    (
        "verify/english_meta_talk.txt",
        include_str!("../data/verify/english_meta_talk.txt"),
    ),
    (
        "verify/korean_negation.txt",
        include_str!("../data/verify/korean_negation.txt"),
    ),
    (
        "verify/english_negation.txt",
        include_str!("../data/verify/english_negation.txt"),
    ),
    (
        "verify/korean_plan_endings.txt",
        include_str!("../data/verify/korean_plan_endings.txt"),
    ),
    (
        "verify/english_future.txt",
        include_str!("../data/verify/english_future.txt"),
    ),
    (
        "verify/common_words.txt",
        include_str!("../data/verify/common_words.txt"),
    ),
    (
        "verify/generic_capitalized.txt",
        include_str!("../data/verify/generic_capitalized.txt"),
    ),
    (
        "verify/english_number_words.tsv",
        include_str!("../data/verify/english_number_words.tsv"),
    ),
    (
        "verify/korean_number_words.tsv",
        include_str!("../data/verify/korean_number_words.tsv"),
    ),
    (
        "verify/korean_deal.txt",
        include_str!("../data/verify/korean_deal.txt"),
    ),
    (
        "verify/english_deal.txt",
        include_str!("../data/verify/english_deal.txt"),
    ),
    (
        "verify/korean_down.txt",
        include_str!("../data/verify/korean_down.txt"),
    ),
    (
        "verify/korean_up.txt",
        include_str!("../data/verify/korean_up.txt"),
    ),
    (
        "verify/english_down.txt",
        include_str!("../data/verify/english_down.txt"),
    ),
    (
        "verify/english_up.txt",
        include_str!("../data/verify/english_up.txt"),
    ),
    (
        "verify/korean_speculation.txt",
        include_str!("../data/verify/korean_speculation.txt"),
    ),
    (
        "verify/english_hedges.txt",
        include_str!("../data/verify/english_hedges.txt"),
    ),
    (
        "verify/korean_roles.tsv",
        include_str!("../data/verify/korean_roles.tsv"),
    ),
    (
        "verify/english_titles.tsv",
        include_str!("../data/verify/english_titles.tsv"),
    ),
    (
        "verify/english_mutual_verbs.txt",
        include_str!("../data/verify/english_mutual_verbs.txt"),
    ),
    (
        "verify/english_title_words.txt",
        include_str!("../data/verify/english_title_words.txt"),
    ),
    (
        "names/well_known.tsv",
        include_str!("../data/names/well_known.tsv"),
    ),
    ("names/titles.tsv", include_str!("../data/names/titles.tsv")),
    (
        "names/surnames.tsv",
        include_str!("../data/names/surnames.tsv"),
    ),
    (
        "names/particles.txt",
        include_str!("../data/names/particles.txt"),
    ),
    (
        "names/not_names.txt",
        include_str!("../data/names/not_names.txt"),
    ),
    (
        "names/loanword_syllables.txt",
        include_str!("../data/names/loanword_syllables.txt"),
    ),
    (
        "names/institution_endings.txt",
        include_str!("../data/names/institution_endings.txt"),
    ),
    (
        "names/stem_suffixes.txt",
        include_str!("../data/names/stem_suffixes.txt"),
    ),
    (
        "names/english_connectives.txt",
        include_str!("../data/names/english_connectives.txt"),
    ),
    (
        "terms/news_terms.tsv",
        include_str!("../data/terms/news_terms.tsv"),
    ),
    (
        "verify/sentence_start_words.txt",
        include_str!("../data/verify/sentence_start_words.txt"),
    ),
    (
        "verify/opposites.tsv",
        include_str!("../data/verify/opposites.tsv"),
    ),
    (
        "verify/counters.tsv",
        include_str!("../data/verify/counters.tsv"),
    ),
    (
        "verify/bounds.tsv",
        include_str!("../data/verify/bounds.tsv"),
    ),
    (
        "verify/deadlines.tsv",
        include_str!("../data/verify/deadlines.tsv"),
    ),
    (
        "verify/english_change.txt",
        include_str!("../data/verify/english_change.txt"),
    ),
    (
        "verify/intervals.tsv",
        include_str!("../data/verify/intervals.tsv"),
    ),
    (
        "verify/emphasis.tsv",
        include_str!("../data/verify/emphasis.tsv"),
    ),
    (
        "terms/time_words.txt",
        include_str!("../data/terms/time_words.txt"),
    ),
    (
        "terms/relative_dates.tsv",
        include_str!("../data/terms/relative_dates.tsv"),
    ),
    (
        "terms/english_relative_dates.tsv",
        include_str!("../data/terms/english_relative_dates.tsv"),
    ),
    (
        "terms/plan_markers.txt",
        include_str!("../data/terms/plan_markers.txt"),
    ),
    (
        "terms/change_markers.txt",
        include_str!("../data/terms/change_markers.txt"),
    ),
    (
        "terms/change_doubts.txt",
        include_str!("../data/terms/change_doubts.txt"),
    ),
    (
        "verify/english_introductory.txt",
        include_str!("../data/verify/english_introductory.txt"),
    ),
    (
        "verify/english_auxiliaries.txt",
        include_str!("../data/verify/english_auxiliaries.txt"),
    ),
    (
        "verify/change_amounts.tsv",
        include_str!("../data/verify/change_amounts.tsv"),
    ),
    (
        "verify/korean_change_verbs.txt",
        include_str!("../data/verify/korean_change_verbs.txt"),
    ),
    (
        "terms/change_glosses.tsv",
        include_str!("../data/terms/change_glosses.tsv"),
    ),
    (
        "terms/commitment_markers.txt",
        include_str!("../data/terms/commitment_markers.txt"),
    ),
    (
        "terms/english_irregular.txt",
        include_str!("../data/terms/english_irregular.txt"),
    ),
    (
        "terms/saying_verbs.txt",
        include_str!("../data/terms/saying_verbs.txt"),
    ),
    (
        "terms/sentence_endings.txt",
        include_str!("../data/terms/sentence_endings.txt"),
    ),
    (
        "names/company_suffixes.tsv",
        include_str!("../data/names/company_suffixes.tsv"),
    ),
    (
        "names/company_cues.tsv",
        include_str!("../data/names/company_cues.tsv"),
    ),
    (
        "verify/comparison_bases.tsv",
        include_str!("../data/verify/comparison_bases.tsv"),
    ),
];

/// Lexicons read only to write the brief (its timeline and what changed), which is never cached: an
/// edit to them must not make cached translations and summaries miss.
const BRIEF_ONLY: &[&str] = &[
    "terms/plan_markers.txt",
    "terms/change_doubts.txt",
    "terms/commitment_markers.txt",
    "terms/change_glosses.tsv",
    "terms/saying_verbs.txt",
];

/// Lexicons read to choose a summary's lines (and to write the brief), never to
/// translate: they key cached summaries ([`summary_fingerprint`]), not translations, so
/// an edit to them re-makes the summaries from the cached translations.
const SUMMARY_ONLY: &[&str] = &[
    "terms/relative_dates.tsv",
    "terms/english_relative_dates.tsv",
    "verify/comparison_bases.tsv",
];

/// The text of a built-in lexicon file. A name not in [`BUILT_IN`] is a bug in the
/// binary (a new file not registered), never bad input, so it stops at once rather than
/// reading as an empty list.
fn built_in(name: &str) -> &'static str {
    BUILT_IN
        .iter()
        .find(|(file, _)| *file == name)
        .map(|(_, text)| *text)
        .unwrap_or_else(|| panic!("data/{name} is not a built-in lexicon"))
}

/// The rows of a built-in table, each with `min..=max` fields. The built-in files are
/// checked by the tests, so a failure here is a bug in the binary, not bad input.
pub fn built_in_rows(name: &str, min: usize, max: usize) -> Vec<Vec<String>> {
    built_in_table(name, min, max, Ok)
}

/// The comma-separated entries of one field of a lexicon row ("흑자, 흑자전환"),
/// trimmed, empty ones dropped.
pub fn comma_list(field: &str) -> Vec<String> {
    field
        .split(',')
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .map(str::to_string)
        .collect()
}

/// [`comma_list`] in lower case: English phrases of a table are matched against
/// lowercased text.
pub fn lowercase_comma_list(field: &str) -> Vec<String> {
    comma_list(&field.to_lowercase())
}

/// The entries of a built-in one-column list.
pub fn built_in_list(name: &str) -> Vec<String> {
    built_in_rows(name, 1, 1)
        .into_iter()
        .filter_map(|mut row| row.pop())
        .collect()
}

/// The values of a built-in table, one per row of `min..=max` fields read by `row` (as
/// in [`parse_table`]). Like [`built_in_rows`], a failure is a bug in the binary.
pub fn built_in_table<T>(
    name: &str,
    min: usize,
    max: usize,
    row: impl FnMut(Vec<String>) -> Result<T, String>,
) -> Vec<T> {
    parse_table(&format!("data/{name}"), built_in(name), min, max, row)
        .unwrap_or_else(|err| panic!("built-in lexicon is malformed: {err}"))
}

/// Parse lexicon text into rows of `min..=max` tab-separated fields (surrounding
/// spaces trimmed; empty trailing fields dropped).
pub fn parse_rows(
    file: &str,
    text: &str,
    min: usize,
    max: usize,
) -> Result<Vec<Vec<String>>, LexiconError> {
    parse_table(file, text, min, max, Ok)
}

/// Parse lexicon text into values, one per row of `min..=max` fields: `row` reads the
/// fields of a row, or says what is wrong with them (an unknown kind, a bad number),
/// which becomes an error naming the file and the line.
pub fn parse_table<T>(
    file: &str,
    text: &str,
    min: usize,
    max: usize,
    mut row: impl FnMut(Vec<String>) -> Result<T, String>,
) -> Result<Vec<T>, LexiconError> {
    let mut values = Vec::new();
    for (line, fields) in content_lines(text) {
        let error = |message: String| LexiconError {
            file: file.to_string(),
            line,
            message,
        };
        if fields.len() < min || fields.len() > max || fields.iter().any(String::is_empty) {
            let expected = if min == max {
                format!("{min}")
            } else {
                format!("{min} to {max}")
            };
            return Err(error(format!(
                "expected {expected} tab-separated fields, found {} — see the header of the file for its columns",
                fields.len()
            )));
        }
        values.push(row(fields).map_err(error)?);
    }
    Ok(values)
}

/// The lines of lexicon text that hold an entry, with their 1-based numbers, split into
/// fields: comments and surrounding spaces gone, empty trailing fields dropped.
fn content_lines(text: &str) -> impl Iterator<Item = (usize, Vec<String>)> + '_ {
    text.lines().enumerate().filter_map(|(index, raw)| {
        let content = raw.split('#').next().unwrap_or("").trim();
        if content.is_empty() {
            return None;
        }
        let mut fields: Vec<String> = content
            .split('\t')
            .map(|field| field.trim().to_string())
            .collect();
        while fields.last().is_some_and(|field| field.is_empty()) {
            fields.pop();
        }
        Some((index + 1, fields))
    })
}

/// A table with a run's own entries: one with the key (the Korean form) of a built-in
/// entry takes its place, the newsroom's spelling over ours; the others are added at
/// the end, in their order.
pub fn with_user_entries<T>(
    mut built_in: Vec<T>,
    user: impl IntoIterator<Item = T>,
    key: fn(&T) -> &str,
) -> Vec<T> {
    for entry in user {
        match built_in.iter().position(|kept| key(kept) == key(&entry)) {
            Some(index) => built_in[index] = entry,
            None => built_in.push(entry),
        }
    }
    built_in
}

/// What identifies the knowledge a run uses: the entries of every built-in file and of
/// the run's own glossary, for cache keys. Only entries count, so that a comment or a
/// blank line added to a table leaves every cached result valid.
pub fn fingerprint() -> &'static str {
    static FINGERPRINT: LazyLock<String> = LazyLock::new(|| {
        let mut hash = Sha256::new();
        hash_built_in(&mut hash, |name| {
            !BRIEF_ONLY.contains(&name) && !SUMMARY_ONLY.contains(&name)
        });
        if let Some(glossary) = USER_GLOSSARY.get() {
            hash_entries(&mut hash, &glossary.text);
        }
        format!("{:x}", hash.finalize())
    });
    &FINGERPRINT
}

/// What identifies the lexicons that choose summary lines ([`SUMMARY_ONLY`]), for the
/// cache keys of summaries.
pub fn summary_fingerprint() -> &'static str {
    static FINGERPRINT: LazyLock<String> = LazyLock::new(|| {
        let mut hash = Sha256::new();
        hash_built_in(&mut hash, |name| SUMMARY_ONLY.contains(&name));
        format!("{:x}", hash.finalize())
    });
    &FINGERPRINT
}

/// Feeds the built-in files that `chosen` picks (by name) to a hash, name and entries.
fn hash_built_in(hash: &mut Sha256, chosen: impl Fn(&str) -> bool) {
    for (name, text) in BUILT_IN.iter().filter(|(name, _)| chosen(name)) {
        hash.update(name.as_bytes());
        hash.update([0]);
        hash_entries(hash, text);
    }
}

/// Feeds a lexicon's entries to a hash, field by field, one separator per field and
/// one per line, so that no two different tables feed the same bytes.
fn hash_entries(hash: &mut Sha256, text: &str) {
    for (_, fields) in content_lines(text) {
        for field in fields {
            hash.update(field.as_bytes());
            hash.update([1]);
        }
        hash.update([0]);
    }
    hash.update([2]);
}

/// The run's own glossary file, as given with `--glossary`.
#[derive(Debug, Clone)]
pub struct UserGlossary {
    /// Where it was read from.
    pub path: PathBuf,
    /// Its text.
    pub text: String,
    /// Its entries, as [`parse_user_glossary`] reads the text.
    pub entries: Vec<UserEntry>,
}

/// One entry of a run's glossary (see the module documentation for the format).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UserEntry {
    /// A name, added to the well-known names or replacing the one of its Korean form.
    Name {
        /// The name as Korean text writes it.
        korean: String,
        /// The English form to use for it.
        english: String,
        /// What it names.
        kind: EntityKind,
        /// For a person, the role to give them where an article gives no title.
        role: Option<String>,
    },
    /// A news term, added to the news terms or replacing the one of its Korean form.
    Term {
        /// The Korean word, matched anywhere in a unit.
        korean: String,
        /// Its English, as the translator is told.
        english: String,
    },
}

impl UserEntry {
    /// Whether `other` gives the same Korean form the same job (name or term).
    fn same_form(&self, other: &UserEntry) -> bool {
        match (self, other) {
            (UserEntry::Name { korean: a, .. }, UserEntry::Name { korean: b, .. })
            | (UserEntry::Term { korean: a, .. }, UserEntry::Term { korean: b, .. }) => a == b,
            _ => false,
        }
    }

    fn korean(&self) -> &str {
        match self {
            UserEntry::Name { korean, .. } | UserEntry::Term { korean, .. } => korean,
        }
    }
}

/// The format of a glossary line, for error messages.
const USER_LINE: &str = "korean<TAB>english<TAB>kind[<TAB>role], kind one of person, \
    organization, place, product or term";

/// Read the entries of a run's glossary: every line is checked, and the first bad one
/// (a wrong number of fields, an unknown kind, a role for anyone but a person, a Korean
/// form given twice) is an error naming `file` and the line, with what is expected.
pub fn parse_user_glossary(text: &str, file: &str) -> Result<Vec<UserEntry>, LexiconError> {
    let mut entries: Vec<(usize, UserEntry)> = Vec::new();
    for (line, fields) in content_lines(text) {
        let error = |message: String| LexiconError {
            file: file.to_string(),
            line,
            message,
        };
        let entry = user_entry(fields).map_err(error)?;
        if let Some((first, _)) = entries.iter().find(|(_, kept)| kept.same_form(&entry)) {
            return Err(error(format!(
                "{} is given on line {first} already — give each Korean form once",
                entry.korean()
            )));
        }
        entries.push((line, entry));
    }
    Ok(entries.into_iter().map(|(_, entry)| entry).collect())
}

/// One glossary line's entry, or what is wrong with it.
fn user_entry(fields: Vec<String>) -> Result<UserEntry, String> {
    if !(3..=4).contains(&fields.len()) || fields.iter().any(String::is_empty) {
        return Err(format!(
            "expected {USER_LINE}; found {} fields",
            fields.len()
        ));
    }
    let mut fields = fields.into_iter();
    let (korean, english, kind) = (
        fields.next().unwrap_or_default(),
        fields.next().unwrap_or_default(),
        fields.next().unwrap_or_default().to_lowercase(),
    );
    let role = fields.next();
    if kind == "term" {
        return match role {
            None => Ok(UserEntry::Term { korean, english }),
            Some(_) => Err("a term has three fields: expected korean<TAB>english<TAB>term".into()),
        };
    }
    let kind = EntityKind::from_name(&kind)
        .ok_or_else(|| format!("unknown kind \"{kind}\": expected {USER_LINE}"))?;
    if role.is_some() && kind != EntityKind::Person {
        return Err(
            "only a person has a role (the fourth field): expected korean<TAB>english<TAB>kind"
                .into(),
        );
    }
    Ok(UserEntry::Name {
        korean,
        english,
        kind,
        role,
    })
}

static USER_GLOSSARY: OnceLock<UserGlossary> = OnceLock::new();

/// The glossary the run was given, if any.
pub fn user_glossary() -> Option<&'static UserGlossary> {
    USER_GLOSSARY.get()
}

/// The entries of the run's glossary (none without one), for the tables to add.
pub fn user_entries() -> &'static [UserEntry] {
    USER_GLOSSARY
        .get()
        .map_or(&[], |glossary| glossary.entries.as_slice())
}

/// Make `glossary` the run's own glossary, for every lookup from now on (a process runs
/// one batch). Call before any lexicon is consulted; a second call is ignored.
pub fn install_user_glossary(glossary: UserGlossary) {
    let _ = USER_GLOSSARY.set(glossary);
}

/// Read a glossary file named on the command line, and check every line of it.
pub fn read_user_glossary(path: &Path) -> Result<UserGlossary, LexiconError> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|err| LexiconError {
        file: file.clone(),
        line: 0,
        message: format!("cannot read the glossary ({err}) — pass a readable UTF-8 file"),
    })?;
    let entries = parse_user_glossary(&text, &file)?;
    Ok(UserGlossary {
        path: path.to_path_buf(),
        text,
        entries,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_file_parses() {
        for (name, text) in BUILT_IN {
            assert!(
                parse_rows(name, text, 1, 8).is_ok(),
                "{name} does not parse"
            );
        }
    }

    #[test]
    fn comments_blank_lines_and_spaces_are_ignored() {
        let rows = parse_rows("x", "# header\n\n 가 \tA\t \n나\tB # note\n", 2, 2).unwrap();
        assert_eq!(rows, vec![vec!["가", "A"], vec!["나", "B"]]);
    }

    fn entries_digest(text: &str) -> String {
        let mut hash = Sha256::new();
        hash_entries(&mut hash, text);
        format!("{:x}", hash.finalize())
    }

    #[test]
    fn only_entries_identify_a_table() {
        let table = "# header\n가\tA\n나\tB\n";
        let commented = "# header, reworded\n\n가\tA # why\n나\tB\n";
        assert_eq!(entries_digest(table), entries_digest(commented));
        assert_ne!(
            entries_digest(table),
            entries_digest("# header\n가\tA\n나\tC\n")
        );
        assert_ne!(entries_digest("가\tA\n"), entries_digest("가A\n"));
        assert_ne!(entries_digest("가\n나\n"), entries_digest("가나\n"));
    }

    #[test]
    fn every_built_in_file_says_what_it_holds() {
        for (name, text) in BUILT_IN {
            assert!(text.starts_with("# "), "{name} has no header comment");
        }
    }

    #[test]
    fn every_data_file_is_built_in() {
        for folder in std::fs::read_dir("data").unwrap() {
            let folder = folder.unwrap().path();
            for file in std::fs::read_dir(&folder).unwrap() {
                let path = file.unwrap().path();
                let name = path
                    .strip_prefix("data")
                    .unwrap()
                    .to_string_lossy()
                    .to_string();
                assert!(
                    BUILT_IN.iter().any(|(built_in, _)| *built_in == name),
                    "{name} is not in BUILT_IN"
                );
            }
        }
    }

    #[test]
    fn a_user_glossary_gives_names_roles_and_terms() {
        let text = "# ours\n올트먼\tSam Altman\tperson\tCEO of OpenAI\n\
                    업스테이지\tUpstage\tOrganization\n\n온디바이스\ton-device\tterm\n\
                    올트먼\tAltman\tterm\n";
        let entries = parse_user_glossary(text, "ours.tsv").unwrap();
        assert_eq!(
            entries,
            vec![
                UserEntry::Name {
                    korean: "올트먼".into(),
                    english: "Sam Altman".into(),
                    kind: EntityKind::Person,
                    role: Some("CEO of OpenAI".into()),
                },
                UserEntry::Name {
                    korean: "업스테이지".into(),
                    english: "Upstage".into(),
                    kind: EntityKind::Organization,
                    role: None,
                },
                UserEntry::Term {
                    korean: "온디바이스".into(),
                    english: "on-device".into(),
                },
                UserEntry::Term {
                    korean: "올트먼".into(),
                    english: "Altman".into(),
                },
            ]
        );
        assert_eq!(parse_user_glossary("# nothing yet\n", "x"), Ok(Vec::new()));
    }

    #[test]
    fn a_bad_glossary_line_names_its_file_line_and_what_is_expected() {
        let error = |text: &str| parse_user_glossary(text, "ours.tsv").unwrap_err();
        let unknown = error("삼성\tSamsung\torganization\n애플\tApple\tcompany\n");
        assert_eq!((unknown.file.as_str(), unknown.line), ("ours.tsv", 2));
        assert!(unknown
            .message
            .starts_with("unknown kind \"company\": expected korean<TAB>"));
        let short = error("# header\n삼성\tSamsung\n");
        assert_eq!(short.line, 2);
        assert!(short.message.contains("found 2 fields"), "{short}");
        assert!(error("삼성\t\torganization\n")
            .message
            .starts_with("expected korean<TAB>"));
        assert!(error("a\tb\tperson\tc\td\n")
            .message
            .contains("found 5 fields"));
        assert!(error("삼성\tSamsung\torganization\tmaker\n")
            .message
            .starts_with("only a person"));
        assert!(error("방한\tvisit\tterm\tnote\n")
            .message
            .starts_with("a term has three fields"));
        let twice = error("삼성\tSamsung\torganization\n삼성\tSamsung Group\torganization\n");
        assert_eq!(twice.line, 2);
        assert!(twice.message.contains("line 1 already"), "{twice}");
    }

    #[test]
    fn user_entries_replace_built_in_ones_in_place_and_add_the_rest() {
        let built_in = vec![("가", "A"), ("나", "B")];
        let merged = with_user_entries(built_in, [("나", "b"), ("다", "C")], |row| row.0);
        assert_eq!(merged, vec![("가", "A"), ("나", "b"), ("다", "C")]);
    }

    #[test]
    fn a_row_a_table_cannot_read_names_its_line() {
        let number = |fields: Vec<String>| fields[1].parse::<u32>().map_err(|err| err.to_string());
        assert_eq!(
            parse_table("n.tsv", "a\t1\nb\t2\n", 2, 2, number),
            Ok(vec![1, 2])
        );
        let err = parse_table("n.tsv", "a\t1\nb\tx\n", 2, 2, number).unwrap_err();
        assert_eq!(err.line, 2);
    }

    #[test]
    fn a_malformed_line_names_its_file_and_line() {
        let err = parse_rows("names.tsv", "가\tA\n나\n", 2, 3).unwrap_err();
        assert_eq!(err.file, "names.tsv");
        assert_eq!(err.line, 2);
        assert!(err.to_string().starts_with("names.tsv:2: expected 2 to 3"));
    }
}
