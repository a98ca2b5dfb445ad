# Sourced by the suites: the helper programs they run are Makefile targets
# (`make test-helpers`, part of `make test`), built into BUILD/tests/ with
# the Makefile's flags.
#
# test_helper BUILD NAME: prints BUILD/tests/NAME, first bringing it up to
# date with make where that is safe: always for a plain build, and for a
# sanitizer build only under make (`make asan`, whose flags reach this make
# through MAKEFLAGS).  A sanitizer build run by hand uses the helper as
# `make asan` (or `make test-helpers` with the same flags) left it, since a
# make without those flags would rebuild its objects without them.
# Needs $root (the repository).  Returns 1, with make's last lines on
# stderr, when the helper cannot be had.
test_helper() {
    _b=$1 _n=$2
    case $_b in "$root"/*) _rel=${_b#"$root"/} ;; *) _rel=$_b ;; esac
    if [ -n "$MAKEFLAGS" ] || ! nm "$_b/obj/mem.o" 2>/dev/null | grep -q __asan; then
        if ! _log=$(make -C "$root" --no-print-directory -s BUILD="$_rel" "$_rel/tests/$_n" 2>&1); then
            printf 'make %s/tests/%s failed:\n%s\n' "$_rel" "$_n" "$(printf '%s\n' "$_log" | tail -5)" >&2
            return 1
        fi
    fi
    if [ ! -x "$_b/tests/$_n" ]; then
        echo "no $_b/tests/$_n: make test-helpers BUILD=$_rel (with that build's flags)" >&2
        return 1
    fi
    printf '%s\n' "$_b/tests/$_n"
}
