#!/bin/sh
# Interrupted runs.  Usage: kill.sh BUILD_DIR.
#
# KILL_TRIALS (default 200) times, `report` (PDF included) replaces one
# known output set with the other (inputs A and B alternate) and is sent
# SIGKILL after a random delay spread over its whole run time.  After each
# trial the output directory must hold exactly the complete old set or the
# complete new set (file list and SHA-256 of every file, compared with two
# reference sets).  A SIGKILLed process cannot clean up, so its temporary
# directory (.out.ankestat-tmp-*, beside the output directory) may remain:
# it must never be, or be inside, the output directory, and the next run
# must not be disturbed by it; the trials then remove it.  A later run
# removes such leftovers once they are a minute old and unlocked (checked
# with planted directories, one of them locked as a live run's would be).  Then 20 trials
# with SIGTERM/SIGINT, which the engine handles: the same two outcomes, and
# no temporary directory left at all.  The delays come from KILL_SEED
# (printed; default from the clock) for reproducing a failure.
# Prints "kill: N passed, N failed".
suite=kill
. "$(dirname "$0")/../lib/suite.sh"   # root build bin data; check finish ...
trials=${KILL_TRIALS:-200}
seed=${KILL_SEED:-$(date +%s)}
export LC_ALL=C.UTF-8 ANKESTAT_HOME="$root" SOURCE_DATE_EPOCH=1700000000
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ak-kill-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' INT TERM

# Two inputs with different outputs, and their reference sets.
cp "$root/tests/hostile/files/base.csv" "$tmp/A.csv"
cp "$root/data/tilsyn-2008-rekonstrueret.csv" "$tmp/B.csv"
for s in A B; do
    "$bin" report --year 2008 --out "$tmp/ref$s" "$tmp/$s.csv" >/dev/null 2>&1 || bad "reference run $s failed"
    : >"$tmp/ref$s/.gitkeep"
    (cd "$tmp/ref$s" && sha256sum -- * .[!.]*) >"$tmp/$s.sums"
done
cmp -s "$tmp/A.sums" "$tmp/B.sums" && bad "the two reference sets are equal"

# How long a run takes (the delays spread over 1.3 times that).
start=$(date +%s%N)
for i in 1 2 3; do "$bin" report --year 2008 --out "$tmp/timing" "$tmp/B.csv" >/dev/null 2>&1; done
ms=$(( ($(date +%s%N) - start) / 3000000 ))
[ "$ms" -lt 20 ] && ms=20
echo "kill: a run takes about $ms ms; $trials SIGKILL trials, seed $seed"

work=$tmp/work
mkdir -p "$work"
cp -a "$tmp/refA" "$work/out"
state=A

# Which set is in $work/out: A, B or "mixed".
which_set() {
    (cd "$work/out" 2>/dev/null && sha256sum -- * .[!.]* 2>/dev/null) >"$tmp/now.sums"
    if cmp -s "$tmp/now.sums" "$tmp/A.sums"; then echo A
    elif cmp -s "$tmp/now.sums" "$tmp/B.sums"; then echo B
    else echo mixed; fi
}

awk -v n="$trials" -v s="$seed" -v ms="$ms" 'BEGIN { srand(s);
    for (i = 0; i < n; i++) printf "%.4f\n", rand() * ms * 1.3 / 1000 }' >"$tmp/delays"
kept=0; stale=0; replaced=0
while read -r delay; do
    next=A; [ $state = A ] && next=B
    "$bin" report --year 2008 --out "$work/out" "$tmp/$next.csv" >/dev/null 2>&1 </dev/null &
    pid=$!
    sleep "$delay"
    kill -KILL $pid 2>/dev/null
    wait $pid 2>/dev/null
    now=$(which_set)
    leftovers=$(ls -a "$work" | grep -v -e '^\.$' -e '^\.\.$' -e '^out$')
    why=""
    case $now in
    "$state") kept=$((kept + 1)) ;;
    "$next") replaced=$((replaced + 1)); state=$next ;;
    *) why="$why output directory holds neither complete set (delay $delay s): $(diff "$tmp/$state.sums" "$tmp/now.sums" | head -4 | tr '\n' ' ');" ;;
    esac
    [ -d "$work/out" ] && [ ! -L "$work/out" ] || why="$why output directory missing or not a directory;"
    ls -a "$work/out" | grep -q 'ankestat-tmp' && why="$why a temporary directory inside the output directory;"
    for l in $leftovers; do
        case $l in
        .out.ankestat-tmp-*) stale=$((stale + 1)); rm -rf "${work:?}/$l" ;;
        *) why="$why unexpected '$l' beside the output directory;" ;;
        esac
    done
    if [ -z "$why" ]; then ok; else
        bad "trial at ${delay}s:$why"
        rm -rf "$work/out"; cp -a "$tmp/refA" "$work/out"; state=A
    fi
