#pragma once
// The code references of one tabular note line, as the importer turns them into edge targets.
// One parser for every source (tabular XML and the Excludes1 CSV):
//   "(C49.-, C79.89, D21.-, D48.1-)"     several references, trailing '-' = subtree
//   "M20-M21", "N39.3-N39.4-", "I69.81- I69.91-", "I01.0 -I01.9", "S06.1- to S06.6-"  ranges
//   "D29.2.-"                            misprinted subtree
//   "E08-E13 with .42", "(E08-E13 with .51-.52)"  a suffix on every existing category of a range
//   "I69. with final characters -23"     existing descendants ending in those characters
//   "B27.- with fifth character 2", "F11-F19 with fifth to sixth characters 51",
//   "S02.- with 7th character B"         existing descendants with that character at that position
//   "torticollis NOS M43.6"              a reference without parentheses, taken only when the note
//                                        has no parenthesised one and the code set has the code
//   lead-in lines ending in ':' and prose give no target; a "with" clause that is none of the
//   above ("with ketoacidosis", "with open fracture 7th character") makes the whole note
//   unrecognised (no target) rather than over-broad.
#include <string>
#include <string_view>
#include <vector>

#include "adapters/mappings/code_catalog.hpp"

namespace dxs::mappings {

enum class NoteTextKind { references, lead_in, prose, unrecognised };
const char* to_string(NoteTextKind kind) noexcept;

struct NoteReferences {
  NoteTextKind kind = NoteTextKind::prose;
  std::vector<std::string> targets;  // dotted patterns, printed order, unique: "M24.5-", "M20-M21", "E08.42"
  std::vector<std::string> printed;  // the references as printed, before "with" expansion ("E08-E13")
  std::string problem;               // why the note is unrecognised
};

// `catalog` (the fiscal year's codes) is needed for "with" forms and references without
// parentheses; without it such notes are unrecognised / ignored.
NoteReferences parse_note_references(std::string_view text, const CodeCatalog* catalog);

// Dotted display of an undotted pattern end: "M245" -> "M24.5", "F95" + subtree -> "F95.-".
std::string dotted_pattern(std::string_view undotted, bool subtree);

}  // namespace dxs::mappings
