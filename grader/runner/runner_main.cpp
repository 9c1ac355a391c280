// The runner: the only program that links a student's solution. It reads
// one request (a function name and its inputs, never the expected values)
// from stdin, calls the function and writes the reply on fd 3, leaving
// stdout and stderr to the student's own prints. The grader judges the
// reply in another process.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <exception>
#include <vector>

#include "call_solution.hpp"
#include "protocol.hpp"

namespace {

std::vector<std::uint8_t> read_all(int fd) {
  std::vector<std::uint8_t> bytes;
  std::uint8_t buffer[65536];
  while (true) {
    const auto n = ::read(fd, buffer, sizeof buffer);
    if (n > 0) bytes.insert(bytes.end(), buffer, buffer + n);
    else if (n == 0 || errno != EINTR) break;
  }
  return bytes;
}

bool write_all(int fd, const std::vector<std::uint8_t>& bytes) {
  std::size_t written = 0;
  while (written < bytes.size()) {
    const auto n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n > 0) written += static_cast<std::size_t>(n);
    else if (n < 0 && errno != EINTR) return false;
  }
  return true;
}

}  // namespace

int main() {
  std::set_terminate([] {
    std::fputs("runner: std::terminate was called (an exception escaped a noexcept function or a destructor)\n",
               stderr);
    std::abort();
  });
  try {
    const auto request = assg::decode_request(read_all(STDIN_FILENO));
    const auto reply = assg::call_solution(request);
    std::fflush(stdout);  // the student's prints, before the reply ends the test
    return write_all(assg::kReplyFd, assg::encode_reply(reply)) ? 0 : 3;
  } catch (const assg::ProtocolError& error) {
    std::fprintf(stderr, "runner: %s\n", error.what());
    return 3;
  }
}
