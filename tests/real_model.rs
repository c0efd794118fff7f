//! The real small model (Qwen2.5-Coder-0.5B-Instruct, fetched by `scripts/fetch-model.sh
//! small`, which `scripts/test.sh` and CI run first) on a short Korean article: the
//! summary's verified lines must be English and name at least one entity of the input.
//! The article has several sentences that name its entities: the checks rightly drop
//! a line the small model mistranslates, and one sentence alone may not survive them.

use std::fs;
use std::path::Path;

use assert_cmd::Command;

const MODEL: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/models/qwen2.5-coder-0.5b-instruct.gguf"
);

const ARTICLE: &str = "삼성전자, 메타와 AI 반도체 협력 논의\n\n\
마크 저커버그 메타 CEO가 28일 서울에서 이재용 삼성전자 회장을 만났다.\n\n\
두 사람은 인공지능 반도체 협력 방안을 논의했다.\n\n\
삼성전자는 메타에 반도체를 공급할 계획이다.\n\n\
저커버그 CEO는 29일 윤석열 대통령을 만날 예정이다.\n";

fn hangul_ratio(text: &str) -> f64 {
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    let hangul = text
        .chars()
        .filter(|c| ('\u{ac00}'..='\u{d7a3}').contains(c))
        .count();
    hangul as f64 / letters.max(1) as f64
}

#[test]
fn the_small_model_summarizes_a_korean_article_in_english() {
    assert!(
        Path::new(MODEL).is_file(),
        "{MODEL} is missing: run scripts/fetch-model.sh small (scripts/test.sh does)"
    );
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("article.txt"), ARTICLE).unwrap();
    Command::cargo_bin("brief")
        .unwrap()
        .current_dir(dir.path())
        .args([
            "run",
            "article.txt",
            "--out",
            "out",
            "--quiet",
            "--device",
            "cpu",
        ])
        .args(["--model", MODEL])
        .assert()
        .success();
    let summary = fs::read_to_string(dir.path().join("out/summaries/article.md")).unwrap();
    // The verified lines: the title (the first verified sentence) and the bullets.
    let bullets: String = summary
        .lines()
        .filter(|line| line.starts_with("# ") || line.starts_with("- "))
        .collect::<Vec<_>>()
        .join("\n");
    assert!(!bullets.is_empty(), "no verified line in:\n{summary}");
    assert!(hangul_ratio(&bullets) < 0.05, "not English:\n{summary}");
    let entities = [
        "Samsung",
        "Meta",
        "Zuckerberg",
        "Lee Jae-yong",
        "Seoul",
        "Yoon",
    ];
    assert!(
        entities.iter().any(|entity| bullets.contains(entity)),
        "names none of {entities:?}:\n{summary}"
    );
    let brief = fs::read_to_string(dir.path().join("out/brief.md")).unwrap();
    assert!(
        brief.contains("## English") && brief.contains("## 한국어"),
        "{brief}"
    );
}
