#!/usr/bin/env bash
# Builds the libFuzzer targets of Testsuite/fuzz with clang, AddressSanitizer
# and UndefinedBehaviorSanitizer into build-fuzz/, and runs each for a bounded
# time on a temporary copy of its seed corpus (Testsuite/fuzz/corpus/<target>;
# nothing new is written into the repository).
# Usage: scripts/fuzz.sh [seconds per target, default 60] [target ...]
# Exits non-zero when a target crashes, leaks, times out or hits UB; the
# reproducer is kept in build-fuzz/findings/<target>/ (replay it with
# build-fuzz/fuzz/<target> <file>).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
shift || true
targets=("$@")
((${#targets[@]})) || targets=(fuzz_json_body fuzz_jwt fuzz_phone fuzz_config)

started=$(date +%s)
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	-DAUTHSERVER_FUZZ=ON -DAUTHSERVER_BUILD_TESTS=OFF >/dev/null
cmake --build build-fuzz -j"$(nproc)" --target "${targets[@]}"
echo "fuzz targets built in $(( $(date +%s) - started )) s"

# halt_on_error: any ASan/UBSan report ends the run as a crash;
# detect_leaks: LeakSanitizer is on (libFuzzer also reports leaks per input).
export ASAN_OPTIONS="halt_on_error=1:abort_on_error=1:detect_leaks=1:allocator_may_return_null=1"
export UBSAN_OPTIONS="halt_on_error=1:abort_on_error=1:print_stacktrace=1"
[[ -x /usr/bin/llvm-symbolizer-14 ]] && export ASAN_SYMBOLIZER_PATH=/usr/bin/llvm-symbolizer-14
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# One libFuzzer process per core at a time: each is single-threaded, so on
# a 2-core CI machine two run side by side and the wall time halves.
parallel="${AUTHSERVER_FUZZ_JOBS:-$(nproc)}"
run_target() {
	local target="$1" corpus="$work/corpus-$1"
	mkdir -p "$corpus" "build-fuzz/findings/$target"
	cp Testsuite/fuzz/corpus/"$target"/* "$corpus"/ 2>/dev/null || true
	local dict=()
	[[ -f Testsuite/fuzz/$target.dict ]] && dict=(-dict="Testsuite/fuzz/$target.dict")
	# -timeout: one input taking longer than 10 s is a hang (a finding);
	# -rss_limit_mb: so is using more than 2 GB.
	"build-fuzz/fuzz/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
		-max_len=4096 -print_final_stats=1 "${dict[@]}" -artifact_prefix="build-fuzz/findings/$target/" \
		"$corpus" 2>"$work/$target.log"
}
declare -A pids=()
for target in "${targets[@]}"; do
	while (( $(jobs -rp | wc -l) >= parallel )); do wait -n || true; done
	echo "== $target for $seconds s"
	run_target "$target" &
	pids[$target]=$!
done
failed=()
for target in "${targets[@]}"; do
	if ! wait "${pids[$target]}"; then
		echo "== $target failed:"
		tail -n 60 "$work/$target.log"
		failed+=("$target")
	else
		echo "== $target:"
		grep -E '^(#[0-9]+.*DONE|stat::number_of_executed_units|stat::peak_rss_mb)' "$work/$target.log" || true
	fi
done
if ((${#failed[@]})); then
	echo "fuzzing found problems in: ${failed[*]} (inputs in build-fuzz/findings/)"
	exit 1
fi
echo "fuzzing: no crash, leak, hang or UB in ${targets[*]}"
