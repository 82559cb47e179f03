/* PARLEY-GEN schema index -- DO NOT EDIT. Source: every schemas/<fileid>.json. Generator: tools/schemagen.py. Regenerate: make regen */
/*
 * pl_msg_all.h - every generated message header, and a registry of all
 * descriptors and families (for tests, fuzzing and introspection).
 */
#ifndef PL_MSG_ALL_H
#define PL_MSG_ALL_H

#include "parley/msg.h"
#include "schemas/pl_msg_audio_client.h"
#include "schemas/pl_msg_audio_server.h"
#include "schemas/pl_msg_common.h"
#include "schemas/pl_msg_improv_client.h"
#include "schemas/pl_msg_improv_rest.h"
#include "schemas/pl_msg_improv_server.h"
#include "schemas/pl_msg_studymate_client.h"
#include "schemas/pl_msg_studymate_server.h"
#include "schemas/pl_msg_teach_client.h"
#include "schemas/pl_msg_teach_server.h"
#include "schemas/pl_msg_tutor_client.h"
#include "schemas/pl_msg_tutor_rest.h"
#include "schemas/pl_msg_tutor_server.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Every top-level object descriptor, NULL-terminated. */
extern const pl_msg_desc_t *const pl_msg_all_descs[];
/** Every family, NULL-terminated. */
extern const pl_msg_family_t *const pl_msg_all_families[];

#ifdef __cplusplus
}
#endif
#endif
