# Sourced by the suites (tests/suites/*.sh) after they set `suite`, the
# name their messages start with:
#     suite=pdf
#     . "$(dirname "$0")/../lib/suite.sh"
# It gives them
#   root     the repository, which is also the current folder from here on
#   build    the build folder ($1 of the suite, default build), absolute
#   bin      the engine, $build/ankestat
#   data     the 2008 data, relative to root
#   tmp      empty; a suite sets it to its scratch folder (finish removes it)
#   ok, bad MESSAGE, check DESCRIPTION COMMAND [ARGS...]: count passes and
#            failures (bad and a failed check print "<suite>: FAIL: ...")
#   finish   removes $tmp, prints "<suite>: N passed, N failed" (the last
#            line, read by tests/run_all.sh) and exits, 1 on a failure
#   sanitized  true for a sanitizer build (the heavy external readers run
#            once, in the plain build)
#   da_locale DIR  makes LC_ALL=da_DK.UTF-8 usable: true with locpath empty
#            when the system has it, else built with localedef into DIR
#            (true, locpath=DIR: run with LOCPATH=$locpath); false when
#            neither
#   check_captions TABLES_CSV TEXT  every table's and figure's caption of
#            TABLES_CSV in TEXT in report order, then the validation
#            appendix after them
# and exports LSAN_OPTIONS (the project's suppressions, unless set) and
# SOURCE_DATE_EPOCH=1250337600 (2009-08-15 12:00:00 UTC, not today).
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-build}
cd "$root" || exit 2
case $build in /*) ;; *) build=$root/$build ;; esac
bin=$build/ankestat
data=data/tilsyn-2008-rekonstrueret.csv
tmp=
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "$suite: FAIL: $*"; }
check() { # description, then a command
    _d=$1; shift
    if "$@"; then ok; else bad "$_d"; fi
}
finish() {
    [ -n "$tmp" ] && rm -rf "$tmp"
    echo "$suite: $pass passed, $fail failed"
    [ $fail -eq 0 ]
    exit $?
}
sanitized() {
    nm "$build/obj/mem.o" 2>/dev/null | grep -q __asan
}
da_locale() {
    locpath=
    locale -a 2>/dev/null | grep -qi '^da_DK\.utf-\?8$' && return 0
    command -v localedef >/dev/null 2>&1 && mkdir -p "$1" || return 1
    localedef -i da_DK -f UTF-8 "$1/da_DK.UTF-8" >/dev/null 2>&1
    [ -d "$1/da_DK.UTF-8" ] || return 1
    locpath=$1
}
check_captions() {
    _ids=$(tail -n +2 "$1" | cut -d, -f1 | awk '!seen[$0]++')
    check "tables.csv lists tables" test -n "$_ids"
    _body=$2
    for _id in $_ids; do
        case $_id in
            fig*) _cap="Figur ${_id#fig}" ;;
            *) _cap="Tabel $_id" ;;
        esac
        _rest=${_body#*"$_cap "}
        if [ "$_rest" = "$_body" ]; then
            bad "caption '$_cap' missing or out of order"
        else
            ok; _body=$_rest
        fi
    done
    check "appendix after the tables" sh -c 'case "$1" in *"Bilag: Validering"*) exit 0;; esac; exit 1' - "$_body"
}
LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/tests/lsan.supp:print_suppressions=0}
export LSAN_OPTIONS
SOURCE_DATE_EPOCH=1250337600
export SOURCE_DATE_EPOCH
