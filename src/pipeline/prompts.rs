//! Every prompt the pipeline sends, as pure functions of their inputs, so they can be
//! read in one place and tested without a model.
//!
//! The default model is small and weak at Korean: asked to summarize a Korean article it
//! answers in Korean and fills unnamed roles with famous names. So the prompts ask for
//! one narrow thing each: translate one short unit with a names glossary, condense one
//! English passage.

use super::terms::{terms_in, NEWS_TERMS};
use crate::model::chat::{render_chatml, ChatPrompt};

/// Instructions for translating one unit of a Korean article. The rules and worked
/// examples are the same for every unit, so the model's cache reuses them; what is
/// particular to the unit follows them: the English of the names it gives
/// (`glossary_lines`, only this unit's: shown the whole article's names, the small model
/// copied names of other sentences into this one) and of the news terms it uses.
pub fn translation_prompt(glossary_lines: &str, korean: &str) -> ChatPrompt {
    with_unit_notes(worked_examples(), unit_notes(glossary_lines, korean, None)).user(korean.trim())
}

/// The translation prompt with the unit's place in its article: the headline and the
/// sentence before it, so that a subject the Korean leaves unsaid (it usually carries
/// over from the sentence before) is named right. The context is a system note, never
/// part of the user's turn: put beside the sentence, the small model translated it too
/// or talked about it ("according to the lines above").
pub fn translation_in_context_prompt(
    glossary_lines: &str,
    headline: &str,
    previous: &str,
    korean: &str,
) -> ChatPrompt {
    let notes = unit_notes(glossary_lines, korean, Some((headline, previous)));
    with_unit_notes(worked_examples(), notes).user(korean.trim())
}

/// The rules and the worked examples: the part every translation request shares.
fn worked_examples() -> ChatPrompt {
    TRANSLATION_EXAMPLES.iter().fold(
        ChatPrompt::new(translation_rules()),
        |prompt, (korean, english)| prompt.user(*korean).assistant(*english),
    )
}

fn with_unit_notes(prompt: ChatPrompt, notes: String) -> ChatPrompt {
    if notes.is_empty() {
        prompt
    } else {
        prompt.system(notes)
    }
}

/// What one unit's request says beyond the shared rules: the English of its names
/// (`glossary_lines`), of the news terms in `korean` that the small model gets wrong,
/// and the unit's context (its headline and the sentence before it), if given.
fn unit_notes(glossary_lines: &str, korean: &str, context: Option<(&str, &str)>) -> String {
    let mut notes = String::new();
    if !glossary_lines.trim().is_empty() {
        notes.push_str("Use exactly these English names:\n");
        notes.push_str(glossary_lines.trim_end());
        notes.push('\n');
    }
    let terms: Vec<String> = terms_in(&NEWS_TERMS, korean)
        .into_iter()
        .map(|term| format!("{} = {}", term.korean, term.preferred()))
        .collect();
    if !terms.is_empty() {
        notes.push_str("Translate these words so:\n");
        notes.push_str(&terms.join("\n"));
        notes.push('\n');
    }
    let Some((headline, previous)) = context else {
        return notes;
    };
    let (headline, previous) = (headline.trim(), previous.trim());
    if headline.is_empty() && previous.is_empty() {
        return notes;
    }
    notes.push_str("The user's next text is one sentence of a news article.\n");
    if !headline.is_empty() {
        notes.push_str(&format!("The article's headline: {headline}\n"));
    }
    if !previous.is_empty() {
        notes.push_str(&format!("The sentence before it: {previous}\n"));
    }
    notes.push_str(
        "If the sentence leaves out who acts, it is who acts in the sentence before (or \
         the headline): name them. Translate only the user's sentence.\n",
    );
    notes
}

/// The back-translation request that scores a candidate: how likely the model finds the
/// Korean source as the Korean of an English candidate (the noisy channel). A candidate
/// that drops, adds or turns around a fact explains its source worse than a faithful
/// one, whatever its fluency; one prefill per candidate, no decoding.
pub fn back_translation_prompt(english: &str) -> ChatPrompt {
    ChatPrompt::new(
        "You translate English news text into Korean. Output only the Korean translation.",
    )
    .user(english.trim())
}

/// A request with no English to explain the Korean: the baseline of how likely the
/// Korean sentence is on its own, so that the back-translation score of different
/// sentences can be compared (their difference is what the English adds).
pub fn korean_baseline_prompt() -> ChatPrompt {
    ChatPrompt::new("You write Korean news text.")
        .user("Write one sentence of a Korean news article.")
}

/// The translation prompt without its worked examples: the last try for a unit whose
/// answers kept adding details (the model, stuck, also answers with an example).
pub fn plain_translation_prompt(glossary_lines: &str, korean: &str) -> ChatPrompt {
    with_unit_notes(
        ChatPrompt::new(translation_rules()),
        unit_notes(glossary_lines, korean, None),
    )
    .user(korean.trim())
}

/// The translation prompts' system message: the rules.
fn translation_rules() -> String {
    String::from(
        "You translate Korean news text into English.\n\
         Rules:\n\
         - Output only the English translation of the user's text, as one paragraph.\n\
         - Translate everything; add nothing: no notes, no explanations, no Korean.\n\
         - Keep every name, number, date and unit exactly as in the text \
         (억 = 100 million, 만 = 10,000, 조 = trillion; 28일 = the 28th).\n\
         - If the text says only \"the president\" or \"the chairman\", write that; \
         never add a name the text does not give.\n\
         - Keep uncertainty: 전망/관측/추측/가능성/~것으로 보인다 become \
         \"is expected to\", \"reportedly\", \"may\".\n",
    )
}

