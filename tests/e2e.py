#!/usr/bin/env python3
"""End-to-end tests: the real rxindex and rxsearch programs on real monographs.

Run by meson as: e2e.py BUILD_DIR SHARED_DIR SOURCE_DIR. Every index goes to a temporary
directory; the shared corpus is only read. Exits 77 (skip) when the shared corpus is absent.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

BUILD, SHARED, SOURCE = sys.argv[1], sys.argv[2], sys.argv[3]
RXINDEX = os.path.join(BUILD, "indexer", "rxindex")
RXSEARCH = os.path.join(BUILD, "searcher", "rxsearch")
MONOGRAPHS = os.path.join(SHARED, "corpus", "monographs")
SYNONYMS = os.path.join(SOURCE, "indexer", "synonyms.tsv")
# valgrind in front of the programs under `meson test --setup valgrind` (tests/valgrind-wrap).
WRAP = os.environ.get("RX_TEST_WRAPPER", "").split()


def run(*args, stdin=None):
    p = subprocess.run(WRAP + list(args), capture_output=True, text=True, input=stdin,
                       timeout=1200)
    return p.returncode, p.stdout, p.stderr


def index(index_dir, *corpora, extra=()):
    return run(RXINDEX, "--index", index_dir, "--synonyms", SYNONYMS, *extra, *corpora)


def search(index_dir, query, *extra):
    code, out, err = run(RXSEARCH, "--index", index_dir, "--json", *extra, "--", query)
    return code, (json.loads(out) if out.strip() else None), err


def ids(result):
    return [r["id"] for r in result["results"]]


class SharedCorpus(unittest.TestCase):
    """One index of ../shared/corpus/monographs/ for the read-only tests."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="rx-e2e-")
        cls.index = os.path.join(cls.tmp, "index")
        cls.code, cls.out, cls.err = index(cls.index, MONOGRAPHS)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_every_monograph_indexes(self):
        self.assertEqual(self.code, 0, self.err)
        self.assertRegex(self.out, r"^indexed 301, skipped 0 unchanged, removed 0, failed 0")

    def test_sharded_build_ranks_the_same(self):
        # Shards of 64 documents written by 1 or 3 threads at once and merged by the final
        # compaction, or one uncompacted piece written by the update path: same hits, same
        # scores, same snippets as the default build, and no shard directory left behind.
        # Shards of 16 on 3 threads: lanes that end early prepare the others' documents.
        builds = {"one thread": ("--shard", "64", "--threads", "1"),
                  "three threads": ("--shard", "64", "--threads", "3"),
                  "lanes helping": ("--shard", "16", "--threads", "3"),
                  "no shards": ("--no-compact",)}
        for name, extra in builds.items():
            path = os.path.join(self.tmp, name.replace(" ", "-"))
            code, out, err = index(path, MONOGRAPHS, extra=extra)
            self.assertEqual(code, 0, err)
            self.assertRegex(out, r"^indexed 301, skipped 0 unchanged, removed 0, failed 0")
            self.assertEqual([d for d in os.listdir(self.tmp) if ".shard-" in d], [])
            for query in ("nerve pain", "side effects of metformin", "Amnurite", "glimipiride",
                          "contraindicated in narrow-angle glaucoma", "banned:yes"):
                one, many = search(self.index, query)[1], search(path, query)[1]
                key = lambda res: [(r["id"], round(r["score"], 6), r["snippets"])
                                   for r in res["results"]]
                self.assertEqual(key(one), key(many), (name, query))
                self.assertEqual(one["total"], many["total"], (name, query))

    def test_an_idiom_decides_which_monographs_match(self):
        # "pins and needles" is an idiom in the synonym table: a hit must match it (its
        # words or its expansion); "in the hands" only ranks the hits. Fluorouracil's
        # Usage mentions the hands (sun damage) and nothing like pins and needles.
        res = search(self.index, "pins and needles in the hands", "--limit", "50")[1]
        top = ids(res)
        self.assertNotIn("fluorouracil", top)
        self.assertIn(top[0], {"amitriptyline", "methylcobalamin-pregabalin", "pregabalin",
                               "gabapentin-methylcobalamin", "amitriptyline-methylcobalamin"})
        self.assertLess(res["total"], 100, "the idiom restricts the matches")
        # Without an idiom the words still match on their own.
        self.assertIn("fluorouracil", ids(search(self.index, "needles in the hands")[1]))
        # Beside an idiom, and with no drug named, the other words count half: the
        # drugs whose FAQs list "tingling in hands and feet" as a side effect no longer
        # outrank the neuropathic pain drugs on "hands" or "feet" (nitrofurantoin was
        # second, and first for the feet).
        for query in ("pins and needles in the hands", "pins and needles in feet"):
            top = ids(search(self.index, query, "--limit", "4")[1])
            self.assertFalse({"nitrofurantoin", "itraconazole"} & set(top), (query, top))

    def test_a_named_drug_is_not_excluded_by_an_idiom(self):
        # "tooth extraction" is an idiom a hit must match, but the monograph of a drug the
        # query names matches too, though it never mentions extractions (warfarin and
        # aspirin were left out of all 20 hits).
        res = search(self.index, "warfarin and tooth extraction", "--limit", "3")[1]
        self.assertEqual(ids(res)[0], "warfarin")
        res = search(self.index, "stop aspirin before a tooth extraction", "--limit", "3")[1]
        self.assertIn("aspirin", ids(res))
        self.assertIn("tranexamic-acid", ids(res))

    def test_the_monograph_a_query_names_ranks_first(self):
        # Aspirin's monograph ranked second to Tranexamic Acid's, whose Usage names dental
        # extractions (16.0 to 15.5): a named monograph now comes before the others, each
        # group by its weight, and pages run across both.
        query = "stop aspirin before a tooth extraction"
        res = search(self.index, query, "--limit", "4")[1]
        top = ids(res)
        self.assertEqual(top[:2], ["aspirin", "tranexamic-acid"])
        self.assertGreater(res["results"][1]["score"], res["results"][0]["score"])
        self.assertEqual([h["named"] for h in res["results"]], [True, False, False, False])
        page = search(self.index, query, "--limit", "2", "--offset", "1")[1]
        self.assertEqual(ids(page), top[1:3])
        self.assertEqual([h["rank"] for h in page["results"]], [2, 3])
        self.assertEqual(page["total"], res["total"])
        # Both drugs of an interaction question lead ("is methotrexate with ibuprofen safe"
        # left methotrexate out of the top 3) ...
        top = ids(search(self.index, "is methotrexate with ibuprofen safe", "--limit", "2")[1])
        self.assertEqual(sorted(top), ["ibuprofen", "methotrexate"])
        # ... but not a drug the query asks an antidote or alternative for.
        top = ids(search(self.index, "antidote for acetaminophen overdose", "--limit", "2")[1])
        self.assertEqual(top, ["acetylcysteine", "paracetamol"])
        top = ids(search(self.index, "DPP-4 inhibitor add-on to metformin", "--limit", "2")[1])
        self.assertEqual(top, ["vildagliptin", "teneligliptin"])

    def test_a_salt_or_class_word_names_no_drug(self):
        # "vitamin" is a word of four titles but names no drug: the query stays a symptom
        # query, which leans on Usage, so the B12 combinations for neuropathy lead, not
        # the drugs that list numbness among their side effects.
        res = search(self.index, "numbness in hands and feet vitamin", "--limit", "3")[1]
        top = ids(res)
        self.assertIn("methylcobalamin", top[0])
        self.assertEqual(res["results"][0]["snippets"][0]["section"], "usage")
        self.assertNotIn("nitrofurantoin", top)

    def test_a_word_before_a_class_head_names_a_target_not_a_drug(self):
        # "dopamine agonist" is a class (pramipexole), not the drug Dopamine, which came
        # first (alone) and second (with "restless legs") when "dopamine" named it.
        top = ids(search(self.index, "dopamine agonist", "--limit", "3")[1])
        self.assertEqual(top[0], "pramipexole")
        self.assertNotIn("dopamine", top)
        query = "non-ergot dopamine agonist for restless legs syndrome"
        top = ids(search(self.index, query, "--limit", "3")[1])
        self.assertEqual(top[0], "pramipexole")
        self.assertNotIn("dopamine", top)
        # A drug beside a class is still named; the drug alone still names it.
        top = ids(search(self.index, "warfarin with proton pump inhibitors", "--limit", "3")[1])
        self.assertEqual(top[0], "warfarin")
        self.assertEqual(ids(search(self.index, "dopamine", "--limit", "1")[1]), ["dopamine"])

    def test_avoidance_in_a_population_finds_the_drugs_to_avoid(self):
        # "avoid in kidney failure" leaned on Usage as a symptom query does: Torasemide
        # (used in renal disease) and Dopamine came first. The Contraindications section's
        # "End-stage renal disease" and "Severe hepatic impairment" are avoid records now.
        for query, used_for in (("avoid in kidney failure", "torasemide"),
                                ("avoid in liver cirrhosis", "lactulose")):
            _, res, _ = search(self.index, query, "--limit", "10")
            self.assertNotIn(used_for, ids(res), query)
            for hit in res["results"][:5]:
                self.assertIn(hit["snippets"][0]["section"], ("contraindications", "dosage"),
                              (query, hit["id"]))
        _, res, _ = search(self.index, "contraindicated in severe renal impairment", "--limit",
                           "10", "--explain")
        with_record = [h["id"] for h in res["results"]
                       if any(e["term"] == "X_POP:renal:avoid" for e in h["explain"])]
        self.assertEqual(len(with_record), 10, ids(res))
        # Their Dosage lines do not avoid them; their Contraindications do ("Severe hepatic
        # impairment"; "NYHA class III/IV heart failure, hepatic impairment, …").
        for drug in ("hydrochlorothiazide", "pioglitazone"):
            _, res, _ = search(self.index, drug + " contraindicated in hepatic impairment",
                               "--limit", "1", "--explain")
            self.assertIn("X_POP:hepatic:avoid", [e["term"] for e in res["results"][0]["explain"]])

    def test_dose_adjustment_for_a_population_finds_the_drugs_that_adjust(self):
        # Every monograph has a hepatic and a renal line, a quarter saying "No adjustment";
        # the words alone put Albendazole and Acetylcysteine ("No adjustment") in the top 3
        # and Vitamin D3 (no dose change) first for the kidneys. The top five now all
        # change the dose or avoid the drug for that population, as judged in
        # tests/relevance/populations.tsv, and the passage shown is about it.
        rows = {r[1]: r[2] for r in (line.split("\t") for line in open(
            os.path.join(SOURCE, "tests", "relevance", "populations.tsv"), encoding="utf-8"))}
        for query, label in (("dose adjustment in hepatic impairment", "Hepatic"),
                             ("dose adjustment in renal impairment", "Renal")):
            judged = {j.split(":")[0] for j in rows[query].split()}
            res = search(self.index, query, "--limit", "5", "--explain")[1]
            self.assertEqual([i for i in ids(res) if i not in judged], [], query)
            for hit in res["results"][:3]:
                # The passage is a list: shown from the start of its item for the population
                # (it opened in the renal line before the hepatic one).
                self.assertRegex(hit["snippets"][0]["text"], r"^(… )?Patients with %s" % label,
                                 (query, hit["id"]))
            pop = "X_POP:%s:adjust" % label.lower()
            self.assertIn(pop, [e["term"] for e in res["results"][0]["explain"]], query)
        # Without dosing or avoidance words a population word is only a word.
        res = search(self.index, "liver damage", "--limit", "3", "--explain")[1]
        self.assertFalse([e for h in res["results"] for e in h["explain"]
                          if e["term"].startswith("X_POP:")])

    def test_a_drug_of_a_combination_title_ranks_that_monograph_first(self):
        # No monograph is valproate alone; Lamotrigine's Dosage mentions valproate often,
        # but the monograph with valproate in its title comes first.
        top = ids(search(self.index, "valproate dose", "--limit", "3")[1])
        self.assertEqual(top[0], "sodium-valproate-valproic-acid")
        self.assertIn("lamotrigine", top)

    def test_the_drug_named_does_not_choose_its_own_snippet(self):
        # Every passage of Sertraline is about sertraline: "weight gain" chooses the
        # passage (Side Effects), not the word "sertraline" (Usage says it most).
        res = search(self.index, "sertraline weight gain", "--limit", "1")[1]
        first = res["results"][0]
        self.assertEqual(first["id"], "sertraline")
        self.assertEqual(first["snippets"][0]["section"], "side_effects")
        self.assertIn("weight", first["snippets"][0]["text"])
        # In another monograph the drug's name still chooses: Aspirin's interaction passage.
        res = search(self.index, "ibuprofen stomach bleeding", "--limit", "2")[1]
        self.assertEqual(ids(res), ["ibuprofen", "aspirin"])
        self.assertEqual(res["results"][1]["snippets"][0]["section"], "interactions")
        self.assertIn("ibuprofen", res["results"][1]["snippets"][0]["text"])

    def assert_first_sections(self, rows):
        """Each (query, drug, section): the first hit is that drug, its first snippet from
        that section."""
        for query, drug, section in rows:
            first = search(self.index, query, "--limit", "1")[1]["results"][0]
            self.assertEqual((first["id"], first["snippets"][0]["section"]), (drug, section),
                             query)

    def assert_first_snippets_hold(self, rows):
        """Each (query, drug, words): the first hit is that drug, its first snippet holds
        the words."""
        for query, drug, words in rows:
            first = search(self.index, query, "--limit", "1")[1]["results"][0]
            self.assertEqual(first["id"], drug, query)
            self.assertIn(words, first["snippets"][0]["text"].lower(), query)

    def test_question_cues_choose_the_answering_section(self):
        # Found by a held-out question set: each query's first snippet was Usage, Dosage
        # or Alternate Names. "forgot" beats "dose"; "making" asks about a side effect;
        # "trying for a baby" about pregnancy; "how does" about the mechanism; and with a
        # drug named, Usage no longer wins on words it merely shares ("itching").
        self.assert_first_sections((
                ("forgot yesterday's rivaroxaban dose what now", "rivaroxaban", "faq"),
                ("Sotret making my lips crack badly", "isotretinoin", "side_effects"),
                ("trying for a baby while on telmisartan", "telmisartan", "pregnancy"),
                ("how does finasteride stop hair fall", "finasteride", "mechanism"),
                ("skin itching after stopping levocetirizine", "levocetirizine", "side_effects"),
                ("olmesartan 20 mg is given for what", "olmesartan-medoxomil", "usage")))

    def test_more_question_cues(self):
        # From a third blind set's misses (other wording here): "must not" asks who may not
        # take it, "giving me" about a side effect, "the same as" / "also called" about its
        # names (even with two names of one drug, which is no interaction question), and
        # "in one tablet" about combinations.
        self.assert_first_sections((
                ("people who must not use isotretinoin", "isotretinoin", "contraindications"),
                ("sertraline giving me headaches", "sertraline", "side_effects"),
                ("is acetaminophen the same as paracetamol", "paracetamol", "names"),
                ("levothyroxine also called", "thyroxine", "names"),
                ("amlodipine and telmisartan in one tablet", "telmisartan", "combinations")))

    def test_question_cues_from_a_fourth_blind_set(self):
        # The fourth blind set's section misses, in other words: how soon it works (faq),
        # what it treats, smoking, the sun, blood levels, a daily amount, "in what way",
        # a patient's own condition or history, a change the drug made. The drug stays
        # first ("way" is no search word: it found a combination's text).
        self.assert_first_sections((
                ("how many days before amoxycillin works", "amoxycillin", "faq"),
                ("what does azithromycin treat", "azithromycin", "usage"),
                ("does smoking affect olanzapine", "olanzapine", "interactions"),
                ("isotretinoin and the sun", "isotretinoin", "precautions"),
                ("methotrexate blood level", "methotrexate", "summary"),
                ("paracetamol how many grams in a day", "paracetamol", "dosage"),
                ("in what way does metformin lower sugar", "metformin", "mechanism"),
                ("kidney patient can take ibuprofen", "ibuprofen", "contraindications"),
                ("had jaundice in the past can i take atorvastatin", "atorvastatin",
                 "contraindications"),
                ("metformin turned my stool colour", "metformin", "side_effects")))

    def test_question_cues_from_a_fifth_blind_set(self):
        # The fifth blind set's section misses, in other words: "expecting" a baby
        # (pregnancy), a change "since starting" the drug (side effects), a second drug
        # taken "while on" the first (interactions).
        self.assert_first_sections((
                ("fluticasone nasal spray while expecting", "fluticasone-propionate",
                 "pregnancy"),
                ("is cetirizine ok while expecting twins", "cetirizine", "pregnancy"),
                ("since i started metformin my stomach hurts", "metformin", "side_effects"),
                ("put on 3 kg since starting amitriptyline", "amitriptyline", "side_effects"),
                ("erythromycin given while on atorvastatin, is that a problem", "atorvastatin",
                 "interactions")))

    def test_does_it_make_you_asks_about_a_side_effect(self):
        # "does X make you sleepy" asks about a side effect (the fifth blind set's Summary
        # miss, in other words here); "how does X make you lose weight" still asks how it
        # works, as the "how does" cue comes first.
        self.assert_first_sections((
                ("will gabapentin make me sleepy", "gabapentin", "side_effects"),
                ("does metformin make you lose weight", "metformin", "side_effects"),
                ("can pregabalin make you dizzy", "pregabalin", "side_effects"),
                ("how does orlistat make you lose weight", "orlistat", "mechanism")))

    def test_a_childs_age_asks_for_the_passage_with_ages(self):
        # "can X be given to my 8 year old" (two of the eighth set's section misses, in
        # other words here): a lower age limit in Contraindications answers it; a drug
        # without one shows its children's dose, not a Contraindications line with no age
        # in it; a dose asked for stays Dosage. "make my skin thin" asks about a side
        # effect, as "make me" does.
        self.assert_first_sections((
                ("is nimesulide allowed for a 10 year old", "nimesulide", "contraindications"),
                ("brimonidine drops for my 1 year old", "brimonidine", "contraindications"),
                ("can cetirizine be given to a 2 year old", "cetirizine", "dosage"),
                ("is paracetamol syrup safe for my 3 year old", "paracetamol", "dosage"),
                ("ondansetron dose for a 3 year old", "ondansetron", "dosage"),
                ("does amlodipine make my ankles swell", "amlodipine", "side_effects"),
                ("will clobetasol make my skin thin", "clobetasol", "side_effects")))

    def test_how_many_a_time_back_and_trying_for_a_baby_choose_the_section(self):
        # From the ninth set's section misses, in other words here: "how many days of X"
        # asks for the course (Dosage; Usage was shown), "years back" is "years ago" (what
        # rules the drug out), and "try for a baby" asks about pregnancy even after "how
        # long" (a FAQ on how long the drug takes to work was shown).
        self.assert_first_sections((
                ("how many days of doxycycline for scrub typhus", "doxycycline", "dosage"),
                ("how many months of isotretinoin for acne", "isotretinoin", "dosage"),
                ("had a stroke 3 years back, is tranexamic acid safe", "tranexamic-acid",
                 "contraindications"),
                ("how long after stopping methotrexate can we try for a baby", "methotrexate",
                 "pregnancy"),
                ("how long should i wait after finasteride before trying for a baby",
                 "finasteride", "pregnancy")))

    def test_crushing_or_chewing_a_drug_shows_how_to_swallow_it(self):
        # "can i crush X" is answered by the passage that says how to swallow it, wherever
        # it is ("swallowed whole" in Pantoprazole's Precautions; its IV use was shown), and
        # only when a drug is named: "crushing chest pain" stays a symptom.
        self.assert_first_snippets_hold((
                ("can i crush pantoprazole", "pantoprazole", "whole"),
                ("is it ok to chew montelukast", "montelukast", "chewable"),
                ("can i open the omeprazole capsule", "omeprazole", "whole"),
                ("crush tamsulosin capsule", "tamsulosin", "crush")))
        _, res, _ = search(self.index, "crushing chest pain with sweating", "--limit", "5")
        self.assertNotIn("pantoprazole", ids(res))
        self.assertTrue(all("whole" not in h["snippets"][0]["text"] for h in res["results"]))

    def test_when_to_take_a_drug_shows_when(self):
        # "best time to take levothyroxine" showed Thyroxine's IV use in the ICU (the Dosage
        # line that names the drug); the passage that says when, in the day or against
        # meals, answers, in Dosage or a FAQ.
        self.assert_first_snippets_hold((
                ("best time to take levothyroxine", "thyroxine", "breakfast"),
                ("when to take pantoprazole", "pantoprazole", "before breakfast"),
                ("what time should i take montelukast", "montelukast", "evening"),
                ("metformin morning or night", "metformin", "meal")))

    def test_drugs_that_cause_an_effect_are_not_its_treatments(self):
        # "drugs that cause hyperkalemia" ranked Human Insulin first (its Usage treats
        # hyperkalemia), "which drugs cause constipation" the laxatives: the question asks
        # for the drugs whose side effect it is.
        for query, word, treatments in (
                ("drugs that cause hyperkalemia", "hyperkalemia", {"human-insulin"}),
                ("which drugs cause constipation", "constipation",
                 {"lactitol", "lactulose", "lactitol-ispaghula", "polyethylene-glycol"})):
            _, res, _ = search(self.index, query, "--limit", "5")
            self.assertFalse(treatments & set(ids(res)), (query, ids(res)))
            for hit in res["results"][:2]:
                self.assertEqual(hit["snippets"][0]["section"], "side_effects", query)
                self.assertIn(word, hit["snippets"][0]["text"].lower(), query)
        # "QT prolongation" is one clinical term: "QT-prolonging drugs" and "prolonged QT"
        # say it too, and the macrolide that does it comes first.
        _, res, _ = search(self.index, "QT prolongation with macrolides", "--limit", "1")
        self.assertEqual(ids(res), ["azithromycin"])

    def test_avoid_in_a_condition_and_an_antidote_show_the_answer(self):
        # "avoid in myasthenia gravis" ranked Pyridostigmine, its treatment, first: "avoid
        # in" asks what rules a drug out, as "contraindicated in" does. "antidote for
        # heparin overdose" showed a Dosage line naming heparin; the passage on what
        # reverses it answers.
        _, res, _ = search(self.index, "avoid in myasthenia gravis", "--limit", "3")
        self.assertNotIn("pyridostigmine", ids(res))
        for hit in res["results"]:
            self.assertEqual(hit["snippets"][0]["section"], "contraindications", hit["id"])
        self.assert_first_snippets_hold((
                ("antidote for heparin overdose", "heparin", "protamine"),
                ("what is the antidote for warfarin", "warfarin", "vitamin k")))

    def test_an_enzyme_deficiency_is_one_condition(self):
        # "G6PD deficiency" is a condition, not a deficiency of something: Vitamin C and D3
        # ranked on "deficiency" in their Usage, Vitamin D3 (which never names G6PD)
        # second. Now the monographs that name it come first.
        _, res, _ = search(self.index, "safe in G6PD deficiency", "--limit", "8")
        for hit in res["results"]:
            with open(os.path.join(MONOGRAPHS, hit["path"])) as f:
                self.assertIn("g6pd", f.read().lower(), hit["id"])

    def test_drooling_and_a_banned_drug_are_understood(self):
        # "drool" is hypersalivation (Clozapine's FAQ says it); "banned" finds "withdrawn"
        # (Ranitidine's Usage and FAQ say why).
        _, res, _ = search(self.index, "clozapine drooling at night", "--limit", "1")
        texts = " ".join(s["text"] for s in res["results"][0]["snippets"])
        self.assertIn("hypersalivation", texts)
        _, res, _ = search(self.index, "is ranitidine banned in india", "--limit", "1")
        self.assertIn("withdrawn", res["results"][0]["snippets"][0]["text"])

    def test_hindi_questions_and_a_past_condition_choose_the_section(self):
        # Hindi typed in Latin letters asks what for ("kis liye"), how much ("kitni"), what
        # harm ("nuksan") and about pregnancy ("garbhavastha"); a condition the asker has
        # or had ("kidney patient, is ... safe", "years ago") asks what rules the drug out.
        # Each showed another section before these cues (the seventh set's misses, in
        # other words here).
        self.assert_first_sections((
                ("pantoprazole kis liye hai", "pantoprazole", "usage"),
                ("metformin kitni leni chahiye", "metformin", "dosage"),
                ("cetirizine ke nuksan", "cetirizine", "side_effects"),
                ("garbhavastha mein paracetamol", "paracetamol", "pregnancy"),
                ("kidney patient, is ibuprofen safe", "ibuprofen", "contraindications"),
                # "change brand" is "switch brands" (Phenytoin's precaution; Alternate
                # Names, which list its brands, were shown)
                ("can i change the brand of my phenytoin", "phenytoin", "precautions"),
                ("had jaundice years ago can i take methotrexate", "methotrexate",
                 "contraindications")))

    def test_a_quoted_phrase_beside_a_drug_shows_the_passage_that_holds_it(self):
        # The drug decides the monograph; the quoted words say which passage: the one that
        # holds them in order comes first, a FAQ (no positions) or a section, before Usage
        # and before passages with only some of the words.
        for query, drug, section, words in (
                ('aspirin "stomach bleeding"', "aspirin", "faq", "stomach bleeding"),
                ('nimesulide "liver damage"', "nimesulide", "faq", "liver damage"),
                ('warfarin "green leafy"', "warfarin", "precautions", "green leafy"),
                ('metformin "vitamin b12"', "metformin", "side_effects", "vitamin b12")):
            _, res, _ = search(self.index, query, "--limit", "1")
            snip = res["results"][0]["snippets"][0]
            self.assertEqual((res["results"][0]["id"], snip["section"]), (drug, section), query)
            self.assertIn(words, snip["text"].lower(), query)

    def test_a_phrase_only_faqs_hold_is_looked_for_there(self):
        # FAQs keep no positions: "stomach bleeding", which 14 monographs say only in FAQs,
        # found nothing. Now FAQs with its words are shown, the ones that hold it first.
        _, res, _ = search(self.index, '"stomach bleeding"', "--limit", "20")
        self.assertIn("no section has the exact phrase", res["notice"])
        holders = {"nimesulide", "aspirin", "methylprednisolone", "diclofenac", "prednisolone",
                   "etoricoxib-thiocolchicoside", "aceclofenac", "naproxen", "ibuprofen",
                   "etoricoxib", "indomethacin", "dexamethasone", "rosuvastatin-aspirin",
                   "aspirin-rosuvastatin-clopidogrel"}
        top = ids(res)
        self.assertEqual(set(top[:len(holders)]), holders, top)
        self.assertIn("dabigatran-etexilate", top[len(holders):])  # has both words, apart
        for hit in res["results"][:len(holders)]:
            snip = hit["snippets"][0]
            self.assertEqual(snip["section"], "faq", hit["id"])
            self.assertIn("stomach bleeding", snip["text"].lower(), hit["id"])
        # Pages cut the same order.
        _, page, _ = search(self.index, '"stomach bleeding"', "--offset", "12", "--limit", "5")
        self.assertEqual(ids(page), top[12:17])
        self.assertEqual([h["rank"] for h in page["results"]], [13, 14, 15, 16, 17])
        # The FAQ shown is the one with the phrase, not one with a word of it.
        _, res, _ = search(self.index, '"how long"', "--limit", "120")
        for hit in res["results"][:10]:
            self.assertIn("how long", hit["snippets"][0]["text"].lower(), hit["id"])
        # Hits are put in order 50 at a time: a page across two blocks cuts the same list.
        top = ids(res)
        for offset, limit in ((45, 10), (95, 20), (0, 7)):
            _, page, _ = search(self.index, '"how long"', "--offset", str(offset), "--limit",
                                str(limit))
            self.assertEqual(ids(page), top[offset:offset + limit], (offset, limit))
        # A phrase a section has is found there, with no notice; one no FAQ has finds nothing.
        _, res, _ = search(self.index, '"narrow-angle glaucoma"')
        self.assertIsNone(res["notice"])
        self.assertTrue(res["results"])
        code, res, _ = search(self.index, '"bleeding glaucoma"')
        self.assertEqual((code, res["results"], res["notice"]), (1, [], None))

    def test_an_effect_to_avoid_is_no_condition_to_treat(self):
        # "that does not cause cough" asks for a blood pressure drug without that side
        # effect: cough syrups ranked first, as "cough" was what to treat.
        _, res, _ = search(self.index, "blood pressure tablet that does not cause cough",
                           "--limit", "5")
        top = ids(res)
        self.assertEqual(set(top[:2]), {"valsartan", "telmisartan"}, top)
        self.assertFalse([i for i in top[:3] if "dextromethorphan" in i], top)
        # The passage shown is the one that says so, "rarely" counted only beside the
        # effect ("so cough is rare", not "Rarely, anaphylaxis").
        for hit in res["results"][:2]:
            said = []
            for snip in hit["snippets"]:
                raw = snip["text"].encode()
                words = [raw[o:o + n].decode().lower() for o, n in snip["highlights"]]
                if "cough" in words:
                    said += [w for w in words if w in ("rare", "uncommon", "less")]
            self.assertTrue(said, hit["snippets"])
        # "won't make me sleepy": not the sedating antihistamine, nor a drug for insomnia.
        for query in ("allergy tablet that won't make me sleepy",
                      "antihistamine that does not cause sleep"):
            _, res, _ = search(self.index, query, "--limit", "5")
            top = ids(res)
            self.assertNotIn("hydroxyzine", top, query)
            self.assertNotIn("trazodone", top, query)
            self.assertIn("fexofenadine", top, query)
            self.assertIn("bilastine", top, query)
            for hit in res["results"]:
                for snip in hit["snippets"]:
                    raw = snip["text"].encode()
                    lit = [raw[o:o + n].decode().lower() for o, n in snip["highlights"]]
                    if any(w.startswith(("rare", "less", "uncommon", "non")) for w in lit):
                        self.assertTrue([w for w in lit if w.startswith(
                            ("sleep", "drows", "sedat", "somnol"))], snip["text"])
        # "free of", "non", "no … side effect": the drug that lacks it, not the one that has
        # it ("non drowsy" kept "drowsy" a word of the query: chlorpheniramine came first).
        for query, first in (("hair loss treatment for men free of sexual side effects",
                              "minoxidil"),
                             ("non drowsy cough syrup",
                              "ambroxol-levosalbutamol-guaifenesin")):
            _, res, _ = search(self.index, query, "--limit", "3")
            self.assertEqual(ids(res)[0], first, (query, ids(res)))
        # "gentle on the stomach", "safe for stomach": not the drugs for the stomach
        # (Sucralfate + Oxetacaine ranked first); "safe for children" stays a question of
        # a population, answered by Dosage.
        for query in ("painkiller that is gentle on the stomach", "painkiller safe for stomach"):
            _, res, _ = search(self.index, query, "--limit", "5")
            self.assertFalse([i for i in ids(res) if "sucralfate" in i], (query, ids(res)))
        # "without" negates only a side effect's words: "without food" still asks when
        # to take it; "will not harm the baby" is left to the pregnancy cue.
        _, res, _ = search(self.index, "can i take azithromycin without food", "--limit", "3")
        self.assertEqual(res["results"][0]["id"], "azithromycin")
        snip = res["results"][0]["snippets"][0]
        raw = snip["text"].encode()
        self.assertIn("food", [raw[o:o + n].decode().lower() for o, n in snip["highlights"]])
        _, res, _ = search(self.index, "antibiotic that will not harm the baby in pregnancy",
                           "--limit", "3")
        self.assertEqual(res["results"][0]["snippets"][0]["section"], "pregnancy")

    def test_a_class_word_names_the_drug_for_its_snippet(self):
        # "statin" is in every statin's class row ("HMG-CoA reductase inhibitor
        # (statin)"), whose words its synonyms match too: the row was the snippet of every
        # hit, as it is for a drug's name in its own monograph. The query's other words now
        # choose the passage, unless the query asks for the class alone.
        for query in ("statin muscle pain", "beta blocker caution in asthma",
                      "ppi long term bone", "statin with fibrate myopathy"):
            for hit in search(self.index, query, "--limit", "3")[1]["results"]:
                first = hit["snippets"][0]
                self.assertNotIn("Pharmacological Classification", first["text"],
                                 (query, hit["id"]))
        self.assert_first_sections((
                ("statin muscle pain", "simvastatin", "side_effects"),
                ("statin with fibrate myopathy", "atorvastatin", "interactions")))
        for hit in search(self.index, "statin", "--limit", "3")[1]["results"]:
            self.assertIn("Pharmacological Classification", hit["snippets"][0]["text"])

    def test_a_class_named_puts_its_drugs_first(self):
        # "beta blocker", "sulfonylurea": the monographs whose class row has the class
        # come first (combinations and others that merely say "blocker" or "hypoglycaemia"
        # ranked above them), and the query's other words choose the passage as for a
        # drug's name. A lay "second" ("second-generation") or "pumping" ("proton pump")
        # names no class.
        beta = {"atenolol", "bisoprolol", "metoprolol-succinate", "metoprolol-tartrate",
                "nebivolol", "propranolol", "propranolol-flunarizine"}
        hits = search(self.index, "beta blocker caution in asthma", "--limit", "4")[1]
        self.assertTrue({h["id"] for h in hits["results"]} <= beta, hits["results"])
        for h in hits["results"]:
            self.assertIn("asthma", h["snippets"][0]["text"].lower(), h["id"])
        sulfonylureas = {"glimepiride", "glipizide", "gliclazide", "glimepiride-metformin",
                         "gliclazide-metformin", "glimepiride-metformin-pioglitazone",
                         "glimepiride-metformin-voglibose"}
        top = ids(search(self.index, "sulfonylurea hypoglycaemia risk in elderly", "--limit",
                         "4")[1])
        self.assertTrue(set(top) <= sulfonylureas, top)
        top = ids(search(self.index, "heart pumping weakly which tablets help", "--limit",
                         "3")[1])
        self.assertEqual([i for i in top if "prazole" in i], [], top)

    def test_show_prints_a_monograph_whole(self):
        # --show takes a result's id (or its path) and prints the stored monograph: title,
        # brands, then each heading once with its passages, in the monograph's order.
        code, out, err = run(RXSEARCH, "--index", self.index, "--show", "cetirizine")
        self.assertEqual((code, err), (0, ""))
        lines = out.splitlines()
        self.assertEqual(lines[0], "Cetirizine")
        self.assertTrue(lines[1].startswith("    cetirizine.md  brands: "), lines[1])
        headings = [l for l in lines if l.startswith("[")]
        self.assertLess(headings.index("[Usage]"), headings.index("[Contraindications]"))
        self.assertEqual(len(headings), len(set(headings)))
        code, out, _ = run(RXSEARCH, "--index", self.index, "--show", "cetirizine.md", "--json")
        doc = json.loads(out)
        self.assertEqual((code, doc["id"], doc["title"]), (0, "cetirizine", "Cetirizine"))
        code, out, err = run(RXSEARCH, "--index", self.index, "--show", "cetrizine")
        self.assertEqual((code, out), (1, ""))
        self.assertEqual(err, "rxsearch: no monograph 'cetrizine' in the index (an id is a "
                              "result's id: its path without .md)\n")
        code, _, err = run(RXSEARCH, "--index", self.index, "--show", "cetirizine", "nausea")
        self.assertEqual((code, err), (2, "rxsearch: --show takes no query and no --batch\n"))

    def test_a_kind_of_drug_asks_for_drugs_of_that_kind(self):
        # "antipsychotic", "antibiotic": everyday words, but a query with one asks for drugs
        # of that kind, so those whose class row has it are boosted as a class is. The query
        # still asks about the condition, not about a named drug: Flunarizine, a calcium
        # channel blocker whose summary says "weight gain", ranked first.
        top = ids(search(self.index, "antipsychotic weight gain and metabolic monitoring",
                         "--limit", "3")[1])
        self.assertTrue(set(top) <= {"clozapine", "olanzapine", "risperidone", "quetiapine",
                                     "aripiprazole", "amisulpride"}, top)

    def test_drugs_compared_show_their_profiles(self):
        # Two drugs named asked how they interact, even "difference between losartan and
        # telmisartan" (both showed Drug Interactions): a comparison shows each one's
        # profile summary, unless a passage speaks of the difference (Metoprolol
        # Tartrate's FAQ "What is the difference from Metoprolol Succinate?").
        for query, drugs in (("difference between losartan and telmisartan",
                              {"losartan", "telmisartan"}),
                             ("compare atorvastatin and rosuvastatin",
                              {"atorvastatin", "rosuvastatin"}),
                             ("which is better cetirizine or levocetirizine",
                              {"cetirizine", "levocetirizine"})):
            hits = search(self.index, query, "--limit", "2")[1]["results"]
            self.assertEqual({h["id"] for h in hits}, drugs, query)
            self.assertEqual([h["snippets"][0]["section"] for h in hits],
                             ["summary", "summary"], query)
        self.assert_first_sections((
                ("difference between metoprolol tartrate and succinate", "metoprolol-tartrate",
                 "faq"),
                ("ibuprofen and paracetamol together", "paracetamol", "combinations")))

    def test_a_drug_without_a_monograph_is_read_in_interactions(self):
        # No monograph is lithium's, but 48 Drug Interactions lines name it: "lithium
        # toxicity" ranked Acetylcysteine (paracetamol toxicity, in its Usage) first, as
        # "toxicity" weighed more in Usage than "lithium" anywhere. Now the drugs that
        # raise lithium levels come first. "QT" is no such drug: Side Effects name it too.
        _, res, _ = search(self.index, "lithium toxicity", "--limit", "3")
        for hit in res["results"]:
            self.assertEqual(hit["snippets"][0]["section"], "interactions", hit["id"])
            self.assertIn("lithium", hit["snippets"][0]["text"].lower(), hit["id"])
        _, res, _ = search(self.index, "QT prolongation", "--limit", "1")
        self.assertNotEqual(res["results"][0]["snippets"][0]["section"], "interactions")

    def test_two_drugs_together_show_the_passage_naming_both(self):
        # Paracetamol's Drug Interactions do not name ibuprofen, and they were shown first
        # for "can I take ibuprofen with paracetamol"; the line that names both answers,
        # Interactions come next. Where Interactions name the other drug, they stay first.
        _, res, _ = search(self.index, "can i take ibuprofen with paracetamol", "--limit", "2",
                           "--snippets", "2")
        for hit in res["results"]:
            self.assertEqual([s["section"] for s in hit["snippets"]],
                             ["combinations", "interactions"], hit["id"])
            self.assertIn("ibuprofen", hit["snippets"][0]["text"].lower())
            self.assertIn("paracetamol", hit["snippets"][0]["text"].lower())
        self.assert_first_sections((
                ("clopidogrel and omeprazole", "clopidogrel", "interactions"),
                ("warfarin with aspirin", "warfarin", "interactions")))

    def test_lay_words_of_the_third_vocabulary_pass(self):
        # Rows written per condition the corpus treats: a Hindi name (shingles), an
        # everyday description (agoraphobia, sticky eyes of conjunctivitis), a lab finding.
        for query, wanted in (("naagin on back", {"acyclovir", "valacyclovir"}),
                              ("fear leaving house", {"escitalopram-oxalate", "paroxetine",
                                                      "sertraline"}),
                              ("eyes stuck in the morning", {"moxifloxacin", "ciprofloxacin",
                                                             "ofloxacin", "fusidic-acid"}),
                              ("zero sperm treatment", {"menotrophin",
                                                        "human-chorionic-gonadotropin"})):
            top = ids(search(self.index, query, "--limit", "2")[1])
            self.assertTrue(set(top) <= wanted, (query, top))

    def test_lay_words_of_the_fourth_vocabulary_pass(self):
        # Rows written per condition the corpus treats by someone who opened no judged
        # set: impetigo's honey-coloured crusts, a graze, lichen simplex's leathery patch.
        # None of these found its drugs in the top two before.
        for query, wanted in (("honey crusts on my child's face", {"fusidic-acid", "mupirocin"}),
                              ("road rash on knee", {"povidone-iodine", "hydrogen-peroxide"}),
                              ("leathery itchy skin patch", {"halobetasol", "halobetasol-salicylic-acid",
                                                             "clobetasol-salicylic-acid"})):
            top = ids(search(self.index, query, "--limit", "2")[1])
            self.assertTrue(set(top) <= wanted, (query, top))

    def test_lay_words_for_rarer_indications(self):
        # The pass over every indication the Usage sections name gave lay keys to those that
        # had none: sporotrichosis, Duchenne muscular dystrophy, neurocysticercosis in Hindi.
        for query, drug in (("rose gardeners disease", "itraconazole"),
                            ("big calves boy walking on toes", "deflazacort"),
                            ("dimag mein keeda", "albendazole")):
            self.assertEqual(ids(search(self.index, query, "--limit", "1")[1]), [drug], query)

    def test_household_brands_name_their_generic(self):
        # Brands sold across India that no monograph's Brand Names line lists ("Dolo",
        # "Crocin", "Montair LC"): the synonym table names the generic, which then comes
        # first and answers the question asked of it. "Pan D" is a brand, not an everyday
        # phrase, for the letter beside the everyday word (its Usage was shown).
        self.assertEqual(ids(search(self.index, "dolo 650", "--limit", "1")[1]), ["paracetamol"])
        self.assert_first_sections((
                ("crocin in pregnancy", "paracetamol", "pregnancy"),
                ("montair lc side effects", "levocetirizine-montelukast", "side_effects"),
                ("pan d side effects", "domperidone-pantoprazole", "side_effects")))

    def test_a_combination_brand_the_corpus_lacks_names_each_ingredient(self):
        # "Combiflam" (ibuprofen + paracetamol; no monograph of the pair): the table lists
        # both titles. Only the first was named: Paracetamol fell below Atenolol's and
        # Anastrozole's side effects.
        _, res, _ = search(self.index, "combiflam side effects", "--limit", "3")
        self.assertEqual(sorted(ids(res)[:2]), ["ibuprofen", "paracetamol"])
        self.assertEqual([r["snippets"][0]["section"] for r in res["results"][:2]],
                         ["side_effects", "side_effects"])
        self.assertTrue(all(r["named"] for r in res["results"][:2]))
        self.assertFalse(res["results"][2]["named"])

    def test_a_two_word_key_matches_with_words_between_its_words(self):
        # Lay descriptions put their own words inside a key's: "pain during periods" is
        # "period pain" (dysmenorrhoea: it ranked amiodarone second), a baby's "white
        # patches coating tongue" is "white tongue" (oral thrush: none of the antifungals
        # was in the top three). Such a pair only adds its meaning and is not required, so
        # the rarer idiom "chhoti mata" (chickenpox) still decides the hits.
        for query, wanted in (("pain during periods", {"mefenamic-acid-paracetamol",
                                                       "norethisterone", "tranexamic-acid"}),
                              ("white patches coating tongue of baby",
                               {"fluconazole", "clotrimazole", "itraconazole"})):
            top = ids(search(self.index, query, "--limit", "3")[1])
            self.assertEqual(set(top), wanted, query)
        top = ids(search(self.index, "chhoti mata itchy water blisters all over child with "
                         "fever", "--limit", "2")[1])
        self.assertEqual(set(top), {"acyclovir", "valacyclovir"})
        # A key with function words ("ringing in ears") is also stored under its content
        # words, so a query's content words meet it with other words between them.
        top = ids(search(self.index, "ringing sound in both ears", "--limit", "1")[1])
        self.assertEqual(top, ["betahistine"])

    def test_two_drugs_in_any_order_name_their_combination(self):
        # "Telmisartan + Amlodipine" is named by its words in order; in another order, or
        # with "and" between them, the query names it just the same, ahead of each single
        # drug. Two drugs with no combination monograph still ask how they interact.
        for query, combo in (("amlodipine and telmisartan", "telmisartan-amlodipine"),
                             ("glimepiride and metformin", "glimepiride-metformin"),
                             ("telmisartan with amlodipine side effects",
                              "telmisartan-amlodipine")):
            top = ids(search(self.index, query, "--limit", "3")[1])
            self.assertEqual(top[0], combo, query)
        res = search(self.index, "ibuprofen with lisinopril", "--limit", "2")[1]
        self.assertEqual(sorted(ids(res)), ["ibuprofen", "lisinopril"])
        self.assertEqual(res["results"][0]["snippets"][0]["section"], "interactions")

    def test_a_hyphenated_cue_and_a_brand_word_are_understood(self):
        # "drug-induced" asks for Side Effects as "drug induced" does (it put the gingivitis
        # mouthwash first, by Usage). ("trying", which stems like the brand Tri-Azulix,
        # names no drug: the telmisartan row of the test above.)
        for query in ("drug-induced gingival hyperplasia", "drug induced gingival hyperplasia"):
            res = search(self.index, query, "--limit", "3")[1]
            self.assertIn("phenytoin", ids(res), query)
            self.assertNotIn("hydrogen-peroxide", ids(res), query)
            self.assertEqual(res["results"][0]["snippets"][0]["section"] in
                             ("side_effects", "summary"), True, query)

    def test_an_idiom_of_common_words_is_not_required(self):
        # A rare idiom is required: "neomycin pins and needles" finds no more monographs
        # than "pins and needles" but the one the query names (neomycin's, which never
        # mentions pins and needles).
        rare = search(self.index, "pins and needles", "--limit", "100")[1]
        both = search(self.index, "neomycin pins and needles", "--limit", "100")[1]
        self.assertNotIn("clobetasol-miconazole-neomycin", ids(rare))
        self.assertEqual(both["total"], rare["total"] + 1)
        self.assertEqual(set(ids(both)), set(ids(rare)) | {"clobetasol-miconazole-neomycin"})
        # "blood" and "pressure" are in most monographs: requiring them would exclude
        # little and cost a walk over most of the index, so "neomycin" also finds the
        # neomycin monograph that has neither word.
        # (A limit above the number of hits makes the totals exact, not estimates.)
        common = search(self.index, "low blood pressure", "--limit", "400")[1]
        both = search(self.index, "neomycin low blood pressure", "--limit", "400")[1]
        self.assertGreater(both["total"], common["total"])
        self.assertEqual(ids(both)[0], "clobetasol-miconazole-neomycin")
        self.assertEqual(ids(common)[0], "dopamine")

    def test_an_alternate_name_names_the_drug(self):
        # Thyroxine's Alternate Names list "Levothyroxine sodium": "levothyroxine" names it
        # as its title would (first, and the section the cue asks for).
        res = search(self.index, "levothyroxine side effects", "--limit", "1")[1]
        self.assertEqual(ids(res), ["thyroxine"])
        self.assertEqual(res["results"][0]["snippets"][0]["section"], "side_effects")
        self.assertEqual(ids(search(self.index, "acetaminophen", "--limit", "1")[1]),
                         ["paracetamol"])
        # A combination's list names its parts: "HCTZ" is Hydrochlorothiazide's own name,
        # not the combination's.
        top = ids(search(self.index, "hctz", "--limit", "2")[1])
        self.assertEqual(top[0], "hydrochlorothiazide")
        # Names in a list, with a note in parentheses, or "marketed elsewhere as" several:
        # "Amoxicillin, amoxicillin trihydrate", "Cephalexin (USAN); …", "Marketed elsewhere
        # as Viagra and Revatio". Only the list's first name counted, with its neighbours.
        for query, drug in (("amoxicillin dose for a child", "amoxycillin"),
                            ("cephalexin side effects", "cefalexin"),
                            ("revatio", "sildenafil"), ("mesalamine", "mesalazine")):
            res = search(self.index, query, "--limit", "1")[1]
            self.assertEqual(ids(res), [drug], query)
            self.assertTrue(res["results"][0]["named"], query)
        # A description names no drug: Voglibose is "related to acarbose and miglitol";
        # a salt alone is no name; "Vitamin A acid" (tretinoin) is not Vitamin A.
        res = search(self.index, "miglitol", "--limit", "3")[1]
        self.assertFalse(any(hit["named"] for hit in res["results"]), ids(res))
        self.assertEqual(ids(search(self.index, "vitamin a", "--limit", "1")[1]), ["vitamin-a"])

    def test_threads_option_is_checked(self):
        code, out, err = index(os.path.join(self.tmp, "t"), MONOGRAPHS, extra=("--threads", "5"))
        self.assertEqual(code, 2)
        self.assertEqual(err.strip(),
                         "rxindex: --threads takes a whole number from 1 to 4, not '5'")

    def test_reindex_is_idempotent(self):
        before = search(self.index, "banned:no OR banned:yes", "--limit", "400")[1]["total"]
        code, out, err = index(self.index, MONOGRAPHS)
        self.assertEqual(code, 0, err)
        self.assertRegex(out, r"^indexed 0, skipped 301 unchanged, removed 0, failed 0")
        after = search(self.index, "banned:no OR banned:yes", "--limit", "400")[1]["total"]
        self.assertEqual(before, 301)
        self.assertEqual(after, 301)

    def test_nerve_pain_ranks_neuropathic_drugs_first(self):
        code, res, _ = search(self.index, "nerve pain", "--limit", "5")
        self.assertEqual(code, 0)
        top = ids(res)
        self.assertEqual(len(top), 5)
        for drug in top:
            self.assertTrue(any(k in drug for k in ("pregabalin", "gabapentin", "amitriptyline",
                                                     "nortriptyline", "duloxetine")), top)
        # Isoniazid and metformin list neuropathy only as a side effect.
        full = ids(search(self.index, "nerve pain", "--limit", "20")[1])
        for side_effect_only in ("nitrofurantoin", "isoniazid", "metformin"):
            if side_effect_only in full:
                self.assertGreater(full.index(side_effect_only), 5, full)

    def test_field_restricts_to_section(self):
        code, res, _ = search(self.index, "side_effects:drowsiness", "--limit", "10")
        self.assertEqual(code, 0)
        self.assertGreaterEqual(len(res["results"]), 10)
        for hit in res["results"]:
            snip = hit["snippets"][0]
            self.assertEqual(snip["section"], "side_effects", hit["id"])
            self.assertTrue(snip["heading"].startswith("Side Effects"), snip["heading"])
            words = [snip["text"].encode()[o:o + n].decode() for o, n in snip["highlights"]]
            self.assertTrue(any(w.lower().startswith("drows") for w in words), words)

    def test_a_phrase_in_a_section_keeps_its_function_words_to_the_phrase(self):
        # Sections have no terms for function words: dosage:"on an empty stomach" asked
        # for dosage's "on" and "an" and found nothing.
        _, res, _ = search(self.index, 'dosage:"on an empty stomach"', "--limit", "20")
        self.assertGreaterEqual(len(res["results"]), 3, res)
        for hit in res["results"]:
            snip = hit["snippets"][0]
            self.assertEqual(snip["section"], "dosage", hit["id"])
            self.assertIn("on an empty stomach", snip["text"].lower(), hit["id"])
        # Each of them has the phrase in its Dosage section, and no other does.
        for name in os.listdir(MONOGRAPHS):
            text = open(os.path.join(MONOGRAPHS, name), encoding="utf-8").read().lower()
            dosage = re.search(r"^## dosage\b(.*?)(?=^## |\Z)", text, re.M | re.S)
            if dosage and "on an empty stomach" in " ".join(dosage.group(1).split()):
                self.assertIn(name[:-3], ids(res), name)

    def test_snippets_highlight_query_terms(self):
        _, res, _ = search(self.index, "dose adjustment in hepatic impairment", "--limit", "5")
        self.assertTrue(res["results"])
        for hit in res["results"]:
            self.assertTrue(hit["snippets"], hit["id"])
            for snip in hit["snippets"]:
                raw = snip["text"].encode()
                self.assertTrue(snip["highlights"], snip)
                for off, n in snip["highlights"]:
                    word = raw[off:off + n].decode().lower()
                    self.assertTrue(any(word.startswith(p) for p in
                                        ("dos", "adjust", "hepat", "impair", "liver")), word)
                self.assertLessEqual(len(snip["text"].split()), 45)

    def test_function_words_of_a_synonym_are_not_highlighted(self):
        # "paresthesia" also searches "pins and needles": its "and" highlighted every "and"
        # of the snippets and made "paresthesia and kidney stones" (How It Works) the
        # passage shown before the Side Effects list that names it.
        _, res, _ = search(self.index, "paresthesia", "--limit", "5")
        for hit in res["results"]:
            for snip in hit["snippets"]:
                raw = snip["text"].encode()
                words = {raw[o:o + n].decode().lower() for o, n in snip["highlights"]}
                self.assertNotIn("and", words, (hit["id"], snip["text"]))
        self.assertEqual(res["results"][0]["id"], "topiramate")
        self.assertEqual(res["results"][0]["snippets"][0]["section"], "side_effects")

    def test_asking_words_neither_rank_nor_highlight(self):
        # Consumers' filler ("actually", "really", "put") is rare in monographs: it ranked
        # Hydroxychloroquine and Iron ("actually") right after Cetirizine. "with" was
        # highlighted in every snippet of "beta blocker caution in patients with asthma".
        for query, first in (("can i actually take cetirizine", "cetirizine"),
                             ("is it really ok to put ciprofloxacin ear drops", "ciprofloxacin"),
                             ("how many medications like amlodipine", "amlodipine")):
            _, res, _ = search(self.index, query, "--limit", "10", "--explain")
            self.assertEqual(ids(res)[0], first, query)
            for hit in res["results"]:
                terms = " ".join(e["term"] for e in hit["explain"])
                self.assertNotRegex(terms, r"actual|realli|:put\b|Zput\b|mani\b|medic\b|like\b",
                                    hit["id"])
        _, res, _ = search(self.index, "beta blocker caution in patients with asthma",
                           "--limit", "5")
        shown = 0
        for hit in res["results"]:
            for snip in hit["snippets"]:
                raw = snip["text"].encode()
                words = [raw[o:o + n].decode().lower() for o, n in snip["highlights"]]
                self.assertNotIn("with", words, snip["text"])
                shown += "with" in snip["text"].lower().split()
        self.assertGreater(shown, 2)

    def test_a_brand_that_is_a_common_word_is_named_only_as_typed(self):
        # Olopatadine's brand "IF": the "if" of a question named it (second for "what
        # happens if i miss a dose of warfarin", first before the fix of exact names).
        # Tranexamic Acid's "Pause" and Heparin's "Hep" came first for "can i pause my
        # blood thinner before surgery" and "medicine for hep b"; Iron is still Iron.
        for query, brand in (("can i pause my blood thinner before surgery", "tranexamic-acid"),
                             ("medicine for hep b", "heparin")):
            _, res, _ = search(self.index, query, "--limit", "5")
            self.assertFalse(any(h["named"] for h in res["results"]), query)
            self.assertNotEqual(ids(res)[0], brand, query)
        for query, drug in (("Pause tablet", "tranexamic-acid"), ("iron tablets for anemia", "iron")):
            _, res, _ = search(self.index, query, "--limit", "1")
            self.assertEqual(ids(res), [drug], query)
            self.assertTrue(res["results"][0]["named"], query)
        _, res, _ = search(self.index, "what happens if i miss a dose of warfarin",
                           "--limit", "10")
        self.assertEqual(ids(res)[0], "warfarin")
        self.assertNotIn("olopatadine", ids(res))
        for query in ("IF eye drops", "if"):
            _, res, _ = search(self.index, query, "--limit", "1")
            self.assertEqual(ids(res), ["olopatadine"], query)
            self.assertTrue(res["results"][0]["named"], query)

    def test_plural_units_and_a_drug_names_salt_word(self):
        # "mgs" is mg (Snowball keeps "mgs", having no vowel before the s); "acid" of
        # "ursodeoxycholic acid" is part of its name, not the synonym key "acidity" (whose
        # stem it shares), which put Omeprazole second.
        _, res, _ = search(self.index, "how many mgs of fluoxetine", "--limit", "1")
        snip = res["results"][0]["snippets"][0]
        raw = snip["text"].encode()
        self.assertIn("mg", [raw[o:o + n].decode().lower() for o, n in snip["highlights"]])
        top = ids(search(self.index, "ursodeoxycholic acid dose", "--limit", "5")[1])
        self.assertEqual(top[0], "ursodeoxycholic-acid")
        for ppi in ("omeprazole", "esomeprazole", "pantoprazole", "domperidone-esomeprazole"):
            self.assertNotIn(ppi, top)
        # "acid" alone still means acidity.
        self.assertIn("omeprazole", ids(search(self.index, "too much acid", "--limit", "5")[1]))

    def test_a_phrase_function_word_is_highlighted_only_inside_the_phrase(self):
        # "loss of appetite": its "of" is highlighted between "loss" and "appetite", not in
        # "Mechanism of Action" of the same snippet (it was); "swelling of the face": "of"
        # and "the" only inside the phrase, though the snippets have others.
        lone = 0
        for query, weak in (('"loss of appetite"', {"of"}),
                            ('"swelling of the face"', {"of", "the"})):
            _, res, _ = search(self.index, query, "--limit", "5")
            inside = 0
            for hit in res["results"]:
                for snip in hit["snippets"]:
                    raw, spans = snip["text"].encode(), sorted(snip["highlights"])
                    ends = {o + n for o, n in spans}
                    starts = {o for o, _ in spans}
                    for o, n in spans:
                        if raw[o:o + n].decode().lower() in weak:
                            self.assertTrue(o - 1 in ends or o + n + 1 in starts, snip["text"])
                            inside += 1
                    words = re.findall(r"\w+", snip["text"].lower())
                    lone += sum(w in weak for w in words)
            self.assertGreater(inside, 3, query)
            lone -= inside
        self.assertGreater(lone, 0)  # the case this guards is among the snippets

    def test_json_schema(self):
        code, res, _ = search(self.index, "amitriptyline", "--limit", "2")
        self.assertEqual(code, 0)
        self.assertEqual(set(res), {"query", "total", "suggestion", "corrected", "notice",
                                    "results"})
        self.assertEqual(res["query"], "amitriptyline")
        self.assertIsNone(res["notice"])
        self.assertIsInstance(res["total"], int)
        self.assertIsNone(res["suggestion"])
        self.assertIs(res["corrected"], False)
        hit = res["results"][0]
        self.assertEqual(set(hit), {"rank", "id", "path", "title", "score", "named", "brands",
                                    "is_banned", "snippets"})
        self.assertEqual(hit["rank"], 1)
        self.assertEqual(hit["path"], hit["id"] + ".md")
        self.assertIsInstance(hit["score"], float)
        self.assertIsInstance(hit["is_banned"], bool)
        self.assertIs(hit["named"], True)  # "amitriptyline" names it
        self.assertIs(res["results"][1]["named"], False)
        self.assertTrue(all(isinstance(b, str) for b in hit["brands"]))
        snip = hit["snippets"][0]
        self.assertEqual(set(snip), {"section", "heading", "text", "highlights"})

    def test_brand_finds_its_monograph(self):
        _, res, _ = search(self.index, "Amnurite")
        self.assertEqual(ids(res)[0], "amitriptyline-methylcobalamin")
        self.assertIn("Amnurite", res["results"][0]["brands"])

    def test_misspelled_drug_is_corrected(self):
        code, res, _ = search(self.index, "amitryptiline")
        self.assertEqual(code, 0)
        self.assertEqual(res["suggestion"], "amitriptyline")
        self.assertIs(res["corrected"], True)
        self.assertIn("amitriptyline", ids(res)[0])

    def test_an_unknown_brand_is_not_taken_for_a_different_one(self):
        # "Klonopin" (clonazepam, which no monograph covers) is one letter from Enoxaparin's
        # "Lonopin", and was searched as it: a first letter dropped is no slip of the
        # keyboard or the ear. It is offered, not applied; "Alfagan" (Alphagan) still is.
        _, res, _ = search(self.index, "Klonopin side effects", "--limit", "10")
        self.assertFalse(res["corrected"])
        self.assertNotIn("enoxaparin", ids(res))
        _, res, _ = search(self.index, "Alfagan eye drops", "--limit", "1")
        self.assertTrue(res["corrected"])
        self.assertEqual(ids(res), ["brimonidine"])

    def test_a_brand_sold_elsewhere_names_its_generic(self):
        # The monographs list Indian brands; indexer/synonyms.tsv links brands sold
        # elsewhere to the generic's title, and that names the drug as its own brand would:
        # "Lipitor side effects" ranked Atenolol first (on "adverse"), Atorvastatin after
        # two combinations; "Zocor side effects" had no Simvastatin in the top three.
        for query, drug in (("Lipitor side effects", "atorvastatin"),
                            ("Zocor side effects", "simvastatin"),
                            ("Norvasc side effects", "amlodipine")):
            _, res, _ = search(self.index, query, "--limit", "3")
            self.assertEqual(ids(res)[0], drug, query)
            self.assertTrue(res["results"][0]["named"], query)
            self.assertEqual(res["results"][0]["snippets"][0]["section"], "side_effects")
        # An everyday phrase the table links to a drug names none.
        _, res, _ = search(self.index, "smoking habit", "--limit", "3")
        self.assertFalse(any(hit["named"] for hit in res["results"]))
        # A drug's name alone shows what it is for, not its shortest line
        # ("Hypersensitivity to fluoxetine").
        for query, drug in (("prozac", "fluoxetine"), ("topiramate?", "topiramate")):
            _, res, _ = search(self.index, query, "--limit", "1")
            self.assertEqual(ids(res), [drug])
            self.assertEqual(res["results"][0]["snippets"][0]["section"], "usage", query)

    def test_a_drug_and_its_brand_are_one_drug(self):
        # Two names ask how two drugs interact, but "glucagon" and its brand "GlucaGen" are
        # one: "How much glucagon is in my GlucaGen kit" showed Drug Interactions.
        _, res, _ = search(self.index, "How much glucagon is in my GlucaGen kit", "--limit", "1")
        self.assertEqual(ids(res), ["glucagon"])
        self.assertEqual(res["results"][0]["snippets"][0]["section"], "dosage")
        _, res, _ = search(self.index, "warfarin and aspirin", "--limit", "1")
        self.assertEqual(res["results"][0]["snippets"][0]["section"], "interactions")
        # "adverse drug interaction" asks about interactions, not side effects.
        _, res, _ = search(self.index, "adverse drug interaction between dicyclomine and "
                           "ranitidine", "--limit", "1")
        self.assertEqual(res["results"][0]["snippets"][0]["section"], "interactions")
        # "when to take", "how to take": the Dosage passage, not Usage.
        for query in ("when to take loratadine", "how to take clotrimazole"):
            _, res, _ = search(self.index, query, "--limit", "1")
            self.assertEqual(res["results"][0]["snippets"][0]["section"], "dosage", query)

    def test_a_brand_names_its_drug_but_the_question_chooses_the_passage(self):
        # The brand brings its generic's title in as a synonym; those words said "dabigatran
        # etexilate" most in Usage and Alternate Names, so the FAQ that answers was dropped.
        cases = {"Pradaxa capsule can it be opened": ("dabigatran-etexilate", "open the capsule"),
                 "Lantus missed dose": ("insulin-glargine", "miss a dose"),
                 "how long does Prozac take to work": ("fluoxetine", "How long does it take")}
        for query, (drug, answer) in cases.items():
            _, res, _ = search(self.index, query, "--limit", "1")
            self.assertEqual(ids(res), [drug], query)
            first = res["results"][0]["snippets"][0]
            self.assertEqual(first["section"], "faq", query)
            self.assertIn(answer, first["text"], query)

    def test_british_spellings_meet_american_ones(self):
        # The monographs say "hyponatremia" 20 times and "hyponatraemia" 5: either finds both.
        _, uk, _ = search(self.index, "hyponatraemia", "--limit", "50", "--snippets", "0")
        _, us, _ = search(self.index, "hyponatremia", "--limit", "50", "--snippets", "0")
        self.assertEqual(ids(uk), ids(us))
        self.assertIn("hydrochlorothiazide", ids(uk))
        _, res, _ = search(self.index, "P2Y12 inhibitor causing dyspnoea", "--limit", "1")
        self.assertEqual(ids(res), ["ticagrelor"])
        texts = " ".join(s["text"] for s in res["results"][0]["snippets"])
        self.assertIn("dyspnea", texts)

    def test_a_two_letter_word_among_others_names_no_brand(self):
        # Hindi "aa" (come) was Levocetirizine's brand "AA", ranked first and called named.
        _, res, _ = search(self.index, "chakkar aa rahe hain aur ulti jaisa lag raha hai",
                           "--limit", "3")
        self.assertNotIn("levocetirizine", ids(res))
        self.assertIn("meclizine", ids(res))
        _, res, _ = search(self.index, "AA", "--limit", "1")
        self.assertEqual(ids(res), ["levocetirizine"])

    def test_hits_that_weigh_nothing_are_not_listed(self):
        # "dose" is in every monograph: three hits at a score of 0.00 followed the two
        # answers. A query of such words alone still lists what it matches.
        _, res, _ = search(self.index, "Valtrex dose for shingles", "--limit", "10")
        self.assertEqual(ids(res), ["valacyclovir", "acyclovir"])
        self.assertEqual(res["total"], 2)
        _, res, _ = search(self.index, "dose", "--limit", "3")
        self.assertEqual(len(res["results"]), 3)
        _, res, _ = search(self.index, "banned:yes", "--limit", "10")
        self.assertEqual(res["total"], 6)
        self.assertTrue(all(r["is_banned"] for r in res["results"]))

    def test_spelling_variants_of_a_synonym_count_once(self):
        # "children" expands to "paediatric" and "pediatric", one stem now: counted twice,
        # they put two antihistamines' "pediatric drops" before the drugs for fits.
        _, res, _ = search(self.index, "fits in children medicine", "--limit", "3")
        self.assertNotIn("hydroxyzine", ids(res))
        self.assertNotIn("cetirizine", ids(res))
        self.assertIn("lacosamide", ids(res))

    def test_same_medicine_as_asks_for_the_names(self):
        _, res, _ = search(self.index, "is Thyrox the same medicine as Thyronorm", "--limit", "1")
        self.assertEqual(ids(res), ["thyroxine"])
        self.assertEqual(res["results"][0]["snippets"][0]["section"], "names")

    def test_corrected_query_is_named_in_text_output(self):
        code, out, _ = run(RXSEARCH, "--index", self.index, "--limit", "1", "amitryptiline")
        self.assertEqual(code, 0)
        self.assertEqual(out.splitlines()[0],
                         'Showing results for "amitriptyline" instead of "amitryptiline"')

    def test_words_in_no_monograph_are_named(self):
        # "Shelcal 500": a brand no monograph lists; the hits are those of "500", and
        # nothing said so. Words with a correction are not named (the correction is).
        _, res, _ = search(self.index, "Shelcal 500", "--limit", "1")
        self.assertEqual(res["notice"], "'Shelcal' is in no monograph")
        _, res, _ = search(self.index, "shelcal and zorbly tablets", "--limit", "1")
        self.assertEqual(res["notice"], "'shelcal' and 'zorbly' are in no monograph")
        _, res, _ = search(self.index, "amitryptiline dose", "--limit", "1")
        self.assertIsNone(res["notice"])
        # The word, not the punctuation typed after it ("'addictive?'"), nor the carriage
        # returns inside an unclosed quote (a notice is one line).
        # "dawai" (Hindi: medicine) is a word of asking, like "tablet": "khujli ki dawai"
        # said 'dawai' is in no monograph.
        _, res, _ = search(self.index, "khujli ki dawai", "--limit", "1")
        self.assertIsNone(res["notice"])
        self.assertEqual(ids(res), ["bilastine"])
        # A word the synonym table knows is no unknown word ("milligrams": "mg").
        _, res, _ = search(self.index, "methotrexate how many milligrams", "--limit", "1")
        self.assertIsNone(res["notice"])
        _, res, _ = search(self.index, "is pramipexole addictive?", "--limit", "1")
        self.assertEqual(res["notice"], "'addictive' is in no monograph")
        _, res, _ = search(self.index, '"zorbly\r\r', "--limit", "1")
        self.assertEqual(res["notice"], "'zorbly' is in no monograph")
        # Each word once ("'Shelcal', 'shelcal' and 'zorbly'"), and not one the query
        # excludes: nothing is lost by excluding a word no monograph has.
        _, res, _ = search(self.index, "Shelcal shelcal zorbly", "--limit", "1")
        self.assertEqual(res["notice"], "'Shelcal' and 'zorbly' are in no monograph")
        for query in ("cough -zorbly", "cough NOT zorbly"):
            _, res, _ = search(self.index, query, "--limit", "1")
            self.assertIsNone(res["notice"], query)
        code, out, err = run(RXSEARCH, "--index", self.index, "--limit", "1", "Shelcal 500")
        self.assertEqual((code, err), (0, "rxsearch: note: 'Shelcal' is in no monograph\n"))

    def test_a_quoted_misspelled_word_gets_a_suggestion_not_a_correction(self):
        # A quoted word is searched as typed: it found nothing and suggested nothing, and
        # the text output quoted the quotes (""cetrizine"").
        _, res, _ = search(self.index, '"cetrizine"')
        self.assertEqual((res["total"], res["corrected"], res["suggestion"]),
                         (0, False, '"cetirizine"'))
        _, res, _ = search(self.index, '"cetrizine" breastfeeding', "--limit", "1")
        self.assertEqual((res["corrected"], res["suggestion"]),
                         (False, '"cetirizine" breastfeeding'))
        # Beside a word that is corrected, the quoted one stays as typed.
        _, res, _ = search(self.index, 'glimipiride "cetrizine"', "--limit", "1")
        self.assertEqual((res["corrected"], res["suggestion"]), (True, 'glimepiride "cetrizine"'))
        code, out, _ = run(RXSEARCH, "--index", self.index, '"cetrizine"')
        self.assertEqual((code, out.splitlines()),
                         (1, ['Did you mean "cetirizine"?', 'No results for "cetrizine"']))

    def test_before_or_after_food_shows_how_to_take_it_with_meals(self):
        # The FAQ with "before" and "after" in it came first: "Should Metformin be stopped
        # before a scan with contrast dye? ... restarted after 48 hours".
        _, res, _ = search(self.index, "metformin before or after food", "--limit", "1",
                           "--snippets", "1")
        snip = res["results"][0]["snippets"][0]
        self.assertEqual(res["results"][0]["id"], "metformin")
        self.assertIn("daily with meals", snip["text"])
        self.assertNotIn("contrast", snip["text"])

    def test_how_to_stop_a_drug_shows_how_to_come_off_it(self):
        # "how to safely stop fluvoxamine" showed the Contraindications line on stopping
        # MAO inhibitors; "is it safe to stop lamotrigine" read "stop lamotrigine" as an
        # effect to be spared ("safe to", as "safe for") and ranked Ticagrelor first.
        for query, first, text in (
                ("how to safely stop fluvoxamine", "fluvoxamine", "Taper over at least"),
                ("how do i stop paroxetine", "paroxetine", "Taper gradually"),
                ("is it safe to stop lamotrigine", "lamotrigine", "Do not stop abruptly"),
                ("how to wean off lamotrigine", "lamotrigine", "Do not stop abruptly")):
            _, res, _ = search(self.index, query, "--limit", "1", "--snippets", "1")
            hit = res["results"][0]
            self.assertEqual(hit["id"], first, query)
            self.assertIn(text, hit["snippets"][0]["text"], query)
        # "how does X stop bleeding" still asks how it works.
        _, res, _ = search(self.index, "how does tranexamic acid stop bleeding", "--limit", "1",
                           "--snippets", "1")
        self.assertEqual(res["results"][0]["snippets"][0]["section"], "mechanism")

    def test_why_was_i_given_a_drug_shows_what_it_is_for(self):
        # "why did my doctor give me levetiracetam" showed the pregnancy FAQ ("see your
        # doctor"); "giving me" is still a side effect's cue without "why".
        for query, first in (("why did my doctor give me levetiracetam", "levetiracetam"),
                             ("why is the doctor giving me metformin", "metformin")):
            _, res, _ = search(self.index, query, "--limit", "1", "--snippets", "1")
            self.assertEqual(res["results"][0]["id"], first, query)
            self.assertEqual(res["results"][0]["snippets"][0]["section"], "usage", query)
        _, res, _ = search(self.index, "metformin giving me diarrhea", "--limit", "1",
                           "--snippets", "1")
        self.assertEqual(res["results"][0]["snippets"][0]["section"], "side_effects")

    def test_words_of_an_idiom_no_monograph_says_count_less_in_usage(self):
        # "hearing voices" is in no monograph: its words sought in Usage found Betahistine
        # ("hearing loss") first. "hair loss" is the monographs' own phrase: its words in
        # Usage still count in full.
        _, res, _ = search(self.index, "hearing voices medicine", "--limit", "4")
        self.assertEqual(ids(res)[0], "amisulpride")
        self.assertNotIn("betahistine", ids(res))
        # "craving" of "craving alcohol" ranked Nicotine and Bupropion ("nicotine craving").
        _, res, _ = search(self.index, "medicine to stop craving alcohol", "--limit", "2")
        self.assertEqual(ids(res), ["baclofen", "clonidine"])
        _, res, _ = search(self.index, "hair loss treatment for men", "--limit", "2")
        self.assertEqual(ids(res), ["minoxidil", "finasteride"])

    def test_a_forgotten_dose_shows_the_missed_dose_faq(self):
        # MedQuAD's "What should I do if I forget a dose of Albendazole ?" showed the first
        # FAQ, on how it kills worms.
        _, res, _ = search(self.index, "What should I do if I forget a dose of Albendazole ?",
                           "--limit", "1", "--snippets", "1")
        snip = res["results"][0]["snippets"][0]
        self.assertEqual((res["results"][0]["id"], snip["section"]), ("albendazole", "faq"))
        self.assertIn("What should I do if I miss a dose?", snip["text"])

    def test_dietary_questions_show_the_passage_on_food(self):
        # MedQuAD's "What special dietary instructions should I follow with Cefpodoxime ?"
        # showed the start of Usage.
        for query, first, text in (
                ("What special dietary instructions should I follow with Cefpodoxime ?",
                 "cefpodoxime-proxetil", "best taken with food"),
                ("warfarin diet, what should i avoid", "warfarin", "Keep leafy greens steady")):
            _, res, _ = search(self.index, query, "--limit", "1", "--snippets", "1")
            self.assertEqual(res["results"][0]["id"], first, query)
            self.assertIn(text, res["results"][0]["snippets"][0]["text"], query)

    def test_what_strengths_a_drug_comes_in_shows_them(self):
        # "what strengths do valproic acid come in" (MedicationQA) showed the start of
        # Usage, on epilepsy; "amlodipine available in which strengths" a Dosage line.
        for query, first, text in (
                ("what strengths do valproic acid come in", "sodium-valproate-valproic-acid",
                 "available as controlled-release tablets"),
                ("amlodipine available in which strengths", "amlodipine",
                 "available as 2.5 mg, 5 mg and 10 mg")):
            _, res, _ = search(self.index, query, "--limit", "1", "--snippets", "1")
            self.assertEqual(res["results"][0]["id"], first, query)
            self.assertIn(text, res["results"][0]["snippets"][0]["text"], query)

    def test_vitamin_d_names_the_vitamin_d3_monograph(self):
        # A consumer question (TREC LiveQA) ranked Vitamin A first on "50,000 IU": "vitamin
        # d" named no drug, the corpus's monograph being "Vitamin D3".
        query = ("Is a high dose, 50,000 IUs, of vitamin D safe if you have a deficiency? "
                 "Can high doses cause flatulence or other side effects?")
        _, res, _ = search(self.index, query, "--limit", "2")
        self.assertEqual(ids(res)[0], "vitamin-d3")

    def test_a_quoted_drug_name_names_its_drug(self):
        # A drug's whole name in quotes named no drug: Norethisterone ranked before
        # Tranexamic Acid on "heavy periods", as Tamsulosin before Vitamin C on "kidney
        # stones". Unquoted, the name ranked first already; quoted, it does too.
        for query, first in (('"tranexamic acid" heavy periods', "tranexamic-acid"),
                             ('"vitamin c" kidney stones', "vitamin-c"),
                             ("tranexamic acid heavy periods", "tranexamic-acid")):
            _, res, _ = search(self.index, query, "--limit", "3")
            self.assertEqual(ids(res)[0], first, query)
        # Beside another drug's name, the quoted one comes first (Iron came first).
        _, res, _ = search(self.index, '"vitamin c" iron absorption', "--limit", "2")
        self.assertEqual(ids(res), ["vitamin-c", "iron"])

    def test_words_of_synonym_phrases_and_common_brand_words_are_not_corrected(self):
        # "twisted" is in no monograph, but a word of the synonym key "twisted ankle" (met
        # across "my", before "ankle swollen"); it was corrected at once to the brand
        # "Twintel", even where no key matches ("twisted knee"). "droop" became "drop", a
        # word of a few brands ("... Drops") but of a hundred monographs.
        for query in ("twisted my ankle swollen and painful", "eyelids droop and arms get weak",
                      "twisted knee"):
            _, res, _ = search(self.index, query, "--limit", "3")
            self.assertIs(res["corrected"], False, query)
        top = ids(search(self.index, "twisted my ankle swollen and painful", "--limit", "3")[1])
        self.assertNotIn("cilnidipine-telmisartan", top)
        self.assertTrue(any(d in " ".join(top) for d in ("diclofenac", "ibuprofen", "nimesulide",
                                                          "aceclofenac")), top)
        self.assertEqual(ids(search(self.index, "eyelids droop and arms get weak by evening",
                                    "--limit", "1")[1]), ["pyridostigmine"])

    def test_everyday_words_are_never_corrected(self):
        # A word no monograph has is not misspelled when the English word lists have it:
        # "shin" is no "skin", and "trip" is no brand "Strip" to search instead. Hindi
        # words typed between the symptoms ("raha" is no brand "Zaha") are built in.
        words = os.path.join(self.tmp, "words")
        with open(words, "w") as f:
            f.write("pressing\nshin\ntrip\nleaves\nShin's\n")
        def query(q, lists):
            env = dict(os.environ, RX_WORDLISTS=lists)
            p = subprocess.run(WRAP + [RXSEARCH, "--index", self.index, "--json", "--", q],
                               capture_output=True, text=True, env=env, timeout=300)
            return json.loads(p.stdout)
        malaria = "tablet to prevent malaria before a jungle trip"
        self.assertEqual(query(malaria, "")["suggestion"], malaria.replace("trip", "strip"))
        res = query(malaria, words)
        self.assertEqual((res["suggestion"], res["corrected"]), (None, False))
        self.assertIn(ids(res)[0], ("hydroxychloroquine", "doxycycline", "chloroquine"))
        shin = "feet puffy by evening and pressing my shin leaves a dent"
        self.assertIsNotNone(query(shin, "")["suggestion"])
        self.assertIsNone(query(shin, words)["suggestion"])
        res = query("kamar mein achanak dard, jhuk nahi pa raha", "")
        self.assertEqual((res["suggestion"], res["corrected"]), (None, False))
        res = query("cetrizine", words)
        self.assertEqual((res["suggestion"], res["corrected"]), ("cetirizine", True))

    def test_codes_and_doses_are_never_corrected(self):
        for query in ("CYP2C29", "CYP2C9", "2500 mg", "B13"):
            _, res, _ = search(self.index, query, "--limit", "3")
            if res is not None:
                self.assertIsNone(res["suggestion"], query)
                self.assertIs(res["corrected"], False, query)

    def test_common_word_is_not_corrected_when_results_exist(self):
        _, res, _ = search(self.index, "pins and needles in the hands")
        self.assertIs(res["corrected"], False)

    def test_synonym_keys_match_stemmed_and_in_either_order(self):
        # The table has "shaking hands" -> tremor; the stemmed key matches "hands shaking".
        for query in ("shaking hands", "hands shaking"):
            self.assertEqual(ids(search(self.index, query, "--limit", "3")[1])[0], "propranolol")
        # "water tablets" meets the key "water tablet" through its stem.
        top = ids(search(self.index, "water tablets", "--limit", "5")[1])
        diuretics = ("furosemide", "torasemide", "hydrochlorothiazide", "chlorthalidone",
                     "spironolactone", "indapamide")
        for drug in top[:5]:
            self.assertTrue(any(d in drug for d in diuretics), top)

    def test_two_drugs_ask_about_interactions(self):
        _, res, _ = search(self.index, "clopidogrel with omeprazole", "--limit", "2")
        self.assertEqual(set(ids(res)), {"clopidogrel", "omeprazole"})
        for hit in res["results"]:
            self.assertEqual(hit["snippets"][0]["section"], "interactions")

    def test_capitalised_word_is_stemmed(self):
        upper = ids(search(self.index, "Headaches", "--limit", "20")[1])
        lower = ids(search(self.index, "headache", "--limit", "20")[1])
        self.assertEqual(upper, lower)

    def test_irregular_plurals_meet_their_singular(self):
        # Snowball leaves children/child apart; "child" alone then matched
        # only "Child-Pugh", a rare and so heavy word, and put rifaximin's hepatic note
        # first for a parent's "child fever syrup dose".
        for one, many in (("child", "children"), ("woman", "women")):
            self.assertEqual(search(self.index, one, "--limit", "30")[1]["results"],
                             search(self.index, many, "--limit", "30")[1]["results"], one)
        top = ids(search(self.index, "child fever syrup dose", "--limit", "3")[1])
        self.assertIn("paracetamol", top[0])
        # Snippets find "teeth" for "tooth", though "teeth" does not begin with its stem.
        hit = search(self.index, "tooth staining", "--limit", "1")[1]["results"][0]
        marked = [s["text"].encode()[a:a + n].decode() for s in hit["snippets"]
                  for a, n in s["highlights"]]
        self.assertIn("teeth", marked)

    def test_medical_tokens_are_findable(self):
        for query, expect in (("CYP2D6", None), ("5-HT3", "ondansetron"), ("5ht3", "ondansetron"),
                              ("B12", None), ("\"1500 mcg\"", None)):
            code, res, _ = search(self.index, query, "--limit", "3")
            self.assertEqual(code, 0, query)
            if expect:
                self.assertEqual(ids(res)[0], expect, query)

    def test_a_slash_between_words_separates_them(self):
        # "dosage/quetiapine" was the phrase "dosage quetiapine": no results. Between words
        # of four letters or more a slash is a space; "mcg/day" stays one phrase.
        _, res, _ = search(self.index, "what is dosage/quetiapine", "--limit", "1")
        self.assertEqual(ids(res), ["quetiapine"])
        self.assertEqual(res["results"][0]["snippets"][0]["section"], "dosage")
        phrase = search(self.index, "mcg/day", "--limit", "1")[1]["total"]
        words = search(self.index, "mcg day", "--limit", "1")[1]["total"]
        self.assertGreater(phrase, 0)
        self.assertLess(phrase * 5, words)

    def test_phrase_and_boolean(self):
        _, res, _ = search(self.index, "\"narrow-angle glaucoma\"", "--limit", "50")
        for hit in res["results"]:
            text = " ".join(s["text"] for s in hit["snippets"]).lower()
            self.assertRegex(text, r"narrow.angle glaucoma", hit["id"])
        _, both, _ = search(self.index, "title:metformin AND title:glimepiride", "--limit", "50")
        self.assertTrue(all("metformin" in i and "glimepiride" in i for i in ids(both)), ids(both))
        _, minus, _ = search(self.index, "metformin -glimepiride", "--limit", "50")
        self.assertTrue(minus["results"])
        self.assertFalse(any("glimepiride" in i for i in ids(minus)), ids(minus))

    def test_a_quoted_word_still_names_its_drug(self):
        # A word in quotes is that word, not corrected, but a drug's name in quotes still
        # puts its monograph first (Rosuvastatin + Aspirin ranked before Aspirin), alone
        # or among other words, as without the quotes.
        for query in ('"aspirin"', '"Ecosprin"', '"aspirin" dose', 'dose "aspirin"'):
            _, res, _ = search(self.index, query, "--limit", "1")
            self.assertEqual(ids(res), ["aspirin"], query)
        code, res, _ = search(self.index, '"cetrizine"')
        self.assertEqual((code, res["results"], res["corrected"]), (1, [], False))

    def test_wildcard(self):
        code, res, _ = search(self.index, "amitrip*", "--limit", "5")
        self.assertEqual(code, 0)
        self.assertIn("amitriptyline", ids(res))

    def test_banned_filter(self):
        _, yes, _ = search(self.index, "banned:yes", "--limit", "100")
        self.assertTrue(all(h["is_banned"] for h in yes["results"]))
        _, no, _ = search(self.index, "pain banned:no", "--limit", "100")
        self.assertTrue(no["results"])
        self.assertFalse(any(h["is_banned"] for h in no["results"]))

    def test_text_output_marks_matches(self):
        code, out, _ = run(RXSEARCH, "--index", self.index, "--limit", "1", "glaucoma")
        self.assertEqual(code, 0)
        self.assertRegex(out, r"^About \d+ results\n\n1\. .+\(score \d+\.\d\d\)")
        self.assertIn("«glaucoma»", out.lower())
        self.assertRegex(out, r"\n    \[[^\]]+\] ")

    def test_batch_mode(self):
        code, out, _ = run(RXSEARCH, "--index", self.index, "--batch",
                           stdin="nerve pain\n\nAND\ncetirizine\n")
        lines = out.splitlines()
        self.assertEqual(len(lines), 4)
        self.assertEqual(json.loads(lines[0])["query"], "nerve pain")
        self.assertIn("error", json.loads(lines[1]))
        self.assertIn("error", json.loads(lines[2]))
        self.assertEqual(ids(json.loads(lines[3]))[0], "cetirizine")
        self.assertEqual(code, 1)

    def test_exit_codes_and_errors(self):
        code, _, err = search(self.index, "zzzzqqqxx")
        self.assertEqual(code, 1)
        code, out, err = run(RXSEARCH, "--index", self.index, "AND")
        self.assertEqual(code, 2)
        self.assertEqual(err.strip(), "rxsearch: 'AND' needs something to search before it "
                                      "(column 1)")
        code, out, err = run(RXSEARCH, "--index", self.index, "--limit", "1", "nosuchfield:pain")
        self.assertEqual(code, 0)
        self.assertEqual(err, "rxsearch: note: 'nosuchfield:' is not a field; searched as text "
                              "(fields: see --help)\n")
        res = search(self.index, "nosuchfield:pain", "--limit", "1")[1]  # JSON says it too
        self.assertEqual(res["notice"], err[len("rxsearch: note: "):].strip())
        code, _, err = run(RXSEARCH, "--index", self.index, "banned:maybe")
        self.assertEqual(code, 2)
        self.assertIn("'banned:' takes yes or no, not 'maybe'", err)
        code, _, err = run(RXSEARCH, "--index", self.index, "x*")
        self.assertEqual(code, 2)
        self.assertIn("wildcard 'x*'", err)
        code, _, err = run(RXSEARCH, "--index", self.index, "--limit", "-3", "pain")
        self.assertEqual(code, 2)
        self.assertIn("--limit takes a whole number", err)
        # "-n 5" was searched as "5 aspirin" without the letter n; a word to leave out still
        # works as an argument of its own.
        code, _, err = run(RXSEARCH, "--index", self.index, "-n", "5", "aspirin")
        self.assertEqual((code, err.count("\n")), (2, 1))
        self.assertIn("unknown option '-n' (see --help; a word to leave out goes in", err)
        code, out, _ = run(RXSEARCH, "--index", self.index, "--json", "aspirin", "-ibuprofen")
        self.assertEqual(code, 0)
        self.assertNotIn("ibuprofen", json.loads(out)["results"][0]["id"])
        code, _, err = run(RXSEARCH, "--index", os.path.join(self.tmp, "nope"), "pain")
        self.assertEqual(code, 2)
        self.assertIn("nope", err)
        self.assertEqual(len(err.strip().splitlines()), 1)


