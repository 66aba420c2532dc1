// parse_rule_pack (declared in mappings.hpp): mappings/rulepacks/*.json -> dxs::RulePack.
// Schema: mappings/README.md. Every problem names source:line:column.
#include <algorithm>
#include <array>
#include <set>

#include "adapters/mappings/json_tree.hpp"
#include "adapters/mappings/mappings.hpp"
#include "adapters/mappings/note_sources.hpp"
#include "core/finding.hpp"
#include "core/icd10cm_code.hpp"

namespace dxs::mappings {
namespace {

constexpr std::array<std::string_view, 23> canonical_site_keys = {
    "shoulder", "upper_arm", "elbow", "forearm", "wrist", "hand",    "finger", "hip",
    "thigh",    "knee",      "lower_leg", "ankle", "foot", "toe",     "head",   "neck",
    "back",     "trunk",     "chest", "abdomen", "pelvis", "spine", "jaw"};

class PackReader {
 public:
  PackReader(std::string_view json, std::string_view source) : json_(json), source_(source) {}

  Result<RulePack> read(const JsonValue& root) {
    RulePack pack;
    pack.source = std::string(source_);
    if (!expect(root, JsonValue::Kind::object, "the rule pack")) return error_;
    if (!known_keys(root, {"id", "version", "title", "rules", "sites", "code_first", "manifestation",
                           "extra_edges", "comment"})) {
      return error_;
    }
    if (!required_string(root, "id", pack.id) || !required_string(root, "version", pack.version) ||
        !required_string(root, "title", pack.title) || !comment(root)) {
      return error_;
    }
    const JsonValue& id = *member(root, "id");
    if (!valid_pack_id(pack.id)) return fail(id, "pack id \"" + pack.id + "\" must be lower-case letters, digits and '-'");
    const JsonValue& version = *member(root, "version");
    if (!valid_version(pack.version)) return fail(version, "version \"" + pack.version + "\" is not MAJOR.MINOR.PATCH");

    if (const JsonValue* rules = member(root, "rules")) {
      if (!expect(*rules, JsonValue::Kind::array, "\"rules\"")) return error_;
      std::set<std::string> seen;
      for (const JsonValue& item : rules->items) {
        RuleSpec spec;
        if (!rule(item, spec)) return error_;
        if (!seen.insert(spec.id).second) return fail(*member(item, "id"), "rule \"" + spec.id + "\" is defined twice in this pack");
        pack.rules.push_back(std::move(spec));
      }
    }
    if (const JsonValue* sites = member(root, "sites")) {
      if (!expect(*sites, JsonValue::Kind::array, "\"sites\"")) return error_;
      std::set<std::string> seen;
      for (const JsonValue& item : sites->items) {
        SiteCode site;
        if (!site_code(item, site)) return error_;
        if (!seen.insert(site.code).second) return fail(*member(item, "code"), "site code " + dot_code(site.code) + " is listed twice");
        pack.sites.push_back(std::move(site));
      }
    }
    if (const JsonValue* list = member(root, "code_first")) {
      if (!expect(*list, JsonValue::Kind::array, "\"code_first\"")) return error_;
      for (const JsonValue& item : list->items) {
        CodeFirstSpec spec;
        if (!code_first(item, spec)) return error_;
        pack.code_first.push_back(std::move(spec));
      }
    }
    if (const JsonValue* list = member(root, "manifestation")) {
      if (!pattern_list(*list, "\"manifestation\"", pack.manifestation)) return error_;
    }
    if (const JsonValue* list = member(root, "extra_edges")) {
      if (!expect(*list, JsonValue::Kind::array, "\"extra_edges\"")) return error_;
      for (const JsonValue& item : list->items) {
        NoteEdge edge;
        if (!extra_edge(item, edge)) return error_;
        pack.extra_edges.push_back(std::move(edge));
      }
    }
    return pack;
  }

