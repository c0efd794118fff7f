//! Q4_K and Q6_K weights regrouped sixteen output rows at a time, for CPUs with
//! AVX-512 VNNI.
//!
//! The row kernels of [`super::rows_matmul`] put 32 weights of one output row in a
//! vector and pay a `maddubs` plus a `madd` per 32 weights × activation row: on a Zen 4
//! they top out near 76 GMAC/s per core. Here one 64-byte vector holds four weights of
//! each of sixteen output rows, so one `vpdpbusd` against four broadcast activation
//! bytes does 64 multiply-adds straight into 32-bit sums, one lane per output row, and
//! a sub-block's sixteen scales are one vector, applied with one `vpmulld` per
//! sub-block × activation row (183 GMAC/s per core for Q4_K in cache).
//!
//! Q6_K tiles hold each 6-bit value in a byte (the offset of 32 is folded into the
//! starting sums) and their signed scales likewise, one vector per 16-value group.
//!
//! The tiles are built once at load from the GGUF blocks (Q4_K: 11% more bytes than
//! the blocks, Q6_K: 31%) and take every projection whose weights have them, prompts
//! included, so candle's own repacked copies are never built.

use candle_core::quantized::GgmlDType;

use super::rows_matmul::ActivationBlock;

/// Output rows per tile: one 32-bit lane each in a 512-bit vector.
pub const TILE_ROWS: usize = 16;
/// Values per K-quant super-block.
const QK: usize = 256;
/// Bytes of one GGUF Q4_K block: d, dmin (f16), 12 bytes of 6-bit scales and mins,
/// 128 bytes of nibbles.
const Q4K_BYTES: usize = 144;
/// Bytes of one GGUF Q6_K block: 128 bytes of low nibbles, 64 of high bit pairs, 16
/// scales (i8), d (f16).
const Q6K_BYTES: usize = 210;

/// A weight matrix regrouped for the tile kernels, in whichever format it came.
#[derive(Debug, Clone)]
pub enum WeightTiles {
    /// From Q4_K blocks.
    Q4K(Tiles<Q4kTile>),
    /// From Q6_K blocks.
    Q6K(Tiles<Q6kTile>),
}

impl WeightTiles {
    /// Regroup a Q4_K or Q6_K matrix (n rows of k / 256 GGUF blocks); `None` for other
    /// formats, where n is not a multiple of sixteen, or where the bytes do not make
    /// whole rows.
    pub fn pack(format: GgmlDType, blocks: &[u8], n: usize, k: usize) -> Option<Self> {
        match format {
            GgmlDType::Q4K => {
                Tiles::pack(blocks, n, k, Q4K_BYTES, Q4kTile::EMPTY, Q4kTile::fill_row)
                    .map(Self::Q4K)
            }
            GgmlDType::Q6K => {
                Tiles::pack(blocks, n, k, Q6K_BYTES, Q6kTile::EMPTY, Q6kTile::fill_row)
                    .map(Self::Q6K)
            }
            _ => None,
        }
    }

    /// `out[r][i]` = activation row r · weight row 16·`tile` + i, for up to eight rows.
    pub(crate) fn dot_tile(
        &self,
        tile: usize,
        rows: &[Vec<ActivationBlock>],
        out: &mut [[f32; TILE_ROWS]; 8],
    ) {
        #[cfg(target_arch = "x86_64")]
        {
            // The kernel instance for this many rows (a const generic).
            macro_rules! for_rows {
                ($kernel:ident, $tiles:expr) => {
                    match rows.len() {
                        1 => vnni::$kernel::<1>($tiles, rows, out),
                        2 => vnni::$kernel::<2>($tiles, rows, out),
                        3 => vnni::$kernel::<3>($tiles, rows, out),
                        4 => vnni::$kernel::<4>($tiles, rows, out),
                        5 => vnni::$kernel::<5>($tiles, rows, out),
                        6 => vnni::$kernel::<6>($tiles, rows, out),
                        7 => vnni::$kernel::<7>($tiles, rows, out),
                        _ => vnni::$kernel::<8>($tiles, rows, out),
                    }
                };
            }
            // SAFETY: tiles are built only where `cpu_has_tiles` said the CPU has the
            // kernels' features (see `QuantLinear::new`), and the tests check first.
            unsafe {
                match self {
                    Self::Q4K(tiles) => for_rows!(dot_q4k, tiles.column(tile)),
                    Self::Q6K(tiles) => for_rows!(dot_q6k, tiles.column(tile)),
                }
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        {
            let _ = (tile, rows, out);
            unreachable!("tiles are built only on x86-64");
        }
    }
}

/// A weight matrix (n × k) as tiles of one format: [n / 16][k / 256].
#[derive(Clone)]
pub struct Tiles<T> {
    tiles: Vec<T>,
    blocks_per_row: usize,
}

impl<T> std::fmt::Debug for Tiles<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tiles")
            .field("tiles", &self.tiles.len())
            .field("blocks_per_row", &self.blocks_per_row)
            .finish()
    }
}

