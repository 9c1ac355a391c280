#include "failure_diagnosis.hpp"

#include <exception>

#include "mutant_diagnosis.hpp"
#ifdef ASSG_HAVE_REFERENCE
#include "gradient_check.hpp"
#endif

namespace assg {

std::vector<std::string> diagnose_wrong_answer(const RubricTask& rule, const FixtureCase& fixture_case,
                                               const Outputs& outputs, const Tolerance& tolerance,
                                               const KnownMistakes& mistakes) {
  std::vector<std::string> sentences;
  try {
    static const std::vector<KnownMistake> none;
    const auto known = mistakes.find(fixture_case.name);
    const Outputs inputs = case_inputs(fixture_case);
    const WrongAnswer answer{rule, fixture_case, inputs, outputs, tolerance,
                             known == mistakes.end() ? none : known->second};
    // A known mistake, named, says the most; the gradient check then says
    // which of a backward pass's outputs is off.
    for (auto& sentence : diagnose_by_mutants(answer)) sentences.push_back(std::move(sentence));
#ifdef ASSG_HAVE_REFERENCE
    for (auto& sentence : check_gradients(answer)) sentences.push_back(std::move(sentence));
#endif
  } catch (const std::exception&) {
    // A diagnosis is a courtesy: the grade never depends on it.
  }
  return sentences;
}

}  // namespace assg
