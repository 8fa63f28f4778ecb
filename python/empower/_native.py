"""Loading libEmpowerC.so, the C interface of Empower's environments, with ctypes.

The library is looked for, in order:

1. at the path in the environment variable ``EMPOWER_LIBRARY``;
2. beside this file (``pip install ./python`` copies it into the package);
3. in ``.build/release`` of the Swift package this file sits in (``PYTHONPATH=python``
   in a checkout, after ``swift build -c release --product EmpowerC``).
"""

from __future__ import annotations

import ctypes
import json
import os
from pathlib import Path

import numpy as np

LIBRARY_NAME = "libEmpowerC.so"
INTERFACE_VERSION = 1

_c_float_p = ctypes.POINTER(ctypes.c_float)
_c_int32_p = ctypes.POINTER(ctypes.c_int32)
_c_int64_p = ctypes.POINTER(ctypes.c_int64)
_c_uint8_p = ctypes.POINTER(ctypes.c_uint8)
_error_p = ctypes.POINTER(ctypes.c_void_p)
_handle_p = ctypes.POINTER(ctypes.c_void_p)


class EmpowerError(RuntimeError):
    """An error reported by Empower; ``code`` is its code (``"invalid_action"``, ...)."""

    def __init__(self, message: str):
        code, _, rest = message.partition(": ")
        self.code = code if rest and " " not in code else "error"
        super().__init__(message)


class EmpowerValueError(EmpowerError, ValueError):
    """A bad action, argument or agent name."""


class LibraryNotFoundError(ImportError):
    """libEmpowerC.so was not found or does not match this package."""


_VALUE_CODES = {"invalid_action", "non_finite_action", "invalid_argument", "invalid_agent", "unknown_environment"}


def _candidates() -> list[Path]:
    paths = []
    if os.environ.get("EMPOWER_LIBRARY"):
        paths.append(Path(os.environ["EMPOWER_LIBRARY"]))
    here = Path(__file__).resolve().parent
    paths.append(here / LIBRARY_NAME)
    for parent in here.parents:
        if (parent / "Package.swift").is_file():
            paths.append(parent / ".build" / "release" / LIBRARY_NAME)
            break
    return paths


def _load() -> ctypes.CDLL:
    candidates = _candidates()
    if os.environ.get("EMPOWER_LIBRARY") and not candidates[0].is_file():
        raise LibraryNotFoundError(
            f"EMPOWER_LIBRARY is {candidates[0]}, which is not a file; point it at libEmpowerC.so "
            "(built by `swift build -c release --product EmpowerC` in .build/release)")
    for path in candidates:
        if path.is_file():
            library = ctypes.CDLL(str(path))
            break
    else:
        tried = ", ".join(str(p) for p in candidates)
        raise LibraryNotFoundError(
            f"{LIBRARY_NAME} not found (looked at {tried}). Build it in the Empower checkout with "
            "`swift build -c release --product EmpowerC`, then `pip install ./python`, or set "
            "EMPOWER_LIBRARY to its path")
    library.empower_interface_version.restype = ctypes.c_int32
    version = library.empower_interface_version()
    if version != INTERFACE_VERSION:
        raise LibraryNotFoundError(
            f"{path} has interface version {version}, this package needs {INTERFACE_VERSION}: "
            "rebuild the library and reinstall the package from the same checkout")
    _declare(library)
    return library


def _declare(lib: ctypes.CDLL) -> None:
    text = ctypes.c_void_p  # malloc'ed char *, freed with empower_free
    p = ctypes.c_void_p
    i32, i64, u64 = ctypes.c_int32, ctypes.c_int64, ctypes.c_uint64
    signatures = {
        "empower_free": (None, [p]),
        "empower_catalog_json": (text, []),
        "empower_env_make": (i32, [ctypes.c_char_p, ctypes.c_char_p, _handle_p, _error_p]),
        "empower_env_spec_json": (text, [p]),
        "empower_env_reset": (i32, [p, i32, u64, p, ctypes.c_char_p, i64, _c_int64_p, _error_p]),
        "empower_env_step": (i32, [p, p, i64, p, _c_float_p, _c_int32_p, ctypes.c_char_p, i64, _c_int64_p, _error_p]),
        "empower_env_last_info": (i64, [p, ctypes.c_char_p, i64]),
        "empower_env_render": (i32, [p, _c_int64_p, _c_int64_p, _error_p]),
        "empower_env_frame": (i64, [p, _c_uint8_p, i64]),
        "empower_env_close": (None, [p]),
        "empower_vector_make": (i32, [ctypes.c_char_p, ctypes.c_char_p, i64, i64, _handle_p, _error_p]),
        "empower_vector_spec_json": (text, [p]),
        "empower_vector_reset": (i32, [p, i32, u64, p, _error_p]),
        "empower_vector_step": (i32, [p, p, i64, p, p, p, ctypes.c_char_p, i64, _c_int64_p, _error_p]),
        "empower_vector_last_infos": (i64, [p, ctypes.c_char_p, i64]),
        "empower_vector_close": (None, [p]),
        "empower_parallel_make": (i32, [ctypes.c_char_p, ctypes.c_char_p, _handle_p, _error_p]),
        "empower_parallel_spec_json": (text, [p]),
        "empower_parallel_reset": (i32, [p, i32, u64, _handle_p, _error_p]),
        "empower_parallel_step": (i32, [p, ctypes.c_char_p, _handle_p, _error_p]),
        "empower_parallel_state": (i32, [p, p, _error_p]),
        "empower_parallel_render": (i32, [p, _c_int64_p, _c_int64_p, _error_p]),
        "empower_parallel_frame": (i64, [p, _c_uint8_p, i64]),
        "empower_parallel_close": (None, [p]),
    }
    # Arrays (observations, actions, rewards, flags) pass as the address of a contiguous numpy
    # array's data (address()): the cheapest conversion ctypes has.
    for name, (restype, argtypes) in signatures.items():
        function = getattr(lib, name)
        function.restype = restype
        function.argtypes = argtypes


