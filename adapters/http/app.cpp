#include "adapters/http/app.hpp"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <map>

#include "adapters/pipeline/pipeline.hpp"
#include "core/screener.hpp"

namespace dxs::http {
namespace {

enum Endpoint {
  fhir_claim_validate,
  fhir_bundle_validate,
  fhir_validate,
  x12_837,
  v1_screen,
  v1_codes,
  livez,
  healthz,
  readyz,
  metrics,
};

struct Route {
  std::string_view path;
  Endpoint id;
  std::string_view method;
  BodyKind body;
};

constexpr Route kRoutes[] = {
    {"/fhir/Claim/$validate", fhir_claim_validate, "POST", BodyKind::fhir},
    {"/fhir/Bundle/$validate", fhir_bundle_validate, "POST", BodyKind::fhir},
    {"/fhir/$validate", fhir_validate, "POST", BodyKind::fhir},
    {"/x12/837", x12_837, "POST", BodyKind::x12},
    {"/v1/screen", v1_screen, "POST", BodyKind::any},
    {"/livez", livez, "GET", BodyKind::none},
    {"/healthz", healthz, "GET", BodyKind::none},
    {"/readyz", readyz, "GET", BodyKind::none},
    {"/metrics", metrics, "GET", BodyKind::none},
};
constexpr std::string_view kCodesPrefix = "/v1/codes/";

bool is_fhir(int id) { return id == fhir_claim_validate || id == fhir_bundle_validate || id == fhir_validate; }

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// "application/fhir+json; fhirVersion=4.0" -> "application/fhir+json"
std::string media_type_of(std::string_view header) {
  return lower(trim(header.substr(0, header.find(';'))));
}

enum class Encoding { none, json, xml };

Encoding fhir_encoding_of_media(std::string_view media) {
  if (media == "application/fhir+json" || media == "application/json" || media == "application/json+fhir" ||
      media == "json" || media == "application/fhir json") {
    return Encoding::json;
  }
  if (media == "application/fhir+xml" || media == "application/xml" || media == "text/xml" ||
      media == "application/xml+fhir" || media == "xml" || media == "application/fhir xml") {
    return Encoding::xml;
  }
  return Encoding::none;
}

// The best FHIR encoding an Accept header allows, Encoding::none when it names neither.
Encoding encoding_from_accept(std::string_view accept) {
  Encoding best = Encoding::none;
  double best_q = 0;
  while (!accept.empty()) {
    const auto comma = accept.find(',');
    const std::string_view item = accept.substr(0, comma);
    accept = comma == std::string_view::npos ? std::string_view() : accept.substr(comma + 1);
    double q = 1;
    if (const auto q_at = item.find(";q="); q_at != std::string_view::npos) {
      q = std::atof(std::string(item.substr(q_at + 3)).c_str());
    }
    const Encoding e = fhir_encoding_of_media(media_type_of(item));
    if (e != Encoding::none && q > best_q) {
      best = e;
      best_q = q;
    }
  }
  return best;
}

// _format overrides Accept; else the input's encoding.
Encoding response_encoding(const Request& request, Encoding input) {
  const std::string format = request.query_param("_format");
  if (!format.empty()) {
    const Encoding e = fhir_encoding_of_media(lower(trim(format)));
    if (e != Encoding::none) return e;
  }
  const Encoding accepted = encoding_from_accept(request.header("accept"));
  if (accepted != Encoding::none) return accepted;
  return input == Encoding::none ? Encoding::json : input;
}

Date today_utc() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  return Date::from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

std::string processing_time_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
                tm.tm_hour, tm.tm_min);
  return buffer;
}

std::string json_string(std::string_view text) {
  std::string out;
  pipeline::append_json_string(out, text);
  return out;
}

