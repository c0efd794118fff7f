//! The reduce step: one brief across all articles. The English part restates the
//! verified summaries theme by theme ([`super::themes`]), each statement citing every
//! article that says it; the Korean part is built from the Korean source sentences
//! behind each English statement rather than back-translated, so it can be no less
//! faithful than the sources.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::attribution::misattributed_people;
use super::glossary::Glossary;
use super::sections::{self, Sections, Statement};
use super::summarize::{details, same_claim, word_count, DroppedClaim};
use super::themes::{group_into_themes, BulletRef, Theme};
use super::translate::TranslatedUnit;
use super::verify::{content_words, first_named_day, is_hedged, overlap, untraceable_details};
use super::PipelineSettings;

/// What the brief needs to know of one summarized article.
#[derive(Debug, Clone, Copy)]
pub struct BriefArticle<'a> {
    /// The article's citation number, from 1.
    pub number: usize,
    /// English title (may be empty).
    pub title: &'a str,
    /// Date as stated in the article.
    pub date: Option<&'a str>,
    /// Verified claims of its summary: its title (the first verified sentence), then
    /// its bullets.
    pub bullets: &'a [String],
    /// Translated units, for evidence and for the Korean sentences behind claims.
    pub units: &'a [TranslatedUnit],
    /// The headline in Korean, as the page gives it: what a sentence that leaves its
    /// subject unsaid ("이 사업", "양사는") is about.
    pub headline: Option<&'a str>,
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
    /// Every statement in both languages with its evidence, dates and supersession
    /// links: what the sections refer to by id.
    #[serde(default)]
    pub statements: Vec<Statement>,
    /// The brief's sections (lead, key developments, timeline, what changed, outlook).
    #[serde(default)]
    pub sections: Sections,
}

