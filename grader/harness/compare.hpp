// Comparing a solution's output with the expected value, numpy.allclose
// style (|got - expected| <= atol + rtol * |expected|, NaN never close),
// exact for integers and masks. Each helper returns an AssertionResult whose
// failure message tells a student what differs, where and by how much.
#pragma once

#include <string>

#include <gtest/gtest.h>

#include "fixture.hpp"
#include "rubric.hpp"
#include "task_catalog.hpp"
#include "tensor_value.hpp"

namespace assg {

::testing::AssertionResult OutputMatches(const OutputSpec& output, const Expected& expected,
                                         const TensorValue& actual, const Tolerance& tolerance);

// The allclose rule for one pair of numbers (inf equals inf of the same sign).
bool is_close(double expected, double actual, const Tolerance& tolerance);

// "(n=1, h=2, w=0, c=3)" for an output's axes, "(1, 2)" without names.
std::string format_index(const std::vector<std::int64_t>& index, const std::vector<std::string>& axis_names);

}  // namespace assg
