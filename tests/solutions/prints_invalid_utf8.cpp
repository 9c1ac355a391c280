// conv_single_step prints text that is not valid UTF-8 (accents cut in half
// by the 200-byte line limit, a stray 0xFF) and throws a message with a bad
// byte: the results file must still be written, with the bad bytes replaced.
#include <iostream>
#include <stdexcept>

#define conv_single_step reference_conv_single_step
#include "assg_tasks_reference.cpp"
#undef conv_single_step

double conv_single_step(const Tensor3& slice, const Tensor3& W, double b) {
  std::cout << "x";
  for (int i = 0; i < 120; ++i) std::cout << "\xC3\xA9";
  std::cout << "\xFF\n";
  throw std::runtime_error("bad \xFF byte");
}
