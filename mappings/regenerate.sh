#!/bin/sh
# Regenerates mappings/icd10cm/ (code sets and notes) from the CDC/NCHS release files with
# dxscreen's own importer. Run from the repository root with the folder holding the release
# files (layout below and in mappings/README.md section 4):
#   sh mappings/regenerate.sh CDC_DIR          (DXSCREEN=build/dxscreen, OUT=mappings/icd10cm)
# The output is deterministic: tests/adapters/mappings/shipped_data_test.cpp re-runs the same
# imports and compares byte for byte.
set -eu
DXSCREEN=${DXSCREEN:-build/dxscreen}
SRC=${1:?usage: sh mappings/regenerate.sh CDC_DIR (holding fy2025/cdc, fy2026/cdc, fy2027/derived, fy2027/excludes, fy2026/tabular-excerpt)}
OUT=${OUT:-mappings/icd10cm}
CSV="$SRC/fy2027/excludes/fy2027-excludes1.csv"
XML="$SRC/fy2026/tabular-excerpt/icd10cm_tabular_2026_excerpt.xml"

# FY2025 and FY2026: FY2027 Excludes1 table, with the FY2026 tabular excerpt's notes (all kinds)
# replacing the table's at every location the excerpt covers.
"$DXSCREEN" import-icd10cm --order "$SRC/fy2025/cdc/icd10cm-order-2025.txt" \
  --excludes1-csv "$CSV" --tabular "$XML" --tabular-merge replace --out-dir "$OUT"
"$DXSCREEN" import-icd10cm --order "$SRC/fy2026/cdc/icd10cm-order-2026.txt" \
  --excludes1-csv "$CSV" --tabular "$XML" --tabular-merge replace --out-dir "$OUT"
# FY2027: the FY2027 Excludes1 table for every chapter; the excerpt adds only the note kinds the
# table does not carry (Excludes2, code first, use additional, code also), carried forward.
"$DXSCREEN" import-icd10cm --order "$SRC/fy2027/derived/icd10cm-order-2027.txt" \
  --excludes1-csv "$CSV" --tabular "$XML" --tabular-merge add-kinds --out-dir "$OUT"
