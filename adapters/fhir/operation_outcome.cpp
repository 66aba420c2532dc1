#include "adapters/fhir/operation_outcome.hpp"

#include <algorithm>
#include <cstdio>

#include "adapters/fhir/input_text.hpp"

namespace dxs::fhir {
namespace {

// ---- element model and its two encodings ----------------------------------------------------

struct Element {
  enum class Kind { object, string, integer };
  std::string name;
  Kind kind = Kind::object;
  std::string value;
  std::string resource_type;  // set on objects that are resources
  bool array = false;         // JSON array member (XML repeats the element)
  std::vector<Element> children;

  Element& string(std::string child_name, std::string text, bool repeats = false) {
    Element e;
    e.name = std::move(child_name);
    e.kind = Kind::string;
    e.value = std::move(text);
    e.array = repeats;
    children.push_back(std::move(e));
    return *this;
  }
  Element& integer(std::string child_name, std::size_t number) {
    Element e;
    e.name = std::move(child_name);
    e.kind = Kind::integer;
    e.value = std::to_string(number);
    children.push_back(std::move(e));
    return *this;
  }
  Element& object(Element child, std::string child_name, bool repeats = false) {
    child.name = std::move(child_name);
    child.array = repeats;
    children.push_back(std::move(child));
    return *this;
  }
};

// Copies `text`, replacing bytes that are not valid UTF-8 by U+FFFD.
std::string valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  while (!text.empty()) {
    const auto bad = first_invalid_utf8(text);
    if (!bad) {
      out.append(text);
      break;
    }
    out.append(text.substr(0, *bad));
    out.append("\xEF\xBF\xBD");
    text.remove_prefix(*bad + 1);
  }
  return out;
}

// Escapes for FHIR JSON: '"', '\\', \n \r \t by name, other controls as \u00XX; bytes that
// are not valid UTF-8 become U+FFFD. Plain runs are copied whole.
void json_escaped(std::string& out, std::string_view text) {
  constexpr char kHex[] = "0123456789abcdef";
  const char* run = text.data();
  const char* const end = run + text.size();
  for (const char* p = run; p != end; ++p) {
    const auto c = static_cast<unsigned char>(*p);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(run, static_cast<std::size_t>(p - run));
    run = p + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: {
        const char unicode[6] = {'\\', 'u', '0', '0', kHex[c >> 4U], kHex[c & 0xFU]};
        out.append(unicode, sizeof unicode);
      }
    }
  }
  out.append(run, static_cast<std::size_t>(end - run));
}

void json_string(std::string& out, std::string_view raw) {
  out += '"';
  if (first_invalid_utf8(raw)) {
    json_escaped(out, valid_utf8(raw));
  } else {
    json_escaped(out, raw);
  }
  out += '"';
}

void json_value(std::string& out, const Element& e, std::size_t indent, bool compact);

void json_object(std::string& out, const Element& e, std::size_t indent, bool compact) {
  const std::string pad = compact ? std::string() : std::string(indent + 2, ' ');
  const char* newline = compact ? "" : "\n";
  out += "{";
  bool first = true;
  auto member = [&](std::string_view name) {
    out += first ? "" : ",";
    out += newline;
    first = false;
    out += pad;
    json_string(out, name);
    out += compact ? ":" : ": ";
  };
  if (!e.resource_type.empty()) {
    member("resourceType");
    json_string(out, e.resource_type);
  }
  for (std::size_t i = 0; i < e.children.size();) {
    const Element& child = e.children[i];
    member(child.name);
    if (!child.array) {
      json_value(out, child, indent + 2, compact);
      ++i;
      continue;
    }
    out += "[";
    std::size_t j = i;
    for (; j < e.children.size() && e.children[j].name == child.name; ++j) {
      out += j == i ? "" : ",";
      out += newline;
      if (!compact) out += std::string(indent + 4, ' ');
      json_value(out, e.children[j], indent + 4, compact);
    }
    out += newline + pad + "]";
    i = j;
  }
  if (!first && !compact) out += "\n" + std::string(indent, ' ');
  out += "}";
}

void json_value(std::string& out, const Element& e, std::size_t indent, bool compact) {
  switch (e.kind) {
    case Element::Kind::string: json_string(out, e.value); break;
    case Element::Kind::integer: out += e.value; break;
    case Element::Kind::object: json_object(out, e, indent, compact); break;
  }
}

