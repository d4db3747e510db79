/*
 * live_pq.c - the libpq functions migc uses, loaded only when a live-database
 * command runs.
 *
 * migc is the pre-commit hook: linking the system's libpq (and through it
 * OpenSSL, Kerberos, LDAP: some twenty shared libraries) would triple the
 * start-up time of every command, including the ones that never connect.
 * So migc defines here each libpq function that live.c and
 * runtime/catalog*.c call, with libpq-fe.h's own prototype; the first call
 * opens the system's libpq.so.5 with dlopen() and forwards.  Without libpq
 * installed, only the live commands fail, with exit status 2.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#define LIBPQ_SONAME "libpq.so.5"

static void *pq_lookup(const char *name)
{
	static void *handle;
	if (!handle) {
		handle = dlopen(LIBPQ_SONAME, RTLD_NOW | RTLD_LOCAL);
		if (!handle) {
			fprintf(stderr, "migc: this command needs PostgreSQL's client library "
				"(" LIBPQ_SONAME ", package libpq5): %s\n", dlerror());
			exit(2);
		}
	}
	void *f = dlsym(handle, name);
	if (!f) {
		fprintf(stderr, "migc: " LIBPQ_SONAME " has no %s\n", name);
		exit(2);
	}
	return f;
}

/* Defines `name` with libpq's prototype, forwarding to the loaded one. */
#define PQ_FORWARD(ret, name, params, args)			\
	ret name params						\
	{							\
		static ret (*real) params;			\
		if (!real) {					\
			void *p = pq_lookup(#name);		\
			memcpy(&real, &p, sizeof real);		\
		}						\
		return real args;				\
	}

#define PQ_FORWARD_VOID(name, params, args)			\
	void name params					\
	{							\
		static void (*real) params;			\
		if (!real) {					\
			void *p = pq_lookup(#name);		\
			memcpy(&real, &p, sizeof real);		\
		}						\
		real args;					\
	}

PQ_FORWARD(PGconn *, PQconnectdbParams,
	   (const char *const *keywords, const char *const *values, int expand_dbname),
	   (keywords, values, expand_dbname))
PQ_FORWARD(ConnStatusType, PQstatus, (const PGconn *conn), (conn))
PQ_FORWARD(char *, PQerrorMessage, (const PGconn *conn), (conn))
PQ_FORWARD(int, PQserverVersion, (const PGconn *conn), (conn))
PQ_FORWARD(const char *, PQparameterStatus, (const PGconn *conn, const char *paramName),
	   (conn, paramName))
PQ_FORWARD_VOID(PQfinish, (PGconn *conn), (conn))
PQ_FORWARD(PQconninfoOption *, PQconninfoParse, (const char *conninfo, char **errmsg),
	   (conninfo, errmsg))
PQ_FORWARD_VOID(PQconninfoFree, (PQconninfoOption *options), (options))
PQ_FORWARD_VOID(PQfreemem, (void *ptr), (ptr))
PQ_FORWARD(PQnoticeProcessor, PQsetNoticeProcessor,
	   (PGconn *conn, PQnoticeProcessor proc, void *arg), (conn, proc, arg))
PQ_FORWARD(PGresult *, PQexec, (PGconn *conn, const char *query), (conn, query))
PQ_FORWARD(PGresult *, PQexecParams,
	   (PGconn *conn, const char *command, int nParams, const Oid *paramTypes,
	    const char *const *paramValues, const int *paramLengths,
	    const int *paramFormats, int resultFormat),
	   (conn, command, nParams, paramTypes, paramValues, paramLengths,
	    paramFormats, resultFormat))
PQ_FORWARD(ExecStatusType, PQresultStatus, (const PGresult *res), (res))
PQ_FORWARD(char *, PQresultErrorMessage, (const PGresult *res), (res))
PQ_FORWARD(char *, PQresultErrorField, (const PGresult *res, int fieldcode),
	   (res, fieldcode))
PQ_FORWARD(int, PQntuples, (const PGresult *res), (res))
PQ_FORWARD(char *, PQgetvalue, (const PGresult *res, int tup_num, int field_num),
	   (res, tup_num, field_num))
PQ_FORWARD(int, PQgetisnull, (const PGresult *res, int tup_num, int field_num),
	   (res, tup_num, field_num))
PQ_FORWARD_VOID(PQclear, (PGresult *res), (res))
