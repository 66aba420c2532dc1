#include "core/notes.hpp"

#include <algorithm>
#include <cstring>

#include "core/icd10cm_code.hpp"

namespace dxs {

std::uint64_t pack_code_key(std::string_view code) noexcept {
  std::uint64_t key = 0;
  for (std::size_t i = 0; i < 8; ++i) {
    key <<= 8;
    if (i < code.size()) key |= static_cast<unsigned char>(code[i]);
  }
  return key;
}

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool is_alpha(char c) noexcept { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

// "M24.5-" / "F95.-" / "m624" -> "M245"; false if not a code (prefix) of 3..7 characters.
bool normalise_endpoint(std::string_view text, std::string& out, bool& trailing_dash) {
  trailing_dash = false;
  while (!text.empty() && (text.back() == '-' || text.back() == '.')) {
    if (text.back() == '-') trailing_dash = true;
    text.remove_suffix(1);
  }
  out.clear();
  for (char c : text) {
    if (c == '.') continue;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (!is_alpha(c) && !is_digit(c)) return false;
    out.push_back(c);
  }
  if (out.size() < 3 || out.size() > 7) return false;
  return is_alpha(out[0]) && (is_digit(out[1]) || out[1] == 'A');  // QA0-, QA1-
}

// The first n characters of a packed code (n in 1..8).
std::uint64_t prefix_mask(std::size_t n) noexcept { return ~std::uint64_t{0} << (8 * (8 - n)); }

Error pattern_error(std::string_view text) {
  return make_error(ErrorCode::invalid_data,
                    "bad code pattern '" + std::string(text.substr(0, 40)) +
                        "' (want M62.4, M24.5-, M20-M21 or A04.0-A04.4)");
}

}  // namespace

Result<CodePattern> CodePattern::parse(std::string_view text) {
  text = trim(text);
  if (text.empty()) return pattern_error(text);
  std::size_t split = std::string_view::npos;
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    if (text[i] == '-' && is_alpha(text[i + 1])) { split = i; break; }
  }
  CodePattern p;
  bool lo_dash = false, hi_dash = false;
  if (split == std::string_view::npos) {
    if (!normalise_endpoint(text, p.lo_, lo_dash)) return pattern_error(text);
    p.hi_ = p.lo_;
    p.text_ = dot_code(p.lo_) + (lo_dash ? "-" : "");
    p.pack_keys();
    return p;
  }
  if (!normalise_endpoint(text.substr(0, split), p.lo_, lo_dash) ||
      !normalise_endpoint(text.substr(split + 1), p.hi_, hi_dash)) {
    return pattern_error(text);
  }
  if (lo_dash) return pattern_error(text);
  std::string_view hi_cut = std::string_view(p.hi_).substr(0, std::min(p.lo_.size(), p.hi_.size()));
  if (std::string_view(p.lo_).substr(0, hi_cut.size()) > hi_cut) return pattern_error(text);
  p.text_ = dot_code(p.lo_) + "-" + dot_code(p.hi_) + (hi_dash ? "-" : "");
  if (p.lo_ == p.hi_) p.text_ = dot_code(p.lo_) + "-";
  p.pack_keys();
  return p;
}

CodePattern CodePattern::exact_subtree(std::string_view undotted) {
  CodePattern p;
  p.lo_ = std::string(undotted);
  p.hi_ = p.lo_;
  p.text_ = dot_code(undotted);
  p.pack_keys();
  return p;
}

void CodePattern::pack_keys() noexcept {
  lo_key_ = pack_code_key(lo_);
  hi_key_ = pack_code_key(hi_);
  const bool packable = !lo_.empty() && !hi_.empty() && lo_.size() <= 8 && hi_.size() <= 8;
  lo_mask_ = packable ? prefix_mask(lo_.size()) : 0;
  hi_mask_ = packable ? prefix_mask(hi_.size()) : 0;
}

bool CodePattern::matches(std::string_view code) const noexcept {
  if (lo_.empty() || code.empty()) return false;
  if (code.size() <= 8 && lo_.size() <= 8 && hi_.size() <= 8) return matches_key(pack_code_key(code));
  if (lo_ == hi_) return code.substr(0, lo_.size()) == lo_;
  return code.substr(0, lo_.size()) >= lo_ && code.substr(0, hi_.size()) <= hi_;
}

std::string CodePattern::to_string() const { return text_.empty() ? dot_code(lo_) : text_; }

