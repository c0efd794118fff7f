//! Names glossary: the people, companies, organisations, places and products of a
//! Korean article, each with the one English form the pipeline must use.
//!
//! The default model mangles Korean names ("Kuckenberg", "Ju Won Lee") and fills
//! unnamed roles with famous people ("President Moon" for a bare 대통령). So names are
//! found here, without the model: from a table of well-known entities ([`table`], the
//! built-in `data/names/well_known.tsv` and the run's own glossary), and from title cues
//! ("정연미 기자", "조주완 LG전자 사장") for people the table lacks ([`people`], with
//! their roles from [`roles`]). The glossary goes into the translation prompt, fixes
//! names after generation ([`fix`]), and tells the verifier which English names are
//! real.

mod fix;
mod hangul;
mod organizations;
mod people;
mod roles;
mod romanize;
mod table;
mod titles;

use std::collections::HashSet;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use crate::lexicon::built_in_list;
use hangul::word_starts;
use romanize::{is_korean_person, split_surname};
use titles::title_of;

pub(crate) use romanize::jamo;
pub use romanize::{english_person_name, is_surname_spelling, romanize};

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

impl EntityKind {
    /// The kind a lexicon file names ("person", "organization", "place", "product"),
    /// as the glossary's JSON writes it, so tables and records read the same words.
    pub fn from_name(name: &str) -> Option<EntityKind> {
        match name {
            "person" => Some(Person),
            "organization" => Some(Organization),
            "place" => Some(Place),
            "product" => Some(Product),
            _ => None,
        }
    }
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
    /// Only names that occur in the text are returned; the table is a dictionary, not
    /// a glossary.
    pub fn extract(korean: &str) -> Glossary {
        let analysis = people::analyze(korean);
        let mut found: Vec<(usize, GlossaryEntry)> = table::known_names(korean)
            .into_iter()
            .map(|(position, known)| {
                (
                    position,
                    new_entry(&known.korean, &known.english, known.kind),
                )
            })
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
        let given_names = people::given_name_mentions(korean, &found);
        found.extend(given_names);
        let told = organizations::told_names(korean, &found);
        found.extend(told);
        found.sort_by_key(|(position, entry)| (kind_order(entry.kind), *position));
        let mut entries: Vec<GlossaryEntry> = found.into_iter().map(|(_, entry)| entry).collect();
        roles::assign_roles(&mut entries, &analysis);
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
            .filter(|word| !word.is_empty() && !CONNECTIVES.contains(word))
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
}

/// Lowercase words that may join the parts of a name ("Ministry of Science and ICT").
static CONNECTIVES: LazyLock<HashSet<String>> = LazyLock::new(|| {
    built_in_list("names/english_connectives.txt")
        .into_iter()
        .collect()
});

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

/// Lowercase a word for name lookup, without a possessive or edge punctuation.
fn normalize_word(word: &str) -> String {
    let word = word
        .strip_suffix("'s")
        .or_else(|| word.strip_suffix("’s"))
        .unwrap_or(word);
    word.trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) const SEED_000: &str = include_str!("../../../seeds/000_9e1cb2a4c91fb832.txt");
    pub(super) const SEED_001: &str = include_str!("../../../seeds/001_7f3208e37ee62be8.txt");
    pub(super) const SEED_002: &str = include_str!("../../../seeds/002_08b2ca90e8545f28.txt");
    pub(super) const SEED_003: &str = include_str!("../../../seeds/003_9e80d11cb06229f5.txt");
    pub(super) const SEED_004: &str = include_str!("../../../seeds/004_70d275e89a2f19ee.txt");

    /// The entry of `korean`, which must be there.
    pub(super) fn entry<'g>(glossary: &'g Glossary, korean: &str) -> &'g GlossaryEntry {
        glossary
            .entries
            .iter()
            .find(|entry| entry.korean == korean)
            .unwrap_or_else(|| panic!("{korean} missing from {glossary:#?}"))
    }

    /// The role of `korean`'s entry, empty without one.
    pub(super) fn role<'g>(glossary: &'g Glossary, korean: &str) -> &'g str {
        entry(glossary, korean).role.as_deref().unwrap_or("")
    }

    /// The Korean forms of the glossary's people, sorted.
    pub(super) fn people(glossary: &Glossary) -> Vec<&str> {
        let mut people: Vec<&str> = glossary
            .entries
            .iter()
            .filter(|entry| entry.kind == Person)
            .map(|entry| entry.korean.as_str())
            .collect();
        people.sort_unstable();
        people
    }

    pub(super) fn sorted(mut names: Vec<&str>) -> Vec<&str> {
        names.sort_unstable();
        names
    }

    fn person(korean: &str, english: &str, role: Option<&str>) -> GlossaryEntry {
        GlossaryEntry {
            korean: korean.to_string(),
            english: english.to_string(),
            kind: EntityKind::Person,
            role: role.map(str::to_string),
        }
    }

    #[test]
    fn kinds_are_named_as_the_json_names_them() {
        for kind in [Person, Organization, Place, Product] {
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(EntityKind::from_name(json.trim_matches('"')), Some(kind));
        }
        assert_eq!(EntityKind::from_name("term"), None);
    }

    #[test]
    fn names_an_article_tells_itself_are_in_its_glossary() {
        let glossary = Glossary::extract(
            "배터리 소재 기업 청운에너지가 캐나다 노스게이트리튬(Northgate Lithium)과 손잡았다.\n\
             하반기 착공 예정이다. 청운에너지 관계자는 말했다.",
        );
        assert_eq!(entry(&glossary, "청운에너지").english, "Cheongun Energy");
        assert_eq!(entry(&glossary, "청운에너지").kind, Organization);
        assert_eq!(
            entry(&glossary, "노스게이트리튬").english,
            "Northgate Lithium"
        );
        assert!(glossary
            .entries
            .iter()
            .all(|entry| entry.korean != "하반기"));
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
        for org in ["메타", "LG전자", "삼성전자", "㈜LG", "대통령실"] {
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
    fn korean_names_are_substituted_longest_first() {
        let glossary = Glossary {
            entries: vec![
                person("저커버그", "Zuckerberg", None),
                person("마크 저커버그", "Mark Zuckerberg", None),
                person("LG", "LG", None),
            ],
        };
        assert_eq!(
            glossary.substitute_names("마크 저커버그는 LG를, 저커버그는 삼성을"),
            "Mark Zuckerberg는 LG를, Zuckerberg는 삼성을"
        );
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
                person("저커버그", "Mark Zuckerberg", Some("CEO of Meta")),
                person("마크 저커버그", "Mark Zuckerberg", Some("CEO of Meta")),
                person("조주완", "Cho Joo-wan", None),
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
                person("정연미", "Jung Yeon-mi", Some("reporter")),
                person("조주완", "Cho Joo-wan", Some("CEO of LG Electronics")),
            ],
        };
        let kept = glossary.without_reporters();
        assert_eq!(kept.entries.len(), 1);
        assert_eq!(kept.entries[0].korean, "조주완");
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
