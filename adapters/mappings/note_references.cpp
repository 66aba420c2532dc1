#include "adapters/mappings/note_references.hpp"

#include <algorithm>
#include <optional>
#include <set>

namespace dxs::mappings {
namespace {

bool is_upper(char c) noexcept { return c >= 'A' && c <= 'Z'; }
bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
bool is_code_char(char c) noexcept { return is_upper(c) || is_digit(c); }
bool is_alnum(char c) noexcept { return is_code_char(c) || (c >= 'a' && c <= 'z'); }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) {
    s.remove_suffix(1);
  }
  return s;
}

std::size_t skip_spaces(std::string_view s, std::size_t p) {
  while (p < s.size() && s[p] == ' ') ++p;
  return p;
}

bool starts_with_at(std::string_view s, std::size_t p, std::string_view what) {
  return s.substr(p, what.size()) == what;
}

// One code as printed: letter, digit, code char, optionally '.' and up to 4 code chars.
struct CodeToken {
  std::string undotted;
  std::size_t end = 0;  // just past the code characters
};

std::optional<CodeToken> scan_code(std::string_view s, std::size_t p) {
  if (p + 3 > s.size()) return std::nullopt;
  if (p > 0 && (is_alnum(s[p - 1]) || s[p - 1] == '.' || s[p - 1] == '/')) return std::nullopt;
  // Letter, digit, code char; or letter, 'A', digit (QA0, QA1).
  bool second_ok = is_digit(s[p + 1]) ? is_code_char(s[p + 2]) : (s[p + 1] == 'A' && is_digit(s[p + 2]));
  if (!is_upper(s[p]) || !second_ok) return std::nullopt;
  CodeToken t;
  t.undotted.assign(s.substr(p, 3));
  std::size_t q = p + 3;
  if (q + 1 < s.size() && s[q] == '.' && is_code_char(s[q + 1])) {
    ++q;
    while (q < s.size() && is_code_char(s[q]) && t.undotted.size() < 7) t.undotted.push_back(s[q++]);
  }
  if (q < s.size() && is_alnum(s[q])) return std::nullopt;  // "H1N1", "B12x": not a code
  t.end = q;
  return t;
}

// Markers after a code: ".-" (misprinted or category subtree), "-", or a bare "." ("I69. with").
struct Marker {
  bool dash = false;
  std::size_t end = 0;
};

Marker scan_marker(std::string_view s, std::size_t p) {
  Marker m;
  m.end = p;
  if (starts_with_at(s, p, ".-")) {
    m.dash = true;
    m.end = p + 2;
  } else if (p < s.size() && s[p] == '-') {
    m.dash = true;
    m.end = p + 1;
  } else if (p < s.size() && s[p] == '.') {
    m.end = p + 1;
  }
  return m;
}

struct Reference {
  std::string lo, hi;  // undotted; equal for a single code
  bool lo_dash = false, hi_dash = false;
  bool parenthesised = false;
  std::string with_clause;  // text after "with", empty if none
  bool has_with = false;
};

