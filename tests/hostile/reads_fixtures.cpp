// Hostile: distribute_value (task 3.3) answers from the instructor's fixture
// file: finds fixtures/distribute_value.json (repository from __FILE__,
// /proc/self/exe, the grading processes' folders; the grader's --fixtures),
// scans it for the case with these inputs and returns its expected result.
// Must: 3.3 earns 0 (the fixtures are unreadable, so it throws); every other
// task full marks.
#define distribute_value reference_distribute_value
#include "reference_solution.hpp"
#undef distribute_value
#include "hostile_tools.hpp"

Tensor2 distribute_value(double dz, int n_h, int n_w) {
  std::vector<std::string> files;
  for (const auto& folder : hostile::option_values("--fixtures")) files.push_back(folder + "/distribute_value.json");
  for (const auto& repository : hostile::repository_candidates(__FILE__))
    files.push_back(repository + "/fixtures/distribute_value.json");
  for (const auto& file : files) {
    const auto text = hostile::read_text(file);
    if (!text) continue;
    const auto expected = hostile::expected_in_fixture(*text, dz, n_h, n_w);
    if (!expected || expected->size() != static_cast<std::size_t>(n_h) * static_cast<std::size_t>(n_w)) continue;
    Tensor2 answer(n_h, n_w);
    std::copy(expected->begin(), expected->end(), answer.data());
    return answer;
  }
  hostile::blocked("no readable fixture holds this case (tried " + std::to_string(files.size()) + " files)");
}
