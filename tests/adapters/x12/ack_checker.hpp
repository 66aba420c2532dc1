#pragma once
// Structural checker for generated acknowledgments, written from the usage and order facts of
// the 005010X231A1 (999) and 005010X214 (277CA) maps and the TA1 layout: envelope counts and
// control numbers, segment order per loop, required elements, HL parentage, no trailing empty
// elements, no delimiter inside a value. It is deliberately independent of the writers.
#include <set>
#include <string>
#include <vector>

#include "x12_test_support.hpp"

namespace dxs::x12::testing {

namespace detail {

using Seg = std::vector<std::string>;

inline std::string el(const Seg& s, std::size_t i) { return i < s.size() ? s[i] : std::string(); }
inline bool digits(const std::string& s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}
inline bool date8(const std::string& s) { return s.size() == 8 && digits(s); }

class Walker {
 public:
  Walker(const std::vector<Seg>& segs) : segs_(segs) {}
  [[nodiscard]] bool at(const std::string& id) const { return i_ < segs_.size() && segs_[i_][0] == id; }
  [[nodiscard]] bool at(const std::string& id, const std::string& e1) const {
    return at(id) && el(segs_[i_], 1) == e1;
  }
  const Seg& take() { return segs_[i_++]; }
  [[nodiscard]] bool done() const { return i_ >= segs_.size(); }
  [[nodiscard]] std::size_t index() const { return i_; }
  [[nodiscard]] std::string where() const {
    return "segment " + std::to_string(i_ + 1) + (done() ? std::string(" (end)") : " " + segs_[i_][0]);
  }

