"""Train the small German NER pipeline shipped in ``gdpr_audit/discover/models/de_ner``.

Run: ``.venv/bin/python benchmarks/ner/train_de_ner.py --germeval-dev PATH --europeana DIR``

Training data (both openly licensed, see ``benchmarks/ner/SOURCE.md``):

- GermEval 2014 NER **dev** split (``NER-de-dev.tsv``, 2,200 sentences, CC BY 4.0);
  the test split is never read here: it is what bench_detect.py measures on.
- Europeana Newspapers German NER corpora (``enp_DE.{lft,onb,sbb}.bio``, CC0): OCRed
  historic newspapers, about 145,000 tokens with PER/LOC/ORG.
- ``--synthetic N`` CRM-style German sentences built here from the project's own
  gazetteers (given names, surnames, GeoNames cities): names after salutations, in
  signatures and lists, next to German nouns that are not names.

Labels: PER, LOC, ORG (GermEval's OTH, ``*deriv`` and ``*part`` count as outside). The
pipeline is spaCy's CPU "efficiency" NER (hash embeddings of NORM/PREFIX/SUFFIX/SHAPE,
a 4-layer CNN, no vectors). 10% of the GermEval dev sentences are held out as spaCy's
dev set (model selection); the GermEval test split stays unseen.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin
from spacy.training import biluo_tags_to_spans, iob_to_biluo

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import synthetic_sentences  # noqa: E402

OUT = ROOT / "gdpr_audit/discover/models/de_ner"
KEEP = {"PER", "LOC", "ORG"}
Sentence = tuple[list[str], list[str]]


def _tag(tag: str) -> str:
    """BIO tag with only the kept labels (``B-LOCderiv`` -> ``O``, ``I-OTH`` -> ``O``)."""
    if tag == "O" or "-" not in tag:
        return "O"
    prefix, label = tag.split("-", 1)
    return f"{prefix}-{label}" if label in KEEP else "O"


def _repair(tags: list[str]) -> list[str]:
    """BIO2 with every I- after its own B- or I- (OCR cuts leave stray I- tags)."""
    out = []
    for i, tag in enumerate(tags):
        if tag.startswith("I-") and (i == 0 or out[-1][2:] != tag[2:]):
            tag = "B-" + tag[2:]
        out.append(tag)
    return out


def read_germeval(path: Path) -> list[Sentence]:
    """Sentences of a GermEval 2014 TSV file (outer level tags)."""
    sentences: list[Sentence] = []
    words: list[str] = []
    tags: list[str] = []
    for line in path.read_text("utf-8").splitlines():
        if line.startswith("#"):
            continue
        if not line.strip():
            if words:
                sentences.append((words, _repair(tags)))
            words, tags = [], []
            continue
        parts = line.split("\t")
        words.append(parts[1])
        tags.append(_tag(parts[2]))
    if words:
        sentences.append((words, _repair(tags)))
    return sentences


_END = {".", "!", "?"}


def read_europeana(path: Path, max_len: int = 60) -> list[Sentence]:
    """The ``token TAG`` lines of a Europeana file, cut into sentences at ``. ! ?``.

    The files have no sentence breaks; a break follows an end mark before a capitalised
    word, and at ``max_len`` tokens.
    """
    rows = []
    for line in path.read_text("utf-8").splitlines():
        parts = line.split()
        if len(parts) == 2:
            rows.append((parts[0], _tag(parts[1])))
    sentences: list[Sentence] = []
    words: list[str] = []
    tags: list[str] = []
    for i, (word, tag) in enumerate(rows):
        words.append(word)
        tags.append(tag)
        nxt = rows[i + 1][0] if i + 1 < len(rows) else ""
        nxt_tag = rows[i + 1][1] if i + 1 < len(rows) else "O"
        end = word in _END and nxt[:1].isupper()
        if (end or len(words) >= max_len) and not nxt_tag.startswith("I-"):
            sentences.append((words, _repair(tags)))
            words, tags = [], []
    if words:
        sentences.append((words, _repair(tags)))
    return sentences


def to_docs(nlp: spacy.Language, sentences: Iterable[Sentence]) -> Iterator[Doc]:
    for words, tags in sentences:
        doc = Doc(nlp.vocab, words=words)
        doc.ents = biluo_tags_to_spans(doc, iob_to_biluo(tags))
        yield doc


def config(rows: int, width: int) -> str:
    """spaCy's CPU efficiency NER config (``spacy init config -p ner -o efficiency``)."""
    cfg = spacy.util.load_config(Path(__file__).with_name("de_ner.cfg"))
    cfg["components"]["tok2vec"]["model"]["encode"]["width"] = width
    cfg["components"]["tok2vec"]["model"]["embed"]["rows"] = [rows, rows // 5, rows // 2, rows // 2]
    return cfg.to_str()


_SOURCE_FILES = ("enp_DE.lft.bio", "enp_DE.onb.bio", "enp_DE.sbb.bio")


def build_corpus(args: argparse.Namespace) -> tuple[list[Sentence], list[Sentence]]:
    """(train, dev) sentences; dev = a seeded 10% of the GermEval dev split."""
    rng = random.Random(args.seed)
    germeval = read_germeval(Path(args.germeval_dev))
    rng.shuffle(germeval)
    n_dev = len(germeval) // 10
    dev, train = germeval[:n_dev], germeval[n_dev:]
    if args.europeana:
        for name in _SOURCE_FILES:
            train += read_europeana(Path(args.europeana) / name)
    if args.synthetic:
        train += synthetic_sentences(args.synthetic, seed=args.seed)
    rng.shuffle(train)
    return train, dev


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--germeval-dev", required=True, help="NER-de-dev.tsv")
    ap.add_argument("--europeana", help="folder with enp_DE.{lft,onb,sbb}.bio")
    ap.add_argument("--synthetic", type=int, default=0, help="synthetic CRM sentences")
    ap.add_argument("--out", default=str(OUT))
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--rows", type=int, default=5000, help="hash embedding rows (NORM)")
    ap.add_argument("--width", type=int, default=96)
    ap.add_argument("--max-steps", type=int, default=6000)
    args = ap.parse_args(argv)

    from spacy.cli.train import train

    started = time.perf_counter()
    nlp = spacy.blank("de")
    train_sents, dev_sents = build_corpus(args)
    print(f"train {len(train_sents)} sentences, dev {len(dev_sents)} (GermEval dev 10%)")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        DocBin(docs=to_docs(nlp, train_sents)).to_disk(work / "train.spacy")
        DocBin(docs=to_docs(nlp, dev_sents)).to_disk(work / "dev.spacy")
        (work / "config.cfg").write_text(config(args.rows, args.width), "utf-8")
        train(
            work / "config.cfg",
            work / "out",
            overrides={
                "paths.train": str(work / "train.spacy"),
                "paths.dev": str(work / "dev.spacy"),
                "training.max_steps": args.max_steps,
                "system.seed": args.seed,
            },
        )
        out = Path(args.out)
        shutil.rmtree(out, ignore_errors=True)
        shutil.copytree(work / "out/model-best", out)
    _write_meta(out, args, time.perf_counter() - started)
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"model {out} {size / 1e6:.1f} MB, trained in {time.perf_counter() - started:.0f} s")


def _write_meta(out: Path, args: argparse.Namespace, seconds: float) -> None:
    """Name, licence and sources in meta.json (spaCy shows them with ``nlp.meta``)."""
    path = out / "meta.json"
    meta = json.loads(path.read_text("utf-8"))
    meta.update(
        name="de_ner_gdpr_audit",
        version="1.0.0",
        description=(
            "German PER/LOC/ORG NER for gdpr-audit, trained offline on the GermEval 2014 "
            "dev split, the Europeana Newspapers German NER corpora and "
            f"{args.synthetic} synthetic CRM sentences (benchmarks/ner/SOURCE.md)"
        ),
        license="CC BY 4.0",
        sources=[
            {"name": "GermEval 2014 NER (dev split)", "license": "CC BY 4.0",
             "author": "D. Benikova, C. Biemann, M. Reznicek"},
            {"name": "Europeana Newspapers NER corpora (German)", "license": "CC0 1.0",
             "url": "https://github.com/EuropeanaNewspapers/ner-corpora"},
        ],
        training_seconds=round(seconds),
        max_steps=args.max_steps,
    )
    path.write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", "utf-8")


if __name__ == "__main__":
    main()
