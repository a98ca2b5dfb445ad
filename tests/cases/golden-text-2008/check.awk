# awk -f tests/lib/csvsplit.awk -f check.awk keys.tsv noegletal.csv tables.csv published-2008-text.csv
#
# keys.tsv (tab-separated, '#' comments): key, file, cell, measure
#   file noegletal.csv: cell = row label as printed, measure = column header
#   file tables.csv:    cell = table/row/column,     measure = measure key
# Prints a line per mismatch, then "N keys, M cells checked"; exits 1 on any
# mismatch, a key without a mapping or a mapping to a missing cell.

# csvsplit() comes from tests/lib/csvsplit.awk (a second -f).
BEGIN { FS = "\t"; file = 0 }
FNR == 1 { file++ }
file == 1 {
    if ($0 ~ /^#/ || $0 == "") next
    nmap++; mkey[nmap] = $1; mfile[nmap] = $2; mcell[nmap] = $3; mmeas[nmap] = $4
    next
}
file == 2 {   # noegletal.csv: title line, header line, rows, notes
    n = csvsplit($0, f)
    if (FNR == 2) { for (i = 2; i <= n; i++) head[f[i]] = i; next }
    if (FNR > 2) for (h in head) kf[f[1] SUBSEP h] = f[head[h]]
    next
}
file == 3 {   # tables.csv: table,row,row_label,column,measure,value
    if (FNR == 1) next
    n = csvsplit($0, f)
    tc[f[1] "/" f[2] "/" f[4] SUBSEP f[5]] = f[6]
    next
}
file == 4 {   # published-2008-text.csv: key,value
    if (FNR == 1) next
    n = csvsplit($0, f)
    nkeys++; want[f[1]] = f[2]; order[nkeys] = f[1]
    next
}
END {
    bad = 0; cells = 0
    for (i = 1; i <= nmap; i++) {
        k = mkey[i]
        if (!(k in want)) { print "mapped key not in the golden file: " k; bad++; continue }
        mapped[k] = 1
        id = mcell[i] SUBSEP mmeas[i]
        if (mfile[i] == "noegletal.csv") { has = id in kf; got = kf[id] }
        else if (mfile[i] == "tables.csv") { has = id in tc; got = tc[id] }
        else { print k ": unknown file " mfile[i]; bad++; continue }
        cells++
        if (!has) { print k ": no cell '" mcell[i] "' / '" mmeas[i] "' in " mfile[i]; bad++ }
        else if (got != want[k])
            { print k ": " mfile[i] " '" mcell[i] "' / '" mmeas[i] "' is " got ", published " want[k]; bad++ }
    }
    for (j = 1; j <= nkeys; j++)
        if (!(order[j] in mapped)) { print "key not checked: " order[j]; bad++ }
    print nkeys " keys, " cells " cells checked"
    exit bad > 0
}
