//! A tiny random-weight Qwen2 GGUF written by the tests themselves, so the real loading,
//! tokenizer and generation paths run in CI without a model download.
//!
//! The file has the metadata and tensor names llama.cpp writes for Qwen2 (2 blocks,
//! hidden 64, FFN 128, 4 query heads of 16, 2 KV heads, tied output) and a byte-level
//! BPE vocabulary: the 256 GPT-2 byte symbols, a few English merges, then
//! `<|endoftext|>`, `<|im_start|>` and `<|im_end|>`.

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use candle_core::quantized::gguf_file::{self, Value};
use candle_core::quantized::{GgmlDType, QTensor};
use candle_core::{Device, Tensor};

/// Options for the tiny model: which architecture name to write (to test rejection of
/// non-qwen2 files) and the seed for its random weights (to get distinct files).
pub struct TinyModel {
    /// Written to `general.architecture` and used as the prefix of the model keys.
    pub architecture: String,
    /// Seed of the deterministic weights.
    pub seed: u64,
}

impl Default for TinyModel {
    /// A loadable Qwen2 model with seed 0.
    fn default() -> Self {
        Self {
            architecture: "qwen2".to_string(),
            seed: 0,
        }
    }
}

const BLOCKS: usize = 2;
const HIDDEN: usize = 64;
const FFN: usize = 128;
const HEADS: usize = 4;
const KV_HEADS: usize = 2;
const KV_WIDTH: usize = HIDDEN / HEADS * KV_HEADS;

/// Merge rules in rank order; each result joins the vocabulary after the byte symbols.
const MERGES: &[(&str, &str)] = &[
    ("Ġ", "t"),
    ("h", "e"),
    ("i", "n"),
    ("t", "h"),
    ("Ġt", "h"),
    ("Ġth", "e"),
    ("t", "he"),
    ("a", "n"),
    ("e", "r"),
    ("o", "n"),
    ("r", "e"),
    ("Ġ", "a"),
    ("a", "t"),
    ("Ġ", "c"),
    ("Ġc", "at"),
    ("e", "n"),
    ("o", "r"),
    ("Ġ", "s"),
    ("e", "s"),
    ("Ġ", "w"),
    ("i", "s"),
    ("Ġ", "o"),
    ("Ġo", "f"),
    ("i", "t"),
    ("Ġ", "b"),
    ("a", "r"),
    ("Ġ", "m"),
    ("n", "d"),
    ("Ġa", "nd"),
    ("Ġ", "p"),
    ("o", "u"),
    ("Ġ", "d"),
    ("Ġ", "f"),
    ("Ġ", "h"),
    ("Ġ", "i"),
    ("Ġi", "n"),
    ("l", "l"),
    ("Ġ", "n"),
    ("e", "d"),
    ("in", "g"),
];

/// The special tokens, appended last in this order.
const SPECIALS: [&str; 3] = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"];

