// The shape of every output of a call, worked out from the shapes of its
// inputs and its scalar arguments by the assignment's own rules. The grader
// checks each fixture case with it before grading, so that an impossible
// case (a kernel larger than the padded input, a negative pad, expected
// values of the wrong shape) stops the run as the instructor's mistake
// instead of costing a student points.
#pragma once

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace assg {

using Shape = std::vector<std::int64_t>;

// Throws std::invalid_argument naming the problem. Params are assumed to be
// of the right JSON types (validate_params checks that first).
std::map<std::string, Shape> output_shapes(const std::string& function, const std::map<std::string, Shape>& inputs,
                                           const nlohmann::json& params);

}  // namespace assg
