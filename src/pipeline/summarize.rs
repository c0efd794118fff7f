//! The per-article map: each passage of an English paragraph (a sentence, with those
//! that point back to it) digested into its facts, one short sentence each (a local task
//! the small model does far more faithfully than choosing facts across a whole article,
//! where it attributed Apple's headset to Meta and one article's meeting to another's
//! people), each sentence checked against its own paragraph, and those that tell most
//! per word of what is not yet told kept as the summary's bullets, in reading order.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use serde::{Deserialize, Serialize};

use super::attribution::{
    is_title_word, misattributed_people, people_meeting_themselves, without_unsupported_titles,
};
use super::budget::pieces_within;
use super::glossary::{EntityKind, Glossary};
use super::prompts::digest_prompt;
use super::translate::{joined_english, TranslatedUnit, Translation};
use super::verify::{
    content_words, is_generic_capitalized, is_speculation_marker_word, keep_speculation, overlap,
    untraceable_details, without_possessive, words,
};
use super::{hangul_ratio, ModelUsage, PipelineSettings};
use crate::model::chat::{render_chatml, ChatPrompt};
use crate::model::generate::{FinishReason, Generation, TextGenerator};
use crate::model::ModelError;

/// A generated sentence that was not kept, and why; recorded so a reader can see what
/// the verifier removed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DroppedClaim {
    /// The sentence as generated.
    pub text: String,
    /// Why it was dropped.
    pub reason: String,
}

/// The bullets kept for an article and those the checks removed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ArticleSummary {
    /// Verified bullets, in the article's reading order.
    pub bullets: Vec<String>,
    /// Bullets removed by the checks.
    pub dropped: Vec<DroppedClaim>,
}

/// A passage this short is already one bullet: it is kept as translated, not
/// condensed.
const VERBATIM_MAX_WORDS: usize = 18;

/// Tokens a passage's digest may take: three facts of 15 words are about 70.
const DIGEST_MAX_TOKENS: usize = 96;

/// Facts a digest may give, as its prompt asks: lines past these are where the model
/// strays from the passage.
const DIGEST_MAX_FACTS: usize = 3;

/// Words that, opening a sentence, point back to the one before: such a sentence stays
/// in the passage before it, which says who or what it is about. Every other sentence
/// starts a passage of its own: two sentences digested together lost the second one's
/// fact ("29 years after the Asan plant").
const BACK_REFERENCES: &[&str] = &[
    "he", "she", "it", "they", "this", "these", "those", "his", "her", "its", "their", "however",
    "but", "and", "also", "then", "there",
];

/// A sentence of one paragraph (with those after it that point back to it), in both
/// languages, with the whole paragraph it comes from.
struct Passage {
    english: String,
    korean: String,
    units: Vec<TranslatedUnit>,
    /// The English of the whole paragraph: what the passage's bullet may cite.
    paragraph: String,
}

