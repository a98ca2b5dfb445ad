#!/bin/sh
# Benchmarks of ankestat against peer scripts (R data.table, Python pandas).
echo "bench: work in progress" >&2
exit 1
