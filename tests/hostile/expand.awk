# Expand a corpus template (tests/hostile/files/*.csv.in): every @@BIG:n@@
# becomes n bytes of Danish free text.  Used by tests/suites/hostile.sh and
# tests/suites/fastpath.sh:  awk -f expand.awk IN > OUT
{
    while (match($0, /@@BIG:[0-9]+@@/)) {
        n = substr($0, RSTART + 6, RLENGTH - 8) + 0
        s = "Et meget langt fritekstsvar om tilsyn. "
        while (length(s) < n) s = s s
        s = substr(s, 1, n)
        $0 = substr($0, 1, RSTART - 1) s substr($0, RSTART + RLENGTH)
    }
    print
}
