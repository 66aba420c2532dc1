#include "adapters/mappings/mappings.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <stdexcept>
#include <system_error>

#include "adapters/mappings/file_io.hpp"
#include "core/body_site.hpp"
#include "core/code_set.hpp"
#include "core/notes.hpp"

namespace dxs::mappings {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(const std::string& message) { throw std::runtime_error(message); }

// Files of `folder` whose name starts with `prefix` and ends with `suffix`, sorted by name.
std::vector<fs::path> list_files(const fs::path& folder, std::string_view prefix, std::string_view suffix) {
  std::vector<fs::path> files;
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) return files;
  for (const fs::directory_entry& entry : fs::directory_iterator(folder, ec)) {
    std::string name = entry.path().filename().string();
    if (name.empty() || name.front() == '.') continue;  // hidden and editor files
    if (name.size() < prefix.size() + suffix.size() || name.compare(0, prefix.size(), prefix) != 0 ||
        name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0) {
      continue;
    }
    if (!entry.is_regular_file(ec)) continue;
    files.push_back(entry.path());
  }
  if (ec) fail(folder.string() + ": cannot list: " + ec.message());
  std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) {
    return a.filename().string() < b.filename().string();
  });
  return files;
}

// The fiscal year in a "# fiscal_year<TAB>2026" header line; 0 if none before the first data line.
int header_fiscal_year(std::string_view text, const std::string& source) {
  std::size_t pos = 0, line = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    std::string_view l = text.substr(pos, (nl == std::string_view::npos ? text.size() : nl) - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    ++line;
    if (!l.empty() && l.back() == '\r') l.remove_suffix(1);
    if (l.empty()) continue;
    if (l.front() != '#') break;
    constexpr std::string_view key = "# fiscal_year\t";
    if (l.substr(0, key.size()) == key) {
      std::string_view v = l.substr(key.size());
      int fy = 0;
      for (char c : v) {
        if (c < '0' || c > '9' || fy > 10000) fail(source + ":" + std::to_string(line) + ": bad fiscal_year '" + std::string(v) + "'");
        fy = fy * 10 + (c - '0');
      }
      if (fy < 2000 || fy >= 2200) fail(source + ":" + std::to_string(line) + ": bad fiscal_year '" + std::string(v) + "'");
      return fy;
    }
  }
  return 0;
}

// "icd10cm-2026.tsv" -> 2026 (the digits between prefix and ".tsv"), 0 if not a year.
int year_in_name(const fs::path& file, std::string_view prefix) {
  std::string name = file.filename().string();
  std::string digits = name.substr(prefix.size(), name.size() - prefix.size() - 4);
  if (digits.size() != 4 || !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return 0;
  }
  return std::stoi(digits);
}

std::string years_list(const std::vector<int>& years) {
  std::string out;
  for (int y : years) out += (out.empty() ? "" : ",") + std::to_string(y);
  return out;
}

fs::path executable_dir() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec || exe.empty()) return {};
  return exe.parent_path();
}

}  // namespace

