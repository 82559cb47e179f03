/*
 * brain.c - the generic part of the brain interface.
 */
#include "parley/brain.h"

void pl_brain_cancel(pl_brain_t *b, pl_brain_turn_t *turn)
{
    if (b != NULL && turn != NULL)
        b->ops->cancel(turn);
}

void pl_brain_free(pl_brain_t *b)
{
    if (b != NULL)
        b->ops->destroy(b);
}
