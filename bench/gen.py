#!/usr/bin/env python3
"""Synthetic monograph corpora and the benchmark's query log.

    bench/gen.py N OUTDIR [--seed S] [--source DIR]     write N synthetic monographs
    bench/gen.py --queries FILE [--seed S] [--source DIR] [--manifest TSV]
                                                         write the query log (done once;
                                                         bench/queries.txt is its output)

Synthetic monographs recombine the real ones (../shared/corpus/monographs/ by default).
Each real file is split into its front matter and its `##` sections. For each synthetic
document the generator picks one real document as its *shape* (its front matter, which
`##` headings it has and how they are written, CRLF or not) and an invented title
("Zorvatide", or "Zorvatide + Metformin" when the shape is a combination) with invented
brand names; then, for each `##` slot of the shape, it takes that section from a random
real monograph that has it. Drug and brand names of whichever monograph a piece came from
are replaced by the new ones, so the text still talks about "this" drug; the FAQ mess of
the originals (question fields that repeat the answer, `A:**`) is copied as it is.

Output is a pure function of (N, seed, source files): the same call writes the same bytes.
Corpora go to a temporary directory; they are never committed.
"""

import argparse
import os
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_SOURCE = HERE.parent.parent / "shared" / "corpus" / "monographs"
DEFAULT_MANIFEST = HERE.parent.parent / "shared" / "corpus" / "manifest.tsv"

# ------------------------------------------------------------------ reading real files


class Mono:
    """One real monograph, split into the pieces the generator recombines."""

    def __init__(self, name, raw):
        self.name = name
        self.bom = raw.startswith("\ufeff")
        text = raw.lstrip("\ufeff")
        self.crlf = "\r\n" in text
        text = text.replace("\r\n", "\n")
        m = re.match(r"---\n(.*?\n)---\n", text, re.S)
        if not m:
            raise ValueError(f"{name}: no front matter")
        self.front = m.group(1)
        body = text[m.end():]
        t = re.search(r"^title:\s*(.+)$", self.front, re.M)
        self.title = t.group(1).strip().strip("'\"") if t else name
        self.parts = [p.strip() for p in self.title.split("+") if p.strip()]
        b = re.search(r"\*\*Brand Names:\*\*\s*(.*)", body)
        self.brands = [x.strip() for x in b.group(1).split(",") if x.strip()] if b else []
        # Body: a preamble, then (heading line, text up to the next `## `) pairs.
        chunks = re.split(r"(?m)^(## .*)\n", body)
        self.preamble = chunks[0]
        self.sections = []  # [(key, heading line, text)]
        for i in range(1, len(chunks), 2):
            head = chunks[i]
            self.sections.append((section_key(head), head, chunks[i + 1]))
        self._pattern = None

    def names(self):
        """(regex matching this monograph's drug and brand names, lower-case name -> slot):
        slot ("title",), ("part", j) or ("brand", j)."""
        if self._pattern is None:
            slots = {}
            for j, b in enumerate(self.brands):
                slots.setdefault(b.lower(), ("brand", j))
            slots[self.title.lower()] = ("title",)
            for j, p in enumerate(self.parts):
                slots.setdefault(p.lower(), ("part", j))
            # Longest first, so the whole title wins over its parts.
            alts = sorted(slots, key=len, reverse=True)
            rx = r"(?<![\w-])(" + "|".join(re.escape(a) for a in alts) + r")(?![\w])"
            self._pattern = (re.compile(rx, re.I), slots)
        return self._pattern


def section_key(heading):
    """`## **Side Effects**` -> "side effects": the slot a section fills."""
    return re.sub(r"[^a-z ]", "", heading[3:].lower()).strip()


def load(source):
    files = sorted(p for p in Path(source).glob("*.md"))
    if not files:
        sys.exit(f"gen.py: no monographs in {source}")
    # Bytes, not read_text(): universal newlines would hide the CRLF files.
    return [Mono(p.name, p.read_bytes().decode("utf-8", errors="surrogateescape"))
            for p in files]


# ----------------------------------------------------------------------- invented names

ONSETS = ["b", "c", "d", "f", "g", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "cl",
          "dr", "fl", "gr", "kl", "pr", "tr", "st", "ph", "th", "x", "ch", "qu", "sc", "h"]
VOWELS = ["a", "e", "i", "o", "u", "y", "ae", "ia", "eo", "ou"]
CODAS = ["", "", "", "n", "r", "l", "s", "x", "m", "t"]
STEMS = ["tide", "mab", "pril", "sartan", "olol", "azole", "mycin", "statin", "prazole",
         "vir", "tinib", "floxacin", "dronate", "gliptin", "lukast", "dipine", "setron",
         "triptan", "parin", "cillin", "cef", "zepam", "oxetine", "afil", "profen", "fenac",
         "glitazone", "semide", "thiazide", "caine", "lamide", "tadine", "mizole", "vastin"]
