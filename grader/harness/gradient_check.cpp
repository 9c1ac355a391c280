#include "gradient_check.hpp"

namespace assg {

// TODO(issue 4): the gradient check (being written).
std::vector<std::string> check_gradients(const WrongAnswer&) { return {}; }

}  // namespace assg