std::string xml_attribute(std::string_view text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

const char* issue_code(int status) {
  switch (status) {
    case 400: return "structure";
    case 404: return "not-found";
    case 405:
    case 415: return "not-supported";
    case 408: return "timeout";
    case 413:
    case 431: return "too-long";
    case 503: return "transient";
    default: return "exception";
  }
}

std::string operation_outcome(Encoding encoding, int status, std::string_view message) {
  const char* severity = status == 400 || status >= 500 ? "fatal" : "error";
  if (encoding == Encoding::xml) {
    return std::string("<OperationOutcome xmlns=\"http://hl7.org/fhir\"><issue><severity value=\"") + severity +
           "\"/><code value=\"" + issue_code(status) + "\"/><diagnostics value=\"" + xml_attribute(message) +
           "\"/></issue></OperationOutcome>";
  }
  return std::string("{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"") + severity +
         "\",\"code\":\"" + issue_code(status) + "\",\"diagnostics\":" + json_string(message) + "}]}";
}

std::string disposition_of(const pipeline::InputReport& report) {
  if (report.counts.rejected > 0 || report.verdict != pipeline::Verdict::accepted) return "rejected";
  if (report.counts.warnings > 0) return "accepted-with-warnings";
  return "accepted";
}

bool is_readable_date(std::string_view text) { return Date::parse_iso(text).has_value(); }

}  // namespace

std::string_view Request::header(std::string_view lower_name) const noexcept {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) return value;
  }
  return {};
}

std::string Request::query_param(std::string_view name) const {
  std::string_view rest = query;
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
    const auto eq = pair.find('=');
    if (percent_decode(pair.substr(0, eq)) == name) {
      return eq == std::string_view::npos ? std::string() : percent_decode(pair.substr(eq + 1));
    }
  }
  return {};
}

