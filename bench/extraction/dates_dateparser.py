#!/usr/bin/env python3
"""Date finding with python3-dateparser over the documents of a JSON Lines
file ({"id", "text", "reference"}): search_dates(text, languages=['fr','en'],
settings={'RELATIVE_BASE': reference}). Writes each document's dates
({"id", "dates": ["YYYY-MM-DD", ...]}) to OUT and prints the rate."""
import datetime
import json
import sys
import time
import warnings

warnings.filterwarnings("ignore")
from dateparser.search import search_dates  # noqa: E402


def main():
    docs_path, out_path, name = sys.argv[1], sys.argv[2], sys.argv[3]
    docs = [json.loads(l) for l in open(docs_path, encoding="utf-8") if l.strip()]
    # dateparser loads its language data on first use: not part of the rate.
    search_dates("le 2 juin 2025", languages=["fr", "en"])
    found = []
    start = time.perf_counter()
    for d in docs:
        settings = {}
        if d["reference"]:
            settings["RELATIVE_BASE"] = datetime.datetime.fromisoformat(d["reference"])
        results = search_dates(d["text"], languages=["fr", "en"], settings=settings) or []
        found.append({"id": d["id"], "dates": [dt.date().isoformat() for _, dt in results]})
    seconds = time.perf_counter() - start
    with open(out_path, "w", encoding="utf-8") as out:
        for f in found:
            out.write(json.dumps(f) + "\n")
    size = sum(len(d["text"].encode("utf-8")) for d in docs)
    print("%s_documents: %d" % (name, len(docs)))
    print("%s_docs_s_dateparser: %.3f" % (name, len(docs) / seconds))
    print("%s_mb_s_dateparser: %.6f" % (name, size / 1e6 / seconds))


if __name__ == "__main__":
    main()