 private:
  const std::vector<Seg>& segs_;
  std::size_t i_ = 0;
};

#define DXS_REQUIRE(cond, msg)                         \
  do {                                                 \
    if (!(cond)) return std::string(msg) + " at " + w.where(); \
  } while (0)

inline std::string check_999_set(Walker& w) {
  DXS_REQUIRE(w.at("AK1"), "AK1 expected");
  const Seg ak1 = w.take();
  DXS_REQUIRE(!el(ak1, 1).empty() && !el(ak1, 2).empty() && !el(ak1, 3).empty(), "AK1 needs AK101-AK103");
  std::size_t received = 0, accepted = 0;
  while (w.at("AK2")) {
    const Seg ak2 = w.take();
    DXS_REQUIRE(!el(ak2, 1).empty() && !el(ak2, 2).empty(), "AK2 needs AK201/AK202");
    ++received;
    bool errors = false;
    while (w.at("IK3")) {
      const Seg ik3 = w.take();
      errors = true;
      DXS_REQUIRE(!el(ik3, 1).empty() && digits(el(ik3, 2)), "IK3 needs a segment id and position");
      std::size_t segment_ctx = 0, business_ctx = 0;
      while (w.at("CTX")) {
        const Seg ctx = w.take();
        if (el(ctx, 1).rfind("SITUATIONAL TRIGGER", 0) == 0) {
          ++segment_ctx;
        } else {
          ++business_ctx;
        }
      }
      DXS_REQUIRE(segment_ctx <= 9 && business_ctx <= 1, "too many CTX after IK3");
      while (w.at("IK4")) {
        const Seg ik4 = w.take();
        DXS_REQUIRE(!el(ik4, 1).empty() && !el(ik4, 3).empty(), "IK4 needs IK401 and IK403");
        std::size_t ctx = 0;
        while (w.at("CTX")) {
          w.take();
          ++ctx;
        }
        DXS_REQUIRE(ctx <= 10, "too many CTX after IK4");
      }
    }
    DXS_REQUIRE(w.at("IK5"), "IK5 expected");
    const Seg ik5 = w.take();
    const std::string status = el(ik5, 1);
    DXS_REQUIRE(status == "A" || status == "E" || status == "R", "IK501 must be A, E or R");
    DXS_REQUIRE(status == "A" || !el(ik5, 2).empty(), "IK5 E/R needs IK502");
    DXS_REQUIRE(status != "A" || !errors, "IK5 A with IK3 errors");
    if (status != "R") ++accepted;
  }
  DXS_REQUIRE(w.at("AK9"), "AK9 expected");
  const Seg ak9 = w.take();
  DXS_REQUIRE(el(ak9, 3) == std::to_string(received), "AK903 must count the AK2 loops");
  DXS_REQUIRE(el(ak9, 4) == std::to_string(accepted) || el(ak9, 1) == "R", "AK904 must count accepted sets");
  return {};
}

inline std::string check_stc(const Seg& stc, bool date_required, bool date_allowed, bool amount_required,
                             bool text_allowed, bool reject_only) {
  const std::string code = el(stc, 1);
  if (code.size() < 4 || code[0] < 'A' || code[0] > 'Z') return "STC01 must be category:status";
  if (date_required && !date8(el(stc, 2))) return "STC02 date required";
  if (!date_allowed && !el(stc, 2).empty()) return "STC02 not used here";
  const std::string action = el(stc, 3);
  if (action != "U" && action != "WQ") return "STC03 must be U or WQ";
  if (reject_only && action != "U") return "STC03 must be U in 2220D";
  if (amount_required && el(stc, 4).empty()) return "STC04 amount required";
  if (!amount_required && !el(stc, 4).empty()) return "STC04 not used here";
  for (std::size_t i = 5; i <= 9; ++i) {
    if (!el(stc, i).empty()) return "STC05-09 not used";
  }
  if (!text_allowed && !el(stc, 12).empty()) return "STC12 not used here";
  if (el(stc, 12).size() > 264) return "STC12 longer than 264";
  return {};
}

inline std::string check_277_set(Walker& w) {
  DXS_REQUIRE(w.at("BHT", "0085"), "BHT*0085 expected");
  const Seg bht = w.take();
  DXS_REQUIRE(el(bht, 2) == "08" && el(bht, 6) == "TH" && date8(el(bht, 4)), "BHT must be 0085*08*..*TH");
  DXS_REQUIRE(w.at("HL"), "2000A HL expected");
  Seg hl = w.take();
  DXS_REQUIRE(el(hl, 1) == "1" && el(hl, 2).empty() && el(hl, 3) == "20" && el(hl, 4) == "1", "HL*1**20*1 expected");
  DXS_REQUIRE(w.at("NM1", "AY") || w.at("NM1", "PR"), "2100A NM1*AY/PR expected");
  Seg nm1 = w.take();
  DXS_REQUIRE(el(nm1, 2) == "2" && !el(nm1, 3).empty() && !el(nm1, 8).empty() && !el(nm1, 9).empty(), "2100A NM1 incomplete");
  DXS_REQUIRE(w.at("TRN", "1"), "2200A TRN*1 expected");
  w.take();
  DXS_REQUIRE(w.at("DTP", "050"), "DTP*050 expected");
  DXS_REQUIRE(date8(el(w.take(), 3)), "DTP*050 date");
  DXS_REQUIRE(w.at("DTP", "009"), "DTP*009 expected");
  DXS_REQUIRE(date8(el(w.take(), 3)), "DTP*009 date");
  DXS_REQUIRE(w.at("HL"), "2000B HL expected");
  hl = w.take();
  DXS_REQUIRE(el(hl, 1) == "2" && el(hl, 2) == "1" && el(hl, 3) == "21", "HL*2*1*21 expected");
  DXS_REQUIRE(w.at("NM1", "41"), "2100B NM1*41 expected");
  nm1 = w.take();
  DXS_REQUIRE(el(nm1, 8) == "46" && !el(nm1, 9).empty() && !el(nm1, 3).empty(), "2100B NM1*41 incomplete");
  DXS_REQUIRE(w.at("TRN", "2"), "2200B TRN*2 expected");
  w.take();
  DXS_REQUIRE(w.at("STC"), "2200B STC expected");
  while (w.at("STC")) {
    const std::string problem = check_stc(w.take(), true, true, true, false, false);
    DXS_REQUIRE(problem.empty(), "2200B " + problem);
  }
  std::size_t qty = 0, amt = 0;
  while (w.at("QTY")) {
    const Seg q = w.take();
    DXS_REQUIRE((el(q, 1) == "90" || el(q, 1) == "AA") && digits(el(q, 2)), "QTY*90/AA expected");
    ++qty;
  }
  while (w.at("AMT")) {
    const Seg a = w.take();
    DXS_REQUIRE(el(a, 1) == "YU" || el(a, 1) == "YY", "AMT*YU/YY expected");
    ++amt;
  }
  DXS_REQUIRE(qty <= 2 && amt <= 2, "too many QTY/AMT");
  std::set<std::string> ids = {"1", "2"};
  std::size_t claims = 0;
  while (w.at("HL")) {
    hl = w.take();
    DXS_REQUIRE(el(hl, 2) == "2" && el(hl, 3) == "19" && el(hl, 4) == "1", "2000C HL*n*2*19*1 expected");
    const std::string provider = el(hl, 1);
    DXS_REQUIRE(ids.insert(provider).second, "duplicate HL id");
    DXS_REQUIRE(w.at("NM1", "85"), "2100C NM1*85 expected");
    nm1 = w.take();
    DXS_REQUIRE((el(nm1, 2) == "1" || el(nm1, 2) == "2") && !el(nm1, 3).empty(), "2100C NM1 name");
    DXS_REQUIRE(el(nm1, 8) == "XX" || el(nm1, 8) == "FI" || el(nm1, 8) == "SV", "2100C NM108");
    DXS_REQUIRE(!el(nm1, 9).empty(), "2100C NM109");
    DXS_REQUIRE(w.at("TRN", "1"), "2200C TRN*1 expected (mandatory)");
    w.take();
    DXS_REQUIRE(w.at("STC"), "2200C STC expected (mandatory)");
    while (w.at("STC")) {
      const std::string problem = check_stc(w.take(), false, false, true, false, false);
      DXS_REQUIRE(problem.empty(), "2200C " + problem);
    }
    while (w.at("HL")) {
      // Peek: a 2000D has HL03 PT and this provider as parent.
      Walker peek = w;
      const Seg next = peek.take();
      if (el(next, 3) != "PT") break;
      hl = w.take();
      DXS_REQUIRE(el(hl, 2) == provider && el(hl, 4).empty(), "2000D HL*n*<provider>*PT expected");
      DXS_REQUIRE(ids.insert(el(hl, 1)).second, "duplicate HL id");
      DXS_REQUIRE(w.at("NM1", "QC"), "2100D NM1*QC expected");
      nm1 = w.take();
      DXS_REQUIRE(el(nm1, 2) == "1" && !el(nm1, 3).empty(), "2100D name");
      DXS_REQUIRE((el(nm1, 8) == "MI" || el(nm1, 8) == "II") && !el(nm1, 9).empty(), "2100D NM108/NM109");
      DXS_REQUIRE(w.at("TRN", "2"), "2200D TRN*2 expected");
      while (w.at("TRN", "2")) {
        const Seg trn = w.take();
        DXS_REQUIRE(!el(trn, 2).empty(), "TRN02 (CLM01) required");
        ++claims;
        DXS_REQUIRE(w.at("STC"), "2200D STC expected");
        while (w.at("STC")) {
          const std::string problem = check_stc(w.take(), true, true, true, true, false);
          DXS_REQUIRE(problem.empty(), "2200D " + problem);
        }
        std::set<std::string> refs;
        while (w.at("REF")) {
          const Seg ref = w.take();
          DXS_REQUIRE(el(ref, 1) == "1K" || el(ref, 1) == "D9" || el(ref, 1) == "BLT", "2200D REF qualifier");
          DXS_REQUIRE(refs.insert(el(ref, 1)).second, "2200D REF repeated");
          DXS_REQUIRE(!el(ref, 2).empty(), "REF02 required");
        }
        DXS_REQUIRE(w.at("DTP", "472"), "2200D DTP*472 expected (required)");
        const Seg dtp = w.take();
        DXS_REQUIRE((el(dtp, 2) == "D8" && date8(el(dtp, 3))) ||
                        (el(dtp, 2) == "RD8" && el(dtp, 3).size() == 17 && el(dtp, 3)[8] == '-'),
                    "DTP*472 D8/RD8");
        while (w.at("SVC")) {
          const Seg svc = w.take();
          DXS_REQUIRE(el(svc, 1).size() >= 4 && !el(svc, 2).empty(), "SVC01/SVC02 required");
          DXS_REQUIRE(w.at("STC"), "2220D STC expected");
          const std::string problem = check_stc(w.take(), true, true, false, false, true);
          DXS_REQUIRE(problem.empty(), "2220D " + problem);
          DXS_REQUIRE(!w.at("STC"), "2220D has one STC");
          while (w.at("REF")) {
            const Seg ref = w.take();
            DXS_REQUIRE(el(ref, 1) == "FJ" || el(ref, 1) == "XZ", "2220D REF qualifier");
          }
          if (w.at("DTP")) DXS_REQUIRE(w.take()[1] == "472", "2220D DTP*472");
        }
      }
    }
  }
  (void)claims;
  return {};
}

}  // namespace detail

// `expected_st01`: "999", "277" or "" (TA1-only interchanges).
inline std::string check_ack_interchanges(const std::string& text, const std::string& expected_st01) {
  using namespace detail;
  const Parsed12 p = split_x12(text);
  if (p.segments.empty()) return "no ISA";
  for (const auto& s : p.segments) {
    if (s.size() > 1 && s.back().empty()) return "trailing empty element in " + s[0];
    if (s[0] != "ISA") {
      for (const auto& e : s) {
        // Component separators belong only in composites; repetition separators never appear.
        if (e.find(p.segment) != std::string::npos) return "segment terminator inside " + s[0];
      }
    }
  }
  Walker w(p.segments);
  std::size_t interchanges = 0;
  while (!w.done()) {
    DXS_REQUIRE(w.at("ISA"), "ISA expected");
    const Seg isa = w.take();
    ++interchanges;
    DXS_REQUIRE(isa.size() == 17, "ISA must have 16 elements");
    DXS_REQUIRE(el(isa, 6).size() == 15 && el(isa, 8).size() == 15, "ISA06/ISA08 must be 15 characters");
    DXS_REQUIRE(digits(el(isa, 9)) && el(isa, 9).size() == 6 && digits(el(isa, 10)) && el(isa, 10).size() == 4,
                "ISA09/ISA10");
    DXS_REQUIRE(el(isa, 12) == "00501" && digits(el(isa, 13)) && el(isa, 13).size() == 9, "ISA12/ISA13");
    DXS_REQUIRE(el(isa, 16).size() == 1, "ISA16");
    std::size_t ta1 = 0;
    while (w.at("TA1")) {
      const Seg t = w.take();
      DXS_REQUIRE(t.size() == 6 && el(t, 1).size() == 9 && el(t, 5).size() == 3, "TA1 layout");
      DXS_REQUIRE(el(t, 4) == "A" || el(t, 4) == "E" || el(t, 4) == "R", "TA104");
      ++ta1;
    }
    std::size_t groups = 0;
    while (w.at("GS")) {
      const Seg gs = w.take();
      ++groups;
      const std::string version = expected_st01 == "999" ? "005010X231A1" : "005010X214";
      DXS_REQUIRE(el(gs, 1) == (expected_st01 == "999" ? "FA" : "HN"), "GS01");
      DXS_REQUIRE(el(gs, 8) == version && el(gs, 7) == "X" && date8(el(gs, 4)) && digits(el(gs, 6)), "GS layout");
      std::size_t sets = 0;
      while (w.at("ST")) {
        const Seg st = w.take();
        const std::size_t start = w.index();
        ++sets;
        DXS_REQUIRE(el(st, 1) == expected_st01 && el(st, 3) == version, "ST01/ST03");
        const std::string problem = expected_st01 == "999" ? check_999_set(w) : check_277_set(w);
        if (!problem.empty()) return problem;
        DXS_REQUIRE(w.at("SE"), "SE expected");
        const Seg se = w.take();
        DXS_REQUIRE(el(se, 1) == std::to_string(w.index() - start + 1), "SE01 count");
        DXS_REQUIRE(el(se, 2) == el(st, 2), "SE02 = ST02");
      }
      DXS_REQUIRE(sets > 0, "GS without ST");
      DXS_REQUIRE(w.at("GE"), "GE expected");
      const Seg ge = w.take();
      DXS_REQUIRE(el(ge, 1) == std::to_string(sets) && el(ge, 2) == el(gs, 6), "GE01/GE02");
    }
    DXS_REQUIRE(groups > 0 || ta1 > 0, "empty interchange");
    DXS_REQUIRE(w.at("IEA"), "IEA expected");
    const Seg iea = w.take();
    DXS_REQUIRE(el(iea, 1) == std::to_string(groups) && el(iea, 2) == el(isa, 13), "IEA01/IEA02");
  }
  return interchanges > 0 ? std::string() : std::string("no interchange");
}

#undef DXS_REQUIRE

}  // namespace dxs::x12::testing
