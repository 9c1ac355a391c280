// Writing expected values into a fixture: in full, or, for a large tensor,
// as a summary (its mean, the mean and maximum over every axis but the last,
// and its values at sampled positions) that the grader checks in its place.
#pragma once

#include <cstdint>

#include <nlohmann/json.hpp>

#include "fixture.hpp"
#include "tensor_value.hpp"

namespace assg {

// `samples` positions drawn from a fixed stream, plus the first and last.
ExpectedSummary summarize(const TensorValue& tensor, std::int64_t samples);

nlohmann::ordered_json expected_to_json(const Expected& expected);

}  // namespace assg
