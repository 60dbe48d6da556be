#ifndef MURA_CZSTD_SHIM_H
#define MURA_CZSTD_SHIM_H

// libzstd (Debian's libzstd-dev): dictionaries, references (--patch-from) and dictionary training, which
// libarchive's zstd filter does not offer. The static-linking-only parts stay off: only the stable API is used.
#include <zstd.h>
#include <zstd_errors.h>
#include <zdict.h>

#endif
