//! Discovery: expand command-line arguments into the list of articles to read, each with an
//! output name that no other article in the batch shares.

use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::InputError;

/// File extensions read when expanding a folder (compared case-insensitively).
const ARTICLE_EXTENSIONS: &[&str] = &["txt", "md", "html", "htm"];

/// File names (without extension, compared case-insensitively) that a folder holds about
/// its articles, not as one: a corpus's README is no news article.
const FOLDER_DOCUMENTS: &[&str] = &["readme", "license", "changelog"];

/// The argument that means standard input.
const STDIN_ARGUMENT: &str = "-";

/// Output name of the article read from standard input.
const STDIN_STEM: &str = "stdin";

/// One thing to read: a file or standard input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// Where the bytes come from.
    pub source: InputSource,
    /// Output name: the file name without extension, unique within the batch.
    pub stem: String,
}

/// Where an input's bytes come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputSource {
    /// A file, with its path as discovered (as given, or under a given folder).
    File(PathBuf),
    /// Standard input, given as "-".
    Stdin,
}

impl InputSource {
    /// How the input is named in reports and errors: the path as given, or "-" for stdin.
    pub fn label(&self) -> String {
        match self {
            InputSource::File(path) => path.display().to_string(),
            InputSource::Stdin => STDIN_ARGUMENT.to_owned(),
        }
    }
}

/// Expand the command-line arguments: files as given, folders recursively (files with
/// extensions .txt, .md, .html, .htm, without README, LICENSE and CHANGELOG files;
/// sorted by path so batches are deterministic), "-" for
/// stdin. Hidden files and folders (name starting with ".") are skipped inside folders.
///
/// Stems are file names without extension; when two inputs share a stem (same name in
/// different folders, compared case-insensitively because some file systems are), later
/// ones get a disambiguating suffix ("a/x.txt" -> "x", "b/x.txt" -> "x-2") so outputs never
/// overwrite each other.
///
/// A missing or unreadable path is an error for that path only: errors are returned
/// separately so the batch goes on with the rest.
pub fn discover(args: &[PathBuf]) -> (Vec<Input>, Vec<(PathBuf, InputError)>) {
    let mut sources = Vec::new();
    let mut errors = Vec::new();
    for arg in args {
        expand_argument(arg, &mut sources, &mut errors);
    }
    (assign_stems(sources), errors)
}

/// Add the sources one argument stands for, or the errors that prevented it.
fn expand_argument(
    arg: &Path,
    sources: &mut Vec<InputSource>,
    errors: &mut Vec<(PathBuf, InputError)>,
) {
    if arg.as_os_str() == STDIN_ARGUMENT {
        sources.push(InputSource::Stdin);
        return;
    }
    match fs::metadata(arg) {
        Ok(metadata) if metadata.is_dir() => {
            let mut files = Vec::new();
            collect_folder(arg, &mut files, errors);
            files.sort();
            sources.extend(files.into_iter().map(InputSource::File));
        }
        Ok(_) => sources.push(InputSource::File(arg.to_path_buf())),
        Err(error) => errors.push((arg.to_path_buf(), path_error(arg, error))),
    }
}

/// Collect the article files under `folder`, recursively; unreadable sub-folders are
/// reported and skipped.
fn collect_folder(
    folder: &Path,
    files: &mut Vec<PathBuf>,
    errors: &mut Vec<(PathBuf, InputError)>,
) {
    let entries = match fs::read_dir(folder) {
        Ok(entries) => entries,
        Err(error) => {
            errors.push((folder.to_path_buf(), path_error(folder, error)));
            return;
        }
    };
    for entry in entries {
        let path = match entry {
            Ok(entry) => entry.path(),
            Err(error) => {
                errors.push((folder.to_path_buf(), path_error(folder, error)));
                continue;
            }
        };
        if is_hidden(&path) || is_folder_document(&path) {
            continue;
        }
        match fs::metadata(&path) {
            Ok(metadata) if metadata.is_dir() => collect_folder(&path, files, errors),
            Ok(metadata) if metadata.is_file() && has_article_extension(&path) => files.push(path),
            Ok(_) => {}
            Err(error) => errors.push((path.clone(), path_error(&path, error))),
        }
    }
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|name| name.to_string_lossy().starts_with('.'))
}

fn is_folder_document(path: &Path) -> bool {
    path.file_stem().is_some_and(|stem| {
        FOLDER_DOCUMENTS.contains(&stem.to_string_lossy().to_lowercase().as_str())
    })
}

fn has_article_extension(path: &Path) -> bool {
    path.extension().is_some_and(|extension| {
        let extension = extension.to_string_lossy().to_lowercase();
        ARTICLE_EXTENSIONS.contains(&extension.as_str())
    })
}

