// conf/dxscreen.json: RapidJSON SAX (comments allowed) into a line-annotated tree, then typed
// sections. Every problem is a ConfigError "file:line: problem".
#include <rapidjson/error/en.h>
#include <rapidjson/reader.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "adapters/pipeline/pipeline.hpp"

namespace dxs::pipeline {
namespace {

// An input stream for rapidjson::Reader that counts lines.
class LineStream {
 public:
  using Ch = char;
  explicit LineStream(std::string_view text) : begin_(text.data()), pos_(text.data()), end_(text.data() + text.size()) {}
  Ch Peek() const { return pos_ < end_ ? *pos_ : '\0'; }
  Ch Take() {
    if (pos_ >= end_) return '\0';
    const char c = *pos_++;
    if (c == '\n') ++line_;
    return c;
  }
  std::size_t Tell() const { return static_cast<std::size_t>(pos_ - begin_); }
  Ch* PutBegin() { return nullptr; }
  void Put(Ch) {}
  void Flush() {}
  std::size_t PutEnd(Ch*) { return 0; }
  [[nodiscard]] std::size_t line() const { return line_; }

 private:
  const char* begin_;
  const char* pos_;
  const char* end_;
  std::size_t line_ = 1;
};

class TreeBuilder : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, TreeBuilder> {
 public:
  explicit TreeBuilder(const LineStream& stream) : stream_(stream) {}
  ConfigValue root;
  std::string error;
  std::size_t error_line = 0;

  bool Null() { return add(ConfigValue::Type::null) != nullptr; }
  bool Bool(bool b) {
    ConfigValue* v = add(ConfigValue::Type::boolean);
    if (v) v->boolean = b;
    return v != nullptr;
  }
  bool Int(int i) { return integer(i); }
  bool Uint(unsigned u) { return integer(u); }
  bool Int64(std::int64_t i) { return integer(i); }
  bool Uint64(std::uint64_t u) {
    if (u > static_cast<std::uint64_t>(INT64_MAX)) return Double(static_cast<double>(u));
    return integer(static_cast<std::int64_t>(u));
  }
  bool Double(double d) {
    ConfigValue* v = add(ConfigValue::Type::number);
    if (v) v->number = d;
    return v != nullptr;
  }
  bool String(const char* s, rapidjson::SizeType n, bool) {
    ConfigValue* v = add(ConfigValue::Type::string);
    if (v) v->string.assign(s, n);
    return v != nullptr;
  }
  bool StartObject() { return open(ConfigValue::Type::object); }
  bool Key(const char* s, rapidjson::SizeType n, bool) {
    std::string key(s, n);
    for (const auto& m : stack_.back()->members) {
      if (m.first == key) {
        error = "duplicate key \"" + key + "\"";
        error_line = stream_.line();
        return false;
      }
    }
    pending_key_ = std::move(key);
    pending_key_line_ = stream_.line();
    return true;
  }
  bool EndObject(rapidjson::SizeType) {
    stack_.pop_back();
    return true;
  }
  bool StartArray() { return open(ConfigValue::Type::array); }
  bool EndArray(rapidjson::SizeType) {
    stack_.pop_back();
    return true;
  }

 private:
  bool integer(std::int64_t i) {
    ConfigValue* v = add(ConfigValue::Type::number);
    if (!v) return false;
    v->number = static_cast<double>(i);
    v->is_integer = true;
    v->integer = i;
    return true;
  }
  bool open(ConfigValue::Type type) {
    ConfigValue* v = add(type);
    if (!v) return false;
    if (stack_.size() >= 64) {
      error = "nesting deeper than 64 levels";
      error_line = stream_.line();
      return false;
    }
    stack_.push_back(v);
    return true;
  }
  ConfigValue* add(ConfigValue::Type type) {
    ConfigValue* v = nullptr;
    if (stack_.empty()) {
      if (have_root_) return nullptr;
      have_root_ = true;
      v = &root;
    } else if (stack_.back()->type == ConfigValue::Type::array) {
      v = &stack_.back()->items.emplace_back();
    } else {
      auto& member = stack_.back()->members.emplace_back(std::move(pending_key_), ConfigValue{});
      v = &member.second;
      v->key_line = pending_key_line_;
    }
    v->type = type;
    v->line = stream_.line();
    return v;
  }

