//! Causal attention on the CPU for grouped-query models, over the per-head KV cache of
//! [`super::qwen2`], for prompts and decode steps alike.
//!
//! candle's CPU kernels walk the cache once per *query* head with an online softmax and
//! a dot-product call per position: Qwen2.5-1.5B has six query heads per key/value
//! head, so every key and value is streamed six times, and a 1,600-token prompt spent
//! over half its prefill time there. Here the query rows of one key/value head (all its
//! query heads, a block of positions) are gathered and attend in two matrix products
//! run by `gemm` straight over the cached rows: scores = Q·Kᵀ, a causal softmax per
//! row, then P·V. A decode step (one position) has its own AVX2 kernel.
//!
//! Each key/value head keeps its keys and its values in two contiguous buffers: with
//! all heads of a position side by side, one head's rows were 2 KiB apart, the
//! hardware prefetcher (which stays within a 4 KiB page) could not follow, and decode
//! attention waited on memory.
//!
//! The cache holds f16: a batched decode step reads every cached key and value of
//! every sequence once, and at batch 8 over 1.5k positions that was 0.7 GB of f32 per
//! step, a quarter of the step's time on a memory-bound 2-core machine. Products and
//! sums stay in f32; a prompt widens each head's cached rows to f32 once for `gemm`.

use std::cell::RefCell;

use candle_core::utils::barrier_pool;
use candle_core::{Device, Result, Tensor};
use half::f16;
use half::slice::HalfFloatSliceExt;

/// New positions per work item: one item's scores (group × block × visible positions)
/// stay near L2 size at a few thousand cached positions.
const BLOCK: usize = 32;

/// Shapes of one attention call: `l` new positions after `offset` cached ones, `h_q`
/// query heads sharing `h_kv` key/value heads of dimension `d`. Each head's cache holds
/// `offset + l` positions.
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

/// The cached keys and values of one key/value head, each (positions, d) row-major.
#[derive(Debug, Clone, Copy)]
pub struct HeadCache<'a> {
    /// Keys, one row per position.
    pub keys: &'a [f16],
    /// Values, one row per position.
    pub values: &'a [f16],
}

