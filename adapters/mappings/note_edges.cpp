#include "adapters/mappings/note_edges.hpp"

#include <set>
#include <tuple>

namespace dxs::mappings {
namespace {

std::string undot(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c != '.' && c != '-') out.push_back(c);
  }
  return out;
}

// Source field and its undotted low/high ends.
struct Location {
  std::string field;
  std::string lo, hi;
};

Location locate(const std::string& location, int fiscal_year) {
  Location loc;
  if (location.rfind("Chapter ", 0) == 0) {
    std::string range = chapter_range(std::atoi(location.c_str() + 8), fiscal_year);
    loc.field = location + " (" + range + ")";
    loc.lo = range.substr(0, 3);
    loc.hi = range.size() >= 7 ? range.substr(4, 3) : loc.lo;
  } else if (location.rfind("Block ", 0) == 0) {
    std::string range = location.substr(6);
    loc.field = location;
    loc.lo = range.substr(0, 3);
    loc.hi = range.size() >= 7 ? range.substr(4, 3) : loc.lo;
  } else {
    loc.field = location;
    loc.lo = loc.hi = undot(location);
  }
  return loc;
}

bool target_exists(const std::string& target, const CodeCatalog& catalog) {
  std::size_t split = std::string::npos;
  for (std::size_t i = 0; i + 1 < target.size(); ++i) {
    if (target[i] == '-' && target[i + 1] >= 'A' && target[i + 1] <= 'Z') {
      split = i;
      break;
    }
  }
  if (split == std::string::npos) return catalog.has_prefix(undot(target));
  return catalog.has_prefix(undot(target.substr(0, split))) && catalog.has_prefix(undot(target.substr(split + 1)));
}

}  // namespace

std::string chapter_range(int chapter, int fiscal_year) {
  static constexpr const char* ranges[] = {
      "",        "A00-B99", "C00-D49", "D50-D89", "E00-E89", "F01-F99", "G00-G99", "H00-H59",
      "H60-H95", "I00-I99", "J00-J99", "K00-K95", "L00-L99", "M00-M99", "N00-N99", "O00-O9A",
      "P00-P96", "",        "R00-R99", "S00-T88", "V00-Y99", "Z00-Z99", "U00-U85"};
  if (chapter < 1 || chapter > 22) return {};
  if (chapter == 17) return fiscal_year >= 2027 ? "Q00-QA1" : fiscal_year == 2026 ? "Q00-QA0" : "Q00-Q99";
  return ranges[chapter];
}

std::vector<NoteRow> build_note_rows(const std::vector<ImportedNote>& notes, int fiscal_year,
                                     const CodeCatalog* catalog,
                                     NoteRowStats& stats) {
  std::vector<NoteRow> rows;
  std::set<std::tuple<int, std::string, std::string, std::string>> seen;
  auto add = [&](const NoteRow& row) {
    if (seen.emplace(static_cast<int>(row.kind), row.source, row.target, row.text).second) rows.push_back(row);
  };
  for (const ImportedNote& note : notes) {
    Location loc = locate(note.location, fiscal_year);
    bool chapter = note.location.rfind("Chapter ", 0) == 0;
    if (catalog != nullptr && !chapter && (!catalog->has_prefix(loc.lo) || !catalog->has_prefix(loc.hi))) {
      ++stats.dropped_source_not_in_code_set;
      continue;
    }
    ++stats.notes;
    NoteReferences refs = parse_note_references(note.text, catalog);
    NoteRow row;
    row.kind = note.kind;
    row.source = loc.field;
    row.text = note.text;
    std::size_t kept = 0;
    for (const std::string& target : refs.targets) {
      if (catalog != nullptr && !target_exists(target, *catalog)) {
        ++stats.dropped_target_not_in_code_set;
        continue;
      }
      row.target = target;
      add(row);
      ++stats.edges_by_kind[static_cast<std::size_t>(note.kind)];
      ++kept;
    }
    if (kept != 0) continue;
    if (!refs.targets.empty()) {
      continue;  // every target left the code set: the note no longer applies this year
    }
    ++stats.notes_without_references;
    switch (refs.kind) {
      case NoteTextKind::lead_in: ++stats.lead_ins; break;
      case NoteTextKind::unrecognised:
        ++stats.unrecognised;
        stats.unrecognised_samples.push_back(note.file + ":" + std::to_string(note.line) + ": " + refs.problem);
        break;
      default: ++stats.prose; break;
    }
    row.target.clear();
    add(row);
  }
  return rows;
}

std::string write_notes_tsv(const std::vector<NoteRow>& rows, const NotesHeader& header) {
  std::string out;
  out.reserve(rows.size() * 96 + 256);
  out += "# fiscal_year\t" + std::to_string(header.fiscal_year) + "\n";
  out += "# source\t" + header.source + "\n";
  out += "# sha256\t" + header.sha256 + "\n";
  for (const NoteRow& r : rows) {
    out += to_string(r.kind);
    out += '\t';
    out += r.source;
    out += '\t';
    out += r.target;
    out += '\t';
    out += r.text;
    out += '\n';
  }
  return out;
}

}  // namespace dxs::mappings
