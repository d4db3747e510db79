/*
 * models_sqla.h - the Python script `migc models --from-sqlalchemy` runs
 * (models_sqla.c): argv[1] is MODULE:ATTR; schema.mig's statements on
 * stdout.
 */
#ifndef MIGC_MODELS_SQLA_H
#define MIGC_MODELS_SQLA_H

extern const char models_sqla_script[];

#endif
