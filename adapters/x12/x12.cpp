#include "adapters/x12/x12.hpp"

#include <algorithm>
#include <utility>

#include "adapters/x12/ack277ca.hpp"
#include "adapters/x12/ack999.hpp"
#include "adapters/x12/reader837.hpp"
#include "adapters/x12/segment_writer.hpp"
#include "adapters/x12/ta1.hpp"
#include "adapters/x12/tokenizer.hpp"

namespace dxs::x12 {
namespace {

constexpr std::uint64_t kBillion = 1000000000ULL;
constexpr const char* kUtf16Undecodable = "input looks like UTF-16 but cannot be decoded";
constexpr const char* kUtf16Truncated = "input looks like UTF-16 but ends in the middle of a character";

bool digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::uint64_t number_or(std::string_view s, std::uint64_t fallback) {
  if (!digits(s) || s.size() > 18) return fallback;
  std::uint64_t v = 0;
  for (char c : s) v = v * 10 + static_cast<std::uint64_t>(c - '0');
  return v;
}

std::uint64_t shifted(std::uint64_t value) {
  const std::uint64_t v = (value + kBillion / 2) % kBillion;
  return v == 0 ? 1 : v;
}

struct Envelopes {
  AckEnvelope ack999;
  AckEnvelope ack277;
};

Envelopes envelopes_for(const InterchangeAck& in, const AckConfig& config) {
  Envelopes e;
  std::string date8;
  if (config.process_date.known()) {
    date8 = std::to_string(config.process_date.ymd);
  } else if (!in.groups.empty() && in.groups.front().gs04.size() == 8 &&
             Date::parse_compact(in.groups.front().gs04)) {
    date8 = in.groups.front().gs04;
  } else if (in.isa09.size() == 6 && digits(in.isa09) && Date::parse_compact("20" + in.isa09)) {
    date8 = "20" + in.isa09;
  } else {
    date8 = "20000101";
  }
  std::string time4;
  if (config.process_time >= 0 && config.process_time <= 2359 && config.process_time % 100 < 60) {
    time4 = std::to_string(config.process_time);
    time4.insert(0, 4 - time4.size(), '0');
  } else if (!in.groups.empty() && in.groups.front().gs05.size() >= 4 &&
             digits(std::string_view(in.groups.front().gs05).substr(0, 4))) {
    time4 = in.groups.front().gs05.substr(0, 4);
  } else if (in.isa10.size() == 4 && digits(in.isa10)) {
    time4 = in.isa10;
  } else {
    time4 = "0000";
  }
  if (time4.substr(0, 2) > "23" || time4.substr(2, 2) > "59") time4 = "0000";
  const std::uint64_t index = in.index;
  const std::uint64_t isa13 = number_or(in.isa13, index + 1) % kBillion;
  const std::uint64_t gs06 =
      (in.groups.empty() ? isa13 : number_or(in.groups.front().gs06, isa13)) % kBillion;
  e.ack999.date8 = e.ack277.date8 = date8;
  e.ack999.time4 = e.ack277.time4 = time4;
  if (config.interchange_control != 0) {
    e.ack999.interchange_control = (config.interchange_control + 2 * index) % kBillion;
    e.ack277.interchange_control = (config.interchange_control + 2 * index + 1) % kBillion;
  } else {
    e.ack999.interchange_control = isa13 == 0 ? 1 : isa13;
    e.ack277.interchange_control = shifted(isa13);
  }
  if (config.group_control != 0) {
    e.ack999.group_control = (config.group_control + 2 * index) % kBillion;
    e.ack277.group_control = (config.group_control + 2 * index + 1) % kBillion;
  } else {
    e.ack999.group_control = gs06 == 0 ? 1 : gs06;
    e.ack277.group_control = shifted(gs06);
  }
  return e;
}

// Drives the tokenizer and the reader over a buffer that is refilled by the caller.
class Session {
 public:
  Session(const Options& options, const ScreenFn* screen_fn, const ResultSink* sink,
          std::vector<Claim>* keep_claims)
      : options_(options),
        tokenizer_(options.limits),
        reader_(options.limits, options.build_acks && keep_claims == nullptr,
                [this](Claim& claim, ClaimAck& ack) { on_claim(claim, ack); },
                [this](InterchangeAck& in) { on_interchange(in); }, options.ack.strict),
        screen_fn_(screen_fn),
        sink_(sink),
        keep_claims_(keep_claims) {}

