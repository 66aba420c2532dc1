#include "core/code_set.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <random>
#include <thread>

#include "test_data.hpp"

namespace dxs {
namespace {

using testdata::load_code_set;

std::vector<std::string> codes_of(const std::vector<const CodeEntry*>& entries) {
  std::vector<std::string> out;
  for (const CodeEntry* e : entries) out.emplace_back(e->code);
  return out;
}

TEST(CodeSetTest, RealM62SubtreeStructure) {
  DXS_REQUIRE_SHARED();
  auto set = load_code_set(2026, {"M62", "M24", "R53"});
  ASSERT_TRUE(set);
  EXPECT_EQ(set->fiscal_year(), 2026);
  EXPECT_EQ(set->name(), "icd10cm-2026");
  EXPECT_EQ(set->effective_from(), Date::from_ymd(2025, 10, 1));
  EXPECT_EQ(set->effective_to(), Date::from_ymd(2026, 9, 30));

  const CodeEntry* m624 = set->find("M624");
  ASSERT_NE(m624, nullptr);
  EXPECT_FALSE(m624->billable);
  EXPECT_EQ(m624->long_title, "Contracture of muscle");
  const CodeEntry* m6281 = set->find("M6281");
  ASSERT_NE(m6281, nullptr);
  EXPECT_TRUE(m6281->billable);
  EXPECT_EQ(m6281->long_title, "Muscle weakness (generalized)");
  EXPECT_EQ(set->find("M62.81"), nullptr);  // lookups take the undotted form
  EXPECT_EQ(set->find("M6241X"), nullptr);

  EXPECT_EQ(codes_of(set->children("M624")),
            (std::vector<std::string>{"M6240", "M6241", "M6242", "M6243", "M6244", "M6245", "M6246", "M6247",
                                      "M6248", "M6249"}));
  EXPECT_EQ(codes_of(set->billable_descendants("M6241")), (std::vector<std::string>{"M62411", "M62412", "M62419"}));
  auto all = set->billable_descendants("M624");
  ASSERT_EQ(all.size(), 24u);  // M62.40, 21 site/side codes, M62.48, M62.49
  EXPECT_EQ(all.front()->code, "M6240");
  EXPECT_EQ(all.back()->code, "M6249");
  EXPECT_TRUE(set->billable_descendants("M6240").empty());
  EXPECT_EQ(codes_of(set->children("M6283")), (std::vector<std::string>{"M62830", "M62831", "M62838"}));

  ASSERT_NE(set->nearest_ancestor("M6241X"), nullptr);
  EXPECT_EQ(set->nearest_ancestor("M6241X")->code, "M6241");
  EXPECT_EQ(set->nearest_ancestor("M62999")->code, "M629");
  EXPECT_EQ(set->nearest_ancestor("Q999"), nullptr);
}

TEST(CodeSetTest, FullOrderFilesHaveTheOfficialCounts) {
  DXS_REQUIRE_SHARED();
  auto fy2026 = load_code_set(2026);
  ASSERT_TRUE(fy2026);
  EXPECT_EQ(fy2026->size(), 98186u);
  EXPECT_EQ(fy2026->billable_count(), 74719u);
  auto fy2025 = load_code_set(2025);
  ASSERT_TRUE(fy2025);
  EXPECT_EQ(fy2025->size(), 97584u);
  EXPECT_EQ(fy2025->billable_count(), 74260u);
  // Tabular order is kept: entries()[i].order == i and the file's first code comes first.
  EXPECT_EQ(fy2026->entries().front().code, "A00");
  EXPECT_EQ(fy2026->entries()[5].order, 5u);
}

TEST(CodeSetTest, HeaderDatesAndCommentsAndCrlf) {
  std::string text =
      "# dxscreen code set\r\n"
      "# fiscal_year\t2026\r\n"
      "# effective_from\t2025-10-01\r\n"
      "# effective_to\t2026-03-31\r\n"
      "\r\n"
      "R54\t1\tAge-related physical debility\tAge-related physical debility\r\n"
      "R53\t0\tMalaise and fatigue\tMalaise and fatigue\r\n"
      "R531\t1\tWeakness\tWeakness\r\n";
  auto set = CodeSet::parse(text, "mini.tsv");
  ASSERT_TRUE(set.ok()) << set.error().message;
  EXPECT_EQ((*set)->effective_to(), Date::from_ymd(2026, 3, 31));
  EXPECT_EQ((*set)->size(), 3u);
  EXPECT_EQ((*set)->billable_count(), 2u);
  EXPECT_EQ((*set)->find("R531")->long_title, "Weakness");
  EXPECT_EQ((*set)->source(), "mini.tsv");
}

TEST(CodeSetTest, ShippedCodeSetsMatchTheCdcOrderFiles) {
  DXS_REQUIRE_SHARED();
  if (!testdata::have_shipped()) GTEST_SKIP() << "mappings/icd10cm not generated yet";
  for (int fy : {2025, 2026, 2027}) {
    std::string name = "icd10cm-" + std::to_string(fy) + ".tsv";
    auto shipped = CodeSet::parse(testdata::read_file(testdata::shipped_path("icd10cm/" + name)), name);
    ASSERT_TRUE(shipped.ok()) << shipped.error().message;
    auto cdc = load_code_set(fy);
    ASSERT_TRUE(cdc);
    EXPECT_EQ((*shipped)->fiscal_year(), fy);
    EXPECT_EQ((*shipped)->effective_from(), Date::from_ymd(fy - 1, 10, 1));
    EXPECT_EQ((*shipped)->effective_to(), Date::from_ymd(fy, 9, 30));
    ASSERT_EQ((*shipped)->size(), cdc->size()) << name;
    EXPECT_EQ((*shipped)->billable_count(), cdc->billable_count()) << name;
    for (std::size_t i = 0; i < cdc->entries().size(); ++i) {
      const CodeEntry& want = cdc->entries()[i];
      const CodeEntry& got = (*shipped)->entries()[i];
      ASSERT_EQ(got.code, want.code) << name << " entry " << i;
      ASSERT_EQ(got.billable, want.billable) << want.code;
      ASSERT_EQ(got.long_title, want.long_title) << want.code;
    }
  }
}

void expect_error(const std::string& text, const std::string& fragment) {
  auto set = CodeSet::parse(text, "icd10cm-2026.tsv");
  ASSERT_FALSE(set.ok()) << "accepted: " << text;
  EXPECT_EQ(set.error().code, ErrorCode::invalid_data);
  EXPECT_NE(set.error().message.find(fragment), std::string::npos) << set.error().message;
}

TEST(CodeSetTest, ErrorsNameFileLineAndProblem) {
  const std::string head = "# fiscal_year\t2026\n";
  expect_error(head + "M6240\t1\tContracture of muscle, unspecified site\tContracture of muscle, unspecified site\n"
                      "M6249\tY\tContracture of muscle, multiple sites\tContracture of muscle, multiple sites\n",
               "icd10cm-2026.tsv:3: bad billable flag 'Y'");
  expect_error(head + "M6240 1 Contracture of muscle, unspecified site\n", "icd10cm-2026.tsv:2: missing tab");
  expect_error(head + "M62.40\t1\tContracture\tContracture of muscle, unspecified site\n", "icd10cm-2026.tsv:2: bad code");
  expect_error(head + "M6240\t1\ta\tb\n" + "M6281\t1\tc\td\n" + "M6240\t1\ta\tb\n",
               "icd10cm-2026.tsv:4: duplicate code M6240 (first at line 2)");
  expect_error("M6240\t1\ta\tb\n", "missing fiscal_year header");
  expect_error("# fiscal_year\ttwenty\nM6240\t1\ta\tb\n", "icd10cm-2026.tsv:1: bad fiscal_year");
  expect_error(head + "# effective_to\t2026-02-30\nM6240\t1\ta\tb\n", "icd10cm-2026.tsv:2: bad effective_to");
  expect_error(head + "M6240\t1\ta\tb\textra\n", "too many fields");
  expect_error(head, "no codes");
}

// Random text over the characters the format uses (fixed seed: reproducible).
std::string random_text(std::mt19937& rng, std::string_view alphabet, std::size_t max_len) {
  std::uniform_int_distribution<std::size_t> len(0, max_len), pick(0, alphabet.size() - 1);
  std::string out(len(rng), ' ');
  for (char& c : out) c = alphabet[pick(rng)];
  return out;
}

TEST(CodeSetTest, GarbageIsAnErrorNeverACrash) {
  std::mt19937 rng(20251001);
  int accepted = 0;
  for (int i = 0; i < 3000; ++i) {
    static const char* kLines[] = {"M6240\t1\tContracture\tContracture of muscle, unspecified site\n",
                                   "M6241\t0\tContracture\tContracture of muscle, shoulder\n",
                                   "M62411\t1\tContracture\tContracture of muscle, right shoulder\n",
                                   "R54\t1\tAge-related\tAge-related physical debility\n"};
    std::string text = "# fiscal_year\t2026\n";
    std::uniform_int_distribution<int> choice(0, 5);
    for (int line = 0; line < 4; ++line) {
      int c = choice(rng);
      if (c < 4) text += kLines[c];
      else if (c == 4) text += random_text(rng, "M62401\t\n\r#. xY-", 40);
    }
    auto set = CodeSet::parse(text, "fuzz.tsv");
    if (set.ok()) {
      ++accepted;
      for (const CodeEntry& e : (*set)->entries()) EXPECT_EQ((*set)->find(e.code), &e);
    } else {
      EXPECT_EQ(set.error().message.rfind("fuzz.tsv", 0), 0u) << set.error().message;
    }
  }
  EXPECT_GT(accepted, 0);
}

}  // namespace
}  // namespace dxs

