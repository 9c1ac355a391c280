#include "draws.hpp"

#include <cstdlib>
#include <limits>
#include <set>
#include <stdexcept>

#include <fmt/format.h>

#include "numpy_random.hpp"
#include "validation.hpp"

namespace assg {

namespace {

[[noreturn]] void fail_draw(const std::string& what, const std::string& problem) {
  fail_at<std::runtime_error>(what, problem);
}

// Draw sizes are capped so that a typo in a spec (an extra zero) is an error,
// not an attempt to allocate the machine's whole memory.
constexpr std::int64_t kMaxDrawElements = std::int64_t{1} << 28;
constexpr std::int64_t kMaxExactDrawBound = std::int64_t{1} << 53;

std::vector<std::int64_t> parse_shape(const nlohmann::json& json, const std::string& what) {
  if (!json.is_array()) fail_draw(what, fmt::format("shape must be an array, got {}", json.dump()));
  std::vector<std::int64_t> shape;
  for (const auto& extent : json) {
    if (!extent.is_number_integer() || extent.get<std::int64_t>() < 1)
      fail_draw(what, fmt::format("shape must hold positive integers, got {}", json.dump()));
    shape.push_back(extent.get<std::int64_t>());
  }
  std::int64_t count = 1;
  for (auto extent : shape) {
    if (extent != 0 && count > kMaxDrawElements / extent)
      fail_draw(what, fmt::format("shape {} is too large", json.dump()));
    count *= extent;
  }
  return shape;
}

std::int64_t parse_integer(const nlohmann::json& json, const char* key, const std::string& what) {
  if (!json.contains(key) || !json.at(key).is_number_integer())
    fail_draw(what, fmt::format("randint needs an integer \"{}\"", key));
  return json.at(key).get<std::int64_t>();
}

}  // namespace

DrawPlan parse_draw_plan(const nlohmann::json& seed, const nlohmann::json& draws,
                         const std::string& what) {
  DrawPlan plan;
  if (!seed.is_number_integer() || seed.get<std::int64_t>() < 0 ||
      seed.get<std::int64_t>() > std::numeric_limits<std::uint32_t>::max())
    fail_draw(what, fmt::format("\"seed\" must be an integer in [0, 2**32 - 1], got {}", seed.dump()));
  plan.seed = static_cast<std::uint32_t>(seed.get<std::int64_t>());
  if (!draws.is_array()) fail_draw(what, "\"draws\" must be an array");
  std::set<std::string> names;
  for (std::size_t i = 0; i < draws.size(); ++i) {
    const auto& json = draws[i];
    const auto where = fmt::format("{}: draws[{}]", what, i);
    if (!json.is_object() || !json.contains("name") || !json.at("name").is_string())
      fail_draw(where, "each draw needs a \"name\"");
    Draw draw;
    draw.name = json.at("name").get<std::string>();
    if (draw.name.empty()) fail_draw(where, "the draw's name is empty");
    if (!names.insert(draw.name).second)
      fail_draw(where, fmt::format("\"{}\" is drawn twice", draw.name));
    const int kinds = static_cast<int>(json.contains("randn")) +
                      static_cast<int>(json.contains("randint")) +
                      static_cast<int>(json.contains("value"));
    if (kinds != 1)
      fail_draw(where, fmt::format("draw \"{}\" needs exactly one of \"randn\", \"randint\", \"value\"",
                              draw.name));
    require_known_keys<std::runtime_error>(json, {"name", "randn", "randint", "value"}, where);
    if (json.contains("randn")) {
      draw.kind = Draw::Kind::Randn;
      draw.shape = parse_shape(json.at("randn"), where);
    } else if (json.contains("randint")) {
      draw.kind = Draw::Kind::Randint;
      const auto& spec = json.at("randint");
      if (!spec.is_object()) fail_draw(where, "\"randint\" must be {\"low\", \"high\", \"shape\"}");
      draw.low = parse_integer(spec, "low", where);
      draw.high = parse_integer(spec, "high", where);
      if (std::abs(draw.low) > kMaxExactDrawBound || std::abs(draw.high) > kMaxExactDrawBound)
        fail_draw(where, "randint bounds must lie within +-2**53 (tensors hold doubles)");
      if (draw.low >= draw.high)
        fail_draw(where, fmt::format("randint needs low < high, got low {} high {}", draw.low, draw.high));
      if (!spec.contains("shape")) fail_draw(where, "randint needs a \"shape\"");
      draw.shape = parse_shape(spec.at("shape"), where);
    } else {
      draw.kind = Draw::Kind::Value;
      draw.value = tensor_from_json(json.at("value"), where);
      draw.shape = draw.value.shape;
    }
    plan.draws.push_back(std::move(draw));
  }
  return plan;
}

nlohmann::ordered_json draw_plan_draws_to_json(const DrawPlan& plan) {
  auto draws = nlohmann::ordered_json::array();
  for (const auto& draw : plan.draws) {
    nlohmann::ordered_json json;
    json["name"] = draw.name;
    switch (draw.kind) {
      case Draw::Kind::Randn: json["randn"] = draw.shape; break;
      case Draw::Kind::Randint:
        json["randint"] = {{"low", draw.low}, {"high", draw.high}, {"shape", draw.shape}};
        break;
      case Draw::Kind::Value: json["value"] = tensor_to_json(draw.value); break;
    }
    draws.push_back(std::move(json));
  }
  return draws;
}

std::map<std::string, TensorValue> materialize(const DrawPlan& plan) {
  NumpyRandomState random(plan.seed);
  std::map<std::string, TensorValue> tensors;
  for (const auto& draw : plan.draws) {
    TensorValue tensor;
    tensor.shape = draw.shape;
    const auto count = element_count(draw.shape);
    switch (draw.kind) {
      case Draw::Kind::Randn:
        tensor.dtype = DType::Float64;
        tensor.data = random.randn(count);
        break;
      case Draw::Kind::Randint: {
        tensor.dtype = DType::Int64;
        const auto values = random.randint(draw.low, draw.high, count);
        tensor.data.assign(values.begin(), values.end());
        break;
      }
      case Draw::Kind::Value: tensor = draw.value; break;
    }
    if (draw.name.front() != '_') tensors.emplace(draw.name, std::move(tensor));
  }
  return tensors;
}

std::int64_t drawn_element_count(const DrawPlan& plan) {
  std::int64_t count = 0;
  for (const auto& draw : plan.draws) count += element_count(draw.shape);
  return count;
}

}  // namespace assg
