"""The frozen bundle (dist/cspr-desktop, built by `make dist`) beside a bare PySide6 app frozen
in the same run.

Two bare builds of the same bare QMainWindow program are made with PyInstaller in a temporary
folder:

- "default": PyInstaller's defaults, i.e. what freezing a PySide6 app gives before anyone
  leaves anything out. It is the baseline of `bundle_size_ratio` (goal: ours smaller, because
  we leave out what we do not use).
- "same": frozen the same way as ours, with build.spec's exclusions (packaging/bundle_trim.py)
  and stripping. It is the baseline of `frozen_startup_ratio`, so that the ratio measures
  what the app itself adds to start-up, and its size is reported beside ours as well.

Start-up is process start to READY (the window shown and the event loop turning), alternated
between ours and the baselines, one warm-up each and then at least five rounds; medians. The
peak memory of the same start-ups (home screen, no pack open) is reported beside it, from three
further rounds.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from benchmarks._common import (
    BARE,
    BUNDLE,
    PACKAGING,
    alternate,
    entry,
    folder_bytes,
    median,
    offscreen_env,
    peak_rss,
    run_to_done,
)

MB = 1_000_000

SAME_WAY_SPEC = """\
import sys
sys.path.insert(0, {packaging!r})
import bundle_trim
strip = sys.platform.startswith("linux")
a = Analysis([{script!r}], excludes=bundle_trim.excluded_modules())
a.binaries, a.datas = bundle_trim.trim(a.binaries, a.datas, log=lambda line: None)
pyz = PYZ(a.pure)
exe = EXE(pyz, a.scripts, [], exclude_binaries=True, name="bare", strip=strip, upx=False,
          console=True)
coll = COLLECT(exe, a.binaries, a.datas, strip=strip, upx=False, name="bare")
"""


def _pyinstaller(args: list[str], cwd: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm",
                             "--log-level", "ERROR", *args], cwd=cwd, capture_output=True,
                            text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"freezing the bare app failed:\n{result.stderr[-3000:]}")


def build_bare(folder: Path) -> dict[str, Path]:
    """The bare app frozen with PyInstaller's defaults and frozen the same way as ours."""
    script = folder / "bare.py"
    script.write_text(BARE, encoding="utf-8")
    _pyinstaller(["--onedir", "--name", "bare", "--distpath", str(folder / "default"),
                  "--workpath", str(folder / "work-default"), "--specpath", str(folder),
                  str(script)], folder)
    spec = folder / "bare-same.spec"
    spec.write_text(SAME_WAY_SPEC.format(packaging=str(PACKAGING), script=str(script)),
                    encoding="utf-8")
    _pyinstaller(["--distpath", str(folder / "same"), "--workpath", str(folder / "work-same"),
                  str(spec)], folder)
    return {"default": folder / "default" / "bare", "same": folder / "same" / "bare"}


def _executable(folder: Path, name: str) -> Path:
    for candidate in (folder / name, folder / f"{name}.exe"):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"no {name} executable in {folder}: run `make dist` first")


def run(repeats: int = 7) -> dict[str, Any]:
    ours_exe = _executable(BUNDLE, "cspr-desktop")
    with tempfile.TemporaryDirectory(prefix="cspr-bench-frozen-") as tmp:
        folder = Path(tmp)
        bare = build_bare(folder)
        data = folder / "data"
        commands = {
            "ours": [str(ours_exe), "--data-dir", str(data), "--quit-when-ready"],
            "same": [str(_executable(bare["same"], "bare"))],
            "default": [str(_executable(bare["default"], "bare"))],
        }
        runs = max(repeats, 15)  # start-up varies by tens of ms on a shared machine
        timings = alternate(run_to_done, commands, offscreen_env(), runs)
        memory = alternate(peak_rss, commands, offscreen_env(), 3)
        sizes = {"ours": folder_bytes(BUNDLE), "same": folder_bytes(bare["same"]),
                 "default": folder_bytes(bare["default"])}
        shutil.rmtree(folder / "work-default", ignore_errors=True)
    ms = {name: median([ready for ready, _done in t]) * 1000 for name, t in timings.items()}
    complete_ms = median([done for _ready, done in timings["ours"]]) * 1000
    rss = {name: median(m) / 1024 for name, m in memory.items()}
    startup = ms["ours"] / ms["same"]
    size = sizes["ours"] / sizes["default"]
    return {
        "frozen_startup_ratio": entry(
            round(startup, 3), "ratio", round(ms["same"], 1), round(startup, 3),
            ours_ms=round(ms["ours"], 1), complete_ms=round(complete_ms, 1),
            baseline_is="bare PySide6 app frozen the same way",
            bare_default_ms=round(ms["default"], 1),
            frozen_home_rss_mb=round(rss["ours"], 1), bare_same_rss_mb=round(rss["same"], 1),
            runs=runs),
        "bundle_size_ratio": entry(
            round(size, 3), "ratio", round(sizes["default"] / MB, 1), round(size, 3),
            ours_mb=round(sizes["ours"] / MB, 1),
            baseline_is="bare PySide6 app frozen with PyInstaller's defaults (MB)",
            bare_same_way_mb=round(sizes["same"] / MB, 1),
            ratio_to_bare_same_way=round(sizes["ours"] / sizes["same"], 3)),
    }


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