/// Write the tiny model to `path`.
pub fn write_tiny_gguf(
    path: &Path,
    model: &TinyModel,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let tokens = vocabulary();
    let vocab_size = tokens.len();
    let first_special = vocab_size - SPECIALS.len();
    let special_id = |index: usize| u32::try_from(first_special + index);
    let end_of_text = special_id(0)?;
    let im_end = special_id(2)?;

    let arch = model.architecture.as_str();
    let strings = |items: Vec<String>| Value::Array(items.into_iter().map(Value::String).collect());
    let token_types = (0..vocab_size)
        .map(|id| Value::I32(if id < first_special { 1 } else { 3 }))
        .collect();
    let metadata: Vec<(String, Value)> = vec![
        ("general.architecture".into(), Value::String(arch.into())),
        (
            "general.name".into(),
            Value::String("tiny random qwen2".into()),
        ),
        (format!("{arch}.block_count"), Value::U32(BLOCKS as u32)),
        (format!("{arch}.context_length"), Value::U32(8192)),
        (
            format!("{arch}.embedding_length"),
            Value::U32(HIDDEN as u32),
        ),
        (
            format!("{arch}.feed_forward_length"),
            Value::U32(FFN as u32),
        ),
        (
            format!("{arch}.attention.head_count"),
            Value::U32(HEADS as u32),
        ),
        (
            format!("{arch}.attention.head_count_kv"),
            Value::U32(KV_HEADS as u32),
        ),
        (
            format!("{arch}.attention.layer_norm_rms_epsilon"),
            Value::F32(1e-6),
        ),
        (format!("{arch}.rope.freq_base"), Value::F32(10_000.0)),
        ("tokenizer.ggml.model".into(), Value::String("gpt2".into())),
        ("tokenizer.ggml.pre".into(), Value::String("qwen2".into())),
        ("tokenizer.ggml.tokens".into(), strings(tokens)),
        (
            "tokenizer.ggml.merges".into(),
            strings(MERGES.iter().map(|(a, b)| format!("{a} {b}")).collect()),
        ),
        (
            "tokenizer.ggml.token_type".into(),
            Value::Array(token_types),
        ),
        ("tokenizer.ggml.eos_token_id".into(), Value::U32(im_end)),
        (
            "tokenizer.ggml.bos_token_id".into(),
            Value::U32(end_of_text),
        ),
        (
            "tokenizer.ggml.padding_token_id".into(),
            Value::U32(end_of_text),
        ),
    ];

    let mut weights = Weights::new(model.seed);
    let mut tensors: Vec<(String, QTensor)> = vec![
        (
            "token_embd.weight".into(),
            weights.matrix(vocab_size, HIDDEN)?,
        ),
        ("output_norm.weight".into(), ones(HIDDEN)?),
    ];
    for block in 0..BLOCKS {
        let name = |part: &str| format!("blk.{block}.{part}");
        tensors.extend([
            (name("attn_norm.weight"), ones(HIDDEN)?),
            (name("attn_q.weight"), weights.matrix(HIDDEN, HIDDEN)?),
            (name("attn_q.bias"), weights.vector(HIDDEN)?),
            (name("attn_k.weight"), weights.matrix(KV_WIDTH, HIDDEN)?),
            (name("attn_k.bias"), weights.vector(KV_WIDTH)?),
            (name("attn_v.weight"), weights.matrix(KV_WIDTH, HIDDEN)?),
            (name("attn_v.bias"), weights.vector(KV_WIDTH)?),
            (name("attn_output.weight"), weights.matrix(HIDDEN, HIDDEN)?),
            (name("ffn_norm.weight"), ones(HIDDEN)?),
            (name("ffn_gate.weight"), weights.matrix(FFN, HIDDEN)?),
            (name("ffn_up.weight"), weights.matrix(FFN, HIDDEN)?),
            (name("ffn_down.weight"), weights.matrix(HIDDEN, FFN)?),
        ]);
    }

    let metadata_refs: Vec<(&str, &Value)> =
        metadata.iter().map(|(k, v)| (k.as_str(), v)).collect();
    let tensor_refs: Vec<(&str, &QTensor)> = tensors.iter().map(|(k, t)| (k.as_str(), t)).collect();
    let mut file = BufWriter::new(File::create(path)?);
    gguf_file::write(&mut file, &metadata_refs, &tensor_refs)?;
    file.into_inner()
        .map_err(|err| err.into_error())?
        .sync_all()?;
    Ok(())
}

/// Byte symbols, merge results (each once, in rank order), then the special tokens.
fn vocabulary() -> Vec<String> {
    let mut tokens: Vec<String> = (0..=255u8)
        .map(|byte| byte_symbol(byte).to_string())
        .collect();
    for (left, right) in MERGES {
        let merged = format!("{left}{right}");
        if !tokens.contains(&merged) {
            tokens.push(merged);
        }
    }
    tokens.extend(SPECIALS.iter().map(|s| s.to_string()));
    tokens
}

/// GPT-2's `bytes_to_unicode`: printable Latin-1 bytes stand for themselves, the other
/// bytes take the code points from U+0100 on, in byte order.
fn byte_symbol(byte: u8) -> char {
    let printable = |b: u8| matches!(b, b'!'..=b'~' | 0xA1..=0xAC | 0xAE..=0xFF);
    if printable(byte) {
        char::from(byte)
    } else {
        let rank = (0..byte).filter(|&b| !printable(b)).count();
        char::from_u32(256 + rank as u32).unwrap_or(char::REPLACEMENT_CHARACTER)
    }
}

/// A 1-D f32 tensor of ones, for RMS norm weights.
fn ones(len: usize) -> candle_core::Result<QTensor> {
    QTensor::quantize(
        &Tensor::ones(len, candle_core::DType::F32, &Device::Cpu)?,
        GgmlDType::F32,
    )
}

/// Deterministic small random weights (SplitMix64), so a seed always gives the same file.
struct Weights {
    state: u64,
}

impl Weights {
    fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    /// Uniform values in [-0.1, 0.1).
    fn values(&mut self, count: usize) -> Vec<f32> {
        (0..count)
            .map(|_| {
                self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
                let mut z = self.state;
                z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
                z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
                z ^= z >> 31;
                ((z >> 40) as f32 / (1u64 << 24) as f32 - 0.5) * 0.2
            })
            .collect()
    }

    /// A (rows, cols) matrix in Q8_0, as real models store their projections.
    fn matrix(&mut self, rows: usize, cols: usize) -> candle_core::Result<QTensor> {
        let tensor = Tensor::from_vec(self.values(rows * cols), (rows, cols), &Device::Cpu)?;
        QTensor::quantize(&tensor, GgmlDType::Q8_0)
    }

    /// A 1-D f32 tensor, for the attention biases.
    fn vector(&mut self, len: usize) -> candle_core::Result<QTensor> {
        QTensor::quantize(
            &Tensor::from_vec(self.values(len), len, &Device::Cpu)?,
            GgmlDType::F32,
        )
    }
}
