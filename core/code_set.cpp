#include "core/code_set.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>

#include "core/icd10cm_code.hpp"
#include "core/notes.hpp"

namespace dxs {
namespace {

Error data_error(const std::string& source, std::size_t line, const std::string& problem) {
  std::string where = source + ":" + std::to_string(line);
  Error e = make_error(ErrorCode::invalid_data, where + ": " + problem, where);
  e.line = line;
  return e;
}

// Splits `line` at tabs into at most `max` fields; returns the number found (max + 1 = too many).
std::size_t split_tabs(std::string_view line, std::string_view* fields, std::size_t max) {
  std::size_t count = 0;
  while (true) {
    std::size_t tab = line.find('\t');
    if (count == max) return max + 1;
    fields[count++] = line.substr(0, tab);
    if (tab == std::string_view::npos) return count;
    line.remove_prefix(tab + 1);
  }
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

Result<std::shared_ptr<const CodeSet>> CodeSet::parse(std::string text, std::string source_name) {
  auto set = std::make_shared<CodeSet>();
  set->source_ = std::move(source_name);
  auto parsed = parse_into(*set, std::move(text));
  if (!parsed) return parsed.error();
  set->ready_.store(true, std::memory_order_release);
  return std::shared_ptr<const CodeSet>(std::move(set));
}

Result<std::shared_ptr<const CodeSet>> CodeSet::parse_deferred(std::string text, std::string source_name,
                                                               Loader loader) {
  auto set = std::make_shared<CodeSet>();
  set->source_ = std::move(source_name);
  auto parsed = parse_into(*set, std::move(text));
  if (!parsed) return parsed.error();
  std::string().swap(set->buffer_);
  std::vector<CodeEntry>().swap(set->entries_);
  std::vector<std::uint32_t>().swap(set->by_code_);
  set->loader_ = std::move(loader);
  return std::shared_ptr<const CodeSet>(std::move(set));
}

void CodeSet::load() const noexcept {
  try {
    std::call_once(load_once_, [this] {
      try {
        Result<std::string> text = loader_ ? loader_() : Result<std::string>(make_error(ErrorCode::invalid_data, "no loader"));
        CodeSet fresh;
        fresh.source_ = source_;
        if (!text) {
          load_error_ = source_ + ": cannot load the code set: " + text.error().message;
        } else if (auto parsed = parse_into(fresh, std::move(text.value())); !parsed) {
          load_error_ = parsed.error().message;
        } else if (fresh.fiscal_year_ != fiscal_year_ || fresh.from_ != from_ || fresh.to_ != to_ ||
                   fresh.sorted_keys_ != sorted_keys_ || fresh.billable_count_ != billable_count_) {
          load_error_ = source_ + ": the code set changed since it was validated at start-up; reload the mappings";
        } else {
          buffer_ = std::move(fresh.buffer_);  // a heap buffer: the entries' views stay valid
          entries_ = std::move(fresh.entries_);
          by_code_ = std::move(fresh.by_code_);
        }
      } catch (const std::exception& e) {
        load_error_ = source_ + ": cannot load the code set: " + e.what();
        entries_.clear();
        by_code_.clear();
      }
      ready_.store(true, std::memory_order_release);
    });
  } catch (...) {
    // call_once itself failed (no threads): leave the set empty and not ready
  }
}

bool CodeSet::available() const noexcept {
  ensure_loaded();
  return ready_.load(std::memory_order_acquire) && load_error_.empty();
}

const std::string& CodeSet::load_error() const noexcept {
  ensure_loaded();
  return load_error_;
}

bool CodeSet::contains(std::string_view undotted) const noexcept {
  if (undotted.empty() || undotted.size() > 7) return false;
  const std::uint64_t key = pack_code_key(undotted);
  const int slot = category_slot(key);
  if (slot < 0 || by_category_.empty()) return false;
  auto first = sorted_keys_.begin() + by_category_[static_cast<std::size_t>(slot)];
  auto last = sorted_keys_.begin() + by_category_[static_cast<std::size_t>(slot) + 1];
  return std::binary_search(first, last, key);
}

Status CodeSet::parse_into(CodeSet& target, std::string text) {
  CodeSet* set = &target;
  set->buffer_ = std::move(text);
  const std::string& source = set->source_;
  const char* data = set->buffer_.data();
  const std::size_t size = set->buffer_.size();

  set->entries_.reserve(size / 96 + 16);
  std::vector<std::uint32_t> line_of;  // source line of each entry, for duplicate errors
  line_of.reserve(size / 96 + 16);
  bool have_fy = false;
  std::size_t pos = 0, line_no = 0;

  while (pos < size) {
    const void* nl = std::memchr(data + pos, '\n', size - pos);
    std::size_t end = nl != nullptr ? static_cast<std::size_t>(static_cast<const char*>(nl) - data) : size;
    std::string_view line(data + pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;

    if (line.front() == '#') {
      line.remove_prefix(1);
      std::size_t tab = line.find('\t');
      if (tab == std::string_view::npos) continue;  // free comment
      std::string_view key = trim(line.substr(0, tab));
      std::string_view value = trim(line.substr(tab + 1));
      if (key == "fiscal_year") {
        int fy = 0;
        auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), fy);
        if (ec != std::errc() || ptr != value.data() + value.size() || fy < 2000 || fy > 2200) {
          return data_error(source, line_no, "bad fiscal_year '" + std::string(value) + "'");
        }
        set->fiscal_year_ = fy;
        have_fy = true;
      } else if (key == "effective_from" || key == "effective_to") {
        auto date = Date::parse_iso(value);
        if (!date || value.size() != 10) {
          return data_error(source, line_no, "bad " + std::string(key) + " date '" + std::string(value) + "' (want YYYY-MM-DD)");
        }
        (key == "effective_from" ? set->from_ : set->to_) = *date;
      }
      continue;
    }

    std::string_view fields[4];
    std::size_t count = split_tabs(line, fields, 4);
    if (count < 4) {
      return data_error(source, line_no, "missing tab: expected code<TAB>billable<TAB>short title<TAB>long title");
    }
    if (count > 4) {
      return data_error(source, line_no, "too many fields: expected 4 tab-separated fields");
    }
    std::string_view code = fields[0];
    auto parsed = Icd10Code::parse(code);
    if (!parsed || parsed->undotted() != code) {
      return data_error(source, line_no, "bad code '" + std::string(code.substr(0, 16)) +
                                             "' (want an undotted upper-case ICD-10-CM code)");
    }
    if (fields[1].size() != 1 || (fields[1][0] != '0' && fields[1][0] != '1')) {
      return data_error(source, line_no, "bad billable flag '" + std::string(fields[1].substr(0, 8)) +
                                             "' for " + std::string(code) + " (want 0 or 1)");
    }
    CodeEntry entry;
    entry.code = code;
    entry.billable = fields[1][0] == '1';
    entry.short_title = fields[2];
    entry.long_title = fields[3];
    entry.order = static_cast<std::uint32_t>(set->entries_.size());
    set->entries_.push_back(entry);
    line_of.push_back(static_cast<std::uint32_t>(line_no));
  }

  if (!have_fy) {
    Error e = make_error(ErrorCode::invalid_data, source + ": missing fiscal_year header ('# fiscal_year<TAB>2026')", source);
    return e;
  }
  if (!set->from_.known()) set->from_ = Date::from_ymd(set->fiscal_year_ - 1, 10, 1);
  if (!set->to_.known()) set->to_ = Date::from_ymd(set->fiscal_year_, 9, 30);
  if (set->to_ < set->from_) {
    return make_error(ErrorCode::invalid_data, source + ": effective_to is before effective_from", source);
  }
  if (set->entries_.empty()) {
    return make_error(ErrorCode::invalid_data, source + ": no codes", source);
  }

  const auto& entries = set->entries_;
  std::vector<std::pair<std::uint64_t, std::uint32_t>> keyed(entries.size());
  for (std::uint32_t i = 0; i < keyed.size(); ++i) keyed[i] = {pack_code_key(entries[i].code), i};
  // Tabular order is almost code order: keep the ascending run, sort the few others, merge.
  {
    std::vector<std::pair<std::uint64_t, std::uint32_t>> stragglers;
    std::size_t kept = 0;
    for (std::size_t i = 0; i < keyed.size(); ++i) {
      if (kept == 0 || !(keyed[i] < keyed[kept - 1])) keyed[kept++] = keyed[i];
      else stragglers.push_back(keyed[i]);
    }
    keyed.resize(kept);
    std::sort(stragglers.begin(), stragglers.end());
    std::vector<std::pair<std::uint64_t, std::uint32_t>> merged(keyed.size() + stragglers.size());
    std::merge(keyed.begin(), keyed.end(), stragglers.begin(), stragglers.end(), merged.begin());
    keyed.swap(merged);
  }
  for (std::size_t i = 1; i < keyed.size(); ++i) {
    if (keyed[i].first == keyed[i - 1].first) {
      std::uint32_t later = std::max(line_of[keyed[i].second], line_of[keyed[i - 1].second]);
      std::uint32_t earlier = std::min(line_of[keyed[i].second], line_of[keyed[i - 1].second]);
      return data_error(source, later, "duplicate code " + std::string(entries[keyed[i].second].code) +
                                           " (first at line " + std::to_string(earlier) + ")");
    }
  }
  set->by_code_.resize(keyed.size());
  set->sorted_keys_.resize(keyed.size());
  for (std::size_t i = 0; i < keyed.size(); ++i) {
    set->sorted_keys_[i] = keyed[i].first;
    set->by_code_[i] = keyed[i].second;
  }
  for (const CodeEntry& e : entries) set->billable_count_ += e.billable ? 1u : 0u;
  set->by_category_.assign(static_cast<std::size_t>(kCategorySlots) + 1, 0);
  for (std::uint64_t key : set->sorted_keys_) ++set->by_category_[static_cast<std::size_t>(category_slot(key)) + 1];
  for (std::size_t slot = 1; slot < set->by_category_.size(); ++slot) {
    set->by_category_[slot] += set->by_category_[slot - 1];
  }
  set->name_ = "icd10cm-" + std::to_string(set->fiscal_year_);
  return ok_status();
}

const CodeEntry* CodeSet::find(std::string_view undotted) const noexcept {
  if (undotted.empty() || undotted.size() > 7) return nullptr;
  ensure_loaded();
  if (by_code_.empty()) return nullptr;  // a deferred set that failed to load
  const std::uint64_t key = pack_code_key(undotted);
  auto first = sorted_keys_.begin(), last = sorted_keys_.end();
  const int slot = category_slot(key);
  if (slot < 0 || by_category_.empty()) return nullptr;  // every code of a set has a category slot
  first = sorted_keys_.begin() + by_category_[static_cast<std::size_t>(slot)];
  last = sorted_keys_.begin() + by_category_[static_cast<std::size_t>(slot) + 1];
  auto it = std::lower_bound(first, last, key);
  if (it == last || *it != key) return nullptr;
  return &entries_[by_code_[static_cast<std::size_t>(it - sorted_keys_.begin())]];
}

namespace {

template <typename Fn>
void for_each_descendant(const std::vector<CodeEntry>& entries, const std::vector<std::uint32_t>& by_code,
                         const std::vector<std::uint64_t>& keys, std::string_view prefix, Fn&& fn) {
  if (prefix.size() > 7) return;
  auto it = std::lower_bound(keys.begin(), keys.end(), pack_code_key(prefix));
  for (auto i = static_cast<std::size_t>(it - keys.begin()); i < by_code.size(); ++i) {
    const CodeEntry& e = entries[by_code[i]];
    if (e.code.substr(0, prefix.size()) != prefix) break;
    if (e.code.size() > prefix.size()) fn(e);
  }
}

void sort_tabular(std::vector<const CodeEntry*>& list) {
  std::sort(list.begin(), list.end(), [](const CodeEntry* a, const CodeEntry* b) { return a->order < b->order; });
}

}  // namespace

std::vector<const CodeEntry*> CodeSet::children(std::string_view undotted) const {
  std::vector<const CodeEntry*> out;
  ensure_loaded();
  if (by_code_.empty()) return out;
  if (undotted.empty()) return out;
  for_each_descendant(entries_, by_code_, sorted_keys_, undotted, [&](const CodeEntry& e) {
    for (std::size_t len = undotted.size() + 1; len < e.code.size(); ++len) {
      if (find(e.code.substr(0, len)) != nullptr) return;  // an intermediate node is the parent
    }
    out.push_back(&e);
  });
  sort_tabular(out);
  return out;
}

std::vector<const CodeEntry*> CodeSet::billable_descendants(std::string_view undotted) const {
  std::vector<const CodeEntry*> out;
  ensure_loaded();
  if (by_code_.empty()) return out;
  if (undotted.empty()) return out;
  for_each_descendant(entries_, by_code_, sorted_keys_, undotted, [&](const CodeEntry& e) {
    if (e.billable) out.push_back(&e);
  });
  sort_tabular(out);
  return out;
}

const CodeEntry* CodeSet::nearest_ancestor(std::string_view undotted) const noexcept {
  for (std::size_t len = undotted.size(); len-- > 3;) {
    if (const CodeEntry* e = find(undotted.substr(0, len))) return e;
  }
  return nullptr;
}

}  // namespace dxs
