// screen_ndjson: one resource per line. Conditions are indexed as they come (bounded);
// Claims are screened as soon as every Condition reference resolves, or deferred until the end
// of the input (bounded; oldest screened first when the queue is full). See fhir.hpp.
#include "adapters/fhir/ndjson.hpp"

#include <algorithm>
#include <cstring>
#include <deque>
#include <unordered_map>

#include "adapters/fhir/claim_mapper.hpp"
#include "adapters/fhir/codings.hpp"
#include "adapters/fhir/document.hpp"
#include "adapters/fhir/input_text.hpp"
#include "adapters/fhir/operation_outcome.hpp"

namespace dxs::fhir {

namespace {
constexpr std::size_t kChunk = 64 * 1024;   // first buffer size, and growth step
constexpr std::size_t kMinRead = 4 * 1024;  // grow rather than ask the source for less
}

bool LineReader::fill() {
  if (eof_) return false;
  if (start_ > 0) {
    std::memmove(buffer_.get(), buffer_.get() + start_, size_ - start_);
    size_ -= start_;
    start_ = 0;
  }
  if (capacity_ - size_ < kMinRead) {
    const std::size_t grown = std::max(kChunk, capacity_ * 2);
    auto bigger = std::make_unique_for_overwrite<char[]>(grown);
    if (size_ > 0) std::memcpy(bigger.get(), buffer_.get(), size_);
    buffer_ = std::move(bigger);
    capacity_ = grown;
  }
  const std::size_t room = capacity_ - size_;
  Result<std::size_t> got = source_.read(buffer_.get() + size_, room);
  if (!got.ok()) {
    error_ = got.error();
    failed_ = true;
    eof_ = true;
    return false;
  }
  const std::size_t count = std::min(got.value(), room);
  size_ += count;
  if (count == 0) eof_ = true;
  return count != 0;
}

LineReader::Status LineReader::next(std::string_view& line) {
  bool skipping = false;
  std::size_t scanned = 0;  // bytes after start_ known to hold no newline
  for (;;) {
    const char* base = buffer_.get();
    const std::size_t from = start_ + scanned;
    const void* found = from < size_ ? std::memchr(base + from, '\n', size_ - from) : nullptr;
    if (found != nullptr) {
      const auto newline = static_cast<std::size_t>(static_cast<const char*>(found) - base);
      ++line_number_;
      const std::size_t begin = start_;
      start_ = newline + 1;
      if (skipping) return Status::too_long;
      std::size_t end = newline;
      if (end > begin && base[end - 1] == '\r') --end;
      line = std::string_view(base + begin, end - begin);
      return Status::line;
    }
    if (size_ - start_ > max_line_) {  // drop what we have of an overlong line
      skipping = true;
      size_ = 0;
      start_ = 0;
    }
    scanned = size_ - start_;
    if (!fill()) {
      if (failed_) return Status::read_error;
      if (start_ >= size_ && !skipping) return Status::end;
      ++line_number_;
      const std::size_t begin = start_;
      start_ = size_;
      if (skipping) return Status::too_long;
      std::size_t end = size_;
      if (end > begin && buffer_[end - 1] == '\r') --end;
      line = std::string_view(buffer_.get() + begin, end - begin);
      return Status::line;
    }
  }
}

namespace {

class NdjsonScreener {
 public:
  NdjsonScreener(const ScreenFn& screen_fn, const ResultSink& sink, const Options& options)
      : screen_fn_(screen_fn), sink_(sink), options_(options), writer_options_(options) {
    writer_options_.response_encoding = Encoding::json;  // NDJSON answers are JSON lines
    writer_options_.response_writer = nullptr;
    lookup_ = [this](std::string_view id) -> const ConditionFacts* {
      const auto found = conditions_.find(std::string(id));
      return found == conditions_.end() ? nullptr : &found->second;
    };
    outcome_.format = "fhir-ndjson";
    outcome_.media_type = "application/fhir+ndjson";
  }

  Outcome run(ByteSource& source) {
    LineReader reader(source, options_.limits.max_line_bytes);
    std::string_view line;
    bool any_content = false;
    for (;;) {
      const LineReader::Status status = reader.next(line);
      if (status == LineReader::Status::end) break;
      if (status == LineReader::Status::read_error) {
        InputError error;
        error.rule = "fhir-structure";
        error.severity = Severity::fatal;
        error.line = reader.line_number() + 1;
        error.column = 1;
        error.location = "line " + std::to_string(error.line);
        error.message = "the input could not be read: " + reader.read_error().message;
        report({error}, true);
        break;
      }
      if (status == LineReader::Status::too_long) {
        any_content = true;
        InputError error;
        error.rule = "fhir-structure";
        error.severity = Severity::error;
        error.line = reader.line_number();
        error.column = 1;
        error.location = "line " + std::to_string(error.line) + ", column 1";
        error.message = "line longer than " + std::to_string(options_.limits.max_line_bytes) +
                        " bytes; skipped";
        report({error});
        continue;
      }
      if (trim(line).empty()) continue;
      any_content = true;
      process_line(line, reader.line_number());
    }
    while (!deferred_.empty()) screen_oldest_deferred();
    if (outcome_.claims == 0 && outcome_.errors.empty()) {
      report({structure_error_at({}, 0, any_content ? "no Claim or ExplanationOfBenefit to screen" : "empty input")},
             true);
    }
    outcome_.unreadable = outcome_.claims == 0 && !outcome_.errors.empty();
    return std::move(outcome_);
  }

