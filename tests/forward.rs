//! The crate's own Qwen2 forward pass against candle-transformers' reference
//! implementation on the same tiny GGUF: same logits for a prompt, for token-by-token
//! decoding, and after cutting the cache back to a shared prefix.

mod common;

use std::fs::File;

use brief::model::qwen2::{KvCacheLayout, Qwen2};
use candle_core::quantized::gguf_file;
use candle_core::{Device, Tensor};
use candle_transformers::models::quantized_qwen2::ModelWeights;
use common::tiny_gguf::{write_tiny_gguf, TinyModel};

struct Models {
    _dir: tempfile::TempDir,
    ours: Qwen2,
    reference: ModelWeights,
    /// Largest logit difference from the reference allowed, relative to the largest
    /// logit.
    tolerance: f32,
}

fn load() -> Models {
    load_with(KvCacheLayout::PerHead)
}

fn load_with(layout: KvCacheLayout) -> Models {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tiny.gguf");
    write_tiny_gguf(
        &path,
        &TinyModel {
            seed: 3,
            ..TinyModel::default()
        },
    )
    .unwrap();
    let mut file = File::open(&path).unwrap();
    let content = gguf_file::Content::read(&mut file).unwrap();
    let ours =
        Qwen2::from_gguf_with_layout(&content, &mut file, &Device::Cpu, 256, layout).unwrap();
    let mut file = File::open(&path).unwrap();
    let content = gguf_file::Content::read(&mut file).unwrap();
    let reference = ModelWeights::from_gguf(content, &mut file, &Device::Cpu).unwrap();
    // The CPU's per-head cache holds keys and values in f16 (the reference keeps f32):
    // on this tiny model's random weights that rounding alone moves the logits by about
    // 1% of the largest one; a wrong position, mask or cache row moves them by far more.
    let tolerance = match layout {
        KvCacheLayout::PerHead => 3e-2,
        KvCacheLayout::DeviceTensors => 1e-3,
    };
    Models {
        _dir: dir,
        ours,
        reference,
        tolerance,
    }
}

fn reference_logits(model: &mut ModelWeights, tokens: &[u32], position: usize) -> Vec<f32> {
    let input = Tensor::new(tokens, &Device::Cpu)
        .unwrap()
        .unsqueeze(0)
        .unwrap();
    let logits = model.forward(&input, position).unwrap();
    logits.squeeze(0).unwrap().to_vec1().unwrap()
}

fn assert_close(ours: &Tensor, reference: &[f32], tolerance: f32) {
    let ours: Vec<f32> = ours.to_vec1().unwrap();
    assert_eq!(ours.len(), reference.len());
    let worst = ours
        .iter()
        .zip(reference)
        .map(|(a, b)| (a - b).abs())
        .fold(0f32, f32::max);
    let largest = reference.iter().fold(1f32, |m, v| m.max(v.abs()));
    assert!(
        worst < tolerance * largest,
        "largest logit difference {worst} (largest logit {largest})"
    );
}

#[test]
fn prompt_and_decode_logits_match_the_reference() {
    for layout in [KvCacheLayout::PerHead, KvCacheLayout::DeviceTensors] {
        prompt_and_decode_match(load_with(layout));
    }
}

fn prompt_and_decode_match(mut models: Models) {
    let prompt = [5u32, 17, 42, 99, 7, 250, 31];
    let ours = models.ours.forward(&prompt).unwrap();
    let reference = reference_logits(&mut models.reference, &prompt, 0);
    assert_close(&ours, &reference, models.tolerance);
    for (step, token) in [12u32, 64, 3].into_iter().enumerate() {
        let ours = models.ours.forward(&[token]).unwrap();
        let reference = reference_logits(&mut models.reference, &[token], prompt.len() + step);
        assert_close(&ours, &reference, models.tolerance);
    }
}

#[test]
fn a_truncated_cache_continues_like_a_fresh_one() {
    for layout in [KvCacheLayout::PerHead, KvCacheLayout::DeviceTensors] {
        truncated_continues_like_fresh(load_with(layout));
    }
}

fn truncated_continues_like_fresh(mut models: Models) {
    models.ours.forward(&[1, 2, 3, 4, 5, 6]).unwrap();
    assert_eq!(models.ours.truncate(3), 3);
    let continued = models.ours.forward(&[9, 8]).unwrap();
    let fresh = reference_logits(&mut models.reference, &[1, 2, 3, 9, 8], 0);
    assert_close(&continued, &fresh, models.tolerance);
}

#[test]
fn the_cache_limit_is_an_error_not_a_panic() {
    let mut models = load();
    let too_long: Vec<u32> = (0..300).map(|i| i % 200).collect();
    assert!(models.ours.forward(&too_long).is_err());
    assert!(models.ours.forward(&[]).is_err());
}

#[test]
fn rows_decoded_together_match_sequences_decoded_alone() {
    let mut models = load();
    let prompts: [&[u32]; 3] = [&[5, 17, 42, 99], &[5, 17, 8], &[120, 3, 3, 3, 9, 1]];
    let steps = [[12u32, 64], [7, 7], [250, 31]];
    // Alone: each prompt and its two steps on the main sequence.
    let mut alone = Vec::new();
    for (prompt, tokens) in prompts.iter().zip(&steps) {
        models.ours.truncate(0);
        models.ours.forward(prompt).unwrap();
        let logits: Vec<Vec<f32>> = tokens
            .iter()
            .map(|&token| models.ours.forward(&[token]).unwrap().to_vec1().unwrap())
            .collect();
        alone.push(logits);
    }
    // Together: each prompt prefilled on the main sequence and forked into a slot.
    for (slot, prompt) in prompts.iter().enumerate() {
        models.ours.truncate(0);
        models.ours.forward(prompt).unwrap();
        models.ours.fork(slot + 1, prompt.len(), 2).unwrap();
    }
    for step in 0..2 {
        let tokens: Vec<u32> = steps.iter().map(|pair| pair[step]).collect();
        let rows = models.ours.forward_rows(&[1, 2, 3], &tokens).unwrap();
        for (index, expected) in alone.iter().enumerate() {
            // Both sides read the same f16 cache.
            assert_close(&rows.get(index).unwrap(), &expected[step], 1e-3);
        }
    }
    assert!(models.ours.forward_rows(&[2, 1], &[1, 1]).is_err());
    assert!(models.ours.forward_rows(&[9], &[1]).is_err());
}

#[test]
fn every_row_of_a_prompt_predicts_as_decoding_does() {
    // Scoring a given answer reads the logits at each of its positions from one
    // prefill; they must be what feeding the tokens one by one gives.
    let mut models = load();
    let tokens = [5u32, 17, 42, 99, 3, 250];
    let rows = models.ours.forward_last(&tokens, 4).unwrap();
    models.ours.truncate(0);
    models.ours.forward(&tokens[..2]).unwrap();
    for (row, &token) in tokens[2..].iter().enumerate() {
        let step = models.ours.forward(&[token]).unwrap();
        let expected: Vec<f32> = step.to_vec1().unwrap();
        assert_close(&rows.get(row).unwrap(), &expected, 1e-3);
    }
    assert!(models.ours.forward_last(&tokens, 7).is_err());
    assert!(models.ours.forward_last(&tokens, 0).is_err());
}
