// The JSON report of DESIGN.md and the text renderer for people.
#include <array>
#include <functional>
#include <sstream>

#include "adapters/pipeline/pipeline.hpp"

namespace dxs::pipeline {
namespace {

void append_string_array(std::string& out, const std::vector<std::string>& items) {
  out += '[';
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += ", ";
    append_json_string(out, items[i]);
  }
  out += ']';
}

void append_result(std::string& out, std::string_view input, const ClaimResult& r) {
  out += "{\"input\": ";
  append_json_string(out, input);
  out += ", \"claim_id\": ";
  append_json_string(out, r.claim_id);
  out += ", \"format\": ";
  append_json_string(out, r.format);
  out += ", \"code_set\": ";
  append_json_string(out, r.code_set);
  out += ", \"verdict\": ";
  out += r.rejected ? "\"rejected\"" : "\"accepted\"";
  out += ", \"findings\": [";
  for (std::size_t i = 0; i < r.findings.size(); ++i) {
    const Finding& f = r.findings[i];
    if (i) out += ", ";
    out += "{\"rule\": ";
    append_json_string(out, f.rule);
    out += ", \"severity\": ";
    append_json_string(out, to_string(f.severity));
    out += ", \"codes\": ";
    append_string_array(out, f.codes);
    out += ", \"location\": ";
    append_json_string(out, f.location);
    out += ", \"message\": ";
    append_json_string(out, f.message);
    out += ", \"suggestions\": ";
    append_string_array(out, f.suggestions);
    out += '}';
  }
  out += "]}";
}

void append_error(std::string& out, std::string_view input, const InputError& e) {
  out += "{\"input\": ";
  append_json_string(out, input);
  out += ", \"rule\": ";
  append_json_string(out, e.rule);
  out += ", \"severity\": ";
  append_json_string(out, to_string(e.severity));
  out += ", \"location\": ";
  append_json_string(out, e.location);
  out += ", \"message\": ";
  append_json_string(out, e.message);
  out += '}';
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += sep;
    out += items[i];
  }
  return out;
}

}  // namespace

namespace {

// 1 for bytes a JSON string cannot hold as they are: '"', '\\', controls and DEL.
constexpr std::array<bool, 256> kNeedsEscape = [] {
  std::array<bool, 256> table{};
  for (std::size_t c = 0; c < 0x20; ++c) table[c] = true;
  table['"'] = true;
  table['\\'] = true;
  table[0x7F] = true;
  return table;
}();

void append_escape(std::string& out, unsigned char c) {
  switch (c) {
    case '"': out += "\\\""; return;
    case '\\': out += "\\\\"; return;
    case '\n': out += "\\n"; return;
    case '\r': out += "\\r"; return;
    case '\t': out += "\\t"; return;
    case '\b': out += "\\b"; return;
    case '\f': out += "\\f"; return;
    default: break;
  }
  constexpr char kHex[] = "0123456789abcdef";
  const char unicode[6] = {'\\', 'u', '0', '0', kHex[c >> 4U], kHex[c & 0xFU]};
  out.append(unicode, sizeof unicode);
}

}  // namespace

// Copies runs of plain bytes whole; only the bytes that need it are escaped one by one.
void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  const char* run = text.data();
  const char* const end = run + text.size();
  for (const char* p = run; p != end; ++p) {
    const auto c = static_cast<unsigned char>(*p);
    if (!kNeedsEscape[c]) continue;
    out.append(run, static_cast<std::size_t>(p - run));
    append_escape(out, c);
    run = p + 1;
  }
  out.append(run, static_cast<std::size_t>(end - run));
  out += '"';
}

// ---------------------------------------------------------------------------------------------

const char* to_string(Verdict verdict) noexcept {
  switch (verdict) {
    case Verdict::accepted: return "accepted";
    case Verdict::rejected: return "rejected";
    case Verdict::error: break;
  }
  return "error";
}

void Counts::add(const ClaimResult& result) {
  ++claims;
  if (result.rejected) ++rejected; else ++accepted;
  for (const Finding& f : result.findings) {
    ++findings_by_rule[f.rule];
    if (f.severity == Severity::warning) ++warnings;
  }
}

void Counts::add(const Counts& other) {
  claims += other.claims;
  accepted += other.accepted;
  rejected += other.rejected;
  errors += other.errors;
  warnings += other.warnings;
  for (const auto& [rule, n] : other.findings_by_rule) findings_by_rule[rule] += n;
}

int exit_code(const InputReport& report) noexcept {
  if (report.unreadable || report.usage_error || report.verdict == Verdict::error) return exit_unreadable;
  if (report.verdict == Verdict::rejected) return exit_rejected;
  return exit_accepted;
}

int combine_exit_codes(int a, int b) noexcept { return a > b ? a : b; }

// ---------------------------------------------------------------------------------------------

JsonReportWriter::JsonReportWriter(std::ostream& out) : out_(out) {}

JsonReportWriter::~JsonReportWriter() {
  try {
    finish();
  } catch (...) {
  }
}

void JsonReportWriter::begin_if_needed() {
  if (begun_) return;
  begun_ = true;
  pending_ += "{\"dxscreen\": ";
  append_json_string(pending_, version());
  pending_ += ",\n \"results\": [";
}

void JsonReportWriter::flush_pending() {
  out_.write(pending_.data(), static_cast<std::streamsize>(pending_.size()));
  pending_.clear();  // keeps the capacity for the next result
}

