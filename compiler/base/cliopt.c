/*
 * cliopt.c - getopt_long with migc's common options and message style
 * (cliopt.h).
 */
#include "cliopt.h"

#include <stdarg.h>
#include <string.h>

#include "arena.h"

int cli_quiet;
int cli_verbose;
const char *cli_path_prefix = "";

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fputs("migc: ", stderr);
	if (cmd)
		fprintf(stderr, "%s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (cmd)
		fprintf(stderr, "\n(see \"migc %s --help\")\n", cmd);
	else
		fputs("\n(see \"migc --help\")\n", stderr);
	return 2;
}

static const struct option common_longs[] = {
	{ "help", no_argument, NULL, 'h' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
};
#define N_COMMON (sizeof common_longs / sizeof common_longs[0])

/* The option at argv[optind - 1] as the user wrote it, for a message. */
static const char *cli_bad_option(char **argv, char *buf, size_t n)
{
	const char *s = argv[optind - 1];
	if (optopt && !(s[0] == '-' && s[1] == '-')) {
		snprintf(buf, n, "-%c", optopt);
		return buf;
	}
	size_t len = strcspn(s, "=");
	snprintf(buf, n, "%.*s", (int)len, s);
	return buf;
}

int cli_parse(struct arena *a, const char *cmd, int argc, char **argv,
	      const char *shortopts, const struct option *longopts,
	      cli_opt_fn fn, void *ctx, char ***pos, int *npos)
{
	size_t n_own = 0;
	while (longopts && longopts[n_own].name)
		n_own++;
	struct option *longs = arena_calloc(a, n_own + N_COMMON + 1, sizeof *longs);
	memcpy(longs, common_longs, sizeof common_longs);
	if (n_own)
		memcpy(longs + N_COMMON, longopts, n_own * sizeof *longs);
	/* ':' first: a missing value returns ':' instead of a message */
	const char *shorts = arena_printf(a, ":hqv%s", shortopts ? shortopts : "");

	/* getopt_long wants the program's name first and may permute */
	char **av = arena_calloc(a, (size_t)argc + 2, sizeof *av);
	av[0] = (char *)cmd;
	for (int i = 0; i < argc; i++)
		av[i + 1] = argv[i];
	int ac = argc + 1;

	optind = 0;	/* glibc: start afresh */
	opterr = 0;
	int c, status = 0;
	char buf[128];
	while ((c = getopt_long(ac, av, shorts, longs, NULL)) != -1) {
		switch (c) {
		case 'h':
			status = CLI_HELP;
			break;
		case 'q':
			cli_quiet = 1;
			break;
		case 'v':
			cli_verbose = 1;
			break;
		case ':':
			return cli_usage_error(cmd, "option \"%s\" needs a value",
					       cli_bad_option(av, buf, sizeof buf));
		case '?':
			return cli_usage_error(cmd, "unknown or ambiguous option \"%s\"",
					       cli_bad_option(av, buf, sizeof buf));
		default:
			if (status == 0 && fn) {
				int r = fn(ctx, c, optarg);
				if (r)
					return r;
			}
			break;
		}
	}
	/* --help wins over any other mistake on the line */
	if (status)
		return status;
	*pos = av + optind;
	*npos = ac - optind;
	return 0;
}

int cli_format_json(const char *cmd, const char *arg, bool *json)
{
	if (strcmp(arg, "json") == 0 || strcmp(arg, "text") == 0) {
		*json = arg[0] == 'j';
		return 0;
	}
	return cli_usage_error(cmd, "--format \"%s\": expected text or json", arg);
}

void cli_json_str(FILE *out, const char *s)
{
	if (!s) {
		fputs("null", out);
		return;
	}
	fputc('"', out);
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"': fputs("\\\"", out); break;
		case '\\': fputs("\\\\", out); break;
		case '\n': fputs("\\n", out); break;
		case '\t': fputs("\\t", out); break;
		case '\r': fputs("\\r", out); break;
		case '\b': fputs("\\b", out); break;
		case '\f': fputs("\\f", out); break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(out, "\\u%04x", *p);
			else
				fputc(*p, out);
		}
	}
	fputc('"', out);
}
