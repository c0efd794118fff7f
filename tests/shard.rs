//! `brief run --shard` and `brief merge` through the binary, on the tiny random-weight
//! GGUF: a batch split into three shards and merged must give the files one run gives,
//! byte for byte, and records that one run could not have made must be refused.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use common::tiny_gguf::{write_tiny_gguf, TinyModel};
use serde_json::Value;

const ARTICLES: &[(&str, &str)] = &[
    (
        "in/a.txt",
        "메타 저커버그 CEO 방한\n\n마크 저커버그 메타 CEO가 28일 서울을 방문했다. 그는 이재용 삼성전자 회장을 만났다.\n",
    ),
    (
        "in/b.txt",
        "삼성전자, 메타와 AI 반도체 협력\n\n삼성전자가 메타의 AI 칩을 생산할 가능성이 제기됐다. 업계는 협력이 확대될 것으로 전망했다.\n",
    ),
    (
        "in/c.txt",
        "LG전자 XR 기기 출시\n\n조주완 LG전자 사장은 내년에 XR 기기를 출시할 것이라고 밝혔다.\n",
    ),
    (
        "in/nested/d.txt",
        "한국은행 기준금리 동결\n\n한국은행은 28일 기준금리를 연 3.5%로 동결했다. 물가 상승률은 2.8%였다.\n",
    ),
    (
        "in/nested/e.txt",
        "서울 아파트값 상승\n\n서울 아파트 가격이 3주 연속 올랐다. 전문가들은 상승세가 이어질 것으로 내다봤다.\n",
    ),
    (
        "in/f.txt",
        "현대차 미국 공장 착공\n\n현대자동차가 조지아주에 전기차 공장을 착공했다. 투자액은 55억 달러다.\n",
    ),
    ("in/empty.txt", ""),
];

/// Variables that would turn `--shard auto` on in the test's own environment.
const SCHEDULER_VARIABLES: &[&str] = &[
    "SLURM_ARRAY_TASK_ID",
    "SLURM_ARRAY_TASK_COUNT",
    "SLURM_ARRAY_TASK_MIN",
    "JOB_COMPLETION_INDEX",
    "BRIEF_SHARD_COUNT",
];

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
        for (path, text) in ARTICLES {
            let path = root.join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
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
        for name in SCHEDULER_VARIABLES {
            command.env_remove(name);
        }
        command
    }

    /// `brief run in absent.txt --out OUT` with the tiny model and `extra` flags.
    fn run(&self, out: &str, model: &Path, extra: &[&str]) -> Command {
        let mut command = self.brief();
        command
            .args(["run", "in", "absent.txt", "--out", out])
            .args(["--device", "cpu", "--quiet", "--key-sentences", "3"])
            .arg("--model")
            .arg(model)
            .args(extra);
        command
    }

    fn merge(&self, dir: &str, extra: &[&str]) -> Command {
        let mut command = self.brief();
        command.args(["merge", dir]).args(extra);
        command
    }

    /// Every file under `dir/summaries/`, by name.
    fn summaries(&self, dir: &str) -> BTreeMap<String, Vec<u8>> {
        fs::read_dir(self.path(&format!("{dir}/summaries")))
            .unwrap()
            .map(|entry| {
                let entry = entry.unwrap();
                (
                    entry.file_name().to_string_lossy().into_owned(),
                    fs::read(entry.path()).unwrap(),
                )
            })
            .collect()
    }

    fn bytes(&self, relative: &str) -> Vec<u8> {
        fs::read(self.path(relative)).unwrap()
    }

    /// `brief.json` without what depends on how the work was done (timings, the cache).
    fn brief_json(&self, dir: &str) -> Value {
        let mut json: Value =
            serde_json::from_slice(&self.bytes(&format!("{dir}/brief.json"))).unwrap();
        let object = json.as_object_mut().unwrap();
        object.remove("timings");
        for article in object["articles"].as_array_mut().unwrap() {
            let article = article.as_object_mut().unwrap();
            article.remove("from_cache");
            article.remove("seconds");
            article.remove("usage");
        }
        json
    }

    fn shards(&self, dir: &str) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(self.path(&format!("{dir}/shards")))
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

fn stderr(assert: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&assert.get_output().stderr).to_string()
}

