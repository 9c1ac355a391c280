#include "output_shapes.hpp"

#include <fmt/format.h>

#include "tensor_value.hpp"

namespace assg {

namespace {

[[noreturn]] void impossible(const std::string& problem) { throw std::invalid_argument(problem); }

std::int64_t param(const nlohmann::json& params, const char* name, std::int64_t fallback) {
  return params.contains(name) ? params.at(name).get<std::int64_t>() : fallback;
}

const Shape& input(const std::map<std::string, Shape>& inputs, const char* name, std::size_t rank) {
  const auto found = inputs.find(name);
  if (found == inputs.end()) impossible(fmt::format("missing input \"{}\"", name));
  const Shape& shape = found->second;
  if (shape.size() != rank)
    impossible(fmt::format("input \"{}\" must have {} axes, got shape {}", name, rank, shape_string(shape)));
  for (auto extent : shape)
    if (extent < 1) impossible(fmt::format("input \"{}\" has an empty axis: shape {}", name, shape_string(shape)));
  return shape;
}

// floor((n - kernel + 2 pad) / stride) + 1, after checking the window fits.
std::int64_t sliding(std::int64_t n, std::int64_t kernel, std::int64_t stride, std::int64_t pad, const char* axis) {
  if (kernel < 1) impossible(fmt::format("kernel_size must be at least 1, got {}", kernel));
  if (stride < 1) impossible(fmt::format("stride must be at least 1, got {}", stride));
  if (pad < 0) impossible(fmt::format("pad must not be negative, got {}", pad));
  if (kernel > n + 2 * pad)
    impossible(pad == 0 ? fmt::format("the kernel ({}) is larger than the {} ({})", kernel, axis, n)
                        : fmt::format("the kernel ({}) is larger than the padded {} ({})", kernel, axis, n + 2 * pad));
  return (n - kernel + 2 * pad) / stride + 1;
}

void require_same(const Shape& got, const Shape& expected, const char* name) {
  if (got != expected)
    impossible(fmt::format("input \"{}\" must have shape {} for these inputs, got {}", name, shape_string(expected),
                           shape_string(got)));
}

Shape pooled(const Shape& A, const nlohmann::json& params) {
  const auto kernel = param(params, "kernel_size", 0);
  const auto stride = param(params, "stride", kernel);
  return {A[0], sliding(A[1], kernel, stride, 0, "height"), sliding(A[2], kernel, stride, 0, "width"), A[3]};
}

Shape convolved(const Shape& A, const Shape& W, const Shape& b, const nlohmann::json& params) {
  if (W[0] != W[1]) impossible(fmt::format("W must be square in its first two axes, got shape {}", shape_string(W)));
  if (W[2] != A[3])
    impossible(fmt::format("W.shape[2] ({}) must equal the channels of A ({})", W[2], A[3]));
  require_same(b, {1, 1, 1, W[3]}, "b");
  const auto stride = param(params, "stride", 1), pad = param(params, "pad", 0);
  return {A[0], sliding(A[1], W[0], stride, pad, "height"), sliding(A[2], W[0], stride, pad, "width"), W[3]};
}

}  // namespace

std::map<std::string, Shape> output_shapes(const std::string& function, const std::map<std::string, Shape>& inputs,
                                           const nlohmann::json& params) {
  if (function == "calc_new_height_width") {
    const auto height = param(params, "height", 0), width = param(params, "width", 0);
    if (height < 1 || width < 1) impossible(fmt::format("height and width must be at least 1, got {}x{}", height, width));
    const auto kernel = param(params, "kernel_size", 0), stride = param(params, "stride", 0),
               pad = param(params, "pad", 0);
    sliding(height, kernel, stride, pad, "height");
    sliding(width, kernel, stride, pad, "width");
    return {{"new_height", {}}, {"new_width", {}}};
  }
  if (function == "pool_forward") return {{"result", pooled(input(inputs, "A", 4), params)}};
  if (function == "zero_pad") {
    const auto& X = input(inputs, "X", 4);
    const auto pad = param(params, "pad", 1);
    if (pad < 0) impossible(fmt::format("pad must not be negative, got {}", pad));
    return {{"result", {X[0], X[1] + 2 * pad, X[2] + 2 * pad, X[3]}}};
  }
  if (function == "conv_single_step") {
    const auto& slice = input(inputs, "slice", 3);
    require_same(input(inputs, "W", 3), slice, "W");
    const auto b = inputs.find("b");
    if (b == inputs.end() || element_count(b->second) != 1) impossible("input \"b\" must hold exactly one number");
    return {{"result", {}}};
  }
  if (function == "conv_forward")
    return {{"result", convolved(input(inputs, "A", 4), input(inputs, "W", 4), input(inputs, "b", 4), params)}};
  if (function == "conv_backward") {
    const auto& A = input(inputs, "A", 4);
    const auto& W = input(inputs, "W", 4);
    const auto& b = input(inputs, "b", 4);
    require_same(input(inputs, "dZ", 4), convolved(A, W, b, params), "dZ");
    return {{"dA", A}, {"dW", W}, {"db", b}};
  }
  if (function == "create_mask_from_window") return {{"result", input(inputs, "x", 2)}};
  if (function == "distribute_value") {
    const auto n_h = param(params, "n_h", 0), n_w = param(params, "n_w", 0);
    if (n_h < 1 || n_w < 1) impossible(fmt::format("n_h and n_w must be at least 1, got {}x{}", n_h, n_w));
    return {{"result", {n_h, n_w}}};
  }
  if (function == "pool_backward") {
    const auto& A = input(inputs, "A", 4);
    require_same(input(inputs, "dZ", 4), pooled(A, params), "dZ");
    return {{"result", A}};
  }
  impossible(fmt::format("unknown function \"{}\"", function));
}

}  // namespace assg
