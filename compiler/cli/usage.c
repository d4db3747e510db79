/*
 * usage.c - the --help texts of migc and of each command.
 *
 * Every command also takes the common options (-h, -q, -v) and the
 * program's global ones (-C DIR, before the command); options follow
 * getopt_long's conventions (compiler/base/cliopt.h).
 */
#include "usage.h"

#include <string.h>

void usage_main(FILE *out)
{
	fputs("usage: migc [-C DIR] [-q|-v] COMMAND [ARGS]\n"
	      "       migc help [COMMAND|migc.conf]\n"
	      "\n"
	      "Compile a PostgreSQL migration project into a migrator executable.\n"
	      "\n"
	      "commands (\"migc COMMAND --help\" for each one's options):\n"
	      "  check [--models]           parse and validate the project (the pre-commit hook);\n"
	      "                             --models also requires schema.mig to equal the head\n"
	      "  build [-o BIN] [--emit-c F]\n"
	      "                             compile the project into the migrator executable\n"
	      "                             (default: NAME-migrate in the current directory)\n"
	      "  build --emit-c F           only write the generated C\n"
	      "  build --dynamic ...        link the system's libpq instead of statically\n"
	      "  build --print-digest       print the revision set's digest, build nothing\n"
	      "  build --release [-o BIN]   record every revision's checksum in released.sums\n"
	      "                             (commit it: check then fails on an edited one)\n"
	      "  sql [upgrade|downgrade] [FROM:TO|TO]\n"
	      "                             print the SQL a range would run (no database)\n"
	      "  history [--verbose]        the revision graph, newest first\n"
	      "  heads                      the head revision(s)\n"
	      "  show REV                   one revision and its SQL\n"
	      "  lint [--format FORMAT]     the dangerous-operation findings (docs/lint.md)\n"
	      "  fmt [--check] [FILES]      rewrite .mig files in canonical form (docs/fmt.md);\n"
	      "                             --check only lists the files that would change\n"
	      "  init [DIR]                 scaffold a new project in DIR (default: .)\n"
	      "  init --from-url URL DIR    the same, with schema.mig adopted from a database\n"
	      "  revision -m MSG [--autogenerate] [--rev-id ID]\n"
	      "                             write a new revision on top of the head; with\n"
	      "                             --autogenerate, the one that reaches schema.mig\n"
	      "  revision --autogenerate --url URL -m MSG\n"
	      "                             the revision that takes that database to schema.mig\n"
	      "  diff [--url URL]           a live database against schema.mig (exit 1: differs)\n"
	      "  merge -m MSG REV...|heads  write a merge revision joining several heads\n"
	      "  import FORMAT SRC DEST     a new project at DEST from another tool's history\n"
	      "                             (golang-migrate, goose, flyway, dbmate, sqitch, alembic)\n"
	      "  models --from-sqlalchemy MODULE:ATTR [--python PY]\n"
	      "                             schema.mig from SQLAlchemy models (MetaData or Base)\n"
	      "  models --write [--stdout]  schema.mig from the head of the history\n"
	      "  test [--url URL] [--reset] [--data]\n"
	      "                             every revision upgraded, checked, downgraded,\n"
	      "                             checked, upgraded again on a scratch database\n"
	      "  upgrade|downgrade|current|stamp|branches|resolve|accept-checksum|adopt|plan|fleet\n"
	      "                             the project's migrator (its --help), built into the\n"
	      "                             cache once and run with these arguments; check,\n"
	      "                             history, heads and show too when given --url URL,\n"
	      "                             --env-file FILE or --targets FILE\n"
	      "\n"
	      "check, history, heads and show take --format json (docs/compiler.md);\n"
	      "check and lint also --format sarif (SARIF 2.1.0) and --format github\n"
	      "(workflow annotation lines).\n"
	      "\n"
	      "options:\n"
	      "  -C, --project DIR          the project directory (default: .); paths in\n"
	      "                             messages stay relative to the current directory\n"
	      "  -q, --quiet                no progress lines (\"ok: ...\", \"wrote ...\")\n"
	      "  -v, --verbose              more detail (build: the compiler's command line)\n"
	      "  --env-file FILE            (diff, init, revision, test) read DATABASE_URL and\n"
	      "                             DATABASE_* from a dotenv file; the environment wins\n"
	      "  -h, --help                 this text\n"
	      "  -V, --version              migc's version\n"
	      "\n"
	      "connection (diff, revision, init, test) as the migrator's: the URL given, else\n"
	      "DATABASE_URL, else DATABASE_HOSTNAME/PORT/NAME/USERNAME/PASSWORD, else libpq's\n"
	      "defaults; a postgresql+DRIVER:// URL is used without the +DRIVER part\n"
	      "\n"
	      "exit status: 0 success, 1 the project has errors (diff: differences),\n"
	      "2 usage, I/O or database error (docs/compiler.md has the table)\n",
	      out);
}

