#ifndef MURA_CLIBXML2_SHIM_H
#define MURA_CLIBXML2_SHIM_H

// Debian's libxml2 is built with ICU; its encoding header would pull the system ICU into any module that also
// imports Foundation ("'UErrorCode' has different definitions"). Hide it before including the parser.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/globals.h>

/// `xmlFree` is a global function-pointer variable, which Swift 6 rejects as shared mutable state.
static inline void cxml_free(void *pointer) { xmlFree(pointer); }

/// Drops a message libxml2 would print (a NULL handler is its default one, which writes to standard error).
static void cxml_ignore_error(void *context, const char *message, ...) { (void)context; (void)message; }

/// Keeps libxml2 from writing to standard error on this thread: the parser options silence the parser's own
/// errors, but not those of its encoding layer ("encoding error : input conversion failed"), which a page with
/// bytes its charset does not have would write into the service's log.
static inline void cxml_silence_errors(void) {
    xmlThrDefSetGenericErrorFunc(NULL, cxml_ignore_error);
    xmlSetGenericErrorFunc(NULL, cxml_ignore_error);
}

/// Parses `size` bytes of HTML with libxml2's HTML parser, reporting the corrected element structure to `handler`
/// (called with `user`) without building libxml2's own tree. `encoding`, when not NULL, overrides the page's
/// declaration. The steps are `htmlReadMemory`'s (whose context, made for XML, reads undeclared bytes as UTF-8),
/// with the caller's handler in place of the tree builder. Returns -1 when no parser could be set up.
static inline int cxml_parse_html(
    const char *buffer, int size, const char *encoding, int options, const htmlSAXHandler *handler, void *user)
{
    htmlParserCtxtPtr context = xmlCreateMemoryParserCtxt(buffer, size);
    if (context == NULL || context->sax == NULL) {
        if (context != NULL) htmlFreeParserCtxt(context);
        return -1;
    }
    *context->sax = *handler;
    context->userData = user;
    htmlCtxtUseOptions(context, options);
    context->html = 1;
    if (encoding != NULL) {
        xmlCharEncodingHandlerPtr converter = xmlFindCharEncodingHandler(encoding);
        if (converter != NULL) {
            xmlSwitchToEncoding(context, converter);
            if (context->input->encoding != NULL) xmlFree((xmlChar *)context->input->encoding);
            context->input->encoding = xmlStrdup((const xmlChar *)encoding);
        }
    }
    htmlParseDocument(context);
    if (context->myDoc != NULL) xmlFreeDoc(context->myDoc);
    htmlFreeParserCtxt(context);
    return 0;
}

#endif
