#include "adapters/fhir/ndjson.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <rapidjson/document.h>

#include "fhir_test_support.hpp"

namespace dxs::fhir {
namespace {

std::vector<std::string> all_lines(ByteSource& source, std::size_t max_line,
                                   std::vector<LineReader::Status>* statuses = nullptr) {
  LineReader reader(source, max_line);
  std::vector<std::string> lines;
  std::string_view line;
  for (;;) {
    const LineReader::Status status = reader.next(line);
    if (status == LineReader::Status::end || status == LineReader::Status::read_error) break;
    if (statuses) statuses->push_back(status);
    lines.push_back(status == LineReader::Status::line ? std::string(line) : "<too long>");
  }
  return lines;
}

TEST(LineReader, SplitsOnNewlinesAcrossChunkBoundaries) {
  test::StringSource source("one\r\ntwo\n\nthree-without-newline", 3);
  EXPECT_EQ(all_lines(source, 100), (std::vector<std::string>{"one", "two", "", "three-without-newline"}));
}

TEST(LineReader, SkipsOverlongLinesAndKeepsCounting) {
  test::StringSource source("short\n" + std::string(50, 'x') + "\nafter\n" + std::string(40, 'y'), 4);
  LineReader reader(source, 10);
  std::string_view line;
  EXPECT_EQ(reader.next(line), LineReader::Status::line);
  EXPECT_EQ(reader.next(line), LineReader::Status::too_long);
  EXPECT_EQ(reader.line_number(), 2U);
  EXPECT_EQ(reader.next(line), LineReader::Status::line);
  EXPECT_EQ(line, "after");
  EXPECT_EQ(reader.next(line), LineReader::Status::too_long);
  EXPECT_EQ(reader.next(line), LineReader::Status::end);
}

// Hands out one byte per read and fills the rest of the space it is offered with a marker; on
// the next read it checks that the space it marked and is offered again was left untouched,
// i.e. the reader does not clear (zero-fill) its free buffer between reads.
class MarkingSource : public ByteSource {
 public:
  explicit MarkingSource(std::string text) : text_(std::move(text)) {}
  Result<std::size_t> read(char* buffer, std::size_t capacity) override {
    if (marked_end_ != nullptr && buffer >= marked_begin_ && buffer < marked_end_) {
      const auto still_marked = static_cast<std::size_t>(marked_end_ - buffer);
      ++checks_;
      if (std::any_of(buffer, buffer + still_marked, [](char c) { return c != kMark; })) ++cleared_;
    }
    if (capacity == 0 || position_ >= text_.size()) return std::size_t{0};
    buffer[0] = text_[position_++];
    std::fill(buffer + 1, buffer + capacity, kMark);
    marked_begin_ = buffer + 1;
    marked_end_ = buffer + capacity;
    return std::size_t{1};
  }
  std::size_t checks_ = 0;
  std::size_t cleared_ = 0;

