#include "fixture.hpp"

#include <algorithm>
#include <limits>
#include <set>

#include <fmt/format.h>

#include "file_io.hpp"
#include "output_shapes.hpp"
#include "validation.hpp"

namespace assg {

namespace {

[[noreturn]] void fail_fixture(const std::string& what, const std::string& problem) {
  fail_at<FixtureError>(what, problem);
}

std::string optional_string(const nlohmann::json& object, const char* key, const std::string& what) {
  if (!object.contains(key)) return {};
  if (!object.at(key).is_string()) fail_fixture(what, fmt::format("\"{}\" must be a string", key));
  return object.at(key).get<std::string>();
}

// Wraps the tensor parser's std::runtime_error into a FixtureError.
TensorValue read_tensor(const nlohmann::json& json, const std::string& what) {
  try {
    return tensor_from_json(json, what);
  } catch (const FixtureError&) {
    throw;
  } catch (const std::runtime_error& error) {
    throw FixtureError(error.what());
  }
}

void validate_input(const InputSpec& spec, const TensorValue& tensor, const std::string& what) {
  if (tensor.dtype == DType::Bool) fail_fixture(what, "inputs must be numbers, not booleans");
  const bool scalar_ok = spec.scalar_allowed && tensor.is_scalar();
  const bool one_element_ok =
      spec.scalar_allowed && tensor.element_count() == 1 && static_cast<int>(tensor.shape.size()) == spec.rank;
  if (scalar_ok || one_element_ok) return;
  if (spec.scalar_allowed)
    fail_fixture(what, fmt::format("expected a number or a tensor of shape (1, 1, 1), got shape {}",
                           shape_string(tensor.shape)));
  if (static_cast<int>(tensor.shape.size()) != spec.rank)
    fail_fixture(what, fmt::format("expected a rank-{} tensor, got shape {}", spec.rank,
                           shape_string(tensor.shape)));
}

std::vector<double> read_numbers(const nlohmann::json& json, const std::string& what) {
  if (!json.is_array()) fail_fixture(what, "expected an array of numbers");
  std::vector<double> values;
  values.reserve(json.size());
  for (const auto& value : json) {
    if (!value.is_number()) fail_fixture(what, "expected an array of numbers");
    values.push_back(value.get<double>());
  }
  return values;
}

ExpectedSummary read_summary(const nlohmann::json& json, const std::string& what) {
  require_known_keys<FixtureError>(json, {"shape", "summary"}, what);
  ExpectedSummary summary;
  if (!json.contains("shape") || !json.at("shape").is_array()) fail_fixture(what, "a summary needs a \"shape\" array");
  for (const auto& extent : json.at("shape")) {
    if (!extent.is_number_integer() || extent.get<std::int64_t>() <= 0)
      fail_fixture(what, "\"shape\" must hold positive integers");
    summary.shape.push_back(extent.get<std::int64_t>());
  }
  if (summary.shape.empty()) fail_fixture(what, "a summary needs a tensor, not a scalar");
  const auto& body = json.at("summary");
  const auto where = what + ".summary";
  if (!body.is_object()) fail_fixture(where, "must be an object");
  require_known_keys<FixtureError>(body, {"mean", "channel_mean", "channel_max", "samples"}, where);
  for (const char* key : {"mean", "channel_mean", "channel_max", "samples"})
    if (!body.contains(key)) fail_fixture(where, fmt::format("missing \"{}\"", key));
  if (!body.at("mean").is_number()) fail_fixture(where, "\"mean\" must be a number");
  summary.mean = body.at("mean").get<double>();
  summary.channel_mean = read_numbers(body.at("channel_mean"), where + ".channel_mean");
  summary.channel_max = read_numbers(body.at("channel_max"), where + ".channel_max");
  const auto channels = static_cast<std::size_t>(summary.shape.back());
  if (summary.channel_mean.size() != channels || summary.channel_max.size() != channels)
    fail_fixture(where, fmt::format("channel_mean and channel_max need {} values (the last axis)", channels));
  const auto& samples = body.at("samples");
  if (!samples.is_object() || !samples.contains("index") || !samples.contains("data"))
    fail_fixture(where, "\"samples\" must be {\"index\", \"data\"}");
  const auto count = element_count(summary.shape);
  for (const auto& index : samples.at("index")) {
    if (!index.is_number_integer() || index.get<std::int64_t>() < 0 || index.get<std::int64_t>() >= count)
      fail_fixture(where, "sample indices must be flat indices inside the shape");
    summary.sample_index.push_back(index.get<std::int64_t>());
  }
  summary.sample_value = read_numbers(samples.at("data"), where + ".samples.data");
  if (summary.sample_value.size() != summary.sample_index.size())
    fail_fixture(where, "samples.index and samples.data differ in length");
  return summary;
}

Expected read_expected(const OutputSpec& spec, const nlohmann::json& json, const std::string& what) {
  Expected expected;
  if (json.is_object() && json.contains("summary")) {
    if (spec.dtype != DType::Float64) fail_fixture(what, "only floating-point outputs may be summarized");
    expected.summarized = true;
    expected.summary = read_summary(json, what);
    if (static_cast<int>(expected.summary.shape.size()) != spec.rank)
      fail_fixture(what, fmt::format("expected a rank-{} tensor", spec.rank));
    return expected;
  }
  expected.tensor = read_tensor(json, what);
  auto& tensor = expected.tensor;
  if (static_cast<int>(tensor.shape.size()) != spec.rank)
    fail_fixture(what, fmt::format("expected a rank-{} value, got shape {}", spec.rank,
                           shape_string(tensor.shape)));
  if (spec.dtype == DType::Bool && tensor.dtype != DType::Bool)
    fail_fixture(what, "expected booleans (a mask)");
  if (spec.dtype == DType::Int64 && tensor.dtype != DType::Int64) fail_fixture(what, "expected an integer");
  if (spec.dtype == DType::Float64) {
    if (tensor.dtype == DType::Bool) fail_fixture(what, "expected numbers, not booleans");
    tensor.dtype = DType::Float64;
  }
  return expected;
}

FixtureCase read_case(const TaskSpec& task, const nlohmann::json& json, const std::string& what) {
  if (!json.is_object()) fail_fixture(what, "a case must be an object");
  FixtureCase fixture_case;
  if (!json.contains("name") || !json.at("name").is_string()) fail_fixture(what, "missing \"name\"");
  fixture_case.name = json.at("name").get<std::string>();
  if (!is_valid_case_name(fixture_case.name)) fail_fixture(what, case_name_problem(fixture_case.name));
  const auto where = fmt::format("{} \"{}\"", what, fixture_case.name);
  require_known_keys<FixtureError>(json, {"name", "description", "source", "inputs", "generate", "params", "expected"},
               where);
  fixture_case.description = optional_string(json, "description", where);
  fixture_case.source = optional_string(json, "source", where);

  if (json.contains("inputs")) {
    if (!json.at("inputs").is_object()) fail_fixture(where, "\"inputs\" must be an object");
    for (const auto& [name, value] : json.at("inputs").items())
      fixture_case.inputs.emplace(name, read_tensor(value, fmt::format("{}: inputs.{}", where, name)));
  }
  std::map<std::string, TensorValue> drawn;
  if (json.contains("generate")) {
    const auto& generate = json.at("generate");
    if (!generate.is_object() || !generate.contains("seed") || !generate.contains("draws"))
      fail_fixture(where, "\"generate\" must be {\"seed\", \"draws\"}");
    require_known_keys<FixtureError>(generate, {"seed", "draws"}, where + ": generate");
    try {
      fixture_case.generate =
          parse_draw_plan(generate.at("seed"), generate.at("draws"), where + ": generate");
    } catch (const std::runtime_error& error) {
      throw FixtureError(error.what());
    }
  }

  // Every input the function takes must come from exactly one place.
  std::set<std::string> provided;
  for (const auto& [name, unused] : fixture_case.inputs) provided.insert(name);
  if (fixture_case.generate) {
    for (const auto& draw : fixture_case.generate->draws) {
      if (draw.name.front() == '_') continue;
      if (!provided.insert(draw.name).second)
        fail_fixture(where, fmt::format("input \"{}\" is both stored and drawn", draw.name));
    }
  }
  for (const auto& input : task.inputs) {
    if (provided.count(input.name) == 0) fail_fixture(where, fmt::format("missing input \"{}\"", input.name));
    if (auto stored = fixture_case.inputs.find(input.name); stored != fixture_case.inputs.end())
      validate_input(input, stored->second, fmt::format("{}: inputs.{}", where, input.name));
  }
  for (const auto& name : provided) {
    const bool known = std::any_of(task.inputs.begin(), task.inputs.end(),
                                   [&](const InputSpec& input) { return input.name == name; });
    if (!known)
      fail_fixture(where, fmt::format("{} takes no input named \"{}\"", task.function, name));
  }
  if (json.contains("params")) fixture_case.params = json.at("params");
  validate_params(task, fixture_case.params, where + ": params");

  if (!json.contains("expected") || !json.at("expected").is_object())
    fail_fixture(where, "missing \"expected\" object");
  for (const auto& [name, value] : json.at("expected").items()) {
    const auto* output = find_output(task, name);
    if (output == nullptr) fail_fixture(where, fmt::format("{} has no output named \"{}\"", task.function, name));
    fixture_case.expected.emplace(name, read_expected(*output, value, fmt::format("{}: expected.{}", where, name)));
  }
  for (const auto& output : task.outputs)
    if (fixture_case.expected.count(output.name) == 0)
      fail_fixture(where, fmt::format("missing expected \"{}\"", output.name));

  // The case must make sense by the assignment's own rules: a geometry that
  // fits, and expected values of the shape these inputs produce.
  std::map<std::string, Shape> input_shapes;
  for (const auto& [name, tensor] : fixture_case.inputs) input_shapes[name] = tensor.shape;
  if (fixture_case.generate)
    for (const auto& draw : fixture_case.generate->draws)
      if (draw.name.front() != '_') input_shapes[draw.name] = draw.shape;
  std::map<std::string, Shape> shapes;
  try {
    shapes = output_shapes(task.function, input_shapes, fixture_case.params);
  } catch (const std::invalid_argument& error) {
    fail_fixture(where, error.what());
  }
  for (const auto& [name, expected] : fixture_case.expected)
    if (expected.shape() != shapes.at(name))
      fail_fixture(where, fmt::format("expected.{} has shape {}, but these inputs and params give {}", name,
                              shape_string(expected.shape()), shape_string(shapes.at(name))));
  return fixture_case;
}

}  // namespace

std::string case_name_problem(const std::string& name) {
  if (name.rfind("DISABLED_", 0) == 0)
    return fmt::format("case name \"{}\" must not start with DISABLED_ (GoogleTest would skip it)", name);
  return fmt::format("case name \"{}\" must use only letters, digits and underscores", name);
}

bool is_valid_case_name(const std::string& name) {
  // GoogleTest silently skips tests named DISABLED_*: such a case would be
  // dropped and its points shared out among the others.
  return !name.empty() && name.rfind("DISABLED_", 0) != 0 && std::all_of(name.begin(), name.end(), [](char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_';
  });
}

void validate_params(const TaskSpec& task, const nlohmann::json& params, const std::string& what) {
  if (!params.is_object()) fail_fixture(what, "\"params\" must be an object");
  for (const auto& [name, value] : params.items()) {
    // A lambda may not capture a structured binding before C++20 (clang 14
    // refuses it): it captures this plain reference instead.
    const std::string& wanted = name;
    const auto spec = std::find_if(task.params.begin(), task.params.end(),
                                   [&](const ParamSpec& param) { return param.name == wanted; });
    if (spec == task.params.end())
      fail_fixture(what, fmt::format("{} takes no parameter named \"{}\"", task.function, name));
    switch (spec->kind) {
      case ParamKind::Int:
        if (!value.is_number_integer() ||
            (value.is_number_unsigned() && value.get<std::uint64_t>() > std::numeric_limits<int>::max()) ||
            value.get<std::int64_t>() < std::numeric_limits<int>::min() ||
            value.get<std::int64_t>() > std::numeric_limits<int>::max())
          fail_fixture(what, fmt::format("\"{}\" must be an integer, got {}", name, value.dump()));
        break;
      case ParamKind::Double:
        if (!value.is_number()) fail_fixture(what, fmt::format("\"{}\" must be a number, got {}", name, value.dump()));
        break;
      case ParamKind::Mode:
        if (!value.is_string() || !is_pool_mode_name(value.get<std::string>()))
          fail_fixture(what, fmt::format("\"{}\" must be \"max\" or \"avg\", got {}", name, value.dump()));
        break;
    }
  }
  for (const auto& param : task.params)
    if (!param.optional && !params.contains(param.name))
      fail_fixture(what, fmt::format("missing parameter \"{}\"", param.name));
}

nlohmann::json read_json_file(const std::string& path) {
  const auto text = read_file(path);
  if (!text) throw FixtureError(fmt::format("{}: cannot be read (missing or unreadable)", path));
  try {
    return nlohmann::json::parse(*text);
  } catch (const nlohmann::json::parse_error& error) {
    throw FixtureError(fmt::format("{}: not valid JSON: {}", path, error.what()));
  }
}

Fixture parse_fixture(const nlohmann::json& json, const std::string& path) {
  if (!json.is_object()) fail_fixture(path, "a fixture must be a JSON object");
  require_known_keys<FixtureError>(json, {"task", "comment", "generated_from", "cases"}, path);
  if (!json.contains("task") || !json.at("task").is_string()) fail_fixture(path, "missing \"task\"");
  Fixture fixture;
  fixture.path = path;
  fixture.function = json.at("task").get<std::string>();
  const auto* task = find_task(fixture.function);
  if (task == nullptr) fail_fixture(path, fmt::format("unknown task \"{}\"", fixture.function));
  if (!json.contains("cases") || !json.at("cases").is_array() || json.at("cases").empty())
    fail_fixture(path, "\"cases\" must be a non-empty array");
  std::set<std::string> names;
  const auto& cases = json.at("cases");
  for (std::size_t i = 0; i < cases.size(); ++i) {
    auto fixture_case = read_case(*task, cases[i], fmt::format("{}: case {}", path, i + 1));
    if (!names.insert(fixture_case.name).second)
      fail_fixture(path, fmt::format("case name \"{}\" is used twice", fixture_case.name));
    fixture.cases.push_back(std::move(fixture_case));
  }
  return fixture;
}

std::map<std::string, TensorValue> case_inputs(const FixtureCase& fixture_case) {
  auto inputs = fixture_case.inputs;
  if (fixture_case.generate)
    for (auto& [name, tensor] : materialize(*fixture_case.generate)) inputs.insert_or_assign(name, std::move(tensor));
  return inputs;
}

Fixture load_fixture(const std::string& path) {
  const auto json = read_json_file(path);
  try {
    return parse_fixture(json, path);
  } catch (const nlohmann::json::exception& error) {  // a value of an unexpected type somewhere
    throw FixtureError(fmt::format("{}: {}", path, error.what()));
  }
}

}  // namespace assg