/// The article's passages that have English, in reading order.
fn passages(translation: &Translation) -> Vec<Passage> {
    let mut passages = Vec::new();
    for units in translation.paragraph_units() {
        let paragraph = joined_english(&units);
        let mut groups: Vec<Vec<&TranslatedUnit>> = Vec::new();
        for unit in units {
            let points_back = unit
                .english
                .split(|c: char| !c.is_alphanumeric())
                .next()
                .is_some_and(|first| BACK_REFERENCES.contains(&first.to_lowercase().as_str()));
            match groups.last_mut() {
                Some(group) if points_back => group.push(unit),
                _ => groups.push(vec![unit]),
            }
        }
        passages.extend(groups.into_iter().map(|group| {
            Passage {
                english: joined_english(&group),
                korean: group
                    .iter()
                    .map(|unit| unit.korean.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
                units: group.into_iter().cloned().collect(),
                paragraph: paragraph.clone(),
            }
        }));
    }
    passages
}

/// Summarize one translated article. `evidence_extra` is text (title, date) that bullets
/// may cite besides the paragraph they condense.
pub fn summarize_article(
    generator: &mut dyn TextGenerator,
    translation: &Translation,
    evidence_extra: &str,
    glossary: &Glossary,
    settings: &PipelineSettings,
    usage: &mut ModelUsage,
) -> Result<ArticleSummary, ModelError> {
    let title = translation.title.clone().unwrap_or_default();
    let paragraphs = passages(translation);
    let article = Article {
        header: format!("{evidence_extra}\n{title}"),
        english: format!("{title}\n{}", translation.english_paragraphs().join("\n")),
    };
    // A short passage is its own bullet; every long one (or each piece of one too
    // long for a prompt) is condensed, in requests decoded together.
    let mut candidates: Vec<Candidate> = Vec::new();
    let mut requests: Vec<(usize, ChatPrompt)> = Vec::new();
    for (index, paragraph) in paragraphs.iter().enumerate() {
        if word_count(&paragraph.english) <= VERBATIM_MAX_WORDS {
            let text = paragraph.english.clone();
            candidates.push(Candidate::new(index, paragraph, text, &article));
            continue;
        }
        let people = glossary.relevant_to(&paragraph.korean).english_lines();
        let frame = render_chatml(&digest_prompt("", &people));
        let budget = generator
            .context_limit()
            .saturating_sub(generator.count_tokens(&frame)? + DIGEST_MAX_TOKENS)
            .max(1);
        for piece in pieces_within(generator, &paragraph.english, budget)? {
            requests.push((index, digest_prompt(&piece, &people)));
        }
    }
    for chunk in requests.chunks(generator.batch_size().max(1)) {
        let batch: Vec<(ChatPrompt, usize)> = chunk
            .iter()
            .map(|(_, prompt)| (prompt.clone(), DIGEST_MAX_TOKENS))
            .collect();
        for ((index, _), generation) in chunk.iter().zip(generator.generate_many(&batch)?) {
            usage.record(&generation);
            for text in complete_lines(&generation)
                .lines()
                .filter_map(first_sentence)
                .take(DIGEST_MAX_FACTS)
            {
                let paragraph = &paragraphs[*index];
                candidates.push(Candidate::new(*index, paragraph, text, &article));
            }
        }
    }
    // Reading order, so that equally informative bullets are chosen by it.
    candidates.sort_by_key(|candidate| candidate.position);
    let mut summary = select_bullets(&candidates, &title, glossary, settings);
    if summary.bullets.is_empty() {
        summary.bullets = lead_sentences(translation, settings.summary_max_words);
    }
    Ok(summary)
}

/// The first sentence of one line of a digest answer, without bullet markers, if it has
/// words. The model sometimes goes on past the sentence asked for, and what it adds
/// there is where it strays from the passage.
fn first_sentence(answer: &str) -> Option<String> {
    let line = answer
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty())?;
    let line = line
        .strip_prefix("- ")
        .or_else(|| line.strip_prefix("* "))
        .unwrap_or(line)
        .trim();
    let end = SENTENCE_END
        .find_iter(line)
        .find(|end| ends_sentence(&line[..end.start() + 1]))
        .map_or(line.len(), |end| end.start() + 1);
    let sentence = line[..end].trim();
    (!sentence.is_empty()).then(|| sentence.to_string())
}

/// A full stop, question or exclamation mark followed by a space and a capital or a
/// quote: a candidate end of sentence.
static SENTENCE_END: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"[.!?]\s+["“A-Z]"#).expect("literal regex"));

/// Whether text ending in a full stop ends a sentence rather than an abbreviation
/// ("U.S.", "Mr.", "Co."): the last word has more than three letters or is lowercase.
fn ends_sentence(text: &str) -> bool {
    let last = text
        .trim_end_matches(['.', '!', '?'])
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("");
    last.chars().filter(|c| c.is_alphabetic()).count() > 3
        || last.chars().any(|c| c.is_ascii_digit())
        || (!last.contains('.') && last.chars().all(|c| !c.is_uppercase()))
}

/// The answer without a last line that the length budget cut off mid-sentence.
fn complete_lines(generation: &Generation) -> String {
    match (generation.finish, generation.text.rsplit_once('\n')) {
        (FinishReason::Length, Some((complete, _))) => complete.to_string(),
        (FinishReason::Length, None) => String::new(),
        _ => generation.text.clone(),
    }
}

/// One paragraph's condensed sentence with what it is checked against.
struct Candidate<'a> {
    /// Index of the paragraph in reading order.
    position: usize,
    /// The sentence.
    text: String,
    /// What the sentence may cite: its paragraph, the title, the date and outlet.
    evidence: String,
    /// The whole article's English, which must give any title a bullet gives.
    article: &'a str,
    /// The passage's English, where a pronoun opening the sentence finds its person.
    passage: &'a str,
    /// The paragraph's Korean source, for its words of uncertainty.
    korean: &'a str,
    /// The paragraph's translated units.
    units: &'a [TranslatedUnit],
}

impl<'a> Candidate<'a> {
    fn new(position: usize, paragraph: &'a Passage, text: String, article: &'a Article) -> Self {
        Self {
            position,
            text,
            evidence: format!("{}\n{}", article.header, paragraph.paragraph),
            article: &article.english,
            passage: &paragraph.english,
            korean: &paragraph.korean,
            units: &paragraph.units,
        }
    }
}

/// What every bullet of an article may draw on besides its own paragraph.
struct Article {
    /// The outlet, date and title.
    header: String,
    /// The whole translation.
    english: String,
}

