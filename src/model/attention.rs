//! Causal attention on the CPU for grouped-query models, over the interleaved KV cache
//! of [`super::qwen2`], for prompts and decode steps alike.
//!
//! candle's CPU kernels walk the cache once per *query* head with an online softmax and
//! a dot-product call per position: Qwen2.5-1.5B has six query heads per key/value
//! head, so every key and value is streamed six times, and a 1,600-token prompt spent
//! over half its prefill time there. Here the query rows of one key/value head (all its
//! query heads, a block of positions) are gathered and attend in two matrix products
//! run by `gemm` straight over the strided cache rows: scores = Q·Kᵀ, a causal softmax
//! per row, then P·V.

use std::cell::RefCell;

use candle_core::utils::barrier_pool;
use candle_core::{Device, Result, Tensor};

/// New positions per work item: one item's scores (group × block × visible positions)
/// stay near L2 size at a few thousand cached positions.
const BLOCK: usize = 32;

/// Shapes of one attention call: `l` new positions after `offset` cached ones, `h_q`
/// query heads sharing `h_kv` key/value heads of dimension `d`. The cache holds
/// `offset + l` positions laid out (s, h_kv, [K d | V d]).
#[derive(Debug, Clone, Copy)]
pub struct AttentionShape {
    /// Query heads.
    pub h_q: usize,
    /// Key/value heads.
    pub h_kv: usize,
    /// Head dimension.
    pub d: usize,
    /// New positions (1 when decoding).
    pub l: usize,
    /// Positions cached before the new ones.
    pub offset: usize,
}

thread_local! {
    /// Per-thread scratch (gathered queries, scores, outputs), reused across calls so
    /// that a prompt does not fault in fresh pages for every block.
    static SCRATCH: RefCell<Vec<f32>> = const { RefCell::new(Vec::new()) };
}

/// Causal attention of the `l` new positions: `q` is (h_q, l, d), `kv` the interleaved
/// cache with their keys and values already appended; returns (l, h_q, d).
pub fn cached_attention(
    q: &[f32],
    kv: &[f32],
    shape: AttentionShape,
    scale: f32,
) -> Result<Tensor> {
    let AttentionShape {
        h_q,
        h_kv,
        d,
        l,
        offset,
    } = shape;
    if h_kv == 0
        || l == 0
        || h_q % h_kv != 0
        || q.len() != h_q * l * d
        || kv.len() < (offset + l) * h_kv * 2 * d
    {
        candle_core::bail!(
            "attention: {h_q} query heads, {h_kv} kv heads, d {d}, {l} new after {offset} do not fit q {} / kv {}",
            q.len(),
            kv.len()
        );
    }
    let blocks = l.div_ceil(BLOCK);
    let mut out = vec![0f32; l * h_q * d];
    let out_ptr = out.as_mut_ptr() as usize;
    barrier_pool().execute_chunked(h_kv * blocks, |items| {
        SCRATCH.with(|scratch| {
            let mut scratch = scratch.borrow_mut();
            for item in items {
                let head = item / blocks;
                let first = (item % blocks) * BLOCK;
                let rows = BLOCK.min(l - first);
                // SAFETY: an item writes only the output rows of its own query heads at
                // its own positions, and `out` outlives the pool call, which returns
                // after every worker is done.
                let out =
                    unsafe { std::slice::from_raw_parts_mut(out_ptr as *mut f32, l * h_q * d) };
                attend_block(
                    q,
                    kv,
                    shape,
                    head,
                    first..first + rows,
                    scale,
                    &mut scratch,
                    out,
                );
            }
        })
    });
    Tensor::from_vec(out, (l, h_q, d), &Device::Cpu)
}

