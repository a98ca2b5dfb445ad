// peer-duckdb.mjs: what an analyst would write with DuckDB (Node,
// @duckdb/node-api) to get some of the report's tables from the
// questionnaire export: the same tables as bench/peer.py (2.1, 2.2, 2.4,
// 2.9, 2.12 and the means of figure 2.1), in the tables.csv format, so
// that bench/run.sh can check them against the engine's lines before any
// time counts.  DuckDB runs with its default settings (all cores).
//
//     node bench/duckdb/peer-duckdb.mjs INPUT.csv OUT.csv
//
// Rounding as the report's: decimals are read as text into whole tenths
// (half up on the digits), percents and means are integer quotients, half
// up, in BIGINT / JavaScript BigInt.
import { writeFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const [inp, outp] = process.argv.slice(2);
if (!inp || !outp) {
  console.error('usage: peer-duckdb.mjs INPUT.csv OUT.csv');
  process.exit(2);
}
const COLS = { a: 'social_boform', b: 'uden_for_social_boform' };

const inst = await DuckDBInstance.create(':memory:');
const con = await inst.connect();
const sqlstr = (s) => "'" + s.replace(/'/g, "''") + "'";

// Conversions, as peer.py's: blanks trimmed (space, tab, CR, LF, no-break
// space); yes/no 1/2/0; a mark; a count or -1; tenths or -1.
await con.run(`CREATE MACRO tr(x) AS trim(x, ' ' || chr(9) || chr(13) || chr(10) || chr(160))`);
await con.run(`CREATE MACRO yn(x) AS CASE WHEN lower(tr(x)) IN ('1', 'ja') THEN 1
                                          WHEN lower(tr(x)) IN ('2', 'nej') THEN 2 ELSE 0 END`);
await con.run(`CREATE MACRO mk(x) AS coalesce(tr(x) IN ('1', 'x', 'X'), false)`);
await con.run(`CREATE MACRO cnt(x) AS CASE WHEN regexp_full_match(tr(x), '[0-9]+')
                                           THEN CAST(tr(x) AS BIGINT) ELSE -1 END`);
await con.run(`CREATE MACRO frac2(x) AS substr(coalesce(regexp_extract(tr(x), '[.,]([0-9]*)$', 1), '') || '00', 1, 2)`);
await con.run(`CREATE MACRO tenths(x) AS CASE WHEN regexp_full_match(tr(x), '[0-9]+([.,][0-9]*)?')
    THEN CAST(regexp_extract(tr(x), '^[0-9]+') AS BIGINT) * 10
         + CAST(substr(frac2(x), 1, 1) AS BIGINT)
         + CASE WHEN substr(frac2(x), 2, 1) >= '5' THEN 1 ELSE 0 END
    ELSE -1 END`);

await con.run(`CREATE TABLE d AS SELECT
    yn(q1a) AS q1a, yn(q1b) AS q1b, yn(q2a) AS q2a, yn(q2b) AS q2b,
    yn(q2_1a) AS q21a, yn(q2_1b) AS q21b, yn(q2_3a) AS q23a, yn(q2_3b) AS q23b,
    mk(q3_1a) AS q31a, mk(q3_1b) AS q31b, mk(q3_1c) AS q31c, mk(q3_1d) AS q31d,
    mk(q3_2a) AS q32a, mk(q3_2b) AS q32b, mk(q3_2c) AS q32c, mk(q3_2d) AS q32d,
    tenths(q7a) AS q7a, tenths(q7b) AS q7b,
    cnt(q12a_sb) AS q12aa, cnt(q12b_sb) AS q12ba, cnt(q12c_sb) AS q12ca,
    cnt(q12a_eh) AS q12ab, cnt(q12b_eh) AS q12bb, cnt(q12c_eh) AS q12cb
  FROM read_csv(${sqlstr(inp)}, header = true, all_varchar = true)`);

// Every count the tables need, in one aggregate query.
const agg = [['nresp', 'count(*)']];
const c = (name, cond) => agg.push([name, `count_if(${cond})`]);
const both = '(q1a > 0 AND q1b > 0)';
for (const [key, cond] of [['t', 'q1a = 1'], ['u', 'q1a = 2'], ['i', 'true']]) {
  c(`t21_${key}_1`, `${both} AND ${cond} AND q1b = 1`);
  c(`t21_${key}_2`, `${both} AND ${cond} AND q1b = 2`);
  c(`t21_${key}_3`, `${both} AND ${cond}`);
}
for (const g of 'ab') {
  const q = `q2${g}`, ap = `q21${g}`, pl = `q23${g}`;
  const conds = [`${q} = 1 AND ${ap} = 1`, `${q} = 1 AND ${ap} = 2`, `${q} = 1 AND ${ap} = 0`,
    `${q} = 1`, `${q} = 2 AND ${pl} = 1`, `${q} = 2 AND ${pl} = 2`, `${q} = 2 AND ${pl} = 0`,
    `${q} = 2`, `${q} = 0`];
  conds.forEach((x, i) => c(`t22_${g}_${i}`, x));
  const blk = g === 'a' ? 'q31' : 'q32';
  for (const k of 'cabd')
    c(`t24_${g}_${k}`, `q2${g} = 1 AND ${blk}${k}`);
  c(`t24_${g}_base`, `q2${g} = 1`);
  const v = `q7${g}`, b = `q1${g} = 1`;
  const bins = [`${v} = 0`, `${v} > 0 AND ${v} < 10`, `${v} = 10`, `${v} >= 11 AND ${v} <= 20`,
    `${v} > 20`, `${v} < 0`, 'true'];
  bins.forEach((x, i) => c(`t29_${g}_${i}`, `${b} AND ${x}`));
  const qa = `q12a${g}`, den = `(greatest(q12a${g}, 0) + greatest(q12b${g}, 0) + greatest(q12c${g}, 0))`;
  const r12 = [`${qa} > 0 AND ${qa} = ${den}`, `${qa} > 0 AND ${qa} <> ${den}`, `${qa} = 0`,
    `${qa} < 0`, 'true'];
  r12.forEach((x, i) => c(`t212_${g}_${i}`, `${b} AND ${x}`));
  const stated = `q1${g} = 1 AND q7${g} >= 0`, appr = `(q2${g} = 1 AND q21${g} = 1)`;
  for (const [r, m] of [[1, `${stated} AND ${appr}`], [2, `${stated} AND NOT ${appr}`]]) {
    c(`f21_${g}_${r}_n`, m);
    agg.push([`f21_${g}_${r}_s`, `coalesce(sum(CASE WHEN ${m} THEN q7${g} ELSE 0 END), 0)`]);
  }
}
const reader = await con.runAndReadAll(
  `SELECT ${agg.map(([n, e]) => `CAST(${e} AS BIGINT) AS ${n}`).join(', ')} FROM d`);
const row = reader.getRowObjects()[0];
const N = (name) => BigInt(row[name]);

const pct = (n, base) => (base === 0n ? '' : String((n * 200n + base) / (2n * base)));
const mean2 = (s10, n) => {
  if (n === 0n) return '';
  const h = (s10 * 20n + n) / (2n * n);
  return `${h / 100n}.${String(h % 100n).padStart(2, '0')}`;
};
const out = [];
const q = (s) => (/[",\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s);
const line = (...f) => out.push(f.map((x) => q(String(x))).join(','));
const emit = (table, labels, column, counts, base, procent = true) => {
  labels.forEach((lab, i) => line(table, i + 1, lab, column, 'antal', counts[i]));
  if (procent)
    labels.forEach((lab, i) => line(table, i + 1, lab, column, 'procent', pct(counts[i], base)));
};
const nresp = N('nresp');

let lab = ['Tilsyn uden for social boform', 'Uden tilsyn uden for social boform', 'I alt'];
for (const [key, col] of [['t', 'tilsyn_i_social_boform'], ['u', 'uden_tilsyn_i_social_boform'],
  ['i', 'i_alt']])
  emit('2.1', lab, col, [1, 2, 3].map((k) => N(`t21_${key}_${k}`)), 0n, false);

lab = ['Ja, med godkendelse af kommunalbestyrelsen',
  'Ja, uden godkendelse af kommunalbestyrelsen', 'Ja, uoplyst om godkendelse',
  'Ja, i alt', 'Nej, men der er planlagt retningslinjer',
  'Nej, og der er ikke planlagt retningslinjer',
  'Nej, uoplyst med hensyn til planlægning', 'Nej, i alt',
  'Uoplyst om ja eller nej', 'Total'];
const c22 = {};
for (const g of 'ab')
  c22[g] = [...Array(9).keys()].map((i) => N(`t22_${g}_${i}`)).concat([nresp]);
const keep = c22.a[8] + c22.b[8] > 0n ? [...Array(10).keys()] : [0, 1, 2, 3, 4, 5, 6, 7, 9];
for (const g of 'ab')
  emit('2.2', keep.map((i) => lab[i]), COLS[g], keep.map((i) => c22[g][i]), nresp);

lab = ['Opfølgning på tilsyn', 'Indhold af tilsyn', 'Hyppighed af tilsyn', 'Andet', 'I alt'];
for (const g of 'ab') {
  const base = N(`t24_${g}_base`);
  emit('2.4', lab, COLS[g], [...'cabd'].map((k) => N(`t24_${g}_${k}`)).concat([base]), base);
}

lab = ['0 tilsyn', 'Færre end 1 tilsyn', '1 tilsyn', '1,1- 2 tilsyn', 'Flere end 2 tilsyn',
  'Uoplyst', 'I alt'];
for (const g of 'ab') {
  const n = [...Array(7).keys()].map((i) => N(`t29_${g}_${i}`));
  emit('2.9', lab, COLS[g], n, n[6]);
}

lab = ['100 procent har handleplan', '99-1 procent har handleplan',
  '0 procent har handleplan', 'Uoplyst', 'I alt'];
for (const g of 'ab') {
  const n = [...Array(5).keys()].map((i) => N(`t212_${g}_${i}`));
  emit('2.12', lab, COLS[g], n, n[4]);
}

lab = ['Retningslinjer godkendt af kommunalbestyrelsen', 'Ikke godkendte eller ingen retningslinjer'];
for (const g of 'ab')
  for (const r of [1, 2]) {
    const n = N(`f21_${g}_${r}_n`), s = N(`f21_${g}_${r}_s`);
    line('fig2.1', r, lab[r - 1], COLS[g], 'gennemsnit', mean2(s, n));
    line('fig2.1', r, lab[r - 1], COLS[g], 'antal', n);
  }

writeFileSync(outp, ['table,row,row_label,column,measure,value', ...out].join('\n') + '\n');
con.closeSync?.();