_library: ctypes.CDLL | None = None


def library() -> ctypes.CDLL:
    """The loaded library (loaded on first use)."""
    global _library
    if _library is None:
        _library = _load()
    return _library


def take_text(pointer: int | None) -> str:
    """The text at a malloc'ed ``char *`` from the library, which is then freed."""
    if not pointer:
        return ""
    try:
        return ctypes.string_at(pointer).decode("utf-8")
    finally:
        library().empower_free(pointer)


def take_json(pointer: int | None):
    return json.loads(take_text(pointer), parse_constant=None)


def check(status: int, error: ctypes.c_void_p) -> None:
    """Raises the library's error when ``status`` is not 0."""
    if status == 0:
        return
    message = take_text(error.value) or "unknown error"
    error.value = None
    code = message.partition(": ")[0]
    raise (EmpowerValueError if code in _VALUE_CODES else EmpowerError)(message)


def seed_arguments(seed) -> tuple[int, int]:
    """``(has_seed, seed)`` for the library from a Gymnasium seed (None or an int >= 0)."""
    if seed is None:
        return 0, 0
    seed = int(seed)
    if not 0 <= seed < 2**64:
        raise EmpowerValueError(f"invalid_argument: seed must be from 0 to 2**64 - 1, got {seed}")
    return 1, seed


def arguments_json(arguments: dict) -> bytes:
    """An environment's keyword arguments as the library's JSON object."""
    def plain(value):
        if hasattr(value, "tolist"):  # numpy arrays and scalars
            value = value.tolist()
        if isinstance(value, tuple):
            value = list(value)
        return value
    try:
        return json.dumps({name: plain(value) for name, value in arguments.items()}).encode()
    except TypeError as error:
        raise EmpowerValueError(f"invalid_argument: environment arguments must be numbers, booleans, strings or lists of numbers ({error})") from None


class NativeHandle:
    """What the package's environments share: a handle of the library's ``empower_<KIND>_*``
    functions (``self._handle``, with ``self._error`` for its messages), closing it once, the
    check that it is open, and rendering through ``_render`` and ``_frame``."""

    _KIND = "env"
    _WHAT = "environment"

    def _make(self, *arguments) -> None:
        self._lib = library()
        self._handle = ctypes.c_void_p()
        self._error = ctypes.c_void_p()
        make = getattr(self._lib, f"empower_{self._KIND}_make")
        check(make(*arguments, ctypes.byref(self._handle), ctypes.byref(self._error)), self._error)

    def _close_handle(self) -> None:
        handle = getattr(self, "_handle", None)
        if handle is not None and handle.value:
            getattr(self._lib, f"empower_{self._KIND}_close")(handle)
            self._handle = ctypes.c_void_p()

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass

    def _require_open(self) -> None:
        if not self._handle.value:
            raise EmpowerError(f"closed: this {self._WHAT} was closed; make a new one")

    def _render_frame(self):
        """The current frame as an (height, width, 3) uint8 array."""
        self._require_open()
        width, height = ctypes.c_int64(), ctypes.c_int64()
        render = getattr(self._lib, f"empower_{self._KIND}_render")
        check(render(self._handle, ctypes.byref(width), ctypes.byref(height), ctypes.byref(self._error)), self._error)
        pixels = np.empty((height.value, width.value, 3), dtype=np.uint8)
        getattr(self._lib, f"empower_{self._KIND}_frame")(self._handle, pixels.ctypes.data_as(_c_uint8_p), pixels.size)
        return pixels


def address(array) -> int:
    """The address of a contiguous numpy array's data, for the library's array arguments."""
    return array.ctypes.data