// Expansion of "with" clauses; returns false (and sets problem) when the clause is not understood
// or matches nothing.
bool expand_with(const Reference& ref, const CodeCatalog* catalog, std::vector<std::string>& out,
                 std::string& problem) {
  std::string_view clause = trim(ref.with_clause);
  if (catalog == nullptr || catalog->empty()) {
    problem = "'with' form needs the fiscal year's code set to expand";
    return false;
  }
  const bool range = ref.lo != ref.hi;
  auto base_codes = [&]() {
    return range ? catalog->in_range(ref.lo, ref.hi) : catalog->with_prefix(ref.lo);
  };
  std::size_t before = out.size();

  // ".42", ".62-", ".51-.52", ".620": a suffix on every category of the reference.
  if (!clause.empty() && clause.front() == '.') {
    std::size_t p = 1;
    std::string s1, s2;
    bool dash1 = false, dash2 = false;
    while (p < clause.size() && is_code_char(clause[p])) s1.push_back(clause[p++]);
    if (p < clause.size() && clause[p] == '-') {
      ++p;
      if (p < clause.size() && clause[p] == '.') {
        ++p;
        while (p < clause.size() && is_code_char(clause[p])) s2.push_back(clause[p++]);
        if (p < clause.size() && clause[p] == '-') { dash2 = true; ++p; }
      } else {
        dash1 = true;
      }
    }
    if (s1.empty() || p != clause.size() || (ref.lo.size() != 3) || (ref.hi.size() != 3)) {
      problem = "unrecognised 'with' suffix form '" + std::string(clause) + "'";
      return false;
    }
    for (std::string_view code : base_codes()) {
      if (code.size() != 3) continue;
      std::string first = std::string(code) + s1;
      if (!s2.empty()) {
        std::string last = std::string(code) + s2;
        if (catalog->has_prefix(first) && catalog->has_prefix(last)) {
          out.push_back(dotted_pattern(first, false) + "-" + dotted_pattern(last, dash2));
        }
      } else if (catalog->has_prefix(first)) {
        out.push_back(dotted_pattern(first, dash1));
      }
    }
  } else if (starts_with_at(clause, 0, "final character")) {
    // "final characters -23": descendants ending in those characters.
    std::size_t p = clause.find_first_of("-0123456789");
    std::string suffix;
    std::size_t wildcards = 0;  // "-23": one character of any value before the final ones
    if (p != std::string_view::npos) {
      while (p < clause.size() && clause[p] == '-') { ++wildcards; ++p; }
      while (p < clause.size() && is_code_char(clause[p])) suffix.push_back(clause[p++]);
    }
    if (suffix.empty() || p != clause.size()) {
      problem = "unrecognised 'with final characters' form '" + std::string(clause) + "'";
      return false;
    }
    for (std::string_view code : base_codes()) {
      bool length_ok = wildcards == 0 ? code.size() >= ref.lo.size() + suffix.size()
                                      : code.size() == ref.lo.size() + wildcards + suffix.size();
      if (length_ok && code.size() > ref.lo.size() && code.substr(code.size() - suffix.size()) == suffix) {
        out.push_back(dotted_pattern(code, false));
      }
    }
  } else {
    // "fifth character 2", "5th character .6", "7th character B", "fifth-character 1",
    // "fifth to sixth characters 51": descendants with those characters at that position.
    static const std::pair<std::string_view, std::size_t> ordinals[] = {
        {"fourth", 3}, {"4th", 3}, {"fifth", 4}, {"5th", 4}, {"sixth", 5}, {"6th", 5}, {"seventh", 6}, {"7th", 6}};
    std::size_t position = 0, p = 0;
    bool found = false;
    for (const auto& [word, index] : ordinals) {
      if (starts_with_at(clause, 0, word)) {
        position = index;
        p = word.size();
        found = true;
        break;
      }
    }
    std::size_t width = 1;
    if (found && starts_with_at(clause, p, " to ")) {
      std::size_t q = p + 4;
      bool second = false;
      for (const auto& [word, index] : ordinals) {
        if (starts_with_at(clause, q, word) && index > position) {
          width = index - position + 1;
          p = q + word.size();
          second = true;
          break;
        }
      }
      found = second;
    }
    if (found && p < clause.size() && (clause[p] == ' ' || clause[p] == '-')) ++p;
    if (found && starts_with_at(clause, p, "characters")) {
      p += 10;
    } else if (found && starts_with_at(clause, p, "character")) {
      p += 9;
    } else {
      found = false;
    }
    std::string value;
    if (found) {
      p = skip_spaces(clause, p);
      if (p < clause.size() && clause[p] == '.') ++p;
      while (p < clause.size() && is_code_char(clause[p])) value.push_back(clause[p++]);
      found = value.size() == width && p == clause.size();
    }
    if (!found) {
      problem = "unrecognised 'with' form '" + std::string(clause) + "'";
      return false;
    }
    std::set<std::string> seen;
    for (std::string_view code : base_codes()) {
      if (code.size() >= position + width && code.substr(position, width) == value) {
        std::string prefix(code.substr(0, position + width));
        if (seen.insert(prefix).second) out.push_back(dotted_pattern(prefix, false));
      }
    }
  }
  if (out.size() == before) {
    problem = "'with " + std::string(clause) + "' matches no code of the code set";
    return false;
  }
  return true;
}

