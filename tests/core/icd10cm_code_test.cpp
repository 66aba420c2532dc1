#include "core/icd10cm_code.hpp"

#include <gtest/gtest.h>

#include <random>

namespace dxs {
namespace {

TEST(Icd10CodeTest, DottedAndUndottedFormsAreTheSameCode) {
  CodeSpelling dotted_spelling, plain_spelling;
  auto dotted = Icd10Code::parse("M62.81", &dotted_spelling);
  auto plain = Icd10Code::parse("M6281", &plain_spelling);
  ASSERT_TRUE(dotted && plain);
  EXPECT_EQ(*dotted, *plain);
  EXPECT_EQ(dotted->undotted(), "M6281");
  EXPECT_EQ(dotted->dotted(), "M62.81");
  EXPECT_TRUE(dotted_spelling.had_dot);
  EXPECT_FALSE(plain_spelling.had_dot);
  EXPECT_FALSE(dotted_spelling.dot_misplaced);
}

TEST(Icd10CodeTest, RecordsSpelling) {
  CodeSpelling s;
  auto code = Icd10Code::parse("  m62.451 ", &s);
  ASSERT_TRUE(code);
  EXPECT_EQ(code->undotted(), "M62451");
  EXPECT_TRUE(s.had_lowercase);
  EXPECT_TRUE(s.had_spaces);
  EXPECT_TRUE(s.had_dot);

  CodeSpelling misplaced;
  auto m = Icd10Code::parse("M6.281", &misplaced);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->undotted(), "M6281");
  EXPECT_TRUE(misplaced.dot_misplaced);
}

TEST(Icd10CodeTest, ShapeCheck) {
  EXPECT_TRUE(Icd10Code::parse("R54"));
  EXPECT_TRUE(Icd10Code::parse("S72.001A"));        // 7 characters with a 7th-character extension
  EXPECT_TRUE(Icd10Code::parse("J09.X3"));
  EXPECT_TRUE(Icd10Code::parse("M62.4X"));          // code-shaped even if not a real code
  EXPECT_FALSE(Icd10Code::parse("M6"));             // too short
  EXPECT_FALSE(Icd10Code::parse("S72.001AB"));      // 8 characters
  EXPECT_FALSE(Icd10Code::parse("7281"));           // ICD-9 shape
  EXPECT_TRUE(Icd10Code::parse("QA0.0"));           // FY2026 category QA0: letter in second place
  EXPECT_FALSE(Icd10Code::parse("9M2.81"));         // first character must be a letter
  EXPECT_FALSE(Icd10Code::parse("MM2.81"));         // second character: a digit or the A of QA0
  EXPECT_FALSE(Icd10Code::parse("M62-81"));
  EXPECT_FALSE(Icd10Code::parse("M62..81"));
  EXPECT_FALSE(Icd10Code::parse(""));
  EXPECT_EQ(Icd10Code::parse("R54")->dotted(), "R54");
}

TEST(Icd10CodeTest, DotCode) {
  EXPECT_EQ(dot_code("M6240"), "M62.40");
  EXPECT_EQ(dot_code("M62"), "M62");
  EXPECT_EQ(dot_code("S72001A"), "S72.001A");
}

TEST(Icd10CodeTest, OrdersByUndottedCode) {
  EXPECT_LT(*Icd10Code::parse("M62.40"), *Icd10Code::parse("M62.411"));
  EXPECT_LT(*Icd10Code::parse("M24.561"), *Icd10Code::parse("M62.451"));
}

// Random text over the characters the format uses (fixed seed: reproducible).
std::string random_text(std::mt19937& rng, std::string_view alphabet, std::size_t max_len) {
  std::uniform_int_distribution<std::size_t> len(0, max_len), pick(0, alphabet.size() - 1);
  std::string out(len(rng), ' ');
  for (char& c : out) c = alphabet[pick(rng)];
  return out;
}

TEST(Icd10CodeTest, RandomTextParsesToCanonicalCodesOnly) {
  std::mt19937 rng(20251001);
  for (int i = 0; i < 20000; ++i) {
    std::string text = random_text(rng, "Mm6.2A0 x-9", 10);
    auto code = Icd10Code::parse(text);
    if (!code) continue;
    std::string_view u = code->undotted();
    ASSERT_GE(u.size(), 3u);
    ASSERT_LE(u.size(), 7u);
    EXPECT_TRUE(u[0] >= 'A' && u[0] <= 'Z') << text;
    EXPECT_EQ(u.find('.'), std::string_view::npos);
    EXPECT_EQ(*Icd10Code::parse(code->dotted()), *code);
  }
}

}  // namespace
}  // namespace dxs
