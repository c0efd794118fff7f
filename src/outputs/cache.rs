//! The per-article result cache under the output folder. A result is keyed by a hash of
//! everything that decides it (cleaned text, model sha256, sampling and pipeline
//! settings, prompt wording), so a rerun after an interruption reuses every finished
//! article, and any change that would alter a result misses the cache. Translations are
//! cached on their own too, under a key of what decides them alone: a rerun with other
//! summary settings reuses them, and they are most of an article's model time.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::write::{write_atomic, WriteError};
use serde::de::DeserializeOwned;
use serde::Serialize;

/// Bump when the pipeline's logic changes in a way the key cannot see.
const CACHE_FORMAT: &str = "brief-article-v3";

/// Folder of cached results inside an output folder.
pub fn cache_dir(out_dir: &Path) -> PathBuf {
    out_dir.join(".cache")
}

/// The cache key of one article: hex sha256 over each part, length-prefixed.
pub fn cache_key(parts: &[&str]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(CACHE_FORMAT.as_bytes());
    for part in parts {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part.as_bytes());
    }
    format!("{:x}", hasher.finalize())
}

/// A stored result, if there is a readable one for `key`. An unreadable or stale entry
/// is a miss, never an error: the article is simply computed again.
pub fn load<T: DeserializeOwned>(out_dir: &Path, key: &str) -> Option<T> {
    let text = std::fs::read_to_string(cache_dir(out_dir).join(format!("{key}.json"))).ok()?;
    serde_json::from_str(&text).ok()
}

/// Store a result under `key`, atomically.
pub fn store<T: Serialize>(out_dir: &Path, key: &str, result: &T) -> Result<(), WriteError> {
    let path = cache_dir(out_dir).join(format!("{key}.json"));
    let json = serde_json::to_vec(result).map_err(|err| WriteError {
        path: path.clone(),
        source: std::io::Error::other(err),
    })?;
    write_atomic(&path, &json)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outputs::records::ArticleResult;
    use crate::pipeline::glossary::Glossary;
    use crate::pipeline::summarize::ArticleSummary;
    use crate::pipeline::translate::Translation;
    use crate::pipeline::ModelUsage;

    #[test]
    fn keys_change_with_any_part_and_not_with_part_boundaries_only() {
        assert_eq!(cache_key(&["a", "b"]), cache_key(&["a", "b"]));
        assert_ne!(cache_key(&["a", "b"]), cache_key(&["a", "c"]));
        assert_ne!(cache_key(&["ab", ""]), cache_key(&["a", "b"]));
    }

    #[test]
    fn results_round_trip_and_corrupt_entries_are_misses() {
        let dir = tempfile::tempdir().unwrap();
        let result = ArticleResult {
            glossary: Glossary::default(),
            translation: Translation::default(),
            summary: ArticleSummary {
                bullets: vec!["A.".to_string()],
                ..ArticleSummary::default()
            },
            usage: ModelUsage::default(),
            seconds: 2.5,
        };
        store(dir.path(), "k", &result).unwrap();
        assert_eq!(load(dir.path(), "k"), Some(result));
        std::fs::write(cache_dir(dir.path()).join("bad.json"), "{").unwrap();
        assert_eq!(load::<ArticleResult>(dir.path(), "bad"), None);
        assert_eq!(load::<ArticleResult>(dir.path(), "absent"), None);
    }
}
