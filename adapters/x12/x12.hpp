#pragma once
// ASC X12 837 (P, I, D; 5010 and 4010) adapter: reads claims into the core claim model, screens
// them through the caller's ScreenFn and answers in X12: a TA1 for interchange (ISA/IEA)
// problems, a 999 (005010X231A1) per functional group for syntax and structure, and a 277CA
// (005010X214) per accepted transaction set with one claim status per claim.
//
// Contract:
// - Delimiters are read from every ISA (element separator after "ISA", ISA16 found by counting
//   element separators, segment terminator after ISA16, ISA11 repetition separator in 00402+).
//   A UTF-8 BOM is skipped; UTF-16 (LE/BE, BOM or NUL pattern) is decoded.
// - Never throws on input and never hangs: every limit in Limits ends in an InputError.
// - Deterministic: the same input and Options give byte-identical acknowledgments. Control
//   numbers come from AckConfig or are derived from the input's ISA13/GS06; dates come from
//   AckConfig (or the input's GS04/GS05 when not configured); the clock is never read.
// - Acknowledgments reuse the submitter's delimiters.
// - Envelope (ISA/IEA) problems: a TA1 R (TA105 001, 004, 014-024, 026, 027 ...) and no 999 or
//   277CA for that interchange; ISA14 = 1 on an accepted envelope puts TA1 A*000 in the 999.
//   999: IK5 R for set-level problems (SE missing/count/control number, unknown segment ids,
//   loop structure outside claims), IK5 E with IK3/CTX*CLM01/IK4 for claim-level problems
//   (CLM01/CLM02, dates, HI qualifiers, missing or second principal); such claims get A3:684
//   in the 277CA, which covers every 837 set the 999 accepts (ack277ca.hpp has the STC map).
// - Tolerated and reported: text before the first ISA (warning), HI composites written with
//   another component separator than ISA16 (read, IK4 code 6), RD8 with one date (read, IK4
//   code 8), GS08/ST03 disagreeing with SV1/SV2/SV3 (the lines decide the kind; warning).
// - InputError locations: "ISA", "ISA 2", "IEA 1", "GS <GS06>", "ST <ST02>",
//   "ST <ST02> segment <position> <segment id>".
// - screen_stream() keeps memory bounded: claims are screened as soon as they are complete and
//   dropped; with build_acks = true only small per-claim acknowledgment data is kept until the
//   end of the transaction set, with build_acks = false nothing per claim is kept.
// - Error messages and locations never contain payload data (no CLM01, names, codes).
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/byte_source.hpp"
#include "core/claim.hpp"
#include "core/date.hpp"
#include "core/finding.hpp"
#include "core/screener.hpp"

namespace dxs::x12 {

struct Limits {
  std::size_t max_segment_length = 64 * 1024;   // bytes between two segment terminators
  std::size_t max_elements = 256;               // data elements in one segment
  std::size_t max_components = 64;              // components in one composite element
  std::size_t max_diagnoses_per_claim = 256;    // diagnosis composites kept per claim
  std::size_t max_lines_per_claim = 10000;      // service lines kept per claim
  std::size_t max_claims = 0;                   // claims read from one input; 0 = no limit
  std::size_t max_input_bytes = 0;              // total bytes read; 0 = no limit
  std::size_t max_errors = 1000;                // errors recorded; later ones are counted only
  std::size_t chunk_size = 1024 * 1024;         // screen_stream read size
};

struct AckConfig {
  std::string sender_qualifier = "ZZ";          // ISA05 of the acknowledgments
  std::string sender_id = "DXSCREEN";           // ISA06 / GS02
  std::string sender_name = "DXSCREEN";         // 277CA 2100A NM103
  Date process_date;                            // ISA09/GS04/STC02/DTP*009; unknown = input's GS04
  int process_time = -1;                        // HHMM; -1 = input's GS05 (first 4 digits)
  std::uint64_t interchange_control = 0;        // 0 = derived from the input ISA13
  std::uint64_t group_control = 0;              // 0 = derived from the input GS06
  bool payer_front_end = false;                 // accepted claims A2:20 instead of A1:20
  bool strict = false;                          // reject dotted codes and tolerated oddities
  bool emit_ref_1k = false;                     // 2200D REF*1K with a derived claim control number
  bool emit_ref_d9 = false;                     // 2200D REF*D9 (837 REF*D9, else derived)
  std::string nonbillable_secondary = "772";    // STC10 status for code-not-billable: "772", "21" or ""
};

struct Options {
  AckConfig ack;
  Limits limits;
  bool build_acks = true;
};

struct Outcome {
  std::vector<InputError> errors;   // x12-syntax problems (also answered in the 999/TA1)
  std::string ta1;                  // TA1 interchange(s) for rejected envelopes, "" if none
  std::string ack999;               // 999 interchange(s), "" if no group could be answered
  std::string ack277ca;             // 277CA interchange(s), "" if no 837 transaction was accepted
  std::size_t claims = 0;           // claims read and screened
  std::size_t claims_rejected = 0;  // claims whose result was rejected
  bool unreadable = false;          // no ISA found, or undecodable bytes
  std::string format;               // "x12-837P" | "x12-837I" | "x12-837D" of the first transaction, "" if none
};

// Counts of what was read, for diagnostics and corpus tests.
struct ReadStats {
  std::size_t interchanges = 0;
  std::size_t groups = 0;
  std::size_t transactions = 0;
  std::size_t segments = 0;
  std::size_t clm_segments = 0;
  std::size_t hi_segments = 0;
  std::map<std::string, std::size_t> hi_qualifiers;  // HIxx-1 of every HI composite, as read
};

struct Parsed {
  std::vector<Claim> claims;
  std::vector<InputError> errors;
  std::string format;
  bool unreadable = false;
  ReadStats stats;
};

Outcome screen(std::string_view input, const ScreenFn& screen_fn, const ResultSink& sink,
               const Options& options);
Outcome screen_stream(ByteSource& source, const ScreenFn& screen_fn, const ResultSink& sink,
                      const Options& options);
// Claims and errors without screening (claims kept in memory: for tools and tests).
Parsed read_837(std::string_view input, const Limits& limits);

}  // namespace dxs::x12
