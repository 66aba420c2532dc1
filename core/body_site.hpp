#pragma once
// Documented body sites (FHIR Condition.bodySite) to canonical site keys and laterality.
// Data: mappings/body-sites/*.tsv (SNOMED CT body structures, laterality qualifiers, free-text
// words), read by adapters/mappings and looked up here.
//   snomed<TAB>code<TAB>site key<TAB>side(right|left|bilateral|-)<TAB>display
//   laterality<TAB>code<TAB>-<TAB>side<TAB>display        (SNOMED qualifier values)
//   text<TAB>phrase<TAB>site key<TAB>-<TAB>note            (free-text site words)
//   text<TAB>word<TAB>-<TAB>side<TAB>note                  (extra free-text side words, e.g. "rt")
// text() matches whole words, case-insensitively, plural "s"/"es" tolerated; the longest phrase
// wins. Built-in side words: right/r/rt, left/l/lt, bilateral/both/bilat; right+left = bilateral.
// Canonical keys that appear in the map also match as phrases ("lower_leg" -> "lower leg").
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "claim.hpp"
#include "result.hpp"

namespace dxs {

struct SiteLookup {
  std::string site;  // canonical key, "" if only a side was found
  Laterality side = Laterality::unknown;
};

class BodySiteMap {
 public:
  static Result<BodySiteMap> parse(std::string_view text, std::string_view source_name);
  void merge(const BodySiteMap& other);

  [[nodiscard]] std::optional<SiteLookup> snomed(std::string_view code) const;
  // A SNOMED laterality qualifier value (24028007 right, 7771000 left, 51440002 bilateral).
  [[nodiscard]] std::optional<Laterality> laterality(std::string_view code) const;
  // Free text such as "Right shoulder", "left lower leg": words to site + side.
  [[nodiscard]] std::optional<SiteLookup> text(std::string_view phrase) const;
  [[nodiscard]] bool empty() const noexcept { return snomed_.empty() && words_.empty(); }

 private:
  std::unordered_map<std::string, SiteLookup> snomed_;
  std::unordered_map<std::string, Laterality> laterality_;
  std::vector<std::pair<std::string, std::string>> words_;  // phrase (lower case) -> site key
  std::vector<std::pair<std::string, Laterality>> side_words_;  // "rt" -> right (text rows with site "-")
};

}  // namespace dxs
