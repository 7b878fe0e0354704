#!/usr/bin/env python3
"""Reliability: bad monographs, bad queries, locks, kills, concurrent commits, corrupt
indexes and a full disk. Nothing may crash; every failure is one clear line.

Run by meson as: reliability.py BUILD_DIR SHARED_DIR SOURCE_DIR.
"""
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

BUILD, SHARED, SOURCE = sys.argv[1], sys.argv[2], sys.argv[3]
RXINDEX = os.path.join(BUILD, "indexer", "rxindex")
RXSEARCH = os.path.join(BUILD, "searcher", "rxsearch")
HOLD_LOCK = os.path.join(BUILD, "tests", "hold_lock")
INDEX_META = os.path.join(BUILD, "tests", "index_meta")
MONOGRAPHS = os.path.join(SHARED, "corpus", "monographs")
# valgrind or another wrapper for the programs, from the environment (meson's valgrind setup).
WRAP = os.environ.get("RX_TEST_WRAPPER", "").split()

GOOD = """---
title: {title}
description: '- Used for {use}.'
is_banned: false
lastModified: '2025-01-01T00:00:00Z'
faqs:
  - q: 'What is it for?**

      **A:** {use}.'
    a: 'A:** {use}.'
---
## **Usage**

- {title} treats {use}.

## **Side Effects**

- Headache.
"""


def run(*args, stdin=None, timeout=300):
    p = subprocess.run(WRAP + list(args), capture_output=True, text=True, input=stdin,
                       timeout=timeout, errors="replace")
    return p.returncode, p.stdout, p.stderr


def total(index_dir):
    code, out, _ = run(RXSEARCH, "--index", index_dir, "--json", "--limit", "5000", "--snippets",
                       "0", "banned:no OR banned:yes")
    return json.loads(out)["total"] if code == 0 else 0


def write(path, text, mode="w"):
    with open(path, mode) as f:
        f.write(text)


class Base(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="rx-rel-")
        self.corpus = os.path.join(self.tmp, "corpus")
        self.index = os.path.join(self.tmp, "index")
        os.mkdir(self.corpus)

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def good(self, name, title, use):
        write(os.path.join(self.corpus, name), GOOD.format(title=title, use=use))

    def assert_one_line(self, err):
        lines = [l for l in err.splitlines() if l.strip()]
        self.assertEqual(len(lines), 1, err)


