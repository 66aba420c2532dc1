#include "adapters/fhir/claim_mapper.hpp"

#include <algorithm>
#include <optional>

#include "adapters/fhir/codings.hpp"
#include "adapters/fhir/input_text.hpp"
#include "adapters/fhir/references.hpp"

namespace dxs::fhir {
namespace {

bool is_claim_type(std::string_view type) noexcept {
  return type == "Claim" || type == "ExplanationOfBenefit";
}

std::string indexed(std::string_view base, std::string_view name, std::size_t index) {
  std::string path(base);
  path += '.';
  path += name;
  path += '[';
  path += std::to_string(index);
  path += ']';
  return path;
}

Date parse_date(std::string_view text) {
  const auto date = Date::parse_iso(trim(text));
  return date ? *date : Date{};
}

class Mapper {
 public:
  Mapper(const Tree& tree, std::string_view input, const MapSettings& settings)
      : tree_(tree), input_(input), settings_(settings) {}

  MappedDocument run() {
    const NodeId root = tree_.root();
    const std::string_view type = tree_[root].resource_type;
    document_.resource_type = std::string(type);
    if (is_claim_type(type)) {
      add_claim(root, std::string(type), nullptr, 0);
    } else if (type == "Bundle") {
      map_bundle(root, "Bundle");
    } else if (type == "Parameters") {
      map_parameters(root);
    } else {
      fatal(root, std::string(type),
            "resource type " + printable(type) +
                " cannot be screened: expected Claim, ExplanationOfBenefit, Bundle or Parameters");
    }
    if (document_.claims.empty() && !document_.unreadable) {
      fatal(root, std::string(type), "no Claim or ExplanationOfBenefit to screen");
    }
    return std::move(document_);
  }

 private:
  static std::string printable(std::string_view text) {
    std::string out;
    for (const char c : text.substr(0, 40)) {
      out += (c >= 0x20 && c < 0x7F) ? c : '?';
    }
    return out;
  }

  InputError error_at(NodeId node, const std::string& path, std::string message,
                      Severity severity) const {
    InputError error = structure_error_at(input_, tree_[node].offset, std::move(message), severity);
    error.location = path;
    return error;
  }

  void fatal(NodeId node, const std::string& path, std::string message) {
    document_.errors.push_back(error_at(node, path, std::move(message), Severity::fatal));
    document_.unreadable = true;
  }

  void map_parameters(NodeId root) {
    std::size_t index = 0;
    for (const NodeId parameter : tree_.named(root, "parameter")) {
      const std::string path = indexed("Parameters", "parameter", index++);
      if (tree_.value(parameter, "name") != "resource") continue;
      const NodeId resource = tree_.child(parameter, "resource");
      if (resource == no_node) continue;
      const std::string resource_path = path + ".resource";
      const std::string_view type = tree_[resource].resource_type;
      if (is_claim_type(type)) {
        add_claim(resource, resource_path, nullptr, 0);
      } else if (type == "Bundle") {
        map_bundle(resource, resource_path);
      } else {
        fatal(resource, resource_path,
              "the \"resource\" parameter holds a " + printable(type) +
                  ": expected Claim, ExplanationOfBenefit or Bundle");
      }
      return;
    }
    fatal(root, "Parameters", "Parameters without a \"resource\" parameter");
  }

  void map_bundle(NodeId bundle, const std::string& bundle_path) {
    const BundleIndex index(tree_, bundle);
    document_.from_bundle = true;
    const auto& entries = index.entries();
    for (std::size_t k = 0; k < entries.size(); ++k) {
      if (!is_claim_type(entries[k].type)) continue;
      if (document_.claims.size() >= settings_.limits.max_claims) {
        fatal(entries[k].resource, indexed(bundle_path, "entry", k) + ".resource",
              "more than " + std::to_string(settings_.limits.max_claims) + " claims in one input");
        return;
      }
      add_claim(entries[k].resource, indexed(bundle_path, "entry", k) + ".resource", &index, k);
    }
  }

  // ---- one claim ----------------------------------------------------------------------

  void add_claim(NodeId resource, const std::string& path, const BundleIndex* bundle,
                 std::size_t entry) {
    MappedClaim mapped;
    Claim& claim = mapped.claim;
    claim.format = settings_.format;
    claim.location = path;
    claim.id = std::string(trim(tree_.value(resource, "id")));
    if (claim.id.empty()) {
      for (const NodeId identifier : tree_.named(resource, "identifier")) {
        const std::string_view value = trim(tree_.value(identifier, "value"));
        if (!value.empty()) {
          claim.id = std::string(value);
          break;
        }
      }
    }
    claim.kind = claim_kind(tree_, resource);
    const NodeId billable = tree_.child(resource, "billablePeriod");
    claim.service_from = parse_date(tree_.value(billable, "start"));
    claim.service_to = parse_date(tree_.value(billable, "end"));
    if (claim.kind == ClaimKind::institutional) {
      claim.statement_from = claim.service_from;
      claim.statement_to = claim.service_to;
    }
    claim.discharge = discharge_date(resource);

    std::size_t index = 0;
    for (const NodeId diagnosis : tree_.named(resource, "diagnosis")) {
      map_diagnosis(mapped, resource, diagnosis, indexed(path, "diagnosis", index++), path, bundle,
                    entry);
    }
    check_sequences(mapped, resource, path);
    apply_principal_fallback(claim);

    index = 0;
    for (const NodeId item : tree_.named(resource, "item")) {
      claim.lines.push_back(map_item(mapped, item, indexed(path, "item", index++)));
    }
    document_.claims.push_back(std::move(mapped));
  }

