// Hostile: distribute_value (task 3.3) keeps state between tests in files
// (assg-hostile-state in its working folder and in $TMPDIR or /tmp): a case
// that finds one written by an earlier case answers right, the first answers
// wrong. Must: every case gets a fresh scratch folder, so 3.3 is graded
// exactly as a stateless solution that always answers wrong: every case
// failed, 0 points; no assg-hostile-state left in the repository, the build
// folder or /tmp; every other task full marks.
#define distribute_value reference_distribute_value
#include "reference_solution.hpp"
#undef distribute_value
#include "hostile_tools.hpp"

Tensor2 distribute_value(double dz, int n_h, int n_w) {
  const std::vector<std::string> places{hostile::current_directory() + "/assg-hostile-state",
                                        hostile::temp_directory() + "/assg-hostile-state"};
  bool earlier = false;
  for (const auto& place : places) earlier = earlier || hostile::exists(place);
  for (const auto& place : places) hostile::write_file(place, "an earlier test ran here\n");
  if (earlier) return reference_distribute_value(dz, n_h, n_w);
  Tensor2 wrong(n_h, n_w);
  wrong.setConstant(-1.0);
  return wrong;
}
