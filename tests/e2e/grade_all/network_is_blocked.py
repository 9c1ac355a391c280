"""Under bubblewrap, student code has no network and sees nothing of the
machine: a submission whose conv_single_step first tries a TCP connection to
1.1.1.1:53, reading /etc/hostname, the instructor's fixtures, hidden specs and
hidden golden values, and writing next to its own runner, and answers a
wrong 12345 if any of it worked, gets full marks on 2.2. The same code
graded with --sandbox none (the control) fails 2.2, naming what worked: the
probe does detect an escape."""

import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from grade_all_e2e import Test, load_json  # noqa: E402

test = Test("grade_all.network_is_blocked")
out = test.tmp / "out"
forbidden_files = [
    "/etc/hostname",
    str(test.source / "fixtures" / "conv_forward.json"),
    str(test.source / "fixtures" / "spec" / "hidden" / "conv_single_step.json"),
    str(out / ".grade-all" / "hidden-fixtures" / "conv_single_step.json"),
]


def prober_source():
    source = (test.demo / "ada" / "student" / "assg_tasks.cpp").read_text()
    definition = "double conv_single_step(const Tensor3& slice, const Tensor3& W, double b) {"
    call = "conv_single_step(a_slice, weights, b(0, 0, 0, c))"
    if definition not in source or call not in source:
        test.fatal("ada's conv_single_step or its call in conv_forward changed; update this test")
    source = source.replace(definition, definition.replace("double conv_single_step", "static double honest_single_step"))
    source = source.replace(call, call.replace("conv_single_step", "honest_single_step"))
    return source + r"""
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

namespace {

// What of the forbidden worked, e.g. "network /etc/hostname " (empty: nothing).
std::string escapes() {
  std::string worked;
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
  if (fd >= 0) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(53);
    ::inet_pton(AF_INET, "1.1.1.1", &address.sin_addr);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
      worked += "network ";
    } else if (errno == EINPROGRESS) {
      pollfd waiting{fd, POLLOUT, 0};
      int error = -1;
      socklen_t size = sizeof error;
      if (::poll(&waiting, 1, 1500) == 1 && ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size) == 0 && error == 0)
        worked += "network ";
    }
    ::close(fd);
  }
  for (const char* path : {FORBIDDEN_FILES}) {
    if (std::FILE* file = std::fopen(path, "r")) {
      if (std::fgetc(file) != EOF) worked += std::string(path) + " ";
      std::fclose(file);
    }
  }
  char runner[4096];
  const auto size = ::readlink("/proc/self/exe", runner, sizeof runner - 1);
  if (size > 0) {
    runner[size] = '\0';
    std::string probe(runner);
    probe = probe.substr(0, probe.rfind('/') + 1) + "escape_probe.txt";
    if (std::FILE* file = std::fopen(probe.c_str(), "w")) {
      worked += "writes:" + probe + " ";
      std::fclose(file);
    }
  }
  return worked;
}

}  // namespace

double conv_single_step(const Tensor3& slice, const Tensor3& W, double b) {
  static const std::string worked = escapes();
  if (!worked.empty()) {
    std::printf("escaped the sandbox: %s\n", worked.c_str());
    return 12345.0;
  }
  return honest_single_step(slice, W, b);
}
""".replace("FORBIDDEN_FILES", ", ".join(json.dumps(path) for path in forbidden_files))


submissions = test.tmp / "class"
(submissions / "prober" / "student").mkdir(parents=True)
(submissions / "prober" / "student" / "assg_tasks.cpp").write_text(prober_source())


def task(results, task_id):
    return next((t for t in results.get("tasks", []) if t.get("id") == task_id), {})


test.run("--submissions", submissions, "--out", out, "--jobs", "2")
isolation = load_json(out / "summary.json").get("isolation", "")
if not isolation.startswith("bubblewrap"):
    test.skip(f"the sandbox here is not bubblewrap but {isolation!r}: no isolation to check")
results = load_json(out / "prober" / "results.json")
test.check(results.get("submission", {}).get("status") == "graded", f"the prober is {results.get('submission')}, expected graded")
single_step = task(results, "2.2")
failed = [(t["name"], t["message"][:300]) for t in single_step.get("tests", []) if not t.get("passed")]
test.check(single_step.get("points") == 15 and not failed,
           f"under bubblewrap 2.2 earned {single_step.get('points')}/15: something forbidden worked: {failed}")
test.check(len(single_step.get("tests", [])) >= 6, f"2.2 ran only {len(single_step.get('tests', []))} tests")

# The control: without a sandbox the same code does escape, and says how.
control = test.tmp / "out-no-sandbox"
test.run("--submissions", submissions, "--out", control, "--sandbox", "none", "--jobs", "2")
results = load_json(control / "prober" / "results.json")
single_step = task(results, "2.2")
test.check(single_step.get("points") == 0,
           f"with --sandbox none 2.2 earned {single_step.get('points')}: the probe cannot see an escape, so the check "
           "above proves nothing")
feedback = (control / "prober" / "feedback.md").read_text()
test.check(re.search(re.escape(forbidden_files[1]), feedback) and "escaped the sandbox" in feedback,
           "with --sandbox none the feedback does not show the probe reading the instructor's fixtures")
test.finish()
