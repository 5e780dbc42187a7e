#!/usr/bin/env bash
# Formatting is the tool's job (STYLE.md): every C++ file of the project must be exactly as
# clang-format leaves it with the checked-in .clang-format.
set -uo pipefail
src=${1:?usage: check-format.sh SOURCE_ROOT}
cd "$src" || exit 1
mapfile -t files < <(find common daemon cloud tools backend bench tests \
    \( -name node_modules -o -name 'build*' \) -prune -o \( -name '*.cpp' -o -name '*.h' \) -print | sort)
if ((${#files[@]} == 0)); then
    echo "check-format: no C++ files found under $src"
    exit 1
fi
if clang-format --dry-run -Werror "${files[@]}"; then
    echo "check-format: ${#files[@]} files formatted as .clang-format says"
else
    echo "check-format: run 'clang-format -i' on the files above"
    exit 1
fi
