# Sourced by the suites that load a page in Chromium (html.sh, compare.sh).
# browser_ready BUILD LOG: installs the test-only browser tooling
# (tests/browser: axe-core, puppeteer-core; `npm ci` from the committed
# lock file) when it is not there yet.  The suites run at the same time
# (tests/run_all.sh), so the install is serialized by a lock in BUILD: the
# second suite waits and then finds it done.  Returns npm's status.
browser_ready() {
    (
        flock 9 || exit 1
        if [ ! -d tests/browser/node_modules/axe-core ] ||
           [ ! -d tests/browser/node_modules/puppeteer-core ]; then
            # puppeteer-core downloads no browser; these are the only downloads.
            cd tests/browser && npm ci --no-audit --no-fund >"$2" 2>&1
        fi
    ) 9>"$1/.browser-lock"
}
