// The catalogue of common mistakes: one mutant (mutant_functions.hpp) per
// entry, with the plain sentence a student sees when their output equals
// that mutant's on a failing case (grader/harness/mutant_diagnosis.cpp).
// `make check` builds each entry into a runner and proves that the grader
// catches it and names it (tests/e2e/mutation_score_test.cpp).
#pragma once

#include <string>
#include <vector>

#include "task_functions.hpp"

namespace assg::mutants {

struct Mutant {
  std::string id;           // "2.2-no-bias": the task, then the mistake; also names its runner
  std::string task;         // "2.2"
  std::string sentence;     // "Likely mistake: ...", one plain sentence
  std::string function;     // the assignment function it replaces: "conv_single_step"
  TaskFunctions functions;  // the reference's nine, with that one replaced
};

const std::vector<Mutant>& catalogue();
// nullptr if there is no such mutant.
const Mutant* find_mutant(const std::string& id);

}  // namespace assg::mutants