const char* to_string(NoteKind kind) noexcept {
  switch (kind) {
    case NoteKind::excludes1: return "excludes1";
    case NoteKind::excludes2: return "excludes2";
    case NoteKind::code_first: return "code-first";
    case NoteKind::use_additional: return "use-additional";
    case NoteKind::code_also: return "code-also";
  }
  return "excludes1";
}

bool parse_note_kind(std::string_view text, NoteKind* out) noexcept {
  static constexpr NoteKind kinds[] = {NoteKind::excludes1, NoteKind::excludes2, NoteKind::code_first,
                                       NoteKind::use_additional, NoteKind::code_also};
  for (NoteKind k : kinds) {
    if (text == to_string(k)) {
      if (out != nullptr) *out = k;
      return true;
    }
  }
  return false;
}

namespace {

Error note_error(const std::string& source, std::size_t line, const std::string& problem) {
  std::string where = source + ":" + std::to_string(line);
  Error e = make_error(ErrorCode::invalid_data, where + ": " + problem, where);
  e.line = line;
  return e;
}

// The pattern part of a source field: its last blank-separated token, parentheses removed.
std::string_view source_pattern_text(std::string_view field) {
  std::size_t space = field.find_last_of(' ');
  std::string_view token = space == std::string_view::npos ? field : field.substr(space + 1);
  if (!token.empty() && token.front() == '(') token.remove_prefix(1);
  if (!token.empty() && token.back() == ')') token.remove_suffix(1);
  return token;
}

}  // namespace