impl<T: Clone + Send> Tiles<T> {
    /// Tiles for `blocks` (n rows of k / 256 blocks of `block_bytes`), each starting as
    /// `empty` and given its sixteen rows' blocks by `fill_row(tile, row, block)`. Tile
    /// columns are packed on the worker pool (the default model's took 3 s on one
    /// core). `None` where n is not a multiple of sixteen or the bytes do not make whole
    /// rows.
    fn pack(
        blocks: &[u8],
        n: usize,
        k: usize,
        block_bytes: usize,
        empty: T,
        fill_row: fn(&mut T, usize, &[u8]),
    ) -> Option<Self> {
        if n == 0 || !n.is_multiple_of(TILE_ROWS) || !k.is_multiple_of(QK) {
            return None;
        }
        let blocks_per_row = k / QK;
        let row_bytes = blocks_per_row * block_bytes;
        if blocks.len() != n * row_bytes {
            return None;
        }
        let mut tiles = vec![empty; n / TILE_ROWS * blocks_per_row];
        let slots = tiles.as_mut_ptr() as usize;
        candle_core::utils::barrier_pool().execute_chunked(n / TILE_ROWS, |columns| {
            for column in columns {
                for b in 0..blocks_per_row {
                    // SAFETY: each tile is written by the one item of its column, and
                    // `tiles` outlives the pool call, which returns after every worker.
                    let tile = unsafe { &mut *(slots as *mut T).add(column * blocks_per_row + b) };
                    for r in 0..TILE_ROWS {
                        let row = column * TILE_ROWS + r;
                        let block = &blocks[row * row_bytes + b * block_bytes..][..block_bytes];
                        fill_row(tile, r, block);
                    }
                }
            }
        });
        Some(Self {
            tiles,
            blocks_per_row,
        })
    }
}

impl<T> Tiles<T> {
    /// The super-blocks of tile column `tile` (output rows 16·`tile`..), in order.
    fn column(&self, tile: usize) -> &[T] {
        &self.tiles[tile * self.blocks_per_row..][..self.blocks_per_row]
    }
}

/// One super-block (256 inputs) of sixteen Q4_K output rows.
#[derive(Clone)]
#[repr(C, align(64))]
pub struct Q4kTile {
    /// [group of 8 inputs (32)][output row (16)][4 bytes]: byte t holds input 8g + t
    /// in its low nibble and input 8g + 4 + t in its high nibble.
    qs: [u8; QK / 2 * TILE_ROWS],
    /// [sub-block (8)][output row (16)]: the 6-bit scales.
    scales: [[u8; TILE_ROWS]; 8],
    /// [sub-block pair (4)][output row (16)][2]: the 6-bit mins as i16 pairs, as
    /// `vpdpwssd` takes them against pairs of the activations' sums over 32 values.
    mins: [[[i16; 2]; TILE_ROWS]; 4],
    /// Per output row: the block's scale and min multipliers.
    d: [f32; TILE_ROWS],
    dmin: [f32; TILE_ROWS],
}

impl Q4kTile {
    /// Zeros, for [`Self::fill_row`] to fill.
    const EMPTY: Self = Self {
        qs: [0; QK / 2 * TILE_ROWS],
        scales: [[0; TILE_ROWS]; 8],
        mins: [[[0; 2]; TILE_ROWS]; 4],
        d: [0.0; TILE_ROWS],
        dmin: [0.0; TILE_ROWS],
    };

