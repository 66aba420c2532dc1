#include "adapters/x12/x12.hpp"

#include <gtest/gtest.h>

#include <random>

#include "ack_checker.hpp"
#include "x12_test_support.hpp"

namespace dxs::x12 {
namespace {

using namespace testing;

// Delivers the input in pieces of a fixed size (1 byte is the hardest case).
class ChunkSource : public ByteSource {
 public:
  ChunkSource(std::string data, std::size_t piece) : data_(std::move(data)), piece_(piece) {}
  Result<std::size_t> read(char* buffer, std::size_t capacity) override {
    const std::size_t n = std::min({capacity, piece_, data_.size() - pos_});
    std::copy_n(data_.data() + pos_, n, buffer);
    pos_ += n;
    return n;
  }

 private:
  std::string data_;
  std::size_t piece_;
  std::size_t pos_ = 0;
};

class FailingSource : public ByteSource {
 public:
  Result<std::size_t> read(char*, std::size_t) override { return make_error(ErrorCode::io, "disk gone"); }
};

ScreenFn reject_first_code() {
  return with_findings({finding("code-unknown", {"J20.9"}, {0})});
}

std::string three_claims() {
  return make_837(professional_claim({"HI*ABK:J209", "LX*1", "SV1*HC:99213*150*UN*1***1", "DTP*472*D8*20250110",
                                      "CLM*PCN0002*20***11:B:1*Y*A*Y*Y", "HI*ABK:R05",
                                      "CLM*PCN0003*30***11:B:1*Y*A*Y*Y", "HI*ABK:R05*ABF:J209"}));
}

TEST(X12, ScreenCallsScreenFnAndSinkPerClaim) {
  std::vector<std::string> seen;
  ResultSink sink = [&](const Claim& claim, const ClaimResult& result) {
    seen.push_back(claim.id + (result.rejected ? ":R" : ":A"));
  };
  const auto out = screen(three_claims(), reject_first_code(), sink, fixed_options());
  EXPECT_EQ(seen, (std::vector<std::string>{"PCN0001:R", "PCN0002:R", "PCN0003:R"}));
  EXPECT_EQ(out.claims, 3u);
  EXPECT_EQ(out.claims_rejected, 3u);
  EXPECT_EQ(out.format, "x12-837P");
  EXPECT_FALSE(out.unreadable);
  EXPECT_TRUE(out.errors.empty());
}

TEST(X12, StreamingGivesByteIdenticalOutput) {
  const std::string text = three_claims() + three_claims();
  const auto whole = screen(text, reject_first_code(), ResultSink{}, fixed_options());
  ASSERT_EQ(check_ack_interchanges(whole.ack277ca, "277"), "") << whole.ack277ca;
  for (std::size_t piece : {1u, 3u, 50u, 4096u}) {
    Options o = fixed_options();
    o.limits.chunk_size = 4096;
    ChunkSource source(text, piece);
    const auto streamed = screen_stream(source, reject_first_code(), ResultSink{}, o);
    EXPECT_EQ(streamed.ack999, whole.ack999) << piece;
    EXPECT_EQ(streamed.ack277ca, whole.ack277ca) << piece;
    EXPECT_EQ(streamed.claims, 6u);
  }
}

TEST(X12, BomAndUtf16AreRead) {
  const std::string text = three_claims();
  const auto plain = screen(text, accept_all(), ResultSink{}, fixed_options());
  const auto bom = screen("\xEF\xBB\xBF" + text, accept_all(), ResultSink{}, fixed_options());
  EXPECT_EQ(bom.claims, 3u);
  EXPECT_EQ(bom.ack277ca, plain.ack277ca);
  std::string utf16 = "\xFF\xFE";
  for (char c : text) {
    utf16.push_back(c);
    utf16.push_back('\0');
  }
  const auto wide = screen(utf16, accept_all(), ResultSink{}, fixed_options());
  EXPECT_EQ(wide.claims, 3u);
  EXPECT_EQ(wide.ack999, plain.ack999);
  ChunkSource source(utf16, 5);
  EXPECT_EQ(screen_stream(source, accept_all(), ResultSink{}, fixed_options()).ack277ca, plain.ack277ca);
  const auto broken = screen(std::string("I\0S\0A\0\0\xDC", 8), accept_all(), ResultSink{}, fixed_options());
  EXPECT_TRUE(broken.unreadable);
}

TEST(X12, UnreadableInputs) {
  for (const std::string& text : {std::string(), std::string("hello"), std::string("GS*HC*A~ST*837*1~"),
                                 std::string("{\"resourceType\":\"Claim\"}")}) {
    const auto out = screen(text, accept_all(), ResultSink{}, fixed_options());
    EXPECT_TRUE(out.unreadable) << text;
    EXPECT_EQ(out.claims, 0u);
    EXPECT_TRUE(out.ack999.empty());
  }
  FailingSource failing;
  const auto out = screen_stream(failing, accept_all(), ResultSink{}, fixed_options());
  ASSERT_FALSE(out.errors.empty());
  EXPECT_NE(out.errors[0].message.find("disk gone"), std::string::npos);
}

std::string to_utf16le(const std::string& text) {
  std::string out = "\xFF\xFE";
  for (char c : text) {
    out.push_back(c);
    out.push_back('\0');
  }
  return out;
}

std::string describe(const std::vector<InputError>& errors) {
  std::string all;
  for (const auto& e : errors) all += std::string(to_string(e.severity)) + " [" + e.location + "] " + e.message + "\n";
  return all;
}

// screen() and screen_stream() in pieces of 1, 7 and 4096 bytes give the same answer.
void expect_same_streamed(const std::string& text, const Outcome& whole) {
  for (std::size_t piece : {1u, 7u, 4096u}) {
    Options o = fixed_options();
    o.limits.chunk_size = 4096;
    ChunkSource source(text, piece);
    const auto streamed = screen_stream(source, reject_first_code(), ResultSink{}, o);
    EXPECT_EQ(streamed.claims, whole.claims) << piece;
    EXPECT_EQ(streamed.claims_rejected, whole.claims_rejected) << piece;
    EXPECT_EQ(streamed.unreadable, whole.unreadable) << piece;
    EXPECT_EQ(describe(streamed.errors), describe(whole.errors)) << piece;
    EXPECT_EQ(streamed.ta1, whole.ta1) << piece;
    EXPECT_EQ(streamed.ack999, whole.ack999) << piece;
    EXPECT_EQ(streamed.ack277ca, whole.ack277ca) << piece;
  }
}

TEST(X12, Utf16ThatStopsDecodingIsScreenedUpToThereStreamedOrWhole) {
  const std::string two = three_claims() + three_claims();
  const std::string wide = to_utf16le(two);
  // A trailing odd byte: both interchanges are complete, then the input ends mid character.
  const std::string odd = wide + "A";
  const auto whole_odd = screen(odd, reject_first_code(), ResultSink{}, fixed_options());
  EXPECT_EQ(whole_odd.claims, 6u);
  ASSERT_FALSE(whole_odd.errors.empty());
  EXPECT_EQ(whole_odd.errors.back().message, "input looks like UTF-16 but ends in the middle of a character");
  EXPECT_EQ(whole_odd.errors.back().severity, Severity::fatal);
  EXPECT_TRUE(whole_odd.unreadable);
  expect_same_streamed(odd, whole_odd);
  // A lone low surrogate in the second interchange: the first is screened, the second is cut
  // off before the bad code unit (its open claim is never read as a complete one).
  std::string broken = wide;
  const std::size_t second = 2 * (three_claims().size() + three_claims().find("CLM*PCN0002"));
  broken.insert(second, std::string("\x00\xDC", 2));
  const auto whole_broken = screen(broken, reject_first_code(), ResultSink{}, fixed_options());
  EXPECT_EQ(whole_broken.claims, 4u) << describe(whole_broken.errors);
  ASSERT_FALSE(whole_broken.errors.empty());
  EXPECT_EQ(whole_broken.errors.back().message, "input looks like UTF-16 but cannot be decoded");
  EXPECT_NE(describe(whole_broken.errors).find("interchange has no IEA trailer"), std::string::npos);
  expect_same_streamed(broken, whole_broken);
}

TEST(X12, EmptyInputAndABareByteOrderMarkHaveNoIsa) {
  for (const std::string& text : {std::string(), std::string("\xFF\xFE"), std::string("\xFE\xFF"),
                                 std::string("\xEF\xBB\xBF"), std::string(" \r\n"), std::string("\xFF\xFE \0", 4)}) {
    const auto whole = screen(text, accept_all(), ResultSink{}, fixed_options());
    EXPECT_TRUE(whole.unreadable);
    ASSERT_EQ(whole.errors.size(), 1u) << describe(whole.errors);
    EXPECT_EQ(whole.errors[0].severity, Severity::fatal);
    EXPECT_EQ(whole.errors[0].message, "no ISA interchange header at the start of the input");
    expect_same_streamed(text, whole);
  }
}

TEST(X12, UnusableFirstIsaGetsTheSameTa1WhateverTheReads) {
  std::string text = three_claims();
  text[104] = 'Q';  // ISA16 alphanumeric: the component separator is unusable
  const auto whole = screen(text, accept_all(), ResultSink{}, fixed_options());
  EXPECT_TRUE(whole.unreadable);
  ASSERT_FALSE(whole.ta1.empty());
  EXPECT_NE(whole.ta1.find("TA1*000000077*250110*0900*R*027"), std::string::npos) << whole.ta1;
  expect_same_streamed(text, whole);
  expect_same_streamed("Title line\n" + text, screen("Title line\n" + text, accept_all(), ResultSink{}, fixed_options()));
}

TEST(X12, BuildAcksOffKeepsNoAcknowledgments) {
  Options o = fixed_options();
  o.build_acks = false;
  std::size_t sunk = 0;
  const auto out = screen(three_claims(), accept_all(), [&](const Claim&, const ClaimResult&) { ++sunk; }, o);
  EXPECT_EQ(sunk, 3u);
  EXPECT_TRUE(out.ack999.empty());
  EXPECT_TRUE(out.ack277ca.empty());
}

TEST(X12, InputSizeLimit) {
  Options o = fixed_options();
  o.limits.max_input_bytes = 100;
  const auto out = screen(three_claims(), accept_all(), ResultSink{}, o);
  ASSERT_FALSE(out.errors.empty());
  EXPECT_EQ(out.claims, 0u);
  ChunkSource source(three_claims(), 64);
  const auto streamed = screen_stream(source, accept_all(), ResultSink{}, o);
  ASSERT_FALSE(streamed.errors.empty());
  EXPECT_NE(streamed.errors.back().message.find("larger than 100 bytes"), std::string::npos);
}

// Generates one interchange with `claims` claims in one transaction set, lazily (never held).
class GeneratedSource : public ByteSource {
 public:
  explicit GeneratedSource(std::size_t claims) : claims_(claims) {
    pending_ =
        "ISA*00*          *00*          *ZZ*SUBMITTER01    *ZZ*DXSCREEN       *250110*0900*^*00501*000000077*0*P*:~\n"
        "GS*HC*SUBMITTER01*DXSCREEN*20250110*0900*77*X*005010X222A1~\nST*837*0001*005010X222A1~\n"
        "BHT*0019*00*B1*20250110*0900*CH~\nNM1*41*2*SUB*****46*S1~\nHL*1**20*1~\nNM1*85*2*BILLING*****XX*1234567893~\n";
    segments_ = 5;
  }
  Result<std::size_t> read(char* buffer, std::size_t capacity) override {
    while (pending_.size() < capacity && !done_) refill();
    const std::size_t n = std::min(capacity, pending_.size());
    std::copy_n(pending_.data(), n, buffer);
    pending_.erase(0, n);
    return n;
  }

