//! The tokenizer, rebuilt from the `tokenizer.ggml.*` metadata every llama.cpp GGUF
//! carries, so that a single `.gguf` file is all a user has to supply.
//!
//! Only byte-level BPE vocabularies (`tokenizer.ggml.model = "gpt2"`) are supported: that
//! is what Qwen2 and Qwen2.5 use. The pipeline reproduces llama.cpp's own `qwen2`
//! tokenizer: NFC normalization, the Qwen2 split pattern, byte-level mapping, BPE without
//! byte fallback, and the control / user-defined tokens (`<|im_start|>`, ...) matched as
//! special tokens in the text. No BOS token is added, as for Qwen2.

use candle_core::quantized::gguf_file::{Content, Value};
use tokenizers::decoders::byte_level::ByteLevel as ByteLevelDecoder;
use tokenizers::models::bpe::{Merges, Vocab, BPE};
use tokenizers::normalizers::unicode::NFC;
use tokenizers::pre_tokenizers::byte_level::ByteLevel;
use tokenizers::pre_tokenizers::sequence::Sequence;
use tokenizers::pre_tokenizers::split::{Split, SplitPattern};
use tokenizers::{AddedToken, SplitDelimiterBehavior, Tokenizer};

/// The split pattern of llama.cpp's `qwen2` pre-tokenizer (the one in Qwen2's
/// `tokenizer.json`): contractions, letter runs with one leading non-letter, single
/// digits, punctuation runs, newlines and whitespace.
const QWEN2_PATTERN: &str = r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

/// llama.cpp's token type for control tokens such as `<|im_end|>`.
const TOKEN_TYPE_CONTROL: i64 = 3;
/// llama.cpp's token type for user-defined tokens such as `<|fim_prefix|>`.
const TOKEN_TYPE_USER_DEFINED: i64 = 4;

/// Errors building a tokenizer from GGUF metadata; messages name the missing or invalid
/// key so that a user can tell a broken conversion from an unsupported model.
#[derive(Debug, thiserror::Error)]
pub enum TokenizerError {
    /// A metadata key the tokenizer needs is absent.
    #[error("GGUF metadata has no `{key}`")]
    Missing { key: &'static str },
    /// A metadata key holds a value of the wrong type.
    #[error("GGUF metadata `{key}` is not {expected}")]
    WrongType {
        key: &'static str,
        expected: &'static str,
    },
    /// The vocabulary is of a kind other than byte-level BPE.
    #[error("`tokenizer.ggml.model` is '{found}', but only 'gpt2' (byte-level BPE, as in Qwen2) is supported")]
    UnsupportedModel { found: String },
    /// A merge rule is not two tokens separated by one space.
    #[error(
        "`tokenizer.ggml.merges` entry {index} ('{merge}') is not two tokens separated by a space"
    )]
    InvalidMerge { index: usize, merge: String },
    /// The token types do not describe the tokens one to one.
    #[error(
        "`tokenizer.ggml.token_type` has {types} entries but `tokenizer.ggml.tokens` has {tokens}"
    )]
    TokenTypeCount { types: usize, tokens: usize },
    /// The `tokenizers` library rejected the vocabulary, merges or pattern.
    #[error(
        "cannot build the BPE tokenizer from `tokenizer.ggml.tokens` and `tokenizer.ggml.merges`"
    )]
    Build(#[source] tokenizers::Error),
}

