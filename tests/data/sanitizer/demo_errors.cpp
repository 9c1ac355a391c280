#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>
#include <limits>

double table[5] = {1, 2, 3, 4, 5};

__attribute__((noinline)) double stack_overflow_read(int n) {
  double window[4] = {1, 2, 3, 4};
  double sum = 0;
  for (int i = 0; i <= n; ++i) sum += window[i];
  return sum;
}
__attribute__((noinline)) double global_overflow(int n) { return table[n]; }
__attribute__((noinline)) double null_read(double* p) { return p[3]; }
__attribute__((noinline)) int recurse(int n) { volatile char pad[256]; pad[0] = n; return n == 0 ? 0 : recurse(n + 1) + pad[0]; }
__attribute__((noinline)) double huge(long n) { std::vector<double> v(n); v[n - 1] = 1; return v[0]; }
__attribute__((noinline)) double huge_malloc(long n) { double* p = static_cast<double*>(std::malloc(n * 8)); if (!p) return -1; p[n-1] = 1; double r = p[0]; std::free(p); return r; }
__attribute__((noinline)) void twice(int n) { double* p = new double[n]; delete[] p; delete[] p; }
__attribute__((noinline)) double wrong_delete(int n) { double* p = new double[n]; p[0] = 1; double r = p[0]; delete p; return r; }
__attribute__((noinline)) int index_oob(int n) { int a[4] = {1, 2, 3, 4}; return a[n]; }
__attribute__((noinline)) int divide(int a, int b) { return a / b; }
__attribute__((noinline)) int no_return(int n) { if (n > 100) return n; }
__attribute__((noinline)) int shift(int a, int b) { return a << b; }
__attribute__((noinline)) double scope(int n) { double* p; { double local[4] = {1, 2, 3, 4}; p = local; } return p[n]; }
__attribute__((noinline)) double touch(long mb) { std::vector<char*> blocks; for (long i = 0; i < mb; ++i) { char* b = static_cast<char*>(std::malloc(1 << 20)); std::memset(b, 1, 1 << 20); blocks.push_back(b);} return blocks.size(); }

int main(int argc, char** argv) {
  std::string which = argv[1];
  int n = argc > 2 ? std::atoi(argv[2]) : 4;
  if (which == "stack") return stack_overflow_read(n);
  if (which == "global") return global_overflow(n + 1);
  if (which == "null") return null_read(reinterpret_cast<double*>(argc > 3 ? argv : nullptr));
  if (which == "recurse") return recurse(n);
  if (which == "huge") return huge(1L << 40);
  if (which == "hugemalloc") return huge_malloc(1L << 30);
  if (which == "twice") { twice(n); return 0; }
  if (which == "wrongdelete") return wrong_delete(n);
  if (which == "index") return index_oob(n);
  if (which == "divide") return divide(n, n - 4);
  if (which == "noreturn") return no_return(n);
  if (which == "shift") return shift(n, 40);
  if (which == "scope") return scope(n - 1);
  if (which == "touch") return touch(n);
  return 0;
}
