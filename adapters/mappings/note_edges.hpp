#pragma once
// Imported notes -> rows of dxscreen's notes TSV (format: core/notes.hpp, mappings/README.md):
//   kind<TAB>source<TAB>target<TAB>note text
// source is "M62.4", "Block M60-M63" or "Chapter 13 (M00-M99)"; one row per target; notes with
// no code reference (prose, lead-ins, unrecognised forms) get one row with an empty target.
#include <array>
#include <string>
#include <vector>

#include "adapters/mappings/code_catalog.hpp"
#include "adapters/mappings/note_references.hpp"
#include "adapters/mappings/note_sources.hpp"

namespace dxs::mappings {

// ICD-10-CM chapter code ranges (chapter 17 ends Q99 until FY2025, QA0 in FY2026, QA1 from FY2027).
std::string chapter_range(int chapter, int fiscal_year);  // "M00-M99"; "" for an unknown chapter

struct NoteRow {
  NoteKind kind = NoteKind::excludes1;
  std::string source;  // TSV source field
  std::string target;  // dotted pattern, "" for notes without code references
  std::string text;
};

struct NoteRowStats {
  std::array<std::size_t, 5> edges_by_kind{};  // rows with a target, by NoteKind
  std::size_t notes = 0;
  std::size_t notes_without_references = 0;    // prose + lead-in + unrecognised
  std::size_t lead_ins = 0, prose = 0, unrecognised = 0;
  std::size_t dropped_source_not_in_code_set = 0;  // notes whose location is not in the code set
  std::size_t dropped_target_not_in_code_set = 0;  // targets with no code in the code set
  std::vector<std::string> unrecognised_samples;   // "file:line: problem"
};

// With a catalog, notes at locations missing from it and targets that match no code are dropped
// (counted). Throws nothing; locations were validated by the readers.
std::vector<NoteRow> build_note_rows(const std::vector<ImportedNote>& notes, int fiscal_year,
                                     const CodeCatalog* catalog,
                                     NoteRowStats& stats);

struct NotesHeader {
  int fiscal_year = 0;
  std::string source;  // file names, "; "-joined
  std::string sha256;  // their hashes, same order
};
std::string write_notes_tsv(const std::vector<NoteRow>& rows, const NotesHeader& header);

}  // namespace dxs::mappings