 private:
  static bool valid_pack_id(std::string_view id) {
    if (id.empty() || id.size() > 64) return false;
    return std::all_of(id.begin(), id.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; });
  }
  static bool valid_version(std::string_view v) {
    int parts = 0;
    std::size_t digits = 0;
    for (char c : v) {
      if (c >= '0' && c <= '9') {
        ++digits;
      } else if (c == '.' && digits > 0) {
        ++parts;
        digits = 0;
      } else {
        return false;
      }
    }
    return parts == 2 && digits > 0;
  }

  Error make(std::size_t offset, const std::string& problem) {
    auto where = json_location(json_, source_, offset);
    Error e = make_error(ErrorCode::invalid_data, where + ": " + problem, where, offset);
    auto [line, column] = line_column(json_, offset);
    e.line = line;
    e.column = column;
    return e;
  }
  Error fail(const JsonValue& at, const std::string& problem) {
    error_ = make(at.offset, problem);
    return error_;
  }
  bool fail_false(std::size_t offset, const std::string& problem) {
    error_ = make(offset, problem);
    return false;
  }

  bool expect(const JsonValue& v, JsonValue::Kind kind, const std::string& what) {
    if (v.kind == kind) return true;
    JsonValue wanted;
    wanted.kind = kind;
    return fail_false(v.offset, what + " must be " + wanted.kind_name() + ", not " + v.kind_name());
  }

  static const JsonValue* member(const JsonValue& object, std::string_view key) {
    for (std::size_t i = 0; i < object.keys.size(); ++i) {
      if (object.keys[i].first == key) return &object.members[i];
    }
    return nullptr;
  }

  bool known_keys(const JsonValue& object, std::initializer_list<std::string_view> allowed) {
    for (const auto& [key, offset] : object.keys) {
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        std::string list;
        for (std::string_view a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
        return fail_false(offset, "unknown key \"" + key + "\" (allowed: " + list + ")");
      }
    }
    return true;
  }

  bool required_string(const JsonValue& object, std::string_view key, std::string& out) {
    const JsonValue* v = member(object, key);
    if (v == nullptr) return fail_false(object.offset, "missing \"" + std::string(key) + "\"");
    if (!expect(*v, JsonValue::Kind::string, "\"" + std::string(key) + "\"")) return false;
    if (v->text.empty()) return fail_false(v->offset, "\"" + std::string(key) + "\" is empty");
    out = v->text;
    return true;
  }

  bool optional_string(const JsonValue& object, std::string_view key, std::string& out) {
    const JsonValue* v = member(object, key);
    if (v == nullptr) return true;
    if (!expect(*v, JsonValue::Kind::string, "\"" + std::string(key) + "\"")) return false;
    out = v->text;
    return true;
  }

  // "comment": free text (a string or an array of strings) for reviewers; ignored.
  bool comment(const JsonValue& object) {
    const JsonValue* v = member(object, "comment");
    if (v == nullptr || v->kind == JsonValue::Kind::string) return true;
    if (v->kind == JsonValue::Kind::array) {
      for (const JsonValue& item : v->items) {
        if (!expect(item, JsonValue::Kind::string, "a \"comment\" line")) return false;
      }
      return true;
    }
    return fail_false(v->offset, std::string("\"comment\" must be a string or an array of strings, not ") + v->kind_name());
  }

  bool pattern(const JsonValue& v, const std::string& what, CodePattern& out) {
    if (!expect(v, JsonValue::Kind::string, what)) return false;
    if (std::any_of(v.text.begin(), v.text.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == ' '; })) {
      return fail_false(v.offset, what + ": \"" + v.text + "\" must be upper case without blanks (e.g. \"M62.4-\")");
    }
    auto parsed = CodePattern::parse(v.text);
    if (!parsed) return fail_false(v.offset, what + ": " + parsed.error().message);
    out = std::move(parsed.value());
    return true;
  }

