#!/usr/bin/env python3
"""Relevance evaluation: rxsearch, rxsearch without section weights, and SQLite FTS5.

    eval.py BUILD_DIR SHARED_DIR SOURCE_DIR [--queries TSV] [--json OUT] [--check BASELINE] [-v]

Indexes SHARED_DIR/corpus/monographs three ways into a temporary directory, runs every
query of queries.tsv (next to this file) through each system in batch mode, and prints
MRR@10, nDCG@10, recall@10 and section accuracy per query kind as a Markdown table.

  --queries TSV     run another judged set of the same format (heldout.tsv, say)
  --json OUT        write the figures to OUT (the format of baseline.json)
  --check BASELINE  exit 1 when rxsearch's overall nDCG@10 falls more than 0.02 below
                    the baseline's
  -v                list the queries rxsearch fails (no relevant hit in the top 10, or a
                    question answered from the wrong section)

Exits 77 (meson's "skipped") when the shared corpus is absent, 2 when a program fails.
Standard library only.
"""
import argparse
import concurrent.futures
import json
import math
import os
import subprocess
import sys
import tempfile
import time

K = 10
TOLERANCE = 0.02  # how far overall nDCG@10 may fall below the baseline before --check fails
KINDS = ("lay", "clinical", "question", "brand", "misspelling")
SYSTEMS = ("rxsearch", "flat", "fts5")
HERE = os.path.dirname(os.path.abspath(__file__))


def load_queries(path):
    """Rows of queries.tsv as dicts: kind, query, judgments {id: grade}, section."""
    rows = []
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        if header != ["kind", "query", "judgments", "section"]:
            raise SystemExit(f"eval.py: {path}: unexpected header {header}")
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            kind, query, judgments, section = (line.split("\t") + [""] * 4)[:4]
            grades = {}
            for pair in judgments.split():
                doc, grade = pair.rsplit(":", 1)
                grades[doc] = int(grade)
            rows.append({"kind": kind, "query": query, "grades": grades, "section": section})
    return rows


# ------------------------------------------------------------------ metrics

def first_relevant(ranked, grades):
    """0-based rank of the first result with grade >= 1 in the top K, or None."""
    for i, doc in enumerate(ranked[:K]):
        if grades.get(doc, 0) >= 1:
            return i
    return None


def mrr(ranked, grades):
    i = first_relevant(ranked, grades)
    return 0.0 if i is None else 1.0 / (i + 1)


def ndcg(ranked, grades):
    """Gain 2^grade - 1, log2 discount; the ideal ranking is built from every judged id."""
    dcg = sum((2 ** grades.get(doc, 0) - 1) / math.log2(i + 2) for i, doc in enumerate(ranked[:K]))
    ideal = sorted(grades.values(), reverse=True)[:K]
    idcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall(ranked, grades):
    relevant = {doc for doc, g in grades.items() if g >= 1}
    return len(relevant & set(ranked[:K])) / len(relevant) if relevant else 0.0


def section_hit(hits, grades, section):
    """1 when the first relevant hit's first snippet comes from the judged section; a
    question with no relevant hit in the top K counts as a miss."""
    for hit in hits[:K]:
        if grades.get(hit["id"], 0) >= 1:
            snippets = hit.get("snippets") or []
            return 1.0 if snippets and snippets[0].get("section") == section else 0.0
    return 0.0


# ------------------------------------------------------------------ systems

def run(args, stdin=None):
    p = subprocess.run(args, input=stdin, capture_output=True, text=True, timeout=300)
    return p.returncode, p.stdout, p.stderr


def build(system, prog, corpus, synonyms, tmp):
    """Indexes the corpus for one system; returns (index path, seconds)."""
    t0 = time.monotonic()
    if system == "fts5":
        index = os.path.join(tmp, "fts5.db")
        args = [prog["fts5"], "index", index, corpus]
    else:
        index = os.path.join(tmp, system)
        args = [prog["rxindex"], "--quiet", "--index", index, "--synonyms", synonyms]
        args += ["--flat"] if system == "flat" else []
        args += [corpus]
    code, out, err = run(args)
    if code != 0:
        raise RuntimeError(f"{' '.join(args)} exited {code}:\n{err}{out}")
    return index, time.monotonic() - t0


