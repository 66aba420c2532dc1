#include "core/body_site.hpp"

#include <algorithm>
#include <cstring>

namespace dxs {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

bool is_alnum(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

char lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> words;
  std::string current;
  for (char c : text) {
    if (is_alnum(c)) {
      current.push_back(lower(c));
    } else if (!current.empty()) {
      words.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) words.push_back(std::move(current));
  return words;
}

std::string normalise_phrase(std::string_view text) {
  std::string out;
  for (const std::string& w : words_of(text)) {
    if (!out.empty()) out.push_back(' ');
    out += w;
  }
  return out;
}

bool parse_side(std::string_view text, Laterality* out) {
  if (text == "right") *out = Laterality::right;
  else if (text == "left") *out = Laterality::left;
  else if (text == "bilateral") *out = Laterality::bilateral;
  else if (text == "-" || text.empty()) *out = Laterality::unknown;
  else return false;
  return true;
}

Laterality builtin_side_word(std::string_view w) {
  if (w == "right" || w == "r" || w == "rt") return Laterality::right;
  if (w == "left" || w == "l" || w == "lt") return Laterality::left;
  if (w == "bilateral" || w == "both" || w == "bilat") return Laterality::bilateral;
  return Laterality::unknown;
}

bool word_matches(const std::string& input, const std::string& phrase_word) {
  if (input == phrase_word) return true;
  if (input.size() == phrase_word.size() + 1 && input.back() == 's') {
    return input.compare(0, phrase_word.size(), phrase_word) == 0;
  }
  if (input.size() == phrase_word.size() + 2 && input.compare(input.size() - 2, 2, "es") == 0) {
    return input.compare(0, phrase_word.size(), phrase_word) == 0;
  }
  return false;
}

Error map_error(std::string_view source, std::size_t line, const std::string& problem) {
  std::string where = std::string(source) + ":" + std::to_string(line);
  Error e = make_error(ErrorCode::invalid_data, where + ": " + problem, where);
  e.line = line;
  return e;
}

}  // namespace

Result<BodySiteMap> BodySiteMap::parse(std::string_view text, std::string_view source_name) {
  BodySiteMap map;
  std::size_t pos = 0, line_no = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (trim(line).empty() || line.front() == '#') continue;

    std::string_view fields[5];
    std::size_t count = 0;
    std::string_view rest = line;
    while (true) {
      std::size_t tab = rest.find('\t');
      if (count == 5) return map_error(source_name, line_no, "too many fields: expected 5 tab-separated fields");
      fields[count++] = trim(rest.substr(0, tab));
      if (tab == std::string_view::npos) break;
      rest.remove_prefix(tab + 1);
    }
    if (count < 4) {
      return map_error(source_name, line_no, "missing tab: expected kind<TAB>code<TAB>site<TAB>side<TAB>display");
    }
    std::string_view kind = fields[0], key = fields[1], site = fields[2];
    Laterality side;
    if (!parse_side(fields[3], &side)) {
      return map_error(source_name, line_no, "bad side '" + std::string(fields[3].substr(0, 16)) +
                                                 "' (want right, left, bilateral or -)");
    }
    if (key.empty()) return map_error(source_name, line_no, "empty code/phrase");
    std::string site_key = site == "-" ? std::string() : std::string(site);
    if (kind == "snomed") {
      if (site_key.empty() && side == Laterality::unknown) {
        return map_error(source_name, line_no, "snomed row maps to neither a site nor a side");
      }
      auto [it, inserted] = map.snomed_.emplace(std::string(key), SiteLookup{site_key, side});
      if (!inserted) return map_error(source_name, line_no, "duplicate snomed code " + std::string(key));
    } else if (kind == "laterality") {
      if (side == Laterality::unknown) return map_error(source_name, line_no, "laterality row without a side");
      auto [it, inserted] = map.laterality_.emplace(std::string(key), side);
      if (!inserted) return map_error(source_name, line_no, "duplicate laterality code " + std::string(key));
    } else if (kind == "text") {
      std::string phrase = normalise_phrase(key);
      if (phrase.empty()) return map_error(source_name, line_no, "empty phrase");
      if (site_key.empty()) {
        if (side == Laterality::unknown) return map_error(source_name, line_no, "text row maps to neither a site nor a side");
        map.side_words_.emplace_back(std::move(phrase), side);
      } else {
        map.words_.emplace_back(std::move(phrase), std::move(site_key));
      }
    } else {
      return map_error(source_name, line_no, "unknown row kind '" + std::string(kind.substr(0, 16)) +
                                                 "' (want snomed, laterality or text)");
    }
  }
  return map;
}

