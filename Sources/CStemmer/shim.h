#ifndef MURA_CSTEMMER_SHIM_H
#define MURA_CSTEMMER_SHIM_H

// Snowball stemmers (Debian's libstemmer-dev ships no pkg-config file).
#include <libstemmer.h>

#endif
