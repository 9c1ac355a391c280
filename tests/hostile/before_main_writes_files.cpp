// Hostile: a static initializer, before main runs, appends to the fixtures
// and the rubric of every repository it can find, overwrites the results
// file with a forged one, and drops canaries in /tmp
// (/tmp/assg-hostile-canary-init) and the repository
// (assg-hostile-canary-init). distribute_value (task 3.3) answers right only
// if some write outside /tmp worked. Must: 3.3 earns 0 (nothing written, so it throws);
// fixtures, rubric and results intact; no canary; the other graded tasks full marks.
#define distribute_value reference_distribute_value
#include "reference_solution.hpp"
#undef distribute_value
#include "hostile_tools.hpp"

namespace {
const std::string kWritten = [] {
  std::string written;
  for (const auto& repository : hostile::repository_candidates(__FILE__)) {
    if (hostile::append_byte(repository + "/fixtures/distribute_value.json")) written += "fixture ";
    if (hostile::append_byte(repository + "/grader/rubric.json")) written += "rubric ";
    if (hostile::write_file(repository + "/assg-hostile-canary-init", "written before main\n"))
      written += "repository ";
  }
  for (const auto& results : hostile::option_values("--results"))
    if (hostile::write_file(results, hostile::forged_results_json())) written += "results ";
  // Not counted: a sandbox may give the runner a /tmp of its own (the tests
  // check that nothing lands in the real one).
  hostile::write_file("/tmp/assg-hostile-canary-init", "written before main\n");
  return written;
}();
}  // namespace

Tensor2 distribute_value(double dz, int n_h, int n_w) {
  if (kWritten.empty()) hostile::blocked("nothing could be written before main");
  return reference_distribute_value(dz, n_h, n_w);
}