  // Tokenizes `buffer` (absolute offset `base`); returns the number of bytes consumed.
  std::size_t run(std::string_view buffer, std::size_t base, bool final_chunk) {
    tokenizer_.set_input(buffer, base, final_chunk);
    for (;;) {
      if (reader_.stopped() || halted_) return buffer.size();
      const Tokenizer::Step step = tokenizer_.next(segment_, error_);
      if (step == Tokenizer::Step::segment) {
        if (after_isa_) reader_.note_line_breaks(tokenizer_.line_break_before());
        after_isa_ = segment_.id == "ISA";
        reader_.segment(segment_, tokenizer_.delimiters());
        continue;
      }
      if (step == Tokenizer::Step::error) {
        const bool first_isa = !tokenizer_.seen_isa() && tokenizer_.isa_note() != 0;
        reader_.tokenizer_error(error_, tokenizer_.isa_note());
        if (first_isa && error_.offset >= base && error_.offset - base < buffer.size()) {
          answer_unusable_isa(buffer.substr(error_.offset - base), tokenizer_.isa_note());
        }
        if (reader_.unreadable()) halted_ = true;
        continue;
      }
      return tokenizer_.consumed();
    }
  }

  void fail(Severity severity, std::string message, bool unreadable) {
    InputError e;
    e.rule = "x12-syntax";
    e.severity = severity;
    e.location = "ISA";
    e.message = std::move(message);
    extra_errors_.push_back(std::move(e));
    if (unreadable) unreadable_ = true;
    halted_ = true;
  }

  [[nodiscard]] bool halted() const noexcept { return halted_ || reader_.stopped(); }

  Outcome finish() {
    reader_.finish();
    outcome_.errors = reader_.errors();
    outcome_.errors.insert(outcome_.errors.end(), extra_errors_.begin(), extra_errors_.end());
    outcome_.unreadable = unreadable_ || reader_.unreadable();
    outcome_.format = reader_.format();
    return std::move(outcome_);
  }

  [[nodiscard]] const Reader837& reader() const noexcept { return reader_; }

 private:
  void on_claim(Claim& claim, ClaimAck& ack) {
    ++outcome_.claims;
    if (keep_claims_ != nullptr) {
      keep_claims_->push_back(std::move(claim));
      return;
    }
    ClaimResult result;
    if (screen_fn_ != nullptr && *screen_fn_) result = (*screen_fn_)(claim);
    if (result.claim_id.empty()) result.claim_id = claim.id;
    if (result.format.empty()) result.format = to_string(claim.format);
    if (result.rejected) ++outcome_.claims_rejected;
    if (sink_ != nullptr && *sink_) (*sink_)(claim, result);
    if (options_.build_acks) assign_claim_statuses(claim, result, options_.ack, ack);
  }

  // The first ISA cannot be tokenized (separators unusable, truncated): answer with a TA1
  // built from the fixed ISA positions when they are there, in default delimiters.
  void answer_unusable_isa(std::string_view isa, int note) {
    if (!options_.build_acks || keep_claims_ != nullptr || isa.size() < 106) return;
    InterchangeAck in;
    const auto field = [&](std::size_t at, std::size_t len) {
      std::string v(isa.substr(at, len));
      while (!v.empty() && v.back() == ' ') v.pop_back();
      for (char& c : v) {
        if (c == '*' || c == ':' || c == '~' || c == '^') c = ' ';
      }
      return v;
    };
    in.isa05 = field(32, 2);
    in.isa06 = field(35, 15);
    in.isa09 = field(70, 6);
    in.isa10 = field(77, 4);
    in.isa13 = field(90, 9);
    in.isa15 = field(102, 1);
    in.delimiters = Delimiters{};
    in.line_breaks = true;
    const std::string code = std::to_string(note);
    in.ta1_note = std::string(3 - std::min<std::size_t>(3, code.size()), '0') + code;
    const Envelopes e = envelopes_for(in, options_.ack);
    outcome_.ta1 += write_ta1(in, options_.ack, e.ack999);
  }

  void on_interchange(InterchangeAck& in) {
    if (!options_.build_acks || keep_claims_ != nullptr) return;
    const Envelopes e = envelopes_for(in, options_.ack);
    if (!in.ta1_note.empty()) {
      outcome_.ta1 += write_ta1(in, options_.ack, e.ack999);
      return;
    }
    outcome_.ack999 += write_999(in, options_.ack, e.ack999);
    outcome_.ack277ca += write_277ca(in, options_.ack, e.ack277);
  }

