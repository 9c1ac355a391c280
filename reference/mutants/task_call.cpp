#include "task_call.hpp"

#include <algorithm>
#include <stdexcept>

#include "eigen_conversion.hpp"

namespace assg::mutants {

namespace {

const TensorValue& input(const std::map<std::string, TensorValue>& inputs, const char* name) {
  const auto found = inputs.find(name);
  if (found == inputs.end()) throw std::invalid_argument(std::string("the case has no input ") + name);
  return found->second;
}

template <typename TensorType>
TensorType tensor(const std::map<std::string, TensorValue>& inputs, const char* name) {
  return eigen_from_value<TensorType, std::invalid_argument>(input(inputs, name), name);
}

Tensor4 tensor4(const std::map<std::string, TensorValue>& inputs, const char* name) { return tensor<Tensor4>(inputs, name); }

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
    out["result"] = value_from_eigen(functions.pool_forward(tensor4(inputs, "A"), kernel_size,
                                                      int_param(params, "stride", kernel_size), mode_param(params)),
                               DType::Float64);
  } else if (function == "zero_pad") {
    out["result"] = value_from_eigen(functions.zero_pad(tensor4(inputs, "X"), int_param(params, "pad", 1)), DType::Float64);
  } else if (function == "conv_single_step") {
    const auto& b = input(inputs, "b");
    if (b.data.size() != 1) throw std::invalid_argument("conv_single_step's b must hold one number");
    out["result"] = TensorValue::scalar(functions.conv_single_step(tensor<Tensor3>(inputs, "slice"),
                                                                   tensor<Tensor3>(inputs, "W"), b.data[0]));
  } else if (function == "conv_forward") {
    out["result"] = value_from_eigen(functions.conv_forward(tensor4(inputs, "A"), tensor4(inputs, "W"), tensor4(inputs, "b"),
                                                      int_param(params, "stride", 1), int_param(params, "pad", 0)),
                               DType::Float64);
  } else if (function == "conv_backward") {
    const auto grads =
        functions.conv_backward(tensor4(inputs, "dZ"), tensor4(inputs, "A"), tensor4(inputs, "W"), tensor4(inputs, "b"),
                                int_param(params, "stride"), int_param(params, "pad"));
    out["dA"] = value_from_eigen(grads.dA, DType::Float64);
    out["dW"] = value_from_eigen(grads.dW, DType::Float64);
    out["db"] = value_from_eigen(grads.db, DType::Float64);
  } else if (function == "create_mask_from_window") {
    out["result"] = value_from_eigen(functions.create_mask_from_window(tensor<Tensor2>(inputs, "x")), DType::Bool);
  } else if (function == "distribute_value") {
    out["result"] = value_from_eigen(
        functions.distribute_value(params.at("dz").get<double>(), int_param(params, "n_h"), int_param(params, "n_w")),
        DType::Float64);
  } else if (function == "pool_backward") {
    const int kernel_size = int_param(params, "kernel_size");
    out["result"] = value_from_eigen(functions.pool_backward(tensor4(inputs, "dZ"), tensor4(inputs, "A"), kernel_size,
                                                       int_param(params, "stride", kernel_size), mode_param(params)),
                               DType::Float64);
  } else {
    throw std::invalid_argument("unknown function " + function);
  }
  return out;
}

}  // namespace assg::mutants
