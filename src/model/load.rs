//! Open a GGUF file, check that it is whole and of an architecture we run, and build the
//! model and its tokenizer from it. Every failure names the file, before any article work.

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use candle_core::quantized::gguf_file;
use candle_core::Device;
use sha2::{Digest, Sha256};
use tokenizers::Tokenizer;

use super::qwen2::{Qwen2, Qwen2Config};
use super::tokenizer::{special_tokens, tokenizer_from_gguf, SpecialTokens};
use super::{first_line, ModelError};

/// The one architecture whose forward pass this crate implements.
pub const SUPPORTED_ARCHITECTURE: &str = "qwen2";

/// A model ready to generate: weights on the device, tokenizer, and what identifies it
/// in reports and cache keys.
pub struct LoadedModel {
    /// The GGUF file the weights came from.
    pub path: PathBuf,
    /// sha256 of that file, so outputs and caches record exactly which weights made them.
    pub sha256: String,
    /// The hyper-parameters read from the file.
    pub config: Qwen2Config,
    /// The forward pass with its KV cache.
    pub model: Qwen2,
    /// The tokenizer built from the file's metadata.
    pub tokenizer: Tokenizer,
    /// Ids generation stops on.
    pub special: SpecialTokens,
    /// Where the weights live.
    pub device: Device,
}

/// Read the GGUF header, rejecting files that are not GGUF, are truncated, or hold
/// another architecture.
pub fn read_header(path: &Path) -> Result<gguf_file::Content, ModelError> {
    if path.is_dir() {
        return Err(ModelError::IsDirectory {
            path: path.to_path_buf(),
        });
    }
    let mut file = File::open(path).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => ModelError::NotFound {
            path: path.to_path_buf(),
        },
        _ => ModelError::Unreadable {
            path: path.to_path_buf(),
            source,
        },
    })?;
    let file_len = file
        .metadata()
        .map_err(|source| ModelError::Unreadable {
            path: path.to_path_buf(),
            source,
        })?
        .len();
    let content = gguf_file::Content::read(&mut file).map_err(|err| ModelError::InvalidGguf {
        path: path.to_path_buf(),
        reason: first_line(&err),
    })?;
    let architecture = content
        .metadata
        .get("general.architecture")
        .and_then(|value| value.to_string().ok())
        .cloned()
        .unwrap_or_else(|| "unknown".to_string());
    if architecture != SUPPORTED_ARCHITECTURE {
        return Err(ModelError::WrongArchitecture {
            path: path.to_path_buf(),
            found: architecture,
        });
    }
    check_tensor_extents(path, &content, file_len)?;
    Ok(content)
}

/// A truncated download parses fine up to its tensor data; catch it here by checking
/// that every tensor ends inside the file.
fn check_tensor_extents(
    path: &Path,
    content: &gguf_file::Content,
    file_len: u64,
) -> Result<(), ModelError> {
    for (name, info) in &content.tensor_infos {
        let dtype = info.ggml_dtype;
        let bytes = info.shape.elem_count() / dtype.block_size() * dtype.type_size();
        let end = content.tensor_data_offset + info.offset + bytes as u64;
        if end > file_len {
            return Err(ModelError::InvalidGguf {
                path: path.to_path_buf(),
                reason: format!(
                    "tensor {name} ends at byte {end} but the file has {file_len} bytes"
                ),
            });
        }
    }
    Ok(())
}

/// sha256 of a file as lowercase hex.
pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    let mut reader = BufReader::with_capacity(1 << 20, File::open(path)?);
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; 1 << 20];
    loop {
        let read = reader.read(&mut buffer)?;
        if read == 0 {
            break;
        }
        hasher.update(&buffer[..read]);
    }
    Ok(format!("{:x}", hasher.finalize()))
}

/// Load the model in `path` onto `device` with a KV cache for `max_positions` tokens.
pub fn load_model(
    path: &Path,
    device: &Device,
    max_positions: usize,
) -> Result<LoadedModel, ModelError> {
    let content = read_header(path)?;
    let tokenizer = tokenizer_from_gguf(&content).map_err(|source| ModelError::Tokenizer {
        path: path.to_path_buf(),
        source,
    })?;
    let special = special_tokens(&content, &tokenizer);
    let config = Qwen2Config::from_gguf(&content).map_err(|err| ModelError::InvalidGguf {
        path: path.to_path_buf(),
        reason: first_line(&err),
    })?;
    let unreadable = |source| ModelError::Unreadable {
        path: path.to_path_buf(),
        source,
    };
    let mut reader = BufReader::new(File::open(path).map_err(unreadable)?);
    let model = Qwen2::from_gguf(&content, &mut reader, device, max_positions).map_err(|err| {
        ModelError::InvalidGguf {
            path: path.to_path_buf(),
            reason: first_line(&err),
        }
    })?;
    let sha256 = sha256_file(path).map_err(unreadable)?;
    Ok(LoadedModel {
        path: path.to_path_buf(),
        sha256,
        config,
        model,
        tokenizer,
        special,
        device: device.clone(),
    })
}