void JsonReportWriter::add_result(std::string_view input, const ClaimResult& result) {
  begin_if_needed();
  pending_ += results_ == 0 ? "\n  " : ",\n  ";
  append_result(pending_, input, result);
  ++results_;
  flush_pending();
}

void JsonReportWriter::add_errors(std::string_view input, const std::vector<InputError>& errors) {
  begin_if_needed();
  for (const InputError& e : errors) {
    errors_ += errors_.empty() ? "\n  " : ",\n  ";
    append_error(errors_, input, e);
  }
}

void JsonReportWriter::add_report(const InputReport& report) {
  for (const ClaimResult& r : report.results) add_result(report.input, r);
  add_errors(report.input, report.errors);
}

void JsonReportWriter::finish() {
  if (finished_) return;
  begin_if_needed();
  finished_ = true;
  pending_ += results_ ? "\n ],\n \"errors\": [" : "],\n \"errors\": [";
  pending_ += errors_;
  pending_ += errors_.empty() ? "]}\n" : "\n ]}\n";
  flush_pending();
  out_.flush();
}

namespace {
template <typename Reports>
std::string json_report_of(const Reports& reports) {
  std::ostringstream out;
  {
    JsonReportWriter writer(out);
    for (const InputReport& r : reports) writer.add_report(r);
    writer.finish();
  }
  return std::move(out).str();
}

template <typename Reports>
std::string text_report_of(const Reports& reports) {
  std::ostringstream out;
  Counts total;
  std::size_t inputs = 0;
  for (const InputReport& r : reports) {
    for (const ClaimResult& c : r.results) write_text_findings(out, r.input, c);
    write_text_errors(out, r.input, r.errors);
    total.add(r.counts);
    ++inputs;
  }
  write_text_summary(out, inputs, total);
  return std::move(out).str();
}
}  // namespace

std::string json_report(const std::vector<InputReport>& reports) { return json_report_of(reports); }

std::string json_report_single(const InputReport& report) {
  return json_report_of(std::array<std::reference_wrapper<const InputReport>, 1>{std::cref(report)});
}

// ---------------------------------------------------------------------------------------------

void write_text_findings(std::ostream& out, std::string_view input, const ClaimResult& result) {
  if (result.findings.empty()) return;
  thread_local std::string text;  // reused: one write per claim, no allocation once warm
  text.clear();
  for (const Finding& f : result.findings) {
    text += input;
    text += ": claim ";
    text += result.claim_id.empty() ? "(no id)" : result.claim_id;
    text += ": ";
    text += to_string(f.severity);
    text += ' ';
    text += f.rule;
    if (!f.codes.empty()) {
      text += " [";
      for (std::size_t i = 0; i < f.codes.size(); ++i) {
        if (i) text += ", ";
        text += f.codes[i];
      }
      text += ']';
    }
    if (!f.location.empty()) {
      text += " at ";
      text += f.location;
    }
    text += ": ";
    text += f.message;
    if (!f.suggestions.empty()) {
      // People get the first few; the JSON report carries them all.
      constexpr std::size_t kShown = 4;
      text += f.suggestions.size() == 1 ? " Suggestion: " : " Suggestions: ";
      for (std::size_t i = 0; i < f.suggestions.size() && i < kShown; ++i) {
        if (i) text += "; ";
        text += f.suggestions[i];
      }
      if (f.suggestions.size() > kShown) {
        text += "; ... (";
        text += std::to_string(f.suggestions.size() - kShown);
        text += " more, see --format json)";
      }
    }
    text += '\n';
  }
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

void write_text_errors(std::ostream& out, std::string_view input, const std::vector<InputError>& errors) {
  for (const InputError& e : errors) {
    std::string line(input);
    line += ": ";
    line += to_string(e.severity);
    line += ' ';
    line += e.rule;
    if (!e.location.empty()) {
      line += " at ";
      line += e.location;
    }
    line += ": ";
    line += e.message;
    out << line << '\n';
  }
}

void write_text_summary(std::ostream& out, std::size_t inputs, const Counts& counts) {
  std::string s = "Summary: " + std::to_string(inputs) + (inputs == 1 ? " input, " : " inputs, ") +
                  std::to_string(counts.claims) + (counts.claims == 1 ? " claim: " : " claims: ") +
                  std::to_string(counts.accepted) + " accepted, " + std::to_string(counts.rejected) +
                  " rejected";
  if (counts.errors) s += ", " + std::to_string(counts.errors) + (counts.errors == 1 ? " input error" : " input errors");
  s += '\n';
  std::vector<std::string> parts;
  std::size_t total = 0;
  auto add_rule = [&](const std::string& rule, std::size_t n) {
    parts.push_back(rule + " " + std::to_string(n));
    total += n;
  };
  for (std::string_view id : all_rule_ids()) {
    auto it = counts.findings_by_rule.find(std::string(id));
    if (it != counts.findings_by_rule.end()) add_rule(it->first, it->second);
  }
  for (const auto& [rule, n] : counts.findings_by_rule) {
    bool listed = false;
    for (std::string_view id : all_rule_ids()) listed = listed || id == rule;
    if (!listed) add_rule(rule, n);
  }
  if (parts.empty()) {
    s += "Findings: none\n";
  } else {
    s += "Findings: " + std::to_string(total) + " (" + join(parts, ", ") + ")\n";
  }
  out << s;
}

std::string text_report(const std::vector<InputReport>& reports) { return text_report_of(reports); }

std::string text_report_single(const InputReport& report) {
  return text_report_of(std::array<std::reference_wrapper<const InputReport>, 1>{std::cref(report)});
}

}  // namespace dxs::pipeline