void xml_attribute_text(std::string& out, std::string_view raw) {
  const std::string text = valid_utf8(raw);
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\n': out += "&#10;"; break;
      case '\r': out += "&#13;"; break;
      case '\t': out += "&#9;"; break;
      default:
        // Control characters cannot appear in XML 1.0 at all.
        if (static_cast<unsigned char>(c) < 0x20) {
          out += "\xEF\xBF\xBD";
        } else {
          out += c;
        }
    }
  }
}

void xml_children(std::string& out, const Element& e, std::size_t indent);

void xml_element(std::string& out, const Element& e, std::size_t indent) {
  const std::string pad(indent, ' ');
  if (e.kind != Element::Kind::object) {
    out += pad + "<" + e.name + " value=\"";
    xml_attribute_text(out, e.value);
    out += "\"/>\n";
    return;
  }
  out += pad + "<" + e.name;
  const bool is_extension = e.name == "extension";
  if (is_extension) {
    for (const Element& child : e.children) {
      if (child.name == "url" && child.kind == Element::Kind::string) {
        out += " url=\"";
        xml_attribute_text(out, child.value);
        out += "\"";
      }
    }
  }
  out += ">\n";
  if (!e.resource_type.empty()) {
    out += pad + "  <" + e.resource_type + ">\n";
    xml_children(out, e, indent + 4);
    out += pad + "  </" + e.resource_type + ">\n";
  } else {
    xml_children(out, e, indent + 2);
  }
  out += pad + "</" + e.name + ">\n";
}

void xml_children(std::string& out, const Element& e, std::size_t indent) {
  for (const Element& child : e.children) {
    if (e.name == "extension" && child.name == "url") continue;
    xml_element(out, child, indent);
  }
}

std::string encode(const Element& resource, Encoding encoding, bool single_line) {
  std::string out;
  if (encoding == Encoding::json) {
    json_object(out, resource, 0, single_line);
    out += "\n";
    return out;
  }
  out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<" + resource.resource_type + " xmlns=\"http://hl7.org/fhir\">\n";
  xml_children(out, resource, 2);
  out += "</" + resource.resource_type + ">\n";
  return out;
}

// ---- issues ---------------------------------------------------------------------------------

Element string_extension(std::string_view url, std::string value) {
  Element e;
  e.string("url", std::string(url)).string("valueString", std::move(value));
  return e;
}

Element integer_extension(std::string_view url, std::size_t value) {
  Element e;
  e.string("url", std::string(url)).integer("valueInteger", value);
  return e;
}

Element coding(std::string_view system, std::string_view code) {
  Element e;
  e.string("system", std::string(system)).string("code", std::string(code));
  return e;
}

bool looks_like_fhirpath(std::string_view text) noexcept {
  return !text.empty() && text.front() >= 'A' && text.front() <= 'Z' &&
         text.find(' ') == std::string_view::npos;
}

void add_unique(std::vector<std::string>& list, const std::string& value) {
  if (!value.empty() && std::find(list.begin(), list.end(), value) == list.end()) {
    list.push_back(value);
  }
}