  // supportingInfo "discharge" with a timing wins; else the end of the stay ("hospitalized",
  // CARIN BB "admissionperiod"), since a discharge entry often carries only the disposition.
  Date discharge_date(NodeId resource) const {
    Date stay_end;
    for (const NodeId info : tree_.named(resource, "supportingInfo")) {
      const NodeId category = tree_.child(info, "category");
      const NodeId period = tree_.child(info, "timingPeriod");
      for (const NodeId coding : tree_.named(category, "coding")) {
        const std::string_view code = trim(tree_.value(coding, "code"));
        if (code == "discharge") {
          Date date = parse_date(tree_.value(info, "timingDate"));
          if (!date.known()) date = parse_date(tree_.value(period, "end"));
          if (!date.known()) date = parse_date(tree_.value(period, "start"));
          if (date.known()) return date;
        } else if ((code == "hospitalized" || code == "admissionperiod") && !stay_end.known()) {
          stay_end = parse_date(tree_.value(period, "end"));
        }
      }
    }
    return stay_end;
  }

  void map_diagnosis(MappedClaim& mapped, NodeId resource, NodeId node, const std::string& path,
                     const std::string& resource_path, const BundleIndex* bundle,
                     std::size_t entry) {
    Diagnosis diagnosis;
    std::string note;
    std::string pending;
    const std::string_view sequence_text = tree_.value(node, "sequence");
    if (const auto sequence = parse_positive_int(sequence_text)) {
      diagnosis.sequence = *sequence;
    }
    diagnosis.role = diagnosis_role(tree_, node);
    diagnosis.poa = present_on_admission(tree_, node);

    const NodeId concept_node = tree_.child(node, "diagnosisCodeableConcept");
    const NodeId reference = tree_.child(node, "diagnosisReference");
    if (concept_node != no_node) {
      apply_codeable_concept(diagnosis, tree_, concept_node, path + ".diagnosisCodeableConcept");
    } else if (reference != no_node) {
      resolve_diagnosis_reference(diagnosis, note, pending, resource, reference,
                                  path + ".diagnosisReference", resource_path, bundle, entry);
    } else {
      diagnosis.system = CodeSystem::missing;
      diagnosis.not_screenable = true;
      diagnosis.location = path;
      mapped.errors.push_back(error_at(node, path,
                                       "diagnosis has neither diagnosisCodeableConcept nor "
                                       "diagnosisReference",
                                       Severity::error));
    }
    mapped.claim.diagnoses.push_back(std::move(diagnosis));
    mapped.reference_notes.push_back(std::move(note));
    mapped.pending_conditions.push_back(std::move(pending));
  }

  void resolve_diagnosis_reference(Diagnosis& diagnosis, std::string& note, std::string& pending,
                                   NodeId resource, NodeId reference_node,
                                   const std::string& reference_path,
                                   const std::string& resource_path, const BundleIndex* bundle,
                                   std::size_t entry) {
    const std::string_view text = trim(tree_.value(reference_node, "reference"));
    diagnosis.reference = std::string(text);
    diagnosis.location = reference_path;
    diagnosis.system = CodeSystem::missing;
    diagnosis.reference_unresolved = true;
    if (text.empty()) {
      note = "the diagnosisReference has no reference (identifier-only references cannot be resolved)";
      return;
    }
    NodeId condition = no_node;
    std::string condition_path;
    if (text.starts_with("#")) {
      const Resolution found = resolve_contained(tree_, resource, text);
      if (found.resource == no_node) {
        note = found.note;
        return;
      }
      condition = found.resource;
      condition_path = indexed(resource_path, "contained", found.index);
    } else if (bundle != nullptr) {
      const Resolution found = bundle->resolve(text, entry);
      if (found.resource == no_node) {
        note = found.note;
        return;
      }
      condition = found.resource;
      const std::string bundle_path =
          resource_path.substr(0, resource_path.rfind(".entry["));
      condition_path = indexed(bundle_path, "entry", found.index) + ".resource";
    } else if (settings_.conditions != nullptr) {
      const ParsedReference parsed = parse_reference(text);
      if (parsed.type != "Condition") {
        note = "only Condition/<id> references can be resolved across NDJSON lines";
        return;
      }
      if (const ConditionFacts* facts = (*settings_.conditions)(parsed.id)) {
        apply_condition(diagnosis, *facts, ndjson_condition_path(parsed.id));
      } else {
        pending = std::string(parsed.id);
        note = "no Condition with this id in the input";
      }
      return;
    } else {
      note = "a single resource can only resolve references to its contained resources";
      return;
    }
    if (tree_[condition].resource_type != "Condition") {
      note = "the reference points to a " + printable(tree_[condition].resource_type) +
             ", not a Condition";
      return;
    }
    apply_condition(diagnosis, condition_facts(tree_, condition, settings_.body_sites),
                    condition_path);
  }