struct usage_text {
	const char *cmd;
	const char *text;	/* after "usage: migc [-C DIR] " */
};

static const struct usage_text texts[] = {
	{ "check",
	  "check [--models] [--format text|json|sarif|github]\n\n"
	  "Parse and validate the project; print \"ok: N revisions, head ID\".\n\n"
	  "  --models             also require schema.mig to equal the head of the history\n"
	  "  --format FORMAT      json: one object with the counts and every diagnostic;\n"
	  "                       sarif: a SARIF 2.1.0 log; github: workflow annotations\n" },
	{ "build",
	  "build [-o BIN] [--emit-c FILE] [--dynamic] [--print-digest] [--release]\n"
	  "       [--man]\n\n"
	  "Compile the project into its migrator executable.\n\n"
	  "  -o, --output BIN     where to write the migrator (without -o, --emit-c,\n"
	  "                       --print-digest or --release: NAME-migrate, NAME from\n"
	  "                       migc.conf, in the current directory)\n"
	  "  --emit-c FILE        write the generated C\n"
	  "  --dynamic            link the system's libpq instead of statically\n"
	  "  --print-digest       print the revision set's digest (as the migrator's\n"
	  "                       --version does)\n"
	  "  --release            record every revision's checksum in released.sums\n"
	  "  --man                also write the migrator's man page next to it, BIN.1\n"
	  "                       (from its --help)\n"
	  "  -v, --verbose        print the C compiler's command line\n" },
	{ "sql",
	  "sql [upgrade|downgrade] [FROM:TO|TO]\n\n"
	  "Print the SQL a range would run, byte for byte as the migrator's sql\n"
	  "command; no database.  Default: upgrade base:head.\n" },
	{ "history",
	  "history [-v] [--format text|json]\n\n"
	  "The revision graph, newest first.\n\n"
	  "  -v, --verbose        one block per revision, with its file\n"
	  "  --format text|json   json: {\"revisions\": [...]}\n" },
	{ "heads",
	  "heads [--format text|json]\n\n"
	  "The head revision(s).\n\n"
	  "  --format text|json   json: {\"heads\": [...]}\n" },
	{ "show",
	  "show [--format text|json] REV\n\n"
	  "One revision: parents, file, checksum, message, upgrade and downgrade SQL.\n"
	  "REV: head or a unique prefix of a revision id.\n\n"
	  "  --format text|json   json: one object\n" },
	{ "lint",
	  "lint [--format text|json|sarif|github] [--list]\n\n"
	  "The dangerous-operation findings (docs/lint.md).\n\n"
	  "  --format FORMAT      json: the findings as one document; sarif: a SARIF\n"
	  "                       2.1.0 log; github: workflow annotation lines\n"
	  "  --list               the rules' names\n" },
	{ "fmt",
	  "fmt [--check] [FILE...]\n\n"
	  "Rewrite the project's .mig files (or the FILEs) in canonical form\n"
	  "(docs/fmt.md), printing the names of the files changed.\n\n"
	  "  --check              write nothing; list the files that would change\n"
	  "                       (exit 1 if any)\n" },
	{ "init",
	  "init [DIR]\n"
	  "       migc init --from-url URL [--env-file FILE] [--compare-grants]\n"
	  "                 [--compare-owners] DIR\n\n"
	  "Scaffold a new project in DIR (default: the -C directory, else .).\n\n"
	  "  --from-url URL       adopt schema.mig from a live database\n"
	  "  --env-file FILE      read DATABASE_URL and DATABASE_* from a dotenv file\n"
	  "  --compare-grants     adopt the grants too; migc.conf gets compare_grants\n"
	  "  --compare-owners     adopt the owners too; migc.conf gets compare_owners\n" },
	{ "revision",
	  "revision -m MSG [--autogenerate] [--rev-id ID] [--url URL] [--env-file FILE]\n\n"
	  "Write a new revision on top of the head, as versions/ID_SLUG.mig.\n\n"
	  "  -m, --message MSG    the revision's message (required)\n"
	  "  --autogenerate       the statements that reach schema.mig from the head\n"
	  "  --rev-id ID          the id (default: 12 random hex digits)\n"
	  "  --url URL            with --autogenerate: from that database instead\n"
	  "  --env-file FILE      read DATABASE_URL and DATABASE_* from a dotenv file\n" },
	{ "diff",
	  "diff [--url URL] [--env-file FILE]\n\n"
	  "Compare a live database with schema.mig (exit 1: they differ).\n\n"
	  "  --url URL            the database (default: DATABASE_URL, DATABASE_*, libpq's)\n"
	  "  --env-file FILE      read DATABASE_URL and DATABASE_* from a dotenv file\n" },
	{ "merge",
	  "merge -m MSG [--rev-id ID] REV...|heads\n\n"
	  "Write a merge revision joining several heads.\n\n"
	  "  -m, --message MSG    the revision's message (required)\n"
	  "  --rev-id ID          the id (default: 12 random hex digits)\n" },
	{ "import",
	  "import FORMAT [--python PATH] SRC DEST\n\n"
	  "Write a new migc project at DEST from another tool's history at SRC\n"
	  "(docs/import.md).  FORMAT: golang-migrate, goose, flyway, dbmate, sqitch,\n"
	  "alembic.\n\n"
	  "  --python PATH        alembic: the interpreter that renders the revisions\n"
	  "                       (default: $MIGC_PYTHON, else /usr/bin/python3)\n" },
	{ "models",
	  "models --from-sqlalchemy MODULE:ATTR [--python PYTHON]\n\n"
	  "Write schema.mig from SQLAlchemy models (a MetaData or a declarative Base),\n"
	  "imported by python3 in the current directory; checked before it is written.\n\n"
	  "  --from-sqlalchemy MODULE:ATTR   the models (required)\n"
	  "  --python PYTHON      the interpreter (default: $MIGC_PYTHON, else python3\n"
	  "                       on PATH)\n" },
	{ "test",
	  "test [--url URL] [--env-file FILE] [--reset] [--data] [--format text|json]\n\n"
	  "Build the project's migrator and try every revision, in the order upgrade\n"
	  "head applies them, on a scratch database: upgrade to it, check (the live\n"
	  "schema must be what the model says), downgrade one step, check, upgrade\n"
	  "again, check.  Stops at the first failing revision (exit 1).\n\n"
	  "  --url URL            the scratch database (default: DATABASE_URL, DATABASE_*,\n"
	  "                       libpq's)\n"
	  "  --env-file FILE      read DATABASE_URL and DATABASE_* from a dotenv file\n"
	  "  --reset              empty the database first (drops every schema and\n"
	  "                       extension); without it a database that is not empty\n"
	  "                       is refused (exit 2) and left untouched\n"
	  "  --data               after each upgrade fill every table with generated rows;\n"
	  "                       after the round trip the rows must have survived in the\n"
	  "                       columns the revision did not touch\n"
	  "  --format text|json   json: {\"revisions\": [...], \"summary\": {...}}\n" },
};

