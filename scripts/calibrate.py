#!/usr/bin/env python3
"""Calibrate the faithfulness signals against a bilingual reader's labels.

usage:
  calibrate.py list OUT_DIR... > candidates.tsv
      One row per distinct English candidate of every key unit (and headline) in the
      runs' brief.json, with the signals the pipeline computed. Columns: id, article,
      korean, previous (the sentence before, for context), english, source, passed,
      fidelity (channel minus baseline), support, detail_support, label, note,
      local_fidelity (the least gain over a stretch of about one Korean word). A reader
      fills `label` (OK / VAGUE / WRONG, as ../shared/eval/AUDIT.md defines them,
      judging the English against the Korean sentence) for the rows that passed.
  calibrate.py fit candidates.tsv [more.tsv...]
      For each signal and combination: the AUC of OK against VAGUE/WRONG among the
      passed candidates, and, per threshold, the share kept and the share of kept ones
      that are WRONG or VAGUE. Also how often choosing each unit's best-scored passing
      candidate picks an OK one.
  calibrate.py claims items.tsv OUT_DIR
      The audited claims of a run (`audit.py list` rows, labelled) joined with the
      signals of the candidate each summary line or heading was taken from, with the
      same threshold tables: what a stricter --min-fidelity (or --min-local-fidelity)
      would have kept.
"""
import csv
import json
import sys
from pathlib import Path

COLUMNS = ["id", "article", "korean", "previous", "english", "source", "passed",
           "fidelity", "support", "detail_support", "label", "note", "local_fidelity"]


def list_candidates(out_dirs):
    w = csv.writer(sys.stdout, delimiter="\t", lineterminator="\n")
    w.writerow(COLUMNS)
    for out_dir in out_dirs:
        doc = json.loads((Path(out_dir) / "brief.json").read_text(encoding="utf-8"))
        for article in doc["articles"]:
            units = article["translation"]["units"]
            for index, unit in enumerate(units):
                if not unit.get("key"):
                    continue
                baseline = unit.get("baseline")
                previous = units[index - 1]["korean"] if index > 0 else ""
                seen = set()
                for candidate in unit.get("candidates", []):
                    english = candidate.get("english", "")
                    if not english or english in seen:
                        continue
                    seen.add(english)
                    passed = candidate.get("rejected") is None
                    channel = candidate.get("channel")
                    fidelity = "" if channel is None or baseline is None else f"{channel - baseline:.4f}"
                    row_id = f"{article['stem']}#{index}#{len(seen)}"
                    w.writerow([row_id, article["stem"], unit["korean"], previous, english,
                                candidate["from"], "yes" if passed else "no", fidelity,
                                fmt(candidate.get("support")), fmt(candidate.get("detail_support")),
                                "", "", fmt(candidate.get("local_fidelity"))])


def fmt(value):
    return "" if value is None else f"{value:.4f}"


def auc(scores_good, scores_bad):
    if not scores_good or not scores_bad:
        return float("nan")
    wins = 0.0
    for g in scores_good:
        for b in scores_bad:
            wins += 1.0 if g > b else 0.5 if g == b else 0.0
    return wins / (len(scores_good) * len(scores_bad))