    /// Output row `r` of this tile from its GGUF block.
    fn fill_row(&mut self, r: usize, block: &[u8]) {
        self.d[r] = half::f16::from_le_bytes([block[0], block[1]]).to_f32();
        self.dmin[r] = half::f16::from_le_bytes([block[2], block[3]]).to_f32();
        for sub in 0..8 {
            let (scale, min) = q4k_scale_min(sub, &block[4..16]);
            self.scales[sub][r] = scale;
            self.mins[sub / 2][r][sub % 2] = min as i16;
        }
        // ggml's layout: 32-byte chunk c holds values 64c.. in its low nibbles and
        // 64c + 32.. in its high nibbles.
        let qs = &block[16..];
        let value = |k: usize| {
            let byte = qs[k / 64 * 32 + k % 32];
            if k % 64 < 32 {
                byte & 0x0F
            } else {
                byte >> 4
            }
        };
        for group in 0..QK / 8 {
            for t in 0..4 {
                self.qs[(group * TILE_ROWS + r) * 4 + t] =
                    value(8 * group + t) | (value(8 * group + 4 + t) << 4);
            }
        }
    }
}

/// One super-block (256 inputs) of sixteen Q6_K output rows.
#[derive(Clone)]
#[repr(C, align(64))]
pub struct Q6kTile {
    /// [group of 4 inputs (64)][output row (16)][4 bytes]: the 6-bit values, 0..64.
    qs: [u8; QK * TILE_ROWS],
    /// [16-value group (16)][output row (16)]: the signed scales.
    scales: [[i8; TILE_ROWS]; 16],
    /// Per output row: the block's multiplier.
    d: [f32; TILE_ROWS],
}

impl Q6kTile {
    /// Zeros, for [`Self::fill_row`] to fill.
    const EMPTY: Self = Self {
        qs: [0; QK * TILE_ROWS],
        scales: [[0; TILE_ROWS]; 16],
        d: [0.0; TILE_ROWS],
    };

    /// Output row `r` of this tile from its GGUF block.
    fn fill_row(&mut self, r: usize, block: &[u8]) {
        self.d[r] = half::f16::from_le_bytes([block[208], block[209]]).to_f32();
        for group in 0..16 {
            self.scales[group][r] = block[192 + group] as i8;
        }
        // ggml's layout: per half of 128 values, 64 bytes of nibbles and 32 of bit
        // pairs; value 32·quarter + l takes nibble (quarter & 1) of byte l (+ 32 for odd
        // quarters) and bit pair `quarter` of qh[l].
        let value = |k: usize| {
            let (half, quarter, l) = (k / 128, k % 128 / 32, k % 32);
            let low = block[half * 64 + l + 32 * (quarter & 1)] >> (4 * (quarter / 2));
            let high = block[128 + half * 32 + l] >> (2 * quarter);
            (low & 0x0F) | ((high & 0x03) << 4)
        };
        for group in 0..QK / 4 {
            for t in 0..4 {
                self.qs[(group * TILE_ROWS + r) * 4 + t] = value(4 * group + t);
            }
        }
    }
}

/// Whether this CPU runs the tile kernel (AVX-512 F, BW and VNNI).
pub fn cpu_has_tiles() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        is_x86_feature_detected!("avx512f")
            && is_x86_feature_detected!("avx512bw")
            && is_x86_feature_detected!("avx512vnni")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// Q4_K's 6-bit scale and min of sub-block `j` from its twelve packed bytes (ggml's
/// `get_scale_min_k4`); also the reference the AVX2 unpacking is tested against.
pub(crate) fn q4k_scale_min(j: usize, packed: &[u8]) -> (u8, u8) {
    if j < 4 {
        (packed[j] & 63, packed[j + 4] & 63)
    } else {
        (
            (packed[j + 4] & 0x0F) | ((packed[j - 4] >> 6) << 4),
            (packed[j + 4] >> 4) | ((packed[j] >> 6) << 4),
        )
    }
}

#[cfg(target_arch = "x86_64")]
mod vnni {
    use super::{ActivationBlock, Q4kTile, Q6kTile, TILE_ROWS};
    use std::arch::x86_64::*;

    /// How many tiles ahead the kernels ask for the weights they will read: each
    /// 64-byte load of a tile's values is paired with a prefetch of the same bytes that
    /// many tiles on. Tiles are read in address order, yet without it a batch-8 step ran
    /// at 80 tok/s on a Zen 4, with it in the Q4_K kernel 91–95, in both 97–98 (4 and 8
    /// tiles ahead measured alike; a burst of prefetches for a whole tile at its start
    /// made the step slower, and so did prefetching for a single row, which keeps up).
    const PREFETCH_TILES: usize = 4;

    /// Four activation bytes as an i32, copied to every lane.
    #[target_feature(enable = "avx512f")]
    #[inline]
    unsafe fn broadcast4(bytes: *const i8) -> __m512i {
        _mm512_set1_epi32(std::ptr::read_unaligned(bytes as *const i32))
    }

