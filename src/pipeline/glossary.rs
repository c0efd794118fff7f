//! Names glossary: the people, companies, organisations, places and products of a
//! Korean article, each with the one English form the pipeline must use.
//!
//! The default model mangles Korean names ("Kuckenberg", "Ju Won Lee") and fills
//! unnamed roles with famous people ("President Moon" for a bare 대통령). So names are
//! found here, without the model: from a built-in table of well-known entities, and
//! from title cues ("정연미 기자", "조주완 LG전자 사장") for people the table lacks. The
//! glossary goes into the translation prompt, fixes names after generation, and tells
//! the verifier which English names are real.

use std::collections::{HashMap, HashSet};
use std::sync::{LazyLock, Mutex, PoisonError};

use regex::Regex;
use serde::{Deserialize, Serialize};

use EntityKind::{Organization, Person, Place, Product};

/// One name in a source and the English form to use for it everywhere, so every
/// translated sentence and summary names the same entity the same way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GlossaryEntry {
    /// The name as the Korean text writes it.
    pub korean: String,
    /// The canonical English form.
    pub english: String,
    /// What the name stands for.
    pub kind: EntityKind,
    /// English role from title cues in the text ("Chairman of Samsung Electronics",
    /// "reporter"), so the model keeps titles without inventing them.
    pub role: Option<String>,
}

/// What a glossary name stands for: people get roles and spelling fixes, the rest
/// only a fixed English form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    /// A person: gets a role and name-variant fixes.
    Person,
    /// A company, ministry, party, school or news outlet.
    Organization,
    /// A country, city, district or building.
    Place,
    /// A product, technology or event.
    Product,
}

/// The names of one article (or several, merged), in a stable order: people first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Glossary {
    /// One entry per Korean form.
    pub entries: Vec<GlossaryEntry>,
}

impl Glossary {
    /// Find the names in a Korean text (a whole article: title and paragraphs joined
    /// by newlines), so every unit of the article is translated with the same names.
    /// Only names that occur in the text are returned; the built-in table is a
    /// dictionary, not a glossary.
    pub fn extract(korean: &str) -> Glossary {
        let analysis = analyze(korean);
        let mut found: Vec<(usize, GlossaryEntry)> = known_names(korean)
            .into_iter()
            .map(|(position, &(name, english, kind))| (position, new_entry(name, english, kind)))
            .collect();
        for mention in &analysis.mentions {
            let Some(position) = korean.find(mention.korean.as_str()) else {
                continue;
            };
            if !found
                .iter()
                .any(|(_, entry)| entry.korean == mention.korean)
            {
                found.push((
                    position,
                    new_entry(&mention.korean, &mention.english, Person),
                ));
            }
        }
        let given_names = given_name_mentions(korean, &found);
        found.extend(given_names);
        found.sort_by_key(|(position, entry)| (kind_order(entry.kind), *position));
        let mut entries: Vec<GlossaryEntry> = found.into_iter().map(|(_, entry)| entry).collect();
        assign_roles(&mut entries, &analysis);
        Glossary { entries }
    }

    /// Merge several articles' glossaries for the brief, which cites them all: one
    /// entry per Korean form, the first role kept unless it is empty.
    pub fn merge(glossaries: &[Glossary]) -> Glossary {
        let mut entries: Vec<GlossaryEntry> = Vec::new();
        for entry in glossaries.iter().flat_map(|glossary| &glossary.entries) {
            match entries.iter_mut().find(|kept| kept.korean == entry.korean) {
                Some(kept) if role_of(kept).is_none() => kept.role = entry.role.clone(),
                Some(_) => {}
                None => entries.push(entry.clone()),
            }
        }
        entries.sort_by_key(|entry| kind_order(entry.kind));
        Glossary { entries }
    }

    /// Entries whose Korean form (or, for a Korean person, surname and title: "윤
    /// 대통령") occurs in `korean`, to keep the prompt for one sentence short.
    pub fn relevant_to(&self, korean: &str) -> Glossary {
        let entries = self
            .entries
            .iter()
            .filter(|entry| {
                word_starts(korean, &entry.korean).next().is_some()
                    || named_by_surname(korean, entry)
            })
            .cloned()
            .collect();
        Glossary { entries }
    }

    /// Render for a prompt, one name per line ("윤석열 = Yoon Suk Yeol (President of
    /// South Korea)"); Korean forms of the same entity share a line, and names that
    /// are already English are left out since they need no instruction.
    pub fn to_prompt_lines(&self) -> String {
        let mut lines: Vec<(Vec<&str>, &str, Option<&str>)> = Vec::new();
        for entry in self
            .entries
            .iter()
            .filter(|entry| entry.korean != entry.english)
        {
            match lines
                .iter_mut()
                .find(|(_, english, _)| *english == entry.english)
            {
                Some((forms, _, role)) => {
                    forms.push(&entry.korean);
                    *role = role.or(role_of(entry));
                }
                None => lines.push((vec![&entry.korean], &entry.english, role_of(entry))),
            }
        }
        lines
            .iter()
            .map(|(forms, english, role)| match role {
                Some(role) => format!("{} = {english} ({role})", forms.join(" / ")),
                None => format!("{} = {english}", forms.join(" / ")),
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// People and organizations as English lines ("Cho Joo-wan (CEO of LG
    /// Electronics)"), one per entity, for prompts that work on English text.
    pub fn english_lines(&self) -> String {
        let mut lines: Vec<String> = Vec::new();
        for entry in self
            .entries
            .iter()
            .filter(|entry| matches!(entry.kind, EntityKind::Person | EntityKind::Organization))
        {
            let line = match &entry.role {
                Some(role) => format!("{} ({role})", entry.english),
                None => entry.english.clone(),
            };
            if !lines.iter().any(|kept| kept.starts_with(&entry.english)) {
                lines.push(line);
            }
        }
        lines.join("\n")
    }

    /// The Korean text with every Korean name replaced by its English form, longest
    /// names first ("마크 저커버그 메타 CEO는" → "Mark Zuckerberg Meta CEO는"): a second
    /// try for a sentence whose first translation garbled a name, since the model copies
    /// Latin names faithfully.
    pub fn substitute_names(&self, korean: &str) -> String {
        let mut entries: Vec<&GlossaryEntry> = self
            .entries
            .iter()
            .filter(|entry| entry.korean != entry.english)
            .collect();
        entries.sort_by_key(|entry| std::cmp::Reverse(entry.korean.chars().count()));
        entries.iter().fold(korean.to_string(), |text, entry| {
            let mut out = String::with_capacity(text.len());
            let mut done = 0;
            for start in word_starts(&text, &entry.korean) {
                out.push_str(&text[done..start]);
                out.push_str(&entry.english);
                done = start + entry.korean.len();
            }
            out.push_str(&text[done..]);
            out
        })
    }

    /// The glossary without reporters: a byline name is no actor of the story, and
    /// offering it to the model invites "CEO Jung Yeon-mi".
    pub fn without_reporters(&self) -> Glossary {
        let entries = self
            .entries
            .iter()
            .filter(|entry| entry.role.as_deref() != Some("reporter"))
            .cloned()
            .collect();
        Glossary { entries }
    }

    /// Fix names in generated English: the small model leaves Korean names
    /// untranslated, swaps and re-spells Korean names ("Jae-yong Lee") and garbles
    /// foreign ones ("Kuckenberg"). Everything else is left as it is.
    pub fn apply(&self, english: &str) -> String {
        let text = self.replace_korean(english);
        let text = self.fix_korean_names(&text);
        let text = self.fix_foreign_surnames(&text);
        self.fix_spacing_and_case(&text)
    }

    /// Whether an English name (or a part of one, like a surname) is in the glossary,
    /// so the verifier can tell names from the source from invented ones.
    pub fn knows_english(&self, name: &str) -> bool {
        let known = self.english_words();
        let mut words = name
            .split_whitespace()
            .map(normalize_word)
            .filter(|word| !word.is_empty() && !CONNECTIVES.contains(&word.as_str()))
            .peekable();
        words.peek().is_some()
            && words.all(|word| known.contains(&word) || known.contains(&word.replace('-', "")))
    }

    /// Every word of every English form and role, normalized for lookup.
    fn english_words(&self) -> HashSet<String> {
        self.entries
            .iter()
            .flat_map(|entry| {
                let role = entry.role.as_deref().unwrap_or("");
                entry
                    .english
                    .split_whitespace()
                    .chain(role.split_whitespace())
            })
            .map(normalize_word)
            .flat_map(|word| [word.replace('-', ""), word])
            .filter(|word| !word.is_empty())
            .collect()
    }

    /// Put the English form in place of any Korean name the model left in its answer.
    fn replace_korean(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut done = 0;
        let spans = scan_names(text, |rest, previous| {
            self.longest_korean_at(rest, previous)
        });
        for (start, end, entry) in spans {
            if start < done {
                continue;
            }
            out.push_str(&text[done..start]);
            push_english(&mut out, &entry.english);
            done = end + trailing_particle_len(&text[end..]);
        }
        out.push_str(&text[done..]);
        out
    }

    fn longest_korean_at(
        &self,
        rest: &str,
        previous: Option<char>,
    ) -> Option<(&GlossaryEntry, usize)> {
        let first = rest.chars().next()?;
        if !is_hangul(first) || previous.is_some_and(is_hangul) {
            return None;
        }
        self.entries
            .iter()
            .filter(|entry| rest.starts_with(entry.korean.as_str()))
            .max_by_key(|entry| entry.korean.len())
            .map(|entry| (entry, entry.korean.len()))
    }

    /// Korean people: swapped order, other romanizations, hyphen, space and case
    /// variants of the name become the canonical form.
    fn fix_korean_names(&self, text: &str) -> String {
        let mut text = text.to_string();
        for entry in self.distinct_english(|entry| is_korean_person(&entry.korean, &entry.english))
        {
            if let Some(variants) = name_variants(&entry.korean, &entry.english) {
                text = variants
                    .replace_all(&text, regex::NoExpand(&entry.english))
                    .into_owned();
            }
        }
        text
    }

    /// Foreign people: a capitalized word a letter or two away from a long surname in
    /// the glossary ("Zuckerburg", "Kuckenberg") is that surname.
    fn fix_foreign_surnames(&self, text: &str) -> String {
        let surnames: Vec<&str> = self
            .distinct_english(|entry| {
                entry.kind == Person && !is_korean_person(&entry.korean, &entry.english)
            })
            .filter_map(|entry| entry.english.split(' ').next_back())
            .filter(|surname| surname.chars().count() >= MIN_FUZZY_LEN)
            .collect();
        if surnames.is_empty() {
            return text.to_string();
        }
        let known = self.english_words();
        CAPITALIZED_WORD
            .replace_all(text, |caps: &regex::Captures<'_>| {
                let word = &caps[0];
                let fix = surnames.iter().find(|surname| {
                    !known.contains(&word.to_lowercase()) && is_misspelling(word, surname)
                });
                fix.map_or_else(|| word.to_string(), |surname| surname.to_string())
            })
            .into_owned()
    }

    /// Multi-part names written with other spacing or case ("Open AI", "SK Hynix",
    /// "Quest3") become the canonical form.
    fn fix_spacing_and_case(&self, text: &str) -> String {
        let mut text = text.to_string();
        for entry in self.distinct_english(|entry| !is_korean_person(&entry.korean, &entry.english))
        {
            let canonical = entry.english.strip_prefix("the ").unwrap_or(&entry.english);
            if let Some(variants) = spacing_variants(canonical) {
                text = variants
                    .replace_all(&text, regex::NoExpand(canonical))
                    .into_owned();
            }
        }
        text
    }

    /// Entries passing `keep`, one per English form.
    fn distinct_english<'g>(
        &'g self,
        keep: impl Fn(&GlossaryEntry) -> bool + 'g,
    ) -> impl Iterator<Item = &'g GlossaryEntry> + 'g {
        let mut seen = HashSet::new();
        self.entries
            .iter()
            .filter(move |entry| keep(entry) && seen.insert(entry.english.as_str()))
    }
}

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
    if let Some(&(_, english, Person)) = well_known(korean) {
        return english.to_string();
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

/// People named by their given name alone ("테드·올트먼 이어 저커버그까지", a headline's
/// Ted Sarandos), as news does for a foreign person it names in full elsewhere: the
/// given name, standing as a word of its own, is one more Korean form of the person.
/// Without it the model's "Ted" is a name the source does not give.
fn given_name_mentions(
    korean: &str,
    found: &[(usize, GlossaryEntry)],
) -> Vec<(usize, GlossaryEntry)> {
    let mut mentions: Vec<(usize, GlossaryEntry)> = Vec::new();
    for (_, entry) in found.iter().filter(|(_, entry)| entry.kind == Person) {
        let Some((given, _)) = entry.korean.split_once(' ') else {
            continue;
        };
        let known = |name: &str| {
            found.iter().any(|(_, other)| other.korean == name)
                || mentions.iter().any(|(_, other)| other.korean == name)
        };
        if given.chars().count() < 2 || known(given) {
            continue;
        }
        let alone = word_starts(korean, given).find(|start| {
            let after = &korean[start + given.len()..];
            !after.chars().next().is_some_and(is_hangul)
                && !after.starts_with(&entry.korean[given.len()..])
        });
        if let Some(position) = alone {
            mentions.push((position, new_entry(given, &entry.english, Person)));
        }
    }
    mentions
}

/// A table row: Korean form, English form, kind.
type Known = (&'static str, &'static str, EntityKind);

fn new_entry(korean: &str, english: &str, kind: EntityKind) -> GlossaryEntry {
    GlossaryEntry {
        korean: korean.to_string(),
        english: english.to_string(),
        kind,
        role: None,
    }
}

fn role_of(entry: &GlossaryEntry) -> Option<&str> {
    entry.role.as_deref().filter(|role| !role.is_empty())
}

/// People first: they are what the model gets wrong.
fn kind_order(kind: EntityKind) -> u8 {
    match kind {
        Person => 0,
        Organization => 1,
        Place => 2,
        Product => 3,
    }
}

/// The table row whose Korean form is exactly `korean`.
fn well_known(korean: &str) -> Option<&'static Known> {
    WELL_KNOWN
        .binary_search_by(|(name, _, _)| (*name).cmp(korean))
        .ok()
        .map(|index| &WELL_KNOWN[index])
}

/// Table rows starting with `first`: a contiguous run, since the table is sorted.
fn rows_starting_with(first: char) -> &'static [Known] {
    let mut buffer = [0; 4];
    let first: &str = first.encode_utf8(&mut buffer);
    let start = WELL_KNOWN.partition_point(|(name, _, _)| *name < first);
    let end = WELL_KNOWN.partition_point(|(name, _, _)| *name < first || name.starts_with(first));
    &WELL_KNOWN[start..end]
}

