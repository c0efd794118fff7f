//! Decoding: turn the bytes of a scraped file into text, whatever encoding the scraper
//! saved it in, and refuse files that are not text at all.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8};
use unicode_normalization::UnicodeNormalization;

/// Text decoded from bytes, with the encoding that was detected.
///
/// The encoding is kept so reports can show it: a wrong guess is the usual reason an
/// article comes out as gibberish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// NFC-normalized text with `\n` line endings and no byte-order mark.
    pub text: String,
    /// Name of the detected encoding, e.g. "UTF-8", "UTF-8 (BOM)", "UTF-16LE", "EUC-KR".
    pub encoding: &'static str,
}

/// Why bytes could not be turned into article text; the caller adds the path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// Nothing to read: zero bytes, or only whitespace.
    #[error("the file has no text")]
    Empty,
    /// The bytes are not text (an image, an archive, random data).
    #[error("the file holds binary data, not text")]
    Binary,
    /// The bytes look like text but no encoding decodes them cleanly.
    #[error("the text could not be decoded in any known encoding")]
    Undecodable,
}

/// Share of control characters above which decoded "text" is treated as binary data.
const MAX_CONTROL_SHARE: f64 = 0.05;
/// Share of U+FFFD below which a file that is almost valid UTF-8 is still read as UTF-8
/// (a few damaged bytes), rather than handed to encoding detection.
const MAX_UTF8_DAMAGE_SHARE: f64 = 0.005;
/// Share of U+FFFD above which a detected legacy encoding is judged wrong.
const MAX_REPLACEMENT_SHARE: f64 = 0.02;
/// Share of symbols (neither letters, digits nor whitespace) above which text decoded with a
/// guessed encoding is judged gibberish: prose in any language stays far below it, while
/// random high bytes read as a single-byte code page come out around a third symbols.
const MAX_SYMBOL_SHARE: f64 = 0.25;

/// Decoded characters before validation, and whether the encoding was only a guess.
struct RawText {
    text: String,
    encoding: &'static str,
    guessed: bool,
}

/// Decode scraped bytes to normalized text, detecting the encoding.
///
/// UTF-8 (with or without BOM) and UTF-16LE/BE with a BOM are recognized directly; anything
/// else goes to `chardetng`, which handles the legacy Korean encodings (EUC-KR/CP949) that
/// older news sites still serve. The result is NFC-normalized with `\n` line endings.
/// Rejects empty or whitespace-only input, binary data (NUL bytes or many control
/// characters), and text that decodes with many replacement characters.
pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if bytes.is_empty() {
        return Err(DecodeError::Empty);
    }
    let raw = decode_raw(bytes);
    if raw.text.trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    if looks_binary(&raw.text) {
        return Err(DecodeError::Binary);
    }
    if raw.guessed && looks_misdecoded(&raw.text) {
        return Err(DecodeError::Undecodable);
    }
    Ok(Decoded {
        text: normalize(&raw.text),
        encoding: raw.encoding,
    })
}

/// Decode with the first encoding that fits: BOM, valid (or nearly valid) UTF-8, detection.
fn decode_raw(bytes: &[u8]) -> RawText {
    let certain = |text: String, encoding| RawText {
        text,
        encoding,
        guessed: false,
    };
    if let Some((encoding, bom_length)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_length..]);
        return certain(text.into_owned(), bom_encoding_name(encoding));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return certain(text.to_owned(), "UTF-8");
    }
    let lossy = String::from_utf8_lossy(bytes);
    if share_of(&lossy, is_replacement) < MAX_UTF8_DAMAGE_SHARE {
        return certain(lossy.into_owned(), "UTF-8");
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(bytes, true);
    let encoding = detector.guess(None, true);
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    RawText {
        text: text.into_owned(),
        encoding: encoding.name(),
        guessed: true,
    }
}

/// Report name for an encoding found by its byte-order mark.
fn bom_encoding_name(encoding: &'static Encoding) -> &'static str {
    if encoding == UTF_8 {
        "UTF-8 (BOM)"
    } else if encoding == UTF_16LE {
        "UTF-16LE"
    } else if encoding == UTF_16BE {
        "UTF-16BE"
    } else {
        encoding.name()
    }
}

/// NUL characters, or a high share of other control characters, mean binary data.
fn looks_binary(text: &str) -> bool {
    text.contains('\0') || share_of(text, is_binary_control) > MAX_CONTROL_SHARE
}

/// A guessed encoding is wrong when it leaves many replacement characters or symbols.
fn looks_misdecoded(text: &str) -> bool {
    share_of(text, is_replacement) > MAX_REPLACEMENT_SHARE
        || share_of(text, |c| !c.is_alphanumeric() && !c.is_whitespace()) > MAX_SYMBOL_SHARE
}

fn is_replacement(c: char) -> bool {
    c == char::REPLACEMENT_CHARACTER
}

/// Control characters that do not occur in text files (tabs, newlines, form feeds do).
fn is_binary_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}')
}

