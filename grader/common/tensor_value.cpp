#include "tensor_value.hpp"
#include "validation.hpp"

#include <cmath>
#include <cstring>
#include <stdexcept>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace assg {

namespace {

// Largest integer a double holds exactly: Int64 tensors beyond it are refused
// rather than silently rounded.
constexpr double kMaxExactInteger = 9007199254740992.0;  // 2^53
// A stored tensor's elements: anything larger is a mistake (and would
// overflow the element count long before it could be allocated).
constexpr std::int64_t kMaxElements = std::int64_t{1} << 31;

[[noreturn]] void fail_tensor(const std::string& what, const std::string& problem) {
  fail_at<std::runtime_error>(what, problem);
}

DType dtype_of_number(const nlohmann::json& value, const std::string& what) {
  if (value.is_boolean()) return DType::Bool;
  if (value.is_number_integer()) return DType::Int64;
  if (value.is_number_float()) return DType::Float64;
  fail_tensor(what, fmt::format("expected a number, got {}", value.dump()));
}

// Combines element dtypes: Bool only if all are bools, Int64 if all are ints.
DType merge(DType a, DType b, const std::string& what) {
  if (a == b) return a;
  if (a == DType::Bool || b == DType::Bool) fail_tensor(what, "mixes booleans and numbers");
  return DType::Float64;
}

double number_value(const nlohmann::json& value) {
  if (value.is_boolean()) return value.get<bool>() ? 1.0 : 0.0;
  if (value.is_number_unsigned()) return static_cast<double>(value.get<std::uint64_t>());
  if (value.is_number_integer()) return static_cast<double>(value.get<std::int64_t>());
  return value.get<double>();
}

void check_integer_range(const nlohmann::json& value, const std::string& what) {
  if (value.is_number_integer() && std::fabs(number_value(value)) > kMaxExactInteger)
    fail_tensor(what, fmt::format("integer {} is too large to hold exactly", value.dump()));
}

// Nested arrays like NumPy prints them: [[1, 2], [3, 4]].
void flatten_nested(const nlohmann::json& json, std::size_t depth, TensorValue& out,
                    bool& dtype_set, const std::string& what) {
  if (!json.is_array()) {
    if (depth != out.shape.size()) fail_tensor(what, "nested arrays are ragged");
    check_integer_range(json, what);
    const DType element = dtype_of_number(json, what);
    out.dtype = dtype_set ? merge(out.dtype, element, what) : element;
    dtype_set = true;
    out.data.push_back(number_value(json));
    return;
  }
  const auto length = static_cast<std::int64_t>(json.size());
  if (depth == out.shape.size()) {
    if (!out.data.empty()) fail_tensor(what, "nested arrays are ragged");
    out.shape.push_back(length);
  } else if (depth > out.shape.size() || out.shape[depth] != length) {
    fail_tensor(what, "nested arrays are ragged");
  }
  for (const auto& item : json) flatten_nested(item, depth + 1, out, dtype_set, what);
}

}  // namespace

std::string to_string(DType dtype) {
  switch (dtype) {
    case DType::Float64: return "float64";
    case DType::Int64: return "int64";
    case DType::Bool: return "bool";
  }
  return "unknown";
}

TensorValue TensorValue::scalar(double value, DType dtype) {
  TensorValue tensor;
  tensor.dtype = dtype;
  tensor.data.push_back(value);
  return tensor;
}

std::int64_t element_count(const std::vector<std::int64_t>& shape) {
  std::int64_t count = 1;
  for (auto extent : shape) count *= extent;
  return count;
}

std::int64_t TensorValue::element_count() const { return assg::element_count(shape); }

std::string shape_string(const std::vector<std::int64_t>& shape) {
  if (shape.size() == 1) return fmt::format("({},)", shape[0]);
  return fmt::format("({})", fmt::join(shape, ", "));
}

std::vector<std::int64_t> unravel_index(std::int64_t flat, const std::vector<std::int64_t>& shape) {
  std::vector<std::int64_t> index(shape.size(), 0);
  for (std::size_t axis = shape.size(); axis-- > 0;) {
    if (shape[axis] == 0) break;
    index[axis] = flat % shape[axis];
    flat /= shape[axis];
  }
  return index;
}

