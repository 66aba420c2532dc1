#!/usr/bin/env python3
"""Screens one claim file through libdxscreen with ctypes and prints the verdict.

    python3 screen_example.py [--library PATH] [--mappings DIR] [--response json|native|text] FILE

The library is found by --library, $DXSCREEN_LIBRARY, or the system loader (libdxscreen.so).
Exit status as `dxscreen check`: 0 accepted, 1 rejected, 2 unreadable input or error.
"""
import argparse
import ctypes
import ctypes.util
import os
import sys

ABI_VERSION = 1  # DXSCREEN_ABI_VERSION of the dxscreen.h these declarations follow

# dxscreen_status
OK, INVALID_ARGUMENT, NULL_POINTER, CLOSED_HANDLE, EMPTY_INPUT, UNREADABLE_INPUT, LOAD_FAILED, USAGE, INTERNAL = range(9)
# dxscreen_format
FORMAT_AUTO = 0
# dxscreen_response
RESPONSE_JSON_REPORT, RESPONSE_OPERATION_OUTCOME, RESPONSE_X12_ACKS, RESPONSE_X12_999, RESPONSE_X12_277CA, RESPONSE_TEXT = range(6)
VERDICTS = {0: "accepted", 1: "rejected", 2: "error"}


class Options(ctypes.Structure):
    """dxscreen_options; size must be set to ctypes.sizeof(Options)."""
    _fields_ = [
        ("size", ctypes.c_size_t),
        ("date_override", ctypes.c_char_p),
        ("today", ctypes.c_char_p),
        ("processing_time", ctypes.c_char_p),
        ("input_name", ctypes.c_char_p),
        ("strict", ctypes.c_int),
        ("reserved", ctypes.c_int),
    ]


def load_library(path):
    path = path or os.environ.get("DXSCREEN_LIBRARY") or ctypes.util.find_library("dxscreen") or "libdxscreen.so"
    lib = ctypes.CDLL(path)
    engine_p = ctypes.c_void_p
    result_p = ctypes.c_void_p
    message_pp = ctypes.POINTER(ctypes.c_void_p)  # char** kept as void* so we can free it
    lib.dxscreen_version.restype = ctypes.c_char_p
    lib.dxscreen_abi_version.restype = ctypes.c_int
    lib.dxscreen_status_string.restype = ctypes.c_char_p
    lib.dxscreen_status_string.argtypes = [ctypes.c_int]
    lib.dxscreen_string_free.argtypes = [ctypes.c_void_p]
    lib.dxscreen_engine_open.restype = ctypes.c_int
    lib.dxscreen_engine_open.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.POINTER(engine_p), message_pp]
    lib.dxscreen_engine_close.restype = ctypes.c_int
    lib.dxscreen_engine_close.argtypes = [engine_p]
    lib.dxscreen_screen.restype = ctypes.c_int
    lib.dxscreen_screen.argtypes = [engine_p, ctypes.c_char_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int,
                                    ctypes.POINTER(Options), ctypes.POINTER(result_p), message_pp]
    lib.dxscreen_result_bytes.restype = ctypes.POINTER(ctypes.c_char)
    lib.dxscreen_result_bytes.argtypes = [result_p, ctypes.POINTER(ctypes.c_size_t)]
    lib.dxscreen_result_media_type.restype = ctypes.c_char_p
    lib.dxscreen_result_media_type.argtypes = [result_p]
    lib.dxscreen_result_verdict.restype = ctypes.c_int
    lib.dxscreen_result_verdict.argtypes = [result_p]
    for name in ("claims", "accepted", "rejected", "input_errors"):
        fn = getattr(lib, "dxscreen_result_" + name)
        fn.restype = ctypes.c_size_t
        fn.argtypes = [result_p]
    lib.dxscreen_result_free.argtypes = [result_p]
    if lib.dxscreen_abi_version() != ABI_VERSION:
        raise RuntimeError("libdxscreen ABI %d, expected %d" % (lib.dxscreen_abi_version(), ABI_VERSION))
    return lib


def take_message(lib, message):
    """Copies and frees a char* returned through char**."""
    if not message.value:
        return ""
    text = ctypes.cast(message, ctypes.c_char_p).value.decode("utf-8", "replace")
    lib.dxscreen_string_free(message)
    return text


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", help="path of libdxscreen.so")
    parser.add_argument("--mappings", help="rule data folder (default: the installed one)")
    parser.add_argument("--response", choices=["json", "native", "text"], default="json",
                        help="native = 999/277CA for X12, OperationOutcome for FHIR")
    parser.add_argument("file")
    args = parser.parse_args()

    lib = load_library(args.library)
    with open(args.file, "rb") as f:
        data = f.read()

    engine = ctypes.c_void_p()
    message = ctypes.c_void_p()
    mappings = args.mappings.encode() if args.mappings else None
    status = lib.dxscreen_engine_open(mappings, None, ctypes.byref(engine), ctypes.byref(message))
    if status != OK:
        print("cannot open the engine: %s: %s" % (lib.dxscreen_status_string(status).decode(),
                                                  take_message(lib, message)), file=sys.stderr)
        return 2
    try:
        options = Options(size=ctypes.sizeof(Options), input_name=args.file.encode())
        if args.response == "native":
            kind = RESPONSE_X12_ACKS if data.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(b"ISA") else RESPONSE_OPERATION_OUTCOME
        else:
            kind = RESPONSE_TEXT if args.response == "text" else RESPONSE_JSON_REPORT
        result = ctypes.c_void_p()
        status = lib.dxscreen_screen(engine, data, len(data), FORMAT_AUTO, kind, ctypes.byref(options),
                                     ctypes.byref(result), ctypes.byref(message))
        text = take_message(lib, message)
        if status not in (OK, UNREADABLE_INPUT):
            print("cannot screen %s: %s: %s" % (args.file, lib.dxscreen_status_string(status).decode(), text),
                  file=sys.stderr)
            return 2
        try:
            verdict = VERDICTS.get(lib.dxscreen_result_verdict(result), "error")
            size = ctypes.c_size_t()
            body = ctypes.string_at(lib.dxscreen_result_bytes(result, ctypes.byref(size)), size.value)
            print("dxscreen %s: %s: verdict %s (claims: %d, rejected: %d)" % (
                lib.dxscreen_version().decode(), args.file, verdict,
                lib.dxscreen_result_claims(result), lib.dxscreen_result_rejected(result)))
            sys.stdout.flush()
            sys.stdout.buffer.write(body)
            sys.stdout.buffer.flush()
        finally:
            lib.dxscreen_result_free(result)
        return {"accepted": 0, "rejected": 1}.get(verdict, 2)
    finally:
        lib.dxscreen_engine_close(engine)


if __name__ == "__main__":
    sys.exit(main())
