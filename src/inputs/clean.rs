//! Cleaning: reduce the text of a scraped news page to the article a model should read.
//!
//! Scraped Korean news pages carry much more than the article: menus, the headline twice,
//! bylines with e-mail addresses, photo captions (often twice), share and font-size buttons,
//! comment and login dialogs, copyright footers, publisher boxes. Every token of that costs
//! model time and invites the summary to mention it. [`clean`] removes it line by line and
//! by context, and keeps what the summary needs: title, outlet, date and body paragraphs.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use crate::lexicon::built_in_list;

/// The article as a model should see it, without page chrome.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cleaned {
    /// The headline, once, when the text starts with one.
    pub title: Option<String>,
    /// The news outlet, where the text names it (dateline, byline, copyright line).
    pub outlet: Option<String>,
    /// The publication date from a metadata line ("승인 2024.02.29 17:32"), as YYYY-MM-DD.
    pub date: Option<String>,
    /// Body paragraphs in order; the title is not repeated here.
    pub paragraphs: Vec<String>,
}

/// Build a regex from a literal pattern; every pattern here is covered by the tests.
fn regex(pattern: &str) -> Regex {
    Regex::new(pattern).expect("valid regex literal")
}

/// An e-mail address, which in a news page is always a byline or a contact line.
static EMAIL: LazyLock<Regex> =
    LazyLock::new(|| regex(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}"));
/// "2024.02.29", "2024-2-29", "2024/02/29", "2024년 2월 29일".
static FULL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"(\d{4})\s*(?:[./\-]|년)\s*(\d{1,2})\s*(?:[./\-]|월)\s*(\d{1,2})(?:\s*일)?")
});
/// A time of day: "17:32", "오후 5:32", "5:32 PM".
static CLOCK_TIME: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?i)(?:오전|오후|am|pm)?\s*\d{1,2}:\d{2}(?::\d{2})?\s*(?:am|pm)?"));
/// Labels of article metadata lines ("승인", "기사입력", "수정", "Updated").
static METADATA_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?i)(?:기사\s*)?(?:최종\s*)?(?:입력|승인|등록|수정|게재|발행|작성|업데이트|송고|업로드|posted|updated|published)(?:일시|일|시간)?",
    )
});
/// Punctuation that may sit between the labels, dates and times of a metadata line.
static METADATA_SEPARATORS: LazyLock<Regex> = LazyLock::new(|| regex(r"[\s|:：·,/()\[\]\-~]+"));
/// A photo credit or photo widget: "사진=연합뉴스", "사진/연합뉴스", "[사진]", "이미지 확대보기".
static PHOTO_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?:사진|자료사진|그림|그래픽|이미지|영상|출처)\s*[=/]|\[사진\]|이미지\s*확대\s*보기|사진\s*확대",
    )
});
/// A credit that ends a caption: "(LG전자 제공)", "/LG전자 제공", ". LG전자 제공".
static CREDIT_TAIL: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?:[(\[][^()\[\]]{1,30}제공[)\]]|[/.]\s*\S+(?:\s\S+)?\s*제공)$"));
/// People placed in a photo: "(왼쪽부터)", "(사진 오른쪽)".
static PHOTO_POSITION: LazyLock<Regex> =
    LazyLock::new(|| regex(r"\((?:사진\s*)?(?:왼쪽|오른쪽|가운데|앞줄|뒷줄)[^()]{0,10}\)"));
/// A photo credit inside a body paragraph: "(사진=연합뉴스)".
static INLINE_PHOTO_CREDIT: LazyLock<Regex> =
    LazyLock::new(|| regex(r"\s*[(\[](?:사진|자료사진|그래픽|자료)\s*[=/:][^()\[\]]{0,40}[)\]]"));
/// A copyright mark or notice (footer or photo credit).
static COPYRIGHT: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"(?i)©|ⓒ|\(c\)|copyright|all rights reserved|무단\s*전재|무단\s*복제|재\s*배포\s*금지")
});
/// The owner named in a copyright line: "© 애플경제", "Copyright © 2024 통일경제뉴스",
/// "©'5개국어 글로벌 경제신문' 아주경제".
static COPYRIGHT_OWNER: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r#"(?i)(?:©|ⓒ|\(c\)|copyright)(?:\s*(?:©|ⓒ|\(c\)))?\s*(?:\d{4}(?:\s*[-~]\s*\d{4})?\s*)?(?:['‘"“][^'’"”]*['’"”]\s*)?([^\s.,;:·<>()\[\]'"]+)"#,
    )
});
/// A reporter line: "정연미 기자", "장용석 글로벌이코노믹 기자", "홍길동 특파원 =".
static REPORTER_LINE: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^(?:\S+\s+){0,3}\S*(?:기자|특파원)\s*=?$"));
/// A bracketed dateline or byline opening a paragraph: "[서울=뉴시스]", "[애플경제 전윤미 기자]".
static LEADING_BRACKET: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^[\[(【]([^\[\]()【】]{1,40})[\])】]\s*"));
/// Reporter names before the "=" of a dateline: "홍길동 기자 =", "홍길동·김철수 기자=".
static LEADING_REPORTER: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^[가-힣]{2,4}(?:\s*[·ㆍ,]\s*[가-힣]{2,4})*\s*(?:기자|특파원)\s*=\s*"));
/// A byline closing a paragraph: "… 밝혔다. /홍길동 기자".
static TRAILING_REPORTER: LazyLock<Regex> =
    LazyLock::new(|| regex(r#"([.!?"'”’])\s*/?\s*[가-힣]{2,4}\s*(?:기자|특파원)$"#));
/// The masthead line of a publisher box: "제호 : 통일경제뉴스".
static MASTHEAD: LazyLock<Regex> = LazyLock::new(|| regex(r"^제호\s*[:：]\s*(.+)$"));
/// A "label : value" line of a publisher box (address, phone, registration, officers).
static PUBLISHER_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^[가-힣A-Za-z·\s]{0,12}(?:법인|주소|전화|팩스|메일|제호|등록|발행|편집|대표|책임자|사업자|창간|통신판매|호스팅)[가-힣A-Za-z·\s]{0,6}[:：]",
    )
});
/// Comment, login, report and share dialogs.
static DIALOG: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"(?:댓글|로그인|신고|차단|게시물|스크랩|구독|회원|비밀번호).*(?:니까\?|니다\.?|세요\.?)$",
    )
});
/// Widget lines that carry a counter: "0개의 댓글", "댓글 0", "댓글 (3)", "좋아요 12".
static COUNTER_WIDGET: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^(?:\d+\s*개의?\s*댓글.*|(?:댓글|좋아요|추천|공유|스크랩|조회수?|싫어요)\s*[:]?\s*\(?\d+\)?)$",
    )
});
/// Phrases that mark a short line as site furniture rather than article text
/// (`data/page/furniture_phrases.txt`; spaces inside a phrase are optional).
static FURNITURE_PHRASE: LazyLock<Regex> = LazyLock::new(|| {
    let phrases: Vec<String> = built_in_list("page/furniture_phrases.txt")
        .iter()
        .map(|phrase| {
            phrase
                .split_whitespace()
                .map(regex::escape)
                .collect::<Vec<_>>()
                .join(r"\s*")
        })
        .collect();
    regex(&phrases.join("|"))
});
/// Wording of a copyright footer (not of a bare photo credit like "ⓒ 연합뉴스").
static FOOTER_NOTICE: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?i)copyright|all rights reserved|무단\s*전재|무단\s*복제|재\s*배포"));
/// A sentence end followed by more text.
static INNER_SENTENCE_END: LazyLock<Regex> = LazyLock::new(|| regex(r"[.?!。]\s"));
/// A comment section heading, after which only widgets follow.
static COMMENT_SECTION: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^(?:\d+\s*개의?\s*댓글|전체\s*댓글|댓글\s*쓰기|댓글\s*작성|(?:이\s*)?기사에\s*대한\s*댓글)",
    )
});

