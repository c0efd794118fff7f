//! Themes across a batch: the articles' summary bullets grouped by what they report, so
//! the brief can say once what several articles say, cite all of them, and rank what
//! many articles report above what one mentions in passing.
//!
//! Two bullets share a theme when the rarer words of the batch they have in common
//! weigh at least [`SAME_THEME`] of the lighter bullet: names every bullet carries (the
//! visitor, his company) weigh little, names few carry ("Cho Joo-wan", "TSMC") much.

use std::collections::{HashMap, HashSet};

use super::verify::content_words;

/// Share of the lighter bullet's word weight two bullets must have in common to report
/// the same thing.
const SAME_THEME: f64 = 0.4;

/// One summary bullet of one article, as themes refer to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct BulletRef {
    /// The article's citation number.
    pub article: usize,
    /// Index of the bullet in the article's summary.
    pub index: usize,
}

/// Bullets of different articles that report the same thing, the most central first:
/// that one speaks for the theme.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    /// At most one bullet per article.
    pub members: Vec<BulletRef>,
}

impl Theme {
    /// The articles the theme's bullets come from.
    pub fn articles(&self) -> Vec<usize> {
        let mut articles: Vec<usize> = self.members.iter().map(|member| member.article).collect();
        articles.sort_unstable();
        articles
    }
}

/// Group every bullet of `articles` (citation number, bullets) into themes, those
/// reported by most articles first; ties keep the batch's order (earlier articles and
/// earlier bullets first).
pub fn group_into_themes(articles: &[(usize, &[String])]) -> Vec<Theme> {
    let bullets: Vec<(BulletRef, HashSet<String>)> = articles
        .iter()
        .flat_map(|(article, bullets)| {
            bullets.iter().enumerate().map(|(index, text)| {
                (
                    BulletRef {
                        article: *article,
                        index,
                    },
                    theme_words(text),
                )
            })
        })
        .collect();
    let weights = word_weights(bullets.iter().map(|(_, words)| words));
    let weight = |words: &mut dyn Iterator<Item = &String>| -> f64 {
        words
            .map(|word| weights.get(word).copied().unwrap_or(0.0))
            .sum()
    };
    let totals: Vec<f64> = bullets
        .iter()
        .map(|(_, words)| weight(&mut words.iter()))
        .collect();
    // How much of the lighter bullet's weight each pair of bullets of different
    // articles shares (0 within an article).
    let shared: Vec<Vec<f64>> = bullets
        .iter()
        .enumerate()
        .map(|(i, (this, words))| {
            bullets
                .iter()
                .enumerate()
                .map(|(j, (other, other_words))| {
                    let lighter = totals[i].min(totals[j]);
                    if other.article == this.article || lighter <= 0.0 {
                        0.0
                    } else {
                        weight(&mut words.intersection(other_words)) / lighter
                    }
                })
                .collect()
        })
        .collect();
    // How many other articles report what each bullet reports: the seeds of themes.
    let reach: Vec<usize> = shared
        .iter()
        .map(|row| {
            row.iter()
                .zip(&bullets)
                .filter(|(score, _)| **score >= SAME_THEME)
                .map(|(_, (other, _))| other.article)
                .collect::<HashSet<_>>()
                .len()
        })
        .collect();
    let mut seeds: Vec<usize> = (0..bullets.len()).collect();
    seeds.sort_by_key(|&seed| std::cmp::Reverse(reach[seed]));
    let mut taken = vec![false; bullets.len()];
    let mut themes = Vec::new();
    for seed in seeds {
        if taken[seed] {
            continue;
        }
        taken[seed] = true;
        let seed_ref = &bullets[seed].0;
        let mut candidates: Vec<(usize, f64)> = (0..bullets.len())
            .filter(|&other| !taken[other])
            .map(|other| (other, shared[seed][other]))
            .filter(|(_, score)| *score >= SAME_THEME)
            .collect();
        candidates.sort_by(|a, b| b.1.total_cmp(&a.1));
        let mut members = vec![*seed_ref];
        for (other, _) in candidates {
            let other_ref = bullets[other].0;
            if members
                .iter()
                .all(|member| member.article != other_ref.article)
            {
                taken[other] = true;
                members.push(other_ref);
            }
        }
        themes.push(Theme { members });
    }
    themes.sort_by_key(|theme| std::cmp::Reverse(theme.members.len()));
    themes
}