/// Keep the paragraphs' sentences that are English, can be read alone, and are new and
/// traceable to their own paragraph; within the bullet and word budgets (the title
/// counts) prefer those that name most of what the title and the bullets already kept
/// do not, those of the lead a little more, then give them in reading order.
fn select_bullets(
    candidates: &[Candidate],
    title: &str,
    glossary: &Glossary,
    settings: &PipelineSettings,
) -> ArticleSummary {
    let mut summary = ArticleSummary::default();
    let mut checked: Vec<(usize, String)> = Vec::new();
    for candidate in candidates {
        let bullet = glossary.apply(&candidate.text);
        let bullet = without_invented_label(&bullet, &candidate.evidence, glossary);
        let bullet = with_named_subject(&bullet, candidate.passage, glossary);
        let bullet = without_unsupported_titles(&bullet, candidate.article, glossary);
        let korean = source_unit(&bullet, candidate.units)
            .map_or(candidate.korean, |unit| unit.korean.as_str());
        let bullet = keep_speculation(korean, &bullet);
        let reason = if hangul_ratio(&bullet) > 0.05 {
            Some("not in English".to_string())
        } else if !stands_alone(&bullet) {
            Some("does not say who or what it is about".to_string())
        } else if tells_only_who(&bullet) {
            Some("says only who someone is".to_string())
        } else {
            let missing = untraceable_details(&bullet, &candidate.evidence, glossary);
            let mut misattributed = misattributed_people(&bullet, glossary);
            misattributed.extend(people_meeting_themselves(&bullet, glossary));
            if !missing.is_empty() {
                Some(format!("not in the source: {}", missing.join(", ")))
            } else if !misattributed.is_empty() {
                Some(format!("wrong organization: {}", misattributed.join(", ")))
            } else {
                None
            }
        };
        match reason {
            Some(reason) => summary.dropped.push(DroppedClaim {
                text: bullet,
                reason,
            }),
            None => checked.push((candidate.position, bullet)),
        }
    }
    // Greedy: each round keeps the bullet that tells most per word of what the title and
    // the bullets kept so far do not, so the summary covers the article instead of
    // restating its lead. Ties go to reading order.
    let mut told = Told::default();
    told.add(title);
    let mut words = word_count(title);
    let mut kept: Vec<(usize, String)> = Vec::new();
    let passages = candidates
        .iter()
        .map(|candidate| candidate.position + 1)
        .max()
        .unwrap_or(1);
    while let Some((best, _)) = checked
        .iter()
        .enumerate()
        .map(|(index, (position, bullet))| {
            (
                index,
                told.news_value(bullet) * lead_weight(*position, passages),
            )
        })
        .rev()
        .max_by(|a, b| a.1.total_cmp(&b.1))
    {
        let (position, bullet) = checked.remove(best);
        let reason = if kept.iter().any(|(_, other)| same_claim(other, &bullet)) {
            Some("repeats another bullet")
        } else if kept.len() >= settings.summary_bullets
            || words + rendered_words(&bullet) > settings.summary_max_words
        {
            Some("over the length budget")
        } else {
            None
        };
        match reason {
            Some(reason) => summary.dropped.push(DroppedClaim {
                text: bullet,
                reason: reason.to_string(),
            }),
            None => {
                words += rendered_words(&bullet);
                told.add(&bullet);
                kept.push((position, bullet));
            }
        }
    }
    kept.sort_by_key(|(position, _)| *position);
    summary.bullets = kept.into_iter().map(|(_, bullet)| bullet).collect();
    summary
}

/// How much a bullet from passage `position` of `passages` counts: news puts what
/// matters first, so a bullet from the lead counts in full and one from the last
/// passage [`LEAD_WEIGHT`] less.
fn lead_weight(position: usize, passages: usize) -> f64 {
    1.0 - LEAD_WEIGHT * position as f64 / passages.max(1) as f64
}

/// The share of its value a bullet from the end of an article loses to one from its
/// lead.
const LEAD_WEIGHT: f64 = 0.3;

/// Whether a bullet can be read alone, as a summary's line is: it has a subject, a
/// verb and more (at least [`MIN_BULLET_WORDS`] words besides a speculation marker),
/// ends as a sentence does (not as a headline cut at a comma), and does not open with a
/// pronoun whose referent was in the sentence before ("He then met Lee Jae-yong", "It
/// is competing with Apple").
fn stands_alone(bullet: &str) -> bool {
    const PRONOUNS: &[&str] = &[
        "he", "she", "it", "they", "this", "these", "those", "his", "her", "its", "their",
    ];
    let first = bullet
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("")
        .to_lowercase();
    let claim_words = words(bullet)
        .filter(|word| !is_speculation_marker_word(word))
        .count();
    let ends_as_sentence = bullet
        .trim_end_matches(['"', '\'', '”', '’', ')'])
        .ends_with(['.', '!', '?']);
    !PRONOUNS.contains(&first.as_str()) && claim_words >= MIN_BULLET_WORDS && ends_as_sentence
}