/// Whole lines (compared without spaces and a final full stop) that are buttons or
/// labels of the page (`data/page/widget_lines.txt`).
static WIDGET_LINES: LazyLock<HashSet<String>> =
    LazyLock::new(|| built_in_list("page/widget_lines.txt").into_iter().collect());

/// Headings of link lists (related articles, rankings, language menus): they and the list
/// items under them go (`data/page/list_headings.txt`).
static LIST_HEADINGS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    built_in_list("page/list_headings.txt")
        .into_iter()
        .collect()
});

/// Words of menus, breadcrumbs, share bars and tickers
/// (`data/page/navigation_words.txt`).
static NAVIGATION_WORDS: LazyLock<HashSet<String>> = LazyLock::new(|| {
    built_in_list("page/navigation_words.txt")
        .into_iter()
        .collect()
});

/// What separates the items of a menu or breadcrumb.
const NAVIGATION_SEPARATORS: &[char] =
    &['|', '>', '·', '/', '☰', '≡', '∨', '▶', '▼', '▲', ',', '…'];

/// Leading characters that mark a list item; the marker is dropped, the item kept.
const BULLETS: &[char] = &['•', '·', '∙', '◦', '▪', '‣', '-', '*', '▶', '▷', '☞'];

/// Lines of at least this many characters are article paragraphs, never trailing chrome.
const LONG_PARAGRAPH_CHARS: usize = 100;
/// Longest line that may be a headline.
const MAX_TITLE_CHARS: usize = 150;
/// How many non-blank lines at the top are searched for the headline.
const TITLE_SEARCH_LINES: usize = 8;
/// Longest line ahead of the headline that is dropped as site name or menu.
const MAX_PREAMBLE_CHARS: usize = 30;
/// Lines longer than this are never caption-only or footer-only lines.
const MAX_CHROME_LINE_CHARS: usize = 200;
/// A photo marker within this many characters of the line end makes the line a caption.
const CAPTION_TAIL_CHARS: usize = 40;
/// Text wrapped at a fixed width has no line longer than this.
const MAX_WRAP_WIDTH: usize = 120;

/// The article as a model should see it, without page chrome.
///
/// Removes bylines and e-mail addresses, photo captions, copyright and publisher boxes,
/// share/comment/login widgets, metadata lines (after taking the date from them), link lists,
/// repeated headlines and repeated paragraphs. Extracts the title (the headline at the top,
/// kept once), the outlet where the text names it, and the date of the metadata line.
/// Blank lines separate paragraphs; lines of a hard-wrapped text are joined back together.
pub fn clean(text: &str) -> Cleaned {
    let lines: Vec<Line> = text.lines().map(Line::parse).collect();
    let outlet = find_outlet(&lines);
    let date = find_date(&lines);
    let chrome = mark_chrome(&lines, outlet.as_deref());
    let mut kept: Vec<&str> = lines
        .iter()
        .zip(&chrome)
        .map(|(line, &is_chrome)| if is_chrome { "" } else { line.text.as_str() })
        .collect();
    let wrap = wrap_width(&kept);
    let title = take_title(&mut kept, wrap.is_some());
    Cleaned {
        title,
        outlet,
        date,
        paragraphs: drop_repeats(assemble_paragraphs(&kept, wrap)),
    }
}

/// One line of the input, whitespace-normalized, with any list bullet removed.
#[derive(Debug)]
struct Line {
    text: String,
    bulleted: bool,
}

impl Line {
    fn parse(raw: &str) -> Line {
        let mut text = collapse_whitespace(raw);
        let mut bulleted = false;
        while let Some(rest) = strip_bullet(&text) {
            text = rest.to_owned();
            bulleted = true;
        }
        Line { text, bulleted }
    }

    fn is_blank(&self) -> bool {
        self.text.is_empty()
    }
}

/// Single spaces only: no-break, ideographic and zero-width spaces included.
fn collapse_whitespace(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c == '\u{200b}' || c == '\u{feff}')
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The text after a leading bullet; "•" may touch the text, other markers need a space.
fn strip_bullet(text: &str) -> Option<&str> {
    let first = text.chars().next()?;
    if !BULLETS.contains(&first) {
        return None;
    }
    let rest = &text[first.len_utf8()..];
    (first == '•' || rest.starts_with(' ')).then(|| rest.trim_start())
}

fn char_count(text: &str) -> usize {
    text.chars().count()
}

