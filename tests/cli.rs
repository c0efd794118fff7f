//! The `brief` binary end to end on a tiny random-weight Qwen2 GGUF that the tests
//! write themselves through candle's GGUF writer: the words are noise, but every stage
//! (loading, tokenizer from GGUF, generation, pipeline, outputs) runs for real.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use common::tiny_gguf::{write_tiny_gguf, TinyModel};
use serde_json::Value;

const ARTICLE_A: &str = "메타 저커버그 CEO 방한\n\n마크 저커버그 메타 CEO가 28일 서울을 방문했다. 그는 이재용 삼성전자 회장을 만났다.\n\n조주완 LG전자 사장은 내년에 XR 기기를 출시할 것이라고 밝혔다.\n";
const ARTICLE_B: &str = "삼성전자, 메타와 AI 반도체 협력\n\n삼성전자가 메타의 AI 칩을 생산할 가능성이 제기됐다. 업계는 협력이 확대될 것으로 전망했다.\n";

struct Fixture {
    _dir: tempfile::TempDir,
    root: PathBuf,
    model: PathBuf,
}

impl Fixture {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().to_path_buf();
        let model = root.join("tiny.gguf");
        write_tiny_gguf(&model, &TinyModel::default()).unwrap();
        fs::create_dir_all(root.join("in/nested")).unwrap();
        fs::write(root.join("in/a.txt"), ARTICLE_A).unwrap();
        fs::write(root.join("in/nested/b.txt"), ARTICLE_B).unwrap();
        Self {
            _dir: dir,
            root,
            model,
        }
    }

    fn path(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }

    fn brief(&self) -> Command {
        let mut command = Command::cargo_bin("brief").unwrap();
        command.current_dir(&self.root).env("RUST_LOG", "error");
        command
    }

    fn run_tiny(&self, inputs: &[&str], out: &str) -> Command {
        let mut command = self.brief();
        command
            .arg("run")
            .args(inputs)
            .args(["--out", out, "--device", "cpu", "--quiet"])
            .arg("--model")
            .arg(&self.model);
        command
    }
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn a_batch_runs_end_to_end_and_writes_every_output() {
    let fixture = Fixture::new();
    fixture
        .run_tiny(&["in", "--translations"], "out")
        .assert()
        .success();
    for file in [
        "out/summaries/a.md",
        "out/summaries/b.md",
        "out/translations/a.md",
        "out/brief.md",
        "out/brief.json",
        "out/brief.html",
    ] {
        assert!(fixture.path(file).is_file(), "{file} is missing");
    }
    let brief = fs::read_to_string(fixture.path("out/brief.md")).unwrap();
    assert!(brief.contains("## English"), "{brief}");
    assert!(brief.contains("## 한국어"), "{brief}");
    assert!(brief.contains("## Sources"), "{brief}");
    assert!(brief.contains("[1] a"), "{brief}");
    for heading in [
        "### Lead",
        "### Timeline",
        "### What changed",
        "### 타임라인",
    ] {
        assert!(brief.contains(heading), "{heading} missing: {brief}");
    }
    let page = fs::read_to_string(fixture.path("out/brief.html")).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>") && page.contains("id=\"src-2\""));

    let json = read_json(&fixture.path("out/brief.json"));
    let articles = json["articles"].as_array().unwrap();
    assert_eq!(articles.len(), 2);
    let first = &articles[0];
    assert_eq!(first["stem"], "a");
    assert_eq!(first["encoding"], "UTF-8");
    assert_eq!(first["title"], "메타 저커버그 CEO 방한");
    assert!(first["source"].as_str().unwrap().ends_with("a.txt"));
    assert!(first["cleaned_chars"].as_u64().unwrap() > 20);
    assert!(first["summary"]["bullets"].is_array());
    assert!(first["translation"]["units"].as_array().unwrap().len() >= 3);
    assert!(first["glossary"]["entries"].is_array());
    assert_eq!(json["model"]["sha256"].as_str().unwrap().len(), 64);
    assert_eq!(json["model"]["device"], "cpu");
    assert!(json["model"]["path"]
        .as_str()
        .unwrap()
        .ends_with("tiny.gguf"));
    assert!(json["sampling"]["seed"].is_u64());
    assert!(json["sampling"]["temperature"].is_number());
    assert!(json["brief"]["english"].is_array());
    assert!(json["brief"]["korean"].is_array());
    assert!(json["brief"]["statements"].is_array());
    assert!(json["brief"]["sections"]["timeline"].is_array());
    assert!(json["timings"]["total_seconds"].as_f64().unwrap() > 0.0);
    assert!(
        json["timings"]["usage"]["generated_tokens"]
            .as_u64()
            .unwrap()
            > 0
    );
    assert_eq!(json["skipped"].as_array().unwrap().len(), 0);
}