#[test]
fn three_shards_merged_equal_one_run_byte_for_byte() {
    let fixture = Fixture::new();
    let model = fixture.model.clone();
    // Some inputs fail (an empty file, a missing path): one run exits 1 and lists them.
    fixture.run("single", &model, &[]).assert().code(1);

    // Shard 0 by flag, shard 1 as a Slurm array task, shard 2 as an Indexed Job pod.
    let mut codes = Vec::new();
    let first = fixture
        .run("sharded", &model, &["--shard", "0/3"])
        .output()
        .unwrap();
    codes.push(first.status.code());
    let slurm = fixture
        .run("sharded", &model, &["--shard", "auto"])
        .env("SLURM_ARRAY_TASK_ID", "2")
        .env("SLURM_ARRAY_TASK_MIN", "1")
        .env("SLURM_ARRAY_TASK_COUNT", "3")
        .output()
        .unwrap();
    codes.push(slurm.status.code());
    let k8s = fixture
        .run("sharded", &model, &["--shard", "auto"])
        .env("JOB_COMPLETION_INDEX", "2")
        .env("BRIEF_SHARD_COUNT", "3")
        .output()
        .unwrap();
    codes.push(k8s.status.code());
    // Each failed input is reported by exactly one shard, which exits 1.
    assert!(codes.contains(&Some(1)), "{codes:?}");
    assert!(
        codes.iter().all(|code| matches!(code, Some(0 | 1))),
        "{codes:?}"
    );
    assert_eq!(
        fixture.shards("sharded"),
        ["0-of-3.json", "1-of-3.json", "2-of-3.json"]
    );
    assert!(!fixture.path("sharded/brief.md").exists());
    assert!(!fixture.path("sharded/summaries").exists());

    // The split is by text, and more than one shard got work.
    let records: Vec<Value> = fs::read_dir(fixture.path("sharded/articles"))
        .unwrap()
        .map(|entry| serde_json::from_slice(&fs::read(entry.unwrap().path()).unwrap()).unwrap())
        .collect();
    assert_eq!(records.len(), 6);
    let mut used: Vec<u64> = records
        .iter()
        .map(|record| record["shard"]["index"].as_u64().unwrap())
        .collect();
    used.sort();
    used.dedup();
    assert!(used.len() >= 2, "every article fell in one shard: {used:?}");
    for record in &records {
        assert_eq!(record["key"].as_str().unwrap().len(), 64);
        assert_eq!(
            record["made_with"]["model"]["sha256"]
                .as_str()
                .unwrap()
                .len(),
            64
        );
    }

    fixture.merge("sharded", &[]).assert().code(1);
    assert_eq!(fixture.summaries("sharded"), fixture.summaries("single"));
    assert_eq!(fixture.summaries("single").len(), 6);
    assert_eq!(
        String::from_utf8(fixture.bytes("sharded/brief.md")).unwrap(),
        String::from_utf8(fixture.bytes("single/brief.md")).unwrap()
    );
    let brief = String::from_utf8(fixture.bytes("single/brief.md")).unwrap();
    assert!(brief.contains("[1] a"), "{brief}");
    assert!(brief.contains("[6] e"), "{brief}");
    assert!(brief.contains("## Skipped inputs"), "{brief}");
    assert_eq!(fixture.brief_json("sharded"), fixture.brief_json("single"));
}

#[test]
fn a_record_made_with_another_model_is_refused_by_name() {
    let fixture = Fixture::new();
    let model = fixture.model.clone();
    let other = fixture.path("other.gguf");
    write_tiny_gguf(
        &other,
        &TinyModel {
            seed: 1,
            ..TinyModel::default()
        },
    )
    .unwrap();
    for shard in ["0/3", "2/3"] {
        fixture
            .run("out", &model, &["--shard", shard])
            .output()
            .unwrap();
    }
    fixture
        .run("out", &other, &["--shard", "1/3"])
        .output()
        .unwrap();
    let assert = fixture.merge("out", &[]).assert().code(2);
    let message = stderr(&assert);
    assert!(message.contains("refusing to merge"), "{message}");
    assert!(message.contains("1-of-3.json: model sha256"), "{message}");
    assert!(message.contains("other.gguf"), "{message}");
    assert!(!message.contains("0-of-3.json"), "{message}");
    assert!(!fixture.path("out/brief.md").exists());
}

#[test]
fn missing_shards_are_listed_and_merged_only_when_allowed() {
    let fixture = Fixture::new();
    let model = fixture.model.clone();
    let none = stderr(&fixture.merge("out", &[]).assert().code(2));
    assert!(none.contains("no shard has finished"), "{none}");
    for shard in ["0/3", "1/3"] {
        fixture
            .run("out", &model, &["--shard", shard])
            .output()
            .unwrap();
    }
    let assert = fixture.merge("out", &[]).assert().code(2);
    let message = stderr(&assert);
    assert!(message.contains("2/3"), "{message}");
    assert!(message.contains("2-of-3.json"), "{message}");
    assert!(message.contains("--allow-missing"), "{message}");
    assert!(!fixture.path("out/brief.md").exists());

    fixture.merge("out", &["--allow-missing"]).assert().code(1);
    let brief = String::from_utf8(fixture.bytes("out/brief.md")).unwrap();
    assert!(brief.contains("shard 2/3: did not finish"), "{brief}");
}

#[test]
fn a_bad_shard_is_a_usage_error_before_the_model_loads() {
    let fixture = Fixture::new();
    let model = fixture.model.clone();
    for (flag, expected) in [("3/3", "from 0 to N-1"), ("auto", "SLURM_ARRAY_TASK_ID")] {
        let assert = fixture
            .run("out", &model, &["--shard", flag])
            .assert()
            .code(2);
        let message = stderr(&assert);
        assert!(message.contains(expected), "{flag}: {message}");
        assert!(!fixture.path("out").exists(), "{flag}");
    }
}

#[test]
fn help_teaches_shards_and_merge() {
    let fixture = Fixture::new();
    let text = |args: &[&str]| {
        let assert = fixture.brief().args(args).assert().success();
        String::from_utf8_lossy(&assert.get_output().stdout).to_string()
    };
    let run = text(&["run", "--help"]);
    assert!(run.contains("--shard <I/N|auto>"), "{run}");
    assert!(run.contains("SLURM_ARRAY_TASK_ID"), "{run}");
    assert!(run.contains("JOB_COMPLETION_INDEX"), "{run}");
    let merge = text(&["merge", "--help"]);
    assert!(merge.contains("--allow-missing"), "{merge}");
    assert!(text(&["--help"]).contains("merge"));
}
