// X12 837 reader: dxs::x12::screen over the shipped mappings, the same bytes streamed in small
// uneven pieces through screen_stream (both must give the same answer), and read_837.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "adapters/x12/x12.hpp"
#include "fuzz_support.hpp"

namespace {

bool same_errors(const std::vector<dxs::InputError>& a, const std::vector<dxs::InputError>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].rule != b[i].rule || a[i].severity != b[i].severity || a[i].location != b[i].location ||
        a[i].message != b[i].message) {
      return false;
    }
  }
  return true;
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

  dxs::fuzz::PieceSource source(input, 1 + size % 23);
  const dxs::x12::Outcome streamed = dxs::x12::screen_stream(source, screen_fn, {}, options);
  require(streamed.claims == whole.claims, "x12 screen_stream: same claim count as screen");
  require(streamed.claims_rejected == whole.claims_rejected, "x12 screen_stream: same rejections");
  require(streamed.unreadable == whole.unreadable, "x12 screen_stream: same unreadable flag");
  require(streamed.format == whole.format, "x12 screen_stream: same format");
  require(same_errors(streamed.errors, whole.errors), "x12 screen_stream: same input errors");
  require(streamed.ta1 == whole.ta1, "x12 screen_stream: same TA1");
  require(streamed.ack999 == whole.ack999, "x12 screen_stream: same 999");
  require(streamed.ack277ca == whole.ack277ca, "x12 screen_stream: same 277CA");

  const dxs::x12::Parsed parsed = dxs::x12::read_837(input, options.limits);
  require(parsed.claims.size() == whole.claims, "x12 read_837: same claim count as screen");
  require(parsed.unreadable == whole.unreadable, "x12 read_837: same unreadable flag");
  return 0;
}
