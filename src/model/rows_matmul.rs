//! Quantized projections for decode steps: a few activation rows (one per sequence)
//! against Q4_K / Q6_K weights, read straight from the GGUF blocks.
//!
//! candle 0.11 runs Q4_K on x86 through weight tiles repacked with f32 scales (a third
//! more bytes than the file) and, without AVX-512, emulates the VNNI dot product with
//! three instructions; on a 2-core AVX2 machine a decode step spent 62% of its time
//! there and ran at 0.58x llama.cpp. Here each weight block is read once per step, its
//! scales are applied inside the integer dot product (`madd` against the 6-bit scale,
//! as llama.cpp does), and up to eight activation rows share every block load, so a
//! batched step streams the weights once (decode went from 8.2 to 14.8 tok/s there).
//!
//! On CPUs with AVX-512 VNNI the weights are also regrouped at load into the tiles of
//! [`super::vnni_tiles`] (one `vpdpbusd` per four weights of sixteen output rows), which
//! then take every projection, prompts included. Elsewhere prompts (many rows) stay on
//! candle's tiled kernels, which keep up with llama.cpp there.

use std::sync::Arc;

use candle_core::quantized::{GgmlDType, QMatMul, QTensor};
use candle_core::{DType, Module, Result, Tensor};

use super::vnni_tiles::{cpu_has_tiles, WeightTiles, TILE_ROWS};

/// At most this many rows take the row kernels; longer inputs (prompts) take the tile
/// kernels where every projection has tiles, candle's kernels otherwise.
pub const MAX_DECODE_ROWS: usize = 16;

/// Activation rows sharing one pass over a weight row: the weights' unpacking is spread
/// over more rows (batch-8 projections: ~90 GMAC/s with eight, ~55 with four, 2-core AVX2).
const GROUP: usize = 8;

/// A weight matrix (out × in) used as `xs · Wᵀ`, with the decode kernels where they
/// apply and candle's `QMatMul` everywhere else (prompts, GPUs, other formats).
#[derive(Debug, Clone)]
pub struct QuantLinear {
    weights: Arc<QTensor>,
    fallback: QMatMul,
    format: Option<BlockFormat>,
    /// The weights regrouped for the AVX-512 VNNI tile kernels, where they run.
    tiles: Option<Arc<WeightTiles>>,
}

/// The GGUF block formats the decode kernels read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BlockFormat {
    Q4K,
    Q6K,
}

impl BlockFormat {
    fn bytes(self) -> usize {
        match self {
            Self::Q4K => Q4K_BYTES,
            Self::Q6K => Q6K_BYTES,
        }
    }
}

/// Values per K-quant super-block.
const QK: usize = 256;
/// d, dmin (f16), 12 bytes of 6-bit scales and mins, 128 bytes of nibbles.
const Q4K_BYTES: usize = 144;
/// 128 bytes of low nibbles, 64 of high bit pairs, 16 scales (i8), d (f16).
const Q6K_BYTES: usize = 210;

impl QuantLinear {
    /// Wrap a loaded weight; shares its storage with candle's `QMatMul`.
    pub fn new(weights: Arc<QTensor>) -> Result<Self> {
        let fallback = QMatMul::from_arc(weights.clone())?;
        let format = match weights.dtype() {
            GgmlDType::Q4K => Some(BlockFormat::Q4K),
            GgmlDType::Q6K => Some(BlockFormat::Q6K),
            _ => None,
        }
        .filter(|_| weights.device().is_cpu() && cpu_runs_kernels())
        .filter(|_| matches!(weights.shape().dims(), [_, k] if k.is_multiple_of(QK)));
        let tiles = match weights.shape().dims() {
            &[n, k] if format.is_some() && cpu_has_tiles() => {
                WeightTiles::pack(weights.dtype(), &weights.data()?, n, k).map(Arc::new)
            }
            _ => None,
        };
        Ok(Self {
            weights,
            fallback,
            format,
            tiles,
        })
    }
}

