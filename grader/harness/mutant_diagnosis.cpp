#include "mutant_diagnosis.hpp"

namespace assg {

// TODO(issue 4): the mutant catalogue (being written).
std::vector<std::string> diagnose_by_mutants(const WrongAnswer&) { return {}; }

}  // namespace assg
