# Build a response file in the spec's input format from a compact list of
# answers, so hand-made test inputs carry every question column of the
# codebook (and keep working when the codebook gains a column).
#
#   awk -f tests/lib/csvsplit.awk -f mkinput.awk data/codebook.csv rows.txt > input.csv
#
# rows.txt: one respondent per line, "kommunenr var=value var=value ...";
# '#' starts a comment; every variable not named is left blank.  Values may
# not contain blanks or commas (use a dot for decimals).  Output: a header
# with every codebook column of a type the input must have (id, yesno,
# checkbox, count, decimal, text), in codebook order, then one row per line.

# csvsplit() comes from tests/lib/csvsplit.awk (a second -f).

BEGIN { nv = 0 }

FNR == 1 && NR == 1 {
    sub(/\r$/, "")
    n = csvsplit($0, h)
    for (i = 1; i <= n; i++) { if (h[i] == "variable") cv = i; if (h[i] == "type") ct = i }
    next
}

NR == FNR {
    sub(/\r$/, "")
    if ($0 == "") next
    csvsplit($0, f)
    t = f[ct]
    if (t == "id" || t == "yesno" || t == "checkbox" || t == "count" || t == "decimal" || t == "text")
        var[++nv] = tolower(f[cv])
    next
}

FNR == 1 {
    for (i = 1; i <= nv; i++) printf "%s%s", (i > 1 ? "," : ""), var[i]
    printf "\n"
}

{
    sub(/#.*/, "")
    if ($0 ~ /^[ \t]*$/) next
    delete val
    val[var[1]] = $1
    for (i = 2; i <= NF; i++) {
        k = $i; sub(/=.*/, "", k); v = $i; sub(/^[^=]*=/, "", v)
        val[tolower(k)] = v
        known = 0
        for (j = 1; j <= nv; j++) if (var[j] == tolower(k)) known = 1
        if (!known) { print "mkinput: unknown variable " k > "/dev/stderr"; exit 2 }
    }
    for (i = 1; i <= nv; i++) printf "%s%s", (i > 1 ? "," : ""), val[var[i]]
    printf "\n"
}
