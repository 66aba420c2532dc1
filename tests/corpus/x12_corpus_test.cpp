// Every file of the shared X12 corpus (../shared/corpus/x12, 165 public samples): dxscreen never
// crashes, answers broken files with a 999/TA1 or an error, emits acknowledgments that pass the
// structural checker, and, for every 837 row of SOURCES.md, reads the same number of CLM and HI
// segments and the same HI qualifier histogram as the table.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "ack_checker.hpp"
#include "adapters/x12/x12.hpp"
#include "x12_test_support.hpp"

namespace dxs::x12 {
namespace {

namespace fs = std::filesystem;
using namespace testing;

fs::path corpus_dir() { return shared_dir() / "corpus/x12"; }

struct Row {
  std::string file;
  std::string type;
  std::string clm;
  std::string hi;
};

std::vector<std::string> cells(const std::string& line) {
  std::vector<std::string> out;
  std::string cell;
  bool escaped = false;
  for (std::size_t i = 1; i < line.size(); ++i) {
    const char c = line[i];
    if (c == '\\' && i + 1 < line.size() && line[i + 1] == '|') {
      cell += '|';
      ++i;
      escaped = true;
      continue;
    }
    if (c == '|') {
      const auto b = cell.find_first_not_of(' ');
      const auto e = cell.find_last_not_of(' ');
      out.push_back(b == std::string::npos ? std::string() : cell.substr(b, e - b + 1));
      cell.clear();
    } else {
      cell += c;
    }
  }
  (void)escaped;
  return out;
}

// The per-source tables of SOURCES.md, located by their header names.
std::vector<Row> source_rows() {
  std::istringstream in(read_file(corpus_dir() / "SOURCES.md"));
  std::vector<Row> rows;
  std::string line;
  int file_col = -1, type_col = -1, clm_col = -1, hi_col = -1;
  while (std::getline(in, line)) {
    if (line.rfind("| file", 0) == 0) {
      const auto header = cells(line);
      for (std::size_t i = 0; i < header.size(); ++i) {
        if (header[i].rfind("file", 0) == 0) file_col = static_cast<int>(i);
        if (header[i] == "type / version") type_col = static_cast<int>(i);
        if (header[i] == "CLM") clm_col = static_cast<int>(i);
        if (header[i].rfind("HI segs", 0) == 0) hi_col = static_cast<int>(i);
      }
      continue;
    }
    if (line.rfind("| `", 0) != 0 || file_col < 0 || clm_col < 0 || hi_col < 0 || type_col < 0) continue;
    const auto c = cells(line);
    if (static_cast<int>(c.size()) <= std::max({file_col, type_col, clm_col, hi_col})) continue;
    Row r;
    r.file = c[static_cast<std::size_t>(file_col)];
    r.file.erase(std::remove(r.file.begin(), r.file.end(), '`'), r.file.end());
    r.type = c[static_cast<std::size_t>(type_col)];
    r.clm = c[static_cast<std::size_t>(clm_col)];
    r.hi = c[static_cast<std::size_t>(hi_col)];
    rows.push_back(r);
  }
  return rows;
}

std::vector<fs::path> corpus_files() {
  std::vector<fs::path> files;
  if (!fs::exists(corpus_dir())) return files;
  for (const auto& entry : fs::recursive_directory_iterator(corpus_dir())) {
    if (!entry.is_regular_file()) continue;
    const std::string name = entry.path().filename().string();
    if (name == "SOURCES.md" || name.rfind("LICENSE", 0) == 0) continue;
    files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// "13 (ABFx3,ABJ,BK>7215,BE:A2:::15.31) ICD-10-CM" -> {13, {ABF:3, ABJ:1, BK:1, BE:1}}.
// The table splits composites on ISA16 only; where a file writes HI with another separator
// ("BK>7215" while ISA16 is ':'), dxscreen reads the qualifier before that separator, so the
// table's entry is normalised the same way.
std::pair<std::size_t, std::map<std::string, std::size_t>> parse_hi(const std::string& cell) {
  std::map<std::string, std::size_t> histogram;
  const std::size_t count = static_cast<std::size_t>(std::stoul(cell));
  const auto open = cell.find('(');
  const auto close = cell.find(')');
  if (open == std::string::npos || close == std::string::npos) return {count, histogram};
  std::stringstream list(cell.substr(open + 1, close - open - 1));
  std::string entry;
  static const std::regex repeated("^(.*)x([0-9]+)$");
  static const std::set<std::string> known = {"ABK", "ABF", "ABJ", "APR", "ABN", "BK", "BF", "BJ", "PR", "BN",
                                              "BE",  "BG",  "BH",  "BI",  "BBR", "BBQ", "BR", "BQ", "DR", "BP", "BO"};
  while (std::getline(list, entry, ',')) {
    std::smatch m;
    std::string qualifier = entry;
    std::size_t n = 1;
    if (std::regex_match(entry, m, repeated)) {
      qualifier = m[1];
      n = std::stoul(m[2]);
    }
    const auto sep = qualifier.find_first_of(":>^|");
    if (sep != std::string::npos && known.count(qualifier.substr(0, sep)) != 0) qualifier = qualifier.substr(0, sep);
    histogram[qualifier] += n;
  }
  return {count, histogram};
}

std::string show(const std::map<std::string, std::size_t>& h) {
  std::string s;
  for (const auto& [q, n] : h) s += q + "x" + std::to_string(n) + " ";
  return s;
}

TEST(X12Corpus, EveryFileIsListedInSources) {
  const auto files = corpus_files();
  if (files.empty()) GTEST_SKIP() << "shared corpus not present";
  std::set<std::string> listed;
  for (const auto& r : source_rows()) listed.insert(r.file);
  EXPECT_EQ(files.size(), 165u);
  for (const auto& f : files) {
    EXPECT_EQ(listed.count(fs::relative(f, corpus_dir()).generic_string()), 1u) << f;
  }
}

TEST(X12Corpus, NeverCrashesAndAnswersEveryFile) {
  const auto files = corpus_files();
  if (files.empty()) GTEST_SKIP() << "shared corpus not present";
  Options options = fixed_options();
  std::size_t with_999 = 0, with_ta1 = 0, with_277 = 0, unreadable = 0;
  for (const auto& f : files) {
    const std::string text = read_file(f);
    const Outcome out = screen(text, accept_all(), ResultSink{}, options);
    SCOPED_TRACE(f.string());
    if (out.unreadable) {
      ++unreadable;
      EXPECT_FALSE(out.errors.empty());
      continue;
    }
    EXPECT_TRUE(!out.ack999.empty() || !out.ta1.empty() || !out.errors.empty())
        << "every readable file gets an answer";
    if (!out.ack999.empty()) {
      ++with_999;
      EXPECT_EQ(check_ack_interchanges(out.ack999, "999"), "");
    }
    if (!out.ack277ca.empty()) {
      ++with_277;
      EXPECT_EQ(check_ack_interchanges(out.ack277ca, "277"), "");
    }
    if (!out.ta1.empty()) {
      ++with_ta1;
      EXPECT_EQ(check_ack_interchanges(out.ta1, ""), "");
    }
    for (const auto& e : out.errors) EXPECT_EQ(e.rule, "x12-syntax");
  }
  std::cout << "[ corpus   ] " << files.size() << " files: " << with_999 << " with a 999, " << with_277
            << " with a 277CA, " << with_ta1 << " with a TA1, " << unreadable << " unreadable\n";
}

TEST(X12Corpus, ClaimAndDiagnosisCountsMatchTheSourcesTable) {
  const auto rows = source_rows();
  if (rows.empty()) GTEST_SKIP() << "shared corpus not present";
  std::size_t checked = 0, claims = 0;
  for (const auto& row : rows) {
    if (row.type.rfind("837", 0) != 0 || row.clm.empty()) continue;
    SCOPED_TRACE(row.file);
    const Parsed parsed = read_837(read_file(corpus_dir() / row.file), Limits{});
    ASSERT_FALSE(parsed.unreadable);
    EXPECT_EQ(parsed.stats.clm_segments, std::stoul(row.clm));
    EXPECT_EQ(parsed.claims.size(), parsed.stats.clm_segments) << "every CLM becomes a claim";
    const auto [hi_count, histogram] = parse_hi(row.hi);
    EXPECT_EQ(parsed.stats.hi_segments, hi_count);
    EXPECT_EQ(show(parsed.stats.hi_qualifiers), show(histogram));
    // Every diagnosis composite of the histogram became a Diagnosis in claim order.
    std::size_t dx_expected = 0;
    for (const auto& [q, n] : histogram) {
      if (q == "ABK" || q == "ABF" || q == "ABJ" || q == "APR" || q == "ABN" || q == "BK" || q == "BF" ||
          q == "BJ" || q == "PR" || q == "BN") {
        dx_expected += n;
      }
    }
    std::size_t dx_read = 0;
    for (const auto& c : parsed.claims) {
      dx_read += c.diagnoses.size();
      for (std::size_t i = 0; i < c.diagnoses.size(); ++i) {
        EXPECT_EQ(c.diagnoses[i].sequence, static_cast<int>(i) + 1);
      }
    }
    EXPECT_EQ(dx_read, dx_expected);
    claims += parsed.claims.size();
    ++checked;
  }
  EXPECT_EQ(checked, 135u) << "837 rows with a CLM count";
  std::cout << "[ corpus   ] " << checked << " 837 files, " << claims << " claims matched\n";
}

}  // namespace
}  // namespace dxs::x12
