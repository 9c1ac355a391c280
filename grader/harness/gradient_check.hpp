// A finite-difference check of a backward pass (tasks 3.1 and 3.4) against
// the reference forward pass: says which gradient (dA, dW or db) is off.
#pragma once

#include <string>
#include <vector>

#include "failure_diagnosis.hpp"

namespace assg {

std::vector<std::string> check_gradients(const WrongAnswer& answer);

}  // namespace assg
