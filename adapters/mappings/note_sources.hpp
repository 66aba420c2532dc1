#pragma once
// Tabular notes as they come from the release files, before they become edges:
//   the CDC tabular XML (chapter / section / diag note containers, all five kinds), and
//   the Excludes1 table CSV (chapter,code,codeTitle,noteType,noteText,referencedCodes,
//   referencedCategories; one row per note line, locations "M62.4", "Block M60-M63", "Chapter 4").
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/notes.hpp"
#include "core/result.hpp"

namespace dxs::mappings {

struct ImportedNote {
  NoteKind kind = NoteKind::excludes1;
  std::string location;  // "M62.4", "Block M60-M63", "Chapter 13"
  std::string text;      // one note line; tabs and line breaks replaced by spaces
  std::string file;      // source file name
  std::size_t line = 0;  // line in the source file
};

struct NoteSource {
  std::string name;                       // file name
  std::vector<ImportedNote> notes;        // document order
  std::set<std::string> locations;        // every location the file covers, with or without notes
  std::set<NoteKind> kinds;               // note kinds the file carries
  int version = 0;                        // XML <version>, 0 if none
  std::map<std::string, std::size_t> skipped_elements;  // unknown XML elements by name
};

Result<NoteSource> read_excludes_csv(std::string_view text, std::string_view source_name);
// Parses in place (the buffer is modified). Iterates children by name; unknown elements are
// counted in skipped_elements, not rejected.
Result<NoteSource> read_tabular_xml(std::string& text, std::string_view source_name);

enum class MergeMode {
  replace,    // at every location the second source covers, its notes replace the first's
  add_kinds,  // keep the first source; add the second's notes of kinds the first does not carry
};
std::vector<ImportedNote> merge_notes(const NoteSource& first, const NoteSource& second, MergeMode mode);

// 1-based line and column of a byte offset.
std::pair<std::size_t, std::size_t> line_column(std::string_view text, std::size_t offset);

}  // namespace dxs::mappings
