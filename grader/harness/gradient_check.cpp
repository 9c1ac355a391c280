// The loss is L = sum(forward(inputs) * dZ), so the student's gradient with
// respect to an input entry should equal dL/d(entry). Each sampled entry is
// checked by a central difference of the trusted reference forward pass, run
// only on the outputs that entry reaches (one output channel for dW and db,
// the covering windows of one sample for dA), so a check stays cheap on any
// case size.
//
// L is linear in any single entry for convolution and average pooling, so a
// central difference with a large step is exact up to rounding. Max pooling
// is piecewise linear with kinks where a window's maximum is tied: there the
// one-sided slopes are compared at shrinking steps, and an entry whose slopes
// never agree sits at a kink and is reported as not checkable rather than
// judged (no single gradient exists there; the course's mask convention is a
// choice, not a derivative).
#include "gradient_check.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "reference_in_namespace.hpp"

namespace assg {

namespace {

using Index = Eigen::Index;
using Index4 = Eigen::array<Index, 4>;

constexpr std::size_t kMaxEntries = 20;  // entries checked per gradient
constexpr std::size_t kMaxSteered = 6;   // of them, where the answer differs from the expected
// Multiply-adds of reference forward passes allowed per gradient: far above
// any visible case, a bound for a huge one (it is then sampled more thinly).
constexpr double kBudget = 5e7;
// Steps for a kink hunt: max(1, |x|) * 16^-k; the last is about 1e-6.
constexpr int kSteps = 6;
// Rounding of the forward passes, relative to sum(|Z| * |dZ|) over the
// outputs a change reaches: generous (thousands of ulps) yet far below
// any real mistake.
constexpr double kRounding = 1e-12;

Tensor4 to_tensor4(const TensorValue& value, const std::string& name) {
  if (value.shape.size() != 4 || static_cast<std::int64_t>(value.data.size()) != value.element_count())
    throw std::runtime_error(fmt::format("{} is not a 4-D tensor", name));
  Tensor4 tensor(value.shape[0], value.shape[1], value.shape[2], value.shape[3]);
  std::copy(value.data.begin(), value.data.end(), tensor.data());
  return tensor;
}

Tensor4 slice(const Tensor4& tensor, Index4 offsets, Index4 extents) { return tensor.slice(offsets, extents); }

bool has_shape(const Tensor4& tensor, Index4 shape) {
  for (int axis = 0; axis < 4; ++axis)
    if (tensor.dimension(axis) != shape[static_cast<std::size_t>(axis)]) return false;
  return true;
}

bool all_finite(const Tensor4& tensor) {
  return std::all_of(tensor.data(), tensor.data() + tensor.size(), [](double x) { return std::isfinite(x); });
}

// The first and last output rows (or columns) whose window covers input row
// `p`: windows start at h * stride and span `kernel` rows. first > last when
// none does (the dropped border, or a gap between strided windows).
std::pair<Index, Index> covering_windows(Index p, Index kernel, Index stride, Index outputs) {
  const Index first = p < kernel ? 0 : (p - kernel) / stride + 1;
  const Index last = std::min(outputs - 1, p / stride);
  return {first, last};
}

// How L depends on one entry: the reference forward pass on just the outputs
// the entry reaches, as a function of the entry's value, and dZ there.
struct Local {
  double value = 0.0;
  std::function<Tensor4(double)> forward;  // empty when the entry reaches no output
  Tensor4 dZ;
};

struct Change {
  double delta = 0.0;  // sum((Za - Zb) * dZ): L(a) - L(b)
  double scale = 0.0;  // sum((|Za| + |Zb|) * |dZ|): what its rounding is relative to
};

Change change(const Tensor4& Za, const Tensor4& Zb, const Tensor4& dZ) {
  if (!has_shape(Za, dZ.dimensions()) || !has_shape(Zb, dZ.dimensions()))
    throw std::runtime_error("the reference forward pass does not match dZ's shape");
  Change result;
  for (Index n = 0; n < dZ.size(); ++n) {
    result.delta += (Za.data()[n] - Zb.data()[n]) * dZ.data()[n];
    result.scale += (std::abs(Za.data()[n]) + std::abs(Zb.data()[n])) * std::abs(dZ.data()[n]);
  }
  return result;
}

struct Estimate {
  bool at_kink = false;
  double derivative = 0.0;
  double noise = 0.0;  // bound on its rounding error
};

Estimate estimate(const Local& local, bool piecewise_linear) {
  if (!local.forward) return {};  // L does not depend on the entry
  const double x = local.value;
  const double base = std::max(1.0, std::abs(x));
  if (!piecewise_linear) {
    const double up = x + base, down = x - base;
    const Change c = change(local.forward(up), local.forward(down), local.dZ);
    return {false, c.delta / (up - down), kRounding * c.scale / (up - down)};
  }
  const Tensor4 at_x = local.forward(x);
  for (int k = 0; k < kSteps; ++k) {
    const double h = std::ldexp(base, -4 * k);
    // Slopes to x + h, x + h/2, x - h/2, x - h over the steps actually taken
    // (x + h rounds); equal only where no window's maximum changes hands.
    std::vector<double> slopes;
    double noise = 0.0, rise = 0.0, run = 0.0;
    for (const double step : {h, h / 2, -h / 2, -h}) {
      const double moved = x + step;
      const Change c = change(local.forward(moved), at_x, local.dZ);
      slopes.push_back(c.delta / (moved - x));
      noise = std::max(noise, kRounding * c.scale / std::abs(moved - x));
      if (std::abs(step) == h) {
        rise += step > 0 ? c.delta : -c.delta;
        run += std::abs(moved - x);
      }
    }
    const auto [low, high] = std::minmax_element(slopes.begin(), slopes.end());
    if (*high - *low <= 1e-9 * std::max(std::abs(*low), std::abs(*high)) + 2 * noise)
      return {false, rise / run, noise};
  }
  return {true, 0.0, 0.0};
}

// One gradient to check: the output holding it and the input it differentiates.
struct Gradient {
  std::string output;  // in the reply: "dA", "dW", "db", "result"
  std::string label;   // for the student
  std::string input;   // "A", "W", "b"
  std::vector<std::int64_t> shape;
  std::function<Local(std::int64_t flat)> local;
  double cost_per_entry = 0.0;  // multiply-adds, at worst
  bool piecewise_linear = false;
};

enum class Outcome { Off, WrongShape, Missing, NotChecked, Agrees };

struct Report {
  Outcome outcome = Outcome::Agrees;
  std::string label;
  std::size_t checked = 0, off = 0, kinks = 0;
  bool every_entry = false;  // none left out of the sample
  std::string sentence;
};

std::string count_entries(std::size_t count) { return fmt::format("{} {}", count, count == 1 ? "entry" : "entries"); }

// Appended where max pooling's ties kept entries from being judged.
std::string kinks_note(std::size_t kinks) {
  if (kinks == 0) return "";
  return fmt::format("; {} more {} not checked, as {} for a window's maximum (a kink of max pooling, where no "
                     "single gradient exists)",
                     kinks, kinks == 1 ? "was" : "were", kinks == 1 ? "it ties" : "they tie");
}

std::string entry_name(const std::string& label, std::int64_t flat, const std::vector<std::int64_t>& shape) {
  return fmt::format("{}[{}]", label, fmt::join(unravel_index(flat, shape), ","));
}

// The case's own tolerance, doubled, plus the rounding of the differences:
// what the comparison accepts passes here too, up to rounding.
bool agrees(double given, double expected, double noise, const Tolerance& tolerance) {
  if (!std::isfinite(given)) return false;
  return std::abs(given - expected) <= 2 * (tolerance.atol + tolerance.rtol * std::abs(expected)) + noise;
}

// The entries to check, in a fixed order: all of a small tensor; of a large
// one the first and the last, where the answer differs from the expected
// values (so a local mistake is not missed), then a fixed pseudo-random spread.
std::vector<std::int64_t> entries_to_check(std::int64_t count, std::size_t limit, const TensorValue& given,
                                           const Expected* expected, const Tolerance& tolerance) {
  std::vector<std::int64_t> entries;
  if (count <= static_cast<std::int64_t>(limit)) {
    for (std::int64_t flat = 0; flat < count; ++flat) entries.push_back(flat);
    return entries;
  }
  const auto add = [&](std::int64_t flat) {
    if (entries.size() < limit && std::find(entries.begin(), entries.end(), flat) == entries.end())
      entries.push_back(flat);
  };
  add(0);
  add(count - 1);
  if (expected != nullptr && !expected->summarized && expected->tensor.data.size() == given.data.size()) {
    std::size_t steered = 0;
    for (std::int64_t flat = 0; flat < count && steered < kMaxSteered; ++flat) {
      const auto n = static_cast<std::size_t>(flat);
      if (!agrees(given.data[n], expected->tensor.data[n], 0.0, tolerance)) {
        add(flat);
        ++steered;
      }
    }
  }
  std::mt19937_64 spread(20240605);  // fixed: the same entries on every run
  while (entries.size() < limit) add(static_cast<std::int64_t>(spread() % static_cast<std::uint64_t>(count)));
  return entries;
}

Report check_one(const Gradient& gradient, const WrongAnswer& answer) {
  Report report;
  report.label = gradient.label;
  const auto given = answer.outputs.find(gradient.output);
  if (given == answer.outputs.end()) {
    report.outcome = Outcome::Missing;
    report.sentence = fmt::format("{} was not returned, so it could not be checked", gradient.label);
    return report;
  }
  if (given->second.shape != gradient.shape ||
      static_cast<std::int64_t>(given->second.data.size()) != element_count(gradient.shape)) {
    report.outcome = Outcome::WrongShape;
    report.sentence = fmt::format("{} has shape {} where {} (the shape of {}) was expected", gradient.label,
                                  shape_string(given->second.shape), shape_string(gradient.shape), gradient.input);
    return report;
  }
  const std::int64_t count = element_count(gradient.shape);
  const double evaluations = gradient.piecewise_linear ? 1 + 4 * kSteps : 2;
  const auto affordable = static_cast<std::size_t>(kBudget / std::max(1.0, evaluations * gradient.cost_per_entry));
  const std::size_t limit = std::min(kMaxEntries, affordable);
  if (limit == 0 || count == 0) {
    report.outcome = Outcome::NotChecked;
    report.sentence =
        count == 0 ? fmt::format("{} is empty, so there was nothing to check", gradient.label)
                   : fmt::format("{} was not checked: the case is too large for a quick check", gradient.label);
    return report;
  }
  const auto expected = answer.fixture_case.expected.find(gradient.output);
  const auto entries = entries_to_check(count, limit, given->second,
                                        expected == answer.fixture_case.expected.end() ? nullptr : &expected->second,
                                        answer.tolerance);
  report.every_entry = static_cast<std::int64_t>(entries.size()) == count;
  std::string example;
  for (const auto flat : entries) {
    const Estimate numeric = estimate(gradient.local(flat), gradient.piecewise_linear);
    if (numeric.at_kink) {
      ++report.kinks;
      continue;
    }
    ++report.checked;
    const double value = given->second.data[static_cast<std::size_t>(flat)];
    if (agrees(value, numeric.derivative, numeric.noise, answer.tolerance)) continue;
    if (report.off++ == 0)
      example = fmt::format("{} is {:.6g} but should be {:.6g}", entry_name(gradient.label, flat, gradient.shape),
                            value, numeric.derivative);
  }
  if (report.off > 0) {
    report.outcome = Outcome::Off;
    report.sentence = fmt::format("{} is off at {} of {} checked, e.g. {}{}", gradient.label, report.off,
                                  count_entries(report.checked), example, kinks_note(report.kinks));
  } else if (report.checked == 0) {
    report.outcome = Outcome::NotChecked;
    report.sentence = fmt::format(
        "{} could not be checked: each of the {} sampled ties for a window's maximum (a kink of max pooling, where "
        "no single gradient exists)",
        gradient.label, count_entries(report.kinks));
  } else {
    report.outcome = Outcome::Agrees;
    report.sentence = fmt::format("{} agrees at {} checked{}", gradient.label, count_entries(report.checked),
                                  kinks_note(report.kinks));
  }
  return report;
}

// "dA", "dA and dW", "dA, dW and db".
std::string join_words(const std::vector<std::string>& words) {
  std::string text;
  for (std::size_t n = 0; n < words.size(); ++n)
    text += (n == 0 ? "" : n + 1 == words.size() ? " and " : ", ") + words[n];
  return text;
}

// Most useful first: what is off, then what could not be judged, then (on
// one line) what agrees.
std::vector<std::string> compose(std::vector<Report> reports, const std::string& prefix) {
  std::stable_sort(reports.begin(), reports.end(),
                   [](const Report& a, const Report& b) { return a.outcome < b.outcome; });
  const bool all_agree = std::all_of(reports.begin(), reports.end(),
                                     [](const Report& report) { return report.outcome == Outcome::Agrees; });
  if (all_agree) {
    std::vector<std::string> labels, counts;
    std::size_t kinks = 0;
    bool every_entry = true;
    for (const auto& report : reports) {
      labels.push_back(report.label);
      counts.push_back(std::to_string(report.checked));
      kinks += report.kinks;
      every_entry = every_entry && report.every_entry && report.kinks == 0;
    }
    const char* where = every_entry ? "is too small for this check to see"
                                    : "lies in entries not checked here or is too small for this check to see";
    return {prefix + fmt::format("{} {} with finite differences at every checked entry ({}){}, so the mismatch {}.",
                                 join_words(labels), reports.size() == 1 ? "agrees" : "all agree",
                                 join_words(counts), kinks_note(kinks), where)};
  }
  std::vector<std::string> sentences;
  std::vector<std::string> agreeing;
  for (const auto& report : reports) {
    if (report.outcome == Outcome::Agrees && report.kinks == 0)
      agreeing.push_back(fmt::format("{} ({})", report.label, count_entries(report.checked)));
    else
      sentences.push_back(report.sentence + ".");
  }
  if (!agreeing.empty())
    sentences.push_back(fmt::format("{} {} with finite differences.", join_words(agreeing),
                                    agreeing.size() == 1 ? "agrees" : "agree"));
  sentences.front() = prefix + sentences.front();
  return sentences;
}

const TensorValue& input(const WrongAnswer& answer, const char* name) {
  const auto found = answer.inputs.find(name);
  if (found == answer.inputs.end()) throw std::runtime_error(fmt::format("the case has no input {}", name));
  return found->second;
}

int int_param(const nlohmann::json& params, const char* name, int fallback) {
  return params.contains(name) ? params.at(name).get<int>() : fallback;
}

std::vector<std::string> check_conv_backward(const WrongAnswer& answer) {
  const Tensor4 dZ = to_tensor4(input(answer, "dZ"), "dZ"), A = to_tensor4(input(answer, "A"), "A"),
                W = to_tensor4(input(answer, "W"), "W"), b = to_tensor4(input(answer, "b"), "b");
  const auto& params = answer.fixture_case.params;
  const int stride = params.at("stride").get<int>(), pad = params.at("pad").get<int>();
  const Index m = A.dimension(0), height = A.dimension(1), width = A.dimension(2), channels_prev = A.dimension(3);
  const Index kernel = W.dimension(0), channels = W.dimension(3);
  if (stride <= 0 || pad < 0 || W.dimension(1) != kernel || W.dimension(2) != channels_prev ||
      b.dimension(3) != channels || b.size() != channels)
    return {};
  const auto output_size = reference::calc_new_height_width(static_cast<int>(height), static_cast<int>(width),
                                                            static_cast<int>(kernel), stride, pad);
  const Index new_height = output_size.first, new_width = output_size.second;
  if (!has_shape(dZ, {m, new_height, new_width, channels})) return {};
  if (!all_finite(dZ) || !all_finite(A) || !all_finite(W) || !all_finite(b)) return {};
  const double window_cost = static_cast<double>(kernel * kernel * channels_prev);
  const double reach = std::pow(std::ceil(static_cast<double>(kernel) / stride), 2);

  Gradient dA{"dA", "dA", "A", input(answer, "A").shape, nullptr, reach * window_cost * channels, false};
  dA.local = [&](std::int64_t flat) {
    const auto at = unravel_index(flat, dA.shape);
    const Index s = at[0], row = at[1] + pad, col = at[2] + pad, k = at[3];
    Local local;
    local.value = A(s, at[1], at[2], k);
    const auto [h0, h1] = covering_windows(row, kernel, stride, new_height);
    const auto [w0, w1] = covering_windows(col, kernel, stride, new_width);
    if (h0 > h1 || w0 > w1) return local;
    // The windows reaching the entry span padded rows [r0, r0 + rows) and
    // columns [c0, c0 + cols): the rows and columns of A they overlap, padded
    // by the reference, then cropped to them (padded row r0 is row r0 - u0
    // there, as its first row is A's row u0 - pad).
    const Index r0 = h0 * stride, rows = (h1 - h0) * stride + kernel;
    const Index c0 = w0 * stride, cols = (w1 - w0) * stride + kernel;
    const Index u0 = std::max<Index>(0, r0 - pad), u1 = std::min(height, r0 + rows - pad);
    const Index v0 = std::max<Index>(0, c0 - pad), v1 = std::min(width, c0 + cols - pad);
    const Tensor4 padded = reference::zero_pad(slice(A, {s, u0, v0, 0}, {1, u1 - u0, v1 - v0, channels_prev}), pad);
    const Tensor4 region = slice(padded, {0, r0 - u0, c0 - v0, 0}, {1, rows, cols, channels_prev});
    local.dZ = slice(dZ, {s, h0, w0, 0}, {1, h1 - h0 + 1, w1 - w0 + 1, channels});
    local.forward = [&, region, r = row - h0 * stride, c = col - w0 * stride, k](double value) {
      Tensor4 moved = region;
      moved(0, r, c, k) = value;
      return reference::conv_forward(moved, W, b, stride, 0);
    };
    return local;
  };

  // One output channel of the whole batch: all that one kernel entry or bias reaches.
  const double channel_cost = static_cast<double>(m * new_height * new_width) * window_cost;
  Gradient dW{"dW", "dW", "W", input(answer, "W").shape, nullptr, channel_cost, false};
  dW.local = [&](std::int64_t flat) {
    const auto at = unravel_index(flat, dW.shape);
    const Index c = at[3];
    Local local;
    local.value = W(at[0], at[1], at[2], c);
    local.dZ = slice(dZ, {0, 0, 0, c}, {m, new_height, new_width, 1});
    local.forward = [&, kernel_c = slice(W, {0, 0, 0, c}, {kernel, kernel, channels_prev, 1}),
                     bias_c = slice(b, {0, 0, 0, c}, {1, 1, 1, 1}), at](double value) {
      Tensor4 moved = kernel_c;
      moved(at[0], at[1], at[2], 0) = value;
      return reference::conv_forward(A, moved, bias_c, stride, pad);
    };
    return local;
  };
  Gradient db{"db", "db", "b", input(answer, "b").shape, nullptr, channel_cost, false};
  db.local = [&](std::int64_t flat) {
    const Index c = unravel_index(flat, db.shape)[3];
    Local local;
    local.value = b(0, 0, 0, c);
    local.dZ = slice(dZ, {0, 0, 0, c}, {m, new_height, new_width, 1});
    local.forward = [&, kernel_c = slice(W, {0, 0, 0, c}, {kernel, kernel, channels_prev, 1})](double value) {
      Tensor4 moved(1, 1, 1, 1);
      moved.setConstant(value);
      return reference::conv_forward(A, kernel_c, moved, stride, pad);
    };
    return local;
  };
  return compose({check_one(dA, answer), check_one(dW, answer), check_one(db, answer)},
                 "Gradient check (finite differences of the reference conv_forward): ");
}

std::vector<std::string> check_pool_backward(const WrongAnswer& answer) {
  const Tensor4 dZ = to_tensor4(input(answer, "dZ"), "dZ"), A = to_tensor4(input(answer, "A"), "A");
  const auto& params = answer.fixture_case.params;
  // The defaults of the API's overloads, as the runner calls them.
  const int kernel = params.at("kernel_size").get<int>();
  const int stride = int_param(params, "stride", kernel);
  const bool max = !params.contains("mode") || params.at("mode").get<std::string>() == "max";
  const PoolMode mode = max ? PoolMode::Max : PoolMode::Average;
  if (kernel <= 0 || stride <= 0) return {};
  const auto output_size = reference::calc_new_height_width(static_cast<int>(A.dimension(1)),
                                                            static_cast<int>(A.dimension(2)), kernel, stride, 0);
  const Index new_height = output_size.first, new_width = output_size.second;
  if (new_height <= 0 || new_width <= 0 || !has_shape(dZ, {A.dimension(0), new_height, new_width, A.dimension(3)}))
    return {};
  if (!all_finite(dZ) || !all_finite(A)) return {};
  const double reach = std::pow(std::ceil(static_cast<double>(kernel) / stride), 2);

  Gradient dA{"result", "dA", "A", input(answer, "A").shape, nullptr, reach * kernel * kernel, max};
  dA.local = [&](std::int64_t flat) {
    const auto at = unravel_index(flat, dA.shape);
    const Index s = at[0], row = at[1], col = at[2], c = at[3];
    Local local;
    local.value = A(s, row, col, c);
    const auto [h0, h1] = covering_windows(row, kernel, stride, new_height);
    const auto [w0, w1] = covering_windows(col, kernel, stride, new_width);
    if (h0 > h1 || w0 > w1) return local;
    const Tensor4 region = slice(A, {s, h0 * stride, w0 * stride, c},
                                 {1, (h1 - h0) * stride + kernel, (w1 - w0) * stride + kernel, 1});
    local.dZ = slice(dZ, {s, h0, w0, c}, {1, h1 - h0 + 1, w1 - w0 + 1, 1});
    local.forward = [&, region, r = row - h0 * stride, q = col - w0 * stride](double value) {
      Tensor4 moved = region;
      moved(0, r, q, 0) = value;
      return reference::pool_forward(moved, kernel, stride, mode);
    };
    return local;
  };
  return compose({check_one(dA, answer)},
                 fmt::format("Gradient check of the result dA (finite differences of the reference pool_forward, {} "
                             "mode): ",
                             max ? "max" : "average"));
}

}  // namespace

std::vector<std::string> check_gradients(const WrongAnswer& answer) {
  try {
    if (answer.rule.function == "conv_backward") return check_conv_backward(answer);
    if (answer.rule.function == "pool_backward") return check_pool_backward(answer);
  } catch (const std::exception&) {
    // Inputs the reference refuses (or malformed ones): nothing to say.
  }
  return {};
}

}  // namespace assg