/// The bullet with an opening "He" or "She" replaced by the person it stands for: the
/// first person of the glossary that the passage names before its first such pronoun
/// (the subject of the sentence before, as news English writes). Condensing one
/// sentence of a passage keeps its pronoun ("He met Cho Joo-wan at LG's twin tower"),
/// which alone says nothing of who met him.
fn with_named_subject(bullet: &str, passage: &str, glossary: &Glossary) -> String {
    let Some((pronoun, rest)) = bullet.split_once(' ') else {
        return bullet.to_string();
    };
    if !matches!(pronoun, "He" | "She") {
        return bullet.to_string();
    }
    let first_pronoun = [" He ", " She ", "He ", "She "]
        .iter()
        .filter_map(|pronoun| passage.find(pronoun))
        .min()
        .unwrap_or(passage.len());
    let antecedent = glossary
        .entries
        .iter()
        .filter(|entry| entry.kind == EntityKind::Person)
        .filter_map(|entry| {
            passage
                .find(entry.english.as_str())
                .map(|position| (position, entry))
        })
        .filter(|(position, _)| *position < first_pronoun)
        .min_by_key(|(position, _)| *position);
    match antecedent {
        Some((_, person)) => format!("{} {rest}", person.english),
        None => bullet.to_string(),
    }
}

/// Whether a bullet says nothing but what a name is ("Meta is a company", "Mark
/// Zuckerberg is CEO of Meta"): all its words are names, titles or words that define.
/// Asked for a passage's facts, the model restates the names it was given.
fn tells_only_who(bullet: &str) -> bool {
    const DEFINING: &[&str] = &[
        "company",
        "companies",
        "organization",
        "firm",
        "another",
        "other",
        "passage",
        "person",
    ];
    let names: HashSet<String> = bullet
        .split_whitespace()
        .filter(|token| {
            token
                .trim_start_matches(['"', '\'', '('])
                .starts_with(char::is_uppercase)
        })
        .flat_map(words)
        .collect();
    content_words(bullet).iter().all(|word| {
        names.contains(word)
            || is_generic_capitalized(word)
            || is_title_word(word)
            || DEFINING.contains(&word.as_str())
            || is_speculation_marker_word(word)
    })
}

/// Fewer words than this make a fragment ("Facebook, reportedly"), not a claim.
const MIN_BULLET_WORDS: usize = 3;

/// Words a bullet takes in the rendered summary, its marker included.
fn rendered_words(bullet: &str) -> usize {
    word_count(bullet) + 1
}

/// The details of a text an analyst scans for: capitalized names and numbers, after
/// the first word (capitalized only because it starts the sentence), and times said in
/// words ("next year", "end of the month"), lowercased.
pub fn details(text: &str) -> HashSet<String> {
    text.split_whitespace()
        .skip(1)
        .map(|word| without_possessive(word.trim_matches(|c: char| !c.is_alphanumeric())))
        .filter(|word| word.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()))
        .map(str::to_lowercase)
        .chain(
            RELATIVE_TIME
                .find_iter(text)
                .map(|time| time.as_str().to_lowercase()),
        )
        .collect()
}

/// A time said in words, which tells when as a date does.
static RELATIVE_TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:(?:next|last|this|coming|previous)|(?:end|start|beginning) of (?:the|this|next)) (?:year|month|week|quarter)\b",
    )
    .expect("literal regex")
});

/// What the summary has told so far: its names and numbers, and its other words.
#[derive(Default)]
struct Told {
    details: HashSet<String>,
    words: HashSet<String>,
}

impl Told {
    fn add(&mut self, text: &str) {
        self.details.extend(details(text));
        self.words.extend(content_words(text));
    }

    /// What a bullet adds for an analyst who has read what was told, per word it takes:
    /// its names and numbers not told yet count double, its other new words once, and a
    /// time said in words ("next year") twice more, being when a plan happens, which
    /// the analyst reads for and which no capital letter marks. Per word, because the
    /// summary's length is fixed: two short bullets of news beat one long one that
    /// mostly restates.
    fn news_value(&self, bullet: &str) -> f64 {
        const DETAIL_WEIGHT: usize = 2;
        /// Words a bullet costs beyond its own: its marker and line, and the reading.
        const OVERHEAD_WORDS: usize = 5;
        let bullet_details = details(bullet);
        let new: Vec<&String> = bullet_details.difference(&self.details).collect();
        let new_details = new.len();
        let new_times = new
            .iter()
            .filter(|detail| RELATIVE_TIME.is_match(detail))
            .count();
        let new_words = content_words(bullet)
            .into_iter()
            .filter(|word| !self.words.contains(word) && !bullet_details.contains(word))
            .count();
        (DETAIL_WEIGHT * (new_details + new_times) + new_words) as f64
            / (word_count(bullet) + OVERHEAD_WORDS) as f64
    }
}