/// The weight of each word: the log of how rare it is among the bullets, so a word in
/// every bullet weighs nothing.
/// The words that tell what a bullet is about: its content words and its two-letter
/// acronyms ("XR", "LG", "AI"), which name a subject as much as a long word does.
fn theme_words(text: &str) -> HashSet<String> {
    let mut words = content_words(text);
    words.extend(
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|word| word.len() == 2 && word.chars().all(|c| c.is_ascii_uppercase()))
            .map(str::to_lowercase),
    );
    words
}

fn word_weights<'a>(bullets: impl Iterator<Item = &'a HashSet<String>>) -> HashMap<String, f64> {
    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut total = 0usize;
    for words in bullets {
        total += 1;
        for word in words {
            *counts.entry(word.clone()).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .map(|(word, count)| (word, (total as f64 / count as f64).ln()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(texts: &[&str]) -> Vec<String> {
        texts.iter().map(|text| text.to_string()).collect()
    }

    /// Bullet references from (article, index) pairs.
    fn refs(pairs: &[(usize, usize)]) -> Vec<BulletRef> {
        pairs
            .iter()
            .map(|&(article, index)| BulletRef { article, index })
            .collect()
    }

    #[test]
    fn bullets_of_several_articles_on_one_event_form_one_theme_ranked_first() {
        let first = strings(&[
            "Zuckerberg visited Seoul on Tuesday.",
            "Zuckerberg met Cho Joo-wan to discuss XR headsets.",
        ]);
        let second = strings(&[
            "Zuckerberg and Cho Joo-wan discussed XR headsets at the Twin Tower.",
            "TSMC held 57.9% of the foundry market.",
        ]);
        let third = strings(&["Zuckerberg spoke about Llama models."]);
        let themes = group_into_themes(&[(1, &first), (2, &second), (3, &third)]);
        assert_eq!(themes[0].members, refs(&[(1, 1), (2, 0)]));
        assert_eq!(themes[0].articles(), vec![1, 2]);
        // Every other bullet is a theme of its own; none is lost.
        assert_eq!(themes.len(), 4);
        assert!(themes[1..].iter().all(|theme| theme.members.len() == 1));
    }

    #[test]
    fn a_two_letter_acronym_counts_as_a_shared_word() {
        let first = strings(&[
            "Meta will launch XR equipment next year.",
            "Zuckerberg met Lee Jae-yong over dinner.",
            "Samsung built a chip laboratory in Silicon Valley.",
        ]);
        let second = strings(&[
            "LG is preparing to release its XR headset next year.",
            "TSMC held 57.9% of the foundry market.",
            "Nvidia sells most graphics processors.",
        ]);
        let third = strings(&[
            "Zuckerberg met President Yoon for 30 minutes.",
            "Altman discussed memory with SK hynix.",
            "Microsoft invested in Mistral.",
        ]);
        let themes = group_into_themes(&[(1, &first), (2, &second), (3, &third)]);
        assert_eq!(themes[0].members, refs(&[(1, 0), (2, 0)]));
    }

    #[test]
    fn a_name_every_bullet_shares_does_not_make_a_theme() {
        let first = strings(&["Zuckerberg met Samsung's chairman over dinner."]);
        let second = strings(&["Zuckerberg discussed headsets with LG."]);
        let third = strings(&["Zuckerberg met President Yoon for 30 minutes."]);
        let themes = group_into_themes(&[(1, &first), (2, &second), (3, &third)]);
        assert_eq!(themes.len(), 3);
    }

    #[test]
    fn a_theme_takes_one_bullet_per_article() {
        let first = strings(&[
            "Samsung's foundry may make Meta's AI chips.",
            "Samsung's foundry may produce Meta's AI chips soon.",
        ]);
        let second = strings(&["Samsung's foundry could make Meta's AI chips."]);
        let third = strings(&["Zuckerberg met Yoon in Seoul."]);
        let themes = group_into_themes(&[(1, &first), (2, &second), (3, &third)]);
        assert!(themes.iter().all(|theme| {
            let articles = theme.articles();
            articles.windows(2).all(|pair| pair[0] != pair[1])
        }));
        assert_eq!(themes[0].members.len(), 2);
    }
}
