#include "adapters/x12/ack277ca.hpp"

#include <algorithm>
#include <array>
#include <set>

#include "adapters/x12/ack999.hpp"

namespace dxs::x12 {
namespace {

constexpr std::array<std::string_view, 7> kSvcQualifiers = {"AD", "ER", "HC", "HP", "IV", "NU", "WK"};

bool is_principal(const Claim& claim, const Finding& finding) {
  for (int index : finding.diagnosis_indexes) {
    if (index >= 0 && static_cast<std::size_t>(index) < claim.diagnoses.size() &&
        claim.diagnoses[static_cast<std::size_t>(index)].role == DiagnosisRole::principal) {
      return true;
    }
  }
  return false;
}

ClaimStatus status_for(const Claim& claim, const Finding& f, const AckConfig& config) {
  ClaimStatus s;
  s.reject = true;
  s.category = "A7";
  s.status = "255";
  s.text = status_text(f);
  const std::string_view rule = f.rule;
  if (rule == rule::code_unknown) {
    s.status = is_principal(claim, f) ? "254" : "255";
  } else if (rule == rule::code_not_billable) {
    s.status = is_principal(claim, f) ? "254" : "255";
    if (!config.nonbillable_secondary.empty()) {
      s.category2 = "A7";
      s.status2 = config.nonbillable_secondary;
    }
  } else if (rule == rule::excludes1) {
    s.category = "A8";
    s.category2 = "A8";
    s.status2 = "732";
  } else if (rule == rule::manifestation_principal) {
    s.status = "254";
    s.category2 = "A7";
    s.status2 = "732";
  } else if (rule == rule::pointer_invalid) {
    s.line_index = f.line_index;
  } else if (rule == rule::unspecified_with_specified || rule == rule::multiple_sites_with_specific ||
             rule == rule::site_specificity) {
    s.category2 = "A7";
    s.status2 = "772";
  } else if (rule == rule::code_format || rule == rule::code_first_sequence ||
             rule == rule::duplicate_code || rule == rule::laterality_mismatch ||
             rule == rule::code_set_stale) {
    s.category2 = "A7";
    s.status2 = "732";
  }
  return s;
}

std::string amount(std::string_view text) {
  std::int64_t cents = 0;
  return parse_cents(text, cents) ? format_cents(cents) : std::string("0");
}

std::string period(const Date& from, const Date& to, std::string& format) {
  const std::string a = std::to_string(from.ymd);
  if (!to.known() || to == from) {
    format = "D8";
    return a;
  }
  format = "RD8";
  return a + "-" + std::to_string(to.ymd);
}

std::string st_number(std::size_t n) {
  std::string s = std::to_string(n);
  if (s.size() < 4) s.insert(0, 4 - s.size(), '0');
  return s;
}

std::string provider_qualifier(const std::string& q) {
  if (q == "XX" || q == "FI" || q == "SV") return q;
  if (q == "24" || q == "34") return "FI";
  return "SV";
}

}  // namespace

std::string status_text(const Finding& finding) {
  std::string text = "ICD-10-CM";
  for (const auto& code : finding.codes) {
    text += ' ';
    for (char c : code) {
      if (c != '.') text += c;
    }
  }
  if (finding.codes.empty()) text += " claim";
  text += " rule ";
  text += finding.rule;
  if (text.size() > 264) text.resize(264);
  return text;
}

void assign_claim_statuses(const Claim& claim, const ClaimResult& result, const AckConfig& config,
                           ClaimAck& ack) {
  ack.statuses.clear();
  if (ack.syntax_error) {
    ClaimStatus s;
    s.category = "A3";
    s.status = "684";
    s.reject = true;
    ack.statuses.push_back(s);
  } else {
    for (const Finding& f : result.findings) {
      if (f.severity != Severity::error && f.severity != Severity::fatal) continue;
      ClaimStatus s = status_for(claim, f, config);
      const bool duplicate = std::any_of(ack.statuses.begin(), ack.statuses.end(), [&](const ClaimStatus& o) {
        return o.category == s.category && o.status == s.status && o.category2 == s.category2 &&
               o.status2 == s.status2 && o.text == s.text && o.line_index == s.line_index;
      });
      if (!duplicate) ack.statuses.push_back(std::move(s));
    }
    if (ack.statuses.empty()) {
      ClaimStatus s;
      s.category = config.payer_front_end ? "A2" : "A1";
      s.status = "20";
      s.reject = false;
      ack.statuses.push_back(s);
    }
  }
  ack.rejected = std::any_of(ack.statuses.begin(), ack.statuses.end(), [](const ClaimStatus& s) { return s.reject; });
  // Keep only the lines a status names.
  std::set<int> named;
  for (const auto& s : ack.statuses) {
    if (s.line_index >= 0 && static_cast<std::size_t>(s.line_index) < ack.lines.size()) named.insert(s.line_index);
  }
  std::vector<LineAck> kept(ack.lines.size());
  for (int index : named) kept[static_cast<std::size_t>(index)] = std::move(ack.lines[static_cast<std::size_t>(index)]);
  if (named.empty()) kept.clear();
  ack.lines = std::move(kept);
}

std::string write_277ca(const InterchangeAck& in, const AckConfig& config, const AckEnvelope& envelope) {
  std::vector<std::pair<const GroupAck*, const TransactionAck*>> accepted;
  for (const auto& g : in.groups) {
    for (const auto& t : g.transactions) {
      if (t.is_837 && transaction_accepted(g, t)) accepted.emplace_back(&g, &t);
    }
  }
  if (accepted.empty()) return {};
  SegmentWriter w(ack_delimiters(in.delimiters), in.line_breaks);
  write_isa(w, in, config, envelope);
  const std::string gs06 = std::to_string(envelope.group_control % 1000000000ULL);
  const GroupAck& first_group = *accepted.front().first;
  const std::string receiver = !first_group.gs02.empty() ? first_group.gs02 : in.isa06;
  w.segment("GS", {"HN", w.sanitize(config.sender_id), w.sanitize(receiver), envelope.date8,
                   envelope.time4, gs06, "X", "005010X214"});
  const std::string& date = envelope.date8;
  const std::string sender_name = config.sender_name.empty() ? config.sender_id : config.sender_name;
  std::size_t st_count = 0;
  for (const auto& [group, t] : accepted) {
    const std::string control = st_number(++st_count);
    w.reset_count();
    w.segment("ST", {"277", control, "005010X214"});
    const std::string batch = !t->batch_id.empty() ? t->batch_id : t->st02;
    w.segment("BHT", {"0085", "08", w.sanitize(batch), date, envelope.time4, "TH"});
    w.segment("HL", {"1", "", "20", "1"});
    w.segment("NM1", {"AY", "2", w.sanitize(sender_name), "", "", "", "", "46", w.sanitize(config.sender_id)});
    w.segment("TRN", {"1", nine_digits(envelope.interchange_control) + control});
    w.segment("DTP", {"050", "D8", date});
    w.segment("DTP", {"009", "D8", date});

    std::int64_t total = 0, accepted_amount = 0, rejected_amount = 0;
    std::size_t accepted_count = 0, rejected_count = 0;
    for (const ClaimAck& c : t->claims) {
      std::int64_t cents = 0;
      parse_cents(c.charge, cents);
      total += cents;
      if (c.rejected) {
        ++rejected_count;
        rejected_amount += cents;
      } else {
        ++accepted_count;
        accepted_amount += cents;
      }
    }
    w.segment("HL", {"2", "1", "21", t->claims.empty() ? "0" : "1"});
    const std::string submitter_type = t->submitter_entity_type == "1" ? "1" : "2";
    const std::string submitter_name = !t->submitter_name.empty() ? t->submitter_name : in.isa06;
    const std::string submitter_id = !t->submitter_id.empty() ? t->submitter_id : in.isa06;
    w.segment("NM1", {"41", submitter_type, w.sanitize(submitter_name.empty() ? "SUBMITTER" : submitter_name),
                      "", "", "", "", "46", w.sanitize(submitter_id.empty() ? "UNKNOWN" : submitter_id)});
    w.segment("TRN", {"2", w.sanitize(batch)});
    w.segment("STC", {w.composite({"A1", "20"}), date, "WQ", format_cents(total)});
    if (accepted_count > 0) w.segment("QTY", {"90", std::to_string(accepted_count)});
    if (rejected_count > 0) w.segment("QTY", {"AA", std::to_string(rejected_count)});
    if (accepted_count > 0) w.segment("AMT", {"YU", format_cents(accepted_amount)});
    if (rejected_count > 0) w.segment("AMT", {"YY", format_cents(rejected_amount)});

    // Billing providers in input order; claims whose provider is unknown go to the first.
    const std::size_t providers = std::max<std::size_t>(t->providers.size(), 1);
    std::size_t hl = 2;
    for (std::size_t p = 0; p < providers; ++p) {
      std::vector<const ClaimAck*> claims;
      for (const ClaimAck& c : t->claims) {
        const std::size_t owner = c.provider < t->providers.size() ? c.provider : 0;
        if (owner == p) claims.push_back(&c);
      }
      if (claims.empty()) continue;
      ProviderAck provider = p < t->providers.size() ? t->providers[p] : ProviderAck{};
      const std::string provider_hl = std::to_string(++hl);
      w.segment("HL", {provider_hl, "2", "19", "1"});
      const bool person = provider.entity_type == "1";
      w.segment("NM1", {"85", person ? "1" : "2", w.sanitize(provider.last.empty() ? "UNKNOWN" : provider.last),
                        person ? w.sanitize(provider.first) : "", person ? w.sanitize(provider.middle) : "",
                        "", person ? w.sanitize(provider.suffix) : "", provider_qualifier(provider.id_qualifier),
                        w.sanitize(provider.id.empty() ? "UNKNOWN" : provider.id)});
      w.segment("TRN", {"1", nine_digits(envelope.interchange_control) + control + provider_hl});
      std::int64_t provider_total = 0;
      for (const ClaimAck* c : claims) {
        std::int64_t cents = 0;
        parse_cents(c->charge, cents);
        provider_total += cents;
      }
      w.segment("STC", {w.composite({"A1", "20"}), "", "WQ", format_cents(provider_total)});

      for (const ClaimAck* c : claims) {
        w.segment("HL", {std::to_string(++hl), provider_hl, "PT"});
        w.segment("NM1", {"QC", "1", w.sanitize(c->patient_last.empty() ? "UNKNOWN" : c->patient_last),
                          w.sanitize(c->patient_first), w.sanitize(c->patient_middle), "",
                          w.sanitize(c->patient_suffix), c->member_qualifier == "II" ? "II" : "MI",
                          w.sanitize(c->member_id.empty() ? "UNKNOWN" : c->member_id)});
        w.segment("TRN", {"2", w.sanitize(c->claim_id.empty() ? "UNKNOWN" : c->claim_id)});
        const std::string charge = amount(c->charge);
        for (const ClaimStatus& s : c->statuses) {
          const std::string secondary = s.category2.empty() ? std::string() : w.composite({s.category2, s.status2});
          w.segment("STC", {w.composite({s.category, s.status}), date, s.reject ? "U" : "WQ", charge, "",
                            "", "", "", "", secondary, "", w.sanitize(s.text)});
        }
        if (config.emit_ref_1k) {
          w.segment("REF", {"1K", nine_digits(envelope.interchange_control) + control + std::to_string(hl)});
        }
        if (config.emit_ref_d9) {
          w.segment("REF", {"D9", w.sanitize(!c->clearinghouse_trace.empty()
                                                 ? c->clearinghouse_trace
                                                 : nine_digits(envelope.group_control) + control + std::to_string(hl))});
        }
        if (!c->bill_type.empty()) w.segment("REF", {"BLT", w.sanitize(c->bill_type)});
        std::string format;
        const Date from = c->service_from.known() ? c->service_from
                                                  : Date::parse_compact(date).value_or(Date{});
        const std::string dates = period(from, c->service_from.known() ? c->service_to : from, format);
        w.segment("DTP", {"472", format, dates});
        for (const ClaimStatus& s : c->statuses) {
          if (s.line_index < 0 || static_cast<std::size_t>(s.line_index) >= c->lines.size()) continue;
          const LineAck& line = c->lines[static_cast<std::size_t>(s.line_index)];
          std::string qualifier = line.qualifier;
          std::string code = line.code;
          if (std::find(kSvcQualifiers.begin(), kSvcQualifiers.end(), qualifier) == kSvcQualifiers.end()) {
            qualifier = line.revenue_code.empty() ? "HC" : "NU";
            if (!line.revenue_code.empty()) code = line.revenue_code;
          }
          const auto mod = [&](std::size_t k) -> std::string_view {
            return k < line.modifiers.size() ? std::string_view(line.modifiers[k]) : std::string_view{};
          };
          w.segment("SVC", {w.composite({qualifier, code.empty() ? "UNKNOWN" : code, mod(0), mod(1), mod(2), mod(3)}),
                            amount(line.charge), "", w.sanitize(line.revenue_code), "", "",
                            w.sanitize(line.units)});
          const std::string secondary = s.category2.empty() ? std::string() : w.composite({s.category2, s.status2});
          w.segment("STC", {w.composite({s.category, s.status}), date, "U", "", "", "", "", "", "", secondary});
          if (!line.control_number.empty()) w.segment("REF", {"FJ", w.sanitize(line.control_number)});
          if (line.from.known()) {
            std::string line_format;
            const std::string line_dates = period(line.from, line.to, line_format);
            w.segment("DTP", {"472", line_format, line_dates});
          }
        }
      }
    }
    w.segment("SE", {std::to_string(w.count() + 1), control});
  }
  w.segment("GE", {std::to_string(st_count), gs06});
  w.segment("IEA", {"1", nine_digits(envelope.interchange_control)});
  return std::move(w.out());
}

}  // namespace dxs::x12