 private:
  static constexpr char kMark = '\x5A';
  std::string text_;
  std::size_t position_ = 0;
  char* marked_begin_ = nullptr;
  char* marked_end_ = nullptr;
};

TEST(LineReader, ShortReadsDoNotClearTheFreeBuffer) {
  const std::string long_line(3000, 'a');
  MarkingSource source(long_line + "\nb\n");
  EXPECT_EQ(all_lines(source, 100000), (std::vector<std::string>{long_line, "b"}));
  EXPECT_GT(source.checks_, 2000U);
  EXPECT_EQ(source.cleared_, 0U);
}

TEST(LineReader, ReportsReadErrors) {
  test::FailingSource source("a\nb\nc\n", 2);
  LineReader reader(source, 100);
  std::string_view line;
  EXPECT_EQ(reader.next(line), LineReader::Status::line);
  EXPECT_EQ(reader.next(line), LineReader::Status::read_error);
  EXPECT_EQ(reader.read_error().message, "disk went away");
}

ClaimResult echo_screen(const Claim& claim) {
  ClaimResult result;
  result.claim_id = claim.id;
  for (std::size_t i = 0; i < claim.diagnoses.size(); ++i) {
    if (!claim.diagnoses[i].reference_unresolved) continue;
    Finding finding;
    finding.rule = "reference-unresolved";
    finding.severity = Severity::error;
    finding.diagnosis_indexes = {static_cast<int>(i)};
    finding.message = "unresolved";
    result.findings.push_back(finding);
    result.rejected = true;
  }
  return result;
}

struct Screened {
  std::vector<Claim> claims;
  Outcome outcome;
  std::vector<std::string> lines;
};

Screened screen_text(const std::string& text, Options options = test::test_options()) {
  Screened screened;
  std::vector<std::string>* lines = &screened.lines;
  options.response_writer = [lines](std::string_view line) { lines->emplace_back(line); };
  test::StringSource source(text, 4096);
  screened.outcome = screen_ndjson(
      source, echo_screen, [&](const Claim& claim, const ClaimResult&) { screened.claims.push_back(claim); },
      options);
  return screened;
}

TEST(Ndjson, ClaimsWaitForConditionsThatComeLater) {
  const Screened s = screen_text(test::read_file(test::samples_dir() / "bulk.ndjson"));
  EXPECT_EQ(s.outcome.format, "fhir-ndjson");
  EXPECT_EQ(s.outcome.media_type, "application/fhir+ndjson");
  EXPECT_TRUE(s.outcome.errors.empty());
  EXPECT_EQ(s.outcome.claims, 4U);
  EXPECT_TRUE(s.outcome.operation_outcome.empty());  // went to the writer
  ASSERT_EQ(s.claims.size(), 4U);
  // claim-2 resolves at once; the others waited for the end of the input.
  EXPECT_EQ(s.claims[0].id, "ndjson-claim-2");
  EXPECT_EQ(s.claims[1].id, "ndjson-claim-1");
  EXPECT_EQ(s.claims[1].diagnoses[0].code_text, "M62.81");
  EXPECT_EQ(s.claims[1].diagnoses[1].code_text, "R53.1");
  EXPECT_EQ(s.claims[1].diagnoses[0].location, "Condition.where(id='cond-weakness').code.coding[0].code");
  EXPECT_EQ(s.claims[1].diagnoses[1].location, "Condition.where(id='cond-asthenia').code.coding[0].code");
  EXPECT_EQ(s.claims[2].id, "ndjson-claim-3");
  ASSERT_EQ(s.claims[2].diagnoses[0].body_sites.size(), 1U);
  EXPECT_EQ(s.claims[2].diagnoses[0].body_sites[0].site, "ankle");
  EXPECT_EQ(s.claims[2].diagnoses[0].body_sites[0].side, Laterality::left);
  EXPECT_EQ(s.claims[2].diagnoses[0].body_sites[0].location, "Condition.where(id='cond-ankle').bodySite[0]");
  EXPECT_EQ(s.claims[3].id, "ndjson-claim-4");
  EXPECT_TRUE(s.claims[3].diagnoses[0].reference_unresolved);
  ASSERT_EQ(s.lines.size(), 4U);
  for (const std::string& line : s.lines) {
    EXPECT_EQ(line.find('\n'), line.size() - 1);
    rapidjson::Document document;
    document.Parse(line.c_str());
    EXPECT_FALSE(document.HasParseError());
  }
  EXPECT_NE(s.lines[3].find("no Condition with this id in the input"), std::string::npos);
}

TEST(Ndjson, AnswersAreJsonLinesWhateverEncodingWasAskedFor) {
  Options options = test::test_options();
  options.response_encoding = Encoding::xml;
  const Screened s = screen_text(test::read_file(test::samples_dir() / "bulk.ndjson"), options);
  ASSERT_EQ(s.lines.size(), 4U);
  EXPECT_EQ(s.lines[0].rfind("{\"resourceType\":\"OperationOutcome\"", 0), 0U);
}

TEST(Ndjson, DeferredQueueIsBounded) {
  Options options = test::test_options();
  options.limits.max_deferred_claims = 1;
  const Screened s = screen_text(test::read_file(test::samples_dir() / "bulk.ndjson"), options);
  ASSERT_EQ(s.claims.size(), 4U);
  // claim-1 had to leave the queue when claim-3 arrived, after its Condition had come in.
  EXPECT_EQ(s.claims[0].id, "ndjson-claim-2");
  EXPECT_EQ(s.claims[1].id, "ndjson-claim-1");
  EXPECT_FALSE(s.claims[1].diagnoses[1].reference_unresolved);
  EXPECT_EQ(s.claims[2].id, "ndjson-claim-3");
  EXPECT_FALSE(s.claims[2].diagnoses[0].reference_unresolved);
}

TEST(Ndjson, BadLinesAreReportedWithTheirLineNumberAndTheStreamGoesOn) {
  const std::string text =
      R"({"resourceType":"Claim","id":"a","diagnosis":[{"sequence":1,"diagnosisCodeableConcept":{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"I10"}]}}]})"
      "\n{\"resourceType\":\"Claim\",\"id\": }\n"
      R"({"resourceType":"Patient","id":"p"})"
      "\n\n"
      R"({"resourceType":"Claim","id":"b"})"
      "\n";
  const Screened s = screen_text(text);
  EXPECT_EQ(s.outcome.claims, 2U);
  EXPECT_FALSE(s.outcome.unreadable);
  ASSERT_EQ(s.outcome.errors.size(), 2U);
  EXPECT_EQ(s.outcome.errors[0].line, 2U);
  EXPECT_EQ(s.outcome.errors[0].severity, Severity::error);
  EXPECT_EQ(s.outcome.errors[0].location, "line 2, column 31");
  EXPECT_EQ(s.outcome.errors[1].line, 3U);
  EXPECT_NE(s.outcome.errors[1].message.find("Patient cannot be screened"), std::string::npos);
  EXPECT_EQ(s.lines.size(), 4U);  // 2 claims + 2 structure outcomes
}

TEST(Ndjson, WithoutResponsesNoOutcomeIsBuiltOrKept) {
  const std::string text = test::read_file(test::samples_dir() / "bulk.ndjson") +
                           "{\"resourceType\":\"Claim\",\"id\": }\n";
  Options options = test::test_options();
  test::StringSource with_source(text, 4096);
  const Outcome with = screen_ndjson(with_source, echo_screen, {}, options);
  ASSERT_FALSE(with.operation_outcome.empty());  // collected when nobody takes the lines

  options.build_responses = false;
  test::StringSource without_source(text, 4096);
  std::size_t claims = 0;
  const Outcome without = screen_ndjson(
      without_source, echo_screen, [&](const Claim&, const ClaimResult&) { ++claims; }, options);
  EXPECT_TRUE(without.operation_outcome.empty());
  EXPECT_EQ(without.claims, with.claims);
  EXPECT_EQ(claims, with.claims);
  ASSERT_EQ(without.errors.size(), with.errors.size());
  ASSERT_EQ(without.errors.size(), 1U);
  EXPECT_EQ(without.errors[0].location, with.errors[0].location);

  std::size_t written = 0;
  options.response_writer = [&](std::string_view) { ++written; };
  test::StringSource writer_source(text, 4096);
  const Outcome with_writer = screen_ndjson(writer_source, echo_screen, {}, options);
  EXPECT_EQ(written, 0U);
  EXPECT_TRUE(with_writer.operation_outcome.empty());
}

TEST(Ndjson, EmptyAndUnreadableInput) {
  const Screened empty = screen_text("\n\n");
  EXPECT_TRUE(empty.outcome.unreadable);
  ASSERT_EQ(empty.outcome.errors.size(), 1U);
  EXPECT_EQ(empty.outcome.errors[0].severity, Severity::fatal);

  test::FailingSource failing("{}\n", 0);
  const Outcome outcome = screen_ndjson(failing, echo_screen, {}, test::test_options());
  EXPECT_TRUE(outcome.unreadable);
  ASSERT_EQ(outcome.errors.size(), 1U);
  EXPECT_NE(outcome.errors[0].message.find("could not be read"), std::string::npos);
  EXPECT_NE(outcome.operation_outcome.find("\"fatal\""), std::string::npos);
}

TEST(Ndjson, SyntheaExportResolvesEveryConditionInEitherFileOrder) {
  const auto dir = test::corpus_dir() / "synthea-ndjson";
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << "shared corpus not present";
  const std::string claims = test::read_file(dir / "Claim.ndjson");
  const std::string conditions = test::read_file(dir / "Condition.ndjson");
  for (const std::string& text : {conditions + claims, claims + conditions}) {
    const Screened s = screen_text(text);
    EXPECT_TRUE(s.outcome.errors.empty());
    ASSERT_EQ(s.claims.size(), 192U);
    std::size_t references = 0;
    for (const Claim& claim : s.claims) {
      for (const Diagnosis& d : claim.diagnoses) {
        ++references;
        EXPECT_FALSE(d.reference_unresolved) << claim.id;
        EXPECT_EQ(d.system, CodeSystem::other);  // Synthea codes conditions in SNOMED only
        EXPECT_TRUE(d.not_screenable);
      }
    }
    EXPECT_EQ(references, 68U);
  }
}

}  // namespace
}  // namespace dxs::fhir