fn without_spaces(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Ends with sentence punctuation, possibly followed by closing quotes or brackets.
fn ends_like_sentence(text: &str) -> bool {
    text.trim_end_matches(|c: char| is_closer(c) || c.is_whitespace())
        .ends_with(['.', '?', '!', '。', '？', '！'])
}

/// Which lines are chrome: each line judged alone, then by its neighbours.
fn mark_chrome(lines: &[Line], outlet: Option<&str>) -> Vec<bool> {
    let mut chrome: Vec<bool> = lines
        .iter()
        .map(|line| {
            !line.is_blank() && (is_chrome_line(&line.text) || is_navigation(&line.text, outlet))
        })
        .collect();
    mark_link_lists(lines, &mut chrome);
    mark_chrome_bullet_runs(lines, &mut chrome);
    mark_trailer(lines, &mut chrome);
    chrome
}

/// Chrome recognizable from the line alone.
fn is_chrome_line(text: &str) -> bool {
    is_noise(text)
        || is_widget(text)
        || is_byline(text)
        || is_caption(text)
        || is_copyright(text)
        || is_publisher_box(text)
        || is_metadata(text)
}

/// Fewer than two letters: counters ("1", "0 / 300") and stray characters ("d").
fn is_noise(text: &str) -> bool {
    text.chars().filter(|c| c.is_alphabetic()).count() < 2
}

fn is_widget(text: &str) -> bool {
    let compact = without_spaces(text);
    let compact = compact.trim_end_matches('.');
    WIDGET_LINES.contains(compact)
        || LIST_HEADINGS.contains(compact)
        || is_navigation(text, None)
        || COUNTER_WIDGET.is_match(text)
        || (char_count(text) <= 60 && DIALOG.is_match(text))
        || (char_count(text) <= 150 && FURNITURE_PHRASE.is_match(text))
}

/// A menu, breadcrumb, share bar or ticker: no sentence, and made only of navigation
/// words, counters, bracketed buttons ("[카카오톡]") and separators, with at least one
/// navigation word. The outlet's name counts as one (a masthead beside the menu). A
/// headline always has a word of its own.
fn is_navigation(text: &str, outlet: Option<&str>) -> bool {
    if ends_like_sentence(text) || char_count(text) > MAX_CHROME_LINE_CHARS {
        return false;
    }
    let mut navigation_words = 0;
    let all_chrome = text
        .split(|c: char| c.is_whitespace() || NAVIGATION_SEPARATORS.contains(&c))
        .filter(|token| !token.is_empty())
        .all(|token| {
            let bare = token.trim_matches(['[', ']', '(', ')']);
            if NAVIGATION_WORDS.contains(bare)
                || WIDGET_LINES.contains(bare)
                || outlet.is_some_and(|outlet| outlet == bare)
            {
                navigation_words += 1;
                true
            } else {
                let counter = bare.chars().all(|c| !c.is_alphabetic());
                let button =
                    token.starts_with('[') && token.ends_with(']') && char_count(bare) <= 8;
                counter || button
            }
        });
    all_chrome && navigation_words > 0
}

/// Reporter lines, and short contact lines with an e-mail address and no sentence.
fn is_byline(text: &str) -> bool {
    let has_email = EMAIL.is_match(text);
    let without_email = EMAIL.replace_all(text, "");
    let without_email = without_email.trim();
    REPORTER_LINE.is_match(without_email)
        || (has_email
            && char_count(text) <= 80
            && !ends_like_sentence(without_email)
            && !INNER_SENTENCE_END.is_match(without_email))
}

/// Photo captions: a photo credit at the start or end, a credit tail ("LG전자 제공"), or a
/// description of who stands where in the picture.
fn is_caption(text: &str) -> bool {
    let length = char_count(text);
    if length > MAX_CHROME_LINE_CHARS {
        return false;
    }
    let credit_at_edge = PHOTO_MARKER.find_iter(text).any(|marker| {
        let credit = &text[marker.start()..];
        let at_start = text[..marker.start()]
            .trim_matches(['(', '[', ' '])
            .is_empty();
        let at_end = char_count(credit) <= CAPTION_TAIL_CHARS;
        (at_start || at_end) && !ends_like_sentence(credit)
    });
    let describes_positions = PHOTO_POSITION.is_match(text)
        && (text.contains("기념촬영") || text.trim_end_matches('.').ends_with("고 있다"));
    credit_at_edge || CREDIT_TAIL.is_match(text) || describes_positions
}

fn is_copyright(text: &str) -> bool {
    char_count(text) <= MAX_CHROME_LINE_CHARS && COPYRIGHT.is_match(text)
}

/// "대표전화 : 02-…" style lines; a sentence after the colon is an interview answer instead.
fn is_publisher_box(text: &str) -> bool {
    char_count(text) <= 100 && PUBLISHER_LABEL.is_match(text) && !ends_like_sentence(text)
}

/// A line made only of metadata labels, dates and times, with at least one full date.
fn is_metadata(text: &str) -> bool {
    if char_count(text) > 100 || !FULL_DATE.is_match(text) {
        return false;
    }
    let rest = FULL_DATE.replace_all(text, " ");
    let rest = CLOCK_TIME.replace_all(&rest, " ");
    let rest = METADATA_LABEL.replace_all(&rest, " ");
    METADATA_SEPARATORS.replace_all(&rest, "").is_empty()
}

/// A link-list heading ("관련기사", "언어선택") takes the list below it along: following
/// blank, bulleted or headline-like lines, up to the first blank line after an item.
fn mark_link_lists(lines: &[Line], chrome: &mut [bool]) {
    let mut index = 0;
    while index < lines.len() {
        if !LIST_HEADINGS.contains(without_spaces(&lines[index].text).as_str()) {
            index += 1;
            continue;
        }
        chrome[index] = true;
        index += 1;
        let mut items = 0;
        while index < lines.len() {
            let line = &lines[index];
            if line.is_blank() {
                if items > 0 {
                    break;
                }
            } else if line.bulleted || is_headline_like(&line.text) {
                chrome[index] = true;
                items += 1;
            } else {
                break;
            }
            index += 1;
        }
    }
}

/// A headline-like line: short and not a sentence.
fn is_headline_like(text: &str) -> bool {
    char_count(text) <= 80 && !ends_like_sentence(text)
}

/// A run of bulleted lines that is mostly chrome (a publisher box, a byline block) is
/// chrome as a whole: its remaining items are addresses and names of the same box.
fn mark_chrome_bullet_runs(lines: &[Line], chrome: &mut [bool]) {
    let mut start = 0;
    while start < lines.len() {
        let end = start
            + lines[start..]
                .iter()
                .take_while(|line| line.bulleted)
                .count();
        if end - start >= 2 {
            let chrome_items = chrome[start..end].iter().filter(|&&c| c).count();
            if chrome_items * 2 > end - start {
                chrome[start..end].fill(true);
            }
        }
        start = end.max(start + 1);
    }
}

/// Everything after a copyright footer or comment-section heading is chrome (dialogs,
/// site credits), provided article text precedes it and no article-length paragraph follows
/// it, so a footer misplaced at the top cuts nothing.
fn mark_trailer(lines: &[Line], chrome: &mut [bool]) {
    let is_content = |index: usize| !chrome[index] && !lines[index].is_blank();
    let first_content = (0..lines.len()).find(|&index| is_content(index));
    let last_long_paragraph = (0..lines.len())
        .rev()
        .find(|&index| is_content(index) && char_count(&lines[index].text) >= LONG_PARAGRAPH_CHARS);
    let cut = (0..lines.len()).find(|&index| {
        first_content.is_some_and(|first| index > first)
            && last_long_paragraph.is_none_or(|last| index > last)
            && is_end_marker(&lines[index].text)
    });
    if let Some(cut) = cut {
        chrome[cut..].fill(true);
    }
}

fn is_end_marker(text: &str) -> bool {
    (is_copyright(text) && FOOTER_NOTICE.is_match(text)) || COMMENT_SECTION.is_match(text)
}

/// Find the headline among the first lines, blank it (and every repeat of it) in `kept`,
/// and blank the site name or menu lines above it. A line repeated near the top is the
/// headline; otherwise the first line is, if it reads like one (and, in hard-wrapped text,
/// stands alone rather than starting a wrapped paragraph).
fn take_title(kept: &mut [&str], hard_wrapped: bool) -> Option<String> {
    let header: Vec<usize> = kept
        .iter()
        .enumerate()
        .filter(|(_, text)| !text.is_empty())
        .map(|(index, _)| index)
        .take_while(|&index| !is_body_paragraph(kept[index]))
        .take(TITLE_SEARCH_LINES)
        .collect();
    let repeated = header
        .iter()
        .position(|&a| header.iter().any(|&b| b != a && kept[b] == kept[a]));
    let title_position = match repeated {
        Some(position) => position,
        None => headline_position(kept, &header, hard_wrapped)?,
    };
    let title = kept[header[title_position]].to_owned();
    for &index in &header[..title_position] {
        if char_count(kept[index]) <= MAX_PREAMBLE_CHARS && !ends_like_sentence(kept[index]) {
            kept[index] = "";
        }
    }
    for text in kept.iter_mut().filter(|text| **text == title) {
        *text = "";
    }
    Some(title)
}

/// Where the headline is among the header lines when none repeats: the first
/// headline-like line nearly as long as the longest one (a site name or section label
/// above it is far shorter; a subheading below it comes after), standing alone in a
/// hard-wrapped text.
fn headline_position(kept: &[&str], header: &[usize], hard_wrapped: bool) -> Option<usize> {
    const MIN_HEADLINE_CHARS: usize = 10;
    // A sentence ends the search: text below it is the body, not a headline block.
    let before_body = header
        .iter()
        .position(|&index| {
            ends_like_sentence(kept[index]) || INNER_SENTENCE_END.is_match(kept[index])
        })
        .unwrap_or(header.len());
    let candidates: Vec<(usize, usize)> = header[..before_body]
        .iter()
        .enumerate()
        .filter(|(_, &index)| is_title_like(kept[index]))
        .filter(|(_, &index)| {
            !hard_wrapped || kept.get(index + 1).is_none_or(|next| next.is_empty())
        })
        .map(|(position, &index)| (position, char_count(kept[index])))
        .collect();
    let longest = candidates.iter().map(|(_, chars)| *chars).max()?;
    candidates
        .iter()
        .find(|(_, chars)| *chars >= MIN_HEADLINE_CHARS && chars * 10 >= longest * 6)
        .or_else(|| candidates.first().filter(|(position, _)| *position == 0))
        .map(|(position, _)| *position)
}

/// An article sentence paragraph, which no headline block reaches past.
fn is_body_paragraph(text: &str) -> bool {
    char_count(text) >= 80 && ends_like_sentence(text)
}

/// Headline length, and no sentence punctuation: headlines are not sentences.
fn is_title_like(text: &str) -> bool {
    (5..=MAX_TITLE_CHARS).contains(&char_count(text))
        && !text.ends_with('.')
        && !INNER_SENTENCE_END.is_match(text)
}

/// Paragraphs from the kept lines: blank lines separate them; lines of a hard-wrapped text
/// are joined, otherwise every line is a paragraph of its own.
fn assemble_paragraphs(kept: &[&str], wrap: Option<usize>) -> Vec<String> {
    let raw: Vec<String> = match wrap {
        Some(width) => join_wrapped_lines(kept, width),
        None => kept
            .iter()
            .filter(|text| !text.is_empty())
            .map(|text| (*text).to_owned())
            .collect(),
    };
    raw.iter()
        .map(|paragraph| tidy_paragraph(paragraph))
        .filter(|paragraph| !paragraph.is_empty() && !is_noise(paragraph))
        .collect()
}

/// The width a text was hard-wrapped at, if it was: no line is long, and most lines that
/// continue onto a next line are nearly full and stop mid-sentence.
fn wrap_width(kept: &[&str]) -> Option<usize> {
    let width = kept.iter().map(|text| char_count(text)).max()?;
    if width > MAX_WRAP_WIDTH {
        return None;
    }
    let continued: Vec<&str> = kept
        .windows(2)
        .filter(|pair| !pair[0].is_empty() && !pair[1].is_empty())
        .map(|pair| pair[0])
        .collect();
    let wrapped = continued
        .iter()
        .filter(|text| is_nearly_full(text, width) && !ends_like_sentence(text))
        .count();
    (continued.len() >= 3 && wrapped * 2 >= continued.len()).then_some(width)
}

fn is_nearly_full(text: &str, width: usize) -> bool {
    char_count(text) * 10 >= width * 6
}

/// Join wrapped lines into paragraphs; a blank line, or a short line that ends a sentence,
/// closes a paragraph.
fn join_wrapped_lines(kept: &[&str], width: usize) -> Vec<String> {
    let mut paragraphs = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for &text in kept {
        if !text.is_empty() {
            current.push(text);
        }
        let closes = text.is_empty() || (!is_nearly_full(text, width) && ends_like_sentence(text));
        if closes && !current.is_empty() {
            paragraphs.push(current.join(" "));
            current.clear();
        }
    }
    if !current.is_empty() {
        paragraphs.push(current.join(" "));
    }
    paragraphs
}

/// Remove chrome embedded in a paragraph: dateline and byline at the start, e-mail
/// addresses, photo credits, a byline at the end.
fn tidy_paragraph(paragraph: &str) -> String {
    let text = strip_leading_byline(paragraph);
    let text = EMAIL.replace_all(text, "");
    let text = INLINE_PHOTO_CREDIT.replace_all(&text, "");
    let text = TRAILING_REPORTER.replace(text.trim_end(), "$1");
    collapse_whitespace(&text)
}

/// "[서울=뉴시스] 홍길동 기자 = 본문" → "본문"; "[애플경제 전윤미 기자] 본문" → "본문".
fn strip_leading_byline(paragraph: &str) -> &str {
    let mut text = paragraph;
    if let Some(bracket) = LEADING_BRACKET.captures(text) {
        let inner = &bracket[1];
        if inner.contains('=') || names_reporter(inner) {
            text = &text[bracket[0].len()..];
        }
    }
    if let Some(reporter) = LEADING_REPORTER.find(text) {
        text = &text[reporter.end()..];
    }
    text
}

fn names_reporter(text: &str) -> bool {
    let trimmed = text.trim_end_matches(['=', ' ']);
    trimmed.ends_with("기자") || trimmed.ends_with("특파원")
}

/// Paragraphs said before: exact repeats, and sentences repeated inside a longer paragraph
/// (captions twice, "AI summary" boxes quoting the body).
fn drop_repeats(paragraphs: Vec<String>) -> Vec<String> {
    let is_repeat = |index: usize, paragraph: &String| {
        paragraphs.iter().enumerate().any(|(other_index, other)| {
            (other == paragraph && other_index < index)
                || (other.len() > paragraph.len()
                    && ends_like_sentence(paragraph)
                    && other.contains(paragraph.as_str()))
        })
    };
    paragraphs
        .iter()
        .enumerate()
        .filter(|(index, paragraph)| !is_repeat(*index, paragraph))
        .map(|(_, paragraph)| paragraph.clone())
        .collect()
}

/// The outlet from the most explicit place the text names it: a dateline ("[서울=뉴시스]"),
/// a bracketed byline ("[애플경제 전윤미 기자]"), a copyright line, a publisher box masthead,
/// or a byline line ("장용석 글로벌이코노믹 기자").
fn find_outlet(lines: &[Line]) -> Option<String> {
    let sources: [fn(&str) -> Option<String>; 4] = [
        outlet_from_dateline,
        outlet_from_copyright,
        outlet_from_masthead,
        outlet_from_byline,
    ];
    sources
        .iter()
        .find_map(|source| lines.iter().find_map(|line| source(&line.text)))
}

fn outlet_from_dateline(text: &str) -> Option<String> {
    let bracket = LEADING_BRACKET.captures(text)?;
    let inner = &bracket[1];
    if PHOTO_MARKER.is_match(inner) {
        return None;
    }
    if let Some((_, after_place)) = inner.split_once('=') {
        let outlet = after_place.split_whitespace().next()?;
        return Some(outlet.to_owned());
    }
    if names_reporter(inner) {
        return outlet_beside_reporter_name(inner);
    }
    None
}

fn outlet_from_copyright(text: &str) -> Option<String> {
    if !is_copyright(text) {
        return None;
    }
    let owner = COPYRIGHT_OWNER.captures(text)?.get(1)?.as_str();
    let generic = ["all", "by", "무단전재", "무단", "저작권자", "및", "재배포"];
    let is_name =
        owner.chars().any(char::is_alphabetic) && !generic.contains(&owner.to_lowercase().as_str());
    is_name.then(|| owner.to_owned())
}

fn outlet_from_masthead(text: &str) -> Option<String> {
    let masthead = MASTHEAD.captures(text)?;
    Some(masthead[1].trim().to_owned())
}

fn outlet_from_byline(text: &str) -> Option<String> {
    let without_email = EMAIL.replace_all(text, "");
    let trimmed = without_email.trim();
    if !REPORTER_LINE.is_match(trimmed) {
        return None;
    }
    outlet_beside_reporter_name(trimmed)
}

/// In "outlet name 기자" or "name outlet 기자", the word that is not a personal name.
fn outlet_beside_reporter_name(byline: &str) -> Option<String> {
    let words: Vec<&str> = byline
        .trim_end_matches(['=', ' '])
        .split_whitespace()
        .collect();
    let [first, second, title] = words.as_slice() else {
        return None;
    };
    if !matches!(*title, "기자" | "특파원") {
        return None;
    }
    match (is_personal_name(first), is_personal_name(second)) {
        (true, false) => Some((*second).to_owned()),
        (false, true) => Some((*first).to_owned()),
        _ => None,
    }
}

/// Korean personal names are two or three syllables.
fn is_personal_name(word: &str) -> bool {
    (2..=3).contains(&char_count(word)) && word.chars().all(is_hangul_syllable)
}

fn is_hangul_syllable(c: char) -> bool {
    ('가'..='힣').contains(&c)
}

/// The date of the first metadata line that gives a time as well (an article stamp);
/// failing that, of the first metadata line outside a publisher box (whose registration
/// dates are the newspaper's, not the article's).
fn find_date(lines: &[Line]) -> Option<String> {
    let metadata: Vec<&str> = lines
        .iter()
        .map(|line| line.text.as_str())
        .filter(|text| is_metadata(text))
        .collect();
    metadata
        .iter()
        .find(|text| CLOCK_TIME.is_match(text))
        .or_else(|| metadata.iter().find(|text| !is_publisher_box(text)))
        .and_then(|text| first_full_date(text))
}

/// The first valid full date in the text, as YYYY-MM-DD.
fn first_full_date(text: &str) -> Option<String> {
    FULL_DATE.captures_iter(text).find_map(|date| {
        let year: u32 = date[1].parse().ok()?;
        let month: u32 = date[2].parse().ok()?;
        let day: u32 = date[3].parse().ok()?;
        let valid = (1..=12).contains(&month) && (1..=31).contains(&day);
        valid.then(|| format!("{year:04}-{month:02}-{day:02}"))
    })
}

/// Split a Korean/English paragraph into sentences.
///
/// The pipeline translates sentence by sentence, so a wrong split garbles meaning: a
/// sentence ends at `.`, `?`, `!` or `。` (closing quotes and brackets included) followed by
/// whitespace, but never inside a number ("57.9%"), after an abbreviation or initial
/// ("Mr.", "U.S."), before a lowercase English word, or inside quotes or parentheses
/// (`"관심이 높다. 좋겠다"고 밝혔다.` stays one sentence). Unbalanced quotes are ignored.
pub fn split_sentences(paragraph: &str) -> Vec<String> {
    let chars: Vec<char> = paragraph.chars().collect();
    let depths = quote_depths(&chars);
    let mut sentences = Vec::new();
    let mut start = 0;
    for index in 0..chars.len() {
        let outside_quotes = depths.as_ref().is_none_or(|depths| depths[index] == 0);
        if outside_quotes && ends_sentence_at(&chars, start, index) {
            push_sentence(&mut sentences, &chars[start..=index]);
            start = index + 1;
        }
    }
    push_sentence(&mut sentences, &chars[start..]);
    sentences
}

/// Endings of a Korean word that close a clause and join it to the next one ("…했고",
/// "…하며", "…했다”면서", "…지만"): where a long sentence can be cut into pieces that
/// each still say something whole.
const CLAUSE_ENDINGS: &[&str] = &[
    "했고",
    "하고",
    "있고",
    "되고",
    "됐고",
    "였고",
    "이고",
    "으며",
    "하며",
    "되며",
    "이며",
    "라며",
    "면서",
    "지만",
    "는데",
    "했으나",
    "으나",
    "어서",
    "해서",
];

/// Verbs that, after a word ending in 고, finish it rather than start a clause
/// ("논의하고 있다", "is discussing").
const AUXILIARIES_AFTER_GO: &[&str] = &["있", "싶", "말았", "계"];

/// A Korean sentence cut after each word that ends a clause ([`CLAUSE_ENDINGS`], a comma
/// or closing quote after it allowed, or any word in 고 before a comma), keeping pieces
/// of at least two words: smaller units for a sentence the model cannot translate whole
/// without adding to it.
pub fn split_clauses(sentence: &str) -> Vec<String> {
    const MIN_CLAUSE_WORDS: usize = 2;
    let words: Vec<&str> = sentence.split_whitespace().collect();
    let mut clauses = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for (index, word) in words.iter().enumerate() {
        current.push(word);
        let bare = word.trim_end_matches([',', '，']);
        let auxiliary_follows = bare.ends_with('고')
            && words.get(index + 1).is_some_and(|next| {
                AUXILIARIES_AFTER_GO
                    .iter()
                    .any(|auxiliary| next.starts_with(auxiliary))
            });
        // Any verb in 고 closes a clause when a comma follows it ("만났고,").
        let closes = (CLAUSE_ENDINGS.iter().any(|ending| bare.ends_with(ending))
            || word.ends_with("고,"))
            && !auxiliary_follows;
        if closes && current.len() >= MIN_CLAUSE_WORDS && words.len() - index > MIN_CLAUSE_WORDS {
            clauses.push(current.join(" "));
            current.clear();
        }
    }
    if !current.is_empty() {
        clauses.push(current.join(" "));
    }
    clauses
}

fn push_sentence(sentences: &mut Vec<String>, chars: &[char]) {
    let sentence: String = chars.iter().collect();
    let trimmed = sentence.trim();
    if !trimmed.is_empty() {
        sentences.push(trimmed.to_owned());
    }
}

fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '?' | '!' | '。' | '？' | '！')
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | '」' | '』' | ')' | ']' | '»')
}

