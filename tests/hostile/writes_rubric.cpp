// Hostile: distribute_value (task 3.3) changes the rubric that sets the
// grades: appends to grader/rubric.json of every repository it can find and
// to the file given as the grader's --rubric. Must: 3.3 earns 0 (writing is
// blocked, so it throws); the rubric byte-identical afterwards; every other
// task full marks.
#define distribute_value reference_distribute_value
#include "reference_solution.hpp"
#undef distribute_value
#include "hostile_tools.hpp"

Tensor2 distribute_value(double dz, int n_h, int n_w) {
  std::vector<std::string> rubrics = hostile::option_values("--rubric");
  for (const auto& repository : hostile::repository_candidates(__FILE__))
    rubrics.push_back(repository + "/grader/rubric.json");
  std::string changed;
  for (const auto& rubric : rubrics)
    if (hostile::append_byte(rubric)) changed += rubric + " ";
  if (changed.empty()) hostile::blocked("no rubric could be changed (tried " + std::to_string(rubrics.size()) + ")");
  return reference_distribute_value(dz, n_h, n_w);
}
