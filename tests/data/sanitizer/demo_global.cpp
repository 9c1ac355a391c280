#include <cstdlib>
double table[5] = {1, 2, 3, 4, 5};
__attribute__((noinline)) double read_past(const double* p, int n) { return p[n]; }
int main(int argc, char** argv) { return static_cast<int>(read_past(table, std::atoi(argv[1]))); }
