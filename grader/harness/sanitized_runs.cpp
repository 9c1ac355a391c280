#include "sanitized_runs.hpp"

#include <fmt/format.h>

namespace assg {

ChildLimits sanitized_limits(ChildLimits limits, bool symbolize_offline) {
  const std::uint64_t memory_mb = limits.address_space_bytes ? *limits.address_space_bytes >> 20 : 0;
  limits.address_space_bytes.reset();
  // Memory from malloc and new filled with junk (0x7f bytes, about 1.4e306 as
  // a double), as MALLOC_PERTURB_ does in an ordinary run (ASan's allocator
  // ignores it): a result never set still fails where the mistake is.
  std::string asan = fmt::format(
      "detect_leaks=0:halt_on_error=1:abort_on_error=0:exitcode={}:malloc_fill_byte=127:max_malloc_fill_size={}",
      kSanitizerExitCode, 0x7fffffff);
  if (memory_mb > 0)
    // Shadow memory (an eighth), red zones and the quarantine of freed
    // blocks come on top of what the solution itself uses: half as much again.
    asan += fmt::format(":max_allocation_size_mb={}:hard_rss_limit_mb={}", memory_mb, memory_mb + memory_mb / 2);
  std::string ubsan = fmt::format("print_stacktrace=1:halt_on_error=1:exitcode={}", kSanitizerExitCode);
  if (symbolize_offline) {
    asan += ":symbolize=0";
    ubsan += ":symbolize=0";
  }
  limits.environment.push_back("ASAN_OPTIONS=" + asan);
  limits.environment.push_back("UBSAN_OPTIONS=" + ubsan);
  return limits;
}

}  // namespace assg
