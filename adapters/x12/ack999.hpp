#pragma once
// 999 implementation acknowledgment (005010X231A1): one ST 999 per received functional group
// (groups of acknowledgments, GS01 FA, are never acknowledged), AK2 per transaction set with
// IK3/CTX/IK4 for each recorded error, IK5, and AK9 for the group. When the submitter asked
// for an interchange acknowledgment (ISA14 = 1) the 999 interchange also carries TA1 ... A*000.
#include <string>

#include "adapters/x12/ack_model.hpp"
#include "adapters/x12/segment_writer.hpp"
#include "adapters/x12/x12.hpp"

namespace dxs::x12 {

// "" when the interchange has no group to acknowledge.
std::string write_999(const InterchangeAck& in, const AckConfig& config, const AckEnvelope& envelope);

// Whether a transaction set's claims go on to the 277CA: the set is accepted (IK5 A or E) and
// its group has no group-level error.
bool transaction_accepted(const GroupAck& group, const TransactionAck& transaction);

}  // namespace dxs::x12