class DefaultCorpus(unittest.TestCase):
    """The team's corpus/ and the README's example queries on it."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="rx-e2e-default-")
        cls.index = os.path.join(cls.tmp, "index")
        cls.code, cls.out, cls.err = index(cls.index, os.path.join(SOURCE, "corpus"))

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def top(self, query, n=5):
        code, res, _ = search(self.index, query, "--limit", str(n))
        self.assertEqual(code, 0, query)
        return res

    def test_indexes_without_failures_or_warnings(self):
        self.assertEqual(self.code, 0, self.err)
        self.assertRegex(self.out, r"^indexed \d+, skipped 0 unchanged, removed 0, failed 0")
        self.assertGreaterEqual(int(self.out.split()[1].rstrip(",")), 60)
        self.assertEqual(self.err, "")

    def test_symptom_queries_find_drugs_that_treat_them(self):
        expect = {
            "nerve pain": {"pregabalin", "pregabalin-methylcobalamin", "gabapentin",
                           "amitriptyline-methylcobalamin", "duloxetine", "carbamazepine"},
            "pins and needles in the hands": {"pregabalin", "pregabalin-methylcobalamin",
                                              "gabapentin", "amitriptyline-methylcobalamin",
                                              "duloxetine"},
            "high blood pressure": {"amlodipine", "telmisartan", "telmisartan-amlodipine",
                                    "losartan", "metoprolol", "hydrochlorothiazide", "propranolol"},
            "acid reflux": {"omeprazole", "pantoprazole", "rabeprazole", "famotidine",
                            "domperidone-pantoprazole"},
            "fits": {"levetiracetam", "sodium-valproate", "carbamazepine", "phenytoin",
                     "clonazepam"},
        }
        for query, good in expect.items():
            top = ids(self.top(query))
            self.assertTrue(set(top[:4]) <= good, (query, top))
            for hit in self.top(query)["results"][:4]:
                self.assertEqual(hit["snippets"][0]["section"], "usage", (query, hit["id"]))

    def test_side_effect_mentions_rank_below_indications(self):
        top = ids(self.top("pins and needles in the hands", 10))
        for side_effect_only in ("isoniazid", "metformin"):
            if side_effect_only in top:
                self.assertGreater(top.index(side_effect_only), 4, top)

    def test_clinician_queries(self):
        res = self.top("contraindicated in narrow-angle glaucoma")
        self.assertIn("amitriptyline-methylcobalamin", ids(res)[:3])
        self.assertEqual(res["results"][0]["snippets"][0]["section"], "contraindications")
        res = self.top("amitriptyline breastfeeding")
        self.assertEqual(ids(res)[0], "amitriptyline-methylcobalamin")
        self.assertEqual(res["results"][0]["snippets"][0]["section"], "pregnancy")
        res = self.top("side effects of metformin")
        self.assertEqual(ids(res)[0], "metformin")
        self.assertEqual(res["results"][0]["snippets"][0]["section"], "side_effects")

    def test_explain_says_why(self):
        code, res, _ = search(self.index, "high blood pressure", "--explain", "--limit", "3")
        self.assertEqual(code, 0)
        for hit in res["results"]:
            items = hit["explain"]
            self.assertTrue(items, hit["id"])
            self.assertEqual(set(items[0]), {"term", "field", "weight"})
            weights = [i["weight"] for i in items]
            self.assertEqual(weights, sorted(weights, reverse=True))
            self.assertIn("usage", {i["field"] for i in items})
            # Recomputed per-term BM25 weights account for the score, give or take phrases.
            self.assertAlmostEqual(sum(weights), hit["score"], delta=0.25 * hit["score"])
        code, out, _ = run(RXSEARCH, "--index", self.index, "--explain", "--limit", "1", "fits")
        self.assertRegex(out, r"\n    why: \S+ \[\w+\] \d+\.\d\d")

    def test_brand_and_misspelling(self):
        self.assertEqual(ids(self.top("Amnurite"))[0], "amitriptyline-methylcobalamin")
        res = self.top("glimipiride")
        self.assertIs(res["corrected"], True)
        self.assertEqual(ids(res)[0], "glimepiride")


class Incremental(unittest.TestCase):
    """A private corpus that the tests change."""

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="rx-e2e-inc-")
        self.corpus = os.path.join(self.tmp, "corpus")
        self.index = os.path.join(self.tmp, "index")
        os.mkdir(self.corpus)
        for name in ("cetirizine.md", "pregabalin.md", "metformin.md", "amlodipine.md"):
            shutil.copy(os.path.join(MONOGRAPHS, name), self.corpus)

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def test_deleted_file_disappears(self):
        self.assertEqual(index(self.index, self.corpus)[0], 0)
        self.assertEqual(ids(search(self.index, "cetirizine")[1])[0], "cetirizine")
        os.remove(os.path.join(self.corpus, "cetirizine.md"))
        code, out, _ = index(self.index, self.corpus)
        self.assertEqual(code, 0)
        self.assertRegex(out, r"^indexed 0, skipped 3 unchanged, removed 1, failed 0")
        code, res, _ = search(self.index, "title:cetirizine", "--no-spelling")
        self.assertEqual(code, 1)
        self.assertEqual(res["results"], [])

    def test_phrases_match_stems_except_in_faqs(self):
        with open(os.path.join(self.corpus, "zelvane.md"), "w", encoding="utf-8") as f:
            f.write("---\ntitle: Zelvane\nis_banned: false\n---\n"
                    "## Usage\n\nZelvane quietly soothes blorpish nerves.\n\n"
                    "## FAQs\n\n### Q1: When do I take it?\n"
                    "**A:** Take it with a frumious breakfast.\n")
        self.assertEqual(index(self.index, self.corpus)[0], 0)
        # Phrases match stems, in order.
        self.assertEqual(ids(search(self.index, '"soothe blorpish nerve"')[1]), ["zelvane"])
        code, res, _ = search(self.index, '"blorpish soothes"', "--no-spelling")
        self.assertEqual((code, res["results"]), (1, []))
        # FAQs keep no positions (they restate the other sections): a phrase no other section
        # has is looked for as words in FAQs, and said so; faq:"…" asks for them there.
        code, res, _ = search(self.index, '"frumious breakfast"', "--no-spelling")
        self.assertEqual((code, ids(res)), (0, ["zelvane"]))
        self.assertIn("no section has the exact phrase", res["notice"])
        self.assertEqual(res["results"][0]["snippets"][0]["section"], "faq")
        self.assertEqual(ids(search(self.index, "frumious breakfast")[1]), ["zelvane"])
        _, res, _ = search(self.index, 'faq:"frumious breakfast"')
        self.assertEqual(ids(res), ["zelvane"])
        self.assertEqual(res["results"][0]["snippets"][0]["section"], "faq")

    def test_index_path_with_trailing_slash(self):
        # The compacted copy (and shards) go beside the index, not inside it.
        code, out, err = index(self.index + "//", self.corpus, extra=("--shard", "2"))
        self.assertEqual(code, 0, err)
        self.assertNotIn("warning", err)
        self.assertRegex(out, r"^indexed 4, .*compacted")
        self.assertEqual(sorted(os.listdir(self.tmp)), ["corpus", "index"])
        self.assertEqual(search(self.index, "title:cetirizine")[1]["total"], 1)

    def test_changed_file_is_replaced_not_duplicated(self):
        index(self.index, self.corpus)
        path = os.path.join(self.corpus, "metformin.md")
        with open(path, encoding="utf-8") as f:
            text = f.read()
        with open(path, "w", encoding="utf-8") as f:
            f.write(text.replace("## **Usage**", "## **Usage**\n\n- Zorbulator marker.", 1))
        code, out, _ = index(self.index, self.corpus)
        self.assertRegex(out, r"^indexed 1, skipped 3 unchanged, removed 0, failed 0")
        self.assertEqual(ids(search(self.index, "zorbulator")[1]), ["metformin"])
        self.assertEqual(search(self.index, "title:metformin")[1]["total"], 1)

    def test_bad_files_are_reported_and_the_rest_indexed(self):
        with open(os.path.join(self.corpus, "broken.md"), "w") as f:
            f.write("---\ntitle: Broken\nis_banned: maybe\n---\n## Usage\n\ntext\n")
        with open(os.path.join(self.corpus, "nofront.md"), "w") as f:
            f.write("## Usage\n\ntext\n")
        with open(os.path.join(self.corpus, "notes.txt"), "w") as f:
            f.write("not a monograph\n")
        code, out, err = index(self.index, self.corpus)
        self.assertEqual(code, 1)
        self.assertRegex(out, r"^indexed 4, skipped 0 unchanged, removed 0, failed 2, ignored 1")
        self.assertIn("broken.md:3: front matter: is_banned must be true or false, not 'maybe'",
                      err)
        self.assertIn("nofront.md:1: no front matter", err)
        self.assertIn("notes.txt: not a monograph (.md) file; skipped", err)
        self.assertEqual(ids(search(self.index, "pregabalin")[1])[0], "pregabalin")

    def test_synonym_table_is_rewritten_only_when_it_changes(self):
        table = os.path.join(self.tmp, "syn.tsv")
        with open(table, "w") as f:
            f.write("# test table\nzorbly\tcetirizine\n")
        cmd = [RXINDEX, "--index", self.index, "--synonyms", table, self.corpus]
        self.assertEqual(run(*cmd)[0], 0)
        self.assertEqual(ids(search(self.index, "zorbly")[1])[0], "cetirizine")
        with open(table, "w") as f:
            f.write("# test table\nblorpy\tpregabalin\n")
        self.assertEqual(run(*cmd)[0], 0)
        self.assertEqual(ids(search(self.index, "blorpy")[1])[0], "pregabalin")
        code, res, _ = search(self.index, "zorbly", "--no-spelling")
        self.assertEqual(code, 1, "a line removed from the table is gone from the index")
        # A brand still stands for its monograph's title whatever the table holds: the
        # query reads the title from the monograph (no synonym entries per brand).
        _, res, _ = search(self.index, "Okacet", "--explain", "--limit", "1")
        hit = res["results"][0]
        self.assertIn("Okacet", hit["brands"])
        self.assertIn("Zcetirizin", [e["term"] for e in hit["explain"]])

    def test_bad_synonym_lines_are_reported_and_skipped(self):
        # Each bad line is named and skipped; a term repeated is named and merged.
        table = os.path.join(self.tmp, "syn.tsv")
        with open(table, "w") as f:
            f.write("zorbly\tcetirizine\nno tab here\n\tpregabalin\n"
                    "one two three four\tmetformin\nblorpy\t | \nZorbly\tpregabalin\n")
        code, out, err = run(RXINDEX, "--index", self.index, "--synonyms", table, self.corpus)
        self.assertEqual(code, 0, err)
        self.assertEqual(err.splitlines(), [
            f"rxindex: {table}:2: synonyms: no tab between term and synonyms; line skipped",
            f"rxindex: {table}:3: synonyms: empty term; line skipped",
            f"rxindex: {table}:4: synonyms: term has 4 words, queries are matched on at most 3; "
            "line skipped",
            f"rxindex: {table}:5: synonyms: no synonyms after the tab; line skipped",
            f'rxindex: {table}:6: synonyms: term "zorbly" is also on line 1; their synonyms '
            "are merged"])
        self.assertEqual(set(ids(search(self.index, "zorbly", "--limit", "2")[1])),
                         {"cetirizine", "pregabalin"})

    def test_fresh_build_is_compacted_and_swapped_in(self):
        def size(d):
            return sum(os.path.getsize(os.path.join(d, f)) for f in os.listdir(d))
        code, out, _ = index(self.index, self.corpus)
        self.assertEqual(code, 0)
        self.assertTrue(out.rstrip().endswith("(compacted)"), out)
        loose = os.path.join(self.tmp, "loose")
        code, out, _ = index(loose, self.corpus, extra=("--no-compact",))
        self.assertFalse(out.rstrip().endswith("(compacted)"), out)
        self.assertLess(size(self.index), size(loose))
        self.assertEqual(sorted(os.listdir(self.tmp)), ["corpus", "index", "loose"])
        self.assertEqual(run(RXINDEX, "--check", "--index", self.index)[0], 0)
        self.assertEqual(ids(search(self.index, "cetirizine")[1])[0], "cetirizine")
        # A run that changes little leaves the index as it is.
        code, out, _ = index(self.index, self.corpus)
        self.assertRegex(out, r"^indexed 0, skipped 4 unchanged, .*s\n$")

    def test_missing_corpus_is_fatal(self):
        code, _, err = index(self.index, os.path.join(self.tmp, "absent"))
        self.assertEqual(code, 2)
        self.assertIn("absent: cannot open the corpus", err)

    def test_check(self):
        index(self.index, self.corpus)
        code, out, _ = run(RXINDEX, "--check", "--index", self.index)
        self.assertEqual(code, 0)
        self.assertIn("index is consistent", out)


if __name__ == "__main__":
    if not os.path.isdir(MONOGRAPHS):
        print("shared corpus not found; skipping")
        sys.exit(77)
    unittest.main(argv=sys.argv[:1], verbosity=2)
