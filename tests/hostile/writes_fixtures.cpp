// Hostile: distribute_value (task 3.3) changes the instructor's test data:
// appends to fixtures/distribute_value.json and creates
// fixtures/zz_hostile_extra.json in every repository it can find (from
// __FILE__, /proc/self/exe, the grading processes' folders and options), the
// folders given as --fixtures and --hidden-fixtures, grade-all's
// OUT/.grade-all/hidden-fixtures and the hidden specs. Must: 3.3 earns 0
// (writing is blocked, so it throws); every fixture, spec and rubric file
// byte-identical afterwards, no new file; every other task full marks.
#define distribute_value reference_distribute_value
#include "reference_solution.hpp"
#undef distribute_value
#include "hostile_tools.hpp"

Tensor2 distribute_value(double dz, int n_h, int n_w) {
  std::vector<std::string> folders = hostile::option_values("--fixtures");
  for (const auto& folder : hostile::option_values("--hidden-fixtures")) folders.push_back(folder);
  for (const auto& out : hostile::option_values("--out")) folders.push_back(out + "/.grade-all/hidden-fixtures");
  for (const auto& specs : hostile::option_values("--hidden-specs")) folders.push_back(specs);
  for (const auto& repository : hostile::repository_candidates(__FILE__)) {
    folders.push_back(repository + "/fixtures");
    folders.push_back(repository + "/fixtures/spec/hidden");
  }
  std::string changed;
  for (const auto& folder : folders) {
    if (hostile::append_byte(folder + "/distribute_value.json")) changed += folder + "/distribute_value.json ";
    if (hostile::write_file(folder + "/zz_hostile_extra.json", "{}")) changed += folder + "/zz_hostile_extra.json ";
  }
  if (changed.empty())
    hostile::blocked("no fixture could be changed (tried " + std::to_string(folders.size()) + " folders)");
  return reference_distribute_value(dz, n_h, n_w);
}