/// Build the `tokenizers::Tokenizer` from the GGUF's `tokenizer.ggml.*` metadata, so no
/// `tokenizer.json` is needed next to the model.
///
/// `tokenizer.ggml.pre` names the pre-tokenizer; `qwen2` is the one this tool targets.
/// Any other name falls back to the same Qwen2 split pattern, which is right for Qwen2
/// derivatives and close for other GPT-2 style vocabularies.
pub fn tokenizer_from_gguf(content: &Content) -> Result<Tokenizer, TokenizerError> {
    let model = string_value(content, "tokenizer.ggml.model")?;
    if model != "gpt2" {
        return Err(TokenizerError::UnsupportedModel {
            found: model.to_string(),
        });
    }
    let tokens = string_array(content, "tokenizer.ggml.tokens")?;
    let merges = merge_pairs(&string_array(content, "tokenizer.ggml.merges")?)?;
    let types = int_array(content, "tokenizer.ggml.token_type")?;
    if types.len() != tokens.len() {
        return Err(TokenizerError::TokenTypeCount {
            types: types.len(),
            tokens: tokens.len(),
        });
    }

    // The first occurrence of a repeated string keeps its id, as in llama.cpp.
    let mut vocab = Vocab::default();
    vocab.reserve(tokens.len());
    for (id, token) in (0u32..).zip(&tokens) {
        vocab.entry((*token).to_string()).or_insert(id);
    }
    let bpe = BPE::builder()
        .vocab_and_merges(vocab, merges)
        .build()
        .map_err(TokenizerError::Build)?;

    let split = Split::new(
        SplitPattern::Regex(QWEN2_PATTERN.to_string()),
        SplitDelimiterBehavior::Isolated,
        false,
    )
    .map_err(TokenizerError::Build)?;
    let pre_tokenizer = Sequence::new(vec![
        split.into(),
        ByteLevel::new(false, false, false).into(),
    ]);

    let mut tokenizer = Tokenizer::new(bpe);
    tokenizer
        .with_normalizer(Some(NFC))
        .with_pre_tokenizer(Some(pre_tokenizer))
        .with_decoder(Some(ByteLevelDecoder::default()));

    let special: Vec<AddedToken> = tokens
        .iter()
        .zip(&types)
        .filter(|(_, kind)| matches!(**kind, TOKEN_TYPE_CONTROL | TOKEN_TYPE_USER_DEFINED))
        .map(|(token, _)| AddedToken::from((*token).to_string(), true))
        .collect();
    tokenizer.add_special_tokens(&special);
    Ok(tokenizer)
}

/// The ids generation stops on and the ids of the chat markers, so that generation and
/// prompt checks need not look strings up in the vocabulary.
#[derive(Debug, Clone)]
pub struct SpecialTokens {
    /// Any of these ends the answer: the GGUF's eos id, `<|im_end|>` and `<|endoftext|>`.
    pub stop_ids: Vec<u32>,
    /// `<|im_start|>`, which opens a ChatML turn, when the vocabulary has it.
    pub im_start: Option<u32>,
    /// `<|im_end|>`, which closes a ChatML turn, when the vocabulary has it.
    pub im_end: Option<u32>,
}

/// Read the stop ids and chat markers from the GGUF (eos id) and the vocabulary
/// (`<|im_end|>`, `<|endoftext|>`, `<|im_start|>`); a marker the vocabulary lacks is
/// simply absent, and `stop_ids` holds each id once.
pub fn special_tokens(content: &Content, tokenizer: &Tokenizer) -> SpecialTokens {
    let eos = content
        .metadata
        .get("tokenizer.ggml.eos_token_id")
        .and_then(integer)
        .and_then(|id| u32::try_from(id).ok());
    let im_end = tokenizer.token_to_id("<|im_end|>");
    let end_of_text = tokenizer.token_to_id("<|endoftext|>");
    let mut stop_ids = Vec::new();
    for id in [eos, im_end, end_of_text].into_iter().flatten() {
        if !stop_ids.contains(&id) {
            stop_ids.push(id);
        }
    }
    SpecialTokens {
        stop_ids,
        im_start: tokenizer.token_to_id("<|im_start|>"),
        im_end,
    }
}

/// The metadata value under `key`, or an error naming it.
fn value<'a>(content: &'a Content, key: &'static str) -> Result<&'a Value, TokenizerError> {
    content
        .metadata
        .get(key)
        .ok_or(TokenizerError::Missing { key })
}

/// The string under `key`.
fn string_value<'a>(content: &'a Content, key: &'static str) -> Result<&'a str, TokenizerError> {
    match value(content, key)? {
        Value::String(text) => Ok(text),
        _ => Err(TokenizerError::WrongType {
            key,
            expected: "a string",
        }),
    }
}

/// The array of strings under `key`.
fn string_array<'a>(
    content: &'a Content,
    key: &'static str,
) -> Result<Vec<&'a str>, TokenizerError> {
    let wrong = TokenizerError::WrongType {
        key,
        expected: "an array of strings",
    };
    let Value::Array(items) = value(content, key)? else {
        return Err(wrong);
    };
    items
        .iter()
        .map(|item| match item {
            Value::String(text) => Some(text.as_str()),
            _ => None,
        })
        .collect::<Option<Vec<_>>>()
        .ok_or(wrong)
}

/// The array of integers under `key`, whatever integer width the converter wrote.
fn int_array(content: &Content, key: &'static str) -> Result<Vec<i64>, TokenizerError> {
    let wrong = TokenizerError::WrongType {
        key,
        expected: "an array of integers",
    };
    let Value::Array(items) = value(content, key)? else {
        return Err(wrong);
    };
    items
        .iter()
        .map(integer)
        .collect::<Option<Vec<_>>>()
        .ok_or(wrong)
}