def fit(paths):
    rows = []
    for path in paths:
        rows += list(csv.DictReader(open(path, encoding="utf-8"), delimiter="\t"))
    rows = [r for r in rows if r["passed"] == "yes" and r["label"].strip().upper() in ("OK", "VAGUE", "WRONG")
            and r["fidelity"]]
    for r in rows:
        r["label"] = r["label"].strip().upper()
        for key in ("fidelity", "support", "detail_support"):
            r[key] = float(r[key]) if r[key] else 0.0
        r["local_fidelity"] = float(r["local_fidelity"]) if r.get("local_fidelity") else -99.0
    print(f"{len(rows)} labelled passing candidates: "
          + ", ".join(f"{lab} {sum(r['label'] == lab for r in rows)}" for lab in ("OK", "VAGUE", "WRONG")))
    signals = {
        "fidelity": lambda r: r["fidelity"],
        "support": lambda r: r["support"],
        "detail_support": lambda r: r["detail_support"],
        "fidelity+support": lambda r: r["fidelity"] + r["support"],
        "fidelity+2support": lambda r: r["fidelity"] + 2 * r["support"],
        "fidelity+detail": lambda r: r["fidelity"] + r["detail_support"],
        "fidelity+support+detail": lambda r: r["fidelity"] + r["support"] + r["detail_support"],
        "local_fidelity": lambda r: r["local_fidelity"],
        "min(fidelity-0.9, local+1)": lambda r: min(r["fidelity"] - 0.9, r["local_fidelity"] + 1.0),
    }
    for name, signal in signals.items():
        good = [signal(r) for r in rows if r["label"] == "OK"]
        bad = [signal(r) for r in rows if r["label"] != "OK"]
        wrong = [signal(r) for r in rows if r["label"] == "WRONG"]
        print(f"\n{name}: AUC OK vs rest {auc(good, bad):.3f}, OK vs WRONG {auc(good, wrong):.3f}")
        values = sorted({signal(r) for r in rows})
        for q in (0.0, 0.2, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9):
            threshold = values[int(q * (len(values) - 1))]
            kept = [r for r in rows if signal(r) >= threshold]
            if not kept:
                continue
            share = lambda lab: sum(r["label"] == lab for r in kept) / len(kept)
            print(f"  >= {threshold:8.4f}: keeps {len(kept):4d} ({len(kept) / len(rows):4.0%}): "
                  f"OK {share('OK'):4.0%} VAGUE {share('VAGUE'):4.0%} WRONG {share('WRONG'):4.0%}")
        # Choosing per unit: the best-scored passing candidate of each unit.
        units = {}
        for r in rows:
            units.setdefault(r["id"].rsplit("#", 1)[0], []).append(r)
        chosen = [max(cands, key=signal) for cands in units.values()]
        share = lambda lab: sum(r["label"] == lab for r in chosen) / len(chosen)
        print(f"  best per unit ({len(chosen)} units): OK {share('OK'):4.0%} "
              f"VAGUE {share('VAGUE'):4.0%} WRONG {share('WRONG'):4.0%}")


def claims(items_path, out_dir):
    doc = json.loads((Path(out_dir) / "brief.json").read_text(encoding="utf-8"))
    signals_of = {}
    for article in doc["articles"]:
        for unit in article["translation"]["units"]:
            baseline = unit.get("baseline")
            for candidate in unit.get("candidates", []):
                channel = candidate.get("channel")
                if channel is None or baseline is None:
                    continue
                key = (article["stem"], candidate["english"].strip())
                signals_of[key] = {
                    "fidelity": channel - baseline,
                    "support": candidate.get("support") or 0.0,
                    "detail_support": candidate.get("detail_support") or 0.0,
                    "local_fidelity": candidate.get("local_fidelity", float("-inf")),
                }
    rows = []
    for item in csv.DictReader(open(items_path, encoding="utf-8"), delimiter="\t"):
        label = (item.get("label") or "").strip().upper()
        if item["where"] != "summary" or label not in ("OK", "VAGUE", "WRONG"):
            continue
        stem = item["id"].split("#")[0]
        signals = signals_of.get((stem, item["text"].strip()))
        if signals is None:
            continue
        rows.append({"id": item["id"], "label": label, "passed": "yes", **signals})
    print(f"{len(rows)} audited summary claims with signals")
    report(rows)


def report(rows):
    signals = {
        "fidelity": lambda r: r["fidelity"],
        "support": lambda r: r["support"],
        "fidelity+support": lambda r: r["fidelity"] + r["support"],
        "local_fidelity": lambda r: r.get("local_fidelity", float("-inf")),
    }
    for name, signal in signals.items():
        good = [signal(r) for r in rows if r["label"] == "OK"]
        bad = [signal(r) for r in rows if r["label"] != "OK"]
        print(f"\n{name}: AUC OK vs rest {auc(good, bad):.3f}")
        for threshold in sorted({round(signal(r), 2) for r in rows}):
            kept = [r for r in rows if signal(r) >= threshold]
            if not kept:
                continue
            share = lambda lab: sum(r["label"] == lab for r in kept) / len(kept)
            print(f"  >= {threshold:7.2f}: keeps {len(kept):4d}: OK {share('OK'):4.0%} "
                  f"VAGUE {share('VAGUE'):4.0%} WRONG {share('WRONG'):4.0%}")


def main():
    if len(sys.argv) >= 3 and sys.argv[1] == "list":
        list_candidates(sys.argv[2:])
    elif len(sys.argv) >= 3 and sys.argv[1] == "fit":
        fit(sys.argv[2:])
    elif len(sys.argv) == 4 and sys.argv[1] == "claims":
        claims(sys.argv[2], sys.argv[3])
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
