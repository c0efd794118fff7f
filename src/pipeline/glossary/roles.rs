//! One English role per person, from the title cues [`super::people`] found: the title
//! combination the text uses most ("대표이사 사장" over a lone "사장"), with the
//! organization another mention gives, rendered as English news writes it ("President
//! and CEO of LG Electronics", "President of South Korea", "head of the HE division").

use std::collections::{HashMap, HashSet};

use super::people::{Analysis, Mention, RoleCue};
use super::romanize::{is_korean_person, split_surname};
use super::table::{well_known, KnownName};
use super::titles::{Title, TitleClass, TitleHit};
use super::EntityKind::Person;
use super::GlossaryEntry;

/// Give each person the role the text gives them most, or else the one the run's
/// glossary gives them; other names get none.
pub(super) fn assign_roles(entries: &mut [GlossaryEntry], analysis: &Analysis) {
    let unique = unique_surnames(entries);
    for entry in entries.iter_mut() {
        entry.role = match entry.kind {
            Person => person_role(entry, analysis, &unique).or_else(|| given_role(&entry.korean)),
            _ => None,
        };
    }
}

/// The role the run's own glossary gives a person, for an article that names them
/// without a title.
fn given_role(korean: &str) -> Option<String> {
    well_known(korean).and_then(|known| known.role.clone())
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
fn org_for(pool: &[&Mention], titles: &[TitleHit]) -> Option<&'static KnownName> {
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
        let title: &'static Title = hit.title;
        if !distinct.contains(&title.english.as_str()) {
            distinct.push(&title.english);
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

fn government_role(title: &Title, org: Option<&KnownName>, korean_person: bool) -> String {
    match org {
        Some(org) => match org.english.strip_prefix("the Ministry of ") {
            Some(ministry) if title.english == "Minister" => format!("Minister of {ministry}"),
            _ => format!("{} of {}", title.english, org.english),
        },
        None if korean_person
            && matches!(title.english.as_str(), "President" | "Prime Minister") =>
        {
            format!("{} of South Korea", title.english)
        }
        None => title.english.clone(),
    }
}

/// Company titles, rank first ("Vice Chairman and COO of LG Corp."). A bare 사장 is a
/// company's president, not a head of state.
fn business_role(titles: &[TitleHit], org: Option<&KnownName>) -> String {
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
    let party = org.is_some_and(|org| org.english.ends_with("Party"));
    let label = ordered
        .iter()
        .map(|hit| title_label(hit, party))
        .collect::<Vec<_>>()
        .join(" and ");
    let at = ordered
        .iter()
        .any(|hit| matches!(hit.title.class, TitleClass::Head | TitleClass::Academic));
    match org {
        Some(org) => format!("{label} {} {}", if at { "at" } else { "of" }, org.english),
        None if label == "President" => "company president".to_string(),
        None => label,
    }
}

fn title_label(hit: &TitleHit, party: bool) -> String {
    match (&hit.division, hit.title.class) {
        (Some(division), _) => format!("head of the {division} division"),
        (None, TitleClass::Head) => "division head".to_string(),
        (None, _) if party && hit.title.english == "CEO" => "leader".to_string(),
        _ => hit.title.english.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{entry, people, role, sorted};
    use super::super::Glossary;

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
    fn a_party_s_ceo_is_its_leader_and_a_bare_president_a_company_s() {
        let glossary = Glossary::extract("한동훈 국민의힘 대표와 김민수 사장이 만났다.");
        assert_eq!(
            role(&glossary, "한동훈"),
            "leader of the People Power Party"
        );
        assert_eq!(role(&glossary, "김민수"), "company president");
    }
}
