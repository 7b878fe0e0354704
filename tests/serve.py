#!/usr/bin/env python3
"""End-to-end tests of rxserve, the HTTP API: the real server over real monographs.

Run by meson as: serve.py BUILD_DIR SHARED_DIR SOURCE_DIR. Indexes go to temporary
directories; the shared corpus is only read. Exits 77 (skip) when it is absent.
"""
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import unittest
import urllib.parse

BUILD, SHARED, SOURCE = sys.argv[1], sys.argv[2], sys.argv[3]
RXINDEX = os.path.join(BUILD, "indexer", "rxindex")
RXSEARCH = os.path.join(BUILD, "searcher", "rxsearch")
RXSERVE = os.path.join(BUILD, "searcher", "rxserve")
MONOGRAPHS = os.path.join(SHARED, "corpus", "monographs")
SYNONYMS = os.path.join(SOURCE, "indexer", "synonyms.tsv")
# valgrind in front of the programs under `meson test --setup valgrind` (tests/valgrind-wrap).
WRAP = os.environ.get("RX_TEST_WRAPPER", "").split()
START_TIMEOUT = 120 if WRAP else 20  # seconds for the server to say where it listens


def run(*args):
    p = subprocess.run(WRAP + list(args), capture_output=True, text=True, timeout=1200)
    return p.returncode, p.stdout, p.stderr


def index(index_dir, corpus, *extra):
    code, out, err = run(RXINDEX, "--index", index_dir, "--synonyms", SYNONYMS, *extra, corpus)
    assert code == 0, err
    return out


class Server:
    """rxserve on a port the system picks, stopped (SIGTERM) by stop()."""

    def __init__(self, index_dir, *extra):
        self.proc = subprocess.Popen(WRAP + [RXSERVE, "--index", index_dir, "--port", "0",
                                             *extra],
                                     stderr=subprocess.PIPE, text=True)
        self.first = self.read_line()
        if "serving" not in self.first:
            self.proc.kill()
            raise AssertionError("rxserve did not start: " + self.first + self.proc.stderr.read())
        self.port = int(self.first.rsplit(":", 1)[1].split("/")[0])

    def read_line(self):
        timer = threading.Timer(START_TIMEOUT, self.proc.kill)
        timer.start()
        try:
            return self.proc.stderr.readline()
        finally:
            timer.cancel()

    def get(self, path, method="GET", conn=None, headers=None):
        """(status, headers, body parsed as JSON or None) of one request."""
        c = conn or http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
        c.request(method, path, headers=headers or {})
        r = c.getresponse()
        raw = r.read()
        if not conn:
            c.close()
        headers = dict(r.getheaders())
        is_json = headers.get("Content-Type", "").startswith("application/json")
        return r.status, headers, (json.loads(raw) if raw and is_json else None)

    def search(self, query, **params):
        q = urllib.parse.urlencode({"q": query, **params})
        return self.get("/search?" + q)

    def stop(self):
        """SIGTERM; returns (exit code, the rest of stderr)."""
        self.proc.send_signal(signal.SIGTERM)
        rest = self.proc.stderr.read()
        self.proc.stderr.close()
        return self.proc.wait(timeout=120), rest


def cli(index_dir, query, *extra):
    code, out, err = run(RXSEARCH, "--index", index_dir, "--json", *extra, "--", query)
    return code, (json.loads(out) if out.strip() else None), err


