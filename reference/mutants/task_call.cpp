#include "task_call.hpp"

#include <algorithm>
#include <stdexcept>

namespace assg::mutants {

namespace {

const TensorValue& input(const std::map<std::string, TensorValue>& inputs, const char* name) {
  const auto found = inputs.find(name);
  if (found == inputs.end()) throw std::invalid_argument(std::string("the case has no input ") + name);
  return found->second;
}

template <typename TensorType>
TensorType to_eigen(const TensorValue& value) {
  constexpr int rank = TensorType::NumIndices;
  if (static_cast<int>(value.shape.size()) != rank) throw std::invalid_argument("an input has the wrong rank");
  Eigen::array<Eigen::Index, rank> dims;
  for (int axis = 0; axis < rank; ++axis) dims[axis] = static_cast<Eigen::Index>(value.shape[axis]);
  TensorType tensor(dims);
  if (static_cast<std::size_t>(tensor.size()) != value.data.size())
    throw std::invalid_argument("an input's data does not fill its shape");
  std::copy(value.data.begin(), value.data.end(), tensor.data());
  return tensor;
}

template <typename TensorType>
TensorValue from_eigen(const TensorType& tensor, DType dtype) {
  TensorValue value;
  value.dtype = dtype;
  for (int axis = 0; axis < TensorType::NumIndices; ++axis) value.shape.push_back(tensor.dimension(axis));
  value.data.reserve(static_cast<std::size_t>(tensor.size()));
  for (Eigen::Index i = 0; i < tensor.size(); ++i) value.data.push_back(static_cast<double>(tensor.data()[i]));
  return value;
}

Tensor4 tensor4(const std::map<std::string, TensorValue>& inputs, const char* name) {
  return to_eigen<Tensor4>(input(inputs, name));
}

int int_param(const nlohmann::json& params, const char* name, int fallback) {
  return params.contains(name) ? params.at(name).get<int>() : fallback;
}
int int_param(const nlohmann::json& params, const char* name) { return params.at(name).get<int>(); }

PoolMode mode_param(const nlohmann::json& params) {
  return !params.contains("mode") || params.at("mode").get<std::string>() == "max" ? PoolMode::Max : PoolMode::Average;
}

}  // namespace

std::map<std::string, TensorValue> call_task(const TaskFunctions& functions, const std::string& function,
                                             const std::map<std::string, TensorValue>& inputs,
                                             const nlohmann::json& params) {
  std::map<std::string, TensorValue> out;
  // The defaults below are student/assg_tasks.hpp's: pooling strides by the
  // kernel size in max mode, zero_pad pads 1, conv_forward has stride 1, pad 0.
  if (function == "calc_new_height_width") {
    const auto [new_height, new_width] = functions.calc_new_height_width(
        int_param(params, "height"), int_param(params, "width"), int_param(params, "kernel_size"),
        int_param(params, "stride"), int_param(params, "pad"));
    out["new_height"] = TensorValue::scalar(new_height, DType::Int64);
    out["new_width"] = TensorValue::scalar(new_width, DType::Int64);
  } else if (function == "pool_forward") {
    const int kernel_size = int_param(params, "kernel_size");
    out["result"] = from_eigen(functions.pool_forward(tensor4(inputs, "A"), kernel_size,
                                                      int_param(params, "stride", kernel_size), mode_param(params)),
                               DType::Float64);
  } else if (function == "zero_pad") {
    out["result"] = from_eigen(functions.zero_pad(tensor4(inputs, "X"), int_param(params, "pad", 1)), DType::Float64);
  } else if (function == "conv_single_step") {
    const auto& b = input(inputs, "b");
    if (b.data.size() != 1) throw std::invalid_argument("conv_single_step's b must hold one number");
    out["result"] = TensorValue::scalar(functions.conv_single_step(to_eigen<Tensor3>(input(inputs, "slice")),
                                                                   to_eigen<Tensor3>(input(inputs, "W")), b.data[0]));
  } else if (function == "conv_forward") {
    out["result"] = from_eigen(functions.conv_forward(tensor4(inputs, "A"), tensor4(inputs, "W"), tensor4(inputs, "b"),
                                                      int_param(params, "stride", 1), int_param(params, "pad", 0)),
                               DType::Float64);
  } else if (function == "conv_backward") {
    const auto grads =
        functions.conv_backward(tensor4(inputs, "dZ"), tensor4(inputs, "A"), tensor4(inputs, "W"), tensor4(inputs, "b"),
                                int_param(params, "stride"), int_param(params, "pad"));
    out["dA"] = from_eigen(grads.dA, DType::Float64);
    out["dW"] = from_eigen(grads.dW, DType::Float64);
    out["db"] = from_eigen(grads.db, DType::Float64);
  } else if (function == "create_mask_from_window") {
    out["result"] = from_eigen(functions.create_mask_from_window(to_eigen<Tensor2>(input(inputs, "x"))), DType::Bool);
  } else if (function == "distribute_value") {
    out["result"] = from_eigen(
        functions.distribute_value(params.at("dz").get<double>(), int_param(params, "n_h"), int_param(params, "n_w")),
        DType::Float64);
  } else if (function == "pool_backward") {
    const int kernel_size = int_param(params, "kernel_size");
    out["result"] = from_eigen(functions.pool_backward(tensor4(inputs, "dZ"), tensor4(inputs, "A"), kernel_size,
                                                       int_param(params, "stride", kernel_size), mode_param(params)),
                               DType::Float64);
  } else {
    throw std::invalid_argument("unknown function " + function);
  }
  return out;
}

}  // namespace assg::mutants