/// An integer metadata value of any width, widened to `i64`.
fn integer(value: &Value) -> Option<i64> {
    match *value {
        Value::U8(v) => Some(v.into()),
        Value::I8(v) => Some(v.into()),
        Value::U16(v) => Some(v.into()),
        Value::I16(v) => Some(v.into()),
        Value::U32(v) => Some(v.into()),
        Value::I32(v) => Some(v.into()),
        Value::U64(v) => i64::try_from(v).ok(),
        Value::I64(v) => Some(v),
        _ => None,
    }
}

/// Split GGUF merge rules ("a b") into pairs, in rank order.
fn merge_pairs(merges: &[&str]) -> Result<Merges, TokenizerError> {
    merges
        .iter()
        .enumerate()
        .map(|(index, merge)| match merge.split_once(' ') {
            Some((left, right)) if !left.is_empty() && !right.is_empty() => {
                Ok((left.to_string(), right.to_string()))
            }
            _ => Err(TokenizerError::InvalidMerge {
                index,
                merge: (*merge).to_string(),
            }),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use candle_core::quantized::gguf_file::VersionedMagic;
    use std::collections::HashMap;

    const SMALL_MODEL: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/models/qwen2.5-coder-0.5b-instruct.gguf"
    );

    /// The real small model's header; fails (never skips) when the file is missing.
    fn small_model() -> Content {
        let mut file = std::fs::File::open(SMALL_MODEL).unwrap_or_else(|err| {
            panic!("{SMALL_MODEL}: {err} — run scripts/fetch-model.sh small first")
        });
        Content::read(&mut file).expect("the small model's GGUF header reads")
    }

    fn small_tokenizer() -> (Content, Tokenizer) {
        let content = small_model();
        let tokenizer = tokenizer_from_gguf(&content).expect("tokenizer builds");
        (content, tokenizer)
    }

    fn ids(tokenizer: &Tokenizer, text: &str) -> Vec<u32> {
        tokenizer
            .encode(text, false)
            .expect("text encodes")
            .get_ids()
            .to_vec()
    }

    #[test]
    fn matches_llama_cpp_on_the_measured_chat_example() {
        let (_, tokenizer) = small_tokenizer();
        // Ids from llama.cpp's own GGUF tokenizer (shared/notes/measurements.md).
        let text = "<|im_start|>user\n메타 저커버그 CEO 한국 방문, LG·삼성 'XR' 동맹<|im_end|>";
        let expected = [
            151644, 872, 198, 84667, 125166, 125569, 131973, 79004, 48606, 12156, 130092, 141875,
            11, 23403, 13935, 134088, 32831, 364, 52821, 6, 126322, 144056, 151645,
        ];
        assert_eq!(ids(&tokenizer, text), expected);
    }

    #[test]
    fn matches_llama_cpp_on_news_text() {
        let (_, tokenizer) = small_tokenizer();
        // Ids from llama.cpp through llama-cpp-python 0.3.36 (pip-built from source):
        // Llama(model_path=SMALL_MODEL, vocab_only=True).tokenize(s.encode(), add_bos=False, special=True)
        let cases: [(&str, &[u32]); 5] = [
            (
                "29일 재계에 따르면 메타의 마크 저커버그 최고경영자(CEO)는 5억대 이상",
                &[
                    17, 24, 32077, 129242, 124781, 19391, 125686, 125548, 32290, 51391, 125166,
                    20401, 95577, 81133, 125569, 131973, 79004, 48606, 81173, 34395, 142408, 25715,
                    7, 78496, 8, 16560, 220, 20, 127475, 66845, 130408,
                ],
            ),
            (
                "Meta's CEO met Samsung's Lee Jae-yong on Feb. 28, 2024.",
                &[
                    12175, 594, 12156, 2270, 18400, 594, 12066, 95560, 12034, 644, 389, 13498, 13,
                    220, 17, 23, 11, 220, 17, 15, 17, 19, 13,
                ],
            ),
            ("a  b\n\n  c\t d", &[64, 220, 293, 271, 220, 272, 197, 294]),
            (
                "삼성전자는 29일 \"AI 반도체\" 투자를 늘린다고 밝혔다.\nSamsung said it will invest  more.\t끝",
                &[
                    134088, 32831, 65865, 132343, 220, 17, 24, 32077, 330, 15469, 63757, 47985,
                    49543, 1, 10764, 230, 105, 135184, 143861, 246, 129807, 131042, 22042, 251,
                    144472, 13146, 624, 50890, 1053, 432, 686, 2725, 220, 803, 13, 197, 134539,
                ],
            ),
            (
                "<|im_start|>assistant\nHi<|im_end|>",
                &[151644, 77091, 198, 13048, 151645],
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(ids(&tokenizer, text), expected, "{text:?}");
        }
    }

    #[test]
    fn round_trips_korean_and_english() {
        let (_, tokenizer) = small_tokenizer();
        let text = "삼성전자는 29일 \"AI 반도체\" 투자를 늘린다고 밝혔다.\nSamsung said it will invest  more.\t끝";
        let decoded = tokenizer
            .decode(&ids(&tokenizer, text), false)
            .expect("ids decode");
        assert_eq!(decoded, text);
    }

    #[test]
    fn chat_markers_are_single_special_tokens_dropped_on_decode() {
        let (content, tokenizer) = small_tokenizer();
        let special = special_tokens(&content, &tokenizer);
        assert_eq!(special.im_start, Some(151644));
        assert_eq!(special.im_end, Some(151645));
        assert_eq!(special.stop_ids, [151645, 151643]);

        let encoded = ids(&tokenizer, "<|im_start|>assistant\nHi<|im_end|>");
        assert_eq!(encoded.first(), Some(&151644));
        assert_eq!(encoded.last(), Some(&151645));
        let visible = tokenizer.decode(&encoded, true).expect("ids decode");
        assert_eq!(visible, "assistant\nHi");
    }

    #[test]
    fn builds_the_full_vocabulary() {
        let (_, tokenizer) = small_tokenizer();
        assert_eq!(tokenizer.get_vocab_size(true), 151_936);
        assert_eq!(tokenizer.token_to_id("<|endoftext|>"), Some(151643));
    }

    /// A header with a four-token vocabulary, one merge and one control token.
    fn tiny_content(model: &str, merges: &[&str]) -> Content {
        let strings = |items: &[&str]| {
            Value::Array(items.iter().map(|s| Value::String(s.to_string())).collect())
        };
        let metadata = HashMap::from([
            (
                "tokenizer.ggml.model".to_string(),
                Value::String(model.to_string()),
            ),
            (
                "tokenizer.ggml.pre".to_string(),
                Value::String("qwen2".to_string()),
            ),
            (
                "tokenizer.ggml.tokens".to_string(),
                strings(&["a", "b", "ab", "<|im_end|>"]),
            ),
            ("tokenizer.ggml.merges".to_string(), strings(merges)),
            (
                "tokenizer.ggml.token_type".to_string(),
                Value::Array(vec![
                    Value::I32(1),
                    Value::I32(1),
                    Value::I32(1),
                    Value::I32(3),
                ]),
            ),
            ("tokenizer.ggml.eos_token_id".to_string(), Value::U32(3)),
        ]);
        Content {
            magic: VersionedMagic::GgufV3,
            metadata,
            tensor_infos: HashMap::new(),
            tensor_data_offset: 0,
        }
    }

    #[test]
    fn builds_from_minimal_metadata() {
        let content = tiny_content("gpt2", &["a b"]);
        let tokenizer = tokenizer_from_gguf(&content).expect("tokenizer builds");
        assert_eq!(ids(&tokenizer, "ab<|im_end|>"), [2, 3]);
        let special = special_tokens(&content, &tokenizer);
        assert_eq!(special.stop_ids, [3]);
        assert_eq!(special.im_start, None);
    }

    #[test]
    fn rejects_other_tokenizer_models() {
        let err = tokenizer_from_gguf(&tiny_content("llama", &["a b"])).unwrap_err();
        assert!(matches!(err, TokenizerError::UnsupportedModel { .. }));
        assert!(err.to_string().contains("'llama'"), "{err}");
    }

    #[test]
    fn names_a_missing_key() {
        let mut content = tiny_content("gpt2", &["a b"]);
        content.metadata.remove("tokenizer.ggml.merges");
        let err = tokenizer_from_gguf(&content).unwrap_err();
        assert!(err.to_string().contains("tokenizer.ggml.merges"), "{err}");
    }

    #[test]
    fn rejects_a_malformed_merge() {
        let err = tokenizer_from_gguf(&tiny_content("gpt2", &["ab"])).unwrap_err();
        assert!(
            matches!(err, TokenizerError::InvalidMerge { index: 0, .. }),
            "{err}"
        );
    }

    #[test]
    fn rejects_a_merge_outside_the_vocabulary() {
        let err = tokenizer_from_gguf(&tiny_content("gpt2", &["b a"])).unwrap_err();
        assert!(matches!(err, TokenizerError::Build(_)), "{err}");
    }
}