void BodySiteMap::merge(const BodySiteMap& other) {
  for (const auto& [code, lookup] : other.snomed_) snomed_.insert_or_assign(code, lookup);
  for (const auto& [code, side] : other.laterality_) laterality_.insert_or_assign(code, side);
  auto merge_list = [](auto& mine, const auto& theirs) {
    for (const auto& entry : theirs) {
      auto it = std::find_if(mine.begin(), mine.end(), [&](const auto& e) { return e.first == entry.first; });
      if (it != mine.end()) it->second = entry.second;
      else mine.push_back(entry);
    }
  };
  merge_list(words_, other.words_);
  merge_list(side_words_, other.side_words_);
}

std::optional<SiteLookup> BodySiteMap::snomed(std::string_view code) const {
  auto it = snomed_.find(std::string(code));
  if (it == snomed_.end()) return std::nullopt;
  return it->second;
}

std::optional<Laterality> BodySiteMap::laterality(std::string_view code) const {
  auto it = laterality_.find(std::string(code));
  if (it == laterality_.end()) return std::nullopt;
  return it->second;
}

std::optional<SiteLookup> BodySiteMap::text(std::string_view phrase) const {
  const std::vector<std::string> words = words_of(phrase);
  if (words.empty()) return std::nullopt;

  bool right = false, left = false, both = false;
  for (const std::string& w : words) {
    Laterality side = Laterality::unknown;
    for (const auto& [word, s] : side_words_) {
      if (word == w) { side = s; break; }
    }
    if (side == Laterality::unknown) side = builtin_side_word(w);
    right |= side == Laterality::right;
    left |= side == Laterality::left;
    both |= side == Laterality::bilateral;
  }

  // Candidate phrases: the text rows, then every canonical key the map uses, spelled as words.
  std::vector<std::pair<std::string, std::string>> candidates = words_;
  auto add_key = [&](const std::string& key) {
    if (key.empty()) return;
    std::string spelled = key;
    std::replace(spelled.begin(), spelled.end(), '_', ' ');
    for (const auto& c : candidates) {
      if (c.first == spelled) return;
    }
    candidates.emplace_back(std::move(spelled), key);
  };
  for (const auto& entry : words_) add_key(entry.second);
  std::vector<std::string> snomed_keys;
  for (const auto& entry : snomed_) snomed_keys.push_back(entry.second.site);
  std::sort(snomed_keys.begin(), snomed_keys.end());
  for (const std::string& key : snomed_keys) add_key(key);

  const std::string* best_site = nullptr;
  std::size_t best_words = 0, best_chars = 0, best_pos = 0;
  for (const auto& [candidate, site] : candidates) {
    std::vector<std::string> parts = words_of(candidate);
    if (parts.empty() || parts.size() > words.size()) continue;
    for (std::size_t start = 0; start + parts.size() <= words.size(); ++start) {
      bool all = true;
      for (std::size_t k = 0; k < parts.size() && all; ++k) all = word_matches(words[start + k], parts[k]);
      if (!all) continue;
      bool better = best_site == nullptr || parts.size() > best_words ||
                    (parts.size() == best_words && candidate.size() > best_chars) ||
                    (parts.size() == best_words && candidate.size() == best_chars && start < best_pos);
      if (better) {
        best_site = &site;
        best_words = parts.size();
        best_chars = candidate.size();
        best_pos = start;
      }
      break;
    }
  }

  SiteLookup result;
  if (best_site != nullptr) result.site = *best_site;
  if (both || (right && left)) result.side = Laterality::bilateral;
  else if (right) result.side = Laterality::right;
  else if (left) result.side = Laterality::left;
  if (result.site.empty() && result.side == Laterality::unknown) return std::nullopt;
  return result;
}

}  // namespace dxs