def search(system, prog, index, queries):
    """Runs every query in one batch; returns (one parsed JSON object per query, seconds)."""
    t0 = time.monotonic()
    if system == "fts5":
        args = [prog["fts5"], "search", index, "--limit", str(K)]
    else:
        args = [prog["rxsearch"], "--index", index, "--batch", "--limit", str(K)]
    code, out, err = run(args, stdin="".join(q + "\n" for q in queries))
    lines = out.splitlines()
    # Exit 1 only says that some query failed; each failure is its own JSON line.
    if code not in (0, 1) or len(lines) != len(queries):
        raise RuntimeError(f"{' '.join(args)} exited {code} with {len(lines)} lines for "
                           f"{len(queries)} queries:\n{err}")
    return [json.loads(line) for line in lines], time.monotonic() - t0


def evaluate(rows, answers):
    """Per-query figures of one system: a list parallel to rows."""
    out = []
    for row, ans in zip(rows, answers):
        hits = ans.get("results") or []
        ranked = [h["id"] for h in hits]
        g = row["grades"]
        q = {"mrr": mrr(ranked, g), "ndcg": ndcg(ranked, g), "recall": recall(ranked, g),
             "ranked": ranked, "error": ans.get("error")}
        if row["kind"] == "question":
            q["section"] = section_hit(hits, g, row["section"])
            first = first_relevant(ranked, g)
            snips = hits[first].get("snippets") if first is not None else None
            q["got_section"] = snips[0].get("section") if snips else None
        out.append(q)
    return out


def aggregate(rows, per_query, has_sections):
    """Means per kind and overall (each query weighs the same in "all")."""
    figures = {}
    for kind in KINDS + ("all",):
        sel = [q for r, q in zip(rows, per_query) if kind in ("all", r["kind"])]
        if not sel:
            continue
        f = {"n": len(sel)}
        for m in ("mrr", "ndcg", "recall"):
            f[m] = round(sum(q[m] for q in sel) / len(sel), 4)
        secs = [q["section"] for q in sel if "section" in q]
        f["section"] = round(sum(secs) / len(secs), 4) if has_sections and secs else None
        figures[kind] = f
    return figures


# ------------------------------------------------------------------ output

