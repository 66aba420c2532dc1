#!/bin/sh
# Runs one libFuzzer target from a -DDXSCREEN_FUZZ=ON build:
#   sh tests/fuzz/run.sh <target> [seconds] [build dir]
# The working corpus lives in <build>/fuzz-corpus/<target> (seeded from tests/fuzz/seeds/<target>);
# crashes, leaks and timeouts are written to <build>/fuzz-artifacts/<target>/, with the
# run's log (fuzz-0.log). Exits 1 when the run found something. One job, one worker: the machine is shared.
set -eu
target=${1:?usage: run.sh <target> [seconds] [build dir]}
seconds=${2:-600}
cd "$(dirname "$0")/../.."
root=$(pwd)
build=$(cd "${3:-${DXSCREEN_FUZZ_DIR:-build-fuzz}}" && pwd)
binary="$build/tests/fuzz/fuzz_$target"
[ -x "$binary" ] || { echo "run.sh: $binary not built (configure with -DDXSCREEN_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++)" >&2; exit 2; }
corpus="$build/fuzz-corpus/$target"
artifacts="$build/fuzz-artifacts/$target"
mkdir -p "$corpus" "$artifacts"
dict=""
[ -f "$root/tests/fuzz/dicts/$target.dict" ] && dict="-dict=$root/tests/fuzz/dicts/$target.dict"
regressions=""
[ -d "$root/tests/fuzz/regressions/$target" ] && regressions="$root/tests/fuzz/regressions/$target"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
# -jobs=1 writes the run's log to fuzz-0.log in the working folder: the artifacts folder.
cd "$artifacts"
rm -f fuzz-0.log
before=$(ls | grep -cE '^(crash|leak|timeout|oom)-' || true)
# shellcheck disable=SC2086
"$binary" -jobs=1 -workers=1 -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 \
  -max_len="${FUZZ_MAX_LEN:-65536}" -print_final_stats=1 -artifact_prefix="$artifacts/" $dict \
  "$corpus" "$root/tests/fuzz/seeds/$target" $regressions >/dev/null 2>&1 || true
grep -E '^(#[0-9]+ *(DONE|INITED)|stat::|==[0-9]+==ERROR|SUMMARY|artifact_prefix|Test unit written)' fuzz-0.log | tail -n 20
after=$(ls | grep -cE '^(crash|leak|timeout|oom)-' || true)
if [ "$after" -gt "$before" ] || grep -q -E '==[0-9]+==ERROR|fuzz invariant violated|runtime error:' fuzz-0.log; then
  echo "fuzz_$target: FOUND a problem (see $artifacts)" >&2
  exit 1
fi
echo "fuzz_$target: clean for ${seconds}s"
