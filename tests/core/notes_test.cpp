#include "core/notes.hpp"

#include <gtest/gtest.h>

#include <random>

#include "test_data.hpp"

namespace dxs {
namespace {

TEST(CodePatternTest, SubtreeSemantics) {
  auto p = CodePattern::parse("M24.5-");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->low(), "M245");
  EXPECT_TRUE(p->matches("M245"));
  EXPECT_TRUE(p->matches("M2456"));
  EXPECT_TRUE(p->matches("M24561"));
  EXPECT_FALSE(p->matches("M246"));
  EXPECT_FALSE(p->matches("M24"));
  EXPECT_EQ(p->to_string(), "M24.5-");
  auto same = CodePattern::parse("M24.5");
  ASSERT_TRUE(same.ok());
  EXPECT_TRUE(same->matches("M24573"));
  EXPECT_EQ(same->to_string(), "M24.5");
  auto undotted = CodePattern::parse("M624");
  ASSERT_TRUE(undotted.ok());
  EXPECT_TRUE(undotted->matches("M62451"));
  auto category = CodePattern::parse("F95.-");
  ASSERT_TRUE(category.ok());
  EXPECT_TRUE(category->matches("F950"));
  EXPECT_FALSE(category->matches("F94"));
  EXPECT_TRUE(CodePattern::exact_subtree("M6281").matches("M6281"));
  EXPECT_FALSE(CodePattern::exact_subtree("M6281").matches("M628"));
}

TEST(CodePatternTest, RangeSemantics) {
  auto cat = CodePattern::parse("M20-M21");
  ASSERT_TRUE(cat.ok());
  EXPECT_TRUE(cat->matches("M20"));
  EXPECT_TRUE(cat->matches("M20011"));
  EXPECT_TRUE(cat->matches("M21961"));
  EXPECT_FALSE(cat->matches("M22"));
  EXPECT_FALSE(cat->matches("M1990"));
  EXPECT_EQ(cat->to_string(), "M20-M21");

  auto sub = CodePattern::parse("A04.0-A04.4");
  ASSERT_TRUE(sub.ok());
  EXPECT_TRUE(sub->matches("A040"));
  EXPECT_FALSE(sub->matches("A0471"));
  EXPECT_TRUE(sub->matches("A044"));
  EXPECT_FALSE(sub->matches("A045"));
  EXPECT_FALSE(sub->matches("A04"));  // the category itself is not inside the range

  auto open = CodePattern::parse("N39.3-N39.4-");
  ASSERT_TRUE(open.ok());
  EXPECT_TRUE(open->matches("N393"));
  EXPECT_TRUE(open->matches("N3946"));
  EXPECT_FALSE(open->matches("N398"));
  EXPECT_EQ(open->to_string(), "N39.3-N39.4-");

  auto chapter = CodePattern::parse("A00-B99");
  ASSERT_TRUE(chapter.ok());
  EXPECT_TRUE(chapter->matches("A150"));
  EXPECT_TRUE(chapter->matches("B998"));
  EXPECT_FALSE(chapter->matches("C001"));
  auto pregnancy = CodePattern::parse("O00-O9A");
  ASSERT_TRUE(pregnancy.ok());
  EXPECT_TRUE(pregnancy->matches("O9A211"));
  EXPECT_TRUE(pregnancy->matches("O99891"));
}

TEST(CodePatternTest, RejectsGarbage) {
  for (const char* bad : {"", "-", "M6", "hello world", "M21-M20", "12345", "M62.4--M24", "see strain of muscle"}) {
    EXPECT_FALSE(CodePattern::parse(bad).ok()) << bad;
  }
}

TEST(NoteIndexTest, ParsesLabelsProseAndKinds) {
  auto index = NoteIndex::parse(
      "# fiscal_year\t2026\n"
      "excludes1\tM62.4\tM24.5-\tcontracture of joint (M24.5-)\n"
      "excludes1\tBlock M60-M63\tM33.-\tdermatopolymyositis (M33.-)\n"
      "excludes2\tChapter 13 (M00-M99)\tR00-R94\tsymptoms, signs and abnormal clinical and laboratory findings, "
      "not elsewhere classified (R00-R94)\n"
      "excludes1\tM62.0\t\ttraumatic separation of muscle- see strain of muscle by body region\n",
      "notes-2026.tsv");
  ASSERT_TRUE(index.ok()) << index.error().message;
  const auto& edges = (*index)->edges();
  ASSERT_EQ(edges.size(), 4u);
  EXPECT_EQ(edges[1].source_label, "Block M60-M63");
  EXPECT_TRUE(edges[1].source.matches("M62451"));
  EXPECT_EQ(edges[2].source_label, "Chapter 13 (M00-M99)");
  EXPECT_TRUE(edges[3].target.empty());
  EXPECT_FALSE(edges[3].target.matches("M6200"));

  auto block = (*index)->find(NoteKind::excludes1, "M62451", "M3310");
  ASSERT_EQ(block.size(), 1u);
  EXPECT_EQ(block[0]->text, "dermatopolymyositis (M33.-)");
  EXPECT_TRUE((*index)->find(NoteKind::excludes1, "M62451", "R252").empty());
  EXPECT_EQ((*index)->find(NoteKind::excludes2, "M6281", "R531").size(), 1u);
  EXPECT_EQ((*index)->governing("M62411").size(), 3u);
  EXPECT_EQ((*index)->governing("M6200").size(), 3u);  // block, chapter, the prose note at M62.0
}

void expect_note_error(const std::string& text, const std::string& fragment) {
  auto index = NoteIndex::parse(text, "notes-2026.tsv");
  ASSERT_FALSE(index.ok()) << text;
  EXPECT_NE(index.error().message.find(fragment), std::string::npos) << index.error().message;
}

TEST(NoteIndexTest, ErrorsNameFileLine) {
  expect_note_error("excludes1\tM62.4\tM24.5-\tok\nexcludes3\tM62.4\tM24.5-\tx\n", "notes-2026.tsv:2: unknown note kind");
  expect_note_error("excludes1\tM62.4\tM24.5-\n", "notes-2026.tsv:1: missing tab");
  expect_note_error("excludes1\tM6\tM24.5-\tx\n", "notes-2026.tsv:1: source: bad code pattern");
  expect_note_error("# h\nexcludes1\tM62.4\tjoint\tx\n", "notes-2026.tsv:2: target: bad code pattern");
  expect_note_error("excludes1\tM62.4\tM24.5-\tx\ty\n", "too many fields");
}

class RealNotesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    DXS_REQUIRE_SHARED();
    notes_ = testdata::load_notes();
    ASSERT_TRUE(notes_);
  }
  std::shared_ptr<const NoteIndex> notes_;
};

