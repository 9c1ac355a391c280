// Tensors between the protocol's TensorValue and the row-major Eigen
// tensors of student/assg_tasks.hpp, for the code that calls the
// assignment's functions: the runner and the mutant catalogue. Header-only,
// as only they build with Eigen.
#pragma once

#include <algorithm>
#include <string>

#include <unsupported/Eigen/CXX11/Tensor>

#include "tensor_value.hpp"

namespace assg {

// Throws `Error` (built from a message naming `name`) if the value's rank
// or element count does not fit the tensor type.
template <typename TensorType, typename Error>
TensorType eigen_from_value(const TensorValue& value, const std::string& name) {
  constexpr int rank = TensorType::NumIndices;
  if (static_cast<int>(value.shape.size()) != rank)
    throw Error("input " + name + " should have rank " + std::to_string(rank));
  Eigen::array<Eigen::Index, rank> dims;
  for (int axis = 0; axis < rank; ++axis) dims[axis] = static_cast<Eigen::Index>(value.shape[axis]);
  TensorType tensor(dims);
  if (static_cast<std::size_t>(tensor.size()) != value.data.size())
    throw Error("input " + name + "'s data does not fill its shape");
  std::copy(value.data.begin(), value.data.end(), tensor.data());
  return tensor;
}

template <typename TensorType>
TensorValue value_from_eigen(const TensorType& tensor, DType dtype) {
  TensorValue value;
  value.dtype = dtype;
  for (int axis = 0; axis < TensorType::NumIndices; ++axis) value.shape.push_back(tensor.dimension(axis));
  value.data.reserve(static_cast<std::size_t>(tensor.size()));
  for (Eigen::Index i = 0; i < tensor.size(); ++i) value.data.push_back(static_cast<double>(tensor.data()[i]));
  return value;
}

}  // namespace assg