/// Causal attention of the `l` new positions: `q` is (h_q, l, d), `heads` the caches
/// with their keys and values already appended; returns (l, h_q, d).
pub fn cached_attention(
    q: &[f32],
    heads: &[HeadCache<'_>],
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
        || heads.len() != h_kv
        || heads
            .iter()
            .any(|head| head.keys.len().min(head.values.len()) < (offset + l) * d)
    {
        candle_core::bail!(
            "attention: {h_q} query heads, {h_kv} kv heads, d {d}, {l} new after {offset} do not fit q {} / {} cached heads",
            q.len(),
            heads.len()
        );
    }
    if l == 1 {
        // q (h_q, 1, d) is one row of decode_attention's (rows, h_q, d).
        let visible = (offset + 1) * d;
        let newest: Vec<HeadCache<'_>> = heads
            .iter()
            .map(|head| HeadCache {
                keys: &head.keys[..visible],
                values: &head.values[..visible],
            })
            .collect();
        let out = decode_attention(q, &[newest], h_q, d, scale)?;
        return Tensor::from_vec(out, (1, h_q, d), &Device::Cpu);
    }
    // `gemm` reads f32: each head's cached rows are widened once per call, not once per
    // block of new positions.
    let cached = (offset + l) * d;
    let wide: Vec<(Vec<f32>, Vec<f32>)> = heads
        .iter()
        .map(|head| (widen(&head.keys[..cached]), widen(&head.values[..cached])))
        .collect();
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
                let (keys, values) = &wide[head];
                attend_block(
                    q,
                    keys,
                    values,
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

/// One new position for each of several sequences (a batched decode step): `queries`
/// is (rows, h_q, d) and `caches[row]` holds that row's key/value heads with the new
/// position already appended; returns (rows, h_q, d). Every row's heads share one pool
/// call: one call per sequence left the workers waiting on each other eight times per
/// layer at batch 8.
pub fn decode_attention(
    queries: &[f32],
    caches: &[Vec<HeadCache<'_>>],
    h_q: usize,
    d: usize,
    scale: f32,
) -> Result<Vec<f32>> {
    let rows = caches.len();
    let h_kv = caches.first().map_or(0, Vec::len);
    let fits = |cache: &HeadCache<'_>| {
        !cache.keys.is_empty()
            && cache.keys.len() == cache.values.len()
            && cache.keys.len().is_multiple_of(d)
    };
    if d == 0
        || h_kv == 0
        || !h_q.is_multiple_of(h_kv)
        || queries.len() != rows * h_q * d
        || caches
            .iter()
            .any(|heads| heads.len() != h_kv || !heads.iter().all(fits))
    {
        candle_core::bail!(
            "decode attention: {rows} rows of {h_q} query heads (d {d}) do not fit q {} / {h_kv} cached heads",
            queries.len()
        );
    }
    let group = h_q / h_kv;
    let mut out = vec![0f32; rows * h_q * d];
    let out_ptr = out.as_mut_ptr() as usize;
    barrier_pool().execute_chunked(rows * h_kv, |items| {
        SCRATCH.with(|scratch| {
            let mut scratch = scratch.borrow_mut();
            for item in items {
                let (row, head) = (item / h_kv, item % h_kv);
                let start = (row * h_q + head * group) * d;
                // SAFETY: an item writes only its own row's query heads of its own
                // key/value head, and `out` outlives the pool call, which returns after
                // every worker is done.
                let context = unsafe {
                    std::slice::from_raw_parts_mut((out_ptr as *mut f32).add(start), group * d)
                };
                attend_position(
                    &queries[start..start + group * d],
                    caches[row][head],
                    d,
                    scale,
                    &mut scratch,
                    context,
                );
            }
        })
    });
    Ok(out)
}

/// The query heads (group × d) of one key/value head at the newest cached position.
fn attend_position(
    queries: &[f32],
    cache: HeadCache<'_>,
    d: usize,
    scale: f32,
    scratch: &mut Vec<f32>,
    context: &mut [f32],
) {
    let group = queries.len() / d;
    let visible = cache.keys.len() / d;
    scratch.resize(group * visible, 0.0);
    if one_query::available(group, d) {
        // SAFETY: `available` checked the CPU features and shapes.
        unsafe {
            one_query::attend(
                queries,
                cache.keys,
                cache.values,
                visible,
                scale,
                scratch,
                context,
            )
        };
    } else {
        attend_rows(
            queries,
            &widen(cache.keys),
            &widen(cache.values),
            visible,
            1,
            scale,
            scratch,
            context,
        );
    }
}

/// The query heads of key/value head `head` at new positions `positions`.
#[allow(clippy::too_many_arguments)]
fn attend_block(
    q: &[f32],
    keys: &[f32],
    values: &[f32],
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
    attend_rows(
        queries,
        &keys[..visible * d],
        &values[..visible * d],
        offset + positions.start + 1,
        block,
        scale,
        scores,
        context,
    );
    // Output is (l, h_q, d).
    for r in 0..group {
        for i in 0..block {
            let target = ((positions.start + i) * h_q + head * group + r) * d;
            out[target..target + d].copy_from_slice(&context[(r * block + i) * d..][..d]);
        }
    }
}

/// Cached f16 values as f32, for the `gemm` products.
fn widen(halves: &[f16]) -> Vec<f32> {
    let mut wide = vec![0f32; halves.len()];
    halves.convert_to_f32_slice(&mut wide);
    wide
}

/// Rows of query heads × `block` new positions, the first of which sees `first_seen`
/// cached positions: two `gemm` products straight over the cached rows, with a causal
/// softmax between.
#[allow(clippy::too_many_arguments)]
fn attend_rows(
    queries: &[f32],
    keys: &[f32],
    values: &[f32],
    first_seen: usize,
    block: usize,
    scale: f32,
    scores: &mut [f32],
    context: &mut [f32],
) {
    let rows = scores.len() / (first_seen + block - 1);
    let d = queries.len() / rows;
    let visible = first_seen + block - 1;
    let row_stride = d as isize;
    let (keys, values) = (keys.as_ptr(), values.as_ptr());
    // Scores are stored position-major (score of row r at position t is at
    // t * rows + r): with that layout `gemm` reads the strided cache rows as they are
    // instead of packing a copy of every key first.
    // SAFETY: `queries` is rows × d row-major, `scores` holds rows × visible and `keys`
    // visible × d (sliced by the caller).
    // The product is computed transposed (Sᵀ = K·Qᵀ): `gemm`'s AVX2 micro-kernel is 16
    // rows by 6 columns, so a decode step's six query rows fill its columns instead of
    // padding its rows.
    unsafe {
        gemm::gemm(
            visible,
            rows,
            d,
            scores.as_mut_ptr(),
            1,
            rows as isize,
            false,
            keys,
            1,
            row_stride,
            queries.as_ptr(),
            d as isize,
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
        let seen = first_seen + row % block;
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
    // `values` holds visible × d.
    // Transposed as well: contextᵀ = Vᵀ·Pᵀ.
    unsafe {
        gemm::gemm(
            d,
            rows,
            visible,
            context.as_mut_ptr(),
            d as isize,
            1,
            false,
            values,
            row_stride,
            1,
            scores.as_ptr(),
            1,
            rows as isize,
            0.0,
            1.0,
            false,
            false,
            false,
            gemm::Parallelism::None,
        );
    }
}

/// Attention of one new position (a decode step) for the query heads of one key/value
/// head, in AVX2: `gemm` pads or packs for shapes this thin.
mod one_query {
    use half::f16;

    /// Query heads per key/value head the kernel handles.
    const MAX_GROUP: usize = 8;
    /// Positions whose value rows are reused from L1 for every 8-wide slice of a head.
    const POSITION_BLOCK: usize = 32;

    /// Whether the kernel runs here for this shape.
    pub fn available(group: usize, d: usize) -> bool {
        #[cfg(target_arch = "x86_64")]
        {
            (1..=MAX_GROUP).contains(&group)
                && d.is_multiple_of(16)
                && is_x86_feature_detected!("avx2")
                && is_x86_feature_detected!("fma")
                && is_x86_feature_detected!("f16c")
        }
        #[cfg(not(target_arch = "x86_64"))]
        {
            let _ = (group, d);
            false
        }
    }

    /// `queries` (group × d) attend over the `visible` rows of `keys` and `values`
    /// (each visible × d); `scores` (group × visible) is scratch and `context`
    /// (group × d) the result.
    ///
    /// # Safety
    /// [`available`] must have returned true for this group and d.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma,f16c")]
    pub unsafe fn attend(
        queries: &[f32],
        keys: &[f16],
        values: &[f16],
        visible: usize,
        scale: f32,
        scores: &mut [f32],
        context: &mut [f32],
    ) {
        let group = scores.len() / visible;
        let arguments = (queries, keys, values, visible, scale, scores, context);
        match group {
            1 => attend_group::<1>(arguments),
            2 => attend_group::<2>(arguments),
            3 => attend_group::<3>(arguments),
            4 => attend_group::<4>(arguments),
            5 => attend_group::<5>(arguments),
            6 => attend_group::<6>(arguments),
            7 => attend_group::<7>(arguments),
            _ => attend_group::<8>(arguments),
        }
    }

    /// [`attend`]'s arguments, passed through to the kernel for one group size.
    #[cfg(target_arch = "x86_64")]
    type Arguments<'a> = (
        &'a [f32],
        &'a [f16],
        &'a [f16],
        usize,
        f32,
        &'a mut [f32],
        &'a mut [f32],
    );

    /// Eight f16 values at `at` as f32.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,f16c")]
    #[inline]
    unsafe fn widen(at: *const f16) -> std::arch::x86_64::__m256 {
        use std::arch::x86_64::*;
        _mm256_cvtph_ps(_mm_loadu_si128(at as *const __m128i))
    }

    /// [`attend`] for `G` query heads. Every product is summed in two chains (slices
    /// `c` and `c + 8` of a row): with one, each step waited on the last fused
    /// multiply-add's four-cycle latency and the loop ran at a third of the FMA rate.
    ///
    /// # Safety
    /// As for [`attend`]; the caller passes `G` = scores.len() / visible.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,fma,f16c")]
    unsafe fn attend_group<const G: usize>(
        (queries, keys, values, visible, scale, scores, context): Arguments<'_>,
    ) {
        use std::arch::x86_64::*;
        let d = queries.len() / G;
        assert!(
            keys.len() >= visible * d
                && values.len() >= visible * d
                && scores.len() == G * visible
                && context.len() == G * d
                && d.is_multiple_of(16)
        );
        // Scores: each key row is loaded once for all query heads.
        let (queries, keys) = (queries.as_ptr(), keys.as_ptr());
        for t in 0..visible {
            let key = keys.add(t * d);
            let mut even = [_mm256_setzero_ps(); G];
            let mut odd = [_mm256_setzero_ps(); G];
            for c in (0..d).step_by(16) {
                let (k0, k1) = (widen(key.add(c)), widen(key.add(c + 8)));
                for r in 0..G {
                    let q = queries.add(r * d + c);
                    even[r] = _mm256_fmadd_ps(_mm256_loadu_ps(q), k0, even[r]);
                    odd[r] = _mm256_fmadd_ps(_mm256_loadu_ps(q.add(8)), k1, odd[r]);
                }
            }
            for r in 0..G {
                let sum = _mm256_add_ps(even[r], odd[r]);
                *scores.get_unchecked_mut(r * visible + t) =
                    crate::model::simd::horizontal_sum(sum) * scale;
            }
        }
        for row in scores.chunks_exact_mut(visible) {
            crate::model::simd::softmax_in_place(row);
        }
        // Context: blocks of value rows, each swept once per 16-wide slice.
        context.fill(0.0);
        let values = values.as_ptr();
        for first in (0..visible).step_by(POSITION_BLOCK) {
            let last = visible.min(first + POSITION_BLOCK);
            for c in (0..d).step_by(16) {
                let mut low = [_mm256_setzero_ps(); G];
                let mut high = [_mm256_setzero_ps(); G];
                for r in 0..G {
                    low[r] = _mm256_loadu_ps(context.as_ptr().add(r * d + c));
                    high[r] = _mm256_loadu_ps(context.as_ptr().add(r * d + c + 8));
                }
                for t in first..last {
                    // Each sweep reads one slice (a cache line) of every row: fetch the
                    // next block's rows a line ahead of time, or every sweep waits on
                    // memory for lines the hardware prefetcher did not guess.
                    if t + POSITION_BLOCK < visible {
                        _mm_prefetch::<_MM_HINT_T0>(
                            values.add((t + POSITION_BLOCK) * d + c) as *const i8
                        );
                    }
                    let row = values.add(t * d);
                    let (v0, v1) = (widen(row.add(c)), widen(row.add(c + 8)));
                    for r in 0..G {
                        let weight = _mm256_set1_ps(*scores.get_unchecked(r * visible + t));
                        low[r] = _mm256_fmadd_ps(weight, v0, low[r]);
                        high[r] = _mm256_fmadd_ps(weight, v1, high[r]);
                    }
                }
                for r in 0..G {
                    _mm256_storeu_ps(context.as_mut_ptr().add(r * d + c), low[r]);
                    _mm256_storeu_ps(context.as_mut_ptr().add(r * d + c + 8), high[r]);
                }
            }
        }
    }

    /// Without AVX2 [`available`] is false and this is never called.
    ///
    /// # Safety
    /// Never called.
    #[cfg(not(target_arch = "x86_64"))]
    pub unsafe fn attend(
        _queries: &[f32],
        _keys: &[f16],
        _values: &[f16],
        _visible: usize,
        _scale: f32,
        _scores: &mut [f32],
        _context: &mut [f32],
    ) {
        unreachable!("the one-query kernel is chosen only on x86-64");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::simd::test_values as values;

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

    /// Per-head keys and values (as the cache holds them, in f16) out of positions laid
    /// out (s, h_kv, [K d | V d]).
    fn split_heads(kv: &[f32], h_kv: usize, d: usize) -> Vec<(Vec<f16>, Vec<f16>)> {
        (0..h_kv)
            .map(|head| {
                let rows = kv.chunks_exact(h_kv * 2 * d);
                let keys = rows.clone().flat_map(|row| &row[head * 2 * d..][..d]);
                let values = rows.flat_map(|row| &row[head * 2 * d + d..][..d]);
                (
                    keys.map(|&v| f16::from_f32(v)).collect(),
                    values.map(|&v| f16::from_f32(v)).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn matches_reference_attention_for_prompts_and_decode_steps() {
        // (h_q, h_kv, d, l, offset): decode steps, a prompt longer than one block,
        // a prompt after a cached prefix, no grouping, one position, a prompt whose
        // last block holds one position.
        for (h_q, h_kv, d, l, offset) in [
            (12, 2, 128, 1, 36),
            (4, 4, 20, 1, 4),
            (6, 1, 64, 1, 0),
            (8, 2, 16, 75, 0),
            (6, 2, 32, 40, 13),
            (2, 2, 8, 3, 0),
            (4, 2, 16, 33, 5),
        ] {
            let shape = AttentionShape {
                h_q,
                h_kv,
                d,
                l,
                offset,
            };
            let q = values(h_q * l * d, 1 + l as u64);
            // Rounded to f16 as the cache stores them, so the reference sees the same.
            let kv: Vec<f32> = values((offset + l) * h_kv * 2 * d, 7 + d as u64)
                .into_iter()
                .map(|v| f16::from_f32(v).to_f32())
                .collect();
            let scale = 1.0 / (d as f32).sqrt();
            let heads = split_heads(&kv, h_kv, d);
            let caches: Vec<HeadCache> = heads
                .iter()
                .map(|(keys, values)| HeadCache { keys, values })
                .collect();
            let ours: Vec<f32> = cached_attention(&q, &caches, shape, scale)
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
        let zeros = [f16::ZERO; 16];
        let head = HeadCache {
            keys: &zeros,
            values: &zeros,
        };
        // 6 query heads cannot share 4 kv heads.
        assert!(cached_attention(&[0.0; 48], &[head; 4], shape, 1.0).is_err());
        // The cache must hold offset + l positions per head.
        let shape = AttentionShape { h_q: 4, ..shape };
        let short = HeadCache {
            keys: &zeros[..8],
            values: &zeros,
        };
        assert!(cached_attention(&[0.0; 32], &[head, head, head, short], shape, 1.0).is_err());
        assert!(cached_attention(&[0.0; 32], &[head; 4], shape, 1.0).is_ok());
    }
}
