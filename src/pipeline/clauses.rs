//! Independent clauses as units of their own. A Korean news sentence often joins two
//! facts ("삼성은 최근 HBM3를 개발했고, HBM과 PIM을 통합한 공정을 가동하고 있다"); asked
//! for the whole, the small model merges them ("HBM3, which integrates HBM and PIM") or
//! gives the second verb the first clause's object as its subject. So such a sentence
//! becomes one unit per clause before anything is translated: each clause's joint is
//! made a sentence ending (`data/terms/clause_joints.tsv`), and the sentence's topic, when
//! it is a name the glossary knows, is written again before a later clause that has no
//! subject of its own ("삼성은 HBM과 PIM을 통합한 공정을 가동하고 있다."). Each clause is
//! then translated, checked, scored and cited alone, and the Korean part of the brief
//! quotes a clause that stands alone.
//!
//! A sentence is cut only where the cut cannot change what a clause claims: never when
//! it quotes someone or reports a plan, an expectation or hearsay (the marker of the
//! last clause speaks for all of them: "A했고, B한 것으로 알려졌다"), and never at a
//! joint whose tense the clause would have to guess.

use std::sync::LazyLock;

use super::glossary::{jamo, Glossary};
use crate::lexicon::{built_in_list, built_in_table};

/// One way of joining clauses, as `data/terms/clause_joints.tsv` gives it.
#[derive(Debug, Clone, PartialEq)]
struct Joint {
    /// The last letters of a clause's last word ("했고" is read as "ㅆ고").
    joint: String,
    /// What replaces them to end a clause in the present.
    present: String,
    /// What replaces them to end a clause in the past.
    past: String,
    /// Cut only before a comma.
    only_before_comma: bool,
}

/// The final consonant ㅆ, the index [`jamo`] gives it: the mark of a past tense.
const FINAL_SSANG_SIOT: usize = 20;

/// The joint written with a leading ㅆ stands for any syllable that ends in it.
const PAST_SYLLABLE: char = 'ㅆ';

/// Fewest words each clause keeps: a shorter piece is a phrase, not a statement.
const MIN_CLAUSE_WORDS: usize = 3;

/// Fewest syllables before a joint with no tense of its own: "진출해" joins clauses,
/// "피해" (damage) is a noun.
const MIN_STEM_SYLLABLES: usize = 2;

static JOINTS: LazyLock<Vec<Joint>> = LazyLock::new(|| {
    built_in_table("terms/clause_joints.tsv", 4, 4, |fields| {
        let only_before_comma = match fields[3].as_str() {
            "any" => false,
            "comma" => true,
            other => {
                return Err(format!(
                    "unknown \"before\" {other:?}: expected any or comma"
                ))
            }
        };
        Ok(Joint {
            joint: fields[0].clone(),
            present: fields[1].clone(),
            past: fields[2].clone(),
            only_before_comma,
        })
    })
});

/// Endings of words that look like joints and are none ("통해", "올해", "피해").
static NOT_JOINTS: LazyLock<Vec<String>> =
    LazyLock::new(|| built_in_list("terms/not_clause_joints.txt"));

/// Verbs that go on with the verb before them ("추진해 온": has been pursuing), after
/// which a joint in 해 or 돼 joins no clause.
static AUXILIARY_VERBS: LazyLock<Vec<String>> =
    LazyLock::new(|| built_in_list("terms/auxiliary_verbs.txt"));

/// Joints that are a verb's 아/어 form, which an auxiliary verb may continue.
const CONTINUED_JOINTS: &[&str] = &["해", "돼"];

/// Words that place a clause in the past ("지난", "최근").
static PAST_TIME_WORDS: LazyLock<Vec<String>> =
    LazyLock::new(|| built_in_list("terms/past_time_words.txt"));

/// Markers that make a sentence a plan, an expectation or hearsay as a whole.
static WHOLE_SENTENCE_MARKERS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut markers = built_in_list("verify/korean_plan_endings.txt");
    markers.extend(built_in_list("terms/plan_markers.txt"));
    markers.extend(built_in_list("verify/korean_speculation.txt"));
    markers
});

/// Word endings of a verb that modifies a noun ("가동하는 공정"): a word so ending is no
/// subject, though it ends in 는 like one.
const MODIFIER_ENDINGS: &[&str] = &["하는", "되는", "있는", "없는", "않는", "오는", "가는"];

