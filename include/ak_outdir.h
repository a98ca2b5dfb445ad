/*
 * ak_outdir: an output set written as a whole or not at all.
 *
 * A report run writes its files into a fresh temporary directory beside
 * the output directory and, only when every file was written, swaps the
 * two directories atomically (renameat2 RENAME_EXCHANGE; a plain rename
 * when the output directory does not exist yet), then removes the old set.
 * A failed or interrupted run leaves the previous set untouched and, when
 * it fails (rather than is killed), no temporary directory behind.  The
 * temporary directory of a killed run is removed by a later run for the
 * same output directory once it has been left alone for a minute (a live
 * run holds a lock on its own, see src/outdir.c).
 * Dot-files of the old directory (such as .gitkeep) are carried over.
 *
 * The output directory belongs to its user: each set records what it wrote
 * in a manifest, AK_OUTDIR_MANIFEST, and an existing directory is replaced
 * only when it holds exactly such a set, unchanged (an empty directory is
 * fine; dot-files are carried over).  A directory holding anything else,
 * or an output edited since, is refused with a fatal diagnostic that names
 * what is in the way; nothing is written then.
 *
 * The manifest (UTF-8, LF, tab-separated): lines starting with '#' are
 * comments; the first other line is "ankestat-set<TAB>1"; then
 * "key<TAB>value" lines given by ak_outdir_set_info() in call order (the
 * CLI writes version, year, input, input-sha256); then one line
 *   file<TAB><sha256 hex, 64 lower-case digits><TAB><name>
 * per file of the set, sorted by name (bytewise), the manifest itself not
 * included.  Values never hold a tab or a newline.
 */
#ifndef AK_OUTDIR_H
#define AK_OUTDIR_H

#include "ak_diag.h"
#include "ak_status.h"

typedef struct ak_outdir ak_outdir;

/* The name of the manifest in each output directory. */
#define AK_OUTDIR_MANIFEST "ankestat-set.txt"

/* Hex SHA-256 (64 lower-case digits) of the file at path into *hex; caller
 * owns, free with ak_free().  AK_ERR_IO when the file cannot be read,
 * AK_ERR_NOMEM. */
ak_status ak_file_sha256(const char *path, char **hex);

/* Start a new set for directory 'dir'.  Caller owns *out and must end it
 * with ak_outdir_commit() or ak_outdir_abort(). */
ak_status ak_outdir_begin(const char *dir, ak_outdir **out, ak_diags *d);

/* The path of file 'name' inside the temporary directory; caller owns. */
char *ak_outdir_path(const ak_outdir *o, const char *name);

/* The path file 'name' will have once the set is in place, for messages
 * ("out/tables.csv", not the temporary directory); caller owns. */
char *ak_outdir_shown(const ak_outdir *o, const char *name);

/* Add a "key<TAB>value" line to the set's manifest (control characters
 * in either become spaces).  Before ak_outdir_commit(). */
ak_status ak_outdir_set_info(ak_outdir *o, const char *key, const char *value);

/* Write the manifest, check the output directory again, swap the new set
 * into place and free o. */
ak_status ak_outdir_commit(ak_outdir *o, ak_diags *d);

/* Remove the temporary directory and free o (NULL is a no-op). */
void ak_outdir_abort(ak_outdir *o);

/* Nonzero when the file 'path' is 'dir' or lies inside it. */
int ak_outdir_contains(const char *dir, const char *path);

#endif