TensorValue tensor_from_json(const nlohmann::json& json, const std::string& what) {
  TensorValue tensor;
  if (json.is_number() || json.is_boolean()) {
    check_integer_range(json, what);
    tensor.dtype = dtype_of_number(json, what);
    tensor.data.push_back(number_value(json));
    return tensor;
  }
  if (json.is_array()) {
    bool dtype_set = false;
    flatten_nested(json, 0, tensor, dtype_set, what);
    return tensor;
  }
  if (!json.is_object()) fail_tensor(what, fmt::format("expected a tensor, got {}", json.type_name()));
  if (!json.contains("shape") || !json.contains("data"))
    fail_tensor(what, "a tensor needs both \"shape\" and \"data\"");
  const auto& shape = json.at("shape");
  if (!shape.is_array()) fail_tensor(what, "\"shape\" must be an array of sizes");
  std::int64_t count = 1;
  for (const auto& extent : shape) {
    if (!extent.is_number_integer() || extent.get<std::int64_t>() < 0)
      fail_tensor(what, fmt::format("\"shape\" must hold non-negative integers, got {}", shape.dump()));
    const auto size = extent.get<std::int64_t>();
    if (size != 0 && count > kMaxElements / size) fail_tensor(what, fmt::format("shape {} is far too large", shape.dump()));
    count *= size;
    tensor.shape.push_back(size);
  }
  const auto& data = json.at("data");
  if (!data.is_array()) fail_tensor(what, "\"data\" must be a flat array of numbers");
  if (static_cast<std::int64_t>(data.size()) != tensor.element_count())
    fail_tensor(what, fmt::format("\"data\" holds {} values but shape {} needs {}", data.size(),
                           shape_string(tensor.shape), tensor.element_count()));
  tensor.data.reserve(data.size());
  bool dtype_set = false;
  for (const auto& value : data) {
    if (value.is_array()) fail_tensor(what, "\"data\" must be flat (row-major), not nested");
    check_integer_range(value, what);
    const DType element = dtype_of_number(value, what);
    tensor.dtype = dtype_set ? merge(tensor.dtype, element, what) : element;
    dtype_set = true;
    tensor.data.push_back(number_value(value));
  }
  return tensor;
}

namespace {
nlohmann::ordered_json element_json(const TensorValue& tensor, double value) {
  switch (tensor.dtype) {
    case DType::Bool: return value != 0.0;
    case DType::Int64: return static_cast<std::int64_t>(value);
    case DType::Float64: break;
  }
  return value;
}
}  // namespace

nlohmann::ordered_json tensor_to_json(const TensorValue& tensor) {
  if (tensor.is_scalar()) return element_json(tensor, tensor.data.at(0));
  nlohmann::ordered_json json;
  json["shape"] = tensor.shape;
  auto data = nlohmann::ordered_json::array();
  for (double value : tensor.data) data.push_back(element_json(tensor, value));
  json["data"] = std::move(data);
  return json;
}

nlohmann::json tensor_to_wire(const TensorValue& tensor) {
  nlohmann::json json;
  json["shape"] = tensor.shape;
  json["dtype"] = to_string(tensor.dtype);
  std::vector<std::uint8_t> bytes;
  if (tensor.dtype == DType::Bool) {
    bytes.reserve(tensor.data.size());
    for (double value : tensor.data) bytes.push_back(value != 0.0 ? 1 : 0);
  } else if (tensor.dtype == DType::Int64) {
    bytes.resize(tensor.data.size() * sizeof(std::int64_t));
    for (std::size_t i = 0; i < tensor.data.size(); ++i) {
      const auto value = static_cast<std::int64_t>(tensor.data[i]);
      std::memcpy(bytes.data() + i * sizeof value, &value, sizeof value);
    }
  } else {
    bytes.resize(tensor.data.size() * sizeof(double));
    std::memcpy(bytes.data(), tensor.data.data(), bytes.size());
  }
  json["data"] = nlohmann::json::binary(std::move(bytes));
  return json;
}

TensorValue tensor_from_wire(const nlohmann::json& json, const std::string& what) {
  if (!json.is_object() || !json.contains("shape") || !json.contains("dtype") ||
      !json.contains("data") || !json.at("data").is_binary() || !json.at("shape").is_array() ||
      !json.at("dtype").is_string())
    fail_tensor(what, "malformed tensor (expected shape, dtype and binary data)");
  TensorValue tensor;
  for (const auto& extent : json.at("shape")) {
    if (!extent.is_number_integer() || extent.get<std::int64_t>() < 0)
      fail_tensor(what, "malformed tensor shape");
    tensor.shape.push_back(extent.get<std::int64_t>());
  }
  const auto dtype = json.at("dtype").get<std::string>();
  const auto& bytes = json.at("data").get_binary();
  const auto count = tensor.element_count();
  if (dtype == "bool") {
    tensor.dtype = DType::Bool;
    if (static_cast<std::int64_t>(bytes.size()) != count) fail_tensor(what, "tensor data size mismatch");
    tensor.data.reserve(bytes.size());
    for (auto byte : bytes) tensor.data.push_back(byte != 0 ? 1.0 : 0.0);
  } else if (dtype == "int64" || dtype == "float64") {
    tensor.dtype = dtype == "int64" ? DType::Int64 : DType::Float64;
    if (static_cast<std::int64_t>(bytes.size()) != count * 8) fail_tensor(what, "tensor data size mismatch");
    tensor.data.resize(static_cast<std::size_t>(count));
    for (std::size_t i = 0; i < tensor.data.size(); ++i) {
      if (tensor.dtype == DType::Int64) {
        std::int64_t value = 0;
        std::memcpy(&value, bytes.data() + i * 8, 8);
        tensor.data[i] = static_cast<double>(value);
      } else {
        std::memcpy(&tensor.data[i], bytes.data() + i * 8, 8);
      }
    }
  } else {
    fail_tensor(what, fmt::format("unknown dtype \"{}\"", dtype));
  }
  return tensor;
}

}  // namespace assg
