#pragma once
// 837 (P, I, D; 5010 and 4010) loop reader. Consumes segments from the tokenizer, checks the
// envelopes (ISA/IEA, GS/GE, ST/SE control numbers and counts), builds one core Claim per 2300
// loop and hands it over as soon as it is complete (streaming). Records what the TA1, 999 and
// 277CA need in InterchangeAck and hands each interchange over when it ends.
//
// Loops: 2000A (HL 20) billing provider, 2000B (HL 22) subscriber, 2000C (HL 23) patient,
// 2300 CLM, 2310x claim providers, 2320/2330x other payers (SBR/NM1 after CLM never replace the
// subscriber), 2400 LX + SV1/SV2/SV3, 2410-2430 line sub-loops.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "adapters/x12/ack_model.hpp"
#include "adapters/x12/tokenizer.hpp"
#include "adapters/x12/x12.hpp"

namespace dxs::x12 {

class Reader837 {
 public:
  // Called once per claim; the handler may move from the claim and fill ack.statuses.
  using ClaimHandler = std::function<void(Claim&, ClaimAck&)>;
  // Called once per interchange when its IEA (or the end of input) is reached.
  using InterchangeHandler = std::function<void(InterchangeAck&)>;

  // `strict`: also report tolerated oddities as errors (dotted diagnosis codes).
  Reader837(const Limits& limits, bool keep_acks, ClaimHandler on_claim,
            InterchangeHandler on_interchange, bool strict = false);

  void segment(const Segment& seg, const Delimiters& delims);
  // A tokenizer error; `isa_note` is Tokenizer::isa_note().
  void tokenizer_error(const Error& error, int isa_note);
  // The input puts a line break after its segment terminators (acknowledgments do the same).
  void note_line_breaks(bool line_breaks) noexcept {
    if (isa_) isa_->line_breaks = line_breaks;
  }
  // End of input: closes whatever is still open (missing SE/GE/IEA are errors).
  void finish();

  [[nodiscard]] const std::vector<InputError>& errors() const noexcept { return errors_; }
  [[nodiscard]] const ReadStats& stats() const;
  [[nodiscard]] const std::string& format() const noexcept { return format_; }
  [[nodiscard]] bool unreadable() const noexcept { return unreadable_; }
  // True once a limit makes further reading pointless (max_claims reached).
  [[nodiscard]] bool stopped() const noexcept { return stopped_; }
  [[nodiscard]] std::size_t claims() const noexcept { return claims_read_; }

 private:
  enum class Area { header, billing, subscriber, patient, claim, claim_provider, cob, line, line_sub, other };

  struct Party {
    std::string entity_type, last, first, middle, suffix, id_qualifier, id;
  };

  struct OpenClaim {
    Claim claim;
    ClaimAck ack;
    std::size_t clm_position = 0;
    std::size_t header_end_position = 0;  // first segment after the 2300 header
    std::size_t hi_segments = 0;
    std::size_t first_hi_position = 0;
    std::size_t principal_hi_position = 0;
    int diagnosis_count = 0;
    bool principal_seen = false;
    bool hi_errors = false;  // an HI composite of this claim was already reported
    ClaimKind content_kind = ClaimKind::unknown;
    std::vector<std::size_t> diagnosis_hi_index;  // HI occurrence (1-based) of each diagnosis
    std::vector<int> diagnosis_element;           // HIxx position of each diagnosis
    std::vector<std::size_t> diagnosis_position;  // segment position of each diagnosis' HI
  };

  // Envelope
  void on_isa(const Segment& seg, const Delimiters& delims);
  void on_iea(const Segment& seg);
  void on_gs(const Segment& seg);
  void on_ge(const Segment& seg);
  void on_st(const Segment& seg);
  void on_se(const Segment& seg);
  void close_interchange(const char* missing_note);
  void close_group(bool ge_missing);
  void close_transaction(bool se_missing);

  // 837 body
  void on_body(const Segment& seg, std::uint32_t key, const Delimiters& delims);
  void on_hl(const Segment& seg);
  void on_nm1(const Segment& seg);
  void on_clm(const Segment& seg, const Delimiters& delims);
  void on_dtp(const Segment& seg);
  void on_hi(const Segment& seg, const Delimiters& delims);
  void on_lx(const Segment& seg);
  void on_service(const Segment& seg, const Delimiters& delims);
  void flush_claim(std::size_t closing_position);
  static bool segment_has_control_byte(const Segment& seg) noexcept;
  void report_control_bytes(const Segment& seg, const Delimiters& delims);
  void mark_header_end();

  // Errors
  // IK3 errors are named by index into the current transaction's errors (the vector may grow
  // while a segment is checked); kDiscardedError when over max_errors or outside a set.
  static constexpr std::size_t kDiscardedError = static_cast<std::size_t>(-1);
  std::size_t add_segment_error(const Segment& seg, std::string loop, std::string code, bool in_claim);
  SegmentError& segment_error(std::size_t index);
  void add_element_error(std::size_t error_index, int element, int component, std::string reference,
                         std::string code, std::string_view bad_value);
  void count_hi_qualifier(std::string_view qualifier);
  void add_input_error(Severity severity, std::string location, std::string message);
  void set_error(std::string code);
  std::string st_location(std::size_t position, std::string_view segment_id) const;
  std::string current_loop() const;

  Limits limits_;
  bool keep_acks_;
  bool strict_;
  ClaimHandler on_claim_;
  InterchangeHandler on_interchange_;

  std::vector<InputError> errors_;
  std::size_t errors_dropped_ = 0;
  mutable ReadStats stats_;
  // HIxx-1 counts not yet in stats_ (a short list: a file uses a handful of qualifiers).
  mutable std::vector<std::pair<std::string, std::size_t>> hi_qualifier_counts_;
  std::string format_;
  bool unreadable_ = false;
  bool stopped_ = false;
  std::size_t claims_read_ = 0;

  // Envelope state
  std::optional<InterchangeAck> isa_;
  std::size_t interchange_index_ = 0;
  bool in_group_ = false;
  bool in_transaction_ = false;
  GroupAck* group_ = nullptr;
  TransactionAck* transaction_ = nullptr;
  TransactionAck scratch_transaction_;  // used when acks are not kept
  char component_separator_ = ':';

  // 837 state
  Area area_ = Area::header;
  ClaimKind declared_kind_ = ClaimKind::unknown;
  bool kind_warning_given_ = false;
  long long last_hl_id_ = 0;
  std::string billing_hl_id_, subscriber_hl_id_;
  Party subscriber_, patient_;
  bool patient_level_ = false;  // the current claims sit under HL 23
  bool subscriber_level_ = false;
  std::size_t provider_index_ = 0;
  bool provider_open_ = false;
  std::optional<OpenClaim> claim_;
  std::vector<std::string_view> parts_;  // scratch for components
  SegmentError discarded_;               // target for errors over the max_errors limit
};

// "x12-837P" / "x12-837I" / "x12-837D".
const char* format_name(ClaimKind kind) noexcept;
// Kind declared by a guide id (GS08/ST03): X222/X098 P, X223/X096 I, X224/X097 D.
ClaimKind kind_from_version(std::string_view version) noexcept;

}  // namespace dxs::x12
