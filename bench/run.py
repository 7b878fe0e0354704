#!/usr/bin/env python3
"""rxsearch benchmark: indexing and query latency against FTS5, omindex and bare Xapian.

    python3 bench/run.py [--sizes 301,10000,100000] [--build build] [--quick]

For each corpus (301 = the real shared monographs, copied; any other N = bench/gen.py N,
seeded) it measures, one program at a time on the same input:

  indexing     rxindex, rx-fts5 index, omindex: wall time, docs/s, MB/s of the whole
               pipeline, CPU time and peak RSS (wait4 rusage of the child), index size
               vs corpus size;
               rxindex and omindex again on the unchanged corpus, and after 1% of the files
               were modified.
  queries      bench/queries.txt through rxsearch --batch (snippets 3 and 0), rx-fts5
               search (with and without snippet()) and bare-xapian, one query at a time
               over a pipe (write a line, read a line), after one untimed warm-up pass
               and, in the timed process, one untimed query (its start-up):
               median, p95, p99 latency, queries/s and CPU per query; and through rxserve
               over HTTP (one keep-alive connection, then two at once: queries/s).

It prints one markdown table (corpus x system x measure; value and ratio vs rxsearch), the
machine, and which of the issue #5 targets the engine meets. Corpora and indexes go to a
temporary directory removed at the end (kept with --keep, or when --workdir DIR is given;
indexes are deleted after each corpus either way). The programs are copied there first,
so a rebuild during a long run does not change what is measured.
"""

import argparse
import datetime
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
REAL = REPO.parent / "shared" / "corpus" / "monographs"

RX = "rxsearch"
FTS5 = "FTS5"
FTS5_NOSNIP = "FTS5, no snippet()"
OMINDEX = "omindex"
RX_NOSNIP = "rxsearch --snippets 0"
BARE = "bare Xapian"
HTTP = "rxserve (HTTP)"

# ----------------------------------------------------------------------------- helpers


def log(msg):
    print(time.strftime("%H:%M:%S ") + msg, file=sys.stderr, flush=True)


def machine():
    model = "?"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    ram = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                ram = int(line.split()[1]) * 1024
    return f"{os.cpu_count()} CPUs (nproc), {model}, {ram / 2**30:.0f} GiB RAM"


def git_state():
    try:
        head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain",
                                "--untracked-files=no", "shared", "indexer", "searcher"],
                               capture_output=True, text=True).stdout.strip()
        return head + (" + uncommitted engine changes" if dirty else "")
    except (OSError, subprocess.CalledProcessError):
        return "?"


def tree_bytes(path):
    """Apparent size of a file or of every file under a directory."""
    p = Path(path)
    if p.is_file():
        return p.stat().st_size
    return sum(f.stat().st_size for f in p.rglob("*") if f.is_file())


def corpus_files(path):
    return sorted(p for p in Path(path).rglob("*.md") if p.is_file())


def measured(cmd, log_to, stdin=None):
    """Runs cmd to completion; returns wall seconds, user+sys seconds, peak RSS (MB), exit
    code and stdout. Peak RSS is the child's ru_maxrss from wait4()."""
    os.sync()  # earlier runs' dirty pages are not this run's cost
    with open(log_to, "ab") as err, tempfile.TemporaryFile() as out:
        err.write(("\n$ " + " ".join(map(str, cmd)) + "\n").encode())
        err.flush()
        t0 = time.perf_counter()
        p = subprocess.Popen([str(c) for c in cmd], stdin=stdin or subprocess.DEVNULL,
                             stdout=out, stderr=err)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        p.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode(errors="replace")
        err.write(text.encode())
    return {"wall": wall, "cpu": ru.ru_utime + ru.ru_stime, "rss_mb": ru.ru_maxrss / 1024,
            "rc": p.returncode, "out": text}


def quantile(v, q):
    """Nearest-rank quantile of sorted v (as bare_xapian.c)."""
    k = max(1, int(q * len(v) + 0.999999))
    return v[k - 1]


