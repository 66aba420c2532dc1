#pragma once
// Tree -> claim model. Handles a Claim or ExplanationOfBenefit, a Bundle of them (any type:
// collection, transaction, batch, searchset, ...) and a Parameters body whose "resource"
// parameter holds either. Diagnosis references resolve through contained resources, the
// Bundle, or (NDJSON) a caller-supplied Condition lookup.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/fhir/conditions.hpp"
#include "adapters/fhir/fhir.hpp"
#include "adapters/fhir/tree.hpp"
#include "core/claim.hpp"

namespace dxs::fhir {

struct MappedClaim {
  Claim claim;
  std::vector<InputError> errors;               // problems of this claim only (severity error)
  std::vector<std::string> reference_notes;     // per diagnosis: why its reference did not resolve
  std::vector<std::string> pending_conditions;  // per diagnosis: Condition id still to look up (NDJSON)
};

struct MappedDocument {
  std::vector<MappedClaim> claims;
  std::vector<InputError> errors;  // document-level; fatal ones mean nothing was screened
  std::string resource_type;       // of the root resource
  bool unreadable = false;
  bool from_bundle = false;        // the claims came from Bundle entries
};

// Looks up an NDJSON Condition by id; nullptr when unknown.
using ConditionLookup = std::function<const ConditionFacts*(std::string_view id)>;

struct MapSettings {
  InputFormat format = InputFormat::fhir_json;
  const BodySiteMap* body_sites = nullptr;
  Limits limits;
  const ConditionLookup* conditions = nullptr;  // NDJSON: Condition/<id> outside the document
};

// `input` is the original text (for line/column of errors).
MappedDocument map_document(const Tree& tree, std::string_view input, const MapSettings& settings);

// FHIRPath of an NDJSON Condition, which has no container to index into:
// "Condition.where(id='abc')" (ids are [A-Za-z0-9.-]{1,64}, so no quoting is needed).
std::string ndjson_condition_path(std::string_view id);

// Fills the diagnosis of a resolved NDJSON reference (pending id -> that Condition's paths).
void resolve_pending(MappedClaim& claim, std::size_t diagnosis_index, const ConditionFacts& facts);

}  // namespace dxs::fhir
