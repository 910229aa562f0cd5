"""Run the report notebooks with papermill on a kernel of the current interpreter.

CI has nothing but the virtualenv, and a user's own ``python3`` kernelspec may point at
another Python; so the kernel is always ``sys.executable -m ipykernel_launcher``, whatever
kernelspecs are installed.
"""

from __future__ import annotations

import queue
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
from jupyter_client.kernelspec import KernelSpec
from jupyter_client.manager import AsyncKernelManager
from jupyter_core.paths import jupyter_runtime_dir
from jupyter_core.utils import run_sync
from traitlets import CaselessStrEnum

from gdpr_audit.core.errors import InputError

KERNEL_NAME = "python3"
#: Tag of the namespace-reset cell added when a kernel is reused (dropped from the pages).
RESET_TAG = "gdpr-audit-reset"


class CurrentInterpreterKernelManager(AsyncKernelManager):
    """A kernel manager whose kernel is this process's Python, never a looked-up spec.

    The kernel talks over IPC sockets beside its connection file (user-private runtime
    dir) rather than TCP ports on localhost that any local user could connect to.
    """

    transport = CaselessStrEnum(["tcp", "ipc"], default_value="ipc")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # A unique socket path per kernel: the default ("kernel-ipc" in the working
        # directory) is shared by parallel kernels, which then read each other's messages.
        runtime = Path(jupyter_runtime_dir())
        runtime.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.connection_file = str(runtime / f"gdpr-audit-kernel-{uuid.uuid4().hex}.json")
        self.ip = self.connection_file[: -len(".json")] + "-ipc"

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw: Any) -> None:
        # Cell output and errors travel over IOPub; the kernel process's own stderr only
        # carries shutdown chatter ("KeyboardInterrupt caught in kernel") for the terminal.
        kw.setdefault("stderr", subprocess.DEVNULL)
        await super()._async_launch_kernel(kernel_cmd, **kw)

    _launch_kernel = _async_launch_kernel  # type: ignore[assignment]

    @property
    def kernel_spec(self) -> KernelSpec:  # type: ignore[override]
        return KernelSpec(
            # No IPython history: it would keep every executed cell in ~/.ipython.
            argv=[sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}",
                  "--HistoryManager.enabled=False"],
            display_name="gdpr-audit (current interpreter)",
            language="python",
            resource_dir="",
            metadata={},
        )


class NotebookFailed(InputError):
    """A report notebook raised on this database (exit code 2, like other unusable input)."""


@dataclass(frozen=True)
class Executed:
    """An executed notebook and how long it took."""

    name: str
    notebook: nbformat.NotebookNode
    path: Path
    seconds: float


def parameter_names(path: Path) -> set[str]:
    """Names assigned in the notebook's ``parameters``-tagged cell."""
    import papermill

    return set(papermill.inspect_notebook(str(path)).keys())


def _with_reset_cell(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """``nb`` with a first cell that empties the namespace left by the previous notebook."""
    reset = nbformat.v4.new_code_cell('get_ipython().run_line_magic("reset", "-f")')
    reset.metadata["tags"] = [RESET_TAG]
    nb.cells.insert(0, reset)
    return nb


def execute_notebook(source: Path, target: Path, parameters: Mapping[str, Any],
                     timeout: int = 600, km: AsyncKernelManager | None = None) -> Executed:
    """Execute ``source`` into ``target`` with the parameters its parameters cell declares.

    Args:
        km: a kernel to reuse (its namespace is reset first); None starts a fresh one.

    Raises:
        NotebookFailed: a cell raised; the message names the notebook and the exception
            type only (exception text may quote data).
    """
    import papermill
    from papermill.exceptions import PapermillExecutionError

    if not source.is_file():
        raise InputError(f"notebook not found: {source}")
    wanted = parameter_names(source)
    params = {k: v for k, v in parameters.items() if k in wanted}
    nb = nbformat.read(source, as_version=4)
    if km is not None:
        nb = _with_reset_cell(nb)
    start = time.perf_counter()
    try:
        executed = papermill.execute_notebook(
            nb, str(target), parameters=params, kernel_name=KERNEL_NAME, km=km,
            kernel_manager_class=CurrentInterpreterKernelManager, progress_bar=False,
            request_save_on_cell_execute=False,
            log_output=False, cwd=str(source.parent), execution_timeout=timeout,
        )
    except PapermillExecutionError as exc:
        raise NotebookFailed(
            f"notebook {source.name} failed in cell {exc.exec_count} with {exc.ename}; "
            f"the executed copy is {target}"
        ) from None
    return Executed(source.stem, executed, target, time.perf_counter() - start)


def execute_all(sources: list[Path], out_dir: Path, parameters: Mapping[str, Any],
                jobs: int = 1, on_done: Callable[[Executed], None] | None = None,
                reuse_kernels: bool = True) -> list[Executed]:
    """Execute notebooks on ``jobs`` workers; results in input order.

    With ``reuse_kernels`` each worker starts one kernel and runs its notebooks on it one
    after another, the namespace reset in between: kernel start-up and imports (most of a
    notebook's time) are paid once per worker instead of once per notebook.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    pending: queue.SimpleQueue[Path] = queue.SimpleQueue()
    for source in sources:
        pending.put(source)
    done: dict[Path, Executed] = {}

    def worker() -> None:
        km = CurrentInterpreterKernelManager() if reuse_kernels else None
        try:
            while True:
                try:
                    source = pending.get_nowait()
                except queue.Empty:
                    return
                result = execute_notebook(source, out_dir / source.name, parameters, km=km)
                done[source] = result
                if on_done is not None:
                    on_done(result)
        finally:
            if km is not None and km.has_kernel:
                run_sync(km.shutdown_kernel)(now=True)

    workers = max(1, min(jobs, len(sources)))
    if workers == 1:
        worker()
    else:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            for future in [pool.submit(worker) for _ in range(workers)]:
                future.result()
    return [done[s] for s in sources]