/// Fraction of the characters of `text` that satisfy `predicate`.
fn share_of(text: &str, predicate: impl Fn(char) -> bool) -> f64 {
    let (total, matching) = text.chars().fold((0usize, 0usize), |(total, matching), c| {
        (total + 1, matching + usize::from(predicate(c)))
    });
    if total == 0 {
        return 0.0;
    }
    matching as f64 / total as f64
}

/// NFC and `\n` line endings, so later stages compare and split text reliably.
fn normalize(text: &str) -> String {
    let unified = text.replace("\r\n", "\n").replace('\r', "\n");
    unified.nfc().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const KOREAN: &str =
        "메타 저커버그 CEO가 한국을 방문해 삼성전자와 LG전자 경영진을 만났다. 양사는 인공지능 반도체와 확장현실 기기 협력을 논의했다.";

    fn utf16_with_bom(text: &str, little_endian: bool) -> Vec<u8> {
        let mut bytes = if little_endian {
            vec![0xFF, 0xFE]
        } else {
            vec![0xFE, 0xFF]
        };
        for unit in text.encode_utf16() {
            let pair = if little_endian {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            };
            bytes.extend_from_slice(&pair);
        }
        bytes
    }

    /// Deterministic pseudo-random bytes (a linear congruential generator).
    fn noise(length: usize, seed: u32) -> Vec<u8> {
        let mut state = seed;
        (0..length)
            .map(|_| {
                state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                (state >> 24) as u8
            })
            .collect()
    }

    #[test]
    fn utf8_without_bom() {
        let decoded = decode(KOREAN.as_bytes()).unwrap();
        assert_eq!(decoded.text, KOREAN);
        assert_eq!(decoded.encoding, "UTF-8");
    }

    #[test]
    fn utf8_with_bom_drops_the_bom() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice(KOREAN.as_bytes());
        let decoded = decode(&bytes).unwrap();
        assert_eq!(decoded.text, KOREAN);
        assert_eq!(decoded.encoding, "UTF-8 (BOM)");
    }

    #[test]
    fn utf16_little_and_big_endian_with_bom() {
        let little = decode(&utf16_with_bom(KOREAN, true)).unwrap();
        assert_eq!(little.text, KOREAN);
        assert_eq!(little.encoding, "UTF-16LE");
        let big = decode(&utf16_with_bom(KOREAN, false)).unwrap();
        assert_eq!(big.text, KOREAN);
        assert_eq!(big.encoding, "UTF-16BE");
    }

    #[test]
    fn euc_kr_is_detected_and_decoded() {
        let (bytes, _, had_errors) = encoding_rs::EUC_KR.encode(KOREAN);
        assert!(!had_errors);
        let decoded = decode(&bytes).unwrap();
        assert_eq!(decoded.text, KOREAN);
        assert_eq!(decoded.encoding, "EUC-KR");
    }

    #[test]
    fn line_endings_become_newlines_and_text_becomes_nfc() {
        let decomposed: String = "한국".nfd().collect();
        let decoded = decode(format!("{decomposed}\r\n둘째\r셋째").as_bytes()).unwrap();
        assert_eq!(decoded.text, "한국\n둘째\n셋째");
    }

    #[test]
    fn a_few_damaged_bytes_in_utf8_are_tolerated() {
        let mut bytes = KOREAN.repeat(5).into_bytes();
        bytes.insert(30, 0xFF);
        let decoded = decode(&bytes).unwrap();
        assert_eq!(decoded.encoding, "UTF-8");
        assert!(decoded.text.contains("양사는 인공지능"));
    }

    #[test]
    fn empty_and_whitespace_only_are_rejected() {
        assert_eq!(decode(b""), Err(DecodeError::Empty));
        assert_eq!(decode(b" \n\t\r\n  "), Err(DecodeError::Empty));
        assert_eq!(decode(&[0xEF, 0xBB, 0xBF]), Err(DecodeError::Empty));
        assert_eq!(
            decode("\u{3000}\u{a0}\n".as_bytes()),
            Err(DecodeError::Empty)
        );
    }

    #[test]
    fn png_is_binary() {
        let mut png = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
        png.extend_from_slice(&[0, 0, 0, 0x0D, b'I', b'H', b'D', b'R']);
        png.extend(noise(512, 7));
        assert_eq!(decode(&png), Err(DecodeError::Binary));
    }

    #[test]
    fn random_bytes_are_binary() {
        assert_eq!(decode(&noise(4096, 42)), Err(DecodeError::Binary));
    }

    #[test]
    fn control_characters_without_nul_are_binary() {
        let bytes: Vec<u8> = (1..=255u8).cycle().take(2000).collect();
        assert_eq!(decode(&bytes), Err(DecodeError::Binary));
    }

    #[test]
    fn invalid_utf8_noise_is_rejected() {
        let high_bytes: Vec<u8> = noise(4096, 3).into_iter().map(|b| b | 0x80).collect();
        assert_eq!(decode(&high_bytes), Err(DecodeError::Undecodable));
    }
}
