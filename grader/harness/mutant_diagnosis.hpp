// Diagnosis by the catalogue of common mistakes: when the solution's outputs
// equal a mutant's (the reference with one classic mistake) on this case,
// as recorded in the table of known mistakes, name it.
#pragma once

#include <string>
#include <vector>

#include "failure_diagnosis.hpp"

namespace assg {

std::vector<std::string> diagnose_by_mutants(const WrongAnswer& answer);

}  // namespace assg
