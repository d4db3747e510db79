/*
 * fmt_write.c - the tokens marked by fmt_layout.c, written out.
 *
 * Lines start where the marks say (FM_BREAK, with their indent and blank
 * lines); other tokens follow with one space or none (tight parentheses,
 * no space before ',' or ';', types like "numeric(10,2)"), or at the
 * column FM_PAD asks for.  Words come out in lower case and quoted names
 * without needless quotes (fmt_tok_text); everything else byte for byte.
 * Own-line comments keep their own line, trailing comments their line,
 * and the trailing comments of one create table end up in one column.
 */
#include "fmt_int.h"

#include <string.h>
#include <strings.h>

#include "arena.h"


/* One written line: where it starts, where its code ends when a comment
 * trails it, and its table (0: none). */
struct w_line {
	size_t start, code_end, comment;
	uint32_t group;
};

struct writer {
	const struct layout *L;
	struct w_line *lines;
	size_t n_lines, cap_lines;
	struct strbuf sb;
	bool line_has_text;
	bool after_opener;	/* the last token opened a block or a table */
	bool need_nl;		/* a line comment ended the line */
	size_t line_start;
	unsigned cont;		/* the indent of a continued line */
	unsigned pad;		/* where the next token starts, 0: anywhere */
	const struct fmt_tok *prev;
};

static unsigned w_col(const struct writer *w)
{
	unsigned col = 0;
	for (size_t i = w->line_start; i < w->sb.len; i++)
		col += ((unsigned char)w->sb.data[i] & 0xc0) != 0x80;
	return col;
}

static void w_end_line(struct writer *w)
{
	if (w->line_has_text) {
		sb_putc(&w->sb, '\n');
		w->line_start = w->sb.len;
		w->line_has_text = false;
	}
	w->need_nl = false;
}

static void w_start_line(struct writer *w, unsigned indent, bool blank,
			 uint32_t group)
{
	w_end_line(w);
	if (blank && w->sb.len > 0 &&
	    !(w->sb.len >= 2 && w->sb.data[w->sb.len - 2] == '\n'))
		sb_putc(&w->sb, '\n');
	w->line_start = w->sb.len;
	if (w->n_lines == w->cap_lines) {
		size_t cap = w->cap_lines ? 2 * w->cap_lines : 64;
		w->lines = arena_grow(w->L->a, w->lines, w->cap_lines * sizeof *w->lines,
				      cap * sizeof *w->lines);
		w->cap_lines = cap;
	}
	w->lines[w->n_lines++] = (struct w_line){ w->sb.len, 0, 0, group };
	for (unsigned i = 0; i < indent; i++)
		sb_putc(&w->sb, ' ');
	w->line_has_text = true;
	w->pad = 0;
}

static bool tok_punct_in(const struct layout *L, const struct fmt_tok *t,
			 const char *set)
{
	return t->kind == FT_PUNCT && strchr(set, L->text[t->start]);
}

/* Whitespace right before t in the source. */
static bool src_gap(const struct layout *L, const struct fmt_tok *t)
{
	return t->start > 0 && strchr(" \t\n\r\f\v", L->text[t->start - 1]);
}

static bool need_space(const struct layout *L, const struct fmt_tok *prev,
		       const struct fmt_tok *t)
{
	if (!prev)
		return false;
	if (tok_punct_in(L, t, ",;).]") || tok_punct_in(L, prev, "([."))
		return false;
	if ((t->flags & FM_TYPE) && (prev->flags & FM_TYPE) &&
	    (tok_punct_in(L, t, "([") || tok_punct_in(L, prev, ",")))
		return false;
	if (t->kind == FT_OP)
		return src_gap(L, t);
	if (prev->kind == FT_OP)
		return src_gap(L, t);
	/* an exclusion constraint's operator(schema.op), as PostgreSQL prints it */
	if (tok_punct_in(L, t, "(") && prev->end - prev->start == 8 &&
	    strncasecmp(L->text + prev->start, "operator", 8) == 0)
		return false;
	return true;
}

/* The indent of an own-line comment: that of the line it leads into
 * (a dropped empty statement's ';' is not written, so not that line). */
static unsigned comment_indent(const struct layout *L, size_t i, unsigned cont)
{
	for (size_t k = i + 1; k < L->n; k++) {
		const struct fmt_tok *t = &L->t[k];
		if (fmt_is_comment(t) || (t->flags & FM_DROP))
			continue;
		if (!(t->flags & FM_BREAK))
			return cont;
		return t->indent + ((t->flags & FM_CLOSE) ? FMT_INDENT : 0);
	}
	return 0;
}

/* Whether what is written after token i starts a new line (or nothing
 * follows): a block comment before it then ends its line, as it will when
 * the output is formatted again. */
