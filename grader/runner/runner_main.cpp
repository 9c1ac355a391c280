// The runner: the only program that links a student's solution. It reads
// one request (a function name and its inputs, never the expected values)
// from stdin, calls the function and writes the reply on fd 3, leaving
// stdout and stderr to the student's own prints. The grader judges the
// reply in another process.
#include <signal.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <cstdio>
#include <exception>
#include <vector>

#include "call_solution.hpp"
#include "protocol.hpp"

// Whether AddressSanitizer is on: GCC defines __SANITIZE_ADDRESS__, clang
// before 16 only answers __has_feature(address_sanitizer).
#if defined(__SANITIZE_ADDRESS__)
#define ASSG_RUNNER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ASSG_RUNNER_ASAN 1
#endif
#endif

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

// A stack overflow is a SIGSEGV like any other: the handler, on a stack of
// its own (the normal one is full), says which it was, then lets the signal
// kill the runner as usual.
std::uintptr_t stack_top = 0;
std::uintptr_t stack_limit = 0;
[[maybe_unused]] alignas(16) char alternate_stack[64 * 1024];  // unused under AddressSanitizer

extern "C" void on_segmentation_fault(int, siginfo_t* info, void*) {
  const auto address = reinterpret_cast<std::uintptr_t>(info->si_addr);
  const std::uintptr_t slack = 1 << 20;  // the guard pages below the limit
  if (address < stack_top && stack_top - address <= stack_limit + slack) {
    const char* note = assg::kStackOverflowNote;
    [[maybe_unused]] auto ignored = ::write(STDERR_FILENO, note, std::strlen(note));
    ignored = ::write(STDERR_FILENO, "\n", 1);
  }
  // SA_RESETHAND: returning re-runs the faulting access, which now kills.
}

void report_stack_overflows(const void* top) {
#if !defined(ASSG_RUNNER_ASAN)  // AddressSanitizer reports them itself
  struct rlimit limit {};
  if (::getrlimit(RLIMIT_STACK, &limit) != 0) return;
  stack_top = reinterpret_cast<std::uintptr_t>(top);
  stack_limit = limit.rlim_cur == RLIM_INFINITY ? std::uintptr_t{1} << 30 : limit.rlim_cur;
  stack_t stack{};
  stack.ss_sp = alternate_stack;
  stack.ss_size = sizeof alternate_stack;
  if (::sigaltstack(&stack, nullptr) != 0) return;
  struct sigaction action {};
  action.sa_sigaction = on_segmentation_fault;
  action.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESETHAND;
  sigemptyset(&action.sa_mask);
  ::sigaction(SIGSEGV, &action, nullptr);
#else
  (void)top;
#endif
}

#if defined(ASSG_RUNNER_ASAN)
// make test SANITIZE=1: a sanitizer ends the runner with _exit, losing what
// is still buffered. Line by line, the solution's prints come out before
// the sanitizer's report, as the grader expects them. First of all static
// initializers, before anything is printed.
__attribute__((constructor(101))) void print_line_by_line() { std::setvbuf(stdout, nullptr, _IOLBF, BUFSIZ); }
#endif

}  // namespace

int main() {
  const int top_of_stack = 0;
  report_stack_overflows(&top_of_stack);
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