std::string percent_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  const auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '+') {
      out += ' ';
    } else if (text[i] == '%' && i + 2 < text.size() && hex(text[i + 1]) >= 0 && hex(text[i + 2]) >= 0) {
      out += static_cast<char>(hex(text[i + 1]) * 16 + hex(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string sniff_resource_type(std::string_view body, bool xml) {
  if (body.size() >= 3 && body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);
  std::size_t i = 0;
  const auto skip_blanks = [&] {
    while (i < body.size() && std::isspace(static_cast<unsigned char>(body[i]))) ++i;
  };
  if (xml) {
    for (;;) {
      skip_blanks();
      if (i >= body.size() || body[i] != '<') return {};
      if (body.substr(i, 2) == "<?") {
        const auto end = body.find("?>", i);
        if (end == std::string_view::npos) return {};
        i = end + 2;
      } else if (body.substr(i, 4) == "<!--") {
        const auto end = body.find("-->", i);
        if (end == std::string_view::npos) return {};
        i = end + 3;
      } else if (body.substr(i, 2) == "<!") {
        const auto end = body.find('>', i);
        if (end == std::string_view::npos) return {};
        i = end + 1;
      } else {
        break;
      }
    }
    std::size_t end = ++i;
    while (end < body.size() && !std::isspace(static_cast<unsigned char>(body[end])) && body[end] != '>' &&
           body[end] != '/') {
      ++end;
    }
    std::string_view name = body.substr(i, end - i);
    if (const auto colon = name.find(':'); colon != std::string_view::npos) name.remove_prefix(colon + 1);
    return std::string(name);
  }
  skip_blanks();
  if (i >= body.size() || body[i] != '{') return {};
  int depth = 0;
  bool expect_key = false;
  for (; i < body.size(); ++i) {
    const char c = body[i];
    if (c == '{') {
      ++depth;
      expect_key = depth == 1;
    } else if (c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (--depth == 0) return {};
    } else if (c == ',') {
      expect_key = depth == 1;
    } else if (c == '"') {
      const std::size_t start = ++i;
      while (i < body.size() && body[i] != '"') i += body[i] == '\\' ? 2 : 1;
      if (i >= body.size()) return {};
      const std::string_view text = body.substr(start, i - start);
      if (depth == 1 && expect_key) {
        expect_key = false;
        if (text != "resourceType") continue;
        ++i;
        skip_blanks();
        if (i >= body.size() || body[i] != ':') return {};
        ++i;
        skip_blanks();
        if (i >= body.size() || body[i] != '"') return {};
        const std::size_t value_start = ++i;
        while (i < body.size() && body[i] != '"' && body[i] != '\\') ++i;
        if (i >= body.size() || body[i] != '"') return {};
        return std::string(body.substr(value_start, i - value_start));
      }
    }
  }
  return {};
}

ScreeningApp::ScreeningApp(std::shared_ptr<pipeline::Engine> engine, Metrics& metrics, HttpConfig http,
                           std::function<bool()> draining)
    : engine_(std::move(engine)), metrics_(metrics), http_(std::move(http)), draining_(std::move(draining)) {}

RouteMatch ScreeningApp::match(std::string_view method, std::string_view raw_path) const {
  RouteMatch m;
  const std::string path = percent_decode(raw_path);
  for (const Route& r : kRoutes) {
    if (path == r.path) {
      m.route = std::string(r.path);
      m.found = true;
      m.id = r.id;
      m.body = r.body;
      m.allow = std::string(r.method);
      m.method_allowed = method == r.method;
      return m;
    }
  }
  if (path.size() > kCodesPrefix.size() && path.compare(0, kCodesPrefix.size(), kCodesPrefix) == 0 &&
      path.find('/', kCodesPrefix.size()) == std::string::npos) {
    m.route = "/v1/codes/{code}";
    m.found = true;
    m.id = v1_codes;
    m.body = BodyKind::none;
    m.allow = "GET";
    m.method_allowed = method == "GET";
    return m;
  }
  m.route = "unmatched";
  return m;
}

Response ScreeningApp::error(const RouteMatch& route, const Request& request, int status,
                             std::string_view message) const {
  Response r;
  r.status = status;
  if (is_fhir(route.id)) {
    const Encoding input = fhir_encoding_of_media(media_type_of(request.header("content-type")));
    const Encoding encoding = response_encoding(request, input);
    r.content_type = encoding == Encoding::xml ? "application/fhir+xml" : "application/fhir+json";
    r.body = operation_outcome(encoding, status, message);
    return r;
  }
  r.content_type = "application/json";
  r.body = "{\"error\":{\"status\":" + std::to_string(status) + ",\"message\":" + json_string(message) +
           ",\"request_id\":" + json_string(request.request_id) + "}}";
  return r;
}

Response ScreeningApp::handle(const RouteMatch& route, const Request& request) {
  switch (route.id) {
    case fhir_claim_validate:
    case fhir_bundle_validate:
    case fhir_validate: return fhir(route, request);
    case x12_837: return x12(request);
    case v1_screen: return screen_any(request);
    case v1_codes: return codes(request);
    case livez:
    case healthz: {
      Response r;
      r.content_type = "application/json";
      r.body = "{\"status\":\"ok\"}";
      return r;
    }
    case readyz: return ready_response();
    case metrics: {
      Response r;
      r.content_type = "text/plain; version=0.0.4; charset=utf-8";
      r.body = metrics_.render();
      return r;
    }
    default: return error(route, request, 404, "no such endpoint");
  }
}

namespace {

// Status, headers, log outcome and metrics of a screening that ran.
Response screening_response(const pipeline::InputReport& report, Metrics& metrics, int rejected_status) {
  Response r;
  const std::string disposition = disposition_of(report);
  r.status = disposition == "rejected" ? rejected_status : 200;
  r.content_type = report.media_type;
  r.body = report.response;
  r.headers.emplace_back("X-Screening-Disposition", disposition);
  r.headers.emplace_back("X-Rulepack-Version", report.code_set_version);
  r.outcome.claims = report.counts.claims;
  r.outcome.rejected = report.counts.rejected;
  r.outcome.disposition = disposition;
  r.outcome.format = report.format;
  std::map<std::pair<std::string, std::string>, std::uint64_t> findings;
  std::uint64_t accepted = 0, warned = 0, rejected = 0;
  for (const ClaimResult& result : report.results) {
    bool warning = false;
    for (const Finding& f : result.findings) {
      ++findings[{f.rule, to_string(f.severity)}];
      warning = warning || f.severity == Severity::warning;
      ++r.outcome.findings;
    }
    if (result.rejected) ++rejected;
    else if (warning) ++warned;
    else ++accepted;
  }
  metrics.record_claims("accepted", accepted);
  metrics.record_claims("accepted-with-warnings", warned);
  metrics.record_claims("rejected", rejected);
  for (const auto& [key, count] : findings) metrics.record_findings(key.first, key.second, count);
  return r;
}

// Acks carry the time x12.processing_time asks for: the 837's own (input), a fixed one (both
// applied by the pipeline when Request::processing_time is empty), or the time of the request (clock).
pipeline::Request pipeline_request(const pipeline::EngineState& state, const Request& request,
                                   pipeline::ResponseKind kind, pipeline::InputKind hint) {
  pipeline::Request p;
  p.bytes = request.body;
  p.input_name = "request";
  p.hint = hint;
  p.response = kind;
  p.options.default_date = today_utc();
  if (state.config.x12.processing_time_policy == pipeline::ProcessingTimePolicy::clock) {
    p.processing_time = processing_time_now();
  }
  return p;
}

}  // namespace

Response ScreeningApp::fhir(const RouteMatch& route, const Request& request) {
  const std::string media = media_type_of(request.header("content-type"));
  const Encoding input = fhir_encoding_of_media(media);
  if (input == Encoding::none) {
    return error(route, request, 415,
                 "Content-Type must be application/fhir+json or application/fhir+xml");
  }
  if (request.body.empty()) return error(route, request, 400, "empty request body");
  const std::string type = sniff_resource_type(request.body, input == Encoding::xml);
  if (!type.empty()) {
    const bool allowed = type == "Parameters" ||
                         (route.id == fhir_claim_validate && type == "Claim") ||
                         (route.id == fhir_bundle_validate && type == "Bundle") ||
                         (route.id == fhir_validate && (type == "Claim" || type == "Bundle"));
    if (!allowed) {
      const std::string expected = route.id == fhir_claim_validate    ? "a Claim or Parameters"
                                   : route.id == fhir_bundle_validate ? "a Bundle or Parameters"
                                                                      : "a Claim, Bundle or Parameters";
      return error(route, request, 400, "expected " + expected + " resource");
    }
  }
  const Encoding out = response_encoding(request, input);
  const auto state = engine_->state();
  const pipeline::InputReport report = pipeline::screen(
      *state, pipeline_request(*state, request,
                               out == Encoding::xml ? pipeline::ResponseKind::fhir_xml : pipeline::ResponseKind::fhir_json,
                               input == Encoding::xml ? pipeline::InputKind::fhir_xml : pipeline::InputKind::fhir_json));
  if (report.unreadable || report.usage_error) {
    Response r = report.response.empty() ? error(route, request, 400, "the request body is not a readable FHIR resource")
                                         : Response{};
    if (!report.response.empty()) {
      r.content_type = report.media_type;
      r.body = report.response;
    }
    r.status = 400;
    r.outcome.format = report.format;
    r.headers.emplace_back("X-Rulepack-Version", report.code_set_version);
    return r;
  }
  return screening_response(report, metrics_, http_.rejected_status);
}

Response ScreeningApp::x12(const Request& request) {
  const RouteMatch route = match("POST", "/x12/837");
  const std::string media = media_type_of(request.header("content-type"));
  if (media != "application/edi-x12" && media != "text/plain" && media != "application/x12") {
    return error(route, request, 415, "Content-Type must be application/edi-x12 or text/plain");
  }
  if (request.body.empty()) return error(route, request, 400, "empty request body");
  pipeline::ResponseKind kind = pipeline::ResponseKind::x12;
  const std::string ack = lower(request.query_param("ack"));
  if (ack == "999") {
    kind = pipeline::ResponseKind::x12_999;
  } else if (ack == "277ca") {
    kind = pipeline::ResponseKind::x12_277ca;
  } else if (!ack.empty() && ack != "both") {
    return error(route, request, 400, "ack must be 999, 277ca or both");
  }
  if (media_type_of(request.header("accept")) == "application/json") kind = pipeline::ResponseKind::json_report;
  const auto state = engine_->state();
  const pipeline::InputReport report =
      pipeline::screen(*state, pipeline_request(*state, request, kind, pipeline::InputKind::x12));
  if (report.unreadable || report.usage_error) {
    Response r;
    if (!report.response.empty()) {
      r.content_type = report.media_type;
      r.body = report.response;
    } else {
      r = error(route, request, 400, "the request body is not a readable X12 interchange");
    }
    r.status = 400;
    r.outcome.format = report.format;
    r.headers.emplace_back("X-Rulepack-Version", report.code_set_version);
    return r;
  }
  return screening_response(report, metrics_, http_.rejected_status);
}

Response ScreeningApp::screen_any(const Request& request) {
  const auto state = engine_->state();
  const pipeline::InputReport report =
      pipeline::screen(*state, pipeline_request(*state, request, pipeline::ResponseKind::json_report, pipeline::InputKind::unknown));
  if (report.unreadable || report.usage_error) {
    Response r;
    r.status = 400;
    r.content_type = "application/json";
    r.body = pipeline::json_report({report});
    r.outcome.format = report.format;
    r.headers.emplace_back("X-Rulepack-Version", report.code_set_version);
    return r;
  }
  Response r = screening_response(report, metrics_, http_.rejected_status);
  r.content_type = "application/json";
  r.body = pipeline::json_report({report});
  return r;
}

Response ScreeningApp::codes(const Request& request) {
  const RouteMatch route = match("GET", request.path);
  const std::string code = percent_decode(std::string_view(request.path).substr(kCodesPrefix.size()));
  Date date = today_utc();
  const std::string date_text = request.query_param("date");
  if (!date_text.empty()) {
    const auto parsed = Date::parse_iso(date_text);
    if (!parsed || !is_readable_date(date_text)) return error(route, request, 400, "date must be YYYY-MM-DD");
    date = *parsed;
  }
  if (code.empty() || code.size() > 16) return error(route, request, 400, "not an ICD-10-CM code");
  const auto state = engine_->state();
  const Explanation e = explain(*state->knowledge, code, date);
  std::string out = "{\"code\":" + json_string(e.code) + ",\"found\":" + (e.found ? "true" : "false") +
                    ",\"code_set\":" + json_string(e.code_set) + ",\"date\":" + json_string(date.iso());
  if (e.found) {
    out += ",\"title\":" + json_string(e.title) + ",\"short_title\":" + json_string(e.short_title) +
           ",\"billable\":" + (e.billable ? "true" : "false");
  }
  const auto code_list = [&](std::string_view key, const std::vector<ExplainCode>& list) {
    out += ",\"" + std::string(key) + "\":[";
    for (std::size_t i = 0; i < list.size(); ++i) {
      out += (i ? "," : "") + std::string("{\"code\":") + json_string(list[i].code) +
             ",\"title\":" + json_string(list[i].title) + ",\"billable\":" + (list[i].billable ? "true" : "false") + "}";
    }
    out += "]";
  };
  code_list("parents", e.parents);
  code_list("billable_children", e.billable_children);
  out += ",\"notes\":[";
  for (std::size_t i = 0; i < e.notes.size(); ++i) {
    const ExplainNote& n = e.notes[i];
    out += (i ? "," : "") + std::string("{\"kind\":") + json_string(n.kind) + ",\"at\":" + json_string(n.at) +
           ",\"text\":" + json_string(n.text) + ",\"target\":" + json_string(n.target) + "}";
  }
  out += "],\"rules\":[";
  for (std::size_t i = 0; i < e.rules.size(); ++i) {
    const ExplainRule& rule = e.rules[i];
    out += (i ? "," : "") + std::string("{\"id\":") + json_string(rule.id) + ",\"severity\":" +
           json_string(rule.severity) + ",\"basis\":" + json_string(rule.basis) +
           ",\"description\":" + json_string(rule.description) + "}";
  }
  out += "]";
  if (!e.message.empty()) out += ",\"message\":" + json_string(e.message);
  out += "}";
  Response r;
  r.status = e.found ? 200 : 404;
  r.content_type = "application/json";
  r.body = std::move(out);
  r.headers.emplace_back("X-Rulepack-Version", state->knowledge->version);
  return r;
}

std::string ScreeningApp::not_ready_reason() const {
  if (draining_ && draining_()) return "draining";
  const auto state = engine_->state();
  if (!state || !state->knowledge) return "no rule data loaded";
  const Knowledge& k = *state->knowledge;
  if (k.packs.empty()) return "no rule pack loaded";
  const Date today = today_utc();
  const bool covered = std::any_of(k.code_sets.begin(), k.code_sets.end(), [&](const auto& set) {
    return set && (!set->effective_from().known() || set->effective_from() <= today) &&
           (!set->effective_to().known() || today <= set->effective_to());
  });
  if (!covered) return "no ICD-10-CM code set covers today's date";
  // The probe asking is in flight itself.
  if (static_cast<std::size_t>(metrics_.inflight_requests.load()) > http_.max_inflight_requests) {
    return "overloaded";
  }
  return {};
}

Response ScreeningApp::ready_response() const {
  Response r;
  r.content_type = "application/json";
  const std::string reason = not_ready_reason();
  const auto state = engine_->state();
  const std::string version = state && state->knowledge ? state->knowledge->version : std::string();
  if (!reason.empty()) {
    r.status = 503;
    r.headers.emplace_back("Retry-After", std::to_string(http_.retry_after_seconds));
    r.body = "{\"status\":\"not-ready\",\"reason\":" + json_string(reason) + ",\"rulepack\":" + json_string(version) + "}";
    return r;
  }
  r.body = "{\"status\":\"ready\",\"version\":" + json_string(pipeline::version()) +
           ",\"rulepack\":" + json_string(version) + ",\"date\":" + json_string(today_utc().iso()) + "}";
  return r;
}

}  // namespace dxs::http