BRAND_TAILS = ["", "", "", "", " Plus", " Forte", " SR", " XL", " 10", " 20", " 500", "-M",
               "-D", "-P", " DS", " MR", " CR", " Gel", " Syrup", " Duo", " Kid", " LS"]


def syllable(rng):
    return rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS)


def drug_name(rng):
    word = "".join(syllable(rng) for _ in range(rng.randint(1, 2))) + rng.choice(STEMS)
    return word.capitalize()


def brand_name(rng):
    word = "".join(syllable(rng) for _ in range(rng.randint(2, 3)))
    return word.capitalize() + rng.choice(BRAND_TAILS)


def slug(title):
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "monograph"


# -------------------------------------------------------------------------- generation


def same_case(src, new):
    """`new` written in the case pattern of `src` (lower, UPPER or as invented)."""
    if src.islower():
        return new.lower()
    if src.isupper() and len(src) > 1:
        return new.upper()
    return new


def renamer(piece_of, title, parts, brands):
    """A function rewriting text taken from monograph `piece_of` so its names are ours."""
    pattern, slots = piece_of.names()

    def sub(m):
        slot = slots[m.group(1).lower()]
        if slot[0] == "title":
            new = title
        elif slot[0] == "part":
            new = parts[slot[1] % len(parts)]
        else:
            new = brands[slot[1] % len(brands)]
        return same_case(m.group(1), new)

    return lambda text: pattern.sub(sub, text)


def generate(n, outdir, seed, source):
    monos = load(source)
    by_key = {}
    for m in monos:
        for key, _, _ in m.sections:
            by_key.setdefault(key, []).append(m)
    real_parts = sorted({p for m in monos for p in m.parts})
    rng = random.Random(seed)
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    titles, files = set(), set()
    total = 0
    for i in range(n):
        shape = rng.choice(monos)
        while True:
            # A combination keeps the shape's number of ingredients; some ingredients
            # are real ones, as in real combination products.
            parts = [drug_name(rng) if k == 0 or rng.random() < 0.7 else rng.choice(real_parts)
                     for k in range(len(shape.parts))]
            title = " + ".join(parts)
            if title.lower() not in titles:
                break
        titles.add(title.lower())
        brands = [brand_name(rng) for _ in range(max(1, len(shape.brands)))]

        front = renamer(shape, title, parts, brands)(shape.front)
        front = re.sub(r"(?m)^title:.*$", lambda _: "title: " + title, front, count=1)
        front = re.sub(r"(?m)^lastModified:.*$",
                       lambda _: "lastModified: '20%02d-%02d-%02dT%02d:%02d:%02d.%03dZ'" % (
                           rng.randint(19, 25), rng.randint(1, 12), rng.randint(1, 28),
                           rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59),
                           rng.randint(0, 999)), front, count=1)
        body = [renamer(shape, title, parts, brands)(shape.preamble)]
        for key, head, _ in shape.sections:
            donor = rng.choice(by_key[key])
            text = next(t for k, _, t in donor.sections if k == key)
            text = renamer(donor, title, parts, brands)(text)
            if key == "alternate names":
                text = re.sub(r"(\*\*Brand Names:\*\*[ \t]*).*",
                              lambda m: m.group(1) + ", ".join(brands), text)
            body.append(head + "\n" + text)
        doc = "---\n" + front + "---\n" + "".join(body)
        if shape.crlf:
            doc = doc.replace("\n", "\r\n")
        if shape.bom:
            doc = "\ufeff" + doc
        name = slug(title)
        k = 2
        while name in files:
            name = f"{slug(title)}-{k}"
            k += 1
        files.add(name)
        data = doc.encode("utf-8", errors="surrogateescape")
        (out / (name + ".md")).write_bytes(data)
        total += len(data)
    return total


# ----------------------------------------------------------------------- the query log