/// The small model likes to open bullets with a label ("29th: Meta …", "Update: …").
/// A label that names something the source lacks (an invented day, say) is cut, and
/// the claim after it is checked on its own, instead of losing the whole bullet.
fn without_invented_label(bullet: &str, evidence: &str, glossary: &Glossary) -> String {
    const MAX_LABEL_WORDS: usize = 3;
    const MIN_CLAIM_WORDS: usize = 4;
    let Some((label, claim)) = bullet.split_once(": ") else {
        return bullet.to_string();
    };
    let claim = claim.trim();
    let is_label = word_count(label) <= MAX_LABEL_WORDS && word_count(claim) >= MIN_CLAIM_WORDS;
    if !is_label || untraceable_details(label, evidence, glossary).is_empty() {
        return bullet.to_string();
    }
    let mut chars = claim.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => bullet.to_string(),
    }
}

/// The translated unit a bullet most likely restates: the one sharing most of its
/// content words, if it shares at least half.
fn source_unit<'a>(bullet: &str, units: &'a [TranslatedUnit]) -> Option<&'a TranslatedUnit> {
    const MIN_OVERLAP: f64 = 0.5;
    let words = content_words(bullet);
    units
        .iter()
        .map(|unit| (unit, overlap(&words, &unit.english)))
        .filter(|(_, score)| *score >= MIN_OVERLAP)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(unit, _)| unit)
}

/// Whether two bullets say mostly the same thing: most words of the shorter one are in
/// the longer one (ignoring case and punctuation).
pub fn same_claim(a: &str, b: &str) -> bool {
    const SHARED_SHARE: f64 = 0.7;
    let (a, b): (HashSet<String>, HashSet<String>) = (words(a).collect(), words(b).collect());
    let shorter = a.len().min(b.len());
    shorter > 0 && a.intersection(&b).count() as f64 >= SHARED_SHARE * shorter as f64
}

/// Words in a text, as the length budgets count them.
pub fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