impl QuantLinear {
    /// Several projections of the same input (a block's query, key and value, or its
    /// gate and up), each `xs · Wᵀ`. On the decode kernels they share one quantization
    /// of the input and one call of the worker pool: the key and value projections are
    /// a sixth of the query's size, and alone each one's call was mostly the workers
    /// waiting for each other.
    pub fn forward_together<const N: usize>(
        linears: [&QuantLinear; N],
        xs: &Tensor,
    ) -> Result<[Tensor; N]> {
        let shapes = linears
            .iter()
            .map(|linear| linear.weights.shape().dims2())
            .collect::<Result<Vec<_>>>()?;
        let k = shapes.first().map_or(0, |&(_, k)| k);
        let rows = xs.elem_count() / k.max(1);
        let formats: Option<Vec<BlockFormat>> =
            linears.iter().map(|linear| linear.format).collect();
        let together = match formats {
            Some(formats)
                if (rows <= MAX_DECODE_ROWS
                    || linears.iter().all(|linear| linear.tiles.is_some()))
                    && xs.dtype() == DType::F32
                    && shapes.iter().all(|&(_, width)| width == k) =>
            {
                let xs = xs.contiguous()?;
                let input = xs.flatten_all()?.to_vec1::<f32>()?;
                let data = linears
                    .iter()
                    .map(|linear| linear.weights.data())
                    .collect::<Result<Vec<_>>>()?;
                let mut outs: Vec<Vec<f32>> =
                    shapes.iter().map(|&(n, _)| vec![0f32; rows * n]).collect();
                let mut projections: Vec<Projection<'_>> = formats
                    .iter()
                    .zip(&data)
                    .zip(&mut outs)
                    .zip(&linears)
                    .map(|(((&format, weights), out), linear)| Projection {
                        format,
                        weights,
                        tiles: linear.tiles.as_deref(),
                        out,
                    })
                    .collect();
                decode_projections(&mut projections, &input, k);
                outs.into_iter()
                    .zip(&shapes)
                    .map(|(out, &(n, _))| {
                        let mut dims = xs.dims().to_vec();
                        if let Some(last) = dims.last_mut() {
                            *last = n;
                        }
                        Tensor::from_vec(out, dims, xs.device())
                    })
                    .collect::<Result<Vec<_>>>()?
            }
            _ => linears
                .iter()
                .map(|linear| linear.fallback.forward(xs))
                .collect::<Result<Vec<_>>>()?,
        };
        together
            .try_into()
            .map_err(|_| candle_core::Error::Msg("projections lost their count".into()))
    }
}

impl Module for QuantLinear {
    /// `xs` (…, in) times the transposed weight: (…, out).
    fn forward(&self, xs: &Tensor) -> Result<Tensor> {
        let [out] = Self::forward_together([self], xs)?;
        Ok(out)
    }
}

/// Whether this CPU can run the decode kernels at all (x86-64 with AVX2, FMA, F16C).
fn cpu_runs_kernels() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        is_x86_feature_detected!("avx2")
            && is_x86_feature_detected!("fma")
            && is_x86_feature_detected!("f16c")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// One activation row's super-block quantized to 8 bits, with the sums the weight
/// formats' offsets need (ggml's Q8_K plus sums over 32 values for Q4_K's mins).
#[derive(Clone)]
pub(crate) struct ActivationBlock {
    pub(crate) d: f32,
    pub(crate) qs: [i8; QK],
    pub(crate) sums16: [i16; QK / 16],
    pub(crate) sums32: [i16; QK / 32],
}

/// Quantize `row` (a multiple of 256 values) block by block, symmetric to ±127.
pub(crate) fn quantize_row(row: &[f32]) -> Vec<ActivationBlock> {
    row.chunks_exact(QK)
        .map(|values| {
            let amax = values.iter().fold(0f32, |max, v| max.max(v.abs()));
            let mut block = ActivationBlock {
                d: amax / 127.0,
                qs: [0; QK],
                sums16: [0; QK / 16],
                sums32: [0; QK / 32],
            };
            if amax > 0.0 {
                let inverse = 127.0 / amax;
                for (q, v) in block.qs.iter_mut().zip(values) {
                    *q = (v * inverse).round().clamp(-127.0, 127.0) as i8;
                }
            }
            for (group, sum) in block.sums16.iter_mut().enumerate() {
                *sum = block.qs[group * 16..][..16].iter().map(|&q| q as i16).sum();
            }
            for (group, sum) in block.sums32.iter_mut().enumerate() {
                *sum = block.sums16[2 * group] + block.sums16[2 * group + 1];
            }
            block
        })
        .collect()
}