  void check_sequences(MappedClaim& mapped, NodeId resource, const std::string& path) {
    std::vector<int> seen;  // sequences so far; claims hold a handful of diagnoses
    seen.reserve(mapped.claim.diagnoses.size());
    std::size_t i = 0;
    for (const NodeId node : tree_.named(resource, "diagnosis")) {
      if (i >= mapped.claim.diagnoses.size()) break;
      const int sequence = mapped.claim.diagnoses[i].sequence;
      const bool repeated = sequence > 0 && std::find(seen.begin(), seen.end(), sequence) != seen.end();
      if (sequence <= 0) {
        mapped.errors.push_back(error_at(node, indexed(path, "diagnosis", i) + ".sequence",
                                         "diagnosis.sequence is missing or not a positive integer",
                                         Severity::error));
      } else if (repeated) {
        mapped.errors.push_back(
            error_at(node, indexed(path, "diagnosis", i) + ".sequence",
                     "diagnosis.sequence " + std::to_string(sequence) +
                         " is used by more than one diagnosis; pointers to it are ambiguous",
                     Severity::error));
      } else {
        seen.push_back(sequence);
      }
      ++i;
    }
  }

  // FHIR has no required principal marker: without a type "principal", the diagnosis with the
  // lowest sequence among those without another role is the principal (DESIGN.md).
  static void apply_principal_fallback(Claim& claim) {
    Diagnosis* lowest = nullptr;
    for (Diagnosis& d : claim.diagnoses) {
      if (d.role == DiagnosisRole::principal) return;
      if (d.role == DiagnosisRole::other && d.sequence > 0 &&
          (lowest == nullptr || d.sequence < lowest->sequence)) {
        lowest = &d;
      }
    }
    if (lowest != nullptr) lowest->role = DiagnosisRole::principal;
  }

  ServiceLine map_item(MappedClaim& mapped, NodeId item, const std::string& path) {
    ServiceLine line;
    line.location = path + ".diagnosisSequence";
    if (const auto sequence = parse_positive_int(tree_.value(item, "sequence"))) {
      line.sequence = *sequence;
    }
    const NodeId product = tree_.child(item, "productOrService");
    const NodeId coding = tree_.child(product, "coding");
    line.procedure = std::string(trim(tree_.value(coding, "code")));
    const std::string_view date = tree_.value(item, "servicedDate");
    if (!date.empty()) {
      line.service_from = parse_date(date);
      line.service_to = line.service_from;
    } else {
      const NodeId period = tree_.child(item, "servicedPeriod");
      line.service_from = parse_date(tree_.value(period, "start"));
      line.service_to = parse_date(tree_.value(period, "end"));
    }
    std::size_t index = 0;
    for (const NodeId pointer : tree_.named(item, "diagnosisSequence")) {
      const auto value = parse_positive_int(tree_[pointer].value);
      if (!value) {
        mapped.errors.push_back(error_at(pointer, indexed(path, "diagnosisSequence", index),
                                         "item.diagnosisSequence is not a positive integer",
                                         Severity::error));
      }
      line.pointers.push_back(value.value_or(0));
      ++index;
    }
    return line;
  }

  const Tree& tree_;
  std::string_view input_;
  const MapSettings& settings_;
  MappedDocument document_;
};

}  // namespace

MappedDocument map_document(const Tree& tree, std::string_view input, const MapSettings& settings) {
  if (tree.empty()) {
    MappedDocument document;
    document.unreadable = true;
    return document;
  }
  return Mapper(tree, input, settings).run();
}

std::string ndjson_condition_path(std::string_view id) {
  return "Condition.where(id='" + std::string(id) + "')";
}

void resolve_pending(MappedClaim& claim, std::size_t diagnosis_index, const ConditionFacts& facts) {
  if (diagnosis_index >= claim.claim.diagnoses.size()) return;
  apply_condition(claim.claim.diagnoses[diagnosis_index], facts,
                  ndjson_condition_path(claim.pending_conditions[diagnosis_index]));
  claim.reference_notes[diagnosis_index].clear();
  claim.pending_conditions[diagnosis_index].clear();
}

}  // namespace dxs::fhir
