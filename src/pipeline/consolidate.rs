//! The reduce step: one brief across all articles. The English part is generated from
//! the verified summaries, each bullet citing its articles; the Korean part is built
//! from the Korean source sentences behind each English bullet rather than
//! back-translated, so it can be no less faithful than the sources.

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

use super::attribution::misattributed_people;
use super::glossary::Glossary;
use super::prompts::brief_prompt;
use super::summarize::{complete_lines, parse_bullets, same_claim, DroppedClaim};
use super::translate::TranslatedUnit;
use super::verify::{content_words, overlap, untraceable_details};
use super::{hangul_ratio, ModelUsage, PipelineSettings};
use crate::model::generate::TextGenerator;
use crate::model::ModelError;

/// What the brief needs to know of one summarized article.
#[derive(Debug, Clone, Copy)]
pub struct BriefArticle<'a> {
    /// The article's citation number, from 1.
    pub number: usize,
    /// English title (may be empty).
    pub title: &'a str,
    /// Date as stated in the article.
    pub date: Option<&'a str>,
    /// Verified summary bullets.
    pub bullets: &'a [String],
    /// Translated units, for evidence and for the Korean sentences behind claims.
    pub units: &'a [TranslatedUnit],
}

/// One statement of the brief and the articles it rests on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CitedClaim {
    /// The statement, without citation markers.
    pub text: String,
    /// Citation numbers of its articles, ascending.
    pub sources: Vec<usize>,
}

/// The consolidated brief in both languages.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Brief {
    /// English statements, each citing its articles.
    pub english: Vec<CitedClaim>,
    /// Korean statements: the source sentences behind the English ones.
    pub korean: Vec<CitedClaim>,
    /// Generated statements the checks removed.
    pub dropped: Vec<DroppedClaim>,
}

static CITATION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[(\d+(?:\s*[,;]\s*\d+)*)\]").expect("literal regex"));

/// Article numbers written as a label before the claim ("1, 2, 3: Meta met LG."), as
/// the small model sometimes cites (at most two digits: "2014: …" is a year).
static LEADING_CITATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(\d{1,2}(?:\s*,\s*\d{1,2})*)\s*:\s+").expect("literal regex")
});