Result<std::shared_ptr<const NoteIndex>> NoteIndex::parse(std::string text, std::string source_name) {
  std::vector<NoteEdge> edges;
  const char* data = text.data();
  const std::size_t size = text.size();
  std::size_t pos = 0, line_no = 0;
  while (pos < size) {
    const void* nl = std::memchr(data + pos, '\n', size - pos);
    std::size_t end = nl != nullptr ? static_cast<std::size_t>(static_cast<const char*>(nl) - data) : size;
    std::string_view line(data + pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;

    std::string_view fields[4];
    std::size_t count = 0;
    std::string_view rest = line;
    while (count < 4) {
      std::size_t tab = rest.find('\t');
      if (count == 3) { fields[count++] = rest; break; }  // note text keeps any further tabs out
      if (tab == std::string_view::npos) { fields[count++] = rest; break; }
      fields[count++] = rest.substr(0, tab);
      rest.remove_prefix(tab + 1);
    }
    if (count < 4) {
      return note_error(source_name, line_no, "missing tab: expected kind<TAB>source<TAB>target<TAB>note text");
    }
    if (fields[3].find('\t') != std::string_view::npos) {
      return note_error(source_name, line_no, "too many fields: expected 4 tab-separated fields");
    }
    NoteEdge edge;
    if (!parse_note_kind(fields[0], &edge.kind)) {
      return note_error(source_name, line_no, "unknown note kind '" + std::string(fields[0].substr(0, 24)) +
                                                  "' (want excludes1, excludes2, code-first, use-additional, code-also)");
    }
    std::string_view source_field = trim(fields[1]);
    auto source = CodePattern::parse(source_pattern_text(source_field));
    if (!source) return note_error(source_name, line_no, "source: " + source.error().message);
    edge.source = std::move(source.value());
    edge.source_label = std::string(source_field);
    std::string_view target_field = trim(fields[2]);
    if (!target_field.empty()) {
      auto target = CodePattern::parse(target_field);
      if (!target) return note_error(source_name, line_no, "target: " + target.error().message);
      edge.target = std::move(target.value());
    }
    edge.text = std::string(trim(fields[3]));
    edges.push_back(std::move(edge));
  }
  return std::shared_ptr<const NoteIndex>(from_edges(std::move(edges), std::move(source_name)));
}

std::shared_ptr<const NoteIndex> NoteIndex::from_edges(std::vector<NoteEdge> edges, std::string source) {
  auto index = std::make_shared<NoteIndex>();
  index->edges_ = std::move(edges);
  index->source_ = std::move(source);
  index->build_index();
  return index;
}

void NoteIndex::build_index() {
  by_letter_.assign(26, {});
  by_source_.clear();
  for (std::uint32_t i = 0; i < edges_.size(); ++i) {
    const CodePattern& src = edges_[i].source;
    if (src.empty()) continue;
    if (!src.is_range()) {
      by_source_.push_back(i);
      continue;
    }
    int first = src.low()[0] - 'A', last = src.high()[0] - 'A';
    for (int letter = first; letter <= last && letter < 26; ++letter) {
      if (letter >= 0) by_letter_[static_cast<std::size_t>(letter)].push_back(i);
    }
  }
  std::stable_sort(by_source_.begin(), by_source_.end(), [&](std::uint32_t a, std::uint32_t b) {
    return edges_[a].source.low() < edges_[b].source.low();
  });
  excludes1_single_.clear();
  excludes1_ranges_.assign(26, {});
  for (std::uint32_t i = 0; i < edges_.size(); ++i) {
    const NoteEdge& e = edges_[i];
    if (e.kind != NoteKind::excludes1 || e.target.empty() || e.source.empty()) continue;
    const std::size_t length = e.source.low().size();
    const Excludes1Edge packed = excludes1_edge(i, e.target);
    if (!e.source.is_range()) {
      // governing() matches single sources at prefixes of 3 or more characters only
      if (length >= 3 && length <= 8 && category_slot(e.source.low_key()) >= 0) {
        excludes1_single_.push_back({e.source.low_key(), prefix_mask(length), packed});
        continue;
      }
      if (length < 3) continue;
      // not in a code-shaped category: checked by matches() with the ranges of its letter
    }
    int first = e.source.low()[0] - 'A', last = e.source.high()[0] - 'A';
    for (int letter = std::max(first, 0); letter <= last && letter < 26; ++letter) {
      excludes1_ranges_[static_cast<std::size_t>(letter)].push_back(
          {e.source.low_key(), e.source.low_mask(), e.source.high_key(), e.source.high_mask(), packed});
    }
  }
  std::sort(excludes1_single_.begin(), excludes1_single_.end(), [](const KeyedEdge& a, const KeyedEdge& b) {
    return a.key != b.key ? a.key < b.key : a.edge.index < b.edge.index;
  });
  excludes1_by_category_.assign(static_cast<std::size_t>(kCategorySlots) + 1, 0);
  for (const KeyedEdge& entry : excludes1_single_) ++excludes1_by_category_[static_cast<std::size_t>(category_slot(entry.key)) + 1];
  for (std::size_t slot = 1; slot < excludes1_by_category_.size(); ++slot) {
    excludes1_by_category_[slot] += excludes1_by_category_[slot - 1];
  }
}

NoteIndex::Excludes1Edge NoteIndex::excludes1_edge(std::uint32_t index, const CodePattern& target) noexcept {
  Excludes1Edge x{index, target.low_key(), target.low_mask(), target.high_key(), target.high_mask(), 0};
  if (target.empty()) return x;
  const int first = target.low()[0] - 'A', last = target.high()[0] - 'A';
  for (int letter = std::max(first, 0); letter <= last && letter < 26; ++letter) x.target_letters |= 1u << letter;
  if (!x.packed() || first < 0 || last > 25) x.target_letters = ~0u;  // unusual target: no letter filter
  return x;
}

template <typename Fn>
void NoteIndex::for_each_governing(std::string_view code, Fn&& fn) const {
  if (code.empty()) return;
  for (std::size_t len = 3; len <= code.size(); ++len) {
    std::string_view prefix = code.substr(0, len);
    auto it = std::lower_bound(by_source_.begin(), by_source_.end(), prefix,
                               [&](std::uint32_t i, std::string_view key) { return std::string_view(edges_[i].source.low()).compare(key) < 0; });
    for (; it != by_source_.end() && edges_[*it].source.low() == prefix; ++it) fn(*it);
  }
  int letter = code[0] - 'A';
  if (letter >= 0 && letter < 26 && !by_letter_.empty()) {
    for (std::uint32_t i : by_letter_[static_cast<std::size_t>(letter)]) {
      if (edges_[i].source.matches(code)) fn(i);
    }
  }
}

std::vector<const NoteEdge*> NoteIndex::find(NoteKind kind, std::string_view a, std::string_view b) const {
  std::vector<std::uint32_t> hits;
  for_each_governing(a, [&](std::uint32_t i) {
    if (edges_[i].kind == kind && edges_[i].target.matches(b)) hits.push_back(i);
  });
  std::sort(hits.begin(), hits.end());
  std::vector<const NoteEdge*> out;
  out.reserve(hits.size());
  for (std::uint32_t i : hits) out.push_back(&edges_[i]);
  return out;
}

std::vector<const NoteEdge*> NoteIndex::governing(std::string_view undotted) const {
  std::vector<std::uint32_t> hits;
  for_each_governing(undotted, [&](std::uint32_t i) { hits.push_back(i); });
  std::sort(hits.begin(), hits.end());
  std::vector<const NoteEdge*> out;
  out.reserve(hits.size());
  for (std::uint32_t i : hits) out.push_back(&edges_[i]);
  return out;
}

}  // namespace dxs