class BadMonographs(Base):
    def test_each_bad_file_is_one_error_and_the_rest_is_indexed(self):
        self.good("good.md", "Goodamycin", "goodness")
        bad = {
            "nofront.md": ("## Usage\n\ntext\n", ":1: no front matter"),
            "unterminated.md": ("---\ntitle: X\n## Usage\n", ":1: unterminated front matter"),
            "yaml.md": ("---\ntitle: [unclosed\n---\n", ":3: front matter: YAML error"),
            "list.md": ("---\n- a\n- b\n---\n", ":2: front matter must be a mapping"),
            "scalar.md": ("---\nhello\n---\n", ":2: front matter must be a mapping"),
            "faqs.md": ("---\ntitle: X\nfaqs: 3\n---\n", ":3: front matter: 'faqs' must be a list"),
            "faqitem.md": ("---\ntitle: X\nfaqs:\n  - a: b\n---\n", ":4: front matter: FAQ item has no 'q'"),
            "banned.md": ("---\ntitle: X\nis_banned: maybe\n---\n", ":3: front matter: is_banned must be true or false"),
            "title.md": ("---\ntitle: [a, b]\n---\n", ":2: front matter: 'title' must be text"),
            "empty.md": ("", ":1: empty file"),
            "binary.md": ("\x00\x01\x02binary" * 100, ":1: binary file"),
        }
        for name, (text, _) in bad.items():
            write(os.path.join(self.corpus, name), text)
        big = os.path.join(self.corpus, "huge.md")
        with open(big, "w") as f:
            f.write("---\ntitle: Huge\n---\n")
            f.write(("- a line of a very long list item about nothing much\n") * 1_000_000)
        code, out, err = run(RXINDEX, "--index", self.index, self.corpus)
        self.assertEqual(code, 1, err)
        self.assertRegex(out, r"^indexed 1, skipped 0 unchanged, removed 0, failed 12")
        for name, (_, msg) in bad.items():
            self.assertIn(os.path.join(self.corpus, name) + msg, err, name)
        self.assertIn("huge.md: file too large", err)
        self.assertEqual(len(err.strip().splitlines()), 12, err)
        code, out, _ = run(RXSEARCH, "--index", self.index, "goodness")
        self.assertEqual(code, 0)

    def test_pathological_but_valid_files_index(self):
        head = "---\ntitle: {}\n---\n"
        write(os.path.join(self.corpus, "longlist.md"),
              head.format("Longlist") + "## Usage\n\n" + "".join(f"- item {i}\n" for i in range(100_000)))
        write(os.path.join(self.corpus, "nested.md"),
              head.format("Nested") + "## Usage\n\n" + "".join("  " * i + "- deeper\n" for i in range(2000)))
        write(os.path.join(self.corpus, "quotes.md"),
              head.format("Quotes") + "## Usage\n\n" + "> " * 5000 + "deep quote\n")
        write(os.path.join(self.corpus, "headings.md"),
              head.format("Headings") + "".join(f"## Heading {i}\n### Sub {i}\n" for i in range(10_000)))
        write(os.path.join(self.corpus, "longword.md"),
              head.format("Longword") + "## Usage\n\n" + "x" * 200_000 + " findme " + "y " * 100_000 + "\n")
        write(os.path.join(self.corpus, "utf8.md"),
              head.format("Badbytes") + "## Usage\n\nrepaired \xff\xfe text\n", mode="w" if False else "w")
        with open(os.path.join(self.corpus, "utf8.md"), "wb") as f:
            f.write(b"---\ntitle: Badbytes\n---\n## Usage\n\nrepaired \xff\xfe text\n")
        self.good("dup1.md", "Sametitle", "one")
        self.good("dup2.md", "Sametitle", "two")
        os.symlink(os.path.join(self.corpus, "dup1.md"), os.path.join(self.corpus, "link.md"))
        os.mkdir(os.path.join(self.corpus, "sub"))
        os.symlink(self.corpus, os.path.join(self.corpus, "sub", "loop"))
        write(os.path.join(self.corpus, "notes.txt"), "not a monograph")
        code, out, err = run(RXINDEX, "--index", self.index, self.corpus, timeout=600)
        self.assertEqual(code, 0, err)
        self.assertRegex(out, r"^indexed 8, skipped 0 unchanged, removed 0, failed 0, ignored 2")
        self.assertIn("utf8.md:6: warning: line 6: invalid UTF-8 replaced", err)
        self.assertIn("link.md: same file as one already indexed (link); skipped", err)
        self.assertIn("loop: directory already visited (link loop); skipped", err)
        self.assertIn("notes.txt: not a monograph (.md) file; skipped", err)
        for query, expect in (("findme", "longword"), ("\"item 99999\"", "longlist"),
                              ("deep quote", "quotes"), ("heading", "headings"),
                              ("title:sametitle", "dup1"), ("repaired", "utf8")):
            code, out, _ = run(RXSEARCH, "--index", self.index, "--json", query)
            self.assertEqual(code, 0, query)
            self.assertIn(expect, [r["id"] for r in json.loads(out)["results"]], query)

    def test_unreadable_file_is_one_error(self):
        self.good("good.md", "Goodamycin", "goodness")
        self.good("secret.md", "Secretol", "secrets")
        os.chmod(os.path.join(self.corpus, "secret.md"), 0)
        cmd = [RXINDEX, "--index", self.index, self.corpus]
        if os.geteuid() == 0:
            # root reads anything: run the indexer as nobody to meet the permission check.
            if not shutil.which("runuser"):
                self.skipTest("needs runuser to drop root")
            os.chmod(self.tmp, 0o777)
            os.chmod(self.corpus, 0o777)
            os.chmod(os.path.join(self.corpus, "good.md"), 0o644)
            cmd = ["runuser", "-u", "nobody", "--"] + cmd
        code, out, err = run(*cmd)
        self.assertEqual(code, 1, err)
        self.assertIn("secret.md: cannot open: Permission denied", err)
        self.assertRegex(out, r"^indexed 1, skipped 0 unchanged, removed 0, failed 1")

    def test_files_vanishing_mid_run(self):
        for i in range(1500):
            self.good(f"m{i:04}.md", f"Drug{i}", f"use{i}")
        p = subprocess.Popen(WRAP + [RXINDEX, "--index", self.index, "--quiet", self.corpus],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for i in range(1499, 0, -7):
            try:
                os.remove(os.path.join(self.corpus, f"m{i:04}.md"))
            except FileNotFoundError:
                pass
        out, err = p.communicate(timeout=300)
        self.assertIn(p.returncode, (0, 1), err)
        for line in err.splitlines():
            self.assertRegex(line, r"^rxindex: error: .*m\d{4}\.md: (cannot open|cannot stat): "
                                   r"No such file or directory$")
        self.assertEqual(run(RXINDEX, "--check", "--index", self.index)[0], 0)
        code, out, _ = run(RXINDEX, "--index", self.index, self.corpus)
        self.assertEqual(code, 0)
        self.assertEqual(total(self.index), len(os.listdir(self.corpus)))

    def test_missing_title_falls_back_and_says_so(self):
        write(os.path.join(self.corpus, "untitled.md"), "---\ndescription: x\n---\n## Usage\n\nfoo\n")
        code, out, err = run(RXINDEX, "--index", self.index, self.corpus)
        self.assertEqual(code, 0)
        self.assertIn("untitled.md: warning: no title in the front matter; using the first heading 'Usage'", err)


class BadQueries(Base):
    @classmethod
    def setUpClass(cls):
        cls.shared_tmp = tempfile.mkdtemp(prefix="rx-rel-q-")
        cls.qindex = os.path.join(cls.shared_tmp, "index")
        run(RXINDEX, "--index", cls.qindex, os.path.join(SOURCE, "corpus"))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.shared_tmp, ignore_errors=True)

    def query(self, *args):
        return run(RXSEARCH, "--index", self.qindex, *args)

    def test_bad_queries_never_crash(self):
        queries = ["", " ", "the of and", "!!! ???", "\"unbalanced", "((nerve pain", "nerve pain))",
                   "foo:bar", "*", "a*", "banned:", "side_effects:", "-", "+", "NOT", "AND OR",
                   "pain NOT", "\"\"", "x" * 10_000, " ".join(f"w{i}" for i in range(1000)),
                   "(" * 5000 + "pain", "caf\udcff", "pain" + "\u0301" * 100, "5-HT3-" * 500,
                   "1,5,0,0", "-pain", "+-+-pain", "title:", "(((())))", "\\x00"]
        for q in queries:
            code, out, err = self.query("--json", "--", q)
            self.assertIn(code, (0, 1, 2), q[:40])
            if code == 2:
                self.assert_one_line(err)
                self.assertTrue(err.startswith("rxsearch: "), err)
            else:
                json.loads(out)

    def test_nul_bytes_and_invalid_utf8_in_batch(self):
        data = b"nerve\x00pain\n\xff\xfe bad bytes\nAND\n" + b"x" * 100_000 + b"\n"
        p = subprocess.run(WRAP + [RXSEARCH, "--index", self.qindex, "--batch"], input=data,
                           capture_output=True, timeout=120)
        lines = p.stdout.decode().splitlines()
        self.assertEqual(len(lines), 4)
        for line in lines:
            json.loads(line)
        self.assertIn("error", json.loads(lines[2]))

    def test_limits_and_numbers(self):
        code, out, _ = self.query("--json", "--limit", "10000", "--offset", "1000000", "pain")
        self.assertEqual(code, 1)
        self.assertEqual(json.loads(out)["results"], [])
        for args in (["--limit", "-1"], ["--limit", "10001"], ["--offset", "-5"], ["--limit", "x"],
                     ["--snippets", "9"], ["--limit"]):
            code, _, err = self.query(*args, "pain")
            self.assertEqual(code, 2, args)
            self.assert_one_line(err)