#[test]
fn the_same_seed_gives_the_same_outputs_and_a_rerun_uses_the_cache() {
    let fixture = Fixture::new();
    let run = |out: &str, extra: &[&str]| {
        let mut args = vec!["in/a.txt", "--temperature", "0.8", "--seed", "11"];
        args.extend_from_slice(extra);
        fixture.run_tiny(&args, out).assert().success();
        read_json(&fixture.path(&format!("{out}/brief.json")))
    };
    let first = run("one", &[]);
    let second = run("two", &[]);
    for field in ["translation", "summary", "glossary"] {
        assert_eq!(
            first["articles"][0][field], second["articles"][0][field],
            "{field}"
        );
    }
    assert_eq!(first["brief"], second["brief"]);
    assert_eq!(first["articles"][0]["from_cache"], false);
    let again = run("one", &[]);
    assert_eq!(again["articles"][0]["from_cache"], true);
    assert_eq!(
        again["articles"][0]["summary"],
        first["articles"][0]["summary"]
    );
    let forced = run("one", &["--force"]);
    assert_eq!(forced["articles"][0]["from_cache"], false);
}

#[test]
fn stdin_is_read_with_a_dash() {
    let fixture = Fixture::new();
    fixture
        .run_tiny(&["-"], "out")
        .write_stdin(ARTICLE_B)
        .assert()
        .success();
    let json = read_json(&fixture.path("out/brief.json"));
    assert_eq!(json["articles"][0]["source"], "-");
}

#[test]
fn a_bad_input_is_reported_and_the_rest_of_the_batch_still_runs() {
    let fixture = Fixture::new();
    fs::write(fixture.path("in/empty.txt"), "").unwrap();
    let assert = fixture
        .run_tiny(&["in", "absent.txt"], "out")
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains("empty.txt"), "{stderr}");
    assert!(stderr.contains("absent.txt"), "{stderr}");
    assert!(fixture.path("out/summaries/a.md").is_file());
    let json = read_json(&fixture.path("out/brief.json"));
    assert_eq!(json["articles"].as_array().unwrap().len(), 2);
    assert_eq!(json["skipped"].as_array().unwrap().len(), 2);
    let brief = fs::read_to_string(fixture.path("out/brief.md")).unwrap();
    assert!(brief.contains("## Skipped inputs"), "{brief}");
}

#[test]
fn model_problems_are_reported_before_any_article_work() {
    let fixture = Fixture::new();
    let cases: Vec<(PathBuf, &str)> = {
        let other = fixture.path("llama.gguf");
        write_tiny_gguf(
            &other,
            &TinyModel {
                architecture: "llama".to_string(),
                ..TinyModel::default()
            },
        )
        .unwrap();
        let truncated = fixture.path("truncated.gguf");
        let bytes = fs::read(&fixture.model).unwrap();
        fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
        let garbage = fixture.path("garbage.gguf");
        fs::write(&garbage, b"this is not a model").unwrap();
        vec![
            (fixture.path("missing.gguf"), "not found"),
            (fixture.path("in"), "is a folder"),
            (other, "architecture is 'llama'"),
            (truncated, "truncated or corrupt"),
            (garbage, "not a valid GGUF"),
        ]
    };
    for (model, expected) in cases {
        let assert = fixture
            .brief()
            .args(["run", "in", "--out", "out", "--quiet", "--model"])
            .arg(&model)
            .assert()
            .code(2);
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
        assert!(stderr.contains(expected), "{}: {stderr}", model.display());
        assert!(
            stderr.contains(&*model.file_name().unwrap().to_string_lossy()),
            "{stderr}"
        );
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(!fixture.path("out/summaries").exists());
    }
}

