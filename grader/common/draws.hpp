// Inputs described as NumPy would create them: `np.random.seed(seed)` then a
// sequence of draws, each `{"name", "randn": shape}`,
// `{"name", "randint": {"low", "high", "shape"}}` or `{"name", "value": tensor}`,
// taken in order from one stream. A draw whose name starts with "_" is drawn
// (it advances the stream, as in the published examples) and then dropped.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tensor_value.hpp"

namespace assg {

struct Draw {
  enum class Kind { Randn, Randint, Value };
  std::string name;
  Kind kind = Kind::Randn;
  std::vector<std::int64_t> shape;
  std::int64_t low = 0, high = 0;  // randint: [low, high)
  TensorValue value;               // Kind::Value
};

struct DrawPlan {
  std::uint32_t seed = 0;
  std::vector<Draw> draws;
};

// Throws std::runtime_error prefixed with `what` on malformed input.
DrawPlan parse_draw_plan(const nlohmann::json& seed, const nlohmann::json& draws,
                         const std::string& what);
nlohmann::ordered_json draw_plan_draws_to_json(const DrawPlan& plan);

// Draws every tensor in order; discarded ("_name") draws are not returned.
std::map<std::string, TensorValue> materialize(const DrawPlan& plan);
// Elements the plan would draw (to decide whether to store them or the plan).
std::int64_t drawn_element_count(const DrawPlan& plan);

}  // namespace assg
