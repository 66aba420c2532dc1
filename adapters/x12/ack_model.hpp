#pragma once
// What the 837 reader records for the acknowledgments: envelope facts, syntax errors per
// transaction set (999), and the small per-claim data a 277CA needs that is not part of the
// claim model (names, member id, charges, trace numbers). One InterchangeAck per input ISA.
#include <cstdint>
#include <string>
#include <vector>

#include "adapters/x12/tokenizer.hpp"
#include "core/claim.hpp"
#include "core/date.hpp"

namespace dxs::x12 {

// 999 IK4 (2110 loop).
struct ElementError {
  int element = 0;         // IK401-1
  int component = 0;       // IK401-2, 0 = none
  std::string reference;   // IK402 data element reference number, "" = none
  std::string code;        // IK403
  std::string bad_value;   // IK404, "" = none
};

// 999 IK3 (2100 loop).
struct SegmentError {
  std::string segment_id;  // IK301
  std::size_t position = 0;  // IK302, 1 = ST
  std::string loop;        // IK303, "" = none
  std::string code;        // IK304
  std::string claim_id;    // CTX*CLM01 business unit, "" = none
  bool in_claim = false;   // the error belongs to one claim (IK5 E) rather than the set (IK5 R)
  std::vector<ElementError> elements;
};

// 2220D data for one service line.
struct LineAck {
  std::string qualifier;             // SVC01-1 (HC, AD, NU, ...)
  std::string code;                  // SVC01-2
  std::vector<std::string> modifiers;  // SVC01-3..6
  std::string charge;                // SVC02
  std::string revenue_code;          // SVC04 (837I)
  std::string units;                 // SVC07
  std::string control_number;        // 837 REF*6R -> REF*FJ
  Date from, to;
};

// One STC of a 2200D (claim) or 2220D (line) loop.
struct ClaimStatus {
  std::string category;    // "A7"
  std::string status;      // "254"
  std::string category2;   // STC10 category, "" = none
  std::string status2;     // STC10 status
  std::string text;        // STC12 (claim level only)
  bool reject = false;     // STC03 U / WQ
  int line_index = -1;     // >= 0: also a 2220D loop for that line
};

struct ClaimAck {
  std::string claim_id;           // CLM01 exactly as received
  std::string charge;             // CLM02 as received
  std::string patient_last, patient_first, patient_middle, patient_suffix;
  std::string member_qualifier;   // MI / II
  std::string member_id;
  std::string clearinghouse_trace;  // 837 2300 REF*D9
  std::string bill_type;          // 837I CLM05-1 + CLM05-3
  Date service_from, service_to;  // DTP*472 of the 277CA
  std::vector<LineAck> lines;     // all lines while reading; only lines named by statuses afterwards
  std::size_t provider = 0;       // index into TransactionAck::providers
  bool syntax_error = false;      // named in the 999: A3:684
  std::vector<ClaimStatus> statuses;
  bool rejected = false;
};

struct ProviderAck {
  std::string entity_type = "2";  // NM102
  std::string last, first, middle, suffix;
  std::string id_qualifier;       // NM108
  std::string id;                 // NM109
};

struct TransactionAck {
  std::string st01, st02, st03;
  std::size_t segments = 0;        // counted so far (ST..SE)
  std::vector<SegmentError> errors;
  std::vector<std::string> set_codes;  // IK502.. (1, 2, 3, 4, 6 ...); 5 is added by the writer
  bool is_837 = false;
  ClaimKind kind = ClaimKind::unknown;
  // 277CA
  std::string batch_id;            // BHT03
  std::string submitter_entity_type = "2";
  std::string submitter_name, submitter_id;
  std::vector<ProviderAck> providers;
  std::vector<ClaimAck> claims;

  // IK501: 'A', 'E' or 'R'.
  [[nodiscard]] char status() const noexcept {
    if (!set_codes.empty()) return 'R';
    bool claim_errors = false;
    for (const auto& e : errors) {
      if (!e.in_claim) return 'R';
      claim_errors = true;
    }
    return claim_errors ? 'E' : 'A';
  }
};

struct GroupAck {
  std::string gs01, gs02, gs03, gs04, gs05, gs06, gs08;
  std::string ge01;                       // as received, "" when GE missing
  std::vector<std::string> group_codes;   // AK905.. (3, 4, 5 ...)
  std::vector<TransactionAck> transactions;
  std::size_t dropped_transactions = 0;   // closed sets not kept (no acknowledgments built)
};

struct InterchangeAck {
  std::string isa05, isa06, isa07, isa08, isa09, isa10, isa12, isa13, isa14, isa15;
  Delimiters delimiters;
  bool line_breaks = false;   // the input put a line break after its terminators
  std::vector<GroupAck> groups;
  std::string ta1_note;       // "" = envelope accepted; else TA105 ("001", "022", "023" ...)
  std::size_t index = 0;      // 0-based position of the ISA in the input
};

}  // namespace dxs::x12