  const Options& options_;
  Tokenizer tokenizer_;
  Reader837 reader_;
  const ScreenFn* screen_fn_;
  const ResultSink* sink_;
  std::vector<Claim>* keep_claims_;
  Segment segment_;
  Error error_;
  Outcome outcome_;
  std::vector<InputError> extra_errors_;
  bool halted_ = false;
  bool unreadable_ = false;
  bool after_isa_ = false;
};

bool utf16(TextEncoding encoding) {
  return encoding == TextEncoding::utf16le || encoding == TextEncoding::utf16be;
}

Outcome run_buffer(std::string_view input, const Options& options, const ScreenFn* screen_fn,
                   const ResultSink* sink, std::vector<Claim>* keep_claims, ReadStats* stats = nullptr) {
  Session session(options, screen_fn, sink, keep_claims);
  struct StatsCopy {
    Session& session;
    ReadStats* out;
    ~StatsCopy() {
      if (out != nullptr) *out = session.reader().stats();
    }
  } copy_stats{session, stats};
  if (options.limits.max_input_bytes != 0 && input.size() > options.limits.max_input_bytes) {
    session.fail(Severity::fatal,
                 "input larger than " + std::to_string(options.limits.max_input_bytes) + " bytes", false);
    return session.finish();
  }
  const TextEncoding encoding = sniff_encoding(input.substr(0, 4));
  if (encoding == TextEncoding::utf8_bom) {
    session.run(input.substr(3), 3, true);
  } else if (encoding == TextEncoding::utf16le || encoding == TextEncoding::utf16be) {
    // As screen_stream() does: screen what decodes, then report where decoding stopped (the
    // incomplete segment before the bad code unit is never read as a whole one).
    std::string decoded, carry;
    const bool ok = decode_utf16(input, encoding == TextEncoding::utf16le, decoded, carry, true);
    if (ok && carry.empty()) {
      session.run(decoded, 0, true);
    } else {
      // Data before the bad code unit that already ended the reading (an unusable ISA, the
      // claim limit) leaves nothing more to say, whatever the chunking of a stream.
      session.run(decoded, 0, false);
      if (!session.halted()) session.fail(Severity::fatal, ok ? kUtf16Truncated : kUtf16Undecodable, true);
    }
  } else {
    session.run(input, 0, true);
  }
  return session.finish();
}

}  // namespace

Outcome screen(std::string_view input, const ScreenFn& screen_fn, const ResultSink& sink,
               const Options& options) {
  return run_buffer(input, options, &screen_fn, &sink, nullptr);
}

Outcome screen_stream(ByteSource& source, const ScreenFn& screen_fn, const ResultSink& sink,
                      const Options& options) {
  Session session(options, &screen_fn, &sink, nullptr);
  const std::size_t chunk = std::max<std::size_t>(options.limits.chunk_size, 4096);
  std::string raw(chunk, '\0');
  std::string buffer;       // unconsumed tail + new bytes (decoded when UTF-16)
  std::string carry;        // incomplete UTF-16 code unit between chunks
  std::size_t base = 0;     // absolute offset of buffer[0] (decoded offsets for UTF-16)
  std::size_t total = 0;
  bool sniffed = false;
  TextEncoding encoding = TextEncoding::single_byte;
  bool eof = false;
  while (!session.halted()) {
    if (!eof) {
      const Result<std::size_t> got = source.read(raw.data(), raw.size());
      if (!got.ok()) {
        session.fail(Severity::fatal, "read error: " + got.error().message, false);
        break;
      }
      const std::size_t n = got.value();
      total += n;
      if (options.limits.max_input_bytes != 0 && total > options.limits.max_input_bytes) {
        session.fail(Severity::fatal,
                     "input larger than " + std::to_string(options.limits.max_input_bytes) + " bytes", false);
        break;
      }
      if (n == 0) {
        eof = true;
      } else {
        const std::string_view data(raw.data(), n);
        if (!sniffed) {
          // Sniff on the first bytes (a source may deliver fewer than 4 at first).
          buffer.append(data);
          if (buffer.size() < 4) continue;
        } else if (utf16(encoding)) {
          if (!decode_utf16(data, encoding == TextEncoding::utf16le, buffer, carry)) {
            session.run(buffer, base, false);
            if (!session.halted()) session.fail(Severity::fatal, kUtf16Undecodable, true);
            break;
          }
        } else {
          buffer.append(data);
        }
      }
    }
    if (!sniffed) {
      // The first 4 bytes, or all of a shorter input.
      encoding = sniff_encoding(std::string_view(buffer).substr(0, 4));
      sniffed = true;
      std::string first;
      first.swap(buffer);
      if (encoding == TextEncoding::utf8_bom) {
        buffer = first.substr(3);
        base = 3;
      } else if (utf16(encoding)) {
        if (!decode_utf16(first, encoding == TextEncoding::utf16le, buffer, carry, true)) {
          session.run(buffer, base, false);
          if (!session.halted()) session.fail(Severity::fatal, kUtf16Undecodable, true);
          break;
        }
      } else {
        buffer = std::move(first);
      }
    }
    if (eof && !carry.empty()) {
      session.run(buffer, base, false);
      if (!session.halted()) session.fail(Severity::fatal, kUtf16Truncated, true);
      break;
    }
    const std::size_t consumed = session.run(buffer, base, eof);
    buffer.erase(0, std::min(consumed, buffer.size()));
    base += consumed;
    if (eof) break;
  }
  return session.finish();
}

Parsed read_837(std::string_view input, const Limits& limits) {
  Options options;
  options.limits = limits;
  options.build_acks = false;
  Parsed parsed;
  Outcome outcome = run_buffer(input, options, nullptr, nullptr, &parsed.claims, &parsed.stats);
  parsed.errors = std::move(outcome.errors);
  parsed.format = std::move(outcome.format);
  parsed.unreadable = outcome.unreadable;
  return parsed;
}

}  // namespace dxs::x12