Element finding_issue(const Finding& finding, const Claim& claim,
                      const std::vector<std::string>* notes, const std::string& line_expression) {
  Element issue;
  issue.string("severity", to_string(finding.severity));
  issue.string("code", std::string(issue_type_for(finding.rule, finding.severity)));

  bool principal = false;
  for (const int index : finding.diagnosis_indexes) {
    if (index >= 0 && static_cast<std::size_t>(index) < claim.diagnoses.size() &&
        claim.diagnoses[static_cast<std::size_t>(index)].role == DiagnosisRole::principal) {
      principal = true;
      break;
    }
  }
  Element details;
  details.object(coding(kRuleSystem, finding.rule), "coding", true);
  const X12Equivalent x12 = x12_equivalent(finding.rule, finding.severity, principal);
  if (!x12.category.empty()) {
    details.object(coding(kX12CategorySystem, x12.category), "coding", true);
    for (const std::string_view status : x12.statuses) {
      details.object(coding(kX12StatusSystem, status), "coding", true);
    }
  }
  details.string("text", finding.message);
  issue.object(std::move(details), "details");

  std::string diagnostics;
  if (!finding.suggestions.empty()) {
    diagnostics = "Suggestions: ";
    for (std::size_t i = 0; i < finding.suggestions.size(); ++i) {
      if (i != 0) diagnostics += "; ";
      diagnostics += finding.suggestions[i];
    }
  }
  // One expression per involved diagnosis (claim order), then what only the finding knows.
  std::vector<std::string> expressions;
  const bool site_rule = finding.rule == rule::site_specificity ||
                         finding.rule == rule::laterality_mismatch;
  for (const int index : finding.diagnosis_indexes) {
    if (index < 0 || static_cast<std::size_t>(index) >= claim.diagnoses.size()) continue;
    const auto position = static_cast<std::size_t>(index);
    const Diagnosis& diagnosis = claim.diagnoses[position];
    add_unique(expressions, diagnosis.location);
    if (site_rule) {
      for (const BodySite& site : diagnosis.body_sites) add_unique(expressions, site.location);
    }
    if (notes != nullptr && position < notes->size() && !(*notes)[position].empty() &&
        finding.rule == rule::reference_unresolved) {
      if (!diagnostics.empty()) diagnostics += " ";
      diagnostics += "Reference: " + (*notes)[position] + ".";
    }
  }
  if (!line_expression.empty()) {
    add_unique(expressions, line_expression);
  } else if (finding.line_index >= 0 &&
             static_cast<std::size_t>(finding.line_index) < claim.lines.size()) {
    add_unique(expressions, claim.lines[static_cast<std::size_t>(finding.line_index)].location);
  }
  if (expressions.empty() && looks_like_fhirpath(finding.location)) {
    add_unique(expressions, finding.location);
  }
  if (!diagnostics.empty()) issue.string("diagnostics", diagnostics);
  for (const std::string& expression : expressions) issue.string("expression", expression, true);
  return issue;
}

Element structure_issue(const InputError& error) {
  Element issue;
  if (error.line != 0) {
    issue.object(integer_extension(kIssueLineExtension, error.line), "extension", true);
    issue.object(integer_extension(kIssueColumnExtension, error.column), "extension", true);
  }
  issue.string("severity", to_string(error.severity));
  issue.string("code", "structure");
  Element details;
  details.object(coding(kRuleSystem, error.rule.empty() ? "fhir-structure" : error.rule), "coding",
                 true);
  details.string("text", error.message);
  issue.object(std::move(details), "details");
  if (error.line != 0) {
    issue.string("diagnostics", "line " + std::to_string(error.line) + ", column " +
                                    std::to_string(error.column) + ": " + error.message);
  }
  if (looks_like_fhirpath(error.location)) issue.string("expression", error.location, true);
  return issue;
}

Element all_ok_issue(const Claim* claim, bool with_expression) {
  Element issue;
  issue.string("severity", "information");
  issue.string("code", "informational");
  Element details;
  details.string("text", "No problems found");
  issue.object(std::move(details), "details");
  if (with_expression && claim != nullptr && looks_like_fhirpath(claim->location)) {
    issue.string("expression", claim->location, true);
  }
  return issue;
}

Element operation_outcome() {
  Element outcome;
  outcome.resource_type = "OperationOutcome";
  return outcome;
}

void add_header_extensions(Element& outcome, const Options& options, const ClaimOutcome* claim) {
  if (!options.rulepack_version.empty()) {
    outcome.object(string_extension(kRulePackExtension, options.rulepack_version), "extension", true);
  }
  if (claim == nullptr) return;
  if (claim->result != nullptr && !claim->result->code_set.empty()) {
    outcome.object(string_extension(kCodeSetExtension, claim->result->code_set), "extension", true);
  }
  if (claim->claim != nullptr) {
    if (!claim->claim->location.empty()) {
      outcome.object(string_extension(kScreenedResourceExtension, claim->claim->location),
                     "extension", true);
    }
    if (!claim->claim->id.empty()) {
      outcome.object(string_extension(kClaimIdExtension, claim->claim->id), "extension", true);
    }
  }
}

