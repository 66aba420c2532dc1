// X12 837 reader: dxs::x12::screen over the shipped mappings, the same bytes streamed in small
// uneven pieces through screen_stream (both must give the same answer), and read_837.
#include <cstddef>
#include <cstdint>
#include <string>
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

// Acknowledgments reuse the submitter's delimiters (which may be control characters) and add
// line breaks; any other control byte was copied from the input.
bool no_control_bytes(std::string_view ack) {
  const auto is_control = [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7F;
  };
  std::string allowed = "\n";
  for (std::size_t at = ack.find("ISA"); at != std::string_view::npos; at = ack.find("ISA", at + 1)) {
    if (at + 106 > ack.size()) break;
    for (std::size_t offset : {3, 82, 104, 105}) allowed += ack[at + offset];  // ISA delimiters
  }
  for (char c : ack) {
    if (is_control(c) && allowed.find(c) == std::string::npos) return false;
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

  // Half of the inputs start with a 1 KiB read (dxs::pipeline::screen_stream hands over a 1 MiB
  // head), the other half with a short one, as a pipe may deliver.
  const std::size_t first_read = size % 2 == 0 ? 1024 : 1 + size % 97;
  dxs::fuzz::PieceSource source(input, first_read, 1 + size % 23);
  dxs::x12::Options stream_options = options;
  stream_options.limits.chunk_size = 4096;  // the smallest read screen_stream asks for
  const dxs::x12::Outcome streamed = dxs::x12::screen_stream(source, screen_fn, {}, stream_options);
  require(streamed.claims == whole.claims, "x12 screen_stream: same claim count as screen");
  require(streamed.claims_rejected == whole.claims_rejected, "x12 screen_stream: same rejections");
  require(streamed.unreadable == whole.unreadable, "x12 screen_stream: same unreadable flag");
  require(streamed.format == whole.format, "x12 screen_stream: same format");
  require(same_errors(streamed.errors, whole.errors), "x12 screen_stream: same errors");
  require(streamed.ta1 == whole.ta1, "x12 screen_stream: same TA1");
  require(streamed.ack999 == whole.ack999, "x12 screen_stream: same 999");
  require(streamed.ack277ca == whole.ack277ca, "x12 screen_stream: same 277CA");
  for (const std::string* ack : {&whole.ta1, &whole.ack999, &whole.ack277ca}) {
    require(no_control_bytes(*ack), "x12 acknowledgments: no control bytes but the delimiters");
  }

  const dxs::x12::Parsed parsed = dxs::x12::read_837(input, options.limits);
  require(parsed.claims.size() == whole.claims, "x12 read_837: same claim count as screen");
  require(parsed.unreadable == whole.unreadable, "x12 read_837: same unreadable flag");
  return 0;
}