/// Walk `text` left to right and take, at each position, the longest name that
/// `longest` finds there, so "삼성" is not found again inside "삼성전자".
fn scan_names<'t, T>(
    text: &'t str,
    mut longest: impl FnMut(&'t str, Option<char>) -> Option<(T, usize)>,
) -> Vec<(usize, usize, T)> {
    let mut found = Vec::new();
    let mut position = 0;
    let mut previous = None;
    while let Some(current) = text[position..].chars().next() {
        match longest(&text[position..], previous) {
            Some((name, len)) => {
                found.push((position, position + len, name));
                previous = text[..position + len].chars().next_back();
                position += len;
            }
            None => {
                previous = Some(current);
                position += current.len_utf8();
            }
        }
    }
    found
}

/// Table names in `text` with the byte position of their first occurrence.
fn known_names(text: &str) -> Vec<(usize, &'static Known)> {
    let mut first_seen: Vec<(usize, &'static Known)> = Vec::new();
    for (position, _, known) in scan_names(text, longest_known_at) {
        if !first_seen.iter().any(|(_, seen)| seen.0 == known.0) {
            first_seen.push((position, known));
        }
    }
    first_seen
}

/// The longest table name at the start of `rest`. A Hangul name must not continue a
/// Hangul word (Korean attaches particles after a name, never before it), and a Latin
/// name must not be part of a longer Latin word.
fn longest_known_at(rest: &str, previous: Option<char>) -> Option<(&'static Known, usize)> {
    let first = rest.chars().next()?;
    let joined = previous.is_some_and(|previous| {
        (is_hangul(first) && is_hangul(previous))
            || (first.is_ascii_alphanumeric() && previous.is_ascii_alphanumeric())
    });
    if joined {
        return None;
    }
    rows_starting_with(first)
        .iter()
        .filter(|known| rest.starts_with(known.0) && ends_cleanly(known, &rest[known.0.len()..]))
        .max_by_key(|known| known.0.len())
        .map(|known| (known, known.0.len()))
}

/// Whether a name match may end where `after` begins: not inside a Latin word, and a
/// country is not the start of a language name ("한국어", "중국어").
fn ends_cleanly(known: &Known, after: &str) -> bool {
    let next = after.chars().next();
    let last = known.0.chars().next_back();
    let latin_run = next.is_some_and(|c| c.is_ascii_alphanumeric())
        && last.is_some_and(|c| c.is_ascii_alphanumeric());
    let language = known.2 == Place && next == Some('어');
    !(latin_run || language)
}

/// One word of a role phrase, classified.
#[derive(Debug, Clone)]
enum Item<'a> {
    /// A table name, with the particle attached to it.
    Known {
        name: &'static Known,
        particle: &'static str,
    },
    /// A title word ("회장", "CEO", "HE사업본부장"), with its particle.
    Title {
        hit: TitleHit,
        particle: &'static str,
    },
    /// A word shaped like a Korean name (surname + one or two syllables).
    Candidate(&'a str),
    /// A bare surname, as in the short form "윤 대통령".
    Surname(&'static str),
    /// "당시"/"전" (then, former) or "현"/"신임" (current, new) before a title.
    Modifier { former: bool },
    /// Anything else: between a name and its title, an organization the table lacks
    /// ("정용진 신세계 부회장"), a division, or a reporter's outlet.
    Word,
}

/// A title word as found: the title, and the division for head titles ("HE").
#[derive(Debug, Clone)]
struct TitleHit {
    title: &'static Title,
    division: Option<String>,
}

/// What the words around one name say about its role.
#[derive(Debug, Clone)]
struct RoleCue {
    titles: Vec<TitleHit>,
    org: Option<&'static Known>,
    former: bool,
}

/// One person named with a title.
#[derive(Debug, Clone)]
struct Mention {
    korean: String,
    english: String,
    cue: RoleCue,
    /// Name before its title (strong), rather than "메타 CEO 마크 저커버그" (weak).
    strong: bool,
    /// In a phrase about the past ("당시 ... 이재용 삼성전자 부회장"): a title held then.
    past: bool,
}

/// Everything the title cues of an article say.
#[derive(Debug, Default)]
struct Analysis {
    mentions: Vec<Mention>,
    /// Surname + title short forms ("이 회장"): surname and English title.
    shorts: Vec<(&'static str, &'static str)>,
}

static PARENTHETICAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\([^()\n]{0,40}\)").expect("literal regex"));
static CAPITALIZED_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b[A-Z][A-Za-z]+\b").expect("literal regex"));

/// Read the title cues of a text. Asides in parentheses go first, so
/// "최고경영자(CEO)가" reads as a title and "조주완(조 윌리엄) 사장" as name + title.
fn analyze(korean: &str) -> Analysis {
    let text = PARENTHETICAL
        .replace_all(&korean.replace("(주)", "㈜"), "")
        .into_owned();
    let mut analysis = Analysis::default();
    for phrase in text.split(is_phrase_break) {
        let words: Vec<&str> = phrase.split_whitespace().collect();
        scan_items(&classify(&words), &mut analysis);
    }
    analysis
}

/// Punctuation ends a role phrase: "조주완 LG전자 CEO, 마크 저커버그" holds two.
fn is_phrase_break(c: char) -> bool {
    c == '\n'
        || (c.is_ascii_punctuation() && !matches!(c, '-' | '&' | '%'))
        || "“”‘’·•‧ㆍ「」『』《》〈〉【】〔〕…※▲△■□◆◇▶▷○●◎（）～∼".contains(c)
}

fn classify<'a>(words: &[&'a str]) -> Vec<Item<'a>> {
    let mut items = Vec::with_capacity(words.len());
    let mut index = 0;
    while index < words.len() {
        match known_at(words, index) {
            Some((name, particle, span)) => {
                items.push(Item::Known { name, particle });
                index += span;
            }
            None => {
                items.push(classify_word(words[index]));
                index += 1;
            }
        }
    }
    items
}

/// A table name made of the words at `index` (up to three: "모바일 월드 콩그레스"),
/// possibly with a particle on the last word.
fn known_at(words: &[&str], index: usize) -> Option<(&'static Known, &'static str, usize)> {
    (1..=3)
        .rev()
        .filter(|span| index + span <= words.len())
        .find_map(|span| {
            let joined = words[index..index + span].join(" ");
            particle_splits(&joined)
                .into_iter()
                .find_map(|(stem, particle)| well_known(stem).map(|name| (name, particle, span)))
        })
}

fn classify_word(word: &str) -> Item<'_> {
    if let Some((hit, particle)) = title_of(word) {
        return Item::Title { hit, particle };
    }
    if let Some(former) = modifier(word) {
        return Item::Modifier { former };
    }
    if let Some((surname, _)) = surname_entry(word) {
        return Item::Surname(surname);
    }
    if is_name_candidate(word) {
        return Item::Candidate(word);
    }
    Item::Word
}

fn modifier(word: &str) -> Option<bool> {
    match word {
        "당시" | "전" | "前" | "과거" => Some(true),
        "현" | "現" | "신임" => Some(false),
        _ => None,
    }
}

/// The ways to read `word` as stem + particle, the bare word first.
fn particle_splits(word: &str) -> Vec<(&str, &'static str)> {
    let mut splits = vec![(word, "")];
    for particle in PARTICLES.split(' ') {
        if let Some(stem) = word.strip_suffix(particle).filter(|stem| !stem.is_empty()) {
            splits.push((stem, particle));
        }
    }
    splits
}

fn title_of(word: &str) -> Option<(TitleHit, &'static str)> {
    particle_splits(word)
        .into_iter()
        .find_map(|(stem, particle)| title_hit(stem).map(|hit| (hit, particle)))
}