/// Every row of `input` (rows × k) quantized; a prompt's rows on the worker pool (at
/// 1.5k rows the down projection's input alone is 14 M values).
fn quantize_rows(input: &[f32], k: usize) -> Vec<Vec<ActivationBlock>> {
    let rows = input.len() / k.max(1);
    if rows <= MAX_DECODE_ROWS {
        return input.chunks_exact(k).map(quantize_row).collect();
    }
    let mut activations = vec![Vec::new(); rows];
    let slots = activations.as_mut_ptr() as usize;
    candle_core::utils::barrier_pool().execute_chunked(rows, |items| {
        for row in items {
            // SAFETY: each row's slot is written by exactly one item, and `activations`
            // outlives the pool call, which returns after every worker is done.
            unsafe {
                *(slots as *mut Vec<ActivationBlock>).add(row) =
                    quantize_row(&input[row * k..][..k]);
            }
        }
    });
    activations
}

/// One weight matrix of a [`decode_projections`] call and where its product goes.
struct Projection<'a> {
    format: BlockFormat,
    /// n rows of k / 256 blocks.
    weights: &'a [u8],
    /// The same weights as tiles, where the tile kernel runs.
    tiles: Option<&'a WeightTiles>,
    /// rows × n.
    out: &'a mut [f32],
}

/// Every projection's out = input (rows × k) · weightsᵀ, in one call of the pool.
fn decode_projections(projections: &mut [Projection<'_>], input: &[f32], k: usize) {
    /// Output columns per work item: small enough to balance two workers.
    const COLUMNS: usize = 64;
    const _: () = assert!(COLUMNS.is_multiple_of(TILE_ROWS) && GROUP == 8);
    let blocks = k / QK;
    let activations = quantize_rows(input, k);
    let rows = activations.len();
    /// A projection as the workers see it: its output by address, its items numbered
    /// from `first_item` on.
    struct Job<'a> {
        format: BlockFormat,
        weights: &'a [u8],
        tiles: Option<&'a WeightTiles>,
        row_bytes: usize,
        n: usize,
        out: usize,
        first_item: usize,
    }
    let mut first_item = 0;
    let jobs: Vec<Job<'_>> = projections
        .iter_mut()
        .map(|projection| {
            let n = projection.out.len() / rows.max(1);
            debug_assert_eq!(rows * n, projection.out.len());
            let job = Job {
                format: projection.format,
                weights: projection.weights,
                tiles: projection.tiles,
                row_bytes: blocks * projection.format.bytes(),
                n,
                out: projection.out.as_mut_ptr() as usize,
                first_item,
            };
            first_item += n.div_ceil(COLUMNS);
            job
        })
        .collect();
    candle_core::utils::barrier_pool().execute_chunked(first_item, |items| {
        for item in items {
            let Some(job) = jobs.iter().rev().find(|job| job.first_item <= item) else {
                continue;
            };
            let start = (item - job.first_item) * COLUMNS;
            let end = job.n.min(start + COLUMNS);
            // A single row is bound by reading the weights, and Q6_K tiles are a third
            // larger than its blocks: it keeps the row kernel there.
            let tiles = job
                .tiles
                .filter(|tiles| rows > 1 || matches!(tiles, WeightTiles::Q4K(_)));
            if let Some(tiles) = tiles {
                for tile in start / TILE_ROWS..end / TILE_ROWS {
                    for (group_index, group) in activations.chunks(GROUP).enumerate() {
                        let mut sums = [[0f32; TILE_ROWS]; GROUP];
                        tiles.dot_tile(tile, group, &mut sums);
                        for (offset, sums) in sums.iter().take(group.len()).enumerate() {
                            let row = group_index * GROUP + offset;
                            // SAFETY: as below; the tile's columns are this item's.
                            unsafe {
                                std::ptr::copy_nonoverlapping(
                                    sums.as_ptr(),
                                    (job.out as *mut f32).add(row * job.n + tile * TILE_ROWS),
                                    TILE_ROWS,
                                )
                            };
                        }
                    }
                }
                continue;
            }
            for column in start..end {
                let weight_row = &job.weights[column * job.row_bytes..][..job.row_bytes];
                for (group_index, group) in activations.chunks(GROUP).enumerate() {
                    let mut sums = [0f32; GROUP];
                    dot_rows(job.format, weight_row, group, &mut sums);
                    for (offset, sum) in sums.iter().take(group.len()).enumerate() {
                        let row = group_index * GROUP + offset;
                        // SAFETY: every (row, column) of a projection is written by
                        // exactly one item (columns are split between items), `row <
                        // rows` and `column < n`, and the outputs outlive the pool call.
                        unsafe { *(job.out as *mut f32).add(row * job.n + column) = *sum };
                    }
                }
            }
        }
    });
}