  bool pattern_list(const JsonValue& v, const std::string& what, std::vector<CodePattern>& out) {
    if (!expect(v, JsonValue::Kind::array, what)) return false;
    for (const JsonValue& item : v.items) {
      CodePattern p;
      if (!pattern(item, "an entry of " + what, p)) return false;
      out.push_back(std::move(p));
    }
    return true;
  }

  bool date(const JsonValue& object, std::string_view key, Date& out) {
    const JsonValue* v = member(object, key);
    if (v == nullptr || v->kind == JsonValue::Kind::null) return true;
    if (!expect(*v, JsonValue::Kind::string, "\"" + std::string(key) + "\"")) return false;
    auto d = Date::parse_iso(v->text);
    if (!d || v->text.size() != 10) {
      return fail_false(v->offset, "\"" + std::string(key) + "\" \"" + v->text + "\" is not a date YYYY-MM-DD");
    }
    out = *d;
    return true;
  }

  // A code as written in a pack: dotted ("M62.411") or undotted, upper case, 3-7 characters.
  bool code(const JsonValue& v, const std::string& what, std::string& undotted) {
    if (!expect(v, JsonValue::Kind::string, what)) return false;
    CodeSpelling spelling;
    auto parsed = Icd10Code::parse(v.text, &spelling);
    if (!parsed || spelling.had_lowercase || spelling.had_spaces || spelling.dot_misplaced) {
      return fail_false(v.offset, what + " \"" + v.text + "\" is not an ICD-10-CM code (e.g. \"M62.411\")");
    }
    undotted = std::string(parsed->undotted());
    return true;
  }

  bool rule(const JsonValue& item, RuleSpec& spec) {
    if (!expect(item, JsonValue::Kind::object, "a rule")) return false;
    if (!known_keys(item, {"id", "severity", "enabled", "families", "effective_from", "effective_to", "basis",
                           "description", "comment"})) {
      return false;
    }
    if (!required_string(item, "id", spec.id)) return false;
    const auto& ids = all_rule_ids();
    if (std::find(ids.begin(), ids.end(), spec.id) == ids.end()) {
      return fail_false(member(item, "id")->offset, "unknown rule id \"" + spec.id + "\"");
    }
    std::string severity;
    if (!required_string(item, "severity", severity)) return false;
    if (!parse_severity(severity, &spec.severity) || spec.severity == Severity::fatal) {
      return fail_false(member(item, "severity")->offset,
                        "severity \"" + severity + "\" (want error, warning or information)");
    }
    if (const JsonValue* enabled = member(item, "enabled")) {
      if (!expect(*enabled, JsonValue::Kind::boolean, "\"enabled\"")) return false;
      spec.enabled = enabled->boolean;
    }
    if (const JsonValue* families = member(item, "families")) {
      if (!pattern_list(*families, "\"families\"", spec.families)) return false;
    }
    if (!date(item, "effective_from", spec.effective_from) || !date(item, "effective_to", spec.effective_to)) {
      return false;
    }
    if (spec.effective_from.known() && spec.effective_to.known() && spec.effective_to < spec.effective_from) {
      return fail_false(member(item, "effective_to")->offset, "effective_to is before effective_from");
    }
    return required_string(item, "basis", spec.basis) && required_string(item, "description", spec.description) &&
           comment(item);
  }

