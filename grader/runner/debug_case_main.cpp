// debug-case: runs one fixture case in this very process, so a debugger can
// stop inside the student's code (`make debug TASK=2.3 CASE=name` starts it
// under gdb). Never used for grading: the grader runs solutions in a child.
#include <algorithm>
#include <iostream>
#include <limits>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "call_solution.hpp"
#include "compare.hpp"
#include "fixture.hpp"
#include "rubric.hpp"

namespace {

// Values in row-major order, the first `limit` of them (--all: every one).
std::string show(const assg::TensorValue& value, std::size_t limit) {
  std::string text = fmt::format("shape {}:", assg::shape_string(value.shape));
  const auto shown = std::min(limit, value.data.size());
  for (std::size_t i = 0; i < shown; ++i) {
    const double x = value.data[i];
    text += value.dtype == assg::DType::Bool ? (x != 0.0 ? " true" : " false") : fmt::format(" {:.8g}", x);
  }
  if (shown < value.data.size())
    text += fmt::format(" ... ({} more; make debug ALL=1 shows them)", value.data.size() - shown);
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Run one fixture case in-process (for a debugger) and compare it with the expected values."};
  std::string rubric_path = ASSG_SOURCE_DIR "/grader/rubric.json";
  std::string fixtures_dir = ASSG_SOURCE_DIR "/fixtures";
  std::string task_id, case_name;
  app.add_option("--rubric", rubric_path, "Rubric file")->capture_default_str();
  app.add_option("--fixtures", fixtures_dir, "Fixtures folder")->capture_default_str();
  app.add_option("--task", task_id, "Task id, e.g. 2.3 (without it: list the tasks and cases)");
  app.add_option("--case", case_name, "Case name (default: the task's first case)");
  bool all = false;
  app.add_flag("--all", all, "Print every value of every tensor (default: the first 200)");
  CLI11_PARSE(app, argc, argv);

  try {
    const auto rubric = assg::load_rubric(rubric_path);
    if (task_id.empty()) {
      for (const auto& task : rubric.tasks) {
        const auto fixture = assg::load_fixture(fixtures_dir + "/" + task.fixture);
        std::cout << fmt::format("{} {}\n", task.id, task.function);
        for (const auto& fixture_case : fixture.cases) std::cout << fmt::format("    {}\n", fixture_case.name);
      }
      return 0;
    }
    const auto* task = rubric.find(task_id);
    if (task == nullptr) {
      std::string ids;
      for (const auto& known : rubric.tasks) ids += (ids.empty() ? "" : ", ") + known.id;
      throw std::runtime_error(fmt::format("no task \"{}\" in {} (tasks: {})", task_id, rubric_path, ids));
    }
    const auto fixture = assg::load_fixture(fixtures_dir + "/" + task->fixture);
    const assg::FixtureCase* chosen = &fixture.cases.front();
    if (!case_name.empty()) {
      chosen = nullptr;
      for (const auto& fixture_case : fixture.cases)
        if (fixture_case.name == case_name) chosen = &fixture_case;
      if (chosen == nullptr) {
        std::string names;
        for (const auto& fixture_case : fixture.cases) names += "\n  " + fixture_case.name;
        throw std::runtime_error(fmt::format("no case \"{}\" in {}; its cases are:{}", case_name, fixture.path, names));
      }
    }

    const std::size_t limit = all ? std::numeric_limits<std::size_t>::max() : 200;
    assg::RunnerRequest request{task->function, chosen->inputs, chosen->params};
    if (chosen->generate)
      for (auto& [name, tensor] : assg::materialize(*chosen->generate)) request.inputs[name] = std::move(tensor);
    std::cout << fmt::format("Task {} {}, case {}\n", task->id, task->function, chosen->name);
    if (!chosen->description.empty()) std::cout << fmt::format("  {}\n", chosen->description);
    for (const auto& [name, tensor] : request.inputs) std::cout << fmt::format("  input {}: {}\n", name, show(tensor, limit));
    std::cout << fmt::format("  params: {}\n", chosen->params.dump());

    const auto reply = assg::call_solution(request);
    if (reply.status != assg::RunnerReply::Status::Ok) {
      std::cout << fmt::format("Your code did not return: {}{}\n",
                               reply.exception_type.empty() ? "" : reply.exception_type + ": ", reply.message);
      return 1;
    }
    bool all_match = true;
    const auto* spec = assg::find_task(task->function);
    for (const auto& output : spec->outputs) {
      const auto& actual = reply.outputs.at(output.name);
      const auto& expected = chosen->expected.at(output.name);
      const auto verdict = assg::OutputMatches(output, expected, actual, task->case_tolerance(chosen->name));
      std::cout << fmt::format("  {} (yours): {}\n", output.name, show(actual, limit));
      if (!expected.summarized) std::cout << fmt::format("  {} (expected): {}\n", output.name, show(expected.tensor, limit));
      std::cout << (verdict ? fmt::format("  {}: matches\n", output.name) : fmt::format("  {}\n", verdict.message()));
      all_match = all_match && static_cast<bool>(verdict);
    }
    std::cout << (all_match ? "PASS\n" : "FAIL\n");
    return all_match ? 0 : 1;
  } catch (const std::exception& error) {
    std::cerr << "debug-case: error: " << error.what() << "\n";
    return 2;
  }
}