LAY = [
    "high blood pressure", "high bp", "low blood pressure", "can't sleep", "trouble sleeping",
    "stomach ache", "upset stomach", "heartburn", "acid reflux", "runny nose", "stuffy nose",
    "blocked nose", "sore throat", "dry cough", "wet cough", "chest pain", "back pain",
    "joint pain", "knee pain", "muscle cramps", "pins and needles", "tingling feet",
    "numb hands", "nerve pain", "burning feet", "headache", "migraine", "feeling dizzy",
    "feel sick", "throwing up", "loose motions", "constipation", "bloating", "gas",
    "itchy skin", "skin rash", "pimples", "acne", "hair loss", "dandruff", "fungal infection",
    "ringworm", "yeast infection", "urine infection", "burning urine", "kidney stones",
    "high sugar", "diabetes", "sugar control", "high cholesterol", "weight gain",
    "weight loss", "tired all the time", "weakness", "low energy", "anxiety", "panic attacks",
    "depression", "feeling low", "mood swings", "fits", "seizures", "memory loss",
    "shaking hands", "tremor", "fever", "body ache", "cold and flu", "allergy", "sneezing",
    "watery eyes", "red eyes", "eye infection", "ear infection", "toothache", "mouth ulcers",
    "bleeding gums", "nose bleed", "heavy periods", "period pain", "irregular periods",
    "morning sickness", "trying to get pregnant", "breastfeeding safe", "erection problems",
    "thyroid", "swollen legs", "water retention", "gout", "arthritis", "asthma attack",
    "wheezing", "short of breath", "blood thinner", "blood clot", "fast heartbeat",
    "irregular heartbeat", "motion sickness", "travel sickness", "worms", "lice",
    "cold sores", "shingles", "chickenpox", "vitamin deficiency", "low iron", "anemia",
    "bone pain", "weak bones", "osteoporosis", "sprain", "swelling", "inflammation",
    "painkiller", "pain relief", "sleeping pill", "antibiotic for throat",
    "antibiotic for urine infection", "medicine for cough", "medicine for acidity",
    "safe in pregnancy", "safe for kids", "children dose", "missed dose", "overdose",
    "alcohol interaction", "drowsy", "dry mouth", "blurred vision", "sweating",
    "hot flashes", "hiccups", "snoring", "vertigo", "ringing in ears",
]

SECTIONS = ["side_effects", "contraindications", "interactions", "pregnancy", "usage",
            "dosage", "precautions", "mechanism", "faq", "summary", "names", "title", "brand"]

BOOL = ["AND", "OR", "NOT"]


def misspell(rng, word):
    """A plausible typo of a drug name: a swap, a dropped, doubled or wrong letter."""
    w = list(word.lower())
    if len(w) < 5:
        return word.lower() + word[-1].lower()
    kind = rng.choice(["swap", "drop", "double", "vowel", "phonetic"])
    i = rng.randrange(1, len(w) - 2)
    if kind == "swap":
        w[i], w[i + 1] = w[i + 1], w[i]
    elif kind == "drop":
        del w[i]
    elif kind == "double":
        w.insert(i, w[i])
    elif kind == "vowel":
        vs = [k for k, c in enumerate(w) if c in "aeiouy" and 0 < k]
        if vs:
            k = rng.choice(vs)
            w[k] = rng.choice([v for v in "aeiouy" if v != w[k]])
        else:
            del w[i]
    else:
        s = "".join(w)
        for a, b in [("ph", "f"), ("y", "i"), ("i", "y"), ("c", "k"), ("x", "cs"),
                     ("th", "t"), ("ine", "een"), ("ol", "al")]:
            if a in s[1:]:
                return s[0] + s[1:].replace(a, b, 1)
        del w[i]
    return "".join(w)


def clean_list(cell, seps):
    out = []
    for piece in re.split(seps, cell):
        piece = re.sub(r"^(Treatment|Prevention) of ", "", piece.strip())
        piece = re.sub(r"\s*\(.*?\)\s*", " ", piece).strip()
        if 2 < len(piece) < 40 and len(piece.split()) <= 4:
            out.append(piece)
    return out