/// Write the brief from the summarized articles: group their bullets into themes, say
/// each theme once by its most central bullet, cited to every article that says it, and
/// keep the themes that most articles report and that add most to what the brief
/// already says. The brief restates verified bullets rather than asking the model to
/// combine them: the small model, combining, joined events years apart (a 2013 visit
/// and a 2024 dinner) into one sentence, which no check of names and numbers catches.
pub fn consolidate(
    articles: &[BriefArticle<'_>],
    glossary: &Glossary,
    settings: &PipelineSettings,
) -> Brief {
    let mut brief = Brief::default();
    let themes = group_into_themes(
        &articles
            .iter()
            .map(|article| (article.number, article.bullets))
            .collect::<Vec<_>>(),
    );
    for theme in ranked_themes(&themes, articles, settings.brief_bullets) {
        let central = bullet_text(articles, &theme.members[0]);
        let text = glossary.apply(central);
        let mut claim = match check_claim(&text, &theme.articles(), articles, glossary) {
            Ok(claim) => claim,
            Err(reason) => {
                brief.dropped.push(DroppedClaim { text, reason });
                continue;
            }
        };
        if let Some((note, sources)) = update_note(theme, &claim.text, articles) {
            claim.text = format!("{} ({note}).", claim.text.trim_end_matches('.'));
            claim.sources.extend(sources);
            claim.sources.sort_unstable();
            claim.sources.dedup();
        }
        if brief
            .english
            .iter()
            .any(|kept| same_claim(&kept.text, &claim.text))
        {
            brief.dropped.push(DroppedClaim {
                text: claim.text,
                reason: "repeats an earlier bullet".to_string(),
            });
        } else {
            brief.english.push(claim);
        }
    }
    let ranked = brief.english.len();
    add_uncovered_articles(&mut brief.english, articles);
    brief.dropped.extend(within_word_budget(
        &mut brief.english,
        ranked,
        settings.brief_max_words,
    ));
    let (statements, sections, over_budget) =
        sections::build(&brief.english, articles, settings.brief_max_words);
    brief.dropped.extend(over_budget);
    brief.english = statements
        .iter()
        .map(|statement| CitedClaim {
            text: statement.english.clone(),
            sources: statement.sources.clone(),
        })
        .collect();
    brief.statements = statements;
    brief.sections = sections;
    in_timeline_order(&mut brief.english, articles);
    brief.korean = korean_claims(&brief.english, articles);
    brief
}

/// Where a theme's articles came out on different days and the earliest reports as
/// expected what the latest states without hedging, a note saying so (and the two
/// articles to cite): the analyst sees that a later article updates an earlier one.
/// Only members whose bullet says the claim count: a theme also gathers bullets that
/// merely share words with it, and a note must not cite an article of another story.
fn update_note(
    theme: &Theme,
    claim: &str,
    articles: &[BriefArticle<'_>],
) -> Option<(String, [usize; 2])> {
    const SAYS_THE_CLAIM: f64 = 0.5;
    let claim_words = content_words(claim);
    let dated: Vec<(&str, usize, &str)> = theme
        .members
        .iter()
        .filter(|member| overlap(&claim_words, bullet_text(articles, member)) >= SAYS_THE_CLAIM)
        .filter_map(|member| {
            let article = articles
                .iter()
                .find(|article| article.number == member.article)?;
            Some((article.date?, article.number, bullet_text(articles, member)))
        })
        .collect();
    let earliest = dated.iter().min_by_key(|(date, ..)| *date)?;
    let latest = dated.iter().max_by_key(|(date, ..)| *date)?;
    (earliest.0 < latest.0 && is_hedged(earliest.2) && !is_hedged(latest.2)).then(|| {
        (
            format!(
                "[{}], on {}, reported this beforehand as expected; [{}], on {}, reports it as fact",
                earliest.1, earliest.0, latest.1, latest.0
            ),
            [earliest.1, latest.1],
        )
    })
}

/// Put the claims that name a day in the order of their days, in the places such
/// claims hold; the others keep their rank. A day without a month takes the month of
/// the earliest dated article the claim cites.
fn in_timeline_order(claims: &mut [CitedClaim], articles: &[BriefArticle<'_>]) {
    let day_of = |claim: &CitedClaim| -> Option<(usize, usize)> {
        let named = first_named_day(&claim.text)?;
        let month = named.month.unwrap_or_else(|| {
            articles
                .iter()
                .filter(|article| claim.sources.contains(&article.number))
                .filter_map(|article| article.date)
                .min()
                .and_then(|date| date.split('-').nth(1))
                .and_then(|month| month.parse().ok())
                .unwrap_or(0)
        });
        Some((month, named.day))
    };
    let slots: Vec<usize> = (0..claims.len())
        .filter(|&index| day_of(&claims[index]).is_some())
        .collect();
    let mut dated: Vec<CitedClaim> = slots.iter().map(|&index| claims[index].clone()).collect();
    dated.sort_by_key(|claim| day_of(claim));
    for (slot, claim) in slots.into_iter().zip(dated) {
        claims[slot] = claim;
    }
}

/// The themes the brief states, in the order it states them, at most `limit`: each
/// round takes the theme whose articles, beyond the first, and whose central bullet's
/// details not yet told weigh most (an article more counts as [`ARTICLE_WEIGHT`] new
/// details), so that what most articles report leads and the rest adds news.
fn ranked_themes<'t>(
    themes: &'t [Theme],
    articles: &[BriefArticle<'_>],
    limit: usize,
) -> Vec<&'t Theme> {
    const ARTICLE_WEIGHT: usize = 3;
    let mut left: Vec<(&Theme, HashSet<String>)> = themes
        .iter()
        .map(|theme| (theme, details(bullet_text(articles, &theme.members[0]))))
        .collect();
    let mut told = HashSet::new();
    let mut ranked = Vec::new();
    while ranked.len() < limit && !left.is_empty() {
        let value = |(theme, central): &(&Theme, HashSet<String>)| {
            (theme.members.len() - 1) * ARTICLE_WEIGHT + central.difference(&told).count()
        };
        let best = (0..left.len())
            .rev()
            .max_by_key(|&index| value(&left[index]))
            .unwrap_or(0);
        let (theme, central) = left.remove(best);
        told.extend(central);
        ranked.push(theme);
    }
    ranked
}

/// The text of one bullet of the batch.
fn bullet_text<'a>(articles: &[BriefArticle<'a>], member: &BulletRef) -> &'a str {
    articles
        .iter()
        .find(|article| article.number == member.article)
        .and_then(|article| article.bullets.get(member.index))
        .map_or("", String::as_str)
}

