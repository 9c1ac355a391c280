#include <cstdlib>
#include <string>
#include <vector>
__attribute__((noinline)) double sum_window(const double* w, int n) { double s = 0; for (int i = 0; i <= n; ++i) s += w[i]; return s; }
__attribute__((noinline)) double stack_ptr(int n) { double window[4] = {1, 2, 3, 4}; return sum_window(window, n); }
__attribute__((noinline)) double wild(long n) { double* p = reinterpret_cast<double*>(n); return *p; }
__attribute__((noinline)) void write_before(std::vector<double>& v, int n) { v.data()[n] = 3; }
int main(int argc, char** argv) {
  std::string which = argv[1];
  int n = argc > 2 ? std::atoi(argv[2]) : 4;
  if (which == "stackptr") return stack_ptr(n);
  if (which == "wild") return wild(0x1234 * n);
  if (which == "before") { std::vector<double> v(10); write_before(v, n - 6); return v[0]; }
  return 0;
}
