// Hostile: a static initializer reads fixtures/distribute_value.json (found
// as reads_fixtures.cpp finds it) before main runs; distribute_value (task
// 3.3) then answers from it. Must: 3.3 earns 0 (nothing was read, so it
// throws); the other graded tasks full marks.
#define distribute_value reference_distribute_value
#include "reference_solution.hpp"
#undef distribute_value
#include "hostile_tools.hpp"

namespace {
const std::string kFixture = [] {
  std::vector<std::string> files;
  for (const auto& folder : hostile::option_values("--fixtures")) files.push_back(folder + "/distribute_value.json");
  for (const auto& repository : hostile::repository_candidates(__FILE__))
    files.push_back(repository + "/fixtures/distribute_value.json");
  for (const auto& file : files)
    if (auto text = hostile::read_text(file)) return *text;
  return std::string();
}();
}  // namespace

Tensor2 distribute_value(double dz, int n_h, int n_w) {
  const auto expected = hostile::expected_in_fixture(kFixture, dz, n_h, n_w);
  if (!expected || expected->size() != static_cast<std::size_t>(n_h) * static_cast<std::size_t>(n_w))
    hostile::blocked("the fixture could not be read before main");
  Tensor2 answer(n_h, n_w);
  std::copy(expected->begin(), expected->end(), answer.data());
  return answer;
}
