#include "fixture_builder.hpp"

#include <algorithm>
#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "call_solution.hpp"
#include "draws.hpp"
#include "expected_summary.hpp"
#include "fixture.hpp"
#include "protocol.hpp"
#include "task_catalog.hpp"
#include "validation.hpp"

namespace assg {

namespace {

[[noreturn]] void fail(const std::string& what, const std::string& problem) {
  fail_at<SpecError>(what, problem);
}

// Runs the reference (the solution linked into this program) on one call.
std::map<std::string, TensorValue> run_reference(const RunnerRequest& request, const std::string& what) {
  const auto reply = call_solution(request);
  switch (reply.status) {
    case RunnerReply::Status::Ok: return reply.outputs;
    case RunnerReply::Status::NotImplemented:
      fail(what, fmt::format("the reference does not implement {}", request.function));
    case RunnerReply::Status::IndexError:
    case RunnerReply::Status::Exception:
      fail(what, fmt::format("{} rejects these inputs: {}", request.function, reply.message));
  }
  fail(what, "unexpected reply from the reference");
}

nlohmann::ordered_json build_case(const TaskSpec& task, const nlohmann::json& spec, const std::string& what,
                                  const FixtureBuildOptions& options) {
  if (!spec.is_object()) fail(what, "a case must be an object");
  if (!spec.contains("name") || !spec.at("name").is_string()) fail(what, "every case needs a \"name\"");
  const auto name = spec.at("name").get<std::string>();
  if (!is_valid_case_name(name)) fail(what, case_name_problem(name));
  const auto where = fmt::format("{} \"{}\"", what, name);
  require_known_keys<SpecError>(spec, {"name", "description", "source", "seed", "draws", "params"}, where);
  for (const char* key : {"description", "source"})
    if (spec.contains(key) && !spec.at(key).is_string()) fail(where, fmt::format("\"{}\" must be a string", key));

  RunnerRequest request;
  request.function = task.function;
  request.params = spec.value("params", nlohmann::json::object());
  try {
    validate_params(task, request.params, where + ": params");
  } catch (const std::runtime_error& error) {
    throw SpecError(error.what());
  }

  std::optional<DrawPlan> plan;
  if (spec.contains("seed") && !spec.contains("draws")) fail(where, "\"seed\" without \"draws\"");
  if (spec.contains("draws")) {
    // A seed is needed only when something is drawn at random.
    const auto& draws = spec.at("draws");
    const bool random = draws.is_array() && std::any_of(draws.begin(), draws.end(), [](const nlohmann::json& draw) {
      return draw.is_object() && (draw.contains("randn") || draw.contains("randint"));
    });
    if (random && !spec.contains("seed")) fail(where, "random draws need a \"seed\"");
    try {
      plan = parse_draw_plan(spec.value("seed", nlohmann::json(0)), draws, where);
    } catch (const std::runtime_error& error) {
      throw SpecError(error.what());
    }
    request.inputs = materialize(*plan);
  }
  for (const auto& entry : request.inputs) {
    // Not a structured binding: a lambda may not capture one before C++20.
    const std::string& drawn = entry.first;
    const bool known = std::any_of(task.inputs.begin(), task.inputs.end(),
                                   [&](const InputSpec& input) { return input.name == drawn; });
    if (!known)
      fail(where, fmt::format("{} takes no input \"{}\" (prefix a draw's name with _ to draw and discard it)",
                              task.function, drawn));
  }

  // conv_backward's published examples feed conv_forward's output back as dZ.
  bool computed_dz = false;
  if (task.function == "conv_backward" && request.inputs.count("dZ") == 0) {
    RunnerRequest forward{"conv_forward", {}, request.params};
    for (const char* input : {"A", "W", "b"})
      if (auto found = request.inputs.find(input); found != request.inputs.end()) forward.inputs.insert(*found);
    request.inputs["dZ"] = run_reference(forward, where + " (computing dZ = conv_forward(A, W, b))").at("result");
    computed_dz = true;
  }
  for (const auto& input : task.inputs) {
    auto found = request.inputs.find(input.name);
    if (found == request.inputs.end()) fail(where, fmt::format("needs a draw named \"{}\"", input.name));
    const auto& shape = found->second.shape;
    const bool rank_ok = static_cast<int>(shape.size()) == input.rank ||
                         (input.scalar_allowed && found->second.element_count() == 1);
    if (!rank_ok)
      fail(where, fmt::format("input \"{}\" must be a rank-{} tensor, got shape {}", input.name, input.rank,
                              shape_string(shape)));
  }

  const auto outputs = run_reference(request, where);

  nlohmann::ordered_json json;
  json["name"] = name;
  if (spec.contains("description")) json["description"] = spec.at("description");
  if (spec.contains("source")) json["source"] = spec.at("source");
  const bool keep_plan = plan && drawn_element_count(*plan) > options.stored_input_limit;
  if (keep_plan) {
    if (computed_dz) fail(where, "too large to store, and its dZ is computed rather than drawn: draw dZ instead");
    json["generate"] = {{"seed", plan->seed}, {"draws", draw_plan_draws_to_json(*plan)}};
  } else {
    auto inputs = nlohmann::ordered_json::object();
    for (const auto& input : task.inputs) inputs[input.name] = tensor_to_json(request.inputs.at(input.name));
    json["inputs"] = std::move(inputs);
  }
  json["params"] = request.params;
  auto expected = nlohmann::ordered_json::object();
  for (const auto& output : task.outputs) {
    Expected value;
    value.tensor = outputs.at(output.name);
    if (value.tensor.element_count() > options.summary_threshold && !value.tensor.is_scalar()) {
      value.summarized = true;
      value.summary = summarize(value.tensor, options.summary_samples);
    }
    expected[output.name] = expected_to_json(value);
  }
  json["expected"] = std::move(expected);
  return json;
}

}  // namespace

nlohmann::ordered_json build_fixture(const nlohmann::json& spec, const std::string& spec_path,
                                     const FixtureBuildOptions& options) {
  const auto& spec_name = spec_path;  // errors name the file as given
  if (!spec.is_object()) fail(spec_name, "a spec must be a JSON object");
  require_known_keys<SpecError>(spec, {"task", "comment", "cases"}, spec_name);
  if (!spec.contains("task") || !spec.at("task").is_string()) fail(spec_name, "missing \"task\"");
  const auto function = spec.at("task").get<std::string>();
  const auto* task = find_task(function);
  if (task == nullptr) fail(spec_name, fmt::format("unknown task \"{}\"", function));
  if (!spec.contains("cases") || !spec.at("cases").is_array() || spec.at("cases").empty())
    fail(spec_name, "\"cases\" must be a non-empty array");

  nlohmann::ordered_json fixture;
  fixture["task"] = function;
  fixture["generated_from"] = std::filesystem::path(spec_path).filename().string();
  if (spec.contains("comment")) fixture["comment"] = spec.at("comment");
  auto cases = nlohmann::ordered_json::array();
  std::set<std::string> names;
  const auto& specs = spec.at("cases");
  for (std::size_t i = 0; i < specs.size(); ++i) {
    auto built = build_case(*task, specs[i], fmt::format("{}: case {}", spec_name, i + 1), options);
    if (!names.insert(built["name"].get<std::string>()).second)
      fail(spec_name, fmt::format("case name \"{}\" is used twice", built["name"].get<std::string>()));
    cases.push_back(std::move(built));
  }
  fixture["cases"] = std::move(cases);
  // What we write must be what the grader reads: check it the grader's way.
  try {
    parse_fixture(nlohmann::json::parse(fixture.dump()), spec_name);
  } catch (const FixtureError& error) {
    throw SpecError(fmt::format("internal error, the generated fixture is invalid: {}", error.what()));
  }
  return fixture;
}

}  // namespace assg
