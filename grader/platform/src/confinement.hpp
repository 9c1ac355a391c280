// What a platform backend supplies to the runner's sandbox and to
// assg-confine: the ways a process can be confined there. The Linux backend
// (linux/confinement.cpp) has Landlock and seccomp; the portable POSIX one
// (posix/confinement.cpp, what macOS has) has neither, so that a runner
// there gets rlimits, a process group, a scratch folder and the runner's own
// fork guard only. Internal to the platform library.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "platform/child_process.hpp"

namespace assg::confinement {

// How the report names SandboxMode::None on this backend.
std::string unconfined_description();

// The process filter (seccomp's BPF), compiled for this machine. Throws
// std::runtime_error where the backend has none.
std::vector<std::uint8_t> build_process_filter();

// What the kernel is handed for `filter` (struct sock_fprog pointing into
// it), for ChildLimits::seccomp_program; `filter` must outlive it.
std::unique_ptr<std::uint8_t[]> filter_program(std::vector<std::uint8_t>& filter);

// A fresh descriptor (10 or above) holding `filter`, read from its start by
// a launcher (bwrap --seccomp N).
int filter_file(const std::vector<std::uint8_t>& filter);

// One case's Landlock ruleset (10 or above): the system's libraries
// read-only, `runner` readable and executable, `folder` read-write.
int case_ruleset(int abi, const std::string& runner, const std::string& folder);

// What the child runs between fork and exec (ChildLimits::confine) to apply
// a ruleset or filter; nullptr where the backend has nothing to apply.
using ChildConfinement = bool (*)(const ChildLimits&);
ChildConfinement child_confinement();

}  // namespace assg::confinement