/// The units of one sentence: the sentence itself, or each of its independent clauses
/// made a sentence of its own, in order.
///
/// `year` is the article's year, if known: a clause that names an earlier one ("2014년
/// XR 시장에 진출해") is in the past.
pub fn standalone_clauses(sentence: &str, glossary: &Glossary, year: Option<i32>) -> Vec<String> {
    let sentence = sentence.trim();
    let words: Vec<&str> = sentence.split_whitespace().collect();
    if !may_be_cut(sentence, &words) {
        return vec![sentence.to_string()];
    }
    let sentence_past = ends_in_past(&words);
    let mut clauses: Vec<Vec<String>> = Vec::new();
    let mut current: Vec<String> = Vec::new();
    for (index, word) in words.iter().enumerate() {
        let left = words.len() - index - 1;
        let past = sentence_past || current.iter().any(|word| says_past(word, year));
        let continued = words
            .get(index + 1)
            .is_some_and(|next| continues_the_verb(word, next));
        match ended_clause(word, past).filter(|_| !continued) {
            Some(ended) if current.len() + 1 >= MIN_CLAUSE_WORDS && left >= MIN_CLAUSE_WORDS => {
                current.push(ended);
                clauses.push(std::mem::take(&mut current));
            }
            _ => current.push(word.to_string()),
        }
    }
    clauses.push(current);
    if clauses.len() == 1 {
        return vec![sentence.to_string()];
    }
    let topic = topic_of(&clauses[0], glossary);
    clauses
        .into_iter()
        .enumerate()
        .map(|(index, clause)| {
            let text = clause.join(" ");
            match &topic {
                Some(topic) if index > 0 && !has_subject(&clause) => format!("{topic} {text}"),
                _ => text,
            }
        })
        .collect()
}

/// Whether nothing in the sentence speaks for all its clauses: no quotation (a remark
/// is one statement of its speaker's), no reported speech ("…했다고 밝혔다"), no plan,
/// expectation or hearsay.
fn may_be_cut(sentence: &str, words: &[&str]) -> bool {
    const QUOTES: &[char] = &['"', '“', '”', '「', '」', '『', '』'];
    const REPORTED_SPEECH: &[&str] = &["다고", "라고", "냐고", "자고", "다며", "라며"];
    words.len() >= 2 * MIN_CLAUSE_WORDS
        && !sentence.contains(QUOTES)
        && !words.iter().any(|word| {
            let bare = bare(word);
            REPORTED_SPEECH.iter().any(|ending| bare.ends_with(ending))
        })
        && !WHOLE_SENTENCE_MARKERS
            .iter()
            .any(|marker| sentence.contains(marker.as_str()))
}

/// A word without the punctuation around it.
fn bare(word: &str) -> &str {
    word.trim_matches(|c: char| !c.is_alphanumeric())
}

/// Whether the sentence's last verb is in the past ("…했다", "…있었다"; not "…있다").
fn ends_in_past(words: &[&str]) -> bool {
    let Some(last) = words.last().map(|word| bare(word)) else {
        return false;
    };
    let Some(stem) = last.strip_suffix('다') else {
        return false;
    };
    stem.chars()
        .last()
        .is_some_and(|syllable| syllable != '있' && has_past_mark(syllable))
}

/// Whether a syllable ends in ㅆ.
fn has_past_mark(syllable: char) -> bool {
    jamo(syllable).is_some_and(|(_, _, last)| last == FINAL_SSANG_SIOT)
}

/// Whether `next` is an auxiliary verb that goes on with `word`, a verb's 아/어 form
/// ("추진해 온"), so the two are one predicate.
fn continues_the_verb(word: &str, next: &str) -> bool {
    !word.ends_with([',', '，'])
        && CONTINUED_JOINTS.iter().any(|joint| word.ends_with(joint))
        && AUXILIARY_VERBS
            .iter()
            .any(|auxiliary| next.starts_with(auxiliary.as_str()))
}

/// Whether a word places its clause in the past: a past time word, or a year before
/// the article's ("2014년").
fn says_past(word: &str, year: Option<i32>) -> bool {
    let bare = bare(word);
    PAST_TIME_WORDS
        .iter()
        .any(|past| bare.starts_with(past.as_str()))
        || year.is_some_and(|year| {
            bare.split_once('년')
                .and_then(|(number, _)| number.parse::<i32>().ok())
                .is_some_and(|named| (1900..year).contains(&named))
        })
}

