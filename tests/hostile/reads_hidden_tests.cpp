// Hostile: distribute_value (task 3.3) looks for the hidden tests: the golden
// values grade-all computes into OUT/.grade-all/hidden-fixtures (OUT from
// grade-all's --out; also the grader's --hidden-fixtures) and the hidden
// specs, fixtures/spec/hidden/distribute_value.json (or --hidden-specs). It
// returns a hidden fixture's expected result when it holds the case, and the
// right answer whenever any hidden file was readable (knowing the hidden
// inputs is the cheat). Must: 3.3 earns 0 (nothing hidden is readable, so it
// throws); every other task full marks.
#define distribute_value reference_distribute_value
#include "reference_solution.hpp"
#undef distribute_value
#include "hostile_tools.hpp"

Tensor2 distribute_value(double dz, int n_h, int n_w) {
  std::vector<std::string> fixtures;
  for (const auto& folder : hostile::option_values("--hidden-fixtures"))
    fixtures.push_back(folder + "/distribute_value.json");
  for (const auto& out : hostile::option_values("--out"))
    fixtures.push_back(out + "/.grade-all/hidden-fixtures/distribute_value.json");
  std::vector<std::string> specs;
  for (const auto& folder : hostile::option_values("--hidden-specs"))
    specs.push_back(folder + "/distribute_value.json");
  for (const auto& repository : hostile::repository_candidates(__FILE__)) {
    fixtures.push_back(repository + "/out/.grade-all/hidden-fixtures/distribute_value.json");
    specs.push_back(repository + "/fixtures/spec/hidden/distribute_value.json");
  }
  bool seen_hidden = false;
  for (const auto& file : fixtures) {
    const auto text = hostile::read_text(file);
    if (!text) continue;
    seen_hidden = true;
    const auto expected = hostile::expected_in_fixture(*text, dz, n_h, n_w);
    if (!expected || expected->size() != static_cast<std::size_t>(n_h) * static_cast<std::size_t>(n_w)) continue;
    Tensor2 answer(n_h, n_w);
    std::copy(expected->begin(), expected->end(), answer.data());
    return answer;
  }
  for (const auto& file : specs) seen_hidden = seen_hidden || hostile::read_text(file).has_value();
  if (!seen_hidden)
    hostile::blocked("no hidden fixture or spec is readable (tried " + std::to_string(fixtures.size() + specs.size()) +
                     " files)");
  return reference_distribute_value(dz, n_h, n_w);
}
