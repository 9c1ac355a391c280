// Turns an instructor's spec into a fixture with golden values computed by
// the reference solution.
//
// Spec: {"task": "conv_forward", "cases": [{"name", "description"?, "source"?,
//        "seed"?, "draws"?: [...], "params"?: {...}}]}
// ("seed" may be left out when every draw is a "value").
// Draws follow grader/common/draws.hpp; params are the function's scalar
// arguments by name ("mode" is "max" or "avg"). For conv_backward without a
// "dZ" draw, dZ is conv_forward's output on the drawn inputs, as in the
// published examples.
#pragma once

#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

namespace assg {

class SpecError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct FixtureBuildOptions {
  // Inputs drawn with more elements than this are stored as their seed and
  // draws; expected tensors larger than summary_threshold as a summary.
  std::int64_t stored_input_limit = 100000;
  std::int64_t summary_threshold = 20000;
  std::int64_t summary_samples = 2000;
};

// Errors name `spec_path`; the fixture's "generated_from" is its file name
// (so the output does not depend on where the spec was read from).
nlohmann::ordered_json build_fixture(const nlohmann::json& spec, const std::string& spec_path,
                                     const FixtureBuildOptions& options = {});

}  // namespace assg