namespace dxs {
namespace {

constexpr const char* kDeferredText =
    "# fiscal_year\t2026\n"
    "M624\t0\tContracture\tContracture of muscle\n"
    "M6240\t1\tContracture\tContracture of muscle, unspecified site\n"
    "M6241\t0\tContracture\tContracture of muscle, shoulder\n"
    "M62411\t1\tContracture\tContracture of muscle, right shoulder\n"
    "R54\t1\tAge-related\tAge-related physical debility\n";

TEST(CodeSetDeferredTest, LoadsOnFirstLookupWithTheSameAnswers) {
  int loads = 0;
  auto deferred = CodeSet::parse_deferred(kDeferredText, "deferred.tsv", [&loads]() -> Result<std::string> {
    ++loads;
    return std::string(kDeferredText);
  });
  ASSERT_TRUE(deferred.ok()) << deferred.error().message;
  auto eager = CodeSet::parse(kDeferredText, "deferred.tsv");
  ASSERT_TRUE(eager.ok());
  const CodeSet& set = **deferred;
  // Header facts and the code index need no load.
  EXPECT_EQ(set.fiscal_year(), 2026);
  EXPECT_EQ(set.name(), "icd10cm-2026");
  EXPECT_EQ(set.size(), 5u);
  EXPECT_EQ(set.billable_count(), 3u);
  EXPECT_TRUE(set.contains("M62411"));
  EXPECT_FALSE(set.contains("M62412"));
  EXPECT_FALSE(set.loaded());
  EXPECT_EQ(loads, 0);

  const CodeEntry* m62411 = set.find("M62411");
  ASSERT_NE(m62411, nullptr);
  EXPECT_EQ(m62411->long_title, "Contracture of muscle, right shoulder");
  EXPECT_TRUE(set.loaded());
  EXPECT_TRUE(set.available());
  EXPECT_EQ(loads, 1);
  EXPECT_EQ(codes_of(set.billable_descendants("M624")), codes_of((*eager)->billable_descendants("M624")));
  EXPECT_EQ(codes_of(set.children("M624")), codes_of((*eager)->children("M624")));
  EXPECT_EQ(set.nearest_ancestor("M6241X")->code, "M6241");
  ASSERT_EQ(set.entries().size(), (*eager)->entries().size());
  for (const CodeEntry& e : set.entries()) EXPECT_EQ(set.find(e.code), &e);
  EXPECT_EQ(loads, 1);
}

TEST(CodeSetDeferredTest, ValidatesUpFront) {
  auto bad = CodeSet::parse_deferred("# fiscal_year\t2026\nM62411\t2\tx\ty\n", "bad.tsv",
                                     []() -> Result<std::string> { return std::string(); });
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("bad.tsv:2: bad billable flag"), std::string::npos) << bad.error().message;
}

TEST(CodeSetDeferredTest, AFailedLoadIsAnErrorValueNotACrash) {
  auto gone = CodeSet::parse_deferred(kDeferredText, "gone.tsv", []() -> Result<std::string> {
    return make_error(ErrorCode::invalid_data, "gone.tsv: cannot open: No such file or directory");
  });
  ASSERT_TRUE(gone.ok());
  EXPECT_EQ((*gone)->find("M62411"), nullptr);
  EXPECT_FALSE((*gone)->available());
  EXPECT_NE((*gone)->load_error().find("No such file"), std::string::npos) << (*gone)->load_error();
  EXPECT_TRUE((*gone)->entries().empty());
  EXPECT_TRUE((*gone)->billable_descendants("M624").empty());
  EXPECT_TRUE((*gone)->contains("M62411"));  // the validated index stays

  std::string changed = kDeferredText;
  changed += "R55\t1\tSyncope\tSyncope and collapse\n";
  auto edited = CodeSet::parse_deferred(kDeferredText, "edited.tsv", [changed]() -> Result<std::string> { return changed; });
  ASSERT_TRUE(edited.ok());
  EXPECT_EQ((*edited)->find("R55"), nullptr);
  EXPECT_FALSE((*edited)->available());
  EXPECT_NE((*edited)->load_error().find("changed since it was validated"), std::string::npos) << (*edited)->load_error();
}

TEST(CodeSetDeferredTest, ConcurrentFirstUseLoadsOnce) {
  std::atomic<int> loads{0};
  auto deferred = CodeSet::parse_deferred(kDeferredText, "deferred.tsv", [&loads]() -> Result<std::string> {
    ++loads;
    return std::string(kDeferredText);
  });
  ASSERT_TRUE(deferred.ok());
  std::vector<std::thread> threads;
  std::vector<const CodeEntry*> found(4, nullptr);
  for (std::size_t t = 0; t < found.size(); ++t) {
    threads.emplace_back([&, t] { found[t] = (*deferred)->find("R54"); });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(loads.load(), 1);
  ASSERT_NE(found[0], nullptr);
  for (const CodeEntry* e : found) EXPECT_EQ(e, found[0]);
}

}  // namespace
}  // namespace dxs
