#ifndef MATARESIT_CZSTD_SHIM_H
#define MATARESIT_CZSTD_SHIM_H
#include <zstd.h>
#endif