/// Dot products of one weight row with up to [`GROUP`] activation rows.
fn dot_rows(
    format: BlockFormat,
    weight_row: &[u8],
    group: &[Vec<ActivationBlock>],
    sums: &mut [f32; GROUP],
) {
    #[cfg(target_arch = "x86_64")]
    {
        // SAFETY: formats reach here only where `cpu_runs_kernels` (checked by
        // `QuantLinear::new`, and by the tests).
        unsafe {
            match (format, group.len()) {
                (BlockFormat::Q4K, 1) => avx2::q4k::<1>(weight_row, group, sums),
                (BlockFormat::Q4K, 2) => avx2::q4k::<2>(weight_row, group, sums),
                (BlockFormat::Q4K, 3) => avx2::q4k::<3>(weight_row, group, sums),
                (BlockFormat::Q4K, 4) => avx2::q4k::<4>(weight_row, group, sums),
                (BlockFormat::Q4K, 5) => avx2::q4k::<5>(weight_row, group, sums),
                (BlockFormat::Q4K, 6) => avx2::q4k::<6>(weight_row, group, sums),
                (BlockFormat::Q4K, 7) => avx2::q4k::<7>(weight_row, group, sums),
                (BlockFormat::Q4K, _) => avx2::q4k::<8>(weight_row, group, sums),
                (BlockFormat::Q6K, 1) => avx2::q6k::<1>(weight_row, group, sums),
                (BlockFormat::Q6K, 2) => avx2::q6k::<2>(weight_row, group, sums),
                (BlockFormat::Q6K, 3) => avx2::q6k::<3>(weight_row, group, sums),
                (BlockFormat::Q6K, 4) => avx2::q6k::<4>(weight_row, group, sums),
                (BlockFormat::Q6K, 5) => avx2::q6k::<5>(weight_row, group, sums),
                (BlockFormat::Q6K, 6) => avx2::q6k::<6>(weight_row, group, sums),
                (BlockFormat::Q6K, 7) => avx2::q6k::<7>(weight_row, group, sums),
                (BlockFormat::Q6K, _) => avx2::q6k::<8>(weight_row, group, sums),
            }
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        let _ = (format, weight_row, group, sums);
        unreachable!("decode kernels are chosen only on x86-64");
    }
}

#[cfg(target_arch = "x86_64")]
/// The Q4_K and Q6_K row kernels (AVX2). With AVX-512 VNNI a `vpdpwssd` could fuse each
/// `madd` with its add, but it measured no faster on a Zen 4 (75.7 against 76.0 GMAC/s
/// on one core): the multiplies, not the adds, bound these kernels, and such CPUs take
/// the tiles of [`super::vnni_tiles`] instead.
mod avx2 {
    use super::{ActivationBlock, GROUP, Q4K_BYTES, Q6K_BYTES, QK};
    use crate::model::simd::horizontal_sum;
    use std::arch::x86_64::*;

    #[target_feature(enable = "avx2,fma,f16c")]
    #[inline]
    unsafe fn f16_at(bytes: &[u8], at: usize) -> f32 {
        let bits = u16::from_le_bytes([bytes[at], bytes[at + 1]]);
        _mm_cvtss_f32(_mm_cvtph_ps(_mm_cvtsi32_si128(bits as i32)))
    }

    /// The `pshufb` control that copies 16-bit lane `low` across the low 128-bit half and
    /// lane `high` across the high half.
    const fn broadcast_control(low: usize, high: usize) -> __m256i {
        let mut bytes = [0u8; 32];
        let mut i = 0;
        while i < 32 {
            let lane = if i < 16 { low } else { high };
            bytes[i] = (2 * lane + i % 2) as u8;
            i += 1;
        }
        // SAFETY: any 32 bytes are a valid `__m256i`.
        unsafe { std::mem::transmute::<[u8; 32], __m256i>(bytes) }
    }

    /// `pshufb` controls that copy 16-bit lane `i` of each 128-bit half everywhere.
    const LANE_BROADCAST: [__m256i; 8] = {
        let mut controls = [broadcast_control(0, 0); 8];
        let mut lane = 0;
        while lane < 8 {
            controls[lane] = broadcast_control(lane, lane);
            lane += 1;
        }
        controls
    };

    /// `pshufb` controls that copy 16-bit lane `2p` across the low 128-bit half and lane
    /// `2p + 1` across the high half: Q6_K's two group scales of one 32-byte part.
    const PAIR_BROADCAST: [__m256i; 4] = {
        let mut controls = [broadcast_control(0, 0); 4];
        let mut part = 0;
        while part < 4 {
            controls[part] = broadcast_control(2 * part, 2 * part + 1);
            part += 1;
        }
        controls
    };

    /// Q4_K's twelve bytes of 6-bit fields as sixteen bytes: scales 0..8, then mins
    /// 0..8 (the bit shuffle of ggml's `get_scale_min_k4`, four sub-blocks at a time).
    #[target_feature(enable = "avx2,fma,f16c")]
    #[inline]
    pub(super) unsafe fn q4k_scales_mins(packed: &[u8]) -> __m128i {
        const LOW6: u32 = 0x3f3f_3f3f;
        const LOW4: u32 = 0x0f0f_0f0f;
        const LOW2: u32 = 0x0303_0303;
        let word = |i: usize| {
            u32::from_le_bytes([
                packed[4 * i],
                packed[4 * i + 1],
                packed[4 * i + 2],
                packed[4 * i + 3],
            ])
        };
        let (w0, w1, w2) = (word(0), word(1), word(2));
        let scales_low = w0 & LOW6;
        let scales_high = (w2 & LOW4) | (((w0 >> 6) & LOW2) << 4);
        let mins_low = w1 & LOW6;
        let mins_high = ((w2 >> 4) & LOW4) | (((w1 >> 6) & LOW2) << 4);
        _mm_set_epi32(
            mins_high as i32,
            mins_low as i32,
            scales_high as i32,
            scales_low as i32,
        )
    }

    /// Q4_K: value = d·scale_j·q − dmin·min_j per 32-value sub-block j, q in 0..16.
    #[target_feature(enable = "avx2,fma,f16c")]
    pub(super) unsafe fn q4k<const R: usize>(
        weight_row: &[u8],
        rows: &[Vec<ActivationBlock>],
        sums: &mut [f32; GROUP],
    ) {
        let low_nibbles = _mm256_set1_epi8(0x0F);
        let mut acc = [_mm256_setzero_ps(); R];
        for (b, block) in weight_row.chunks_exact(Q4K_BYTES).enumerate() {
            let d = f16_at(block, 0);
            let dmin = f16_at(block, 2);
            let acts: [&ActivationBlock; R] = std::array::from_fn(|r| &rows[r][b]);
            // Eight scales in the low half, eight mins in the high half, as i16.
            let scales_mins = _mm256_cvtepu8_epi16(q4k_scales_mins(&block[4..16]));
            let scales = _mm256_permute2x128_si256(scales_mins, scales_mins, 0x00);
            let mins = _mm256_extracti128_si256(scales_mins, 1);
            let qs = block[16..].as_ptr();
            let mut dots = [_mm256_setzero_si256(); R];
            for chunk in 0..4 {
                let packed = _mm256_loadu_si256(qs.add(chunk * 32) as *const __m256i);
                let low = _mm256_and_si256(packed, low_nibbles);
                let high = _mm256_and_si256(_mm256_srli_epi16(packed, 4), low_nibbles);
                let scale_low = _mm256_shuffle_epi8(scales, LANE_BROADCAST[2 * chunk]);
                let scale_high = _mm256_shuffle_epi8(scales, LANE_BROADCAST[2 * chunk + 1]);
                for r in 0..R {
                    let a = acts[r].qs.as_ptr().add(chunk * 64);
                    let a_low = _mm256_loadu_si256(a as *const __m256i);
                    let a_high = _mm256_loadu_si256(a.add(32) as *const __m256i);
                    let p_low = _mm256_madd_epi16(_mm256_maddubs_epi16(low, a_low), scale_low);
                    let p_high = _mm256_madd_epi16(_mm256_maddubs_epi16(high, a_high), scale_high);
                    dots[r] = _mm256_add_epi32(dots[r], _mm256_add_epi32(p_low, p_high));
                }
            }
            for r in 0..R {
                let activation = acts[r];
                acc[r] = _mm256_fmadd_ps(
                    _mm256_cvtepi32_ps(dots[r]),
                    _mm256_set1_ps(d * activation.d),
                    acc[r],
                );
                let sums32 = _mm_loadu_si128(activation.sums32.as_ptr() as *const __m128i);
                let min_terms = _mm_cvtepi32_ps(_mm_madd_epi16(mins, sums32));
                acc[r] = _mm256_fnmadd_ps(
                    _mm256_zextps128_ps256(min_terms),
                    _mm256_set1_ps(dmin * activation.d),
                    acc[r],
                );
            }
        }
        for r in 0..R {
            sums[r] = horizontal_sum(acc[r]);
        }
    }

    /// Q6_K: value = d·scale_g·(q − 32) per 16-value group g, q in 0..64 split into
    /// low nibbles (`ql`) and high bit pairs (`qh`).
    #[target_feature(enable = "avx2,fma,f16c")]
    pub(super) unsafe fn q6k<const R: usize>(
        weight_row: &[u8],
        rows: &[Vec<ActivationBlock>],
        sums: &mut [f32; GROUP],
    ) {
        let low_nibbles = _mm256_set1_epi8(0x0F);
        let two_bits = _mm256_set1_epi8(0x03);
        let mut acc = [_mm256_setzero_ps(); R];
        for (b, block) in weight_row.chunks_exact(Q6K_BYTES).enumerate() {
            let scales16 =
                _mm256_cvtepi8_epi16(_mm_loadu_si128(block[192..].as_ptr() as *const __m128i));
            let d = f16_at(block, 208);
            let acts: [&ActivationBlock; R] = std::array::from_fn(|r| &rows[r][b]);
            let mut dots = [_mm256_setzero_si256(); R];
            for half in 0..2 {
                // This half's eight group scales in both 128-bit halves.
                let half_scales = if half == 0 {
                    _mm256_permute2x128_si256(scales16, scales16, 0x00)
                } else {
                    _mm256_permute2x128_si256(scales16, scales16, 0x11)
                };
                let ql = block[half * 64..].as_ptr();
                let ql0 = _mm256_loadu_si256(ql as *const __m256i);
                let ql1 = _mm256_loadu_si256(ql.add(32) as *const __m256i);
                let qh = _mm256_loadu_si256(block[128 + half * 32..].as_ptr() as *const __m256i);
                for (part, control) in PAIR_BROADCAST.iter().enumerate() {
                    // Part p: low nibbles of ql0 / ql1 (then their high nibbles), and the
                    // bit pair at 2p of qh as bits 4..6.
                    let (low, high_pair) = match part {
                        0 => (ql0, qh),
                        1 => (ql1, _mm256_srli_epi16(qh, 2)),
                        2 => (_mm256_srli_epi16(ql0, 4), _mm256_srli_epi16(qh, 4)),
                        _ => (_mm256_srli_epi16(ql1, 4), _mm256_srli_epi16(qh, 6)),
                    };
                    let quant = _mm256_or_si256(
                        _mm256_and_si256(low, low_nibbles),
                        _mm256_slli_epi16(_mm256_and_si256(high_pair, two_bits), 4),
                    );
                    let scale = _mm256_shuffle_epi8(half_scales, *control);
                    for r in 0..R {
                        let a = acts[r].qs.as_ptr().add(half * 128 + part * 32);
                        let a = _mm256_loadu_si256(a as *const __m256i);
                        let p = _mm256_madd_epi16(_mm256_maddubs_epi16(quant, a), scale);
                        dots[r] = _mm256_add_epi32(dots[r], p);
                    }
                }
            }
            for r in 0..R {
                let activation = acts[r];
                let sums16 = _mm256_loadu_si256(activation.sums16.as_ptr() as *const __m256i);
                // The −32 offset: 32 · Σ_g scale_g · Σ_{i∈g} a_i.
                let offset = _mm256_slli_epi32(_mm256_madd_epi16(scales16, sums16), 5);
                acc[r] = _mm256_fmadd_ps(
                    _mm256_cvtepi32_ps(_mm256_sub_epi32(dots[r], offset)),
                    _mm256_set1_ps(d * activation.d),
                    acc[r],
                );
            }
        }
        for r in 0..R {
            sums[r] = horizontal_sum(acc[r]);
        }
    }

    const _: () = assert!(QK == 256);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::simd::test_values as values;
    use crate::model::vnni_tiles::q4k_scale_min;
    use candle_core::Device;

    /// out (rows × n) = input (rows × k) · weightsᵀ, weights being n rows of k / 256 blocks.
    fn decode_rows(format: BlockFormat, weights: &[u8], input: &[f32], k: usize, out: &mut [f32]) {
        decode_projections(
            &mut [Projection {
                format,
                weights,
                tiles: None,
                out,
            }],
            input,
            k,
        );
    }

    /// Largest difference of the decode kernels from the product with the dequantized
    /// weights, relative to the largest output.
    fn relative_error(format: GgmlDType, rows: usize) -> f32 {
        let (n, k) = (48, 768);
        let device = Device::Cpu;
        let weights = Tensor::from_vec(values(n * k, 3), (n, k), &device).unwrap();
        let quantized = QTensor::quantize(&weights, format).unwrap();
        let dense = quantized.dequantize(&device).unwrap();
        let input = values(rows * k, 11 + rows as u64);
        let block_format = match format {
            GgmlDType::Q4K => BlockFormat::Q4K,
            _ => BlockFormat::Q6K,
        };
        let mut ours = vec![0f32; rows * n];
        decode_rows(
            block_format,
            &quantized.data().unwrap(),
            &input,
            k,
            &mut ours,
        );
        let xs = Tensor::from_vec(input, (rows, k), &device).unwrap();
        let expected: Vec<f32> = xs
            .matmul(&dense.t().unwrap())
            .unwrap()
            .flatten_all()
            .unwrap()
            .to_vec1()
            .unwrap();
        relative_difference(&ours, &expected)
    }

    /// Largest difference of `ours` from `expected`, relative to the largest expected
    /// magnitude.
    fn relative_difference(ours: &[f32], expected: &[f32]) -> f32 {
        let scale = expected.iter().fold(0f32, |m, v| m.max(v.abs()));
        let worst = ours
            .iter()
            .zip(expected)
            .map(|(a, b)| (a - b).abs())
            .fold(0f32, f32::max);
        worst / scale
    }

    #[test]
    fn decode_rows_match_the_dequantized_product() {
        if !cpu_runs_kernels() {
            return;
        }
        for format in [GgmlDType::Q4K, GgmlDType::Q6K] {
            for rows in [1, 2, 3, 4, 5, 8, MAX_DECODE_ROWS] {
                let error = relative_error(format, rows);
                // The 8-bit activations alone cost up to about 1%.
                assert!(
                    error < 0.02,
                    "{format:?}, {rows} rows: relative error {error}"
                );
            }
        }
    }

    #[test]
    fn a_row_gets_the_same_result_alone_or_in_a_batch() {
        // Whichever kernel `QuantLinear` picks on this CPU.
        let device = Device::Cpu;
        let (n, k) = (32, 512);
        let weights = Tensor::from_vec(values(n * k, 5), (n, k), &device).unwrap();
        let linear = QuantLinear::new(Arc::new(
            QTensor::quantize(&weights, GgmlDType::Q4K).unwrap(),
        ))
        .unwrap();
        let batch = Tensor::from_vec(values(6 * k, 9), (6, k), &device).unwrap();
        let together: Vec<Vec<f32>> = linear.forward(&batch).unwrap().to_vec2().unwrap();
        for (row, expected) in together.iter().enumerate() {
            let alone = linear.forward(&batch.narrow(0, row, 1).unwrap()).unwrap();
            assert_eq!(&alone.to_vec2::<f32>().unwrap()[0], expected);
        }
    }

    #[test]
    fn projections_together_equal_projections_alone() {
        // Two formats and three widths (one narrower than a work item, one not a whole
        // number of tiles) in one call, for decode steps and a prompt; and the two
        // tiled ones alone, which take the tile kernels for the prompt too where the
        // CPU has them.
        let device = Device::Cpu;
        let k = 512;
        let linears: Vec<QuantLinear> = [
            (GgmlDType::Q4K, 96),
            (GgmlDType::Q6K, 48),
            (GgmlDType::Q4K, 8),
        ]
        .into_iter()
        .enumerate()
        .map(|(seed, (format, n))| {
            let weights = Tensor::from_vec(values(n * k, seed as u64), (n, k), &device).unwrap();
            QuantLinear::new(Arc::new(QTensor::quantize(&weights, format).unwrap())).unwrap()
        })
        .collect();
        for rows in [1, 3, 8, 40] {
            let xs = Tensor::from_vec(values(rows * k, 21), (1, rows, k), &device).unwrap();
            let three = QuantLinear::forward_together([&linears[0], &linears[1], &linears[2]], &xs)
                .unwrap();
            let two = QuantLinear::forward_together([&linears[0], &linears[1]], &xs).unwrap();
            for (linear, product) in linears.iter().zip(&three).chain(linears.iter().zip(&two)) {
                let alone = linear.fallback.forward(&xs).unwrap();
                assert_eq!(product.dims(), alone.dims());
                let product: Vec<f32> = product.flatten_all().unwrap().to_vec1().unwrap();
                let alone: Vec<f32> = alone.flatten_all().unwrap().to_vec1().unwrap();
                let error = relative_difference(&product, &alone);
                assert!(error <= 0.02, "{rows} rows: relative error {error}");
            }
        }
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn q4k_scales_and_mins_unpack_as_ggml_does() {
        if !cpu_runs_kernels() {
            return;
        }
        let packed: Vec<u8> = (0..12u8)
            .map(|i| i.wrapping_mul(97).wrapping_add(31))
            .collect();
        // SAFETY: checked above that the CPU has the kernels' features.
        let unpacked: [u8; 16] = unsafe { std::mem::transmute(avx2::q4k_scales_mins(&packed)) };
        for j in 0..8 {
            assert_eq!(
                (unpacked[j], unpacked[8 + j]),
                q4k_scale_min(j, &packed),
                "sub-block {j}"
            );
        }
    }

    #[test]
    fn activations_quantize_with_their_group_sums() {
        let row: Vec<f32> = (0..QK).map(|i| (i as f32 - 128.0) / 128.0).collect();
        let blocks = quantize_row(&row);
        assert_eq!(blocks.len(), 1);
        let block = &blocks[0];
        assert_eq!(block.qs[0], -127);
        let first16: i16 = block.qs[..16].iter().map(|&q| q as i16).sum();
        assert_eq!(block.sums16[0], first16);
        assert_eq!(block.sums32[0], block.sums16[0] + block.sums16[1]);
        let restored = block.qs[200] as f32 * block.d;
        assert!((restored - row[200]).abs() < block.d);
    }
}