// For FHIR claims, the path of each pointer that names no diagnosis sequence, per line
// ("Claim.item[0].diagnosisSequence[2]"). The screener reports invalid pointers one finding
// each, in pointer order; when the counts of a line do not agree, that line gets no precise
// paths and its findings point at the whole pointer list.
std::vector<std::vector<std::string>> invalid_pointer_paths(const Claim& claim, const ClaimResult& result) {
  std::vector<std::vector<std::string>> paths(claim.lines.size());
  if (claim.format != InputFormat::fhir_json && claim.format != InputFormat::fhir_xml) return paths;
  std::vector<std::size_t> findings(claim.lines.size(), 0);
  for (const Finding& finding : result.findings) {
    if (finding.rule == rule::pointer_invalid && finding.line_index >= 0 &&
        static_cast<std::size_t>(finding.line_index) < claim.lines.size()) {
      ++findings[static_cast<std::size_t>(finding.line_index)];
    }
  }
  for (std::size_t l = 0; l < claim.lines.size(); ++l) {
    const ServiceLine& line = claim.lines[l];
    for (std::size_t p = 0; p < line.pointers.size(); ++p) {
      const bool known = std::any_of(claim.diagnoses.begin(), claim.diagnoses.end(),
                                     [&](const Diagnosis& d) { return d.sequence == line.pointers[p]; });
      if (!known) paths[l].push_back(line.location + "[" + std::to_string(p) + "]");
    }
    if (paths[l].size() != findings[l]) paths[l].clear();
  }
  return paths;
}

// Issues of one claim: its structure problems first, then the findings in screener order.
std::vector<Element> claim_issues(const ClaimOutcome& claim) {
  std::vector<Element> issues;
  if (claim.errors != nullptr) {
    for (const InputError& error : *claim.errors) issues.push_back(structure_issue(error));
  }
  if (claim.result != nullptr && claim.claim != nullptr) {
    const auto pointer_paths = invalid_pointer_paths(*claim.claim, *claim.result);
    std::vector<std::size_t> used(claim.claim->lines.size(), 0);
    for (const Finding& finding : claim.result->findings) {
      std::string line_expression;
      if (finding.rule == rule::pointer_invalid && finding.line_index >= 0) {
        const auto line = static_cast<std::size_t>(finding.line_index);
        if (line < pointer_paths.size() && used[line] < pointer_paths[line].size()) {
          line_expression = pointer_paths[line][used[line]++];
        }
      }
      issues.push_back(finding_issue(finding, *claim.claim, claim.reference_notes, line_expression));
    }
  }
  return issues;
}

Element claim_outcome(const ClaimOutcome& claim, const Options& options, bool in_collection) {
  Element outcome = operation_outcome();
  add_header_extensions(outcome, options, &claim);
  std::vector<Element> issues = claim_issues(claim);
  if (issues.empty()) issues.push_back(all_ok_issue(claim.claim, in_collection));
  for (Element& issue : issues) outcome.object(std::move(issue), "issue", true);
  return outcome;
}

// A Bundle (type collection) of one OperationOutcome per claim, encoded entry by entry: the
// same bytes as encoding the whole Bundle element, without holding every claim's elements.
std::string encode_bundle(const std::vector<ClaimOutcome>& claims, const Options& options,
                          bool compact) {
  std::string out;
  if (options.response_encoding == Encoding::xml) {
    out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Bundle xmlns=\"http://hl7.org/fhir\">\n";
    Element type;
    type.name = "type";
    type.kind = Element::Kind::string;
    type.value = "collection";
    xml_element(out, type, 2);
    for (const ClaimOutcome& claim : claims) {
      Element entry;
      entry.name = "entry";
      entry.object(claim_outcome(claim, options, true), "resource");
      xml_element(out, entry, 2);
    }
    out += "</Bundle>\n";
    return out;
  }
  const std::string_view newline = compact ? "" : "\n";
  const std::string_view pad = compact ? "" : "  ";
  const std::string_view colon = compact ? ":" : ": ";
  out += '{';
  out += newline;
  out += pad;
  json_string(out, "resourceType");
  out += colon;
  json_string(out, "Bundle");
  out += ',';
  out += newline;
  out += pad;
  json_string(out, "type");
  out += colon;
  json_string(out, "collection");
  out += ',';
  out += newline;
  out += pad;
  json_string(out, "entry");
  out += colon;
  out += '[';
  bool first = true;
  for (const ClaimOutcome& claim : claims) {
    if (!first) out += ',';
    first = false;
    out += newline;
    if (!compact) out += "    ";
    Element entry;
    entry.object(claim_outcome(claim, options, true), "resource");
    json_value(out, entry, 4, compact);
  }
  out += newline;
  out += pad;
  out += ']';
  if (!compact) out += '\n';
  out += "}\n";
  return out;
}

}  // namespace