/// The word as the end of a clause made a sentence ("개발했고," → "개발했다."), when it
/// ends in a joint that may be cut here; `past` says which ending a joint with no
/// tense of its own takes.
fn ended_clause(word: &str, past: bool) -> Option<String> {
    let before_comma = word.ends_with([',', '，']);
    let body = word.trim_end_matches([',', '，']);
    if NOT_JOINTS.iter().any(|not| body.ends_with(not.as_str())) {
        return None;
    }
    JOINTS
        .iter()
        .filter(|joint| !joint.only_before_comma || before_comma)
        .find_map(|joint| with_ending(body, joint, past))
        .map(|ended| format!("{ended}."))
}

/// `body` with its joint replaced by the joint's ending, if it ends in that joint and
/// keeps a stem before it.
fn with_ending(body: &str, joint: &Joint, past: bool) -> Option<String> {
    match joint.joint.strip_prefix(PAST_SYLLABLE) {
        Some(rest) => {
            let stem = body.strip_suffix(rest)?;
            let syllable = stem.chars().last()?;
            let ending = joint.past.strip_prefix(PAST_SYLLABLE)?;
            has_past_mark(syllable).then(|| format!("{stem}{ending}"))
        }
        None => {
            let stem = body.strip_suffix(joint.joint.as_str())?;
            let ending = if past { &joint.past } else { &joint.present };
            (stem.chars().count() >= MIN_STEM_SYLLABLES && stem.chars().all(|c| jamo(c).is_some()))
                .then(|| format!("{stem}{ending}"))
        }
    }
}

/// The first clause's topic ("메타는", "조주완 LG전자 사장은") when it names someone the
/// glossary knows: the first word in 은/는, with the names and titles right before it.
fn topic_of(clause: &[String], glossary: &Glossary) -> Option<String> {
    let at = clause.iter().position(|word| is_topic_word(word))?;
    let names = |word: &str| {
        glossary
            .entries
            .iter()
            .any(|entry| word.contains(entry.korean.as_str()))
    };
    let mut start = at;
    while start > 0 && names(&clause[start - 1]) && !ends_in_particle(&clause[start - 1]) {
        start -= 1;
    }
    let phrase = &clause[start..=at];
    phrase
        .iter()
        .any(|word| names(word))
        .then(|| phrase.join(" "))
}

/// Whether a word ends in the topic particle 은/는 (and is not a verb before a noun).
fn is_topic_word(word: &str) -> bool {
    let word = word.trim_end_matches([',', '，']);
    (word.ends_with('은') || word.ends_with('는'))
        && word.chars().count() > 1
        && !MODIFIER_ENDINGS.iter().any(|ending| word.ends_with(ending))
}

/// Whether a word ends in a case particle or a verb ending, so that it is no part of
/// the name phrase after it ("삼성과", "만난").
fn ends_in_particle(word: &str) -> bool {
    const PARTICLES: &[char] = &[
        '은', '는', '이', '가', '을', '를', '과', '와', '의', '에', '도',
    ];
    word.trim_end_matches([',', '，'])
        .ends_with(|c: char| PARTICLES.contains(&c) || c == '한' || c == '던')
}

