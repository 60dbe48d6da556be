#ifndef MURA_CARCHIVE_SHIM_H
#define MURA_CARCHIVE_SHIM_H

#include <archive.h>
#include <archive_entry.h>
#include <locale.h>

/// `AE_IFREG` and friends are cast macros that Swift cannot import.
enum {
    CARCHIVE_AE_IFREG = AE_IFREG,
    CARCHIVE_AE_IFDIR = AE_IFDIR,
    CARCHIVE_AE_IFLNK = AE_IFLNK,
};

#endif