/// Worked examples shown before every unit: units with 억, a day of the month, a
/// president left unnamed, and speculation kept as speculation. They carry no names,
/// so the model has none to copy into a translation.
const TRANSLATION_EXAMPLES: &[(&str, &str)] = &[
    (
        "업계에서는 양사가 반도체 분야에서 협력을 확대할 것으로 전망하고 있다.",
        "The industry expects the two companies to expand their cooperation in semiconductors.",
    ),
    (
        "이 회사는 지난해 3억 대의 스마트폰을 판매했으며, 시장 점유율은 20%였다.",
        "The company sold 300 million smartphones last year, with a market share of 20%.",
    ),
    (
        "대통령은 14일 오전 대통령실에서 이들을 접견했다.",
        "The president received them at the presidential office on the morning of the 14th.",
    ),
    (
        "그는 5년 만에 2박3일 일정으로 방한해 전날 도착했다.",
        "He arrived the previous day for a three-day visit to Korea, his first in five years.",
    ),
];

/// Whether `english` is the answer of one of the worked examples while `korean` is not
/// that example: the small model, asked about a unit it cannot read, sometimes answers
/// with an example, which no name or number check catches ("The industry expects the
/// two companies to expand their cooperation in semiconductors.").
pub fn repeats_an_example(korean: &str, english: &str) -> bool {
    let words = |text: &str| -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|word| !word.is_empty())
            .map(str::to_lowercase)
            .collect()
    };
    let answer = words(english);
    TRANSLATION_EXAMPLES
        .iter()
        .any(|(source, example)| words(example) == answer && source.trim() != korean.trim())
}

/// The wording of the translation and scoring prompts, for the translation cache's keys:
/// a result made with other instructions must not be reused.
pub fn translation_fingerprint() -> String {
    let mut fingerprint: String = [
        translation_prompt("", ""),
        plain_translation_prompt("", ""),
        translation_in_context_prompt("", "h", "p", ""),
        back_translation_prompt(""),
        korean_baseline_prompt(),
    ]
    .iter()
    .map(render_chatml)
    .collect();
    for term in NEWS_TERMS.iter() {
        fingerprint.push_str(&format!("\n{} = {}", term.korean, term.english));
    }
    fingerprint
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translation_prompt_carries_the_glossary_and_only_the_unit() {
        let prompt =
            translation_prompt("윤석열 = Yoon Suk Yeol (President)", "윤 대통령을 만났다.");
        let text = render_chatml(&prompt);
        assert!(text.contains("윤석열 = Yoon Suk Yeol (President)"));
        assert!(text
            .ends_with("<|im_start|>user\n윤 대통령을 만났다.<|im_end|>\n<|im_start|>assistant\n"));
    }

    #[test]
    fn news_terms_are_shown_only_to_the_units_that_use_them() {
        let with_term = render_chatml(&translation_prompt("", "그는 빠르면 이달 말 방한한다."));
        assert!(with_term.contains("방한 = visit to Korea"));
        assert!(with_term.contains("빠르면 = as early as"));
        assert!(!with_term.contains("동결"));
        let rate = render_chatml(&translation_prompt("", "한은이 기준금리를 내렸다."));
        assert!(rate.contains("기준금리 = benchmark rate"));
        assert!(
            !rate.contains("benchmark rate; base rate"),
            "only the first English"
        );
        let in_a_row = render_chatml(&translation_prompt("", "일곱 차례 연속 동결이다."));
        assert!(in_a_row.contains("차례 연속 = times in a row"));
        let russia = render_chatml(&translation_prompt("", "러시아를 방문했다."));
        assert!(!russia.contains("Translate these words so"));
        let without = render_chatml(&translation_prompt("", "삼성이 LG를 만났다."));
        assert!(!without.contains("Translate these words so"));
    }

    #[test]
    fn translation_prompt_without_glossary_has_no_empty_heading() {
        let text = render_chatml(&translation_prompt("  ", "안녕하세요"));
        assert!(!text.contains("Use exactly these English names"));
    }

    #[test]
    fn units_share_rules_and_examples_but_see_only_their_own_names() {
        let first = render_chatml(&translation_prompt("a = A", "첫 문장."));
        let second = render_chatml(&translation_prompt("b = B", "둘째 문장."));
        let shared = first
            .bytes()
            .zip(second.bytes())
            .take_while(|(x, y)| x == y)
            .count();
        let (_, last_example) = TRANSLATION_EXAMPLES[TRANSLATION_EXAMPLES.len() - 1];
        assert!(first[..shared].contains(last_example));
        assert!(first.contains("a = A") && !first.contains("b = B"));
        assert!(!first[..shared].contains("a = A"));
    }

    #[test]
    fn an_example_answer_for_another_unit_is_caught() {
        let (source, answer) = TRANSLATION_EXAMPLES[0];
        assert!(repeats_an_example("다른 문장이다.", answer));
        assert!(repeats_an_example("다른 문장이다.", &answer.to_uppercase()));
        assert!(!repeats_an_example(source, answer));
        assert!(!repeats_an_example("다른 문장이다.", "Another sentence."));
    }
}