  const LineStream& stream_;
  std::vector<ConfigValue*> stack_;
  std::string pending_key_;
  std::size_t pending_key_line_ = 0;
  bool have_root_ = false;
};

std::size_t line_of_offset(std::string_view text, std::size_t offset) {
  std::size_t line = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i)
    if (text[i] == '\n') ++line;
  return line;
}

class SectionReader {
 public:
  SectionReader(const std::string& source, const ConfigValue& object, std::string path)
      : source_(source), object_(object), path_(std::move(path)) {}

  [[noreturn]] void fail(std::size_t line, const std::string& message) const {
    throw ConfigError(source_ + ":" + std::to_string(line) + ": " + message);
  }
  std::string name(std::string_view key) const { return path_.empty() ? std::string(key) : path_ + "." + std::string(key); }

  // Rejects keys not in `allowed`.
  void only(std::initializer_list<std::string_view> allowed) const {
    for (const auto& [key, value] : object_.members) {
      bool ok = false;
      for (auto a : allowed) ok = ok || key == a;
      if (!ok) {
        std::string list;
        for (auto a : allowed) {
          if (!list.empty()) list += ", ";
          list += a;
        }
        fail(value.key_line, "unknown key \"" + name(key) + "\" (expected one of: " + list + ")");
      }
    }
  }
  const ConfigValue* get(std::string_view key, ConfigValue::Type type, const char* type_name) const {
    const ConfigValue* v = object_.find(key);
    if (v && v->type != type) fail(v->line, "\"" + name(key) + "\" must be " + type_name);
    return v;
  }
  void boolean(std::string_view key, bool* out) const {
    if (auto* v = get(key, ConfigValue::Type::boolean, "true or false")) *out = v->boolean;
  }
  const ConfigValue* string(std::string_view key, std::string* out) const {
    auto* v = get(key, ConfigValue::Type::string, "a string");
    if (v) *out = v->string;
    return v;
  }
  template <typename T>
  void integer(std::string_view key, T* out, std::int64_t min, std::int64_t max) const {
    const ConfigValue* v = object_.find(key);
    if (!v) return;
    if (v->type != ConfigValue::Type::number || !v->is_integer || v->integer < min || v->integer > max)
      fail(v->line, "\"" + name(key) + "\" must be an integer from " + std::to_string(min) + " to " +
                        std::to_string(max));
    *out = static_cast<T>(v->integer);
  }
  const ConfigValue* object(std::string_view key) const {
    return get(key, ConfigValue::Type::object, "an object");
  }
  const std::string& source() const { return source_; }