/// Whether a sentence ends right after `chars[index]`.
fn ends_sentence_at(chars: &[char], start: usize, index: usize) -> bool {
    let next = chars.get(index + 1);
    if next.is_some_and(|c| !c.is_whitespace()) {
        return false;
    }
    let mut last = index;
    while last > start && is_closer(chars[last]) {
        last -= 1;
    }
    if !is_terminator(chars[last]) {
        return false;
    }
    let continues_lowercase = chars[index + 1..]
        .iter()
        .find(|c| !c.is_whitespace())
        .is_some_and(|c| c.is_ascii_lowercase());
    let closes_abbreviation = chars[last] == '.' && follows_abbreviation(chars, start, last);
    !continues_lowercase && !closes_abbreviation
}

/// English abbreviations that end in a period without ending a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "no", "inc", "corp", "co", "ltd",
    "gov", "sen", "rep", "gen", "lt", "col", "capt", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec", "approx", "dept", "est", "fig",
];

/// Whether the period at `period` closes an abbreviation, an initial or a dotted acronym.
fn follows_abbreviation(chars: &[char], start: usize, period: usize) -> bool {
    let word_start = (start..period)
        .rev()
        .find(|&i| chars[i].is_whitespace() || chars[i] == '(' || chars[i] == '"')
        .map_or(start, |i| i + 1);
    let word: String = chars[word_start..period].iter().collect();
    let is_initial = word.chars().count() == 1 && word.chars().all(|c| c.is_ascii_uppercase());
    let is_dotted_acronym =
        word.contains('.') && word.chars().all(|c| c.is_ascii_alphabetic() || c == '.');
    is_initial || is_dotted_acronym || ABBREVIATIONS.contains(&word.to_lowercase().as_str())
}