#[test]
fn an_output_folder_that_cannot_be_made_is_a_usage_error() {
    let fixture = Fixture::new();
    fs::write(fixture.path("taken"), "keep me").unwrap();
    for out in ["taken", "taken/inside"] {
        let assert = fixture.run_tiny(&["in"], out).assert().code(2);
        let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
        assert!(stderr.contains(out), "{stderr}");
        assert!(stderr.contains("--out"), "{stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
    }
    assert_eq!(
        fs::read_to_string(fixture.path("taken")).unwrap(),
        "keep me"
    );
}

#[test]
fn a_hub_model_is_taken_from_the_offline_cache() {
    let fixture = Fixture::new();
    // The layout hf-hub reads: $HF_HOME/hub/models--ORG--NAME/{refs/main,snapshots/REV/FILE}.
    let repo = fixture.path("hf/hub/models--tiny-org--tiny-qwen2");
    let revision = "0123456789abcdef0123456789abcdef01234567";
    fs::create_dir_all(repo.join("refs")).unwrap();
    fs::create_dir_all(repo.join("snapshots").join(revision)).unwrap();
    fs::write(repo.join("refs/main"), revision).unwrap();
    fs::copy(
        &fixture.model,
        repo.join("snapshots").join(revision).join("tiny.gguf"),
    )
    .unwrap();
    fixture
        .brief()
        .env("HF_HOME", fixture.path("hf"))
        .env("HF_HUB_OFFLINE", "1")
        .args([
            "run", "in/a.txt", "--out", "out", "--quiet", "--device", "cpu",
        ])
        .args(["--hf-repo", "tiny-org/tiny-qwen2", "--hf-file", "tiny.gguf"])
        .assert()
        .success();
    let json = read_json(&fixture.path("out/brief.json"));
    assert!(json["model"]["path"]
        .as_str()
        .unwrap()
        .contains("snapshots"));

    let assert = fixture
        .brief()
        .env("HF_HOME", fixture.path("hf"))
        .env("HF_HUB_OFFLINE", "1")
        .args(["run", "in/a.txt", "--out", "out2", "--quiet"])
        .args(["--hf-repo", "tiny-org/absent", "--hf-file", "tiny.gguf"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains("HF_HUB_OFFLINE"), "{stderr}");
}

#[test]
fn usage_errors_exit_with_2_and_help_teaches() {
    let fixture = Fixture::new();
    fixture.brief().args(["run", "in"]).assert().code(2);
    fixture
        .brief()
        .args(["run", "in", "--out", "o", "--device", "gpu"])
        .assert()
        .code(2);
    let help = fixture.brief().args(["run", "--help"]).assert().success();
    let text = String::from_utf8_lossy(&help.get_output().stdout).to_string();
    for flag in [
        "--model",
        "--hf-repo",
        "--device",
        "--seed",
        "--translations",
        "--force",
    ] {
        assert!(text.contains(flag), "{flag} missing from --help");
    }
}

#[test]
fn a_batch_killed_mid_run_resumes_with_its_finished_articles() {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;

    let fixture = Fixture::new();
    for name in ["c", "d", "e"] {
        let text = format!("{ARTICLE_B}\n{name} 기사의 마지막 문장이다.\n");
        fs::write(fixture.path(&format!("in/{name}.txt")), text).unwrap();
    }
    let binary = assert_cmd::cargo::cargo_bin("brief");
    let mut child = std::process::Command::new(&binary)
        .current_dir(&fixture.root)
        .env("RUST_LOG", "brief=info")
        .args(["run", "in", "--out", "out", "--quiet", "--device", "cpu"])
        .arg("--model")
        .arg(&fixture.model)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let first_done = BufReader::new(stderr)
        .lines()
        .map_while(Result::ok)
        .any(|line| line.contains("article summarized"));
    assert!(
        first_done,
        "the batch ended before any article was summarized"
    );
    child.kill().unwrap(); // SIGKILL: no chance to clean up
    child.wait().unwrap();
    assert!(fixture.path("out/summaries/a.md").is_file());
    assert!(
        !fixture.path("out/brief.json").exists(),
        "the batch was not cut short"
    );
    for entry in fs::read_dir(fixture.path("out/summaries")).unwrap() {
        let text = fs::read_to_string(entry.unwrap().path()).unwrap();
        // Whole: a heading (or, with nothing verified, the source line) to the last line.
        assert!(
            (text.starts_with("# ") || text.starts_with("Source: ")) && text.ends_with('\n'),
            "a half-written summary: {text:?}"
        );
    }

    fixture.run_tiny(&["in"], "out").assert().success();
    let json = read_json(&fixture.path("out/brief.json"));
    let articles = json["articles"].as_array().unwrap();
    assert_eq!(articles.len(), 5);
    assert_eq!(articles[0]["stem"], "a");
    assert_eq!(articles[0]["from_cache"], true);
    assert_eq!(articles[4]["from_cache"], false);
}

#[test]
fn every_kind_of_bad_input_gets_one_clear_line_and_the_batch_goes_on() {
    let fixture = Fixture::new();
    let bad = fixture.path("bad");
    fs::create_dir_all(&bad).unwrap();
    fs::write(bad.join("empty.txt"), "").unwrap();
    fs::write(bad.join("blank.txt"), " \n\t \n").unwrap();
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend((0u8..=255).cycle().take(2_000));
    fs::write(bad.join("image.txt"), png).unwrap();
    let noise: Vec<u8> = (0..3_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    fs::write(bad.join("noise.txt"), noise).unwrap();
    fs::write(
        bad.join("menu.html"),
        "<html><head><script>var x = 1;</script></head><body><nav><a href=/>홈</a></nav>\
         <footer>ⓒ 예시 무단전재 및 재배포 금지</footer></body></html>",
    )
    .unwrap();
    // Reading /proc/self/mem from its start fails (EIO) even for root: an unreadable file
    // that needs no permission tricks.
    let assert = fixture
        .run_tiny(&["bad", "in/a.txt", "/proc/self/mem"], "out")
        .assert()
        .code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 6, "{stderr}");
    let unreadable = lines
        .iter()
        .find(|line| line.contains("/proc/self/mem"))
        .unwrap();
    assert!(unreadable.contains("unreadable"), "{unreadable}");
    for (file, what) in [
        ("blank.txt", "empty"),
        ("empty.txt", "empty"),
        ("image.txt", "binary"),
        ("menu.html", "no article text"),
        ("noise.txt", "binary"),
    ] {
        let line = lines
            .iter()
            .find(|line| line.contains(file))
            .unwrap_or_else(|| panic!("no line for {file}: {stderr}"));
        assert!(line.starts_with("error: "), "{line}");
        assert!(line.contains(what), "{line}");
        assert!(line.contains(" — "), "no advice in: {line}");
    }
    let json = read_json(&fixture.path("out/brief.json"));
    assert_eq!(json["articles"].as_array().unwrap().len(), 1);
    assert_eq!(json["skipped"].as_array().unwrap().len(), 6);
}

#[test]
fn encodings_and_html_are_read_and_recorded() {
    let fixture = Fixture::new();
    let enc = fixture.path("enc");
    fs::create_dir_all(enc.join("other")).unwrap();
    fs::write(
        enc.join("euckr.txt"),
        encoding_rs::EUC_KR.encode(ARTICLE_A).0,
    )
    .unwrap();
    let mut utf16 = vec![0xff, 0xfe];
    utf16.extend(ARTICLE_B.encode_utf16().flat_map(u16::to_le_bytes));
    fs::write(enc.join("utf16.txt"), utf16).unwrap();
    fs::write(enc.join("bom.txt"), format!("\u{feff}{ARTICLE_B}")).unwrap();
    fs::write(
        enc.join("page.html"),
        format!(
            "<html><head><title>삼성전자, 메타와 AI 반도체 협력</title><style>p {{ color: red }}</style>\
             <script>track();</script></head><body><nav>메뉴 로그인</nav><article><p>{}</p></article></body></html>",
            "삼성전자가 메타의 AI 칩을 생산할 가능성이 제기됐다. 업계는 협력이 확대될 것으로 전망했다."
        ),
    )
    .unwrap();
    // The same stem in another folder must not overwrite the first one's outputs.
    fs::write(enc.join("other/bom.txt"), ARTICLE_A).unwrap();
    fixture.run_tiny(&["enc"], "out").assert().success();
    let json = read_json(&fixture.path("out/brief.json"));
    let articles = json["articles"].as_array().unwrap();
    let by_stem = |stem: &str| {
        articles
            .iter()
            .find(|article| article["stem"] == stem)
            .unwrap_or_else(|| panic!("no article {stem} in {articles:?}"))
    };
    assert_eq!(by_stem("euckr")["encoding"], "EUC-KR");
    assert_eq!(by_stem("euckr")["title"], "메타 저커버그 CEO 방한");
    assert_eq!(by_stem("utf16")["encoding"], "UTF-16LE");
    assert_eq!(by_stem("bom")["encoding"], "UTF-8 (BOM)");
    let page = by_stem("page");
    assert_eq!(page["title"], "삼성전자, 메타와 AI 반도체 협력");
    let units = page["translation"]["units"].as_array().unwrap();
    let korean: String = units
        .iter()
        .map(|unit| unit["korean"].as_str().unwrap())
        .collect();
    assert!(korean.contains("삼성전자가 메타의 AI 칩을"), "{korean}");
    for markup in ["track()", "color", "로그인"] {
        assert!(!korean.contains(markup), "{markup} survived in {korean}");
    }
    let stems: Vec<&str> = articles
        .iter()
        .map(|article| article["stem"].as_str().unwrap())
        .collect();
    assert_eq!(stems.len(), 5, "{stems:?}");
    for stem in &stems {
        assert!(
            fixture.path(&format!("out/summaries/{stem}.md")).is_file(),
            "{stem}"
        );
    }
}

#[test]
fn an_article_longer_than_the_context_is_processed_whole() {
    let fixture = Fixture::new();
    let paragraphs: Vec<String> = (0..40)
        .map(|p| {
            (0..5)
                .map(|s| format!("{p}번째 문단에서 삼성전자는 메타와 {s}번째 협력을 논의했다."))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let article = format!("긴 기사\n\n{}\n", paragraphs.join("\n\n"));
    fs::write(fixture.path("long.txt"), &article).unwrap();
    fixture
        .run_tiny(&["long.txt", "--context", "2048"], "out")
        .assert()
        .success();
    let json = read_json(&fixture.path("out/brief.json"));
    let units = json["articles"][0]["translation"]["units"]
        .as_array()
        .unwrap();
    // Every sentence was translated (or tried): nothing was cut to fit the context.
    assert!(units.len() >= 200, "{}", units.len());
    assert!(json["articles"][0]["cleaned_chars"].as_u64().unwrap() > 4_000);
}

#[test]
fn a_run_s_glossary_adds_and_overrides_names() {
    let fixture = Fixture::new();
    fs::write(
        fixture.path("names.tsv"),
        "# our newsroom's spellings\n조주완\tJo Ju-wan\tperson\n광철노조\tthe Metropolitan Railway Union\torganization\n",
    )
    .unwrap();
    fs::write(
        fixture.path("in/c.txt"),
        "광철노조 파업 예고\n\n광철노조는 오는 17일부터 파업에 들어간다고 밝혔다.\n",
    )
    .unwrap();
    fixture
        .run_tiny(&["in", "--glossary", "names.tsv"], "out")
        .assert()
        .success();
    let json = read_json(&fixture.path("out/brief.json"));
    let english_of = |stem: &str, korean: &str| -> Option<String> {
        json["articles"]
            .as_array()
            .unwrap()
            .iter()
            .find(|article| article["stem"] == stem)?["glossary"]["entries"]
            .as_array()
            .unwrap()
            .iter()
            .find(|entry| entry["korean"] == korean)
            .map(|entry| entry["english"].as_str().unwrap().to_string())
    };
    assert_eq!(english_of("a", "조주완").as_deref(), Some("Jo Ju-wan"));
    assert_eq!(
        english_of("c", "광철노조").as_deref(),
        Some("the Metropolitan Railway Union")
    );
}

#[test]
fn a_malformed_glossary_is_one_line_naming_file_and_line_before_model_work() {
    let fixture = Fixture::new();
    fs::write(
        fixture.path("names.tsv"),
        "조주완\tJo Ju-wan\tperson\n광철노조 the union organization\n",
    )
    .unwrap();
    // The model does not exist: the glossary is checked first.
    let assert = fixture
        .brief()
        .args([
            "run",
            "in",
            "--out",
            "out",
            "--quiet",
            "--glossary",
            "names.tsv",
        ])
        .args(["--model", "missing.gguf"])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains("names.tsv:2:"), "{stderr}");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(!fixture.path("out").exists());
}
