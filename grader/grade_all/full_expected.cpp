#include "full_expected.hpp"

#include <sys/stat.h>

#include <filesystem>
#include <set>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "call_solution.hpp"
#include "compare.hpp"
#include "file_io.hpp"
#include "fixture.hpp"
#include "protocol.hpp"

namespace assg {

namespace fs = std::filesystem;

namespace {

bool has_summary(const FixtureCase& fixture_case) {
  for (const auto& [name, expected] : fixture_case.expected)
    if (expected.summarized) return true;
  return false;
}

// The reference's outputs for one case (the reference is linked into
// grade-all, as for the hidden tests).
std::map<std::string, TensorValue> reference_outputs(const Fixture& fixture, const FixtureCase& fixture_case) {
  RunnerRequest request{fixture.function, case_inputs(fixture_case), fixture_case.params};
  const auto reply = call_solution(request);
  if (reply.status != RunnerReply::Status::Ok)
    throw std::runtime_error(fmt::format("{}: case \"{}\": the reference fails on it: {}", fixture.path,
                                         fixture_case.name, reply.message));
  return reply.outputs;
}

// The summary was made from the reference's output: if the two disagree,
// the fixture is out of date, and grading against either would be wrong.
void check_against_summary(const Fixture& fixture, const FixtureCase& fixture_case, const std::string& output,
                           const ExpectedSummary& summary, const TensorValue& full, const Tolerance& tolerance) {
  const auto where = fmt::format("{}: case \"{}\", output {}", fixture.path, fixture_case.name, output);
  if (full.shape != summary.shape)
    throw std::runtime_error(where + ": the reference's output has another shape than the summary's (rebuild the "
                                     "fixtures: make fixtures)");
  for (std::size_t i = 0; i < summary.sample_index.size(); ++i) {
    const auto index = static_cast<std::size_t>(summary.sample_index[i]);
    if (!is_close(summary.sample_value[i], full.data[index], tolerance))
      throw std::runtime_error(fmt::format("{}: the reference gives {} at position {}, the summary {} (rebuild "
                                           "the fixtures: make fixtures)",
                                           where, full.data[index], index, summary.sample_value[i]));
  }
}

// The fixture's JSON with only its summarized cases, their summaries
// replaced by the full outputs.
nlohmann::ordered_json full_fixture(const std::string& path, const Fixture& fixture, const RubricTask& rule,
                                    int& outputs) {
  const auto original = read_json_file(path);
  nlohmann::ordered_json json;
  json["task"] = fixture.function;
  json["comment"] = "Written by grade-all: the summarized outputs of " + fs::path(path).filename().string() +
                    " in full, computed by the reference";
  auto cases = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < fixture.cases.size(); ++i) {
    const auto& fixture_case = fixture.cases[i];
    if (!has_summary(fixture_case)) continue;
    // Small (a large case's inputs are its draws): copied as it is.
    auto case_json = nlohmann::ordered_json::parse(original.at("cases").at(i).dump());
    const auto outputs_of_reference = reference_outputs(fixture, fixture_case);
    for (const auto& [name, expected] : fixture_case.expected) {
      if (!expected.summarized) continue;
      const auto found = outputs_of_reference.find(name);
      if (found == outputs_of_reference.end())
        throw std::runtime_error(fmt::format("{}: case \"{}\": the reference returns no {}", path, fixture_case.name, name));
      check_against_summary(fixture, fixture_case, name, expected.summary, found->second,
                            rule.case_tolerance(fixture_case.name));
      case_json.at("expected")[name] = tensor_to_json(found->second);
      ++outputs;
    }
    cases.push_back(std::move(case_json));
  }
  json["cases"] = std::move(cases);
  return json;
}

}  // namespace

FullExpected build_full_expected(const std::string& fixtures_dir, const std::string& out_folder,
                                 const Rubric& rubric) {
  FullExpected full;
  std::set<std::string> done;
  for (const auto& rule : rubric.tasks) {
    if (!rule.enabled || !done.insert(rule.fixture).second) continue;
    const auto path = (fs::path(fixtures_dir) / rule.fixture).string();
    if (!fs::exists(path)) continue;  // the grader's own check names it
    const auto fixture = load_fixture(path);
    bool any = false;
    for (const auto& fixture_case : fixture.cases) any = any || has_summary(fixture_case);
    if (!any) continue;
    if (full.folder.empty()) {
      fs::create_directories(out_folder);
      ::chmod(out_folder.c_str(), 0700);
      for (const auto& old : fs::directory_iterator(out_folder)) fs::remove(old.path());
      full.folder = out_folder;
    }
    const auto json = full_fixture(path, fixture, rule, full.outputs);
    write_file_atomically((fs::path(out_folder) / rule.fixture).string(), json.dump() + "\n");
  }
  return full;
}

}  // namespace assg