TEST_F(RealNotesTest, ContractureOfMuscleAndJointBothDirections) {
  auto forward = notes_->find(NoteKind::excludes1, "M62451", "M24561");
  ASSERT_EQ(forward.size(), 1u);
  EXPECT_EQ(forward[0]->source_label, "M62.4");
  EXPECT_EQ(forward[0]->text, "contracture of joint (M24.5-)");
  auto backward = notes_->find(NoteKind::excludes1, "M24561", "M62451");
  ASSERT_EQ(backward.size(), 2u);  // muscle / tendon (sheath) without contracture of joint
  EXPECT_EQ(backward[0]->source_label, "M24.5");
}

TEST_F(RealNotesTest, WrittenOnOneSideOnly) {
  EXPECT_EQ(notes_->find(NoteKind::excludes1, "R531", "M6281").size(), 1u);
  EXPECT_TRUE(notes_->find(NoteKind::excludes1, "M6281", "R531").empty());
  EXPECT_EQ(notes_->find(NoteKind::excludes1, "R531", "R54").size(), 2u);  // age-related weakness, senile asthenia
  EXPECT_EQ(notes_->find(NoteKind::excludes1, "M6281", "M6284").size(), 1u);
}

TEST_F(RealNotesTest, CategoryNoteWinsOverExcludes2Anomaly) {
  // R25.2 lists M62.830 as Excludes2, but category M62 lists R25.2 as Excludes1.
  EXPECT_FALSE(notes_->find(NoteKind::excludes2, "R252", "M62830").empty());
  EXPECT_FALSE(notes_->find(NoteKind::excludes1, "M62830", "R252").empty());
  // Excludes2 only: M62.8 vs M79.81, R25.2 vs R29.0.
  EXPECT_FALSE(notes_->find(NoteKind::excludes2, "M6281", "M7981").empty());
  EXPECT_TRUE(notes_->find(NoteKind::excludes1, "M6281", "M7981").empty());
  EXPECT_TRUE(notes_->find(NoteKind::excludes1, "M7981", "M6281").empty());
  EXPECT_TRUE(notes_->find(NoteKind::excludes1, "R252", "R290").empty());
  EXPECT_TRUE(notes_->find(NoteKind::excludes1, "R290", "R252").empty());
}

