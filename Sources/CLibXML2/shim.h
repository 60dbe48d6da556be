#ifndef MURA_CLIBXML2_SHIM_H
#define MURA_CLIBXML2_SHIM_H

// Debian's libxml2 is built with ICU; its encoding header would pull the system ICU into any module that also
// imports Foundation ("'UErrorCode' has different definitions"). Hide it before including the parser.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

/// `xmlFree` is a global function-pointer variable, which Swift 6 rejects as shared mutable state.
static inline void cxml_free(void *pointer) { xmlFree(pointer); }

/// Silences libxml2's generic error printer (the parser runs with NOERROR, but some messages bypass it).
static inline void cxml_silence_errors(void) { xmlSetGenericErrorFunc(NULL, NULL); }

#endif
