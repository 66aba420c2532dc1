#include "adapters/mappings/import_command.hpp"

#include <charconv>
#include <filesystem>
#include <optional>
#include <stdexcept>

#include "adapters/mappings/code_catalog.hpp"
#include "adapters/mappings/file_io.hpp"
#include "adapters/mappings/note_edges.hpp"
#include "adapters/mappings/note_sources.hpp"
#include "adapters/mappings/order_file.hpp"
#include "core/code_set.hpp"

namespace dxs::mappings {
namespace {

constexpr std::string_view usage_text =
    "usage: dxscreen import-icd10cm [--order FILE] [--excludes1-csv FILE] [--tabular FILE]\n"
    "                               [--tabular-merge replace|add-kinds] [--code-set FILE]\n"
    "                               [--fiscal-year N] [--out-dir DIR]\n"
    "  --order FILE          CDC order file (icd10cm-order-2026.txt) -> icd10cm-<FY>.tsv\n"
    "  --excludes1-csv FILE  Excludes1 table CSV (chapter,code,codeTitle,noteType,noteText,...)\n"
    "  --tabular FILE        CDC tabular XML (excludes1/2, code first, use additional, code also)\n"
    "                        notes from either or both -> notes-<FY>.tsv\n"
    "  --tabular-merge MODE  with both: 'replace' (default) = the XML's notes replace the CSV's at\n"
    "                        every location the XML covers; 'add-kinds' = keep the CSV and add the\n"
    "                        XML's notes of kinds the CSV does not carry\n"
    "  --code-set FILE       an existing icd10cm-<FY>.tsv to check and expand note references\n"
    "                        (implied by --order)\n"
    "  --fiscal-year N       default: the year in the order (else tabular, CSV) file name\n"
    "  --out-dir DIR         default: the current directory\n";

struct Options {
  std::optional<std::filesystem::path> order, csv, tabular, code_set;
  std::optional<int> fiscal_year;
  MergeMode merge = MergeMode::replace;
  std::filesystem::path out_dir = ".";
};

// "icd10cm-order-2026.txt" -> 2026: the first run of four digits 19xx/20xx/21xx in the name.
std::optional<int> year_in_name(const std::filesystem::path& path) {
  std::string name = path.filename().string();
  for (std::size_t i = 0; i + 4 <= name.size(); ++i) {
    bool digits = true;
    for (std::size_t j = 0; j < 4; ++j) digits = digits && name[i + j] >= '0' && name[i + j] <= '9';
    bool bounded = (i == 0 || !(name[i - 1] >= '0' && name[i - 1] <= '9')) &&
                   (i + 4 == name.size() || !(name[i + 4] >= '0' && name[i + 4] <= '9'));
    if (digits && bounded) {
      int y = std::stoi(name.substr(i, 4));
      if (y >= 2000 && y < 2200) return y;
    }
  }
  return std::nullopt;
}

std::optional<std::string> parse_options(const std::vector<std::string>& args, Options& o) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&]() -> std::optional<std::string> {
      if (i + 1 >= args.size()) return std::nullopt;
      return args[++i];
    };
    if (a == "--help" || a == "-h") return std::string("help");
    std::optional<std::string> v;
    if (a == "--order" || a == "--excludes1-csv" || a == "--tabular" || a == "--code-set" ||
        a == "--fiscal-year" || a == "--out-dir" || a == "--tabular-merge") {
      v = value();
      if (!v) return a + " needs a value";
    } else {
      return "unknown option '" + a + "'";
    }
    if (a == "--order") o.order = *v;
    if (a == "--excludes1-csv") o.csv = *v;
    if (a == "--tabular") o.tabular = *v;
    if (a == "--code-set") o.code_set = *v;
    if (a == "--out-dir") o.out_dir = *v;
    if (a == "--fiscal-year") {
      int fy = 0;
      auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), fy);
      if (ec != std::errc() || p != v->data() + v->size() || fy < 2000 || fy >= 2200) {
        return "--fiscal-year wants a year such as 2026, not '" + *v + "'";
      }
      o.fiscal_year = fy;
    }
    if (a == "--tabular-merge") {
      if (*v == "replace") {
        o.merge = MergeMode::replace;
      } else if (*v == "add-kinds") {
        o.merge = MergeMode::add_kinds;
      } else {
        return "--tabular-merge wants 'replace' or 'add-kinds', not '" + *v + "'";
      }
    }
  }
  if (!o.order && !o.csv && !o.tabular) return std::string("nothing to import: give --order, --excludes1-csv or --tabular");
  if (o.order && o.code_set) return std::string("--code-set and --order both give the code set: use one");
  return std::nullopt;
}

std::string file_name(const std::filesystem::path& p) { return p.filename().string(); }

