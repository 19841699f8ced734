/* A stand-in bcryptprimitives.dll for running jixiao.exe under Wine 8 in tests only.
 *
 * Rust's standard library (1.78 and later) takes its random numbers from
 * bcryptprimitives.dll!ProcessPrng, which Windows 10 and later have and Wine 8 (Debian 12)
 * does not, so jixiao.exe fails to start there. This DLL exports ProcessPrng and answers it
 * with RtlGenRandom (advapi32!SystemFunction036), which Wine has. smoke.sh builds it with
 * mingw and puts it in the temporary Wine prefix's system32; it is never shipped. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