/// Nesting depth of quotes and parentheses after each character, or `None` when they do not
/// balance (a stray bracket), in which case quotes are not trusted. An apostrophe sits
/// between ASCII letters ("company's"); a Korean closing quote is followed by a particle
/// ("‘비전 프로’를") and still closes.
fn quote_depths(chars: &[char]) -> Option<Vec<usize>> {
    let mut depths = Vec::with_capacity(chars.len());
    let mut nested: usize = 0;
    let mut in_double = false;
    let mut in_single = false;
    for (index, &c) in chars.iter().enumerate() {
        let is_apostrophe = index > 0
            && chars[index - 1].is_ascii_alphanumeric()
            && chars
                .get(index + 1)
                .is_some_and(|next| next.is_ascii_alphanumeric());
        match c {
            '“' | '‘' | '「' | '『' | '(' | '«' => nested += 1,
            '’' if is_apostrophe => {}
            '”' | '’' | '」' | '』' | ')' | '»' => nested = nested.checked_sub(1)?,
            '"' => in_double = !in_double,
            '\'' if !is_apostrophe => in_single = !in_single,
            _ => {}
        }
        depths.push(nested + usize::from(in_double) + usize::from(in_single));
    }
    (depths.last().is_none_or(|&depth| depth == 0)).then_some(depths)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED_000: &str = include_str!("../../seeds/000_9e1cb2a4c91fb832.txt");
    const SEED_001: &str = include_str!("../../seeds/001_7f3208e37ee62be8.txt");
    const SEED_002: &str = include_str!("../../seeds/002_08b2ca90e8545f28.txt");
    const SEED_003: &str = include_str!("../../seeds/003_9e80d11cb06229f5.txt");
    const SEED_004: &str = include_str!("../../seeds/004_70d275e89a2f19ee.txt");

    #[test]
    fn sentences_are_cut_into_clauses_after_connective_endings() {
        assert_eq!(
            split_clauses("그는 일본에 들러 AI를 논의하고, 지도자들을 만나고 있다”면서 라마를 논의할 것”이라고 했다."),
            vec![
                "그는 일본에 들러 AI를 논의하고,",
                "지도자들을 만나고 있다”면서",
                "라마를 논의할 것”이라고 했다.",
            ]
        );
        // "-하고 있다" is one verb; a clause needs two words on each side of the cut.
        assert_eq!(
            split_clauses("양사가 협력을 논의하고 있는 것으로 알려졌다."),
            vec!["양사가 협력을 논의하고 있는 것으로 알려졌다."]
        );
        assert_eq!(split_clauses("협력했고 끝났다."), vec!["협력했고 끝났다."]);
        assert_eq!(
            split_clauses("삼성은 LG와 협력한다."),
            vec!["삼성은 LG와 협력한다."]
        );
    }

    fn body(cleaned: &Cleaned) -> String {
        cleaned.paragraphs.join("\n")
    }

    fn assert_kept(cleaned: &Cleaned, sentences: &[&str]) {
        let body = body(cleaned);
        for sentence in sentences {
            assert!(body.contains(sentence), "lost {sentence:?} from:\n{body}");
        }
    }

    fn assert_removed(cleaned: &Cleaned, chrome: &[&str]) {
        for paragraph in &cleaned.paragraphs {
            for piece in chrome {
                assert!(
                    !paragraph.contains(piece),
                    "{piece:?} left in {paragraph:?}"
                );
            }
        }
    }

    fn assert_no_repeats(cleaned: &Cleaned) {
        for (index, paragraph) in cleaned.paragraphs.iter().enumerate() {
            assert!(
                !cleaned.paragraphs[index + 1..].contains(paragraph),
                "repeated paragraph {paragraph:?}"
            );
            assert_ne!(Some(paragraph), cleaned.title.as_ref(), "title repeated");
        }
    }

    /// Every line of the seed of at least `min_chars` that is not chrome on its own
    /// survives somewhere in the body (checked by a piece from its middle).
    fn assert_long_lines_survive(seed: &str, cleaned: &Cleaned, min_chars: usize) {
        let body = body(cleaned);
        for line in seed.lines().map(Line::parse) {
            let length = char_count(&line.text);
            if length >= min_chars && !is_chrome_line(&line.text) {
                let middle: String = line.text.chars().skip(length / 2).take(25).collect();
                assert!(body.contains(&middle), "lost line with {middle:?}");
            }
        }
    }

    #[test]
    fn seed_000_global_economic() {
        let cleaned = clean(SEED_000);
        assert_eq!(
            cleaned.title.as_deref(),
            Some("여행이라던 저커버그, 한국서 AI·XR동맹 구축하고 떠났다")
        );
        assert_eq!(cleaned.outlet.as_deref(), Some("글로벌이코노믹"));
        assert_eq!(cleaned.date, None);
        assert_eq!(
            cleaned.paragraphs[0],
            "파운드리·HBM·패키징까지 가능한 삼성전자, AI반도체 파트너로 낙점"
        );
        assert_eq!(
            cleaned.paragraphs[1],
            "XR헤드셋 개발중인 LG전자, 플랫폼·노하우 공유로 시너지 기대"
        );
        assert_kept(
            &cleaned,
            &[
                "마크 저커버그 메타 최고경영자(CEO)가 2박3일간의",
                "국내 스타트업들과의 협력도 본격화할 것으로 전망된다.",
                "메타는 XR사업분야에서 LG전자와의 협력도 확실히 했다.",
                "\"필요하다면 정부 차원에서 양국 기업간 협력을 적극 지원하겠다\"고 했다.",
            ],
        );
        assert_removed(
            &cleaned,
            &[
                "닫기",
                "사진=",
                "이미지 확대보기",
                "jangys@",
                "장용석",
                "기념촬영",
            ],
        );
        assert!(!cleaned
            .paragraphs
            .iter()
            .any(|p| p == "글로벌이코노믹" || p == "공유" || p == "1"));
        assert_eq!(cleaned.paragraphs.len(), 11);
        assert_no_repeats(&cleaned);
        assert_long_lines_survive(SEED_000, &cleaned, 60);
    }

    #[test]
    fn seed_001_apple_economy() {
        let cleaned = clean(SEED_001);
        assert_eq!(
            cleaned.title.as_deref(),
            Some("외신들 ‘저커버그가 서울에 온 까닭’ 주목, “LG와 ‘퀘스트’, 삼성과 AI칩”")
        );
        assert_eq!(cleaned.outlet.as_deref(), Some("애플경제"));
        assert_eq!(cleaned.date, None);
        assert!(cleaned.paragraphs[0].starts_with("LG전자와 XR기술 등 협업 모색"));
        assert!(cleaned.paragraphs[2].starts_with("메타 CEO 마크 저커버그가 자사가 풀어야 할"));
        assert_kept(
            &cleaned,
            &[
                "LG전자 조주완 사장과 ‘XR’ 파트너십 등 논의?",
                "삼성 이재용 회장과 AI칩 파트너 가능성 논의?",
                "또 다른 ‘장외 비즈니스’ 현장이 될 것으로 보인다.",
                "약 10조원 가량을 확보할 예정이다.",
            ],
        );
        assert_removed(
            &cleaned,
            &[
                "[애플경제",
                "전윤미",
                "사진=",
                "어도비 스톡",
                "저작권자",
                "무단전재",
            ],
        );
        assert_no_repeats(&cleaned);
        assert_long_lines_survive(SEED_001, &cleaned, 60);
    }

    #[test]
    fn seed_002_unification_economy_news() {
        let cleaned = clean(SEED_002);
        assert_eq!(
            cleaned.title.as_deref(),
            Some("메타 저커버그 CEO 한국 방문, LG·삼성·스타트업에 윤 대통령까지 '숨가쁜 행보'")
        );
        assert_eq!(cleaned.outlet.as_deref(), Some("통일경제뉴스"));
        assert_eq!(cleaned.date.as_deref(), Some("2024-02-29"));
        assert!(cleaned.paragraphs[0].starts_with("일본 이어 10년만에 2박3일간 방한"));
        assert!(cleaned.paragraphs[1].starts_with("페이스북 등을 운영하는 미국의 빅테크 기업"));
        assert_kept(
            &cleaned,
            &[
                "29일 재계에 따르면 메타의 마크 저커버그 최고경영자(CEO)는",
                "“메타와 함께 만든 XR 기기를 내년 상용화할 것”이라고 밝혔다.",
                "향후 행보에 관심이 쏠리고 있다.",
            ],
        );
        assert_removed(
            &cleaned,
            &[
                "kotrin3",
                "정연미",
                "승인",
                "댓글",
                "공유합니다",
                "사진=",
                "관련기사",
                "법인명",
                "내수동",
                "02-529",
                "제호",
                "강동호",
                "Copyright",
                "ND소프트",
                "윤리강령",
            ],
        );
        assert_eq!(cleaned.paragraphs.len(), 18);
        assert_no_repeats(&cleaned);
        assert_long_lines_survive(SEED_002, &cleaned, 60);
    }

    #[test]
    fn seed_003_smes_news() {
        let cleaned = clean(SEED_003);
        assert_eq!(
            cleaned.title.as_deref(),
            Some("저커버그, 자체 개발 AI칩 삼성과 협력 가능성 시사")
        );
        assert_eq!(cleaned.outlet.as_deref(), Some("중소기업신문"));
        assert_eq!(cleaned.date, None);
        assert_eq!(
            cleaned.paragraphs[0],
            "샘 올트먼, 삼성과 AI반도체…SK와 HBM 협력 논의"
        );
        assert_eq!(
            cleaned.paragraphs[1],
            "우리나라가 글로벌 빅테크 기업들의 AI 경쟁에 있어 주요 파트너 국가로 떠오르고 있다."
        );
        assert_kept(
            &cleaned,
            &[
                "지난해 3분기 기준 TSMC의 반도체 파운드리 시장 점유율은 57.9%다.",
                "삼성전자와 엔비디아, Arm, 소프트뱅크 등이 창립 멤버로 참여했다.",
            ],
        );
        assert_removed(&cleaned, &["사진/연합뉴스", "저작권자", "무단전재"]);
        assert_eq!(cleaned.paragraphs.len(), 16);
        assert_no_repeats(&cleaned);
        assert_long_lines_survive(SEED_003, &cleaned, 40);
    }

    #[test]
    fn seed_004_aju_business() {
        let cleaned = clean(SEED_004);
        assert_eq!(
            cleaned.title.as_deref(),
            Some("테드·올트먼 이어 저커버그까지…글로벌 혁신 기업가, 韓 방문 러시")
        );
        assert_eq!(cleaned.outlet.as_deref(), Some("아주경제"));
        assert_eq!(cleaned.date.as_deref(), Some("2024-02-21"));
        assert_eq!(cleaned.paragraphs[0], "AI 시대 반도체 강국 韓 협력 '필수'");
        assert_eq!(cleaned.paragraphs[1], "글로벌 OTT, K-콘텐츠 투자협력 강화");
        assert!(cleaned.paragraphs[2].starts_with("전 세계 빅테크 시장을 이끄는 기업 대표들이"));
        assert_kept(
            &cleaned,
            &[
                "서랜도스 CEO가 직접 의중을 파악하기 위해 나선 것이라는 해석도 나온다.",
                "올트먼 CEO는 약 9300조원에 달하는 투자비를 조달할 방침이어서",
            ],
        );
        assert_removed(
            &cleaned,
            &[
                "자동 요약",
                "글자크기",
                "댓글",
                "로그인",
                "닫기",
                "신고",
                "차단",
                "참여하셨습니다",
                "공유하기",
                "언어선택",
                "베트남어",
                "무단전재",
                "2024-02-21",
            ],
        );
        assert!(!cleaned.paragraphs.iter().any(|p| p == "d"));
        assert_eq!(cleaned.paragraphs.len(), 11);
        assert_no_repeats(&cleaned);
        assert_long_lines_survive(SEED_004, &cleaned, 60);
    }

    #[test]
    fn bylines_and_emails_are_removed() {
        let cleaned = clean(
            "제목입니다 충분히 긴 제목\n\n[서울=뉴시스] 홍길동 기자 = 정부가 새 정책을 발표했다.\n\n(서울=연합뉴스) 김철수·이영희 기자 = 국회가 법안을 통과시켰다.\n\n문의는 본문 중간 press@example.com 주소로 받는다고 회사 측이 밝혔다.\n\n정연미 기자 kotrin3@hanmail.net\n\n기자\n\n홍길동 기자",
        );
        assert_eq!(
            cleaned.paragraphs,
            [
                "정부가 새 정책을 발표했다.",
                "국회가 법안을 통과시켰다.",
                "문의는 본문 중간 주소로 받는다고 회사 측이 밝혔다.",
            ]
        );
        assert_eq!(cleaned.outlet.as_deref(), Some("뉴시스"));
    }

    #[test]
    fn trailing_byline_in_a_paragraph_is_removed() {
        let cleaned = clean("본문 첫 문장이다. 회사는 계획을 밝혔다. /홍길동 기자 hong@news.kr");
        assert_eq!(
            cleaned.paragraphs,
            ["본문 첫 문장이다. 회사는 계획을 밝혔다."]
        );
    }

    #[test]
    fn photo_captions_are_removed() {
        let cleaned = clean(
            "첫 줄은 본문 문장으로 시작한다. 제목이 없는 기사다.\n\n\
             마크 저커버그 메타 CEO. 사진=연합뉴스\n\
             마크 저커버그 메타 CEO. 사진/연합뉴스\n\
             회의 모습. (사진=어도비 스톡)\n\
             [사진=연합뉴스] 회의 모습\n\
             [사진]\n\
             이미지 확대보기\n\
             조주완 사장(왼쪽부터), 저커버그 CEO가 기념촬영했다. /사진=LG전자 제공\n\
             참석자들이 행사장에서 기념촬영을 하고 있다. LG전자 제공\n\
             김 대표(오른쪽)와 박 사장이 협약서에 서명하고 있다.\n\
             행사에는 300명이 참석했고 참석자들은 기념촬영했다.\n\
             회사는 서비스를 무료로 제공\n\
             긴 본문 안의 사진 언급(사진=연합뉴스)은 지우되 나머지 본문 문장은 모두 남긴다. 이 문장은 충분히 길어서 캡션으로 보지 않는다. 그리고 끝까지 이어진다.",
        );
        assert_eq!(
            cleaned.paragraphs,
            [
                "첫 줄은 본문 문장으로 시작한다. 제목이 없는 기사다.",
                "행사에는 300명이 참석했고 참석자들은 기념촬영했다.",
                "회사는 서비스를 무료로 제공",
                "긴 본문 안의 사진 언급은 지우되 나머지 본문 문장은 모두 남긴다. 이 문장은 충분히 길어서 캡션으로 보지 않는다. 그리고 끝까지 이어진다.",
            ]
        );
        assert_eq!(cleaned.title, None);
    }

    #[test]
    fn copyright_lines_are_removed_and_name_the_outlet() {
        for (line, outlet) in [
            ("저작권자 © 애플경제 무단전재 및 재배포 금지", "애플경제"),
            (
                "Copyright © 2024 통일경제뉴스. All rights reserved.",
                "통일경제뉴스",
            ),
            (
                "©'5개국어 글로벌 경제신문' 아주경제. 무단전재·재배포 금지",
                "아주경제",
            ),
            ("<저작권자(c) 연합뉴스, 무단 전재-재배포 금지>", "연합뉴스"),
            ("ⓒ 한국경제신문, 무단전재 및 재배포 금지", "한국경제신문"),
        ] {
            let cleaned = clean(&format!("본문 문장이다. 정부가 발표했다.\n\n{line}"));
            assert_eq!(
                cleaned.paragraphs,
                ["본문 문장이다. 정부가 발표했다."],
                "{line}"
            );
            assert_eq!(cleaned.outlet.as_deref(), Some(outlet), "{line}");
        }
    }

    #[test]
    fn widgets_are_removed() {
        let cleaned = clean(
            "본문 첫 문장이다. 제목 없이 시작한다.\n\n닫기\n공유\n이 기사를 공유합니다\nURL 복사\n스크랩\n인쇄\n가+\n가-\n글자크기 설정\n좋아요 3\n추천\n구독\n댓글 0\n로그인\n신고\n로그인 하시겠습니까?\n0 / 300\n\n둘째 문단도 본문이다.",
        );
        assert_eq!(
            cleaned.paragraphs,
            [
                "본문 첫 문장이다. 제목 없이 시작한다.",
                "둘째 문단도 본문이다."
            ]
        );
    }

    #[test]
    fn comment_section_after_footer_is_cut() {
        let cleaned = clean(
            "본문 첫 문장이다. 제목 없이 시작한다.\n\n저작권자 © 뉴스 무단전재\n\n0개의 댓글\n이미 참여하셨습니다.\n사용자 차단 시 게시물을 볼 수 없습니다.\n공지사항 안내",
        );
        assert_eq!(
            cleaned.paragraphs,
            ["본문 첫 문장이다. 제목 없이 시작한다."]
        );
    }

    #[test]
    fn a_comment_counter_in_parentheses_is_cut() {
        let cleaned = clean(
            "본문 첫 문장이다. 제목 없이 시작한다.\n\n이 기사에 대한 댓글 (0)\n로그인 후 댓글을 작성할 수 있습니다.",
        );
        assert_eq!(
            cleaned.paragraphs,
            ["본문 첫 문장이다. 제목 없이 시작한다."]
        );
        assert!(is_widget("댓글 (12)"));
    }

    #[test]
    fn footer_followed_by_article_text_cuts_nothing() {
        let long = "이 문단은 저작권 표시 뒤에 오지만 기사 본문이므로 반드시 남아야 한다. 스크래퍼가 저작권 표시를 본문 위에 둔 페이지를 저장하는 경우가 있기 때문이다. 그런 페이지에서도 본문은 하나도 잃지 않아야 한다.";
        let cleaned = clean(&format!(
            "ⓒ 뉴스 무단전재 금지\n\n{long}\n\n짧은 끝 문단이다."
        ));
        assert_eq!(cleaned.paragraphs, [long, "짧은 끝 문단이다."]);
    }

    #[test]
    fn publisher_box_and_related_articles_are_removed() {
        let cleaned = clean(
            "본문 첫 문장이다. 제목 없이 시작한다.\n\n관련기사\n\n• 메타, LG와 XR 협력\n• 삼성, AI칩 공급 논의\n\n둘째 문단은 관련기사 목록 뒤의 본문이다.\n\n  • 법인명 : (사)코트린\n  • 서울특별시 종로구 내수동 75\n  • 대표전화 : 02-529-0742\n  • 제호 : 통일경제뉴스\n  • 등록일 : 2018년 12월 04일",
        );
        assert_eq!(
            cleaned.paragraphs,
            [
                "본문 첫 문장이다. 제목 없이 시작한다.",
                "둘째 문단은 관련기사 목록 뒤의 본문이다."
            ]
        );
        assert_eq!(cleaned.outlet.as_deref(), Some("통일경제뉴스"));
        assert_eq!(
            cleaned.date, None,
            "a registration date is not the article date"
        );
    }

    #[test]
    fn dates_are_taken_from_metadata_lines() {
        for (line, date) in [
            ("승인 2024.02.29 17:32", "2024-02-29"),
            ("기사입력 2024-02-29 오후 5:32", "2024-02-29"),
            ("입력 : 2024/2/9 | 수정 : 2024/2/10", "2024-02-09"),
            ("등록 2024년 2월 29일 17:32", "2024-02-29"),
            ("2024년 3월 1일", "2024-03-01"),
            ("2024-02-21 15:17", "2024-02-21"),
        ] {
            let cleaned = clean(&format!("제목이 여기에 있다\n{line}\n\n본문 문장이다."));
            assert_eq!(cleaned.date.as_deref(), Some(date), "{line}");
            assert_eq!(cleaned.paragraphs, ["본문 문장이다."], "{line}");
        }
        let in_body = clean("2024년 2월 29일 서울 여의도에서 행사가 열렸다.");
        assert_eq!(in_body.date, None);
        assert_eq!(in_body.paragraphs.len(), 1);
    }

    #[test]
    fn repeated_headline_is_kept_once_as_title() {
        let cleaned = clean(
            "사이트이름\n\n삼성, 메타와 AI칩 협력\n공유\n삼성, 메타와 AI칩 협력\n\n본문 문장이다.",
        );
        assert_eq!(cleaned.title.as_deref(), Some("삼성, 메타와 AI칩 협력"));
        assert_eq!(cleaned.paragraphs, ["본문 문장이다."]);
    }

    #[test]
    fn text_without_headline_has_no_title() {
        let cleaned = clean("본문 첫 문장이다. 두 번째 문장이다.\n\n둘째 문단이다.");
        assert_eq!(cleaned.title, None);
        assert_eq!(cleaned.paragraphs.len(), 2);
    }

    #[test]
    fn hard_wrapped_text_is_joined_into_paragraphs() {
        let text = "메타 CEO가 한국을 방문해 LG전자와 삼성전자 경영진을\n\
                    차례로 만났다. 양사는 XR 기기와 AI 반도체 협력 방안을\n\
                    논의한 것으로 알려졌다. 업계는 이번 방한을 주목하고\n\
                    있다.\n\
                    \n\
                    윤 대통령도 저커버그 CEO를 만나 AI 협력을 당부했다고\n\
                    대통령실이 전했다.";
        assert_eq!(
            clean(text).paragraphs,
            [
                "메타 CEO가 한국을 방문해 LG전자와 삼성전자 경영진을 차례로 만났다. 양사는 XR 기기와 AI 반도체 협력 방안을 논의한 것으로 알려졌다. 업계는 이번 방한을 주목하고 있다.",
                "윤 대통령도 저커버그 CEO를 만나 AI 협력을 당부했다고 대통령실이 전했다.",
            ]
        );
    }

    #[test]
    fn unwrapped_lines_stay_separate_paragraphs() {
        let cleaned = clean("첫째 줄 문단이다.\n둘째 줄 문단이다.\n셋째 줄 문단이다.");
        assert_eq!(cleaned.paragraphs.len(), 3);
    }

    #[test]
    fn split_korean_sentences() {
        assert_eq!(
            split_sentences(
                "메타는 AI를 강화했다. 삼성전자도 협력한다! 결과는 어떨까? 지켜볼 일이다."
            ),
            [
                "메타는 AI를 강화했다.",
                "삼성전자도 협력한다!",
                "결과는 어떨까?",
                "지켜볼 일이다."
            ]
        );
    }

    #[test]
    fn split_keeps_decimal_numbers() {
        assert_eq!(
            split_sentences("점유율은 57.9%다. 매출은 3.5조원으로 늘었다."),
            ["점유율은 57.9%다.", "매출은 3.5조원으로 늘었다."]
        );
    }

    #[test]
    fn split_english_with_abbreviations() {
        assert_eq!(
            split_sentences(
                "Mr. Kim met Dr. Lee in the U.S. on Monday. They discussed chips with J. Smith. It's the company's plan."
            ),
            [
                "Mr. Kim met Dr. Lee in the U.S. on Monday.",
                "They discussed chips with J. Smith.",
                "It's the company's plan.",
            ]
        );
    }

    #[test]
    fn split_never_breaks_inside_quotes() {
        assert_eq!(
            split_sentences(
                "황현식 대표도 \"AI가 관심이 높다. 정말 좋겠다\"고 밝혔다. 윤 대통령은 “협력하겠다. 지원하겠다”고 강조했다."
            ),
            [
                "황현식 대표도 \"AI가 관심이 높다. 정말 좋겠다\"고 밝혔다.",
                "윤 대통령은 “협력하겠다. 지원하겠다”고 강조했다.",
            ]
        );
        assert_eq!(
            split_sentences("He said, \"We will win.\" Then he left."),
            ["He said, \"We will win.\"", "Then he left."]
        );
    }

    #[test]
    fn split_treats_korean_closing_quotes_before_particles_as_quotes() {
        assert_eq!(
            split_sentences(
                "윤 대통령은 ‘협력’을 강조하며 “협력하겠다. 지원하겠다”고 말했다. 메타는 '비전 프로'를 언급했다. \"좋다. 정말\"이라고 했다."
            ),
            [
                "윤 대통령은 ‘협력’을 강조하며 “협력하겠다. 지원하겠다”고 말했다.",
                "메타는 '비전 프로'를 언급했다.",
                "\"좋다. 정말\"이라고 했다.",
            ]
        );
    }

    #[test]
    fn split_with_unbalanced_quotes_still_splits() {
        assert_eq!(
            split_sentences("그는 “협력하겠다고 말했다. 다음 문장이다."),
            ["그는 “협력하겠다고 말했다.", "다음 문장이다."]
        );
    }

    #[test]
    fn split_handles_empty_and_unterminated_text() {
        assert!(split_sentences("   ").is_empty());
        assert_eq!(split_sentences("마침표 없는 문장"), ["마침표 없는 문장"]);
    }
}
