#!/bin/sh
# Derive the dialect fixtures from dialect-base.txt, where '|' stands for the
# delimiter and lines end in LF: the same answers in every dialect of spec
# section 1.  Run after make-fixtures.py; the results are committed.
set -e
cd "$(dirname "$0")"
b=dialect-base.txt
tab=$(printf '\t')
cr=$(printf '\r')
crlf() { sed "s/\$/$cr/"; }

sed 's/|/,/g' $b >dialect-utf8.csv
{ printf '\357\273\277'; sed 's/|/;/g' $b | crlf; } >dialect-utf8bom-crlf.csv
{ printf '\377\376'; sed "s/|/$tab/g" $b | crlf | iconv -f UTF-8 -t UTF-16LE; } \
    >dialect-utf16le-crlf.csv
{ printf '\376\377'; sed "s/|/$tab/g" $b | iconv -f UTF-8 -t UTF-16BE; } \
    >dialect-utf16be.csv
sed 's/|/;/g' $b | crlf | iconv -f UTF-8 -t CP1252 >dialect-cp1252-crlf.csv
sed "s/|/$tab/g" $b | iconv -f UTF-8 -t CP1252 >dialect-cp1252-tab.csv