/// A title stem: an exact title word, or a word ending in a head title, whose Latin
/// prefix names the division ("HE사업본부장").
fn title_hit(stem: &str) -> Option<TitleHit> {
    if let Some(title) = TITLES
        .iter()
        .find(|title| title.class != TitleClass::Head && title.korean == stem)
    {
        return Some(TitleHit {
            title,
            division: None,
        });
    }
    let city_mayor = stem
        .strip_suffix("시장")
        .and_then(well_known)
        .is_some_and(|known| known.2 == Place);
    if city_mayor {
        return Some(TitleHit {
            title: &MAYOR,
            division: None,
        });
    }
    TITLES
        .iter()
        .filter(|title| title.class == TitleClass::Head)
        .find_map(|title| {
            stem.strip_suffix(title.korean)
                .map(|prefix| (title, prefix))
        })
        .map(|(title, prefix)| TitleHit {
            title,
            division: Some(prefix)
                .filter(|prefix| {
                    !prefix.is_empty() && prefix.chars().all(|c| c.is_ascii_alphanumeric())
                })
                .map(str::to_string),
        })
}

/// Whether a word looks like a Korean person's full name: three or four syllables, a
/// known surname, and none of the marks of common nouns and company names.
fn is_name_candidate(word: &str) -> bool {
    let syllables: Vec<char> = word.chars().collect();
    if !(3..=4).contains(&syllables.len()) || !syllables.iter().all(|c| is_hangul(*c)) {
        return false;
    }
    let Some((_, given)) = split_surname(word) else {
        return false;
    };
    (1..=2).contains(&given.chars().count())
        && !NOT_NAMES.split(' ').any(|common| common == word)
        && !given.chars().any(|c| LOANWORD_SYLLABLES.contains(c))
        && !syllables
            .last()
            .is_some_and(|c| INSTITUTION_ENDINGS.contains(*c))
        && !has_known_stem(word)
}

/// "서울시", "한국인", "미국산": a table name plus a one-syllable suffix.
fn has_known_stem(word: &str) -> bool {
    word.char_indices()
        .next_back()
        .is_some_and(|(last, suffix)| {
            KNOWN_STEM_SUFFIXES.contains(suffix) && well_known(&word[..last]).is_some()
        })
}