/// Write the brief from the summarized articles.
pub fn consolidate(
    generator: &mut dyn TextGenerator,
    articles: &[BriefArticle<'_>],
    glossary: &Glossary,
    settings: &PipelineSettings,
    usage: &mut ModelUsage,
) -> Result<Brief, ModelError> {
    let mut brief = Brief::default();
    if articles.is_empty() {
        return Ok(brief);
    }
    let summaries = articles
        .iter()
        .map(summary_block)
        .collect::<Vec<_>>()
        .join("\n\n");
    let generation = generator.generate(
        &brief_prompt(&summaries, settings.brief_bullets),
        settings.answer_max_tokens,
    )?;
    usage.record(&generation);
    for bullet in parse_bullets(&complete_lines(&generation)) {
        let bullet = glossary.apply(&bullet);
        let checked = check_claim(&bullet, articles, glossary).and_then(|claim| {
            if brief
                .english
                .iter()
                .any(|kept| same_claim(&kept.text, &claim.text))
            {
                Err("repeats an earlier bullet".to_string())
            } else if brief.english.len() >= settings.brief_bullets {
                Err("over the length budget".to_string())
            } else {
                Ok(claim)
            }
        });
        match checked {
            Ok(claim) => brief.english.push(claim),
            Err(reason) => brief.dropped.push(DroppedClaim {
                text: bullet,
                reason,
            }),
        }
    }
    add_uncovered_articles(&mut brief.english, articles);
    brief.korean = korean_claims(&brief.english, articles);
    Ok(brief)
}

/// An article as the brief prompt shows it: "[n] Title (date)" then its bullets.
fn summary_block(article: &BriefArticle<'_>) -> String {
    let mut block = format!("[{}] {}", article.number, article.title);
    if let Some(date) = article.date {
        block.push_str(&format!(" ({date})"));
    }
    for bullet in article.bullets {
        block.push_str("\n- ");
        block.push_str(bullet);
    }
    block
}

/// Split citation markers off a generated bullet, attribute it, and check that its
/// details are in the articles it cites.
fn check_claim(
    bullet: &str,
    articles: &[BriefArticle<'_>],
    glossary: &Glossary,
) -> Result<CitedClaim, String> {
    if hangul_ratio(bullet) > 0.05 {
        return Err("not in English".to_string());
    }
    let (text, cited) = split_citations(bullet);
    // The model drops the full stop before a citation ("… level [1]").
    let text = if text.ends_with(['.', '!', '?', '"', '”', '\'', '’', ')']) {
        text
    } else {
        format!("{text}.")
    };
    let mut sources = supporting_citations(&text, &cited, articles);
    if sources.is_empty() {
        sources = best_matching_article(&text, articles).into_iter().collect();
    }
    sources.extend(restating_articles(&text, articles));
    sources.sort_unstable();
    sources.dedup();
    if sources.is_empty() {
        return Err("cites no article and matches none".to_string());
    }
    let evidence = articles
        .iter()
        .filter(|article| sources.contains(&article.number))
        .map(article_evidence)
        .collect::<Vec<_>>()
        .join("\n");
    let missing = untraceable_details(&text, &evidence, glossary);
    if !missing.is_empty() {
        return Err(format!("not in the cited articles: {}", missing.join(", ")));
    }
    let misattributed = misattributed_people(&text, glossary);
    if !misattributed.is_empty() {
        return Err(format!("wrong organization: {}", misattributed.join(", ")));
    }
    Ok(CitedClaim { text, sources })
}

/// The cited articles that share at least half of the claim's content words. The small
/// model cites every article for a claim drawn from one ("[1][2]"); a citation must
/// point an analyst at an article that says it, so the others are dropped (and the
/// claim is re-attributed by its words when none is left).
fn supporting_citations(text: &str, cited: &[usize], articles: &[BriefArticle<'_>]) -> Vec<usize> {
    const MIN_SUPPORT: f64 = 0.5;
    let claim = content_words(text);
    articles
        .iter()
        .filter(|article| cited.contains(&article.number))
        .filter(|article| overlap(&claim, &article_evidence(article)) >= MIN_SUPPORT)
        .map(|article| article.number)
        .collect()
}

/// The text a claim citing this article may draw on.
fn article_evidence(article: &BriefArticle<'_>) -> String {
    let units = article
        .units
        .iter()
        .map(|unit| unit.english.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    format!(
        "{}\n{}\n{}\n{units}",
        article.title,
        article.date.unwrap_or_default(),
        article.bullets.join("\n")
    )
}

/// The bullet without its citation markers, and the numbers it cites (sorted, unique).
pub fn split_citations(bullet: &str) -> (String, Vec<usize>) {
    let bullet = LEADING_CITATION.replace(bullet, "[$1] ");
    let bullet = bullet.as_ref();
    let mut numbers: Vec<usize> = CITATION
        .captures_iter(bullet)
        .flat_map(|captures| {
            captures[1]
                .split([',', ';'])
                .filter_map(|number| number.trim().parse().ok())
                .collect::<Vec<usize>>()
        })
        .collect();
    numbers.sort_unstable();
    numbers.dedup();
    let text = CITATION.replace_all(bullet, "");
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let text = text
        .replace(" .", ".")
        .replace(" ,", ",")
        .trim_end_matches([' ', ','])
        .to_string();
    (text, numbers)
}

/// The articles whose title or one summary bullet the claim restates nearly word for
/// word: the model copies a bullet and cites another article that merely shares its
/// names, and an analyst following the citation must find the claim.
fn restating_articles(text: &str, articles: &[BriefArticle<'_>]) -> Vec<usize> {
    const RESTATED: f64 = 0.8;
    let claim = content_words(text);
    articles
        .iter()
        .filter(|article| {
            std::iter::once(article.title)
                .chain(article.bullets.iter().map(String::as_str))
                .any(|line| overlap(&claim, line) >= RESTATED)
        })
        .map(|article| article.number)
        .collect()
}

/// The article whose summary shares most of the claim's words, if it shares enough.
fn best_matching_article(text: &str, articles: &[BriefArticle<'_>]) -> Option<usize> {
    const MIN_OVERLAP: f64 = 0.5;
    let claim = content_words(text);
    articles
        .iter()
        .map(|article| (article.number, overlap(&claim, &article.bullets.join(" "))))
        .filter(|(_, score)| *score >= MIN_OVERLAP)
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(number, _)| number)
}

/// Every article should be represented: for one the brief does not cite, add its
/// first summary bullet.
fn add_uncovered_articles(claims: &mut Vec<CitedClaim>, articles: &[BriefArticle<'_>]) {
    for article in articles {
        let cited = claims
            .iter()
            .any(|claim| claim.sources.contains(&article.number));
        if let (false, Some(first)) = (cited, article.bullets.first()) {
            claims.push(CitedClaim {
                text: first.clone(),
                sources: vec![article.number],
            });
        }
    }
}

/// For each English claim, the Korean source sentence that best matches it among the
/// cited articles; a sentence used once is not repeated.
fn korean_claims(english: &[CitedClaim], articles: &[BriefArticle<'_>]) -> Vec<CitedClaim> {
    let mut korean: Vec<CitedClaim> = Vec::new();
    for claim in english {
        let words = content_words(&claim.text);
        let best = articles
            .iter()
            .filter(|article| claim.sources.contains(&article.number))
            .flat_map(|article| {
                let words = &words;
                article
                    .units
                    .iter()
                    .map(move |unit| (article.number, unit, overlap(words, &unit.english)))
            })
            .filter(|(_, _, score)| *score > 0.0)
            .max_by(|a, b| a.2.total_cmp(&b.2));
        if let Some((number, unit, _)) = best {
            match korean.iter_mut().find(|kept| kept.text == unit.korean) {
                Some(kept) if !kept.sources.contains(&number) => {
                    kept.sources.push(number);
                    kept.sources.sort_unstable();
                }
                Some(_) => {}
                None => korean.push(CitedClaim {
                    text: unit.korean.clone(),
                    sources: vec![number],
                }),
            }
        }
    }
    korean
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(korean: &str, english: &str) -> TranslatedUnit {
        TranslatedUnit {
            paragraph: 0,
            korean: korean.to_string(),
            english: english.to_string(),
            rejected: None,
        }
    }

    #[test]
    fn citations_in_every_style_are_split_off() {
        assert_eq!(
            split_citations("Meta met LG [1][3]."),
            ("Meta met LG.".to_string(), vec![1, 3])
        );
        assert_eq!(
            split_citations("Meta met LG. [2, 1]"),
            ("Meta met LG.".to_string(), vec![1, 2])
        );
        assert_eq!(
            split_citations("1, 3: Meta met LG."),
            ("Meta met LG.".to_string(), vec![1, 3])
        );
        assert_eq!(
            split_citations("2014: Samsung made a headset."),
            ("2014: Samsung made a headset.".to_string(), vec![])
        );
        assert_eq!(
            split_citations("No sources."),
            ("No sources.".to_string(), vec![])
        );
    }

    #[test]
    fn claims_are_checked_against_the_articles_they_cite() {
        let bullets = vec!["Zuckerberg met Cho Joo-wan of LG.".to_string()];
        let units = vec![unit(
            "저커버그는 조주완 사장을 만났다.",
            "Zuckerberg met Cho Joo-wan.",
        )];
        let articles = [BriefArticle {
            number: 1,
            title: "Meta and LG",
            date: Some("2024-02-28"),
            bullets: &bullets,
            units: &units,
        }];
        let glossary = Glossary::default();
        let claim = check_claim("Zuckerberg met Cho Joo-wan [1].", &articles, &glossary).unwrap();
        assert_eq!(claim.sources, vec![1]);
        assert!(check_claim("Zuckerberg met President Moon [1].", &articles, &glossary).is_err());
        // An uncited claim is attributed by its words.
        let claim = check_claim("Zuckerberg met Cho Joo-wan.", &articles, &glossary).unwrap();
        assert_eq!(claim.sources, vec![1]);
        // A full stop the model left out before the citation is put back.
        let claim = check_claim("Zuckerberg met Cho Joo-wan [1]", &articles, &glossary).unwrap();
        assert_eq!(claim.text, "Zuckerberg met Cho Joo-wan.");
    }

    #[test]
    fn a_claim_copied_from_an_uncited_article_cites_it_too() {
        let expected = vec!["Zuckerberg is expected to meet Cho Joo-wan of LG.".to_string()];
        let reported = vec!["Zuckerberg met Cho Joo-wan of LG at the Twin Tower.".to_string()];
        let articles = [
            BriefArticle {
                number: 1,
                title: "Zuckerberg to visit",
                date: None,
                bullets: &expected,
                units: &[],
            },
            BriefArticle {
                number: 2,
                title: "Zuckerberg visits LG",
                date: None,
                bullets: &reported,
                units: &[],
            },
        ];
        let claim = check_claim(
            "Zuckerberg met Cho Joo-wan of LG at the Twin Tower [1].",
            &articles,
            &Glossary::default(),
        )
        .unwrap();
        assert_eq!(claim.sources, vec![1, 2]);
    }

    #[test]
    fn a_citation_stays_only_on_articles_that_say_the_claim() {
        let hyundai_bullets =
            vec!["Hyundai will invest 2 trillion won in a new factory.".to_string()];
        let hyundai_units = vec![unit(
            "새 공장에는 약 2조원이 투입된다.",
            "About 2 trillion won will be invested in the new factory.",
        )];
        let bank_bullets = vec!["The Bank of Korea kept its base rate at 3.50%.".to_string()];
        let bank_units = vec![unit(
            "기준금리를 연 3.50%로 유지했다.",
            "The base rate was kept at 3.50% a year.",
        )];
        let articles = [
            BriefArticle {
                number: 1,
                title: "Bank of Korea holds rate",
                date: None,
                bullets: &bank_bullets,
                units: &bank_units,
            },
            BriefArticle {
                number: 2,
                title: "Hyundai builds an EV plant",
                date: None,
                bullets: &hyundai_bullets,
                units: &hyundai_units,
            },
        ];
        let glossary = Glossary::default();
        let claim = check_claim(
            "Hyundai will invest 2 trillion won in a new factory [1][2].",
            &articles,
            &glossary,
        )
        .unwrap();
        assert_eq!(claim.sources, vec![2]);
        // Cited to the wrong article only: attributed to the one that says it.
        let claim = check_claim(
            "The Bank of Korea kept the base rate at 3.50% [2].",
            &articles,
            &glossary,
        )
        .unwrap();
        assert_eq!(claim.sources, vec![1]);
    }

    #[test]
    fn korean_lines_are_the_source_sentences_behind_the_claims() {
        let bullets = vec!["LG will launch an XR device next year.".to_string()];
        let units = vec![
            unit("메타가 방한했다.", "Meta visited Korea."),
            unit(
                "LG는 내년 XR 기기를 출시한다.",
                "LG will launch an XR device next year.",
            ),
        ];
        let articles = [BriefArticle {
            number: 2,
            title: "",
            date: None,
            bullets: &bullets,
            units: &units,
        }];
        let english = vec![CitedClaim {
            text: "LG plans an XR device next year.".to_string(),
            sources: vec![2],
        }];
        let korean = korean_claims(&english, &articles);
        assert_eq!(korean.len(), 1);
        assert_eq!(korean[0].text, "LG는 내년 XR 기기를 출시한다.");
        assert_eq!(korean[0].sources, vec![2]);
    }

    #[test]
    fn uncited_articles_get_their_first_bullet() {
        let bullets = vec!["First.".to_string(), "Second.".to_string()];
        let articles = [BriefArticle {
            number: 3,
            title: "",
            date: None,
            bullets: &bullets,
            units: &[],
        }];
        let mut claims = Vec::new();
        add_uncovered_articles(&mut claims, &articles);
        assert_eq!(
            claims,
            vec![CitedClaim {
                text: "First.".to_string(),
                sources: vec![3]
            }]
        );
    }
}
