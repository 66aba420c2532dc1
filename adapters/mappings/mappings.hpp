#pragma once
// Reading dxscreen's data folder (mappings/): code sets, tabular notes, rule packs, body-site
// maps. Files are read here; their text is parsed by core (CodeSet, NoteIndex, BodySiteMap) and,
// for rule packs (JSON), by parse_rule_pack. Formats: mappings/README.md.
#include <filesystem>
#include <memory>
#include <string_view>

#include "core/knowledge.hpp"
#include "core/result.hpp"
#include "core/rule_pack.hpp"

namespace dxs::mappings {

// Loads dir/icd10cm/icd10cm-*.tsv (code sets, ascending fiscal year), dir/icd10cm/notes-*.tsv
// (notes keyed by the fiscal year in their header), dir/rulepacks/*.json (by file name) and
// dir/body-sites/*.tsv (merged), and fills Knowledge::version. Start-up only: throws
// std::runtime_error "file:line: problem" for a missing folder or any bad file.
std::shared_ptr<Knowledge> load_knowledge(const std::filesystem::path& dir);

// Parses one rule pack (JSON, schema in mappings/README.md). Unknown keys, unknown rule ids,
// bad severities, dates, patterns or codes are errors whose location is "source:line:column".
Result<RulePack> parse_rule_pack(std::string_view json, std::string_view source_name);

// First existing of: $DXSCREEN_MAPPINGS, <exe dir>/../share/dxscreen/mappings,
// <exe dir>/mappings, the source tree's mappings/ (compile definition DXS_DEFAULT_MAPPINGS_DIR).
// Returns the source-tree path when none exists.
std::filesystem::path default_mappings_dir();

}  // namespace dxs::mappings
