//! Where the model file comes from: a path the user names, a file on the Hugging Face
//! hub (through `hf-hub`, which honours `HF_HOME` and offline mode), or the project's
//! default model under `models/`, fetched by `scripts/fetch-model.sh` when absent.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::ModelError;

/// File name of the default model (Qwen2.5-Coder-1.5B-Instruct, Q4_K_M) under `models/`.
pub const DEFAULT_MODEL_FILE: &str = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf";

/// How the user named the model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModelSource {
    /// A GGUF file on disk.
    Path(PathBuf),
    /// A file in a Hugging Face hub repository.
    Hub { repo: String, file: String },
    /// The default model in the models folder, fetched if absent.
    Default { models_dir: PathBuf },
}

impl ModelSource {
    /// The models folder used when none is given: `$BRIEF_MODELS_DIR`, else the
    /// `models/` folder of the checkout brief was built from.
    pub fn default_models_dir() -> PathBuf {
        std::env::var_os("BRIEF_MODELS_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("models"))
    }

    /// Turn the source into a local file path, downloading when needed. Progress of a
    /// download goes to stderr.
    pub fn resolve(&self) -> Result<PathBuf, ModelError> {
        match self {
            Self::Path(path) => Ok(path.clone()),
            Self::Hub { repo, file } => resolve_hub(repo, file),
            Self::Default { models_dir } => resolve_default(models_dir),
        }
    }
}

/// Whether `HF_HUB_OFFLINE` asks for cache-only hub access.
fn hub_offline() -> bool {
    std::env::var("HF_HUB_OFFLINE")
        .map(|value| matches!(value.trim(), "1" | "true" | "TRUE" | "yes" | "on"))
        .unwrap_or(false)
}

fn resolve_hub(repo: &str, file: &str) -> Result<PathBuf, ModelError> {
    let cache = hf_hub::Cache::from_env();
    if let Some(path) = cache.model(repo.to_string()).get(file) {
        return Ok(path);
    }
    if hub_offline() {
        return Err(ModelError::Fetch(format!(
            "{repo}/{file} is not in the hub cache at {} and HF_HUB_OFFLINE is set — run once with network access, or unset HF_HUB_OFFLINE",
            cache.path().display()
        )));
    }
    let api = hf_hub::api::sync::ApiBuilder::from_cache(cache)
        .with_progress(true)
        .build()
        .map_err(|err| ModelError::Fetch(format!("cannot start the hub client: {err}")))?;
    api.model(repo.to_string()).get(file).map_err(|err| {
        ModelError::Fetch(format!(
            "{repo}/{file}: download from the hub failed ({err}) — check the repo and file names and the network, or pass a local file with --model"
        ))
    })
}

fn resolve_default(models_dir: &Path) -> Result<PathBuf, ModelError> {
    let path = models_dir.join(DEFAULT_MODEL_FILE);
    if path.is_file() {
        return Ok(path);
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/fetch-model.sh");
    if !script.is_file() {
        return Err(ModelError::NotFound { path });
    }
    eprintln!(
        "brief: the default model is not at {}; fetching it with {} (about 1.1 GB)",
        path.display(),
        script.display()
    );
    let status = Command::new("bash")
        .arg(&script)
        .arg("default")
        .env("BRIEF_MODELS_DIR", models_dir)
        .status()
        .map_err(|err| ModelError::Fetch(format!("cannot run {}: {err}", script.display())))?;
    if !status.success() || !path.is_file() {
        return Err(ModelError::Fetch(format!(
            "{} failed ({status}) — run it by hand to see why, or pass --model PATH",
            script.display()
        )));
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_resolves_to_itself() {
        let source = ModelSource::Path(PathBuf::from("/some/model.gguf"));
        assert_eq!(source.resolve().unwrap(), PathBuf::from("/some/model.gguf"));
    }
}