TEST_F(RealNotesTest, UnrelatedCodesHaveNoEdges) {
  EXPECT_TRUE(notes_->find(NoteKind::excludes1, "M62451", "M25651").empty());
  EXPECT_TRUE(notes_->find(NoteKind::excludes1, "M25651", "M62451").empty());
  auto governing = notes_->governing("M62451");
  std::vector<std::string> labels;
  for (const NoteEdge* e : governing) labels.push_back(e->source_label);
  EXPECT_NE(std::find(labels.begin(), labels.end(), "M62"), labels.end());
  EXPECT_NE(std::find(labels.begin(), labels.end(), "M62.4"), labels.end());
  EXPECT_NE(std::find(labels.begin(), labels.end(), "Block M60-M63"), labels.end());
  EXPECT_EQ(std::find(labels.begin(), labels.end(), "M62.8"), labels.end());
}

TEST(ShippedNotesTest, NotesFilesParseAndHoldTheKeyEdges) {
  if (!testdata::have_shipped()) GTEST_SKIP() << "mappings/icd10cm not generated yet";
  for (int fy : {2025, 2026, 2027}) {
    std::string name = "notes-" + std::to_string(fy) + ".tsv";
    auto notes = NoteIndex::parse(testdata::read_file(testdata::shipped_path("icd10cm/" + name)), name);
    ASSERT_TRUE(notes.ok()) << notes.error().message;
    const NoteIndex& n = **notes;
    EXPECT_GT(n.edges().size(), 5000u) << name;
    EXPECT_FALSE(n.find(NoteKind::excludes1, "M62451", "M24561").empty()) << name;
    EXPECT_FALSE(n.find(NoteKind::excludes1, "M24561", "M62451").empty()) << name;
    EXPECT_FALSE(n.find(NoteKind::excludes1, "R531", "M6281").empty()) << name;
    EXPECT_FALSE(n.find(NoteKind::excludes1, "M62830", "R252").empty()) << name;
    EXPECT_FALSE(n.find(NoteKind::excludes1, "R54", "M6284").empty()) << name;
    EXPECT_TRUE(n.find(NoteKind::excludes1, "M62451", "M25651").empty()) << name;
    EXPECT_TRUE(n.find(NoteKind::excludes1, "M6281", "M7981").empty()) << name;
  }
  auto fy2026 = NoteIndex::parse(testdata::read_file(testdata::shipped_path("icd10cm/notes-2026.tsv")), "notes-2026.tsv");
  ASSERT_TRUE(fy2026.ok());
  EXPECT_FALSE((*fy2026)->find(NoteKind::excludes2, "R252", "M62830").empty());
  EXPECT_FALSE((*fy2026)->find(NoteKind::code_first, "M6284", "G7100").empty());
}

// Random text over the characters the format uses (fixed seed: reproducible).
std::string random_text(std::mt19937& rng, std::string_view alphabet, std::size_t max_len) {
  std::uniform_int_distribution<std::size_t> len(0, max_len), pick(0, alphabet.size() - 1);
  std::string out(len(rng), ' ');
  for (char& c : out) c = alphabet[pick(rng)];
  return out;
}

TEST(NoteIndexTest, GarbageIsAnErrorNeverACrash) {
  std::mt19937 rng(20251001);
  for (int i = 0; i < 3000; ++i) {
    std::string text = random_text(rng, "excludes1M624.-\t\n #(B)", 100);
    auto index = NoteIndex::parse(text, "fuzz.tsv");
    if (index.ok()) {
      for (const NoteEdge& e : (*index)->edges()) (void)(*index)->find(e.kind, e.source.low(), e.target.low());
    } else {
      EXPECT_EQ(index.error().message.rfind("fuzz.tsv", 0), 0u) << index.error().message;
    }
    (void)CodePattern::parse(random_text(rng, "AM0269.-Z", 16));
  }
}

}  // namespace
}  // namespace dxs
