//! A property test of the input stage: decoding, HTML stripping and cleaning never
//! panic, whatever bytes a scraper saved. Inputs are random bytes, mutated seed
//! articles (in UTF-8 and EUC-KR) and random mixes of Hangul, markup and page chrome.
//!
//! `BRIEF_FUZZ_CASES` sets the number of cases (default 20,000; the closing note of the
//! robustness work reports a run of 1,000,000).

use brief::inputs::clean::{clean, split_sentences};
use brief::inputs::decode::decode;
use brief::inputs::html::{html_to_text, looks_like_html};

const SEEDS: [&str; 5] = [
    include_str!("../seeds/000_9e1cb2a4c91fb832.txt"),
    include_str!("../seeds/001_7f3208e37ee62be8.txt"),
    include_str!("../seeds/002_08b2ca90e8545f28.txt"),
    include_str!("../seeds/003_9e80d11cb06229f5.txt"),
    include_str!("../seeds/004_70d275e89a2f19ee.txt"),
];

const PIECES: [&str; 16] = [
    "기자",
    "사진=",
    "무단전재",
    "ⓒ",
    "<script>",
    "</p>",
    "<html><title>",
    "댓글 0",
    "승인 2024.02.29 17:32",
    "\u{feff}",
    "\r\n",
    "…",
    "다. ",
    "  ",
    "[서울=뉴시스]",
    "“",
];

/// xorshift64*: small, deterministic, good enough to spread cases.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn random_bytes(rng: &mut Rng) -> Vec<u8> {
    let len = rng.below(600);
    (0..len).map(|_| rng.next() as u8).collect()
}

fn mutated_seed(rng: &mut Rng) -> Vec<u8> {
    let seed = SEEDS[rng.below(SEEDS.len())];
    let mut bytes = if rng.below(4) == 0 {
        encoding_rs::EUC_KR.encode(seed).0.into_owned()
    } else {
        seed.as_bytes().to_vec()
    };
    let start = rng.below(bytes.len());
    bytes.truncate(start + rng.below(bytes.len() - start + 1));
    for _ in 0..rng.below(8) {
        if bytes.is_empty() {
            break;
        }
        let at = rng.below(bytes.len());
        match rng.below(3) {
            0 => bytes[at] = rng.next() as u8,
            1 => bytes.insert(at, rng.next() as u8),
            _ => {
                bytes.remove(at);
            }
        }
    }
    bytes
}

fn chrome_mix(rng: &mut Rng) -> Vec<u8> {
    let mut text = String::new();
    for _ in 0..rng.below(40) {
        match rng.below(3) {
            0 => text.push_str(PIECES[rng.below(PIECES.len())]),
            1 => text.extend(
                (0..rng.below(12))
                    .filter_map(|_| char::from_u32(0xac00 + rng.below(11_172) as u32)),
            ),
            _ => text.push(char::from(b' ' + rng.below(95) as u8)),
        }
        if rng.below(5) == 0 {
            text.push('\n');
        }
    }
    text.into_bytes()
}

#[test]
fn decoding_and_cleaning_never_panic() {
    let cases: usize = std::env::var("BRIEF_FUZZ_CASES")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(20_000);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let mut decoded = 0;
    for _ in 0..cases {
        let bytes = match rng.below(3) {
            0 => random_bytes(&mut rng),
            1 => mutated_seed(&mut rng),
            _ => chrome_mix(&mut rng),
        };
        if let Ok(text) = decode(&bytes) {
            decoded += 1;
            let text = if looks_like_html(&text.text) {
                html_to_text(&text.text).text
            } else {
                text.text
            };
            let cleaned = clean(&text);
            for paragraph in &cleaned.paragraphs {
                assert!(!split_sentences(paragraph).is_empty() || paragraph.trim().is_empty());
            }
        }
    }
    eprintln!("fuzz: {cases} cases, {decoded} decoded as text");
    assert!(decoded > 0, "no case decoded: the generators are broken");
}
