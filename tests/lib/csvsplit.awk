# csvsplit(line, f): split one CSV record (',' delimiter, RFC 4180 quotes,
# no embedded line ends) into f[1..n]; returns n.  Loaded with a second -f
# by the test scripts that read CSV in awk:
#   awk -f tests/lib/csvsplit.awk -f script.awk ...
function csvsplit(line, f,    n, i, c, q, cur) {
    n = 0; cur = ""; q = 0
    for (i = 1; i <= length(line); i++) {
        c = substr(line, i, 1)
        if (q) {
            if (c == "\"") {
                if (substr(line, i + 1, 1) == "\"") { cur = cur "\""; i++ }
                else q = 0
            } else cur = cur c
        } else if (c == "\"") q = 1
        else if (c == ",") { f[++n] = cur; cur = "" }
        else cur = cur c
    }
    f[++n] = cur
    return n
}