class Index(Base):
    def make_corpus(self, copies):
        for c in range(copies):
            shutil.copytree(MONOGRAPHS, os.path.join(self.corpus, f"copy{c}"))
        return copies * len(os.listdir(MONOGRAPHS))

    def test_second_indexer_is_locked_out(self):
        self.good("a.md", "Alpha", "alphas")
        self.assertEqual(run(RXINDEX, "--index", self.index, self.corpus)[0], 0)
        holder = subprocess.Popen([HOLD_LOCK, self.index], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, text=True)
        try:
            self.assertEqual(holder.stdout.readline().strip(), "locked")
            code, _, err = run(RXINDEX, "--index", self.index, self.corpus)
            self.assertEqual(code, 2)
            self.assertIn("index is locked by another indexer", err)
            self.assert_one_line(err.replace("rxindex: nothing was changed", ""))
            # Readers are not blocked by the writer's lock.
            self.assertEqual(run(RXSEARCH, "--index", self.index, "alphas")[0], 0)
        finally:
            holder.stdin.close()
            holder.wait(timeout=30)

    def test_kill9_at_random_points_loses_nothing_committed(self):
        n = self.make_corpus(3)
        rng = random.Random(42)
        for round_ in range(6):
            p = subprocess.Popen(WRAP + [RXINDEX, "--index", self.index, "--batch", "50",
                                         "--quiet", self.corpus],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            time.sleep(rng.uniform(0.05, 1.5))
            p.send_signal(signal.SIGKILL)
            p.wait()
            if os.path.exists(self.index):
                code, _, err = run(RXINDEX, "--check", "--index", self.index)
                if os.path.exists(os.path.join(self.index, "iamglass")):
                    self.assertEqual(code, 0, f"round {round_}: {err}")
                    self.assertEqual(total(self.index) % 50 == 0 or total(self.index) == n, True)
        code, out, err = run(RXINDEX, "--index", self.index, self.corpus)
        self.assertEqual(code, 0, err)
        self.assertEqual(total(self.index), n)
        code, out, _ = run(RXINDEX, "--index", self.index, self.corpus)
        self.assertRegex(out, rf"^indexed 0, skipped {n} unchanged")

    def test_kill9_during_a_sharded_fresh_build(self):
        # A fresh build writes shards (here of 100 documents, two at a time) merged at the
        # end; killed before the merge, the index is empty and whole, the shards are left
        # behind, and the next run removes them and builds the index.
        n = self.make_corpus(3)
        parent = os.path.dirname(self.index)
        shards = lambda: [d for d in os.listdir(parent) if ".shard-" in d]
        rng = random.Random(7)
        for round_ in range(3):
            shutil.rmtree(self.index, ignore_errors=True)
            p = subprocess.Popen(WRAP + [RXINDEX, "--index", self.index, "--shard", "100",
                                         "--threads", "2", "--batch", "50", "--quiet",
                                         self.corpus],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            time.sleep(rng.uniform(0.3, 1.5))
            p.send_signal(signal.SIGKILL)
            p.wait()
            if os.path.exists(os.path.join(self.index, "iamglass")):
                code, _, err = run(RXINDEX, "--check", "--index", self.index)
                self.assertEqual(code, 0, f"round {round_}: {err}")
                self.assertIn(total(self.index), (0, n), f"round {round_}")
        code, out, err = run(RXINDEX, "--index", self.index, "--shard", "100", self.corpus)
        self.assertEqual(code, 0, err)
        self.assertEqual(shards(), [])
        self.assertEqual(total(self.index), n)
        self.assertEqual(run(RXINDEX, "--check", "--index", self.index)[0], 0)
        # And a sharded build from scratch is whole, checked and leaves nothing behind.
        shutil.rmtree(self.index)
        code, out, err = run(RXINDEX, "--index", self.index, "--shard", "100", self.corpus)
        self.assertEqual(code, 0, err)
        self.assertRegex(out, rf"^indexed {n}, skipped 0 unchanged, removed 0, failed 0.*compacted")
        self.assertEqual((shards(), total(self.index)), ([], n))
        self.assertEqual(run(RXINDEX, "--check", "--index", self.index)[0], 0)
        # Its did-you-mean list, kept in memory through the batches and written at the end,
        # is the one a build without shards writes as it goes.
        plain = os.path.join(self.tmp, "plain")
        self.assertEqual(run(RXINDEX, "--index", plain, "--no-compact", "--batch", "100",
                             "--quiet", self.corpus)[0], 0)
        spelling = lambda index_dir: subprocess.run(WRAP + [INDEX_META, index_dir, "rx:spelling"],
                                                    capture_output=True, check=True).stdout
        self.assertGreater(len(spelling(plain)), 1000)
        self.assertEqual(spelling(self.index), spelling(plain))

    def test_kill9_during_a_rebuild_keeps_the_old_index(self):
        # An index of another stemmer is rebuilt beside itself and exchanged at the end:
        # killed before that, the old index is whole (and still refused by rxsearch, which
        # says why); the next run removes the half-built one and finishes the job.
        n = self.make_corpus(3)
        parent = os.path.dirname(self.index)
        self.assertEqual(run(RXINDEX, "--index", self.index, "--quiet", self.corpus)[0], 0)
        leftovers = lambda: sorted(d for d in os.listdir(parent) if d.startswith("index."))
        rng = random.Random(11)
        for round_ in range(3):
            self.assertEqual(run(INDEX_META, self.index, "rx:stemmer", "porter")[0], 0)
            p = subprocess.Popen(WRAP + [RXINDEX, "--index", self.index, "--shard", "100",
                                         "--threads", "2", "--quiet", self.corpus],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0.3, 1.2))
            p.send_signal(signal.SIGKILL)
            p.wait()
            self.assertEqual(run(RXINDEX, "--check", "--index", self.index)[0], 0)
            code, _, err = run(RXSEARCH, "--index", self.index, "alphas")
            if code:
                self.assertIn("index was built with stemmer 'porter'", err, f"round {round_}")
            else:
                self.assertEqual(total(self.index), n, f"round {round_}")
        self.assertEqual(run(INDEX_META, self.index, "rx:stemmer", "porter")[0], 0)
        code, out, err = run(RXINDEX, "--index", self.index, "--shard", "100", self.corpus)
        self.assertEqual(code, 0, err)
        self.assertIn("index was built with stemmer 'porter', this build uses", err)
        self.assertIn("rebuilding it in full", err)
        self.assertRegex(out, rf"^indexed {n}, skipped 0 unchanged")
        self.assertEqual((leftovers(), total(self.index)), ([], n))
        self.assertEqual(run(RXINDEX, "--check", "--index", self.index)[0], 0)
        code, out, _ = run(RXINDEX, "--index", self.index, self.corpus)
        self.assertRegex(out, rf"^indexed 0, skipped {n} unchanged")

    def test_a_rebuild_keeps_the_indexed_version_of_a_file_that_no_longer_parses(self):
        # An update keeps a monograph whose file stops parsing (checked first); a rebuild
        # (another stemmer or format) used to drop it, as it starts from nothing. It now
        # re-indexes the record the old index stored: the same hits, snippets and
        # did-you-mean words.
        names = sorted(os.listdir(MONOGRAPHS))[:119] + ["pramipexole.md"]
        for name in names:
            shutil.copy(os.path.join(MONOGRAPHS, name), self.corpus)
        self.assertEqual(run(RXINDEX, "--index", self.index, "--quiet", self.corpus)[0], 0)
        query = lambda: run(RXSEARCH, "--index", self.index, "--json", "restless legs")[1]
        meta = lambda key: subprocess.run(WRAP + [INDEX_META, self.index, key],
                                          capture_output=True, check=True).stdout
        before, spelling = query(), meta("rx:spelling")
        self.assertIn('"id":"pramipexole"', before.replace(" ", ""))
        self.assertGreater(len(meta("rx:zdict")), 0)  # its records need its dictionary
        broken = os.path.join(self.corpus, "pramipexole.md")
        write(broken, "---\ntitle: [unclosed\n---\n")
        code, out, err = run(RXINDEX, "--index", self.index, self.corpus)  # an update
        self.assertEqual(code, 1, err)
        self.assertRegex(out, r"^indexed 0, skipped 119 unchanged, removed 0, failed 1")
        self.assertEqual((query(), meta("rx:spelling")), (before, spelling))
        self.assertEqual(run(INDEX_META, self.index, "rx:stemmer", "porter")[0], 0)
        code, out, err = run(RXINDEX, "--index", self.index, "--shard", "40", "--threads", "2",
                             self.corpus)
        self.assertEqual(code, 1, err)
        self.assertIn("rebuilding it in full", err)
        self.assertIn("pramipexole.md:3: front matter: YAML error", err)
        self.assertRegex(out, r"^indexed 119, skipped 0 unchanged, removed 0, failed 1")
        self.assertEqual(total(self.index), 120)
        self.assertEqual(query(), before)
        self.assertEqual(meta("rx:spelling"), spelling)
        self.assertEqual(run(RXINDEX, "--check", "--index", self.index)[0], 0)
        # It keeps its old signature: the next run tries the file again, and keeps it again.
        code, out, _ = run(RXINDEX, "--index", self.index, self.corpus)
        self.assertRegex(out, r"^indexed 0, skipped 119 unchanged, removed 0, failed 1")
        self.assertEqual(query(), before)
        shutil.copy(os.path.join(MONOGRAPHS, "pramipexole.md"), broken)
        code, out, _ = run(RXINDEX, "--index", self.index, self.corpus)
        self.assertRegex(out, r"^indexed 1, skipped 119 unchanged, removed 0, failed 0")
        # A record the rebuild cannot read (here: its dictionary damaged) cannot be kept:
        # the file leaves the index, and a warning says so.
        shutil.rmtree(self.index)
        self.assertEqual(run(RXINDEX, "--index", self.index, "--quiet", self.corpus)[0], 0)
        self.assertGreater(len(meta("rx:zdict")), 0)
        write(broken, "---\ntitle: [unclosed\n---\n")
        self.assertEqual(run(INDEX_META, self.index, "rx:stemmer", "porter")[0], 0)
        self.assertEqual(run(INDEX_META, self.index, "rx:zdict", "not a dictionary")[0], 0)
        code, out, err = run(RXINDEX, "--index", self.index, self.corpus)
        self.assertEqual(code, 1, err)
        self.assertRegex(err, r"pramipexole.md: warning: its indexed version cannot be read")
        self.assertEqual(total(self.index), 119)

    def test_a_batch_searcher_follows_the_index_swapped_in(self):
        # rxindex exchanges a compacted copy for the index in one rename. A searcher kept
        # open (--batch) reads the new index from the next query on: it neither keeps
        # answering from the old, unlinked files nor mixes the two.
        self.good("a.md", "Alpha", "alphas")
        self.assertEqual(run(RXINDEX, "--index", self.index, self.corpus)[0], 0)
        p = subprocess.Popen(WRAP + [RXSEARCH, "--index", self.index, "--batch"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        try:
            def ask(q):
                p.stdin.write(q + "\n")
                p.stdin.flush()
                return [r["id"] for r in json.loads(p.stdout.readline())["results"]]
            self.assertEqual(ask("alphas"), ["a"])
            os.remove(os.path.join(self.corpus, "a.md"))
            self.good("b.md", "Beta", "betas")
            code, out, err = run(RXINDEX, "--index", self.index, "--compact", self.corpus)
            self.assertEqual(code, 0, err)
            self.assertIn("compacted", out)
            self.assertEqual((ask("betas"), ask("alphas")), (["b"], []))
        finally:
            p.stdin.close()
            p.wait(timeout=60)

    def test_searches_during_commits_never_fail(self):
        self.make_corpus(2)
        self.assertEqual(run(RXINDEX, "--index", self.index, "--batch", "25", self.corpus)[0], 0)
        writer = subprocess.Popen(["sh", "-c", f"for i in 1 2 3; do '{RXINDEX}' --force --quiet "
                                               f"--batch 25 --index '{self.index}' '{self.corpus}'; done"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        failures = []
        searches = 0
        while writer.poll() is None and searches < 400:
            code, out, err = run(RXSEARCH, "--index", self.index, "--json", "nerve pain")
            searches += 1
            if code != 0:
                failures.append(err)
        writer.wait()
        self.assertGreater(searches, 5)
        self.assertEqual(failures, [])

    def test_missing_empty_and_corrupt_index(self):
        code, _, err = run(RXSEARCH, "--index", os.path.join(self.tmp, "absent"), "pain")
        self.assertEqual(code, 2)
        self.assertIn("absent: no index there", err)
        self.assert_one_line(err)
        os.mkdir(os.path.join(self.tmp, "empty"))
        code, _, err = run(RXSEARCH, "--index", os.path.join(self.tmp, "empty"), "pain")
        self.assertEqual(code, 2)
        self.assertIn("empty: no index there", err)
        self.assert_one_line(err)

        for name in ("cetirizine.md", "pregabalin.md", "metformin.md"):
            shutil.copy(os.path.join(MONOGRAPHS, name), self.corpus)
        run(RXINDEX, "--index", self.index, self.corpus)
        for table, damage in (("postlist.glass", "truncate"), ("termlist.glass", "garbage"),
                              ("docdata.glass", "garbage")):
            broken = os.path.join(self.tmp, "broken-" + table)
            shutil.copytree(self.index, broken)
            path = os.path.join(broken, table)
            if damage == "truncate":
                os.truncate(path, os.path.getsize(path) // 2)
            else:
                with open(path, "r+b") as f:
                    f.write(b"\x5a" * 8192)
            code, _, err = run(RXINDEX, "--check", "--index", broken)
            self.assertEqual(code, 2, table)
            self.assertRegex(err, r"^rxindex: .*broken-.*: index is corrupt \(")
            self.assert_one_line(err)
            code, out, err = run(RXSEARCH, "--index", broken, "--json", "cetirizine")
            self.assertIn(code, (0, 1, 2), table)
            if code == 2:
                self.assert_one_line(err)
                self.assertRegex(err, r"^rxsearch: .*broken-.*: index is corrupt \(")

    def test_damaged_spelling_list(self):
        # The did-you-mean list is read only when a query has a word in no monograph: other
        # queries still run; that one fails with one line; --check names the entry; and
        # rxindex, which could not extend it, rebuilds the index and spelling works again.
        for name in ("cetirizine.md", "pregabalin.md", "metformin.md"):
            shutil.copy(os.path.join(MONOGRAPHS, name), self.corpus)
        self.assertEqual(run(RXINDEX, "--index", self.index, "--quiet", self.corpus)[0], 0)
        code, out, _ = run(RXSEARCH, "--index", self.index, "--json", "cetrizine")
        self.assertEqual((code, json.loads(out)["suggestion"]), (0, "cetirizine"))
        self.assertEqual(run(INDEX_META, self.index, "rx:spelling", "garbage")[0], 0)
        code, out, _ = run(RXSEARCH, "--index", self.index, "--json", "cetirizine")
        self.assertEqual(code, 0)
        self.assertEqual(json.loads(out)["results"][0]["id"], "cetirizine")
        code, _, err = run(RXSEARCH, "--index", self.index, "cetrizine")
        self.assertEqual(code, 2)
        self.assertRegex(err, r"^rxsearch: .*index: index is corrupt \(bad rx:spelling\): "
                              r"rebuild it")
        self.assert_one_line(err)
        # --batch reads the list at start (rx_searcher_preload): one warning line, then
        # every query is answered, the one needing the list with the same error.
        p = subprocess.run(WRAP + [RXSEARCH, "--index", self.index, "--batch"],
                           input="cetirizine\ncetrizine\n", capture_output=True, text=True)
        self.assertEqual(p.returncode, 1)
        self.assertRegex(p.stderr, r"^rxsearch: warning: .*index: index is corrupt "
                                   r"\(bad rx:spelling\): rebuild it\n$")
        good, bad = map(json.loads, p.stdout.splitlines())
        self.assertEqual(good["results"][0]["id"], "cetirizine")
        self.assertRegex(bad["error"], r"index is corrupt \(bad rx:spelling\)")
        code, _, err = run(RXINDEX, "--check", "--index", self.index)
        self.assertEqual(code, 2)
        self.assertRegex(err, r"^rxindex: .*index: index is corrupt \(bad rx:spelling\)$")
        code, out, err = run(RXINDEX, "--index", self.index, self.corpus)
        self.assertEqual(code, 0, err)
        self.assertIn("index is corrupt (bad rx:spelling): rebuilding it in full", err)
        self.assertRegex(out, r"^indexed 3, skipped 0 unchanged")
        self.assertEqual(run(RXINDEX, "--check", "--index", self.index)[0], 0)
        code, out, _ = run(RXSEARCH, "--index", self.index, "--json", "cetrizine")
        self.assertEqual((code, json.loads(out)["suggestion"]), (0, "cetirizine"))

    def test_spelling_list_follows_replaced_and_removed_documents(self):
        # The did-you-mean list counts the words of every document; one replaced or removed
        # is counted out first, so after edits, removals and additions the list is the one
        # a fresh build of the same files makes, and a word no monograph has any more is
        # never suggested (it was: "glimepride" became "glimepiride" after its removal).
        for name in ("cetirizine.md", "pregabalin.md", "metformin.md", "glimepiride.md",
                     "amlodipine.md"):
            shutil.copy(os.path.join(MONOGRAPHS, name), self.corpus)
        self.good("frobnix.md", "Frobnix", "quarzelitis")
        self.assertEqual(run(RXINDEX, "--index", self.index, "--quiet", self.corpus)[0], 0)

        def suggestion(query):
            code, out, _ = run(RXSEARCH, "--index", self.index, "--json", query)
            return json.loads(out)["suggestion"] if out.strip() else code

        self.assertEqual(suggestion("qarzelitis"), "quarzelitis")
        self.assertEqual(suggestion("glimepride"), "glimepiride")
        self.good("frobnix.md", "Frobnix", "blenthoria of the knee")
        os.remove(os.path.join(self.corpus, "glimepiride.md"))
        self.good("zentrax.md", "Zentrax", "morvanosis")
        code, out, _ = run(RXINDEX, "--index", self.index, self.corpus)
        self.assertRegex(out, r"^indexed 2, skipped 4 unchanged, removed 1, failed 0")
        self.assertIsNone(suggestion("qarzelitis"))
        self.assertIsNone(suggestion("glimepride"))
        self.assertEqual(suggestion("blnthoria"), "blenthoria")
        self.assertEqual(suggestion("morvnosis"), "morvanosis")
        fresh = os.path.join(self.tmp, "fresh")
        self.assertEqual(run(RXINDEX, "--index", fresh, "--quiet", self.corpus)[0], 0)

        def spelling_list(index_dir):
            return subprocess.run(WRAP + [INDEX_META, index_dir, "rx:spelling"],
                                  capture_output=True, check=True).stdout

        self.assertGreater(len(spelling_list(fresh)), 1000)
        self.assertEqual(spelling_list(self.index), spelling_list(fresh))

    def test_disk_full_keeps_the_last_commit(self):
        if os.geteuid() != 0 or not shutil.which("mount"):
            self.skipTest("needs root to mount a small tmpfs")
        mnt = os.path.join(self.tmp, "small")
        os.mkdir(mnt)
        if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1500k", "tmpfs", mnt]).returncode:
            self.skipTest("cannot mount tmpfs here")
        try:
            index_dir = os.path.join(mnt, "index")
            for name in ("cetirizine.md", "pregabalin.md"):
                shutil.copy(os.path.join(MONOGRAPHS, name), self.corpus)
            self.assertEqual(run(RXINDEX, "--index", index_dir, self.corpus)[0], 0)
            self.assertEqual(total(index_dir), 2)
            self.make_corpus(1)
            code, _, err = run(RXINDEX, "--index", index_dir, "--batch", "20", self.corpus)
            self.assertEqual(code, 2, err)
            self.assertIn("No space left on device", err)
            self.assertEqual(run(RXINDEX, "--check", "--index", index_dir)[0], 0)
            self.assertGreaterEqual(total(index_dir), 2)
            self.assertEqual(run(RXSEARCH, "--index", index_dir, "cetirizine")[0], 0)
        finally:
            subprocess.run(["umount", mnt])


if __name__ == "__main__":
    if not os.path.isdir(MONOGRAPHS):
        print("shared corpus not found; skipping")
        sys.exit(77)
    unittest.main(argv=sys.argv[:1], verbosity=2)
