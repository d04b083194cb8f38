#!/usr/bin/env bash
# Prints the gzip -9 size of every file in a directory (default dist/) and
# their total: what a visitor downloads.
set -euo pipefail
directory=${1:-dist}
total=0
while IFS= read -r file; do
    size=$(gzip -9c "$file" | wc -c)
    total=$((total + size))
    printf '%9d  %s\n' "$size" "$file"
done < <(find "$directory" -type f | sort)
printf '%9d  total, bytes after gzip -9\n' "$total"
