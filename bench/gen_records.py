"""Generate realistic wilson-layout records (deterministic from a seed) for benchmarks and tests.

Usage: python bench/gen_records.py N OUTDIR [--seed S]

Records vary the layout (plain, bold, Markdown headings, wrapped titles), names, dates,
archival signatures, editorial brackets, speaker turns and page-break splits; their body
sentences come from the sample records, with names swapped.
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "records"

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
PEOPLE = [("Kim Il Sung", "Kim"), ("Fang Yi", "Fang"), ("Hao Deqing", "Hao"), ("Pak Geum-cheol", "Pak"),
          ("Song Renqiong", "Song"), ("Jiao Ruoyu", "Jiao"), ("Choe Yong-geon", "Choe"),
          ("Nam Chun-hwa", "Nam"), ("Zhou Enlai", "Zhou"), ("Ri Ju-yeon", "Ri"), ("Liu Shaoqi", "Liu"),
          ("Yang Yong", "Yang"), ("Huang Huoqing", "Huang"), ("Kim Il", "Kim Il"), ("Zhang Xianwu", "Zhang")]
ROMANIZED = {"Pak Geum-cheol": "Pak Kum Chol", "Choe Yong-geon": "Choe Yonggon", "Nam Chun-hwa": "Nam Chun Hwa",
             "Ri Ju-yeon": "Ri Ju Yon"}
TRANSLATORS = ["Jeffrey Wang", "Charles Kraus", "Gary Goldberg", "Stephen Mercado", "Sergey Radchenko"]
OBTAINERS = ["Shen Zhihua", "James Person", "Balazs Szalontai"]
FUNDERS = ["MacArthur Foundation", "ROK Ministry of Unification", "Korea Foundation"]
LANGUAGES = ["Chinese", "Russian", "Korean"]
TITLES = ["Record of Conversation between {a} and {b}", "Minutes of Conversation between {a} and the Chinese Delegation",
          "Report on Conversation between {a} and {b}", "Cable from Chinese Ambassador {a}, 'On Calling on {b}'"]
STAGES = ["laughing", "after a pause", "smiling"]
NAME_RE = re.compile("|".join(re.escape(full) for full, _ in sorted(PEOPLE, key=lambda p: -len(p[0]))))


def _sentences() -> list[str]:
    """Sentences of the sample bodies (with their brackets), the raw material of generated text."""
    found = []
    for path in sorted(SAMPLES.iterdir()):
        body = path.read_text(encoding="utf-8").split("Translation - English", 1)[-1]
        for para in body.split("\n\n"):
            para = " ".join(para.split())
            if len(para) < 60 or re.match(r"^\w[\w ]*:", para):
                continue
            # Split after a full stop, but not after "Cde." or an initial ("N. S. Khrushchev").
            for sentence in re.split(r"(?<!Cde\.)(?<!\b[A-Z]\.)(?<=[.!?])\s+(?=[A-Z])", para):
                if 30 < len(sentence) < 400 and sentence.count("[") == sentence.count("]") \
                        and sentence.count('"') % 2 == 0 and ":" not in sentence:
                    found.append(sentence)
    return found


def _date(rng: random.Random) -> tuple[int, int, int]:
    # From 1956: the sample sentences mention dates up to 1965, and a document cannot cite
    # a date more than ten years after its own (validation rule R203).
    return rng.randint(1956, 1975), rng.randint(1, 12), rng.randint(1, 28)


def _paragraph(rng: random.Random, sentences: list[str], cast: list[tuple[str, str]]) -> str:
    text = " ".join(rng.choice(sentences) for _ in range(rng.randint(1, 4)))
    return NAME_RE.sub(lambda m: rng.choice(cast)[0], text)


def record(index: int, rng: random.Random, sentences: list[str]) -> str:
    """Return the text of one generated record."""
    cast = rng.sample(PEOPLE, 3)
    (a, a_short), (b, b_short), (c, c_short) = cast
    year, month, day = _date(rng)
    date = f"{MONTHS[month - 1]} {day}, {year}"
    title = rng.choice(TITLES).format(a=a, b=b)
    record_id = 200000 + index
    if rng.random() < 0.5:
        signature = f"PRC FMA 106-0{rng.randint(1000, 1999)}-0{rng.randint(1, 9)}, {(p := rng.randint(1, 90))}-{p + rng.randint(1, 12)}"
        resp = f"Obtained by {rng.choice(OBTAINERS)} and translated by {' and '.join(rng.sample(TRANSLATORS, rng.randint(1, 2)))}."
    else:
        signature = f"AVPRF F. 0{rng.randint(100, 999)}, Op. {rng.randint(1, 40)}, Delo {rng.randint(1, 90)}"
        resp = f"Translated for NKIDP by {rng.choice(TRANSLATORS)}."
    url = f"https://wilson-center-digital-archive.dvincitest.com/document/{record_id}"
    citation = f'"{title}", {date}, Wilson Center Digital Archive, {signature}. {resp}'
    sections = [("Citation", citation + (f" {url}" if rng.random() < 0.5 else f"\n<{url}>")),
                ("Summary", f"{a} and {b} exchanged views on {rng.choice(['economic', 'military', 'party'])} matters."),
                ("Credits", f"This document was made possible with support from {rng.choice(FUNDERS)}"),
                ("Original Language", rng.choice(LANGUAGES)), ("Contents", "Translation - English")]

    style = rng.choice(("plain", "bold", "markdown", "wrapped"))
    if style == "markdown":
        head = [f"## **{date}**", "", f"### **{title}**", ""]
        label = "#### **{}:**"
    elif style == "bold":
        head = [f"**{date}**", "", f"**{title}**", ""]
        label = "**{}:**"
    elif style == "wrapped":
        words = title.split()
        half = len(words) // 2
        head = [date, f"**{' '.join(words[:half])}", f"{' '.join(words[half:])}**", ""]
        label = "{}:"
    else:
        head = [f"{date} {title}", ""]
        label = "{}:"
    lines = ["", ""] + head
    for name, text in sections:
        lines += [label.format(name), "", text, ""]

    body = ["[To] the Ministry of Foreign Affairs:"]
    if rng.random() < 0.5:
        for turn in range(rng.randint(4, 12)):
            full, short = cast[turn % 3]
            stage = f" ({rng.choice(STAGES)})" if rng.random() < 0.15 else ""
            roman = f" [{ROMANIZED[full]}]" if full in ROMANIZED and turn < 3 else ""
            speaker = f"{full}{roman} (hereafter referred to as {short})" if turn < 3 else f"{short}{stage}"
            body.append(f"{speaker}: {_paragraph(rng, sentences, cast)}")
    for _ in range(rng.randint(2, 6)):
        body.append(_paragraph(rng, sentences, cast))
    if rng.random() < 0.4:
        # A paragraph broken at a page end, mid-sentence.
        words = _paragraph(rng, sentences, cast).split()
        cut = max(1, len(words) // 2)
        while cut < len(words) - 1 and not words[cut][0].islower():
            cut += 1
        if words[cut - 1][-1].isalpha() and words[cut][0].islower():
            body += [" ".join(words[:cut]), " ".join(words[cut:])]
    body.append(f"{c} {day} {MONTHS[month - 1]}, {rng.randint(1, 11)}:00 p.m.")
    return "\n".join(lines) + "\n" + "\n\n".join(body) + "\n"


def generate(n: int, out_dir: str | Path, seed: int = 0) -> list[Path]:
    """Write n generated records into out_dir and return their paths (same seed, same files)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    sentences = _sentences()
    paths = []
    for index in range(n):
        path = out / f"{index:05d}_gen.txt"
        path.write_text(record(index, rng, sentences), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    """Command line: generate N records into OUTDIR."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("out_dir")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    paths = generate(args.n, args.out_dir, args.seed)
    print(f"{len(paths)} records written to {args.out_dir}")


if __name__ == "__main__":
    main()
