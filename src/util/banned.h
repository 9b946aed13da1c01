/* SPDX-License-Identifier: Apache-2.0 */
/*
 * util/banned.h - functions that must not be used in vigil (after git's banned.h).
 * Included by util/common.h, which every library source includes last among its headers.
 */
#ifndef VG_UTIL_BANNED_H
#define VG_UTIL_BANNED_H

#define VG_BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) VG_BANNED(strcpy)
#undef strcat
#define strcat(x, y) VG_BANNED(strcat)
#undef sprintf
#define sprintf(...) VG_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) VG_BANNED(vsprintf)
#undef strtok
#define strtok(x, y) VG_BANNED(strtok)
#undef gets
#define gets(x) VG_BANNED(gets)
#undef atoi
#define atoi(x) VG_BANNED(atoi)

#endif