 private:
  const std::string& source_;
  const ConfigValue& object_;
  std::string path_;
};

void read_mappings(const SectionReader& r, const std::filesystem::path& base, MappingsConfig* out) {
  r.only({"dir"});
  std::string dir;
  if (r.string("dir", &dir) && !dir.empty()) {
    std::filesystem::path p(dir);
    out->dir = p.is_absolute() ? p : (base / p).lexically_normal();
  }
}

void read_rules(const std::string& source, const ConfigValue& rules, std::vector<RuleOverride>* out) {
  SectionReader top(source, rules, "rules");
  for (const auto& [id, spec] : rules.members) {
    bool known = false;
    for (auto rid : all_rule_ids()) known = known || rid == id;
    if (!known) top.fail(spec.key_line, "unknown rule id \"" + id + "\" in \"rules\"");
    if (spec.type != ConfigValue::Type::object)
      top.fail(spec.line, "\"rules." + id + "\" must be an object like {\"severity\": \"warning\"}");
    SectionReader r(source, spec, "rules." + id);
    r.only({"severity", "enabled"});
    RuleOverride o;
    o.id = id;
    std::string severity;
    if (const ConfigValue* v = r.string("severity", &severity)) {
      Severity s{};
      if (!parse_severity(severity, &s) || s == Severity::fatal)
        r.fail(v->line, "\"rules." + id + ".severity\" must be \"error\", \"warning\" or \"information\"");
      o.severity = s;
    }
    bool enabled = true;
    if (spec.find("enabled")) {
      r.boolean("enabled", &enabled);
      o.enabled = enabled;
    }
    out->push_back(std::move(o));
  }
}

void read_screening(const SectionReader& r, ScreeningConfig* out) {
  r.only({"strict", "payer_front_end", "default_date"});
  r.boolean("strict", &out->strict);
  r.boolean("payer_front_end", &out->payer_front_end);
  std::string date;
  if (const ConfigValue* v = r.string("default_date", &date)) {
    if (date == "today") {
      out->default_date_policy = DatePolicy::today;
    } else if (auto d = Date::parse_iso(date); d && date.size() == 10) {
      out->default_date_policy = DatePolicy::fixed;
      out->default_date = *d;
    } else {
      r.fail(v->line, "\"screening.default_date\" must be \"today\" or a date YYYY-MM-DD");
    }
  }
}

void read_x12(const SectionReader& r, X12Config* out) {
  r.only({"sender_qualifier", "sender_id", "sender_name", "control_numbers",
          "interchange_control_number", "group_control_number", "processing_time", "emit_ref_1k",
          "emit_ref_d9", "nonbillable_secondary"});
  auto check_element = [&](const ConfigValue* v, const std::string& text, const char* key,
                           std::size_t min, std::size_t max, const char* what) {
    if (!v) return;
    if (text.size() < min || text.size() > max)
      r.fail(v->line, std::string("\"x12.") + key + "\" must be " + what);
    for (char c : text)
      if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7E || c == '*' ||
          c == '~' || c == ':' || c == '^' || c == '|')
        r.fail(v->line, std::string("\"x12.") + key +
                            "\" holds a character that cannot appear in an X12 element");
  };
  check_element(r.string("sender_qualifier", &out->sender_qualifier), out->sender_qualifier,
                "sender_qualifier", 2, 2, "2 characters (ISA05), e.g. \"ZZ\"");
  check_element(r.string("sender_id", &out->sender_id), out->sender_id, "sender_id", 1, 15,
                "1 to 15 characters (ISA06)");
  check_element(r.string("sender_name", &out->sender_name), out->sender_name, "sender_name", 1, 60,
                "1 to 60 characters (277CA NM103)");
  std::string policy;
  if (const ConfigValue* v = r.string("control_numbers", &policy)) {
    if (policy == "derived") out->control_numbers = ControlNumberPolicy::derived;
    else if (policy == "configured") out->control_numbers = ControlNumberPolicy::configured;
    else r.fail(v->line, "\"x12.control_numbers\" must be \"derived\" or \"configured\"");
  }
  r.integer("interchange_control_number", &out->interchange_control_number, 1, 999999999);
  r.integer("group_control_number", &out->group_control_number, 1, 999999999);
  std::string time;
  Date time_date;
  int time_hhmm = 0;
  if (const ConfigValue* v = r.string("processing_time", &time)) {
    if (time == "input") {
      out->processing_time_policy = ProcessingTimePolicy::input;
    } else if (time == "clock") {
      out->processing_time_policy = ProcessingTimePolicy::clock;
    } else if (parse_processing_time(time, &time_date, &time_hhmm)) {
      out->processing_time_policy = ProcessingTimePolicy::fixed;
      out->processing_time = time;
    } else {
      r.fail(v->line, "\"x12.processing_time\" must be \"input\", \"clock\" or YYYY-MM-DDTHH:MM");
    }
  }
  r.boolean("emit_ref_1k", &out->emit_ref_1k);
  r.boolean("emit_ref_d9", &out->emit_ref_d9);
  if (const ConfigValue* v = r.string("nonbillable_secondary", &out->nonbillable_secondary)) {
    const auto& n = out->nonbillable_secondary;
    if (n != "772" && n != "21" && !n.empty())
      r.fail(v->line, "\"x12.nonbillable_secondary\" must be \"772\", \"21\" or \"\"");
  }
}

