#include "call_solution.hpp"

#include <cxxabi.h>

#include <chrono>
#include <cstdlib>
#include <memory>
#include <typeinfo>

#include <fmt/format.h>

#include "assg_tasks.hpp"
#include "eigen_conversion.hpp"
#include "missing_function.hpp"

namespace assg {

namespace {

std::string demangle(const char* name) {
  int status = 0;
  std::unique_ptr<char, void (*)(void*)> readable(
      abi::__cxa_demangle(name, nullptr, nullptr, &status), std::free);
  return status == 0 && readable ? std::string(readable.get()) : std::string(name);
}

const TensorValue& input(const RunnerRequest& request, const char* name) {
  auto found = request.inputs.find(name);
  if (found == request.inputs.end()) throw ProtocolError(fmt::format("request lacks input {}", name));
  return found->second;
}

template <typename TensorType>
TensorType to_eigen(const TensorValue& value, const char* name) {
  return eigen_from_value<TensorType, ProtocolError>(value, name);
}

int int_param(const RunnerRequest& request, const char* name) {
  if (!request.params.contains(name)) throw ProtocolError(fmt::format("request lacks parameter {}", name));
  return request.params.at(name).get<int>();
}

bool has_param(const RunnerRequest& request, const char* name) { return request.params.contains(name); }

PoolMode mode_param(const RunnerRequest& request) {
  if (!has_param(request, "mode")) return PoolMode::Max;
  return request.params.at("mode").get<std::string>() == "max" ? PoolMode::Max : PoolMode::Average;
}

// The scalar bias of conv_single_step: a number or a (1, 1, 1) tensor.
double scalar_input(const RunnerRequest& request, const char* name) {
  const auto& value = input(request, name);
  if (value.data.size() != 1) throw ProtocolError(fmt::format("input {} should hold one number", name));
  return value.data[0];
}

// Calls the function and fills reply.outputs. Optional arguments missing
// from the request are left to the API's defaults, so the default arguments
// students write are exercised exactly as the course calls them.
void dispatch(const RunnerRequest& request, RunnerReply& reply) {
  const auto& f = request.function;
  auto& out = reply.outputs;
  if (f == "calc_new_height_width") {
    const auto [new_height, new_width] =
        calc_new_height_width(int_param(request, "height"), int_param(request, "width"),
                              int_param(request, "kernel_size"), int_param(request, "stride"),
                              int_param(request, "pad"));
    out["new_height"] = TensorValue::scalar(new_height, DType::Int64);
    out["new_width"] = TensorValue::scalar(new_width, DType::Int64);
  } else if (f == "pool_forward") {
    const auto A = to_eigen<Tensor4>(input(request, "A"), "A");
    const int kernel_size = int_param(request, "kernel_size");
    const Tensor4 result = has_param(request, "stride")
                               ? pool_forward(A, kernel_size, int_param(request, "stride"), mode_param(request))
                           : has_param(request, "mode") ? pool_forward(A, kernel_size, mode_param(request))
                                                        : pool_forward(A, kernel_size);
    out["result"] = value_from_eigen(result, DType::Float64);
  } else if (f == "zero_pad") {
    const auto X = to_eigen<Tensor4>(input(request, "X"), "X");
    const Tensor4 result = has_param(request, "pad") ? zero_pad(X, int_param(request, "pad")) : zero_pad(X);
    out["result"] = value_from_eigen(result, DType::Float64);
  } else if (f == "conv_single_step") {
    const auto slice = to_eigen<Tensor3>(input(request, "slice"), "slice");
    const auto W = to_eigen<Tensor3>(input(request, "W"), "W");
    out["result"] = TensorValue::scalar(conv_single_step(slice, W, scalar_input(request, "b")));
  } else if (f == "conv_forward") {
    const auto A = to_eigen<Tensor4>(input(request, "A"), "A");
    const auto W = to_eigen<Tensor4>(input(request, "W"), "W");
    const auto b = to_eigen<Tensor4>(input(request, "b"), "b");
    Tensor4 result;
    if (has_param(request, "pad"))
      result = conv_forward(A, W, b, has_param(request, "stride") ? int_param(request, "stride") : 1,
                            int_param(request, "pad"));
    else if (has_param(request, "stride"))
      result = conv_forward(A, W, b, int_param(request, "stride"));
    else
      result = conv_forward(A, W, b);
    out["result"] = value_from_eigen(result, DType::Float64);
  } else if (f == "conv_backward") {
    const auto grads = conv_backward(
        to_eigen<Tensor4>(input(request, "dZ"), "dZ"), to_eigen<Tensor4>(input(request, "A"), "A"),
        to_eigen<Tensor4>(input(request, "W"), "W"), to_eigen<Tensor4>(input(request, "b"), "b"),
        int_param(request, "stride"), int_param(request, "pad"));
    out["dA"] = value_from_eigen(grads.dA, DType::Float64);
    out["dW"] = value_from_eigen(grads.dW, DType::Float64);
    out["db"] = value_from_eigen(grads.db, DType::Float64);
  } else if (f == "create_mask_from_window") {
    const Mask2 mask = create_mask_from_window(to_eigen<Tensor2>(input(request, "x"), "x"));
    out["result"] = value_from_eigen(mask, DType::Bool);
  } else if (f == "distribute_value") {
    const Tensor2 result = distribute_value(request.params.at("dz").get<double>(),
                                            int_param(request, "n_h"), int_param(request, "n_w"));
    out["result"] = value_from_eigen(result, DType::Float64);
  } else if (f == "pool_backward") {
    const auto dZ = to_eigen<Tensor4>(input(request, "dZ"), "dZ");
    const auto A = to_eigen<Tensor4>(input(request, "A"), "A");
    const int kernel_size = int_param(request, "kernel_size");
    const Tensor4 result =
        has_param(request, "stride")
            ? pool_backward(dZ, A, kernel_size, int_param(request, "stride"), mode_param(request))
        : has_param(request, "mode") ? pool_backward(dZ, A, kernel_size, mode_param(request))
                                     : pool_backward(dZ, A, kernel_size);
    out["result"] = value_from_eigen(result, DType::Float64);
  } else {
    throw ProtocolError(fmt::format("unknown function \"{}\"", f));
  }
}

}  // namespace

RunnerReply call_solution(const RunnerRequest& request) {
  RunnerReply reply;
  const auto start = std::chrono::steady_clock::now();
  try {
    dispatch(request, reply);
    reply.status = RunnerReply::Status::Ok;
  } catch (const ProtocolError&) {
    throw;
  } catch (const NotImplemented& error) {
    reply.status = RunnerReply::Status::NotImplemented;
    reply.message = error.what();
  } catch (const MissingFunction& error) {
    reply.status = RunnerReply::Status::NotImplemented;
    reply.message = error.what();
  } catch (const EigenIndexError& error) {
    reply.status = RunnerReply::Status::IndexError;
    reply.message = error.what();
  } catch (const std::exception& error) {
    reply.status = RunnerReply::Status::Exception;
    reply.exception_type = demangle(typeid(error).name());
    reply.message = error.what();
  } catch (...) {
    reply.status = RunnerReply::Status::Exception;
    const std::type_info* type = abi::__cxa_current_exception_type();
    reply.exception_type = type != nullptr ? demangle(type->name()) : "unknown";
    reply.message = "an exception that is not a std::exception";
  }
  if (reply.status != RunnerReply::Status::Ok) reply.outputs.clear();
  reply.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return reply;
}

}  // namespace assg
