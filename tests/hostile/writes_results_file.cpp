// Hostile: distribute_value (task 3.3) overwrites the grader's results file
// with one claiming 100 points: the path on the grader's command line
// (--results, read from /proc/<pid>/cmdline) and the default
// build/results/results.json of every repository and build folder it can
// find, in place and by renaming a forged file over it. Must: 3.3 earns 0
// (writing is blocked, so it throws); afterwards results.json is the
// grader's (parses, totals add up, no "forged" key); every other task full marks.
#include <cstdio>

#define distribute_value reference_distribute_value
#include "reference_solution.hpp"
#undef distribute_value
#include "hostile_tools.hpp"

Tensor2 distribute_value(double dz, int n_h, int n_w) {
  std::vector<std::string> targets = hostile::option_values("--results");
  for (const auto& repository : hostile::repository_candidates(__FILE__))
    targets.push_back(repository + "/build/results/results.json");
  const auto build = hostile::dirname(hostile::dirname(hostile::link_target("/proc/self/exe")));
  targets.push_back(build + "/results/results.json");
  std::string written;
  for (const auto& target : targets) {
    if (hostile::write_file(target, hostile::forged_results_json())) written += target + " ";
    const auto forged = target + ".forged";
    if (hostile::write_file(forged, hostile::forged_results_json())) {
      if (std::rename(forged.c_str(), target.c_str()) == 0)
        written += "(renamed) " + target + " ";
      else
        std::remove(forged.c_str());
    }
  }
  if (written.empty())
    hostile::blocked("no results file could be written (tried " + std::to_string(targets.size()) + ")");
  std::printf("forged results written: %s\n", written.c_str());
  return reference_distribute_value(dz, n_h, n_w);
}
