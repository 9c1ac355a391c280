// TensorValue: JSON and wire encodings, and the errors for malformed tensors.
#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "tensor_value.hpp"

namespace {

using assg::DType;
using assg::TensorValue;

TEST(TensorFromJson, ReadsShapeAndRowMajorData) {
  const auto tensor = assg::tensor_from_json(nlohmann::json::parse(R"({"shape": [2, 3], "data": [1, 2, 3, 4, 5, 6.5]})"), "x");
  EXPECT_EQ(tensor.shape, (std::vector<std::int64_t>{2, 3}));
  EXPECT_EQ(tensor.dtype, DType::Float64);
  EXPECT_EQ(tensor.data.back(), 6.5);
}

TEST(TensorFromJson, TakesTheDtypeFromTheNumbers) {
  EXPECT_EQ(assg::tensor_from_json(nlohmann::json::parse("[[1, 2], [3, 4]]"), "x").dtype, DType::Int64);
  EXPECT_EQ(assg::tensor_from_json(nlohmann::json::parse("[true, false]"), "x").dtype, DType::Bool);
  EXPECT_EQ(assg::tensor_from_json(nlohmann::json::parse("2.5"), "x").shape.size(), 0U);
}

TEST(TensorFromJson, ReadsNestedArraysLikeNumPyPrintsThem) {
  const auto tensor = assg::tensor_from_json(nlohmann::json::parse("[[[1], [2]], [[3], [4]]]"), "x");
  EXPECT_EQ(tensor.shape, (std::vector<std::int64_t>{2, 2, 1}));
  EXPECT_EQ(tensor.data, (std::vector<double>{1, 2, 3, 4}));
}

TEST(TensorFromJson, ErrorsNameTheTensorAndTheProblem) {
  const auto message = [](const char* text) {
    try {
      assg::tensor_from_json(nlohmann::json::parse(text), "inputs.A");
    } catch (const std::runtime_error& error) {
      return std::string(error.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message(R"({"shape": [2, 2], "data": [1, 2, 3]})"),
            "inputs.A: \"data\" holds 3 values but shape (2, 2) needs 4");
  EXPECT_EQ(message("[[1, 2], [3]]"), "inputs.A: nested arrays are ragged");
  EXPECT_EQ(message(R"({"shape": [2]})"), "inputs.A: a tensor needs both \"shape\" and \"data\"");
  EXPECT_EQ(message(R"({"shape": [-1], "data": []})"),
            "inputs.A: \"shape\" must hold non-negative integers, got [-1]");
  EXPECT_EQ(message(R"([1, true])"), "inputs.A: mixes booleans and numbers");
  EXPECT_EQ(message(R"("text")"), "inputs.A: expected a tensor, got string");
}

TEST(TensorJson, WritesIntegersAsIntegersAndRoundTripsDoubles) {
  TensorValue tensor{DType::Int64, {2}, {3, -4}};
  EXPECT_EQ(assg::tensor_to_json(tensor).dump(), R"({"shape":[2],"data":[3,-4]})");
  TensorValue precise{DType::Float64, {1}, {0.1 + 0.2}};
  const auto back = assg::tensor_from_json(nlohmann::json::parse(assg::tensor_to_json(precise).dump()), "x");
  EXPECT_EQ(back.data[0], 0.1 + 0.2);
}

TEST(TensorWire, KeepsNanInfinityAndEveryBit) {
  TensorValue tensor{DType::Float64,
                     {2, 2},
                     {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(), -0.0,
                      1.0000000000000002}};
  const auto back = assg::tensor_from_wire(nlohmann::json::from_cbor(nlohmann::json::to_cbor(assg::tensor_to_wire(tensor))), "x");
  EXPECT_EQ(back.shape, tensor.shape);
  EXPECT_TRUE(std::isnan(back.data[0]));
  EXPECT_TRUE(std::isinf(back.data[1]));
  EXPECT_TRUE(std::signbit(back.data[2]));
  EXPECT_EQ(back.data[3], 1.0000000000000002);
}

TEST(TensorWire, RejectsDataOfTheWrongLength) {
  auto wire = assg::tensor_to_wire(TensorValue{DType::Float64, {3}, {1, 2, 3}});
  wire["shape"] = {4};
  EXPECT_THROW(assg::tensor_from_wire(wire, "x"), std::runtime_error);
}

TEST(UnravelIndex, IsRowMajor) {
  EXPECT_EQ(assg::unravel_index(0, {2, 3, 4}), (std::vector<std::int64_t>{0, 0, 0}));
  EXPECT_EQ(assg::unravel_index(23, {2, 3, 4}), (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(assg::unravel_index(5, {2, 3, 4}), (std::vector<std::int64_t>{0, 1, 1}));
  EXPECT_EQ(assg::shape_string({7}), "(7,)");
}

}  // namespace
