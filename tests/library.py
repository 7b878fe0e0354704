#!/usr/bin/env python3
"""The C library as another program uses it: `meson install` into a temporary root, then
tests/library_example.c compiled with the installed rx.h, librxsearch.so and the flags of
the installed rxsearch.pc, and run against an index of the shared monographs.

Run by meson as: library.py BUILD_DIR SHARED_DIR SOURCE_DIR. Exits 77 (skip) without the
shared corpus or a C compiler.
"""
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

BUILD, SHARED, SOURCE = sys.argv[1], sys.argv[2], sys.argv[3]
RXINDEX = os.path.join(BUILD, "indexer", "rxindex")
RXSEARCH = os.path.join(BUILD, "searcher", "rxsearch")
MONOGRAPHS = os.path.join(SHARED, "corpus", "monographs")
# valgrind in front of the example under `meson test --setup valgrind` (tests/valgrind-wrap).
WRAP = os.environ.get("RX_TEST_WRAPPER", "").split()
CC = shutil.which(os.environ.get("CC", "cc")) or shutil.which("gcc")


def run(*args, env=None):
    p = subprocess.run(list(args), capture_output=True, text=True, env=env, timeout=600)
    return p.returncode, p.stdout, p.stderr


class InstalledLibrary(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="rx-lib-")
        root = os.path.join(cls.tmp, "root")
        code, out, err = run("meson", "install", "-C", BUILD, "--no-rebuild", "--destdir", root)
        assert code == 0, out + err
        pcs = glob.glob(os.path.join(root, "**", "pkgconfig", "rxsearch.pc"), recursive=True)
        assert len(pcs) == 1, pcs
        env = dict(os.environ, PKG_CONFIG_PATH=os.path.dirname(pcs[0]),
                   PKG_CONFIG_SYSROOT_DIR=root)
        code, flags, err = run("pkg-config", "--cflags", "--libs", "rxsearch", env=env)
        assert code == 0, err
        cls.flags = flags.split()
        cls.example = os.path.join(cls.tmp, "example")
        code, out, err = run(CC, "-std=c11", "-Wall", "-Wextra", "-Werror", "-o", cls.example,
                             os.path.join(SOURCE, "tests", "library_example.c"), *cls.flags)
        assert code == 0, err
        libdir = [f[2:] for f in cls.flags if f.startswith("-L")][0]
        cls.env = dict(os.environ, LD_LIBRARY_PATH=libdir)
        cls.index = os.path.join(cls.tmp, "index")
        code, _, err = run(RXINDEX, "--index", cls.index, MONOGRAPHS)
        assert code == 0, err

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_the_installed_files(self):
        # rx.h through the pkg-config include flags; the library by its soname.
        self.assertTrue(any(f.startswith("-I") for f in self.flags), self.flags)
        self.assertIn("-lrxsearch", self.flags)
        libdir = [f[2:] for f in self.flags if f.startswith("-L")][0]
        self.assertTrue(os.path.exists(os.path.join(libdir, "librxsearch.so.0")))

    def test_it_exports_the_api_and_nothing_else(self):
        libdir = [f[2:] for f in self.flags if f.startswith("-L")][0]
        code, out, err = run("nm", "-D", "--defined-only", os.path.join(libdir, "librxsearch.so"))
        self.assertEqual(code, 0, err)
        names = {line.split()[-1] for line in out.splitlines() if line.strip()}
        self.assertIn("rx_search", names)
        self.assertIn("rx_indexer_open", names)
        self.assertIn("rx_searcher_document", names)
        self.assertIn("rx_searcher_preload", names)
        self.assertIn("rx_document_free", names)
        self.assertEqual([n for n in names if not n.startswith("rx_")], [])
        self.assertEqual([n for n in names if n.startswith("rx__")], [])  # internals stay in

    def test_a_program_searches_with_it(self):
        code, out, err = run(*WRAP, self.example, self.index, "nerve pain", env=self.env)
        self.assertEqual(code, 0, err)
        lines = out.splitlines()
        _, cli, _ = run(RXSEARCH, "--index", self.index, "--json", "--limit", "3",
                        "--snippets", "1", "nerve pain")
        hits = json.loads(cli)["results"]
        self.assertEqual(lines[0::2], ["%d. %s [%s]" % (h["rank"], h["title"], h["id"])
                                       for h in hits])
        self.assertEqual(lines[1::2], ["   %s: %s" % (h["snippets"][0]["heading"],
                                                       h["snippets"][0]["text"]) for h in hits])

    def test_errors_come_back_as_one_line(self):
        missing = os.path.join(self.tmp, "none")
        code, out, err = run(*WRAP, self.example, missing, "x", env=self.env)
        self.assertEqual((code, out), (1, ""))
        self.assertTrue(err.startswith(missing + ": "), err)
        self.assertTrue(err.endswith(" (not found)\n"), err)
        code, out, err = run(*WRAP, self.example, self.index, "nerve AND", env=self.env)
        self.assertEqual(code, 1)
        self.assertEqual(err, "'AND' needs something to search after it (column 7) "
                              "(bad query)\n")


if __name__ == "__main__":
    if not os.path.isdir(MONOGRAPHS) or not CC:
        print("1..0 # SKIP no shared corpus or no C compiler")
        sys.exit(77)
    unittest.main(argv=sys.argv[:1], verbosity=2)