  bool site_code(const JsonValue& item, SiteCode& site) {
    if (!expect(item, JsonValue::Kind::object, "a site entry")) return false;
    if (!known_keys(item, {"code", "family", "kind", "site", "site_group", "covers", "side", "comment"})) return false;
    const JsonValue* code_value = member(item, "code");
    if (code_value == nullptr) return fail_false(item.offset, "missing \"code\"");
    if (!code(*code_value, "\"code\"", site.code)) return false;
    if (!required_string(item, "family", site.family)) return false;
    auto family = CodePattern::parse(site.family);
    if (!family) return fail_false(member(item, "family")->offset, "\"family\": " + family.error().message);
    if (!family->matches(site.code)) {
      return fail_false(code_value->offset, dot_code(site.code) + " is not in its family " + site.family);
    }
    std::string kind;
    if (!required_string(item, "kind", kind)) return false;
    if (!parse_site_kind(kind, &site.kind)) {
      return fail_false(member(item, "kind")->offset,
                        "kind \"" + kind + "\" (want specific, unspecified_site, other_site or multiple_sites)");
    }
    if (!required_string(item, "site", site.site) || !optional_string(item, "site_group", site.site_group)) return false;
    if (site.site_group.empty()) site.site_group = site.family;
    if (const JsonValue* covers = member(item, "covers")) {
      if (!expect(*covers, JsonValue::Kind::array, "\"covers\"")) return false;
      for (const JsonValue& key : covers->items) {
        if (!expect(key, JsonValue::Kind::string, "a \"covers\" entry")) return false;
        if (std::find(canonical_site_keys.begin(), canonical_site_keys.end(), key.text) == canonical_site_keys.end()) {
          return fail_false(key.offset, "\"" + key.text + "\" is not a canonical body-site key");
        }
        site.covers.push_back(key.text);
      }
    }
    if (site.kind == SiteKind::specific && site.covers.empty()) {
      return fail_false(item.offset, "a specific site code needs \"covers\" (canonical body-site keys)");
    }
    std::string side = "none";
    if (!optional_string(item, "side", side)) return false;
    if (!parse_side_kind(side, &site.side)) {
      return fail_false(member(item, "side")->offset, "side \"" + side + "\" (want right, left, unspecified or none)");
    }
    return comment(item);
  }

  bool code_first(const JsonValue& item, CodeFirstSpec& spec) {
    if (!expect(item, JsonValue::Kind::object, "a code_first entry")) return false;
    if (!known_keys(item, {"code", "etiology", "basis", "comment"})) return false;
    const JsonValue* code_value = member(item, "code");
    const JsonValue* etiology = member(item, "etiology");
    if (code_value == nullptr) return fail_false(item.offset, "missing \"code\"");
    if (etiology == nullptr) return fail_false(item.offset, "missing \"etiology\"");
    if (!pattern(*code_value, "\"code\"", spec.code) || !pattern_list(*etiology, "\"etiology\"", spec.etiology)) {
      return false;
    }
    if (spec.etiology.empty()) return fail_false(etiology->offset, "\"etiology\" is empty");
    return required_string(item, "basis", spec.basis) && comment(item);
  }

  bool extra_edge(const JsonValue& item, NoteEdge& edge) {
    if (!expect(item, JsonValue::Kind::object, "an extra_edges entry")) return false;
    if (!known_keys(item, {"kind", "source", "target", "source_label", "text", "comment"})) return false;
    std::string kind;
    if (!required_string(item, "kind", kind)) return false;
    if (!parse_note_kind(kind, &edge.kind)) {
      return fail_false(member(item, "kind")->offset,
                        "kind \"" + kind + "\" (want excludes1, excludes2, code-first, use-additional or code-also)");
    }
    const JsonValue* source = member(item, "source");
    const JsonValue* target = member(item, "target");
    if (source == nullptr) return fail_false(item.offset, "missing \"source\"");
    if (target == nullptr) return fail_false(item.offset, "missing \"target\"");
    if (!pattern(*source, "\"source\"", edge.source) || !pattern(*target, "\"target\"", edge.target)) return false;
    edge.source_label = source->text;
    if (!optional_string(item, "source_label", edge.source_label)) return false;
    return required_string(item, "text", edge.text) && comment(item);
  }

  std::string_view json_;
  std::string_view source_;
  Error error_;
};

}  // namespace

Result<RulePack> parse_rule_pack(std::string_view json, std::string_view source_name) {
  auto tree = parse_json_tree(json, source_name);
  if (!tree) return tree.error();
  PackReader reader(json, source_name);
  return reader.read(*tree);
}

}  // namespace dxs::mappings
