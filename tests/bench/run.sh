#!/bin/sh
# dxscreen benchmarks: builds Release into build-bench if needed, generates the inputs into a
# temporary folder (deleted afterwards), runs each measurement in its own process and prints one
# table. Single thread throughout. Environment:
#   DXSCREEN_BENCH_DIR   build folder (default build-bench)
#   DXSCREEN_BENCH_TMP   scratch folder for generated inputs (default: mktemp -d under /tmp)
#   BENCH_JOBS           build parallelism (default 1: the machine is shared)
#   BENCH_SKIP_1G=1      skip the 1 GB streamed run;  BENCH_CLAIMS (default 100000)
set -eu
cd "$(dirname "$0")/../.."
root=$(pwd)
build=${DXSCREEN_BENCH_DIR:-build-bench}
claims=${BENCH_CLAIMS:-100000}
if [ ! -f "$build/build.ninja" ]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DDXSCREEN_TESTS=ON >/dev/null
fi
cmake --build "$build" --target dxscreen gen_claims dxs_bench -j"${BENCH_JOBS:-1}" >/dev/null
gen="$build/tests/bench/gen_claims"
bench="$build/tests/bench/dxs_bench"
tmp=${DXSCREEN_BENCH_TMP:-$(mktemp -d /tmp/dxscreen-bench.XXXXXX)}
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT INT TERM
out="$tmp/results.txt"
: >"$out"

"$gen" x12 "$claims" >"$tmp/837p.x12"
"$gen" ndjson "$claims" >"$tmp/claims.ndjson"
"$gen" bundle 20000 >"$tmp/bundle.json"

"$bench" x12 "$tmp/837p.x12" >>"$out"
"$bench" ndjson "$tmp/claims.ndjson" >>"$out"
"$bench" document "$tmp/bundle.json" >>"$out"
"$bench" latency samples/x12/837p-excludes1-m62451-m24561.x12 samples/fhir/m62-81-r53-1.json 20000 >>"$out"
"$bench" codesets mappings >>"$out"

# The CLI end to end on the same 837 (JSON report to /dev/null), and on a 1 GB 837 streamed.
cli_run() {  # label file
  /usr/bin/time -f "%e %M" -o "$tmp/time.txt" "$build/dxscreen" check --format json --quiet "$2" >/dev/null || [ $? -eq 1 ]
  set -- "$1" "$2" $(tail -n 1 "$tmp/time.txt")
  echo "mode=$1 bytes=$(stat -c %s "$2") seconds=$3 peak_rss_kb=$4" >>"$out"
}
cli_run cli-x12 "$tmp/837p.x12"
if [ "${BENCH_SKIP_1G:-0}" != 1 ]; then
  "$gen" x12-bytes 1073741824 >"$tmp/837p-1g.x12"
  cli_run cli-x12-1g "$tmp/837p-1g.x12"
  rm -f "$tmp/837p-1g.x12"
fi

# HTTP: tests/bench/http_load.sh (wrk against `dxscreen serve`); the server's peak RSS is its
# VmHWM, read while the load runs.
if [ -f tests/bench/http_load.sh ] && command -v wrk >/dev/null 2>&1; then
  sh tests/bench/http_load.sh "$build" >"$tmp/http.txt" 2>"$tmp/http.err" &
  load=$!
  hwm=0
  while kill -0 "$load" 2>/dev/null; do
    for pid in $(pgrep -f "$build/dxscreen serve" || true); do
      kb=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
      [ "${kb:-0}" -gt "$hwm" ] && hwm=$kb
    done
    sleep 0.5
  done
  if wait "$load"; then
    grep 'requests=' "$tmp/http.txt" | sed "s/^\(.*[^ ]\)  *\(requests=.*\)\$/mode=http \2 peak_rss_kb=$hwm scenario=\1/" >>"$out"
  else
    echo "mode=http-failed reason=$(head -c 200 "$tmp/http.err" | tr ' \n' '__')" >>"$out"
  fi
else
  echo "mode=http-failed reason=tests/bench/http_load.sh_or_wrk_missing" >>"$out"
fi

python3 "$root/tests/bench/table.py" "$out"