/* `migc help migc.conf`: the settings file (also migc.conf(5)) */
static const char conf_text[] =
	"usage: migc.conf in the project directory (next to versions/)\n"
	"\n"
	"One \"key = value\" per line; # starts a comment; values may be\n"
	"double-quoted.  Unknown keys are errors.  Credentials never go here: the\n"
	"migrator reads them from its environment when it runs.\n"
	"\n"
	"keys:\n"
	"  name = NAME            the project's name (letters, digits, _ - .);\n"
	"                         default: project.  The migrator is NAME-migrate\n"
	"  version_table = T      where the migrator records applied revisions:\n"
	"                         name or schema.name; default: migc_version\n"
	"  default_schema = S     where unqualified names live; the migrator sets\n"
	"                         search_path to it; default: public\n"
	"  lint.RULE = LEVEL      a lint rule's level: error, warning or off\n"
	"                         (\"migc lint --list\" names the rules)\n"
	"  lint_since = REV       lint only REV and the revisions after it\n"
	"  naming.pk, naming.uq, naming.ck, naming.fk, naming.ix = TEMPLATE\n"
	"                         naming conventions for unnamed constraints and\n"
	"                         indexes, with SQLAlchemy's tokens\n"
	"  naming_since = REV     the conventions name only what REV and its\n"
	"                         descendants create (and schema.mig)\n"
	"  compare_grants = B     true: grants and revokes are part of the model,\n"
	"                         compared and autogenerated; default: false\n"
	"  compare_owners = B     true: owners (alter ... owner to, create schema\n"
	"                         ... authorization) likewise; default: false\n"
	"\n"
	"example:\n"
	"  name = blog\n"
	"  lint.drop-column = error\n";

const char *usage_command_name(size_t i)
{
	return i < sizeof texts / sizeof texts[0] ? texts[i].cmd : NULL;
}

bool usage_command(FILE *out, const char *cmd)
{
	if (strcmp(cmd, "migc.conf") == 0) {
		fputs(conf_text, out);
		return true;
	}
	for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
		if (strcmp(texts[i].cmd, cmd) != 0)
			continue;
		fprintf(out, "usage: migc [-C DIR] %s\n"
			"common options: -h, --help (this text); -q, --quiet; -v, --verbose\n",
			texts[i].text);
		return true;
	}
	return false;
}
