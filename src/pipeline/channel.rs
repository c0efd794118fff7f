//! Noisy-channel faithfulness: how well an English candidate explains its Korean
//! source, measured by teacher forcing the Korean after a translate-into-Korean prompt
//! and comparing each token's log-probability with the same token's under a prompt that
//! gives no English. The mean gain says how much the English explains overall; the
//! weakest stretch of tokens says whether some part of the Korean (a name, a counted
//! noun, a negation) is left unexplained or contradicted, which a mean over a long
//! sentence hides.

/// Korean tokens in a stretch whose mean gain is the local fidelity: about one Korean
/// word, so that one mistranslated word shows and one odd token does not.
pub const LOCAL_WINDOW_TOKENS: usize = 4;

/// The least mean gain (log-probability under the back-translation prompt minus under
/// the baseline prompt) over any `window` consecutive tokens of the source. `None` when
/// the two scorings do not cover the same tokens (nothing comparable was scored).
pub fn weakest_gain(channel: &[f64], baseline: &[f64], window: usize) -> Option<f64> {
    if channel.is_empty() || channel.len() != baseline.len() {
        return None;
    }
    let gains: Vec<f64> = channel.iter().zip(baseline).map(|(c, b)| c - b).collect();
    let window = window.clamp(1, gains.len());
    gains
        .windows(window)
        .map(|stretch| stretch.iter().sum::<f64>() / window as f64)
        .min_by(f64::total_cmp)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_unexplained_stretch_sets_the_local_fidelity() {
        let baseline = [-3.0; 8];
        // The English explains every token well but the fifth and sixth.
        let channel = [-0.5, -0.5, -0.5, -0.5, -4.0, -4.0, -0.5, -0.5];
        let weakest = weakest_gain(&channel, &baseline, 2).unwrap_or(f64::NAN);
        assert!((weakest - -1.0).abs() < 1e-9, "{weakest}");
        // Its mean is high all the same.
        let mean: f64 = channel
            .iter()
            .zip(&baseline)
            .map(|(c, b)| c - b)
            .sum::<f64>()
            / 8.0;
        assert!(mean > 1.5);
    }

    #[test]
    fn a_window_longer_than_the_source_is_the_whole_source() {
        let weakest = weakest_gain(&[-1.0, -2.0], &[-2.0, -2.0], 4).unwrap_or(f64::NAN);
        assert!((weakest - 0.5).abs() < 1e-9);
    }

    #[test]
    fn scorings_of_different_tokens_are_not_compared() {
        assert_eq!(weakest_gain(&[-1.0], &[-1.0, -2.0], 4), None);
        assert_eq!(weakest_gain(&[], &[], 4), None);
    }
}