int run(const Options& o, std::ostream& out, std::ostream& err) {
  std::optional<int> fy = o.fiscal_year;
  if (!fy && o.order) fy = year_in_name(*o.order);
  if (!fy && o.tabular) fy = year_in_name(*o.tabular);
  if (!fy && o.csv) fy = year_in_name(*o.csv);
  if (!fy && o.code_set) fy = year_in_name(*o.code_set);

  std::error_code ec;
  std::filesystem::create_directories(o.out_dir, ec);
  if (ec) {
    err << "error: " << o.out_dir.string() << ": cannot create: " << ec.message() << "\n";
    return 1;
  }

  std::optional<CodeCatalog> catalog;
  if (o.order) {
    std::string bytes = read_file(*o.order);
    auto order = parse_order_file(bytes, file_name(*o.order));
    if (!order) {
      err << "error: " << order.error().message << "\n";
      return 1;
    }
    if (!fy) {
      err << "error: no fiscal year in the file name " << file_name(*o.order) << ": give --fiscal-year\n";
      return 2;
    }
    CodeSetHeader header{*fy, file_name(*o.order), sha256_hex(bytes)};
    std::filesystem::path target = o.out_dir / ("icd10cm-" + std::to_string(*fy) + ".tsv");
    write_file_atomically(target, write_code_set_tsv(*order, header));
    out << file_name(target) << ": " << order->entries.size() << " codes, " << order->billable << " billable, "
        << order->headers << " headers (fiscal year " << *fy << ", from " << header.source << ")\n";
    std::vector<std::string> codes;
    codes.reserve(order->entries.size());
    for (const OrderEntry& e : order->entries) codes.push_back(e.code);
    catalog.emplace(std::move(codes));
  } else if (o.code_set) {
    auto set = CodeSet::parse(read_file(*o.code_set), file_name(*o.code_set));
    if (!set) {
      err << "error: " << set.error().message << "\n";
      return 1;
    }
    std::vector<std::string> codes;
    for (const CodeEntry& e : (*set)->entries()) codes.emplace_back(e.code);
    catalog.emplace(std::move(codes));
    if (!fy) fy = (*set)->fiscal_year();
  }

  if (!o.csv && !o.tabular) return 0;

  std::vector<std::string> names, hashes;
  std::optional<NoteSource> csv_source, xml_source;
  if (o.csv) {
    std::string bytes = read_file(*o.csv);
    names.push_back(file_name(*o.csv));
    hashes.push_back(sha256_hex(bytes));
    auto source = read_excludes_csv(bytes, file_name(*o.csv));
    if (!source) {
      err << "error: " << source.error().message << "\n";
      return 1;
    }
    csv_source = std::move(*source);
  }
  if (o.tabular) {
    std::string bytes = read_file(*o.tabular);
    names.push_back(file_name(*o.tabular));
    hashes.push_back(sha256_hex(bytes));
    auto source = read_tabular_xml(bytes, file_name(*o.tabular));
    if (!source) {
      err << "error: " << source.error().message << "\n";
      return 1;
    }
    xml_source = std::move(*source);
    if (!fy && xml_source->version != 0) fy = xml_source->version;
    for (const auto& [element, count] : xml_source->skipped_elements) {
      out << file_name(*o.tabular) << ": skipped unknown element <" << element << "> x" << count << "\n";
    }
  }
  if (!fy) {
    err << "error: no fiscal year in the file names: give --fiscal-year\n";
    return 2;
  }
  if (xml_source && xml_source->version != 0 && xml_source->version != *fy) {
    out << "note: " << xml_source->name << " is tabular version " << xml_source->version
        << ", imported for fiscal year " << *fy << "\n";
  }

  std::vector<ImportedNote> notes;
  std::string label;
  if (csv_source && xml_source) {
    notes = merge_notes(*csv_source, *xml_source, o.merge);
    label = csv_source->name + " + " + xml_source->name;
  } else {
    notes = csv_source ? csv_source->notes : xml_source->notes;
    label = csv_source ? csv_source->name : xml_source->name;
  }
  if (!catalog) {
    out << "note: no code set given (--order or --code-set): 'with' forms and references without "
           "parentheses are not expanded, and nothing is checked against the code set\n";
  }
  NoteRowStats stats;
  std::vector<NoteRow> rows = build_note_rows(notes, *fy, catalog ? &*catalog : nullptr, stats);
  NotesHeader header;
  header.fiscal_year = *fy;
  for (std::size_t i = 0; i < names.size(); ++i) {
    header.source += (i ? "; " : "") + names[i];
    header.sha256 += (i ? "; " : "") + hashes[i];
  }
  std::filesystem::path target = o.out_dir / ("notes-" + std::to_string(*fy) + ".tsv");
  write_file_atomically(target, write_notes_tsv(rows, header));

  out << file_name(target) << ": " << stats.notes << " notes from " << label << "; edges:";
  static constexpr NoteKind kinds[] = {NoteKind::excludes1, NoteKind::excludes2, NoteKind::code_first,
                                       NoteKind::use_additional, NoteKind::code_also};
  for (NoteKind k : kinds) out << " " << to_string(k) << " " << stats.edges_by_kind[static_cast<std::size_t>(k)];
  out << "\n  notes without code references: " << stats.notes_without_references << " (lead-in "
      << stats.lead_ins << ", prose " << stats.prose << ", unrecognised " << stats.unrecognised << ")\n";
  if (catalog) {
    out << "  not in the fiscal year " << *fy << " code set: " << stats.dropped_source_not_in_code_set
        << " notes at absent locations, " << stats.dropped_target_not_in_code_set << " targets dropped\n";
  }
  for (const std::string& s : stats.unrecognised_samples) out << "  unrecognised: " << s << "\n";
  return 0;
}

}  // namespace

int import_main(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  Options options;
  if (auto problem = parse_options(args, options)) {
    if (*problem == "help") {
      out << usage_text;
      return 0;
    }
    err << "import-icd10cm: " << *problem << "\n" << usage_text;
    return 2;
  }
  try {
    return run(options, out, err);
  } catch (const std::exception& e) {
    err << "error: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace dxs::mappings
