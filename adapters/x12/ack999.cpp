#include "adapters/x12/ack999.hpp"

#include <algorithm>
#include <array>

namespace dxs::x12 {
namespace {

constexpr std::array<std::string_view, 9> kAk101 = {"BE", "HB", "HC", "HI", "HN", "HP", "HR", "HS", "RA"};
constexpr std::array<std::string_view, 9> kAk201 = {"270", "271", "276", "277", "278", "820", "834", "835", "837"};

template <std::size_t N>
bool listed(const std::array<std::string_view, N>& list, std::string_view value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

std::string st_number(std::size_t n) {
  std::string s = std::to_string(n);
  if (s.size() < 4) s.insert(0, 4 - s.size(), '0');
  return s;
}

}  // namespace

bool transaction_accepted(const GroupAck& group, const TransactionAck& transaction) {
  return group.group_codes.empty() && transaction.status() != 'R';
}

std::string write_999(const InterchangeAck& in, const AckConfig& config, const AckEnvelope& envelope) {
  std::vector<const GroupAck*> groups;
  for (const auto& g : in.groups) {
    if (g.gs01 != "FA") groups.push_back(&g);
  }
  if (groups.empty()) return {};
  SegmentWriter w(ack_delimiters(in.delimiters), in.line_breaks);
  write_isa(w, in, config, envelope);
  if (in.isa14 == "1") {
    // The submitter asked for an interchange acknowledgment: the envelope was accepted.
    w.segment("TA1", {in.isa13, in.isa09, in.isa10, "A", "000"});
  }
  const std::string gs06 = std::to_string(envelope.group_control % 1000000000ULL);
  const std::string receiver = !groups.front()->gs02.empty() ? groups.front()->gs02 : in.isa06;
  w.segment("GS", {"FA", w.sanitize(config.sender_id), w.sanitize(receiver), envelope.date8,
                   envelope.time4, gs06, "X", "005010X231A1"});
  std::size_t st_count = 0;
  for (const GroupAck* g : groups) {
    const std::string control = st_number(++st_count);
    w.reset_count();
    w.segment("ST", {"999", control, "005010X231A1"});
    std::string version = g->gs08;
    if (version.empty() && !g->transactions.empty()) version = g->transactions.front().st03;
    if (version.empty()) version = "005010X222A1";
    w.segment("AK1", {listed(kAk101, g->gs01) ? std::string_view(g->gs01) : std::string_view("HC"),
                      w.sanitize(g->gs06.empty() ? std::string("0") : g->gs06), w.sanitize(version)});
    std::size_t accepted = 0;
    for (const TransactionAck& t : g->transactions) {
      const char status = t.status();
      if (status != 'R') ++accepted;
      w.segment("AK2", {listed(kAk201, t.st01) ? std::string_view(t.st01) : std::string_view("837"),
                        w.sanitize(t.st02.empty() ? std::string("0000") : t.st02), w.sanitize(t.st03)});
      for (const SegmentError& e : t.errors) {
        const std::string position = std::to_string(std::max<std::size_t>(e.position, 1));
        w.segment("IK3", {w.sanitize(e.segment_id), position, e.loop, e.code});
        if (!e.claim_id.empty()) {
          w.segment("CTX", {w.composite({"CLM01", e.claim_id})});
        }
        for (const ElementError& el : e.elements) {
          const std::string pos = el.component > 0
                                      ? w.composite({std::to_string(el.element), std::to_string(el.component)})
                                      : std::to_string(el.element);
          w.segment("IK4", {pos, el.reference, el.code, w.sanitize(el.bad_value)});
        }
      }
      std::vector<std::string> codes = t.set_codes;
      if (!t.errors.empty() && std::find(codes.begin(), codes.end(), "5") == codes.end()) codes.push_back("5");
      if (status == 'A') codes.clear();
      codes.resize(std::min<std::size_t>(codes.size(), 5));
      codes.resize(5);
      w.segment("IK5", {std::string(1, status), codes[0], codes[1], codes[2], codes[3], codes[4]});
    }
    const std::size_t received = g->transactions.size();
    char group_status = 'A';
    if (!g->group_codes.empty() || accepted == 0) {
      group_status = 'R';
    } else if (accepted < received) {
      group_status = 'P';
    } else if (std::any_of(g->transactions.begin(), g->transactions.end(),
                           [](const TransactionAck& t) { return t.status() == 'E'; })) {
      group_status = 'E';
    }
    if (!g->group_codes.empty()) accepted = 0;
    std::vector<std::string> codes = g->group_codes;
    codes.resize(std::min<std::size_t>(codes.size(), 5));
    codes.resize(5);
    const std::string included = !g->ge01.empty() && std::all_of(g->ge01.begin(), g->ge01.end(), [](char c) {
      return c >= '0' && c <= '9';
    }) && g->ge01.size() <= 6 ? g->ge01 : std::to_string(received);
    w.segment("AK9", {std::string(1, group_status), included, std::to_string(received),
                      std::to_string(accepted), codes[0], codes[1], codes[2], codes[3], codes[4]});
    w.segment("SE", {std::to_string(w.count() + 1), control});
  }
  w.segment("GE", {std::to_string(st_count), gs06});
  w.segment("IEA", {"1", nine_digits(envelope.interchange_control)});
  return std::move(w.out());
}

}  // namespace dxs::x12
