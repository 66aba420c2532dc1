"""Prints the one benchmark table from dxs_bench / run.sh key=value lines (argv[1])."""
import sys


def rows(path):
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        scenario = ""
        if " scenario=" in line:  # free text, always last
            line, scenario = line.split(" scenario=", 1)
        fields = dict(part.split("=", 1) for part in line.split() if "=" in part)
        if scenario:
            fields["scenario"] = scenario
        if "mode" in fields:
            yield fields


def mb(kb):
    return f"{int(kb) / 1024:.0f} MB" if kb else ""


def num(value, fmt):
    return format(float(value), fmt) if value not in (None, "") else ""


table = []
for r in rows(sys.argv[1]):
    mode = r["mode"]
    size = f"{int(r['bytes']) / 1e6:.1f} MB" if "bytes" in r else ""
    if mode in ("x12", "ndjson", "document"):
        name = {"x12": "X12 837P screen (in-process, JSON report)",
                "ndjson": "FHIR NDJSON screen (in-process, JSON report)",
                "document": "FHIR Bundle screen (in-process, OperationOutcome)"}[mode]
        table.append((name, f"{size}, {r['claims']} claims", num(r["mb_per_s"], ".0f") + " MB/s",
                      num(r["claims_per_s"], ",.0f") + " claims/s", "", mb(r["peak_rss_kb"])))
    elif mode == "latency":
        table.append((f"single-claim latency, {r['format']} (in-process)", f"{r['runs']} runs", "", "",
                      f"p50 {float(r['p50_us']):.0f} us / p99 {float(r['p99_us']):.0f} us", mb(r["peak_rss_kb"])))
    elif mode == "codeset":
        table.append((f"code-set load {r['file']}", f"{r['codes']} codes", "", "",
                      f"read {float(r['read_ms']):.0f} ms + parse {float(r['parse_ms']):.0f} ms", ""))
    elif mode == "knowledge":
        table.append(("load_knowledge (all mappings)", f"{r['code_sets']} code sets", "", "",
                      f"{float(r['load_ms']):.0f} ms", mb(r["peak_rss_kb"])))
    elif mode.startswith("cli-x12"):
        secs = float(r["seconds"])
        name = "dxscreen check --format json, 1 GB 837P streamed" if mode.endswith("1g") else \
            "dxscreen check --format json, 837P (CLI end to end)"
        table.append((name, size, f"{int(r['bytes']) / 1e6 / secs:.0f} MB/s" if secs > 0 else "", "",
                      f"{secs:.1f} s wall", mb(r["peak_rss_kb"])))
    elif mode == "http":
        errors = int(r.get("http_errors", 0)) + int(r.get("socket_errors", 0))
        table.append((f"HTTP {r['scenario']} (TLS, keep-alive, wrk)", f"{r['requests']} requests"
                      + (f", {errors} errors" if errors else ""), f"{float(r['rps']):,.0f} req/s", "",
                      f"p50 {float(r['p50_ms']):.2f} ms / p99 {float(r['p99_ms']):.2f} ms", mb(r["peak_rss_kb"])))
    elif mode == "http-failed":
        table.append(("HTTP (tests/bench/http_load.sh)", "not measured: " + r["reason"].replace("_", " "), "", "", "", ""))

head = ("measurement", "input", "throughput", "claims/s", "latency / time", "peak RSS")
widths = [max(len(str(row[i])) for row in [head] + table) for i in range(len(head))]
for row in [head, tuple("-" * w for w in widths)] + table:
    print(" | ".join(str(c).ljust(w) for c, w in zip(row, widths)).rstrip())