std::string_view issue_type_for(std::string_view rule_id, Severity severity) noexcept {
  if (rule_id == rule::code_unknown || rule_id == rule::code_not_billable ||
      rule_id == rule::code_format) {
    return "code-invalid";
  }
  if (rule_id == rule::pointer_invalid || rule_id == rule::reference_unresolved) return "not-found";
  if (rule_id == rule::not_screenable) return "not-supported";
  if (rule_id == "fhir-structure") return "structure";
  if (rule_id == rule::excludes1 || rule_id == rule::unspecified_with_specified ||
      rule_id == rule::multiple_sites_with_specific || rule_id == rule::site_specificity ||
      rule_id == rule::laterality_mismatch || rule_id == rule::manifestation_principal ||
      rule_id == rule::code_first_sequence || rule_id == rule::duplicate_code ||
      rule_id == rule::code_set_stale) {
    return "business-rule";
  }
  return severity == Severity::information ? "informational" : "business-rule";
}

X12Equivalent x12_equivalent(std::string_view rule_id, Severity severity, bool principal) {
  X12Equivalent x12;
  if (severity != Severity::error && severity != Severity::fatal) return x12;
  const std::string_view diagnosis = principal ? "254" : "255";
  if (rule_id == rule::code_unknown || rule_id == rule::code_format) {
    x12 = {"A7", {diagnosis}};
  } else if (rule_id == rule::code_not_billable) {
    x12 = {"A7", {diagnosis, "772"}};
  } else if (rule_id == rule::excludes1) {
    x12 = {"A8", {"255", "732"}};  // a relation between two codes: 255 like the 277CA (responses.md 5)
  } else if (rule_id == rule::unspecified_with_specified ||
             rule_id == rule::multiple_sites_with_specific || rule_id == rule::site_specificity) {
    x12 = {"A7", {diagnosis, "772"}};
  } else if (rule_id == rule::manifestation_principal || rule_id == rule::laterality_mismatch ||
             rule_id == rule::code_first_sequence || rule_id == rule::duplicate_code ||
             rule_id == rule::not_screenable) {
    x12 = {"A7", {diagnosis, "732"}};
  } else if (rule_id == rule::pointer_invalid) {
    x12 = {"A7", {"488"}};
  } else if (rule_id == rule::reference_unresolved) {
    x12 = {"A6", {diagnosis}};
  }
  return x12;
}

std::string write_claim_outcomes(const std::vector<ClaimOutcome>& claims, const Options& options,
                                 bool several_as_bundle, bool single_line) {
  if (claims.size() == 1) {
    return encode(claim_outcome(claims.front(), options, false), options.response_encoding, single_line);
  }
  if (several_as_bundle && options.response_bundle) {
    return encode_bundle(claims, options, single_line);
  }
  Element outcome = operation_outcome();
  add_header_extensions(outcome, options, nullptr);
  std::vector<Element> issues;
  for (const ClaimOutcome& claim : claims) {
    for (Element& issue : claim_issues(claim)) issues.push_back(std::move(issue));
  }
  if (issues.empty()) issues.push_back(all_ok_issue(nullptr, false));
  for (Element& issue : issues) outcome.object(std::move(issue), "issue", true);
  return encode(outcome, options.response_encoding, single_line);
}

std::string write_structure_outcome(const std::vector<InputError>& errors, const Options& options,
                                    bool single_line) {
  Element outcome = operation_outcome();
  add_header_extensions(outcome, options, nullptr);
  for (const InputError& error : errors) outcome.object(structure_issue(error), "issue", true);
  if (errors.empty()) outcome.object(all_ok_issue(nullptr, false), "issue", true);
  return encode(outcome, options.response_encoding, single_line);
}

}  // namespace dxs::fhir