/// The article's opening sentences within the word budget: a faithful summary of last
/// resort when no generated bullet survives the checks.
fn lead_sentences(translation: &Translation, max_words: usize) -> Vec<String> {
    let mut words = 0;
    translation
        .units
        .iter()
        .filter(|unit| !unit.english.is_empty())
        .take_while(|unit| {
            words += word_count(&unit.english);
            words <= max_words
        })
        .take(3)
        .map(|unit| unit.english.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A paragraph's candidate sentence checked against `evidence`, no Korean source.
    fn candidate<'a>(text: &str, evidence: &str) -> Candidate<'a> {
        Candidate {
            position: 0,
            text: text.to_string(),
            evidence: evidence.to_string(),
            article: "",
            passage: "",
            korean: "",
            units: &[],
        }
    }

    fn select_with_defaults(candidates: &[Candidate]) -> ArticleSummary {
        select_bullets(
            candidates,
            "",
            &Glossary::default(),
            &PipelineSettings::default(),
        )
    }

    #[test]
    fn invented_repeated_and_korean_bullets_are_dropped() {
        let evidence = "Meta CEO Mark Zuckerberg met LG Electronics CEO Cho Joo-wan on the 28th.";
        let candidates = [
            "Zuckerberg met Cho Joo-wan on the 28th.",
            "Zuckerberg met Cho Joo-wan on the 28th!",
            "Zuckerberg met President Moon Jae-in.",
            "저커버그가 조주완을 만났다.",
        ]
        .map(|text| candidate(text, evidence));
        let summary = select_with_defaults(&candidates);
        assert_eq!(
            summary.bullets,
            vec!["Zuckerberg met Cho Joo-wan on the 28th."]
        );
        assert_eq!(summary.dropped.len(), 3);
    }

    #[test]
    fn a_name_from_another_paragraph_is_not_traceable() {
        // Each sentence is checked against its own paragraph: a meeting in one paragraph
        // must not acquire the people of another.
        let candidates = [
            candidate(
                "Sam Altman visited Samsung Electronics.",
                "Sam Altman visited Samsung Electronics last month.",
            ),
            candidate(
                "Sam Altman met Cho Joo-wan of LG Electronics.",
                "Zuckerberg met Cho Joo-wan of LG Electronics.",
            ),
        ];
        let summary = select_with_defaults(&candidates);
        assert_eq!(
            summary.bullets,
            vec!["Sam Altman visited Samsung Electronics."]
        );
        assert!(
            summary.dropped[0].reason.contains("Altman"),
            "{:?}",
            summary.dropped
        );
    }

    #[test]
    fn short_bullets_of_news_beat_a_long_one_that_mostly_restates() {
        let settings = PipelineSettings {
            summary_max_words: 24,
            ..PipelineSettings::default()
        };
        let evidence = "Meta met LG Electronics in Seoul on the 28th to discuss XR headsets and \
                        more. LG will launch an XR headset next year. TSMC holds 57.9%.";
        let mut candidates = [
            "Meta met LG Electronics in Seoul on the 28th to discuss XR headsets and more.",
            "LG will launch an XR headset next year.",
            "TSMC holds 57.9%.",
        ]
        .map(|text| candidate(text, evidence));
        for (position, candidate) in candidates.iter_mut().enumerate() {
            candidate.position = position;
        }
        let summary = select_bullets(
            &candidates,
            "Meta and LG Electronics discuss XR headsets",
            &Glossary::default(),
            &settings,
        );
        assert_eq!(
            summary.bullets,
            vec![
                "LG will launch an XR headset next year.",
                "TSMC holds 57.9%."
            ]
        );
    }

    #[test]
    fn times_said_in_words_are_details() {
        let found = details("LG will launch a headset next year, by the end of the month.");
        assert!(found.contains("next year"));
        assert!(found.contains("end of the month"));
        assert!(!found.contains("will"));
    }

    #[test]
    fn a_new_time_tells_more_than_new_place_names() {
        let mut told = Told::default();
        told.add("Meta set up an XR alliance with LG Electronics and Samsung Electronics.");
        let when =
            told.news_value("LG Electronics is preparing to release its XR headset next year.");
        let place = told
            .news_value("Samsung Electronics operates its Austin factory in the United States.");
        assert!(when > place, "{when} <= {place}");
        told.add("LG plans a headset for next year.");
        assert!(
            told.news_value("LG Electronics is preparing to release its XR headset next year.")
                < when
        );
    }

    #[test]
    fn the_most_informative_bullets_are_kept_in_reading_order() {
        let settings = PipelineSettings {
            summary_bullets: 2,
            ..PipelineSettings::default()
        };
        let evidence = "Meta will work with LG Electronics on XR devices from 2025. \
                        The mood was good. Samsung Electronics may make Meta's chips.";
        let mut candidates = [
            "Meta will work with LG Electronics on XR devices from 2025.",
            "The mood was good.",
            "Samsung Electronics may make Meta's chips.",
        ]
        .map(|text| candidate(text, evidence));
        for (position, candidate) in candidates.iter_mut().enumerate() {
            candidate.position = position;
        }
        let summary = select_bullets(&candidates, "", &Glossary::default(), &settings);
        assert_eq!(
            summary.bullets,
            vec![
                "Meta will work with LG Electronics on XR devices from 2025.",
                "Samsung Electronics may make Meta's chips."
            ]
        );
        assert_eq!(summary.dropped[0].text, "The mood was good.");
        assert_eq!(summary.dropped[0].reason, "over the length budget");
    }

    #[test]
    fn a_bullet_giving_a_person_another_organization_is_dropped() {
        use crate::pipeline::glossary::GlossaryEntry;
        let glossary = Glossary {
            entries: vec![
                GlossaryEntry {
                    korean: "최태원".to_string(),
                    english: "Chey Tae-won".to_string(),
                    kind: EntityKind::Person,
                    role: Some("Chairman of SK Group".to_string()),
                },
                GlossaryEntry {
                    korean: "삼성전자".to_string(),
                    english: "Samsung Electronics".to_string(),
                    kind: EntityKind::Organization,
                    role: None,
                },
            ],
        };
        let evidence = "Chey Tae-won, chairman of SK Group, visited the Samsung Electronics booth.";
        let candidates = [
            "Chey Tae-won, Samsung Electronics' chairman, visited the booth.",
            "Chey Tae-won, chairman of SK Group, visited the Samsung Electronics booth.",
        ]
        .map(|text| candidate(text, evidence));
        let summary = select_bullets(&candidates, "", &glossary, &PipelineSettings::default());
        assert_eq!(summary.bullets, vec![candidates[1].text.clone()]);
        assert!(
            summary.dropped[0].reason.starts_with("wrong organization"),
            "{:?}",
            summary.dropped
        );
    }

    #[test]
    fn bullets_naming_something_new_beat_restatements_of_the_title() {
        let settings = PipelineSettings {
            summary_bullets: 2,
            ..PipelineSettings::default()
        };
        let evidence = "Zuckerberg met Lee Jae-yong of Samsung Electronics and dined with him. \
                        OpenAI CEO Sam Altman visited SK Hynix.";
        let mut candidates = [
            "Zuckerberg met Lee Jae-yong of Samsung Electronics.",
            "Zuckerberg dined with Lee Jae-yong of Samsung Electronics.",
            "OpenAI CEO Sam Altman visited SK Hynix.",
        ]
        .map(|text| candidate(text, evidence));
        for (position, candidate) in candidates.iter_mut().enumerate() {
            candidate.position = position;
        }
        let title = "Zuckerberg meets Samsung's Lee Jae-yong";
        let summary = select_bullets(&candidates, title, &Glossary::default(), &settings);
        assert_eq!(
            summary.bullets,
            vec![
                "Zuckerberg met Lee Jae-yong of Samsung Electronics.",
                "OpenAI CEO Sam Altman visited SK Hynix."
            ]
        );
        assert_eq!(
            summary.dropped[0].text,
            "Zuckerberg dined with Lee Jae-yong of Samsung Electronics."
        );
    }

    #[test]
    fn a_line_cut_by_the_length_budget_is_dropped() {
        let generation = |text: &str, finish| Generation {
            text: text.to_string(),
            prompt_tokens: 1,
            generated_tokens: 1,
            prefill_seconds: 0.0,
            decode_seconds: 0.0,
            finish,
        };
        assert_eq!(
            complete_lines(&generation("- a\n- b is cut", FinishReason::Length)),
            "- a"
        );
        assert_eq!(
            complete_lines(&generation("- cut", FinishReason::Length)),
            ""
        );
        assert_eq!(
            complete_lines(&generation("- a\n- b", FinishReason::Stop)),
            "- a\n- b"
        );
    }

    #[test]
    fn a_digest_keeps_only_its_first_sentence() {
        assert_eq!(
            first_sentence("- Meta met LG in the U.S. on Monday. It was sunny.\nMore."),
            Some("Meta met LG in the U.S. on Monday.".to_string())
        );
        assert_eq!(
            first_sentence("Mr. Cho met Meta. Then he left."),
            Some("Mr. Cho met Meta.".to_string())
        );
        assert_eq!(
            first_sentence("Sales rose 5%. \"Good,\" he said."),
            Some("Sales rose 5%.".to_string())
        );
        assert_eq!(first_sentence("\n  \n"), None);
    }

    #[test]
    fn restated_bullets_count_as_the_same_claim() {
        assert!(same_claim(
            "Meta CEO visited South Korea.",
            "The CEO of Meta visited South Korea and met LG."
        ));
        assert!(!same_claim(
            "Meta met LG.",
            "Samsung may make chips for Meta."
        ));
    }

    #[test]
    fn a_bullet_that_drops_the_source_s_uncertainty_is_marked_again() {
        let units = [TranslatedUnit {
            paragraph: 0,
            korean: "업계는 메타가 삼성전자를 AI 칩 생산 파트너로 선택할 것으로 전망했다."
                .to_string(),
            english:
                "The industry expects Meta to choose Samsung Electronics as its AI chip partner."
                    .to_string(),
            rejected: None,
        }];
        let candidates = [Candidate {
            position: 0,
            text: "Meta chose Samsung Electronics as its AI chip partner.".to_string(),
            evidence: units[0].english.clone(),
            article: "",
            passage: &units[0].english,
            korean: &units[0].korean,
            units: &units,
        }];
        let summary = select_with_defaults(&candidates);
        assert_eq!(
            summary.bullets,
            vec![
                "Meta chose Samsung Electronics as its AI chip partner (expected, not confirmed)."
            ]
        );
    }

    #[test]
    fn an_invented_label_is_cut_and_the_claim_kept() {
        let evidence = "On the 27th Zuckerberg met Cho Joo-wan at LG Electronics.";
        let glossary = Glossary::default();
        assert_eq!(
            without_invented_label(
                "29th: the meeting was about XR headsets.",
                evidence,
                &glossary
            ),
            "The meeting was about XR headsets."
        );
        // A label the source supports stays, and so does a colon inside a claim.
        let supported = "27th: the meeting was about XR headsets.";
        assert_eq!(
            without_invented_label(supported, evidence, &glossary),
            supported
        );
        let quote = "Cho Joo-wan said: we will work on XR headsets together.";
        assert_eq!(without_invented_label(quote, evidence, &glossary), quote);
    }

    #[test]
    fn an_opening_pronoun_is_named_from_the_passage_or_the_bullet_dropped() {
        use crate::pipeline::glossary::GlossaryEntry;
        let person = |korean: &str, english: &str| GlossaryEntry {
            korean: korean.to_string(),
            english: english.to_string(),
            kind: EntityKind::Person,
            role: None,
        };
        let glossary = Glossary {
            entries: vec![
                person("조주완", "Cho Joo-wan"),
                person("저커버그", "Mark Zuckerberg"),
            ],
        };
        let passage = "Mark Zuckerberg arrived in Seoul. He met Cho Joo-wan at LG's twin tower.";
        assert_eq!(
            with_named_subject("He met Cho Joo-wan at LG's twin tower.", passage, &glossary),
            "Mark Zuckerberg met Cho Joo-wan at LG's twin tower."
        );
        // A person named only after the pronoun is not what it stands for.
        let alone = "He met Cho Joo-wan at LG's twin tower.";
        assert_eq!(with_named_subject(alone, alone, &glossary), alone);
        assert!(!stands_alone(alone));
    }

    #[test]
    fn fragments_and_bullets_that_only_say_who_someone_is_are_told_apart() {
        assert!(!stands_alone("It is competing with Apple."));
        assert!(!stands_alone("Facebook, reportedly."));
        assert!(stands_alone("TSMC holds 57.9%."));
        assert!(!stands_alone(
            "Bloomberg, \"Meta will be a book to strengthen,\""
        ));
        assert!(tells_only_who("Mark Zuckerberg is CEO of Meta."));
        assert!(tells_only_who("Meta is a company, reportedly."));
        assert!(tells_only_who("Hwang Hyeon-sik is the CEO of LG Uplus."));
        assert!(!tells_only_who("Mark Zuckerberg met Meta's developers."));
        assert!(!tells_only_who("TSMC holds 57.9%."));
    }

    #[test]
    fn the_word_budget_is_kept() {
        let settings = PipelineSettings {
            summary_max_words: 6,
            ..PipelineSettings::default()
        };
        let evidence = "Meta met LG today. Samsung met SK again.";
        let candidates =
            ["Meta met LG today.", "Samsung met SK again."].map(|text| candidate(text, evidence));
        let summary = select_bullets(&candidates, "", &Glossary::default(), &settings);
        assert_eq!(summary.bullets, vec!["Meta met LG today."]);
    }

    /// A stand-in model: one token per word, a small context, and a one-sentence
    /// answer that any paragraph supports.
    struct CountingGenerator {
        prompt_words: Vec<usize>,
    }

    impl TextGenerator for CountingGenerator {
        fn generate(
            &mut self,
            prompt: &ChatPrompt,
            _max_new_tokens: usize,
        ) -> Result<Generation, ModelError> {
            let words = prompt
                .messages
                .iter()
                .map(|message| word_count(&message.content))
                .sum();
            self.prompt_words.push(words);
            Ok(Generation {
                text: "The article says something.".to_string(),
                prompt_tokens: words,
                generated_tokens: 5,
                prefill_seconds: 0.0,
                decode_seconds: 0.0,
                finish: FinishReason::Stop,
            })
        }

        fn count_tokens(&self, text: &str) -> Result<usize, ModelError> {
            Ok(word_count(text))
        }

        fn context_limit(&self) -> usize {
            300
        }
    }

    fn unit(paragraph: usize, english: &str) -> TranslatedUnit {
        TranslatedUnit {
            paragraph,
            korean: String::new(),
            english: english.to_string(),
            rejected: None,
        }
    }

    #[test]
    fn paragraphs_are_split_into_passages_that_keep_back_references() {
        let sentence = |subject: &str| format!("{subject} {}", ["word"; 25].join(" "));
        let translation = Translation {
            title: None,
            units: vec![
                unit(0, &sentence("Meta")),
                unit(0, &sentence("Samsung")),
                unit(0, &sentence("It")),
                unit(0, &sentence("LG")),
                unit(1, "Short."),
            ],
        };
        let passages = passages(&translation);
        let firsts: Vec<Vec<&str>> = passages
            .iter()
            .map(|passage| {
                passage
                    .units
                    .iter()
                    .map(|unit| unit.english.split(' ').next().unwrap_or(""))
                    .collect()
            })
            .collect();
        assert_eq!(
            firsts,
            vec![
                vec!["Meta"],
                vec!["Samsung", "It"],
                vec!["LG"],
                vec!["Short."]
            ]
        );
        assert!(passages[1].paragraph.starts_with("Meta word"));
        assert_eq!(passages[3].paragraph, "Short.");
    }

    #[test]
    fn long_paragraphs_are_condensed_in_pieces_and_short_ones_kept() {
        let long = "Part of the article says something. ".repeat(100);
        let translation = Translation {
            title: None,
            units: vec![
                unit(0, "Meta met LG."),
                unit(1, long.trim()),
                unit(2, "Samsung makes chips for Meta."),
            ],
        };
        let mut generator = CountingGenerator {
            prompt_words: Vec::new(),
        };
        let summary = summarize_article(
            &mut generator,
            &translation,
            "",
            &Glossary::default(),
            &PipelineSettings::default(),
            &mut ModelUsage::default(),
        )
        .unwrap();
        // 600 words in prompts of at most 300 tokens: at least three digests, none for
        // the short paragraphs, and the pieces' repeated digest kept once.
        assert!(
            generator.prompt_words.len() >= 3,
            "{:?}",
            generator.prompt_words
        );
        assert!(generator.prompt_words.iter().all(|&words| words <= 300));
        assert_eq!(
            summary.bullets,
            vec![
                "Meta met LG.",
                "The article says something.",
                "Samsung makes chips for Meta."
            ]
        );
    }
}
