#include "failure_diagnosis.hpp"

#include <exception>

#include "gradient_check.hpp"
#include "mutant_diagnosis.hpp"

namespace assg {

Outputs case_inputs(const FixtureCase& fixture_case) {
  Outputs inputs = fixture_case.inputs;
  if (fixture_case.generate)
    for (auto& [name, tensor] : materialize(*fixture_case.generate)) inputs.insert_or_assign(name, std::move(tensor));
  return inputs;
}

std::vector<std::string> diagnose_wrong_answer(const RubricTask& rule, const FixtureCase& fixture_case,
                                               const Outputs& outputs, const Tolerance& tolerance) {
  std::vector<std::string> sentences;
  try {
    const Outputs inputs = case_inputs(fixture_case);
    const WrongAnswer answer{rule, fixture_case, inputs, outputs, tolerance};
    // A known mistake, named, says the most; the gradient check then says
    // which of a backward pass's outputs is off.
    for (auto& sentence : diagnose_by_mutants(answer)) sentences.push_back(std::move(sentence));
    for (auto& sentence : check_gradients(answer)) sentences.push_back(std::move(sentence));
  } catch (const std::exception&) {
    // A diagnosis is a courtesy: the grade never depends on it.
  }
  return sentences;
}

}  // namespace assg