void read_fhir(const SectionReader& r, FhirConfig* out) {
  r.only({"response_bundle", "response_encoding"});
  r.boolean("response_bundle", &out->response_bundle);
  std::string enc;
  if (const ConfigValue* v = r.string("response_encoding", &enc)) {
    if (enc == "input") out->response_encoding = FhirEncodingPolicy::input;
    else if (enc == "json") out->response_encoding = FhirEncodingPolicy::json;
    else if (enc == "xml") out->response_encoding = FhirEncodingPolicy::xml;
    else r.fail(v->line, "\"fhir.response_encoding\" must be \"input\", \"json\" or \"xml\"");
  }
}

void read_limits(const SectionReader& r, LimitsConfig* out) {
  r.only({"max_input_bytes", "max_stream_bytes", "max_claims", "max_depth", "max_array_items",
          "max_segment_bytes", "max_diagnoses", "max_lines_per_claim", "max_line_bytes",
          "max_errors"});
  r.integer("max_input_bytes", &out->max_input_bytes, 1, INT64_MAX);
  r.integer("max_stream_bytes", &out->max_stream_bytes, 0, INT64_MAX);
  r.integer("max_claims", &out->max_claims, 0, INT64_MAX);
  r.integer("max_depth", &out->max_depth, 2, 10000);
  r.integer("max_array_items", &out->max_array_items, 1, UINT32_MAX);
  r.integer("max_segment_bytes", &out->max_segment_bytes, 106, UINT32_MAX);
  r.integer("max_diagnoses", &out->max_diagnoses, 1, 100000);
  r.integer("max_lines_per_claim", &out->max_lines_per_claim, 1, UINT32_MAX);
  r.integer("max_line_bytes", &out->max_line_bytes, 16, UINT32_MAX);
  r.integer("max_errors", &out->max_errors, 1, UINT32_MAX);
}

void append_value_json(std::string& out, const ConfigValue& v) {
  switch (v.type) {
    case ConfigValue::Type::null: out += "null"; break;
    case ConfigValue::Type::boolean: out += v.boolean ? "true" : "false"; break;
    case ConfigValue::Type::number:
      if (v.is_integer) {
        out += std::to_string(v.integer);
      } else {
        std::ostringstream s;
        s.precision(17);
        s << v.number;
        out += s.str();
      }
      break;
    case ConfigValue::Type::string: append_json_string(out, v.string); break;
    case ConfigValue::Type::array: {
      out += '[';
      for (std::size_t i = 0; i < v.items.size(); ++i) {
        if (i) out += ',';
        append_value_json(out, v.items[i]);
      }
      out += ']';
      break;
    }
    case ConfigValue::Type::object: {
      out += '{';
      for (std::size_t i = 0; i < v.members.size(); ++i) {
        if (i) out += ',';
        append_json_string(out, v.members[i].first);
        out += ':';
        append_value_json(out, v.members[i].second);
      }
      out += '}';
      break;
    }
  }
}

std::filesystem::path exe_dir() {
  std::error_code ec;
  auto p = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::path() : p.parent_path();
}

}  // namespace

bool parse_processing_time(std::string_view text, Date* date, int* hhmm) noexcept {
  if (text.size() != 16 || text[10] != 'T' || text[13] != ':') return false;
  const auto day = Date::parse_iso(text.substr(0, 10));
  if (!day) return false;
  int digits[4];
  const std::size_t at[4] = {11, 12, 14, 15};
  for (int i = 0; i < 4; ++i) {
    const char c = text[at[i]];
    if (c < '0' || c > '9') return false;
    digits[i] = c - '0';
  }
  const int hours = digits[0] * 10 + digits[1], minutes = digits[2] * 10 + digits[3];
  if (hours > 23 || minutes > 59) return false;
  *date = *day;
  *hhmm = hours * 100 + minutes;
  return true;
}

const ConfigValue* ConfigValue::find(std::string_view key) const noexcept {
  for (const auto& m : members)
    if (m.first == key) return &m.second;
  return nullptr;
}

