//! Atomic file writes: a temporary file in the same folder, then a rename, so a killed
//! run never leaves a half-written summary, brief or cache entry behind.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// A write that failed, with the path it was for.
#[derive(Debug, thiserror::Error)]
#[error("{path}: cannot write — check that the output folder is writable and the disk has space")]
pub struct WriteError {
    /// The file that was being written.
    pub path: PathBuf,
    /// What the file system said.
    #[source]
    pub source: std::io::Error,
}

/// Write `contents` to `path` atomically, creating parent folders as needed.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<(), WriteError> {
    let fail = |source| WriteError {
        path: path.to_path_buf(),
        source,
    };
    let folder = path.parent().unwrap_or_else(|| Path::new("."));
    fs::create_dir_all(folder).map_err(fail)?;
    let file_name = path
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = folder.join(format!(".{file_name}.{}.tmp", std::process::id()));
    let written = fs::File::create(&temporary).and_then(|mut file| {
        file.write_all(contents)?;
        file.sync_all()
    });
    if let Err(source) = written.and_then(|()| fs::rename(&temporary, path)) {
        // Best effort: the temporary file is ours and useless now.
        let _ = fs::remove_file(&temporary);
        return Err(fail(source));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_whole_files_and_leaves_no_temporary_behind() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a/b/out.md");
        write_atomic(&path, b"first").unwrap();
        write_atomic(&path, b"second").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "second");
        let names: Vec<_> = fs::read_dir(path.parent().unwrap())
            .unwrap()
            .map(|entry| entry.unwrap().file_name())
            .collect();
        assert_eq!(names, vec!["out.md"]);
    }

    #[test]
    fn a_path_under_a_file_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("file");
        fs::write(&file, "x").unwrap();
        let err = write_atomic(&file.join("out.md"), b"x").unwrap_err();
        assert!(err.to_string().contains("cannot write"));
    }
}
