//! People the table lacks, found by their title cues ("정연미 기자", "조주완 LG전자
//! 사장", "메타 CEO 마크 저커버그"), and what the words around each name say about
//! their role; [`super::roles`] turns that into one English role per person.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use super::hangul::{is_hangul, particle_splits, syllables, word_starts};
use super::romanize::{english_person_name, split_surname, surname_entry};
use super::table::{well_known, KnownName};
use super::titles::{title_of, TitleClass, TitleHit};
use super::EntityKind::{Organization, Person, Place};
use super::{new_entry, GlossaryEntry};
use crate::lexicon::built_in_list;
use crate::pipeline::terms::NEWS_TERMS;

/// Three-syllable words that start with a surname and may precede a title, but are
/// not names ("이사회 의장" is the board's chairman).
static NOT_NAMES: LazyLock<HashSet<String>> =
    LazyLock::new(|| built_in_list("names/not_names.txt").into_iter().collect());

/// Syllables of loanwords and brand names, never of Korean given names ("이마트").
pub(super) static LOANWORD_SYLLABLES: LazyLock<HashSet<char>> =
    LazyLock::new(|| syllables("names/loanword_syllables.txt"));

/// Last syllables of ministries, committees, parties and firms ("국토부", "공정위",
/// "민주당", "지주사"), rare at the end of a given name.
static INSTITUTION_ENDINGS: LazyLock<HashSet<char>> =
    LazyLock::new(|| syllables("names/institution_endings.txt"));

/// Suffixes that make a new word of a table name ("서울시", "한국인", "미국산").
static KNOWN_STEM_SUFFIXES: LazyLock<HashSet<char>> =
    LazyLock::new(|| syllables("names/stem_suffixes.txt"));

/// One word of a role phrase, classified.
#[derive(Debug, Clone)]
enum Item<'a> {
    /// A table name, with the particle attached to it.
    Known {
        name: &'static KnownName,
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

/// What the words around one name say about its role.
#[derive(Debug, Clone)]
pub(super) struct RoleCue {
    pub(super) titles: Vec<TitleHit>,
    pub(super) org: Option<&'static KnownName>,
    pub(super) former: bool,
}

/// One person named with a title.
#[derive(Debug, Clone)]
pub(super) struct Mention {
    pub(super) korean: String,
    pub(super) english: String,
    pub(super) cue: RoleCue,
    /// Name before its title (strong), rather than "메타 CEO 마크 저커버그" (weak).
    pub(super) strong: bool,
    /// In a phrase about the past ("당시 ... 이재용 삼성전자 부회장"): a title held then.
    pub(super) past: bool,
}

/// Everything the title cues of an article say.
#[derive(Debug, Default)]
pub(super) struct Analysis {
    pub(super) mentions: Vec<Mention>,
    /// Surname + title short forms ("이 회장"): surname and English title.
    pub(super) shorts: Vec<(&'static str, &'static str)>,
}

static PARENTHETICAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\([^()\n]{0,40}\)").expect("literal regex"));

/// Read the title cues of a text. Asides in parentheses go first, so
/// "최고경영자(CEO)가" reads as a title and "조주완(조 윌리엄) 사장" as name + title.
pub(super) fn analyze(korean: &str) -> Analysis {
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

/// People named by their given name alone ("테드·올트먼 이어 저커버그까지", a headline's
/// Ted Sarandos), as news does for a foreign person it names in full elsewhere: the
/// given name, standing as a word of its own, is one more Korean form of the person.
/// Without it the model's "Ted" is a name the source does not give.
pub(super) fn given_name_mentions(
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
fn known_at(words: &[&str], index: usize) -> Option<(&'static KnownName, &'static str, usize)> {
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
    if let Some(surname) = surname_entry(word) {
        return Item::Surname(&surname.korean);
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
        && !NOT_NAMES.contains(word)
        && !given.chars().any(|c| LOANWORD_SYLLABLES.contains(&c))
        && !syllables
            .last()
            .is_some_and(|c| INSTITUTION_ENDINGS.contains(c))
        && !has_known_stem(word)
        && !is_news_term(word)
}

/// Whether a word is one of the news glossary's terms ("하반기", the second half): an
/// everyday word of the news, whatever its first syllable's surname.
fn is_news_term(word: &str) -> bool {
    NEWS_TERMS.iter().any(|term| term.korean == word)
}

/// "서울시", "한국인", "미국산": a table name plus a one-syllable suffix.
fn has_known_stem(word: &str) -> bool {
    word.char_indices()
        .next_back()
        .is_some_and(|(last, suffix)| {
            KNOWN_STEM_SUFFIXES.contains(&suffix) && well_known(&word[..last]).is_some()
        })
}

/// Find the mentions and short forms in one phrase.
fn scan_items(items: &[Item<'_>], analysis: &mut Analysis) {
    let mut index = 0;
    while index < items.len() {
        index = match &items[index] {
            Item::Surname(surname) => {
                if let Some(Item::Title { hit, .. }) = items.get(index + 1) {
                    analysis.shorts.push((surname, &hit.title.english));
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
        Item::Known { name, particle } if name.kind == Person => Some(Named {
            korean: name.korean.clone(),
            english: name.english.clone(),
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
        Some(Item::Known { name, particle: "" }) if matches!(name.kind, Organization | Place) => {
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
fn org_before(items: &[Item<'_>], index: usize) -> Option<&'static KnownName> {
    match items.get(index.checked_sub(1)?) {
        Some(Item::Known {
            name,
            particle: "" | "의",
        }) if matches!(name.kind, Organization | Place) => Some(*name),
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
fn org_fits(org: &KnownName, titles: &[TitleHit]) -> bool {
    org.kind == Organization
        || titles
            .iter()
            .any(|hit| hit.title.class == TitleClass::Government)
}

#[cfg(test)]
mod tests {
    use super::super::tests::{entry, people, sorted};
    use super::super::Glossary;
    use super::*;

    #[test]
    fn the_name_shape_lists_hold_single_words_and_syllables() {
        assert!(NOT_NAMES.iter().all(|word| word.chars().count() == 3));
        for list in [
            &*LOANWORD_SYLLABLES,
            &*INSTITUTION_ENDINGS,
            &*KNOWN_STEM_SUFFIXES,
        ] {
            assert!(!list.is_empty());
        }
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
    fn a_news_term_is_no_name() {
        assert!(!is_name_candidate("하반기"));
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
    fn a_city_s_mayor_is_a_person_and_a_market_is_not() {
        let glossary = Glossary::extract(
            "정의선 현대차그룹 회장과 김두겸 울산시장 등이 참석했다. 반도체 시장이 커졌다.",
        );
        assert_eq!(entry(&glossary, "김두겸").role.as_deref(), Some("Mayor"));
        assert!(glossary
            .entries
            .iter()
            .all(|entry| entry.korean != "반도체"));
        assert_eq!(people(&glossary), sorted(vec!["김두겸", "정의선"]));
    }
}