/// "Not found" for a missing path, "unreadable" for any other failure.
fn path_error(path: &Path, error: io::Error) -> InputError {
    let path = path.display().to_string();
    if error.kind() == io::ErrorKind::NotFound {
        InputError::NotFound { path }
    } else {
        InputError::Unreadable {
            path,
            source: error,
        }
    }
}

/// Give every source a stem no earlier source has taken.
fn assign_stems(sources: Vec<InputSource>) -> Vec<Input> {
    let mut taken = HashSet::new();
    sources
        .into_iter()
        .map(|source| {
            let stem = unique_stem(&base_stem(&source), &mut taken);
            Input { source, stem }
        })
        .collect()
}

fn base_stem(source: &InputSource) -> String {
    match source {
        InputSource::File(path) => path
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
            .filter(|stem| !stem.is_empty())
            .unwrap_or_else(|| "article".to_owned()),
        InputSource::Stdin => STDIN_STEM.to_owned(),
    }
}

/// `base`, or `base-2`, `base-3`, … whichever is free; records the choice in `taken`.
fn unique_stem(base: &str, taken: &mut HashSet<String>) -> String {
    let mut candidate = base.to_owned();
    let mut counter = 1;
    while !taken.insert(candidate.to_lowercase()) {
        counter += 1;
        candidate = format!("{base}-{counter}");
    }
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(path: &Path) {
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).unwrap();
        }
        fs::write(path, "본문").unwrap();
    }

    fn file_paths(inputs: &[Input]) -> Vec<PathBuf> {
        inputs
            .iter()
            .filter_map(|input| match &input.source {
                InputSource::File(path) => Some(path.clone()),
                InputSource::Stdin => None,
            })
            .collect()
    }

    fn stems(inputs: &[Input]) -> Vec<&str> {
        inputs.iter().map(|input| input.stem.as_str()).collect()
    }

    #[test]
    fn folders_are_expanded_recursively_sorted_and_filtered() {
        let root = tempfile::tempdir().unwrap();
        let base = root.path();
        for name in [
            "b.txt",
            "a.md",
            "c.HTML",
            "d.htm",
            "notes.pdf",
            "image.png",
            "sub/z.txt",
            "sub/deeper/y.txt",
            ".hidden.txt",
            ".git/config.txt",
            "noext",
            "README.md",
            "sub/license.txt",
        ] {
            write(&base.join(name));
        }
        let (inputs, errors) = discover(&[base.to_path_buf()]);
        assert!(errors.is_empty());
        let expected: Vec<PathBuf> = [
            "a.md",
            "b.txt",
            "c.HTML",
            "d.htm",
            "sub/deeper/y.txt",
            "sub/z.txt",
        ]
        .iter()
        .map(|name| base.join(name))
        .collect();
        assert_eq!(file_paths(&inputs), expected);
        assert_eq!(stems(&inputs), ["a", "b", "c", "d", "y", "z"]);
    }

    #[test]
    fn files_are_taken_as_given_whatever_the_extension() {
        let root = tempfile::tempdir().unwrap();
        let log = root.path().join("article.log");
        write(&log);
        let (inputs, errors) = discover(std::slice::from_ref(&log));
        assert!(errors.is_empty());
        assert_eq!(
            inputs,
            [Input {
                source: InputSource::File(log),
                stem: "article".to_owned()
            }]
        );
    }

    #[test]
    fn duplicate_stems_get_suffixes() {
        let root = tempfile::tempdir().unwrap();
        let base = root.path();
        for name in ["a/x.txt", "b/x.txt", "c/X.md", "x-2.txt"] {
            write(&base.join(name));
        }
        let args = [
            base.join("a"),
            base.join("b"),
            base.join("c"),
            base.join("x-2.txt"),
        ];
        let (inputs, errors) = discover(&args);
        assert!(errors.is_empty());
        assert_eq!(stems(&inputs), ["x", "x-2", "X-3", "x-2-2"]);
    }

    #[test]
    fn dash_means_stdin() {
        let (inputs, errors) = discover(&[PathBuf::from("-")]);
        assert!(errors.is_empty());
        assert_eq!(
            inputs,
            [Input {
                source: InputSource::Stdin,
                stem: "stdin".to_owned()
            }]
        );
        assert_eq!(InputSource::Stdin.label(), "-");
    }

    #[test]
    fn missing_paths_are_reported_and_the_batch_goes_on() {
        let root = tempfile::tempdir().unwrap();
        let present = root.path().join("present.txt");
        write(&present);
        let missing = root.path().join("missing.txt");
        let (inputs, errors) = discover(&[missing.clone(), present.clone(), PathBuf::from("-")]);
        assert_eq!(file_paths(&inputs), [present]);
        assert_eq!(inputs.len(), 2);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].0, missing);
        assert!(matches!(errors[0].1, InputError::NotFound { .. }));
        assert!(errors[0].1.to_string().contains("missing.txt"));
    }
}