std::string ConfigValue::to_json() const {
  std::string out;
  append_value_json(out, *this);
  return out;
}

const ConfigValue* Config::section(std::string_view name) const noexcept {
  auto it = sections.find(name);
  return it == sections.end() ? nullptr : &it->second;
}

Config parse_config(std::string_view text, const std::string& source_name) {
  Config config;
  config.source = source_name;
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  LineStream stream(text);
  TreeBuilder builder(stream);
  rapidjson::Reader reader;
  constexpr unsigned kFlags = rapidjson::kParseCommentsFlag | rapidjson::kParseIterativeFlag |
                              rapidjson::kParseStopWhenDoneFlag;
  const rapidjson::ParseResult ok = reader.Parse<kFlags>(stream, builder);
  if (!ok) {
    if (!builder.error.empty())
      throw ConfigError(source_name + ":" + std::to_string(builder.error_line) + ": " + builder.error);
    throw ConfigError(source_name + ":" + std::to_string(line_of_offset(text, ok.Offset())) +
                      ": invalid JSON: " + rapidjson::GetParseError_En(ok.Code()));
  }
  // Only blanks and comments may follow the top-level object.
  {
    std::size_t at = stream.Tell();
    std::string_view rest = text.substr(at);
    std::size_t i = 0;
    while (i < rest.size()) {
      const char c = rest[i];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') { ++i; continue; }
      if (rest.substr(i, 2) == "//") {
        while (i < rest.size() && rest[i] != '\n') ++i;
        continue;
      }
      if (rest.substr(i, 2) == "/*") {
        const auto end = rest.find("*/", i + 2);
        if (end == std::string_view::npos) break;
        i = end + 2;
        continue;
      }
      throw ConfigError(source_name + ":" + std::to_string(line_of_offset(text, at + i)) +
                        ": unexpected text after the configuration object");
    }
  }
  const ConfigValue& root = builder.root;
  SectionReader top(source_name, root, "");
  if (root.type != ConfigValue::Type::object) top.fail(root.line, "the configuration must be a JSON object");
  top.only({"mappings", "rules", "screening", "x12", "fhir", "limits", "http", "tls", "log"});

  std::filesystem::path base = std::filesystem::path(source_name).parent_path();
  if (const ConfigValue* v = top.object("mappings")) read_mappings(SectionReader(source_name, *v, "mappings"), base, &config.mappings);
  if (const ConfigValue* v = top.object("rules")) read_rules(source_name, *v, &config.rules);
  if (const ConfigValue* v = top.object("screening")) read_screening(SectionReader(source_name, *v, "screening"), &config.screening);
  if (const ConfigValue* v = top.object("x12")) read_x12(SectionReader(source_name, *v, "x12"), &config.x12);
  if (const ConfigValue* v = top.object("fhir")) read_fhir(SectionReader(source_name, *v, "fhir"), &config.fhir);
  if (const ConfigValue* v = top.object("limits")) read_limits(SectionReader(source_name, *v, "limits"), &config.limits);
  for (const char* name : {"http", "tls", "log"}) {
    if (const ConfigValue* v = top.object(name)) config.sections.emplace(name, *v);
  }
  return config;
}

Config load_config(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ConfigError(file.string() + ":0: cannot read the configuration file");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw ConfigError(file.string() + ":0: cannot read the configuration file");
  return parse_config(text.str(), file.string());
}

std::filesystem::path default_config_path() {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (const char* env = std::getenv("DXSCREEN_CONFIG"); env && *env) return fs::path(env);
  const fs::path dir = exe_dir();
  std::vector<fs::path> candidates;
  if (!dir.empty()) {
    candidates.push_back(dir / ".." / "etc" / "dxscreen" / "dxscreen.json");
    candidates.push_back(dir / "conf" / "dxscreen.json");
  }
#ifdef DXS_DEFAULT_CONFIG_FILE
  candidates.emplace_back(DXS_DEFAULT_CONFIG_FILE);
#endif
  for (const auto& c : candidates)
    if (fs::is_regular_file(c, ec)) return c.lexically_normal();
  return {};
}