    /// One Q4_K tile column (all its super-blocks) against R activation rows.
    #[target_feature(enable = "avx512f,avx512bw,avx512vnni")]
    pub(super) unsafe fn dot_q4k<const R: usize>(
        tiles: &[Q4kTile],
        rows: &[Vec<ActivationBlock>],
        out: &mut [[f32; TILE_ROWS]; 8],
    ) {
        let low_nibbles = _mm512_set1_epi8(0x0F);
        let mut acc = [_mm512_setzero_ps(); R];
        for (b, tile) in tiles.iter().enumerate() {
            let acts: [&ActivationBlock; R] = std::array::from_fn(|r| &rows[r][b]);
            // Σ_sub scale_sub · dot_sub per output row, exact in 32 bits
            // (|dot_sub| ≤ 32·15·127, scale < 64, eight sub-blocks).
            let mut scaled = [_mm512_setzero_si512(); R];
            for sub in 0..8 {
                let mut dots = [_mm512_setzero_si512(); R];
                for group in 4 * sub..4 * sub + 4 {
                    let packed = _mm512_loadu_si512(
                        tile.qs.as_ptr().add(group * TILE_ROWS * 4) as *const __m512i
                    );
                    _mm_prefetch::<_MM_HINT_T0>((tile.qs.as_ptr() as *const i8).wrapping_add(
                        PREFETCH_TILES * size_of::<Q4kTile>() + group * TILE_ROWS * 4,
                    ));
                    let low = _mm512_and_si512(packed, low_nibbles);
                    let high = _mm512_and_si512(_mm512_srli_epi16(packed, 4), low_nibbles);
                    for r in 0..R {
                        let a = acts[r].qs.as_ptr().add(8 * group);
                        dots[r] = _mm512_dpbusd_epi32(dots[r], low, broadcast4(a));
                        dots[r] = _mm512_dpbusd_epi32(dots[r], high, broadcast4(a.add(4)));
                    }
                }
                let scales = _mm512_cvtepu8_epi32(_mm_loadu_si128(
                    tile.scales[sub].as_ptr() as *const __m128i
                ));
                for r in 0..R {
                    scaled[r] = _mm512_add_epi32(scaled[r], _mm512_mullo_epi32(dots[r], scales));
                }
            }
            let d = _mm512_loadu_ps(tile.d.as_ptr());
            let dmin = _mm512_loadu_ps(tile.dmin.as_ptr());
            for r in 0..R {
                let activation = acts[r];
                // Σ_sub min_sub · Σ_{i ∈ sub} a_i, two sub-blocks per `vpdpwssd`.
                let mut min_terms = _mm512_setzero_si512();
                for pair in 0..4 {
                    let mins = _mm512_loadu_si512(tile.mins[pair].as_ptr() as *const __m512i);
                    let sums = _mm512_set1_epi32(std::ptr::read_unaligned(
                        activation.sums32.as_ptr().add(2 * pair) as *const i32,
                    ));
                    min_terms = _mm512_dpwssd_epi32(min_terms, mins, sums);
                }
                let activation_d = _mm512_set1_ps(activation.d);
                acc[r] = _mm512_fmadd_ps(
                    _mm512_cvtepi32_ps(scaled[r]),
                    _mm512_mul_ps(d, activation_d),
                    acc[r],
                );
                acc[r] = _mm512_fnmadd_ps(
                    _mm512_cvtepi32_ps(min_terms),
                    _mm512_mul_ps(dmin, activation_d),
                    acc[r],
                );
            }
        }
        for r in 0..R {
            _mm512_storeu_ps(out[r].as_mut_ptr(), acc[r]);
        }
    }

