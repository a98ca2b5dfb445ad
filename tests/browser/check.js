// The HTML report in a real browser (run by tests/suites/html.sh):
//   node check.js <file.html> <screenshot-dir>
// Debian's chromium, headless, driven by puppeteer-core (no browser of its
// own), loads the file; axe-core checks it against WCAG 2.1 A and AA; the
// page's own structure is read back (lang, headings in order, tables with
// captions and header cells, every internal reference resolving); a table
// and the figure are photographed.  One "key=value" or "violation: ..."
// line per finding on stdout; exit 0 when the checks could run at all (the
// suite judges the values), 2 when they could not.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const puppeteer = require('puppeteer-core');

const [file, shots] = process.argv.slice(2);
if (!file || !shots) {
  console.error('usage: node check.js <file.html> <screenshot-dir>');
  process.exit(2);
}
const chromium = process.env.CHROMIUM || '/usr/bin/chromium';
const tags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

(async () => {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ak-chromium-'));
  let browser;
  try {
    browser = await puppeteer.launch({
      executablePath: chromium,
      headless: true,
      userDataDir: profile,
      timeout: 60000,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
             '--disable-background-networking', '--disable-component-update',
             '--disable-sync', '--user-data-dir=' + profile],
    });
    const page = await browser.newPage();
    // Nothing but the file itself may load: count every other request.
    let external = 0;
    await page.setRequestInterception(true);
    page.on('request', (req) => {
      const u = req.url();
      if (u.startsWith('file:') || u.startsWith('data:')) req.continue();
      else { external++; console.log('external: ' + u); req.abort(); }
    });
    await page.setViewport({ width: 1000, height: 800 });
    await page.goto('file://' + path.resolve(file), { waitUntil: 'load' });
    console.log('external=' + external);
    // before axe is injected: the page's own scripts (there should be none)
    console.log('scripts=' + await page.evaluate(
      () => document.querySelectorAll('script').length));

    await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
    const axe = await page.evaluate(async (t) => {
      const r = await window.axe.run(document, {
        runOnly: { type: 'tag', values: t },
        resultTypes: ['violations'],
      });
      return {
        version: window.axe.version,
        violations: r.violations.map((v) => ({
          id: v.id, impact: v.impact, help: v.help,
          nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')),
          n: v.nodes.length,
        })),
        passes: r.passes.length,
      };
    }, tags);
    console.log('axe=' + axe.version);
    console.log('axe_rules_passed=' + axe.passes);
    console.log('violations=' + axe.violations.length);
    for (const v of axe.violations)
      console.log(`violation: ${v.id} (${v.impact}, ${v.n} nodes): ${v.help}: ` +
                  v.nodes.join(' | '));

    // The page's structure, read back from the DOM the browser built.
    const s = await page.evaluate(() => {
      const out = {};
      out.lang = document.documentElement.lang;
      out.title = document.title;
      const hs = [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')];
      out.h1 = hs.filter((h) => h.tagName === 'H1').length;
      out.first_heading = hs.length ? hs[0].tagName : '';
      let prev = 0, skips = [];
      for (const h of hs) {
        const l = +h.tagName[1];
        if (prev && l > prev + 1) skips.push(h.textContent.slice(0, 40));
        prev = l;
      }
      out.heading_skips = skips;
      out.headings = hs.length;
      const ts = [...document.querySelectorAll('table')];
      out.tables = ts.length;
      out.captioned = ts.filter((t) => t.caption &&
                                t.caption.textContent.trim()).length;
      // every data cell has a header: a row th in its row, and a column
      // header (a th above it) or headers= naming existing ths
      let bare = 0, badheaders = 0, noscope = 0;
      for (const t of ts) {
        for (const th of t.querySelectorAll('th'))
          if (!th.getAttribute('scope')) noscope++;
        for (const td of t.querySelectorAll('tbody td')) {
          const hd = td.getAttribute('headers');
          if (hd) {
            for (const id of hd.split(/\s+/)) {
              const e = document.getElementById(id);
              if (!e || e.tagName !== 'TH' || !t.contains(e)) badheaders++;
            }
          } else if (!td.parentElement.querySelector('th')) {
            bare++;
          }
        }
      }
      out.cells_without_row_header = bare;
      out.bad_headers_refs = badheaders;
      out.th_without_scope = noscope;
      // internal links and id references
      const links = [...document.querySelectorAll('a[href]')];
      out.links = links.length;
      out.broken_links = links.filter((a) => {
        const h = a.getAttribute('href');
        if (!h.startsWith('#')) return true;  // nothing external either
        return !document.getElementById(decodeURIComponent(h.slice(1)));
      }).map((a) => a.getAttribute('href'));
      let refs = 0, broken_refs = [];
      for (const att of ['aria-labelledby', 'aria-describedby'])
        for (const e of document.querySelectorAll('[' + att + ']'))
          for (const id of e.getAttribute(att).split(/\s+/)) {
            refs++;
            if (!document.getElementById(id)) broken_refs.push(id);
          }
      out.id_refs = refs;
      out.broken_id_refs = broken_refs;
      const ids = [...document.querySelectorAll('[id]')].map((e) => e.id);
      out.duplicate_ids = ids.length - new Set(ids).size;
      out.svg_img = [...document.querySelectorAll('svg[role=img]')].filter(
        (g) => (g.getAttribute('aria-labelledby') || '').split(/\s+/).every(
          (id) => document.getElementById(id) &&
                  document.getElementById(id).textContent.trim())).length;
      out.figures = document.querySelectorAll('figure').length;
      return out;
    });
    for (const [k, v] of Object.entries(s))
      console.log(k + '=' + (Array.isArray(v) ? v.length + (v.length ? ' ' +
                  JSON.stringify(v.slice(0, 5)) : '') : v));

    // Photographs for people: a table with grouped headers and the figure.
    fs.mkdirSync(shots, { recursive: true });
    const shoot = async (sel, name) => {
      const el = await page.$(sel);
      if (!el) { console.log('screenshot_missing=' + sel); return; }
      await el.screenshot({ path: path.join(shots, name) });
      console.log('screenshot=' + path.join(shots, name));
    };
    await shoot('section:has(thead th[scope=colgroup])', 'tabel.png');
    await shoot('figure', 'figur.png');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: path.join(shots, 'side.png') });
    console.log('screenshot=' + path.join(shots, 'side.png'));
    // The print style sheet: the same page as print media still passes.
    await page.emulateMediaType('print');
    const pr = await page.evaluate(async (t) => (await window.axe.run(document, {
      runOnly: { type: 'tag', values: t }, resultTypes: ['violations'],
    })).violations.map((v) => v.id), tags);
    console.log('print_violations=' + pr.length + (pr.length ? ' ' + pr.join(',') : ''));
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    fs.writeFileSync(path.join(shots, 'udskrift.pdf'), pdf);
    console.log('print_pdf_bytes=' + pdf.length);
  } catch (e) {
    console.log('error=' + (e && e.message ? e.message.split('\n')[0] : e));
    process.exitCode = 2;
  } finally {
    if (browser) await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
})();