/// Whether a clause names its own subject: any word in 은/는/이/가 that is not a verb
/// before a noun. Cautious on purpose: a clause that might have one is left as it is.
fn has_subject(clause: &[String]) -> bool {
    clause.iter().any(|word| {
        let word = bare(word);
        ["은", "는", "이", "가"]
            .iter()
            .any(|particle| word.ends_with(particle))
            && !MODIFIER_ENDINGS.iter().any(|ending| word.ends_with(ending))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glossary() -> Glossary {
        Glossary::extract("삼성 메타 삼성전자 조주완 LG전자 사장")
    }

    #[test]
    fn joined_facts_become_sentences_and_share_the_named_topic() {
        assert_eq!(
            standalone_clauses(
                "삼성은 최근 HBM3를 개발했고, HBM과 PIM을 통합한 공정을 가동하고 있다.",
                &glossary(),
                Some(2024)
            ),
            [
                "삼성은 최근 HBM3를 개발했다.",
                "삼성은 HBM과 PIM을 통합한 공정을 가동하고 있다."
            ]
        );
    }

    #[test]
    fn a_later_clause_with_its_own_subject_keeps_it() {
        assert_eq!(
            standalone_clauses(
                "메타는 지난해 퀘스트3를 출시했지만, 애플이 최근 비전 프로를 내놓았다.",
                &glossary(),
                Some(2024)
            ),
            [
                "메타는 지난해 퀘스트3를 출시했다.",
                "애플이 최근 비전 프로를 내놓았다."
            ]
        );
    }

    #[test]
    fn a_topic_the_glossary_does_not_name_is_not_repeated() {
        assert_eq!(
            standalone_clauses(
                "그 회사는 공장을 새로 지었고, 직원 300명을 더 뽑았다.",
                &glossary(),
                Some(2024)
            ),
            ["그 회사는 공장을 새로 지었다.", "직원 300명을 더 뽑았다."]
        );
    }

    #[test]
    fn a_joint_without_its_own_tense_takes_the_sentence_s_or_its_clause_s_past() {
        let cut = |sentence: &str| standalone_clauses(sentence, &glossary(), Some(2024));
        assert_eq!(
            cut("메타는 삼성을 방문해 여러 협력을 논의하고, 공장 두 곳을 둘러봤다."),
            [
                "메타는 삼성을 방문했다.",
                "메타는 여러 협력을 논의했다.",
                "메타는 공장 두 곳을 둘러봤다."
            ]
        );
        assert_eq!(
            cut("메타는 XR 기기를 직접 개발하며 LG전자와 협력을 넓히고 있다."),
            [
                "메타는 XR 기기를 직접 개발한다.",
                "메타는 LG전자와 협력을 넓히고 있다."
            ]
        );
        assert_eq!(
            cut("메타는 지난해 말 퀘스트3를 출시하며 애플과 치열한 경쟁을 벌이고 있다."),
            [
                "메타는 지난해 말 퀘스트3를 출시했다.",
                "메타는 애플과 치열한 경쟁을 벌이고 있다."
            ]
        );
        assert_eq!(
            cut("메타는 2014년 XR 기기 시장에 진출해 헤드셋 여러 종을 내놓고 있다.")[0],
            "메타는 2014년 XR 기기 시장에 진출했다."
        );
        let no_comma = "메타는 삼성과 협력을 논의하고 공장 두 곳을 둘러봤다.";
        assert_eq!(cut(no_comma), [no_comma]);
    }

    #[test]
    fn a_noun_postposition_or_continued_verb_that_ends_like_a_joint_is_not_cut() {
        for sentence in [
            "당국은 이번 홍수의 인명피해 규모를 정밀하게 다시 조사하고 있다.",
            "정부는 이번 조치를 통해 주민 300명을 새로 지원하고 있다.",
            "청운에너지가 캐나다 업체와 추진해 온 새만금 공장 건설을 보류했다.",
        ] {
            assert_eq!(
                standalone_clauses(sentence, &glossary(), Some(2024)),
                [sentence]
            );
        }
    }

    #[test]
    fn plans_hearsay_quotes_and_reported_speech_are_never_cut() {
        for sentence in [
            "메타는 공장을 새로 지었고, 내년에 직원 300명을 뽑을 계획이다.",
            "메타는 공장을 새로 지었고, 직원 300명을 더 뽑은 것으로 알려졌다.",
            "메타는 공장을 새로 지었고, 직원을 “더 뽑겠다”고 말했다.",
            "메타는 공장을 새로 지었고, 직원 300명을 더 뽑았다고 밝혔다.",
        ] {
            assert_eq!(
                standalone_clauses(sentence, &glossary(), Some(2024)),
                [sentence]
            );
        }
    }

    #[test]
    fn the_names_and_title_before_a_topic_go_with_it() {
        assert_eq!(
            standalone_clauses(
                "조주완 LG전자 사장은 27일 메타 측과 만났고, 양사는 XR 협력 방안을 논의했다.",
                &glossary(),
                Some(2024)
            ),
            [
                "조주완 LG전자 사장은 27일 메타 측과 만났다.",
                "양사는 XR 협력 방안을 논의했다."
            ]
        );
        assert_eq!(
            standalone_clauses(
                "조주완 LG전자 사장은 27일 메타 측과 만났고, XR 협력 방안을 논의했다.",
                &glossary(),
                Some(2024)
            )[1],
            "조주완 LG전자 사장은 XR 협력 방안을 논의했다."
        );
    }

    #[test]
    fn a_clause_too_short_to_be_a_statement_stays_joined() {
        let sentence = "메타는 계약을 맺었고, 공장을 지었다.";
        assert_eq!(
            standalone_clauses(sentence, &glossary(), Some(2024)),
            [sentence]
        );
    }

    #[test]
    fn the_joints_file_parses() {
        assert!(JOINTS.len() >= 4);
        assert!(JOINTS
            .iter()
            .any(|joint| joint.joint.starts_with(PAST_SYLLABLE)));
    }
}
