#!/bin/sh
# Stands in for python3 when no Python with NumPy was found at configure time.
echo "This test needs Python 3 with NumPy (the independent oracle)." >&2
echo "Install it with: sudo apt-get install python3-numpy, then re-run cmake." >&2
exit 1
