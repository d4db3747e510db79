/*
 * test_connparams.c - common/connparams.c and dotenv.c: the connection's
 * order, SQLAlchemy URLs without their +driver part, dotenv files read
 * as a FastAPI project writes them, errors that hold no value.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "connparams.h"
#include "tap.h"

static char dir[] = "/tmp/migc-test-connparams.XXXXXX";

static const char *write_file(const char *name, const char *text)
{
	static char path[256];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w");
	fputs(text, f);
	fclose(f);
	return path;
}

static void clear_env(void)
{
	static const char *const v[] = { "DATABASE_URL", "DATABASE_HOSTNAME", "DATABASE_PORT",
					 "DATABASE_NAME", "DATABASE_USERNAME", "DATABASE_PASSWORD" };
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
		unsetenv(v[i]);
}

static void test_urls(void)
{
	struct connparams cp;
	char err[256];
	clear_env();
	ok(connparams_build(&cp, "postgresql+asyncpg://u:p@h:5/db?sslmode=disable", NULL, "app",
			    err, sizeof err) == 0, "a SQLAlchemy URL is accepted");
	is_str(cp.vals[0], "postgresql://u:p@h:5/db?sslmode=disable", "its +driver part is dropped, nothing else");
	is_str(cp.driver, "asyncpg", "the driver is reported");
	is_str(cp.scheme, "postgresql", "with the scheme");
	ok(cp.expand_dbname, "the URL is expanded by libpq");
	is_str(connparams_get(&cp, "application_name"), "app", "application_name comes last");
	is_str(cp.source, "--url", "the source is named");
	connparams_free(&cp);
	connparams_build(&cp, "postgres+psycopg2://h/db", NULL, NULL, err, sizeof err);
	is_str(cp.vals[0], "postgres://h/db", "postgres+psycopg2:// too");
	connparams_free(&cp);
	connparams_build(&cp, "postgresql://h/db", NULL, NULL, err, sizeof err);
	is_str(cp.driver, "", "a plain URL has no driver");
	is_str(cp.vals[0], "postgresql://h/db", "and is passed as it is");
	connparams_free(&cp);
	connparams_build(&cp, "postgresql+a-b://h/db", NULL, NULL, err, sizeof err);
	is_str(cp.vals[0], "postgresql+a-b://h/db", "a driver part with other characters is left to libpq");
	connparams_free(&cp);
	connparams_build(&cp, "host=h dbname=db", NULL, NULL, err, sizeof err);
	is_str(cp.vals[0], "host=h dbname=db", "a key=value string is passed as it is");
	connparams_free(&cp);
}

static void test_order(void)
{
	struct connparams cp;
	char err[256];
	clear_env();
	connparams_build(&cp, NULL, NULL, NULL, err, sizeof err);
	ok(cp.keys[0] == NULL, "nothing set: libpq's defaults");
	is_str(cp.source, "libpq's defaults", "named as such");
	connparams_free(&cp);
	setenv("DATABASE_HOSTNAME", "h", 1);
	setenv("DATABASE_PASSWORD", "", 1);
	connparams_build(&cp, NULL, NULL, NULL, err, sizeof err);
	is_str(connparams_get(&cp, "host"), "h", "DATABASE_HOSTNAME is host");
	ok(connparams_get(&cp, "password") == NULL, "an empty variable is unset");
	ok(!cp.expand_dbname, "parameters are not expanded");
	connparams_free(&cp);
	setenv("DATABASE_URL", "postgresql+psycopg://e/db", 1);
	connparams_build(&cp, NULL, NULL, NULL, err, sizeof err);
	is_str(cp.vals[0], "postgresql://e/db", "DATABASE_URL wins over DATABASE_*");
	ok(connparams_get(&cp, "host") == NULL, "which are then not used");
	connparams_free(&cp);
	connparams_build(&cp, "postgresql://cli/db", NULL, NULL, err, sizeof err);
	is_str(cp.vals[0], "postgresql://cli/db", "--url wins over DATABASE_URL");
	connparams_free(&cp);
}

static void test_dotenv(void)
{
	struct connparams cp;
	char err[256];
	clear_env();
	const char *f = write_file("a.env",
		"# settings\n"
		"\n"
		"SECRET_KEY=abc#not-a-comment\n"
		"export DATABASE_HOSTNAME = filehost   # a comment\r\n"
		"DATABASE_PORT='5433'\n"
		"DATABASE_NAME=\"na\\\"me\\\\x\"\n"
		"DATABASE_USERNAME=first\n"
		"DATABASE_USERNAME=second\n"
		"  DATABASE_PASSWORD='p#w d'  \n");
	ok(connparams_build(&cp, NULL, f, NULL, err, sizeof err) == 0, "a dotenv file is read");
	is_str(connparams_get(&cp, "host"), "filehost", "export, blanks around =, a comment, CRLF");
	is_str(connparams_get(&cp, "port"), "5433", "a single-quoted value");
	is_str(connparams_get(&cp, "dbname"), "na\"me\\x", "a double-quoted value with escapes");
	is_str(connparams_get(&cp, "user"), "second", "the last assignment wins");
	is_str(connparams_get(&cp, "password"), "p#w d", "quotes keep # and blanks");
	is_str(cp.source, "the DATABASE_* variables (some from the --env-file)", "the source says the file");
	connparams_free(&cp);
	setenv("DATABASE_HOSTNAME", "envhost", 1);
	connparams_build(&cp, NULL, f, NULL, err, sizeof err);
	is_str(connparams_get(&cp, "host"), "envhost", "the environment wins over the file");
	is_str(connparams_get(&cp, "port"), "5433", "the file still gives the rest");
	connparams_free(&cp);
	clear_env();
	f = write_file("u.env", "DATABASE_URL=postgresql+asyncpg://u:secret@h/db\n");
	setenv("DATABASE_NAME", "x", 1);
	connparams_build(&cp, NULL, f, NULL, err, sizeof err);
	is_str(cp.vals[0], "postgresql://u:secret@h/db", "the file's DATABASE_URL comes before DATABASE_*");
	connparams_free(&cp);
	clear_env();

	f = write_file("bad.env", "DATABASE_URL=ok\nDATABASE_PASSWORD=\"secret\n");
	ok(connparams_build(&cp, NULL, f, NULL, err, sizeof err) < 0, "an open quote is an error");
	ok(strstr(err, "bad.env:2:") != NULL, "named by file and line");
	ok(strstr(err, "secret") == NULL, "without the value");
	f = write_file("bad2.env", "secret value\n");
	ok(connparams_build(&cp, NULL, f, NULL, err, sizeof err) < 0, "a line without = is an error");
	ok(strstr(err, "bad2.env:1: expected KEY=VALUE") != NULL && !strstr(err, "secret"),
	   "named by file and line, without the text");
	f = write_file("bad3.env", "DATABASE_PASSWORD='a'b\n");
	ok(connparams_build(&cp, NULL, f, NULL, err, sizeof err) < 0, "text after a closing quote is an error");
	ok(connparams_build(&cp, NULL, "/nonexistent/x.env", NULL, err, sizeof err) < 0 &&
	   strstr(err, "/nonexistent/x.env: cannot read") != NULL, "a missing file is an error");
}

int main(void)
{
	plan(37);
	if (!mkdtemp(dir))
		return 1;
	test_urls();
	test_order();
	test_dotenv();
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	if (system(cmd) != 0)
		return 1;
	return tap_done();
}
