#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "adapters/pipeline/pipeline.hpp"

namespace dxs::pipeline {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(DetectFormat, X12Interchange) {
  const Detection d = detect_format("ISA*00*          *00*          *ZZ*A*ZZ*B~");
  EXPECT_EQ(d.kind, InputKind::x12);
  EXPECT_EQ(d.bom_bytes, 0u);
  EXPECT_FALSE(d.utf16);
}

TEST(DetectFormat, SkipsUtf8BomAndLeadingBlanks) {
  const Detection d = detect_format("\xEF\xBB\xBF\r\n  ISA*00*");
  EXPECT_EQ(d.kind, InputKind::x12);
  EXPECT_EQ(d.bom_bytes, 3u);
  EXPECT_EQ(detect_format("\xEF\xBB\xBF{\"resourceType\":\"Claim\"}").kind, InputKind::fhir_json);
}

TEST(DetectFormat, Utf16GoesToTheX12PathFlagged) {
  const std::string le_bom("\xFF\xFEI\0S\0A\0*\0", 10);
  Detection d = detect_format(le_bom);
  EXPECT_EQ(d.kind, InputKind::x12);
  EXPECT_TRUE(d.utf16);
  const std::string be_no_bom("\0I\0S\0A\0*\0000\0000\0*", 14);  // UTF-16BE "ISA*00*"
  d = detect_format(be_no_bom);
  EXPECT_EQ(d.kind, InputKind::x12);
  EXPECT_TRUE(d.utf16);
}

std::string utf16(std::string_view ascii, bool big_endian, bool bom) {
  std::string out;
  if (bom) out += big_endian ? "\xFE\xFF" : "\xFF\xFE";
  for (const char c : ascii) {
    out += big_endian ? std::string{'\0', c} : std::string{c, '\0'};
  }
  return out;
}

TEST(DetectFormat, Utf16FhirIsNamedAsFhirFlagged) {
  const std::string claim = "{\"resourceType\": \"Claim\", \"id\": \"x\"}";
  for (const bool big_endian : {false, true}) {
    for (const bool bom : {false, true}) {
      Detection d = detect_format(utf16(claim, big_endian, bom));
      EXPECT_EQ(d.kind, InputKind::fhir_json) << big_endian << bom;
      EXPECT_TRUE(d.utf16);
      d = detect_format(utf16("\n  <?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<Claim/>", big_endian, bom));
      EXPECT_EQ(d.kind, InputKind::fhir_xml) << big_endian << bom;
      EXPECT_TRUE(d.utf16);
      d = detect_format(utf16("ISA*00*          *00*", big_endian, bom));
      EXPECT_EQ(d.kind, InputKind::x12) << big_endian << bom;
      EXPECT_TRUE(d.utf16);
    }
  }
  // UTF-16 that is neither stays on the X12 path, which reports it.
  EXPECT_EQ(detect_format(utf16("hello there, nothing to see", false, true)).kind, InputKind::x12);
  EXPECT_EQ(detect_format(std::string("\xFF\xFE", 2)).kind, InputKind::x12);
}

TEST(DetectFormat, SingleJsonDocumentPrettyOrCompact) {
  EXPECT_EQ(detect_format("{\n  \"resourceType\": \"Claim\"\n}\n").kind, InputKind::fhir_json);
  EXPECT_EQ(detect_format("{\"resourceType\":\"Bundle\"}\n").kind, InputKind::fhir_json);
  EXPECT_EQ(detect_format("[1,2]").kind, InputKind::fhir_json);  // the FHIR reader rejects it
}

TEST(DetectFormat, SeveralObjectsOnePerLineAreNdjson) {
  const std::string ndjson =
      "{\"resourceType\":\"Claim\",\"id\":\"a\",\"note\":\"{ not a brace\"}\n"
      "{\"resourceType\":\"Claim\",\"id\":\"b\"}\n";
  EXPECT_EQ(detect_format(ndjson).kind, InputKind::fhir_ndjson);
  // A brace inside a string on the first line does not end the object early.
  EXPECT_EQ(detect_format("{\"a\":\"}\"}\r\n{\"b\":1}").kind, InputKind::fhir_ndjson);
}

TEST(DetectFormat, Xml) {
  EXPECT_EQ(detect_format("<?xml version=\"1.0\"?><Claim/>").kind, InputKind::fhir_xml);
  EXPECT_EQ(detect_format("  <Bundle xmlns=\"http://hl7.org/fhir\"/>").kind, InputKind::fhir_xml);
}

TEST(DetectFormat, UnknownContentSaysWhy) {
  Detection d = detect_format("");
  EXPECT_EQ(d.kind, InputKind::unknown);
  EXPECT_EQ(d.reason, "empty input");
  d = detect_format("   \n\t");
  EXPECT_EQ(d.kind, InputKind::unknown);
  d = detect_format("hello world");
  EXPECT_EQ(d.kind, InputKind::unknown);
  EXPECT_NE(d.reason.find("0x68"), std::string::npos) << d.reason;
}

TEST(DetectFormat, RecognisesTheSamples) {
  const std::string dir = std::string(DXS_SOURCE_DIR) + "/samples/x12/";
  for (const char* name : {"837p-clean.x12", "837i-clean.x12", "837d-clean.x12"})
    EXPECT_EQ(detect_format(read_file(dir + name)).kind, InputKind::x12) << name;
}

TEST(DetectFormat, RecognisesTheSharedCorpus) {
  const std::string shared = DXS_SHARED_DIR;
  const std::string bom = shared + "/corpus/x12/oopfactory/INS-837P-5010/UnicodeExample.txt";
  std::ifstream probe(bom, std::ios::binary);
  if (!probe) GTEST_SKIP() << "shared corpus not present";
  const Detection d = detect_format(read_file(bom));
  EXPECT_EQ(d.kind, InputKind::x12);
  EXPECT_TRUE(d.utf16);
}

TEST(DetectFormat, TextBannerBeforeTheInterchangeIsX12) {
  EXPECT_EQ(detect_format("Example 1 from the guide\nISA*00*          *00*  ~").kind, InputKind::x12);
  EXPECT_EQ(detect_format("banner\r\nISA|00|  ~").kind, InputKind::x12);
  // "ISA" inside prose, or followed by a letter, is not an interchange.
  EXPECT_EQ(detect_format("a VISA card\nISABEL").kind, InputKind::unknown);
  const std::string stupidedi = std::string(DXS_SHARED_DIR) + "/corpus/x12/stupidedi/X222/case/1.edi";
  std::ifstream probe(stupidedi, std::ios::binary);
  if (!probe) GTEST_SKIP() << "shared corpus not present";
  EXPECT_EQ(detect_format(read_file(stupidedi)).kind, InputKind::x12);
}

TEST(InputKindNames, RoundTrip) {
  for (InputKind k : {InputKind::x12, InputKind::fhir_json, InputKind::fhir_ndjson, InputKind::fhir_xml}) {
    InputKind parsed = InputKind::unknown;
    ASSERT_TRUE(parse_input_kind(to_string(k), &parsed));
    EXPECT_EQ(parsed, k);
  }
  InputKind parsed = InputKind::x12;
  EXPECT_FALSE(parse_input_kind("csv", &parsed));
}

}  // namespace
}  // namespace dxs::pipeline
