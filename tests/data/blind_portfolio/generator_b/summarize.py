"""Per-seed counts of truth decisions and the client-resolution check from the import summaries."""
import collections, csv, json, re, sys
order = ["KEEP", "WATCH", "RESET", "REASSIGN", "RECOVER", "RENEGOTIATE", "RELEASE"]
print("| seed | as_of | window_start | clients | " + " | ".join(order) + " | stored clients (added - joined) |")
print("|---|---|---|---|" + "---|" * len(order) + "---|")
for s in (201, 202, 203, 204, 205):
    rows = list(csv.DictReader(open("out/seed_%d/truth.csv" % s, encoding="utf-8")))
    t = json.load(open("out/seed_%d/truth.json" % s, encoding="utf-8"))
    cnt = collections.Counter(r["expected_decision"] for r in rows)
    try:
        txt = open("out/import_checks/seed_%d.txt" % s, encoding="utf-8").read()
        added = int(re.search(r"clients\s*│\s*\d+\s*│\s*(\d+)", txt).group(1))
        joined = len(re.findall(r"^joined:", txt, re.M))
        stored = "%d - %d = %d" % (added, joined, added - joined)
    except Exception as e:
        stored = "?"
    print("| %d | %s | %s | %d | %s | %s |" % (s, t["as_of"], t["window_start"], len(rows),
          " | ".join(str(cnt.get(k, 0)) for k in order), stored))


def med(xs):
    xs = sorted(x for x in xs if x is not None)
    return xs[len(xs) // 2] if xs else None


print()
print("Signals as built (medians over the five seeds, per archetype):")
print()
print("| archetype | decision | n | strength range | margin | margin last 6m | wtd days late | reply h (all) | reply h (last 90d) | person msgs | service+repeat msgs | hostile+threat msgs | scope msgs |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
by = collections.defaultdict(list)
for s in (201, 202, 203, 204, 205):
    t = json.load(open("out/seed_%d/truth.json" % s, encoding="utf-8"))
    for c in t["clients"]:
        by[c["archetype"]].append(c)
for a in sorted(by, key=lambda a: (by[a][0]["expected_decision"], a)):
    cs = by[a]
    b = [c["built"] for c in cs]
    m = [x["messages"] for x in b]
    f = lambda v: "-" if v is None else (("%.2f" % v) if isinstance(v, float) else str(v))
    print("| %s | %s | %d | %.2f-%.2f | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
        a, cs[0]["expected_decision"], len(cs), min(c["strength"] for c in cs), max(c["strength"] for c in cs),
        f(med([x["margin"] for x in b])), f(med([x["margin_last_6m"] for x in b])), f(med([x["weighted_days_late"] for x in b])),
        f(med([x["reply_median_h_all"] for x in b])), f(med([x["reply_median_h_last_90d"] for x in b])),
        f(med([y.get("in_person", 0) for y in m])), f(med([y.get("in_service", 0) + y.get("in_repeat", 0) for y in m])),
        f(med([y.get("in_hostile", 0) + y.get("in_threat", 0) for y in m])), f(med([y.get("in_scope", 0) for y in m]))))
