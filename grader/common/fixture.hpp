// Fixture files: one per task, `{"task", "cases": [{"name", "inputs",
// "params", "expected"}]}`, tensors as `{"shape", "data"}` in row-major order.
//
// Two space savers keep the committed fixtures small while NumPy alone can
// still check them:
//   * a case may carry `"generate": {"seed", "draws"}` in place of large
//     input data (the inputs are re-drawn from NumPy's stream);
//   * a large expected tensor may be stored as
//     `{"shape", "summary": {"mean", "channel_mean", "channel_max",
//       "samples": {"index", "data"}}}`: its mean, the mean and max over every
//     axis but the last, and the values at sampled flat (row-major) indices.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "draws.hpp"
#include "task_catalog.hpp"
#include "tensor_value.hpp"

namespace assg {

class FixtureError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ExpectedSummary {
  std::vector<std::int64_t> shape;
  double mean = 0.0;
  std::vector<double> channel_mean;  // mean over all axes but the last
  std::vector<double> channel_max;   // max over all axes but the last
  std::vector<std::int64_t> sample_index;
  std::vector<double> sample_value;
};

struct Expected {
  bool summarized = false;
  TensorValue tensor;       // when !summarized
  ExpectedSummary summary;  // when summarized
  const std::vector<std::int64_t>& shape() const { return summarized ? summary.shape : tensor.shape; }
};

struct FixtureCase {
  std::string name;
  std::string description;  // optional, shown to students
  std::string source;       // optional: where the case comes from
  std::map<std::string, TensorValue> inputs;
  std::optional<DrawPlan> generate;  // drawn inputs, for large cases
  nlohmann::json params = nlohmann::json::object();
  std::map<std::string, Expected> expected;
  // An instructor's hidden test (loaded from the hidden fixtures): graded
  // like the others, but its data never appears in what students see.
  bool hidden = false;
};

struct Fixture {
  std::string path;
  std::string function;
  std::vector<FixtureCase> cases;
};

// A case's inputs, with a generated case's drawn as the runner draws them.
std::map<std::string, TensorValue> case_inputs(const FixtureCase& fixture_case);

// Reads and validates a fixture against the task catalogue. Throws
// FixtureError naming the file, the case and the problem.
Fixture load_fixture(const std::string& path);
Fixture parse_fixture(const nlohmann::json& json, const std::string& path);

// Shared with the spec reader: the scalar arguments of one call.
void validate_params(const TaskSpec& task, const nlohmann::json& params, const std::string& what);
// Case names become GoogleTest names: letters, digits and underscores, and
// not DISABLED_* (which GoogleTest skips). The problem with a bad one:
bool is_valid_case_name(const std::string& name);
std::string case_name_problem(const std::string& name);

// Reads a whole JSON file; errors name the file (and line for syntax errors).
nlohmann::json read_json_file(const std::string& path);

}  // namespace assg