std::shared_ptr<Knowledge> load_knowledge(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) fail(dir.string() + ": mappings folder not found");
  auto knowledge = std::make_shared<Knowledge>();

  std::vector<int> set_years;
  for (const fs::path& file : list_files(dir / "icd10cm", "icd10cm-", ".tsv")) {
    // Validated now, entries parsed again on first use: a run whose claims fall in one fiscal year
    // holds one code set.
    CodeSet::Loader loader = [file]() -> Result<std::string> {
      try {
        return read_file(file);
      } catch (const std::exception& e) {
        return make_error(ErrorCode::invalid_data, e.what(), file.string());
      }
    };
    auto set = CodeSet::parse_deferred(read_file(file), file.string(), std::move(loader));
    if (!set) fail(set.error().message);
    int fy = (*set)->fiscal_year();
    int named = year_in_name(file, "icd10cm-");
    if (named != 0 && named != fy) {
      fail(file.string() + ":1: header fiscal_year " + std::to_string(fy) + " does not match the file name");
    }
    if (std::find(set_years.begin(), set_years.end(), fy) != set_years.end()) {
      fail(file.string() + ":1: a second code set for fiscal year " + std::to_string(fy));
    }
    set_years.push_back(fy);
    knowledge->code_sets.push_back(std::move(set.value()));
  }
  if (knowledge->code_sets.empty()) fail((dir / "icd10cm").string() + ": no code set (icd10cm-<FY>.tsv)");
  std::sort(knowledge->code_sets.begin(), knowledge->code_sets.end(),
            [](const auto& a, const auto& b) { return a->fiscal_year() < b->fiscal_year(); });
  std::sort(set_years.begin(), set_years.end());

  std::vector<int> note_years;
  for (const fs::path& file : list_files(dir / "icd10cm", "notes-", ".tsv")) {
    std::string text = read_file(file);
    int fy = header_fiscal_year(text, file.string());
    if (fy == 0) fail(file.string() + ":1: missing fiscal_year header ('# fiscal_year<TAB>2026')");
    int named = year_in_name(file, "notes-");
    if (named != 0 && named != fy) {
      fail(file.string() + ":1: header fiscal_year " + std::to_string(fy) + " does not match the file name");
    }
    if (knowledge->notes_by_fy.count(fy) != 0) {
      fail(file.string() + ":1: a second notes file for fiscal year " + std::to_string(fy));
    }
    auto notes = NoteIndex::parse(std::move(text), file.string());
    if (!notes) fail(notes.error().message);
    knowledge->notes_by_fy.emplace(fy, std::move(notes.value()));
    note_years.push_back(fy);
  }
  std::sort(note_years.begin(), note_years.end());

  std::map<std::string, std::string> rule_file;  // rule id -> file defining it
  std::map<std::string, std::string> pack_file;  // pack id -> file
  std::string packs_version;
  for (const fs::path& file : list_files(dir / "rulepacks", "", ".json")) {
    auto pack = parse_rule_pack(read_file(file), file.string());
    if (!pack) fail(pack.error().message);
    auto [pack_it, new_pack] = pack_file.emplace(pack->id, file.string());
    if (!new_pack) fail(file.string() + ": pack id \"" + pack->id + "\" is also used by " + pack_it->second);
    for (const RuleSpec& spec : pack->rules) {
      auto [it, inserted] = rule_file.emplace(spec.id, file.string());
      if (!inserted) {
        fail(file.string() + ": rule \"" + spec.id + "\" is already defined by " + it->second +
             " (each rule id belongs to one pack; change severity/enabled in the configuration)");
      }
    }
    packs_version += (packs_version.empty() ? "" : " ") + pack->id + "@" + pack->version;
    knowledge->packs.push_back(std::move(pack.value()));
  }

  for (const fs::path& file : list_files(dir / "body-sites", "", ".tsv")) {
    std::string text = read_file(file);
    auto map = BodySiteMap::parse(text, file.string());
    if (!map) fail(map.error().message);
    knowledge->body_sites.merge(*map);
  }

  knowledge->version = "packs: " + (packs_version.empty() ? std::string("none") : packs_version) +
                       "; code sets: " + years_list(set_years) + "; notes: " +
                       (note_years.empty() ? std::string("none") : years_list(note_years));
  return knowledge;
}

fs::path default_mappings_dir() {
  if (const char* env = std::getenv("DXSCREEN_MAPPINGS"); env != nullptr && *env != '\0') return fs::path(env);
  std::error_code ec;
  fs::path exe_dir = executable_dir();
  if (!exe_dir.empty()) {
    for (const fs::path& candidate : {exe_dir / ".." / "share" / "dxscreen" / "mappings", exe_dir / "mappings"}) {
      if (fs::is_directory(candidate / "icd10cm", ec)) return candidate.lexically_normal();
    }
  }
  return fs::path(DXS_DEFAULT_MAPPINGS_DIR);
}

}  // namespace dxs::mappings
