#include "expected_summary.hpp"

#include <algorithm>
#include <limits>
#include <set>

#include "numpy_random.hpp"
#include "numpy_summation.hpp"

namespace assg {

ExpectedSummary summarize(const TensorValue& tensor, std::int64_t samples) {
  ExpectedSummary summary;
  summary.shape = tensor.shape;
  const auto channels = tensor.shape.back();
  const auto count = tensor.element_count();
  const auto rows = count / channels;
  summary.channel_mean.assign(static_cast<std::size_t>(channels), 0.0);
  summary.channel_max.assign(static_cast<std::size_t>(channels),
                             -std::numeric_limits<double>::infinity());
  for (std::int64_t i = 0; i < count; ++i) {
    const double value = tensor.data[static_cast<std::size_t>(i)];
    const auto channel = static_cast<std::size_t>(i % channels);
    summary.channel_mean[channel] += value;
    summary.channel_max[channel] = std::max(summary.channel_max[channel], value);
  }
  // In NumPy's order, so the stored mean equals np.mean(result) to the last bit.
  summary.mean = numpy_order::sum(tensor.data.data(), count) / static_cast<double>(count);
  for (auto& mean : summary.channel_mean) mean /= static_cast<double>(rows);

  // The first and last elements plus positions drawn from a fixed stream:
  // deterministic, spread over the whole tensor, independent of the data.
  std::set<std::int64_t> picked{0, count - 1};
  NumpyRandomState random(0);
  for (auto index : random.randint(0, count, samples)) picked.insert(index);
  for (auto index : picked) {
    summary.sample_index.push_back(index);
    summary.sample_value.push_back(tensor.data[static_cast<std::size_t>(index)]);
  }
  return summary;
}

nlohmann::ordered_json expected_to_json(const Expected& expected) {
  if (!expected.summarized) return tensor_to_json(expected.tensor);
  const auto& summary = expected.summary;
  nlohmann::ordered_json json;
  json["shape"] = summary.shape;
  nlohmann::ordered_json body;
  body["mean"] = summary.mean;
  body["channel_mean"] = summary.channel_mean;
  body["channel_max"] = summary.channel_max;
  body["samples"] = {{"index", summary.sample_index}, {"data", summary.sample_value}};
  json["summary"] = std::move(body);
  return json;
}

}  // namespace assg