done <"$tmp/delays"
echo "kill: SIGKILL: old set kept $kept times, new set complete $replaced times, $stale stale temporary directories removed"

# After the stale temporary directories: a normal run still works.
"$bin" report --year 2008 --out "$work/out" "$tmp/A.csv" >/dev/null 2>&1 && [ "$(which_set)" = A ] && ok ||
    bad "a run after the kill trials did not write set A"
state=A

# What a SIGKILL leaves behind is removed by a later run once it has been
# left alone for a minute and no live run holds its lock; a fresh one, a
# locked one (a run still writing), another output directory's, the '.old'
# set of the rename fallback and a symlink (its target untouched) stay.
for d in old111 new222 lck333 old555.old; do mkdir "$work/.out.ankestat-tmp-$d"; done
mkdir "$work/.other.ankestat-tmp-old444" "$tmp/target"
: >"$tmp/target/keep"
ln -s "$tmp/target" "$work/.out.ankestat-tmp-lnk666"
: >"$work/.out.ankestat-tmp-old111/tables.csv"
touch -d '2 hours ago' "$work/.out.ankestat-tmp-old111" "$work/.out.ankestat-tmp-lck333" \
    "$work/.other.ankestat-tmp-old444" "$work/.out.ankestat-tmp-old555.old" "$tmp/target"
touch -h -d '2 hours ago' "$work/.out.ankestat-tmp-lnk666"
(exec 9<"$work/.out.ankestat-tmp-lck333" && flock -n 9 && : >"$tmp/locked" && exec sleep 120) &
lockpid=$!
i=0
while [ ! -e "$tmp/locked" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
[ -e "$tmp/locked" ] || bad "could not lock the planted temporary directory"
"$bin" report --year 2008 --out "$work/out" "$tmp/A.csv" >/dev/null 2>&1 || bad "the run with leftovers beside it failed"
kill $lockpid 2>/dev/null; wait $lockpid 2>/dev/null
[ -e "$work/.out.ankestat-tmp-old111" ] && bad "a killed run's old temporary directory was not removed" || ok
for d in .out.ankestat-tmp-new222 .out.ankestat-tmp-lck333 .other.ankestat-tmp-old444 \
    .out.ankestat-tmp-old555.old .out.ankestat-tmp-lnk666; do
    [ -d "$work/$d" ] && ok || bad "'$d' was removed, but it is fresh, locked, another output's, a '.old' set or a symlink"
done
[ -f "$tmp/target/keep" ] && ok || bad "the target of a planted symlink was touched"
rm -rf "$work"/.out.ankestat-tmp-* "$work"/.other.ankestat-tmp-*

# SIGTERM / SIGINT: handled, so nothing at all is left behind.
awk -v s="$seed" -v ms="$ms" 'BEGIN { srand(s + 1);
    for (i = 0; i < 20; i++) printf "%.4f %s\n", rand() * ms * 1.3 / 1000, i % 2 ? "TERM" : "INT" }' >"$tmp/delays2"
while read -r delay sig; do
    next=A; [ $state = A ] && next=B
    "$bin" report --year 2008 --out "$work/out" "$tmp/$next.csv" >/dev/null 2>"$tmp/sig.err" </dev/null &
    pid=$!
    sleep "$delay"
    kill -$sig $pid 2>/dev/null
    wait $pid 2>/dev/null
    rc=$?
    now=$(which_set)
    why=""
    case $now in
    "$state") ;;
    "$next") state=$next ;;
    *) why="$why neither complete set;" ;;
    esac
    [ "$(ls -a "$work" | grep -c ankestat-tmp)" = 0 ] || why="$why temporary directory left after SIG$sig;"
    case $rc in
    0) [ "$now" = "$next" ] || why="$why exit 0 without the new set;" ;;
    2) [ "$now" = "$next" ] && why="$why exit 2 but the new set was written;"
       grep -q 'afbrudt\|fejl' "$tmp/sig.err" || why="$why exit 2 without a message;" ;;
    130|143) ;;   # the signal came before the handlers were installed
    *) why="$why exit $rc;" ;;
    esac
    if [ -z "$why" ]; then ok; else
        bad "SIG$sig at ${delay}s:$why"
        rm -rf "$work"/.out.ankestat-tmp-* "$work/out"; cp -a "$tmp/refA" "$work/out"; state=A
    fi
done <"$tmp/delays2"

finish