class SharedCorpus(unittest.TestCase):
    """One index of ../shared/corpus/monographs/ and one server on it, three threads."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="rx-serve-")
        cls.index = os.path.join(cls.tmp, "index")
        index(cls.index, MONOGRAPHS)
        cls.server = Server(cls.index, "--threads", "3")

    @classmethod
    def tearDownClass(cls):
        code, rest = cls.server.stop()
        shutil.rmtree(cls.tmp, ignore_errors=True)
        assert code == 0, rest

    def test_search_answers_what_the_command_line_answers(self):
        # The same JSON document as rxsearch --json, parameter for option.
        cases = [("nerve pain", {}, ()),
                 ("side effects of metformin", {"limit": "3", "offset": "2"},
                  ("--limit", "3", "--offset", "2")),
                 ("Amnurite", {"snippets": "1", "explain": "1"},
                  ("--snippets", "1", "--explain")),
                 ("glimipiride", {}, ()),
                 ("glimipiride", {"spelling": "0"}, ("--no-spelling",)),
                 ('"narrow-angle glaucoma"', {"limit": "0"}, ("--limit", "0")),
                 ("dosage:zzzz", {}, ())]
        for query, params, options in cases:
            status, headers, body = self.server.search(query, **params)
            self.assertEqual(status, 200, (query, body))
            self.assertEqual(headers["Content-Type"], "application/json; charset=utf-8")
            self.assertEqual(body, cli(self.index, query, *options)[1], (query, params))
        status, _, body = self.server.search("glimipiride")
        self.assertEqual((body["suggestion"], body["corrected"]), ("glimepiride", True))
        self.assertEqual(body["results"][0]["id"], "glimepiride")
        # A remark the command line prints on stderr is in the JSON here.
        body = self.server.search("colour:red")[2]
        self.assertEqual(body["notice"],
                         "'colour:' is not a field; searched as text (fields: see --help)")
        self.assertIsNone(self.server.search("nerve pain")[2]["notice"])

    def test_bad_parameters_are_refused_naming_the_parameter(self):
        rows = [("/search?q=nerve&limt=2", "unknown parameter 'limt' (parameters: q, limit, "
                 "offset, snippets, explain, spelling)"),
                ("/search?q=nerve&limit=-1", "limit takes a whole number from 0 to 10000, "
                 "not '-1'"),
                ("/search?q=nerve&limit=10001", "limit takes a whole number from 0 to 10000, "
                 "not '10001'"),
                ("/search?q=nerve&offset=x", "offset takes a whole number from 0 to 1000000, "
                 "not 'x'"),
                ("/search?q=nerve&snippets=4", "snippets takes a whole number from 0 to 3, "
                 "not '4'"),
                ("/search?q=nerve&explain=yes", "explain takes 0 or 1, not 'yes'"),
                ("/search?q=nerve&spelling=", "spelling takes 0 or 1, not ''"),
                ("/search?q=a&q=b", "parameter 'q' is given twice"),
                ("/search", "parameter 'q' is missing: /search?q=nerve+pain"),
                ("/search?limit=3", "parameter 'q' is missing: /search?q=nerve+pain"),
                ("/search?q=", "parameter 'q' is empty")]
        for path, message in rows:
            status, _, body = self.server.get(path)
            self.assertEqual((status, body["error"]), (400, message), path)
        self.assertEqual(self.server.get("/search?q=nerve&limit=-1")[2]["query"], "nerve")
        self.assertIsNone(self.server.get("/search?limit=3")[2]["query"])

    def test_a_malformed_query_is_refused_with_the_parser_message(self):
        status, _, body = self.server.search("nerve AND")
        self.assertEqual(status, 400)
        self.assertEqual(body, {"query": "nerve AND",
                                "error": "'AND' needs something to search after it (column 7)"})
        code, _, err = cli(self.index, "nerve AND")
        self.assertEqual((code, err.strip()), (2, "rxsearch: " + body["error"]))

    def test_a_hit_is_shown_whole(self):
        # /monograph?id= takes a result's id and gives the monograph as the index stored
        # it: the same record `rxsearch --show ID --json` prints, passages in order.
        hit = self.server.search("amitriptyline breastfeeding", limit=1)[2]["results"][0]
        status, _, doc = self.server.get("/monograph?id=" + hit["id"])
        self.assertEqual(status, 200)
        self.assertEqual((doc["id"], doc["path"], doc["title"], doc["brands"]),
                         (hit["id"], hit["path"], hit["title"], hit["brands"]))
        sections = [p["section"] for p in doc["parts"]]
        self.assertIn("pregnancy", sections)
        self.assertLess(sections.index("usage"), sections.index("dosage"))
        self.assertIn(hit["snippets"][0]["text"].strip("…").split("…")[0].strip(),
                      " ".join(p["text"] for p in doc["parts"]))
        code, out, _ = run(RXSEARCH, "--index", self.index, "--show", hit["id"], "--json")
        self.assertEqual((code, json.loads(out)), (0, doc))
        for path, wanted, message in (
                ("/monograph?id=no-such-drug", 404, "no monograph 'no-such-drug' in the index "
                 "(an id is a result's id: its path without .md)"),
                ("/monograph", 400, "parameter 'id' is missing or empty: "
                 "/monograph?id=amitriptyline (a result's id)"),
                ("/monograph?id=a&id=b", 400, "parameter 'id' is given twice"),
                ("/monograph?q=a", 400, "unknown parameter 'q' (parameters: id)")):
            status, _, body = self.server.get(path)
            self.assertEqual((status, body), (wanted, {"query": None, "error": message}), path)

    def test_unknown_endpoints_and_methods(self):
        status, _, body = self.server.get("/nope")
        self.assertEqual((status, body["error"]),
                         (404, "no such endpoint '/nope' (endpoints: /search?q=..., "
                               "/monograph?id=..., /health)"))
        for method in ("POST", "PUT", "DELETE"):
            status, headers, body = self.server.get("/search?q=x", method=method)
            self.assertEqual(status, 405, method)
            self.assertEqual(headers["Allow"], "GET, HEAD")
            self.assertEqual(body["error"], method + " is not allowed on /search: use GET")
        status, headers, body = self.server.get("/search?q=nerve", method="HEAD")
        self.assertEqual((status, body), (200, None))
        self.assertGreater(int(headers["Content-Length"]), 100)
        self.assertEqual(self.server.get("/health")[:3:2], (200, {"status": "ok"}))

    def test_cross_origin_reads_only_when_allowed(self):
        page = {"Origin": "https://ward.example.org"}
        # By default no page of another origin may read an answer, nor get past a preflight.
        status, headers, _ = self.server.get("/search?q=nerve", headers=page)
        self.assertEqual(status, 200)
        self.assertNotIn("Access-Control-Allow-Origin", headers)
        self.assertEqual(self.server.get("/search?q=x", method="OPTIONS")[0], 405)
        server = Server(self.index, "--allow-origin", "https://ward.example.org")
        try:
            # Results and errors alike carry the origin: a page reads both.
            for path, wanted in (("/search?q=nerve", 200), ("/search?q=nerve+AND", 400),
                                 ("/nope", 404), ("/health", 200)):
                status, headers, body = server.get(path, headers=page)
                self.assertEqual((status, headers.get("Access-Control-Allow-Origin")),
                                 (wanted, "https://ward.example.org"), path)
                self.assertIsNotNone(body, path)
            # A preflight (a request with a header of its own) is let through for GET.
            status, headers, body = server.get(
                "/search?q=x", method="OPTIONS",
                headers={**page, "Access-Control-Request-Method": "GET",
                         "Access-Control-Request-Headers": "x-request-id"})
            self.assertEqual(status, 204)
            self.assertEqual(body, None)
            self.assertEqual({k: headers.get(k) for k in (
                "Access-Control-Allow-Origin", "Access-Control-Allow-Methods",
                "Access-Control-Allow-Headers", "Access-Control-Max-Age")},
                {"Access-Control-Allow-Origin": "https://ward.example.org",
                 "Access-Control-Allow-Methods": "GET, HEAD",
                 "Access-Control-Allow-Headers": "x-request-id",
                 "Access-Control-Max-Age": "600"})
            status, headers, body = server.get("/search?q=x", method="POST")
            self.assertEqual((status, headers["Allow"]), (405, "GET, HEAD, OPTIONS"))
        finally:
            self.assertEqual(server.stop()[0], 0)

    def test_odd_bytes_in_a_query(self):
        # Invalid UTF-8 comes back replaced (JSON is UTF-8); a NUL ends nothing early in
        # the search; a long query is searched like any other.
        status, _, body = self.server.get("/search?q=nerve%FFpain")
        self.assertEqual((status, body["query"]), (200, "nerve\ufffdpain"))
        self.assertEqual(self.server.get("/search?q=nerve%00pain")[0], 200)
        status, _, body = self.server.search("pain " * 2000)
        self.assertEqual(status, 200)
        self.assertGreater(len(body["results"]), 0)
        # Past libmicrohttpd's 32 KB for a request's head: refused, and the server goes on.
        status = self.server.search("pain " * 8000)[0]
        self.assertIn(status, (413, 414, 431))
        self.assertEqual(self.server.search("nerve pain")[0], 200)

    def test_a_client_that_leaves_early_harms_no_one(self):
        # Asks for a large answer and hangs up before reading it, twenty times over; and a
        # half-sent request. The server goes on answering.
        for _ in range(20):
            with socket.create_connection(("127.0.0.1", self.server.port)) as sock:
                sock.sendall(b"GET /search?q=pain&limit=10000 HTTP/1.1\r\nHost: x\r\n\r\n")
        with socket.create_connection(("127.0.0.1", self.server.port)) as sock:
            sock.sendall(b"GET /search?q=pa")
        self.assertEqual(self.server.search("nerve pain")[0], 200)
        self.assertIsNone(self.server.proc.poll())

    def test_one_connection_serves_many_requests(self):
        c = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=60)
        for query in ("nerve+pain", "metformin", "AND"):
            status, headers, _ = self.server.get("/search?q=" + query, conn=c)
            self.assertNotEqual(headers.get("Connection"), "close", query)
        self.assertEqual(status, 400)
        c.close()

    def test_concurrent_requests_get_the_answers_of_sequential_ones(self):
        # Three server threads, eight clients: each answer is the one the query gets alone.
        queries = ["nerve pain", "side effects of metformin", "Amnurite", "glimipiride",
                   "contraindicated in narrow-angle glaucoma", "amitriptyline breastfeeding",
                   "dose adjustment in hepatic impairment", "banned:yes", "pins and needles",
                   "CYP2D6", "5-HT3", "1500 mcg"]
        expected = {q: self.server.search(q, limit="5")[2] for q in queries}
        failures = []

        def client(k):
            c = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=120)
            for i in range(24):
                q = queries[(k * 5 + i) % len(queries)]
                path = "/search?" + urllib.parse.urlencode({"q": q, "limit": "5"})
                status, _, body = self.server.get(path, conn=c)
                if status != 200 or body != expected[q]:
                    failures.append((q, status))
            c.close()

        clients = [threading.Thread(target=client, args=(k,)) for k in range(8)]
        for t in clients:
            t.start()
        for t in clients:
            t.join()
        self.assertEqual(failures, [])


class Lifecycle(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="rx-serve-")
        self.corpus = os.path.join(self.tmp, "corpus")
        self.index = os.path.join(self.tmp, "index")
        os.mkdir(self.corpus)
        for name in ("metformin.md", "aspirin.md", "warfarin.md", "cetirizine.md",
                     "omeprazole.md", "amlodipine.md"):
            shutil.copy(os.path.join(MONOGRAPHS, name), self.corpus)

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def test_it_serves_what_the_indexer_commits_while_it_runs(self):
        # An update commits in place (--no-compact) or swaps a compacted index in: the
        # running server answers from it at once, without a restart. (A searcher kept open
        # used to read the revision it opened until an in-place commit overwrote it.)
        index(self.index, self.corpus)
        server = Server(self.index, "--threads", "2")
        try:
            self.assertEqual(server.search("pregabalin")[2]["results"], [])
            shutil.copy(os.path.join(MONOGRAPHS, "pregabalin.md"), self.corpus)
            self.assertIn("indexed 1,", index(self.index, self.corpus, "--no-compact"))
            for _ in range(3):  # each of the server's searchers moves on
                top = server.search("pregabalin")[2]["results"]
                self.assertEqual(top[0]["id"], "pregabalin")
            shutil.copy(os.path.join(MONOGRAPHS, "gabapentin.md"), self.corpus)
            self.assertIn("indexed 1,", index(self.index, self.corpus, "--compact"))
            self.assertEqual(server.search("gabapentin")[2]["results"][0]["id"], "gabapentin")
            os.remove(os.path.join(self.corpus, "pregabalin.md"))
            index(self.index, self.corpus, "--no-compact")
            self.assertNotIn("pregabalin",
                             [h["id"] for h in server.search("pregabalin")[2]["results"]])
        finally:
            code, rest = server.stop()
        self.assertEqual(code, 0, rest)
        self.assertEqual(rest, "rxserve: stopped (SIGTERM)\n")

    def test_it_refuses_to_start_with_one_line_naming_the_problem(self):
        index(self.index, self.corpus)
        missing = os.path.join(self.tmp, "none")
        rows = [((RXSERVE, "--index", missing), "rxserve: " + missing + ": "),
                ((RXSERVE, "--index", self.index, "--port", "70000"),
                 "rxserve: --port takes a whole number from 0 to 65535, not '70000'"),
                ((RXSERVE, "--index", self.index, "--threads", "0"),
                 "rxserve: --threads takes a whole number from 1 to 64, not '0'"),
                ((RXSERVE, "--index", self.index, "--bind", "localhost"),
                 "rxserve: --bind takes a numeric IPv4 or IPv6 address, not 'localhost'"),
                ((RXSERVE, "--index", self.index, "--allow-origin", "https://a.org/page"),
                 "rxserve: --allow-origin takes '*' or an origin such as "
                 "https://example.org:8443, not 'https://a.org/page'"),
                ((RXSERVE, "--frobnicate"),
                 "rxserve: unknown option or missing value '--frobnicate' (see --help)")]
        for args, start in rows:
            code, out, err = run(*args)
            self.assertEqual(code, 2, args)
            self.assertTrue(err.startswith(start), (args, err))
            self.assertEqual(err.count("\n"), 1, err)
        # A port another server holds.
        server = Server(self.index)
        try:
            code, _, err = run(RXSERVE, "--index", self.index, "--port", str(server.port))
            self.assertEqual(code, 2)
            self.assertIn("rxserve: cannot listen on 127.0.0.1 port %d" % server.port, err)
        finally:
            self.assertEqual(server.stop()[0], 0)

    def test_log_writes_one_line_per_request(self):
        index(self.index, self.corpus)
        server = Server(self.index, "--log")
        server.search("aspirin dose")
        server.get("/nope")
        code, rest = server.stop()
        self.assertEqual(code, 0)
        lines = rest.splitlines()
        self.assertRegex(lines[0], r'^rxserve: GET /search "aspirin dose" 200 [0-9.]+ ms$')
        self.assertRegex(lines[1], r"^rxserve: GET /nope 404 [0-9.]+ ms$")
        self.assertEqual(lines[2], "rxserve: stopped (SIGTERM)")


if __name__ == "__main__":
    if not os.path.isdir(MONOGRAPHS):
        print("1..0 # SKIP no shared corpus at " + MONOGRAPHS)
        sys.exit(77)
    unittest.main(argv=sys.argv[:1], verbosity=2)