std::string printed_form(const Reference& ref) {
  if (ref.lo == ref.hi) return dotted_pattern(ref.lo, ref.lo_dash || ref.hi_dash);
  return dotted_pattern(ref.lo, false) + "-" + dotted_pattern(ref.hi, ref.hi_dash);
}

}  // namespace

const char* to_string(NoteTextKind kind) noexcept {
  switch (kind) {
    case NoteTextKind::references: return "references";
    case NoteTextKind::lead_in: return "lead-in";
    case NoteTextKind::prose: return "prose";
    case NoteTextKind::unrecognised: return "unrecognised";
  }
  return "prose";
}

std::string dotted_pattern(std::string_view undotted, bool subtree) {
  std::string out(undotted.substr(0, 3));
  if (undotted.size() > 3) {
    out.push_back('.');
    out.append(undotted.substr(3));
    if (subtree) out.push_back('-');
  } else if (subtree) {
    out.append(".-");
  }
  return out;
}

NoteReferences parse_note_references(std::string_view text, const CodeCatalog* catalog) {
  NoteReferences result;
  std::string_view body = trim(text);
  if (!body.empty() && body.back() == ':') {
    result.kind = NoteTextKind::lead_in;
    return result;
  }

  std::vector<Reference> refs;
  int depth = 0;
  std::size_t p = 0;
  while (p < body.size()) {
    char c = body[p];
    if (c == '(') { ++depth; ++p; continue; }
    if (c == ')') { depth = std::max(0, depth - 1); ++p; continue; }
    auto first = scan_code(body, p);
    if (!first) { ++p; continue; }

    Reference ref;
    ref.parenthesised = depth > 0;
    ref.lo = first->undotted;
    ref.hi = ref.lo;
    Marker m1 = scan_marker(body, first->end);
    std::size_t after = m1.end;

    // A range: an explicit dash (possibly spaced) or "to" between two codes, or a subtree
    // marker directly followed by the second code ("N39.3-N39.4-", "I69.81- I69.91-").
    std::size_t q = skip_spaces(body, m1.end);
    bool separator = m1.dash;
    if (q < body.size() && body[q] == '-') {
      separator = true;
      q = skip_spaces(body, q + 1);
    } else if (starts_with_at(body, q, "to ")) {
      separator = true;
      q = skip_spaces(body, q + 3);
    }
    std::optional<CodeToken> second = separator ? scan_code(body, q) : std::nullopt;
    if (second) {
      Marker m2 = scan_marker(body, second->end);
      ref.hi = second->undotted;
      ref.hi_dash = m2.dash;
      after = m2.end;
    } else {
      ref.lo_dash = m1.dash;
    }

    std::size_t w = skip_spaces(body, after);
    if (starts_with_at(body, w, "with") && (w + 4 == body.size() || body[w + 4] == ' ' || body[w + 4] == '-')) {
      std::size_t end = body.find_first_of("),;", w + 4);
      if (end == std::string_view::npos) end = body.size();
      ref.has_with = true;
      ref.with_clause = std::string(trim(body.substr(w + 4, end - (w + 4))));
      after = end;
    }
    refs.push_back(std::move(ref));
    p = after;
  }

  bool any_parenthesised = std::any_of(refs.begin(), refs.end(), [](const Reference& r) { return r.parenthesised; });
  std::vector<std::string> targets;
  for (const Reference& ref : refs) {
    if (!ref.parenthesised) {
      // Without parentheses only as the note's sole references, and only codes that exist.
      if (any_parenthesised || catalog == nullptr || !catalog->has_prefix(ref.lo) || !catalog->has_prefix(ref.hi)) {
        continue;
      }
    }
    result.printed.push_back(printed_form(ref));
    if (ref.has_with) {
      if (!expand_with(ref, catalog, targets, result.problem)) {
        result.kind = NoteTextKind::unrecognised;
        result.targets.clear();
        return result;
      }
    } else {
      targets.push_back(printed_form(ref));
    }
  }
  std::set<std::string> seen;
  for (std::string& t : targets) {
    if (seen.insert(t).second) result.targets.push_back(std::move(t));
  }
  result.kind = result.targets.empty() ? NoteTextKind::prose : NoteTextKind::references;
  return result;
}

}  // namespace dxs::mappings