/// The query heads of key/value head `head` at new positions `positions`.
#[allow(clippy::too_many_arguments)]
fn attend_block(
    q: &[f32],
    kv: &[f32],
    shape: AttentionShape,
    head: usize,
    positions: std::ops::Range<usize>,
    scale: f32,
    scratch: &mut Vec<f32>,
    out: &mut [f32],
) {
    let AttentionShape {
        h_q,
        h_kv,
        d,
        l,
        offset,
    } = shape;
    let group = h_q / h_kv;
    let block = positions.len();
    let rows = group * block;
    // Keys visible to the last position of the block; earlier rows mask the rest.
    let visible = offset + positions.end;
    scratch.resize(rows * d * 2 + rows * visible, 0.0);
    let (queries, rest) = scratch.split_at_mut(rows * d);
    let (context, scores) = rest.split_at_mut(rows * d);
    let scores = &mut scores[..rows * visible];

    // Row r * block + i: query head (head * group + r) at new position first + i.
    for r in 0..group {
        let source = &q[((head * group + r) * l + positions.start) * d..][..block * d];
        queries[r * block * d..][..block * d].copy_from_slice(source);
    }
    let row_stride = (h_kv * 2 * d) as isize;
    let keys = kv[head * 2 * d..].as_ptr();
    let values = kv[head * 2 * d + d..].as_ptr();
    // Scores are stored position-major (score of row r at position t is at
    // t * rows + r): with that layout `gemm` reads the strided cache rows as they are
    // instead of packing a copy of every key first.
    // SAFETY: `queries` is rows × d row-major and `scores` holds rows × visible; the
    // key rows of positions 0..visible end within `kv`, whose length the caller checked.
    unsafe {
        gemm::gemm(
            rows,
            visible,
            d,
            scores.as_mut_ptr(),
            rows as isize,
            1,
            false,
            queries.as_ptr(),
            1,
            d as isize,
            keys,
            row_stride,
            1,
            0.0,
            scale,
            false,
            false,
            false,
            gemm::Parallelism::None,
        );
    }
    for row in 0..rows {
        // Causal: the query at cache position p sees positions 0..=p.
        let seen = offset + positions.start + row % block + 1;
        let row_scores = || scores.iter().skip(row).step_by(rows);
        let max = row_scores()
            .take(seen)
            .copied()
            .fold(f32::NEG_INFINITY, f32::max);
        let mut sum = 0f32;
        for (position, score) in scores.iter_mut().skip(row).step_by(rows).enumerate() {
            *score = if position < seen {
                (*score - max).exp()
            } else {
                0.0
            };
            sum += *score;
        }
        let inverse = if sum > 0.0 { 1.0 / sum } else { 0.0 };
        scores
            .iter_mut()
            .skip(row)
            .step_by(rows)
            .for_each(|weight| *weight *= inverse);
    }
    // SAFETY: `scores` is rows × visible position-major, `context` rows × d row-major;
    // the value rows of positions 0..visible end within `kv`.
    unsafe {
        gemm::gemm(
            rows,
            d,
            visible,
            context.as_mut_ptr(),
            1,
            d as isize,
            false,
            scores.as_ptr(),
            rows as isize,
            1,
            values,
            1,
            row_stride,
            0.0,
            1.0,
            false,
            false,
            false,
            gemm::Parallelism::None,
        );
    }
    // Output is (l, h_q, d).
    for r in 0..group {
        for i in 0..block {
            let target = ((positions.start + i) * h_q + head * group + r) * d;
            out[target..target + d].copy_from_slice(&context[(r * block + i) * d..][..d]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Straightforward causal attention in f64, output (l, h_q, d).
    fn reference(q: &[f32], kv: &[f32], shape: AttentionShape, scale: f32) -> Vec<f32> {
        let AttentionShape {
            h_q,
            h_kv,
            d,
            l,
            offset,
        } = shape;
        let group = h_q / h_kv;
        let mut out = vec![0f32; l * h_q * d];
        for h in 0..h_q {
            let base = (h / group) * 2 * d;
            for i in 0..l {
                let seen = offset + i + 1;
                let scores: Vec<f64> = (0..seen)
                    .map(|t| {
                        let k = &kv[t * h_kv * 2 * d + base..][..d];
                        (0..d)
                            .map(|j| (q[(h * l + i) * d + j] * k[j]) as f64)
                            .sum::<f64>()
                            * scale as f64
                    })
                    .collect();
                let max = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                let weights: Vec<f64> = scores.iter().map(|s| (s - max).exp()).collect();
                let sum: f64 = weights.iter().sum();
                for (t, weight) in weights.iter().enumerate() {
                    let v = &kv[t * h_kv * 2 * d + base + d..][..d];
                    for j in 0..d {
                        out[(i * h_q + h) * d + j] += (weight / sum * v[j] as f64) as f32;
                    }
                }
            }
        }
        out
    }

    /// Deterministic values in [-1, 1) from a small LCG.
    fn values(count: usize, seed: u64) -> Vec<f32> {
        let mut state = seed;
        (0..count)
            .map(|_| {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                ((state >> 40) as f32 / (1u64 << 24) as f32) * 2.0 - 1.0
            })
            .collect()
    }

    #[test]
    fn matches_reference_attention_for_prompts_and_decode_steps() {
        // (h_q, h_kv, d, l, offset): decode steps, a prompt longer than one block,
        // a prompt after a cached prefix, no grouping, one position.
        for (h_q, h_kv, d, l, offset) in [
            (12, 2, 128, 1, 36),
            (4, 4, 20, 1, 4),
            (6, 1, 64, 1, 0),
            (8, 2, 16, 75, 0),
            (6, 2, 32, 40, 13),
            (2, 2, 8, 3, 0),
        ] {
            let shape = AttentionShape {
                h_q,
                h_kv,
                d,
                l,
                offset,
            };
            let q = values(h_q * l * d, 1 + l as u64);
            let kv = values((offset + l) * h_kv * 2 * d, 7 + d as u64);
            let scale = 1.0 / (d as f32).sqrt();
            let ours: Vec<f32> = cached_attention(&q, &kv, shape, scale)
                .unwrap()
                .flatten_all()
                .unwrap()
                .to_vec1()
                .unwrap();
            let expected = reference(&q, &kv, shape, scale);
            let worst = ours
                .iter()
                .zip(&expected)
                .map(|(a, b)| (a - b).abs())
                .fold(0f32, f32::max);
            assert!(worst < 1e-5, "{shape:?}: largest difference {worst}");
        }
    }

    #[test]
    fn mismatched_shapes_are_an_error() {
        let shape = AttentionShape {
            h_q: 6,
            h_kv: 4,
            d: 8,
            l: 1,
            offset: 1,
        };
        assert!(cached_attention(&[0.0; 48], &[0.0; 128], shape, 1.0).is_err());
    }
}