static bool next_breaks(const struct layout *L, size_t i)
{
	for (size_t k = i + 1; k < L->n; k++) {
		const struct fmt_tok *t = &L->t[k];
		if (t->flags & FM_DROP)
			continue;
		if (fmt_is_comment(t))
			return t->nl_before > 0;
		return (t->flags & FM_BREAK) != 0;
	}
	return true;
}

static void w_comment(struct writer *w, size_t i)
{
	const struct layout *L = w->L;
	const struct fmt_tok *t = &L->t[i];
	bool own = t->nl_before > 0 || !w->line_has_text;
	if (own) {
		bool blank = (t->flags & FM_BLANK) ||
			     (t->nl_before >= 2 && !w->after_opener);
		w_start_line(w, comment_indent(L, i, w->cont), blank, 0);
		w->after_opener = false;
	} else {
		bool ends_line = t->kind == FT_LINE_COMMENT || t->nl_after > 0 ||
				 next_breaks(L, i);
		if (w->need_nl) {
			w_start_line(w, w->cont, false, 0);
		} else {
			struct w_line *ln = &w->lines[w->n_lines - 1];
			if (ends_line && !ln->comment) {
				ln->code_end = w->sb.len;
				ln->comment = w->sb.len + 2;
			}
			sb_puts(&w->sb, ends_line ? "  " : " ");
		}
	}
	sb_put(&w->sb, L->text + t->start, t->end - t->start);
	if (t->kind == FT_LINE_COMMENT || t->nl_after > 0)
		w->need_nl = true;
	w->pad = 0;
}

static void w_token(struct writer *w, const struct fmt_tok *t)
{
	const struct layout *L = w->L;
	if (t->flags & FM_BREAK) {
		bool blank = (t->flags & FM_BLANK) ||
			     (t->nl_before >= 2 && !w->after_opener &&
			      !(t->flags & FM_CLOSE));
		w_start_line(w, t->indent, blank, (t->flags & FM_ELEM) ? t->group : 0);
		w->cont = t->indent + FMT_INDENT;
	} else if (w->need_nl || !w->line_has_text) {
		w_start_line(w, w->cont, false, 0);
	} else if (w->pad) {
		unsigned col = w_col(w);
		do
			sb_putc(&w->sb, ' ');
		while (++col < w->pad);
	} else if (need_space(L, w->prev, t)) {
		sb_putc(&w->sb, ' ');
	}
	sb_puts(&w->sb, fmt_tok_text(L->a, L->text, t));
	if (t->flags & FM_SEMI)
		sb_putc(&w->sb, ';');
	w->pad = (t->flags & FM_PAD) ? t->pad : 0;
	w->after_opener = tok_punct_in(L, t, "{(");
	w->prev = t;
}

static size_t w_width(const char *s, size_t n)
{
	size_t w = 0;
	for (size_t i = 0; i < n; i++)
		w += ((unsigned char)s[i] & 0xc0) != 0x80;
	return w;
}

/* The comments that trail the lines of one table start in one column,
 * two spaces after the longest of those lines. */
static const char *w_align_comments(struct writer *w)
{
	const char *out = sb_str(&w->sb);
	bool any = false;
	for (size_t i = 0; i < w->n_lines && !any; i++)
		any = w->lines[i].group && w->lines[i].comment;
	if (!any)
		return out;
	struct strbuf sb;
	sb_init(&sb, w->L->a);
	size_t at = 0, width = 0;
	uint32_t group = 0;
	for (size_t i = 0; i < w->n_lines; i++) {
		const struct w_line *ln = &w->lines[i];
		if (!ln->group || !ln->comment)
			continue;
		if (ln->group != group) {
			/* a table's lines are together, own-line comments aside */
			group = ln->group;
			width = 0;
			for (size_t k = i; k < w->n_lines; k++) {
				const struct w_line *o = &w->lines[k];
				if (o->group && o->group != group)
					break;
				if (!o->group || !o->comment)
					continue;
				size_t cw = w_width(out + o->start, o->code_end - o->start);
				if (cw > width)
					width = cw;
			}
		}
		sb_put(&sb, out + at, ln->code_end - at);
		for (size_t c = w_width(out + ln->start, ln->code_end - ln->start);
		     c < width + 2; c++)
			sb_putc(&sb, ' ');
		at = ln->comment;
	}
	sb_puts(&sb, out + at);
	return sb_str(&sb);
}

const char *fmt_write(const struct layout *L)
{
	struct writer w = { .L = L };
	sb_init(&w.sb, L->a);
	for (size_t i = 0; i < L->n; i++) {
		if (L->t[i].flags & FM_DROP)
			continue;
		if (fmt_is_comment(&L->t[i]))
			w_comment(&w, i);
		else
			w_token(&w, &L->t[i]);
	}
	w_end_line(&w);
	return w_align_comments(&w);
}
