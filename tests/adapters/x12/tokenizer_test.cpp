#include "adapters/x12/tokenizer.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "x12_test_support.hpp"

namespace dxs::x12 {
namespace {

struct Token {
  std::string id;
  std::vector<std::string> elements;
  std::size_t offset;
};

struct Run {
  std::vector<Token> segments;
  std::vector<Error> errors;
  std::vector<Delimiters> delimiters;  // after each segment
};

// Feeds `text` in chunks of `chunk` bytes the way the streaming driver does.
Run tokenize(const std::string& text, std::size_t chunk = 0, Limits limits = {}) {
  Run run;
  Tokenizer tok(limits);
  Segment seg;
  Error err;
  std::string buffer;
  std::size_t base = 0, fed = 0;
  if (chunk == 0) chunk = text.size() + 1;
  for (;;) {
    const std::size_t n = std::min(chunk, text.size() - fed);
    buffer.append(text, fed, n);
    fed += n;
    const bool final_chunk = fed == text.size();
    tok.set_input(buffer, base, final_chunk);
    bool stop = false;
    for (;;) {
      const auto step = tok.next(seg, err);
      if (step == Tokenizer::Step::segment) {
        Token t{std::string(seg.id), {}, seg.offset};
        for (std::size_t i = 1; i <= seg.element_count(); ++i) t.elements.emplace_back(seg.element(i));
        run.segments.push_back(t);
        run.delimiters.push_back(tok.delimiters());
      } else if (step == Tokenizer::Step::error) {
        run.errors.push_back(err);
        if (!tok.seen_isa()) stop = true;
      } else {
        stop = step == Tokenizer::Step::end || final_chunk;
        break;
      }
      if (stop) break;
    }
    buffer.erase(0, tok.consumed());
    base += tok.consumed();
    if (stop) break;
  }
  return run;
}

const std::string kIsa =
    "ISA*00*          *00*          *ZZ*SUBMITTER      *ZZ*RECEIVER       *250101*1200*^*00501*000000001*0*P*:~";

TEST(Tokenizer, ReadsDelimitersFromTheIsa) {
  const auto run = tokenize(kIsa + "GS*HC*A*B*20250101*1200*1*X*005010X222A1~HI*ABK:M6281*ABF:M62411~");
  ASSERT_EQ(run.segments.size(), 3u);
  EXPECT_EQ(run.segments[0].id, "ISA");
  EXPECT_EQ(run.segments[0].elements.size(), 16u);
  EXPECT_EQ(run.segments[0].elements[15], ":");
  const Delimiters& d = run.delimiters.back();
  EXPECT_EQ(d.element, '*');
  EXPECT_EQ(d.component, ':');
  EXPECT_EQ(d.segment, '~');
  EXPECT_EQ(d.repetition, '^');
  EXPECT_EQ(run.segments[2].elements[0], "ABK:M6281");
  EXPECT_EQ(run.segments[2].offset, kIsa.size() + 41);
}

TEST(Tokenizer, UnusualSeparatorsAndCrLfIndentation) {
  const std::string text =
      "ISA~00~          ~01~SECRET    ~ZZ~SUBMITTERS.ID  ~ZZ~RECEIVERS.ID   ~030101~1253~U~00501~000000905~1~T~^_\r\n"
      "   GS~HC~S~R~19991231~0802~1~X~005010X222A1_\r\n\tHI~BK^8901~BF^87200_";
  const auto run = tokenize(text);
  ASSERT_EQ(run.segments.size(), 3u);
  const Delimiters& d = run.delimiters.back();
  EXPECT_EQ(d.element, '~');
  EXPECT_EQ(d.component, '^');
  EXPECT_EQ(d.segment, '_');
  EXPECT_EQ(d.repetition, 0) << "ISA11 'U' (00401 style) is not a repetition separator";
  EXPECT_EQ(run.segments[1].id, "GS");
  EXPECT_EQ(run.segments[2].elements[1], "BF^87200");
}

TEST(Tokenizer, ShortIsaFoundBySeparatorCount) {
  // 77-character ISA (fields not padded), newline as segment terminator.
  const std::string text = "ISA*00**00**ZZ*SENDER*ZZ*RECEIVER*121212*1212*U*00401*000000001*0*P*>\nGS*HC*A*B*20121212*1212*1*X*004010X098A1\nST*837*0001\n";
  const auto run = tokenize(text);
  ASSERT_EQ(run.segments.size(), 3u);
  EXPECT_EQ(run.delimiters.back().segment, '\n');
  EXPECT_EQ(run.delimiters.back().component, '>');
  EXPECT_EQ(run.segments[2].elements, (std::vector<std::string>{"837", "0001"}));
}

TEST(Tokenizer, EachIsaRereadsDelimiters) {
  const std::string second =
      "ISA|00|          |00|          |ZZ|SUBMITTER      |ZZ|RECEIVER       |250101|1200|^|00501|000000002|0|P|>!";
  const auto run = tokenize(kIsa + "IEA*0*000000001~\n" + second + "HI|ABK>M6281!IEA|0|000000002!");
  ASSERT_EQ(run.segments.size(), 5u);
  EXPECT_EQ(run.delimiters[1].element, '*');
  EXPECT_EQ(run.delimiters[3].element, '|');
  EXPECT_EQ(run.delimiters[3].component, '>');
  EXPECT_EQ(run.delimiters[3].segment, '!');
  EXPECT_EQ(run.segments[3].elements[0], "ABK>M6281");
}

TEST(Tokenizer, ChunkedFeedingGivesTheSameSegments) {
  const std::string path = (testing::shared_dir() / "corpus/x12/stupidedi/X222A1/pass/ambulance.edi").string();
  const std::string text = testing::read_file(path);
  if (text.empty()) GTEST_SKIP() << "shared corpus not present";
  const auto whole = tokenize(text);
  for (std::size_t chunk : {1u, 7u, 64u, 105u}) {
    const auto pieces = tokenize(text, chunk);
    ASSERT_EQ(pieces.segments.size(), whole.segments.size()) << "chunk " << chunk;
    for (std::size_t i = 0; i < whole.segments.size(); ++i) {
      EXPECT_EQ(pieces.segments[i].elements, whole.segments[i].elements);
      EXPECT_EQ(pieces.segments[i].offset, whole.segments[i].offset);
    }
  }
  EXPECT_GT(whole.segments.size(), 30u);
}

TEST(Tokenizer, NoIsaIsAnError) {
  const auto run = tokenize("GS*HC*A*B*20250101*1200*1*X*005010X222A1~ST*837*0001~");
  EXPECT_TRUE(run.segments.empty());
  ASSERT_EQ(run.errors.size(), 1u);
  EXPECT_EQ(run.errors[0].code, ErrorCode::syntax);
}

TEST(Tokenizer, IsaWithoutSixteenSeparatorsIsAnError) {
  const auto run = tokenize("ISA*00*          *00*~GS*HC~");
  EXPECT_TRUE(run.segments.empty());
  ASSERT_FALSE(run.errors.empty());
  EXPECT_EQ(run.errors[0].location, "ISA");
}

TEST(Tokenizer, SegmentLengthLimit) {
  Limits limits;
  limits.max_segment_length = 50;
  const std::string text = kIsa + "NTE*" + std::string(200, 'A') + "~ST*837*0001~";
  const auto run = tokenize(text, 16, limits);
  ASSERT_EQ(run.errors.size(), 1u);
  EXPECT_EQ(run.errors[0].code, ErrorCode::limit_exceeded);
  ASSERT_EQ(run.segments.size(), 2u) << "reading resumes after the oversized segment";
  EXPECT_EQ(run.segments[1].id, "ST");
}

TEST(Tokenizer, ElementCountLimit) {
  Limits limits;
  limits.max_elements = 20;
  const auto run = tokenize(kIsa + "HI" + std::string(25, '*') + "~ST*837*0001~", 0, limits);
  ASSERT_EQ(run.errors.size(), 1u);
  EXPECT_EQ(run.errors[0].code, ErrorCode::limit_exceeded);
  EXPECT_EQ(run.segments.back().id, "ST");
}

TEST(Tokenizer, LastSegmentWithoutTerminatorIsKept) {
  const auto run = tokenize(kIsa + "IEA*0*000000001\r\n");
  ASSERT_EQ(run.segments.size(), 2u);
  EXPECT_EQ(run.segments[1].elements, (std::vector<std::string>{"0", "000000001"}));
}

TEST(Components, PositionsAndCounts) {
  EXPECT_EQ(component("HC:99213:25", ':', 1), "HC");
  EXPECT_EQ(component("HC:99213:25", ':', 3), "25");
  EXPECT_EQ(component("HC:99213:25", ':', 4), "");
  EXPECT_EQ(component("ABK:M24562:::::::N", ':', 9), "N");
  EXPECT_EQ(component_count("1:2:3", ':'), 3u);
  EXPECT_EQ(component_count("", ':'), 0u);
  std::vector<std::string_view> parts;
  split_components("a:b:c:d", ':', 2, parts);
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[1], "b:c:d");
}

TEST(Encoding, SniffsBomsAndNulPatterns) {
  EXPECT_EQ(sniff_encoding("\xEF\xBB\xBFISA"), TextEncoding::utf8_bom);
  EXPECT_EQ(sniff_encoding(std::string("I\0S\0", 4)), TextEncoding::utf16le);
  EXPECT_EQ(sniff_encoding(std::string("\0I\0S", 4)), TextEncoding::utf16be);
  EXPECT_EQ(sniff_encoding("\xFF\xFEI"), TextEncoding::utf16le);
  EXPECT_EQ(sniff_encoding("ISA*"), TextEncoding::single_byte);
}

TEST(Encoding, DecodesUtf16AcrossChunks) {
  const std::string le("\xFF\xFEI\0S\0A\0*\0\xE9\0", 12);
  std::string out, carry;
  ASSERT_TRUE(decode_utf16(le.substr(0, 5), true, out, carry, true));
  ASSERT_TRUE(decode_utf16(le.substr(5), true, out, carry));
  EXPECT_TRUE(carry.empty());
  EXPECT_EQ(out, "ISA*\xC3\xA9");
  std::string later_out, later_carry;
  ASSERT_TRUE(decode_utf16(std::string("\xFF\xFEI\0", 4), true, later_out, later_carry));
  EXPECT_EQ(later_out, "\xEF\xBB\xBFI") << "U+FEFF after the start is data, whatever the chunking";
  std::string bad_out, bad_carry;
  EXPECT_FALSE(decode_utf16(std::string("\x00\xDC", 2), true, bad_out, bad_carry)) << "lone low surrogate";
}

}  // namespace
}  // namespace dxs::x12