/// Find the mentions and short forms in one phrase.
fn scan_items(items: &[Item<'_>], analysis: &mut Analysis) {
    let mut index = 0;
    while index < items.len() {
        index = match &items[index] {
            Item::Surname(surname) => {
                if let Some(Item::Title { hit, .. }) = items.get(index + 1) {
                    analysis.shorts.push((surname, hit.title.english));
                }
                index + 1
            }
            item => match person(item) {
                Some(named) => {
                    let past = items[..index]
                        .iter()
                        .any(|item| matches!(item, Item::Modifier { former: true }));
                    scan_person(items, index, named, past, analysis)
                }
                None => index + 1,
            },
        };
    }
}

/// A person's name in an item: Korean form, English form, whether the table knows
/// it, and its particle.
struct Named {
    korean: String,
    english: String,
    known: bool,
    particle: &'static str,
}

fn person(item: &Item<'_>) -> Option<Named> {
    match item {
        Item::Known {
            name: &(korean, english, Person),
            particle,
        } => Some(Named {
            korean: korean.to_string(),
            english: english.to_string(),
            known: true,
            particle,
        }),
        Item::Candidate(word) => Some(Named {
            korean: word.to_string(),
            english: english_person_name(word),
            known: false,
            particle: "",
        }),
        _ => None,
    }
}

/// Record the role of the person at `index`, in a phrase about the past or not;
/// returns where scanning goes on.
fn scan_person(
    items: &[Item<'_>],
    index: usize,
    named: Named,
    past: bool,
    analysis: &mut Analysis,
) -> usize {
    if named.particle.is_empty() {
        if let Some((mut cue, end)) = role_after(items, index + 1) {
            if cue.org.is_none() {
                cue.org = org_before(items, index).filter(|org| org_fits(org, &cue.titles));
            }
            analysis.mentions.push(mention(named, cue, true, past));
            return end;
        }
    }
    if named.known {
        if let Some(cue) = role_before(items, index) {
            analysis.mentions.push(mention(named, cue, false, past));
        }
    }
    index + 1
}

fn mention(named: Named, cue: RoleCue, strong: bool, past: bool) -> Mention {
    Mention {
        korean: named.korean,
        english: named.english,
        cue,
        strong,
        past,
    }
}

/// "이재용 삼성전자 회장", "박근혜 당시 대통령", "장용석 글로벌이코노믹 기자",
/// "경계현 삼성전자 디바이스솔루션 부문장": the titles after a name, with what stands
/// between them. Returns the cue and the index after it.
fn role_after(items: &[Item<'_>], start: usize) -> Option<(RoleCue, usize)> {
    let mut index = start;
    let mut former = false;
    if let Some(Item::Modifier { former: is_former }) = items.get(index) {
        former = *is_former;
        index += 1;
    }
    let org = match items.get(index) {
        Some(Item::Known { name, particle: "" }) if matches!(name.2, Organization | Place) => {
            index += 1;
            Some(*name)
        }
        _ => None,
    };
    if let Some(Item::Word | Item::Candidate(_)) = items.get(index) {
        index += 1;
    }
    let (titles, end) = titles_at(items, index);
    if titles.is_empty() {
        return None;
    }
    let org = org.filter(|org| org_fits(org, &titles));
    Some((
        RoleCue {
            titles,
            org,
            former,
        },
        end,
    ))
}

/// One or more consecutive titles ("대표이사 사장"); a particle ends the run.
fn titles_at(items: &[Item<'_>], start: usize) -> (Vec<TitleHit>, usize) {
    let mut titles = Vec::new();
    let mut index = start;
    while let Some(Item::Title { hit, particle }) = items.get(index) {
        titles.push(hit.clone());
        index += 1;
        if !particle.is_empty() {
            break;
        }
    }
    (titles, index)
}

/// "삼성전자 이재용 회장", "오픈AI의 샘 올트먼 CEO": the organization before a name.
fn org_before(items: &[Item<'_>], index: usize) -> Option<&'static Known> {
    match items.get(index.checked_sub(1)?) {
        Some(Item::Known {
            name,
            particle: "" | "의",
        }) if matches!(name.2, Organization | Place) => Some(*name),
        _ => None,
    }
}

/// "메타 CEO 마크 저커버그": organization and title before a well-known name.
fn role_before(items: &[Item<'_>], index: usize) -> Option<RoleCue> {
    let title = match items.get(index.checked_sub(1)?) {
        Some(Item::Title { hit, particle: "" }) if hit.title.class != TitleClass::Reporter => hit,
        _ => return None,
    };
    let org = org_before(items, index - 1)?;
    let titles = vec![title.clone()];
    org_fits(org, &titles).then_some(RoleCue {
        titles,
        org: Some(org),
        former: false,
    })
}

/// A place is the "organization" of a government title only ("미국 바이든 대통령").
fn org_fits(org: &Known, titles: &[TitleHit]) -> bool {
    org.2 == Organization
        || titles
            .iter()
            .any(|hit| hit.title.class == TitleClass::Government)
}

/// Give each person the role the text gives them most, and other names their note.
fn assign_roles(entries: &mut [GlossaryEntry], analysis: &Analysis) {
    let unique = unique_surnames(entries);
    for entry in entries.iter_mut() {
        entry.role = match entry.kind {
            Person => person_role(entry, analysis, &unique),
            _ => NOTES
                .iter()
                .find(|(korean, _)| *korean == entry.korean)
                .map(|(_, note)| note.to_string()),
        };
    }
}

/// Surnames borne by one Korean person of the article only: "이 회장" can then be
/// counted for that person.
fn unique_surnames(entries: &[GlossaryEntry]) -> HashSet<&'static str> {
    let mut people: HashMap<&'static str, HashSet<&str>> = HashMap::new();
    for entry in entries
        .iter()
        .filter(|entry| is_korean_person(&entry.korean, &entry.english))
    {
        if let Some((surname, _)) = split_surname(&entry.korean) {
            people.entry(surname).or_default().insert(&entry.english);
        }
    }
    people
        .into_iter()
        .filter(|(_, names)| names.len() == 1)
        .map(|(surname, _)| surname)
        .collect()
}

/// The role of one person: the title combination whose titles the text uses most
/// ("대표이사 사장" over a lone "사장").
fn person_role(
    entry: &GlossaryEntry,
    analysis: &Analysis,
    unique: &HashSet<&str>,
) -> Option<String> {
    let own = analysis
        .mentions
        .iter()
        .filter(|m| m.english == entry.english);
    let pool = role_pool(own.collect());
    let korean = is_korean_person(&entry.korean, &entry.english);
    let surname = split_surname(&entry.korean)
        .map(|(surname, _)| surname)
        .filter(|surname| korean && unique.contains(surname));
    let shorts: Vec<&'static str> = analysis
        .shorts
        .iter()
        .filter(|(short, _)| Some(*short) == surname)
        .map(|(_, title)| *title)
        .collect();
    let counts = title_counts(&pool, &shorts);
    let score = |mention: &Mention| -> usize {
        distinct_titles(&mention.cue.titles)
            .iter()
            .map(|title| counts.get(title).copied().unwrap_or(0))
            .sum()
    };
    let mut best: Option<&Mention> = None;
    for mention in &pool {
        if best.is_none_or(|best| score(mention) > score(best)) {
            best = Some(mention);
        }
    }
    let mut cue = best?.cue.clone();
    if cue.org.is_none() {
        cue.org = org_for(&pool, &cue.titles);
    }
    Some(render_role(&cue, korean))
}

/// The mentions that decide a role: current name-first ones if there are any, then
/// past ones, then title-first ones.
fn role_pool(own: Vec<&Mention>) -> Vec<&Mention> {
    let current: Vec<&Mention> = own
        .iter()
        .copied()
        .filter(|m| m.strong && !m.past)
        .collect();
    if !current.is_empty() {
        return current;
    }
    let strong: Vec<&Mention> = own.iter().copied().filter(|m| m.strong).collect();
    if strong.is_empty() {
        own
    } else {
        strong
    }
}

/// How many mentions use each English title; a short form ("이 회장") adds to a title
/// the full name already has.
fn title_counts(pool: &[&Mention], shorts: &[&'static str]) -> HashMap<&'static str, usize> {
    let mut counts: HashMap<&'static str, usize> = HashMap::new();
    for mention in pool {
        for title in distinct_titles(&mention.cue.titles) {
            *counts.entry(title).or_default() += 1;
        }
    }
    for title in shorts {
        if let Some(count) = counts.get_mut(title) {
            *count += 1;
        }
    }
    counts
}

/// The organization another mention gives for one of these titles ("조주완 대표"
/// borrows LG Electronics from "조주완 LG전자 사장").
fn org_for(pool: &[&Mention], titles: &[TitleHit]) -> Option<&'static Known> {
    let wanted = distinct_titles(titles);
    pool.iter()
        .filter(|m| {
            distinct_titles(&m.cue.titles)
                .iter()
                .any(|title| wanted.contains(title))
        })
        .find_map(|m| m.cue.org)
}

fn distinct_titles(titles: &[TitleHit]) -> Vec<&'static str> {
    let mut distinct: Vec<&'static str> = Vec::new();
    for hit in titles {
        if !distinct.contains(&hit.title.english) {
            distinct.push(hit.title.english);
        }
    }
    distinct
}

/// English role from a cue: "President and CEO of LG Electronics", "President of
/// South Korea", "head of the HE division", "reporter".
fn render_role(cue: &RoleCue, korean_person: bool) -> String {
    if cue
        .titles
        .iter()
        .any(|hit| hit.title.class == TitleClass::Reporter)
    {
        return "reporter".to_string();
    }
    let role = match cue.titles.as_slice() {
        [only] if only.title.class == TitleClass::Government => {
            government_role(only.title, cue.org, korean_person)
        }
        titles => business_role(titles, cue.org),
    };
    if cue.former {
        format!("former {role}")
    } else {
        role
    }
}

fn government_role(title: &Title, org: Option<&Known>, korean_person: bool) -> String {
    match org {
        Some((_, english, _)) => match english.strip_prefix("the Ministry of ") {
            Some(ministry) if title.english == "Minister" => format!("Minister of {ministry}"),
            _ => format!("{} of {english}", title.english),
        },
        None if korean_person && matches!(title.english, "President" | "Prime Minister") => {
            format!("{} of South Korea", title.english)
        }
        None => title.english.to_string(),
    }
}

/// Company titles, rank first ("Vice Chairman and COO of LG Corp."). A bare 사장 is a
/// company's president, not a head of state.
fn business_role(titles: &[TitleHit], org: Option<&Known>) -> String {
    let mut ordered: Vec<&TitleHit> = Vec::new();
    for hit in titles {
        if !ordered
            .iter()
            .any(|kept| kept.title.english == hit.title.english)
        {
            ordered.push(hit);
        }
    }
    ordered.sort_by_key(|hit| hit.title.class != TitleClass::Rank);
    let party = org.is_some_and(|(_, english, _)| english.ends_with("Party"));
    let label = ordered
        .iter()
        .map(|hit| title_label(hit, party))
        .collect::<Vec<_>>()
        .join(" and ");
    let at = ordered
        .iter()
        .any(|hit| matches!(hit.title.class, TitleClass::Head | TitleClass::Academic));
    match org {
        Some((_, english, _)) => format!("{label} {} {english}", if at { "at" } else { "of" }),
        None if label == "President" => "company president".to_string(),
        None => label,
    }
}

fn title_label(hit: &TitleHit, party: bool) -> String {
    match (&hit.division, hit.title.class) {
        (Some(division), _) => format!("head of the {division} division"),
        (None, TitleClass::Head) => "division head".to_string(),
        (None, _) if party && hit.title.english == "CEO" => "leader".to_string(),
        _ => hit.title.english.to_string(),
    }
}

/// Where `name` occurs in `text` as the start of a word: not after a letter of its own
/// script. Korean attaches particles after a name, never before it, so "한은" (the Bank
/// of Korea) inside "방한은" (the visit to Korea) is no name.
fn word_starts<'t>(text: &'t str, name: &'t str) -> impl Iterator<Item = usize> + 't {
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

/// Whether `korean` names `entry` by surname and title ("윤 대통령", "이 회장").
fn named_by_surname(korean: &str, entry: &GlossaryEntry) -> bool {
    if !is_korean_person(&entry.korean, &entry.english) {
        return false;
    }
    let Some((surname, _)) = split_surname(&entry.korean) else {
        return false;
    };
    word_starts(korean, surname).any(|start| {
        let title = korean[start + surname.len()..]
            .strip_prefix(' ')
            .and_then(|rest| rest.split_whitespace().next());
        title.is_some_and(|word| title_of(word).is_some())
    })
}

fn is_hangul(c: char) -> bool {
    ('\u{ac00}'..='\u{d7a3}').contains(&c)
}

/// Initial, vowel and final indices of a Hangul syllable.
pub(crate) fn jamo(c: char) -> Option<(usize, usize, usize)> {
    if !is_hangul(c) {
        return None;
    }
    let index = c as usize - 0xac00;
    Some((index / 588, (index % 588) / 28, index % 28))
}

fn capitalize(word: &str) -> String {
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

fn surname_entry(surname: &str) -> Option<(&'static str, &'static [&'static str])> {
    SURNAMES
        .binary_search_by(|(korean, _)| (*korean).cmp(surname))
        .ok()
        .map(|index| SURNAMES[index])
}

/// English spellings of a surname, the usual one first.
fn surname_spellings(surname: &str) -> &'static [&'static str] {
    surname_entry(surname).map_or(&[], |(_, spellings)| spellings)
}

/// Whether `word` spells a Korean surname in English ("Moon", "Park"): such a word in a
/// translation is a person's name, never a loanword.
pub fn is_surname_spelling(word: &str) -> bool {
    SURNAMES
        .iter()
        .flat_map(|(_, spellings)| spellings.iter())
        .any(|spelling| spelling.eq_ignore_ascii_case(word))
}

/// The usual English spelling of a surname ("이" → "Lee").
fn usual_spelling(surname: &str) -> &'static str {
    surname_spellings(surname)
        .first()
        .copied()
        .unwrap_or_default()
}

/// Split a Hangul name into surname and given name; two-syllable surnames ("남궁")
/// are tried first when the name is long enough to have one.
fn split_surname(name: &str) -> Option<(&'static str, &str)> {
    let count = name.chars().count();
    if count < 2 || !name.chars().all(is_hangul) {
        return None;
    }
    [2, 1]
        .into_iter()
        .filter(|&syllables| count > syllables && (syllables == 1 || count >= 3))
        .find_map(|syllables| {
            let boundary = name.char_indices().nth(syllables)?.0;
            surname_entry(&name[..boundary]).map(|(surname, _)| (surname, &name[boundary..]))
        })
}

/// Whether a table person is Korean (and so gets Korean name variants and "of South
/// Korea"): a Korean surname written first in the English form. "Fumio Kishida" and
/// "Masayoshi Son" are not.
fn is_korean_person(korean: &str, english: &str) -> bool {
    let Some((surname, _)) = split_surname(korean) else {
        return false;
    };
    let first = english.split(' ').next().unwrap_or("");
    surname_spellings(surname)
        .iter()
        .any(|spelling| spelling.eq_ignore_ascii_case(first))
}

/// A regex for a Korean person's name in any order, romanization, hyphenation or
/// case: "Jae-yong Lee", "Lee Jae Yong", "Jaeyong Lee" for "Lee Jae-yong". The
/// surname must be capitalized, so "Min-su in" is not read as "In Min-su".
fn name_variants(korean: &str, english: &str) -> Option<Regex> {
    let (surname, given) = split_surname(korean)?;
    let (english_surname, english_given) = english.split_once(' ')?;
    let syllables: Vec<char> = given.chars().collect();
    let parts: Vec<&str> = english_given.split([' ', '-']).collect();
    let aligned = parts.len() == syllables.len();
    let given_pattern = syllables
        .iter()
        .enumerate()
        .map(|(index, syllable)| {
            let mut spellings = syllable_spellings(*syllable);
            if aligned {
                spellings.push(parts[index].to_lowercase());
            }
            alternation(spellings)
        })
        .collect::<Vec<_>>()
        .join("[ -]?");
    let surnames = surname_spellings(surname)
        .iter()
        .chain([&english_surname])
        .flat_map(|spelling| [spelling.to_string(), spelling.to_uppercase()])
        .collect();
    let surname_pattern = alternation(surnames);
    let given_pattern = format!("(?i:{given_pattern})");
    compiled(format!(
        r"\b(?:{surname_pattern}[ -]+{given_pattern}|{given_pattern}[ -]+{surname_pattern})\b"
    ))
}

/// The spellings a syllable of a given name gets in English texts: Revised
/// Romanization and the older and popular ones ("석": seok, suk, sok...).
fn syllable_spellings(syllable: char) -> Vec<String> {
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

/// A non-capturing regex alternation of literal spellings, longest first.
fn alternation(mut spellings: Vec<String>) -> String {
    spellings.sort_by_key(|spelling| std::cmp::Reverse(spelling.len()));
    spellings.dedup();
    let escaped: Vec<String> = spellings
        .iter()
        .map(|spelling| regex::escape(spelling))
        .collect();
    format!("(?:{})", escaped.join("|"))
}

/// A case-insensitive regex for a multi-part name written with other spacing
/// ("Open AI", "SK Hynix", "Quest3"); `None` for one-part names and names that are
/// not proper nouns ("presidential office"), whose case must follow the sentence.
fn spacing_variants(canonical: &str) -> Option<Regex> {
    if !canonical.starts_with(|c: char| c.is_ascii_uppercase()) {
        return None;
    }
    let parts = name_parts(canonical);
    if parts.len() < 2 {
        return None;
    }
    let body = parts
        .iter()
        .map(|part| regex::escape(part))
        .collect::<Vec<_>>()
        .join("[ -]*");
    let start = if canonical.starts_with(|c: char| c.is_alphanumeric()) {
        r"\b"
    } else {
        ""
    };
    let end = if canonical.ends_with(|c: char| c.is_alphanumeric()) {
        r"\b"
    } else {
        ""
    };
    compiled(format!("(?i){start}{body}{end}"))
}

/// Name patterns compiled so far: the same glossary fixes every unit of an article,
/// and compiling its patterns costs far more than running them.
static COMPILED: LazyLock<Mutex<HashMap<String, Regex>>> = LazyLock::new(Default::default);

fn compiled(pattern: String) -> Option<Regex> {
    let mut cache = COMPILED.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(regex) = cache.get(&pattern) {
        return Some(regex.clone());
    }
    let regex = Regex::new(&pattern).ok()?;
    cache.insert(pattern, regex.clone());
    Some(regex)
}

/// "OpenAI" → ["Open", "AI"], "SK hynix" → ["SK", "hynix"], "Quest 3" → ["Quest", "3"].
fn name_parts(name: &str) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    let mut previous: Option<char> = None;
    for c in name.chars() {
        if c == ' ' || c == '-' {
            previous = None;
            continue;
        }
        let boundary = previous.is_none_or(|p| {
            (p.is_lowercase() && c.is_uppercase()) || (p.is_alphabetic() && c.is_ascii_digit())
        });
        match parts.last_mut() {
            Some(part) if !boundary => part.push(c),
            _ => parts.push(c.to_string()),
        }
        previous = Some(c);
    }
    parts
}

/// Whether `word` is a misspelling of the surname `target`: a different word within
/// one edit, or two for names as long as "Zuckerberg", ignoring case.
fn is_misspelling(word: &str, target: &str) -> bool {
    let word = word.to_lowercase();
    let target_lower = target.to_lowercase();
    let allowed = if target.chars().count() >= 10 { 2 } else { 1 };
    word != target_lower && edit_distance(&word, &target_lower) <= allowed
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

/// Lowercase a word for name lookup, without a possessive or edge punctuation.
fn normalize_word(word: &str) -> String {
    let word = word
        .strip_suffix("'s")
        .or_else(|| word.strip_suffix("’s"))
        .unwrap_or(word);
    word.trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

/// Append an English name where a Korean one was, without doubling words the model
/// already wrote ("Mark 저커버그" → "Mark Zuckerberg", "the 미국" → "the United States").
fn push_english(out: &mut String, english: &str) {
    let words: Vec<&str> = english.split(' ').collect();
    let lower = out.to_lowercase();
    for written in (1..words.len()).rev() {
        let prefix = format!("{} ", words[..written].join(" ").to_lowercase());
        if lower.ends_with(&prefix) {
            out.push_str(&words[written..].join(" "));
            return;
        }
    }
    if out.ends_with(|c: char| c.is_alphanumeric()) {
        out.push(' ');
    }
    out.push_str(english);
}

/// Bytes of a Korean particle left after a name ("조주완은 said" → drop "은").
fn trailing_particle_len(after: &str) -> usize {
    PARTICLES
        .split(' ')
        .find(|particle| {
            after
                .strip_prefix(*particle)
                .is_some_and(|rest| !rest.starts_with(is_hangul))
        })
        .map_or(0, |particle| particle.len())
}

/// How a title reads in a role and attaches to an organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TitleClass {
    /// Company rank: Chairman, President; written first in a combined title.
    Rank,
    /// Company function: CEO, COO, founder.
    Function,
    /// Head of state, minister, lawmaker: "of" a country or ministry.
    Government,
    /// Division head: "at" the company.
    Head,
    /// Professor: "at" the school.
    Academic,
    /// A byline, which the pipeline may leave out of summaries.
    Reporter,
}

/// A Korean title word and its English form.
#[derive(Debug)]
struct Title {
    korean: &'static str,
    english: &'static str,
    class: TitleClass,
}

const fn title(korean: &'static str, english: &'static str, class: TitleClass) -> Title {
    Title {
        korean,
        english,
        class,
    }
}

/// A city's mayor, written joined to the city ("울산시장"): only so, since 시장 alone
/// is also a market ("반도체 시장").
static MAYOR: Title = title("시장", "Mayor", TitleClass::Government);

/// Title words that follow a name. Head titles match as word endings
/// ("파운드리사업부장"), longest first.
static TITLES: &[Title] = &[
    title("명예회장", "Honorary Chairman", TitleClass::Rank),
    title("부회장", "Vice Chairman", TitleClass::Rank),
    title("회장", "Chairman", TitleClass::Rank),
    title("이사장", "Chairman", TitleClass::Rank),
    title("의장", "Chairman", TitleClass::Rank),
    title("부사장", "Executive Vice President", TitleClass::Rank),
    title("사장", "President", TitleClass::Rank),
    title("전무", "Executive Vice President", TitleClass::Rank),
    title("상무", "Vice President", TitleClass::Rank),
    title("대표이사", "CEO", TitleClass::Function),
    title("대표", "CEO", TitleClass::Function),
    title("최고경영자", "CEO", TitleClass::Function),
    title("최고경영책임자", "CEO", TitleClass::Function),
    title("CEO", "CEO", TitleClass::Function),
    title("공동대표", "co-CEO", TitleClass::Function),
    title("공동CEO", "co-CEO", TitleClass::Function),
    title("최고운영책임자", "COO", TitleClass::Function),
    title("COO", "COO", TitleClass::Function),
    title("최고전략책임자", "CSO", TitleClass::Function),
    title("CSO", "CSO", TitleClass::Function),
    title("최고기술책임자", "CTO", TitleClass::Function),
    title("CTO", "CTO", TitleClass::Function),
    title("최고재무책임자", "CFO", TitleClass::Function),
    title("CFO", "CFO", TitleClass::Function),
    title("이사", "director", TitleClass::Function),
    title("고문", "adviser", TitleClass::Function),
    title("창업자", "founder", TitleClass::Function),
    title("창업주", "founder", TitleClass::Function),
    title("공동창업자", "co-founder", TitleClass::Function),
    title("위원장", "chair", TitleClass::Function),
    title("비상대책위원장", "interim leader", TitleClass::Function),
    title("비대위원장", "interim leader", TitleClass::Function),
    title("총재", "Governor", TitleClass::Function),
    title("대통령", "President", TitleClass::Government),
    title("총리", "Prime Minister", TitleClass::Government),
    title("국무총리", "Prime Minister", TitleClass::Government),
    title("부총리", "Deputy Prime Minister", TitleClass::Government),
    title(
        "경제부총리",
        "Deputy Prime Minister",
        TitleClass::Government,
    ),
    title("장관", "Minister", TitleClass::Government),
    title("차관", "Vice Minister", TitleClass::Government),
    title("의원", "lawmaker", TitleClass::Government),
    title("국회의원", "lawmaker", TitleClass::Government),
    title("원내대표", "floor leader", TitleClass::Government),
    title("교수", "professor", TitleClass::Academic),
    title("기자", "reporter", TitleClass::Reporter),
    title("사업본부장", "head", TitleClass::Head),
    title("사업부장", "head", TitleClass::Head),
    title("본부장", "head", TitleClass::Head),
    title("부문장", "head", TitleClass::Head),
];

/// Particles and endings that attach to a name or title, space-separated, longest
/// first.
const PARTICLES: &str = "에게서 에서는 에게는 으로서 으로는 이라는 이었던 이라고 에게 에서 으로 \
    과의 와의 과도 와도 과는 와는 까지 부터 께서 이자 이며 로서 에는 \
    이다 이나 처럼 보다 조차 라는 였던 이던 이고 은 는 이 가 을 를 의 \
    와 과 도 에 로 만 인 께";

/// Three-syllable words that start with a surname and may precede a title, but are
/// not names ("이사회 의장" is the board's chairman).
const NOT_NAMES: &str = "이사회 정치권 전세계 조직위 신세계 오리온 한수원 국정원 연구원 진흥원 \
    이번엔 전문가 최측근 지난해 오늘날 정부측 우리측";

/// Syllables of loanwords and brand names, never of Korean given names ("이마트").
const LOANWORD_SYLLABLES: &str = "트드크프스즈츠르브플블클글룹닉텍랩넷앱맥팩몰뚜쿠퍼버터\
    렉켓샵웹엑엘티피디씨카타파코토레테페케베네메";

/// Last syllables of ministries, committees, parties and firms ("국토부", "공정위",
/// "민주당", "지주사"), rare at the end of a given name.
const INSTITUTION_ENDINGS: &str = "부처청회위당실측사행소단팀과";

/// Suffixes that make a new word of a table name ("서울시", "한국인", "미국산").
const KNOWN_STEM_SUFFIXES: &str = "시도군구측인산계형발행";

/// Notes for places and organizations whose name alone tells a reader nothing.
const NOTES: &[(&str, &str)] = &[("승지원", "Samsung's guest house")];

/// Lowercase words that may join the parts of a name ("Ministry of Science and ICT").
const CONNECTIVES: &[&str] = &["of", "the", "and", "at", "for", "de"];

/// Surnames shorter than this are too close to ordinary words to be fixed by
/// spelling distance.
const MIN_FUZZY_LEN: usize = 6;

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

/// Korean surnames and their English spellings, the usual one first. Sorted by the
/// Korean form for binary search.
static SURNAMES: &[(&str, &[&str])] = &[
    ("강", &["Kang", "Gang"]),
    ("경", &["Kyung", "Kyeong", "Gyeong"]),
    ("고", &["Ko", "Go", "Koh"]),
    ("공", &["Kong", "Gong"]),
    ("곽", &["Kwak", "Gwak"]),
    ("구", &["Koo", "Ku", "Gu"]),
    ("국", &["Kook", "Kuk", "Guk"]),
    ("권", &["Kwon", "Gwon"]),
    ("금", &["Keum", "Geum", "Kum"]),
    ("기", &["Ki", "Gi", "Kee"]),
    ("길", &["Gil", "Kil"]),
    ("김", &["Kim", "Gim"]),
    ("나", &["Na", "Ra"]),
    ("남", &["Nam"]),
    ("남궁", &["Namgoong", "Namkoong", "Namgung"]),
    ("노", &["Roh", "Noh", "No", "Ro"]),
    ("도", &["Do", "To"]),
    ("류", &["Ryu", "Yoo", "Yu", "Ryoo"]),
    ("마", &["Ma"]),
    ("맹", &["Maeng"]),
    ("명", &["Myung", "Myeong"]),
    ("문", &["Moon", "Mun"]),
    ("민", &["Min"]),
    ("박", &["Park", "Pak", "Bak"]),
    ("반", &["Ban", "Pan"]),
    ("방", &["Bang", "Pang"]),
    ("배", &["Bae", "Pae"]),
    ("백", &["Baek", "Paik", "Paek"]),
    ("변", &["Byun", "Byeon", "Pyun"]),
    ("봉", &["Bong"]),
    ("서", &["Seo", "Suh"]),
    ("석", &["Seok", "Suk", "Sok"]),
    ("선우", &["Sunwoo", "Seonu"]),
    ("설", &["Seol", "Sul"]),
    ("성", &["Sung", "Seong"]),
    ("손", &["Son", "Sohn"]),
    ("송", &["Song"]),
    ("신", &["Shin", "Sin"]),
    ("심", &["Shim", "Sim"]),
    ("안", &["Ahn", "An"]),
    ("양", &["Yang"]),
    ("엄", &["Um", "Eom"]),
    ("여", &["Yeo", "Yoh"]),
    ("연", &["Yeon", "Youn"]),
    ("염", &["Yeom", "Yum"]),
    ("오", &["Oh"]),
    ("왕", &["Wang"]),
    ("우", &["Woo"]),
    ("원", &["Won", "Weon"]),
    ("유", &["Yoo", "Yu", "Ryu"]),
    ("육", &["Yook", "Yuk"]),
    ("윤", &["Yoon", "Yun"]),
    ("은", &["Eun"]),
    ("이", &["Lee", "Yi", "Rhee", "Ri"]),
    ("인", &["In"]),
    ("임", &["Lim", "Im", "Yim"]),
    ("장", &["Jang", "Chang"]),
    ("전", &["Jeon", "Jun", "Chun"]),
    ("정", &["Jung", "Jeong", "Chung"]),
    ("제갈", &["Jegal"]),
    ("조", &["Cho", "Jo"]),
    ("주", &["Joo", "Ju", "Chu"]),
    ("지", &["Ji", "Chi"]),
    ("진", &["Jin", "Chin"]),
    ("차", &["Cha"]),
    ("채", &["Chae"]),
    ("천", &["Chun", "Cheon"]),
    ("최", &["Choi", "Choe", "Chey"]),
    ("추", &["Choo", "Chu"]),
    ("탁", &["Tak"]),
    ("편", &["Pyun", "Pyeon"]),
    ("표", &["Pyo"]),
    ("하", &["Ha"]),
    ("한", &["Han"]),
    ("함", &["Ham"]),
    ("허", &["Heo", "Huh"]),
    ("현", &["Hyun", "Hyeon"]),
    ("홍", &["Hong"]),
    ("황", &["Hwang"]),
    ("황보", &["Hwangbo"]),
];

/// Well-known names of Korean business, tech and politics news and their English
/// forms. Sorted by the Korean form: lookups are binary searches, and the names that
/// start with one character form a run the text scan can pick out.
static WELL_KNOWN: &[Known] = &[
    ("(주)LG", "LG Corp.", Organization),
    ("AMD", "AMD", Organization),
    ("AP통신", "AP", Organization),
    ("CES", "CES", Product),
    ("HBM", "HBM", Product),
    ("HBM3", "HBM3", Product),
    ("HBM3E", "HBM3E", Product),
    ("IT프로포탈", "ITProPortal", Organization),
    ("KT", "KT", Organization),
    ("LG", "LG", Organization),
    ("LG그룹", "LG Group", Organization),
    ("LG디스플레이", "LG Display", Organization),
    ("LG에너지솔루션", "LG Energy Solution", Organization),
    ("LG유플러스", "LG Uplus", Organization),
    ("LG이노텍", "LG Innotek", Organization),
    ("LG전자", "LG Electronics", Organization),
    ("LG트윈타워", "LG Twin Towers", Place),
    ("LG화학", "LG Chem", Organization),
    ("MS", "Microsoft", Organization),
    ("MTIA", "MTIA", Product),
    ("MWC", "MWC", Product),
    ("SK", "SK", Organization),
    ("SK그룹", "SK Group", Organization),
    ("SK스퀘어", "SK Square", Organization),
    ("SK이노베이션", "SK Innovation", Organization),
    ("SK텔레콤", "SK Telecom", Organization),
    ("SK하이닉스", "SK hynix", Organization),
    ("TSMC", "TSMC", Organization),
    ("XR", "XR", Product),
    ("㈜LG", "LG Corp.", Organization),
    ("美", "the United States", Place),
    ("韓", "South Korea", Place),
    ("강남", "Gangnam", Place),
    ("갤럭시", "Galaxy", Product),
    ("겔싱어", "Pat Gelsinger", Person),
    ("경계현", "Kyung Kye-hyun", Person),
    ("경기도", "Gyeonggi Province", Place),
    ("공정거래위원회", "the Fair Trade Commission", Organization),
    ("공정위", "the Fair Trade Commission", Organization),
    (
        "과기정통부",
        "the Ministry of Science and ICT",
        Organization,
    ),
    (
        "과학기술정보통신부",
        "the Ministry of Science and ICT",
        Organization,
    ),
    ("곽노정", "Kwak Noh-jung", Person),
    ("광주", "Gwangju", Place),
    ("구광모", "Koo Kwang-mo", Person),
    ("구글", "Google", Organization),
    ("국민의힘", "the People Power Party", Organization),
    ("국회", "the National Assembly", Organization),
    ("권봉석", "Kwon Bong-seok", Person),
    ("그렉 브로크만", "Greg Brockman", Person),
    (
        "금융위원회",
        "the Financial Services Commission",
        Organization,
    ),
    (
        "금융통화위원회",
        "the Monetary Policy Committee",
        Organization,
    ),
    ("기시다", "Fumio Kishida", Person),
    ("기시다 후미오", "Fumio Kishida", Person),
    ("기아", "Kia", Organization),
    ("기어 VR", "Gear VR", Product),
    (
        "기재부",
        "the Ministry of Economy and Finance",
        Organization,
    ),
    (
        "기획재정부",
        "the Ministry of Economy and Finance",
        Organization,
    ),
    ("김건희", "Kim Keon-hee", Person),
    ("김동관", "Kim Dong-kwan", Person),
    ("김동연", "Kim Dong-yeon", Person),
    ("김범석", "Bom Kim", Person),
    ("김범수", "Kim Beom-su", Person),
    ("김승연", "Kim Seung-youn", Person),
    ("김영섭", "Kim Young-shub", Person),
    ("김정은", "Kim Jong-un", Person),
    ("김택진", "Kim Taek-jin", Person),
    ("나델라", "Satya Nadella", Person),
    ("나렌드라 모디", "Narendra Modi", Person),
    ("네이버", "Naver", Organization),
    ("넥슨", "Nexon", Organization),
    ("넷플릭스", "Netflix", Organization),
    ("노태문", "Roh Tae-moon", Person),
    ("뉴스1", "News1", Organization),
    ("뉴시스", "Newsis", Organization),
    ("뉴욕", "New York", Place),
    ("뉴욕타임스", "The New York Times", Organization),
    ("대구", "Daegu", Place),
    ("대만", "Taiwan", Place),
    ("대만 TSMC", "TSMC", Organization),
    ("대전", "Daejeon", Place),
    ("대통령실", "the presidential office", Organization),
    ("대한민국", "South Korea", Place),
    ("더불어민주당", "the Democratic Party", Organization),
    ("도널드 트럼프", "Donald Trump", Person),
    ("도쿄", "Tokyo", Place),
    ("독일", "Germany", Place),
    ("동아일보", "Dong-A Ilbo", Organization),
    ("디즈니", "Disney", Organization),
    ("라마", "Llama", Product),
    ("라마 3", "Llama 3", Product),
    ("라마2", "Llama 2", Product),
    ("라마3", "Llama 3", Product),
    ("라스베이거스", "Las Vegas", Place),
    ("레이밴", "Ray-Ban", Product),
    ("로이터", "Reuters", Organization),
    ("롯데", "Lotte", Organization),
    ("롯데그룹", "Lotte Group", Organization),
    ("리벨리온", "Rebellions", Organization),
    ("리사 수", "Lisa Su", Person),
    ("마사요시 손", "Masayoshi Son", Person),
    ("마이크로소프트", "Microsoft", Organization),
    ("마이크론", "Micron", Organization),
    ("마크 저커버그", "Mark Zuckerberg", Person),
    ("매스프레소", "Mathpresso", Organization),
    ("매일경제", "Maeil Business Newspaper", Organization),
    ("머니투데이", "Money Today", Organization),
    ("머스크", "Elon Musk", Person),
    ("메타", "Meta", Organization),
    ("메타버스", "metaverse", Product),
    ("메타코리아", "Meta Korea", Organization),
    ("모디", "Narendra Modi", Person),
    ("모바일 월드 콩그레스", "Mobile World Congress", Product),
    ("모바일월드콩그레스", "Mobile World Congress", Product),
    ("무케시 암바니", "Mukesh Ambani", Person),
    ("문재인", "Moon Jae-in", Person),
    ("미국", "the United States", Place),
    ("미스트랄 AI", "Mistral AI", Organization),
    ("미스트랄AI", "Mistral AI", Organization),
    ("민주당", "the Democratic Party", Organization),
    ("바르셀로나", "Barcelona", Place),
    ("바이든", "Joe Biden", Person),
    ("박근혜", "Park Geun-hye", Person),
    ("박용인", "Park Yong-in", Person),
    ("박형세", "Park Hyoung-sei", Person),
    ("반기문", "Ban Ki-moon", Person),
    ("방문규", "Bang Moon-kyu", Person),
    ("방시혁", "Bang Si-hyuk", Person),
    ("백악관", "the White House", Organization),
    ("베이징", "Beijing", Place),
    ("베트남", "Vietnam", Place),
    ("부산", "Busan", Place),
    ("북한", "North Korea", Place),
    ("블랙웰", "Blackwell", Product),
    ("블룸버그", "Bloomberg", Organization),
    ("비전 프로", "Vision Pro", Product),
    ("비전프로", "Vision Pro", Product),
    ("빌 게이츠", "Bill Gates", Person),
    ("사우디아라비아", "Saudi Arabia", Place),
    ("사티아 나델라", "Satya Nadella", Person),
    ("사피온", "Sapeon", Organization),
    (
        "산업부",
        "the Ministry of Trade, Industry and Energy",
        Organization,
    ),
    (
        "산업통상자원부",
        "the Ministry of Trade, Industry and Energy",
        Organization,
    ),
    ("삼성", "Samsung", Organization),
    ("삼성SDI", "Samsung SDI", Organization),
    ("삼성SDS", "Samsung SDS", Organization),
    ("삼성그룹", "Samsung Group", Organization),
    ("삼성디스플레이", "Samsung Display", Organization),
    ("삼성물산", "Samsung C&T", Organization),
    ("삼성바이오로직스", "Samsung Biologics", Organization),
    ("삼성전기", "Samsung Electro-Mechanics", Organization),
    ("삼성전자", "Samsung Electronics", Organization),
    ("샘 알트만", "Sam Altman", Person),
    ("샘 올트먼", "Sam Altman", Person),
    ("샤오미", "Xiaomi", Organization),
    ("서랜도스", "Ted Sarandos", Person),
    ("서울", "Seoul", Place),
    ("서울대", "Seoul National University", Organization),
    ("서정진", "Seo Jung-jin", Person),
    ("세종", "Sejong", Place),
    ("셀트리온", "Celltrion", Organization),
    ("셰릴 샌드버그", "Sheryl Sandberg", Person),
    ("소니", "Sony", Organization),
    ("소프트뱅크", "SoftBank", Organization),
    ("손정의", "Masayoshi Son", Person),
    ("송호성", "Song Ho-sung", Person),
    ("수원", "Suwon", Place),
    ("순다르 피차이", "Sundar Pichai", Person),
    ("스냅드래곤", "Snapdragon", Product),
    ("스페인", "Spain", Place),
    ("승지원", "Seungjiwon", Place),
    ("시진핑", "Xi Jinping", Person),
    ("신동빈", "Shin Dong-bin", Person),
    ("실리콘밸리", "Silicon Valley", Place),
    ("싱가포르", "Singapore", Place),
    ("아랍에미리트", "the United Arab Emirates", Place),
    ("아마존", "Amazon", Organization),
    ("아산", "Asan", Place),
    ("아이폰", "iPhone", Product),
    ("아주경제", "Aju Business Daily", Organization),
    ("안덕근", "Ahn Duk-geun", Person),
    ("알트만", "Sam Altman", Person),
    ("알파벳", "Alphabet", Organization),
    ("암바니", "Mukesh Ambani", Person),
    ("애플", "Apple", Organization),
    ("애플카", "Apple Car", Product),
    ("앤드루 보스워스", "Andrew Bosworth", Person),
    ("앤디 재시", "Andy Jassy", Person),
    ("앤트로픽", "Anthropic", Organization),
    ("얀 르쿤", "Yann LeCun", Person),
    ("어도비", "Adobe", Organization),
    ("언팩", "Unpacked", Product),
    ("업스테이지", "Upstage", Organization),
    ("엑시노스", "Exynos", Product),
    ("엔비디아", "Nvidia", Organization),
    ("엔씨소프트", "NCSoft", Organization),
    ("여수", "Yeosu", Place),
    ("여의도", "Yeouido", Place),
    ("역삼동", "Yeoksam-dong", Place),
    ("연방준비제도", "the Federal Reserve", Organization),
    ("연준", "the Fed", Organization),
    ("연합뉴스", "Yonhap News", Organization),
    ("영국", "the United Kingdom", Place),
    ("오세훈", "Oh Se-hoon", Person),
    ("오스틴", "Austin", Place),
    ("오큘러스", "Oculus", Product),
    ("오픈AI", "OpenAI", Organization),
    ("올트만", "Sam Altman", Person),
    ("올트먼", "Sam Altman", Person),
    ("왓츠앱", "WhatsApp", Organization),
    ("외교부", "the Ministry of Foreign Affairs", Organization),
    ("용산", "Yongsan", Place),
    ("용산구", "Yongsan-gu", Place),
    ("울산", "Ulsan", Place),
    ("울트만", "Sam Altman", Person),
    ("워싱턴", "Washington", Place),
    ("월스트리트저널", "The Wall Street Journal", Organization),
    ("웨이저자", "C.C. Wei", Person),
    ("유럽", "Europe", Place),
    ("유럽연합", "the European Union", Place),
    ("유상임", "Yoo Sang-im", Person),
    ("유영상", "Ryu Young-sang", Person),
    ("유튜브", "YouTube", Organization),
    ("윤석열", "Yoon Suk Yeol", Person),
    ("이건희", "Lee Kun-hee", Person),
    ("이명박", "Lee Myung-bak", Person),
    ("이부진", "Lee Boo-jin", Person),
    ("이재명", "Lee Jae-myung", Person),
    ("이재용", "Lee Jae-yong", Person),
    ("이정배", "Lee Jung-bae", Person),
    ("이종호", "Lee Jong-ho", Person),
    ("이창용", "Rhee Chang-yong", Person),
    ("이천", "Icheon", Place),
    ("이해진", "Lee Hae-jin", Person),
    ("인도", "India", Place),
    ("인도네시아", "Indonesia", Place),
    ("인스타그램", "Instagram", Organization),
    ("인천", "Incheon", Place),
    ("인텔", "Intel", Organization),
    ("일론 머스크", "Elon Musk", Person),
    ("일본", "Japan", Place),
    ("장인화", "Chang In-hwa", Person),
    ("장재훈", "Chang Jae-hoon", Person),
    ("저커버그", "Mark Zuckerberg", Person),
    ("전영현", "Jun Young-hyun", Person),
    ("정몽구", "Chung Mong-koo", Person),
    ("정신아", "Chung Shin-a", Person),
    ("정의선", "Chung Eui-sun", Person),
    ("제미나이", "Gemini", Product),
    ("제주", "Jeju", Place),
    ("젠슨 황", "Jensen Huang", Person),
    ("조 바이든", "Joe Biden", Person),
    ("조선일보", "Chosun Ilbo", Organization),
    ("조주완", "Cho Joo-wan", Person),
    ("중국", "China", Place),
    ("중앙일보", "JoongAng Ilbo", Organization),
    ("창원", "Changwon", Place),
    ("챗GPT", "ChatGPT", Product),
    ("천안", "Cheonan", Place),
    ("청주", "Cheongju", Place),
    ("최상목", "Choi Sang-mok", Person),
    ("최수연", "Choi Soo-yeon", Person),
    ("최시영", "Choi Si-young", Person),
    ("최재원", "Chey Jae-won", Person),
    ("최정우", "Choi Jeong-woo", Person),
    ("최태원", "Chey Tae-won", Person),
    ("추경호", "Choo Kyung-ho", Person),
    ("카운터포인트 리서치", "Counterpoint Research", Organization),
    ("카운터포인트리서치", "Counterpoint Research", Organization),
    ("카이스트", "KAIST", Organization),
    ("카카오", "Kakao", Organization),
    ("캘리포니아", "California", Place),
    ("코파일럿", "Copilot", Product),
    ("쿠팡", "Coupang", Organization),
    ("퀄컴", "Qualcomm", Organization),
    ("퀘스트", "Quest", Product),
    ("퀘스트 3", "Quest 3", Product),
    ("퀘스트 프로", "Quest Pro", Product),
    ("퀘스트3", "Quest 3", Product),
    ("크래프톤", "Krafton", Organization),
    ("크리스티아노 아몬", "Cristiano Amon", Person),
    ("테드 서랜도스", "Ted Sarandos", Person),
    ("테슬라", "Tesla", Organization),
    ("텍사스", "Texas", Place),
    ("트럼프", "Donald Trump", Person),
    ("트렌드포스", "TrendForce", Organization),
    ("트위니", "Twinny", Organization),
    ("틱톡", "TikTok", Organization),
    ("팀 쿡", "Tim Cook", Person),
    ("파이낸셜타임스", "Financial Times", Organization),
    ("판교", "Pangyo", Place),
    ("팻 겔싱어", "Pat Gelsinger", Person),
    ("페이스북", "Facebook", Organization),
    ("평택", "Pyeongtaek", Place),
    ("포스코", "POSCO", Organization),
    ("포항", "Pohang", Place),
    ("폭스콘", "Foxconn", Organization),
    ("퓨리오사AI", "FuriosaAI", Organization),
    ("프랑스", "France", Place),
    ("프렌들리AI", "FriendliAI", Organization),
    ("피차이", "Sundar Pichai", Person),
    ("하버드", "Harvard", Organization),
    ("하버드대", "Harvard University", Organization),
    ("하버드대학교", "Harvard University", Organization),
    ("하이브", "HYBE", Organization),
    ("한겨레", "Hankyoreh", Organization),
    ("한국", "South Korea", Place),
    ("한국경제", "Korea Economic Daily", Organization),
    ("한국은행", "the Bank of Korea", Organization),
    ("한남동", "Hannam-dong", Place),
    ("한덕수", "Han Duck-soo", Person),
    ("한동훈", "Han Dong-hoon", Person),
    ("한은", "the Bank of Korea", Organization),
    ("한종희", "Han Jong-hee", Person),
    ("한화", "Hanwha", Organization),
    ("한화그룹", "Hanwha Group", Organization),
    ("한화에어로스페이스", "Hanwha Aerospace", Organization),
    ("현대모비스", "Hyundai Mobis", Organization),
    ("현대자동차", "Hyundai Motor", Organization),
    ("현대차", "Hyundai Motor", Organization),
    ("현대차그룹", "Hyundai Motor Group", Organization),
    ("홍라희", "Hong Ra-hee", Person),
    ("화웨이", "Huawei", Organization),
    ("황현식", "Hwang Hyeon-sik", Person),
];

#[cfg(test)]
mod substitution_tests {
    use super::*;

    fn entry(korean: &str, english: &str, role: Option<&str>) -> GlossaryEntry {
        GlossaryEntry {
            korean: korean.to_string(),
            english: english.to_string(),
            kind: EntityKind::Person,
            role: role.map(str::to_string),
        }
    }

    #[test]
    fn korean_names_are_substituted_longest_first() {
        let glossary = Glossary {
            entries: vec![
                entry("저커버그", "Zuckerberg", None),
                entry("마크 저커버그", "Mark Zuckerberg", None),
                entry("LG", "LG", None),
            ],
        };
        assert_eq!(
            glossary.substitute_names("마크 저커버그는 LG를, 저커버그는 삼성을"),
            "Mark Zuckerberg는 LG를, Zuckerberg는 삼성을"
        );
    }

    #[test]
    fn a_city_s_mayor_is_a_person_and_a_market_is_not() {
        let glossary = Glossary::extract(
            "정의선 현대차그룹 회장과 김두겸 울산시장 등이 참석했다. 반도체 시장이 커졌다.",
        );
        let mayor = glossary
            .entries
            .iter()
            .find(|entry| entry.korean == "김두겸")
            .expect("the mayor is found");
        assert_eq!(mayor.role.as_deref(), Some("Mayor"));
        assert!(glossary
            .entries
            .iter()
            .all(|entry| entry.korean != "반도체"));
    }

    #[test]
    fn a_name_inside_another_word_is_neither_substituted_nor_relevant() {
        let glossary = Glossary::extract("한은, 기준금리 동결\n저커버그 CEO 방한은 10년 만이다.");
        assert!(glossary
            .entries
            .iter()
            .any(|entry| entry.korean == "한은" && entry.english == "the Bank of Korea"));
        let visit = "저커버그 CEO 방한은 10년 만이다.";
        assert!(glossary
            .relevant_to(visit)
            .entries
            .iter()
            .all(|entry| entry.korean != "한은"));
        assert_eq!(
            glossary.substitute_names(visit),
            "Mark Zuckerberg CEO 방한은 10년 만이다."
        );
        assert_eq!(
            glossary.substitute_names("한은, 기준금리 동결"),
            "the Bank of Korea, 기준금리 동결"
        );
    }

    #[test]
    fn english_lines_name_each_person_or_organization_once() {
        let glossary = Glossary {
            entries: vec![
                entry("저커버그", "Mark Zuckerberg", Some("CEO of Meta")),
                entry("마크 저커버그", "Mark Zuckerberg", Some("CEO of Meta")),
                entry("조주완", "Cho Joo-wan", None),
            ],
        };
        assert_eq!(
            glossary.english_lines(),
            "Mark Zuckerberg (CEO of Meta)\nCho Joo-wan"
        );
    }

    #[test]
    fn reporters_are_left_out() {
        let glossary = Glossary {
            entries: vec![
                entry("정연미", "Jung Yeon-mi", Some("reporter")),
                entry("조주완", "Cho Joo-wan", Some("CEO of LG Electronics")),
            ],
        };
        let kept = glossary.without_reporters();
        assert_eq!(kept.entries.len(), 1);
        assert_eq!(kept.entries[0].korean, "조주완");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED_000: &str = include_str!("../../seeds/000_9e1cb2a4c91fb832.txt");
    const SEED_001: &str = include_str!("../../seeds/001_7f3208e37ee62be8.txt");
    const SEED_002: &str = include_str!("../../seeds/002_08b2ca90e8545f28.txt");
    const SEED_003: &str = include_str!("../../seeds/003_9e80d11cb06229f5.txt");
    const SEED_004: &str = include_str!("../../seeds/004_70d275e89a2f19ee.txt");

    fn entry<'g>(glossary: &'g Glossary, korean: &str) -> &'g GlossaryEntry {
        glossary
            .entries
            .iter()
            .find(|entry| entry.korean == korean)
            .unwrap_or_else(|| panic!("{korean} missing from {glossary:#?}"))
    }

    fn role<'g>(glossary: &'g Glossary, korean: &str) -> &'g str {
        entry(glossary, korean).role.as_deref().unwrap_or("")
    }

    fn people(glossary: &Glossary) -> Vec<&str> {
        let mut people: Vec<&str> = glossary
            .entries
            .iter()
            .filter(|entry| entry.kind == Person)
            .map(|entry| entry.korean.as_str())
            .collect();
        people.sort_unstable();
        people
    }

    fn sorted(mut names: Vec<&str>) -> Vec<&str> {
        names.sort_unstable();
        names
    }

    #[test]
    fn tables_are_sorted_without_duplicates() {
        assert!(WELL_KNOWN.windows(2).all(|pair| pair[0].0 < pair[1].0));
        assert!(SURNAMES.windows(2).all(|pair| pair[0].0 < pair[1].0));
        assert!(SURNAMES.iter().all(|(_, spellings)| !spellings.is_empty()));
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

    #[test]
    fn seed_000_names_and_roles() {
        let glossary = Glossary::extract(SEED_000);
        assert_eq!(
            people(&glossary),
            sorted(vec![
                "권봉석",
                "마크 저커버그",
                "윤석열",
                "이재용",
                "장용석",
                "저커버그",
                "조주완"
            ])
        );
        assert_eq!(role(&glossary, "마크 저커버그"), "CEO of Meta");
        assert_eq!(role(&glossary, "저커버그"), "CEO of Meta");
        assert_eq!(role(&glossary, "이재용"), "Chairman of Samsung Electronics");
        assert_eq!(role(&glossary, "조주완"), "CEO of LG Electronics");
        assert_eq!(role(&glossary, "권봉석"), "COO of LG Corp.");
        assert_eq!(role(&glossary, "윤석열"), "President of South Korea");
        assert_eq!(role(&glossary, "장용석"), "reporter");
        assert_eq!(entry(&glossary, "장용석").english, "Jang Yong-seok");
        for org in ["메타", "삼성전자", "LG전자", "엔비디아", "(주)LG"] {
            assert_eq!(entry(&glossary, org).kind, Organization, "{org}");
        }
        assert_eq!(role(&glossary, "승지원"), "Samsung's guest house");
        assert_eq!(entry(&glossary, "여의도").kind, Place);
    }

    #[test]
    fn seed_001_names_and_roles() {
        let glossary = Glossary::extract(SEED_001);
        assert_eq!(
            people(&glossary),
            sorted(vec![
                "마크 저커버그",
                "무케시 암바니",
                "이재용",
                "저커버그",
                "전윤미",
                "조주완"
            ])
        );
        assert_eq!(role(&glossary, "조주완"), "President of LG Electronics");
        assert_eq!(role(&glossary, "이재용"), "Chairman of Samsung Electronics");
        assert_eq!(role(&glossary, "전윤미"), "reporter");
        assert_eq!(entry(&glossary, "무케시 암바니").role, None);
        assert_eq!(entry(&glossary, "퀘스트").english, "Quest");
        assert_eq!(entry(&glossary, "라마").english, "Llama");
        assert_eq!(entry(&glossary, "비전 프로").kind, Product);
    }

    #[test]
    fn seed_002_names_and_roles() {
        let glossary = Glossary::extract(SEED_002);
        assert_eq!(
            people(&glossary),
            sorted(vec![
                "권봉석",
                "마크 저커버그",
                "박형세",
                "윤석열",
                "이재용",
                "저커버그",
                "정연미",
                "조주완"
            ])
        );
        assert_eq!(
            role(&glossary, "조주완"),
            "President and CEO of LG Electronics"
        );
        assert_eq!(role(&glossary, "이재용"), "Chairman of Samsung Electronics");
        assert_eq!(role(&glossary, "윤석열"), "President of South Korea");
        assert_eq!(
            role(&glossary, "권봉석"),
            "Vice Chairman and COO of LG Corp."
        );
        assert_eq!(role(&glossary, "박형세"), "head of the HE division");
        assert_eq!(role(&glossary, "정연미"), "reporter");
        assert_eq!(entry(&glossary, "정연미").english, "Jung Yeon-mi");
        for org in [
            "메타",
            "LG전자",
            "삼성전자",
            "㈜LG",
            "대통령실",
            "업스테이지",
            "프렌들리AI",
            "매스프레소",
        ] {
            assert_eq!(entry(&glossary, org).kind, Organization, "{org}");
        }
        assert_eq!(entry(&glossary, "퀘스트3").english, "Quest 3");
    }

    #[test]
    fn seed_003_names_and_roles() {
        let glossary = Glossary::extract(SEED_003);
        assert_eq!(
            people(&glossary),
            sorted(vec![
                "경계현",
                "곽노정",
                "노태문",
                "마크 저커버그",
                "샘 올트먼",
                "올트먼",
                "울트만",
                "윤석열",
                "이재용",
                "저커버그",
                "조주완",
                "최태원",
                "황현식"
            ])
        );
        assert_eq!(role(&glossary, "샘 올트먼"), "CEO of OpenAI");
        assert_eq!(role(&glossary, "최태원"), "Chairman of SK Group");
        assert_eq!(role(&glossary, "곽노정"), "President of SK hynix");
        assert_eq!(role(&glossary, "황현식"), "CEO of LG Uplus");
        assert_eq!(
            role(&glossary, "경계현"),
            "division head at Samsung Electronics"
        );
        assert_eq!(entry(&glossary, "SK하이닉스").english, "SK hynix");
        assert_eq!(entry(&glossary, "바르셀로나").kind, Place);
    }

    #[test]
    fn a_given_name_standing_alone_is_the_person_and_inside_a_word_is_not() {
        let glossary = Glossary::extract(
            "테드·올트먼 이어 저커버그까지\n테드 서랜도스 CEO와 샘 올트먼 CEO가 샘플을 봤다.",
        );
        assert_eq!(entry(&glossary, "테드").english, "Ted Sarandos");
        assert!(glossary.entries.iter().all(|entry| entry.korean != "샘"));
    }

    #[test]
    fn seed_004_names_and_roles() {
        let glossary = Glossary::extract(SEED_004);
        assert_eq!(
            people(&glossary),
            sorted(vec![
                "경계현",
                "곽노정",
                "마크 저커버그",
                "박근혜",
                "박용인",
                "샘 올트먼",
                "서랜도스",
                "올트먼",
                "윤석열",
                "이재용",
                "이정배",
                "저커버그",
                "최시영",
                "최태원",
                "테드",
                "테드 서랜도스"
            ])
        );
        assert_eq!(entry(&glossary, "테드").english, "Ted Sarandos");
        assert_eq!(role(&glossary, "박근혜"), "former President of South Korea");
        assert_eq!(role(&glossary, "이재용"), "Chairman of Samsung Electronics");
        assert_eq!(role(&glossary, "테드 서랜도스"), "co-CEO of Netflix");
        assert_eq!(role(&glossary, "최시영"), "division head");
        assert_eq!(entry(&glossary, "韓").english, "South Korea");
        assert!(
            glossary.entries.iter().all(|entry| entry.korean != "중국"),
            "중국어 is a language"
        );
    }

    #[test]
    fn words_that_look_like_names_need_a_title_and_a_name_shape() {
        let text = "이번 회장 선거에서 이사회 의장과 국토부 장관, 이마트 대표, \
                    신세계 부회장, 한국 대표팀과 이날 사장단이 만났다. \
                    조직 개편 후 한국인 최초로 서울시 부시장이 됐다.";
        assert!(
            people(&Glossary::extract(text)).is_empty(),
            "{:#?}",
            Glossary::extract(text)
        );
    }

    #[test]
    fn unknown_people_get_their_title_and_organization() {
        let glossary = Glossary::extract("김민수 삼성전자 부사장은 정용진 신세계 부회장을 만났다.");
        assert_eq!(people(&glossary), sorted(vec!["김민수", "정용진"]));
        assert_eq!(entry(&glossary, "김민수").english, "Kim Min-su");
        assert_eq!(
            role(&glossary, "김민수"),
            "Executive Vice President of Samsung Electronics"
        );
        assert_eq!(role(&glossary, "정용진"), "Vice Chairman");
        let minister = Glossary::extract("이종호 과기정통부 장관과 미국 바이든 대통령");
        assert_eq!(role(&minister, "이종호"), "Minister of Science and ICT");
        assert_eq!(role(&minister, "바이든"), "President of the United States");
    }

    #[test]
    fn apply_fixes_misspelled_and_reordered_names() {
        let glossary = Glossary::extract(SEED_002);
        assert_eq!(
            glossary.apply("Kuckenberg met Zuckerburg and Mark Zuckerber, then Zuckenberg left."),
            "Zuckerberg met Zuckerberg and Mark Zuckerberg, then Zuckerberg left."
        );
        assert_eq!(
            glossary.apply("Jae-yong Lee, Jaeyong Lee, Lee Jae Yong and Lee Jae-Yong"),
            "Lee Jae-yong, Lee Jae-yong, Lee Jae-yong and Lee Jae-yong"
        );
        assert_eq!(
            glossary.apply("Ju-wan Cho met Yoon Seok-yeol and JO JU WAN."),
            "Cho Joo-wan met Yoon Suk Yeol and Cho Joo-wan."
        );
    }

    #[test]
    fn apply_replaces_korean_left_in_english() {
        let glossary = Glossary::extract(SEED_002);
        assert_eq!(
            glossary.apply("LG Electronics CEO 조주완 said so."),
            "LG Electronics CEO Cho Joo-wan said so."
        );
        assert_eq!(glossary.apply("조주완은 said"), "Cho Joo-wan said");
        assert_eq!(
            glossary.apply("Mark 저커버그 met 윤석열."),
            "Mark Zuckerberg met Yoon Suk Yeol."
        );
        assert_eq!(
            glossary.apply("He flew to the 미국."),
            "He flew to the United States."
        );
    }

    #[test]
    fn apply_leaves_correct_text_and_other_words_alone() {
        let glossary = Glossary::merge(&[Glossary::extract(SEED_002), Glossary::extract(SEED_003)]);
        let correct = "Meta CEO Mark Zuckerberg met Lee Jae-yong, Cho Joo-wan, Kwon Bong-seok and \
                       President Yoon Suk Yeol in Seoul; OpenAI's Sam Altman met SK hynix.";
        assert_eq!(glossary.apply(correct), correct);
        let lookalikes = "Leeds, Hanover, Chow, Metaverse, Samsungs, Cookies, Joy, Parkland, \
                          Kim's metadata, the presidential office and Presidential Office hours.";
        assert_eq!(glossary.apply(lookalikes), lookalikes);
        assert_eq!(
            glossary.apply("Open AI and SK Hynix"),
            "OpenAI and SK hynix"
        );
    }

    #[test]
    fn relevant_entries_include_surname_and_title_short_forms() {
        let glossary = Glossary::extract(SEED_002);
        let relevant = |korean: &str| -> Vec<String> {
            glossary
                .relevant_to(korean)
                .entries
                .into_iter()
                .map(|entry| entry.korean)
                .collect()
        };
        assert_eq!(relevant("윤 대통령은 협력을 당부했다."), vec!["윤석열"]);
        assert_eq!(
            relevant("조 대표는 “메타가 갖고 있는 언어모델”"),
            vec!["조주완", "메타"]
        );
        assert_eq!(
            relevant("이 자리에서 저커버그는 설명했다."),
            vec!["저커버그"]
        );
        assert!(relevant("오늘은 비가 왔다.").is_empty());
    }

    #[test]
    fn known_english_names_are_the_glossary_not_the_table() {
        let glossary = Glossary::extract(SEED_002);
        assert!(glossary.knows_english("Yoon"));
        assert!(glossary.knows_english("Yoon Suk Yeol"));
        assert!(glossary.knows_english("Jae-yong"));
        assert!(glossary.knows_english("Zuckerberg's"));
        assert!(glossary.knows_english("Samsung"));
        assert!(!glossary.knows_english("Moon Jae-in"));
        assert!(!glossary.knows_english("Moon"));
        assert!(!glossary.knows_english(""));
        assert!(!Glossary::default().knows_english("Yoon"));
    }

    #[test]
    fn prompt_lines_group_the_forms_of_one_name() {
        let glossary = Glossary::extract(
            "마크 저커버그 메타 CEO가 윤석열 대통령을 만났다. 저커버그는 HBM을 봤다.",
        );
        assert_eq!(
            glossary.to_prompt_lines(),
            "마크 저커버그 / 저커버그 = Mark Zuckerberg (CEO of Meta)\n\
             윤석열 = Yoon Suk Yeol (President of South Korea)\n\
             메타 = Meta"
        );
        assert!(glossary.knows_english("HBM"));
        assert_eq!(Glossary::default().to_prompt_lines(), "");
    }

    #[test]
    fn merge_dedupes_by_korean_and_keeps_the_first_role() {
        let bare = Glossary {
            entries: vec![new_entry("조주완", "Cho Joo-wan", Person)],
        };
        let merged = Glossary::merge(&[
            bare,
            Glossary::extract(SEED_000),
            Glossary::extract(SEED_002),
        ]);
        let cho: Vec<&GlossaryEntry> = merged
            .entries
            .iter()
            .filter(|e| e.korean == "조주완")
            .collect();
        assert_eq!(cho.len(), 1);
        assert_eq!(cho[0].role.as_deref(), Some("CEO of LG Electronics"));
        assert!(merged.entries.iter().any(|e| e.korean == "정연미"));
    }

    #[test]
    fn entries_round_trip_through_json() {
        let glossary = Glossary::extract(SEED_000);
        let json = serde_json::to_string(&glossary).unwrap();
        assert!(json.contains("\"kind\":\"person\""));
        assert_eq!(serde_json::from_str::<Glossary>(&json).unwrap(), glossary);
    }
}