def manifest_rows(manifest):
    rows = []
    with open(manifest, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            cells = dict(zip(header, line.rstrip("\n").split("\t")))
            rows.append(cells)
    return rows


def queries(seed, source, manifest):
    rng = random.Random(seed)
    monos = load(source)
    rows = manifest_rows(manifest)
    titles = [m.title for m in monos]
    parts = sorted({p for m in monos for p in m.parts if " " not in p})
    brands = sorted({b.strip() for r in rows for b in r["brands"].split(";")
                     if b.strip() and len(b.split()) <= 3})
    uses, effects = set(), set()
    for r in rows:
        uses.update(u.lower() for u in clean_list(
            r["uses (source listing)"], r"\||(?<=[a-z)])(?=Treatment|Prevention)"))
        # "Drowsiness Dizziness Dry mouth": each capitalised word starts an effect.
        for e in re.findall(r"[A-Z][a-z]+(?: [a-z]+)*", r["side effects (source listing)"]):
            if len(e.split()) <= 3 and "common side effects" not in e.lower():
                effects.add(e.lower())
    uses, effects = sorted(uses), sorted(effects)
    # Phrases: frequent two- and three-word runs from the bodies.
    grams = {}
    for m in monos:
        for _, _, text in m.sections:
            # Within one clause only, so a phrase never runs across punctuation.
            for clause in re.split(r"[^A-Za-z \t-]+", text):
                words = clause.split()
                for k in (2, 3):
                    for j in range(len(words) - k + 1):
                        g = " ".join(w.lower() for w in words[j:j + k])
                        grams[g] = grams.get(g, 0) + 1
    stop = {"the", "and", "or", "of", "in", "to", "a", "is", "with", "for", "be", "may",
            "as", "it", "by", "on", "an", "at", "are", "this", "not", "if", "use", "can",
            "mg", "kg", "day", "do", "from", "should", "been", "has", "have", "other", "its"}
    phrases = sorted(g for g, c in grams.items()
                     if c >= 8 and g.split()[0] not in stop and g.split()[-1] not in stop
                     and all(len(w) > 1 for w in g.split()))
    drug_words = ["side effects", "dosage", "dose", "uses", "in pregnancy", "and alcohol",
                  "for children", "interactions", "overdose", "how it works", "price",
                  "contraindications", "while breastfeeding", "missed dose", "tablet"]

    out = []

    def add(kind, q, count):
        for _ in range(count):
            out.append(q())

    add("title", lambda: rng.choice(titles), 110)
    add("title-lower", lambda: rng.choice(titles).lower().replace(" + ", " "), 60)
    add("brand", lambda: rng.choice(brands), 140)
    add("misspelled", lambda: misspell(rng, rng.choice(parts)), 130)
    add("misspelled-brand", lambda: misspell(rng, rng.choice(brands).split()[0]), 30)
    add("lay", lambda: rng.choice(LAY), 150)
    add("use", lambda: rng.choice(uses), 80)
    add("effect", lambda: rng.choice(effects), 60)
    add("section", lambda: "%s:%s" % (rng.choice(SECTIONS[:9]),
                                      rng.choice(effects + uses).split()[0]), 90)
    add("section-phrase", lambda: '%s:"%s"' % (rng.choice(SECTIONS[:5]),
                                               rng.choice(phrases)), 30)
    add("phrase", lambda: '"%s"' % rng.choice(phrases), 80)
    add("drug-aspect", lambda: "%s %s" % (rng.choice(parts).lower(), rng.choice(drug_words)),
        110)
    add("drug-symptom", lambda: "%s %s" % (rng.choice(parts).lower(), rng.choice(LAY)), 40)
    add("boolean", lambda: "%s %s %s" % (rng.choice(parts).lower(), rng.choice(BOOL),
                                         rng.choice(parts).lower()), 30)
    add("must", lambda: "+%s -%s" % (rng.choice(effects).split()[0],
                                    rng.choice(parts).lower()), 15)
    add("wildcard", lambda: rng.choice(parts).lower()[:rng.randint(4, 6)] + "*", 25)
    add("banned", lambda: "%s banned:%s" % (rng.choice(uses).split()[0],
                                           rng.choice(["yes", "no"])), 10)
    # Keep 1-5 words (a phrase counts its words), one query per line.
    seen = []
    for q in out:
        q = " ".join(q.split())
        if q and len(re.findall(r"[^\s+\"]+", q)) <= 5:
            seen.append(q)
    rng.shuffle(seen)
    return seen


# -------------------------------------------------------------------------------- main


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", nargs="?", type=int, help="number of monographs to write")
    ap.add_argument("outdir", nargs="?", help="directory to write them to")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--source", default=str(DEFAULT_SOURCE), help="real monographs")
    ap.add_argument("--manifest", default=str(DEFAULT_MANIFEST))
    ap.add_argument("--queries", metavar="FILE", help="write the query log instead")
    a = ap.parse_args()
    if a.queries:
        qs = queries(a.seed, a.source, a.manifest)
        with open(a.queries, "w", encoding="utf-8") as f:
            f.write("".join(q + "\n" for q in qs))
        print(f"{len(qs)} queries -> {a.queries}", file=sys.stderr)
        return
    if a.n is None or not a.outdir:
        ap.error("give N and OUTDIR, or --queries FILE")
    if os.path.isdir(a.outdir) and any(Path(a.outdir).iterdir()):
        ap.error(f"{a.outdir} is not empty")
    total = generate(a.n, a.outdir, a.seed, a.source)
    print(f"{a.n} monographs, {total / 1e6:.1f} MB -> {a.outdir}", file=sys.stderr)


if __name__ == "__main__":
    main()