def latency(cmd, queries, log_to):
    """Times each query over a pipe: write one line, read one line back. One untimed pass
    first, in another process, so every system is measured with a warm page cache."""
    data = "".join(q + "\n" for q in queries).encode()
    with open(log_to, "ab") as err:
        err.write(("\n$ " + " ".join(map(str, cmd)) + " (warm-up, then timed)\n").encode())
        err.flush()
        subprocess.run([str(c) for c in cmd], input=data, stdout=subprocess.DEVNULL,
                       stderr=err)
        # Buffered both ways, stdin flushed per query: an unbuffered stdout would make
        # readline() read one byte per system call, charging big answers for the harness.
        p = subprocess.Popen([str(c) for c in cmd], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=err)
        # One untimed query first: opening the index (and whatever a program reads at
        # start) is start-up, not the first timed query's latency.
        p.stdin.write((queries[0] + "\n").encode())
        p.stdin.flush()
        if not p.stdout.readline():
            raise SystemExit(f"run.py: {cmd[0]} did not answer its first query")
        lat, lines = [], []
        start = time.perf_counter()
        for q in queries:
            line = (q + "\n").encode()
            t0 = time.perf_counter()
            p.stdin.write(line)
            p.stdin.flush()
            back = p.stdout.readline()
            lat.append(time.perf_counter() - t0)
            if not back:
                raise SystemExit(f"run.py: {cmd[0]} stopped answering at query {q!r}")
            lines.append(back)
        total = time.perf_counter() - start
        p.stdin.close()
        p.stdout.read()
        _, status, ru = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
    errors = sum(1 for b in lines if b.startswith(b"{") and b'"error"' in b)
    lat.sort()
    return {"median": quantile(lat, 0.5) * 1e3, "p95": quantile(lat, 0.95) * 1e3,
            "p99": quantile(lat, 0.99) * 1e3, "qps": len(queries) / total,
            "cpu": (ru.ru_utime + ru.ru_stime) * 1e3 / len(queries),
            "rss_mb": ru.ru_maxrss / 1024, "errors": errors, "rc": p.returncode}


def http_latency(rxserve, ixdir, queries, log_to, clients=2):
    """The same queries over HTTP to rxserve (two threads), one keep-alive connection: one
    untimed pass, then a timed one (latency per request, as latency() above); then the
    log again from `clients` connections at once, for the queries/s the server sustains
    (the clients share the machine's cores with it)."""
    import http.client
    import multiprocessing
    import urllib.parse
    paths = ["/search?" + urllib.parse.urlencode({"q": q, "limit": "10"}) for q in queries]
    with open(log_to, "ab") as err:
        err.write(f"\n$ {rxserve} --index {ixdir} --port 0 --threads 2\n".encode())
        err.flush()
        p = subprocess.Popen([str(rxserve), "--index", str(ixdir), "--port", "0", "--threads",
                              "2"], stderr=subprocess.PIPE)
        first = p.stderr.readline().decode()
        err.write(first.encode())
        m = re.search(r":(\d+)/", first)
        if not m:
            p.kill()
            raise SystemExit(f"run.py: rxserve did not start: {first}")
        port = int(m.group(1))

        def run_all(chunk, lat=None):
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            for path in chunk:
                t0 = time.perf_counter()
                c.request("GET", path)
                r = c.getresponse()
                r.read()
                if lat is not None:
                    lat.append(time.perf_counter() - t0)
                if r.status not in (200, 400):
                    raise SystemExit(f"run.py: rxserve answered {r.status} to {path}")
            c.close()

        try:
            run_all(paths)
            lat = []
            start = time.perf_counter()
            run_all(paths, lat)
            total = time.perf_counter() - start
            # Client processes, not threads: Python's lock would serialise the clients.
            procs = [multiprocessing.Process(target=run_all, args=(paths[k::clients],))
                     for k in range(clients)]
            start = time.perf_counter()
            for c in procs:
                c.start()
            for c in procs:
                c.join()
            total_many = time.perf_counter() - start
        finally:
            p.terminate()
            err.write(p.stderr.read())
            p.wait()
    lat.sort()
    return {"median": quantile(lat, 0.5) * 1e3, "p95": quantile(lat, 0.95) * 1e3,
            "p99": quantile(lat, 0.99) * 1e3, "qps": len(queries) / total,
            "qps_many": len(queries) / total_many, "clients": clients}