std::string effective_config_json(const Config& c) {
  std::string out = "{\n  \"mappings\": {\"dir\": ";
  append_json_string(out, c.mappings.dir.string());
  out += "},\n  \"rules\": {";
  for (std::size_t i = 0; i < c.rules.size(); ++i) {
    const RuleOverride& o = c.rules[i];
    if (i) out += ", ";
    append_json_string(out, o.id);
    out += ": {";
    bool comma = false;
    if (o.severity) {
      out += "\"severity\": ";
      append_json_string(out, to_string(*o.severity));
      comma = true;
    }
    if (o.enabled) {
      if (comma) out += ", ";
      out += std::string("\"enabled\": ") + (*o.enabled ? "true" : "false");
    }
    out += "}";
  }
  out += "},\n  \"screening\": {\"strict\": ";
  out += c.screening.strict ? "true" : "false";
  out += ", \"payer_front_end\": ";
  out += c.screening.payer_front_end ? "true" : "false";
  out += ", \"default_date\": ";
  append_json_string(out, c.screening.default_date_policy == DatePolicy::today ? std::string("today")
                                                                             : c.screening.default_date.iso());
  out += "},\n  \"x12\": {\"sender_qualifier\": ";
  append_json_string(out, c.x12.sender_qualifier);
  out += ", \"sender_id\": ";
  append_json_string(out, c.x12.sender_id);
  out += ", \"sender_name\": ";
  append_json_string(out, c.x12.sender_name);
  out += ", \"control_numbers\": ";
  out += c.x12.control_numbers == ControlNumberPolicy::derived ? "\"derived\"" : "\"configured\"";
  out += ", \"interchange_control_number\": " + std::to_string(c.x12.interchange_control_number);
  out += ", \"group_control_number\": " + std::to_string(c.x12.group_control_number);
  out += ", \"processing_time\": ";
  append_json_string(out, c.x12.processing_time_policy == ProcessingTimePolicy::input   ? std::string("input")
                          : c.x12.processing_time_policy == ProcessingTimePolicy::clock ? std::string("clock")
                                                                                        : c.x12.processing_time);
  out += std::string(", \"emit_ref_1k\": ") + (c.x12.emit_ref_1k ? "true" : "false");
  out += std::string(", \"emit_ref_d9\": ") + (c.x12.emit_ref_d9 ? "true" : "false");
  out += ", \"nonbillable_secondary\": ";
  append_json_string(out, c.x12.nonbillable_secondary);
  out += "},\n  \"fhir\": {\"response_bundle\": ";
  out += c.fhir.response_bundle ? "true" : "false";
  out += ", \"response_encoding\": ";
  out += c.fhir.response_encoding == FhirEncodingPolicy::input  ? "\"input\""
         : c.fhir.response_encoding == FhirEncodingPolicy::json ? "\"json\""
                                                                 : "\"xml\"";
  out += "},\n  \"limits\": {\"max_input_bytes\": " + std::to_string(c.limits.max_input_bytes);
  out += ", \"max_stream_bytes\": " + std::to_string(c.limits.max_stream_bytes);
  out += ", \"max_claims\": " + std::to_string(c.limits.max_claims);
  out += ", \"max_depth\": " + std::to_string(c.limits.max_depth);
  out += ", \"max_array_items\": " + std::to_string(c.limits.max_array_items);
  out += ", \"max_segment_bytes\": " + std::to_string(c.limits.max_segment_bytes);
  out += ", \"max_diagnoses\": " + std::to_string(c.limits.max_diagnoses);
  out += ", \"max_lines_per_claim\": " + std::to_string(c.limits.max_lines_per_claim);
  out += ", \"max_line_bytes\": " + std::to_string(c.limits.max_line_bytes);
  out += ", \"max_errors\": " + std::to_string(c.limits.max_errors);
  out += "}";
  for (const auto& [name, value] : c.sections) {
    out += ",\n  ";
    append_json_string(out, name);
    out += ": ";
    out += value.to_json();
  }
  out += "\n}\n";
  return out;
}

}  // namespace dxs::pipeline
