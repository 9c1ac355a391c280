#include "compare.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace assg {

namespace {

std::string number(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  return fmt::format("{}", value);
}

double allowed_error(double expected, const Tolerance& tolerance) {
  return tolerance.atol + tolerance.rtol * std::fabs(expected);
}

std::string tolerance_text(const Tolerance& tolerance) {
  return fmt::format("atol {:g} + rtol {:g} * |expected|", tolerance.atol, tolerance.rtol);
}

std::string percent(std::int64_t part, std::int64_t whole) {
  const double share = whole == 0 ? 0.0 : 100.0 * static_cast<double>(part) / static_cast<double>(whole);
  return share >= 1.0 || share == 0.0 ? fmt::format("{:.0f}%", share) : fmt::format("{:.2g}%", share);
}

std::string shape_mismatch(const std::string& name, const OutputSpec& output,
                           const std::vector<std::int64_t>& expected, const std::vector<std::int64_t>& actual) {
  std::string message = fmt::format("{}: wrong shape: expected {}, got {}", name, shape_string(expected),
                                    shape_string(actual));
  if (expected.size() == actual.size()) {
    std::vector<std::string> axes;
    for (std::size_t axis = 0; axis < expected.size(); ++axis) {
      if (expected[axis] == actual[axis]) continue;
      const auto label = axis < output.axis_names.size() ? output.axis_names[axis] : std::to_string(axis);
      axes.push_back(fmt::format("axis {} ({}) is {} instead of {}", axis, label, actual[axis], expected[axis]));
    }
    message += fmt::format(" ({})", fmt::join(axes, "; "));
  } else if (actual.empty() || element_count(actual) == 0) {
    message += ". Did you return the tensor before giving it its size?";
  }
  if (!output.shape_rule.empty()) message += "\n  Hint: " + output.shape_rule + ".";
  return message;
}

// Where and how a float comparison failed.
struct Mismatch {
  std::int64_t count = 0;
  std::int64_t nan_count = 0;
  std::int64_t checked = 0;
  std::optional<std::int64_t> worst;  // flat position (or sample slot)
  double worst_error = -1.0;
  std::optional<std::int64_t> first;
};

void note(Mismatch& mismatch, std::int64_t position, double expected, double actual, const Tolerance& tolerance) {
  ++mismatch.checked;
  if (is_close(expected, actual, tolerance)) return;
  ++mismatch.count;
  if (!mismatch.first) mismatch.first = position;
  double error = std::fabs(actual - expected);
  if (std::isnan(actual)) {
    ++mismatch.nan_count;
    error = std::numeric_limits<double>::infinity();
  }
  if (error > mismatch.worst_error || (std::isnan(error) && !mismatch.worst)) {
    mismatch.worst_error = error;
    mismatch.worst = position;
  }
}

std::string describe_element(const std::string& label, const OutputSpec& output,
                             const std::vector<std::int64_t>& shape, std::int64_t flat, double expected,
                             double actual, const Tolerance& tolerance) {
  return fmt::format("{} at {}: expected {}, got {}, |error| {} > allowed {:.3g} ({})", label,
                     format_index(unravel_index(flat, shape), output.axis_names), number(expected),
                     number(actual), number(std::fabs(actual - expected)), allowed_error(expected, tolerance),
                     tolerance_text(tolerance));
}

// Short explanations for patterns that have one usual cause.
std::string hints(const Mismatch& mismatch, const std::vector<double>& expected, const std::vector<double>& actual) {
  std::string text;
  if (mismatch.nan_count > 0)
    text += fmt::format(
        "\n  {} value(s) are NaN: usually a value read before it was ever set. Eigen tensors are "
        "not zeroed when created, so call setZero() before accumulating with +=.",
        mismatch.nan_count);
  const bool all_zero =
      !actual.empty() && std::all_of(actual.begin(), actual.end(), [](double v) { return v == 0.0; });
  if (all_zero)
    text += "\n  Every value you returned is 0. Usual causes: the result is never written to; an integer "
            "division such as 1 / (kernel_size * kernel_size), which is 0 in C++; a maximum that starts at 0 "
            "when every value is negative.";

  const bool garbage = std::any_of(actual.begin(), actual.end(), [](double v) {
    return std::isfinite(v) && v != 0.0 && (std::fabs(v) > 1e150 || std::fabs(v) < 1e-300);
  });
  if (garbage)
    text += "\n  Some values are absurdly large or tiny, the signature of uninitialised memory: some tensor "
            "(this result, or one a function you call returns, such as zero_pad's) has elements never set; "
            "call setZero() when you create it.";
  // Whole numbers of ordinary size: huge values and infinities are whole
  // numbers too, but say nothing about int arithmetic.
  const bool whole = [&] {
    const auto ordinary_whole = [](double v) { return std::fabs(v) < 1e15 && v == std::trunc(v); };
    return !all_zero && !garbage && std::all_of(actual.begin(), actual.end(), ordinary_whole) &&
           std::any_of(expected.begin(), expected.end(), [](double v) { return v != std::trunc(v); });
  }();
  if (whole)
    text += "\n  Every value you returned is a whole number where fractions are expected: is a sum or a "
            "division done with int instead of double?";
  return text;
}

::testing::AssertionResult compare_full(const std::string& name, const OutputSpec& output,
                                        const TensorValue& expected, const TensorValue& actual,
                                        const Tolerance& tolerance) {
  if (expected.shape != actual.shape)
    return ::testing::AssertionFailure() << shape_mismatch(name, output, expected.shape, actual.shape);

  if (output.dtype == DType::Int64 || output.dtype == DType::Bool) {
    const bool is_mask = output.dtype == DType::Bool;
    std::int64_t differ = 0;
    std::optional<std::int64_t> first;
    for (std::int64_t i = 0; i < expected.element_count(); ++i) {
      if (expected.data[static_cast<std::size_t>(i)] == actual.data[static_cast<std::size_t>(i)]) continue;
      ++differ;
      if (!first) first = i;
    }
    if (differ == 0) return ::testing::AssertionSuccess();
    const auto show = [&](double v) {
      return is_mask ? std::string(v != 0.0 ? "true" : "false") : number(v);
    };
    const double want = expected.data[static_cast<std::size_t>(*first)];
    const double got = actual.data[static_cast<std::size_t>(*first)];
    if (expected.is_scalar())
      return ::testing::AssertionFailure() << fmt::format("{}: expected {}, got {}", name, show(want), show(got));
    return ::testing::AssertionFailure() << fmt::format(
               "{}: {} of {} {} differ; first at {}: expected {}, got {}", name, differ,
               expected.element_count(), is_mask ? "mask entries" : "values",
               format_index(unravel_index(*first, expected.shape), output.axis_names), show(want), show(got));
  }

  Mismatch mismatch;
  for (std::int64_t i = 0; i < expected.element_count(); ++i)
    note(mismatch, i, expected.data[static_cast<std::size_t>(i)], actual.data[static_cast<std::size_t>(i)],
         tolerance);
  if (mismatch.count == 0) return ::testing::AssertionSuccess();

  if (expected.is_scalar()) {
    const double want = expected.data[0], got = actual.data[0];
    return ::testing::AssertionFailure() << fmt::format(
               "{}: expected {}, got {}, |error| {} > allowed {:.3g} ({})", name, number(want), number(got),
               number(std::fabs(got - want)), allowed_error(want, tolerance), tolerance_text(tolerance));
  }
  const auto at = [&](std::int64_t i) {
    return std::make_pair(expected.data[static_cast<std::size_t>(i)], actual.data[static_cast<std::size_t>(i)]);
  };
  auto [worst_want, worst_got] = at(*mismatch.worst);
  std::string message = fmt::format("{}: {} of {} values differ ({})", name, mismatch.count, mismatch.checked,
                                    percent(mismatch.count, mismatch.checked));
  message += "\n  " + describe_element("worst", output, expected.shape, *mismatch.worst, worst_want, worst_got,
                                       tolerance);
  if (*mismatch.first != *mismatch.worst) {
    auto [first_want, first_got] = at(*mismatch.first);
    message += fmt::format("\n  first at {}: expected {}, got {}",
                           format_index(unravel_index(*mismatch.first, expected.shape), output.axis_names),
                           number(first_want), number(first_got));
  }
  message += hints(mismatch, expected.data, actual.data);
  return ::testing::AssertionFailure() << message;
}

// Aggregates of a large output against its stored summary. A mean of
// values each within tolerance may drift by up to atol + rtol * (typical
// |value|), so that is the allowance for means; the typical magnitude comes
// from the expected samples, never from the answer being judged (a few huge
// wrong values must not widen their own allowance). Every value must be
// finite: a stray -inf would otherwise slip past the means and the maxima.
::testing::AssertionResult compare_summary(const std::string& name, const OutputSpec& output,
                                           const ExpectedSummary& summary, const TensorValue& actual,
                                           const Tolerance& tolerance) {
  if (summary.shape != actual.shape)
    return ::testing::AssertionFailure() << shape_mismatch(name, output, summary.shape, actual.shape);

  Mismatch sampled;
  for (std::size_t i = 0; i < summary.sample_index.size(); ++i)
    note(sampled, summary.sample_index[i], summary.sample_value[i],
         actual.data[static_cast<std::size_t>(summary.sample_index[i])], tolerance);

  double magnitude = 0.0;
  for (double value : summary.sample_value) magnitude += std::fabs(value);
  if (!summary.sample_value.empty()) magnitude /= static_cast<double>(summary.sample_value.size());
  const auto allowance = [&](double expected_mean) {
    return tolerance.atol + tolerance.rtol * std::max(magnitude, std::fabs(expected_mean));
  };

  const auto channels = static_cast<std::size_t>(summary.shape.back());
  const auto count = actual.element_count();
  const double rows = static_cast<double>(count) / static_cast<double>(channels);
  std::vector<double> sum(channels, 0.0), max(channels, -std::numeric_limits<double>::infinity());
  std::int64_t nan_count = 0, infinite_count = 0;
  std::optional<std::int64_t> first_not_finite;
  for (std::int64_t i = 0; i < count; ++i) {
    const double value = actual.data[static_cast<std::size_t>(i)];
    const auto c = static_cast<std::size_t>(i % static_cast<std::int64_t>(channels));
    if (!std::isfinite(value)) {
      ++(std::isnan(value) ? nan_count : infinite_count);
      if (!first_not_finite) first_not_finite = i;
    }
    sum[c] += value;
    max[c] = std::max(max[c], value);
  }
  double total = 0.0;
  std::int64_t bad_means = 0, bad_maxima = 0;
  std::optional<std::size_t> worst_channel;
  for (std::size_t c = 0; c < channels; ++c) {
    total += sum[c];
    const double mean = sum[c] / rows;
    if (!(std::fabs(mean - summary.channel_mean[c]) <= allowance(summary.channel_mean[c]))) {
      ++bad_means;
      if (!worst_channel) worst_channel = c;
    }
    if (!is_close(summary.channel_max[c], max[c], tolerance)) ++bad_maxima;
  }
  const double mean = total / static_cast<double>(count);
  const bool bad_mean = !(std::fabs(mean - summary.mean) <= allowance(summary.mean));

  if (sampled.count == 0 && bad_means == 0 && bad_maxima == 0 && !bad_mean && !first_not_finite)
    return ::testing::AssertionSuccess();

  std::string message = fmt::format(
      "{}: differs from the expected values (this large output is checked at {} sampled positions and "
      "by its mean, maximum and per-channel statistics)",
      name, sampled.checked);
  if (sampled.count > 0) {
    const auto slot = std::find(summary.sample_index.begin(), summary.sample_index.end(), *sampled.worst) -
                      summary.sample_index.begin();
    message += fmt::format("\n  {} of {} sampled values differ; ", sampled.count, sampled.checked);
    message += describe_element("worst", output, summary.shape, *sampled.worst,
                                summary.sample_value[static_cast<std::size_t>(slot)],
                                actual.data[static_cast<std::size_t>(*sampled.worst)], tolerance);
  }
  if (first_not_finite)
    message += fmt::format("\n  {} values are not finite ({} NaN, {} infinite); the first at {}",
                           nan_count + infinite_count, nan_count, infinite_count,
                           format_index(unravel_index(*first_not_finite, summary.shape), output.axis_names));
  if (bad_mean) message += fmt::format("\n  mean of all values: expected {}, got {}", number(summary.mean), number(mean));
  if (bad_means > 0)
    message += fmt::format("\n  per-channel mean differs in {} of {} channels; first at c={}: expected {}, got {}",
                           bad_means, channels, *worst_channel, number(summary.channel_mean[*worst_channel]),
                           number(sum[*worst_channel] / rows));
  if (bad_maxima > 0) message += fmt::format("\n  per-channel maximum differs in {} of {} channels", bad_maxima, channels);
  sampled.nan_count = nan_count;
  message += hints(sampled, summary.sample_value, actual.data);
  return ::testing::AssertionFailure() << message;
}

}  // namespace

bool is_close(double expected, double actual, const Tolerance& tolerance) {
  if (std::isnan(expected) || std::isnan(actual)) return false;
  if (std::isinf(expected) || std::isinf(actual)) return expected == actual;
  return std::fabs(actual - expected) <= allowed_error(expected, tolerance);
}

std::string format_index(const std::vector<std::int64_t>& index, const std::vector<std::string>& axis_names) {
  std::vector<std::string> parts;
  for (std::size_t axis = 0; axis < index.size(); ++axis) {
    if (axis < axis_names.size())
      parts.push_back(fmt::format("{}={}", axis_names[axis], index[axis]));
    else
      parts.push_back(std::to_string(index[axis]));
  }
  return fmt::format("({})", fmt::join(parts, ", "));
}

::testing::AssertionResult OutputMatches(const OutputSpec& output, const Expected& expected,
                                         const TensorValue& actual, const Tolerance& tolerance) {
  if (expected.summarized) return compare_summary(output.name, output, expected.summary, actual, tolerance);
  return compare_full(output.name, output, expected.tensor, actual, tolerance);
}

}  // namespace assg