def table(figures):
    """A Markdown table: one row per kind, one column group per system."""
    head = ["kind", "n"]
    for s in SYSTEMS:
        head += [f"{s} MRR", "nDCG", "R@10", "sec"]
    lines = ["| " + " | ".join(head) + " |",
             "|" + "|".join(["---"] + ["--:"] * (len(head) - 1)) + "|"]
    for kind in KINDS + ("all",):
        if kind not in figures["rxsearch"]:
            continue
        cells = [f"**{kind}**" if kind == "all" else kind, str(figures["rxsearch"][kind]["n"])]
        for s in SYSTEMS:
            f = figures[s][kind]
            cells += [f"{f['mrr']:.3f}", f"{f['ndcg']:.3f}", f"{f['recall']:.3f}"]
            cells.append("—" if f["section"] is None else f"{f['section']:.3f}")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def failures(rows, per_query, fts5):
    """rxsearch's misses, worst first by how far FTS5 beat it."""
    out = []
    for row, q, f in zip(rows, per_query, fts5):
        why = []
        if q["error"]:
            why.append(f"error: {q['error']}")
        if q["mrr"] == 0:
            why.append("no relevant hit in the top 10")
        if row["kind"] == "question" and q["section"] == 0 and q["mrr"] > 0:
            why.append(f"section {q['got_section']}, judged {row['section']}")
        if why:
            out.append((f["ndcg"] - q["ndcg"], row, q, f, why))
    out.sort(key=lambda t: -t[0])
    lines = [f"rxsearch failures ({len(out)} of {len(rows)} queries):"]
    for _, row, q, f, why in out:
        best = sorted(row["grades"], key=lambda d: -row["grades"][d])[:3]
        lines.append(f"  [{row['kind']}] {row['query']!r}: {'; '.join(why)}\n"
                     f"      nDCG {q['ndcg']:.3f} (fts5 {f['ndcg']:.3f}); got "
                     f"{', '.join(q['ranked'][:3]) or '(nothing)'}; wanted {', '.join(best)}")
    return "\n".join(lines)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("build")
    ap.add_argument("shared")
    ap.add_argument("source")
    ap.add_argument("--queries", metavar="TSV", default=os.path.join(HERE, "queries.tsv"),
                    help="judged set to run (default: queries.tsv beside this script)")
    ap.add_argument("--json", metavar="OUT")
    ap.add_argument("--check", metavar="BASELINE")
    ap.add_argument("-v", "--verbose", action="store_true")
    opt = ap.parse_args(argv)

    corpus = os.path.join(opt.shared, "corpus", "monographs")
    if not os.path.isdir(corpus):
        print(f"eval.py: {corpus} is absent; skipped")
        return 77
    prog = {"rxindex": os.path.join(opt.build, "indexer", "rxindex"),
            "rxsearch": os.path.join(opt.build, "searcher", "rxsearch"),
            "fts5": os.path.join(opt.build, "bench", "rx-fts5")}
    for p in prog.values():
        if not os.access(p, os.X_OK):
            print(f"eval.py: {p} is missing; build first (ninja -C {opt.build})", file=sys.stderr)
            return 2
    synonyms = os.path.join(opt.source, "indexer", "synonyms.tsv")
    rows = load_queries(opt.queries)
    queries = [r["query"] for r in rows]

    t0 = time.monotonic()
    timing = {}
    answers = {}
    with tempfile.TemporaryDirectory(prefix="rx-relevance-") as tmp:
        # The three systems are independent, so they index and search side by side.
        def one(system):
            index, t_index = build(system, prog, corpus, synonyms, tmp)
            res, t_search = search(system, prog, index, queries)
            return system, res, t_index, t_search

        try:
            with concurrent.futures.ThreadPoolExecutor(len(SYSTEMS)) as pool:
                for system, res, t_index, t_search in pool.map(one, SYSTEMS):
                    answers[system] = res
                    timing[system] = (t_index, t_search)
        except (RuntimeError, subprocess.TimeoutExpired, json.JSONDecodeError) as e:
            print(f"eval.py: {e}", file=sys.stderr)
            return 2

    per_query = {s: evaluate(rows, answers[s]) for s in SYSTEMS}
    figures = {s: aggregate(rows, per_query[s], s != "fts5") for s in SYSTEMS}

    print(f"Relevance on {len(rows)} judged queries, top {K} "
          f"(MRR@10, nDCG@10, recall@10, section accuracy on question rows):\n")
    print(table(figures))
    print()
    print("time: " + ", ".join(f"{s} index {timing[s][0]:.2f} s + {len(rows)} queries "
                               f"{timing[s][1]:.2f} s" for s in SYSTEMS)
          + f"; total {time.monotonic() - t0:.1f} s")
    errors = {s: sum(1 for q in per_query[s] if q["error"]) for s in SYSTEMS}
    if any(errors.values()):
        print("queries that failed: " + ", ".join(f"{s} {n}" for s, n in errors.items()))
    if opt.verbose:
        print()
        print(failures(rows, per_query["rxsearch"], per_query["fts5"]))

    if opt.json:
        doc = {"generated_by": "tests/relevance/eval.py --json", "k": K, "queries": len(rows),
               "systems": figures}
        with open(opt.json, "w", encoding="utf-8") as f:
            json.dump(doc, f, indent=2, ensure_ascii=False)
            f.write("\n")

    if opt.check:
        with open(opt.check, encoding="utf-8") as f:
            base = json.load(f)["systems"]["rxsearch"]["all"]["ndcg"]
        now = figures["rxsearch"]["all"]["ndcg"]
        verdict = "ok" if now >= base - TOLERANCE else "REGRESSION"
        print(f"\ncheck: rxsearch overall nDCG@10 {now:.4f}, baseline {base:.4f} "
              f"(allowed down to {base - TOLERANCE:.4f}): {verdict}")
        if verdict != "ok":
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