/// Cite a theme's statement to the articles among `cited` that say it (and any whose
/// bullet restates it), and check that its details are in those articles.
fn check_claim(
    text: &str,
    cited: &[usize],
    articles: &[BriefArticle<'_>],
    glossary: &Glossary,
) -> Result<CitedClaim, String> {
    let text = if text.ends_with(['.', '!', '?', '"', '”', '\'', '’', ')']) {
        text.to_string()
    } else {
        format!("{text}.")
    };
    let mut sources = supporting_citations(&text, cited, articles);
    sources.extend(restating_articles(&text, articles));
    sources.sort_unstable();
    sources.dedup();
    if sources.is_empty() {
        return Err("no cited article says it".to_string());
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

/// The cited articles with one sentence that shares at least half of the claim's
/// content words (and, for a claim stated as fact, does not merely expect it), and that
/// give all its names and numbers themselves: a theme gathers bullets that share rare
/// words, not always the whole claim, and a citation must point an analyst at an article
/// that says it ("Sam Altman visited South Korea" is not cited to an article about
/// Zuckerberg's visit alone, "Zuckerberg had dinner with Lee" not to one written before
/// the visit that expected them to meet).
fn supporting_citations(text: &str, cited: &[usize], articles: &[BriefArticle<'_>]) -> Vec<usize> {
    const MIN_SUPPORT: f64 = 0.5;
    let claim = content_words(text);
    let claim_is_fact = !is_hedged(text);
    let no_glossary = Glossary::default();
    articles
        .iter()
        .filter(|article| cited.contains(&article.number))
        .filter(|article| {
            let says_it = article_lines(article).any(|line| {
                overlap(&claim, line) >= MIN_SUPPORT && !(claim_is_fact && is_hedged(line))
            });
            says_it
                && untraceable_details(text, &article_evidence(article), &no_glossary).is_empty()
        })
        .map(|article| article.number)
        .collect()
}

/// The English lines of an article: its title, its bullets and its translated units.
fn article_lines<'a>(article: &'a BriefArticle<'a>) -> impl Iterator<Item = &'a str> {
    std::iter::once(article.title)
        .chain(article.bullets.iter().map(String::as_str))
        .chain(article.units.iter().map(|unit| unit.english.as_str()))
        .filter(|line| !line.trim().is_empty())
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

/// The articles whose title or one summary bullet the claim restates nearly word for
/// word: they say it too, whether or not their bullet joined the theme.
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

/// Keep the brief within `max_words`: drop the lowest-ranked theme statements (the
/// first `ranked` claims are in rank order) whose articles another statement still
/// cites, then, if need be, any from the end. Returns what was dropped.
fn within_word_budget(
    claims: &mut Vec<CitedClaim>,
    ranked: usize,
    max_words: usize,
) -> Vec<DroppedClaim> {
    let words = |claims: &[CitedClaim]| -> usize {
        claims.iter().map(|claim| word_count(&claim.text) + 1).sum()
    };
    let mut dropped = Vec::new();
    let mut ranked = ranked.min(claims.len());
    while words(claims) > max_words && !claims.is_empty() {
        let covered_elsewhere = |index: usize| {
            claims[index].sources.iter().all(|source| {
                claims
                    .iter()
                    .enumerate()
                    .any(|(other, claim)| other != index && claim.sources.contains(source))
            })
        };
        let index = (0..ranked)
            .rev()
            .find(|&index| covered_elsewhere(index))
            .unwrap_or(claims.len() - 1);
        if index < ranked {
            ranked -= 1;
        }
        let claim = claims.remove(index);
        dropped.push(DroppedClaim {
            text: claim.text,
            reason: "over the brief's word budget".to_string(),
        });
    }
    dropped
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
            english: english.to_string(),
            ..TranslatedUnit::untranslated(0, korean)
        }
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
            headline: None,
        }];
        let glossary = Glossary::default();
        let claim = check_claim("Zuckerberg met Cho Joo-wan.", &[1], &articles, &glossary).unwrap();
        assert_eq!(claim.sources, vec![1]);
        assert!(check_claim("Zuckerberg met President Moon.", &[1], &articles, &glossary).is_err());
        // A bullet without a full stop gets one.
        let claim = check_claim("Zuckerberg met Cho Joo-wan", &[1], &articles, &glossary).unwrap();
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
                headline: None,
            },
            BriefArticle {
                number: 2,
                title: "Zuckerberg visits LG",
                date: None,
                bullets: &reported,
                units: &[],
                headline: None,
            },
        ];
        // The cited article never names the Twin Tower: only the one that does is cited
        // for the claim that does.
        for (text, sources) in [
            ("Zuckerberg met Cho Joo-wan of LG.", vec![1, 2]),
            (
                "Zuckerberg met Cho Joo-wan of LG at the Twin Tower.",
                vec![2],
            ),
        ] {
            let claim = check_claim(text, &[1], &articles, &Glossary::default()).unwrap();
            assert_eq!(claim.sources, sources, "{text}");
        }
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
                headline: None,
            },
            BriefArticle {
                number: 2,
                title: "Hyundai builds an EV plant",
                date: None,
                bullets: &hyundai_bullets,
                units: &hyundai_units,
                headline: None,
            },
        ];
        let glossary = Glossary::default();
        let claim = check_claim(
            "Hyundai will invest 2 trillion won in a new factory.",
            &[1, 2],
            &articles,
            &glossary,
        )
        .unwrap();
        assert_eq!(claim.sources, vec![2]);
        // Cited to the wrong article only: attributed to the one whose bullet says it.
        let claim = check_claim(
            "The Bank of Korea kept the base rate at 3.50%.",
            &[2],
            &articles,
            &glossary,
        )
        .unwrap();
        assert_eq!(claim.sources, vec![1]);
    }

    #[test]
    fn an_article_that_only_expected_a_thing_does_not_support_it_as_done() {
        let done = vec!["Zuckerberg had dinner with Lee Jae-yong in Seoul.".to_string()];
        let done_units = vec![unit(
            "저커버그는 서울에서 이재용 회장과 만찬을 했다.",
            "Zuckerberg had dinner with Lee Jae-yong in Seoul.",
        )];
        let expected_units = vec![unit(
            "저커버그가 서울에서 이재용 회장과 만찬을 할 것으로 보인다.",
            "Zuckerberg is expected to have dinner with Lee Jae-yong in Seoul.",
        )];
        let articles = [
            BriefArticle {
                number: 1,
                title: "",
                date: Some("2024-02-29"),
                bullets: &done,
                units: &done_units,
                headline: None,
            },
            BriefArticle {
                number: 2,
                title: "",
                date: Some("2024-02-21"),
                bullets: &[],
                units: &expected_units,
                headline: None,
            },
        ];
        let claim = check_claim(&done[0], &[1, 2], &articles, &Glossary::default()).unwrap();
        assert_eq!(claim.sources, vec![1]);
    }

    #[test]
    fn a_citation_needs_the_claim_s_names_in_that_article() {
        let altman = vec!["Sam Altman visited South Korea last month.".to_string()];
        let zuckerberg = vec!["Mark Zuckerberg visited South Korea.".to_string()];
        let altman_units = vec![unit(
            "올트먼 CEO는 지난달 한국을 찾았다.",
            "Sam Altman visited South Korea last month.",
        )];
        let zuckerberg_units = vec![unit(
            "저커버그 CEO가 한국을 방문했다.",
            "Mark Zuckerberg visited South Korea.",
        )];
        let articles = [
            BriefArticle {
                number: 1,
                title: "Altman in Seoul",
                date: None,
                bullets: &altman,
                units: &altman_units,
                headline: None,
            },
            BriefArticle {
                number: 2,
                title: "Zuckerberg in Seoul",
                date: None,
                bullets: &zuckerberg,
                units: &zuckerberg_units,
                headline: None,
            },
        ];
        // Article 2 shares "visited South Korea" but never names Altman.
        let claim = check_claim(
            "Sam Altman visited South Korea.",
            &[1, 2],
            &articles,
            &Glossary::default(),
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
            headline: None,
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
            headline: None,
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

    #[test]
    fn a_later_article_stating_what_an_earlier_one_expected_is_noted() {
        let early = vec!["Zuckerberg is expected to meet President Yoon.".to_string()];
        let late = vec!["Zuckerberg met President Yoon for 30 minutes.".to_string()];
        let articles = [
            BriefArticle {
                number: 1,
                title: "",
                date: Some("2024-02-21"),
                bullets: &early,
                units: &[],
                headline: None,
            },
            BriefArticle {
                number: 2,
                title: "",
                date: Some("2024-02-29"),
                bullets: &late,
                units: &[],
                headline: None,
            },
        ];
        let theme = Theme {
            members: vec![
                BulletRef {
                    article: 2,
                    index: 0,
                },
                BulletRef {
                    article: 1,
                    index: 0,
                },
            ],
        };
        let claim = late[0].as_str();
        let (note, sources) = update_note(&theme, claim, &articles).unwrap();
        assert_eq!(
            note,
            "[1], on 2024-02-21, reported this beforehand as expected; \
             [2], on 2024-02-29, reports it as fact"
        );
        assert_eq!(sources, [1, 2]);
        // Both hedged, or the same day: nothing to note.
        let hedged = vec!["Zuckerberg may meet President Yoon.".to_string()];
        let articles = [
            articles[0],
            BriefArticle {
                bullets: &hedged,
                ..articles[1]
            },
        ];
        assert_eq!(update_note(&theme, claim, &articles), None);
        // A member whose bullet tells another story is not cited in the note.
        let other = vec!["Exports are expected to rise in six of the nine regions.".to_string()];
        let articles = [
            BriefArticle {
                bullets: &other,
                ..articles[0]
            },
            BriefArticle {
                bullets: &late,
                ..articles[1]
            },
        ];
        assert_eq!(update_note(&theme, claim, &articles), None);
    }

    #[test]
    fn claims_naming_days_are_put_in_timeline_order_in_their_places() {
        let claim = |text: &str| CitedClaim {
            text: text.to_string(),
            sources: vec![1],
        };
        let mut claims = vec![
            claim("He met Yoon on the 29th."),
            claim("Meta may order chips."),
            claim("He arrived on February 27."),
            claim("He met Cho on the 28th."),
        ];
        let articles = [BriefArticle {
            number: 1,
            title: "",
            date: Some("2024-02-29"),
            bullets: &[],
            units: &[],
            headline: None,
        }];
        in_timeline_order(&mut claims, &articles);
        let texts: Vec<&str> = claims.iter().map(|claim| claim.text.as_str()).collect();
        assert_eq!(
            texts,
            vec![
                "He arrived on February 27.",
                "Meta may order chips.",
                "He met Cho on the 28th.",
                "He met Yoon on the 29th.",
            ]
        );
    }

    fn two_reports() -> (Vec<String>, Vec<String>) {
        (
            vec![
                "Zuckerberg met Cho Joo-wan to discuss XR headsets.".to_string(),
                "TSMC held 57.9% of the foundry market.".to_string(),
            ],
            vec!["Zuckerberg and Cho Joo-wan discussed XR headsets at the Twin Tower.".to_string()],
        )
    }

    #[test]
    fn a_theme_of_several_articles_is_said_once_citing_them_all() {
        let (first, second) = two_reports();
        let articles = [
            BriefArticle {
                number: 1,
                title: "",
                date: None,
                bullets: &first,
                units: &[],
                headline: None,
            },
            BriefArticle {
                number: 2,
                title: "",
                date: None,
                bullets: &second,
                units: &[],
                headline: None,
            },
        ];
        let brief = consolidate(
            &articles,
            &Glossary::default(),
            &PipelineSettings::default(),
        );
        assert_eq!(
            brief.english[0],
            CitedClaim {
                text: "Zuckerberg met Cho Joo-wan to discuss XR headsets.".to_string(),
                sources: vec![1, 2],
            }
        );
        assert_eq!(
            brief.english[1].text,
            "TSMC held 57.9% of the foundry market."
        );
        assert_eq!(brief.english.len(), 2);
    }

    #[test]
    fn the_brief_keeps_its_word_budget_and_every_article() {
        let claim = |text: &str, sources: Vec<usize>| CitedClaim {
            text: text.to_string(),
            sources,
        };
        let mut claims = vec![
            claim("Meta met LG on XR devices in Seoul.", vec![1, 2]),
            claim("Samsung may make Meta's AI chips next year.", vec![1]),
            claim("The union will strike from the 17th.", vec![3]),
        ];
        let dropped = within_word_budget(&mut claims, 2, 20);
        // The second ranked statement goes: its article is still cited by the first.
        assert_eq!(dropped.len(), 1);
        assert!(dropped[0].text.starts_with("Samsung"));
        assert_eq!(claims.len(), 2);
        assert!(claims.iter().any(|claim| claim.sources == vec![3]));
    }
}
