#include "adapters/mappings/note_sources.hpp"

#include <pugixml.hpp>

#include <algorithm>

#include "adapters/mappings/csv_reader.hpp"
#include "adapters/mappings/source_error.hpp"

namespace dxs::mappings {
namespace {

std::string clean_text(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  }
  std::size_t b = out.find_first_not_of(' ');
  if (b == std::string::npos) return {};
  std::size_t e = out.find_last_not_of(' ');
  return out.substr(b, e - b + 1);
}

bool parse_kind(std::string_view text, NoteKind* kind) {
  if (parse_note_kind(text, kind)) return true;
  static const std::pair<std::string_view, NoteKind> xml_names[] = {
      {"codeFirst", NoteKind::code_first},
      {"useAdditionalCode", NoteKind::use_additional},
      {"codeAlso", NoteKind::code_also}};
  for (const auto& [name, k] : xml_names) {
    if (text == name) {
      *kind = k;
      return true;
    }
  }
  return false;
}

bool is_code_location(std::string_view s) {
  if (s.size() < 3 || s[0] < 'A' || s[0] > 'Z' || !((s[1] >= '0' && s[1] <= '9') || s[1] == 'A')) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool ok = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || (c == '.' && i == 3 && s.size() > 4);
    if (!ok) return false;
  }
  return s.size() <= 8;
}

bool is_location(std::string_view s) {
  if (s.substr(0, 8) == "Chapter ") {
    std::string_view n = s.substr(8);
    return !n.empty() && n.size() <= 2 && std::all_of(n.begin(), n.end(), [](char c) { return c >= '0' && c <= '9'; });
  }
  if (s.substr(0, 6) == "Block ") {
    std::string_view r = s.substr(6);
    std::size_t dash = r.find('-');
    if (dash == std::string_view::npos) return is_code_location(r) && r.size() == 3;
    return dash == 3 && r.size() == 7 && is_code_location(r.substr(0, 3)) && is_code_location(r.substr(4));
  }
  return is_code_location(s);
}

// Line starts of the original text, so XML node offsets map to lines after in-place parsing.
class LineMap {
 public:
  explicit LineMap(std::string_view text) {
    starts_.push_back(0);
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\n') starts_.push_back(i + 1);
    }
  }
  [[nodiscard]] std::pair<std::size_t, std::size_t> at(std::size_t offset) const {
    auto it = std::upper_bound(starts_.begin(), starts_.end(), offset);
    std::size_t line = static_cast<std::size_t>(it - starts_.begin());
    return {line, offset - starts_[line - 1] + 1};
  }

 private:
  std::vector<std::size_t> starts_;
};

struct XmlWalker {
  NoteSource& source;
  std::string_view name;
  const LineMap& lines;

  std::size_t line_of(const pugi::xml_node& node) const {
    std::ptrdiff_t offset = node.offset_debug();
    return offset < 0 ? 0 : lines.at(static_cast<std::size_t>(offset)).first;
  }

  void skip(const pugi::xml_node& node) { source.skipped_elements[node.name()] += 1; }

  void container(const pugi::xml_node& node, NoteKind kind, const std::string& location) {
    source.kinds.insert(kind);
    for (pugi::xml_node child : node.children()) {
      if (child.type() != pugi::node_element) continue;
      if (std::string_view(child.name()) != "note") {
        skip(child);
        continue;
      }
      ImportedNote note;
      note.kind = kind;
      note.location = location;
      note.text = clean_text(child.child_value());
      note.file = std::string(name);
      note.line = line_of(child);
      if (!note.text.empty()) source.notes.push_back(std::move(note));
    }
  }

  // Handles a child that is a note container; false if it is none.
  bool note_container(const pugi::xml_node& child, const std::string& location) {
    NoteKind kind;
    std::string_view n = child.name();
    if (!parse_kind(n, &kind)) return false;
    container(child, kind, location);
    return true;
  }

  static bool other_known(std::string_view n) {
    static constexpr std::string_view names[] = {"name", "desc", "inclusionTerm", "includes", "notes",
                                                 "sevenChrNote", "sevenChrDef", "useAdditionalCode"};
    return std::find(std::begin(names), std::end(names), n) != std::end(names);
  }

  Status diag(const pugi::xml_node& node) {
    std::string code = clean_text(node.child_value("name"));
    if (!is_code_location(code)) {
      return source_error(name, line_of(node), 0, "diag without a code-shaped <name> ('" + code.substr(0, 16) + "')");
    }
    return diags_and_notes(node, code);
  }

  // The children of a <diag> or <section>: nested <diag>s, notes at `location`, the rest skipped.
  Status diags_and_notes(const pugi::xml_node& node, const std::string& location) {
    source.locations.insert(location);
    for (pugi::xml_node child : node.children()) {
      if (child.type() != pugi::node_element) continue;
      std::string_view n = child.name();
      if (n == "diag") {
        Status s = diag(child);
        if (!s) return s;
      } else if (!note_container(child, location) && !other_known(n)) {
        skip(child);
      }
    }
    return ok_status();
  }

