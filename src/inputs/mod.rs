//! Inputs: find the files to read, decode their bytes to text, and clean scraped pages
//! down to the article a model should see.

pub mod clean;
pub mod decode;
pub mod discover;
pub mod html;

use std::io::{self, Read};
use std::path::Path;

use decode::DecodeError;
use discover::{Input, InputSource};

/// Why one input could not become an article; every message names the input's path (or
/// "-" for standard input) and what to check.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    /// The path does not exist.
    #[error("{path}: not found — check the path (a file, a folder, or \"-\" for standard input)")]
    NotFound { path: String },
    /// The path exists but could not be read.
    #[error("{path}: unreadable — check that it is a readable file and you have permission")]
    Unreadable {
        path: String,
        #[source]
        source: io::Error,
    },
    /// Nothing but whitespace to read.
    #[error("{path}: empty file: the file has no text — check that the scraper saved the article")]
    Empty { path: String },
    /// Not a text file.
    #[error("{path}: binary file: this is not text (an image or other binary data?) — pass text, Markdown or HTML files only")]
    Binary { path: String },
    /// Text in an encoding that could not be recognized.
    #[error("{path}: undecodable text: the encoding could not be recognized — re-save the file as UTF-8")]
    Undecodable { path: String },
    /// Cleaning left no article paragraphs, e.g. a file that is mostly markup or menus.
    #[error("{path}: no article text left after cleaning: the file is mostly page markup, menus or widgets — check that the scraper saved the article body")]
    NoArticleText { path: String },
}

impl InputError {
    /// Attach the input's path to a decoding failure.
    fn from_decode(path: String, error: DecodeError) -> InputError {
        match error {
            DecodeError::Empty => InputError::Empty { path },
            DecodeError::Binary => InputError::Binary { path },
            DecodeError::Undecodable => InputError::Undecodable { path },
        }
    }
}

/// One input after decoding and cleaning; what the model sees.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Article {
    /// The path as given, or "-" for standard input.
    pub source: String,
    /// Output name: the file name without extension, unique within the batch.
    pub stem: String,
    /// The detected encoding: "UTF-8", "UTF-8 (BOM)", "UTF-16LE", "EUC-KR", …
    pub encoding: String,
    /// The headline: the one at the top of the text, or the HTML page's.
    pub title: Option<String>,
    /// The outlet, where the text names it.
    pub outlet: Option<String>,
    /// The date as stated in a metadata line, normalized to YYYY-MM-DD.
    pub date: Option<String>,
    /// Cleaned article body, one paragraph per entry, title not repeated.
    pub paragraphs: Vec<String>,
    /// Characters of the cleaned body (all paragraphs), for budgeting model context.
    pub cleaned_chars: usize,
}

impl Article {
    /// Title and body as one text, one paragraph per line: what names are extracted
    /// from and what identifies the article in cache keys.
    pub fn full_text(&self) -> String {
        format!(
            "{}\n{}",
            self.title.as_deref().unwrap_or(""),
            self.paragraphs.join("\n")
        )
    }
}

/// Read, decode, strip markup if HTML, clean.
///
/// HTML is recognized by content ([`html::looks_like_html`]) or by an .html/.htm extension.
/// Fails with an [`InputError`] naming the path when the input cannot be read, is empty,
/// binary or undecodable, or when no article paragraph survives cleaning.
pub fn load_article(input: &Input) -> Result<Article, InputError> {
    let path = input.source.label();
    let bytes = read_source(&input.source)?;
    let decoded =
        decode::decode(&bytes).map_err(|error| InputError::from_decode(path.clone(), error))?;
    let text = if is_html(&input.source, &decoded.text) {
        readable_page_text(&decoded.text)
    } else {
        decoded.text
    };
    let cleaned = clean::clean(&text);
    if cleaned.paragraphs.is_empty() {
        return Err(InputError::NoArticleText { path });
    }
    Ok(Article {
        source: path,
        stem: input.stem.clone(),
        encoding: decoded.encoding.to_owned(),
        cleaned_chars: cleaned
            .paragraphs
            .iter()
            .map(|paragraph| paragraph.chars().count())
            .sum(),
        title: cleaned.title,
        outlet: cleaned.outlet,
        date: cleaned.date,
        paragraphs: cleaned.paragraphs,
    })
}

/// The page's readable text with its headline on top, where cleaning expects a headline
/// (and merges it with the same headline repeated by an `<h1>`).
fn readable_page_text(html_source: &str) -> String {
    let page = html::html_to_text(html_source);
    match page.title {
        Some(title) => format!("{title}\n\n{}", page.text),
        None => page.text,
    }
}

