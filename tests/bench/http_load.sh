#!/bin/sh
# Load test of `dxscreen serve` with wrk: single-claim FHIR JSON and X12 837P requests over TLS
# (keep-alive), printing requests/s and p50/p99 latency per scenario.
#   sh tests/bench/http_load.sh [BUILD_DIR]      (default: build; needs `dxscreen` built and wrk)
# Environment: DURATION (default 10s), CONNECTIONS (default 16), WRK_THREADS (default 2),
#              SERVER_THREADS (default 0 = one per core).
set -eu
cd "$(dirname "$0")/../.."
BUILD=${1:-build}
DXSCREEN="$BUILD/dxscreen"
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-16}
WRK_THREADS=${WRK_THREADS:-2}
SERVER_THREADS=${SERVER_THREADS:-0}
[ -x "$DXSCREEN" ] || { echo "no $DXSCREEN: build it first (cmake --build $BUILD --target dxscreen)" >&2; exit 2; }
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)" >&2; exit 2; }

WORK=$(mktemp -d)
SERVER=
cleanup() {
  [ -n "$SERVER" ] && kill -TERM "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT INT TERM

# A throw-away certificate for 127.0.0.1.
openssl ecparam -name prime256v1 -genkey -noout -out "$WORK/server.key" 2>/dev/null
chmod 600 "$WORK/server.key"
openssl req -x509 -new -sha256 -days 1 -key "$WORK/server.key" -subj "/CN=localhost" \
  -addext "subjectAltName=IP:127.0.0.1" -out "$WORK/server.crt" 2>/dev/null

cat > "$WORK/dxscreen.json" <<CONF
{
  "mappings": {"dir": "$(pwd)/mappings"},
  "http": {"listen": "127.0.0.1:0", "threads": $SERVER_THREADS, "max_inflight_requests": 1024,
           "max_connections": 4096},
  "tls": {"cert_file": "$WORK/server.crt", "key_file": "$WORK/server.key"},
  "log": {"level": "warn"}
}
CONF

# One professional claim each, with an Excludes1 pair (rejected: the full finding path runs).
cat > "$WORK/claim.json" <<'JSON'
{"resourceType":"Claim","id":"bench-1","status":"active",
 "type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/claim-type","code":"professional"}]},
 "use":"claim","patient":{"display":"Bench Patient"},
 "billablePeriod":{"start":"2025-11-05","end":"2025-11-05"},"created":"2025-11-06",
 "provider":{"display":"Bench Clinic"},"priority":{"coding":[{"code":"normal"}]},
 "insurance":[{"sequence":1,"focal":true,"coverage":{"display":"Bench Plan"}}],
 "diagnosis":[
  {"sequence":1,"diagnosisCodeableConcept":{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"M62.451"}]}},
  {"sequence":2,"diagnosisCodeableConcept":{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"M24.561"}]}}]}
JSON
tr -d '\n' > "$WORK/claim.x12" <<'X12'
ISA*00*          *00*          *ZZ*SUBMITTER01    *ZZ*DXSCREEN       *251104*0930*^*00501*000000103*0*P*:~
GS*HC*SUBMITTER01*DXSCREEN*20251104*0930*103*X*005010X222A1~ST*837*0001*005010X222A1~
BHT*0019*00*BATCH0103*20251104*0930*CH~NM1*41*2*BENCH BILLING*****46*SUBMITTER01~PER*IC*BILLING*TE*5555550100~
NM1*40*2*BENCH PLAN*****46*PAYER01~HL*1**20*1~NM1*85*2*BENCH CLINIC*****XX*1234567893~N3*1 MAIN STREET~
N4*SPRINGFIELD*IL*627010001~REF*EI*123456789~HL*2*1*22*0~SBR*P*18*******CI~NM1*IL*1*PATIENT*BENCH****MI*M0001~
N3*1 SAMPLE STREET~N4*SPRINGFIELD*IL*627010002~DMG*D8*19600101*F~NM1*PR*2*BENCH PLAN*****PI*PAYER01~
CLM*BENCH1*210***11:B:1*Y*A*Y*Y~HI*ABK:M62451*ABF:M24561~LX*1~SV1*HC:97140*210*UN*1***1~DTP*472*D8*20251105~
SE*23*0001~GE*1*103~IEA*1*000000103~
X12

"$DXSCREEN" serve --config "$WORK/dxscreen.json" --port-file "$WORK/port" 2>"$WORK/server.log" &
SERVER=$!
i=0
while [ ! -s "$WORK/port" ]; do
  i=$((i + 1))
  if [ $i -gt 600 ] || ! kill -0 "$SERVER" 2>/dev/null; then
    echo "the server did not start:" >&2; cat "$WORK/server.log" >&2; exit 1
  fi
  sleep 0.1
done
PORT=$(cat "$WORK/port")
BASE="https://127.0.0.1:$PORT"
RESOLVED_THREADS=$SERVER_THREADS
[ "$RESOLVED_THREADS" -gt 0 ] || RESOLVED_THREADS=$(nproc)
echo "dxscreen serve on $BASE: TLS, keep-alive, $RESOLVED_THREADS server thread(s); $(nproc) cores shared with wrk"
echo "wrk: $WRK_THREADS thread(s), $CONNECTIONS connections, $DURATION per scenario, the same POST body repeated"
echo "latencies are wrk's (request written to response read), requests/s over the measured duration"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min; other processes skew the figures)"

run() {  # name path body content-type
  result=$(DXS_BODY_FILE="$3" DXS_CONTENT_TYPE="$4" \
    wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$DURATION" -s tests/bench/http_load.lua "$BASE$2" | grep '^RESULT') ||
    { echo "$1: wrk gave no result" >&2; exit 1; }
  printf '%-22s POST %s (%s bytes) %s\n' "$1" "$2" "$(wc -c < "$3" | tr -d ' ')" "${result#RESULT }"
}
run "fhir-json (1 claim)" '/fhir/Claim/$validate' "$WORK/claim.json" "application/fhir+json"
run "x12-837p (1 claim)" '/x12/837' "$WORK/claim.x12" "application/edi-x12"
run "v1/screen x12" '/v1/screen' "$WORK/claim.x12" "application/edi-x12"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
