//! Every prompt the pipeline sends, as pure functions of their inputs, so they can be
//! read in one place and tested without a model.
//!
//! The default model is small and weak at Korean: asked to summarize a Korean article it
//! answers in Korean and fills unnamed roles with famous names. So the prompts ask for
//! one narrow thing each: translate one short unit with a names glossary, condense one
//! English passage.

use crate::model::chat::{render_chatml, ChatPrompt};

/// Instructions for translating one unit of a Korean article. The glossary lines are
/// part of the system message, which stays the same for every unit of an article, so
/// the model's cache reuses it.
pub fn translation_prompt(glossary_lines: &str, korean: &str) -> ChatPrompt {
    TRANSLATION_EXAMPLES
        .iter()
        .fold(
            ChatPrompt::new(translation_rules(glossary_lines, korean)),
            |prompt, (korean, english)| prompt.user(*korean).assistant(*english),
        )
        .user(korean.trim())
}

/// The translation prompt without its worked examples: the last try for a unit whose
/// answers kept adding details (the model, stuck, also answers with an example).
pub fn plain_translation_prompt(glossary_lines: &str, korean: &str) -> ChatPrompt {
    ChatPrompt::new(translation_rules(glossary_lines, korean)).user(korean.trim())
}

/// The translation prompts' system message: the rules, the article's names, and the
/// English of the news terms in `korean` that the small model gets wrong.
fn translation_rules(glossary_lines: &str, korean: &str) -> String {
    let mut system = String::from(
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
    );
    if !glossary_lines.trim().is_empty() {
        system.push_str("Use exactly these English names:\n");
        system.push_str(glossary_lines.trim_end());
        system.push('\n');
    }
    let terms: Vec<String> = NEWS_TERMS
        .iter()
        .filter(|(term, _)| korean.contains(term))
        .map(|(term, english)| format!("{term} = {english}"))
        .collect();
    if !terms.is_empty() {
        system.push_str("Translate these words so:\n");
        system.push_str(&terms.join("\n"));
        system.push('\n');
    }
    system
}

/// News words the small model mistranslates, with their English: shown only for the
/// units that use them, so every other unit's prompt (and answer) stays as it was. Each
/// fixes an error seen in a run: 방한 and 찾는다 came back "under pressure" and "looking
/// for South Korea", 빠르면 "if he is faster", 이달 말 "on the 21st", 10년 만 "ongoing
/// since 2013", 동결 (a rate hold) "lockdown", 총재 "chairman", 파운드리 "large global
/// enterprise", 방문 러시 (a rush of visits) "visit Russia", 일곱 차례 연속 (seven
/// times in a row) "seven consecutive months", 수요 둔화 (slowing demand) "demand
/// increases", 앞으로 50년 (the next 50 years) "will open in 50 years", 기공식 (a
/// groundbreaking) "opening ceremony".
const NEWS_TERMS: &[(&str, &str)] = &[
    ("방한", "visit to Korea"),
    ("한국을 찾", "visit Korea"),
    ("빠르면", "as early as"),
    ("이달 말", "the end of this month"),
    ("년 만", "the first in N years (N년 만)"),
    ("동결", "freeze, hold (kept unchanged)"),
    ("총재", "governor"),
    ("파운드리", "foundry (contract chipmaker)"),
    ("영빈관", "guest house"),
    ("만찬", "dinner"),
    ("차례 연속", "times in a row"),
    ("회 연속", "times in a row"),
    ("둔화", "slowdown"),
    ("기공식", "groundbreaking ceremony"),
    ("착공", "start of construction"),
    (
        "앞으로",
        "the coming, from now on (앞으로 N년 = the next N years)",
    ),
    ("방문 러시", "a rush of visits"),
    ("방한 러시", "a rush of visits to Korea"),
];

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

/// Instructions for a passage's digest: its facts, one short sentence each, so a passage
/// that tells two things (Nvidia's market share, and Meta choosing Samsung) yields a
/// bullet for each. `people` lists who the passage involves ("Cho Joo-wan (CEO of LG
/// Electronics)"), so the model keeps names and roles straight and says who did what.
pub fn digest_prompt(paragraph: &str, people: &str) -> ChatPrompt {
    let system = "You list the facts of one passage of a news article for analysts.\n\
         Rules:\n\
         - Write each fact as one English sentence of at most 15 words, one per line, \
         nothing else. At most three facts.\n\
         - Each sentence names its subject: who did what, with whom, when, and how much.\n\
         - Use only what the passage says. Never add names, titles, numbers or dates \
         that are not in it.\n\
         - Write names exactly as the passage writes them.\n\
         - Keep uncertainty: if the passage says something is expected, likely or \
         reported, say so.";
    let mut user = String::new();
    if !people.trim().is_empty() {
        user.push_str(&format!(
            "People and organizations in it:\n{}\n\n",
            people.trim()
        ));
    }
    user.push_str(&format!("Passage:\n{}", paragraph.trim()));
    ChatPrompt::new(system).user(user)
}

/// The wording of the summary's prompts, for the result cache's keys: a result made with
/// other instructions must not be reused.
pub fn summary_fingerprint() -> String {
    render_chatml(&digest_prompt("", ""))
}

/// The wording of the translation prompt alone, for the translation cache's keys.
pub fn translation_fingerprint() -> String {
    let mut fingerprint: String = [translation_prompt("", ""), plain_translation_prompt("", "")]
        .iter()
        .map(render_chatml)
        .collect();
    for (term, english) in NEWS_TERMS {
        fingerprint.push_str(&format!("\n{term} = {english}"));
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
        let rush = render_chatml(&translation_prompt("", "글로벌 기업가, 韓 방문 러시"));
        assert!(rush.contains("방문 러시 = a rush of visits"));
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
    fn the_system_message_is_shared_by_every_unit_of_an_article() {
        let first = render_chatml(&translation_prompt("a = A", "첫 문장."));
        let second = render_chatml(&translation_prompt("a = A", "둘째 문장."));
        let shared = first
            .bytes()
            .zip(second.bytes())
            .take_while(|(x, y)| x == y)
            .count();
        assert!(first[..shared].contains("a = A"));
    }

    #[test]
    fn an_example_answer_for_another_unit_is_caught() {
        let (source, answer) = TRANSLATION_EXAMPLES[0];
        assert!(repeats_an_example("다른 문장이다.", answer));
        assert!(repeats_an_example("다른 문장이다.", &answer.to_uppercase()));
        assert!(!repeats_an_example(source, answer));
        assert!(!repeats_an_example("다른 문장이다.", "Another sentence."));
    }

    #[test]
    fn digest_prompt_carries_the_people_and_only_the_passage() {
        let digest = render_chatml(&digest_prompt("Text.", "Meta"));
        assert!(digest.contains("People and organizations in it:\nMeta\n"));
        assert!(digest.ends_with("Passage:\nText.<|im_end|>\n<|im_start|>assistant\n"));
        assert!(!render_chatml(&digest_prompt("Text.", " ")).contains("People"));
    }
}
