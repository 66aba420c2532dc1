#include "adapters/fhir/input_text.hpp"

#include <gtest/gtest.h>

namespace dxs::fhir {
namespace {

TEST(InputText, PositionCountsLinesAndCharactersNotBytes) {
  const std::string text = "ab\n\xC3\xA9x\r\nyz";  // "é" is two bytes
  EXPECT_EQ(position_at(text, 0).line, 1U);
  EXPECT_EQ(position_at(text, 0).column, 1U);
  EXPECT_EQ(position_at(text, 2).column, 3U);
  const TextPosition after_accent = position_at(text, 5);  // at 'x'
  EXPECT_EQ(after_accent.line, 2U);
  EXPECT_EQ(after_accent.column, 2U);
  EXPECT_EQ(position_at(text, 8).line, 3U);
  EXPECT_EQ(position_at(text, 1000).line, 3U);  // clamped
}

TEST(InputText, DetectsBom) {
  EXPECT_EQ(utf8_bom_length("\xEF\xBB\xBF{}"), 3U);
  EXPECT_EQ(utf8_bom_length("{}"), 0U);
  EXPECT_EQ(utf8_bom_length("\xEF\xBB"), 0U);
}

TEST(InputText, Utf8ValidationRejectsEveryKindOfBadSequence) {
  EXPECT_FALSE(first_invalid_utf8("plain \xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80").has_value());
  EXPECT_EQ(first_invalid_utf8("ab\xC0\x80"), 2U);          // overlong NUL
  EXPECT_EQ(first_invalid_utf8("a\xE0\x80\xAF"), 1U);       // overlong 3-byte
  EXPECT_EQ(first_invalid_utf8("\xED\xA0\x80"), 0U);        // UTF-16 surrogate
  EXPECT_EQ(first_invalid_utf8("x\xF4\x90\x80\x80"), 1U);   // above U+10FFFF
  EXPECT_EQ(first_invalid_utf8("xy\xF5\x80\x80\x80"), 2U);  // invalid lead byte
  EXPECT_EQ(first_invalid_utf8("abc\xE2\x82"), 3U);         // truncated at the end
  EXPECT_EQ(first_invalid_utf8("\x80"), 0U);                // lone continuation byte
}

TEST(InputText, CheckReportsNulSizeEncodingAndEmptiness) {
  const auto nul = check_input_text(std::string("{\n \0}", 5), 100);
  ASSERT_TRUE(nul.has_value());
  EXPECT_EQ(nul->rule, "fhir-structure");
  EXPECT_EQ(nul->severity, Severity::fatal);
  EXPECT_EQ(nul->line, 2U);
  EXPECT_EQ(nul->column, 2U);
  EXPECT_EQ(nul->location, "line 2, column 2");

  const auto big = check_input_text("{\"a\": 1}", 4);
  ASSERT_TRUE(big.has_value());
  EXPECT_NE(big->message.find("exceeds the limit of 4 bytes"), std::string::npos);

  EXPECT_TRUE(check_input_text("{\"a\":\"\xFF\"}", 100).has_value());
  EXPECT_TRUE(check_input_text("\xEF\xBB\xBF  \n", 100).has_value());
  EXPECT_FALSE(check_input_text("\xEF\xBB\xBF{}", 100).has_value());
}

}  // namespace
}  // namespace dxs::fhir
