#include "adapters/x12/reader837.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstring>
#include <limits>
#include <utility>

namespace dxs::x12 {
namespace {

// A segment id as one integer: up to 3 bytes and the length (so "HI" and "\0HI" differ).
constexpr std::uint32_t segment_key(std::string_view id) noexcept {
  if (id.size() < 2 || id.size() > 3) return 0;
  std::uint32_t v = static_cast<std::uint32_t>(id.size()) << 24;
  for (std::size_t i = 0; i < id.size(); ++i) {
    v |= static_cast<std::uint32_t>(static_cast<unsigned char>(id[i])) << (8 * (2 - i));
  }
  return v;
}

constexpr std::uint32_t operator""_seg(const char* text, std::size_t size) noexcept {
  return segment_key(std::string_view(text, size));
}

// Segment ids of the 837 guides (P, I, D; 5010 and 4010).
bool known_segment(std::uint32_t key) noexcept {
  switch (key) {
    case "ISA"_seg: case "IEA"_seg: case "GS"_seg:  case "GE"_seg:  case "ST"_seg:  case "SE"_seg:
    case "TA1"_seg: case "BHT"_seg: case "REF"_seg: case "NM1"_seg: case "N2"_seg:  case "N3"_seg:
    case "N4"_seg:  case "PER"_seg: case "HL"_seg:  case "PRV"_seg: case "SBR"_seg: case "PAT"_seg:
    case "DMG"_seg: case "CUR"_seg: case "CLM"_seg: case "DTP"_seg: case "PWK"_seg: case "CN1"_seg:
    case "AMT"_seg: case "K3"_seg:  case "NTE"_seg: case "CR1"_seg: case "CR2"_seg: case "CR3"_seg:
    case "CR4"_seg: case "CR5"_seg: case "CR6"_seg: case "CR7"_seg: case "CR8"_seg: case "CRC"_seg:
    case "HI"_seg:  case "HCP"_seg: case "QTY"_seg: case "CL1"_seg: case "DN1"_seg: case "DN2"_seg:
    case "DSB"_seg: case "UR"_seg:  case "LX"_seg:  case "SV1"_seg: case "SV2"_seg: case "SV3"_seg:
    case "SV4"_seg: case "SV5"_seg: case "SV6"_seg: case "SV7"_seg: case "TOO"_seg: case "MEA"_seg:
    case "PS1"_seg: case "LIN"_seg: case "CTP"_seg: case "LQ"_seg:  case "FRM"_seg: case "SVD"_seg:
    case "CAS"_seg: case "MOA"_seg: case "MIA"_seg: case "OI"_seg:  case "IMM"_seg: case "HSD"_seg:
      return true;
    default:
      return false;
  }
}

struct DxQualifier {
  std::string_view qualifier;
  DiagnosisRole role;
  CodeSystem system;
};

constexpr std::array<DxQualifier, 10> kDiagnosisQualifiers = {{
    {"ABK", DiagnosisRole::principal, CodeSystem::icd10cm},
    {"ABF", DiagnosisRole::other, CodeSystem::icd10cm},
    {"ABJ", DiagnosisRole::admitting, CodeSystem::icd10cm},
    {"APR", DiagnosisRole::reason_for_visit, CodeSystem::icd10cm},
    {"ABN", DiagnosisRole::external_cause, CodeSystem::icd10cm},
    {"BK", DiagnosisRole::principal, CodeSystem::icd9cm},
    {"BF", DiagnosisRole::other, CodeSystem::icd9cm},
    {"BJ", DiagnosisRole::admitting, CodeSystem::icd9cm},
    {"PR", DiagnosisRole::reason_for_visit, CodeSystem::icd9cm},
    {"BN", DiagnosisRole::external_cause, CodeSystem::icd9cm},
}};

// HI qualifiers that carry something other than a diagnosis (procedures, DRG, codes, values).
constexpr std::array<std::string_view, 22> kOtherHiQualifiers = {
    "BP", "BO", "BG", "BH", "BE", "BI", "DR", "BBR", "BBQ", "BR", "BQ", "CAH",
    "TC", "ABU", "BQ", "LOI", "BA", "BB", "BC", "BD", "APR0", "ZZ"};

const DxQualifier* diagnosis_qualifier(std::string_view q) {
  for (const auto& d : kDiagnosisQualifiers) {
    if (d.qualifier == q) return &d;
  }
  return nullptr;
}

bool other_hi_qualifier(std::string_view q) {
  return std::find(kOtherHiQualifiers.begin(), kOtherHiQualifiers.end(), q) !=
         kOtherHiQualifiers.end();
}

constexpr std::size_t kMaxBadValue = 99;  // 999 IK404 is AN 1..99

bool is_control(char c) noexcept {
  const auto u = static_cast<unsigned char>(c);
  return u < 0x20 || u == 0x7F;
}

bool has_control_byte(std::string_view s) noexcept {
  return std::any_of(s.begin(), s.end(), is_control);
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_decimal(std::string_view s) {
  if (!s.empty() && s.front() == '-') s.remove_prefix(1);
  bool digit = false, dot = false;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      digit = true;
    } else if (c == '.' && !dot) {
      dot = true;
    } else {
      return false;
    }
  }
  return digit;
}

// Non-negative integer value of an all-digit element, -1 otherwise.
long long parse_count(std::string_view s) {
  if (!all_digits(s) || s.size() > 15) return -1;
  long long v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

// "HI01" .. "HI99", "HI100" ...
std::string hi_position(std::size_t n) {
  if (n < 100) {
    const char text[4] = {'H', 'I', static_cast<char>('0' + n / 10), static_cast<char>('0' + n % 10)};
    return std::string(text, 4);
  }
  return "HI" + std::to_string(n);
}

std::string two_digits(std::size_t n) {
  std::string s = std::to_string(n);
  if (s.size() < 2) s.insert(s.begin(), '0');
  return s;
}

// D8 "CCYYMMDD" or RD8 "CCYYMMDD-CCYYMMDD". False when the value does not fit the format.
bool parse_period(std::string_view format, std::string_view value, Date& from, Date& to) {
  if (format == "D8") {
    const auto d = value.size() == 8 ? Date::parse_compact(value) : std::nullopt;
    if (!d) return false;
    from = to = *d;
    return true;
  }
  if (format == "RD8") {
    const std::size_t dash = value.find('-');
    if (dash == std::string_view::npos) return false;
    const auto a = dash == 8 ? Date::parse_compact(value.substr(0, 8)) : std::nullopt;
    const auto b = value.size() - dash - 1 == 8 ? Date::parse_compact(value.substr(dash + 1)) : std::nullopt;
    if (!a || !b) return false;
    from = *a;
    to = *b;
    return true;
  }
  return false;
}

// A composite whose components were written with another separator than ISA16 (seen in real
// files: "BK>7215" while ISA16 is ':'). Returns the separator used, or 0.
char foreign_component_separator(std::string_view element, char declared) {
  for (char candidate : {':', '>', '^', '|', '<', '\\'}) {
    if (candidate == declared) continue;
    const std::size_t at = element.find(candidate);
    if (at == std::string_view::npos || at == 0 || at > 3) continue;
    const std::string_view q = element.substr(0, at);
    if (diagnosis_qualifier(q) != nullptr || other_hi_qualifier(q)) return candidate;
  }
  return 0;
}

}  // namespace

const char* format_name(ClaimKind kind) noexcept {
  switch (kind) {
    case ClaimKind::professional: return "x12-837P";
    case ClaimKind::institutional: return "x12-837I";
    case ClaimKind::dental: return "x12-837D";
    case ClaimKind::unknown: break;
  }
  return "x12-837P";
}

ClaimKind kind_from_version(std::string_view version) noexcept {
  if (version.find("X222") != std::string_view::npos || version.find("X098") != std::string_view::npos) {
    return ClaimKind::professional;
  }
  if (version.find("X223") != std::string_view::npos || version.find("X096") != std::string_view::npos) {
    return ClaimKind::institutional;
  }
  if (version.find("X224") != std::string_view::npos || version.find("X097") != std::string_view::npos) {
    return ClaimKind::dental;
  }
  return ClaimKind::unknown;
}

namespace {
InputFormat input_format(ClaimKind kind) {
  switch (kind) {
    case ClaimKind::institutional: return InputFormat::x12_837i;
    case ClaimKind::dental: return InputFormat::x12_837d;
    default: return InputFormat::x12_837p;
  }
}
const char* kind_letter(ClaimKind kind) {
  switch (kind) {
    case ClaimKind::professional: return "837P";
    case ClaimKind::institutional: return "837I";
    case ClaimKind::dental: return "837D";
    default: return "837";
  }
}
}  // namespace

Reader837::Reader837(const Limits& limits, bool keep_acks, ClaimHandler on_claim,
                     InterchangeHandler on_interchange, bool strict)
    : limits_(limits),
      keep_acks_(keep_acks),
      strict_(strict),
      on_claim_(std::move(on_claim)),
      on_interchange_(std::move(on_interchange)) {}

// ---------------------------------------------------------------------------------------------
// Errors

void Reader837::count_hi_qualifier(std::string_view qualifier) {
  for (auto& [seen, count] : hi_qualifier_counts_) {
    if (seen == qualifier) {
      ++count;
      return;
    }
  }
  if (hi_qualifier_counts_.size() < 32) {
    hi_qualifier_counts_.emplace_back(std::string(qualifier), 1);
  } else {
    ++stats_.hi_qualifiers[std::string(qualifier)];
  }
}

const ReadStats& Reader837::stats() const {
  for (auto& [seen, count] : hi_qualifier_counts_) {
    if (count != 0) stats_.hi_qualifiers[seen] += count;
    count = 0;
  }
  return stats_;
}

void Reader837::add_input_error(Severity severity, std::string location, std::string message) {
  if (errors_.size() >= limits_.max_errors) {
    ++errors_dropped_;
    return;
  }
  InputError e;
  e.rule = "x12-syntax";
  e.severity = severity;
  e.location = std::move(location);
  e.message = std::move(message);
  errors_.push_back(std::move(e));
}

std::string Reader837::st_location(std::size_t position, std::string_view segment_id) const {
  std::string loc = "ST ";
  loc += transaction_ != nullptr ? transaction_->st02 : std::string("?");
  loc += " segment ";
  loc += std::to_string(position);
  loc += ' ';
  loc += segment_id;
  return loc;
}

std::string Reader837::current_loop() const {
  switch (area_) {
    case Area::header: return "";
    case Area::billing: return "2000A";
    case Area::subscriber: return "2000B";
    case Area::patient: return "2000C";
    case Area::claim: return "2300";
    case Area::claim_provider: return "2310";
    case Area::cob: return "2320";
    case Area::line: return "2400";
    case Area::line_sub: return "2400";
    case Area::other: return "";
  }
  return "";
}

SegmentError& Reader837::segment_error(std::size_t index) {
  if (index == kDiscardedError || transaction_ == nullptr || index >= transaction_->errors.size()) {
    return discarded_;
  }
  return transaction_->errors[index];
}

std::size_t Reader837::add_segment_error(const Segment& seg, std::string loop, std::string code,
                                         bool in_claim) {
  if (transaction_ == nullptr) {
    discarded_ = SegmentError{};
    return kDiscardedError;
  }
  if (transaction_->errors.size() >= limits_.max_errors) {
    // Keep the verdict right even when the details are dropped.
    if (!in_claim && std::find(transaction_->set_codes.begin(), transaction_->set_codes.end(), "5") ==
                         transaction_->set_codes.end()) {
      transaction_->set_codes.push_back("5");
    }
    discarded_ = SegmentError{};
    return kDiscardedError;
  }
  SegmentError e;
  // IK301 must be a 2-3 character id; a mangled id is reported by its usable prefix.
  for (char ch : seg.id) {
    const bool alnum = (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z');
    if (!alnum || e.segment_id.size() == 3) break;
    e.segment_id += ch;
  }
  if (e.segment_id.size() < 2) e.segment_id = "UNK";
  e.position = transaction_->segments;
  e.loop = std::move(loop);
  e.code = std::move(code);
  e.in_claim = in_claim;
  if (in_claim && claim_) {
    e.claim_id = claim_->ack.claim_id;
    claim_->ack.syntax_error = true;
  }
  transaction_->errors.push_back(std::move(e));
  return transaction_->errors.size() - 1;
}

void Reader837::add_element_error(std::size_t error_index, int element, int component, std::string reference,
                                  std::string code, std::string_view bad_value) {
  SegmentError& error = segment_error(error_index);
  if (error.elements.size() >= 99) return;
  ElementError e;
  e.element = element;
  e.component = component;
  e.reference = std::move(reference);
  e.code = std::move(code);
  // IK404 is AN 1..99 and only ever a copy of printable data.
  if (!has_control_byte(bad_value)) e.bad_value = std::string(bad_value.substr(0, kMaxBadValue));
  error.elements.push_back(std::move(e));
}

void Reader837::set_error(std::string code) {
  if (transaction_ == nullptr) return;
  auto& codes = transaction_->set_codes;
  if (std::find(codes.begin(), codes.end(), code) == codes.end()) codes.push_back(std::move(code));
}

// ---------------------------------------------------------------------------------------------
// Dispatch

void Reader837::tokenizer_error(const Error& error, int isa_note) {
  if (!isa_ && stats_.interchanges == 0 && error.code == ErrorCode::structure) {
    add_input_error(Severity::warning, "ISA", error.message);
    return;
  }
  if (!isa_) {
    if (stats_.interchanges == 0) unreadable_ = true;
    add_input_error(Severity::fatal, "ISA", error.message);
    return;
  }
  if (isa_note != 0) {
    // A later ISA that cannot be used: the open interchange ends here, unterminated.
    add_input_error(Severity::fatal, "ISA " + std::to_string(interchange_index_ + 1), error.message);
    close_interchange("023");
    return;
  }
  if (in_transaction_ && transaction_ != nullptr) {
    ++transaction_->segments;
    Segment pseudo;
    pseudo.id = "";
    segment_error(add_segment_error(pseudo, current_loop(), "8", false)).segment_id = "UNK";
    set_error("5");
    add_input_error(Severity::error, st_location(transaction_->segments, "?"), error.message);
  } else {
    add_input_error(Severity::error, "ISA " + std::to_string(interchange_index_ + 1), error.message);
  }
}

void Reader837::segment(const Segment& seg, const Delimiters& delims) {
  ++stats_.segments;
  component_separator_ = delims.component;
  const std::uint32_t key = segment_key(seg.id);
  if (key == "ISA"_seg) return on_isa(seg, delims);
  if (!isa_) {
    add_input_error(Severity::fatal, "ISA", "segment outside an interchange");
    return;
  }
  switch (key) {
    case "IEA"_seg: return on_iea(seg);
    case "GS"_seg: return on_gs(seg);
    case "GE"_seg: return on_ge(seg);
    case "ST"_seg: return on_st(seg);
    case "SE"_seg: return on_se(seg);
    case "TA1"_seg:
      if (!in_transaction_) return;  // a TA1 may sit after the ISA or after a GE
      break;
    default: break;
  }
  if (!in_transaction_) {
    add_input_error(Severity::fatal, "ISA " + std::to_string(interchange_index_ + 1),
                    "segment outside a transaction set");
    if (isa_->ta1_note.empty()) isa_->ta1_note = "024";
    return;
  }
  ++transaction_->segments;
  if (transaction_->is_837 && !known_segment(key)) {
    add_segment_error(seg, current_loop(), "1", false);
    add_input_error(Severity::error, st_location(transaction_->segments, "?"),
                    "unrecognized segment id");
    return;
  }
  if (transaction_->is_837) {
    on_body(seg, key, delims);
    if (segment_has_control_byte(seg)) report_control_bytes(seg, delims);
  }
}

bool Reader837::segment_has_control_byte(const Segment& seg) noexcept {
  if (seg.elements.empty()) return false;
  const char* p = seg.elements.front().data();
  const char* const end = seg.elements.back().data() + seg.elements.back().size();
  // Eight bytes at a time: a byte below 0x20, or 0x7F.
  constexpr std::uint64_t ones = 0x0101010101010101ULL;
  constexpr std::uint64_t highs = 0x8080808080808080ULL;
  for (; end - p >= 8; p += 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    const std::uint64_t below_space = (w - ones * 0x20) & ~w & highs;
    const std::uint64_t x = w ^ (ones * 0x7F);
    const std::uint64_t del = (x - ones) & ~x & highs;
    if ((below_space | del) != 0) return true;
  }
  for (; p != end; ++p) {
    if (is_control(*p)) return true;
  }
  return false;
}

// Data elements hold the basic/extended character set only: a control byte (NUL, BEL, ESC ...)
// that is not one of the delimiters is IK403 6, and the value is never echoed.
void Reader837::report_control_bytes(const Segment& seg, const Delimiters& delims) {
  std::optional<std::size_t> error;
  const std::size_t position = transaction_->segments;
  if (!transaction_->errors.empty() && transaction_->errors.back().position == position &&
      transaction_->errors.back().elements.size() < 99) {
    error = transaction_->errors.size() - 1;  // one IK3 per segment
  }
  for (std::size_t i = 1; i <= seg.element_count(); ++i) {
    const std::string_view el = seg.element(i);
    int comp = 0;
    int at_component = 1;
    bool bad = false;
    for (char c : el) {
      if (c == delims.component) {
        ++at_component;
        continue;
      }
      if (delims.repetition != 0 && c == delims.repetition) continue;
      if (is_control(c)) {
        bad = true;
        break;
      }
    }
    if (!bad) continue;
    if (el.find(delims.component) != std::string_view::npos) comp = at_component;
    if (!error) error = add_segment_error(seg, current_loop(), "8", claim_.has_value());
    add_element_error(*error, static_cast<int>(i), comp, "", "6", "");
    add_input_error(Severity::error, st_location(position, segment_error(*error).segment_id),
                    "element " + two_digits(i) + " contains a control character");
  }
}

// ---------------------------------------------------------------------------------------------
// Envelope

void Reader837::on_isa(const Segment& seg, const Delimiters& delims) {
  if (isa_) close_interchange("023");
  ++stats_.interchanges;
  InterchangeAck ack;
  ack.index = interchange_index_ = stats_.interchanges - 1;
  ack.isa05 = std::string(trim(seg.element(5)));
  ack.isa06 = std::string(trim(seg.element(6)));
  ack.isa07 = std::string(trim(seg.element(7)));
  ack.isa08 = std::string(trim(seg.element(8)));
  ack.isa09 = std::string(seg.element(9));
  ack.isa10 = std::string(seg.element(10));
  ack.isa12 = std::string(seg.element(12));
  ack.isa13 = std::string(seg.element(13));
  ack.isa14 = std::string(seg.element(14));
  ack.isa15 = std::string(seg.element(15));
  ack.delimiters = delims;
  const std::string where = "ISA " + std::to_string(stats_.interchanges);
  const auto reject = [&](const char* note, const char* message) {
    if (ack.ta1_note.empty()) ack.ta1_note = note;
    add_input_error(Severity::fatal, where, message);
  };
  if (seg.element_count() != 16) reject("022", "ISA must have 16 elements");
  if (!all_digits(ack.isa13) || ack.isa13.size() != 9) reject("018", "ISA13 control number is not 9 digits");
  if (!(ack.isa12.size() == 5 && all_digits(ack.isa12) && (ack.isa12.rfind("004", 0) == 0 || ack.isa12.rfind("005", 0) == 0))) {
    reject("017", "ISA12 version is not supported");
  }
  if (ack.isa09.size() != 6 || !all_digits(ack.isa09) ||
      !Date::parse_compact("20" + ack.isa09)) {
    reject("014", "ISA09 date is invalid");
  }
  if (ack.isa10.size() != 4 || !all_digits(ack.isa10) || ack.isa10.substr(0, 2) > "23" ||
      ack.isa10.substr(2, 2) > "59") {
    reject("015", "ISA10 time is invalid");
  }
  if (ack.isa14 != "0" && ack.isa14 != "1") reject("019", "ISA14 acknowledgment requested is not 0 or 1");
  if (ack.isa15 != "P" && ack.isa15 != "T") reject("020", "ISA15 usage indicator is not P or T");
  isa_ = std::move(ack);
  in_group_ = in_transaction_ = false;
  group_ = nullptr;
  transaction_ = nullptr;
}

void Reader837::close_interchange(const char* missing_note) {
  if (!isa_) return;
  if (in_transaction_) close_transaction(true);
  if (in_group_) close_group(true);
  if (missing_note != nullptr) {
    if (isa_->ta1_note.empty()) isa_->ta1_note = missing_note;
    add_input_error(Severity::fatal, "ISA " + std::to_string(interchange_index_ + 1),
                    "interchange has no IEA trailer");
  }
  InterchangeAck done = std::move(*isa_);
  isa_.reset();
  group_ = nullptr;
  transaction_ = nullptr;
  if (on_interchange_) on_interchange_(done);
}

void Reader837::on_iea(const Segment& seg) {
  const std::string where = "IEA " + std::to_string(interchange_index_ + 1);
  if (in_transaction_) close_transaction(true);
  if (in_group_) close_group(true);
  const std::string_view count = seg.element(1);
  if (parse_count(count) != static_cast<long long>(isa_->groups.size())) {
    if (isa_->ta1_note.empty()) isa_->ta1_note = "021";
    add_input_error(Severity::fatal, where, "IEA01 does not match the number of functional groups");
  }
  if (seg.element(2) != isa_->isa13) {
    if (isa_->ta1_note.empty()) isa_->ta1_note = "001";
    add_input_error(Severity::fatal, where, "IEA02 does not match ISA13");
  }
  if (isa_->groups.empty() && isa_->ta1_note.empty()) {
    add_input_error(Severity::error, where, "interchange carries no functional group (no claims)");
  }
  close_interchange(nullptr);
}

void Reader837::on_gs(const Segment& seg) {
  if (in_transaction_) close_transaction(true);
  if (in_group_) close_group(true);
  ++stats_.groups;
  GroupAck g;
  g.gs01 = std::string(seg.element(1));
  g.gs02 = std::string(trim(seg.element(2)));
  g.gs03 = std::string(trim(seg.element(3)));
  g.gs04 = std::string(seg.element(4));
  g.gs05 = std::string(seg.element(5));
  g.gs06 = std::string(seg.element(6));
  g.gs08 = std::string(seg.element(8));
  isa_->groups.push_back(std::move(g));
  group_ = &isa_->groups.back();
  in_group_ = true;
  if (!all_digits(group_->gs06)) group_->group_codes.push_back("6");
}

void Reader837::close_group(bool ge_missing) {
  if (group_ == nullptr) return;
  if (ge_missing) {
    group_->group_codes.push_back("3");
    add_input_error(Severity::error, "GS " + group_->gs06, "functional group has no GE trailer");
  }
  in_group_ = false;
  group_ = nullptr;
  transaction_ = nullptr;
}

void Reader837::on_ge(const Segment& seg) {
  if (in_transaction_) close_transaction(true);
  if (!in_group_) {
    add_input_error(Severity::fatal, "ISA " + std::to_string(interchange_index_ + 1), "GE without GS");
    if (isa_->ta1_note.empty()) isa_->ta1_note = "024";
    return;
  }
  group_->ge01 = std::string(seg.element(1));
  const std::string where = "GS " + group_->gs06;
  if (parse_count(seg.element(1)) !=
      static_cast<long long>(group_->transactions.size() + group_->dropped_transactions)) {
    group_->group_codes.push_back("5");
    add_input_error(Severity::error, where, "GE01 does not match the number of transaction sets");
  }
  if (seg.element(2) != group_->gs06) {
    group_->group_codes.push_back("4");
    add_input_error(Severity::error, where, "GE02 does not match GS06");
  }
  close_group(false);
}

void Reader837::on_st(const Segment& seg) {
  if (in_transaction_) close_transaction(true);
  if (!in_group_) {
    add_input_error(Severity::fatal, "ISA " + std::to_string(interchange_index_ + 1),
                    "ST outside a functional group");
    if (isa_->ta1_note.empty()) isa_->ta1_note = "024";
    // Read it anyway into a group of its own so claims are not lost.
    GroupAck g;
    g.gs01 = "HC";
    isa_->groups.push_back(std::move(g));
    group_ = &isa_->groups.back();
    in_group_ = true;
  }
  ++stats_.transactions;
  TransactionAck t;
  t.st01 = std::string(seg.element(1));
  t.st02 = std::string(seg.element(2));
  t.st03 = std::string(seg.element(3));
  t.segments = 1;
  t.is_837 = t.st01 == "837";
  group_->transactions.push_back(std::move(t));
  transaction_ = &group_->transactions.back();
  in_transaction_ = true;
  if (!transaction_->is_837) {
    set_error("1");
    add_input_error(Severity::error, "ST " + transaction_->st02,
                    "transaction set " + transaction_->st01.substr(0, 3) + " is not an 837 claim");
  } else if (group_->gs01 != "HC") {
    add_input_error(Severity::error, "GS " + group_->gs06, "837 inside a functional group that is not HC");
  }
  if (!all_digits(transaction_->st02) || transaction_->st02.size() < 4 || transaction_->st02.size() > 9) {
    set_error("7");
  }
  declared_kind_ = kind_from_version(transaction_->st03);
  if (declared_kind_ == ClaimKind::unknown) declared_kind_ = kind_from_version(group_->gs08);
  transaction_->kind = declared_kind_;
  kind_warning_given_ = false;
  area_ = Area::header;
  last_hl_id_ = 0;
  billing_hl_id_.clear();
  subscriber_hl_id_.clear();
  subscriber_ = Party{};
  patient_ = Party{};
  patient_level_ = subscriber_level_ = false;
  provider_open_ = false;
  provider_index_ = 0;
  claim_.reset();
}

void Reader837::on_se(const Segment& seg) {
  if (!in_transaction_) {
    add_input_error(Severity::error, "GS " + (group_ ? group_->gs06 : std::string("?")), "SE without ST");
    return;
  }
  ++transaction_->segments;
  if (claim_) flush_claim(transaction_->segments);
  const std::string where = "ST " + transaction_->st02;
  const std::string_view count = seg.element(1);
  if (parse_count(count) != static_cast<long long>(transaction_->segments)) {
    set_error("4");
    add_input_error(Severity::error, where,
                    "SE01 segment count does not match the " + std::to_string(transaction_->segments) +
                        " segments of the transaction set");
  }
  if (seg.element(2) != transaction_->st02) {
    set_error("3");
    add_input_error(Severity::error, where, "SE02 does not match ST02");
  }
  close_transaction(false);
}

void Reader837::close_transaction(bool se_missing) {
  if (transaction_ == nullptr) return;
  if (claim_) flush_claim(transaction_->segments + 1);
  if (se_missing) {
    set_error("2");
    add_input_error(Severity::error, "ST " + transaction_->st02, "transaction set has no SE trailer");
  }
  if (transaction_->is_837 && format_.empty()) {
    format_ = format_name(transaction_->kind == ClaimKind::unknown ? ClaimKind::professional
                                                                   : transaction_->kind);
  }
  if (transaction_->status() == 'R') {
    bool claim_errors_only = true;
    for (const auto& e : transaction_->errors) claim_errors_only = claim_errors_only && e.in_claim;
    add_input_error(Severity::error, "ST " + transaction_->st02, "transaction set rejected (999 IK5 R)");
    (void)claim_errors_only;
  }
  in_transaction_ = false;
  transaction_ = nullptr;
  if (!keep_acks_ && group_ != nullptr && !group_->transactions.empty()) {
    // Nothing is acknowledged: keep only the count the GE check needs.
    ++group_->dropped_transactions;
    group_->transactions.pop_back();
  }
}

void Reader837::finish() {
  if (isa_) close_interchange("023");
  if (errors_dropped_ > 0) {
    InputError e;
    e.rule = "x12-syntax";
    e.severity = Severity::error;
    e.location = "ISA";
    e.message = std::to_string(errors_dropped_) + " further errors not listed";
    errors_.push_back(std::move(e));
    errors_dropped_ = 0;
  }
}

// ---------------------------------------------------------------------------------------------
// 837 body

void Reader837::mark_header_end() {
  if (claim_ && claim_->header_end_position == 0) claim_->header_end_position = transaction_->segments;
}

void Reader837::on_body(const Segment& seg, std::uint32_t key, const Delimiters& delims) {
  switch (key) {
    case "HL"_seg: return on_hl(seg);
    case "CLM"_seg: return on_clm(seg, delims);
    case "NM1"_seg: return on_nm1(seg);
    case "SBR"_seg:
      if (area_ == Area::claim || area_ == Area::claim_provider || area_ == Area::cob) {
        mark_header_end();
        area_ = Area::cob;
      } else if (area_ == Area::line || area_ == Area::line_sub) {
        area_ = Area::cob;  // out of place, but never a new subscriber
      }
      return;
    case "BHT"_seg:
      transaction_->batch_id = std::string(seg.element(3));
      return;
    case "DTP"_seg: return on_dtp(seg);
    case "HI"_seg: return on_hi(seg, delims);
    case "LX"_seg: return on_lx(seg);
    case "SV1"_seg:
    case "SV2"_seg:
    case "SV3"_seg: return on_service(seg, delims);
    case "REF"_seg:
      if (!claim_) return;
      if (area_ == Area::claim && seg.element(1) == "D9") {
        claim_->ack.clearinghouse_trace = std::string(seg.element(2));
      } else if ((area_ == Area::line || area_ == Area::line_sub) && seg.element(1) == "6R" &&
                 !claim_->ack.lines.empty()) {
        claim_->ack.lines.back().control_number = std::string(seg.element(2));
      }
      return;
    case "LIN"_seg:
    case "CTP"_seg:
    case "SVD"_seg:
      if (area_ == Area::line) area_ = Area::line_sub;  // 2410 drug, 2430 adjudication
      return;
    default: return;
  }
}

void Reader837::on_hl(const Segment& seg) {
  if (claim_) flush_claim(transaction_->segments);
  const std::string hl01(seg.element(1));
  const std::string hl02(seg.element(2));
  const std::string_view level = seg.element(3);
  bool bad = false;
  std::optional<std::size_t> error;
  const auto element_error = [&](int element, const char* ref, const char* code, std::string_view value) {
    if (!error) error = add_segment_error(seg, level == "20" ? "2000A" : level == "22" ? "2000B" : "2000C", "8", false);
    add_element_error(*error, element, 0, ref, code, value);
    bad = true;
  };
  // Bounded checks: HL01 increases (the TR3 numbers HLs 1, 2, 3 ...), and the parent of a
  // subscriber is the current billing provider, the parent of a patient the current subscriber.
  const long long id = parse_count(hl01);
  if (hl01.empty()) {
    element_error(1, "628", "1", "");
  } else if (id <= last_hl_id_) {
    element_error(1, "628", "7", hl01);
  }
  if (id > last_hl_id_) last_hl_id_ = id;
  const std::string& expected_parent = level == "22" ? billing_hl_id_ : level == "23" ? subscriber_hl_id_ : hl02;
  if (!hl02.empty() && hl02 != expected_parent) element_error(2, "734", "7", hl02);
  if (level == "20") billing_hl_id_ = hl01;
  if (level == "22") subscriber_hl_id_ = hl01;
  if (bad) {
    add_input_error(Severity::error, st_location(transaction_->segments, "HL"),
                    "HL id or parent id is invalid");
  }
  if (level == "20") {
    area_ = Area::billing;
    ProviderAck p;
    if (keep_acks_) transaction_->providers.push_back(p);
    provider_index_ = keep_acks_ ? transaction_->providers.size() - 1 : 0;
    provider_open_ = true;
    subscriber_level_ = patient_level_ = false;
  } else if (level == "22") {
    area_ = Area::subscriber;
    subscriber_ = Party{};
    patient_ = Party{};
    subscriber_level_ = true;
    patient_level_ = false;
  } else if (level == "23") {
    area_ = Area::patient;
    patient_ = Party{};
    patient_level_ = true;
  } else {
    area_ = Area::other;
    add_element_error(add_segment_error(seg, "", "8", false), 3, 0, "735", "7", level);
    add_input_error(Severity::error, st_location(transaction_->segments, "HL"),
                    "HL03 hierarchical level code is not 20, 22 or 23");
  }
}

void Reader837::on_nm1(const Segment& seg) {
  const std::string_view entity = seg.element(1);
  const auto fill = [&](Party& p) {
    p.entity_type = std::string(seg.element(2));
    p.last = std::string(seg.element(3));
    p.first = std::string(seg.element(4));
    p.middle = std::string(seg.element(5));
    p.suffix = std::string(seg.element(7));
    p.id_qualifier = std::string(seg.element(8));
    p.id = std::string(seg.element(9));
  };
  switch (area_) {
    case Area::header:
      if (entity == "41") {
        transaction_->submitter_entity_type = std::string(seg.element(2));
        transaction_->submitter_name = std::string(seg.element(3));
        transaction_->submitter_id = std::string(seg.element(9));
      }
      return;
    case Area::billing:
      if (entity == "85" && keep_acks_ && provider_open_ && !transaction_->providers.empty()) {
        Party p;
        fill(p);
        auto& provider = transaction_->providers[provider_index_];
        provider.entity_type = p.entity_type;
        provider.last = p.last;
        provider.first = p.first;
        provider.middle = p.middle;
        provider.suffix = p.suffix;
        provider.id_qualifier = p.id_qualifier;
        provider.id = p.id;
      }
      return;
    case Area::subscriber:
      if (entity == "IL") fill(subscriber_);
      return;
    case Area::patient:
      if (entity == "QC") fill(patient_);
      return;
    case Area::claim:
    case Area::claim_provider:
      mark_header_end();
      area_ = Area::claim_provider;
      return;
    case Area::cob:
      return;
    case Area::line:
    case Area::line_sub:
      area_ = Area::line_sub;
      return;
    case Area::other:
      return;
  }
}

void Reader837::on_clm(const Segment& seg, const Delimiters& delims) {
  if (claim_) flush_claim(transaction_->segments);
  ++stats_.clm_segments;
  if (limits_.max_claims != 0 && claims_read_ >= limits_.max_claims) {
    if (!stopped_) {
      add_input_error(Severity::fatal, st_location(transaction_->segments, "CLM"),
                      "more than " + std::to_string(limits_.max_claims) + " claims in one input");
    }
    stopped_ = true;
    return;
  }
  const bool placed = area_ == Area::subscriber || area_ == Area::patient || area_ == Area::claim ||
                      area_ == Area::claim_provider || area_ == Area::cob || area_ == Area::line ||
                      area_ == Area::line_sub;
  claim_.emplace(OpenClaim{});
  OpenClaim& c = *claim_;
  // Typical claims: up to 12 diagnoses (837P HI), a few lines; one allocation each.
  c.claim.diagnoses.reserve(12);
  c.diagnosis_hi_index.reserve(12);
  c.diagnosis_element.reserve(12);
  c.diagnosis_position.reserve(12);
  c.claim.lines.reserve(4);
  c.clm_position = transaction_->segments;
  c.claim.id = std::string(seg.element(1));
  c.claim.kind = declared_kind_;
  c.claim.location = "ST " + transaction_->st02 + " / 2300 CLM";
  c.ack.claim_id = c.claim.id;
  c.ack.charge = std::string(seg.element(2));
  c.ack.provider = provider_index_;
  const Party& who = patient_level_ && !patient_.last.empty() ? patient_ : subscriber_;
  c.ack.patient_last = who.last;
  c.ack.patient_first = who.first;
  c.ack.patient_middle = who.middle;
  c.ack.patient_suffix = who.suffix;
  const Party& id_source = !subscriber_.id.empty() ? subscriber_ : patient_;
  c.ack.member_qualifier = id_source.id_qualifier == "II" ? "II" : "MI";
  c.ack.member_id = id_source.id;
  const std::string_view facility = seg.element(5);
  if (!facility.empty()) {
    const std::string_view code = component(facility, delims.component, 1);
    const std::string_view frequency = component(facility, delims.component, 3);
    c.ack.bill_type = std::string(code) + std::string(frequency);
  }
  area_ = Area::claim;

  if (!placed) {
    add_segment_error(seg, "2300", "2", false);
    add_input_error(Severity::error, st_location(transaction_->segments, "CLM"),
                    "CLM outside a subscriber or patient loop (HL 22/23)");
  }
  const std::string_view clm01 = seg.element(1);
  const std::string_view clm02 = seg.element(2);
  std::optional<std::size_t> error;
  const auto element_error = [&](int element, const char* ref, const char* code, std::string_view value,
                                 const char* message) {
    if (!error) error = add_segment_error(seg, "2300", "8", true);
    add_element_error(*error, element, 0, ref, code, value);
    add_input_error(Severity::error, st_location(transaction_->segments, "CLM"), message);
  };
  if (clm01.empty()) {
    element_error(1, "1028", "1", "", "CLM01 patient control number is missing");
  } else if (clm01.size() > 38) {
    element_error(1, "1028", "5", "", "CLM01 is longer than 38 characters");
  }
  if (clm02.empty()) {
    element_error(2, "782", "1", "", "CLM02 total claim charge is missing");
  } else if (!is_decimal(clm02) || clm02.size() > 18) {
    element_error(2, "782", "6", clm02, "CLM02 total claim charge is not a number");
  }
}

void Reader837::on_dtp(const Segment& seg) {
  if (!claim_) return;
  const bool claim_level = area_ == Area::claim;
  const bool line_level = area_ == Area::line;
  if (!claim_level && !line_level) return;
  const std::string_view qualifier = seg.element(1);
  if (qualifier != "472" && qualifier != "434" && qualifier != "096" && qualifier != "435") return;
  const std::string_view format = seg.element(2);
  const std::string_view value = seg.element(3);
  if (qualifier == "096" && format == "TM") return;  // 5010 837I discharge hour
  if (qualifier == "435" && format == "DT") return;  // admission date and hour
  Date from, to;
  if (!parse_period(format, value, from, to)) {
    // Tolerated reading of a common slip: RD8 with a single date counts as that day.
    if (format == "RD8" && value.size() == 8) parse_period("D8", value, from, to);
    const std::size_t e = add_segment_error(seg, claim_level ? "2300" : "2400", "8", true);
    if (format != "D8" && format != "RD8") {
      add_element_error(e, 2, 0, "1250", "7", format);
    } else {
      add_element_error(e, 3, 0, "1251", "8", value);
    }
    add_input_error(Severity::error, st_location(transaction_->segments, "DTP"),
                    "DTP*" + std::string(qualifier) + " date is invalid");
    if (!from.known()) return;
  }
  Claim& claim = claim_->claim;
  if (line_level) {
    if (qualifier == "472" && !claim.lines.empty()) {
      claim.lines.back().service_from = from;
      claim.lines.back().service_to = to;
      if (!claim_->ack.lines.empty()) {
        claim_->ack.lines.back().from = from;
        claim_->ack.lines.back().to = to;
      }
    }
    return;
  }
  if (qualifier == "472") {
    claim.service_from = from;
    claim.service_to = to;
  } else if (qualifier == "434") {
    claim.statement_from = from;
    claim.statement_to = to;
  } else if (qualifier == "096") {
    claim.discharge = from;
  }
}

void Reader837::on_hi(const Segment& seg, const Delimiters& delims) {
  ++stats_.hi_segments;
  if (!claim_) {
    add_segment_error(seg, current_loop(), "2", false);
    add_input_error(Severity::error, st_location(transaction_->segments, "HI"), "HI outside a claim");
    return;
  }
  OpenClaim& c = *claim_;
  ++c.hi_segments;
  if (c.first_hi_position == 0) c.first_hi_position = transaction_->segments;
  // An index, not a pointer: a second-principal IK3 below may grow the error vector.
  std::optional<std::size_t> error;
  const auto element_error = [&](int element, int comp, const char* ref, const char* code,
                                 std::string_view value, std::string message) {
    if (!error) error = add_segment_error(seg, "2300", "8", true);
    add_element_error(*error, element, comp, ref, code, value);
    add_input_error(Severity::error, st_location(transaction_->segments, "HI"), std::move(message));
    c.hi_errors = true;
  };
  for (std::size_t i = 1; i <= seg.element_count(); ++i) {
    const std::string_view el = seg.element(i);
    if (el.empty()) continue;
    char sep = delims.component;
    if (el.find(sep) == std::string_view::npos) {
      const char foreign = foreign_component_separator(el, sep);
      if (foreign != 0) sep = foreign;
    }
    split_components(el, sep, limits_.max_components, parts_);
    const std::string_view qualifier = parts_.empty() ? std::string_view{} : parts_[0];
    count_hi_qualifier(qualifier.substr(0, 16));
    const std::string hi_pos = hi_position(i);
    const DxQualifier* dx = diagnosis_qualifier(qualifier);
    if (dx == nullptr) {
      if (!other_hi_qualifier(qualifier)) {
        element_error(static_cast<int>(i), 1, "1270", "7", qualifier,
                      hi_pos + "-1 qualifier is not a valid code list qualifier");
      }
      continue;
    }
    if (sep != delims.component) {
      element_error(static_cast<int>(i), 0, "C022", "6", "",
                    hi_pos + " uses a component separator other than ISA16");
    }
    if (c.claim.diagnoses.size() >= limits_.max_diagnoses_per_claim) {
      element_error(static_cast<int>(i), 0, "C022", "3", "", "too many diagnosis codes on one claim");
      break;
    }
    Diagnosis& d = c.claim.diagnoses.emplace_back();
    const std::string_view code = parts_.size() > 1 ? trim(parts_[1]) : std::string_view{};
    d.code_text.assign(code);
    d.code = Icd10Code::parse(code, &d.spelling);
    d.system = dx->system;
    d.qualifier.assign(dx->qualifier);
    d.role = dx->role;
    d.sequence = ++c.diagnosis_count;
    if (parts_.size() > 8 && !parts_[8].empty()) d.poa = parts_[8][0];
    d.location.reserve(11);
    d.location.assign("2300 ").append(hi_pos).append("-2");
    if (strict_ && code.find('.') != std::string_view::npos) {
      element_error(static_cast<int>(i), 2, "1271", "6", "", hi_pos + "-2 diagnosis code contains a decimal point");
    }
    if (code.empty()) {
      element_error(static_cast<int>(i), 2, "1271", "1", "", hi_pos + "-2 diagnosis code is missing");
    } else if (code.size() > 30) {
      element_error(static_cast<int>(i), 2, "1271", "5", "", hi_pos + "-2 diagnosis code is too long");
    }
    if (dx->role == DiagnosisRole::principal) {
      if (c.principal_seen) {
        if (c.principal_hi_position != transaction_->segments) {
          add_segment_error(seg, "2300", "5", true);
          add_input_error(Severity::error, st_location(transaction_->segments, "HI"),
                          "second principal diagnosis (" + std::string(qualifier) + ") on one claim");
        } else {
          element_error(static_cast<int>(i), 1, "1270", "7", qualifier,
                        hi_pos + "-1 second principal diagnosis qualifier in one HI");
        }
      } else if (i != 1 && c.claim.kind != ClaimKind::institutional) {
        element_error(static_cast<int>(i), 1, "1270", "7", qualifier,
                      hi_pos + "-1 principal diagnosis qualifier is not in HI01");
      }
      c.principal_seen = true;
      c.principal_hi_position = transaction_->segments;
    }
    c.diagnosis_hi_index.push_back(c.hi_segments);
    c.diagnosis_element.push_back(static_cast<int>(i));
    c.diagnosis_position.push_back(transaction_->segments);
  }
}

void Reader837::on_lx(const Segment& seg) {
  if (!claim_) {
    add_segment_error(seg, "2400", "2", false);
    add_input_error(Severity::error, st_location(transaction_->segments, "LX"), "LX outside a claim");
    return;
  }
  mark_header_end();
  area_ = Area::line;
  Claim& claim = claim_->claim;
  if (claim.lines.size() >= limits_.max_lines_per_claim) {
    add_segment_error(seg, "2400", "4", true);
    add_input_error(Severity::error, st_location(transaction_->segments, "LX"),
                    "more than " + std::to_string(limits_.max_lines_per_claim) + " service lines");
    area_ = Area::line_sub;
    return;
  }
  ServiceLine line;
  const std::string_view lx01 = seg.element(1);
  int number = 0;
  if (all_digits(lx01) && lx01.size() <= 6) std::from_chars(lx01.data(), lx01.data() + lx01.size(), number);
  line.sequence = number != 0 ? number : static_cast<int>(claim.lines.size()) + 1;
  claim.lines.push_back(std::move(line));
  if (keep_acks_) claim_->ack.lines.emplace_back();
}

void Reader837::on_service(const Segment& seg, const Delimiters& delims) {
  const std::string_view id = seg.id;
  const ClaimKind kind = id == "SV1" ? ClaimKind::professional
                         : id == "SV2" ? ClaimKind::institutional
                                       : ClaimKind::dental;
  if (!claim_ || claim_->claim.lines.empty() || area_ != Area::line) {
    if (area_ == Area::line_sub) return;  // e.g. too many lines: already reported
    add_segment_error(seg, "2400", "2", claim_.has_value());
    add_input_error(Severity::error, st_location(transaction_->segments, std::string(id)),
                    "service line segment outside a 2400 loop");
    return;
  }
  OpenClaim& c = *claim_;
  if (c.content_kind == ClaimKind::unknown) c.content_kind = kind;
  ServiceLine& line = c.claim.lines.back();
  LineAck* ack = keep_acks_ && !c.ack.lines.empty() ? &c.ack.lines.back() : nullptr;
  const char sep = delims.component;
  const auto set_procedure = [&](std::string_view composite) {
    split_components(composite, sep, limits_.max_components, parts_);
    std::string joined;
    for (std::size_t k = 0; k < parts_.size() && k < 6; ++k) {
      if (k > 0) joined += ':';
      joined += parts_[k];
    }
    while (!joined.empty() && joined.back() == ':') joined.pop_back();
    line.procedure = joined;
    if (ack != nullptr) {
      ack->qualifier = parts_.size() > 0 ? std::string(parts_[0]) : std::string();
      ack->code = parts_.size() > 1 ? std::string(parts_[1]) : std::string();
      ack->modifiers.clear();
      for (std::size_t k = 2; k < parts_.size() && k < 6; ++k) ack->modifiers.emplace_back(parts_[k]);
    }
  };
  const auto set_pointers = [&](std::string_view composite, std::size_t element) {
    line.location = "2400 " + std::string(id) + "-" + two_digits(element);
    split_components(composite, sep, limits_.max_components, parts_);
    for (std::string_view p : parts_) {
      p = trim(p);
      if (p.empty()) continue;
      // The number as written (leading zeros aside) when it fits 9 digits; a value that is no
      // number becomes 0 and one beyond 9 digits the largest int: both name no diagnosis.
      int value = 0;
      if (all_digits(p)) {
        while (p.size() > 1 && p.front() == '0') p.remove_prefix(1);
        if (p.size() <= 9) {
          std::from_chars(p.data(), p.data() + p.size(), value);
        } else {
          value = std::numeric_limits<int>::max();
        }
      }
      line.pointers.push_back(value);
    }
  };
  if (id == "SV1") {
    set_procedure(seg.element(1));
    set_pointers(seg.element(7), 7);
    if (ack != nullptr) {
      ack->charge = std::string(seg.element(2));
      ack->units = std::string(seg.element(4));
    }
  } else if (id == "SV2") {
    line.location = "2400 SV2";
    if (!seg.element(2).empty()) {
      set_procedure(seg.element(2));
    } else {
      line.procedure = "NU:" + std::string(seg.element(1));
      if (ack != nullptr) {
        ack->qualifier = "NU";
        ack->code = std::string(seg.element(1));
      }
    }
    if (ack != nullptr) {
      ack->revenue_code = std::string(seg.element(1));
      ack->charge = std::string(seg.element(3));
      ack->units = std::string(seg.element(5));
    }
  } else {
    set_procedure(seg.element(1));
    set_pointers(seg.element(11), 11);
    if (line.pointers.empty()) line.location = "2400 SV3";
    if (ack != nullptr) {
      ack->charge = std::string(seg.element(2));
      ack->units = std::string(seg.element(6));
    }
  }
}

void Reader837::flush_claim(std::size_t closing_position) {
  if (!claim_) return;
  OpenClaim& c = *claim_;
  if (c.header_end_position == 0) c.header_end_position = closing_position;
  Claim& claim = c.claim;

  // Kind: the service lines are the truth when they disagree with GS08/ST03.
  if (c.content_kind != ClaimKind::unknown && c.content_kind != declared_kind_) {
    if (!kind_warning_given_ && declared_kind_ != ClaimKind::unknown) {
      add_input_error(Severity::warning, "ST " + transaction_->st02,
                      std::string("GS08/ST03 declare ") + kind_letter(declared_kind_) +
                          " but the service lines are " + kind_letter(c.content_kind));
      kind_warning_given_ = true;
    }
    claim.kind = c.content_kind;
  }
  if (claim.kind == ClaimKind::unknown) claim.kind = ClaimKind::professional;
  claim.format = input_format(claim.kind);
  if (transaction_->kind == ClaimKind::unknown || transaction_->kind != claim.kind) {
    transaction_->kind = claim.kind;
  }

  // Locations with the HI occurrence when the claim has more than one HI.
  if (c.hi_segments > 1) {
    for (std::size_t k = 0; k < claim.diagnoses.size(); ++k) {
      claim.diagnoses[k].location = "2300 HI[" + std::to_string(c.diagnosis_hi_index[k]) + "]" +
                                    two_digits(static_cast<std::size_t>(c.diagnosis_element[k])) + "-2";
    }
  }

  // Principal diagnosis the rules need (837P and 837I).
  if (claim.kind != ClaimKind::dental) {
    Segment pseudo;
    if (claim.diagnoses.empty() && c.hi_segments == 0) {
      pseudo.id = "HI";
      segment_error(add_segment_error(pseudo, "2300", "3", true)).position = c.header_end_position;
      add_input_error(Severity::error, st_location(c.header_end_position, "HI"),
                      "claim has no HI diagnosis segment");
    } else if (!c.principal_seen && !(claim.diagnoses.empty() && c.hi_errors)) {
      pseudo.id = "HI";
      const std::size_t e = add_segment_error(pseudo, "2300", "8", true);
      segment_error(e).position = c.first_hi_position;
      add_element_error(e, 1, 1, "1270", "7",
                        claim.diagnoses.empty() ? std::string_view{} : std::string_view(claim.diagnoses.front().qualifier));
      add_input_error(Severity::error, st_location(c.first_hi_position, "HI"),
                      "claim has no principal diagnosis (ABK/BK)");
    }
  }

  // ICD-9 qualifiers on a claim dated in the ICD-10 era (CMS: 999 IK403 I12, then the 277CA
  // carries the screener's verdict, so the claim is not marked as a syntax rejection).
  const Date when = claim.screening_date();
  if (when.known() && when >= Date::from_ymd(2015, 10, 1)) {
    for (std::size_t k = 0; k < claim.diagnoses.size(); ++k) {
      if (claim.diagnoses[k].system != CodeSystem::icd9cm) continue;
      Segment pseudo;
      pseudo.id = "HI";
      const bool already = c.ack.syntax_error;
      const std::size_t e = add_segment_error(pseudo, "2300", "8", true);
      c.ack.syntax_error = already;
      segment_error(e).position = c.diagnosis_position[k];
      add_element_error(e, c.diagnosis_element[k], 1, "1270", "I12", claim.diagnoses[k].qualifier);
      add_input_error(Severity::error, st_location(c.diagnosis_position[k], "HI"),
                      "ICD-9-CM qualifier on a claim dated on or after 2015-10-01");
    }
  }

  // Service dates for the 277CA DTP*472.
  ClaimAck& ack = c.ack;
  if (claim.service_from.known()) {
    ack.service_from = claim.service_from;
    ack.service_to = claim.service_to;
  } else {
    for (const auto& line : claim.lines) {
      if (!line.service_from.known()) continue;
      if (!ack.service_from.known() || line.service_from < ack.service_from) ack.service_from = line.service_from;
      const Date to = line.service_to.known() ? line.service_to : line.service_from;
      if (!ack.service_to.known() || ack.service_to < to) ack.service_to = to;
    }
    if (!ack.service_from.known() && claim.statement_from.known()) {
      ack.service_from = claim.statement_from;
      ack.service_to = claim.statement_to.known() ? claim.statement_to : claim.statement_from;
    }
  }
  if (claim.kind != ClaimKind::institutional) ack.bill_type.clear();

  ++claims_read_;
  if (on_claim_) on_claim_(claim, ack);
  if (keep_acks_ && transaction_ != nullptr) transaction_->claims.push_back(std::move(ack));
  claim_.reset();
  if (area_ == Area::claim || area_ == Area::claim_provider || area_ == Area::cob ||
      area_ == Area::line || area_ == Area::line_sub) {
    area_ = patient_level_ ? Area::patient : Area::subscriber;
  }
}

}  // namespace dxs::x12
