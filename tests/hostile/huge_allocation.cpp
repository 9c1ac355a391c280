// Hostile: distribute_value (task 3.3) allocates 16 GiB and touches every
// byte. Must: 3.3 crashed, 0 points, with a message that names the memory
// limit; every other task full marks.
//
// So that the test machine survives a harness that has lost its limits, the
// memory is touched only where a limit will stop it first (an address-space
// limit of at most 16 GiB, or a memory cgroup of at most 4 GiB); with no
// limit the attack counts as having worked and returns the right answer.
#include <sys/resource.h>

#include <vector>

#define distribute_value reference_distribute_value
#include "reference_solution.hpp"
#undef distribute_value
#include "hostile_tools.hpp"

namespace {

constexpr std::size_t kHuge = std::size_t{16} << 30;

bool memory_cgroup_limited() {
  const auto cgroups = hostile::read_text("/proc/self/cgroup").value_or("");
  std::istringstream lines(cgroups);
  std::string line;
  while (std::getline(lines, line)) {
    const auto path = line.substr(line.rfind(':') + 1);
    std::optional<std::string> limit;
    if (line.rfind("0::", 0) == 0)
      limit = hostile::read_text("/sys/fs/cgroup" + path + "/memory.max");
    else if (line.find(":memory:") != std::string::npos)
      limit = hostile::read_text("/sys/fs/cgroup/memory" + path + "/memory.limit_in_bytes");
    if (limit && !limit->empty() && (*limit)[0] != 'm' && std::strtoull(limit->c_str(), nullptr, 10) <= (4ULL << 30))
      return true;
  }
  return false;
}

}  // namespace

Tensor2 distribute_value(double dz, int n_h, int n_w) {
  rlimit address_space{};
  ::getrlimit(RLIMIT_AS, &address_space);
  const bool limited =
      (address_space.rlim_cur != RLIM_INFINITY && address_space.rlim_cur <= kHuge) || memory_cgroup_limited();
  if (limited) {
    std::vector<char> block(kHuge, 1);  // every page written
    volatile char last = block.back();
    (void)last;
  }
  return reference_distribute_value(dz, n_h, n_w);
}
