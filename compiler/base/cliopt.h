/*
 * cliopt.h - the one option parser of migc's commands, over libc's
 * getopt_long, and the one JSON string writer of their reports.
 *
 * Every command gets the conventions of getopt_long: "--opt=value",
 * "-mVALUE", "--" ending options, unambiguous abbreviations of long
 * options, options and operands in any order.  Three options are common
 * to every command and handled here: -h/--help (the command's usage, exit
 * 0: the caller gets CLI_HELP), -q/--quiet and -v/--verbose (cli_quiet,
 * cli_verbose).  A bad option prints one error in the one style
 *   migc: COMMAND: MESSAGE
 *   (see "migc COMMAND --help")
 * and yields exit status 2.
 */
#ifndef MIGC_CLIOPT_H
#define MIGC_CLIOPT_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

struct arena;

/* A status no command exits with: "print this command's usage, exit 0". */
#define CLI_HELP 1000

/* -q: progress lines ("ok: ...", "wrote ...") are not printed;
 * -v: more detail where a command has it. */
extern int cli_quiet;
extern int cli_verbose;
/* "DIR/" under -C DIR, else "": printed before a project's paths so that
 * they are relative to the current directory (as diag.h's path_prefix) */
extern const char *cli_path_prefix;

/* Called once per option of the command's own (not h, q, v): `opt` is
 * the short letter or the long option's val, `arg` its value or NULL.
 * Returns 0, or an exit status to stop with. */
typedef int (*cli_opt_fn)(void *ctx, int opt, const char *arg);

/* Parses argv[0..argc) (the arguments after the command's name) with the
 * command's own `shortopts` and `longopts` (terminated by a zero entry;
 * either may be NULL) plus the common ones.  The operands are
 * returned in *pos and *npos (from the arena).  Returns 0, CLI_HELP, or 2
 * after the message. */
int cli_parse(struct arena *a, const char *cmd, int argc, char **argv,
	      const char *shortopts, const struct option *longopts,
	      cli_opt_fn fn, void *ctx, char ***pos, int *npos);

/* "migc: CMD: MESSAGE\n(see "migc CMD --help")" on stderr; returns 2. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* --format's value: "text" or "json" (sets *json); else a usage error. */
int cli_format_json(const char *cmd, const char *arg, bool *json);

/* `s` as a JSON string: quotes, backslash and control characters
 * escaped (\n, \t, \r, \b, \f, else \u00XX); NULL as null. */
void cli_json_str(FILE *out, const char *s);

#endif
