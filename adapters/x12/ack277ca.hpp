#pragma once
// 277CA claim acknowledgment (005010X214): one ST 277 per accepted 837 transaction set, with
// 2000A information source (the screener), 2000B information receiver (the submitter, batch
// STC and counts), 2000C billing provider, 2000D patient with one 2200D per claim
// (TRN*2 = CLM01 exactly as received) and 2220D for rejected service lines.
//
// Finding -> STC (responses.md section 5; only error findings reject):
//   code-unknown            A7:254 (principal) / A7:255
//   code-not-billable       A7:254 / A7:255, STC10 A7:<nonbillable_secondary> (772 by default)
//   excludes1               A8:255, STC10 A8:732
//   manifestation-principal A7:254, STC10 A7:732
//   pointer-invalid         A7:255 on the claim and on the line (2220D)
//   other errors            A7:255 (+ A7:772 for specificity rules, A7:732 for relational ones)
//   claim named in the 999  A3:684
//   accepted                A1:20 (A2:20 when payer_front_end), WQ
#include <string>
#include <vector>

#include "adapters/x12/ack_model.hpp"
#include "adapters/x12/segment_writer.hpp"
#include "adapters/x12/x12.hpp"
#include "core/finding.hpp"

namespace dxs::x12 {

// The STCs of one claim. Sets ack.statuses and ack.rejected, and keeps in ack.lines only the
// lines a status names (the others are dropped to keep memory small).
void assign_claim_statuses(const Claim& claim, const ClaimResult& result, const AckConfig& config,
                           ClaimAck& ack);

// STC12 text: "ICD-10-CM <codes> rule <rule id>", undotted codes, at most 264 characters.
std::string status_text(const Finding& finding);

// "" when no transaction set of the interchange was accepted.
std::string write_277ca(const InterchangeAck& in, const AckConfig& config, const AckEnvelope& envelope);

}  // namespace dxs::x12
