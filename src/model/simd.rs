//! Small helpers shared by the CPU kernels ([`super::attention`], [`super::rows_matmul`]).

/// Sum of the eight lanes of an AVX vector: the last step of every dot-product kernel.
///
/// # Safety
/// The CPU must support AVX.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx")]
pub unsafe fn horizontal_sum(v: std::arch::x86_64::__m256) -> f32 {
    use std::arch::x86_64::*;
    let quad = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    let pair = _mm_add_ps(quad, _mm_movehl_ps(quad, quad));
    _mm_cvtss_f32(_mm_add_ss(pair, _mm_shuffle_ps(pair, pair, 1)))
}

/// Softmax of `row` in place: max, exponentials and their sum eight lanes at a time. The
/// decode attention takes one exponential per head and cached position (at batch 8 and
/// 1.5k positions, four million a step), and libm's scalar `expf` was 3-4% of a step.
///
/// # Safety
/// The CPU must support AVX2 and FMA.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
pub unsafe fn softmax_in_place(row: &mut [f32]) {
    use std::arch::x86_64::*;
    let (body, tail) = row.split_at_mut(row.len() - row.len() % 8);
    let mut wide_max = _mm256_set1_ps(f32::NEG_INFINITY);
    for chunk in body.chunks_exact(8) {
        wide_max = _mm256_max_ps(wide_max, _mm256_loadu_ps(chunk.as_ptr()));
    }
    let lanes: [f32; 8] = std::mem::transmute(wide_max);
    let max = lanes
        .iter()
        .chain(tail.iter())
        .copied()
        .fold(f32::NEG_INFINITY, f32::max);
    let shift = _mm256_set1_ps(max);
    let mut wide_sum = _mm256_setzero_ps();
    for chunk in body.chunks_exact_mut(8) {
        let weight = exp(_mm256_sub_ps(_mm256_loadu_ps(chunk.as_ptr()), shift));
        _mm256_storeu_ps(chunk.as_mut_ptr(), weight);
        wide_sum = _mm256_add_ps(wide_sum, weight);
    }
    let mut sum = horizontal_sum(wide_sum);
    for score in tail.iter_mut() {
        *score = (*score - max).exp();
        sum += *score;
    }
    let inverse = 1.0 / sum;
    let scale = _mm256_set1_ps(inverse);
    for chunk in body.chunks_exact_mut(8) {
        let scaled = _mm256_mul_ps(_mm256_loadu_ps(chunk.as_ptr()), scale);
        _mm256_storeu_ps(chunk.as_mut_ptr(), scaled);
    }
    tail.iter_mut().for_each(|weight| *weight *= inverse);
}

/// e^x in eight lanes (Cephes' `expf`: x = n·ln 2 + r, a degree-5 polynomial for e^r,
/// relative error ~1e-7), inputs clamped to the range where e^x is a normal f32.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,fma")]
unsafe fn exp(x: std::arch::x86_64::__m256) -> std::arch::x86_64::__m256 {
    use std::arch::x86_64::*;
    let x = _mm256_min_ps(
        _mm256_max_ps(x, _mm256_set1_ps(-87.336_55)),
        _mm256_set1_ps(88.376_26),
    );
    let n = _mm256_round_ps::<{ _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC }>(_mm256_mul_ps(
        x,
        _mm256_set1_ps(std::f32::consts::LOG2_E),
    ));
    // ln 2 in two parts, so that n·ln 2 is subtracted without rounding error.
    let r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693_359_4), x);
    let r = _mm256_fnmadd_ps(n, _mm256_set1_ps(-2.121_944_4e-4), r);
    let mut p = _mm256_set1_ps(1.987_569_1e-4);
    for coefficient in [
        1.398_199_9e-3,
        8.333_452e-3,
        4.166_579_6e-2,
        0.166_666_65,
        0.5,
    ] {
        p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(coefficient));
    }
    let y = _mm256_add_ps(
        _mm256_fmadd_ps(_mm256_mul_ps(p, r), r, r),
        _mm256_set1_ps(1.0),
    );
    let exponent = _mm256_slli_epi32::<23>(_mm256_add_epi32(
        _mm256_cvtps_epi32(n),
        _mm256_set1_epi32(127),
    ));
    _mm256_mul_ps(y, _mm256_castsi256_ps(exponent))
}

/// Deterministic values in [-1, 1) from a small LCG, for the kernels' tests.
#[cfg(test)]
pub fn test_values(count: usize, seed: u64) -> Vec<f32> {
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

#[cfg(all(test, target_arch = "x86_64"))]
mod tests {
    use super::*;

    #[test]
    fn softmax_matches_the_scalar_formula() {
        if !(is_x86_feature_detected!("avx2") && is_x86_feature_detected!("fma")) {
            return;
        }
        // Lengths with and without a tail, spreads from tiny to beyond exp's range.
        for (length, spread) in [(8, 1.0), (13, 30.0), (40, 200.0), (3, 5.0)] {
            let row: Vec<f32> = test_values(length, length as u64)
                .iter()
                .map(|v| v * spread)
                .collect();
            let max = row.iter().copied().fold(f32::NEG_INFINITY, f32::max);
            let weights: Vec<f64> = row.iter().map(|&v| ((v - max) as f64).exp()).collect();
            let sum: f64 = weights.iter().sum();
            let mut ours = row.clone();
            // SAFETY: the features were checked above.
            unsafe { softmax_in_place(&mut ours) };
            for (got, weight) in ours.iter().zip(&weights) {
                let expected = weight / sum;
                assert!(
                    (*got as f64 - expected).abs() <= 1e-6 * expected.max(1e-30) + 1e-37,
                    "length {length} spread {spread}: {got} vs {expected}"
                );
            }
        }
    }
}
