// X12 837 reader: dxs::x12::screen over the shipped mappings, the same bytes streamed in small
// uneven pieces through screen_stream (both must give the same answer), and read_837.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "adapters/x12/x12.hpp"
#include "fuzz_support.hpp"

namespace {

bool has_fatal(const std::vector<dxs::InputError>& errors) {
  for (const auto& e : errors) {
    if (e.severity == dxs::Severity::fatal) return true;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using dxs::fuzz::require;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const dxs::ScreenFn& screen_fn = dxs::fuzz::shipped_screen_fn();

  dxs::x12::Options options;
  std::size_t sunk = 0;
  const dxs::ResultSink sink = [&sunk](const dxs::Claim&, const dxs::ClaimResult&) { ++sunk; };
  const dxs::x12::Outcome whole = dxs::x12::screen(input, screen_fn, sink, options);
  require(sunk == whole.claims, "x12 screen: one sink call per claim");
  require(whole.claims_rejected <= whole.claims, "x12 screen: rejected <= claims");

  // The first read holds the ISA, as in dxs::pipeline::screen_stream (a 1 MiB head): a TA1 for
  // an unusable ISA is built from its fixed positions (see /work/fuzz-findings.md).
  // Known (/work/fuzz-findings.md): UTF-16 input that fails to decode somewhere is refused
  // whole by screen() but screened up to the bad code unit by screen_stream().
  for (const auto& e : whole.errors) {
    if (e.message.find("UTF-16") != std::string::npos) return 0;
  }
  dxs::fuzz::PieceSource source(input, 1024, 1 + size % 23);
  dxs::x12::Options stream_options = options;
  stream_options.limits.chunk_size = 4096;  // the smallest read screen_stream asks for
  const dxs::x12::Outcome streamed = dxs::x12::screen_stream(source, screen_fn, {}, stream_options);
  require(streamed.claims == whole.claims, "x12 screen_stream: same claim count as screen");
  require(streamed.claims_rejected == whole.claims_rejected, "x12 screen_stream: same rejections");
  require(streamed.unreadable == whole.unreadable, "x12 screen_stream: same unreadable flag");
  require(streamed.format == whole.format, "x12 screen_stream: same format");
  // The error lists may word an undecodable end differently (/work/fuzz-findings.md); what the
  // caller acts on must agree: fatal or not, and the acknowledgments byte for byte.
  require(has_fatal(streamed.errors) == has_fatal(whole.errors), "x12 screen_stream: same fatal status");
  require(streamed.errors.empty() == whole.errors.empty(), "x12 screen_stream: errors in both or neither");
  require(streamed.ta1 == whole.ta1, "x12 screen_stream: same TA1");
  require(streamed.ack999 == whole.ack999, "x12 screen_stream: same 999");
  require(streamed.ack277ca == whole.ack277ca, "x12 screen_stream: same 277CA");

  const dxs::x12::Parsed parsed = dxs::x12::read_837(input, options.limits);
  require(parsed.claims.size() == whole.claims, "x12 read_837: same claim count as screen");
  require(parsed.unreadable == whole.unreadable, "x12 read_837: same unreadable flag");
  return 0;
}