 private:
  void emit(const std::string& text) {
    if (options_.response_writer) {
      options_.response_writer(text);
    } else {
      outcome_.operation_outcome += text;
    }
  }

  void record(InputError error) {
    if (outcome_.errors.size() < options_.limits.max_errors) {
      outcome_.errors.push_back(std::move(error));
    } else if (outcome_.errors.size() == options_.limits.max_errors) {
      InputError more;
      more.rule = "fhir-structure";
      more.severity = Severity::error;
      more.message = "further input errors are not listed";
      outcome_.errors.push_back(std::move(more));
    }
  }

  // A line's problem rejects that line only (error); `whole_input` problems stay fatal.
  void report(std::vector<InputError> errors, bool whole_input = false) {
    for (InputError& error : errors) {
      if (!whole_input && error.severity == Severity::fatal) error.severity = Severity::error;
    }
    if (options_.build_responses) emit(write_structure_outcome(errors, writer_options_, true));
    for (InputError& error : errors) record(std::move(error));
  }

  void on_line(InputError& error, std::size_t line_number) const {
    error.line = line_number;
    if (error.location.rfind("line ", 0) == 0) {
      error.location = "line " + std::to_string(line_number) + ", column " +
                       std::to_string(error.column);
    }
  }

  void process_line(std::string_view line, std::size_t line_number) {
    Document& document = document_;  // reused: its buffer and node array keep their capacity
    if (auto error = parse_json(line, options_.limits, document)) {
      on_line(*error, line_number);
      report({*error});
      return;
    }
    const NodeId root = document.tree.root();
    if (document.tree[root].resource_type == "Condition") {
      index_condition(document, root, line_number);
      return;
    }
    MapSettings settings;
    settings.format = InputFormat::fhir_json;
    settings.body_sites = options_.body_sites;
    settings.limits = options_.limits;
    settings.conditions = &lookup_;
    MappedDocument mapped = map_document(document.tree, line, settings);
    if (mapped.unreadable) {
      for (InputError& error : mapped.errors) on_line(error, line_number);
      report(std::move(mapped.errors));
      return;
    }
    for (MappedClaim& claim : mapped.claims) {
      for (InputError& error : claim.errors) on_line(error, line_number);
      bool waiting = false;
      for (const std::string& id : claim.pending_conditions) waiting = waiting || !id.empty();
      if (!waiting) {
        screen_and_emit(claim);
        continue;
      }
      if (deferred_.size() >= options_.limits.max_deferred_claims) screen_oldest_deferred();
      deferred_.push_back(std::move(claim));
    }
  }

  void index_condition(const Document& document, NodeId root, std::size_t line_number) {
    const std::string id(trim(document.tree.value(root, "id")));
    if (id.empty()) return;  // nothing can reference it
    if (conditions_.size() >= options_.limits.max_ndjson_conditions &&
        conditions_.find(id) == conditions_.end()) {
      if (!index_full_reported_) {
        index_full_reported_ = true;
        InputError error;
        error.rule = "fhir-structure";
        error.severity = Severity::error;
        error.line = line_number;
        error.column = 1;
        error.location = "line " + std::to_string(line_number) + ", column 1";
        error.message = "more than " + std::to_string(options_.limits.max_ndjson_conditions) +
                        " Conditions; later ones are not indexed";
        report({error});
      }
      return;
    }
    conditions_[id] = condition_facts(document.tree, root, options_.body_sites);
  }

  void screen_oldest_deferred() {
    MappedClaim claim = std::move(deferred_.front());
    deferred_.pop_front();
    for (std::size_t i = 0; i < claim.pending_conditions.size(); ++i) {
      if (claim.pending_conditions[i].empty()) continue;
      if (const ConditionFacts* facts = lookup_(claim.pending_conditions[i])) {
        resolve_pending(claim, i, *facts);
      }
    }
    screen_and_emit(claim);
  }

  void screen_and_emit(MappedClaim& mapped) {
    const ClaimResult result = screen_fn_ ? screen_fn_(mapped.claim) : ClaimResult{};
    if (sink_) sink_(mapped.claim, result);
    ++outcome_.claims;
    if (options_.build_responses) {
      ClaimOutcome claim_outcome;
      claim_outcome.claim = &mapped.claim;
      claim_outcome.result = &result;
      claim_outcome.errors = &mapped.errors;
      claim_outcome.reference_notes = &mapped.reference_notes;
      emit(write_claim_outcomes({claim_outcome}, writer_options_, false, true));
    }
    for (InputError& error : mapped.errors) record(std::move(error));
  }

  const ScreenFn& screen_fn_;
  const ResultSink& sink_;
  const Options& options_;
  Options writer_options_;
  Outcome outcome_;
  std::unordered_map<std::string, ConditionFacts> conditions_;
  ConditionLookup lookup_;
  std::deque<MappedClaim> deferred_;
  Document document_;
  bool index_full_reported_ = false;
};

}  // namespace

Outcome screen_ndjson(ByteSource& source, const ScreenFn& screen_fn, const ResultSink& sink,
                      const Options& options) {
  return NdjsonScreener(screen_fn, sink, options).run(source);
}

}  // namespace dxs::fhir
