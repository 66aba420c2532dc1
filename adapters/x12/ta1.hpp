#pragma once
// TA1 interchange acknowledgment for an envelope that cannot be accepted: a TA1-only
// interchange (ISA, TA1, IEA with IEA01 = 0) addressed to the submitter.
#include <string>

#include "adapters/x12/ack_model.hpp"
#include "adapters/x12/segment_writer.hpp"
#include "adapters/x12/x12.hpp"

namespace dxs::x12 {

// `in.ta1_note` must be set (TA105); TA104 is R.
std::string write_ta1(const InterchangeAck& in, const AckConfig& config, const AckEnvelope& envelope);

}  // namespace dxs::x12