/// All bytes of a file or of standard input.
fn read_source(source: &InputSource) -> Result<Vec<u8>, InputError> {
    let result = match source {
        InputSource::File(path) => std::fs::read(path),
        InputSource::Stdin => {
            let mut bytes = Vec::new();
            io::stdin().read_to_end(&mut bytes).map(|_| bytes)
        }
    };
    result.map_err(|error| {
        let path = source.label();
        if error.kind() == io::ErrorKind::NotFound {
            InputError::NotFound { path }
        } else {
            InputError::Unreadable {
                path,
                source: error,
            }
        }
    })
}

/// HTML by extension, or by content for files saved under another name.
fn is_html(source: &InputSource, text: &str) -> bool {
    let has_html_extension = match source {
        InputSource::File(path) => has_extension(path, &["html", "htm"]),
        InputSource::Stdin => false,
    };
    has_html_extension || html::looks_like_html(text)
}

fn has_extension(path: &Path, extensions: &[&str]) -> bool {
    path.extension().is_some_and(|extension| {
        extensions.contains(&extension.to_string_lossy().to_lowercase().as_str())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn file_input(path: PathBuf) -> Input {
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        Input {
            source: InputSource::File(path),
            stem,
        }
    }

    fn load_bytes(name: &str, bytes: &[u8]) -> Result<Article, InputError> {
        let root = tempfile::tempdir().unwrap();
        let path = root.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        load_article(&file_input(path))
    }

    #[test]
    fn loads_a_seed_article() {
        let article = load_bytes(
            "002.txt",
            include_str!("../../seeds/002_08b2ca90e8545f28.txt").as_bytes(),
        )
        .unwrap();
        assert_eq!(article.stem, "002");
        assert!(article.source.ends_with("002.txt"));
        assert_eq!(article.encoding, "UTF-8");
        assert_eq!(article.outlet.as_deref(), Some("통일경제뉴스"));
        assert_eq!(article.date.as_deref(), Some("2024-02-29"));
        assert_eq!(article.paragraphs.len(), 18);
        let chars: usize = article.paragraphs.iter().map(|p| p.chars().count()).sum();
        assert_eq!(article.cleaned_chars, chars);
    }

    #[test]
    fn loads_euc_kr_html_with_the_page_title() {
        let page = "<html><head><title>삼성, 메타와 협력 - 뉴스</title></head><body>\
                    <nav>홈 정치 경제</nav><h1>삼성, 메타와 협력</h1>\
                    <p>삼성전자가 메타와 인공지능 반도체 협력을 논의했다. 양사는 구체적인 내용을 밝히지 않았다.</p>\
                    <p>업계는 협력이 확대될 것으로 보고 있다.</p></body></html>";
        let (bytes, _, _) = encoding_rs::EUC_KR.encode(page);
        let article = load_bytes("page.html", &bytes).unwrap();
        assert_eq!(article.encoding, "EUC-KR");
        assert_eq!(article.title.as_deref(), Some("삼성, 메타와 협력"));
        assert_eq!(
            article.paragraphs,
            [
                "삼성전자가 메타와 인공지능 반도체 협력을 논의했다. 양사는 구체적인 내용을 밝히지 않았다.",
                "업계는 협력이 확대될 것으로 보고 있다.",
            ]
        );
    }

    #[test]
    fn reports_each_failure_with_its_path() {
        let missing =
            load_article(&file_input(PathBuf::from("/nonexistent/gone.txt"))).unwrap_err();
        assert!(matches!(missing, InputError::NotFound { .. }));
        assert!(missing
            .to_string()
            .starts_with("/nonexistent/gone.txt: not found"));

        let empty = load_bytes("empty.txt", b"  \n").unwrap_err();
        assert!(matches!(empty, InputError::Empty { .. }));
        assert!(empty.to_string().contains("empty.txt: empty file"));

        let binary = load_bytes("image.txt", &[0x89, b'P', b'N', b'G', 0, 0, 0, 13]).unwrap_err();
        assert!(matches!(binary, InputError::Binary { .. }));

        let chrome_only =
            load_bytes("chrome.txt", "닫기\n공유\n로그인\n댓글 0".as_bytes()).unwrap_err();
        assert!(matches!(chrome_only, InputError::NoArticleText { .. }));
        assert!(chrome_only
            .to_string()
            .contains("chrome.txt: no article text left"));

        let markup_only = load_bytes(
            "menu.html",
            b"<html><body><nav>menu</nav><script>x()</script></body></html>",
        )
        .unwrap_err();
        assert!(matches!(markup_only, InputError::NoArticleText { .. }));
    }

    #[test]
    fn unreadable_path_keeps_the_io_error_as_source() {
        let root = tempfile::tempdir().unwrap();
        let error = load_article(&file_input(root.path().to_path_buf())).unwrap_err();
        assert!(matches!(error, InputError::Unreadable { .. }));
        assert!(std::error::Error::source(&error).is_some());
    }
}
