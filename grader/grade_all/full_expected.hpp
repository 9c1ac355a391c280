// The visible fixtures' large outputs in full. A committed fixture keeps a
// large output as a summary (its mean, per-channel means and maxima, and
// values at about 2,000 positions), to stay small; but the positions are
// public, so a solution could swap every pair of values it knows is not
// sampled and keep every statistic. grade-all has the reference at hand:
// it computes each summarized output in full, once per run, into a private
// folder, and the grader checks every value there (--full-expected).
#pragma once

#include <string>

#include "rubric.hpp"

namespace assg {

struct FullExpected {
  std::string folder;  // empty: no fixture has a summarized output
  int outputs = 0;     // summarized outputs computed in full
};

// Writes, for each enabled task's fixture in `fixtures_dir` with summarized
// outputs, a fixture of those cases with their outputs in full (the same
// file name, in `out_folder`). Throws std::runtime_error naming the fixture
// and case when the reference disagrees with the committed summary (the
// fixture is out of date).
FullExpected build_full_expected(const std::string& fixtures_dir, const std::string& out_folder,
                                 const Rubric& rubric);

}  // namespace assg
