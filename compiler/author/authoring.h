/*
 * authoring.h - the commands that write new project files: migc init,
 * migc revision [--autogenerate] and migc merge (cmd_init.c,
 * cmd_revision.c), and the atomic never-overwrite writer they share.
 *
 * Each command takes its own arguments and returns the exit status.
 */
#ifndef MIGC_AUTHORING_H
#define MIGC_AUTHORING_H

#include <stdbool.h>
#include <stddef.h>

struct arena;
struct project;
struct diag;
int cmd_init(struct arena *a, struct diag *d, const char *root, int argc, char **argv);
int cmd_revision(struct arena *a, struct diag *d, const char *root, int argc, char **argv);
int cmd_merge(struct arena *a, struct diag *d, const char *root, int argc, char **argv);
/* migc models --from-sqlalchemy MODULE:ATTR (cmd_models.c) */
int cmd_models(struct arena *a, struct diag *d, const char *root, int argc, char **argv);
/* migc models --write [--stdout] (models_write.c): schema.mig from the head
 * of the history, keeping its comments where their objects remain. */
int models_write(struct arena *a, struct diag *d, const char *root, bool to_stdout);
/* migc revision --autogenerate --url URL (live_cmd.c): `live` supplies the
 * upgrade, the statements that take the database at `url` (NULL: the
 * connection from the variables, `env_file` when given) to schema.mig;
 * returns 0 or an exit status after a message. */
struct mast_list;
typedef int (*rev_live_fn)(struct arena *a, struct diag *d, struct project *p,
			   const char *url, const char *env_file, struct mast_list *up);
int cmd_revision_with(struct arena *a, struct diag *d, const char *root, int argc,
		      char **argv, rev_live_fn live);
/* migc init DIR with `schema_text` as schema.mig (NULL: the commented
 * template) and `conf_extra` (NULL: none) at the end of migc.conf; refuses an existing project.  Returns 0, or 2 after a message. */
int init_project(struct arena *a, const char *dir, const char *schema_text,
		 const char *conf_extra);
/* Prints the lint findings located in the new revision files `paths`
 * (rev_lint.c), reloading the project; returns how many. */
size_t rev_lint_written(struct diag *d, const char *root, const char *const *paths, size_t n);
/* Writes `text` to the new file `path` atomically, never replacing an
 * existing file; prints "wrote PATH".  Returns 0, or 2 after a message. */
int authoring_write_new(struct arena *a, const char *path, const char *text);

#endif