def modify_one_percent(files, seed):
    """Appends a line to 1% of the files (at least one): new size and mtime, so an
    incremental indexer must read, parse and write them again."""
    rng = random.Random(seed)
    chosen = rng.sample(files, max(1, len(files) // 100))
    for f in chosen:
        with open(f, "ab") as out:
            out.write(b"\n- Reviewed for the benchmark; the advice above is unchanged.\n")
    return len(chosen)


# ---------------------------------------------------------------------------- one corpus


def prepare_corpus(n, work, seed, real):
    """The corpus directory for size n: a copy of the real monographs, or a synthetic
    corpus (reused when the work directory already holds it with the same seed)."""
    path = work / f"corpus-{n}"
    mark = work / f"corpus-{n}.done"
    if mark.exists() and mark.read_text() == str(seed):
        return path
    shutil.rmtree(path, ignore_errors=True)
    if n == len(corpus_files(real)):
        log(f"copying the {n} real monographs")
        shutil.copytree(real, path)
    else:
        log(f"generating {n} synthetic monographs (seed {seed})")
        subprocess.run([sys.executable, str(HERE / "gen.py"), str(n), str(path), "--seed",
                        str(seed), "--source", str(real)], check=True)
    mark.write_text(str(seed))
    return path


def bench_corpus(n, bins, work, seed, queries, real, res):
    corpus = prepare_corpus(n, work, seed, real)
    files = corpus_files(corpus)
    raw = sum(f.stat().st_size for f in files)
    ndocs = len(files)
    label = f"{n:,}" if n != len(corpus_files(real)) else f"{n} real"
    put = lambda system, measure, value: res.append((label, system, measure, value))
    put("corpus", "documents", ndocs)
    put("corpus", "size (MB)", raw / 1e6)
    put("corpus", "machine load (1-min average) at start", os.getloadavg()[0])
    logf = work / f"log-{n}.txt"
    ixdir = work / f"ix-{n}"

    def indexing(system, cmd, size_path):
        log(f"{label}: {system} indexing")
        r = measured(cmd, logf)
        if r["rc"] not in (0, 1):
            raise SystemExit(f"run.py: {cmd[0]} failed ({r['rc']}); see {logf}")
        size = tree_bytes(size_path)
        put(system, "index: wall (s)", r["wall"])
        put(system, "index: docs/s", ndocs / r["wall"])
        put(system, "index: MB/s", raw / 1e6 / r["wall"])
        put(system, "index: CPU (s)", r["cpu"])
        put(system, "index: peak RSS (MB)", r["rss_mb"])
        put(system, "index: size (MB)", size / 1e6)
        put(system, "index: size / corpus", size / raw)
        return r

    def reindex(system, cmd, full, what):
        log(f"{label}: {system} re-index, {what}")
        r = measured(cmd, logf)
        put(system, f"re-index, {what}: wall (s)", r["wall"])
        put(system, f"re-index, {what}: % of full", 100 * r["wall"] / full["wall"])
        return r

    for d in (ixdir, work / f"om-{n}", work / f"fts5-{n}.db"):
        shutil.rmtree(d, ignore_errors=True) if d.is_dir() else d.unlink(missing_ok=True)
    rx_cmd = [bins["rxindex"], "--index", ixdir, "--quiet", corpus]
    om_cmd = [bins["omindex"], "--db", work / f"om-{n}", "--url", "/", "-Mmd:text/plain", corpus]
    rx = indexing(RX, rx_cmd, ixdir)
    m = re.search(r"failed (\d+)", rx["out"])
    if m and int(m.group(1)):
        log(f"{label}: warning: rxindex failed on {m.group(1)} file(s); see {logf}")
    reindex(RX, rx_cmd, rx, "unchanged")
    indexing(FTS5, [bins["rx-fts5"], "index", work / f"fts5-{n}.db", corpus],
             work / f"fts5-{n}.db")
    om = indexing(OMINDEX, om_cmd, work / f"om-{n}")
    reindex(OMINDEX, om_cmd, om, "unchanged")

    for system, cmd in [
            (RX, [bins["rxsearch"], "--index", ixdir, "--batch", "--limit", "10"]),
            (RX_NOSNIP, [bins["rxsearch"], "--index", ixdir, "--batch", "--limit", "10",
                         "--snippets", "0"]),
            (FTS5, [bins["rx-fts5"], "search", work / f"fts5-{n}.db", "--limit", "10",
                    "--snippets"]),
            (FTS5_NOSNIP, [bins["rx-fts5"], "search", work / f"fts5-{n}.db", "--limit", "10"]),
            (BARE, [bins["bare-xapian"], ixdir, "--limit", "10"])]:
        log(f"{label}: {system} queries")
        q = latency(cmd, queries, logf)
        if q["errors"]:
            log(f"{label}: {system}: {q['errors']} queries answered with an error")
        put(system, "query: median (ms)", q["median"])
        put(system, "query: p95 (ms)", q["p95"])
        put(system, "query: p99 (ms)", q["p99"])
        put(system, "query: queries/s", q["qps"])
        put(system, "query: CPU per query (ms)", q["cpu"])

    log(f"{label}: {HTTP} queries")
    q = http_latency(bins["rxserve"], ixdir, queries, logf)
    put(HTTP, "query: median (ms)", q["median"])
    put(HTTP, "query: p95 (ms)", q["p95"])
    put(HTTP, "query: p99 (ms)", q["p99"])
    put(HTTP, "query: queries/s", q["qps"])
    put(HTTP, f"query: queries/s, {q['clients']} clients", q["qps_many"])

    changed = modify_one_percent(files, seed)
    log(f"{label}: modified {changed} files")
    reindex(RX, rx_cmd, rx, "1% modified")
    reindex(OMINDEX, om_cmd, om, "1% modified")
    for d in (ixdir, work / f"om-{n}"):
        shutil.rmtree(d, ignore_errors=True)
    (work / f"fts5-{n}.db").unlink(missing_ok=True)
    # The corpus was modified: never reuse it.
    (work / f"corpus-{n}.done").unlink(missing_ok=True)
    return label


# ------------------------------------------------------------------------------ output


def fmt(v):
    if isinstance(v, int):
        return f"{v:,}"
    if v >= 100:
        return f"{v:,.0f}"
    if v >= 10:
        return f"{v:.1f}"
    if v >= 1:
        return f"{v:.2f}"
    return f"{v:.3f}"


SYSTEM_ORDER = ["corpus", RX, RX_NOSNIP, HTTP, FTS5, FTS5_NOSNIP, OMINDEX, BARE]


def table(res):
    base = {(c, m): v for c, s, m, v in res if s == RX}
    corpora = list(dict.fromkeys(c for c, _, _, _ in res))
    # Per corpus: indexing rows, then query rows; within each, system by system in the
    # order above, measures in the order they were taken.
    order = sorted(range(len(res)), key=lambda i: (
        corpora.index(res[i][0]), res[i][2].startswith("query"),
        SYSTEM_ORDER.index(res[i][1]), i))
    out = ["| corpus | system | measure | value | vs rxsearch |", "|---|---|---|--:|--:|"]
    for c, s, m, v in (res[i] for i in order):
        b = base.get((c, m))
        ratio = "" if s == "corpus" or not b else f"{v / b:.2f}×"
        out.append(f"| {c} | {s} | {m} | {fmt(v)} | {ratio} |")
    return "\n".join(out)


def targets(res, sizes_labels):
    """Issue #5's targets, checked on the largest corpus run ("big") and the one below it
    ("mid"); the issue states them for 100k and 10k."""
    get = {(c, s, m): v for c, s, m, v in res}
    if not sizes_labels:
        return []
    big = sizes_labels[-1]
    mid = sizes_labels[-2] if len(sizes_labels) > 1 else None
    lines = []

    def check(ok, text):
        lines.append(f"- [{'x' if ok else ' '}] {text}")

    for c in ([mid] if mid else []) + [big]:
        r = get[(c, RX, "index: docs/s")] / get[(c, OMINDEX, "index: docs/s")]
        check(r >= 3, f"indexing ≥ 3× omindex docs/s at {c}: {r:.3g}×")
    for stat in ("median", "p99"):
        m = f"query: {stat} (ms)"
        r = get[(big, RX, m)] / get[(big, FTS5, m)]
        check(r <= 0.2, f"query {stat} (snippets) ≤ 0.2× FTS5's at {big}: {r:.3g}×")
        r = get[(big, RX, m)] / get[(big, BARE, m)]
        check(r <= 2, f"query {stat} (snippets) ≤ 2× bare Xapian at {big}: {r:.3g}×")
    worst = max(get[(c, RX, "index: size / corpus")] for c in sizes_labels)
    check(worst <= 2, f"index size ≤ 2× raw corpus (worst over all corpora): {worst:.3g}×")
    rss = get[(big, RX, "index: peak RSS (MB)")]
    check(rss <= 512, f"indexer peak RSS ≤ 512 MB at {big}: {rss:.0f} MB")
    pct = get[(big, RX, "re-index, unchanged: % of full")]
    check(pct < 5, f"no-change re-index < 5% of full index time at {big}: {pct:.2g}%")
    if mid:
        d = get[(big, RX, "index: docs/s")] / get[(mid, RX, "index: docs/s")]
        check(d >= 0.8, f"docs/s at {big} within 20% of {mid} (not slower): {d:.3g}×")
        p = get[(big, RX, "query: p99 (ms)")] / get[(mid, RX, "query: p99 (ms)")]
        check(p <= 3, f"p99 at {big} ≤ 3× p99 at {mid}: {p:.3g}×")
    return lines


def update_readme(path, text):
    start, end = "<!-- bench:results -->", "<!-- /bench:results -->"
    doc = path.read_text()
    if start not in doc or end not in doc:
        raise SystemExit(f"run.py: {path} has no {start} ... {end} block")
    head, rest = doc.split(start, 1)
    _, tail = rest.split(end, 1)
    path.write_text(head + start + "\n" + text + "\n" + end + tail)


# -------------------------------------------------------------------------------- main


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="301,10000,100000",
                    help="corpus sizes; 301 is the real corpus, others are synthetic")
    ap.add_argument("--quick", action="store_true", help="only the real 301 monographs")
    ap.add_argument("--build", default=str(REPO / "build"), help="meson build directory")
    ap.add_argument("--seed", type=int, default=42, help="seed for gen.py and the 1%% edit")
    ap.add_argument("--queries", default=str(HERE / "queries.txt"))
    ap.add_argument("--corpus", default=str(REAL), help="the real monographs")
    ap.add_argument("--engine", help="what is measured, for the header (default: git state)")
    ap.add_argument("--workdir", help="where corpora and indexes go (default: a temp dir)")
    ap.add_argument("--keep", action="store_true", help="keep the work directory")
    ap.add_argument("--json", help="also write the raw rows to this file")
    ap.add_argument("--update-readme", action="store_true",
                    help="write the output into bench/README.md's results block")
    a = ap.parse_args()

    real = Path(a.corpus).resolve()
    nreal = len(corpus_files(real))
    if not nreal:
        raise SystemExit(f"run.py: no monographs in {real}")
    sizes = [nreal] if a.quick else [int(s) for s in a.sizes.split(",") if s.strip()]
    build = Path(a.build).resolve()
    queries = [q for q in Path(a.queries).read_text(encoding="utf-8").splitlines() if q.strip()]
    omindex = shutil.which("omindex")
    if not omindex:
        raise SystemExit("run.py: omindex not found (Debian package xapian-omega)")

    work = Path(a.workdir).resolve() if a.workdir else Path(tempfile.mkdtemp(prefix="rxbench-"))
    work.mkdir(parents=True, exist_ok=True)
    bins = {"omindex": omindex}
    for name, rel in [("rxindex", "indexer/rxindex"), ("rxsearch", "searcher/rxsearch"),
                      ("rxserve", "searcher/rxserve"),
                      ("rx-fts5", "bench/rx-fts5"), ("bare-xapian", "bench/bare-xapian")]:
        src = build / rel
        if not src.exists():
            raise SystemExit(f"run.py: {src} not built (meson compile -C {build})")
        bins[name] = work / "bin" / name
        bins[name].parent.mkdir(exist_ok=True)
        shutil.copy2(src, bins[name])

    started = datetime.datetime.now()
    load0 = os.getloadavg()[0]
    res = []
    labels = []
    try:
        for n in sizes:
            labels.append(bench_corpus(n, bins, work, a.seed, queries, real, res))
    finally:
        if not a.keep and not a.workdir:
            shutil.rmtree(work, ignore_errors=True)
        elif a.keep:
            log(f"kept {work}")

    minutes = (datetime.datetime.now() - started).total_seconds() / 60
    header = (f"{started:%Y-%m-%d %H:%M}, {machine()}; engine: {a.engine or git_state()}; "
              f"{len(queries)} queries from {Path(a.queries).name}, limit 10; run took "
              f"{minutes:.0f} min, load average {load0:.1f} at the start and "
              f"{os.getloadavg()[0]:.1f} at the end.")
    text = "\n".join([header, "", table(res), "", "Targets (issue #5), same run:", ""] +
                     targets(res, labels))
    print(text)
    if a.json:
        Path(a.json).write_text(json.dumps(res, indent=1))
    if a.update_readme:
        update_readme(HERE / "README.md", text)


if __name__ == "__main__":
    main()
