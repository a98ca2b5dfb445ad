/*
 * ak_parallel: ingest, validation and tabulation of one response file on
 * several threads, with every result and every diagnostic exactly as one
 * thread gives them.
 *
 * The file is split into parts of about AK_PART bytes at line ends; each
 * part is read (ak_ingest_part(): the header line, then the part's lines),
 * validated (a validator of its own), tabulated (ak_tab_new_like()) and
 * its uncertainty figures collected (ak_unc_new_like()) on a worker
 * thread, and the parts are merged in input order: counters add
 * (ak_validate_merge(), ak_tab_merge(), ak_unc_merge()), per-unit lists
 * are concatenated (the tabulation's respondents, the averaged values of
 * the uncertainty figures), diagnostics follow each other
 * (ak_diags_move()), the id sets join.
 *
 * Safe boundaries: a quoted field may span lines, so a line end need not
 * end a record.  A part is accepted only when its reader, started after
 * the header, ends exactly at the part's end between records; by
 * induction from the first part (which starts right after the header)
 * every accepted part then starts where one reading of the whole file has
 * a record boundary, so its records are that reading's records (a
 * speculative split verified afterwards, as DuckDB's parallel CSV reader
 * does).  Whenever a part is not accepted, or anything would make the
 * merged result differ from one reading (a fatal problem in any part, an
 * id seen in two parts, the record limit, UTF-16 input), the whole file
 * is read again on the calling thread, the one-thread path, which reports
 * everything where one reading does.  Fatal problems end the run without
 * output, so that second reading costs only time in runs that fail.
 *
 * Encoding: the sniffing pass over the whole file stays (it decides the
 * encoding over all of it) and also finds the part boundaries and their
 * line numbers (and the file's checksum, when asked for).  Memory: each worker holds one part's bytes and its
 * results until they are merged; at most 2 x threads parts are unmerged.
 *
 * The environment variable AK_PART_BYTES=n (hidden, for tests) sets the
 * part size; with it even one thread takes the parallel path, so that
 * tests can force tiny parts (1: a part a line) and compare.  With
 * AK_PARALLEL_TRACE set (hidden, for tests) the path a read took is
 * written to stderr ("ankestat: parallel: N parts, T threads" or
 * "ankestat: parallel: redo"): the one print outside the CLI, for
 * tests/suites/parallel.sh to check that the parts were really merged.
 */
#ifndef AK_PARALLEL_H
#define AK_PARALLEL_H

#include <signal.h>

#include "ak_codebook.h"
#include "ak_diag.h"
#include "ak_status.h"
#include "ak_tabulate.h"
#include "ak_uncert.h"
#include "ak_validate.h"

/* Default part size in bytes. */
#define AK_PART (4L << 20)

/* The machine's cores online (at least 1). */
int ak_parallel_cores(void);

/* What a read did, for tests and benchmarks. */
typedef struct ak_parallel_info {
    size_t parts;       /* parts read in parallel and merged; 0: one
                           reading on the calling thread only */
    int threads;        /* worker threads started */
    int redone;         /* 1: the parts were dropped and the file read
                           again in one go (see above) */
} ak_parallel_info;

/*
 * What each validated row goes to besides the validator (all borrowed;
 * NULL: none).  Each is a per-row collector with a merge function, so
 * that parts collect on their own and merge in input order.
 */
typedef struct ak_parallel_sinks {
    ak_tab *tab;              /* tabulation (ak_tab_new_like/ak_tab_merge) */
    ak_unc *unc;              /* uncertainty figures (ak_unc_new_like,
                                 ak_unc_merge); needs tab, whose row hits
                                 it reads (ak_unc_add()) */
    const ak_lastrows *last;  /* --keep-last: each id's last line, given to
                                 every part's validator (the table is of
                                 the whole file, so a part knows whether a
                                 row of its own is superseded by a row of
                                 a later part); superseded rows go to no
                                 sink */
    /* pkeep (NULL: none) is called for every row that counts, with its
     * unit id (NULL: none), from several threads at once; the rows it
     * accepts also go to ptab (NULL: none), a second tabulation merged like
     * tab.  report --compare marks the units that answered both years
     * with it, and --panel tabulates them alone. */
    ak_tab *ptab;
    int (*pkeep)(void *ud, const char *unit);
    void *pkeep_ud;
    /* sha256 (NULL: not asked for; else 65 bytes, borrowed): the hex
     * SHA-256 of the file's bytes, as the reading whose rows the sinks
     * got read them, computed by the sniffing pass that reads every byte
     * anyway (no read of its own); "" when the read failed before it. */
    char *sha256;
} ak_parallel_sinks;

/*
 * Read the response file at path against cb (reg may be NULL), validate
 * every row and hand each row that counts (not superseded) to the sinks
 * (NULL: none), on 'threads' threads (<= 0: ak_parallel_cores(); 1 reads
 * on the calling thread only, unless AK_PART_BYTES is set).  *v is a new
 * validator holding the counters, ids and data note of all rows (caller
 * owns; ak_validate_free(); it reports into d, so that
 * ak_validate_finish() can follow); it may be set also when the call
 * fails.  Diagnostics go to d in input order.  *stop is polled (a signal
 * handler's flag; NULL: none): when it becomes nonzero the read ends with
 * AK_ERR_IO.  Returns what ak_ingest_file() returns for the file, or
 * AK_ERR_NOMEM when a validation or tabulation step runs out of memory.
 * info (NULL: none) says which path the read took.
 */
ak_status ak_parallel_read(const char *path, const ak_codebook *cb,
                           const ak_register *reg,
                           const ak_parallel_sinks *sinks, int threads,
                           const volatile sig_atomic_t *stop,
                           ak_validator **v, ak_diags *d,
                           ak_parallel_info *info);

#endif