  Status section(const pugi::xml_node& node) {
    std::string id = clean_text(node.attribute("id").value());
    std::string location = "Block " + id;
    if (!is_location(location)) {
      return source_error(name, line_of(node), 0, "section with a bad id '" + id.substr(0, 16) + "'");
    }
    return diags_and_notes(node, location);
  }

  Status chapter(const pugi::xml_node& node) {
    std::string number = clean_text(node.child_value("name"));
    std::string location = "Chapter " + number;
    if (!is_location(location)) {
      return source_error(name, line_of(node), 0, "chapter without a number in <name>");
    }
    source.locations.insert(location);
    for (pugi::xml_node child : node.children()) {
      if (child.type() != pugi::node_element) continue;
      std::string_view n = child.name();
      if (n == "section") {
        Status s = section(child);
        if (!s) return s;
      } else if (n != "sectionIndex" && !note_container(child, location) && !other_known(n)) {
        skip(child);
      }
    }
    return ok_status();
  }
};

}  // namespace

std::pair<std::size_t, std::size_t> line_column(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  std::size_t line = 1, start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++line;
      start = i + 1;
    }
  }
  return {line, offset - start + 1};
}

Result<NoteSource> read_excludes_csv(std::string_view text, std::string_view source_name) {
  auto records = read_csv(text, source_name);
  if (!records) return records.error();
  NoteSource source;
  source.name = std::string(source_name);
  if (records->empty()) return source_error(source_name, 1, 0, "empty file (want a header line)");
  const CsvRecord& header = records->front();
  auto column = [&](std::string_view wanted) -> std::ptrdiff_t {
    auto it = std::find(header.fields.begin(), header.fields.end(), wanted);
    return it == header.fields.end() ? -1 : it - header.fields.begin();
  };
  std::ptrdiff_t code_col = column("code"), type_col = column("noteType"), text_col = column("noteText");
  if (code_col < 0 || type_col < 0 || text_col < 0) {
    return source_error(source_name, header.line, 0,
                        "header must name the columns code, noteType and noteText "
                        "(chapter,code,codeTitle,noteType,noteText,referencedCodes,referencedCategories)");
  }
  for (std::size_t i = 1; i < records->size(); ++i) {
    const CsvRecord& r = (*records)[i];
    ImportedNote note;
    note.file = source.name;
    note.line = r.line;
    note.location = clean_text(r.fields[static_cast<std::size_t>(code_col)]);
    if (!is_location(note.location)) {
      return source_error(source_name, r.line, 0,
                          "bad location '" + note.location.substr(0, 24) +
                              "' in column code (want a code, 'Block X00-X99' or 'Chapter N')");
    }
    const std::string& type = r.fields[static_cast<std::size_t>(type_col)];
    if (!parse_kind(type, &note.kind)) {
      return source_error(source_name, r.line, 0,
                          "unknown noteType '" + type.substr(0, 24) +
                              "' (want excludes1, excludes2, code-first, use-additional, code-also)");
    }
    note.text = clean_text(r.fields[static_cast<std::size_t>(text_col)]);
    if (note.text.empty()) return source_error(source_name, r.line, 0, "empty noteText");
    source.kinds.insert(note.kind);
    source.locations.insert(note.location);
    source.notes.push_back(std::move(note));
  }
  return source;
}

Result<NoteSource> read_tabular_xml(std::string& text, std::string_view source_name) {
  LineMap lines(text);
  pugi::xml_document doc;
  pugi::xml_parse_result parsed =
      doc.load_buffer_inplace(text.data(), text.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed) {
    auto [line, column] = lines.at(static_cast<std::size_t>(std::max<std::ptrdiff_t>(parsed.offset, 0)));
    return source_error(source_name, line, column,
                        std::string("XML parse error: ") + parsed.description() + " (offset " +
                            std::to_string(parsed.offset) + ")");
  }
  pugi::xml_node root = doc.document_element();
  if (std::string_view(root.name()) != "ICD10CM.tabular") {
    return source_error(source_name, 1, 0,
                        std::string("root element is <") + root.name() + ">, expected <ICD10CM.tabular>");
  }
  NoteSource source;
  source.name = std::string(source_name);
  XmlWalker walker{source, source_name, lines};
  for (pugi::xml_node child : root.children()) {
    if (child.type() != pugi::node_element) continue;
    std::string_view n = child.name();
    if (n == "version") {
      std::string v = clean_text(child.child_value());
      source.version = std::atoi(v.c_str());
    } else if (n == "chapter") {
      Status s = walker.chapter(child);
      if (!s) return s.error();
    } else if (n != "introduction") {
      walker.skip(child);
    }
  }
  return source;
}

std::vector<ImportedNote> merge_notes(const NoteSource& first, const NoteSource& second, MergeMode mode) {
  std::vector<ImportedNote> out;
  out.reserve(first.notes.size() + second.notes.size());
  for (const ImportedNote& n : first.notes) {
    if (mode == MergeMode::replace && second.locations.count(n.location) != 0) continue;
    out.push_back(n);
  }
  for (const ImportedNote& n : second.notes) {
    if (mode == MergeMode::add_kinds && first.kinds.count(n.kind) != 0) continue;
    out.push_back(n);
  }
  return out;
}

}  // namespace dxs::mappings
