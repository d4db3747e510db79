/*
 * replay_plain.c - plain SQL statements in the model: the one dispatcher
 * from a passed-through statement (or an execute body that drops a type)
 * to the handlers of the kinds the model knows - views (replay_view.c),
 * routines and triggers (replay_routine.c), domains, composite and range
 * types (replay_utype.c), alter domain (replay_domain.c), event triggers
 * (replay_evtrig.c), grants and owners (replay_acl.c), standalone
 * sequences (replay_seq.c), a table moved to another schema
 * (replay_setschema.c), alter index ... attach partition
 * (replay_part_attach.c).
 *
 * Guarantees: a statement that cannot change the model (not create, drop
 * or alter) is not parsed again; anything of a kind the model does not
 * know leaves the model as it is (it stays opaque, as docs/language.md
 * says).  Kept apart from the handlers so that they never call back into
 * each other through the dispatch (05-layout's call-graph rule).
 */
#include <string.h>
#include <strings.h>

#include "pgsql_tree.h"
#include "replay_int.h"
#include "sqltext.h"

static bool may_change_model(const char *sql)
{
	size_t n = strlen(sql);
	size_t i = sqlt_skip_blank(sql, n, 0);
	enum sqlt_kind k;
	size_t e = sqlt_token(sql, n, i, &k);
	if (k != SQLT_WORD)
		return false;
	return (e - i == 7 && strncasecmp(sql + i, "comment", 7) == 0) ||
	       (e - i == 6 && (strncasecmp(sql + i, "create", 6) == 0 ||
				strncasecmp(sql + i, "revoke", 6) == 0)) ||
	       (e - i == 7 && strncasecmp(sql + i, "comment", 7) == 0) ||
	       (e - i == 4 && strncasecmp(sql + i, "drop", 4) == 0) ||
	       (e - i == 5 && (strncasecmp(sql + i, "alter", 5) == 0 ||
			       strncasecmp(sql + i, "grant", 5) == 0));
}

bool rp_passthrough(struct rp *r)
{
	const struct ast_stmt *s = r->s;
	if (!s->u.exec.passthrough)
		return rp_utype_execute(r);
	if (!s->u.exec.sql || !may_change_model(s->u.exec.sql))
		return true;
	struct pgsql_stmt p;
	if (!pgsql_describe(r->a, s->u.exec.sql, strlen(s->u.exec.sql), &p))
		return true;	/* the front end reported it */
	switch (p.kind) {
	case PGSQL_CREATE_VIEW:
	case PGSQL_DROP_VIEW:
	case PGSQL_RENAME_VIEW:
		return rp_view_stmt(r, &p);
	case PGSQL_CREATE_FUNCTION:
	case PGSQL_DROP_FUNCTION:
	case PGSQL_RENAME_FUNCTION:
	case PGSQL_CREATE_TRIGGER:
	case PGSQL_DROP_TRIGGER:
		return rp_routine_stmt(r, &p);
	case PGSQL_CREATE_TYPE:
	case PGSQL_DROP_TYPE:
	case PGSQL_RENAME_TYPE:
		return rp_utype_stmt(r, &p);
	case PGSQL_ALTER_DOMAIN:
		return rp_domain_stmt(r, &p);
	case PGSQL_CREATE_EVTRIG:
	case PGSQL_ALTER_EVTRIG:
	case PGSQL_RENAME_EVTRIG:
	case PGSQL_DROP_EVTRIG:
		return rp_evtrig_stmt(r, &p);
	case PGSQL_CREATE_COLL:
	case PGSQL_DROP_COLL:
	case PGSQL_RENAME_COLL:
	case PGSQL_REFRESH_COLL:
		return rp_coll_stmt(r, &p);
	case PGSQL_GRANT:
	case PGSQL_OWNER:
		return rp_acl_stmt(r, &p);
	case PGSQL_CREATE_SEQUENCE:
	case PGSQL_ALTER_SEQUENCE:
	case PGSQL_DROP_SEQUENCE:
	case PGSQL_RENAME_SEQUENCE:
	case PGSQL_SETSCHEMA_SEQUENCE:
	case PGSQL_COMMENT_SEQUENCE:
		return rp_seq_stmt(r, &p);
	case PGSQL_SETSCHEMA_TABLE:
		return rp_table_set_schema(r, &p);
	case PGSQL_ATTACH_INDEX:
		return rp_attach_index(r, &p);
	case PGSQL_SETSCHEMA_OBJECT:	/* replay_setschema_type.c, _routine.c */
		if (strcmp(p.obj_word, "type") == 0 || strcmp(p.obj_word, "domain") == 0)
			return rp_type_set_schema(r, &p);
		return rp_routine_set_schema(r, &p);
	case PGSQL_COMMENT:
		return rp_comment_plain(r, &p);
	default:
		return true;
	}
}
