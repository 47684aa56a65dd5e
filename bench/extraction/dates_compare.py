#!/usr/bin/env python3
"""Date finders compared: speed on identical documents and recall of gold
event dates. Reads "name: value" lines (the benchmark's and the peers'),
the finders' dates per document and the gold files; prints a table and
"name: value" lines. See BENCHMARKS.md for the measure.

  dates_compare.py --lines FILE... [--gold DIR --found NAME=FILE...]
"""
import argparse
import json
import os
import sys


def read_lines(paths):
    values = {}
    for path in paths:
        for line in open(path, encoding="utf-8"):
            name, sep, value = line.partition(": ")
            if sep:
                try:
                    values[name.strip()] = float(value)
                except ValueError:
                    pass
    return values


def gold_dates(gold_dir, doc_id):
    path = os.path.join(gold_dir, doc_id + ".gold.json")
    if not os.path.exists(path):
        return None
    gold = json.load(open(path, encoding="utf-8"))
    return [e["date"] for e in gold.get("events", []) if e.get("date")]


def found(value, dates):
    # A gold day needs that day; a gold month ("2025-06") or year needs a
    # found date inside it. The same rule for every finder.
    return any(d[: len(value)] == value for d in dates if len(d) >= len(value))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--lines", nargs="+", required=True)
    parser.add_argument("--gold")
    parser.add_argument("--found", nargs="*", default=[])
    args = parser.parse_args()
    v = read_lines(args.lines)
    out = []
    rows = []
    ours = v.get("dates_peer_set_docs_s_dragoman")
    rows.append(("dragoman FindDates", ours, v.get("dates_peer_set_mb_s_dragoman")))
    for peer in ("dateparser", "chrono"):
        rate = v.get("dates_peer_set_docs_s_" + peer)
        rows.append((peer, rate, v.get("dates_peer_set_mb_s_" + peer)))
        if ours and rate:
            out.append(("date_speedup_vs_" + peer, ours / rate))
        else:
            out.append(("date_speedup_vs_" + peer, float("nan")))
    recalls = {}
    if args.gold:
        for spec in args.found:
            name, _, path = spec.partition("=")
            hits = total = 0
            for line in open(path, encoding="utf-8"):
                if not line.strip():
                    continue
                doc = json.loads(line)
                gold = gold_dates(args.gold, doc["id"])
                if gold is None:
                    continue
                for g in gold:
                    total += 1
                    hits += found(g, doc["dates"])
            recalls[name] = (hits, total)
            out.append(("date_recall_" + name, hits / total if total else float("nan")))
            out.append(("date_gold_event_dates_" + name, total))
    print("| date finder | documents/s | MB/s | x dragoman | gold event dates found |")
    print("|---|---|---|---|---|")
    names = {"dragoman FindDates": "dragoman", "dateparser": "dateparser", "chrono": "chrono"}
    for label, rate, mb in rows:
        ratio = ours / rate if ours and rate else float("nan")
        hits, total = recalls.get(names[label], (0, 0))
        recall = "%d/%d" % (hits, total) if total else "-"
        print("| %s | %s | %s | %s | %s |" % (
            label, "%.1f" % rate if rate else "-", "%.4f" % mb if mb else "-",
            "%.0fx slower" % ratio if label != "dragoman FindDates" and rate else "-", recall))
    print()
    for name, value in out:
        print("%s: %.3f" % (name, value) if name.startswith("date_speedup") else "%s: %.4f" % (name, value))


if __name__ == "__main__":
    sys.exit(main())