    /// One Q6_K tile column against R activation rows: value = d·scale_g·(q − 32).
    #[target_feature(enable = "avx512f,avx512bw,avx512vnni")]
    pub(super) unsafe fn dot_q6k<const R: usize>(
        tiles: &[Q6kTile],
        rows: &[Vec<ActivationBlock>],
        out: &mut [[f32; TILE_ROWS]; 8],
    ) {
        let mut acc = [_mm512_setzero_ps(); R];
        for (b, tile) in tiles.iter().enumerate() {
            let acts: [&ActivationBlock; R] = std::array::from_fn(|r| &rows[r][b]);
            // Σ_g scale_g · Σ_{i ∈ g} (q_i − 32)·a_i per output row, exact in 32 bits.
            let mut scaled = [_mm512_setzero_si512(); R];
            for group in 0..16 {
                // Each group's sum starts at −32 · Σ a_i: the values' offset.
                let mut dots: [__m512i; R] =
                    std::array::from_fn(|r| _mm512_set1_epi32(-32 * acts[r].sums16[group] as i32));
                for quad in 4 * group..4 * group + 4 {
                    let quants = _mm512_loadu_si512(
                        tile.qs.as_ptr().add(quad * TILE_ROWS * 4) as *const __m512i
                    );
                    _mm_prefetch::<_MM_HINT_T0>((tile.qs.as_ptr() as *const i8).wrapping_add(
                        PREFETCH_TILES * size_of::<Q6kTile>() + quad * TILE_ROWS * 4,
                    ));
                    for r in 0..R {
                        let a = acts[r].qs.as_ptr().add(4 * quad);
                        dots[r] = _mm512_dpbusd_epi32(dots[r], quants, broadcast4(a));
                    }
                }
                let scales = _mm512_cvtepi8_epi32(_mm_loadu_si128(
                    tile.scales[group].as_ptr() as *const __m128i
                ));
                for r in 0..R {
                    scaled[r] = _mm512_add_epi32(scaled[r], _mm512_mullo_epi32(dots[r], scales));
                }
            }
            let d = _mm512_loadu_ps(tile.d.as_ptr());
            for r in 0..R {
                acc[r] = _mm512_fmadd_ps(
                    _mm512_cvtepi32_ps(scaled[r]),
                    _mm512_mul_ps(d, _mm512_set1_ps(acts[r].d)),
                    acc[r],
                );
            }
        }
        for r in 0..R {
            _mm512_storeu_ps(out[r].as_mut_ptr(), acc[r]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::rows_matmul::quantize_row;
    use crate::model::simd::test_values as values;
    use candle_core::quantized::{QMatMul, QTensor};
    use candle_core::{Device, Module, Tensor};
    use std::sync::Arc;

    #[test]
    fn tiles_match_candles_quantized_product() {
        // For both formats and 1, 3 and 8 activation rows.
        if !cpu_has_tiles() {
            return;
        }
        let (n, k) = (32, 768);
        let device = Device::Cpu;
        let weights = Tensor::from_vec(values(n * k, 3), (n, k), &device).unwrap();
        for (format, rows) in [GgmlDType::Q4K, GgmlDType::Q6K]
            .into_iter()
            .flat_map(|format| [1, 3, 8].map(|rows| (format, rows)))
        {
            let quantized = Arc::new(QTensor::quantize(&weights, format).unwrap());
            let tiles = WeightTiles::pack(format, &quantized.data().unwrap(), n, k).unwrap();
            let candle = QMatMul::from_arc(quantized).unwrap();
            let input = values(rows * k, 50 + rows as u64);
            let activations: Vec<_> = input.chunks(k).map(quantize_row).collect();
            let xs = Tensor::from_vec(input, (rows, k), &device).unwrap();
            // candle quantizes the activations the same way (ggml's Q8_K), so only the
            // order of float additions differs.
            let expected: Vec<Vec<f32>> = candle.forward(&xs).unwrap().to_vec2().unwrap();
            let largest = expected.iter().flatten().fold(0f32, |m, v| m.max(v.abs()));
            for tile in 0..n / TILE_ROWS {
                let mut out = [[0f32; 16]; 8];
                tiles.dot_tile(tile, &activations, &mut out);
                for (r, expected) in expected.iter().enumerate() {
                    for i in 0..TILE_ROWS {
                        let difference = (out[r][i] - expected[tile * TILE_ROWS + i]).abs();
                        assert!(
                            difference <= 1e-4 * largest,
                            "{format:?}, {rows} rows, row {r}, output {i}: {} vs {}",
                            out[r][i],
                            expected[tile * TILE_ROWS + i]
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn only_whole_tiles_are_packed() {
        let block = [0u8; Q4K_BYTES];
        let pack = |blocks: usize, n: usize| {
            WeightTiles::pack(GgmlDType::Q4K, &block.repeat(blocks), n, QK)
        };
        assert!(pack(8, 8).is_none());
        assert!(pack(16, 16).is_some());
        assert!(pack(15, 16).is_none());
        assert!(WeightTiles::pack(GgmlDType::Q8_0, &block.repeat(16), 16, QK).is_none());
    }
}
