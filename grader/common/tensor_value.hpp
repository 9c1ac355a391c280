// A dtype-tagged, row-major tensor: the one currency between fixtures, the
// runner protocol and the comparisons. Scalars are rank-0 tensors.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace assg {

enum class DType { Float64, Int64, Bool };

std::string to_string(DType dtype);

struct TensorValue {
  DType dtype = DType::Float64;
  std::vector<std::int64_t> shape;  // empty for a scalar
  std::vector<double> data;         // row-major; ints and bools stored exactly as doubles

  static TensorValue scalar(double value, DType dtype = DType::Float64);
  std::int64_t element_count() const;
  bool is_scalar() const { return shape.empty(); }
};

// "(10, 3, 4, 8)", "()" for a scalar.
std::string shape_string(const std::vector<std::int64_t>& shape);
// Row-major multi-index of a flat position.
std::vector<std::int64_t> unravel_index(std::int64_t flat, const std::vector<std::int64_t>& shape);
std::int64_t element_count(const std::vector<std::int64_t>& shape);

// ---- JSON (fixtures): {"shape": [...], "data": [...]}, a bare number for a
// scalar, or (in specs) nested arrays as NumPy would print them. The dtype is
// taken from the JSON numbers: all integers -> Int64, any boolean -> Bool.
// Errors throw std::runtime_error with a message naming what is wrong.
TensorValue tensor_from_json(const nlohmann::json& json, const std::string& what);
// Writes numbers with full round-trip precision (integers for Int64 data).
nlohmann::ordered_json tensor_to_json(const TensorValue& tensor);

// ---- binary (runner protocol, CBOR): {"shape", "dtype", "data": bytes}.
nlohmann::json tensor_to_wire(const TensorValue& tensor);
TensorValue tensor_from_wire(const nlohmann::json& json, const std::string& what);

}  // namespace assg
