/*
 * autogen_view.h - the view statements of autogenerate (autogen_view.c):
 * the drops that go before the table changes, the creations after them.
 */
#ifndef MIGC_AUTOGEN_VIEW_H
#define MIGC_AUTOGEN_VIEW_H

struct arena;
struct model;
struct mast_list;

void autogen_views_drop(struct arena *a, const struct model *from, const struct model *to,
			struct mast_list *l);
void autogen_views_create(struct arena *a, const struct model *from, const struct model *to,
			  struct mast_list *l);

/* autogen_routine.c: triggers dropped first and created last; routines
 * created or replaced before the views, dropped at the end. */
void autogen_triggers_drop(struct arena *a, const struct model *from, const struct model *to,
			   struct mast_list *l);
void autogen_triggers_create(struct arena *a, const struct model *from, const struct model *to,
			     struct mast_list *l);
void autogen_routines_create(struct arena *a, const struct model *from, const struct model *to,
			     struct mast_list *l);
void autogen_routines_drop(struct arena *a, const struct model *from, const struct model *to,
			   struct mast_list *l);

#endif
