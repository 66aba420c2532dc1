#pragma once
// Condition.bodySite -> documented body sites (canonical site key + side) through the
// BodySiteMap of mappings/body-sites.
#include <vector>

#include "adapters/fhir/tree.hpp"
#include "core/body_site.hpp"
#include "core/claim.hpp"

namespace dxs::fhir {

// One BodySite per Condition.bodySite element, location relative to the Condition
// ("bodySite[0]"). Per element: a SNOMED CT body structure coding (pre-coordinated right/left
// structures carry the side); a side from a SNOMED laterality qualifier coding or a laterality
// qualifier extension (mCODE mcode-laterality-qualifier, any extension whose url ends in
// "laterality-qualifier" or "laterality" with a valueCodeableConcept); what is still unknown is
// taken from bodySite.text ("right shoulder"). With no map, sites stay "" and sides unknown.
std::vector<BodySite> documented_body_sites(const Tree& tree, NodeId condition,
                                            const BodySiteMap* map);

}  // namespace dxs::fhir
