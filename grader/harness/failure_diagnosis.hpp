// Why a case's outputs are wrong, beyond "these numbers differ": run after
// a case's comparison failed, in the grader's own process, on the case's
// inputs, with trusted instructor code only (assg::reference and the mutant
// catalogue). Never called for hidden cases: a diagnosis describes the data.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "fixture.hpp"
#include "rubric.hpp"
#include "tensor_value.hpp"

namespace assg {

using Outputs = std::map<std::string, TensorValue>;

// What a diagnoser gets: the case (its inputs drawn if it is generated), the
// solution's outputs as returned, and the task's tolerance.
struct WrongAnswer {
  const RubricTask& rule;
  const FixtureCase& fixture_case;
  const Outputs& inputs;
  const Outputs& outputs;
  Tolerance tolerance;
};

// The case's inputs, with a generated case's drawn as the runner drew them.
Outputs case_inputs(const FixtureCase& fixture_case);

// Plain sentences for the student, most useful first; empty when nothing is
// known. Never throws: a diagnosis that fails is left out.
std::vector<std::string> diagnose_wrong_answer(const RubricTask& rule, const FixtureCase& fixture_case,
                                               const Outputs& outputs, const Tolerance& tolerance);

}  // namespace assg
