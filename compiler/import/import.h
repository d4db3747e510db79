/*
 * import.h - `migc import FORMAT SRC DEST`: a new migc project from another
 * migration tool's history (docs/import.md).
 */
#ifndef MIGC_IMPORT_H
#define MIGC_IMPORT_H

struct arena;
struct diag;

/* Returns the exit status: 0, 1 (a malformed source file, or the imported
 * project does not pass the check), 2 (usage, unreadable source, DEST
 * already a project, a file that cannot be written). */
int cmd_import(struct arena *a, struct diag *d, const char *root, int argc, char **argv);

#endif