 private:
  void refill() {
    if (next_ < claims_) {
      const std::string n = std::to_string(next_ + 1);
      pending_ += "HL*" + std::to_string(next_ + 2) + "*1*22*0~\nSBR*P*18*******CI~\nNM1*IL*1*DOE*JANE****MI*M" + n +
                  "~\nCLM*PCN" + n + "*10***11:B:1*Y*A*Y*Y~\nHI*ABK:J209*ABF:R05~\nLX*1~\nSV1*HC:99213*10*UN*1***1:2~\n"
                  "DTP*472*D8*20250110~\n";
      segments_ += 8;
      ++next_;
      return;
    }
    pending_ += "SE*" + std::to_string(segments_ + 1) + "*0001~\nGE*1*77~\nIEA*1*000000077~\n";
    done_ = true;
  }
  std::size_t claims_;
  std::size_t next_ = 0;
  std::size_t segments_ = 0;
  bool done_ = false;
  std::string pending_;
};

TEST(X12, StreamsManyClaimsInOnePass) {
  constexpr std::size_t kClaims = 20000;
  Options o = fixed_options();
  o.limits.chunk_size = 64 * 1024;
  o.build_acks = false;
  std::size_t sunk = 0, dx = 0;
  GeneratedSource lean(kClaims);
  const auto out = screen_stream(lean, accept_all(), [&](const Claim& c, const ClaimResult&) {
    ++sunk;
    dx += c.diagnoses.size();
  }, o);
  EXPECT_EQ(out.claims, kClaims);
  EXPECT_EQ(sunk, kClaims);
  EXPECT_EQ(dx, 2 * kClaims);
  EXPECT_TRUE(out.errors.empty()) << out.errors.front().message;
  o.build_acks = true;
  GeneratedSource full(kClaims);
  const auto acked = screen_stream(full, accept_all(), ResultSink{}, o);
  EXPECT_EQ(acked.claims, kClaims);
  const auto p = split_x12(acked.ack277ca);
  EXPECT_EQ(p.all("TRN").size(), kClaims + 3);
  EXPECT_EQ(p.all("QTY")[0], (std::vector<std::string>{"QTY", "90", std::to_string(kClaims)}));
}

TEST(X12, MutatedInputsNeverCrashAndAcksStayWellFormed) {
  const std::string base = three_claims();
  std::mt19937 rng(12345);
  const std::string alphabet = "*:~^\n ISAGSTEHIC0123456789ABK";
  for (int round = 0; round < 400; ++round) {
    std::string text = base;
    const int edits = 1 + static_cast<int>(rng() % 6);
    for (int e = 0; e < edits; ++e) {
      const std::size_t at = rng() % text.size();
      switch (rng() % 3) {
        case 0: text[at] = alphabet[rng() % alphabet.size()]; break;
        case 1: text.erase(at, 1 + rng() % 20); break;
        default: text.insert(at, std::string(1 + rng() % 3, alphabet[rng() % alphabet.size()])); break;
      }
      if (text.empty()) text = "I";
    }
    const auto out = screen(text, reject_first_code(), ResultSink{}, fixed_options());
    if (!out.ack999.empty()) {
    ASSERT_EQ(check_ack_interchanges(out.ack999, "999"), "") << text;
  }
    if (!out.ack277ca.empty()) {
    ASSERT_EQ(check_ack_interchanges(out.ack277ca, "277"), "") << text;
  }
    if (!out.ta1.empty()) {
    ASSERT_EQ(check_ack_interchanges(out.ta1, ""), "") << text;
  }
  }
}

}  // namespace
}  // namespace dxs::x12
